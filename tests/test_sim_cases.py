"""SIM cases (issue 17): sections in several languages, a case from three records, the release."""

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from transforms.sim_cases import build_case, case_document, classify
from transforms.sim_cases.lexicon import SECTIONS, section_cues

# Written for these tests, in the manner of project pages (not copied from any).
SECTION_SAMPLES = [
    ("problem", "sk", "Hlavnou výzvou regiónu je vysoká nezamestnanosť mladých ľudí bez praxe."),
    ("problem", "hu", "A térségben komoly kihívás a tartós munkanélküliség és a szegénység."),
    ("problem", "pl", "Wyzwaniem jest brak usług opiekuńczych dla osób starszych na wsi."),
    ("problem", "ro", "Principala provocare este lipsa locurilor de muncă pentru tinerii romi."),
    ("problem", "de", "Die größte Herausforderung ist der Mangel an bezahlbarem Wohnraum."),
    ("solution", "hu", "A projekt célja egy helyi foglalkoztatási modell kialakítása."),
    ("solution", "sk", "Cieľom projektu je zriadiť sieť komunitných centier v obciach."),
    ("solution", "pl", "Proponowane rozwiązanie to mobilny punkt doradztwa zawodowego."),
    ("solution", "en", "The approach pairs each jobseeker with a mentor from a local firm."),
    ("results", "cs", "Výsledky ukazují, že 120 účastníků našlo stálé zaměstnání."),
    ("results", "pl", "Wyniki projektu: 80 uczestników ukończyło szkolenia zawodowe."),
    ("results", "hu", "Az eredmények szerint a résztvevők kétharmada munkát talált."),
    ("results", "bg", "Постигнатите резултати включват 200 обучени младежи от общината."),
    ("transfer", "en", "The lessons learned can be replicated in other regions of the country."),
    ("transfer", "de", "Das Modell lässt sich auf andere Regionen übertragen und skalieren."),
    ("transfer", "sl", "Dobre prakse bomo prenesli v druge regije in nadaljevali po projektu."),
]
NEUTRAL = [
    ("sk", "Podujatie sa konalo v utorok v Bratislave."),
    ("hu", "A rendezvény kedden Budapesten volt."),
    ("en", "Contact us by email for the address of the venue."),
]


@pytest.mark.parametrize(("section", "lang", "text"), SECTION_SAMPLES)
def test_sentences_are_classified_in_their_language(section: str, lang: str, text: str) -> None:
    found, score, cues = classify(text, lang)
    assert found == section, (found, score, cues)
    assert cues


@pytest.mark.parametrize(("lang", "text"), NEUTRAL)
def test_sentences_without_cues_belong_to_no_section(lang: str, text: str) -> None:
    assert classify(text, lang)[0] is None


def test_lexicon_covers_the_24_eu_languages() -> None:
    languages = {
        "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
        "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
    }  # fmt: skip
    for name in SECTIONS:
        assert languages <= set(section_cues()[name].patterns), name


def _records() -> list[dict[str, object]]:
    base = {
        "record_type": "project", "countries": [], "funding_programmes": ["ESF+"],
        "start_date": None, "end_date": None, "budget_amount": None, "budget_currency": None,
        "budget_text": None, "policy_areas": [], "target_groups": [], "body_en": None,
        "title_en": None,
    }  # fmt: skip
    return [
        base
        | {
            "record_id": "r1",
            "language": "hu",
            "title_lang": "hu",
            "body_lang": "hu",
            "title": "Közösségi Műhely projekt",
            "body": "A vidéki térségekben komoly probléma a fiatalok munkanélkülisége.\n"
            "A projekt célja egy közösségi műhely kialakítása helyi vállalkozásokkal.\n"
            "A projekt költségvetése 1,2 millió euró.",
            "body_en": "In rural areas youth unemployment is a serious problem.\n"
            "The aim of the project is to set up a community workshop with local firms.\n"
            "The project's budget is 1.2 million euros.",
            "title_en": "Community Workshop project",
            "countries": ["HU"],
            "start_date": "2024-01",
            "end_date": "2026-12",
            "budget_amount": 1_200_000.0,
            "budget_currency": "EUR",
            "budget_text": "1,2 millió euró",
            "target_groups": ["young_people"],
            "policy_areas": ["a"],
        },
        base
        | {
            "record_id": "r2",
            "language": "sk",
            "title_lang": "sk",
            "body_lang": "sk",
            "title": "Projekt Komunitná dielňa",
            "body": "Výsledky prvého roka: 150 účastníkov absolvovalo školenia v dielni.\n"
            "Skúsenosti z projektu chceme preniesť do iných regiónov.",
            "countries": ["SK"],
            "start_date": "2024-01",
            "end_date": "2026-12",
        },
        base
        | {
            "record_id": "r3",
            "language": "en",
            "title_lang": "en",
            "body_lang": "en",
            "title": "Community Workshop",
            "body": "The workshop model pairs young jobseekers with craftspeople.",
            "policy_areas": ["a", "h"],
        },
    ]


