"""The whole pipeline on the built-in snapshot: the Dagster jobs, DuckDB and the release."""

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from dagster import DagsterInstance

from pipelines.definitions import PUBLISH_JOB, build_definitions
from pipelines.runner import refresh_everything
from pipelines.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
# The official DCAT-AP 3.0.0 SHACL shapes (SEMIC), copied so the tests need no network.
DCAT_AP_SHAPES = REPO / "tests" / "data" / "dcat-ap-3.0.0-SHACL.ttl"
# The five seed portals, with the language of their seed page and its real URL.
EXPECTED_LANGUAGES = {
    "hu_mgfu": "hu",
    "sk_mpsvr": "sk",
    "pl_innowacjespoleczne": "pl",
    "bg_social_innovations_club": "bg",
    "eu_esf_ro": "ro",
}
SEED_URLS = {
    "hu_mgfu": "https://mgfu.hu/en/article/international_relations/projects/socialinnovationplus",
    "sk_mpsvr": "https://www.mpsvr.sk/sk/uvodna-stranka/narodne-kompetencne-centrum-socialne-inovacie/",
    "pl_innowacjespoleczne": (
        "https://innowacjespoleczne.pl/aktualnosc/przyszlosc-zbudowana-na-przelomowych-innowacjach/"
    ),
    "bg_social_innovations_club": "https://social-innovations.club/the-project/",
    "eu_esf_ro": (
        "https://european-social-fund-plus.ec.europa.eu/ro/inovare-sociala-si-cooperare-transnationala"
    ),
}


@pytest.fixture(scope="module")
def first_run(snapshot_run: tuple[Path, str, Path]) -> tuple[Path, str, Path]:
    """``siharvest run`` as ``make run`` calls it, with a home folder that must stay empty
    (conftest's ``snapshot_run``, shared with the Celery test)."""
    return snapshot_run


def _records(data: Path) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(
            "SELECT record_id, source_id, language FROM records ORDER BY record_id"
        ).fetchall()


def test_run_prints_counts_and_paths(first_run: tuple[Path, str, Path]) -> None:
    data, stdout, _ = first_run
    version = (data / "releases" / "LATEST").read_text().strip()
    assert f"DuckDB warehouse: {data / 'warehouse.duckdb'}" in stdout
    assert f"Release {version}: {data / 'releases' / version}" in stdout
    for source, lang in EXPECTED_LANGUAGES.items():
        assert any(source in line and f" {lang} " in line for line in stdout.splitlines())


def test_every_portal_has_a_record_in_its_language(first_run: tuple[Path, str, Path]) -> None:
    data, _, _ = first_run
    found = {(source, lang) for _, source, lang in _records(data)}
    # Sources with language versions have records in several languages.
    assert set(EXPECTED_LANGUAGES.items()) <= found


def test_release_matches_warehouse(first_run: tuple[Path, str, Path]) -> None:
    data, _, _ = first_run
    version = (data / "releases" / "LATEST").read_text().strip()
    table = pq.read_table(data / "releases" / version / "records.parquet")
    # The issue's bar: at least 100 records from at least 14 sources.
    assert table.num_rows >= 100
    assert len(set(table.column("source_id").to_pylist())) >= 14
    assert table.column("record_id").to_pylist() == [r[0] for r in _records(data)]
    rows = table.to_pylist()
    # A page's main text, not a stub; an export row (kind csv/json) holds a project's summary.
    from spiders.sources import load_sources

    kinds = {name: source.kind for name, source in load_sources().items()}
    pages = [row for row in rows if kinds[row["source_id"]] in ("html", "wordpress")]
    assert all(row["title"] and len(row["body"]) > 500 for row in pages)
    exported = [row for row in rows if row not in pages]
    assert exported and all(row["title"] and len(row["body"]) > 200 for row in exported)
    seeds = {row["source_id"]: row for row in rows if row["url"] in SEED_URLS.values()}
    assert {source: row["body_lang"] for source, row in seeds.items()} == EXPECTED_LANGUAGES
    sk = seeds["sk_mpsvr"]
    assert "Hlavné menu" not in sk["body"] and "EURES" not in sk["body"]


def test_nothing_is_written_outside_the_data_root(first_run: tuple[Path, str, Path]) -> None:
    _, _, home = first_run
    assert [str(p.relative_to(home)) for p in home.rglob("*")] == []


