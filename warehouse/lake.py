"""Where each layer's files live under the data root, and how they are written safely."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


class DataLayout:
    """Where each layer lives under the data root (settings and the Dagster resource share it)."""

    @property
    def root(self) -> Path:
        raise NotImplementedError

    @property
    def bronze_dir(self) -> Path:
        return self.root / "bronze"

    @property
    def silver_dir(self) -> Path:
        return self.root / "silver"

    @property
    def warehouse_path(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def releases_dir(self) -> Path:
        return self.root / "releases"


def crawl_dir(bronze_dir: Path, source_id: str, crawl_id: str) -> Path:
    return bronze_dir / source_id / crawl_id


def crawl_summary(crawl: Path) -> dict[str, object] | None:
    marker = crawl / "crawl.json"
    return json.loads(marker.read_text()) if marker.exists() else None


def latest_crawl_dir(bronze_dir: Path, source_id: str) -> Path | None:
    """The newest good crawl of a source.

    ``crawl.json`` is written last, so a crawl without one died half-way; one that failed the
    validation gate says so in it. Neither is used.
    """
    folder = bronze_dir / source_id
    if not folder.is_dir():
        return None
    for crawl in sorted((p.parent for p in folder.glob("*/crawl.json")), reverse=True):
        summary = crawl_summary(crawl)
        if summary is not None and summary.get("status", "ok") == "ok":
            return crawl
    return None


def silver_records_path(silver_dir: Path, source_id: str) -> Path:
    return silver_dir / "records" / f"{source_id}.parquet"


def gold_paths(data_dir: Path) -> dict[str, Path]:
    """Linking's outputs: initiatives, record pairs with evidence, record -> initiative."""
    gold = data_dir / "gold"
    return {
        "initiatives": gold / "initiatives.parquet",
        "links": gold / "record_links.parquet",
        "membership": gold / "record_initiatives.parquet",
    }


def translated_records_path(silver_dir: Path, source_id: str) -> Path:
    return silver_dir / "translated" / f"{source_id}.parquet"


def translation_memory_path(data_dir: Path) -> Path:
    """The memory's DuckDB file: the memory itself on a local root, a local index of the
    shards on an object-store one (see warehouse.translation_memory)."""
    return data_dir / "translation_memory.duckdb"


def translation_memory_shards_dir(data_dir: Path) -> Path:
    return data_dir / "translation_memory"


def file_sha256(path: Path, chunk: int = 8 * 1024 * 1024) -> str:
    """SHA-256 of a file, read in chunks (release files can be gigabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Readers see the old file or the new one, never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def source_health(bronze_dir: Path, source_id: str) -> dict[str, object]:
    """Health of one source from its crawls: last attempt, last good crawl and its issues."""
    folder = bronze_dir / source_id
    crawls = sorted(p.parent for p in folder.glob("*/crawl.json")) if folder.is_dir() else []
    last = crawl_summary(crawls[-1]) if crawls else None
    good_dir = latest_crawl_dir(bronze_dir, source_id)
    good = crawl_summary(good_dir) if good_dir else None
    return {
        "source_id": source_id,
        "last_crawl": last["crawl_id"] if last else None,
        "last_status": last["status"] if last else "never crawled",
        "last_good_crawl": good["finished_at"] if good else None,
        "pages": good["pages"] if good else 0,
        "detail_pages": good["detail_pages"] if good else 0,
        "issues_by_level": (last or {}).get("issues_by_level", {}),
    }
