"""Entries of structured sources (WordPress REST answers, CSV and JSON exports) as pages.

A structured source's items take the same bronze -> silver path as crawled HTML pages: each
post, page or export row is *rendered* into a small HTML page of one fixed layout
(``RENDERED_SELECTORS`` finds its parts), and that page is the bronze item. So the bronze
layout, the record builder and the record schema stay one for every kind of source, and the
entry itself is kept verbatim inside the page (``<script id="sih-entry">``), so bronze still
holds the raw data.

What the rendered body holds is what the portal itself shows for the entry: WordPress's
rendered content; for an export row, its summary and text, then the facts the pipeline reads
from text (start and end date, country, fund) under fixed English labels
("Start date: 2021-05-01"), the labels ``transforms.periods`` reads in any language, and the
budget as written. The
organisations are a list outside the body, read by the organisations selector.

Pure: no I/O. The spiders are in ``spiders.structured_spider``.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Selectors of the rendered layout; a structured source's YAML cannot set its own.
RENDERED_SELECTORS: dict[str, str] = {
    "title": "article.sih-entry h1.sih-title",
    "body": "article.sih-entry div.sih-body",
    "date": "article.sih-entry time.sih-published::attr(datetime)",
    "organisations": "article.sih-entry ul.sih-organisations li",
}
# The facts an export row states in its body, under labels the pipeline reads in any language.
FACT_LABELS = {
    "start": "Start date",
    "end": "End date",
    "countries": "Country",
    "programmes": "Fund",
    "budget": "Total budget",
}
# The parts of a record an export's columns (or a JSON object's keys) can fill.
EXPORT_FIELDS = (
    "title",
    "url",
    "summary",
    "body",
    "published",
    "start",
    "end",
    "organisations",
    "countries",
    "programmes",
    "budget",
    "language",
)
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
LANGUAGE = re.compile(r"^[a-z]{2}$")


class EntryError(ValueError):
    """An entry that cannot become a page: the message says which field and why."""


@dataclass(frozen=True)
class Entry:
    """One post, page or row, ready to render. ``*_html`` values are HTML, the rest text."""

    url: str
    title_html: str
    body_html: str
    raw: Any  # the entry as the source gave it, kept in the rendered page
    published: str | None = None
    lang: str | None = None
    summary_html: str = ""
    organisations: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()  # (label, value), shown at the end of the body
    terms: tuple[str, ...] = ()  # WordPress categories and tags
    author: str | None = None
    image: tuple[str, str] | None = None  # (src, alt) of the featured image


def render(entry: Entry) -> bytes:
    """The entry as an HTML page of the fixed layout; deterministic, so an unchanged entry
    has an unchanged content hash from crawl to crawl."""
    esc = html.escape
    lang = f' lang="{esc(entry.lang)}"' if entry.lang else ""
    parts = [
        "<!DOCTYPE html>",
        f"<html{lang}>",
        '<head><meta charset="utf-8">',
        f"<title>{entry.title_html}</title>",
        f'<link rel="canonical" href="{esc(entry.url)}">',
        "</head>",
        "<body>",
        '<article class="sih-entry">',
        f'<h1 class="sih-title">{entry.title_html}</h1>',
    ]
    if entry.published:
        parts.append(
            f'<time class="sih-published" datetime="{esc(entry.published)}">'
            f"{esc(entry.published)}</time>"
        )
    if entry.author:
        parts.append(f'<p class="sih-author">{esc(entry.author)}</p>')
    if entry.image:
        src, alt = entry.image
        parts.append(f'<figure class="sih-image"><img src="{esc(src)}" alt="{esc(alt)}"></figure>')
    parts.append('<div class="sih-body">')
    if entry.summary_html:
        parts.append(f'<div class="sih-summary">{entry.summary_html}</div>')
    parts.append(entry.body_html)
    if entry.facts:
        facts = "".join(f"<dt>{esc(k)}:</dt> <dd>{esc(v)}</dd>\n" for k, v in entry.facts)
        parts.append(f'<dl class="sih-facts">\n{facts}</dl>')
    parts.append("</div>")
    if entry.organisations:
        names = "".join(f"<li>{esc(name)}</li>" for name in entry.organisations)
        parts.append(f'<ul class="sih-organisations">{names}</ul>')
    if entry.terms:
        terms = "".join(f"<li>{esc(term)}</li>" for term in entry.terms)
        parts.append(f'<ul class="sih-terms">{terms}</ul>')
    # "</" inside the JSON would end the script element early.
    raw = json.dumps(entry.raw, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    parts += [
        f'<script type="application/json" id="sih-entry">{raw}</script>',
        "</article>",
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _absolute_url(value: object, what: str) -> str:
    url = str(value or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EntryError(f"{what} is not an absolute http(s) URL: {url!r}")
    return url


def _rendered(obj: Mapping[str, Any], key: str) -> str:
    """WordPress's ``{"rendered": ...}`` value of ``key``, '' when absent."""
    value = obj.get(key)
    if isinstance(value, Mapping):
        return str(value.get("rendered") or "")
    return str(value or "") if isinstance(value, str) else ""


