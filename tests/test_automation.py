"""Schedules and sensors: what starts runs without a steward clicking."""

from pathlib import Path

import pyarrow as pa
import pytest
from dagster import (
    DagsterInstance,
    SkipReason,
    build_schedule_context,
    build_sensor_context,
    partition_loading_context,
)

from pipelines.definitions import build_definitions
from pipelines.partitions import ensure_source_partitions
from pipelines.resources import DataLake, Translator
from pipelines.settings import load_settings
from pipelines.tiny_model import build_tiny_model
from spiders.sources import load_sources
from transforms.schema import RECORD_FIELDS, RECORD_SCHEMA
from warehouse.lake import silver_records_path, write_parquet_atomic


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SIH_MODELS_DIR", str(tmp_path / "models"))
    (tmp_path / "models").mkdir()
    return tmp_path


def _resources() -> dict[str, object]:
    settings = load_settings()
    return {
        "lake": DataLake(data_dir=str(settings.data_dir)),
        "translator": Translator.from_settings(settings),
    }


def _silver(source: str, language: str) -> None:
    row = {f.name: None for f in RECORD_FIELDS} | {
        "record_id": f"{source}-1", "source_id": source, "url": "https://x/", "title": "T",
        "fetched_at": "2026-01-01", "content_hash": "h", "language": language,
    }  # fmt: skip
    lake = _resources()["lake"]
    assert isinstance(lake, DataLake)
    path = silver_records_path(lake.silver_dir, source)
    write_parquet_atomic(pa.Table.from_pylist([row], schema=RECORD_SCHEMA), path)


def test_every_source_has_a_schedule_from_its_yaml(env: Path) -> None:
    defs = build_definitions(load_settings())
    with DagsterInstance.ephemeral() as instance:
        ensure_source_partitions(instance, load_sources())
        for name, source in load_sources().items():
            schedule = defs.resolve_schedule_def(f"refresh_{name}")
            assert schedule.cron_schedule == source.schedule
            context = build_schedule_context(
                instance=instance, repository_def=defs.get_repository_def()
            )
            # The dynamic partitions the run request names are looked up on the instance.
            with partition_loading_context(dynamic_partitions_store=instance):
                (request,) = schedule.evaluate_tick(context).run_requests or []
            assert request.partition_key == name


def test_model_sensor_retranslates_only_sources_in_that_language(env: Path) -> None:
    _silver("sk_socialneinovacie", "sk")
    _silver("hu_mgfu", "hu")
    _silver("pl_innowacjespoleczne", "pl")
    sensor = build_definitions(load_settings()).resolve_sensor_def("new_translation_models")
    with DagsterInstance.ephemeral() as instance:
        context = build_sensor_context(instance=instance, resources=_resources())
        assert isinstance(sensor(context), SkipReason)  # no models yet

        build_tiny_model(env / "models", "sk", "en", ["Sociálne inovácie sú dôležité."])
        first = sensor(build_sensor_context(instance=instance, resources=_resources()))
        assert [r.partition_key for r in first.run_requests] == ["sk_socialneinovacie"]

        # Same file again: nothing; a new version of the hu model: only the hu source.
        again = sensor(
            build_sensor_context(instance=instance, cursor=first.cursor, resources=_resources())
        )
        assert isinstance(again, SkipReason)
        build_tiny_model(env / "models", "hu", "en", ["Első mondat."], version="0.0.2")
        third = sensor(
            build_sensor_context(instance=instance, cursor=first.cursor, resources=_resources())
        )
        assert [r.partition_key for r in third.run_requests] == ["hu_mgfu"]


def test_publish_sensor_publishes_after_the_last_refresh(env: Path) -> None:
    from dagster import DagsterEventType, build_run_status_sensor_context

    defs = build_definitions(load_settings())
    sensor = defs.resolve_sensor_def("publish_after_refresh")
    with DagsterInstance.ephemeral() as instance:
        ensure_source_partitions(instance, ["pl_innowacjespoleczne"])
        job = defs.resolve_job_def("refresh_source")
        result = job.execute_in_process(instance=instance, partition_key="pl_innowacjespoleczne")
        (record,) = instance.get_records_for_run(
            result.run_id, of_type=DagsterEventType.RUN_SUCCESS
        ).records
        context = build_run_status_sensor_context(
            sensor_name="publish_after_refresh",
            dagster_event=record.event_log_entry.dagster_event,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
        )
        request = sensor(context)
        assert request.run_key == f"publish-after:{result.run_id}"
