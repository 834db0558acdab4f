"""Language detection: ``detect_language`` against the plain libraries, same texts.

    python -m benchmarks.language

Texts: the labelled set in tests/data/language_samples.tsv (titles and paragraphs in the 29
supported languages; columns lang, kind, hints, group, text). ``detect_language`` gets each
row's hints, as records.py passes them (the portal's languages; most rows have none); the
baselines, plain lingua (the same language set, its top answer) and plain per-record
langdetect, take none: neither library has a way to. Accuracy is reported for titles and
paragraphs, and for the hard subsets: Serbian/Croatian/Bosnian, English titles on
non-English portals and short titles in the portal's own language. All detectors are warmed
up first (lingua loads its models lazily), then ours and langdetect are timed over the same
texts in alternating rounds so machine noise hits both alike.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path

from langdetect import DetectorFactory, LangDetectException
from langdetect import detect as langdetect_detect

from benchmarks.common import report
from transforms.language import SERBO_CROATIAN, detect_language, lingua_only

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "language_samples.tsv"
ROUNDS = 3
Row = dict[str, str]
# Subsets with their own accuracy lines: name -> which rows.
SUBSETS: dict[str, Callable[[Row], bool]] = {
    "short": lambda r: r["kind"] == "short",
    "long": lambda r: r["kind"] == "long",
    "serbo_croatian": lambda r: r["lang"] in SERBO_CROATIAN and r["group"] != "native_on_portal",
    "serbian_latin": lambda r: r["group"] in ("sr_latn", "sr_me"),
    "english_on_portal": lambda r: r["group"] == "en_on_portal",
    "native_on_portal": lambda r: r["group"] == "native_on_portal",
}


def _hints(row: Row) -> list[str]:
    return [h for h in row["hints"].split(",") if h]


def plain_langdetect(row: Row) -> str | None:
    try:
        return langdetect_detect(row["text"])
    except LangDetectException:
        return None


def plain_lingua(row: Row) -> str | None:
    """What the pipeline had before any rule: lingua's first answer over our languages."""
    return lingua_only(row["text"])


def ours(row: Row) -> str | None:
    return detect_language(row["text"], _hints(row)).lang


def main() -> None:
    DetectorFactory.seed = 0
    with SAMPLES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    detectors = {"ours": ours, "lingua": plain_lingua, "langdetect": plain_langdetect}
    answers = {name: [fn(r) for r in rows] for name, fn in detectors.items()}  # also warm-up
    timings: dict[str, float] = {"ours": 0.0, "langdetect": 0.0}
    for _ in range(ROUNDS):
        for name in timings:
            fn = detectors[name]
            start = time.perf_counter()
            for row in rows:
                fn(row)
            timings[name] += time.perf_counter() - start
    figures: dict[str, object] = {"texts": len(rows), "rounds": ROUNDS}
    for subset, wanted in SUBSETS.items():
        picked = [i for i, r in enumerate(rows) if wanted(r)]
        figures[f"{subset}_texts"] = len(picked)
        for name in detectors:
            right = sum(answers[name][i] == rows[i]["lang"] for i in picked)
            figures[f"{name}_{subset}_accuracy"] = round(right / len(picked), 4)
    figures["ours_wrong"] = [
        f"{r['lang']}->{answers['ours'][i]}: {r['text'][:60]}"
        for i, r in enumerate(rows)
        if answers["ours"][i] != r["lang"]
    ]
    for name, seconds in timings.items():
        figures[f"{name}_records_per_s"] = round(len(rows) * ROUNDS / seconds, 1)
    figures["speed_ratio_ours_vs_langdetect"] = round(
        figures["ours_records_per_s"] / figures["langdetect_records_per_s"],  # type: ignore[operator]
        2,
    )
    report("language", figures)


if __name__ == "__main__":
    main()
