"""``datapackage.json``: a Frictionless Data Package describing a release's tables.

The field list, types, descriptions and required flags come from ``transforms.schema``, so the
package cannot drift from the files. Every resource carries its byte size and SHA-256, which
``frictionless validate`` checks; the CSV tables are also checked for types, required fields,
primary keys and the foreign keys (records -> initiatives; initiative_organisations ->
initiatives and organisations).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa

from transforms.schema import INITIATIVE_FIELDS, RELEASE_RECORD_FIELDS, Field
from warehouse.lake import file_sha256
from warehouse.organisation_schema import (
    INITIATIVE_ORGANISATION_FIELDS,
    INITIATIVE_ORGANISATION_KEY,
    ORGANISATION_FIELDS,
    ORGANISATION_KEY,
)
from warehouse.sim_case_schema import SIM_CASE_FIELDS, SIM_CASE_KEY

PACKAGE_NAME = "si-harvest-social-innovation"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


def _field_type(arrow: pa.DataType) -> str:
    if pa.types.is_list(arrow):
        return "array"
    if pa.types.is_floating(arrow):
        return "number"
    if pa.types.is_integer(arrow):
        return "integer"
    return "string"


def table_schema(fields: tuple[Field, ...], key: tuple[str, ...]) -> dict[str, Any]:
    return {
        "fields": [
            {"name": f.name, "type": _field_type(f.arrow), "description": f.description}
            | ({"constraints": {"required": True}} if f.required else {})
            for f in fields
        ],
        "primaryKey": list(key),
        "missingValues": [""],
    }


def _file_facts(path: Path, sha256: Callable[[Path], str]) -> dict[str, Any]:
    return {
        "bytes": path.stat().st_size,
        "hash": "sha256:" + sha256(path),
    }


TABLE_DESCRIPTIONS = {
    "records": "One row per portal page describing an initiative, harmonised and translated "
    "to English.",
    "initiatives": "One row per initiative: records of the same initiative from different "
    "portals and languages, merged.",
    "organisations": "One row per organisation named in the records: its names as written "
    "in every language and script, keys, acronym, country, legal form, type and initiatives.",
    "initiative_organisations": "Which organisation takes part in which initiative, with its "
    "role and the records that say so.",
    "sim_cases": "One Social Innovation Match case per initiative: SIM's template fields "
    "(problem, solution, results, transfer, partners, budget, period ...), each with its "
    "evidence and language; also one JSON per case under sim_cases/.",
}
# Columns of a table that point at another table's key: (columns, resource, its columns).
FOREIGN_KEYS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "records": (("initiative_id", "initiatives", "initiative_id"),),
    "initiative_organisations": (
        ("initiative_id", "initiatives", "initiative_id"),
        ("org_id", "organisations", "org_id"),
    ),
    "sim_cases": (("initiative_id", "initiatives", "initiative_id"),),
}


def _resources(name: str, fields: tuple[Field, ...], key: tuple[str, ...]) -> list[dict[str, Any]]:
    """The Parquet file (the product) and its CSV twin (the validated table) for one table.

    Frictionless reads Parquet through pandas, which turns list cells into numpy arrays that
    its ``array`` type rejects; so the Parquet files are declared as files (byte size and hash
    checked) that carry the same Table Schema as documentation, and the CSV files, holding the
    same rows, are validated as tables.
    """
    schema = table_schema(fields, key)
    foreign = [
        {"fields": [column], "reference": {"resource": f"{other}-csv", "fields": [other_key]}}
        for column, other, other_key in FOREIGN_KEYS.get(name, ())
    ]
    table = schema | ({"foreignKeys": foreign} if foreign else {})
    return [
        {
            "name": name,
            "type": "file",
            "path": f"{name}.parquet",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "description": TABLE_DESCRIPTIONS[name],
            "schema": schema,
        },
        {
            "name": f"{name}-csv",
            "type": "table",
            "path": f"{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": f"{TABLE_DESCRIPTIONS[name]} CSV; list columns as JSON arrays.",
            "schema": table,
        },
    ]


def build_datapackage(
    folder: Path, version: str, sha256: Callable[[Path], str] = file_sha256
) -> dict[str, Any]:
    """The package for the release files in ``folder`` (written before this is called)."""
    resources = [
        *_resources("records", RELEASE_RECORD_FIELDS, ("record_id",)),
        *_resources("initiatives", INITIATIVE_FIELDS, ("initiative_id",)),
        *_resources("organisations", ORGANISATION_FIELDS, ORGANISATION_KEY),
        *_resources(
            "initiative_organisations", INITIATIVE_ORGANISATION_FIELDS, INITIATIVE_ORGANISATION_KEY
        ),
        *_resources("sim_cases", SIM_CASE_FIELDS, SIM_CASE_KEY),
    ]
    for resource in resources:
        resource |= _file_facts(folder / resource["path"], sha256)
    return {
        "name": PACKAGE_NAME,
        "title": "SI Harvest: European social-innovation initiatives",
        "description": "Social-innovation initiatives funded by ESF+ and EaSI, collected "
        "from national competence-centre portals, translated to English and linked across "
        "portals and languages.",
        "version": version,
        "licenses": [LICENSE],
        "keywords": ["social innovation", "ESF+", "EaSI", "European Union"],
        "resources": resources,
    }


def write_datapackage(
    folder: Path, version: str, sha256: Callable[[Path], str] = file_sha256
) -> None:
    package = build_datapackage(folder, version, sha256)
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n")
