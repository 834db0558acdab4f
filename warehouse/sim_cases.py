"""The ``sim_cases`` gold table: one Social Innovation Match case per initiative.

DuckDB gathers each initiative's records (the columns a case reads), its gold row and its
organisations with their roles, one row per initiative, streamed in initiative order;
``transforms.sim_cases.build_case`` builds the case, and the initiative's ESID criteria (with
their sentences) are added to it. Python holds one batch of initiatives at a time, never all
records.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from transforms.schema import arrow_schema
from transforms.si_criteria import CRITERIA, CRITERIA_COLUMNS
from transforms.sim_cases import CASE_RECORD_COLUMNS, build_case, case_document
from warehouse.sim_case_schema import SIM_CASE_FIELDS
from warehouse.store import DUCKDB_CONFIG

BATCH = 1_000
SIM_CASE_SCHEMA = arrow_schema(SIM_CASE_FIELDS)


def sim_case_paths(data_dir: Path) -> dict[str, Path]:
    """The table's gold file, next to linking's and the organisations'."""
    return {"sim_cases": data_dir / "gold" / "sim_cases.parquet"}


_CASES_SQL = """
WITH r AS (
    SELECT m.initiative_id, list({{{record}}} ORDER BY r.record_id) AS records
    FROM read_parquet(?, union_by_name = true) AS r JOIN read_parquet(?) AS m USING (record_id)
    GROUP BY m.initiative_id
), o AS (
    SELECT io.initiative_id,
           list({{org_id: io.org_id, name: org.display_name, role: io.role,
                 country: org.country, evidence: io.evidence}} ORDER BY io.org_id) AS organisations
    FROM read_parquet(?) AS io JOIN read_parquet(?) AS org USING (org_id)
    GROUP BY io.initiative_id
)
SELECT i.initiative_id, i.countries, i.funding_programmes, i.start_date, i.end_date,
       {criteria}, r.records, o.organisations
FROM read_parquet(?) AS i LEFT JOIN r USING (initiative_id) LEFT JOIN o USING (initiative_id)
ORDER BY i.initiative_id
"""


def _criteria_columns(initiatives: Path) -> str:
    """The initiatives' criteria columns; an initiatives file written before they existed
    gives nulls."""
    present = set(pq.read_schema(initiatives).names)
    return ", ".join(
        f"i.{c}"
        if c in present
        else f"NULL::{'VARCHAR' if c == 'si_evidence' else 'BIGINT'} AS {c}"
        for c in CRITERIA_COLUMNS
    )


def case_criteria(initiative: dict[str, Any]) -> dict[str, Any]:
    """A case's criteria columns from its initiative's (scores, and evidence as structs)."""
    try:
        items = json.loads(initiative.get("si_evidence") or "[]")
    except json.JSONDecodeError:
        items = []
    evidence = [
        {"criterion": e.get("criterion"), "score": e.get("score"), "record_id": e.get("record_id"),
         "sentence": e.get("sentence"), "lang": e.get("lang"), "cues": list(e.get("cues") or [])}
        for e in (items if isinstance(items, list) else []) if isinstance(e, dict)
    ]  # fmt: skip
    return {
        **{c: initiative.get(c) for c in CRITERIA_COLUMNS if c != "si_evidence"},
        "si_evidence": evidence,
    }


def criteria_document(case: dict[str, Any]) -> dict[str, Any]:
    """The case JSON's ESID section: each criterion's score with the sentences behind it."""
    evidence = case.get("si_evidence") or []
    return {
        "guidelines": "docs/si-criteria.md",
        **{
            name: {
                "score": case.get(f"si_{name}"),
                "evidence": [
                    {k: v for k, v in e.items() if k != "criterion"}
                    for e in evidence
                    if e.get("criterion") == name
                ],
            }
            for name in CRITERIA
        },
        "total": case.get("si_score"),
    }


def write_sim_cases(
    record_files: list[Path], gold: dict[str, Path], out: Path, work: Path | None = None
) -> int:
    """Write ``out`` from the records and ``gold``'s initiatives, membership, organisations
    and initiative_organisations files; returns the number of cases."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    record = ", ".join(f"{c}: r.{c}" for c in CASE_RECORD_COLUMNS)
    config = DUCKDB_CONFIG | ({"temp_directory": str(work)} if work else {})
    cases = 0
    with (
        duckdb.connect(config=config) as con,
        pq.ParquetWriter(tmp, SIM_CASE_SCHEMA, compression="zstd") as writer,
    ):
        if record_files and gold["initiatives"].exists():
            params = [
                [str(p) for p in record_files], str(gold["membership"]),
                str(gold["initiative_organisations"]), str(gold["organisations"]),
                str(gold["initiatives"]),
            ]  # fmt: skip
            criteria = _criteria_columns(gold["initiatives"])
            relation = con.sql(_CASES_SQL.format(record=record, criteria=criteria), params=params)
            with relation.to_arrow_reader(batch_size=BATCH) as reader:
                for batch in reader:
                    rows = [
                        build_case(row, row["records"] or [], row["organisations"] or [])
                        | case_criteria(row)
                        for row in batch.to_pylist()
                    ]
                    writer.write_table(pa.Table.from_pylist(rows, schema=SIM_CASE_SCHEMA))
                    cases += len(rows)
    tmp.replace(out)
    return cases


def write_case_documents(parquet: Path, folder: Path) -> int:
    """One JSON per case, ``<initiative_id>.json``, in SIM's template
    (``transforms.sim_cases.case_document``); the folder exists even when there are none."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for batch in pq.ParquetFile(parquet).iter_batches(batch_size=BATCH):
        for case in batch.to_pylist():
            document = case_document(case) | {"social_innovation_criteria": criteria_document(case)}
            path = folder / f"{case['initiative_id']}.json"
            path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
            count += 1
    return count
