"""Project periods in running text: ``transforms.periods.extract_period`` against the landed one.

    python -m benchmarks.periods

``tests/data/period_samples.tsv``: sentences in the style of project pages, in the 24 EU
languages plus Serbian (Latin and Cyrillic) and Ukrainian, each with the period a reader would
take from it (``start``, ``end``; an empty cell is None, both empty: no project period) and its
``kind`` (range, labelled, duration, since, until, between, mixed, negative, …). A row counts
as right only when both sides are exactly right. The baseline is the landed function
(``benchmarks.landed``: read from git at the commit this round started from).
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from benchmarks.landed import landed_module
from transforms.dates import extract_period

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "period_samples.tsv"
Period = tuple[str | None, str | None] | None


def load_samples() -> list[dict[str, str]]:
    with SAMPLES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def expected(row: dict[str, str]) -> Period:
    start, end = row["start"] or None, row["end"] or None
    return None if start is None and end is None else (start, end)


def right(rows: list[dict[str, str]], extract: Callable[[str, str | None], Period]) -> list[bool]:
    return [extract(row["text"], row["lang"] or None) == expected(row) for row in rows]


def _rates(rows: list[dict[str, str]], hits: list[bool], column: str) -> dict[str, float]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for row, hit in zip(rows, hits, strict=True):
        groups[row[column]].append(hit)
    return {key: round(sum(v) / len(v), 3) for key, v in sorted(groups.items())}


def main() -> None:
    from benchmarks.common import report

    rows = load_samples()
    negatives = [expected(row) is None for row in rows]
    started = time.perf_counter()
    ours = right(rows, extract_period)
    ours_s = time.perf_counter() - started
    baseline = right(rows, landed_module("transforms/dates.py").extract_period)
    report(
        "periods",
        {
            "sentences": len(rows),
            "languages": len({row["lang"] for row in rows}),
            "negatives": sum(negatives),
            "ours_exact": round(sum(ours) / len(rows), 3),
            "ours_negatives_none": round(
                sum(h for h, n in zip(ours, negatives, strict=True) if n) / sum(negatives), 3
            ),
            "baseline_exact": round(sum(baseline) / len(rows), 3),
            "baseline_negatives_none": round(
                sum(h for h, n in zip(baseline, negatives, strict=True) if n) / sum(negatives), 3
            ),
            "ours_by_kind": _rates(rows, ours, "kind"),
            "baseline_by_kind": _rates(rows, baseline, "kind"),
            "ours_by_language": _rates(rows, ours, "lang"),
            "ours_sentences_per_s": round(len(rows) / ours_s),
        },
    )


if __name__ == "__main__":
    main()
