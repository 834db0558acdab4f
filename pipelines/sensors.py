"""Sensors and schedules: what starts runs without a steward clicking.

- a new source YAML becomes a partition and gets its first crawl;
- a new or updated ``.argosmodel`` in SIH_MODELS_DIR re-translates the sources that have
  records in its source language (the translation memory keeps other pairs untouched);
- each source is refreshed on its YAML ``schedule``;
- a successful refresh or re-translation publishes a new release, once the last of a batch of
  such runs has finished.
"""

import hashlib
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pyarrow.parquet as pq
from dagster import (
    DagsterRunStatus,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    RunStatusSensorContext,
    ScheduleDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    run_status_sensor,
    sensor,
)
from dagster._core.definitions.unresolved_asset_job_definition import (
    UnresolvedAssetJobDefinition,  # what define_asset_job returns; not exported at top level
)

from pipelines.partitions import SOURCES, SOURCES_NAME
from pipelines.resources import DataLake, Translator
from spiders.sources import Source
from warehouse.lake import silver_records_path


def build_source_sensor(refresh: UnresolvedAssetJobDefinition):
    @sensor(
        job=refresh,
        minimum_interval_seconds=60,
        default_status=DefaultSensorStatus.RUNNING,
        description="Adds every source YAML (built-in and SIH_SOURCES_PATH) as a partition and "
        "starts the first crawl of a new one.",
    )
    def new_source_files(context: SensorEvaluationContext, lake: DataLake) -> SensorResult:
        names = list(lake.sources())
        known = set(context.instance.get_dynamic_partitions(SOURCES_NAME))
        new = [name for name in names if name not in known]
        return SensorResult(
            run_requests=[RunRequest(partition_key=n, run_key=f"first-crawl:{n}") for n in new],
            dynamic_partitions_requests=[SOURCES.build_add_request(new)] if new else [],
        )

    return new_source_files


def _model_source_language(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith("/metadata.json"))
            return str(json.loads(archive.read(name))["from_code"])
    except (zipfile.BadZipFile, StopIteration, KeyError, json.JSONDecodeError):
        return None


def build_model_sensor(retranslate: UnresolvedAssetJobDefinition):
    @sensor(
        job=retranslate,
        minimum_interval_seconds=60,
        default_status=DefaultSensorStatus.RUNNING,
        description="A new or updated .argosmodel in SIH_MODELS_DIR re-translates the sources "
        "that have records in the model's source language, and only those.",
    )
    def new_translation_models(
        context: SensorEvaluationContext, lake: DataLake, translator: Translator
    ) -> SensorResult | SkipReason:
        seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
        models_dir = Path(translator.models_dir)
        changed = {}
        for path in sorted(models_dir.glob("*.argosmodel")) if models_dir.is_dir() else []:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            if seen.get(path.name) != digest:
                changed[path] = digest
        if not changed:
            return SkipReason(f"no new or updated models in {models_dir}")
        requests = []
        for path, digest in changed.items():
            language = _model_source_language(path)
            if language is None:
                context.log.warning(f"{path}: not a readable .argosmodel; ignored")
                continue
            for source in sources_with_language(lake, language):
                requests.append(
                    RunRequest(partition_key=source, run_key=f"{path.name}:{digest}:{source}")
                )
        cursor = seen | {path.name: digest for path, digest in changed.items()}
        return SensorResult(run_requests=requests, cursor=json.dumps(cursor, sort_keys=True))

    return new_translation_models


def sources_with_language(lake: DataLake, language: str) -> list[str]:
    found = []
    for name in lake.sources():
        path = silver_records_path(lake.silver_dir, name)
        if path.exists():
            languages = set(pq.read_table(path, columns=["language"]).column(0).to_pylist())
            if language in languages:
                found.append(name)
    return found


def build_publish_sensor(
    watched: Sequence[UnresolvedAssetJobDefinition], publish: UnresolvedAssetJobDefinition
):
    @run_status_sensor(
        run_status=DagsterRunStatus.SUCCESS,
        monitored_jobs=list(watched),
        request_job=publish,
        default_status=DefaultSensorStatus.RUNNING,
        description="Publishes a release after a successful refresh or re-translation, once no "
        "other such run is still queued or running (one release per batch).",
    )
    def publish_after_refresh(context: RunStatusSensorContext) -> RunRequest | SkipReason:
        going = [
            DagsterRunStatus.QUEUED,
            DagsterRunStatus.NOT_STARTED,
            DagsterRunStatus.STARTING,
            DagsterRunStatus.STARTED,
        ]
        # Any watched job (refresh or re-translation) still going publishes when it ends.
        busy = any(
            context.instance.get_runs(
                filters=RunsFilter(job_name=job.name, statuses=going), limit=1
            )
            for job in watched
        )
        if busy:
            return SkipReason("other refresh runs are still going; the last one publishes")
        return RunRequest(run_key=f"publish-after:{context.dagster_run.run_id}")

    return publish_after_refresh


def source_schedules(
    sources: dict[str, Source], refresh: UnresolvedAssetJobDefinition
) -> list[ScheduleDefinition]:
    """One schedule per source, from its YAML ``schedule``; off until a steward turns it on."""
    schedules = []
    for source in sources.values():

        def run_source(_context: object, name: str = source.name) -> RunRequest:
            return RunRequest(partition_key=name)

        schedules.append(
            ScheduleDefinition(
                name=f"refresh_{source.name}",
                cron_schedule=source.schedule,
                job=refresh,
                execution_fn=run_source,
                default_status=DefaultScheduleStatus.STOPPED,
                description=f"Refresh {source.name} ({source.publisher}) on its YAML schedule.",
            )
        )
    return schedules