def wordpress_entry(obj: object) -> Entry:
    """A post or page of ``/wp-json/wp/v2/<type>?_embed=1`` as an entry.

    The record's URL is the post's ``link``. ``_embedded`` gives the author's name, the
    featured image and the terms (categories, tags); a multilingual plugin's ``lang``, where
    the site has one, becomes the page's language.
    """
    if not isinstance(obj, Mapping):
        raise EntryError(f"not a JSON object but {type(obj).__name__}")
    url = _absolute_url(obj.get("link"), "'link'")
    title = _rendered(obj, "title").strip()
    if not html.unescape(re.sub(r"<[^>]+>", "", title)).strip():
        raise EntryError("'title.rendered' is empty")
    content = _rendered(obj, "content")
    if not content.strip():
        raise EntryError("'content.rendered' is empty")
    embedded = obj.get("_embedded")
    embedded = embedded if isinstance(embedded, Mapping) else {}
    authors = [a for a in embedded.get("author") or [] if isinstance(a, Mapping)]
    media = [m for m in embedded.get("wp:featuredmedia") or [] if isinstance(m, Mapping)]
    terms = [
        html.unescape(str(term.get("name")))
        for group in embedded.get("wp:term") or []
        if isinstance(group, list)
        for term in group
        if isinstance(term, Mapping) and term.get("name")
    ]
    image = None
    if media and media[0].get("source_url"):
        image = (str(media[0]["source_url"]), str(media[0].get("alt_text") or ""))
    lang = obj.get("lang")
    return Entry(
        url=url,
        title_html=title,
        body_html=content,
        raw=obj,
        published=str(obj.get("date") or "") or None,
        lang=lang if isinstance(lang, str) and LANGUAGE.match(lang) else None,
        author=str(authors[0].get("name")) if authors and authors[0].get("name") else None,
        image=image,
        terms=tuple(dict.fromkeys(terms)),
    )


def csv_rows(text: str, delimiter: str) -> tuple[list[str], list[dict[str, str]]]:
    """(header, rows) of a CSV export; a row with more cells than the header keeps the extra
    ones under the key '' (``DictReader``'s restkey), which ``map_row`` reports."""
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter, restkey="")
    rows = [dict(row) for row in reader]
    return list(reader.fieldnames or []), rows


def json_rows(data: object, path: str | None) -> list[object]:
    """The list of records of a JSON export: the document itself, or the list at the dotted
    ``path`` ("data.projects")."""
    found = lookup(data, path) if path else data
    if not isinstance(found, list):
        where = f"at {path!r}" if path else "at the top level"
        raise EntryError(f"no list of records {where} (found {type(found).__name__})")
    return found


