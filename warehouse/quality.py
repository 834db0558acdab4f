"""The release's quality gate: checks over the warehouse's records.

Error-level checks block a release (minimum counts per source, unique IDs, required fields);
warning-level checks are reported only (maximum counts, fill rates).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from transforms.schema import RECORD_FIELDS
from warehouse.store import DUCKDB_CONFIG

Severity = Literal["error", "warning"]
# Fill rates below these are worth a steward's look (warning only).
MIN_FILL = {"body": 0.9, "language": 0.9, "title_en": 0.0}
CHECKS: dict[str, tuple[Severity, str]] = {
    "min_records_per_source": ("error", "Every source has at least its YAML expected_min records."),
    "unique_record_ids": ("error", "No record_id appears twice."),
    "required_fields": ("error", "Required fields (record_id, url, title, ...) are filled."),
    "max_records_per_source": ("warning", "No source has more than its YAML expected_max records."),
    "fill_rates": ("warning", "Body and language filled for 90% of records (title_en reported)."),
    "plain_text": (
        "warning",
        "No text field holds script, markup or entities (safety_flags; portals display them).",
    ),
}


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    details: dict[str, object] = field(default_factory=dict)

    @property
    def severity(self) -> Severity:
        return CHECKS[self.name][0]

    @property
    def description(self) -> str:
        return CHECKS[self.name][1]


def run_quality_checks(
    db_path: Path, expected: Mapping[str, tuple[int, int]]
) -> list[CheckOutcome]:
    """``expected`` maps each source to its (expected_min, expected_max) from the YAML."""
    with duckdb.connect(str(db_path), read_only=True, config=DUCKDB_CONFIG) as con:
        counts = dict(con.execute("SELECT source_id, count(*) FROM records GROUP BY 1").fetchall())
        total, distinct = con.execute(
            "SELECT count(*), count(DISTINCT record_id) FROM records"
        ).fetchone() or (0, 0)
        required = [f.name for f in RECORD_FIELDS if f.required]
        missing = {
            name: con.execute(
                f"SELECT count(*) FROM records WHERE {name} IS NULL OR CAST({name} AS VARCHAR) = ''"
            ).fetchone()[0]  # type: ignore[index]
            for name in required
        }
        fill = {
            name: con.execute(
                f"SELECT coalesce(avg(CASE WHEN {name} IS NULL OR {name} = '' THEN 0 ELSE 1 END), "
                "0) FROM records"
            ).fetchone()[0]  # type: ignore[index]
            for name in MIN_FILL
        }
        flagged = dict(
            con.execute(
                "SELECT record_id, safety_flags FROM records "
                "WHERE len(coalesce(safety_flags, [])) > 0 ORDER BY 1"
            ).fetchall()
        )
    too_few = {s: counts.get(s, 0) for s, (low, _) in expected.items() if counts.get(s, 0) < low}
    too_many = {s: counts[s] for s, (_, high) in expected.items() if counts.get(s, 0) > high}
    low_fill = {name: round(rate, 3) for name, rate in fill.items() if rate < MIN_FILL[name]}
    return [
        CheckOutcome(
            "min_records_per_source", not too_few, {"below_minimum": too_few, "counts": counts}
        ),
        CheckOutcome(
            "unique_record_ids", total == distinct, {"records": total, "distinct_ids": distinct}
        ),
        CheckOutcome(
            "required_fields",
            not any(missing.values()),
            {"missing": {k: v for k, v in missing.items() if v}},
        ),
        CheckOutcome("max_records_per_source", not too_many, {"above_maximum": too_many}),
        CheckOutcome(
            "plain_text",
            not flagged,
            {"flagged_records": flagged},
        ),
        CheckOutcome(
            "fill_rates",
            not low_fill,
            {"fill": {k: round(v, 3) for k, v in fill.items()}, "low": low_fill},
        ),
    ]