def _organisations() -> list[dict[str, object]]:
    return [
        {"org_id": "org_b", "name": "Szlovák Partner n.o.", "role": "partner", "country": "SK",
         "evidence": ["selector on r2 (partner)"]},
        {"org_id": "org_a", "name": "Műhely Alapítvány", "role": "lead", "country": "HU",
         "evidence": ["selector on r1 (lead)"]},
    ]  # fmt: skip


def test_a_case_from_three_records_in_three_languages() -> None:
    initiative = {
        "initiative_id": "init_1", "countries": ["HU", "SK"], "funding_programmes": ["ESF+"],
        "start_date": "2024-01", "end_date": "2026-12",
    }  # fmt: skip
    case = build_case(initiative, _records(), _organisations())
    assert case["title"] == "Community Workshop" and case["title_lang"] == "en"
    (problem,) = case["problem"]
    assert problem["record_id"] == "r1" and problem["lang"] == "hu"
    assert problem["text_en"] == "In rural areas youth unemployment is a serious problem."
    assert case["problem_text"] == problem["text_en"]
    assert case["solution"][0]["record_id"] == "r1"
    assert [s["record_id"] for s in case["results"]] == ["r2"]
    assert [s["record_id"] for s in case["transfer"]] == ["r2"]
    # The Slovak sentences have no English: shown in the original, flagged.
    assert case["results"][0]["text_en"] is None
    assert {"results", "transfer"} <= set(case["untranslated"])
    assert case["lead_organisation"] == "Műhely Alapítvány"
    assert [(p["name"], p["role"]) for p in case["partners"]] == [
        ("Műhely Alapítvány", "lead"),
        ("Szlovák Partner n.o.", "partner"),
    ]
    assert case["level_of_action"] == "transnational"
    assert (case["budget_amount"], case["budget_currency"]) == (1_200_000.0, "EUR")
    assert case["budget_text"] == "1,2 millió euró"
    assert case["programming_period"] == "2021-2027"
    assert case["initiative_type"].startswith("project")
    assert case["themes"] == ["a", "h"] and case["target_groups"] == ["young_people"]
    assert case["languages"] == ["en", "hu", "sk"]
    by_field = {}
    for item in case["evidence"]:
        by_field.setdefault(item["field"], []).append(item)
    assert by_field["budget"][0]["record_id"] == "r1"
    assert by_field["budget"][0]["lang"] == "hu"
    assert {e["record_id"] for e in by_field["partners"]} == {"r1", "r2"}
    assert by_field["problem"][0]["via"].startswith("sentence")
    assert by_field["funding"][0]["text"] == "ESF+"
    document = case_document(case)
    assert document["problem_addressed"]["translated"] is True
    assert document["key_results_and_benefits"]["translated"] is False
    assert document["budget"]["value"]["currency"] == "EUR"
    assert document["partners"]["evidence"]


def test_programming_period_from_dates_and_text() -> None:
    from transforms.sim_cases.fields import programming_period

    assert programming_period("2021-05", "2023-04", [], ["EaSI"])[0] == "2014-2020"
    assert programming_period("2016", "2018", [], [])[0] == "2014-2020"
    assert programming_period("2022-01", "2025-06", [], [])[0] == "2021-2027"
    text = [{"record_id": "x", "body": "Financované z OP v programovom období 2014 – 2020."}]
    assert programming_period(None, None, text, [])[0] == "2014-2020"
    assert programming_period(None, None, [], ["ESF+"])[0] == "2021-2027"
    assert programming_period(None, None, [], [])[0] is None


def test_level_of_action_from_text() -> None:
    from transforms.sim_cases.fields import level_of_action

    local = [{"record_id": "x", "language": "pl", "body": "Projekt lokalny w gminie Wola."}]
    assert level_of_action(["PL"], local)[0] == "local"
    national = [{"record_id": "y", "language": "hu", "body": "Országos program a minisztérium "
                 "támogatásával."}]  # fmt: skip
    assert level_of_action(["HU"], national)[0] == "national"
    # Every EU language has its cues, e.g. Dutch and Finnish.
    dutch = [{"record_id": "z", "language": "nl", "body": "Een project van de gemeente Gent."}]
    assert level_of_action(["BE"], dutch)[0] == "local"
    finnish = [{"record_id": "w", "language": "fi", "body": "Valtakunnallinen ohjelma alkaa."}]
    assert level_of_action(["FI"], finnish)[0] == "national"


