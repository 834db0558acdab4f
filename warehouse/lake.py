"""Where each layer's files live under the data root, and how they are written safely."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def crawl_dir(bronze_dir: Path, source_id: str, crawl_id: str) -> Path:
    return bronze_dir / source_id / crawl_id


def latest_crawl_dir(bronze_dir: Path, source_id: str) -> Path | None:
    """The newest finished crawl of a source; ``crawl.json`` is written last, so it marks one."""
    folder = bronze_dir / source_id
    if not folder.is_dir():
        return None
    finished = sorted(p.parent for p in folder.glob("*/crawl.json"))
    return finished[-1] if finished else None


def silver_records_path(silver_dir: Path, source_id: str) -> Path:
    return silver_dir / "records" / f"{source_id}.parquet"


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Readers see the old file or the new one, never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)
