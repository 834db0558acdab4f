"""An organisation's country: ``organisation_country`` against two baselines, same names.

    python -m benchmarks.organisations

Names: the labelled set in tests/data/organisation_countries.tsv (organisation names as
European portals write them: own language and English, Latin, Cyrillic and Greek, with the
page's language, the portal's country and the sentence around the name). Baselines:
- the name's language alone (``detect_language`` on the name, mapped to the language's main
  country; English and undetected names get nothing);
- the publishing portal's country.
EU-level bodies are labelled with no country; a method is right on them when it gives none.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from benchmarks.common import report
from transforms.language import detect_language
from transforms.organisations import organisation_country
from transforms.organisations.country import LANGUAGE_COUNTRIES, name_evidence

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "organisation_countries.tsv"


def load_samples() -> list[dict[str, str]]:
    with SAMPLES.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def ours(row: dict[str, str]) -> str | None:
    return organisation_country(
        row["name"], row["lang"] or None, row["source_country"] or None, row["context"]
    )


def name_language_only(row: dict[str, str]) -> str | None:
    countries = LANGUAGE_COUNTRIES.get(detect_language(row["name"]).lang or "", ())
    return countries[0] if countries else None


def portal_country(row: dict[str, str]) -> str | None:
    country = row["source_country"]
    return country if country and country != "EU" else None


def main() -> None:
    rows = load_samples()
    figures: dict[str, object] = {"names": len(rows)}
    methods = (
        ("ours", ours),
        ("name_language", name_language_only),
        ("portal_country", portal_country),
    )
    for label, method in methods:
        for row in rows:  # warm-up: lexicons, country names and lingua's models load once
            method(row)
        name_evidence.cache_clear()  # per-name evidence is cached; time it cold
        start = time.perf_counter()
        right = sum((method(row) or "") == row["expected"] for row in rows)
        elapsed = time.perf_counter() - start
        figures[f"{label}_accuracy"] = round(right / len(rows), 4)
        figures[f"{label}_ms_per_name"] = round(1000 * elapsed / len(rows), 3)
    report("organisations", figures)


if __name__ == "__main__":
    main()
