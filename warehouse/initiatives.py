"""The gold tables from every source's silver records: initiatives, links, membership.

Memory follows neither the records' text nor their number of Python objects:

1. each record is reduced to its linking ``Features``, written to a Parquet file in batches;
2. DuckDB (memory-capped, spilling to disk) numbers them in record_id order, finds the
   candidate pairs (``transforms.linking.pairs_sql``) and streams them to Python, which
   scores them and joins linked records in a union-find over integers;
3. membership (record -> initiative) is written in record order; the columns merging needs
   are read again joined with it: a record alone in its initiative is merged and written at
   once; records of multi-record initiatives go to a temporary file that DuckDB sorts by
   initiative, and are merged one initiative at a time.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from transforms.linking import (
    EMPTY,
    FEATURE_COLUMNS,
    FEATURES_SCHEMA,
    MERGE_COLUMNS,
    Clusters,
    Features,
    Link,
    features,
    features_table,
    initiative_id,
    merge_initiatives,
    scored_links,
)
from transforms.linking.clustering import PROFILE_FIELDS
from transforms.schema import INITIATIVE_SCHEMA, LINK_SCHEMA
from transforms.si_criteria import CRITERIA, CRITERIA_COLUMNS
from warehouse.store import DUCKDB_CONFIG

BATCH = 10_000
PREVIEW = 20
MEMBERSHIP_SCHEMA = pa.schema([
    ("record_id", pa.string()), ("initiative_id", pa.string()),
    ("initiative_size", pa.int64()), ("acronyms", pa.list_(pa.string())),
])  # fmt: skip


@dataclass
class GoldSummary:
    records: int = 0
    initiatives: int = 0
    links: int = 0
    multi_record_count: int = 0
    # The first few initiatives with more than one record (the interesting ones), in full.
    multi_record: list[dict[str, Any]] = field(default_factory=list)


def _batches(files: list[Path], columns: tuple[str, ...]) -> Iterator[pa.RecordBatch]:
    for path in files:
        yield from pq.ParquetFile(path).iter_batches(batch_size=BATCH, columns=list(columns))


def _groups(con: duckdb.DuckDBPyConnection, path: Path) -> Iterator[list[dict[str, Any]]]:
    """The records of ``path`` one initiative at a time (DuckDB sorts them, on disk if need
    be), so merging holds one initiative's records, not all of them."""
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


