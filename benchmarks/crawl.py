"""Crawl: the full spider (bronze write + extraction) against a fetch-only spider.

    python -m benchmarks.crawl [--pages 2000] [--rounds 2]

A synthetic portal (``benchmarks.synthetic``: the five seed pages' text in hu, sk, pl, bg, ro,
served as UTF-8, ISO-8859-2, windows-1250 and windows-1251) is served by the snapshot server on
127.0.0.1. Both spiders are the same ``python -m spiders.crawl`` subprocess: the fetch-only
one has no item pipeline (it fetches, hashes and follows links, and stores nothing); the full
one writes the bronze Parquet, and its pages then go through extraction and language
detection (``build_records``), as the ``records`` asset does. Rounds alternate the two; the
best round of each counts. The language detector is loaded before timing (a fixed cost of a
few seconds per process, not a per-page one).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from spiders.snapshot_server import SnapshotServer
from spiders.sources import load_sources
from transforms.language import detect_language
from transforms.records import build_records

SOURCE = "eu_bench"


def _crawl(out: Path, url: str, sources_dir: Path, fetch_only: bool) -> float:
    command = [sys.executable, "-m", "spiders.crawl", SOURCE, str(out), "--snapshot-url", url]
    start = time.perf_counter()
    subprocess.run(
        [*command, *(["--fetch-only"] if fetch_only else [])],
        check=True,
        capture_output=True,
        env={**os.environ, "SIH_SOURCES_PATH": str(sources_dir)},
    )
    return time.perf_counter() - start


def main() -> None:
    from benchmarks.common import report
    from benchmarks.synthetic import write_portal
    from pipelines.silver import source_context

    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources_dir = root / "sources"
        sources_dir.mkdir()
        config = write_portal(root / "sites", args.pages)
        (sources_dir / f"{SOURCE}.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
        source = load_sources([sources_dir])[SOURCE]
        # lingua loads its models on first use (seconds, once per process): not per page.
        detect_language("Ez egy rövid magyar mondat.", hints=["hu"])
        fetch_times, full_times, crawl_times, extract_times = [], [], [], []
        pages = records = 0
        with SnapshotServer(root / "sites") as server:
            for n in range(args.rounds):
                fetch_times.append(_crawl(root / f"fetch{n}", server.url, sources_dir, True))
                crawl_s = _crawl(root / f"full{n}" / "c", server.url, sources_dir, False)
                start = time.perf_counter()
                rows = pq.read_table(root / f"full{n}" / "c" / "pages.parquet").to_pylist()
                build = build_records(rows, source_context(source), previous={})
                extract_s = time.perf_counter() - start
                pages, records = len(rows), len(build.records)
                crawl_times.append(crawl_s)
                extract_times.append(extract_s)
                full_times.append(crawl_s + extract_s)
    fetch_s, full_s = min(fetch_times), min(full_times)
    report(
        "crawl",
        {
            "detail_pages": args.pages,
            "pages_fetched": pages,
            "records_built": records,
            "rounds": args.rounds,
            "fetch_only_s": round(fetch_s, 2),
            "full_s": round(full_s, 2),
            "full_crawl_and_bronze_s": round(min(crawl_times), 2),
            "full_extraction_s": round(min(extract_times), 2),
            "fetch_only_pages_per_s": round(pages / fetch_s, 1),
            "full_pages_per_s": round(pages / full_s, 1),
            "ratio_full_vs_fetch_only": round(full_s / fetch_s, 2),
        },
    )


if __name__ == "__main__":
    main()
