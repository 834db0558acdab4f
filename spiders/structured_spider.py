"""Spiders of the structured kinds: ``wordpress`` (REST API), ``csv`` and ``json`` (exports).

They are real Scrapy crawls over HTTP like the HTML spider, and share what it has: the
source's settings, robots.txt and the offsite rule, the issues log, the previous crawl's
``first_seen``, the bronze writer. What differs is reading: each post, page or row becomes one
bronze detail page, rendered by ``spiders.structured.render`` (see there for why), whose URL
is the entry's own (a post's ``link``, a row's URL column) and whose ``requested_url`` is the
API answer or export it came from.

An entry that cannot be read (no title, no URL, a broken row) is an issue naming the answer
or export and the item or row number; the other entries are still kept.

Not incremental the way HTML pages are: an API answer or an export holds many entries, so
each crawl reads them all again (a WordPress site of 300 posts is three requests); unchanged
entries render to unchanged pages, and the silver layer reuses their records by content hash.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from spiders.items import PageItem
from spiders.portal_spider import PortalSpider, utc_now
from spiders.structured import (
    Entry,
    EntryError,
    csv_rows,
    json_rows,
    map_row,
    missing_columns,
    numbered,
    render,
    wordpress_entry,
)
from transforms.identity import canonical_url, content_hash

RENDERED_TYPE = "text/html; charset=utf-8"


class StructuredSpider(PortalSpider):
    """What the structured kinds share: requests for the start URLs, entries to bronze items.

    A subclass says how a start URL is asked for (``first_requests``) and read (its callback).
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._skip = [re.compile(pattern) for pattern in self.source.skip]

    async def start(self) -> AsyncIterator[PageItem | scrapy.Request]:
        for url in self.source.start_urls:
            for request in self.first_requests(url):
                yield request

    def first_requests(self, url: str) -> Iterator[scrapy.Request]:
        raise NotImplementedError

    def _answer_request(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            cb_kwargs=cb_kwargs,
            headers={"Accept": "application/json, text/csv;q=0.9, */*;q=0.5"},
        )

    def _decoded(self, response: Response) -> str | None:
        """The answer's text in the source's encoding (exports) or the answer's own."""
        encoding = self.source.export.encoding if self.source.export else "utf-8-sig"
        try:
            return response.body.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            self.log_issue("error", response.url, f"not readable as {encoding}: {exc}")
            return None

    def entry_item(self, entry: Entry, response: Response, where: str) -> PageItem | None:
        """The bronze page of one entry; None (and an issue) for a duplicate or skipped one."""
        key = canonical_url(entry.url)
        if key in self._stored:
            self.log_issue(
                "warning", response.url, f"{where}: {entry.url} already read; this copy dropped"
            )
            return None
        if any(pattern.search(entry.url) for pattern in self._skip):
            self.log_issue("info", response.url, f"{where}: {entry.url} matches skip: not kept")
            return None
        self._stored.add(key)
        body = render(entry)
        previous = self.previous.get(key)
        now = utc_now()
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items()}
        return PageItem(
            source_id=self.source.name,
            crawl_id=self.crawl_id,
            url=entry.url,
            requested_url=response.url,
            status=response.status,
            page_kind="detail",
            fetched_at=now,
            first_seen=previous["first_seen"] if previous else now,
            last_seen=now,
            not_modified=False,
            content_type=RENDERED_TYPE,
            encoding="utf-8",
            headers=json.dumps(headers, sort_keys=True),
            content_hash=content_hash(body),
            html=body,
        )


