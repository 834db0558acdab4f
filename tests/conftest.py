"""Test-wide setup: every file the code under test writes goes to a throw-away data root.

This runs before any project module is imported, because importing Scrapy, Dagster or
argostranslate already writes state under the XDG folders that the settings point there.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_DATA_ROOT = Path(tempfile.mkdtemp(prefix="sih-test-data-"))
os.environ["SIH_DATA_DIR"] = str(_DATA_ROOT)
os.environ["SIH_MODE"] = "snapshot"
os.environ.pop("SIH_SOURCES_PATH", None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder
