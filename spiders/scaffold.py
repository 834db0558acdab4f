"""``siharvest new-source``: the files a steward needs to add a portal.

Writes the source YAML (the generic spider runs it: no Python is needed for a new portal),
a saved copy of the page under ``tests/fixtures/<source>/`` and a test that fails until the
steward fills in what the page should yield.
"""

from __future__ import annotations

import re
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from spiders.sources import SOURCE_NAME, SourceError, load_source_file
from transforms.encoding import decode_page
from transforms.extract import extract_page
from transforms.language import detect_language

TEST_TEMPLATE = '''"""Saved-page test for {name}: fill in EXPECTED, then make it pass."""

from pathlib import Path

from spiders.sources import load_source_file
from transforms.encoding import decode_page
from transforms.extract import extract_page

HERE = Path(__file__).parent
SOURCE = load_source_file(Path({yaml_path!r}))
PAGE = HERE / "fixtures" / "{name}" / "{page_name}"

# What the saved page must yield. Fill these in by reading the page in a browser.
EXPECTED = {{
    "title": "",
    "phrase_in_body": "",
    "menu_or_footer_text_not_in_body": "",
}}


def test_{name}_saved_page() -> None:
    assert all(EXPECTED.values()), "fill in EXPECTED in " + __file__
    html = decode_page(PAGE.read_bytes(), languages=SOURCE.languages).text
    s = SOURCE.selectors
    page = extract_page(html, s.title, s.body, s.date, tuple(s.drop), s.organisations)
    assert page.title == EXPECTED["title"]
    assert EXPECTED["phrase_in_body"] in page.body
    assert EXPECTED["menu_or_footer_text_not_in_body"] not in page.body
'''


@dataclass(frozen=True)
class Scaffold:
    yaml_path: Path
    page_path: Path
    test_path: Path
    language: str | None


def fetch(url: str, contact: str) -> tuple[bytes, str]:
    request = urllib.request.Request(
        url, headers={"User-Agent": f"si-harvest/0.1.0 (new-source scaffold; {contact})"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), response.headers.get("Content-Type", "")


def new_source(name: str, url: str, sources_dir: Path, tests_dir: Path, contact: str) -> Scaffold:
    if not SOURCE_NAME.match(name):
        raise SourceError(f"{name}: a source name looks like <cc>_<portal>, e.g. at_sozialinfo")
    yaml_path = sources_dir / f"{name}.yml"
    if yaml_path.exists():
        raise SourceError(f"{yaml_path}: already exists; not overwritten")
    body, content_type = fetch(url, contact)
    page = extract_page(decode_page(body, content_type).text)
    language = page.html_lang or detect_language(page.body).lang
    parts = urlsplit(url)
    host = parts.hostname or ""
    section = "/".join(p for p in parts.path.split("/")[:2] if p)
    section_re = re.escape(f"{parts.scheme}://{parts.netloc}/{section}".rstrip("/"))
    country = name[:2].upper()
    yaml_path.parent.mkdir(parents=True, exist_ok=True)
    yaml_path.write_text(
        f"# Scaffolded by `siharvest new-source` from {url}: check every field.\n"
        f"publisher: {host}\n"
        f"country: {'EU' if country == 'EU' else country}\n"
        f"languages: [{language or 'en'}]\n"
        f"start_urls:\n  - {url}\n"
        f"allowed_domains: [{host}]\n"
        f"follow:\n  - '^{re.escape(url)}$'\n"
        f"detail:\n  - '^{section_re}/.+'\n"
        "# Without selectors the generic rules (trafilatura) find the main text.\n"
        "selectors: {}\n"
        "expected_min: 1\n"
    )
    load_source_file(yaml_path)  # what was written must be a valid source
    page_name = (parts.path.strip("/").replace("/", "_") or "index") + ".html"
    page_path = tests_dir / "fixtures" / name / page_name
    page_path.parent.mkdir(parents=True, exist_ok=True)
    page_path.write_bytes(body)
    test_path = tests_dir / f"test_source_{name}.py"
    test_path.write_text(
        TEST_TEMPLATE.format(name=name, yaml_path=str(yaml_path.resolve()), page_name=page_name)
    )
    return Scaffold(yaml_path, page_path, test_path, language)
