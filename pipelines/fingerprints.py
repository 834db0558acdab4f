"""Content fingerprints: what lets ``siharvest run`` skip work whose inputs did not change.

Each step that finishes writes the fingerprint of what it read (``<data>/state/fingerprints``):

- ``records``: the bronze partition it built from (every page's URL, kind and content hash),
  the source's YAML and the record schema: everything ``build_records`` reads;
- ``translated``: the ``records`` fingerprint it translated, and the translation models in
  SIH_MODELS_DIR (a new or updated model must translate again);
- the release: the translated records and the issues that the warehouse and release read.

A source whose new crawl has the fingerprint its last good records and translation were made
from needs no silver or gold work; a release whose inputs have the fingerprint of LATEST's
needs no new version. Fingerprints are written after the outputs, so a step that died half-way
leaves an old fingerprint, and the next run does the work again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from spiders.sources import Source
from transforms.schema import RECORD_SCHEMA
from warehouse.lake import file_sha256, latest_crawl_dir, translated_records_path


def _digest(parts: Iterable[object]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def bronze_fingerprint(crawl: Path, source: Source) -> str:
    """What one crawl gives ``build_records``: the pages' content, the source's settings."""
    table = pq.read_table(crawl / "pages.parquet", columns=["url", "page_kind", "content_hash"])
    pages = sorted(zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True))
    return _digest([source.model_dump(mode="json"), str(RECORD_SCHEMA), pages])


def models_fingerprint(models_dir: Path) -> str:
    """The .argosmodel files a translation would install first (name, size, time)."""
    files = sorted(models_dir.glob("*.argosmodel")) if models_dir.is_dir() else []
    return _digest((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def release_fingerprint(silver_dir: Path, bronze_dir: Path, sources: Iterable[str]) -> str:
    """Everything the warehouse and the release are built from, source by source."""
    parts: list[object] = []
    for name in sorted(sources):
        records = translated_records_path(silver_dir, name)
        silver_issues = silver_dir / "issues" / f"{name}.parquet"
        crawl = latest_crawl_dir(bronze_dir, name)
        crawl_issues: list[Any] = []
        if crawl is not None and (crawl / "issues.parquet").exists():
            # Not their timestamps or crawl ids: the same issue in a new crawl is no change.
            table = pq.read_table(crawl / "issues.parquet", columns=["level", "url", "message"])
            crawl_issues = sorted(zip(*(c.to_pylist() for c in table.columns), strict=True))
        parts.append(
            [
                name,
                file_sha256(records) if records.exists() else None,
                file_sha256(silver_issues) if silver_issues.exists() else None,
                crawl_issues,
            ]
        )
    return _digest(parts)


def _state_path(data_dir: Path, name: str) -> Path:
    return data_dir / "state" / "fingerprints" / f"{name}.json"


def read_state(data_dir: Path, name: str) -> dict[str, Any]:
    """The fingerprints stored under ``name`` (a source, or ``_release``); {} if none."""
    path = _state_path(data_dir, name)
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return {}


def write_state(data_dir: Path, name: str, values: Mapping[str, Any]) -> None:
    """Merge ``values`` into ``name``'s fingerprints, atomically."""
    path = _state_path(data_dir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    merged = read_state(data_dir, name) | dict(values)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


RELEASE_STATE = "_release"
