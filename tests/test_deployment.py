"""The shared-deployment instance (dagster_home/postgres/dagster.yaml) against a real
PostgreSQL server from Debian's packages, started on 127.0.0.1 by the test."""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance, DagsterRunStatus

from pipelines.definitions import REFRESH_SOURCE_JOB, build_definitions
from pipelines.partitions import ensure_source_partitions
from pipelines.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
POSTGRES_YAML = REPO / "dagster_home" / "postgres" / "dagster.yaml"


def _pg_bin() -> Path:
    """Debian puts the server programs under /usr/lib/postgresql/<version>/bin."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    assert found, "PostgreSQL server not installed: `make test` installs Debian's postgresql"
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def postgres() -> Iterator[dict[str, str]]:
    """A throw-away cluster on a free loopback port; yields the DAGSTER_PG_* variables."""
    bin_dir = _pg_bin()
    # Directly under /tmp: pytest's own folders are private to root, and the server may not
    # run as root.
    folder = Path(tempfile.mkdtemp(prefix="sih-pg-"))
    data, socket_dir = folder / "data", folder / "run"
    socket_dir.mkdir()
    # PostgreSQL refuses to run as root: as root, the server runs as the postgres user.
    prefix: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for path in (folder, socket_dir):
            os.chown(path, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    run = lambda *args: subprocess.run(  # noqa: E731
        [*prefix, *args], check=True, capture_output=True, text=True, timeout=120
    )
    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "dagster", "-A", "trust", "-E", "UTF8")
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {socket_dir}"
    log = folder / "server.log"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start")
    try:
        run(
            str(bin_dir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "dagster",
            "dagster",
        )
        yield {
            "DAGSTER_PG_HOST": "127.0.0.1",
            "DAGSTER_PG_PORT": str(port),
            "DAGSTER_PG_DB": "dagster",
            "DAGSTER_PG_USER": "dagster",
            "DAGSTER_PG_PASSWORD": "unused-trust-auth",
        }
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_refresh_run_is_stored_in_postgresql(
    postgres: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in postgres.items():
        monkeypatch.setenv(key, value)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(POSTGRES_YAML, home / "dagster.yaml")
    with DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        ensure_source_partitions(instance, ["pl_innowacjespoleczne"])
        job = build_definitions(load_settings()).resolve_job_def(REFRESH_SOURCE_JOB)
        result = job.execute_in_process(instance=instance, partition_key="pl_innowacjespoleczne")
        assert result.success
        (run,) = instance.get_runs()
        assert run.status == DagsterRunStatus.SUCCESS
        assert run.tags["dagster/partition"] == "pl_innowacjespoleczne"
        for name in ("raw_pages", "records", "translated_records"):
            event = instance.get_latest_materialization_event(AssetKey(name))
            assert event is not None and event.run_id == run.run_id, name
    # The rows are in the server, not in a file: a fresh instance on the same database sees them.
    with DagsterInstance.from_config(str(home)) as again:
        assert [r.run_id for r in again.get_runs()] == [run.run_id]
