"""Test-wide setup: every file the code under test writes goes to a throw-away data root.

This runs before any project module is imported, because importing Scrapy, Dagster or
argostranslate already writes state under the XDG folders that the settings point there.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_DATA_ROOT = Path(tempfile.mkdtemp(prefix="sih-test-data-"))
os.environ["SIH_DATA_DIR"] = str(_DATA_ROOT)
os.environ["SIH_MODE"] = "snapshot"
os.environ.pop("SIH_SOURCES_PATH", None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def snapshot_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """``siharvest run`` on the built-in snapshot as ``make run`` calls it, every step in one
    process: (data root, stdout, a home folder that must stay empty). One run per test process
    (each xdist worker that needs it makes it once): the end-to-end tests read it, and the
    Celery test compares its release with it.
    """
    import shutil
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("snapshot-run")
    data, home, dagster_home = root / "data", root / "home", root / "dagster_home"
    home.mkdir()
    dagster_home.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_", "SIH_"))}
    env.pop("DAGSTER_HOME", None)
    env |= {"SIH_DATA_DIR": str(data), "HOME": str(home), "DAGSTER_HOME": str(dagster_home)}
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return data, done.stdout, home
