"""The release site in headless chromium: first render and search time of an N-record release.

    python -m benchmarks.site [--sizes 10000,100000] [--runs 3]

The release is built as ``benchmarks.scale`` builds it (the seed pages' text, 5 languages,
1 initiative per 3 records; normalise, link, load and ``publish_release``), then served by
``warehouse.site_server.SiteServer`` on 127.0.0.1 (range requests) and opened in Debian's
chromium with Playwright, a fresh browser each run (nothing cached). Figures, medians of
``--runs``:

- ``first_render_ms``: from navigation to the first page of results drawn (stats.json, the
  Parquet footers and the list columns of every record read, 20 rows in the DOM);
- ``search_ready_ms``: until the bodies are read into the full-text search;
- ``search_ms``: one search over titles and bodies, original and English (the query, the
  facet counts and the page drawn), timed in the page; ``search_roundtrip_ms`` adds the
  Playwright round trip;
- ``rows_in_dom``: result rows in the DOM (one page, however large the release);
- ``js_heap_mb``: the page's JavaScript heap once the search is ready.

Needs the site built (``make site``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.scale import CHUNK, _own_process, _write_part

CHROMIUM = "/usr/bin/chromium"
QUERY = "competence centre"


def build_release(root: Path, n: int, workers: int) -> Path:
    from warehouse.initiatives import write_gold
    from warehouse.release import publish_release
    from warehouse.store import load_warehouse

    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = [
            pool.submit(_write_part, root / "silver" / f"part{k:03d}.parquet", a, min(a + CHUNK, n))
            for k, a in enumerate(range(0, n, CHUNK))
        ]
        files = [part.result() for part in parts]
    gold = {
        "initiatives": root / "gold" / "initiatives.parquet",
        "links": root / "gold" / "links.parquet",
        "membership": root / "gold" / "membership.parquet",
    }
    _own_process(write_gold, files, gold)
    warehouse_path = root / "w.duckdb"
    _own_process(load_warehouse, warehouse_path, files, [], gold)
    return publish_release(warehouse_path, root / "releases", "bench")


def measure(url: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--enable-precise-memory-info"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector("#results > li", timeout=300_000)
        first = (time.perf_counter() - start) * 1000
        page.wait_for_selector("body[data-ready=true]", timeout=600_000)
        ready = (time.perf_counter() - start) * 1000
        rendered = page.evaluate("document.body.dataset.rendered")
        start = time.perf_counter()
        page.evaluate(
            "q => { const box = document.getElementById('q'); box.value = q;"
            " box.form.requestSubmit() }",
            QUERY,
        )
        while page.evaluate("document.body.dataset.rendered") == rendered:
            page.wait_for_timeout(1)
        roundtrip = (time.perf_counter() - start) * 1000
        timings = page.evaluate("window.siteTimings")
        figures = {
            "first_render_ms": first,
            "first_render_in_page_ms": timings["firstRenderMs"],
            "search_ready_ms": ready,
            "search_ms": timings["renderMs"],
            "search_roundtrip_ms": roundtrip,
            "hits": int(page.get_attribute("#result-count", "data-count") or 0),
            "rows_in_dom": page.locator("#results > li").count(),
            "js_heap_mb": page.evaluate("performance.memory.usedJSHeapSize") / 1e6,
        }
        browser.close()
    if errors:
        raise RuntimeError(f"the page failed: {errors}")
    return figures


def run_one(n: int, runs: int, workers: int) -> dict[str, Any]:
    from warehouse.site_server import SiteServer, site_url

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        release = build_release(root, n, workers)
        built = time.perf_counter() - start
        with SiteServer(root / "releases") as server:
            url = site_url(release.name, server.port)
            samples = [measure(url) for _ in range(runs)]
        sizes = {
            name: round((release / name).stat().st_size / 1e6, 2)
            for name in ("records.parquet", "initiatives.parquet", "organisations.parquet")
        }
    figures: dict[str, Any] = {"records": n, "runs": runs}
    for key in samples[0]:
        value = statistics.median(s[key] for s in samples)
        figures[key] = round(value, 1) if isinstance(value, float) else value
    figures["search_query"] = QUERY
    figures["release_mb"] = sizes
    figures["build_release_s"] = round(built, 1)
    return figures


def main() -> None:
    from benchmarks.common import RESULTS_DIR, report

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    # Sizes not asked for this time keep the figures of their last run.
    previous = RESULTS_DIR / "site.json"
    figures: dict[str, Any] = (
        json.loads(previous.read_text())["figures"] if previous.exists() else {}
    )
    for n in (int(s) for s in args.sizes.split(",")):
        figures[str(n)] = run_one(n, args.runs, args.workers)
        print(json.dumps(figures[str(n)]), flush=True)
    report("site", figures)


if __name__ == "__main__":
    main()