class WordPressSpider(StructuredSpider):
    """``kind: wordpress``: each start URL is a REST collection (``/wp-json/wp/v2/posts``).

    Paged with ``page`` and ``per_page`` (always in that order, then ``_embed=1``, so a
    snapshot holds one file per answer). The first answer's ``X-WP-TotalPages`` says how many
    pages follow; without the header, the next page is asked for while answers come full.
    """

    def _page_url(self, collection: str, page: int) -> str:
        options = self.source.wordpress
        assert options is not None  # set for every wordpress source by Source._fits_kind
        query: dict[str, Any] = {"page": page, "per_page": options.per_page}
        if options.embed:
            query["_embed"] = 1
        return f"{collection.rstrip('/')}?{urlencode(query)}"

    def first_requests(self, url: str) -> Iterator[scrapy.Request]:
        yield self._answer_request(
            self._page_url(url, 1), self.parse_collection, collection=url, page=1
        )

    def parse_collection(
        self, response: Response, collection: str, page: int
    ) -> Iterator[PageItem | scrapy.Request]:
        text = self._decoded(response)
        if text is None:
            return
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            self.log_issue("error", response.url, f"REST answer is not JSON: {exc}")
            return
        if not isinstance(items, list):
            self.log_issue(
                "error",
                response.url,
                f"REST answer is not a list of items ({type(items).__name__})",
            )
            return
        for number, obj in numbered(items):
            try:
                entry = wordpress_entry(obj)
            except EntryError as exc:
                ident = obj.get("id") if isinstance(obj, Mapping) else None
                label = f"item {number}" + (f" (id {ident})" if ident is not None else "")
                self.log_issue("error", response.url, f"{label}: {exc}")
                continue
            item = self.entry_item(entry, response, f"item {number}")
            if item is not None:
                yield item
        if page == 1:
            yield from self._more_pages(response, collection, len(items))
        elif self._total_pages(response) is None and self._full(len(items)):
            yield self._next(collection, page + 1)

    def _more_pages(
        self, response: Response, collection: str, count: int
    ) -> Iterator[scrapy.Request]:
        total = self._total_pages(response)
        if total is None:
            if self._full(count):
                yield self._next(collection, 2)
            return
        for page in range(2, total + 1):
            yield self._next(collection, page)

    def _total_pages(self, response: Response) -> int | None:
        value = response.headers.get(b"X-WP-TotalPages")
        if value is None:
            return None
        try:
            return int(value.decode("latin-1").strip())
        except ValueError:
            self.log_issue("warning", response.url, f"X-WP-TotalPages is not a number: {value!r}")
            return None

    def _full(self, count: int) -> bool:
        assert self.source.wordpress is not None
        return count >= self.source.wordpress.per_page

    def _next(self, collection: str, page: int) -> scrapy.Request:
        return self._answer_request(
            self._page_url(collection, page),
            self.parse_collection,
            collection=collection,
            page=page,
        )


class ExportSpider(StructuredSpider):
    """``kind: csv`` and ``kind: json``: each start URL is an export, one record per row.

    The YAML's ``fields`` maps record parts to the export's columns (``map_row``)."""

    def first_requests(self, url: str) -> Iterator[scrapy.Request]:
        yield self._answer_request(url, self.parse_export)

    def rows(self, response: Response, text: str) -> list[object] | None:
        """The export's rows; None (after an issue) when the export cannot be read at all."""
        raise NotImplementedError

    def parse_export(self, response: Response) -> Iterator[PageItem]:
        text = self._decoded(response)
        rows = self.rows(response, text) if text is not None else None
        if rows is None:
            return
        if not rows:
            self.log_issue("warning", response.url, "the export holds no rows")
        fields, export = self.source.fields or {}, self.source.export
        assert export is not None  # set for every export source by Source._fits_kind
        for number, row in numbered(rows):
            try:
                entry, warnings = map_row(row, fields, export.list_separator)
            except EntryError as exc:
                self.log_issue("error", response.url, f"row {number}: {exc}; row not kept")
                continue
            for warning in warnings:
                self.log_issue("warning", response.url, f"row {number}: {warning}")
            item = self.entry_item(entry, response, f"row {number}")
            if item is not None:
                yield item


class CsvExportSpider(ExportSpider):
    def rows(self, response: Response, text: str) -> list[object] | None:
        export = self.source.export
        assert export is not None
        header, rows = csv_rows(text, export.delimiter or ",")
        fields = self.source.fields or {}
        missing = missing_columns(header, fields)
        required = {fields["title"], fields["url"]}
        if missing:
            level = "error" if required & set(missing) else "warning"
            self.log_issue(
                level,
                response.url,
                f"export lacks the mapped columns {missing} (its header: {header})"
                + ("; no row can be mapped" if level == "error" else "; left empty"),
            )
            if level == "error":
                return None
        return list(rows)


class JsonExportSpider(ExportSpider):
    def rows(self, response: Response, text: str) -> list[object] | None:
        export = self.source.export
        assert export is not None
        try:
            return json_rows(json.loads(text), export.records)
        except json.JSONDecodeError as exc:
            self.log_issue("error", response.url, f"export is not JSON: {exc}")
        except EntryError as exc:
            self.log_issue("error", response.url, f"export: {exc}")
        return None


SPIDER_KINDS: dict[str, type[PortalSpider]] = {
    "html": PortalSpider,
    "wordpress": WordPressSpider,
    "csv": CsvExportSpider,
    "json": JsonExportSpider,
}
