"""One spider class for every portal, configured by the portal's source YAML.

Listing pages are followed, detail pages become records; both are kept raw in bronze.
Anything the spider cannot fetch or does not understand becomes an entry in the source's
issues log rather than an exception, so one bad page never stops the crawl.

Incremental: pages of the previous crawl are asked for with If-None-Match/If-Modified-Since;
a 304 reuses the previous copy, keeps its ``first_seen`` and marks it ``not_modified`` so
the later stages can skip it. A source with ``sitemaps`` goes further: the sitemaps are read
first, and a detail page whose ``<lastmod>`` is not newer than its last fetch is not asked
for at all (its previous copy is kept the same way). On a live portal with a politeness delay
that is what makes a re-crawl cheap: a 304 still costs a request and the delay.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import pyarrow.parquet as pq
import scrapy
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from spiders.items import PageItem
from spiders.sources import Source
from transforms.identity import canonical_url, content_hash


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_lastmod(text: str) -> datetime | None:
    """A sitemap ``<lastmod>`` (W3C datetime) as an aware datetime, None if unreadable.

    A bare date counts as the end of that day, so a page changed later on the day of its last
    fetch is still asked for; a time without a zone is taken as UTC.
    """
    text = text.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == len("2026-11-25"):
        value += timedelta(days=1)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def domain_entry(entry: str) -> tuple[str, int | None]:
    """An ``allowed_domains`` entry as (host, port): ``127.0.0.1:8601`` -> ("127.0.0.1", 8601).

    A port in the entry pins the port; without one the host is allowed on any port.
    """
    parts = urlsplit(f"//{entry.strip()}")
    return (parts.hostname or entry.strip().lower()), parts.port


def host_allowed(url: str, allowed_domains: list[str]) -> bool:
    """Whether ``url`` is on one of ``allowed_domains`` or a subdomain of one, on any port
    (or on the port an entry names: ``127.0.0.1:8601``).

    Scrapy's own checks compare the host with the port attached (LinkExtractor's
    ``allow_domains``) or without it (OffsiteMiddleware), so a portal served on a non-default
    port, as test servers and some intranets are, fell through one or the other: its links
    were silently not followed, or its robots.txt request was filtered as offsite and every
    page was then allowed. One host-and-port rule, here, is used for both.
    """
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:  # a malformed port or host in a link
        return False
    if not host:
        return False
    for entry in allowed_domains:
        domain, pinned = domain_entry(entry)
        if (host == domain or host.endswith(f".{domain}")) and pinned in (None, port):
            return True
    return False


def load_previous_pages(crawl_dir: Path | None) -> dict[str, dict[str, Any]]:
    """The previous crawl's pages by canonical URL (what conditional requests are based on)."""
    if crawl_dir is None or not (crawl_dir / "pages.parquet").exists():
        return {}
    rows = pq.read_table(crawl_dir / "pages.parquet").to_pylist()
    return {canonical_url(row["url"]): row for row in rows}


class SourceLinks:
    """Which links of a page a source follows; one rule for the spider and the health check.

    Every link of the page is extracted first, then filtered by the source's patterns here
    and its domains by host_allowed (LinkExtractor's allow_domains compares host:port).
    """

    def __init__(self, source: Source):
        self.allowed_domains = list(source.allowed_domains)
        self._all = LinkExtractor(unique=True)
        self._patterns = LinkExtractor(allow=[*source.follow, *source.detail], deny=source.skip)
        self._detail = [re.compile(p) for p in source.detail]

    def extract(self, response: TextResponse) -> list[str]:
        """Every web link of an HTML page (any host, any pattern), once each."""
        return [link.url for link in self._all.extract_links(response)]

    def follows(self, url: str) -> bool:
        """Whether a link to ``url`` is crawled: on an allowed domain and a follow or detail
        pattern, and not a skip pattern."""
        return host_allowed(url, self.allowed_domains) and self._patterns.matches(url)

    def is_detail(self, url: str) -> bool:
        return any(pattern.search(url) for pattern in self._detail)

    def leads_nowhere(self, links: list[str]) -> str:
        """The issue message for a listing page none of whose ``links`` is followed."""
        on_site = sum(1 for link in links if host_allowed(link, self.allowed_domains))
        matching = sum(1 for link in links if self._patterns.matches(link))
        return (
            f"listing page: none of its {len(links)} links matches follow or detail "
            f"({on_site} on allowed_domains, {matching} matching a pattern); "
            "check the source's patterns and allowed_domains"
        )


LOG_LEVELS = {"error": 40, "warning": 30, "info": 20}


