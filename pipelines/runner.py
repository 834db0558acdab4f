"""Refresh everything: one crawl of every source, each source's partition run, then one
publish run.

This is what ``siharvest run`` (and so ``make run``) executes, through the same Dagster jobs
a steward launches in the UI. A source whose run fails does not stop the others; the release
is built from each source's last good records.

What makes a re-run cheap (measured in ``benchmarks/incremental.py``):

- every source is crawled in one Scrapy process before the runs (``spiders.batch_crawl``);
  each source's ``raw_pages`` step takes its crawl from there. A source that process left
  without a crawl is crawled alone in its own step, as before;
- a source whose new crawl has the fingerprint its last good records and translation were
  built from (``pipelines.fingerprints``) gets no Dagster run: its three assets are recorded
  as materialised, with ``unchanged`` in their metadata, and the next steps keep its files;
- a release whose inputs have the fingerprint of the last one is not published again: that
  version stays LATEST (``RefreshReport.release_kept``).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from dagster import (
    AssetMaterialization,
    DagsterEvent,
    DagsterEventType,
    DagsterInstance,
    Definitions,
    EventLogEntry,
    JobDefinition,
    MetadataValue,
)
from dagster._core.events import StepMaterializationData  # what a step's event carries

from pipelines.bronze import crawl_counts
from pipelines.definitions import PUBLISH_JOB, REFRESH_SOURCE_JOB
from pipelines.fingerprints import (
    RELEASE_STATE,
    bronze_fingerprint,
    models_fingerprint,
    read_state,
    release_fingerprint,
)
from pipelines.partitions import ensure_source_partitions
from pipelines.resources import DataLake, PortalFetcher, Translator
from spiders.batch_crawl import PlannedCrawl, run_batch_crawl
from spiders.crawl import CrawlError, CrawlSummary
from spiders.snapshot_server import SNAPSHOT_SITES, SnapshotServer
from spiders.sources import Source
from warehouse.lake import crawl_dir, latest_crawl_dir, translated_records_path
from warehouse.release import latest_version

# Receives (source name, or PUBLISH_LABEL for the publish run; the event) for every event.
EventCallback = Callable[[str, EventLogEntry], None]
PUBLISH_LABEL = "(release)"
# With a listener, it takes over the event stream: Dagster's console logger stays silent
# (no level is above CRITICAL, and nothing in these jobs logs at CRITICAL).
QUIET_CONSOLE: Mapping[str, Any] = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
# The refresh job's assets, in order, as a source without changes records them.
SOURCE_ASSETS = ("raw_pages", "records", "translated_records")


@dataclass(frozen=True)
class RefreshReport:
    succeeded: list[str]
    failed: list[str]
    published: bool
    # Sources with nothing new since their last good records: no run, their files kept.
    unchanged: list[str] | None = None
    # True when no input changed since the LATEST release, so it was kept, not published again.
    release_kept: bool = False


def _execute(
    job: JobDefinition,
    instance: DagsterInstance,
    label: str,
    on_event: EventCallback | None,
    partition_key: str | None = None,
    run_config: Mapping[str, Any] | None = None,
) -> bool:
    config = dict(run_config or {})
    if on_event is None:
        result = job.execute_in_process(
            instance=instance, partition_key=partition_key, raise_on_error=False, run_config=config
        )
        return result.success
    # The run id is chosen here so the listener is in place before the run's first event.
    run_id = str(uuid.uuid4())
    instance.add_event_listener(run_id, lambda entry: on_event(label, entry))
    result = job.execute_in_process(
        instance=instance,
        partition_key=partition_key,
        raise_on_error=False,
        run_id=run_id,
        run_config=config | dict(QUIET_CONSOLE),
    )
    return result.success


Crawled = tuple[Path, CrawlSummary | CrawlError | None]


def crawl_every_source(
    fetcher: PortalFetcher, lake: DataLake, sources: Sequence[str]
) -> dict[str, Crawled]:
    """One Scrapy process for every source; per source its crawl folder and what
    ``run_batch_crawl`` found there. Empty when that process could not run at all."""
    crawl_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    plan = [
        PlannedCrawl(
            source=name,
            out_dir=crawl_dir(lake.bronze_dir, name, crawl_id),
            previous=latest_crawl_dir(lake.bronze_dir, name),
        )
        for name in sources
    ]
    options: dict[str, Any] = {"contact": fetcher.contact, "sources_path": lake.source_dirs()}
    try:
        if fetcher.mode == "live":
            found = run_batch_crawl(plan, snapshot_url=None, **options)
        else:
            root = Path(fetcher.snapshot_dir) if fetcher.snapshot_dir else SNAPSHOT_SITES
            with SnapshotServer(root) as server:
                found = run_batch_crawl(plan, snapshot_url=server.url, **options)
    except Exception:  # the shared crawl is a shortcut: each step can still crawl its source
        return {}
    return {p.source: (p.out_dir, found.get(p.source)) for p in plan}


def is_unchanged(lake: DataLake, source: Source, crawl: Path, models: str) -> bool:
    """Whether ``crawl`` is what the source's last good records and translation came from,
    with the same translation models (``models``: their fingerprint now)."""
    state = read_state(lake.root, source.name)
    if not translated_records_path(lake.silver_dir, source.name).exists():
        return False
    built_from = bronze_fingerprint(crawl, source)
    return state.get("records") == built_from and state.get("translated") == {
        "records": built_from,
        "models": models,
    }


def _record_unchanged(
    instance: DagsterInstance,
    lake: DataLake,
    source: str,
    summary: CrawlSummary,
    on_event: EventCallback | None,
) -> None:
    """The source's assets as materialised, without a run: their files stay as they are."""
    started = time.time()
    rows = pq.ParquetFile(translated_records_path(lake.silver_dir, source)).metadata.num_rows
    metadata: dict[str, dict[str, Any]] = {
        "raw_pages": {
            "crawl_id": summary.out_dir.name,
            **crawl_counts(summary),
            "path": MetadataValue.path(str(summary.out_dir)),
        },
        "records": {"row_count": rows, "processed": 0, "unchanged": rows},
        "translated_records": {"row_count": rows, "sentences_translated": 0},
    }
    _emit(on_event, source, DagsterEventType.RUN_START, started)
    note = {"unchanged": "the crawl found nothing new since the last good records"}
    for asset in SOURCE_ASSETS:
        materialization = AssetMaterialization(
            asset_key=asset, partition=source, metadata=metadata[asset] | note
        )
        instance.report_runless_asset_event(materialization)
        if on_event is not None:
            # As the step that would have made it reports it, for the progress display.
            event = DagsterEvent(
                event_type_value=DagsterEventType.ASSET_MATERIALIZATION.value,
                job_name=REFRESH_SOURCE_JOB,
                event_specific_data=StepMaterializationData(materialization),
                step_key=asset,
            )
            on_event(source, _entry(event, f"{source}: {asset} unchanged", time.time(), asset))
    _emit(on_event, source, DagsterEventType.RUN_SUCCESS, time.time())


