"""Bronze pages of one source -> harmonised records (the silver layer). Pure: no I/O."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from transforms.budgets import parse_budget
from transforms.countries import find_countries
from transforms.dates import extract_period, parse_date
from transforms.encoding import decode_page
from transforms.extract import extract_page
from transforms.identity import record_id
from transforms.language import detect_language
from transforms.linking.mentions import names_many_initiatives
from transforms.organisations import (
    find_organisation_mentions,
    mask_organisations,
    organisation_country,
    organisation_key,
    organisation_name,
    organisation_role,
)
from transforms.page_group import page_group
from transforms.periods import title_period
from transforms.programmes import find_programmes
from transforms.record_type import classify_record
from transforms.safety import plain_text, safety_flags


@dataclass(frozen=True)
class SourceContext:
    """What the record builder needs to know about the portal a page came from."""

    source_id: str
    country: str
    languages: Sequence[str]
    title_css: str | None = None
    body_css: str | None = None
    date_css: str | None = None
    organisations_css: str | None = None
    drop_css: tuple[str, ...] = ()
    # Source-specific clean-ups: {field: {value as written: value to use}}.
    lookups: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordProblem:
    url: str
    level: str
    message: str


@dataclass
class RecordBuild:
    records: list[dict[str, Any]]
    problems: list[RecordProblem] = field(default_factory=list)
    processed: int = 0  # pages extracted and detected anew
    reused: int = 0  # unchanged pages whose previous record was kept


def build_record(page: Mapping[str, Any], context: SourceContext) -> dict[str, Any]:
    decoded = decode_page(page["html"], page.get("content_type", ""), context.languages)
    extracted = extract_page(
        decoded.text,
        context.title_css,
        context.body_css,
        context.date_css,
        context.drop_css,
        context.organisations_css,
        page_url=page["url"],
    )
    title_text, body_text = plain_text(extracted.title), plain_text(extracted.body)
    kind, kind_evidence = classify_record(page["url"], title_text)
    # A page naming many initiatives (a list of projects, a call's results) is an overview:
    # it links to none of them (transforms.linking).
    overview = names_many_initiatives(title_text, body_text)
    if overview:
        kind, kind_evidence = "overview", f"text: {overview}"
    organisations_written = [plain_text(name) for name in extracted.organisations]
    date_text = plain_text(extracted.date_text) if extracted.date_text else None
    page_hints = [extracted.html_lang] if extracted.html_lang else []
    body = detect_language(body_text, hints=[*page_hints, *context.languages])
    # A title is too short to trust on its own: the body's language is the strongest hint.
    title_hints = [h for h in (body.lang, *page_hints, *context.languages) if h]
    title = detect_language(title_text, hints=title_hints)
    return {
        "record_id": record_id(context.source_id, page["url"]),
        "source_id": context.source_id,
        "url": page["url"],
        "page_group": page_group(
            page["url"], extracted.alternates, extracted.html_lang, context.languages
        )
        or record_id(context.source_id, page["url"]),
        "record_type": kind,
        "source_country": context.country,
        "crawl_id": page["crawl_id"],
        "fetched_at": page["fetched_at"],
        "first_seen": page["first_seen"],
        "last_seen": page["last_seen"],
        "content_hash": page["content_hash"],
        "html_lang": extracted.html_lang,
        "encoding": decoded.encoding,
        "title": title_text,
        "title_lang": title.lang,
        "title_lang_confidence": title.confidence,
        "body": body_text,
        "body_lang": body.lang,
        "body_lang_confidence": body.confidence,
        "body_method": extracted.body_method,
        "language": body.lang or title.lang,
        "date_text": date_text,
        "organisations_text": organisations_written,
        "safety_flags": safety_flags(
            {
                "title": title_text,
                "body": body_text,
                "date_text": date_text,
                "organisations_text": organisations_written,
            }
        ),
    } | normalise(
        title_text,
        body_text,
        date_text,
        organisations_written,
        body.lang,
        context,
        {"record_type": kind_evidence},
    )


def normalise(
    title: str,
    body: str,
    date_text: str | None,
    organisations_written: list[str],
    lang: str | None,
    context: SourceContext,
    provenance: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Countries, programmes, period, publication date and organisations, with provenance.

    Organisations come from the partner list (selectors) and from legal forms in the title
    and body ("… Social Research OG"); one per key, the list's spelling first. Names go
    through the source's lookup (``lookups.organisations``); partner list entries lose their
    "– Country (role)" tail, which still counts for countries.
    """
    organisations, written_names = _organisations(
        f"{title}\n{body}", organisations_written, lang, context
    )
    names = [name for name, _, _, _ in organisations.values()]
    listed = "\n".join(organisations_written)
    # No claims from names: "Slovenian Government Office" or "European Social Fund Agency"
    # say nothing of where the initiative runs or what funds it.
    text = mask_organisations(f"{title}\n{body}\n{listed}", written_names)
    countries = find_countries(text, lang)
    if not countries and len(context.country) == 2 and context.country != "EU":
        countries = [(context.country, f"source country {context.country}")]
    programmes = find_programmes(text)
    # A title's period is the page's own ("… 2024-2028"); the body may recount a predecessor's.
    from_title = title_period(title, lang)
    period = from_title or extract_period(body, lang)
    published = parse_date(date_text, lang) if date_text else None
    budget = parse_budget(body, lang)
    return {
        "countries": [code for code, _ in countries],
        "funding_programmes": [code for code, _ in programmes],
        "start_date": period[0] if period else None,
        "end_date": period[1] if period else None,
        "published_at": published,
        "budget_amount": budget.amount if budget else None,
        "budget_currency": budget.currency if budget else None,
        "budget_text": budget.text if budget else None,
        "organisations": names,
        "organisation_keys": list(organisations),
        "organisation_roles": [role for _, role, _, _ in organisations.values()],
        "organisation_countries": [country for _, _, _, country in organisations.values()],
        "field_provenance": json.dumps(
            {
                "countries": dict(countries),
                "funding_programmes": dict(programmes),
                "period": ("title" if from_title else "text") if period else None,
                "published_at": date_text,
                "organisations": {name: how for name, _, how, _ in organisations.values()} or None,
            }
            | dict(provenance or {}),
            ensure_ascii=False,
            sort_keys=True,
        ),
        "initiative_id": None,
    }