class PortalSpider(scrapy.Spider):
    """Subclassed per source by ``spiders.spider_loader.spider_class``."""

    name = "portal"
    source_config: Source

    def __init__(
        self,
        crawl_id: str | None = None,
        previous_crawl: str | None = None,
        **kwargs: Any,
    ):
        source = self.source_config
        super().__init__(name=source.name, **kwargs)
        self.source = source
        # `scrapy crawl` passes no crawl id: a UTC timestamp orders crawls by time.
        self.crawl_id = crawl_id or datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        # Hosts only, for Scrapy components that compare host names without ports (the
        # offsite check itself is SourceOffsiteMiddleware's, below, by host_allowed).
        self.allowed_domains = sorted({domain_entry(d)[0] for d in source.allowed_domains})
        self.issues: list[dict[str, str]] = []
        self.previous = load_previous_pages(Path(previous_crawl) if previous_crawl else None)
        # Canonical URLs already requested or stored: one page, however it is spelled, once.
        self._requested: set[str] = set()
        self._stored: set[str] = set()
        self.links = SourceLinks(source)
        # From the sitemaps: when each page last changed, and every page they list.
        self._lastmod: dict[str, datetime] = {}
        self._sitemap_pages: list[str] = []
        self._sitemaps_pending = 0
        self.kept_by_sitemap = 0  # detail pages kept without a request

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
        self.logger.log(LOG_LEVELS.get(level, 30), "%s: %s", url, message)

    async def start(self) -> AsyncIterator[PageItem | scrapy.Request]:
        # Sitemaps first: the start pages wait for them, so that no detail page is asked for
        # before its <lastmod> is known.
        if self.source.sitemaps:
            for url in self.source.sitemaps:
                yield self._sitemap_request(url)
            return
        # Yielded as ordinary requests (not start_urls) so the duplicate filter also covers a
        # start page that a later page links back to.
        for url in self.source.start_urls:
            for output in self._visit(url):
                yield output

    def _sitemap_request(self, url: str) -> scrapy.Request:
        self._sitemaps_pending += 1
        return scrapy.Request(
            url, callback=self.parse_sitemap, errback=self.on_sitemap_error, dont_filter=True
        )

    def parse_sitemap(self, response: Response) -> Iterator[PageItem | scrapy.Request]:
        self._sitemaps_pending -= 1
        body = response.body
        try:
            sitemap = Sitemap(gunzip(body) if body[:2] == b"\x1f\x8b" else body)
            entries = list(sitemap)
        except Exception as exc:  # a broken sitemap costs requests, never the crawl
            self.log_issue(
                "warning", response.url, f"sitemap not read ({exc!r}); pages revalidated"
            )
            entries = []
        for entry in entries:
            if not (loc := entry.get("loc")):
                continue
            if sitemap.type == "sitemapindex":
                yield self._sitemap_request(loc)
                continue
            if lastmod := parse_lastmod(entry.get("lastmod", "")):
                self._lastmod[canonical_url(loc)] = lastmod
            if self.links.follows(loc):
                self._sitemap_pages.append(loc)
        yield from self._after_sitemaps()

    def on_sitemap_error(self, failure: Failure) -> Iterator[PageItem | scrapy.Request]:
        self._sitemaps_pending -= 1
        request = getattr(failure, "request", None)
        response = getattr(failure.value, "response", None)
        reason = f"HTTP {response.status}" if response is not None else repr(failure.value)
        url = request.url if request is not None else "?"
        self.log_issue("warning", url, f"sitemap not read ({reason}); pages revalidated")
        yield from self._after_sitemaps()

    def _after_sitemaps(self) -> Iterator[PageItem | scrapy.Request]:
        if self._sitemaps_pending:
            return
        for url in [*self.source.start_urls, *self._sitemap_pages]:
            yield from self._visit(url)

    def _visit(self, url: str) -> Iterator[PageItem | scrapy.Request]:
        """A request for ``url``; or, for a detail page the sitemap says has not changed since
        its last fetch, its previous copy without a request (its links still followed)."""
        key = canonical_url(url)
        previous = self.previous.get(key)
        lastmod = self._lastmod.get(key)
        if (
            key not in self._requested
            and previous is not None
            and lastmod is not None
            and lastmod <= datetime.fromisoformat(previous["fetched_at"])
            and self.is_detail(url)
        ):
            self._requested.add(key)
            self.kept_by_sitemap += 1
            copy = self._previous_copy(previous, url)
            yield from self._page(copy, url, previous, previous["fetched_at"], not_modified=True)
            return
        request = self._request(url)
        if request is not None:
            yield request

    def _request(self, url: str) -> scrapy.Request | None:
        key = canonical_url(url)
        if key in self._requested:
            return None
        self._requested.add(key)
        headers: dict[str, str] = {}
        meta: dict[str, Any] = {}
        previous = self.previous.get(key)
        if previous is not None:
            old = json.loads(previous["headers"])
            if etag := old.get("Etag") or old.get("ETag"):
                headers["If-None-Match"] = etag
            if modified := old.get("Last-Modified"):
                headers["If-Modified-Since"] = modified
            if headers:
                meta["handle_httpstatus_list"] = [304]
        # dont_filter: this spider deduplicates by canonical URL itself (above), and Scrapy's
        # filter would silently swallow a redirect loop instead of letting it end in an issue.
        return scrapy.Request(
            url,
            headers=headers,
            meta=meta,
            callback=self.parse,
            errback=self.on_error,
            dont_filter=True,
        )

    def is_detail(self, url: str) -> bool:
        return self.links.is_detail(url)

    def parse(self, response: Response) -> Iterator[PageItem | scrapy.Request]:
        url = canonical_url(response.url)
        if response.request is None:  # the error response.meta raises just below without one
            raise AttributeError(
                "Response.meta not available, this response is not tied to any request"
            )
        requested = (response.meta.get("redirect_urls") or [response.request.url])[0]
        previous = self.previous.get(url) or self.previous.get(canonical_url(requested))
        not_modified = response.status == 304 and previous is not None
        if not_modified:
            assert previous is not None
            # The previous copy stands in for the page, links included.
            response = self._previous_copy(previous, response.url, response.request)
        yield from self._page(response, requested, previous, utc_now(), not_modified)

    @staticmethod
    def _previous_copy(
        previous: dict[str, Any], url: str, request: scrapy.Request | None = None
    ) -> HtmlResponse:
        return HtmlResponse(
            url=url,
            body=previous["html"],
            encoding=previous["encoding"] or None,
            request=request,
            headers={"Content-Type": previous["content_type"]},
        )

    def _page(
        self,
        response: Response,
        requested: str,
        previous: dict[str, Any] | None,
        fetched_at: str,
        not_modified: bool,
    ) -> Iterator[PageItem | scrapy.Request]:
        """The page as a bronze item, then requests (or kept copies) for the pages it links.

        ``not_modified``: ``response`` is the previous crawl's copy (a 304, or a page the
        sitemap shows unchanged)."""
        url = canonical_url(response.url)
        if url in self._stored:
            return  # a redirect led to a page this crawl already has
        self._stored.add(url)
        if not_modified:
            assert previous is not None
            content_type, body, headers = (
                previous["content_type"],
                previous["html"],
                previous["headers"],
            )
        else:
            # Headers.get is typed Optional; with a default given it returns bytes.
            raw_type = cast(bytes, response.headers.get(b"Content-Type", b""))
            content_type = raw_type.decode("latin-1")
            body = response.body
            headers = json.dumps(
                {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items()},
                sort_keys=True,
            )
        if "html" not in content_type:
            self.log_issue("warning", url, f"skipped: not HTML ({content_type or 'no type'})")
            return
        now = utc_now()
        yield PageItem(
            source_id=self.source.name,
            crawl_id=self.crawl_id,
            url=response.url,
            requested_url=requested,
            status=response.status,
            # Patterns are written against URLs as the site spells them, not canonical ones.
            page_kind="detail" if self.is_detail(response.url) else "listing",
            fetched_at=fetched_at,
            first_seen=previous["first_seen"] if previous else now,
            last_seen=now,
            not_modified=not_modified,
            content_type=content_type,
            encoding=getattr(response, "encoding", "") or "",
            headers=headers,
            content_hash=content_hash(body),
            html=body,
        )
        if not isinstance(response, TextResponse):
            return  # an HTML content type over a body Scrapy cannot read as text
        links = self.links.extract(response)
        followed = [link for link in links if self.links.follows(link)]
        if links and not followed and not self.is_detail(response.url):
            # A listing page that leads nowhere: most often patterns or allowed_domains that
            # no longer fit the site (a relaunch, a new host or port), which would otherwise
            # end the crawl quietly with no records.
            self.log_issue("warning", response.url, self.links.leads_nowhere(links))
        for link in followed:
            yield from self._visit(link)

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        if failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            # The site asked not to be crawled there: expected, but a steward who wonders why
            # a page is missing finds the answer in the issues log.
            self.log_issue("info", url, "not fetched: robots.txt disallows it")
            return
        response = getattr(failure.value, "response", None)
        if response is not None:
            message = f"HTTP {response.status} (the page could not be fetched)"
        else:
            message = f"{failure.type.__name__ if failure.type else 'error'}: {failure.value}"
        self.log_issue("error", url, message)


class SourceOffsiteMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter, with the source's host-and-port rule (``host_allowed``), and
    never in the way of a robots.txt request.

    Scrapy asks for robots.txt through the same middleware chain, offsite filter first; a
    robots.txt request it filtered counted as "no robots.txt", so every page of that host was
    then allowed. A robots.txt request is only made for a host the crawl is about to visit.
    """

    def should_follow(self, request: scrapy.Request, spider: scrapy.Spider) -> bool:
        if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
            return True
        if isinstance(spider, PortalSpider):
            return host_allowed(request.url, spider.source.allowed_domains)
        return super().should_follow(request, spider)
