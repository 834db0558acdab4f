"""Normalise, link, load and release N synthetic records; peak memory; pyarrow baseline.

    python -m benchmarks.scale [--sizes 10000,100000,1000000] [--workers N]
                               [--in-process-sizes 1000000]

Each size runs in its own process, and each stage in processes of its own, as Dagster's
multiprocess executor runs asset steps; the peak memory (ru_maxrss) is reported per stage.
Records are made from the seed pages' text (``benchmarks.synthetic``): 5 languages, 4
paragraphs each, partner organisations from a pool of 20,011 plus three ministries named by
1 record in 20, and every 3 neighbouring records (3 languages, 3 portals) sharing one
project's name and acronym, so linking finds 1 initiative per 3 records. The stages call the
pipeline's code:

- normalise: ``transforms.records.normalise`` + record type + ``enrich_translated`` (topics,
  safety flags, completeness), written as one silver Parquet file per 10,000 records (a
  source's worth), ``--workers`` processes at a time (default: one per core), as the
  pipeline's multiprocess executor normalises sources in parallel step processes;
- link: ``warehouse.initiatives.write_gold`` (blocking, union-find, merge), as the asset;
- load: ``warehouse.store.load_warehouse`` (DuckDB tables and views);
- release: ``warehouse.release.publish_release`` (Parquet, CSV, data package, DCAT, stats).

Baseline: writing the release's records table with pyarrow alone (``pq.write_table``, zstd),
timed in the same process after the release, from the same Arrow table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

CHUNK = 10_000  # records per silver file (a source's worth)
# A parenthesised acronym, with the English name that may precede it.
ACRONYM = re.compile(r"(?:[A-Z][\w-]+(?:\s[A-Z][\w-]+)*\s[–-]\s)?(?:[A-Z][\w-]+\s)*\([^()]{2,30}\)")


def _project_name(n: int) -> str:
    """A capitalised made-up word per project ("Baab"), as project names are written."""
    letters = "".join(chr(97 + (n // 26**k) % 26) for k in range(4))
    return "B" + letters


def _records(start_at: int, stop: int) -> Iterator[dict[str, Any]]:
    from benchmarks.synthetic import seeds
    from transforms.enrich import enrich_translated
    from transforms.identity import record_id
    from transforms.record_type import classify_record
    from transforms.records import SourceContext, normalise
    from transforms.schema import RECORD_FIELDS

    texts = seeds()
    empty = {f.name: None for f in RECORD_FIELDS}
    for i in range(start_at, stop):
        seed = texts[i % len(texts)]
        start = (i // len(texts)) % max(1, len(seed.paragraphs) - 3)
        # Acronyms and names made per project, shared by 3 neighbouring records (different
        # languages and sources): the seeds' own "(SI PLUS)" would make every record one.
        text = ACRONYM.sub("", "\n".join(seed.paragraphs[start : start + 4]))
        body = f"{text}\n{_project_name(i // 3)} Social Lab (P{i // 3}X)"
        title = ACRONYM.sub("", f"{seed.title} {i}")
        source = f"{seed.source_id.split('_')[0]}_bench{i % 4}"
        # Partners from a pool of 20,011 (a few records each), and one record in 20 naming one
        # of three ministries: keys so common that blocking must skip them.
        organisations = [f"Partner {i % 20011} Kft.", f"Partner {(i * 7) % 19997} s.r.o."]
        if i % 20 == 0:
            organisations.append(f"Ministry of Labour {i % 3}")
        context = SourceContext(source, seed.source_id[:2].upper(), (seed.lang,))
        url = f"https://portal{i % 4}.bench.test/p/{i}/"
        kind, _ = classify_record(url, title)
        record = empty | {
            "record_id": record_id(source, url), "source_id": source, "url": url,
            "record_type": kind, "fetched_at": "2026-11-24T00:00:00+00:00",
            "content_hash": f"{i:064x}", "title": title, "body": body, "language": seed.lang,
            "title_lang": seed.lang, "body_lang": seed.lang, "organisations_text": organisations,
        } | normalise(title, body, None, organisations, seed.lang, context)  # fmt: skip
        enrich_translated(record)
        yield record


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _write_part(path: Path, start_at: int, stop: int) -> Path:
    """Normalise records ``start_at..stop`` (one source's worth) into one silver file."""
    import pyarrow as pa

    from transforms.schema import RECORD_SCHEMA
    from warehouse.lake import write_parquet_atomic

    rows = list(_records(start_at, stop))
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=RECORD_SCHEMA), path)
    return path


def _measured(stage: Callable[..., Any], *args: Any) -> tuple[float, float, Any]:
    """Run ``stage`` here; its seconds, this process's peak RSS (MB) and its result."""
    start = time.perf_counter()
    result = stage(*args)
    return time.perf_counter() - start, _peak_mb(), result