def _connect(work: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(config=DUCKDB_CONFIG | {"temp_directory": str(work / "duckdb")})


def _link(files: list[Path], work: Path, links_path: Path) -> tuple[int, int]:
    """Features, pairs and the union-find; writes ``links_path`` (unsorted) and
    ``work/membership.parquet``. Returns (records, links)."""
    features_path = work / "features.parquet"
    with pq.ParquetWriter(features_path, FEATURES_SCHEMA) as out:
        for batch in _batches(files, FEATURE_COLUMNS):
            out.write_table(features_table([features(row) for row in batch.to_pylist()]))
    with _connect(work) as con:
        # Numbered in record_id order: a group's smallest index is its first record.
        con.execute(
            "CREATE TABLE f AS SELECT (row_number() OVER (ORDER BY record_id) - 1)::BIGINT AS idx,"
            " * EXCLUDE (idx) FROM read_parquet(?)",
            [str(features_path)],
        )
        ((records,),) = con.execute("SELECT count(*) FROM f").fetchall()
        groups = Clusters(records)
        links = _write_links(con, groups, links_path)
        _write_membership(con, groups, records, work / "membership.parquet")
    return records, links


# A candidate link with what clustering needs of both sides: written in the order found,
# read back strongest first.
CANDIDATE_SCHEMA = pa.schema(
    [("i", pa.int64()), ("j", pa.int64())]
    + list(LINK_SCHEMA)
    + [
        pa.field(f"{side}_{name}", FEATURES_SCHEMA.field(name).type)
        for side in "ab"
        for name in PROFILE_FIELDS
    ]
)


def _write_links(con: duckdb.DuckDBPyConnection, groups: Clusters, path: Path) -> int:
    """Score the candidate pairs of table ``f``, join linked records strongest first
    (``transforms.linking.clustering``), write the links that were kept."""
    candidates = path.with_name("candidates.parquet")
    with pq.ParquetWriter(candidates, CANDIDATE_SCHEMA) as out:
        pending: list[tuple[int, int, Link, Features, Features]] = []
        for found in scored_links(con, "f", BATCH):
            pending.append(found)
            if len(pending) >= BATCH:
                out.write_table(_candidates_table(pending))
                pending = []
        out.write_table(_candidates_table(pending))
    count = 0
    kept: list[Link] = []
    # The order of transforms.linking.link_features: strongest first, then pairs of
    # better-linked records, then record order.
    ordered = con.sql(
        """
        WITH c AS (SELECT * FROM read_parquet(?)),
        degree AS (
            SELECT idx, count(*) AS links FROM (SELECT i AS idx FROM c UNION ALL SELECT j FROM c)
            GROUP BY idx
        )
        SELECT c.* FROM c JOIN degree di ON di.idx = c.i JOIN degree dj ON dj.idx = c.j
        ORDER BY c.score DESC, di.links + dj.links DESC, c.i, c.j
        """,
        params=[str(candidates)],
    )
    with pq.ParquetWriter(path, LINK_SCHEMA) as out:
        for batch in ordered.to_arrow_reader(BATCH):
            for row in batch.to_pylist():
                a, b = _profile(row, "a_"), _profile(row, "b_")
                if groups.join(row["i"], a, row["j"], b) is None:
                    kept.append(Link(a.record_id, b.record_id, row["score"], row["evidence"],
                                     row["against"]))  # fmt: skip
            if len(kept) >= BATCH:
                out.write_table(_links_table(kept))
                count, kept = count + len(kept), []
        if kept:
            out.write_table(_links_table(kept))
            count += len(kept)
    return count


def _profile(row: dict[str, Any], prefix: str) -> Features:
    """The part of a record's features a veto reads (see ``Clusters``)."""
    return Features(
        record_id=row["record_a" if prefix == "a_" else "record_b"],
        acronyms=frozenset(row[f"{prefix}acronyms"]) or EMPTY,
        primary=frozenset(row[f"{prefix}primary"]) or EMPTY,
        countries=frozenset(row[f"{prefix}countries"]) or EMPTY,
        names=EMPTY, organisations=EMPTY, programmes=EMPTY,
        start=row[f"{prefix}start"], end=row[f"{prefix}end"],
    )  # fmt: skip


def _candidates_table(found: list[tuple[int, int, Link, Features, Features]]) -> pa.Table:
    columns: dict[str, list[Any]] = {
        "i": [i for i, *_ in found],
        "j": [j for _, j, *_ in found],
    }
    links = [link for _, _, link, _, _ in found]
    columns |= _links_table(links).to_pydict()
    for side, position in (("a", 3), ("b", 4)):
        for name in PROFILE_FIELDS:
            values = [getattr(item[position], name) for item in found]
            columns[f"{side}_{name}"] = [
                sorted(v) if isinstance(v, frozenset) else v for v in values
            ]
    return pa.table(columns, schema=CANDIDATE_SCHEMA)


def _write_membership(
    con: duckdb.DuckDBPyConnection, groups: Clusters, records: int, path: Path
) -> None:
    """Each record's initiative (named after its first record), its size and acronyms."""
    roots = array("q", (groups.root(i) for i in range(records)))
    sizes = array("q", bytes(8 * records))
    for root in roots:
        sizes[root] += 1
    named: dict[int, str] = {}  # the initiative of each multi-record group's root
    with pq.ParquetWriter(path, MEMBERSHIP_SCHEMA) as out:
        ordered = con.sql(
            'SELECT idx, record_id, CASE WHEN len("primary") > 0 THEN "primary"'
            " ELSE acronyms END AS acronyms FROM f ORDER BY idx"
        )
        for batch in ordered.to_arrow_reader(BATCH):
            columns = batch.to_pydict()
            ids = []
            for idx, record_id in zip(columns["idx"], columns["record_id"], strict=True):
                root = roots[idx]
                if root != idx:  # a later record of a group: its root came before it
                    ids.append(named[root])
                    continue
                own = initiative_id(record_id)
                if sizes[root] > 1:
                    named[root] = own
                ids.append(own)
            out.write_table(
                pa.table(
                    {
                        "record_id": columns["record_id"],
                        "initiative_id": ids,
                        "initiative_size": [sizes[roots[i]] for i in columns["idx"]],
                        "acronyms": columns["acronyms"],
                    },
                    schema=MEMBERSHIP_SCHEMA,
                )
            )


def _links_table(links: list[Link]) -> pa.Table:
    return pa.table(
        {
            "record_a": [k.record_a for k in links],
            "record_b": [k.record_b for k in links],
            "score": [k.score for k in links],
            "evidence": [k.evidence for k in links],
            "against": [k.against for k in links],
        },
        schema=LINK_SCHEMA,
    )


def _with_membership(
    con: duckdb.DuckDBPyConnection, files: list[Path], membership: Path
) -> Iterator[pa.RecordBatch]:
    """The merge columns of every record, and its criteria, with its initiative, its size
    and its acronyms."""
    columns = ", ".join(f"r.{c}" for c in MERGE_COLUMNS)
    # Records written before the criteria existed have no si_* columns: read them as null.
    present = set().union(*(pq.read_schema(p).names for p in files)) if files else set()
    criteria = ", ".join(
        f"r.{c}"
        if c in present
        else f"NULL::{'VARCHAR' if c == 'si_evidence' else 'BIGINT'} AS {c}"
        for c in CRITERIA_COLUMNS
    )
    relation = con.sql(
        f"SELECT {columns}, {criteria}, m.initiative_id, m.initiative_size, m.acronyms"
        " FROM read_parquet(?, union_by_name = true) r JOIN read_parquet(?) m USING (record_id)",
        params=[[str(p) for p in files], str(membership)],
    )
    yield from relation.to_arrow_reader(BATCH)


def initiative_criteria(records: list[dict[str, Any]]) -> dict[str, Any]:
    """An initiative's ESID criteria: per criterion, the highest score any of its records
    reaches, with that record's sentences as evidence.

    The maximum, not the score of its best-described record: ESID scores a project on all the
    text it has about it, and an initiative's pages complement each other -- the Hungarian
    page states the problem, the Slovak one the results, the partner's news the pilot. A
    criterion that one of them evidences is evidenced for the initiative; each score keeps the
    record and sentences it rests on, so a reader can check it.
    """
    scores: dict[str, int] = {}
    evidence: list[dict[str, Any]] = []
    for name in CRITERIA:
        column = f"si_{name}"
        scored = [r for r in records if r.get(column) is not None]
        if not scored:
            scores[column] = 0
            continue
        # Ties: the first record (record_id order), so the evidence is stable.
        best = max(enumerate(scored), key=lambda pair: (pair[1][column], -pair[0]))[1]
        scores[column] = int(best[column])
        for item in _evidence(best.get("si_evidence")):
            if item.get("criterion") == name and best[column] > 0:
                evidence.append(item | {"record_id": best["record_id"]})
    any_scored = any(r.get("si_score") is not None for r in records)
    return {
        **{column: (value if any_scored else None) for column, value in scores.items()},
        "si_score": sum(scores.values()) if any_scored else None,
        "si_evidence": json.dumps(evidence, ensure_ascii=False) if any_scored else None,
    }


def _evidence(text: str | None) -> list[dict[str, Any]]:
    """A record's si_evidence items; text that is not a JSON list (a hand-edited file) is
    no evidence rather than a failed run."""
    try:
        items = json.loads(text or "[]")
    except json.JSONDecodeError:
        return []
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _merge(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    initiative_of = {r["record_id"]: r["initiative_id"] for r in rows}
    acronyms_of = {r["record_id"]: set(r["acronyms"] or ()) for r in rows}
    merged = merge_initiatives(rows, initiative_of, acronyms_of)
    members: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: r["record_id"]):
        members.setdefault(row["initiative_id"], []).append(row)
    for initiative in merged:
        initiative.update(initiative_criteria(members.get(initiative["initiative_id"], [])))
    return merged


def _merge_groups(
    con: duckdb.DuckDBPyConnection, grouped: Path, out: pq.ParquetWriter, summary: GoldSummary
) -> None:
    """Merge and write the multi-record initiatives of ``grouped``, one at a time."""
    pending: list[dict[str, Any]] = []
    for group in _groups(con, grouped):
        pending += _merge(group)
        if len(summary.multi_record) < PREVIEW:
            summary.multi_record.append(pending[-1])
        if len(pending) >= BATCH:
            out.write_table(pa.Table.from_pylist(pending, schema=INITIATIVE_SCHEMA))
            pending = []
        summary.multi_record_count += 1
    if pending:
        out.write_table(pa.Table.from_pylist(pending, schema=INITIATIVE_SCHEMA))
    summary.initiatives += summary.multi_record_count


def write_gold(files: list[Path], paths: dict[str, Path]) -> GoldSummary:
    """Link the records in ``files``; write ``paths`` initiatives, links and membership."""
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = {name: path.with_name(f".{path.name}.tmp") for name, path in paths.items()}
    work = Path(tempfile.mkdtemp(prefix=".gold-", dir=paths["initiatives"].parent))
    try:
        summary = _write(files, tmp, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # Readers see the old tables or the new ones (each file replaced whole).
    for name, path in paths.items():
        tmp[name].replace(path)
    return summary


def _write(files: list[Path], tmp: dict[str, Path], work: Path) -> GoldSummary:
    """The gold tables into ``tmp``'s paths, using ``work`` for intermediate files."""
    records, links = _link(files, work, work / "links.parquet")
    summary = GoldSummary(records=records, links=links)
    membership = work / "membership.parquet"
    grouped_path = work / "grouped-records.parquet"
    with _connect(work) as con:
        with pq.ParquetWriter(tmp["initiatives"], INITIATIVE_SCHEMA, compression="zstd") as out:
            grouped_out: pq.ParquetWriter | None = None
            for batch in _with_membership(con, files, membership):
                alone = pc.equal(batch.column("initiative_size"), 1)
                singles = batch.filter(alone).to_pylist()
                if singles:
                    merged = _merge(singles)
                    out.write_table(pa.Table.from_pylist(merged, schema=INITIATIVE_SCHEMA))
                    summary.initiatives += len(merged)
                together = batch.filter(pc.invert(alone))
                if together.num_rows:
                    if grouped_out is None:
                        grouped_out = pq.ParquetWriter(grouped_path, together.schema)
                    grouped_out.write_batch(together)
            if grouped_out is not None:
                grouped_out.close()
                _merge_groups(con, grouped_path, out, summary)
        # Links sorted by pair, membership by record (it already is): stable files.
        con.execute(
            "COPY (SELECT * FROM read_parquet(?) ORDER BY record_a, record_b) TO ?"
            " (FORMAT parquet, COMPRESSION zstd)",
            [str(work / "links.parquet"), str(tmp["links"])],
        )
        con.execute(
            "COPY (SELECT record_id, initiative_id FROM read_parquet(?)) TO ?"
            " (FORMAT parquet, COMPRESSION zstd)",
            [str(membership), str(tmp["membership"])],
        )
    return summary
