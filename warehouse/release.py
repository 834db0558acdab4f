"""Immutable, versioned Parquet releases under ``releases/<version>/``.

A release is written to a hidden temporary folder and renamed into place; ``LATEST`` moves
only after that, so a publish that dies half-way leaves the previous release in charge.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from transforms.schema import INITIATIVE_SCHEMA, RECORD_COLUMNS, RECORD_SCHEMA


class ReleaseError(RuntimeError):
    pass


def new_version(releases_dir: Path, now: datetime | None = None) -> str:
    """A date-time version; a second release within the same second gets a suffix."""
    base = (now or datetime.now(UTC)).strftime("%Y.%m.%d-%H%M%S")
    version, n = base, 1
    while (releases_dir / version).exists():
        n += 1
        version = f"{base}.{n}"
    return version


def latest_version(releases_dir: Path) -> str | None:
    marker = releases_dir / "LATEST"
    return marker.read_text().strip() if marker.exists() else None


# Columns that change on every crawl without the record changing.
VOLATILE = frozenset({"crawl_id", "fetched_at", "last_seen"})


def release_changes(previous: Path | None, current: Path) -> dict[str, Any]:
    """Record IDs added, removed and changed (with the changed fields) between two releases."""
    new = {row["record_id"]: row for row in pq.read_table(current).to_pylist()}
    old = {row["record_id"]: row for row in pq.read_table(previous).to_pylist()} if previous else {}
    changed = {}
    for rid in sorted(new.keys() & old.keys()):
        fields = sorted(k for k in new[rid] if k not in VOLATILE and new[rid][k] != old[rid].get(k))
        if fields:
            changed[rid] = fields
    return {
        "previous": previous.parent.name if previous else None,
        "added": sorted(new.keys() - old.keys()),
        "removed": sorted(old.keys() - new.keys()),
        "changed": changed,
    }


def publish_release(db_path: Path, releases_dir: Path, version: str) -> Path:
    """Write the warehouse's records as release ``version`` and point LATEST at it."""
    final = releases_dir / version
    if final.exists():
        raise ReleaseError(f"release {version} already exists; releases are immutable")
    # Leftovers of a publish that was killed half-way; only one publish runs at a time.
    for stale in releases_dir.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = releases_dir / f".tmp-{version}"
    tmp.mkdir(parents=True)
    try:
        _write_release_files(db_path, tmp)
        before = latest_version(releases_dir)
        previous = releases_dir / before / "records.parquet" if before else None
        if previous is not None and not previous.exists():
            previous = None  # LATEST names a release someone removed: diff against nothing
        changes = release_changes(previous, tmp / "records.parquet")
        (tmp / "CHANGES.json").write_text(json.dumps(changes, indent=2) + "\n")
        (tmp / "stats.json").write_text(json.dumps(release_stats(tmp), indent=2) + "\n")
        write_checksums(tmp)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    marker_tmp = releases_dir / ".LATEST.tmp"
    marker_tmp.write_text(version + "\n")
    os.replace(marker_tmp, releases_dir / "LATEST")
    return final


def release_stats(folder: Path) -> dict[str, Any]:
    """Counts by source, country, language, record type and translation status; fill rates."""
    parquet = str(folder / "records.parquet")
    with duckdb.connect() as con:

        def counts(column: str) -> dict[str, int]:
            rows = con.execute(
                f"SELECT coalesce(CAST({column} AS VARCHAR), 'unknown'), count(*) "
                "FROM read_parquet(?) GROUP BY 1 ORDER BY 1",
                [parquet],
            ).fetchall()
            return {str(k): int(v) for k, v in rows}

        def fill_rate(column: str) -> float:
            row = con.execute(
                f"SELECT coalesce(avg(CASE WHEN {column} IS NULL "
                f"OR CAST({column} AS VARCHAR) IN ('', '[]') THEN 0 ELSE 1 END), 0) "
                "FROM read_parquet(?)",
                [parquet],
            ).fetchone()
            return round(float(row[0]), 4) if row else 0.0

        total = con.execute("SELECT count(*) FROM read_parquet(?)", [parquet]).fetchone()
        return {
            "records": int(total[0]) if total else 0,
            "by_source": counts("source_id"),
            "by_country": counts("source_country"),
            "by_language": counts("language"),
            "by_record_type": counts("record_type"),
            "by_translation_status": counts("translation_status"),
            "fill_rates": {name: fill_rate(name) for name in RECORD_COLUMNS},
        }


def write_checksums(folder: Path) -> None:
    """SHA256SUMS in the format `sha256sum -c` reads, for every file of the release."""
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}"
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name != "SHA256SUMS"
    ]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n")


def _write_release_files(db_path: Path, folder: Path) -> None:
    columns = ", ".join(RECORD_COLUMNS)
    with duckdb.connect(str(db_path), read_only=True) as con:
        # Sorted by ID with a fixed schema, so the same input gives byte-identical files.
        table = con.sql(f"SELECT {columns} FROM silver.records ORDER BY record_id").to_arrow_table()
    table = table.cast(RECORD_SCHEMA)
    pq.write_table(table, folder / "records.parquet", compression="zstd")
    with duckdb.connect(str(db_path), read_only=True) as con:
        initiatives = con.sql(
            "SELECT * FROM gold.initiatives ORDER BY initiative_id"
        ).to_arrow_table()
    pq.write_table(
        initiatives.cast(INITIATIVE_SCHEMA), folder / "initiatives.parquet", compression="zstd"
    )
    # Spreadsheet users: the same rows as CSV (list columns written as [a, b]).
    with duckdb.connect() as con:
        rows = con.read_parquet(str(folder / "records.parquet"))
        rows.write_csv(str(folder / "records.csv"), header=True)