def _own_process(stage: Callable[..., Any], *args: Any) -> tuple[float, float, Any]:
    """``_measured`` in a fresh process: an asset step's process under Dagster's
    multiprocess executor, with only its own memory."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(_measured, stage, *args).result()


def run_one(n: int, workers: int, in_process: bool = False) -> dict[str, Any]:
    """One size. ``in_process``: every stage in this one process, one source's file after
    another, as ``siharvest run`` executes a run's steps (``execute_in_process``): what one
    stage leaves behind stays for the next, so the peak is the process's, not a stage's."""
    import pyarrow.parquet as pq

    from warehouse.initiatives import write_gold
    from warehouse.release import publish_release
    from warehouse.store import load_warehouse

    times: dict[str, float] = {}
    peaks: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        chunks = [
            (root / "silver" / f"part{k:03d}.parquet", a, min(a + CHUNK, n))
            for k, a in enumerate(range(0, n, CHUNK))
        ]
        if in_process:
            files = [_write_part(*chunk) for chunk in chunks]
            peaks["normalise"] = _peak_mb()
        else:
            # One process per core, one silver file per 10,000 records: the pipeline
            # normalises each source in its own step process (multiprocess executor) the
            # same way.
            with ProcessPoolExecutor(max_workers=workers) as pool:
                files = [part.result() for part in [pool.submit(_write_part, *c) for c in chunks]]
            peaks["normalise"] = _peak_mb(resource.RUSAGE_CHILDREN)  # the largest worker
        times["normalise_s"] = time.perf_counter() - start
        stage = _measured if in_process else _own_process

        gold = {
            "initiatives": root / "gold" / "initiatives.parquet",
            "links": root / "gold" / "links.parquet",
            "membership": root / "gold" / "membership.parquet",
        }
        times["link_s"], peaks["link"], summary = stage(write_gold, files, gold)
        initiatives, link_count = summary.initiatives, summary.links
        warehouse_path = root / "w.duckdb"
        times["load_s"], peaks["load"], _ = stage(load_warehouse, warehouse_path, files, [], gold)
        times["release_s"], peaks["release"], release = stage(
            publish_release, warehouse_path, root / "releases", "bench"
        )

        table = pq.read_table(release / "records.parquet")
        start = time.perf_counter()
        pq.write_table(table, root / "baseline.parquet", compression="zstd")
        times["pyarrow_write_s"] = time.perf_counter() - start
        release_mb = round((release / "records.parquet").stat().st_size / 1e6, 1)
    total = sum(v for k, v in times.items() if k != "pyarrow_write_s")
    storage = times["load_s"] + times["release_s"]
    return {
        "records": n,
        "initiatives": initiatives,
        "links": link_count,
        **{k: round(v, 2) for k, v in times.items()},
        "total_s": round(total, 2),
        "us_per_record": {
            k.removesuffix("_s"): round(v / n * 1e6, 1)
            for k, v in times.items()
            if k != "pyarrow_write_s"
        },
        "peak_rss_mb": max(peaks.values()),
        "peak_rss_mb_by_stage": peaks,
        "mode": "in-process" if in_process else "multiprocess",
        "normalise_workers": 1 if in_process else workers,
        "release_records_parquet_mb": release_mb,
        "ratio_load_and_release_vs_pyarrow_write": round(storage / times["pyarrow_write_s"], 2),
        "ratio_total_vs_pyarrow_write": round(total / times["pyarrow_write_s"], 1),
    }


def main() -> None:
    from benchmarks.common import RESULTS_DIR, report

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    # siharvest run's in-process execution: every step in one process (issue: <= 2 GB at 1M).
    parser.add_argument("--in-process-sizes", default="1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.workers, args.in_process)))
        return
    # Sizes not asked for this time keep the figures of their last run.
    previous = RESULTS_DIR / "scale.json"
    figures: dict[str, Any] = (
        json.loads(previous.read_text())["figures"] if previous.exists() else {}
    )
    runs = [(int(s), False) for s in args.sizes.split(",") if s]
    runs += [(int(s), True) for s in args.in_process_sizes.split(",") if s]
    for size, in_process in runs:
        command = [sys.executable, "-m", "benchmarks.scale", "--one", str(size)]
        command += ["--workers", str(args.workers)] + (["--in-process"] if in_process else [])
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"scale run of {size} records failed:\n{done.stderr[-4000:]}")
        key = f"{size} in-process" if in_process else str(size)
        figures[key] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{key}: {figures[key]}", flush=True)
    report("scale", figures)


if __name__ == "__main__":
    main()