def _organisations(
    text: str, listed: list[str], lang: str | None, context: SourceContext
) -> tuple[dict[str, tuple[str, str, str, str | None]], list[str]]:
    """Matching key -> ``(name, role, provenance, country)``: the partner list's entries,
    then names in the text with a new key; and every name as the page writes it (for
    masking). A country is read from the entry's own tail ("– Ausztria") or the sentence the
    name stands in, before the portal's (``organisation_country``)."""
    lookup = context.lookups.get("organisations", {})
    found: dict[str, tuple[str, str, str, str | None]] = {}
    written_names: list[str] = []
    for written in listed:
        name = organisation_name(written, lang)
        written_names.append(name)
        name = lookup.get(name, name)
        country = organisation_country(name, lang, context.country, written)
        found.setdefault(
            organisation_key(name, lang),
            (name, organisation_role(written, lang), "selector", country),
        )
    for mention in find_organisation_mentions(text, lang, context.country):
        written_names.append(mention.written or mention.name)
        name = lookup.get(mention.name, mention.name)
        how = f"text: {mention.evidence}"
        found.setdefault(organisation_key(name, lang), (name, mention.role, how, mention.country))
    return found, written_names


def build_records(
    pages: Iterable[Mapping[str, Any]],
    context: SourceContext,
    previous: Mapping[str, Mapping[str, Any]],
) -> RecordBuild:
    """Records for the detail pages of one crawl.

    A page whose content hash equals its previous record's is not processed again: the old
    record is kept with the new crawl's ``last_seen`` (and nothing else changed, so the
    release stays byte-identical). Pages without a title or text become
    problems, not rows.
    """
    build = RecordBuild(records=[])
    records: dict[str, dict[str, Any]] = {}
    for page in pages:
        if page["page_kind"] != "detail":
            continue
        rid = record_id(context.source_id, page["url"])
        old = previous.get(rid)
        if old is not None and old["content_hash"] == page["content_hash"]:
            # crawl_id and fetched_at stay those of the fetch that got this content.
            records[rid] = dict(old) | {"last_seen": page["last_seen"]}
            build.reused += 1
            continue
        try:
            record = build_record(page, context)
        except Exception as exc:  # one unreadable page must not stop the others
            build.problems.append(
                RecordProblem(page["url"], "error", f"extraction failed: {exc!r}")
            )
            continue
        build.processed += 1
        if old is not None:
            record["first_seen"] = min(old["first_seen"], record["first_seen"])
        if not record["title"] or not record["body"]:
            missing = "title" if not record["title"] else "main text"
            build.problems.append(
                RecordProblem(page["url"], "error", f"no {missing} found on a detail page")
            )
            continue
        if context.body_css and record["body_method"] != "selector":
            build.problems.append(
                RecordProblem(
                    page["url"],
                    "warning",
                    f"body selector {context.body_css!r} matched nothing; "
                    f"used {record['body_method']} instead",
                )
            )
        records[rid] = record
    build.records = [records[rid] for rid in sorted(records)]
    return build
