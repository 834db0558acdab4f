"""A record's completeness score: the share of the descriptive fields a reader wants filled.

Weights favour what downstream portals show first (title, text, English version, where, when,
who). The score is in [0, 1]; `stats.json` and the warehouse use it to find thin records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

WEIGHTS: dict[str, float] = {
    "title": 2.0,
    "body": 2.0,
    "language": 1.0,
    "english": 2.0,  # title_en or body_en, whichever the record has
    "countries": 1.0,
    "funding_programmes": 1.0,
    "period": 1.0,  # start_date or end_date
    "organisations": 1.0,
    "record_type": 0.5,  # anything but the fallback "page"
    "policy_areas": 0.5,
    "published_at": 0.5,
}


def _filled(record: Mapping[str, Any], name: str) -> bool:
    if name == "english":
        return bool(record.get("body_en") or record.get("title_en"))
    if name == "period":
        return bool(record.get("start_date") or record.get("end_date"))
    if name == "record_type":
        return record.get("record_type") not in (None, "", "page")
    return bool(record.get(name))


def completeness(record: Mapping[str, Any]) -> float:
    total = sum(WEIGHTS.values())
    return round(sum(w for name, w in WEIGHTS.items() if _filled(record, name)) / total, 3)