def lookup(obj: object, path: str) -> object:
    """``obj``'s value at a dotted key path, or at a key that itself holds dots (a column
    named "Start date" or "beneficiary.name" both work); None where a step is missing."""
    if isinstance(obj, Mapping) and path in obj:
        return obj[path]
    for step in path.split("."):
        if not isinstance(obj, Mapping) or step not in obj:
            return None
        obj = obj[step]
    return obj


def _texts(value: object, separator: str) -> list[str]:
    """A cell or JSON value as a list of texts: a list as is (objects by their "name"), a
    string split on ``separator``."""
    if value is None:
        return []
    if isinstance(value, list):
        items = [v.get("name") if isinstance(v, Mapping) else v for v in value]
        return [str(v).strip() for v in items if v is not None and str(v).strip()]
    if isinstance(value, Mapping):
        value = value.get("name") or ""
    parts = str(value).split(separator) if separator else [str(value)]
    return [part.strip() for part in parts if part.strip()]


def _text(value: object) -> str:
    if value is None or isinstance(value, Mapping | list):
        return ""
    return str(value).strip()


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    return "\n".join(f"<p>{html.escape(b)}</p>".replace("\n", "<br>\n") for b in blocks)


def map_row(row: object, fields: Mapping[str, str], list_separator: str) -> tuple[Entry, list[str]]:
    """An export row (a CSV row or a JSON object) as an entry, by the source's field mapping
    (record part -> column or key path); and warnings about values left out.

    A row without a title or a URL cannot be a record (``EntryError``). A date that is not
    ISO 8601 is left out with a warning rather than guessed at: exports write dates in one
    format, and a row that breaks it is worth a steward's look.
    """
    if not isinstance(row, Mapping):
        raise EntryError(f"not a JSON object but {type(row).__name__}")
    if row.get("") and isinstance(row.get(""), list):
        raise EntryError(f"{len(row[''])} more cells than the header has columns")

    def value(part: str) -> object:
        return lookup(row, fields[part]) if part in fields else None

    title = _text(value("title"))
    if not title:
        raise EntryError(f"no title: {fields['title']!r} is empty")
    url = _absolute_url(value("url"), f"the URL in {fields['url']!r}")
    warnings: list[str] = []
    dates: dict[str, str | None] = {}
    for part in ("published", "start", "end"):
        text = _text(value(part))
        if text and not ISO_DATE.match(text):
            warnings.append(f"{fields[part]!r} is not an ISO 8601 date ({text!r}): left out")
            text = ""
        dates[part] = text or None
    facts: list[tuple[str, str]] = []
    for part, label in FACT_LABELS.items():
        if part in ("start", "end"):
            if dates[part]:
                facts.append((label, str(dates[part])))
        elif items := _texts(value(part), list_separator):
            facts.append((label, ", ".join(items)))
    lang = _text(value("language")).lower() or None
    if lang and not LANGUAGE.match(lang):
        warnings.append(f"{fields['language']!r} is not an ISO 639-1 code ({lang!r}): left out")
        lang = None
    summary, body = _text(value("summary")), _text(value("body"))
    if not summary and not body:
        raise EntryError("no text: neither summary nor body has a value")
    entry = Entry(
        url=url,
        title_html=html.escape(title),
        summary_html=_paragraphs(summary) if summary and body else "",
        body_html=_paragraphs(body or summary),
        raw=dict(row),
        published=dates["published"],
        lang=lang,
        organisations=tuple(dict.fromkeys(_texts(value("organisations"), list_separator))),
        facts=tuple(facts),
    )
    return entry, warnings


def missing_columns(header: Sequence[str], fields: Mapping[str, str]) -> list[str]:
    """The mapped columns a CSV header lacks, in the mapping's order."""
    have = set(header)
    return [column for column in fields.values() if column not in have]


def numbered(rows: Sequence[object]) -> Iterator[tuple[int, object]]:
    """Rows with their 1-based numbers, the numbers an issue names."""
    return enumerate(rows, start=1)
