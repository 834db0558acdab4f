"""An s3:// data root, against a real S3-compatible server (moto) on 127.0.0.1."""

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest
from moto_s3 import moto_s3

from warehouse.object_store import RemoteRoot

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """moto's server mode on a free loopback port; yields the AWS variables that point at it."""
    with moto_s3(tmp_path_factory.mktemp("moto") / "moto.log") as env:
        yield env


def _tree(root: Path) -> dict[str, bytes]:
    """The lake files of a copy (state/, the copy's own caches and sync manifest, left out)."""
    files = (p for p in root.rglob("*") if p.is_file())
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in files
        if p.relative_to(root).parts[0] != "state"
    }


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
    # Nothing changed here, nothing goes: not even the marker (sent unchanged from a stale
    # copy, it would roll back a release another worker published meanwhile).
    again = remote.push(local)
    assert again.copied == [] and again.unchanged == 2

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
    assert remote.push(elsewhere).copied == ["releases/v1/records.parquet"]
    assert remote.pull(local).copied == ["releases/v1/records.parquet"]
    assert (local / "releases" / "v1" / "records.parquet").read_bytes() == b"PAR1 data, changed"
    # A moved marker goes, however small the change and however soon after the last push.
    (local / "releases" / "LATEST").write_text("v2\n")
    assert remote.push(local).copied == ["releases/LATEST"]
    assert remote.pull(elsewhere).copied == ["releases/LATEST"]
    assert (elsewhere / "releases" / "LATEST").read_text() == "v2\n"


def test_a_stale_copy_never_overwrites_another_workers_newer_file(
    s3: dict[str, str], tmp_path: Path
) -> None:
    """Two working copies of one root: each sends what it changed, never what it only holds."""
    remote = RemoteRoot("s3://lake/stale")
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "silver" / "records").mkdir(parents=True)
    (first / "silver" / "records" / "hu_a.parquet").write_bytes(b"hu, first version")
    (first / "silver" / "records" / "sk_b.parquet").write_bytes(b"sk, first version")
    remote.push(first)
    remote.pull(second)
    # The second worker refreshes sk_b (a new size) while the first refreshes hu_a.
    (second / "silver" / "records" / "sk_b.parquet").write_bytes(b"sk, second version, longer")
    (first / "silver" / "records" / "hu_a.parquet").write_bytes(b"hu, second version, longer")
    assert remote.push(second).copied == ["silver/records/sk_b.parquet"]
    # The first worker's sk_b is stale: it differs from the bucket's but it is not sent.
    assert remote.push(first).copied == ["silver/records/hu_a.parquet"]
    assert remote.pull(first).copied == ["silver/records/sk_b.parquet"]
    assert remote.pull(second).copied == ["silver/records/hu_a.parquet"]
    for copy in (first, second):
        assert _tree(copy / "silver") == {
            "records/hu_a.parquet": b"hu, second version, longer",
            "records/sk_b.parquet": b"sk, second version, longer",
        }
    # A change not yet pushed survives a pull, even when the bucket's copy changed too.
    (first / "silver" / "records" / "sk_b.parquet").write_bytes(b"sk, unpushed")
    (second / "silver" / "records" / "sk_b.parquet").write_bytes(b"sk, pushed by the second")
    remote.push(second)
    report = remote.pull(first)
    assert report.kept_local == ["silver/records/sk_b.parquet"] and report.copied == []
    assert (first / "silver" / "records" / "sk_b.parquet").read_bytes() == b"sk, unpushed"


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
