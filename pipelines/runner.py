"""Refresh everything: every source's partition run, then one publish run.

This is what ``siharvest run`` (and so ``make run``) executes, through the same Dagster jobs
a steward launches in the UI. A source whose run fails does not stop the others; the release
is built from each source's last good records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dagster import DagsterInstance, Definitions

from pipelines.definitions import PUBLISH_JOB, REFRESH_SOURCE_JOB
from pipelines.partitions import ensure_source_partitions


@dataclass(frozen=True)
class RefreshReport:
    succeeded: list[str]
    failed: list[str]
    published: bool


def refresh_everything(
    defs: Definitions, instance: DagsterInstance, sources: Sequence[str]
) -> RefreshReport:
    refresh = defs.resolve_job_def(REFRESH_SOURCE_JOB)
    ensure_source_partitions(instance, sources)
    succeeded, failed = [], []
    for source in sources:
        result = refresh.execute_in_process(
            instance=instance, partition_key=source, raise_on_error=False
        )
        (succeeded if result.success else failed).append(source)
    publish = defs.resolve_job_def(PUBLISH_JOB).execute_in_process(
        instance=instance, raise_on_error=False
    )
    return RefreshReport(succeeded, failed, publish.success)
