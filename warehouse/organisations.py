"""Organisations as entities: who the records' organisation names are, and in which initiatives.

A record keeps its organisations as written (``organisations``, ``organisation_keys``,
``organisation_roles``, ``organisation_countries``, aligned lists); these tables say who they
are, as ESID's Actors / Actors_has_Projects tables do:

- ``organisations``: one row per organisation key, with every name as written;
- ``initiative_organisations``: which organisation takes part in which initiative, its role
  and the records that say so.

The work is DuckDB's, over the silver Parquet files and linking's membership file, with the
gold step's memory cap and temporary directory. Python sees only the DISTINCT (name,
language, source country) triples, each described once by
``transforms.organisations.describe_organisation`` (key across languages and scripts, display
name, acronym, legal form, type, script), not the records.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from transforms.organisations import describe_organisation
from transforms.schema import RECORD_COLUMNS
from warehouse.organisation_schema import (
    INITIATIVE_ORGANISATION_FIELDS,
    ORGANISATION_FIELDS,
    ROLES,
)
from warehouse.store import DUCKDB_CONFIG

BATCH = 10_000
MENTION_COLUMNS = (
    "record_id", "language", "source_country", "organisations", "organisation_keys",
    "organisation_roles", "field_provenance",
)  # fmt: skip
FACTS_SCHEMA = pa.schema([
    ("name", pa.string()), ("lang", pa.string()), ("source_country", pa.string()),
    ("key", pa.string()), ("display_name", pa.string()), ("acronym", pa.string()),
    ("legal_form", pa.string()), ("type", pa.string()), ("script", pa.string()),
])  # fmt: skip
# describe_organisation's script names -> ISO 15924.
SCRIPT_CODES = {"Latin": "Latn", "Cyrillic": "Cyrl", "Greek": "Grek"}
# ISO 15924 codes of the scripts European portals write names in (for the others).
SCRIPTS = {"LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARMENIAN": "Armn",
           "GEORGIAN": "Geor", "HEBREW": "Hebr", "ARABIC": "Arab"}  # fmt: skip


@dataclass(frozen=True)
class NameFacts:
    """What one name, written in one language on one country's portal, says about its owner.

    ``key`` None: the record's own organisation key stands. ``display_name`` None: the name
    as written is the display name it proposes."""

    key: str | None = None
    display_name: str | None = None
    acronym: str | None = None
    legal_form: str | None = None
    type: str | None = None
    script: str | None = None


@dataclass
class OrganisationSummary:
    organisations: int = 0
    initiative_organisations: int = 0
    names: int = 0  # distinct (name, language, source country) triples described


def organisation_paths(data_dir: Path) -> dict[str, Path]:
    """The entity tables' gold files, next to linking's (``warehouse.lake.gold_paths``)."""
    gold = data_dir / "gold"
    return {
        "organisations": gold / "organisations.parquet",
        "initiative_organisations": gold / "initiative_organisations.parquet",
    }


def script_of(name: str) -> str | None:
    """The script most of the name's letters are written in (ISO 15924), None if no letters."""
    scripts = Counter(
        SCRIPTS.get(unicodedata.name(ch, "").split(" ", 1)[0], "Zyyy")
        for ch in name
        if ch.isalpha()
    )
    return scripts.most_common(1)[0][0] if scripts else None


def describe_name(name: str, lang: str | None, source_country: str | None) -> NameFacts:
    """The facts of one written name (``transforms.organisations.describe_organisation``).

    Its display name counts as described only where it differs from the name as written
    (an alias lookup's English name); otherwise the written name competes as itself.
    The gold step has no page text, so no context is given.
    """
    facts = describe_organisation(name, lang, source_country, with_country=False)
    return NameFacts(
        key=facts.key or None,
        display_name=facts.display_name if facts.display_name != name else None,
        acronym=facts.acronym,
        legal_form=facts.legal_form,
        type=facts.type,
        script=SCRIPT_CODES.get(facts.script) or script_of(name),
    )


