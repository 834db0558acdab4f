"""Linking quality on a labelled set: pairwise precision and recall, and what went wrong.

    python -m benchmarks.linking

``tests/data/linking_set.json``: 41 records in 19 languages: 8 initiatives described on 2 to 5
portals each (the SI PLUS seeds among them), and 16 records that must stay alone, many of them
hard on purpose: a similar name (Social Innovation Plus Academy), a similar acronym (REA vs
REACT, REACT-EU), the same organisations running another project in an overlapping period.
Organisation keys are computed by the pipeline's own normaliser, so cross-script pairs
(Сдружение Ден / Sdruzhenie Den) are tested as the pipeline sees them.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

from transforms.linking import link_records
from transforms.organisations import organisation_key

LABELLED_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "linking_set.json"


def labelled_records() -> list[dict[str, Any]]:
    rows = json.loads(LABELLED_SET.read_text())
    return [
        {
            "record_id": row["id"],
            "source_id": row["source"],
            "language": row["lang"],
            "title": row["title"],
            "body": row["body"],
            "organisation_keys": [organisation_key(name, row["lang"]) for name in row["orgs"]],
            "funding_programmes": row["programmes"],
            "start_date": row["start"],
            "end_date": row["end"],
            "truth": row["truth"],
        }
        for row in rows
    ]


def evaluate(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Pairwise: a pair is positive when both records are in one (true or found) initiative."""
    found, _ = link_records(records)
    truth = {r["record_id"]: r["truth"] for r in records}
    ids = sorted(truth)
    true_pairs = {(a, b) for a, b in combinations(ids, 2) if truth[a] == truth[b]}
    found_pairs = {(a, b) for a, b in combinations(ids, 2) if found[a] == found[b]}
    hits = true_pairs & found_pairs
    return {
        "records": len(records),
        "true_initiatives": len(set(truth.values())),
        "found_initiatives": len(set(found.values())),
        "true_pairs": len(true_pairs),
        "found_pairs": len(found_pairs),
        "precision": round(len(hits) / len(found_pairs), 3) if found_pairs else 1.0,
        "recall": round(len(hits) / len(true_pairs), 3) if true_pairs else 1.0,
        "false_links": sorted(f"{a}-{b}" for a, b in found_pairs - true_pairs),
        "missed_links": sorted(f"{a}-{b}" for a, b in true_pairs - found_pairs),
    }


def main() -> None:
    from benchmarks.common import report

    figures = evaluate(labelled_records())
    report("linking", figures)


if __name__ == "__main__":
    main()
