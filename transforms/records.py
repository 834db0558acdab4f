"""Bronze pages of one source -> harmonised records (the silver layer). Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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
    drop_css: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordProblem:
    url: str
    message: str


def decode_html(raw: bytes, encoding: str | None) -> str:
    try:
        return raw.decode(encoding or "utf-8")
    except (LookupError, UnicodeDecodeError):
        # Keep the page: a few replaced characters beat losing the record.
        return raw.decode(encoding if encoding and _known(encoding) else "utf-8", errors="replace")


def _known(encoding: str) -> bool:
    try:
        "".encode(encoding)
    except LookupError:
        return False
    return True


def build_record(
    page: Mapping[str, Any], context: SourceContext, first_seen: str | None
) -> dict[str, Any]:
    html = decode_html(page["html"], page.get("encoding"))
    extracted = extract_page(
        html, context.title_css, context.body_css, context.date_css, context.drop_css
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
        "first_seen": first_seen or page["fetched_at"],
        "last_seen": page["fetched_at"],
        "content_hash": page["content_hash"],
        "html_lang": extracted.html_lang,
        "title": extracted.title,
        "title_lang": title.lang,
        "title_lang_confidence": title.confidence,
        "body": extracted.body,
        "body_lang": body.lang,
        "body_lang_confidence": body.confidence,
        "language": body.lang or title.lang,
        "date_text": extracted.date_text,
    }


def build_records(
    pages: Iterable[Mapping[str, Any]],
    context: SourceContext,
    first_seen: Mapping[str, str],
) -> tuple[list[dict[str, Any]], list[RecordProblem]]:
    """Records for the detail pages; pages without a title or text become problems, not rows."""
    records: dict[str, dict[str, Any]] = {}
    problems: list[RecordProblem] = []
    for page in pages:
        if page["page_kind"] != "detail":
            continue
        rid = record_id(context.source_id, page["url"])
        try:
            record = build_record(page, context, first_seen.get(rid))
        except Exception as exc:  # one unreadable page must not stop the others
            problems.append(RecordProblem(page["url"], f"extraction failed: {exc!r}"))
            continue
        if not record["title"] or not record["body"]:
            missing = "title" if not record["title"] else "main text"
            problems.append(RecordProblem(page["url"], f"no {missing} found on a detail page"))
            continue
        records[rid] = record
    return [records[rid] for rid in sorted(records)], problems
