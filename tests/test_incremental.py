"""A steward's YAML-only source on a local site: a Dagster partition, crawled incrementally."""

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from dagster import DagsterInstance, ExecuteInProcessResult, build_sensor_context
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.definitions import REFRESH_SOURCE_JOB, build_definitions
from pipelines.partitions import ensure_source_partitions
from pipelines.resources import DataLake
from pipelines.settings import load_settings

SOURCE = """
publisher: Lokale Initiative
country: AT
languages: [de]
start_urls: [https://local.example/projekte/]
allowed_domains: [local.example]
follow: ['^https://local\\.example/projekte/$']
detail: ['^https://local\\.example/projekte/[a-z-]+/$']
"""
TEXT = (
    "Das Projekt unterstützt langzeitarbeitslose Menschen beim Wiedereinstieg in den "
    "Arbeitsmarkt und arbeitet dafür mit Gemeinden und sozialen Unternehmen zusammen."
)


def _write_site(sites: Path, pages: dict[str, str]) -> None:
    root = sites / "local.example"
    (root / "projekte").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    links = "".join(f"<li><a href='/projekte/{slug}/'>{slug}</a></li>" for slug in pages)
    (root / "projekte" / "index.html").write_text(
        f"<html lang='de'><body><h1>Projekte</h1><ul>{links}</ul></body></html>"
    )
    for slug, text in pages.items():
        (root / "projekte" / slug).mkdir(exist_ok=True)
        (root / "projekte" / slug / "index.html").write_text(
            f"<html lang='de'><head><meta charset='utf-8'></head><body><main>"
            f"<h1>{slug.title()}</h1><p>{text}</p></main></body></html>"
        )


@pytest.fixture
def steward_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "at_local.yml").write_text(SOURCE)
    _write_site(
        tmp_path / "sites", {"arbeit": TEXT, "wohnen": TEXT.replace("Arbeitsmarkt", "Wohnen")}
    )
    monkeypatch.setenv("SIH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SIH_SOURCES_PATH", str(tmp_path / "sources"))
    monkeypatch.setenv("SIH_SNAPSHOT_DIR", str(tmp_path / "sites"))
    return tmp_path


def _lake() -> DataLake:
    settings = load_settings()
    return DataLake(
        data_dir=str(settings.data_dir), sources_path=[str(p) for p in settings.sources_path]
    )


def _refresh(instance: DagsterInstance) -> ExecuteInProcessResult:
    defs = build_definitions(load_settings())
    job = defs.resolve_job_def(REFRESH_SOURCE_JOB)
    ensure_source_partitions(instance, ["at_local"])
    return job.execute_in_process(instance=instance, partition_key="at_local")


def _metadata(result: ExecuteInProcessResult, node: str) -> dict[str, object]:
    (materialization,) = result.asset_materializations_for_node(node)
    return {key: value.value for key, value in materialization.metadata.items()}


def test_yaml_only_source_is_a_partition_and_a_listed_source(steward_env: Path) -> None:
    defs = build_definitions(load_settings())
    sensor = defs.resolve_sensor_def("new_source_files")
    with DagsterInstance.ephemeral() as instance:
        context = build_sensor_context(instance=instance, resources={"lake": _lake()})
        result = sensor(context)
        (added,) = result.dynamic_partitions_requests
        assert "at_local" in added.partition_keys and "hu_mgfu" in added.partition_keys
        assert {r.partition_key for r in result.run_requests} == set(added.partition_keys)
    out = CliRunner().invoke(app, ["sources"], env=dict(os.environ))
    assert out.exit_code == 0, out.output
    assert any(
        line.startswith("at_local") and "never crawled" in line for line in out.output.splitlines()
    )


