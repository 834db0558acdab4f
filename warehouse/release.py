"""Immutable, versioned Parquet releases under ``releases/<version>/``.

A release is written to a hidden temporary folder and renamed into place; ``LATEST`` moves
only after that, so a publish that dies half-way leaves the previous release in charge.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from transforms.schema import INITIATIVE_FIELDS, RELEASE_RECORD_FIELDS, Field, arrow_schema
from warehouse.datapackage import write_datapackage
from warehouse.dcat import CatalogInfo, write_dcat
from warehouse.lake import file_sha256
from warehouse.organisation_schema import (
    INITIATIVE_ORGANISATION_FIELDS,
    INITIATIVE_ORGANISATION_KEY,
    ORGANISATION_FIELDS,
    ORGANISATION_KEY,
)
from warehouse.release_site import update_release_index, write_site
from warehouse.sim_case_schema import SIM_CASE_FIELDS, SIM_CASE_KEY
from warehouse.sim_cases import write_case_documents
from warehouse.store import DUCKDB_CONFIG


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
    """Record IDs added, removed and changed (with the changed fields) between two releases.

    Compared in DuckDB, column by column, so a million-record release is never held in
    Python objects.
    """
    with duckdb.connect(config=DUCKDB_CONFIG) as con:
        con.read_parquet(str(current)).create_view("new")
        if previous is None:
            added = [r[0] for r in con.execute("SELECT record_id FROM new ORDER BY 1").fetchall()]
            return {"previous": None, "added": added, "removed": [], "changed": {}}
        con.read_parquet(str(previous)).create_view("old")
        old_columns = {row[0] for row in con.execute("DESCRIBE old").fetchall()}
        columns = [
            row[0]
            for row in con.execute("DESCRIBE new").fetchall()
            if row[0] in old_columns and row[0] not in VOLATILE and row[0] != "record_id"
        ]
        differs = ", ".join(
            f"CASE WHEN n.{c} IS DISTINCT FROM o.{c} THEN '{c}' END" for c in columns
        )
        changed_rows = con.execute(
            f"SELECT record_id, list_sort(list_filter([{differs}], lambda x: x IS NOT NULL)) AS f "
            "FROM new n JOIN old o USING (record_id) WHERE len(f) > 0 ORDER BY record_id"
        ).fetchall()
        added = con.execute(
            "SELECT record_id FROM new ANTI JOIN old USING (record_id) ORDER BY 1"
        ).fetchall()
        removed = con.execute(
            "SELECT record_id FROM old ANTI JOIN new USING (record_id) ORDER BY 1"
        ).fetchall()
    return {
        "previous": previous.parent.name,
        "added": [r[0] for r in added],
        "removed": [r[0] for r in removed],
        "changed": {rid: list(fields) for rid, fields in changed_rows},
    }


def publish_release(
    db_path: Path,
    releases_dir: Path,
    version: str,
    catalog: CatalogInfo | None = None,
    now: datetime | None = None,
) -> Path:
    """Write the warehouse's records as release ``version`` and point LATEST at it.

    The release site (``site/``, when ``make`` has built it) goes in with the data, and
    ``releases/index.json`` lists the release once LATEST names it.
    """
    published_at = now or datetime.now(UTC)
    final = releases_dir / version
    if final.exists():
        raise ReleaseError(f"release {version} already exists; releases are immutable")
    # Leftovers of a publish that was killed half-way; only one publish runs at a time.
    for stale in releases_dir.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = releases_dir / f".tmp-{version}"
    tmp.mkdir(parents=True)
    try:
        expected_rows = _write_release_files(db_path, tmp)
        before = latest_version(releases_dir)
        previous = releases_dir / before / "records.parquet" if before else None
        if previous is not None and not previous.exists():
            previous = None  # LATEST names a release someone removed: diff against nothing
        changes = release_changes(previous, tmp / "records.parquet")
        (tmp / "CHANGES.json").write_text(json.dumps(changes, indent=2) + "\n")
        (tmp / "stats.json").write_text(json.dumps(release_stats(tmp), indent=2) + "\n")
        write_site(db_path, tmp)
        # Each file is hashed once for the data package, DCAT and SHA256SUMS together;
        # verify_release then reads them all again from disk, on purpose.
        digest = _memo_sha256()
        write_datapackage(tmp, version, digest)
        write_dcat(tmp, version, published_at, catalog or CatalogInfo(), digest)
        write_checksums(tmp, digest)
        verify_release(tmp, expected_rows)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    marker_tmp = releases_dir / ".LATEST.tmp"
    marker_tmp.write_text(version + "\n")
    os.replace(marker_tmp, releases_dir / "LATEST")
    update_release_index(releases_dir, version, published_at)
    return final


def release_stats(folder: Path) -> dict[str, Any]:
    """Counts by source, country, language, record type and translation status; fill rates."""
    parquet = str(folder / "records.parquet")
    with duckdb.connect(config=DUCKDB_CONFIG) as con:

        def counts(column: str) -> dict[str, int]:
            rows = con.execute(
                f"SELECT coalesce(CAST({column} AS VARCHAR), 'unknown'), count(*) "
                "FROM read_parquet(?) GROUP BY 1 ORDER BY 1",
                [parquet],
            ).fetchall()
            return {str(k): int(v) for k, v in rows}

        # Every column's fill rate in one scan of the file.
        names = [f.name for f in RELEASE_RECORD_FIELDS]
        rates = ", ".join(
            f"coalesce(avg(CASE WHEN {n} IS NULL OR CAST({n} AS VARCHAR) IN ('', '[]') "
            "THEN 0 ELSE 1 END), 0)"
            for n in names
        )
        filled = con.execute(f"SELECT {rates} FROM read_parquet(?)", [parquet]).fetchone()
        total = con.execute("SELECT count(*) FROM read_parquet(?)", [parquet]).fetchone()
        return {
            "records": int(total[0]) if total else 0,
            "by_source": counts("source_id"),
            "by_country": counts("source_country"),
            "by_language": counts("language"),
            "by_record_type": counts("record_type"),
            "by_translation_status": counts("translation_status"),
            "fill_rates": {
                name: round(float(rate), 4) for name, rate in zip(names, filled or (), strict=True)
            },
        }


def _memo_sha256() -> Callable[[Path], str]:
    """file_sha256 that remembers: release files are written once and never change after."""
    known: dict[Path, str] = {}

    def sha256(path: Path) -> str:
        if path not in known:
            known[path] = file_sha256(path)
        return known[path]

    return sha256


def write_checksums(folder: Path, sha256: Callable[[Path], str] = file_sha256) -> None:
    """SHA256SUMS in the format `sha256sum -c` reads, for every data file of the release
    (the files in its folder and the SIM case documents under ``sim_cases/``; the site under
    ``site/`` is presentation, not data)."""
    files = [p for p in sorted(folder.iterdir()) if p.is_file() and p.name != "SHA256SUMS"]
    files += sorted((folder / CASE_FOLDER).glob("*.json"))
    lines = [f"{sha256(path)}  {path.relative_to(folder).as_posix()}" for path in files]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n")


# Rows per Parquet row group (and per batch read from DuckDB while writing): fixed, as
# row-group boundaries are part of the file's bytes, and small enough that one group of
# records with their text stays a few tens of MB in memory.
ROW_GROUP = 20_000
# (release file, warehouse table, key columns, schema fields): one Parquet and one CSV each.
TABLES: tuple[tuple[str, str, tuple[str, ...], tuple[Field, ...]], ...] = (
    ("records", "silver.records", ("record_id",), RELEASE_RECORD_FIELDS),
    ("initiatives", "gold.initiatives", ("initiative_id",), INITIATIVE_FIELDS),
    ("organisations", "gold.organisations", ORGANISATION_KEY, ORGANISATION_FIELDS),
    (
        "initiative_organisations",
        "gold.initiative_organisations",
        INITIATIVE_ORGANISATION_KEY,
        INITIATIVE_ORGANISATION_FIELDS,
    ),
    ("sim_cases", "gold.sim_cases", SIM_CASE_KEY, SIM_CASE_FIELDS),
)
# One JSON per SIM case, in SIM's template (warehouse/sim_cases.py), under this folder.
CASE_FOLDER = "sim_cases"


def _write_release_files(db_path: Path, folder: Path) -> dict[str, int]:
    """Parquet and CSV for each table; returns the rows each should hold (for verification)."""
    expected = {}
    with duckdb.connect(str(db_path), read_only=True, config=DUCKDB_CONFIG) as con:
        for name, table, key, fields in TABLES:
            columns = ", ".join(f.name for f in fields)
            schema = arrow_schema(fields)
            # Sorted by ID, a fixed schema and fixed row groups: the same input gives
            # byte-identical files. Batches keep memory flat however many rows there are.
            relation = con.sql(f"SELECT {columns} FROM {table} ORDER BY {', '.join(key)}")
            rows = 0
            with (
                relation.to_arrow_reader(batch_size=ROW_GROUP) as reader,
                pq.ParquetWriter(folder / f"{name}.parquet", schema, compression="zstd") as out,
            ):
                for group in _row_groups(reader, ROW_GROUP):
                    out.write_table(group.cast(schema), row_group_size=ROW_GROUP)
                    rows += group.num_rows
            expected[name] = rows
    for name, _, _, fields in TABLES:
        _write_csv(folder / f"{name}.parquet", folder / f"{name}.csv", fields)
    write_case_documents(folder / "sim_cases.parquet", folder / CASE_FOLDER)
    return expected


def _row_groups(reader: pa.RecordBatchReader, size: int) -> Iterator[pa.Table]:
    """Exactly ``size`` rows at a time (the last group fewer), whatever batches DuckDB gives:
    row-group boundaries are part of the file's bytes."""
    pending: list[pa.RecordBatch] = []
    held = 0
    for batch in reader:
        pending.append(batch)
        held += batch.num_rows
        while held >= size:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, size)
            rest = table.slice(size)
            pending, held = rest.to_batches(), rest.num_rows
    if held:
        yield pa.Table.from_batches(pending, schema=reader.schema)