def test_second_run_same_ids_no_duplicates_and_a_down_source_is_isolated(
    first_run: tuple[Path, str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, _, _ = first_run
    before = _records(data)
    first_release = (data / "releases" / "LATEST").read_text().strip()
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        first_seen = dict(con.execute("SELECT record_id, first_seen FROM records").fetchall())
    # A steward's YAML-only source whose portal is not in the snapshot: its site is "down".
    (tmp_path / "xx_down.yml").write_text(
        "publisher: Down\ncountry: AT\nlanguages: [de]\nstart_urls: [https://down.example/]\n"
        "allowed_domains: [down.example]\ndetail: ['^https://down\\.example/p/']\n"
        "expected_min: 0\n"
    )
    monkeypatch.setenv("SIH_DATA_DIR", str(data))
    monkeypatch.setenv("SIH_SOURCES_PATH", str(tmp_path))
    settings = load_settings()
    defs = build_definitions(settings)
    with DagsterInstance.ephemeral() as instance:
        report = refresh_everything(defs, instance, [*EXPECTED_LANGUAGES, "xx_down"])
    assert report.failed == ["xx_down"]
    assert sorted(report.succeeded) == sorted(EXPECTED_LANGUAGES)
    assert report.published
    assert _records(data) == before
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        again = dict(con.execute("SELECT record_id, first_seen FROM records").fetchall())
        down_issues = con.execute(
            "SELECT count(*) FROM crawl_issues WHERE source_id = 'xx_down' AND level = 'error'"
        ).fetchone()
    assert again == first_seen
    assert down_issues is not None and down_issues[0] >= 1
    second_release = (data / "releases" / "LATEST").read_text().strip()
    assert second_release != first_release
    assert (data / "releases" / first_release / "records.parquet").exists()


def test_quality_gate_blocks_the_release_and_keeps_latest(
    first_run: tuple[Path, str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source below its YAML expected_min fails a blocking check: no release, LATEST kept."""
    data, _, _ = first_run
    latest = (data / "releases" / "LATEST").read_text()
    releases = sorted(p.name for p in (data / "releases").iterdir())
    override = (REPO / "spiders" / "sources" / "pl_innowacjespoleczne.yml").read_text()
    (tmp_path / "pl_innowacjespoleczne.yml").write_text(
        override.replace("expected_min: 1", "expected_min: 50")
    )
    monkeypatch.setenv("SIH_DATA_DIR", str(data))
    monkeypatch.setenv("SIH_SOURCES_PATH", str(tmp_path))
    defs = build_definitions(load_settings())
    with DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def(PUBLISH_JOB).execute_in_process(
            instance=instance, raise_on_error=False
        )
    assert not result.success
    checks = {
        e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data.passed
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert checks["min_records_per_source"] is False
    assert checks["unique_record_ids"] is True
    assert (data / "releases" / "LATEST").read_text() == latest
    assert sorted(p.name for p in (data / "releases").iterdir()) == releases


def test_readme_queries_and_output_formats(
    first_run: tuple[Path, str, Path], tmp_path: Path
) -> None:
    """Every `siharvest query` example in the README runs against the warehouse."""
    import json
    import re
    import shlex

    from typer.testing import CliRunner

    from pipelines.cli import app

    data, _, _ = first_run
    readme = (REPO / "README.md").read_text()
    examples = [
        shlex.split(line)[2:]
        for line in re.findall(r"^\.venv/bin/siharvest query .+$", readme, flags=re.M)
    ]
    assert len(examples) >= 5
    runner = CliRunner()
    env = {"SIH_DATA_DIR": str(data)}
    for args in examples:
        args = [a.replace("records.csv", str(tmp_path / "records.csv")) for a in args]
        args = [a.replace("english.parquet", str(tmp_path / "english.parquet")) for a in args]
        out = runner.invoke(app, ["query", *args], env=env)
        assert out.exit_code == 0, (args, out.output)
    assert (tmp_path / "records.csv").read_text().startswith("record_id,")
    assert pq.read_table(tmp_path / "english.parquet").num_rows == len(_records(data))
    as_json = runner.invoke(
        app, ["query", "SELECT source_id FROM records ORDER BY 1", "--format", "json"], env=env
    )
    assert [r["source_id"] for r in json.loads(as_json.output)] == sorted(
        r[1] for r in _records(data)
    )
    bad = runner.invoke(app, ["query", "SELECT nope FROM records"], env=env)
    assert bad.exit_code != 0 and "query failed" in bad.output


def test_si_plus_pages_in_three_languages_are_one_initiative(
    first_run: tuple[Path, str, Path],
) -> None:
    """The required outcome on the snapshot (issue 5), from the release's initiatives.parquet."""
    data, _, _ = first_run
    version = (data / "releases" / "LATEST").read_text().strip()
    folder = data / "releases" / version
    rows = pq.read_table(folder / "initiatives.parquet").to_pylist()
    records = pq.read_table(folder / "records.parquet").to_pylist()
    url_of = {r["record_id"]: r["url"] for r in records}
    # The initiative of the Hungarian seed page (its 2024-2028 successor is called SI plus too).
    (si_plus,) = [r for r in rows if SEED_URLS["hu_mgfu"] in {url_of[i] for i in r["record_ids"]}]
    assert si_plus["acronym"] == "SIPLUS"
    # The three seed pages; the snapshot's other SI PLUS project pages may join them.
    assert {"bg_social_innovations_club", "hu_mgfu", "sk_mpsvr"} <= set(si_plus["sources"])
    # Its lead's and partners' countries, not every country its pages name.
    assert si_plus["countries"] == ["AT", "BG", "HU", "SK"]
    assert "EaSI" in si_plus["funding_programmes"]
    assert (si_plus["start_date"], si_plus["end_date"]) == ("2021-05", "2023-04")
    assert "Lechner, Reiter & Riesenfelder Social Research OG" in si_plus["organisations"]
    # The Polish seed (a SIM event) and the Romanian ESF+ seed page stay out of SI PLUS (they
    # only mention it), and so do the pages of the 2024-2028 successor.
    members = {url_of[i] for i in si_plus["record_ids"]}
    assert not {SEED_URLS["pl_innowacjespoleczne"], SEED_URLS["eu_esf_ro"]} & members
    successor = [r for r in records if "2024" in r["title"] and "SI" in r["title"]]
    assert successor and not {r["record_id"] for r in successor} & set(si_plus["record_ids"])
    # Each partner once, with its country, however its pages write it (aliases: IFKA is MGFÜ,
    # the Foundation for the Technical Development of the Industry; L&R Social Research).
    from transforms.organisations import organisation_key

    partners = {
        "Lechner, Reiter & Riesenfelder Social Research OG": "AT",
        "IFKA Közhasznú Nonprofit Kft.": "HU",
        "Ministerstvo práce, sociálnych vecí a rodiny SR": "SK",
        "Sofia Development Association": "BG",
    }
    organisations = pq.read_table(folder / "organisations.parquet").to_pylist()
    links = pq.read_table(folder / "initiative_organisations.parquet").to_pylist()
    mine = {link["org_id"] for link in links if link["initiative_id"] == si_plus["initiative_id"]}
    for name, country in partners.items():
        (entity,) = [
            o for o in organisations if o["org_id"] in mine and organisation_key(name) in o["keys"]
        ]
        assert entity["country"] == country, entity
    # Its Social Innovation Match case (issue 17): problem, solution, partners with roles,
    # countries, period and funding, each with its evidence, also as the case's JSON.
    (case,) = [
        c
        for c in pq.read_table(folder / "sim_cases.parquet").to_pylist()
        if c["initiative_id"] == si_plus["initiative_id"]
    ]
    assert case["problem"] and case["solution"], case
    roles = {p["name"]: p["role"] for p in case["partners"]}
    assert case["lead_organisation"] and roles[case["lead_organisation"]] == "lead", roles
    assert "partner" in roles.values()
    assert case["countries"] == ["AT", "BG", "HU", "SK"]
    assert case["level_of_action"] == "transnational"
    assert case["programming_period"] == "2014-2020"
    assert "EaSI" in case["funding"]
    assert {"problem", "solution", "partners", "countries", "funding", "programming_period"} <= {
        e["field"] for e in case["evidence"]
    }
    document = json.loads((folder / "sim_cases" / f"{case['initiative_id']}.json").read_text())
    assert document["problem_addressed"]["sentences"] and document["partners"]["evidence"]


def test_health_and_translation_views(first_run: tuple[Path, str, Path]) -> None:
    data, _, _ = first_run
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        health = con.execute(
            "SELECT source_id, records, issues_error FROM sources_health ORDER BY 1"
        ).fetchall()
        statuses = con.execute(
            "SELECT DISTINCT translation_status FROM translation_stats"
        ).fetchall()
    from spiders.sources import load_sources

    assert [h[0] for h in health] == sorted(load_sources())
    assert all(h[1] >= 1 for h in health)
    # pl_innowacjespoleczne and sk_mpsvr link to a page that is missing on purpose.
    seeds_with_errors = {h[0] for h in health if h[2] > 0 and h[0] in EXPECTED_LANGUAGES}
    assert seeds_with_errors == {"pl_innowacjespoleczne", "sk_mpsvr"}
    assert {s[0] for s in statuses} <= {"translated", "no_model", "source_is_english"}


def test_release_reads_the_same_in_pyarrow_pandas_polars_and_duckdb(
    first_run: tuple[Path, str, Path],
) -> None:
    """What downstream portals use: four readers, the same rows and IDs."""
    import pandas
    import polars

    data, _, _ = first_run
    folder = data / "releases" / (data / "releases" / "LATEST").read_text().strip()
    for name, key in (("records.parquet", "record_id"), ("initiatives.parquet", "initiative_id")):
        path = folder / name
        by_arrow = pq.read_table(path).column(key).to_pylist()
        by_pandas = pandas.read_parquet(path)[key].tolist()
        by_polars = polars.read_parquet(path)[key].to_list()
        with duckdb.connect() as con:
            by_duckdb = [
                r[0]
                for r in con.execute(f"SELECT {key} FROM read_parquet(?)", [str(path)]).fetchall()
            ]
        assert by_arrow == by_pandas == by_polars == by_duckdb == sorted(by_arrow)
    frame = pandas.read_csv(folder / "records.csv", dtype={"record_id": str})
    assert (
        sorted(frame["record_id"])
        == pq.read_table(folder / "records.parquet").column("record_id").to_pylist()
    )


def test_latest_release_holds_every_file_and_its_metadata_validates(
    first_run: tuple[Path, str, Path],
) -> None:
    """What a downstream portal and an EU data portal read: all files, valid descriptors."""
    import frictionless
    import pyshacl

    data, _, _ = first_run
    folder = data / "releases" / (data / "releases" / "LATEST").read_text().strip()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            *("records.parquet", "records.csv", "initiatives.parquet", "initiatives.csv"),
            *("organisations.parquet", "organisations.csv"),
            *("initiative_organisations.parquet", "initiative_organisations.csv"),
            *("sim_cases.parquet", "sim_cases.csv", "sim_cases"),
            *("datapackage.json", "dcat.jsonld", "CHANGES.json", "stats.json", "SHA256SUMS"),
            "site",
        ]
    )
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    assert [task.name for task in report.tasks] == [
        "records", "records-csv", "initiatives", "initiatives-csv", "organisations",
        "organisations-csv", "initiative_organisations", "initiative_organisations-csv",
        "sim_cases", "sim_cases-csv",
    ]  # fmt: skip

    conforms, _, text = pyshacl.validate(
        str(folder / "dcat.jsonld"), shacl_graph=str(DCAT_AP_SHAPES), data_graph_format="json-ld"
    )
    assert conforms, text
    dcat = json.loads((folder / "dcat.jsonld").read_text())
    dataset = next(node for node in dcat["@graph"] if node["@type"] == "dcat:Dataset")
    sizes = {
        d["dcat:accessURL"]["@id"]: d["dcat:byteSize"]["@value"]
        for d in dataset["dcat:distribution"]
    }
    assert sizes["records.parquet"] == str((folder / "records.parquet").stat().st_size)
    assert {s["@id"].rsplit("/", 1)[1] for s in dataset["dct:spatial"]} >= {
        "HUN",
        "SVK",
        "POL",
        "BGR",
    }
    assert {lang["@id"].rsplit("/", 1)[1] for lang in dataset["dct:language"]} >= {
        "ENG", "HUN", "SLK", "POL", "BUL", "RON"
    }  # fmt: skip
