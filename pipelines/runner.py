"""Refresh everything: every source's partition run, then one publish run.

This is what ``siharvest run`` (and so ``make run``) executes, through the same Dagster jobs
a steward launches in the UI. A source whose run fails does not stop the others; the release
is built from each source's last good records.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dagster import DagsterInstance, Definitions, EventLogEntry, JobDefinition

from pipelines.definitions import PUBLISH_JOB, REFRESH_SOURCE_JOB
from pipelines.partitions import ensure_source_partitions

# Receives (source name, or PUBLISH_LABEL for the publish run; the event) for every event.
EventCallback = Callable[[str, EventLogEntry], None]
PUBLISH_LABEL = "(release)"
# With a listener, it takes over the event stream: Dagster's console logger stays silent
# (no level is above CRITICAL, and nothing in these jobs logs at CRITICAL).
QUIET_CONSOLE: Mapping[str, Any] = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass(frozen=True)
class RefreshReport:
    succeeded: list[str]
    failed: list[str]
    published: bool


def _execute(
    job: JobDefinition,
    instance: DagsterInstance,
    label: str,
    on_event: EventCallback | None,
    partition_key: str | None = None,
) -> bool:
    if on_event is None:
        result = job.execute_in_process(
            instance=instance, partition_key=partition_key, raise_on_error=False
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
        run_config=QUIET_CONSOLE,
    )
    return result.success


def refresh_everything(
    defs: Definitions,
    instance: DagsterInstance,
    sources: Sequence[str],
    on_event: EventCallback | None = None,
) -> RefreshReport:
    """Refresh ``sources``, then publish; ``on_event`` gets every event of every run."""
    refresh = defs.resolve_job_def(REFRESH_SOURCE_JOB)
    ensure_source_partitions(instance, sources)
    succeeded, failed = [], []
    for source in sources:
        ok = _execute(refresh, instance, source, on_event, partition_key=source)
        (succeeded if ok else failed).append(source)
    publish = defs.resolve_job_def(PUBLISH_JOB)
    published = _execute(publish, instance, PUBLISH_LABEL, on_event)
    return RefreshReport(succeeded, failed, published)
