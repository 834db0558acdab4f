"""Organisations as entities: one row per organisation whatever the language or script it is
written in, its roles in each initiative, and both tables in the warehouse and the release."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import frictionless
import pyarrow as pa
import pyarrow.parquet as pq

from transforms.organisations import organisation_key
from transforms.schema import (
    INITIATIVE_FIELDS,
    INITIATIVE_SCHEMA,
    RECORD_FIELDS,
    RECORD_SCHEMA,
)
from warehouse.lake import write_parquet_atomic
from warehouse.organisation_schema import INITIATIVE_ORGANISATION_FIELDS, ORGANISATION_FIELDS
from warehouse.organisations import organisation_paths, write_organisations
from warehouse.release import publish_release
from warehouse.store import load_warehouse

# (name as written, role, how it was found, country) per organisation a record names.
Org = tuple[str, str, str, str | None]


def _record(rid: str, source: str, lang: str, orgs: list[Org]) -> dict[str, object]:
    row: dict[str, object] = {f.name: None for f in RECORD_FIELDS}
    row |= {
        "record_id": rid,
        "source_id": source,
        "url": f"https://{source}.example/{rid}/",
        "fetched_at": "2026-01-01T00:00:00+00:00",
        "content_hash": "h",
        "title": f"Project page {rid}",
        "language": lang,
        "source_country": source[:2].upper(),
        "organisations": [name for name, _, _, _ in orgs],
        "organisation_keys": [organisation_key(name, lang) for name, _, _, _ in orgs],
        "organisation_roles": [role for _, role, _, _ in orgs],
        "organisation_countries": [country for _, _, _, country in orgs],
        "field_provenance": json.dumps(
            {"organisations": {name: how for name, _, how, _ in orgs}}, ensure_ascii=False
        ),
    }
    return row


# IFKA is named three times, in Hungarian and Slovak (Latin) and Bulgarian (Cyrillic), over
# two initiatives; the Slovak page calls it the lead of its own project. Nadácia Pontis and
# Nadácia Orange share a word and a country but are two foundations. The cooperative is in no
# alias list: its Latin and Cyrillic spellings meet through transliteration.
RECORDS = [
    _record("r1", "hu_ifka", "hu", [
        ("IFKA Közhasznú Nonprofit Kft.", "lead", "selector", "HU"),
        ("Zentrum für Soziale Innovation GmbH", "partner", "selector", "AT"),
        ("Nadácia Pontis", "funder", "text: type word Nadácia", "SK"),
        ("Kooperativa Solidarnost", "partner", "selector", "BG"),
    ]),
    _record("r2", "bg_sofia", "bg", [
        ("Асоциация за развитие на София", "lead", "selector", "BG"),
        ("ИФКА", "partner", "selector", "HU"),
        ("Nadácia Pontis", "partner", "selector", None),
        ("Кооператива Солидарност", "partner", "selector", "BG"),
    ]),
    _record("r3", "sk_socialneinovacie", "sk", [
        ("IFKA Nonprofit Kft.", "lead", "text: legal form Nonprofit Kft.", "SK"),
        ("Nadácia Orange", "associated_partner", "selector", "SK"),
    ]),
    _record("r4", "pl_efs", "pl", []),  # names nobody: no row anywhere
]  # fmt: skip
MEMBERSHIP = {"r1": "init_a", "r2": "init_a", "r3": "init_b", "r4": "init_c"}


def _gold(tmp_path: Path, records: list[dict[str, object]] = RECORDS) -> dict[str, Path]:
    silver = tmp_path / "silver.parquet"
    write_parquet_atomic(pa.Table.from_pylist(records, schema=RECORD_SCHEMA), silver)
    membership = tmp_path / "gold" / "record_initiatives.parquet"
    write_parquet_atomic(
        pa.table(
            {"record_id": list(MEMBERSHIP), "initiative_id": list(MEMBERSHIP.values())},
        ),
        membership,
    )
    paths = organisation_paths(tmp_path)
    write_organisations([silver], membership, paths)
    initiatives = [
        {f.name: None for f in INITIATIVE_FIELDS}
        | {
            "initiative_id": i,
            "title": f"Initiative {i}",
            "record_ids": sorted(r for r, of in MEMBERSHIP.items() if of == i),
        }
        for i in sorted(set(MEMBERSHIP.values()))
    ]
    write_parquet_atomic(
        pa.Table.from_pylist(initiatives, schema=INITIATIVE_SCHEMA),
        tmp_path / "gold" / "initiatives.parquet",
    )
    return {
        "silver": silver,
        "membership": membership,
        "initiatives": tmp_path / "gold" / "initiatives.parquet",
        **paths,
    }


def _organisations(paths: dict[str, Path]) -> dict[str, dict[str, object]]:
    rows = pq.read_table(paths["organisations"]).to_pylist()
    return {row["key"]: row for row in rows}


def test_one_organisation_in_three_records_two_scripts_is_one_row(tmp_path: Path) -> None:
    orgs = _organisations(_gold(tmp_path))
    ifka = orgs["ifka"]
    assert ifka["org_id"].startswith("org_") and len(ifka["org_id"]) == 16
    assert ifka["record_ids"] == ["r1", "r2", "r3"]
    assert ifka["record_count"] == 3
    assert ifka["names"] == [
        {"name": "IFKA Közhasznú Nonprofit Kft.", "lang": "hu", "script": "Latn"},
        {"name": "IFKA Nonprofit Kft.", "lang": "sk", "script": "Latn"},
        {"name": "ИФКА", "lang": "bg", "script": "Cyrl"},
    ]
    assert ifka["keys"] == ["ifka"]
    # Lead of r1 and a partner in r2 (same initiative): it leads init_a.
    assert ifka["initiatives"] == [
        {"initiative_id": "init_a", "role": "lead"},
        {"initiative_id": "init_b", "role": "lead"},
    ]
    # The alias list's English name beats the names as written.
    assert ifka["display_name"] == "IFKA Public Benefit Non-Profit Ltd."
    assert (ifka["acronym"], ifka["type"]) == ("IFKA", "public_authority")  # 2 records of 3
    assert ifka["legal_form"] == "Nonprofit Kft."


def test_names_in_two_scripts_meet_without_an_alias_list(tmp_path: Path) -> None:
    coop = _organisations(_gold(tmp_path))["kooperativa solidarnost"]
    assert coop["names"] == [
        {"name": "Kooperativa Solidarnost", "lang": "hu", "script": "Latn"},
        {"name": "Кооператива Солидарност", "lang": "bg", "script": "Cyrl"},
    ]
    # Once each: the earliest record's name is shown.
    assert coop["display_name"] == "Kooperativa Solidarnost"
    assert coop["initiatives"] == [{"initiative_id": "init_a", "role": "partner"}]


def test_different_organisations_stay_apart(tmp_path: Path) -> None:
    orgs = _organisations(_gold(tmp_path))
    assert sorted(orgs) == [
        "ifka",
        "kooperativa solidarnost",
        "nadacia orange",
        "nadacia pontis",
        "sofia development association",
        "zentrum fur soziale innovation",
    ]
    assert len({row["org_id"] for row in orgs.values()}) == 6
    assert orgs["nadacia pontis"]["record_ids"] == ["r1", "r2"]
    assert orgs["nadacia orange"]["record_ids"] == ["r3"]
    sofia = orgs["sofia development association"]
    assert sofia["names"] == [
        {"name": "Асоциация за развитие на София", "lang": "bg", "script": "Cyrl"}
    ]
    assert sofia["display_name"] == "Sofia Development Association"


def test_initiative_roles_are_the_strongest_with_each_records_evidence(tmp_path: Path) -> None:
    paths = _gold(tmp_path)
    ids = {key: row["org_id"] for key, row in _organisations(paths).items()}
    names = {org_id: key for key, org_id in ids.items()}
    rows = pq.read_table(paths["initiative_organisations"]).to_pylist()
    assert [(r["initiative_id"], r["org_id"]) for r in rows] == sorted(
        (r["initiative_id"], r["org_id"]) for r in rows
    )
    roles = {(r["initiative_id"], names[r["org_id"]]): r["role"] for r in rows}
    assert roles == {
        ("init_a", "ifka"): "lead",
        ("init_a", "zentrum fur soziale innovation"): "partner",
        ("init_a", "nadacia pontis"): "funder",  # funder in r1 beats partner in r2
        ("init_a", "sofia development association"): "lead",
        ("init_a", "kooperativa solidarnost"): "partner",
        ("init_b", "ifka"): "lead",
        ("init_b", "nadacia orange"): "associated_partner",
    }
    evidence = {(r["initiative_id"], names[r["org_id"]]): r["evidence"] for r in rows}
    assert evidence[("init_a", "ifka")] == ["selector on r1 (lead)", "selector on r2 (partner)"]
    assert evidence[("init_b", "ifka")] == ["text: legal form Nonprofit Kft. on r3 (lead)"]
    assert pq.read_table(paths["initiative_organisations"]).schema.names == [
        f.name for f in INITIATIVE_ORGANISATION_FIELDS
    ]


def test_country_is_the_majority_of_the_records(tmp_path: Path) -> None:
    orgs = _organisations(_gold(tmp_path))
    assert orgs["ifka"]["country"] == "HU"  # HU, HU, SK
    assert orgs["nadacia pontis"]["country"] == "SK"  # SK and no country
    assert orgs["nadacia orange"]["country"] == "SK"


def test_country_tie_goes_to_the_earliest_record(tmp_path: Path) -> None:
    records = [
        _record("r1", "sk_socialneinovacie", "sk", [("EAPN", "partner", "selector", "SK")]),
        _record("r2", "bg_sofia", "bg", [("EAPN", "partner", "selector", "BE")]),
    ]
    orgs = _organisations(_gold(tmp_path, records))
    assert orgs["eapn"]["country"] == "SK"


def _release(tmp_path: Path, version: str) -> Path:
    paths = _gold(tmp_path)
    db = tmp_path / "w.duckdb"
    load_warehouse(db, [paths["silver"]], [], paths)
    return publish_release(db, tmp_path / "releases", version)


def test_warehouse_holds_both_tables_and_the_consortia_view(tmp_path: Path) -> None:
    paths = _gold(tmp_path)
    db = tmp_path / "w.duckdb"
    load_warehouse(db, [paths["silver"]], [], paths)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM organisations").fetchone() == (6,)
        assert con.execute("SELECT count(*) FROM initiative_organisations").fetchone() == (7,)
        lead = con.execute(
            "SELECT initiative, display_name FROM consortia "
            "WHERE initiative_id = 'init_b' AND role = 'lead'"
        ).fetchall()
    assert lead == [("Initiative init_b", "IFKA Public Benefit Non-Profit Ltd.")]


def test_release_holds_both_files_described_by_the_package(tmp_path: Path) -> None:
    folder = _release(tmp_path, "v1")
    for name in ("organisations", "initiative_organisations"):
        assert (folder / f"{name}.parquet").exists() and (folder / f"{name}.csv").exists()
    table = pq.read_table(folder / "organisations.parquet")
    assert table.schema.names == [f.name for f in ORGANISATION_FIELDS]
    assert table.num_rows == 6
    package = json.loads((folder / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    for name, fields in (
        ("organisations", ORGANISATION_FIELDS),
        ("initiative_organisations", INITIATIVE_ORGANISATION_FIELDS),
    ):
        for resource in (resources[name], resources[f"{name}-csv"]):
            assert [f["name"] for f in resource["schema"]["fields"]] == [f.name for f in fields]
    assert resources["initiative_organisations-csv"]["schema"]["primaryKey"] == [
        "initiative_id",
        "org_id",
    ]
    # The CSV tables validate: types, keys, and the org_id/initiative_id foreign keys.
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    sums = (folder / "SHA256SUMS").read_text()
    dcat = (folder / "dcat.jsonld").read_text()
    for name in ("organisations", "initiative_organisations"):
        for suffix in (".parquet", ".csv"):
            assert f"  {name}{suffix}\n" in sums
            assert f'"{name}{suffix}#distribution"' in dcat


def test_same_records_give_byte_identical_files(tmp_path: Path) -> None:
    first = _release(tmp_path / "one", "v1")
    gold_first = {n: (tmp_path / "one" / "gold" / f"{n}.parquet").read_bytes()
                  for n in ("organisations", "initiative_organisations")}  # fmt: skip
    second = _release(tmp_path / "two", "v1")
    for name in ("organisations", "initiative_organisations"):
        for suffix in (".parquet", ".csv"):
            assert (first / f"{name}{suffix}").read_bytes() == (
                second / f"{name}{suffix}"
            ).read_bytes()
        assert (tmp_path / "two" / "gold" / f"{name}.parquet").read_bytes() == gold_first[name]


def test_no_records_give_empty_tables(tmp_path: Path) -> None:
    membership = tmp_path / "m.parquet"
    paths = organisation_paths(tmp_path)
    summary = write_organisations([], membership, paths)
    assert summary.organisations == 0
    assert pq.read_table(paths["organisations"]).num_rows == 0
