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

Real texts: tests/data/language_samples_real.tsv (same columns plus ``url``) holds real page
titles, headings and project names copied from stored European portal pages (each row names
its page) and paragraphs written for the project in those pages' style. Its figures carry the
prefix ``real_``: titles as standalone texts (the row's hints, mostly none), titles with the
page's language as the hint, as ``records.build_record`` passes the body's language (the
row's hints, or its own language where it has none: a body detected right), and paragraphs;
plain lingua and langdetect beside, and their speed over the same texts.
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
REAL_SAMPLES = SAMPLES.with_name("language_samples_real.tsv")
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
# The real set's subsets: every row is a title ("short") or a paragraph ("long").
REAL_SUBSETS: dict[str, Callable[[Row], bool]] = {
    "titles": lambda r: r["kind"] == "short",
    "paragraphs": lambda r: r["kind"] == "long",
    "serbo_croatian_titles": lambda r: r["kind"] == "short" and r["lang"] in SERBO_CROATIAN,
    "serbian_latin_titles": lambda r: r["kind"] == "short" and r["group"] in ("sr_latn", "sr_me"),
    "english_titles": lambda r: r["kind"] == "short" and r["lang"] == "en",
    "serbo_croatian_paragraphs": lambda r: r["kind"] == "long" and r["lang"] in SERBO_CROATIAN,
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


def ours_with_page_hint(row: Row) -> str | None:
    """A title as build_record sees it: the body's language first among its hints."""
    return detect_language(row["text"], _hints(row) or [row["lang"]]).lang


def _load(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _timed(detectors: dict[str, Callable[[Row], str | None]], rows: list[Row]) -> dict[str, float]:
    """Records per second for each detector, timed in alternating rounds."""
    seconds = dict.fromkeys(detectors, 0.0)
    for _ in range(ROUNDS):
        for name, fn in detectors.items():
            start = time.perf_counter()
            for row in rows:
                fn(row)
            seconds[name] += time.perf_counter() - start
    return {name: round(len(rows) * ROUNDS / s, 1) for name, s in seconds.items()}


def real_figures() -> dict[str, object]:
    rows = _load(REAL_SAMPLES)
    detectors = {
        "ours": ours,
        "ours_with_page_hint": ours_with_page_hint,
        "lingua": plain_lingua,
        "langdetect": plain_langdetect,
    }
    answers = {name: [fn(r) for r in rows] for name, fn in detectors.items()}
    figures: dict[str, object] = {"real_texts": len(rows)}
    for subset, wanted in REAL_SUBSETS.items():
        picked = [i for i, r in enumerate(rows) if wanted(r)]
        figures[f"real_{subset}_texts"] = len(picked)
        for name in detectors:
            if name == "ours_with_page_hint" and "titles" not in subset:
                continue  # a paragraph is the body: no page hint to give it
            right = sum(answers[name][i] == rows[i]["lang"] for i in picked)
            figures[f"real_{name}_{subset}_accuracy"] = round(right / len(picked), 4)
    figures["real_ours_wrong"] = [
        f"{r['lang']}->{answers['ours'][i]}: {r['text'][:60]}"
        for i, r in enumerate(rows)
        if answers["ours"][i] != r["lang"]
    ]
    speed = _timed({"ours": ours, "lingua": plain_lingua, "langdetect": plain_langdetect}, rows)
    for name, per_s in speed.items():
        figures[f"real_{name}_records_per_s"] = per_s
    return figures


def main() -> None:
    DetectorFactory.seed = 0
    rows = _load(SAMPLES)
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
    figures |= real_figures()
    report("language", figures)


if __name__ == "__main__":
    main()
