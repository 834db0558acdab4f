"""An s3:// data root, against a real S3-compatible server (moto) on 127.0.0.1."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

from warehouse.object_store import RemoteRoot

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """moto's server mode on a free loopback port; yields the AWS variables that point at it."""
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    env = {
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        filesystem = pafs.S3FileSystem(
            endpoint_override=env["AWS_ENDPOINT_URL"], allow_bucket_creation=True
        )
        filesystem.create_dir("lake")
        yield env
    finally:
        server.terminate()
        server.wait(timeout=10)
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_push_then_pull_round_trips_and_sends_only_changes(
    s3: dict[str, str], tmp_path: Path
) -> None:
    local = tmp_path / "a"
    (local / "releases" / "v1").mkdir(parents=True)
    (local / "releases" / "v1" / "records.parquet").write_bytes(b"PAR1 data")
    (local / "releases" / "LATEST").write_text("v1\n")
    (local / "releases" / ".tmp-v2").mkdir()
    (local / "releases" / ".tmp-v2" / "half.parquet").write_bytes(b"half")  # never sent
    (local / "state" / "cache").mkdir(parents=True)
    (local / "state" / "cache" / "x").write_text("tool cache")  # never sent
    remote = RemoteRoot("s3://lake/roundtrip")

    first = remote.push(local)
    assert first.copied == ["releases/v1/records.parquet", "releases/LATEST"]  # LATEST last
    again = remote.push(local)
    assert again.copied == ["releases/LATEST"] and again.unchanged == 1  # the marker always goes

    elsewhere = tmp_path / "b"
    assert sorted(remote.pull(elsewhere).copied) == [
        "releases/LATEST",
        "releases/v1/records.parquet",
    ]
    assert _tree(elsewhere) == {
        "releases/LATEST": b"v1\n",
        "releases/v1/records.parquet": b"PAR1 data",
    }
    # A change made on one copy reaches the other through the bucket.
    (elsewhere / "releases" / "v1" / "records.parquet").write_bytes(b"PAR1 data, changed")
    assert remote.push(elsewhere).copied == ["releases/v1/records.parquet", "releases/LATEST"]
    assert "releases/v1/records.parquet" in remote.pull(local).copied
    assert (local / "releases" / "v1" / "records.parquet").read_bytes() == b"PAR1 data, changed"


def _run(env: dict[str, str], work: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    home, dagster_home = tmp_path / "home", tmp_path / "dagster_home"
    home.mkdir(exist_ok=True)
    dagster_home.mkdir(exist_ok=True)
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_", "SIH_"))}
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run"],
        cwd=tmp_path,
        env=clean
        | env
        | {
            "SIH_DATA_DIR": "s3://lake/si-harvest",
            "SIH_WORK_DIR": str(work),
            "HOME": str(home),
            "DAGSTER_HOME": str(dagster_home),
        },
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_pipeline_runs_on_an_s3_data_root(s3: dict[str, str], tmp_path: Path) -> None:
    first = _run(s3, tmp_path / "work1", tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Data root (object store): s3://lake/si-harvest" in first.stdout
    filesystem, base = pafs.FileSystem.from_uri("s3://lake/si-harvest")
    with filesystem.open_input_stream(f"{base}/releases/LATEST") as marker:
        version = marker.read().decode().strip()
    release = f"{base}/releases/{version}"
    table = pq.read_table(f"{release}/records.parquet", filesystem=filesystem)
    # The whole built-in snapshot: every source, 100 records and more (as tests/test_end_to_end).
    from spiders.sources import load_sources

    assert table.num_rows >= 100
    assert set(table.column("source_id").to_pylist()) == set(load_sources())
    names = {
        Path(info.path).name
        for info in filesystem.get_file_info(pafs.FileSelector(release, recursive=True))
    }
    assert {"records.parquet", "datapackage.json", "dcat.jsonld", "SHA256SUMS"} <= names
    assert filesystem.get_file_info(f"{base}/warehouse.duckdb").size > 0

    # A second worker with an empty working copy carries on from the bucket: it sees the first
    # release (CHANGES.json diffs against it) and the first crawl (nothing is re-extracted).
    second = _run(s3, tmp_path / "work2", tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    with filesystem.open_input_stream(f"{base}/releases/LATEST") as marker:
        newer = marker.read().decode().strip()
    assert newer != version
    with filesystem.open_input_stream(f"{base}/releases/{newer}/CHANGES.json") as changes:
        delta = json.loads(changes.read())
    assert delta["previous"] == version
    assert delta["added"] == [] and delta["removed"] == [] and delta["changed"] == {}
    new_table = pq.read_table(f"{base}/releases/{newer}/records.parquet", filesystem=filesystem)
    assert new_table.equals(table)
