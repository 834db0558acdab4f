"""Synthetic data built from the seed pages: a large portal to crawl, and many records.

The seed texts are the five built-in portals' detail pages (hu, sk, pl, bg, ro), extracted
with their own selectors, so the synthetic data has real text in real languages and scripts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from spiders.snapshot_server import SNAPSHOT_SITES
from spiders.sources import load_sources
from transforms.encoding import decode_page
from transforms.extract import extract_page

# Each language's pages are served in an encoding its portals use, declared in <meta>.
ENCODINGS = {
    "hu": "iso-8859-2",
    "sk": "windows-1250",
    "pl": "utf-8",
    "bg": "windows-1251",
    "ro": "utf-8",
}
BENCH_HOST = "portal.bench.test"


@dataclass(frozen=True)
class Seed:
    source_id: str
    lang: str
    title: str
    paragraphs: tuple[str, ...]


def seeds() -> list[Seed]:
    """Title and paragraphs of each built-in portal's detail page."""
    found = []
    for source in load_sources().values():
        host_dir = next(
            SNAPSHOT_SITES / d for d in source.allowed_domains if (SNAPSHOT_SITES / d).exists()
        )
        for path in sorted(p for p in host_dir.rglob("*") if p.is_file()):
            relative = path.relative_to(SNAPSHOT_SITES).as_posix().removesuffix("index.html")
            urls = {f"https://{relative}", f"https://{relative}".rstrip("/")}
            if not any(re.search(p, url) for p in source.detail for url in urls):
                continue
            page = extract_page(
                decode_page(path.read_bytes(), "text/html", source.languages).text,
                source.selectors.title,
                source.selectors.body,
            )
            if page.title and page.body:
                found.append(
                    Seed(
                        source.name, source.languages[0], page.title, tuple(page.body.splitlines())
                    )
                )
                break
    return found


def write_portal(root: Path, pages: int, per_listing: int = 50) -> dict[str, object]:
    """A portal of ``pages`` detail pages under ``root/<BENCH_HOST>/``; returns its source YAML.

    Detail page i uses seed i % 5 (a rotating paragraph window, so pages differ), in that
    language's encoding; listings link 50 pages each, the front page links the listings.
    ``sitemap.xml`` lists every detail page with its ``<lastmod>``, as CMSs publish it.
    """
    texts = seeds()
    site = root / BENCH_HOST
    listings = (pages + per_listing - 1) // per_listing
    (site / "list").mkdir(parents=True, exist_ok=True)
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    links = "".join(f'<li><a href="/list/{n}.html">Page {n}</a></li>' for n in range(listings))
    (site / "index.html").write_text(_page("en", "utf-8", "Projects", f"<ul>{links}</ul>"))
    for n in range(listings):
        items = "".join(
            f'<li><a href="/p/{i}/">Project {i}</a></li>'
            for i in range(n * per_listing, min(pages, (n + 1) * per_listing))
        )
        (site / "list" / f"{n}.html").write_text(
            _page("en", "utf-8", f"Projects {n}", f"<ul>{items}</ul>")
        )
    for i in range(pages):
        seed = texts[i % len(texts)]
        start = (i // len(texts)) % max(1, len(seed.paragraphs) - 3)
        paragraphs = seed.paragraphs[start : start + 4] or seed.paragraphs
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        article = (
            f'<article><h1 class="entry-title">{html.escape(seed.title)} {i}</h1>'
            f'<div class="entry-content">{body}</div></article>'
        )
        encoding = ENCODINGS.get(seed.lang, "utf-8")
        folder = site / "p" / str(i)
        folder.mkdir(parents=True, exist_ok=True)
        text = _page(seed.lang, encoding, f"{seed.title} {i}", article)
        (folder / "index.html").write_bytes(text.encode(encoding, errors="xmlcharrefreplace"))
    write_sitemap(root, dict.fromkeys(range(pages), utc_seconds()))
    return {
        "publisher": "Benchmark portal",
        "country": "EU",
        "languages": sorted({seed.lang for seed in texts}),
        "start_urls": [f"https://{BENCH_HOST}/"],
        "allowed_domains": [BENCH_HOST],
        "follow": [rf"^https://{BENCH_HOST.replace('.', '[.]')}/(list/\d+\.html)?$"],
        "detail": [rf"^https://{BENCH_HOST.replace('.', '[.]')}/p/\d+/$"],
        "sitemaps": [f"https://{BENCH_HOST}/sitemap.xml"],
        "selectors": {"title": "article h1.entry-title", "body": "article .entry-content"},
        "expected_min": 1,
        "expected_max": pages * 2,
        "download_delay": 0,
        "concurrency": 16,
    }


def utc_seconds() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_sitemap(root: Path, lastmod: dict[int, str]) -> None:
    """The portal's sitemap: detail page number -> its ``<lastmod>``."""
    entries = "".join(
        f"<url><loc>https://{BENCH_HOST}/p/{i}/</loc><lastmod>{date}</lastmod></url>"
        for i, date in sorted(lastmod.items())
    )
    (root / BENCH_HOST / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n'
    )


def read_sitemap(root: Path) -> dict[int, str]:
    text = (root / BENCH_HOST / "sitemap.xml").read_text()
    return {
        int(number): date
        for number, date in re.findall(r"/p/(\d+)/</loc><lastmod>([^<]+)</lastmod>", text)
    }


def _page(lang: str, encoding: str, title: str, main: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{encoding}">'
        f"<title>{html.escape(title)}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/list/0.html">Projects</a></nav>'
        f"<main>{main}</main><footer>Benchmark portal, 127.0.0.1 only</footer></body></html>"
    )
