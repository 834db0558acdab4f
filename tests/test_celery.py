"""Every built-in source refreshed and the release published by two dagster-celery workers on
Redis (``siharvest run --executor celery``), and the release equal to a single-process run's.

Redis (Debian's redis-server, which ``make test`` installs) runs on a free port of 127.0.0.1 in
the test's own folder; the workers are plain ``celery -A dagster_celery.app worker`` processes
with the shipped settings (dagster_home/celery/). Everything is stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus

from pipelines.distributed import CELERY_HOME, CeleryConfig, wait_for_workers
from spiders.sources import load_sources

REPO = Path(__file__).resolve().parents[1]
WORKERS = ("sih-a", "sih-b")
# Values that differ between any two runs of the same pages: when they ran, not what they made.
RUN_COLUMNS = {"crawl_id", "fetched_at", "first_seen", "last_seen"}


def _clean_env(**extra: str) -> dict[str, str]:
    """The test process's environment without its data root, plus ``extra``."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_", "SIH_"))}
    keep.pop("DAGSTER_HOME", None)
    return keep | extra


@pytest.fixture(scope="module")
def single_process_run(snapshot_run: tuple[Path, str, Path]) -> tuple[Path, str, Path]:
    """``siharvest run`` with every step in one process (conftest's ``snapshot_run``, the
    run the end-to-end tests read): (data root, stdout, a home folder that must stay empty)."""
    return snapshot_run


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM (a celery worker's warm shutdown, which also ends its pool), then SIGKILL to
    the process group this test started it in, so no pool child outlives the test."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A throw-away Redis on 127.0.0.1 (no persistence); yields its URL without a database."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail(
            "redis-server is not installed: `make test` installs Debian's redis-server "
            "(or: apt-get install redis-server)"
        )
    folder.mkdir(parents=True)
    port = _free_port()
    command = [executable, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder)]
    command += ["--save", "", "--appendonly", "no", "--logfile", str(folder / "redis.log")]
    server = subprocess.Popen(command, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = (folder / "redis.log").read_text() if server.poll() is not None else ""
                    pytest.fail(f"redis-server did not start on 127.0.0.1:{port}: {log[-2000:]}")
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}"
    finally:
        _stop(server, grace=10)


@contextmanager
def celery_workers(env: dict[str, str], folder: Path) -> Iterator[None]:
    """The two named workers, one step at a time each, as docs/scaling.md starts them."""
    celery = Path(sys.executable).parent / "celery"
    with ExitStack() as stack:
        for name in WORKERS:
            log = stack.enter_context((folder / f"{name}.log").open("wb"))
            command = [str(celery), "-A", "dagster_celery.app", "worker", "-n", f"{name}@%h"]
            # The parent imports the job's module once; each pool child starts with it loaded.
            command += ["--concurrency=1", "--loglevel=WARNING", "-I", "pipelines.distributed"]
            worker = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            stack.callback(_stop, worker, 60)
        yield


def _release_tables(data: Path) -> dict[str, list[dict[str, object]]]:
    """Every Parquet table of the data root's first release (the one its first run published,
    whatever later tests add), rows in a fixed order, run columns dropped."""
    # Versions are UTC timestamps: the smallest is the oldest.
    release = min(path.parent for path in (data / "releases").glob("*/records.parquet"))
    tables = {}
    for path in sorted(release.glob("*.parquet")):
        table = pq.read_table(path)
        names = [n for n in table.column_names if n not in RUN_COLUMNS]
        rows = table.select(names).to_pylist()
        tables[path.name] = sorted(rows, key=repr)
    return tables


def _worker_of_steps(instance: DagsterInstance, run_id: str) -> tuple[list[str], int]:
    """(the worker named by each celery step task's engine event, the run's step starts)."""
    events = instance.get_records_for_run(run_id, limit=100_000).records
    workers, starts = [], 0
    for record in events:
        event = record.event_log_entry.dagster_event
        if event is None:
            continue
        if event.event_type == DagsterEventType.STEP_START:
            starts += 1
        data = event.event_specific_data
        metadata = getattr(data, "metadata", None) or {}
        if event.event_type == DagsterEventType.ENGINE_EVENT and "Celery worker" in metadata:
            workers.append(str(metadata["Celery worker"].value))
    return workers, starts


def test_every_source_runs_on_two_celery_workers_and_publishes_the_same_release(
    tmp_path: Path, single_process_run: tuple[Path, str, Path]
) -> None:
    data, dagster_home = tmp_path / "data", tmp_path / "dagster_home"
    dagster_home.mkdir()
    shutil.copy(CELERY_HOME / "dagster.yaml", dagster_home / "dagster.yaml")
    started = time.monotonic()
    with redis_server(tmp_path / "redis") as redis_url:
        config = CeleryConfig(broker=f"{redis_url}/0", backend=f"{redis_url}/1")
        env = _clean_env(
            SIH_DATA_DIR=str(data),
            DAGSTER_HOME=str(dagster_home),
            SIH_CELERY_BROKER=config.broker,
            SIH_CELERY_BACKEND=config.backend,
            # Where dagster_celery.app finds the shipped settings (dagster_celery_config).
            PYTHONPATH=os.pathsep.join(
                p for p in (str(CELERY_HOME), os.environ.get("PYTHONPATH")) if p
            ),
        )
        with celery_workers(env, tmp_path):
            answering = wait_for_workers(config, count=len(WORKERS), timeout=120)
            done = subprocess.run(
                [sys.executable, "-m", "pipelines.cli", "run", "--executor", "celery"],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
    print(f"celery run: {time.monotonic() - started:.1f} s")
    logs = "".join((tmp_path / f"{n}.log").read_text()[-2000:] for n in WORKERS)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-3000:] + logs
    assert sorted(name.split("@")[0] for name in answering) == sorted(WORKERS)

    sources = sorted(load_sources())
    with DagsterInstance.from_config(str(dagster_home)) as instance:
        records = instance.get_run_records()
        partitions = sorted(r.dagster_run.tags.get("dagster/partition", "") for r in records)
        assert partitions == sorted(["", *sources])  # "": the one publish run
        used: set[str] = set()
        for record in records:
            assert record.dagster_run.status == DagsterRunStatus.SUCCESS
            assert record.dagster_run.run_config["execution"]["config"]["broker"] == config.broker
            workers, starts = _worker_of_steps(instance, record.dagster_run.run_id)
            # Every step was a celery task: nothing ran in the orchestrating process.
            assert starts and len(workers) == starts, (record.dagster_run.job_name, workers)
            used |= {name.split("@")[0] for name in workers}
    assert used == set(WORKERS)
    assert f"Celery workers that ran steps: {', '.join(sorted(answering))}" in done.stdout

    # Where a step ran changes nothing in what it wrote. Records first: the refresh runs'
    # output; the other tables are built from them by the publish run.
    celery_tables, single_tables = _release_tables(data), _release_tables(single_process_run[0])
    assert sorted(celery_tables) == sorted(single_tables)
    for name in sorted(single_tables, key=lambda n: (n != "records.parquet", n)):
        rows, got = single_tables[name], celery_tables[name]
        only_single = [row for row in rows if row not in got]
        only_celery = [row for row in got if row not in rows]
        assert got == rows, (
            f"{name}: {len(got)} rows on celery, {len(rows)} in one process; "
            f"only in one process: {only_single[:3]}; only on celery: {only_celery[:3]}"
        )