def _describe_all(con: duckdb.DuckDBPyConnection, mentions: Path, out_path: Path) -> int:
    """Describe each distinct (name, lang, source_country) of ``mentions`` once."""
    names = 0
    relation = con.sql(
        "SELECT DISTINCT name, lang, source_country FROM read_parquet(?) ORDER BY ALL",
        params=[str(mentions)],
    )
    with (
        relation.to_arrow_reader(BATCH) as reader,
        pq.ParquetWriter(out_path, FACTS_SCHEMA) as out,
    ):
        for batch in reader:
            rows = []
            for row in batch.to_pylist():
                # '' stands for an unknown language or country (joins compare it as a value).
                facts = describe_name(
                    row["name"], row["lang"] or None, row["source_country"] or None
                )
                rows.append(row | facts.__dict__)
            out.write_table(pa.Table.from_pylist(rows, schema=FACTS_SCHEMA))
            names += len(rows)
    return names


def _mentions_sql() -> str:
    """One row per organisation a record names, with its initiative and provenance."""
    has_countries = "organisation_countries" in RECORD_COLUMNS
    country = "organisation_countries[i]" if has_countries else "NULL"
    # Only the columns used are read: the records' text never leaves the Parquet files.
    columns = ", ".join(MENTION_COLUMNS + (("organisation_countries",) if has_countries else ()))
    return f"""
        SELECT r.record_id, m.initiative_id,
               coalesce(r.language, '') AS lang, coalesce(r.source_country, '') AS source_country,
               r.organisations[i] AS name, r.organisation_keys[i] AS record_key,
               coalesce(r.organisation_roles[i], 'partner') AS role,
               nullif(CAST({country} AS VARCHAR), '') AS country,
               coalesce(CAST(json_extract(r.field_provenance, '$.organisations')
                             AS MAP(VARCHAR, VARCHAR))[r.organisations[i]], 'unknown') AS how
        FROM (
            SELECT {columns}, unnest(generate_series(1, len(organisations))) AS i
            FROM read_parquet(?, union_by_name = true)
        ) AS r
        LEFT JOIN read_parquet(?) AS m USING (record_id)
        WHERE r.organisations[i] <> ''
    """


def _rank_sql() -> str:
    ranks = " ".join(f"WHEN '{role}' THEN {n}" for n, role in enumerate(ROLES))
    return f"CASE role {ranks} ELSE {len(ROLES)} END"


# Each mention with its organisation: the described key, else the record's own.
_ENTITY_MENTIONS_SQL = """
    SELECT m.*, coalesce(f.key, m.record_key) AS key,
           'org_' || left(sha256(coalesce(f.key, m.record_key)), 12) AS org_id,
           f.display_name, f.acronym, f.legal_form, f.type, f.script
    FROM read_parquet(?) AS m
    JOIN read_parquet(?) AS f USING (name, lang, source_country)
    WHERE coalesce(f.key, m.record_key) <> ''
"""


def _initiative_organisations_sql() -> str:
    """Per initiative and organisation: the strongest role, and each record's evidence."""
    columns = ", ".join(f.name for f in INITIATIVE_ORGANISATION_FIELDS)
    return f"""
        SELECT {columns} FROM (
        SELECT initiative_id, org_id, arg_min(role, {_rank_sql()}) AS role,
               list(how || ' on ' || record_id || ' (' || role || ')'
                    ORDER BY record_id, how, role) AS evidence
        FROM (SELECT DISTINCT initiative_id, org_id, record_id, role, how FROM e
              WHERE initiative_id IS NOT NULL)
        GROUP BY initiative_id, org_id)
        ORDER BY initiative_id, org_id
    """


def _pick(column: str) -> str:
    """Per org_id, the ``column`` value most of its records give (ties: the earliest
    record's, then the smallest value)."""
    return f"""
        SELECT org_id, v AS {column} FROM (
            SELECT org_id, {column} AS v, count(DISTINCT record_id) AS n,
                   min(record_id) AS first
            FROM e WHERE {column} IS NOT NULL
            GROUP BY ALL
        ) QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY n DESC, first, v) = 1
    """


