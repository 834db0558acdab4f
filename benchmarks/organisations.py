"""An organisation's country: ``organisation_country`` against two baselines, same names.

    python -m benchmarks.organisations

Two labelled sets, reported side by side:
- ``own``: tests/data/organisation_countries.tsv, organisation names as European portals
  write them (own language and English, Latin, Cyrillic and Greek), written for the tests and
  tuned on;
- ``real``: tests/data/organisation_countries_real.tsv, names copied as written from stored
  real portal pages (partner lists, competence centres, ministries, NGOs, agencies), each
  with the page's address, its language and country, and the seat's country checked on the
  page. The context sentences are our own wording in the page's style. Column ``batch``:
  1 for the names the rules were developed on, 2 for names collected afterwards and first
  measured before any change (``real_batch2_*``: the closest figure to held-out names).

Baselines, on the same rows:
- the name's language alone (``detect_language`` on the name, mapped to the language's main
  country; English and undetected names get nothing);
- the publishing portal's country.
EU-level bodies are labelled with no country; a method is right on them when it gives none.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import report
from transforms.language import detect_language
from transforms.organisations import organisation_country
from transforms.organisations.country import LANGUAGE_COUNTRIES, name_evidence

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SAMPLES = DATA / "organisation_countries.tsv"
REAL_SAMPLES = DATA / "organisation_countries_real.tsv"
SETS = {"own": SAMPLES, "real": REAL_SAMPLES}

Row = dict[str, str]


def load_samples(path: Path = SAMPLES) -> list[Row]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def load_real_samples() -> list[Row]:
    return load_samples(REAL_SAMPLES)


def ours(row: Row) -> str | None:
    return organisation_country(
        row["name"], row["lang"] or None, row["source_country"] or None, row["context"]
    )


def name_language_only(row: Row) -> str | None:
    countries = LANGUAGE_COUNTRIES.get(detect_language(row["name"]).lang or "", ())
    return countries[0] if countries else None


def portal_country(row: Row) -> str | None:
    country = row["source_country"]
    return country if country and country != "EU" else None


METHODS: tuple[tuple[str, Callable[[Row], str | None]], ...] = (
    ("ours", ours),
    ("name_language", name_language_only),
    ("portal_country", portal_country),
)


def accuracy(method: Callable[[Row], str | None], rows: list[Row]) -> float:
    return sum((method(row) or "") == row["expected"] for row in rows) / len(rows)


def misses(rows: list[Row]) -> list[tuple[str, str, str]]:
    """(name, expected, ours) for every row ``organisation_country`` gets wrong."""
    return [
        (row["name"], row["expected"], ours(row) or "")
        for row in rows
        if (ours(row) or "") != row["expected"]
    ]


def main() -> None:
    figures: dict[str, object] = {}
    for set_name, path in SETS.items():
        rows = load_samples(path)
        figures[f"{set_name}_names"] = len(rows)
        for label, method in METHODS:
            for row in rows:  # warm-up: lexicons, country names and lingua's models load once
                method(row)
            name_evidence.cache_clear()  # per-name evidence is cached; time it cold
            start = time.perf_counter()
            right = accuracy(method, rows)
            elapsed = time.perf_counter() - start
            figures[f"{set_name}_{label}_accuracy"] = round(right, 4)
            figures[f"{set_name}_{label}_ms_per_name"] = round(1000 * elapsed / len(rows), 3)
        later = [row for row in rows if row.get("batch") == "2"]
        if later:
            figures[f"{set_name}_batch2_names"] = len(later)
            for label, method in METHODS:
                figures[f"{set_name}_batch2_{label}_accuracy"] = round(accuracy(method, later), 4)
        figures[f"{set_name}_misses"] = [" | ".join(miss) for miss in misses(rows)]
    report("organisations", figures)


if __name__ == "__main__":
    main()
