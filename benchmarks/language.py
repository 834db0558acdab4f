"""Language detection: ``detect_language`` against plain per-record langdetect, same texts.

    python -m benchmarks.language

Texts: the labelled set in tests/data/language_samples.tsv (titles and paragraphs in the 28
supported languages). Both detectors are warmed up first (lingua loads its models lazily),
then timed over the same texts in alternating rounds so machine noise hits both alike.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from langdetect import DetectorFactory, LangDetectException
from langdetect import detect as langdetect_detect

from benchmarks.common import report
from transforms.language import detect_language

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "language_samples.tsv"
ROUNDS = 3


def plain_langdetect(text: str) -> str | None:
    try:
        return langdetect_detect(text)
    except LangDetectException:
        return None


def ours(text: str) -> str | None:
    return detect_language(text).lang


def main() -> None:
    DetectorFactory.seed = 0
    with SAMPLES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    texts = [r["text"] for r in rows]
    for fn in (ours, plain_langdetect):  # warm-up: model loading is not per-record cost
        for text in texts:
            fn(text)
    timings: dict[str, float] = {"ours": 0.0, "langdetect": 0.0}
    for _ in range(ROUNDS):
        for name, fn in (("ours", ours), ("langdetect", plain_langdetect)):
            start = time.perf_counter()
            for text in texts:
                fn(text)
            timings[name] += time.perf_counter() - start
    figures: dict[str, object] = {"texts": len(texts), "rounds": ROUNDS}
    for name, fn in (("ours", ours), ("langdetect", plain_langdetect)):
        per_second = len(texts) * ROUNDS / timings[name]
        figures[f"{name}_records_per_s"] = round(per_second, 1)
        for kind in ("short", "long"):
            subset = [r for r in rows if r["kind"] == kind]
            right = sum(fn(r["text"]) == r["lang"] for r in subset)
            figures[f"{name}_{kind}_accuracy"] = round(right / len(subset), 4)
            figures[f"{kind}_texts"] = len(subset)
    figures["speed_ratio_ours_vs_langdetect"] = round(
        figures["ours_records_per_s"] / figures["langdetect_records_per_s"],
        2,  # type: ignore[operator]
    )
    report("language", figures)


if __name__ == "__main__":
    main()