def _organisations_sql() -> str:
    """One row per org_id of the mentions ``e``; every list sorted, every choice with a
    tie-break, so the same records give the same rows."""
    # A described name (describe's English display name) beats names as written.
    display = """
        SELECT org_id, v AS display_name FROM (
            SELECT org_id, coalesce(display_name, name) AS v,
                   bool_or(display_name IS NOT NULL) AS described,
                   count(DISTINCT record_id) AS n, min(record_id) AS first
            FROM e GROUP BY ALL
        ) QUALIFY row_number() OVER (PARTITION BY org_id
                                     ORDER BY described DESC, n DESC, first, v) = 1
    """
    columns = ", ".join(f.name for f in ORGANISATION_FIELDS)
    picked = ("acronym", "country", "legal_form", "type")
    return f"""
        WITH base AS (
            SELECT org_id, min(key) AS key,
                   list(DISTINCT record_id ORDER BY record_id) AS record_ids,
                   count(DISTINCT record_id) AS record_count
            FROM e GROUP BY org_id
        ),
        names AS (
            SELECT org_id, list(s ORDER BY s) AS names FROM (
                SELECT DISTINCT org_id,
                       {{'name': name, 'lang': nullif(lang, ''), 'script': script}} AS s
                FROM e)
            GROUP BY org_id
        ),
        keys AS (
            SELECT org_id, list(k ORDER BY k) AS keys FROM (
                SELECT org_id, record_key AS k FROM e WHERE record_key <> ''
                UNION SELECT org_id, key FROM e)
            GROUP BY org_id
        ),
        roles AS (
            SELECT org_id, list({{'initiative_id': initiative_id, 'role': role}}
                                ORDER BY initiative_id) AS initiatives
            FROM io GROUP BY org_id
        ),
        display AS ({display}),
        {", ".join(f"{c} AS ({_pick(c)})" for c in picked)}
        SELECT {columns}
        FROM base LEFT JOIN names USING (org_id) LEFT JOIN keys USING (org_id)
        LEFT JOIN roles USING (org_id) LEFT JOIN display USING (org_id)
        {" ".join(f"LEFT JOIN {c} USING (org_id)" for c in picked)}
        ORDER BY org_id
    """


def write_organisations(
    files: list[Path], membership: Path, paths: dict[str, Path]
) -> OrganisationSummary:
    """Write ``paths`` organisations and initiative_organisations from the records in
    ``files`` and linking's record -> initiative ``membership`` file.

    Each file is replaced whole, so readers see the old tables or the new ones.
    """
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = {name: path.with_name(f".{path.name}.tmp") for name, path in paths.items()}
    work = Path(tempfile.mkdtemp(prefix=".organisations-", dir=paths["organisations"].parent))
    try:
        config = DUCKDB_CONFIG | {"temp_directory": str(work / "duckdb")}
        with duckdb.connect(config=config) as con:
            summary = _write(con, files, membership, tmp, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, path in paths.items():
        tmp[name].replace(path)
    return summary


def _write(
    con: duckdb.DuckDBPyConnection,
    files: list[Path],
    membership: Path,
    tmp: dict[str, Path],
    work: Path,
) -> OrganisationSummary:
    """Mentions -> facts of their distinct names -> entity mentions -> the two tables.

    Intermediate results are Parquet files in ``work``, not tables, so nothing of the
    records' size is held in memory between steps."""
    mentions, facts, entity = (work / f"{n}.parquet" for n in ("mentions", "facts", "e"))
    query = _mentions_sql() if files else _NO_MENTIONS_SQL
    params = [[str(p) for p in files], str(membership)] if files else []
    con.execute(f"COPY ({query}) TO ? (FORMAT parquet)", [*params, str(mentions)])
    names = _describe_all(con, mentions, facts)
    con.execute(
        f"COPY ({_ENTITY_MENTIONS_SQL}) TO ? (FORMAT parquet)",
        [str(mentions), str(facts), str(entity)],
    )
    con.read_parquet(str(entity)).create_view("e")
    con.execute(
        f"COPY ({_initiative_organisations_sql()}) TO ? (FORMAT parquet, COMPRESSION zstd)",
        [str(tmp["initiative_organisations"])],
    )
    con.read_parquet(str(tmp["initiative_organisations"])).create_view("io")
    con.execute(
        f"COPY ({_organisations_sql()}) TO ? (FORMAT parquet, COMPRESSION zstd)",
        [str(tmp["organisations"])],
    )
    (organisations,) = con.execute(
        "SELECT count(*) FROM read_parquet(?)", [str(tmp["organisations"])]
    ).fetchone() or (0,)
    (pairs,) = con.execute("SELECT count(*) FROM io").fetchone() or (0,)
    return OrganisationSummary(int(organisations), int(pairs), names)


# No records yet: empty tables with the same columns.
_NO_MENTIONS_SQL = """
    SELECT NULL::VARCHAR AS record_id, NULL::VARCHAR AS initiative_id, '' AS lang,
           '' AS source_country, '' AS name, '' AS record_key, '' AS role,
           NULL::VARCHAR AS country, '' AS how
    LIMIT 0
"""
