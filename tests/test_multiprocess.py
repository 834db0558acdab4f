"""Two sources refreshed at the same time, each run's steps in their own processes (Dagster's
multiprocess executor), as launched runs execute in a deployment."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus

from pipelines.partitions import ensure_source_partitions
from pipelines.settings import load_settings
from warehouse.lake import translated_records_path

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("hu_mgfu", "pl_innowacjespoleczne")


def test_two_sources_run_in_parallel_under_the_multiprocess_executor(tmp_path: Path) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    run_config = tmp_path / "multiprocess.yaml"
    run_config.write_text(
        json.dumps({"execution": {"config": {"multiprocess": {"max_concurrent": 2}}}})
    )
    with DagsterInstance.from_config(str(home)) as instance:
        ensure_source_partitions(instance, list(SOURCES))
    dagster = Path(sys.executable).parent / "dagster"
    env = dict(os.environ, DAGSTER_HOME=str(home))

    def launch(source: str) -> subprocess.Popen[str]:
        command = [str(dagster), "job", "execute", "-m", "pipelines.definitions"]
        command += ["-j", "refresh_source", "-c", str(run_config)]
        command += ["--tags", json.dumps({"dagster/partition": source})]
        return subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    runs = [launch(source) for source in SOURCES]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output[-3000:]

    with DagsterInstance.from_config(str(home)) as instance:
        records = instance.get_run_records()
        assert sorted(r.dagster_run.tags["dagster/partition"] for r in records) == sorted(SOURCES)
        for record in records:
            assert record.dagster_run.status == DagsterRunStatus.SUCCESS
            # Step workers exist only under the multiprocess executor: one per asset step
            # (raw pages, records, translated records) and one for the source_health check.
            workers = instance.get_records_for_run(
                record.dagster_run.run_id, of_type=DagsterEventType.STEP_WORKER_STARTED
            ).records
            assert len(workers) == 4
        # The two runs overlapped in time: the sources really ran side by side.
        starts = [r.start_time for r in records]
        ends = [r.end_time for r in records]
        assert all(starts) and all(ends)
        assert max(starts) < min(ends)  # type: ignore[type-var]
    silver = load_settings().silver_dir
    for source in SOURCES:
        assert translated_records_path(silver, source).exists()
