"""Shared helpers: every benchmark result is a JSON file plus a Markdown section."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).parent / "results"


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def save(name: str, figures: dict[str, Any]) -> Path:
    """Write ``results/<name>.json`` with the command line and the machine."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    record = {
        "benchmark": name,
        "command": " ".join(["python", "-m", f"benchmarks.{name}", *sys.argv[1:]]),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "figures": figures,
    }
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return path


def report(name: str, figures: dict[str, Any]) -> None:
    """Save the figures (see ``save``) and print them, one per line."""
    path = save(name, figures)
    width = max(map(len, figures)) + 2
    for key, value in figures.items():
        print(f"{key:{width}} {value}")
    print(f"-> {path}")
