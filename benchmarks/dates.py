"""Date parsing: ``transforms.dates.parse_date`` against plain dateparser on the same strings.

    python -m benchmarks.dates

``tests/data/date_samples.tsv``: 102 date strings as European portals print them (day, month
and range forms; publication lines such as "Publikováno: 12. 10. 2023"), in the 24 EU
languages plus Serbian (Latin and Cyrillic) and Ukrainian, with the ISO answer. dateparser
gets the language too and is asked for a single date (it has no ranges); for a month-only
string its answer counts when year and month are right.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from transforms.dates import parse_date

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "date_samples.tsv"


def load_samples() -> list[dict[str, str]]:
    with SAMPLES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def ours_right(rows: list[dict[str, str]], with_language: bool = True) -> int:
    return sum(
        parse_date(row["text"], (row["lang"] or None) if with_language else None) == row["expected"]
        for row in rows
    )


def _dateparser_answer(text: str, lang: str) -> str | None:
    import dateparser

    languages = [lang] if lang else None
    try:
        found = dateparser.parse(
            text, languages=languages, settings={"PREFER_DAY_OF_MONTH": "first"}
        )
    except Exception:  # dateparser raises on languages it does not know (e.g. ga, mt)
        found = dateparser.parse(text)
    return found.date().isoformat() if found else None


def dateparser_right(rows: list[dict[str, str]]) -> int:
    right = 0
    for row in rows:
        answer = _dateparser_answer(row["text"], row["lang"])
        expected = row["expected"]
        if answer is None or "/" in expected:
            continue  # no answer, or a range it cannot give
        right += answer[: len(expected)] == expected
    return right


def main() -> None:
    from benchmarks.common import report

    rows = load_samples()
    start = time.perf_counter()
    ours = ours_right(rows)
    ours_s = time.perf_counter() - start
    theirs_start = time.perf_counter()
    theirs = dateparser_right(rows)
    theirs_s = time.perf_counter() - theirs_start
    report(
        "dates",
        {
            "strings": len(rows),
            "ranges": sum("/" in row["expected"] for row in rows),
            "ours_right": ours,
            "ours_accuracy": round(ours / len(rows), 3),
            "ours_accuracy_without_language": round(ours_right(rows, False) / len(rows), 3),
            "dateparser_right": theirs,
            "dateparser_accuracy": round(theirs / len(rows), 3),
            "ours_strings_per_s": round(len(rows) / ours_s),
            "dateparser_strings_per_s": round(len(rows) / theirs_s),
        },
    )


if __name__ == "__main__":
    main()
