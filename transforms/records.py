"""Bronze pages of one source -> harmonised records (the silver layer). Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from transforms.encoding import decode_page
from transforms.extract import extract_page
from transforms.identity import record_id
from transforms.language import detect_language


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
    )
    page_hints = [extracted.html_lang] if extracted.html_lang else []
    body = detect_language(extracted.body, hints=[*page_hints, *context.languages])
    # A title is too short to trust on its own: the body's language is the strongest hint.
    title_hints = [h for h in (body.lang, *page_hints, *context.languages) if h]
    title = detect_language(extracted.title, hints=title_hints)
    return {
        "record_id": record_id(context.source_id, page["url"]),
        "source_id": context.source_id,
        "url": page["url"],
        "record_type": "page",
        "source_country": context.country,
        "crawl_id": page["crawl_id"],
        "fetched_at": page["fetched_at"],
        "first_seen": page["first_seen"],
        "last_seen": page["last_seen"],
        "content_hash": page["content_hash"],
        "html_lang": extracted.html_lang,
        "encoding": decoded.encoding,
        "title": extracted.title,
        "title_lang": title.lang,
        "title_lang_confidence": title.confidence,
        "body": extracted.body,
        "body_lang": body.lang,
        "body_lang_confidence": body.confidence,
        "body_method": extracted.body_method,
        "language": body.lang or title.lang,
        "date_text": extracted.date_text,
        "organisations_text": [
            context.lookups.get("organisations", {}).get(name, name)
            for name in extracted.organisations
        ],
    }


def build_records(
    pages: Iterable[Mapping[str, Any]],
    context: SourceContext,
    previous: Mapping[str, Mapping[str, Any]],
) -> RecordBuild:
    """Records for the detail pages of one crawl.

    A page whose content hash equals its previous record's is not processed again: the old
    record is kept with the new crawl's ``last_seen``. Pages without a title or text become
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
            records[rid] = dict(old) | {
                "crawl_id": page["crawl_id"],
                "fetched_at": page["fetched_at"],
                "last_seen": page["last_seen"],
            }
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