def _emit(
    on_event: EventCallback | None, label: str, kind: DagsterEventType, timestamp: float
) -> None:
    """A run's start or end for the listener, where no run was needed."""
    if on_event is None:
        return
    job = PUBLISH_JOB if label == PUBLISH_LABEL else REFRESH_SOURCE_JOB
    event = DagsterEvent(event_type_value=kind.value, job_name=job, message="no run needed")
    on_event(label, _entry(event, f"{label}: nothing changed, no run needed", timestamp))


def _entry(
    event: DagsterEvent, message: str, timestamp: float, step_key: str | None = None
) -> EventLogEntry:
    # DEBUG, as Dagster's own run and step events are.
    return EventLogEntry(
        error_info=None,
        level=logging.DEBUG,
        user_message=message,
        run_id="",
        timestamp=timestamp,
        step_key=step_key,
        job_name=event.job_name,
        dagster_event=event,
    )


def refresh_everything(
    defs: Definitions,
    instance: DagsterInstance,
    sources: Sequence[str],
    on_event: EventCallback | None = None,
) -> RefreshReport:
    """Refresh ``sources``, then publish; ``on_event`` gets every event of every run."""
    clock = _Phases()
    resources = defs.resources or {}
    fetcher: PortalFetcher = resources["fetcher"]
    lake: DataLake = resources["lake"]
    translator: Translator = resources["translator"]
    ensure_source_partitions(instance, sources)
    catalogue = lake.sources()
    models = models_fingerprint(Path(translator.models_dir))
    clock.lap("setup")
    crawls = crawl_every_source(fetcher, lake, sources)
    clock.lap("crawl_all_sources")
    succeeded: list[str] = []
    failed: list[str] = []
    unchanged: list[str] = []
    refresh: JobDefinition | None = None  # resolved when a source needs a run: it takes time
    for source in sources:
        config: dict[str, Any] = {}
        if source in crawls:
            folder, crawl = crawls[source]
            if (
                isinstance(crawl, CrawlSummary)
                and crawl.detail_pages > 0
                and is_unchanged(lake, catalogue[source], folder, models)
            ):
                _record_unchanged(instance, lake, source, crawl, on_event)
                succeeded.append(source)
                unchanged.append(source)
                clock.lap("unchanged_sources")
                continue
            # The step takes the shared crawl, a failed one too (it fails as it would have
            # alone); a folder left without a crawl is crawled again in the step.
            config = {"ops": {"raw_pages": {"config": {"prefetched_crawl": str(folder)}}}}
        refresh = refresh or defs.resolve_job_def(REFRESH_SOURCE_JOB)
        ok = _execute(refresh, instance, source, on_event, partition_key=source, run_config=config)
        (succeeded if ok else failed).append(source)
        clock.lap("source_runs")
    version = latest_version(lake.releases_dir)
    kept = read_state(lake.root, RELEASE_STATE)
    if (
        version is not None
        and kept.get("version") == version
        and (lake.releases_dir / version).is_dir()
        and lake.warehouse_path.exists()
        and kept.get("fingerprint")
        == release_fingerprint(lake.silver_dir, lake.bronze_dir, catalogue)
    ):
        _emit(on_event, PUBLISH_LABEL, DagsterEventType.RUN_START, time.time())
        _emit(on_event, PUBLISH_LABEL, DagsterEventType.RUN_SUCCESS, time.time())
        clock.lap("release_kept")
        clock.save(lake.root, len(unchanged), len(sources))
        return RefreshReport(succeeded, failed, True, unchanged, release_kept=True)
    clock.lap("release_check")
    publish = defs.resolve_job_def(PUBLISH_JOB)
    published = _execute(publish, instance, PUBLISH_LABEL, on_event)
    clock.lap("publish_run")
    clock.save(lake.root, len(unchanged), len(sources))
    return RefreshReport(succeeded, failed, published, unchanged)


class _Phases:
    """Seconds per phase of one refresh, kept in ``<data>/state/last_refresh.json``: where a
    run's time went, for a steward and for ``benchmarks/incremental.py``."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.seconds[phase] = self.seconds.get(phase, 0.0) + now - self._last
        self._last = now

    def save(self, data_dir: Path, unchanged: int, sources: int) -> None:
        path = data_dir / "state" / "last_refresh.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        figures = {k: round(v, 3) for k, v in self.seconds.items()}
        record = {"seconds": figures, "sources": sources, "unchanged_sources": unchanged}
        path.write_text(json.dumps(record, indent=2) + "\n")
