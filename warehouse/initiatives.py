"""The gold tables from every source's silver records: initiatives, links, membership.

Two passes over the silver files, in batches, so that memory follows the number of records
only through their small linking features, never their text:

1. each record is reduced to its ``Features`` (acronyms, names, organisation keys, ...) and
   linked (blocking + union-find, ``transforms.linking``);
2. the columns merging needs are read again: a record alone in its initiative is merged and
   written at once; records of multi-record initiatives go to a temporary file that DuckDB
   sorts by initiative, and are merged one initiative at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from transforms.linking import (
    FEATURE_COLUMNS,
    MERGE_COLUMNS,
    features,
    link_features,
    merge_initiatives,
)
from transforms.schema import INITIATIVE_SCHEMA, LINK_SCHEMA

BATCH = 10_000
PREVIEW = 20


@dataclass
class GoldSummary:
    records: int = 0
    initiatives: int = 0
    links: int = 0
    multi_record_count: int = 0
    # The first few initiatives with more than one record (the interesting ones), in full.
    multi_record: list[dict[str, Any]] = field(default_factory=list)


def _rows(files: list[Path], columns: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    for batch in _batches(files, columns):
        yield from batch.to_pylist()


def _batches(files: list[Path], columns: tuple[str, ...]) -> Iterator[pa.RecordBatch]:
    for path in files:
        yield from pq.ParquetFile(path).iter_batches(batch_size=BATCH, columns=list(columns))


def _groups(path: Path) -> Iterator[list[dict[str, Any]]]:
    """The records of ``path`` one initiative at a time (DuckDB sorts them, on disk if need
    be), so merging holds one initiative's records, not all of them."""
    with duckdb.connect() as con:
        relation = con.sql(
            "SELECT * FROM read_parquet(?) ORDER BY initiative_id, record_id", params=[str(path)]
        )
        group: list[dict[str, Any]] = []
        with relation.to_arrow_reader(batch_size=BATCH) as reader:
            for batch in reader:
                for row in batch.to_pylist():
                    if group and row["initiative_id"] != group[0]["initiative_id"]:
                        yield group
                        group = []
                    group.append(row)
        if group:
            yield group


def write_gold(files: list[Path], paths: dict[str, Path]) -> GoldSummary:
    """Link the records in ``files``; write ``paths`` initiatives, links and membership."""
    found = [features(row) for row in _rows(files, FEATURE_COLUMNS)]
    initiative_of, links = link_features(found)
    acronyms_of = {f.record_id: f.acronyms for f in found if f.acronyms}
    summary = GoldSummary(records=len(found), links=len(links))
    del found
    sizes = Counter(initiative_of.values())

    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = {name: path.with_name(f".{path.name}.tmp") for name, path in paths.items()}
    grouped_path = paths["initiatives"].with_name(".grouped-records.parquet")
    with pq.ParquetWriter(tmp["initiatives"], INITIATIVE_SCHEMA, compression="zstd") as out:
        grouped_out: pq.ParquetWriter | None = None
        for batch in _batches(files, MERGE_COLUMNS):
            ids = [initiative_of[rid] for rid in batch.column("record_id").to_pylist()]
            alone = pa.array([sizes[i] == 1 for i in ids])
            singles = batch.filter(alone).to_pylist()
            if singles:
                merged = merge_initiatives(singles, initiative_of, acronyms_of)
                out.write_table(pa.Table.from_pylist(merged, schema=INITIATIVE_SCHEMA))
                summary.initiatives += len(merged)
            together = (
                pa.Table.from_batches([batch])
                .append_column("initiative_id", pa.array(ids, pa.string()))
                .filter(pc.invert(alone))
            )
            if together.num_rows:
                if grouped_out is None:
                    grouped_out = pq.ParquetWriter(grouped_path, together.schema)
                grouped_out.write_table(together)
        if grouped_out is not None:
            grouped_out.close()
            pending: list[dict[str, Any]] = []
            for group in _groups(grouped_path):
                pending += merge_initiatives(group, initiative_of, acronyms_of)
                if len(summary.multi_record) < PREVIEW:
                    summary.multi_record.append(pending[-1])
                if len(pending) >= BATCH:
                    out.write_table(pa.Table.from_pylist(pending, schema=INITIATIVE_SCHEMA))
                    pending = []
                summary.multi_record_count += 1
            if pending:
                out.write_table(pa.Table.from_pylist(pending, schema=INITIATIVE_SCHEMA))
            summary.initiatives += summary.multi_record_count
            grouped_path.unlink()

    link_table = pa.table(
        {
            "record_a": [k.record_a for k in links],
            "record_b": [k.record_b for k in links],
            "score": [k.score for k in links],
            "evidence": [k.evidence for k in links],
        },
        schema=LINK_SCHEMA,
    )
    pq.write_table(link_table, tmp["links"], compression="zstd")
    members = sorted(initiative_of.items())
    membership = pa.table(
        {"record_id": [r for r, _ in members], "initiative_id": [i for _, i in members]}
    )
    pq.write_table(membership, tmp["membership"], compression="zstd")
    # Readers see the old tables or the new ones (each file replaced whole).
    for name, path in paths.items():
        tmp[name].replace(path)
    return summary
