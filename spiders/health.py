"""A source's health, checked before a live crawl (``siharvest check``) and after each crawl
(the ``source_health`` asset check).

For each source:
- the start pages answer, and robots.txt allows them (else an error);
- its listing pages link to pages its detail patterns match (none at all is an error; a
  listing page whose links none are followed is a warning, as in the crawl);
- every selector matches on a sample of detail pages (a warning naming the URL and the
  selector when it does not);
- the layout sentinel equals the last good check's: a hash of the structural path (tags and
  classes, never text or ids) of the nodes each selector selects. A path not seen in an
  earlier good check is a warning naming the URL and the selector: the portal's markup
  changed, and the selectors may now read the wrong part of the page.

The checks read pages through a ``PageSource``: over HTTP (``HttpPages``: the live site, or
the loopback snapshot) or from a finished crawl's bronze files (``BronzePages``). After a
check with no warning the sentinel is stored under ``<data root>/health/<mode>/<source>.json``,
the known paths of each selector merged with the earlier ones, so pages of the same template
sampled another time do not count as a change.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pyarrow.parquet as pq
from lxml import etree
from parsel import Selector
from scrapy.http import HtmlResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from w3lib.url import safe_url_string

from spiders.portal_spider import SourceLinks, host_allowed, utc_now
from spiders.snapshot_download import snapshot_url_for
from spiders.sources import Source
from transforms.encoding import decode_page
from transforms.extract import select
from transforms.identity import canonical_url

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")
SAMPLE_SIZE = 3  # detail pages whose selectors are checked
MAX_LISTING_PAGES = 8  # listing pages read in search of detail links
MAX_SITEMAPS = 3
MAX_REDIRECTS = 5
# A page's title and body must be found on every page; the other fields are optional on one
# page, but a selector that matches on none of the sample has stopped working.
REQUIRED_SELECTORS = ("title", "body")
# Classes that differ between pages of one template: ids and counters (post-123, col-2 is
# lost too, which costs little), WordPress's per-post taxonomy classes, language and state
# classes. Kept, they would make every page look like a new layout.
VOLATILE_CLASS = re.compile(
    r"\d|^(category|tag|term|author|format|lang|language|i18n|current|is|has)[-_]"
    r"|^(odd|even|first|last|active|current|selected|open|sticky|hover|focus)$",
    re.IGNORECASE,
)
# The element an attribute or text selector reads from: its structural path is the element's.
_CSS_PSEUDO = re.compile(r"::(attr\([^)]*\)|text)\s*$")
_XPATH_LEAF = re.compile(r"/(@[\w:*-]+|text\(\)|node\(\))\s*$")


@dataclass(frozen=True)
class Finding:
    level: Level
    url: str
    message: str
    selector: str | None = None  # "body: article .entry-content"

    def line(self) -> str:
        where = f" [{self.selector}]" if self.selector else ""
        return f"{self.level:7} {self.url}{where}: {self.message}"


@dataclass(frozen=True)
class Page:
    """One answer: ``status`` None when there was none (refused, timed out, disallowed)."""

    url: str
    status: int | None
    body: bytes = b""
    content_type: str = ""
    error: str | None = None
    disallowed: bool = False  # robots.txt: not asked for
    final_url: str | None = None  # after redirects: what relative links resolve against

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400 and self.error is None


class PageSource(Protocol):
    """Where a check reads pages: over HTTP, or from a finished crawl."""

    def get(self, url: str) -> Page: ...


@dataclass
class HealthReport:
    source: str
    findings: list[Finding] = field(default_factory=list)
    listing_pages: int = 0
    detail_links: int = 0
    sampled: list[str] = field(default_factory=list)
    # Selector ("name: expression") -> structural paths of its nodes on the sampled pages.
    layout: dict[str, list[str]] = field(default_factory=dict)
    previous_sentinel: str | None = None
    stored: bool = False

    @property
    def sentinel(self) -> str | None:
        return layout_sentinel(self.layout) if self.layout else None

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level == level)

    @property
    def status(self) -> str:
        return "error" if self.count("error") else "warning" if self.count("warning") else "ok"

    def add(self, level: Level, url: str, message: str, selector: str | None = None) -> None:
        self.findings.append(Finding(level, url, message, selector))

    def summary(self) -> str:
        if self.sentinel is None:
            layout = "no layout"
        elif self.previous_sentinel is None:
            layout = "layout new"
        elif any("layout changed" in f.message for f in self.findings):
            layout = "layout CHANGED"
        else:
            layout = "layout known"
        return (
            f"{self.source:28} {self.status.upper():7} {self.listing_pages:>3} listing, "
            f"{self.detail_links:>4} detail links, {len(self.sampled)} sampled, "
            f"sentinel {(self.sentinel or '-')[:12]:12} ({layout}"
            f"{', stored' if self.stored else ''}); "
            f"{self.count('error')} errors, {self.count('warning')} warnings"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "listing_pages": self.listing_pages,
            "detail_links": self.detail_links,
            "sampled": self.sampled,
            "sentinel": self.sentinel,
            "previous_sentinel": self.previous_sentinel,
            "findings": [f.__dict__ for f in self.findings],
        }


# --- the layout sentinel ---------------------------------------------------------------


@dataclass(frozen=True)
class Sentinel:
    """The stored layout of a source's last good check."""

    sentinel: str
    paths: dict[str, list[str]]
    checked_at: str
    sampled: list[str]


