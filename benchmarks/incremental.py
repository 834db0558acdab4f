"""Incremental runs: the whole pipeline again on an unchanged portal, and with 1% changed.

    python -m benchmarks.incremental [--pages 1000]

``siharvest run`` on every built-in portal plus a synthetic portal of ``--pages`` detail
pages (``benchmarks.synthetic``), all served on 127.0.0.1, with
a small real argostranslate model for Hungarian installed (so the first run translates every
Hungarian sentence), three times in one data root:

1. first run: everything is fetched, extracted, detected, translated, linked, published;
2. the same portal again: the synthetic portal's sitemap shows no detail page changed since
   its fetch, so none is asked for (listings are; the built-in portals have no sitemap
   and answer 304 to every conditional request): no source changed, so no source needs a
   Dagster run and the release is kept;
3. 1% of the detail pages changed (a paragraph added, their sitemap ``<lastmod>`` moved, as a
   CMS does), then run again: those pages are fetched, that source runs, a release follows.

Seconds per step: the runner's phases (``runner.*``: the one crawl of every source, the
sources' Dagster runs, the sources recorded unchanged, the publish run), the rest of the
``siharvest run`` process (``cli_outside_runner``), and each Dagster step summed over sources.

"Translated" counts rows added to the translation memory during a run (every sentence the
models translate is stored there; sentences found there are not translated again).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import yaml

from spiders.snapshot_server import SNAPSHOT_SITES

SOURCE = "eu_bench"


def _memory_rows(data: Path) -> int:
    path = data / "translation_memory.duckdb"
    if not path.exists():
        return 0
    with duckdb.connect(str(path), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM translation_memory").fetchone()
    return int(row[0]) if row else 0


def _run(env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"siharvest run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def _step_seconds(dagster_home: Path, since: float) -> dict[str, float]:
    """Seconds spent in each asset step (all partitions) by the runs that started after
    ``since``, plus ``dagster_runs``: the runs' own wall time, steps included (sources
    without changes have no run; the crawl of every source is ``runner.crawl_all_sources``)."""
    from dagster import DagsterInstance, RunsFilter

    seconds: dict[str, float] = {}
    with DagsterInstance.from_config(str(dagster_home)) as instance:
        for run in instance.get_run_records(RunsFilter(created_after=_utc(since))):
            stats = instance.get_run_stats(run.dagster_run.run_id)
            if stats.start_time and stats.end_time:
                seconds["dagster_runs"] = seconds.get("dagster_runs", 0.0) + (
                    stats.end_time - stats.start_time
                )
            for step in instance.get_run_step_stats(run.dagster_run.run_id):
                if step.start_time and step.end_time:
                    key = step.step_key
                    seconds[key] = seconds.get(key, 0.0) + step.end_time - step.start_time
    return {key: round(value, 2) for key, value in sorted(seconds.items())}


def _phase_seconds(data: Path, total: float) -> dict[str, float]:
    """The runner's own phases (pipelines/runner.py writes them), and the rest of the
    ``siharvest run`` process: start-up (imports, definitions) and the summary."""
    record = json.loads((data / "state" / "last_refresh.json").read_text())
    phases: dict[str, float] = record["seconds"]
    return {f"runner.{k}": v for k, v in phases.items()} | {
        "cli_outside_runner": round(total - sum(phases.values()), 2),
        "unchanged_sources": record["unchanged_sources"],
        "sources": record["sources"],
    }


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def main() -> None:
    from benchmarks.common import report
    from benchmarks.synthetic import (
        BENCH_HOST,
        read_sitemap,
        seeds,
        utc_seconds,
        write_portal,
        write_sitemap,
    )
    from pipelines.tiny_model import build_tiny_model
    from warehouse.lake import latest_crawl_dir

    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sites, sources, data = root / "sites", root / "sources", root / "data"
        sources.mkdir()
        # The built-in portals too: every source runs, as in `make run`.
        shutil.copytree(SNAPSHOT_SITES, sites)
        config = write_portal(sites, args.pages)
        (sources / f"{SOURCE}.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
        hungarian = next(seed for seed in seeds() if seed.lang == "hu")
        build_tiny_model(data / "models", "hu", "en", hungarian.paragraphs)
        (root / "dagster_home").mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SIH_")} | {
            "SIH_DATA_DIR": str(data),
            "SIH_SOURCES_PATH": str(sources),
            "SIH_SNAPSHOT_DIR": str(sites),
            "DAGSTER_HOME": str(root / "dagster_home"),
        }
        figures: dict[str, float | int] = {"detail_pages": args.pages}
        runs = {}
        steps: dict[str, dict[str, float]] = {}
        for name in ("first", "unchanged", "one_percent_changed"):
            if name == "one_percent_changed":
                changed = max(1, args.pages // 100)
                lastmod = read_sitemap(sites)
                for i in range(0, args.pages, args.pages // changed)[:changed]:
                    page = sites / BENCH_HOST / "p" / str(i) / "index.html"
                    page.write_bytes(
                        page.read_bytes().replace(b"</article>", b"<p>Updated 2026.</p></article>")
                    )
                    lastmod[i] = utc_seconds()  # as the portal's CMS does on an edit
                write_sitemap(sites, lastmod)
                figures["pages_changed"] = changed
            before, started = _memory_rows(data), time.time()
            runs[name] = _run(env, root)
            steps[name] = _phase_seconds(data, runs[name]) | _step_seconds(
                root / "dagster_home", started
            )
            crawl = latest_crawl_dir(data / "bronze", SOURCE)
            summary = json.loads((crawl / "crawl.json").read_text()) if crawl else {}
            figures[f"{name}_synthetic_portal_requests"] = summary.get("requests", 0)
            figures[f"{name}_synthetic_portal_kept_by_sitemap"] = summary.get("kept_by_sitemap", 0)
            figures[f"{name}_s"] = round(runs[name], 2)
            figures[f"{name}_sentences_translated"] = _memory_rows(data) - before
            # A release whose inputs did not change is kept, not published again.
            releases = data / "releases"
            figures[f"{name}_releases"] = len([p for p in releases.glob("2*") if p.is_dir()])
        figures["unchanged_vs_first"] = round(runs["unchanged"] / runs["first"], 3)
        figures["one_percent_vs_first"] = round(runs["one_percent_changed"] / runs["first"], 3)
    report("incremental", figures | {"seconds_by_step": steps})


if __name__ == "__main__":
    main()
