"""Sitemap-driven re-crawls over real HTTP: unchanged detail pages are not asked for at all."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq

from spiders.crawl import run_crawl
from spiders.portal_spider import parse_lastmod
from spiders.snapshot_server import LoopbackServer, _SnapshotHandler

HOST = "portal.example"
SLUGS = ["alpha", "beta", "gamma", "delta"]
ONLY_IN_SITEMAP = "epsilon"  # no listing links to it: the sitemap is how it is found


class _RecordingHandler(_SnapshotHandler):
    """The snapshot handler, noting every path asked for (to prove what was not)."""

    requested: list[str]

    def do_GET(self) -> None:
        self.requested.append(self.path)
        super().do_GET()


def _server(root: Path) -> tuple[LoopbackServer, list[str]]:
    requested: list[str] = []
    attrs = {"root": root.resolve(), "requested": requested}
    return LoopbackServer(type("Handler", (_RecordingHandler,), attrs)), requested


def _write_site(root: Path, lastmod: dict[str, str], sitemap: bool = True) -> None:
    site = root / HOST
    (site / "news").mkdir(parents=True, exist_ok=True)
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    links = "".join(f"<a href='/news/{slug}/'>{slug}</a>" for slug in SLUGS)
    (site / "news" / "index.html").write_text(f"<html><body>{links}</body></html>")
    for slug in [*SLUGS, ONLY_IN_SITEMAP]:
        page = site / "news" / slug / "index.html"
        if not page.exists():
            page.parent.mkdir()
            page.write_text(f"<html><body><h1>{slug}</h1><p>About {slug}.</p></body></html>")
    if sitemap:
        urls = "".join(
            f"<url><loc>https://{HOST}/news/{slug}/</loc><lastmod>{date}</lastmod></url>"
            for slug, date in lastmod.items()
        )
        (site / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        )


def _sources(tmp_path: Path, sitemap_path: str = "/sitemap.xml") -> Path:
    sources = tmp_path / "sources"
    sources.mkdir(exist_ok=True)
    (sources / "xx_portal.yml").write_text(
        f"publisher: Test\ncountry: AT\nlanguages: [en]\n"
        f"start_urls: [https://{HOST}/news/]\nallowed_domains: [{HOST}]\n"
        f"sitemaps: [https://{HOST}{sitemap_path}]\n"
        f"follow: ['^https://{HOST}/news/$']\ndetail: ['^https://{HOST}/news/[a-z]+/$']\n"
    )
    return sources


def _crawl(tmp_path: Path, name: str, previous: Path | None) -> tuple[dict, dict, list[str]]:
    server, requested = _server(tmp_path / "sites")
    out = tmp_path / "bronze" / name
    with server:
        run_crawl(
            "xx_portal", out, snapshot_url=server.url, contact="t@example.org",
            sources_path=(tmp_path / "sources",), previous_crawl=previous,
        )  # fmt: skip
    pages = {row["url"]: row for row in pq.read_table(out / "pages.parquet").to_pylist()}
    return pages, json.loads((out / "crawl.json").read_text()), requested


def _detail_paths(requested: list[str]) -> list[str]:
    return sorted(p for p in requested if p.startswith(f"/{HOST}/news/") and p != f"/{HOST}/news/")


def test_recrawl_asks_only_for_pages_the_sitemap_shows_changed(tmp_path: Path) -> None:
    old = "2026-01-05T10:00:00+00:00"
    lastmod = {slug: old for slug in [*SLUGS, ONLY_IN_SITEMAP]}
    _write_site(tmp_path / "sites", lastmod)
    _sources(tmp_path)

    pages, summary, requested = _crawl(tmp_path, "c1", None)
    detail = {url for url, row in pages.items() if row["page_kind"] == "detail"}
    assert len(detail) == 5 and f"https://{HOST}/news/{ONLY_IN_SITEMAP}/" in detail
    assert len(_detail_paths(requested)) == 5 and summary["kept_by_sitemap"] == 0

    # Nothing changed: the sitemap and the listing are asked for, no detail page is.
    pages2, summary2, requested2 = _crawl(tmp_path, "c2", tmp_path / "bronze" / "c1")
    assert _detail_paths(requested2) == []
    assert summary2["kept_by_sitemap"] == 5
    for url in detail:
        assert pages2[url]["not_modified"] and pages2[url]["html"] == pages[url]["html"]
        assert pages2[url]["fetched_at"] == pages[url]["fetched_at"]  # not fetched again
        assert pages2[url]["first_seen"] == pages[url]["first_seen"]

    # One page changes and the CMS moves its <lastmod>: only that page is asked for.
    beta = tmp_path / "sites" / HOST / "news" / "beta" / "index.html"
    beta.write_text("<html><body><h1>beta</h1><p>Beta, updated.</p></body></html>")
    lastmod["beta"] = (datetime.now(UTC) + timedelta(seconds=1)).isoformat(timespec="seconds")
    _write_site(tmp_path / "sites", lastmod)
    pages3, summary3, requested3 = _crawl(tmp_path, "c3", tmp_path / "bronze" / "c2")
    assert _detail_paths(requested3) == [f"/{HOST}/news/beta/"]
    assert summary3["kept_by_sitemap"] == 4
    changed = pages3[f"https://{HOST}/news/beta/"]
    assert not changed["not_modified"] and b"updated" in changed["html"]


def test_a_missing_sitemap_is_a_warning_and_every_page_is_revalidated(tmp_path: Path) -> None:
    _write_site(tmp_path / "sites", {}, sitemap=False)
    _sources(tmp_path, sitemap_path="/no-sitemap.xml")
    _crawl(tmp_path, "c1", None)
    _, summary, requested = _crawl(tmp_path, "c2", tmp_path / "bronze" / "c1")
    # Without the sitemap the listing still finds its 4 pages, each asked for (304).
    assert len(_detail_paths(requested)) == 4 and summary["kept_by_sitemap"] == 0
    assert summary["not_modified"] == 5  # the listing and the 4 pages
    issues = pq.read_table(tmp_path / "bronze" / "c2" / "issues.parquet").to_pylist()
    assert any(
        i["level"] == "warning" and "no-sitemap.xml" in i["url"] and "404" in i["message"]
        for i in issues
    )


def test_lastmod_forms() -> None:
    assert parse_lastmod("2026-11-25T10:00:00Z") == datetime(2026, 11, 25, 10, tzinfo=UTC)
    # A bare date is the end of that day: a page changed on the day it was fetched is asked for.
    assert parse_lastmod("2026-11-25") == datetime(2026, 11, 26, tzinfo=UTC)
    assert parse_lastmod("2026-11-25T10:00:00") == datetime(2026, 11, 25, 10, tzinfo=UTC)
    assert parse_lastmod("yesterday") is None and parse_lastmod("") is None