def structural_path(element: etree._Element) -> str:
    """``html > body.single > main > article.post > h1.entry-title``: tags and stable classes
    from the root down to ``element``; no text, no ids (CMS ids are per page)."""
    parts = []
    for node in [*reversed(list(element.iterancestors())), element]:
        if not isinstance(node.tag, str):
            continue
        classes = sorted(
            {c for c in (node.get("class") or "").split() if not VOLATILE_CLASS.search(c)}
        )
        parts.append(".".join([node.tag, *classes]))
    return " > ".join(parts)


def layout_sentinel(layout: dict[str, list[str]]) -> str:
    canonical = json.dumps({k: sorted(set(v)) for k, v in sorted(layout.items())}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def sentinel_path(data_dir: Path, mode: str, source_id: str) -> Path:
    # Per mode: the snapshot's markup is the project's own and never equals the live site's.
    return data_dir / "health" / mode / f"{source_id}.json"


def load_sentinel(path: Path) -> Sentinel | None:
    if not path.exists():
        return None
    raw = json.loads(path.read_text())
    return Sentinel(raw["sentinel"], raw["paths"], raw["checked_at"], raw.get("sampled", []))


def store_sentinel(path: Path, report: HealthReport, known: Sentinel | None) -> Sentinel:
    """Store the report's layout, merged with the known paths of the selectors still used."""
    paths = {key: sorted(set(values)) for key, values in report.layout.items()}
    if known is not None:
        for key in paths:
            paths[key] = sorted(set(paths[key]) | set(known.paths.get(key, [])))
    stored = Sentinel(layout_sentinel(paths), paths, utc_now(), report.sampled)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(stored.__dict__, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(path)
    report.stored = True
    return stored


# --- reading pages ---------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # redirects are followed by HttpPages itself, through the URL mapping


class HttpPages:
    """Pages over plain HTTP: the live site, or the loopback snapshot when ``snapshot_url``
    is set (the crawl's URL mapping: ``https://host/path`` -> ``<snapshot>/host/path``).

    Why not a Scrapy crawl, the project's way of fetching: a check reads a dozen pages chosen
    one by one (start pages, a few listings, a spread sample of details) and must run inside
    the CLI, or a Dagster step, and answer in seconds; a Scrapy crawl needs a subprocess of
    its own (its reactor cannot restart) and a spider that stops early. What a crawl does for
    politeness is kept: the project's User-Agent, the source's timeout, size cap and download
    delay (live only), and robots.txt, read with urllib.robotparser.
    """

    def __init__(self, source: Source, user_agent: str, snapshot_url: str | None = None):
        self.source = source
        self.user_agent = user_agent
        self.snapshot_url = snapshot_url
        self.delay = 0.0 if snapshot_url else source.download_delay
        self.requests = 0
        self._robots: dict[str, RobotFileParser | None] = {}
        self._last_request = 0.0
        self._opener = urllib.request.build_opener(_NoRedirects)

    def get(self, url: str) -> Page:
        if not self._robots_allow(url):
            return Page(url, None, error="robots.txt disallows it", disallowed=True)
        return self._fetch(url)

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = None  # while it is read: robots.txt redirects end here
            answer = self._fetch(f"{key}/robots.txt")
            parser: RobotFileParser | None = None
            if answer.ok:
                parser = RobotFileParser()
                parser.parse(answer.body.decode("utf-8", "replace").splitlines())
                parser.modified()  # can_fetch() says no to a parser that was never "read"
            # No robots.txt (404, or no answer) allows everything, as in Scrapy.
            self._robots[key] = parser
        parser = self._robots[key]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def _fetch(self, url: str, hops: int = 0) -> Page:
        if self.delay:
            time.sleep(max(0.0, self._last_request + self.delay - time.monotonic()))
        target = snapshot_url_for(url, self.snapshot_url) if self.snapshot_url else url
        # Portals link IRIs (Cyrillic paths, accented slugs); HTTP wants them percent-encoded.
        target = safe_url_string(target)
        request = urllib.request.Request(
            target,
            headers={"User-Agent": self.user_agent, "Accept": "text/html,*/*;q=0.8"},
        )
        self.requests += 1
        try:
            with self._opener.open(request, timeout=self.source.timeout) as response:
                body = response.read(self.source.max_page_bytes + 1)
                status, ctype = response.status, response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            location = err.headers.get("Location")
            if err.code in (301, 302, 303, 307, 308) and location:
                return self._redirect(url, urljoin(url, location), hops)
            return Page(url, err.code, error=f"HTTP {err.code}")
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Page(url, None, error=f"no answer ({reason})")
        finally:
            self._last_request = time.monotonic()
        if len(body) > self.source.max_page_bytes:
            return Page(
                url, status, error=f"larger than max_page_bytes ({self.source.max_page_bytes})"
            )
        return Page(url, status, body, ctype)

    def _redirect(self, url: str, location: str, hops: int) -> Page:
        if hops >= MAX_REDIRECTS:
            return Page(url, None, error=f"more than {MAX_REDIRECTS} redirects")
        if not host_allowed(location, self.source.allowed_domains):
            # On a live portal the typical sign of a move (a new host or name).
            return Page(url, None, error=f"redirected off allowed_domains, to {location}")
        if not self._robots_allow(location):
            return Page(url, None, error=f"redirected to {location}, which robots.txt disallows")
        page = self._fetch(location, hops + 1)
        final = page.final_url or location
        return Page(url, page.status, page.body, page.content_type, page.error, False, final)


class BronzePages:
    """The pages of a finished crawl (bronze), for the check after each crawl: what the crawl
    could not fetch, or robots.txt kept it from, its issues log says."""

    def __init__(self, crawl_dir: Path):
        self._pages: dict[str, dict[str, Any]] = {}
        for row in pq.read_table(crawl_dir / "pages.parquet").to_pylist():
            self._pages.setdefault(canonical_url(row["url"]), row)
            self._pages.setdefault(canonical_url(row["requested_url"]), row)
        self._issues: dict[str, str] = {}
        issues = crawl_dir / "issues.parquet"
        for issue in pq.read_table(issues).to_pylist() if issues.exists() else []:
            self._issues.setdefault(canonical_url(issue["url"]), issue["message"])

    def get(self, url: str) -> Page:
        key = canonical_url(url)
        row = self._pages.get(key)
        if row is not None:
            return Page(url, row["status"], row["html"], row["content_type"], final_url=row["url"])
        message = self._issues.get(key)
        if message and "robots.txt" in message:
            return Page(url, None, error=message, disallowed=True)
        return Page(url, None, error=message or "not in the crawl")


# --- the checks ------------------------------------------------------------------------


def _html(page: Page, source: Source) -> str | None:
    if not page.ok or "html" not in page.content_type.lower():
        return None
    return decode_page(page.body, page.content_type, source.languages).text


def _selectors(source: Source) -> tuple[dict[str, str], list[str]]:
    """(field -> expression) of the set selectors, and the drop selectors."""
    fields: dict[str, str] = {}
    drop: list[str] = []
    for name, value in source.selectors.model_dump().items():
        if isinstance(value, str) and value.strip():
            fields[name] = value
        elif isinstance(value, list):
            drop += [v for v in value if isinstance(v, str)]
    return fields, drop


def _elements(root: Selector, expression: str) -> tuple[list[etree._Element], bool]:
    """The elements ``expression`` selects (for an attribute or text selector, the elements
    it reads from), and whether what it selects has any text."""
    found = select(root, expression)
    has_text = any(
        (
            item.xpath("string()").get("")
            if isinstance(item.root, etree._Element)
            else item.get() or ""
        ).strip()
        for item in found
    )
    elements = [item.root for item in found if isinstance(item.root, etree._Element)]
    if found and not elements:
        pattern = _XPATH_LEAF if expression.lstrip().startswith(("/", "(", "./")) else _CSS_PSEUDO
        parent = pattern.sub("", expression.strip())
        if parent and parent != expression.strip():
            elements = [i.root for i in select(root, parent) if isinstance(i.root, etree._Element)]
    return elements, has_text


def _spread(items: list[str], size: int) -> list[str]:
    """``size`` items spread over the list (first, middle, last...): the newest and the
    oldest pages of a listing are the likeliest to differ in template."""
    if len(items) <= size:
        return list(items)
    step = (len(items) - 1) / (size - 1)
    return list(dict.fromkeys(items[round(i * step)] for i in range(size)))


def _candidates(detail: list[str]) -> list[str]:
    """Detail links in the order they are tried: a spread sample first, then stand-ins for
    pages that cannot be read, up to twice the sample (a bounded cost on a live portal)."""
    spread = _spread(detail, SAMPLE_SIZE)
    rest = [url for url in detail if url not in spread]
    return (spread + rest)[: 2 * SAMPLE_SIZE]


def _sitemap_locs(pages: PageSource, source: Source) -> Iterator[str]:
    queue, read = list(source.sitemaps), 0
    while queue and read < MAX_SITEMAPS:
        page = pages.get(queue.pop(0))
        read += 1
        if not page.ok:
            continue
        body = page.body
        try:
            sitemap = Sitemap(gunzip(body) if body[:2] == b"\x1f\x8b" else body)
            entries = list(sitemap)
        except Exception:  # a broken sitemap: the listing pages are what is checked
            continue
        for entry in entries:
            if loc := entry.get("loc"):
                if sitemap.type == "sitemapindex":
                    queue.append(loc)
                else:
                    yield loc


def check_source(source: Source, pages: PageSource, known: Sentinel | None) -> HealthReport:
    """Every check on one source; nothing stored (see ``store_sentinel``)."""
    report = HealthReport(source.name, previous_sentinel=known.sentinel if known else None)
    links = SourceLinks(source)
    start_ok: list[tuple[str, str]] = []  # (final url, html) of the start pages that answered
    for url in source.start_urls:
        page = pages.get(url)
        if page.disallowed:
            report.add("error", url, "start page: robots.txt disallows it")
        elif not page.ok:
            report.add("error", url, f"start page not reachable: {page.error or page.status}")
        elif (html := _html(page, source)) is not None:
            start_ok.append((page.final_url or url, html))
    kind = getattr(source, "kind", "html")
    if kind != "html":
        report.add("info", source.start_urls[0], f"kind {kind}: only the start pages checked")
        return report
    if not start_ok and not source.sitemaps:
        return report  # the start pages' errors say it all

    detail = _detail_links(source, pages, links, start_ok, report)
    report.detail_links = len(detail)
    if not detail:
        report.add(
            "error",
            source.start_urls[0],
            f"the detail patterns match no link of the {report.listing_pages} listing pages "
            f"read{' or the sitemaps' if source.sitemaps else ''}: {source.detail}",
        )
        return report
    _check_details(source, pages, _candidates(detail), known, report)
    return report


def _detail_links(
    source: Source,
    pages: PageSource,
    links: SourceLinks,
    start: list[tuple[str, str]],
    report: HealthReport,
) -> list[str]:
    """Detail URLs found from the start pages: every start page is read, further listing
    pages (breadth first) until there are enough candidates for the sample, then the
    sitemaps."""
    detail: dict[str, None] = {}
    seen = {canonical_url(url) for url, _ in start}
    queue: list[tuple[str, str | None]] = [(url, html) for url, html in start]
    while queue:
        url, html = queue.pop(0)
        if links.is_detail(url):
            detail[url] = None
            continue
        if html is None:
            if len(detail) >= 2 * SAMPLE_SIZE or report.listing_pages >= MAX_LISTING_PAGES:
                break
            page = pages.get(url)
            url, html = page.final_url or url, _html(page, source)
            if html is None:
                continue
        report.listing_pages += 1
        response = HtmlResponse(url=url, body=html.encode("utf-8"), encoding="utf-8")
        found = links.extract(response)
        followed = [link for link in found if links.follows(link)]
        if found and not followed:
            report.add("warning", url, links.leads_nowhere(found))
        for link in followed:
            key = canonical_url(link)
            if key in seen:
                continue
            seen.add(key)
            if links.is_detail(link):
                detail[link] = None
            else:
                queue.append((link, None))
    if len(detail) < 2 * SAMPLE_SIZE and source.sitemaps:
        for loc in _sitemap_locs(pages, source):
            if links.follows(loc) and links.is_detail(loc):
                detail.setdefault(loc, None)
    return list(detail)


def _check_details(
    source: Source,
    pages: PageSource,
    candidates: list[str],
    known: Sentinel | None,
    report: HealthReport,
) -> None:
    fields, drop = _selectors(source)
    if not fields:
        report.add("info", candidates[0], "no selectors: generic rules find the text")
    matched: dict[str, list[str]] = {name: [] for name in [*fields, *drop]}
    read: list[str] = []
    for url in candidates:
        if len(read) == SAMPLE_SIZE:
            break
        page = pages.get(url)
        html = _html(page, source)
        if html is None:
            # A broken link (the crawl logs it too); another detail page stands in.
            why = "robots.txt disallows it" if page.disallowed else page.error or page.status
            report.add("info", url, f"detail link not read: {why}")
            continue
        read.append(url)
        root = Selector(text=html)
        for name, expression in fields.items():
            key = f"{name}: {expression}"
            elements, has_text = _elements(root, expression)
            if has_text:
                matched[name].append(url)
            elif name in REQUIRED_SELECTORS:
                what = "only empty elements" if elements else "nothing"
                report.add("warning", url, f"selector matches {what}", key)
            paths = sorted({structural_path(element) for element in elements})
            report.layout.setdefault(key, [])
            report.layout[key] = sorted(set(report.layout[key]) | set(paths))
            _compare_layout(report, known, url, key, paths)
        for expression in drop:
            if select(root, expression):
                matched[expression].append(url)
    report.sampled = read
    if not read:
        report.add(
            "error", candidates[0], f"none of the {len(candidates)} detail links tried answered"
        )
        return
    for name, expression in fields.items():
        if name not in REQUIRED_SELECTORS and not matched[name]:
            key = f"{name}: {expression}"
            # An optional field a steward accepted as absent (stored with no paths) is noted;
            # one that matched before, or is checked for the first time, is a warning.
            accepted = known is not None and key in known.paths and not known.paths[key]
            report.add(
                "info" if accepted else "warning",
                read[0],
                f"selector matches on none of the {len(read)} sampled detail pages",
                key,
            )
    for expression in drop:
        if not matched[expression]:
            # Dropped elements are noise; their absence loses no text.
            report.add("info", read[0], "drop selector matches on no sampled page", expression)


def _compare_layout(
    report: HealthReport, known: Sentinel | None, url: str, key: str, paths: list[str]
) -> None:
    if known is None or not paths:
        return
    if key not in known.paths:
        report.add("info", url, "selector not in the stored layout: learned anew", key)
        return
    new = [path for path in paths if path not in known.paths[key]]
    if new:
        before = known.paths[key][0] if known.paths[key] else "nothing"
        report.add(
            "warning",
            url,
            f"layout changed: the selector now selects {new[0]} (known: {before})",
            key,
        )


# --- checking sources ------------------------------------------------------------------


def check_sources(
    sources: Iterable[Source],
    *,
    data_dir: Path,
    mode: str,
    user_agent: str,
    snapshot_url: str | None,
    accept_layout: bool = False,
) -> list[HealthReport]:
    """Check each source over HTTP (live when ``snapshot_url`` is None) and store the
    sentinel of each good check; ``accept_layout`` stores it despite warnings (a steward
    who has looked at a relaunched portal and updated its selectors)."""
    reports = []
    for source in sources:
        path = sentinel_path(data_dir, mode, source.name)
        known = load_sentinel(path)
        report = check_source(source, HttpPages(source, user_agent, snapshot_url), known)
        if report.layout and (
            report.status == "ok" or (accept_layout and not report.count("error"))
        ):
            store_sentinel(path, report, None if accept_layout else known)
        reports.append(report)
    return reports
