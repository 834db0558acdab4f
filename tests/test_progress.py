"""What ``siharvest run`` and ``siharvest crawl`` print: progress and a summary, no event flood.

Two sources keep it fast: hu_mgfu from the built-in snapshot and a steward's source whose
portal is down. Every built-in source's expected_min is overridden to 0 (SIH_SOURCES_PATH),
so the release is published from those two alone.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.progress import crawl_issue_lines

REPO = Path(__file__).resolve().parents[1]
DOWN_SOURCE = (
    "publisher: Down\ncountry: AT\nlanguages: [de]\nstart_urls: [https://down.example/]\n"
    "allowed_domains: [down.example]\ndetail: ['^https://down\\.example/p/']\nexpected_min: 0\n"
)


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_", "SIH_"))}
    env |= {
        "SIH_DATA_DIR": str(root / "data"),
        "SIH_SOURCES_PATH": str(root / "sources"),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "HOME": str(root / "home"),
    }
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("progress")
    for folder in ("sources", "dagster_home", "home"):
        (root / folder).mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", root / "dagster_home" / "dagster.yaml")
    for path in (REPO / "spiders" / "sources").glob("*.yml"):
        text = re.sub(r"(?m)^expected_min: .*$", "expected_min: 0", path.read_text())
        (root / "sources" / path.name).write_text(text)
    (root / "sources" / "xx_down.yml").write_text(DOWN_SOURCE)
    return root


@pytest.fixture(scope="module")
def first_run(setup: Path) -> subprocess.CompletedProcess[str]:
    return _cli(setup, "run", "--source", "hu_mgfu", "--source", "xx_down")


def _log_path(stdout: str) -> Path:
    found = re.search(r"^Dagster event log: (.+)$", stdout, re.MULTILINE)
    assert found, stdout
    return Path(found.group(1))


def test_run_prints_progress_and_summary_not_the_event_stream(
    setup: Path, first_run: subprocess.CompletedProcess[str]
) -> None:
    out = first_run.stdout
    # The down source fails the run's exit status; the release is still published.
    assert first_run.returncode == 1, out + first_run.stderr
    assert "DEBUG" not in out and "DEBUG" not in first_run.stderr
    assert "STEP_START" not in out
    lines = out.splitlines()
    # Not a terminal: one plain line per source as it finishes, with its numbers.
    done = next(line for line in lines if line.startswith("hu_mgfu: done in"))
    assert re.search(r"\d+ pages fetched, \d+ records, \d+ sentences translated", done)
    assert any(line.startswith("xx_down: FAILED (raw_pages)") for line in lines)
    assert "hu_mgfu hu " in out and "hu_mgfu en " in out
    assert "Sources refreshed: hu_mgfu" in lines
    assert "Sources FAILED (their last good data was used): xx_down" in lines
    data = setup / "data"
    version = (data / "releases" / "LATEST").read_text().strip()
    assert f"Release {version}: {data / 'releases' / version}" in lines
    assert any(line.startswith("Browse it: siharvest serve") for line in lines)


def test_warnings_grouped_by_source_and_errors_say_what_to_do(
    first_run: subprocess.CompletedProcess[str],
) -> None:
    out = first_run.stdout
    warnings = out.split("Warnings by source:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    down = warnings.index("  xx_down: 1 error")
    assert warnings[down + 1].startswith("    error: https://down.example/: ")
    # The publish run's own warnings come last, under its label.
    assert warnings[-2] == "  (release): warnings from its run"
    assert warnings[-1].startswith("    run: no records yet for: ")
    # One line for the missing translation models, not one per source and pair.
    assert "No translation model, originals kept: hu->en (1 source)" in out.splitlines()
    assert out.count("no translation model for") == 0
    errors = out.split("Errors:\n", 1)[1].split("\n\n", 1)[0]
    assert "xx_down failed in step raw_pages: RuntimeError: xx_down: the crawl found no" in errors
    assert "what to do: run `siharvest check xx_down`" in errors


def test_the_event_stream_goes_to_a_log_file_under_the_data_root(
    setup: Path, first_run: subprocess.CompletedProcess[str]
) -> None:
    log = _log_path(first_run.stdout)
    assert log.parent == setup / "data" / "logs" and log.is_file()
    text = log.read_text()
    for kind in ("RUN_START", "STEP_START", "ASSET_MATERIALIZATION", "STEP_FAILURE"):
        assert f" - {kind} - " in text
    assert " - DEBUG - " in text
    # The failure's traceback is there, with the source's own message.
    assert "xx_down: the crawl found no detail pages" in text


def test_verbose_prints_the_event_stream(setup: Path, first_run: object) -> None:
    done = _cli(setup, "run", "--source", "hu_mgfu", "--verbose")
    assert done.returncode == 0, done.stdout + done.stderr
    stream = [line for line in done.stdout.splitlines() if " - dagster - " in line]
    assert any(" - DEBUG - refresh_source - " in line for line in stream)
    assert any(" - publish_release - " in line and "RUN_SUCCESS" in line for line in stream)
    # The summary follows, and the same stream is in the log file.
    assert "hu_mgfu hu " in done.stdout
    assert _log_path(done.stdout).read_text().count("\n") >= len(stream)


def test_crawl_names_a_failed_source_and_what_to_do(setup: Path) -> None:
    done = _cli(setup, "crawl", "xx_down")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "xx_down: 0 pages" in done.stdout
    assert "    error: https://down.example/: " in done.stdout
    assert "xx_down: the crawl found no detail pages." in done.stdout
    assert "what to do: run `siharvest check xx_down`" in done.stdout


def test_issue_lines_count_by_level_and_list_the_worst_first() -> None:
    issues = [("a", "warning", f"https://a.example/{n}", "no date") for n in range(5)]
    issues += [("a", "error", "https://a.example/x", "HTTP 500"), ("b", "warning", "u", "m")]
    lines = crawl_issue_lines(issues, {"(release)": ["no records yet for: c"], "b": []})
    assert lines[0] == "  a: 5 warnings, 1 error"
    assert lines[1] == "    error: https://a.example/x: HTTP 500"
    assert lines[4].startswith("    ... 3 more: siharvest query")
    assert lines[5:] == [
        "  b: 1 warning",
        "    warning: u: m",
        "  (release): warnings from its run",
        "    run: no records yet for: c",
    ]
