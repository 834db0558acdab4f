"""Refresh everything with every step on dagster-celery workers (``siharvest run --executor
celery``).

The same jobs as ``pipelines/runner.py`` (``refresh_source`` per source partition, then
``publish_release``), with the celery executor: each step becomes a Celery task on Redis, and
whichever worker is free runs it. Workers rebuild the job from this module (``reconstructable``),
so the module, the source YAML and the data root must be the same on every worker; the
configuration lives in ``dagster_home/celery/``.

Events: a worker writes its steps' events straight into the instance's event log, so an
in-process listener (what the runner uses) never sees them. Here the event log is read back
while the runs go on, and every event reaches ``on_event`` in the calling thread, in order.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import runpy
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dagster import (
    DagsterEventType,
    DagsterInstance,
    Definitions,
    EventLogEntry,
    JobDefinition,
    RunsFilter,
    execute_job,
    reconstructable,
)
from dagster._core.instance.ref import InstanceRef
from dagster_celery import celery_executor

from pipelines.definitions import PUBLISH_JOB, REFRESH_SOURCE_JOB, build_definitions
from pipelines.partitions import ensure_source_partitions

# The runner's label for the publish run, so the progress display treats both alike.
from pipelines.runner import PUBLISH_LABEL
from pipelines.settings import Settings, load_settings

# The shipped instance (dagster.yaml) and Celery settings (dagster_celery_config.py).
CELERY_HOME = Path(__file__).resolve().parents[1] / "dagster_home" / "celery"
# The name dagster_celery.app imports its settings from, when it is on the workers' path.
CONFIG_MODULE = "dagster_celery_config"
# Runs orchestrated at once, each in a process of its own. A run mostly waits for its steps,
# one after the other, so a few more runs than workers keep every worker busy.
CONCURRENT_RUNS = 4
BATCH_TAG = "sih/batch"
LABEL_TAG = "sih/label"
POLL_SECONDS = 0.5
# With a listener, it takes over the event stream: Dagster's console logger (in this process
# and in the workers) stays silent.
QUIET_CONSOLE: Mapping[str, Any] = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}

EventCallback = Callable[[str, EventLogEntry], None]
# A run's last event: nothing of that run comes after it.
RUN_ENDS = frozenset(
    {DagsterEventType.RUN_SUCCESS, DagsterEventType.RUN_FAILURE, DagsterEventType.RUN_CANCELED}
)


class WorkersUnavailable(RuntimeError):
    """No (or not enough) Celery workers answer on the broker."""


@dataclass(frozen=True)
class CeleryConfig:
    broker: str
    backend: str

    def executor_config(self) -> dict[str, Any]:
        return {"execution": {"config": {"broker": self.broker, "backend": self.backend}}}


@dataclass(frozen=True)
class DistributedReport:
    succeeded: list[str]
    failed: list[str]
    published: bool
    # Worker names (``name@host``) that ran at least one step, for the summary.
    workers: list[str]


def celery_config() -> CeleryConfig:
    """Broker and backend from the module the workers read: ``dagster_celery_config`` on the
    Python path if there is one (a deployment's own), else the shipped file."""
    spec = importlib.util.find_spec(CONFIG_MODULE)
    path = spec.origin if spec and spec.origin else str(CELERY_HOME / f"{CONFIG_MODULE}.py")
    values = runpy.run_path(path)
    return CeleryConfig(broker=values["broker_url"], backend=values["result_backend"])


@cache
def _celery_definitions(settings: Settings) -> Definitions:
    # Cached per worker process: a worker runs many steps, and loading the sources each time
    # would cost more than most steps.
    return build_definitions(settings, executor=celery_executor)


def refresh_source_on_celery() -> JobDefinition:
    """``refresh_source`` with the celery executor (a ``reconstructable`` target)."""
    return _celery_definitions(load_settings()).resolve_job_def(REFRESH_SOURCE_JOB)


def publish_release_on_celery() -> JobDefinition:
    """``publish_release`` with the celery executor (a ``reconstructable`` target)."""
    return _celery_definitions(load_settings()).resolve_job_def(PUBLISH_JOB)


def answering_workers(config: CeleryConfig, timeout: float = 1.0) -> list[str]:
    """Names of the workers that answer a ping on the broker within ``timeout``."""
    from dagster_celery.executor import CeleryExecutor
    from dagster_celery.make_app import make_app
    from kombu.exceptions import OperationalError

    app = make_app(CeleryExecutor.for_cli(broker=config.broker, backend=config.backend).app_args())
    try:
        replies = app.control.ping(timeout=timeout)
    except (OSError, OperationalError) as exc:  # nothing listens there, or it refused us
        raise WorkersUnavailable(f"the broker {config.broker} does not answer: {exc}") from exc
    return sorted(name for reply in replies for name in reply)


def wait_for_workers(config: CeleryConfig, count: int = 1, timeout: float = 30.0) -> list[str]:
    """Wait until ``count`` workers answer; a run submitted to no worker would wait forever."""
    deadline = time.monotonic() + timeout
    while True:
        names = answering_workers(config)
        if len(names) >= count:
            return names
        if time.monotonic() > deadline:
            raise WorkersUnavailable(
                f"{len(names)} Celery worker(s) answer on {config.broker} ({', '.join(names)}),"
                f" {count} needed: start them as docs/scaling.md shows"
            )
        time.sleep(0.5)


def _execute(
    target: Callable[[], JobDefinition],
    instance_ref: InstanceRef,
    run_config: Mapping[str, Any],
    tags: Mapping[str, str],
) -> bool:
    # In a process of the run pool (_run_pool), one run at a time.
    with DagsterInstance.from_ref(instance_ref) as instance:
        result = execute_job(
            reconstructable(target), instance, run_config=dict(run_config), tags=tags
        )
        return result.success


class _EventFollower:
    """Reads a batch's runs' new events from the event log and hands them on in order."""

    def __init__(self, instance: DagsterInstance, batch: str, on_event: EventCallback | None):
        self.instance = instance
        self.batch = batch
        self.on_event = on_event
        self.cursors: dict[str, str | None] = {}
        # Runs whose last event has been read: not queried again.
        self.ended: set[str] = set()
        self.workers: set[str] = set()

    def poll(self) -> None:
        runs = self.instance.get_runs(filters=RunsFilter(tags={BATCH_TAG: self.batch}))
        for run in sorted(runs, key=lambda r: r.run_id):
            label = run.tags.get(LABEL_TAG, run.run_id)
            while run.run_id not in self.ended:
                page = self.instance.get_records_for_run(
                    run.run_id, cursor=self.cursors.get(run.run_id), limit=1000
                )
                self.cursors[run.run_id] = page.cursor
                for record in page.records:
                    self._handle(run.run_id, label, record.event_log_entry)
                if not page.has_more:
                    break

    def _handle(self, run_id: str, label: str, entry: EventLogEntry) -> None:
        event = entry.dagster_event
        if event is not None and event.event_type in RUN_ENDS:
            self.ended.add(run_id)
        data = getattr(event, "event_specific_data", None) if event else None
        # dagster_celery's "Executing steps ... in celery worker" engine event names the worker.
        worker = getattr(data, "metadata", {}).get("Celery worker") if data else None
        if worker is not None:
            self.workers.add(str(worker.value))
        if self.on_event is not None:
            self.on_event(label, entry)

    def follow(self, futures: Sequence[Future[bool]]) -> None:
        while True:
            # Checked before the poll: the poll after the last run ends reads its last events.
            finished = all(future.done() for future in futures)
            self.poll()
            if finished:
                return
            time.sleep(POLL_SECONDS)


def _run_pool(size: int) -> ProcessPoolExecutor:
    """Processes that orchestrate the runs, one run at a time each.

    Not threads: Dagster starts every run by reconfiguring Python's logging
    (``logging.config.dictConfig``), which takes logging's module lock and then each handler's,
    while another run's thread holds a handler lock and waits for the module lock: runs in
    threads of one process deadlock. The processes fork from a server that imported this
    module once, not from this process (whose progress display runs a thread of its own).
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return ProcessPoolExecutor(max_workers=max(1, size), mp_context=context)


def refresh_on_celery(
    instance: DagsterInstance,
    sources: Sequence[str],
    on_event: EventCallback | None = None,
    config: CeleryConfig | None = None,
    concurrent_runs: int = CONCURRENT_RUNS,
) -> DistributedReport:
    """Refresh ``sources`` on the workers, several runs at a time, then publish there."""
    if instance.is_ephemeral:
        raise ValueError("the celery executor needs a persistent instance: set DAGSTER_HOME")
    config = config or celery_config()
    wait_for_workers(config, timeout=5.0)
    ensure_source_partitions(instance, sources)
    batch = uuid.uuid4().hex
    run_config = {**config.executor_config(), **(QUIET_CONSOLE if on_event else {})}
    follower = _EventFollower(instance, batch, on_event)
    ref = instance.get_ref()
    with _run_pool(concurrent_runs) as pool:
        refreshes = {
            source: pool.submit(
                _execute,
                refresh_source_on_celery,
                ref,
                run_config,
                {BATCH_TAG: batch, LABEL_TAG: source, "dagster/partition": source},
            )
            for source in sources
        }
        follower.follow(list(refreshes.values()))
        succeeded = [s for s, future in refreshes.items() if future.result()]
        failed = [s for s in sources if s not in succeeded]
        publish = pool.submit(
            _execute,
            publish_release_on_celery,
            ref,
            run_config,
            {BATCH_TAG: batch, LABEL_TAG: PUBLISH_LABEL},
        )
        follower.follow([publish])
        published = publish.result()
    return DistributedReport(succeeded, failed, published, sorted(follower.workers))
