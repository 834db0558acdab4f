"""The organisation entity tables, defined once: Parquet schema, DuckDB DDL and documentation.

``transforms.schema.Field`` maps only flat types to DuckDB; these tables hold lists of
structs (an organisation's names, its initiatives), so their DDL is derived here.
"""

from __future__ import annotations

import pyarrow as pa

from transforms.schema import Field

NAME_TYPE = pa.struct([("name", pa.string()), ("lang", pa.string()), ("script", pa.string())])
INITIATIVE_ROLE_TYPE = pa.struct([("initiative_id", pa.string()), ("role", pa.string())])
# Strongest first: an organisation that leads one record of an initiative and is a partner in
# another leads the initiative; a funder outranks partners (it is named as the funder).
ROLES = ("lead", "funder", "partner", "associated_partner")

ORGANISATION_FIELDS: tuple[Field, ...] = (
    Field("org_id", pa.string(), "Stable ID: 'org_' and the first 12 hex digits of the "
          "SHA-256 of key.", required=True),
    Field("key", pa.string(), "The organisation's matching key (one across languages and "
          "scripts).", required=True),
    Field("display_name", pa.string(), "Name to show: the most frequent name (the described "
          "English name where there is one; ties: the earliest record's)."),
    Field("names", pa.list_(NAME_TYPE), "Every name as written, with the language of the record "
          "it was written in and its script (ISO 15924: Latn, Cyrl, Grek ...)."),
    Field("keys", pa.list_(pa.string()), "The records' matching keys (organisation_keys) that "
          "were resolved to this organisation, and key."),
    Field("acronym", pa.string(), "Acronym, where a name carries one."),
    Field("country", pa.string(), "ISO 3166-1 alpha-2: the country most of its records give it "
          "(organisation_countries; ties: the earliest record's); empty if none does."),
    Field("legal_form", pa.string(), "Legal form as written in a name (Kft., GmbH, s.r.o. ...)."),
    Field("type", pa.string(), "public_authority, ngo, university, company, foundation, "
          "network or other."),
    Field("record_ids", pa.list_(pa.string()), "The records naming it.", required=True),
    Field("initiatives", pa.list_(INITIATIVE_ROLE_TYPE), "The initiatives it takes part in, "
          "with its role in each (as in initiative_organisations)."),
    Field("record_count", pa.int64(), "Number of records naming it.", required=True),
)  # fmt: skip

INITIATIVE_ORGANISATION_FIELDS: tuple[Field, ...] = (
    Field("initiative_id", pa.string(), "The initiative.", required=True),
    Field("org_id", pa.string(), "The organisation (organisations.org_id).", required=True),
    Field("role", pa.string(), "Its strongest role over the initiative's records: lead > funder "
          "> partner > associated_partner.", required=True),
    Field("evidence", pa.list_(pa.string()), "Where each record names it: '<how> on <record_id> "
          "(<role>)', how as in the record's field_provenance.organisations (selector, text: "
          "legal form ...)."),
)  # fmt: skip

ORGANISATION_KEY = ("org_id",)
INITIATIVE_ORGANISATION_KEY = ("initiative_id", "org_id")


def duckdb_type(arrow: pa.DataType) -> str:
    """DuckDB's name for an Arrow type, nested types included."""
    if pa.types.is_list(arrow):
        return f"{duckdb_type(arrow.value_type)}[]"
    if pa.types.is_struct(arrow):
        members = ", ".join(f"{f.name} {duckdb_type(f.type)}" for f in arrow)
        return f"STRUCT({members})"
    return {"string": "VARCHAR", "double": "DOUBLE", "int64": "BIGINT"}[str(arrow)]


def type_name(arrow: pa.DataType) -> str:
    """How the data dictionary writes a type: 'list of {name, lang, script}'."""
    if pa.types.is_list(arrow):
        item = type_name(arrow.value_type)
        return f"list of {item}" if pa.types.is_struct(arrow.value_type) else f"list of {item}s"
    if pa.types.is_struct(arrow):
        return "{" + ", ".join(f.name for f in arrow) + "}"
    return {"string": "string", "double": "float", "int64": "integer"}[str(arrow)]


def entity_table_ddl(table: str, fields: tuple[Field, ...], key: tuple[str, ...]) -> str:
    columns = ",\n  ".join(
        f"{f.name} {duckdb_type(f.arrow)}{' NOT NULL' if f.required else ''}" for f in fields
    )
    return f"CREATE TABLE {table} (\n  {columns},\n  PRIMARY KEY ({', '.join(key)})\n)"
