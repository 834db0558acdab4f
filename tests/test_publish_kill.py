"""A publish killed with SIGKILL half-way leaves the previous release and LATEST untouched."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest

from transforms.schema import RECORD_FIELDS, RECORD_SCHEMA
from warehouse.lake import write_parquet_atomic
from warehouse.release import latest_version, publish_release
from warehouse.store import load_warehouse

# The child publishes for real; the named step first signals the test, then waits to be killed.
CHILD = """
import sys, time
from pathlib import Path
import warehouse.release as release

db, releases, marker, step = sys.argv[1:5]
original = getattr(release, step)

def stall(*args, **kwargs):
    original(*args, **kwargs)
    Path(marker).touch()
    time.sleep(120)

setattr(release, step, stall)
release.publish_release(Path(db), Path(releases), "v2")
"""


def _warehouse(tmp_path: Path, n: int) -> Path:
    rows = [
        {f.name: None for f in RECORD_FIELDS}
        | {
            "record_id": f"r{i:05d}",
            "source_id": "pl_efs",
            "url": f"https://efs.gov.pl/{i}/",
            "fetched_at": "2026-01-01T00:00:00+00:00",
            "content_hash": "h",
            "title": f"Projekt {i}",
        }
        for i in range(n)
    ]
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=RECORD_SCHEMA), tmp_path / "r.parquet")
    db = tmp_path / "w.duckdb"
    load_warehouse(db, [tmp_path / "r.parquet"], [])
    return db


def _sums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("step", ["_write_csv", "write_checksums"])
def test_killed_publish_keeps_the_previous_release(tmp_path: Path, step: str) -> None:
    releases = tmp_path / "releases"
    previous = publish_release(_warehouse(tmp_path, 3), releases, "v1")
    before = _sums(previous)
    db = _warehouse(tmp_path, 5)  # the next release would have 5 records
    marker = tmp_path / "reached"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(releases), str(marker), step],
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, f"publish ended before {step} (rc {child.returncode})"
            assert time.monotonic() < deadline, f"publish never reached {step}"
            time.sleep(0.02)
        assert any(releases.glob(".tmp-v2"))  # half-written, in the temporary folder
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert latest_version(releases) == "v1"
    assert not (releases / "v2").exists()
    assert _sums(previous) == before  # the previous release is byte for byte as it was
    # The next run succeeds and sweeps the leftover temporary folder.
    assert publish_release(db, releases, "v2") == releases / "v2"
    assert latest_version(releases) == "v2"
    assert not any(releases.glob(".tmp-*"))
