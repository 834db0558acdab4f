"""One spider class for every portal, configured by the portal's source YAML.

Listing pages are followed, detail pages become records; both are kept raw in bronze.
Anything the spider cannot fetch or does not understand becomes an entry in the source's
issues log rather than an exception, so one bad page never stops the crawl.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from spiders.items import PageItem
from spiders.sources import Source
from transforms.identity import canonical_url, content_hash


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(self, source: Source, crawl_id: str, **kwargs: Any):
        super().__init__(name=source.name, **kwargs)
        self.source = source
        self.crawl_id = crawl_id
        self.allowed_domains = list(source.allowed_domains)
        self.issues: list[dict[str, str]] = []
        self._detail = [re.compile(p) for p in source.detail]
        self._links = LinkExtractor(
            allow=[*source.follow, *source.detail],
            deny=source.skip,
            allow_domains=source.allowed_domains,
            unique=True,
        )

    def log_issue(self, level: str, url: str, message: str) -> None:
        self.issues.append(
            {
                "source_id": self.source.name,
                "crawl_id": self.crawl_id,
                "timestamp": utc_now(),
                "level": level,
                "url": url,
                "message": message,
            }
        )
        self.logger.log(40 if level == "error" else 30, "%s: %s", url, message)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # Yielded as ordinary requests (not start_urls) so the duplicate filter also covers a
        # start page that a later page links back to.
        for url in self.source.start_urls:
            yield scrapy.Request(url, callback=self.parse, errback=self.on_error)

    def is_detail(self, url: str) -> bool:
        return any(pattern.search(url) for pattern in self._detail)

    def parse(self, response: Response) -> Iterator[PageItem | scrapy.Request]:
        url = canonical_url(response.url)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if "html" not in content_type:
            self.log_issue("warning", url, f"skipped: not HTML ({content_type or 'no type'})")
            return
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items()}
        yield PageItem(
            source_id=self.source.name,
            crawl_id=self.crawl_id,
            url=url,
            status=response.status,
            page_kind="detail" if self.is_detail(url) else "listing",
            fetched_at=utc_now(),
            content_type=content_type,
            encoding=getattr(response, "encoding", "") or "",
            headers=json.dumps(headers, sort_keys=True),
            content_hash=content_hash(response.body),
            html=response.body,
        )
        for link in self._links.extract_links(response):
            yield response.follow(link.url, callback=self.parse, errback=self.on_error)

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        response = getattr(failure.value, "response", None)
        if response is not None:
            message = f"HTTP {response.status} (linked page could not be fetched)"
        else:
            message = f"{failure.type.__name__ if failure.type else 'error'}: {failure.value}"
        self.log_issue("error", url, message)
