"""The release site in a real browser: Debian's chromium, driven by Playwright, reads a small
release's Parquet through ``siharvest serve`` and must agree with DuckDB on the same files.

The release is built from a warehouse made here: 3 portals in 3 languages plus English pages,
one initiative described in Hungarian, Slovak and Bulgarian (linked, with its evidence and
consortium), a record whose text carries a script and an HTML image tag, and one whose URL is
a javascript: URL. Screenshots go to the test's folder, and to $SIH_SCREENSHOT_DIR when set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from playwright.sync_api import Page, sync_playwright

from transforms.schema import (
    INITIATIVE_SCHEMA,
    LINK_SCHEMA,
    RECORD_FIELDS,
    RECORD_SCHEMA,
    arrow_schema,
)
from warehouse.lake import write_parquet_atomic
from warehouse.organisation_schema import INITIATIVE_ORGANISATION_FIELDS, ORGANISATION_FIELDS
from warehouse.release import publish_release
from warehouse.release_site import site_bundle
from warehouse.store import load_warehouse

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
INITIATIVE = "ini_siplus000001"
SCRIPT_RECORD = "rec_script_0001"
TRANSLATED = "rec_hu_0000"

# Per language: portal, country, a title and a body in its words (written for this test).
PORTALS = {
    "hu": ("hu_szocinno", "HU", "Szociális innováció a helyi közösségekben",
           "A program a hátrányos helyzetű települések foglalkoztatási esélyeit javítja.\n"
           "Mentorok segítik a fiatal álláskeresőket és a tartósan munkanélkülieket."),
    "sk": ("sk_inovacie", "SK", "Sociálne inovácie pre komunity",
           "Projekt podporuje zamestnanosť mladých ľudí v regiónoch.\n"
           "Kompetenčné centrum pomáha obciam s prípravou sociálnych služieb."),
    "bg": ("bg_klub", "BG", "Социални иновации в общините",
           "Проектът подкрепя заетостта на младите хора и уязвимите групи.\n"
           "Клубът организира срещи между общини, бизнес и неправителствени организации."),
    "en": ("eu_portal", "EU", "Social innovation in local communities",
           "The call funds mentoring for young jobseekers and Roma communities.\n"
           "Partners share methods across borders in a community of practice."),
}  # fmt: skip
AREAS = ["employment_access", "active_inclusion", "marginalised_communities"]
GROUPS = ["young_people", "long_term_unemployed", "roma"]
PROGRAMMES = [["ESF+"], ["EaSI"], ["ESF+", "Interreg"], []]
TYPES = ["project", "news", "event", "page"]


def _record(i: int, lang: str) -> dict[str, Any]:
    source, country, title, body = PORTALS[lang]
    row: dict[str, Any] = {f.name: None for f in RECORD_FIELDS}
    year = 2019 + i % 6
    row |= {
        "record_id": f"rec_{lang}_{i:04d}",
        "source_id": source,
        "url": f"https://{source.split('_')[1]}.example.{country.lower()}/p/{i}/",
        "record_type": TYPES[i % 4],
        "source_country": country,
        "crawl_id": "20261120T080000Z",
        "fetched_at": "2026-11-20T08:00:00+00:00",
        "first_seen": "2026-11-20T08:00:00+00:00",
        "last_seen": "2026-11-20T08:00:00+00:00",
        "content_hash": f"{i:064x}",
        "title": f"{title} {i}",
        "title_lang": lang,
        "body": body if i % 3 else body.split("\n")[0],
        "body_lang": lang,
        "language": lang,
        "translation_status": "source_is_english" if lang == "en" else "no_model",
        "countries": sorted({country, ["AT", "HU", "SK", "BG"][i % 4]} - {"EU"}),
        "funding_programmes": PROGRAMMES[i % 4],
        "policy_areas": [AREAS[i % 3]] if i % 2 else [AREAS[i % 3], AREAS[(i + 1) % 3]],
        "target_groups": [GROUPS[i % 3]] if i % 4 else [],
        "start_date": f"{year}-0{1 + i % 9}" if i % 5 else None,
        "end_date": f"{year + 2}-12" if i % 5 and i % 7 else None,
        "published_at": f"2026-0{1 + i % 9}-1{i % 10}",
        "completeness": round(0.4 + (i % 6) / 10, 2),
        "field_provenance": json.dumps({"countries": {country: "named in the text"}}),
    }
    return row


def _records() -> list[dict[str, Any]]:
    rows = [_record(i, lang) for lang in PORTALS for i in range(12)]
    hu = next(r for r in rows if r["record_id"] == TRANSLATED)
    # A translated record: English title and body, the original kept beside them.
    hu |= {
        "title_en": "Social innovation in local communities (translated)",
        "body_en": "The programme improves the job prospects of disadvantaged villages.",
        "translation_status": "translated",
        "translation_model": "tiny-hu-en@0.0.1",
    }
    for lang in ("hu", "sk", "bg"):
        member = next(r for r in rows if r["record_id"] == f"rec_{lang}_0001")
        member |= {"initiative_id": INITIATIVE, "title": member["title"] + " (SI PLUS)",
                   "organisations": ["Sofia Development Association", "IFKA"],
                   "organisation_roles": ["partner", "lead"],
                   "organisation_countries": ["BG", "HU"]}  # fmt: skip
    script = _record(99, "en") | {
        "record_id": SCRIPT_RECORD,
        "title": 'Open day <img src=x onerror="window.__pwned=2">',
        "body": "Register here <script>window.__pwned = 1; alert('pwned')</script> before May.",
        "url": "javascript:alert('pwned')",
        "safety_flags": ["body:script", "body:markup", "url:javascript"],
    }
    return [*rows, script]


@dataclass
class Release:
    root: Path  # SIH_DATA_DIR
    folder: Path  # releases/<version>
    records: Path
    url: str = ""
    shots: Path = field(default_factory=Path)


def _write_gold(tmp: Path) -> dict[str, Path]:
    ids = ["rec_bg_0001", "rec_hu_0001", "rec_sk_0001"]
    initiative = {
        "initiative_id": INITIATIVE, "title": "SI PLUS: social innovation competence centres",
        "acronym": "SIPLUS", "countries": ["BG", "HU", "SK"], "funding_programmes": ["EaSI"],
        "start_date": "2021-05", "end_date": "2023-04",
        "organisations": ["Sofia Development Association", "IFKA"], "record_ids": ids,
        "sources": ["bg_klub", "hu_szocinno", "sk_inovacie"], "languages": ["bg", "hu", "sk"],
        "field_provenance": '{"acronym": {"SIPLUS": ["rec_hu_0001", "rec_sk_0001"]}}',
    }  # fmt: skip
    links = [
        {"record_a": "rec_bg_0001", "record_b": "rec_hu_0001", "score": 0.9,
         "evidence": ["acronym: SIPLUS", "period: 2021-05/2023-04"], "against": []},
        {"record_a": "rec_hu_0001", "record_b": "rec_sk_0001", "score": 0.7,
         "evidence": ["acronym: SIPLUS"], "against": ["organisations: no shared partner"]},
    ]  # fmt: skip
    organisations = [
        {"org_id": "org_sofiada0001", "key": "sofia development association",
         "display_name": "Sofia Development Association",
         "names": [{"name": "Асоциация за развитие на София", "lang": "bg", "script": "Cyrl"}],
         "keys": ["sofia development association"], "acronym": None, "country": "BG",
         "legal_form": None, "type": "ngo", "record_ids": ids,
         "initiatives": [{"initiative_id": INITIATIVE, "role": "partner"}], "record_count": 3},
        {"org_id": "org_ifka000001", "key": "ifka", "display_name": "IFKA",
         "names": [{"name": "IFKA Közhasznú Nonprofit Kft.", "lang": "hu", "script": "Latn"}],
         "keys": ["ifka"], "acronym": "IFKA", "country": "HU", "legal_form": "Kft.",
         "type": "ngo", "record_ids": ids,
         "initiatives": [{"initiative_id": INITIATIVE, "role": "lead"}], "record_count": 3},
    ]  # fmt: skip
    roles = [
        {"initiative_id": INITIATIVE, "org_id": "org_ifka000001", "role": "lead",
         "evidence": ["selector on rec_hu_0001 (lead)"]},
        {"initiative_id": INITIATIVE, "org_id": "org_sofiada0001", "role": "partner",
         "evidence": ["selector on rec_bg_0001 (partner)", "text: known name on rec_sk_0001"]},
    ]  # fmt: skip
    paths = {name: tmp / f"{name}.parquet" for name in
             ("initiatives", "links", "organisations", "initiative_organisations")}  # fmt: skip
    pq.write_table(pa.Table.from_pylist([initiative], INITIATIVE_SCHEMA), paths["initiatives"])
    pq.write_table(pa.Table.from_pylist(links, LINK_SCHEMA), paths["links"])
    pq.write_table(
        pa.Table.from_pylist(organisations, arrow_schema(ORGANISATION_FIELDS)),
        paths["organisations"],
    )
    pq.write_table(
        pa.Table.from_pylist(roles, arrow_schema(INITIATIVE_ORGANISATION_FIELDS)),
        paths["initiative_organisations"],
    )
    return paths


def _write_issues(path: Path) -> Path:
    issues = [
        {"source_id": "bg_klub", "crawl_id": "20261120T080000Z", "level": "error",
         "timestamp": "2026-11-20T08:00:05+00:00", "url": "https://klub.example.bg/list/?page=9",
         "message": "HTTP 404 (the page could not be fetched)"},
        {"source_id": "bg_klub", "crawl_id": "20261120T080000Z", "level": "warning",
         "timestamp": "2026-11-20T08:00:06+00:00", "url": "javascript:void(0)",
         "message": "detail page without a date <b>bold</b>"},
    ]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(issues), path)
    return path


def _serve(root: Path) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, SIH_DATA_DIR=str(root))
    server = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "serve", "--port", "0"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    line = server.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/\S+", line)
    if not found:
        server.kill()
        raise AssertionError(f"siharvest serve printed no URL: {line!r}")
    return server, found.group(0)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Release]:
    assert site_bundle() is not None, "the release site is not built: run `make site`"
    assert Path(CHROMIUM).exists(), "chromium is missing: `make test` installs it (apt-get)"
    root = tmp_path_factory.mktemp("site")
    records = root / "records.parquet"
    write_parquet_atomic(pa.Table.from_pylist(_records(), schema=RECORD_SCHEMA), records)
    db = root / "warehouse.duckdb"
    load_warehouse(db, [records], [_write_issues(root / "issues.parquet")], _write_gold(root))
    releases = root / "releases"
    publish_release(db, releases, "2026.11.19-080000")  # the history chart has two releases
    folder = publish_release(db, releases, "2026.11.20-080000")
    server, url = _serve(root)
    try:
        yield Release(root, folder, folder / "records.parquet", url, root)
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass
class Browser:
    page: Page
    problems: list[str]
    dialogs: list[str]


@pytest.fixture(scope="module")
def browser(release: Release) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        dialogs: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        yield Browser(page, problems, dialogs)
        chromium.close()


def _open(b: Browser, url: str) -> Page:
    b.page.goto(url)
    b.page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    return b.page


def _count(page: Page) -> int:
    return int(page.get_attribute("#result-count", "data-count") or -1)


def _until(page: Page, expression: str, timeout_s: float = 10) -> None:
    """Poll a JS expression: the site's CSP forbids eval, which wait_for_function uses."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(50)


