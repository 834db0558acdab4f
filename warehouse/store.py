"""The analysts' DuckDB file: silver tables rebuilt from Parquet, plus friendly views."""

from __future__ import annotations

from pathlib import Path

import duckdb

from transforms.schema import (
    INITIATIVE_FIELDS,
    LINK_SCHEMA,
    RECORD_COLUMNS,
    record_table_ddl,
    table_ddl,
)
from warehouse.organisation_schema import (
    INITIATIVE_ORGANISATION_FIELDS,
    INITIATIVE_ORGANISATION_KEY,
    ORGANISATION_FIELDS,
    ORGANISATION_KEY,
    duckdb_type,
    entity_table_ddl,
)
from warehouse.sim_case_schema import SIM_CASE_FIELDS, SIM_CASE_KEY

# The organisation entity tables: (table name = gold file name, fields, primary key).
ENTITY_TABLES = (
    ("organisations", ORGANISATION_FIELDS, ORGANISATION_KEY),
    ("initiative_organisations", INITIATIVE_ORGANISATION_FIELDS, INITIATIVE_ORGANISATION_KEY),
    # One Social Innovation Match case per initiative (warehouse/sim_cases.py).
    ("sim_cases", SIM_CASE_FIELDS, SIM_CASE_KEY),
)

VIEWS = {
    "initiatives": "SELECT * FROM gold.initiatives",
    "record_links": "SELECT * FROM gold.record_links",
    "records": "SELECT * FROM silver.records",
    "organisations": "SELECT * FROM gold.organisations",
    "initiative_organisations": "SELECT * FROM gold.initiative_organisations",
    "sim_cases": "SELECT * FROM gold.sim_cases",
    # Who took part in what, readable: one row per initiative and organisation.
    "consortia": """
        SELECT io.initiative_id, i.title AS initiative, io.role, io.org_id, o.display_name,
               o.country, o.type, o.legal_form, len(io.evidence) AS records
        FROM gold.initiative_organisations AS io
        JOIN gold.organisations AS o USING (org_id)
        LEFT JOIN gold.initiatives AS i USING (initiative_id)
        ORDER BY io.initiative_id, list_position(['lead', 'funder', 'partner'], io.role) NULLS LAST,
                 o.display_name, io.org_id""",
    "language_stats": """
        SELECT source_id, language, count(*) AS records
        FROM silver.records GROUP BY ALL ORDER BY source_id, language""",
    "crawl_issues": "SELECT * FROM bronze.issues",
    "translation_stats": """
        SELECT source_id, language, translation_status, translation_model, count(*) AS records
        FROM silver.records GROUP BY ALL ORDER BY ALL""",
    "sources_health": """
        SELECT r.source_id, r.records, r.last_seen,
               coalesce(i.errors, 0) AS issues_error, coalesce(i.warnings, 0) AS issues_warning
        FROM (SELECT source_id, count(*) AS records, max(last_seen) AS last_seen
              FROM silver.records GROUP BY source_id) AS r
        LEFT JOIN (SELECT source_id, count(*) FILTER (WHERE level = 'error') AS errors,
                          count(*) FILTER (WHERE level = 'warning') AS warnings
                   FROM bronze.issues GROUP BY source_id) AS i USING (source_id)
        ORDER BY r.source_id""",
}


# DuckDB takes up to 80% of the machine's memory by default; within this it spills to disk,
# so loading a million records does not crowd out the rest of the pipeline.
# Typed as duckdb.connect's own `config` parameter: dict is invariant, so an inferred
# dict[str, str] would not be accepted there.
DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {"memory_limit": "1GB"}


def load_warehouse(
    db_path: Path,
    record_files: list[Path],
    issue_files: list[Path],
    gold: dict[str, Path] | None = None,
) -> int:
    """Replace the warehouse's tables with the given files in one transaction.

    Rebuilding rather than appending keeps re-runs idempotent; the record table's primary key
    makes a duplicated record an error instead of a silent double count.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(db_path), config=DUCKDB_CONFIG) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE SCHEMA IF NOT EXISTS silver")
        con.execute("CREATE SCHEMA IF NOT EXISTS bronze")
        con.execute("DROP TABLE IF EXISTS silver.records CASCADE")
        con.execute(record_table_ddl("silver.records"))
        columns = ", ".join(RECORD_COLUMNS)
        if record_files:
            con.execute(
                f"INSERT INTO silver.records ({columns}) "
                f"SELECT {columns} FROM read_parquet(?, union_by_name = true)",
                [[str(p) for p in record_files]],
            )
        _load_gold(con, gold or {})
        con.execute("DROP TABLE IF EXISTS bronze.issues CASCADE")
        con.execute(
            "CREATE TABLE bronze.issues (source_id VARCHAR, crawl_id VARCHAR, "
            "timestamp VARCHAR, level VARCHAR, url VARCHAR, message VARCHAR)"
        )
        if issue_files:
            con.execute(
                "INSERT INTO bronze.issues SELECT source_id, crawl_id, timestamp, level, url, "
                "message FROM read_parquet(?, union_by_name = true)",
                [[str(p) for p in issue_files]],
            )
        for name, sql in VIEWS.items():
            con.execute(f"CREATE OR REPLACE VIEW main.{name} AS {sql}")
        con.execute("COMMIT")
        row = con.execute("SELECT count(*) FROM silver.records").fetchone()
    return int(row[0]) if row else 0


def _load_gold(con: duckdb.DuckDBPyConnection, gold: dict[str, Path]) -> None:
    """Initiatives and links from linking, the organisation entities; each record gets its
    initiative_id."""
    con.execute("CREATE SCHEMA IF NOT EXISTS gold")
    con.execute("DROP TABLE IF EXISTS gold.initiatives CASCADE")
    con.execute(table_ddl("gold.initiatives", INITIATIVE_FIELDS, "initiative_id"))
    con.execute("DROP TABLE IF EXISTS gold.record_links CASCADE")
    # The columns follow LINK_SCHEMA, so evidence for and against a link both load.
    link_columns = ", ".join(f"{f.name} {duckdb_type(f.type)}" for f in LINK_SCHEMA)
    con.execute(f"CREATE TABLE gold.record_links ({link_columns})")
    present = {name: path for name, path in gold.items() if path.exists()}
    if "initiatives" in present:
        columns = ", ".join(f.name for f in INITIATIVE_FIELDS)
        con.execute(
            f"INSERT INTO gold.initiatives ({columns}) SELECT {columns} FROM read_parquet(?)",
            [str(present["initiatives"])],
        )
    if "links" in present:
        con.execute(
            "INSERT INTO gold.record_links BY NAME SELECT * FROM read_parquet(?)",
            [str(present["links"])],
        )
    for name, fields, key in ENTITY_TABLES:
        con.execute(f"DROP TABLE IF EXISTS gold.{name} CASCADE")
        con.execute(entity_table_ddl(f"gold.{name}", fields, key))
        if name in present:
            columns = ", ".join(f.name for f in fields)
            con.execute(
                f"INSERT INTO gold.{name} ({columns}) SELECT {columns} FROM read_parquet(?)",
                [str(present[name])],
            )
    if "membership" in present:
        con.execute(
            "UPDATE silver.records SET initiative_id = m.initiative_id "
            "FROM read_parquet(?) AS m WHERE silver.records.record_id = m.record_id",
            [str(present["membership"])],
        )