def test_release_holds_sim_cases_parquet_and_one_json_per_case(tmp_path: Path) -> None:
    from transforms.schema import INITIATIVE_SCHEMA, RECORD_SCHEMA
    from warehouse.lake import write_parquet_atomic
    from warehouse.release import publish_release
    from warehouse.sim_cases import write_sim_cases
    from warehouse.store import load_warehouse

    gold = tmp_path / "gold"
    gold.mkdir()
    records = [
        {f.name: None for f in RECORD_SCHEMA}
        | r
        | {"source_id": "hu_x", "url": f"https://x/{r['record_id']}", "fetched_at": "2025",
           "content_hash": r["record_id"], "initiative_id": "init_1"}
        for r in _records()
    ]  # fmt: skip
    record_file = tmp_path / "records.parquet"
    write_parquet_atomic(pa.Table.from_pylist(records, schema=RECORD_SCHEMA), record_file)
    paths = {
        "initiatives": gold / "initiatives.parquet",
        "membership": gold / "record_initiatives.parquet",
        "links": gold / "record_links.parquet",
        "organisations": gold / "organisations.parquet",
        "initiative_organisations": gold / "initiative_organisations.parquet",
    }
    criteria_evidence = [
        {
            "criterion": "objectives",
            "score": 2,
            "lang": "en",
            "cues": ["lack"],
            "sentence": "Young people lack jobs.",
            "record_id": "r1",
        }
    ]
    initiative = {"initiative_id": "init_1", "title": "Community Workshop",
                  "countries": ["HU", "SK"], "funding_programmes": ["ESF+"],
                  "record_ids": ["r1", "r2", "r3"], "si_objectives": 2, "si_actors": 1,
                  "si_outputs": 0, "si_innovativeness": 1, "si_score": 4,
                  "si_evidence": json.dumps(criteria_evidence)}  # fmt: skip
    pq.write_table(
        pa.Table.from_pylist([initiative], schema=INITIATIVE_SCHEMA), paths["initiatives"]
    )
    pq.write_table(
        pa.table({"record_id": ["r1", "r2", "r3"], "initiative_id": ["init_1"] * 3}),
        paths["membership"],
    )
    from transforms.schema import arrow_schema
    from warehouse.organisation_schema import (
        INITIATIVE_ORGANISATION_FIELDS,
        ORGANISATION_FIELDS,
    )

    orgs = [{"org_id": o["org_id"], "key": o["org_id"], "display_name": o["name"],
             "country": o["country"], "record_ids": ["r1"], "record_count": 1}
            for o in _organisations()]  # fmt: skip
    links = [{"initiative_id": "init_1", "org_id": o["org_id"], "role": o["role"],
              "evidence": o["evidence"]} for o in _organisations()]  # fmt: skip
    pq.write_table(
        pa.Table.from_pylist(orgs, schema=arrow_schema(ORGANISATION_FIELDS)),
        paths["organisations"],
    )
    pq.write_table(
        pa.Table.from_pylist(links, schema=arrow_schema(INITIATIVE_ORGANISATION_FIELDS)),
        paths["initiative_organisations"],
    )
    cases = gold / "sim_cases.parquet"
    assert write_sim_cases([record_file], paths, cases) == 1
    db = tmp_path / "w.duckdb"
    load_warehouse(db, [record_file], [], paths | {"sim_cases": cases})
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT lead_organisation, budget_currency FROM sim_cases").fetchone()
    assert row == ("Műhely Alapítvány", "EUR")
    folder = publish_release(db, tmp_path / "releases", "v1")
    table = pq.read_table(folder / "sim_cases.parquet").to_pylist()
    assert [c["initiative_id"] for c in table] == ["init_1"]
    document = json.loads((folder / "sim_cases" / "init_1.json").read_text())
    assert document["problem_addressed"]["sentences"][0]["record_id"] == "r1"
    assert document["lead_organisation"]["value"] == "Műhely Alapítvány"
    # ESID's criteria: the initiative's scores, with the sentences behind them.
    assert (table[0]["si_score"], table[0]["si_objectives"]) == (4, 2)
    assert table[0]["si_evidence"][0]["record_id"] == "r1"
    criteria = document["social_innovation_criteria"]
    assert criteria["objectives"]["score"] == 2 and criteria["total"] == 4
    assert criteria["objectives"]["evidence"][0]["sentence"] == "Young people lack jobs."
    assert criteria["outputs"] == {"score": 0, "evidence": []}
    sums = (folder / "SHA256SUMS").read_text()
    assert "sim_cases/init_1.json" in sums and "sim_cases.parquet" in sums
    package = json.loads((folder / "datapackage.json").read_text())
    assert "sim_cases" in {r["name"] for r in package["resources"]}


def test_cases_from_initiatives_written_before_the_criteria(tmp_path: Path) -> None:
    from warehouse.sim_cases import _criteria_columns, case_criteria

    old = tmp_path / "initiatives.parquet"
    pq.write_table(pa.table({"initiative_id": ["init_1"]}), old)
    assert "NULL::BIGINT AS si_score" in _criteria_columns(old)
    assert case_criteria({"si_score": None, "si_evidence": "not json"})["si_evidence"] == []