def _wait_count(page: Page, expected: int) -> None:
    try:
        _until(page, f"document.querySelector('#result-count')?.dataset.count === '{expected}'")
    except AssertionError:
        raise AssertionError(f"shown {_count(page)} records, expected {expected}") from None


def _screenshot(page: Page, release: Release, name: str) -> None:
    page.screenshot(path=str(release.shots / name), full_page=True)
    if target := os.environ.get("SIH_SCREENSHOT_DIR"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(release.shots / name, Path(target) / name)


def _duckdb_count(release: Release, where: str, params: list[Any]) -> int:
    with duckdb.connect() as con:
        row = con.execute(
            f"SELECT count(*) FROM read_parquet(?) WHERE {where}", [str(release.records), *params]
        ).fetchone()
    return int(row[0]) if row else -1


HAYSTACK = "lower(concat_ws(chr(10), title, title_en, body, body_en))"


def test_range_requests_answer_206(release: Release) -> None:
    base = release.url.split("/site/")[0]
    size = release.records.stat().st_size

    def get(path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), b""

    status, headers, body = get("/records.parquet", {"Range": "bytes=0-3"})
    assert (status, headers["Content-Range"], body) == (206, f"bytes 0-3/{size}", b"PAR1")
    status, headers, body = get("/records.parquet", {"Range": "bytes=-4"})
    last = f"bytes {size - 4}-{size - 1}/{size}"
    assert (status, headers["Content-Range"], body) == (206, last, b"PAR1")
    status, headers, body = get("/records.parquet", {"Range": f"bytes={size - 2}-"})
    assert (status, headers["Content-Length"], len(body)) == (206, "2", 2)
    status, headers, _ = get("/records.parquet", {"Range": f"bytes={size}-"})
    assert (status, headers["Content-Range"]) == (416, f"bytes */{size}")
    status, headers, body = get("/records.parquet")
    assert (status, headers["Accept-Ranges"], len(body)) == (200, "bytes", size)
    # Half-written releases and directory listings are not served.
    root = base.rsplit("/", 1)[0]
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(root + "/.LATEST.tmp", timeout=10)
    with pytest.raises(urllib.error.HTTPError, match="404"):
        urllib.request.urlopen(base + "/", timeout=10)
    # "/" leads to the latest release's site.
    with urllib.request.urlopen(root + "/", timeout=10) as response:
        assert response.url == release.url


def test_record_count_equals_the_parquet_and_no_console_errors(
    release: Release, browser: Browser
) -> None:
    page = _open(browser, release.url)
    rows = pq.ParquetFile(release.records).metadata.num_rows
    assert _count(page) == rows == int(page.get_attribute("#result-count", "data-total") or 0)
    assert page.locator("#results > li").count() == 20  # one page in the DOM, not every row
    assert "release 2026.11.20-080000" in page.inner_text("header")
    _screenshot(page, release, "site-browse.png")
    assert browser.problems == []


@pytest.mark.parametrize("words", ["mentor", "sociálne inovácie", "ПРОЕКТЪТ", "script"])
def test_search_counts_match_duckdb(release: Release, browser: Browser, words: str) -> None:
    page = _open(browser, release.url)
    terms = words.lower().split()
    expected = _duckdb_count(
        release, " AND ".join(f"contains({HAYSTACK}, ?)" for _ in terms), terms
    )
    assert expected > 0
    page.fill("#q", words)
    _wait_count(page, expected)
    assert f"q={urllib.parse.quote_plus(words)}" in page.url
    assert browser.problems == []


def test_filters_and_search_match_duckdb_and_survive_a_reload(
    release: Release, browser: Browser
) -> None:
    page = _open(browser, release.url)
    page.select_option("#f-lang", "hu")
    _wait_count(page, _duckdb_count(release, "language = ?", ["hu"]))
    page.select_option("#f-area", "active_inclusion")
    expected = _duckdb_count(
        release, "language = ? AND list_contains(policy_areas, ?)", ["hu", "active_inclusion"]
    )
    _wait_count(page, expected)
    page.fill("#q", "mentor")
    expected = _duckdb_count(
        release,
        f"language = ? AND list_contains(policy_areas, ?) AND contains({HAYSTACK}, ?)",
        ["hu", "active_inclusion", "mentor"],
    )
    _wait_count(page, expected)
    _until(page, "location.search.includes('q=mentor')")
    assert "lang=hu" in page.url and "area=active_inclusion" in page.url
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    _wait_count(page, expected)
    assert page.input_value("#q") == "mentor"
    assert page.input_value("#f-lang") == "hu"
    # Country (the portal's or one the text names), programme and period, as DuckDB says.
    page.goto(release.url + "?country=AT&prog=ESF%2B&from=2021&to=2022")
    page.wait_for_selector("body[data-ready=true]")
    start = "CAST(substr(coalesce(start_date, end_date), 1, 4) AS INT)"
    end = "CAST(substr(coalesce(end_date, start_date), 1, 4) AS INT)"
    expected = _duckdb_count(
        release,
        "(source_country = ? OR list_contains(countries, ?))"
        f" AND list_contains(funding_programmes, ?) AND {start} <= ? AND {end} >= ?",
        ["AT", "AT", "ESF+", 2022, 2021],
    )
    assert expected > 0
    _wait_count(page, expected)
    assert browser.problems == []


def test_sorting_and_paging(release: Release, browser: Browser) -> None:
    page = _open(browser, release.url + "?sort=newest")
    dates = page.locator("#results > li .meta").all_inner_texts()
    assert dates, "no results"
    page.get_by_role("link", name="Next →").click()
    _until(page, "location.search.includes('page=2')")
    assert page.inner_text("#page-of").startswith("Page 2 of")
    with duckdb.connect() as con:
        newest = con.execute(
            "SELECT coalesce(title_en, title) FROM read_parquet(?) ORDER BY "
            "coalesce(published_at, start_date, end_date, '') DESC, record_id LIMIT 1",
            [str(release.records)],
        ).fetchone()
    page.goto(release.url + "?sort=newest")
    page.wait_for_selector("body[data-ready=true]")
    assert newest is not None
    assert page.locator("#results > li .title").first.inner_text() == newest[0]


def test_initiative_page_lists_records_evidence_and_organisations(
    release: Release, browser: Browser
) -> None:
    page = _open(browser, release.url + f"?view=initiative&id={INITIATIVE}")
    page.wait_for_selector("#initiative-records")
    assert page.locator("#initiative-records tbody tr").count() == 3
    text = page.inner_text("main")
    for title in ("Szociális innováció a helyi közösségekben 1 (SI PLUS)",
                  "Sociálne inovácie pre komunity 1 (SI PLUS)",
                  "Социални иновации в общините 1 (SI PLUS)"):  # fmt: skip
        assert title in text
    evidence = page.inner_text("#link-evidence")
    assert "acronym: SIPLUS" in evidence and "organisations: no shared partner" in evidence
    organisations = page.inner_text("#initiative-organisations")
    assert re.search(r"IFKA\s+lead\s+HU", organisations)
    assert re.search(r"Sofia Development Association\s+partner\s+BG", organisations)
    assert "2021-05 – 2023-04" in text and "EaSI" in text
    assert "SIPLUS" in page.inner_text("#initiative-provenance")
    _screenshot(page, release, "site-initiative.png")
    page.get_by_role("link", name="Sofia Development Association").click()
    page.wait_for_selector("#organisation-initiatives")
    assert page.locator("h1").inner_text() == "Sofia Development Association"
    roles = page.inner_text("#organisation-initiatives")
    assert "SI PLUS: social innovation competence centres" in roles and "partner" in roles
    assert "Асоциация за развитие на София" in page.inner_text("main")
    assert browser.problems == []


def test_markup_in_a_record_is_shown_as_text_and_never_runs(
    release: Release, browser: Browser
) -> None:
    page = _open(browser, release.url + f"?view=record&id={SCRIPT_RECORD}")
    page.wait_for_selector("#record-title")
    assert page.inner_text("#record-title") == 'Open day <img src=x onerror="window.__pwned=2">'
    assert "<script>window.__pwned = 1; alert('pwned')</script>" in page.inner_text("main")
    assert page.locator("main script, main img").count() == 0
    assert page.evaluate("window.__pwned") is None
    # A javascript: URL is shown, not linked.
    assert page.locator("main a[href^='javascript']").count() == 0
    assert page.locator("main .unsafe-url").first.inner_text() == "javascript:alert('pwned')"
    # The search result list shows the title as text too.
    page.goto(release.url + "?q=open+day")
    page.wait_for_selector("body[data-ready=true]")
    assert "<img src=x" in page.inner_text("#results")
    assert page.evaluate("window.__pwned") is None
    assert browser.dialogs == []
    assert browser.problems == []


def test_translated_record_shows_the_original_on_demand(release: Release, browser: Browser) -> None:
    page = _open(browser, release.url + f"?view=record&id={TRANSLATED}")
    page.wait_for_selector("#toggle-original")
    assert page.locator("#original").is_hidden()
    assert "job prospects" in page.inner_text("#body-en")
    page.click("#toggle-original")
    page.wait_for_selector("#original", state="visible")
    assert "foglalkoztatási esélyeit" in page.inner_text("#original")
    assert page.get_attribute("#original", "lang") == "hu"
    assert "original=1" in page.url
    assert browser.problems == []


def test_report_draws_every_chart(release: Release, browser: Browser) -> None:
    page = _open(browser, release.url + "?view=report")
    page.wait_for_selector("#chart-country")
    for chart in ("country", "language", "source", "type", "releases", "translation", "fill",
                  "issues", "portals", "languages"):  # fmt: skip
        bars = page.locator(f"#chart-{chart} svg.plot rect").count()
        assert bars > 0, f"chart {chart} has no bars"
    assert page.locator("#chart-releases svg.plot > g").count() == 2  # two releases
    assert "bg_klub" in page.inner_text("#chart-issues")
    _screenshot(page, release, "site-report.png")
    page.goto(release.url + "?view=source&id=bg_klub")
    page.wait_for_selector("#source-issues")
    issues = page.inner_text("#source-issues")
    assert "HTTP 404" in issues and "<b>bold</b>" in issues
    assert page.locator("main a[href^='javascript']").count() == 0
    assert browser.problems == []


def test_keyboard_navigation(release: Release, browser: Browser) -> None:
    page = _open(browser, release.url)
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("SI PLUS")
    _wait_count(page, 3)
    # From the search box, Tab reaches the result links; Enter opens one.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#results')"):
            break
    else:
        raise AssertionError("Tab never reached the results")
    page.keyboard.press("Enter")
    _until(page, "document.body.dataset.view === 'record'")
    assert page.evaluate("document.activeElement.tagName") == "H1"
    page.go_back()
    _until(page, "document.body.dataset.view === 'browse'")
    _wait_count(page, 3)
    # Every form control has a label.
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('input, select')].filter(e => !e.labels.length).length"
    )
    assert unlabelled == 0
    assert browser.problems == []


def test_narrow_screen_has_no_sideways_scrolling(release: Release, browser: Browser) -> None:
    page = browser.page
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        for query in ("", f"?view=initiative&id={INITIATIVE}", "?view=report"):
            _open(browser, release.url + query)
            page.wait_for_timeout(200)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 376, f"{query or 'browse'}: {width}px wide on a 375px screen"
        _screenshot(page, release, "site-narrow.png")
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    assert browser.problems == []


def test_serve_without_a_release_says_so(tmp_path: Path) -> None:
    env = dict(os.environ, SIH_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "serve", "--port", "0"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0 and "siharvest run" in done.stdout + done.stderr


def test_index_lists_each_release_with_its_changes(release: Release) -> None:
    index = json.loads((release.folder.parent / "index.json").read_text())
    assert index["latest"] == release.folder.name
    first, second = index["releases"]
    assert (first["added"], second["added"], second["previous"]) == (49, 0, first["version"])
    assert second["records"] == 49 and second["initiatives"] == 1
