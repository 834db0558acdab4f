"""One row per initiative from its records: merged fields, each value with its records."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from transforms.linking.features import EMPTY, features

# The record fields merge_initiatives() reads.
MERGE_COLUMNS = (
    "record_id", "source_id", "language", "title", "title_lang", "countries",
    "funding_programmes", "organisations", "organisation_keys", "organisation_roles",
    "organisation_countries", "start_date", "end_date", "field_provenance", "record_type",
)  # fmt: skip
# Pages that describe an initiative, before news and events that report on it.
DESCRIBING_TYPES = frozenset({"project", "initiative", "organisation"})
# Roles that make an organisation's country one of the initiative's countries.
CONSORTIUM_ROLES = frozenset({"lead", "partner"})


def merge_initiatives(
    records: Sequence[Mapping[str, Any]],
    initiative_of: Mapping[str, str],
    acronyms_of: Mapping[str, set[str]] | None = None,
) -> list[dict[str, Any]]:
    """One row per initiative: merged fields, each value with the records it came from.

    ``acronyms_of`` (record ID -> acronyms, from its features; records without any may be
    left out) spares re-reading the text, so records may come without their body.
    """
    members: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for record in records:
        members[initiative_of[record["record_id"]]].append(record)
    rows = []
    for initiative, group in sorted(members.items()):
        group = sorted(group, key=lambda r: r["record_id"])
        provenance: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for record in group:
            for name in ("countries", "funding_programmes", "organisations"):
                for value in record.get(name) or []:
                    provenance[name][value].append(record["record_id"])
        starts = [r["start_date"] for r in group if r.get("start_date")]
        ends = [r["end_date"] for r in group if r.get("end_date")]
        # The acronym most of its records are about; ties alphabetically.
        acronym_counts = Counter(
            acronym
            for r in group
            for acronym in (
                acronyms_of.get(r["record_id"], EMPTY)
                if acronyms_of is not None
                else features(r).primary or features(r).acronyms
            )
        )
        found_acronyms = sorted(acronym_counts, key=lambda a: (-acronym_counts[a], a))
        organisations: dict[str, str] = {}
        partner_countries: dict[str, list[str]] = defaultdict(list)
        for record in group:
            keys = record.get("organisation_keys") or []
            found_by = _found_by(record)
            roles = record.get("organisation_roles") or [None] * len(keys)
            countries_of = record.get("organisation_countries") or [None] * len(keys)
            for key, name, role, country in zip(
                keys, record.get("organisations") or [], roles, countries_of, strict=False
            ):
                organisations.setdefault(key, name)
                if country and role in CONSORTIUM_ROLES and _reliable(found_by.get(name)):
                    partner_countries[country].append(record["record_id"])
        countries = _countries(provenance["countries"], partner_countries)
        provenance["consortium_countries"] = partner_countries
        rows.append(
            {
                "initiative_id": initiative,
                "title": _title(group),
                "acronym": found_acronyms[0] if found_acronyms else None,
                "countries": countries,
                "funding_programmes": sorted(provenance["funding_programmes"]),
                "start_date": _agreed(starts, latest=False),
                "end_date": _agreed(ends, latest=True),
                "organisations": sorted(organisations.values()),
                "record_ids": [r["record_id"] for r in group],
                "sources": sorted({r["source_id"] for r in group}),
                "languages": sorted({r["language"] for r in group if r.get("language")}),
                "field_provenance": json.dumps(
                    {k: dict(v) for k, v in provenance.items()}, ensure_ascii=False, sort_keys=True
                ),
            }
        )
    return rows


def _countries(
    mentioned: Mapping[str, list[str]], consortium: Mapping[str, list[str]]
) -> list[str]:
    """The countries of its lead and partners when at least two are known: a page also names
    associated partners' countries, places it compares with, and so on (SI PLUS is AT, BG,
    HU and SK, not the Baden-Württemberg ministry's DE). Otherwise every country named."""
    return sorted(consortium) if len(consortium) >= 2 else sorted(mentioned)


def _found_by(record: Mapping[str, Any]) -> dict[str, str]:
    """How each of the record's organisations was found (its field_provenance)."""
    try:
        provenance = json.loads(record.get("field_provenance") or "{}")
    except (TypeError, ValueError):
        return {}
    return provenance.get("organisations") or {}


def _reliable(how: str | None) -> bool:
    """A partner list, a legal form or a known name; not a type word in running text, whose
    name may run on into the sentence ("Асоциация за развитие на София проведе")."""
    return how is None or not how.startswith("text: type word")


def _agreed(dates: list[str], latest: bool) -> str | None:
    """The date most of an initiative's records give; ties go to the more precise one, then
    to the earliest start or latest end. One page's "May 2023" does not overrule four pages'
    "April 2023" (a page may count an extension or round the end)."""
    if not dates:
        return None
    counts = Counter(dates)
    return max(counts, key=lambda d: (counts[d], len(d), d if latest else _negated(d)))


def _negated(date: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in date.split("-") if part.isdigit())


def _title(group: Sequence[Mapping[str, Any]]) -> str:
    """An English title of a page describing the initiative, else any page's describing it,
    else an English title, else the first record's: "Social Innovation Plus – Competence
    Centres (SI PLUS)" rather than a news item that mentions it."""

    def rank(record: Mapping[str, Any]) -> tuple[bool, bool]:
        describes = record.get("record_type") in DESCRIBING_TYPES
        return (not describes, record.get("title_lang") != "en")

    return str(min(group, key=rank).get("title") or "")