def _write_csv(parquet: Path, csv: Path, fields: tuple[Field, ...]) -> None:
    """Spreadsheet users: the same rows, list columns as JSON arrays (typed readers,
    frictionless included, parse those; DuckDB's own [a, b] is ambiguous with commas)."""
    columns = ", ".join(
        f"to_json({f.name}) AS {f.name}" if pa.types.is_list(f.arrow) else f.name for f in fields
    )
    with duckdb.connect(config=DUCKDB_CONFIG) as con:
        rows = con.sql(f"SELECT {columns} FROM read_parquet(?)", params=[str(parquet)])
        rows.write_csv(str(csv), header=True)


def verify_release(folder: Path, expected_rows: Mapping[str, int]) -> None:
    """What must hold before a release may be renamed into place; ReleaseError otherwise."""
    problems = []
    for name, _, key, fields in TABLES:
        path = folder / f"{name}.parquet"
        metadata = pq.ParquetFile(path)
        if metadata.schema_arrow.names != [f.name for f in fields]:
            problems.append(f"{name}.parquet: columns differ from the schema")
        rows = metadata.metadata.num_rows
        if rows != expected_rows[name]:
            problems.append(f"{name}.parquet: {rows} rows, expected {expected_rows[name]}")
        # A key of several columns is unique as a row of them, filled in each.
        row_key = f"({', '.join(key)},)"
        filled_key = " AND ".join(f"{k} IS NOT NULL" for k in key)
        with duckdb.connect(config=DUCKDB_CONFIG) as con:
            distinct, filled = con.execute(
                f"SELECT count(DISTINCT {row_key}), count(*) FILTER (WHERE {filled_key})"
                " FROM read_parquet(?)",
                [str(path)],
            ).fetchone() or (0, 0)
        if not distinct == filled == rows:
            problems.append(f"{name}.parquet: {', '.join(key)} not unique and filled")
    cases = len(list((folder / CASE_FOLDER).glob("*.json")))
    if cases != expected_rows["sim_cases"]:
        problems.append(f"{CASE_FOLDER}/: {cases} case documents, expected "
                        f"{expected_rows['sim_cases']}")  # fmt: skip
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, file_name = line.split("  ", 1)
        if file_sha256(folder / file_name) != digest:
            problems.append(f"{file_name}: checksum mismatch")
    if problems:
        raise ReleaseError(f"release {folder.name} failed verification: " + "; ".join(problems))
