"""One Social Innovation Match case per initiative, every field with its evidence."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from transforms.budgets import parse_budget
from transforms.sim_cases.fields import (
    OWN_TYPES,
    Evidence,
    initiative_type,
    level_of_action,
    programming_period,
)
from transforms.sim_cases.lexicon import SECTIONS
from transforms.sim_cases.sections import Classified, case_sections

# The record columns a case reads.
CASE_RECORD_COLUMNS = (
    "record_id", "language", "title", "title_lang", "title_en", "body", "body_lang", "body_en",
    "record_type", "countries", "funding_programmes", "start_date", "end_date", "budget_amount",
    "budget_currency", "budget_text", "policy_areas", "target_groups",
)  # fmt: skip
_ON_RECORD = re.compile(r" on (\S+) \(")


def _section_rows(items: list[Classified]) -> list[dict[str, Any]]:
    return [
        {
            "record_id": c.sentence.record_id,
            "position": c.sentence.position,
            "lang": c.sentence.lang,
            "text": c.sentence.text,
            "text_en": c.sentence.text_en,
            "cues": list(c.cues),
        }
        for c in items
    ]


def _joined(items: list[Classified]) -> str | None:
    """The section as one text: each sentence in English where it has one, else as written."""
    return " ".join(c.sentence.text_en or c.sentence.text for c in items) or None


def _title(
    records: Sequence[Mapping[str, Any]],
) -> tuple[str | None, str | None, str | None, Evidence | None]:
    """(shown title, its language, original, evidence): an English title first, then a
    translated one, else the original (flagged by its language). The initiative's own pages
    (project, initiative) come before news about it, whose title is the news item's."""
    records = sorted(records, key=lambda r: r.get("record_type") not in OWN_TYPES)
    for record in records:
        if record.get("title_lang") == "en" and record.get("title"):
            return (
                record["title"],
                "en",
                record["title"],
                Evidence("title", record["record_id"], "field title", record["title"], "en"),
            )
    for record in records:
        if record.get("title_en") and record.get("title"):
            return record["title_en"], "en", record["title"], Evidence(
                "title", record["record_id"], "field title_en", record["title"],
                record.get("title_lang"))  # fmt: skip
    for record in records:
        if record.get("title"):
            lang = record.get("title_lang") or record.get("language")
            return (
                record["title"],
                lang,
                record["title"],
                Evidence("title", record["record_id"], "field title", record["title"], lang),
            )
    return None, None, None, None


def _list_field(
    field: str, column: str, values: Sequence[str], records: Sequence[Mapping[str, Any]]
) -> list[Evidence]:
    """For each value, the first record whose ``column`` holds it."""
    evidence = []
    for value in values:
        for record in records:
            if value in (record.get(column) or []):
                evidence.append(Evidence(field, record["record_id"], f"field {column}", value,
                                         record.get("language")))  # fmt: skip
                break
    return evidence


def _union(column: str, records: Sequence[Mapping[str, Any]]) -> list[str]:
    return sorted({v for r in records for v in (r.get(column) or []) if v})


def _budget(records: Sequence[Mapping[str, Any]]) -> tuple[dict[str, Any], list[Evidence]]:
    """The sum most of its records state (ties: the larger), with its range."""
    stated = [r for r in records if r.get("budget_amount") is not None]
    empty = {"budget_amount": None, "budget_min": None, "budget_max": None,
             "budget_currency": None, "budget_text": None}  # fmt: skip
    if not stated:
        return empty, []
    counts = Counter((r["budget_amount"], r.get("budget_currency")) for r in stated)
    amount, currency = max(counts, key=lambda k: (counts[k], k[0]))
    record = next(
        r for r in stated if (r["budget_amount"], r.get("budget_currency")) == (amount, currency)
    )
    parsed = parse_budget(record.get("budget_text") or "", record.get("language"))
    value = {
        "budget_amount": float(amount),
        "budget_min": parsed.min if parsed else None,
        "budget_max": parsed.max if parsed else None,
        "budget_currency": currency,
        "budget_text": record.get("budget_text"),
    }
    return value, [Evidence("budget", record["record_id"], "field budget_text",
                            record.get("budget_text"), record.get("language"))]  # fmt: skip


def _partners(
    organisations: Sequence[Mapping[str, Any]],
) -> tuple[list[dict[str, Any]], str | None, list[Evidence]]:
    """Lead first, then funders, partners and associated partners; the lead's name."""
    order = {"lead": 0, "funder": 1, "partner": 2, "associated_partner": 3}
    rows = sorted(
        organisations, key=lambda o: (order.get(o.get("role") or "", 9), o.get("name") or "")
    )
    partners = [
        {"org_id": o["org_id"], "name": o.get("name"), "role": o.get("role"),
         "country": o.get("country")}
        for o in rows
    ]  # fmt: skip
    evidence = []
    for o in rows:
        found = [m.group(1) for e in (o.get("evidence") or []) for m in _ON_RECORD.finditer(e)]
        evidence.append(Evidence("partners", found[0] if found else None,
                                 "initiative_organisations", f"{o.get('name')} ({o.get('role')})",
                                 None))  # fmt: skip
    lead = next((p["name"] for p in partners if p["role"] == "lead"), None)
    return partners, lead, evidence