def test_second_crawl_of_unchanged_site_reprocesses_nothing(steward_env: Path) -> None:
    with DagsterInstance.ephemeral() as instance:
        first = _refresh(instance)
        assert _metadata(first, "records")["processed"] == 2
        records = steward_env / "data" / "silver" / "records" / "at_local.parquet"
        before = {r["record_id"]: r for r in pq.read_table(records).to_pylist()}
        assert {r["language"] for r in before.values()} == {"de"}

        second = _refresh(instance)
        crawl = _metadata(second, "raw_pages")
        assert crawl["pages"] == 3 and crawl["not_modified"] == 3
        silver = _metadata(second, "records")
        assert silver["processed"] == 0 and silver["unchanged"] == 2
        after = {r["record_id"]: r for r in pq.read_table(records).to_pylist()}
        assert after.keys() == before.keys()
        for rid, row in after.items():
            assert row["first_seen"] == before[rid]["first_seen"]
            assert row["last_seen"] > before[rid]["last_seen"]
            # Same content: the record, crawl_id and fetched_at included, is unchanged.
            assert {k: v for k, v in row.items() if k != "last_seen"} == {
                k: v for k, v in before[rid].items() if k != "last_seen"
            }

        # One page changes: only that one is processed again.
        page = steward_env / "sites" / "local.example" / "projekte" / "wohnen" / "index.html"
        page.write_text(page.read_text().replace("Wohnen", "leistbares Wohnen"))
        third = _refresh(instance)
        assert _metadata(third, "records")["processed"] == 1
        assert _metadata(third, "records")["unchanged"] == 1


def test_cli_crawl_of_a_yaml_only_source(steward_env: Path) -> None:
    out = CliRunner().invoke(app, ["crawl", "at_local"], env=dict(os.environ))
    assert out.exit_code == 0, out.output
    assert "at_local: 3 pages (2 detail, 0 unchanged), 0 issues" in out.output


def test_refresh_everything_skips_an_unchanged_source_and_redoes_a_changed_one(
    steward_env: Path,
) -> None:
    from dagster import AssetKey

    from pipelines.fingerprints import release_fingerprint
    from pipelines.runner import refresh_everything

    settings = load_settings()
    defs = build_definitions(settings)
    translated = steward_env / "data" / "silver" / "translated" / "at_local.parquet"
    with DagsterInstance.ephemeral() as instance:
        first = refresh_everything(defs, instance, ["at_local"])
        assert first.succeeded == ["at_local"] and first.unchanged == []
        runs = len(instance.get_runs())
        before = translated.read_bytes()
        inputs = release_fingerprint(settings.silver_dir, settings.bronze_dir, ["at_local"])

        # Nothing changed on the site: one shared crawl, no Dagster run for the source, its
        # files untouched, its assets still recorded as materialised for this partition.
        second = refresh_everything(defs, instance, ["at_local"])
        assert second.succeeded == ["at_local"] and second.unchanged == ["at_local"]
        refresh_runs = [r for r in instance.get_runs()[: len(instance.get_runs()) - runs]]
        assert all(r.job_name != REFRESH_SOURCE_JOB for r in refresh_runs)
        assert translated.read_bytes() == before
        entry = instance.get_latest_materialization_event(AssetKey("records"))
        assert entry is not None and entry.asset_materialization is not None
        assert entry.asset_materialization.partition == "at_local"
        assert "unchanged" in entry.asset_materialization.metadata
        assert release_fingerprint(settings.silver_dir, settings.bronze_dir, ["at_local"]) == (
            inputs
        )

        # One page changed: the source runs again and only that page is processed.
        page = steward_env / "sites" / "local.example" / "projekte" / "wohnen" / "index.html"
        page.write_text(page.read_text().replace("Wohnen", "leistbares Wohnen"))
        third = refresh_everything(defs, instance, ["at_local"])
        assert third.unchanged == []
        run = next(r for r in instance.get_runs() if r.job_name == REFRESH_SOURCE_JOB)
        records = instance.get_latest_materialization_event(AssetKey("records"))
        assert records is not None and records.run_id == run.run_id
        assert records.asset_materialization is not None
        assert records.asset_materialization.metadata["processed"].value == 1
        assert release_fingerprint(settings.silver_dir, settings.bronze_dir, ["at_local"]) != (
            inputs
        )