def build_case(
    initiative: Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    organisations: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The SIM case of one initiative (a row of ``sim_cases``).

    ``initiative`` is its gold row (countries, funding_programmes, start_date, end_date);
    ``records`` its records with ``CASE_RECORD_COLUMNS``; ``organisations`` its
    initiative_organisations rows joined with the organisations' names and countries
    (org_id, name, role, country, evidence).
    """
    records = sorted(records, key=lambda r: r["record_id"])
    evidence: list[Evidence] = []
    title, title_lang, title_original, title_evidence = _title(records)
    if title_evidence:
        evidence.append(title_evidence)
    sections = case_sections(records)
    for name in SECTIONS:
        evidence += [
            Evidence(name, c.sentence.record_id, f"sentence {c.sentence.position}",
                     c.sentence.text, c.sentence.lang)
            for c in sections[name]
        ]  # fmt: skip
    partners, lead, partner_evidence = _partners(organisations)
    evidence += partner_evidence
    countries = list(initiative.get("countries") or _union("countries", records))
    evidence += _list_field("countries", "countries", countries, records)
    funding = list(initiative.get("funding_programmes") or _union("funding_programmes", records))
    evidence += _list_field("funding", "funding_programmes", funding, records)
    level, found = level_of_action(countries, records)
    evidence += found
    budget, found = _budget(records)
    evidence += found
    start, end = initiative.get("start_date"), initiative.get("end_date")
    for field, column, value in (
        ("start_date", "start_date", start),
        ("end_date", "end_date", end),
    ):
        source = next((r for r in records if value and r.get(column) == value), None)
        if source is not None:
            evidence.append(Evidence(field, source["record_id"], f"field {column}", value, None))
    period, found = programming_period(start, end, records, funding)
    evidence += found
    kind, found = initiative_type(records)
    evidence += found
    target_groups = _union("target_groups", records)
    evidence += _list_field("target_groups", "target_groups", target_groups, records)
    themes = _union("policy_areas", records)
    evidence += _list_field("themes", "policy_areas", themes, records)
    untranslated = [
        name for name in SECTIONS if any(not c.sentence.text_en for c in sections[name])
    ]
    if title_lang != "en" and title:
        untranslated.insert(0, "title")
    return {
        "initiative_id": initiative["initiative_id"],
        "title": title,
        "title_lang": title_lang,
        "title_original": title_original,
        **{name: _section_rows(sections[name]) for name in SECTIONS},
        **{f"{name}_text": _joined(sections[name]) for name in SECTIONS},
        "lead_organisation": lead,
        "partners": partners,
        "countries": countries,
        "level_of_action": level,
        "funding": funding,
        **budget,
        "programming_period": period,
        "start_date": start,
        "end_date": end,
        "initiative_type": kind,
        "target_groups": target_groups,
        "themes": themes,
        "languages": sorted({r["language"] for r in records if r.get("language")}),
        "untranslated": untranslated,
        "evidence": [asdict(e) for e in evidence],
    }


def case_document(case: Mapping[str, Any]) -> dict[str, Any]:
    """A case as SIM's template reads (the release's sim_cases/<initiative_id>.json): each
    field with its value, the evidence behind it and the language it was read in."""
    by_field: dict[str, list[dict[str, Any]]] = {}
    for item in case.get("evidence") or []:
        by_field.setdefault(item["field"], []).append(
            {k: v for k, v in item.items() if k != "field"}
        )

    def field(value: Any, name: str) -> dict[str, Any]:
        return {"value": value, "evidence": by_field.get(name, [])}

    def section(name: str) -> dict[str, Any]:
        sentences = case.get(name) or []
        return {
            "text": case.get(f"{name}_text"),
            "translated": bool(sentences) and all(s["text_en"] for s in sentences),
            "sentences": sentences,
        }

    budget = {k: case.get(f"budget_{k}") for k in ("amount", "min", "max", "currency", "text")}
    return {
        "initiative_id": case["initiative_id"],
        "title": field(case.get("title"), "title")
        | {"language": case.get("title_lang"), "original": case.get("title_original")},
        "problem_addressed": section("problem"),
        "innovative_solution": section("solution"),
        "key_results_and_benefits": section("results"),
        "lessons_learned_and_potential_for_transfer": section("transfer"),
        "lead_organisation": field(case.get("lead_organisation"), "partners"),
        "partners": field(case.get("partners"), "partners"),
        "countries": field(case.get("countries"), "countries"),
        "level_of_action": field(case.get("level_of_action"), "level_of_action"),
        "source_of_funding": field(case.get("funding"), "funding"),
        "budget": field(budget, "budget"),
        "programming_period": field(case.get("programming_period"), "programming_period"),
        "project_start": field(case.get("start_date"), "start_date"),
        "project_end": field(case.get("end_date"), "end_date"),
        "type_of_initiative": field(case.get("initiative_type"), "initiative_type"),
        "target_groups": field(case.get("target_groups"), "target_groups"),
        "themes": field(case.get("themes"), "themes"),
        "languages": case.get("languages"),
        "untranslated": case.get("untranslated"),
    }
