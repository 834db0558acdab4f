"""Structured sources: ``kind: wordpress`` (REST API), ``kind: csv`` and ``kind: json``.

Real Scrapy crawls over HTTP against the snapshot server, then the silver record builder:
the records must carry what the API answers and exports say (titles, bodies, dates, URLs).
"""

from __future__ import annotations

import csv
import html
import json
import re
import urllib.request
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pyarrow.parquet as pq
import pytest

from pipelines.silver import source_context
from spiders.crawl import CrawlSummary, run_crawl
from spiders.snapshot_server import SNAPSHOT_SITES, SnapshotServer
from spiders.sources import SourceError, load_source_file, load_sources
from transforms.records import build_records

WP_API = SNAPSHOT_SITES / "social-innovations.club" / "wp-json" / "wp" / "v2"
KOHESIO = SNAPSHOT_SITES / "kohesio.ec.europa.eu" / "exports"


def _crawl(
    name: str, out: Path, root: Path = SNAPSHOT_SITES, sources: tuple[Path, ...] = ()
) -> CrawlSummary:
    with SnapshotServer(root=root) as server:
        return run_crawl(
            name, out, snapshot_url=server.url, contact="t@example.org", sources_path=sources
        )


def _pages(out: Path) -> list[dict[str, Any]]:
    return pq.read_table(out / "pages.parquet").to_pylist()


def _issues(out: Path) -> list[dict[str, Any]]:
    return pq.read_table(out / "issues.parquet").to_pylist()


def _records(name: str, out: Path, sources: tuple[Path, ...] = ()) -> dict[str, dict[str, Any]]:
    source = load_sources(sources)[name]
    build = build_records(_pages(out), source_context(source), {})
    assert not [p for p in build.problems if p.level == "error"], build.problems
    return {record["url"]: record for record in build.records}


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as exc:
        return exc.code, dict(exc.headers), b""


def test_snapshot_server_sends_api_answers_as_json_with_their_headers() -> None:
    with SnapshotServer() as server:
        base = f"{server.url}/social-innovations.club/wp-json/wp/v2/posts"
        status, headers, body = _get(f"{base}?page=2&per_page=10&_embed=1")
        assert status == 200
        assert headers["Content-Type"].startswith("application/json")
        assert headers["X-WP-TotalPages"] == "2" and headers["X-WP-Total"] == "13"
        assert 'rel="prev"' in headers["Link"]
        assert len(json.loads(body)) == 3
        # The bare collection answers too (the health check asks for the start URLs).
        assert _get(base)[0] == 200
        # Sidecars are part of an answer, never an answer.
        assert _get(f"{base}.headers")[0] == 404
        status, headers, _ = _get(
            f"{server.url}/kohesio.ec.europa.eu/exports/"
            "projects-social-innovation-esf-2014-2020.csv"
        )
        assert status == 200 and headers["Content-Type"].startswith("text/csv")


def test_wordpress_source_reads_posts_and_pages_with_pagination_and_embed(
    tmp_path: Path,
) -> None:
    out = tmp_path / "wp"
    summary = _crawl("bg_social_innovations_club", out)
    answers = sorted(WP_API.glob("*@*_embed=1"))
    assert len(answers) == 3  # posts pages 1 and 2, pages page 1
    items = [item for answer in answers for item in json.loads(answer.read_text())]
    kept = [item for item in items if not item["link"].endswith("/kontakti/")]
    assert summary.detail_pages == len(kept) == 16
    assert summary.raw["requests"] == 4  # robots.txt and the three answers: nothing else
    pages = _pages(out)
    assert {page["requested_url"].split("?")[1] for page in pages} == {
        "page=1&per_page=10&_embed=1",
        "page=2&per_page=10&_embed=1",
    }
    # The contact page is an entry of the API but matches `skip`: logged, not kept.
    assert [(i["level"], "kontakti" in i["message"]) for i in _issues(out)] == [("info", True)]

    records = _records("bg_social_innovations_club", out)
    assert set(records) == {item["link"] for item in kept}
    for item in kept:
        record = records[item["link"]]
        assert record["title"] == _plain(item["title"]["rendered"])
        assert _plain(item["content"]["rendered"])[:200] in " ".join(record["body"].split())
        assert record["published_at"] == item["date"][:10]
        assert record["source_id"] == "bg_social_innovations_club"
    assert {records[item["link"]]["language"] for item in kept} == {"bg", "en"}

    # _embed: author, featured image and terms are in the bronze page, outside the body.
    seminar = next(p for p in pages if p["url"].endswith("/blagoevgrad-design-seminar-2023/"))
    page = seminar["html"].decode()
    assert 'class="sih-author">Асоциация за развитие на София<' in page
    assert "/wp-content/uploads/2023/02/blagoevgrad-seminar.jpg" in page
    assert "<li>Събития</li>" in page and "<li>SI PLUS</li>" in page
    record = records[seminar["url"]]
    assert "blagoevgrad-seminar.jpg" not in record["body"] and "Събития" not in record["body"]
    # The raw entry is kept verbatim in bronze.
    raw = re.search(r'<script type="application/json" id="sih-entry">(.*?)</script>', page, re.S)
    assert raw is not None and json.loads(raw.group(1).replace("<\\/", "</"))["id"] == 498


def _wp_site(root: Path, per_page: int, items: int, header: bool) -> None:
    api = root / "wp.example" / "wp-json" / "wp" / "v2"
    api.mkdir(parents=True)
    posts = [
        {
            "id": n,
            "date": f"2024-03-{n:02d}T10:00:00",
            "link": f"https://wp.example/post-{n}/",
            "title": {"rendered": f"Pilot number {n} &#8211; a new service"},
            "content": {"rendered": f"<p>The pilot {n} tests a new social service in town.</p>"},
        }
        for n in range(1, items + 1)
    ]
    pages = -(-items // per_page)
    for page in range(1, pages + 1):
        name = f"posts@page={page}&per_page={per_page}&_embed=1"
        chunk = posts[(page - 1) * per_page : page * per_page]
        (api / name).write_text(json.dumps(chunk))
        if header:
            (api / f"{name}.headers").write_text(f"X-WP-TotalPages: {pages}\n")
    (api / "pages@page=1&per_page=2&_embed=1").write_text("[]")


def _wp_yaml(folder: Path, per_page: int) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "xx_wp.yml").write_text(
        "publisher: WP\ncountry: AT\nlanguages: [en]\nkind: wordpress\n"
        "start_urls: [https://wp.example/wp-json/wp/v2/posts, "
        "https://wp.example/wp-json/wp/v2/pages]\n"
        f"allowed_domains: [wp.example]\nwordpress: {{per_page: {per_page}}}\n"
    )


@pytest.mark.parametrize("header", [True, False], ids=["X-WP-TotalPages", "no header"])
def test_wordpress_pages_through_with_or_without_the_total_pages_header(
    tmp_path: Path, header: bool
) -> None:
    _wp_site(tmp_path / "sites", per_page=2, items=5, header=header)
    _wp_yaml(tmp_path / "sources", per_page=2)
    out = tmp_path / "out"
    sources = (tmp_path / "sources",)
    summary = _crawl("xx_wp", out, root=tmp_path / "sites", sources=sources)
    assert summary.detail_pages == 5
    assert not [i for i in _issues(out) if i["level"] != "info"]
    records = _records("xx_wp", out, sources)
    assert records["https://wp.example/post-3/"]["title"] == "Pilot number 3 – a new service"
    assert records["https://wp.example/post-5/"]["published_at"] == "2024-03-05"

    # A re-crawl renders unchanged entries to unchanged pages and keeps their first_seen.
    if header:
        with SnapshotServer(root=tmp_path / "sites") as server:
            run_crawl(
                "xx_wp",
                tmp_path / "again",
                snapshot_url=server.url,
                contact="t@example.org",
                sources_path=sources,
                previous_crawl=out,
            )
        before = {p["url"]: p for p in _pages(out)}
        for page in _pages(tmp_path / "again"):
            assert page["first_seen"] == before[page["url"]]["first_seen"]
            assert page["content_hash"] == before[page["url"]]["content_hash"]


def test_csv_export_maps_the_yaml_fields(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    summary = _crawl("eu_kohesio_si", out)
    assert summary.issues == 0
    path = KOHESIO / "projects-social-innovation-esf-2014-2020.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    records = _records("eu_kohesio_si", out)
    assert len(records) == len(rows) >= 10
    for row in rows:
        record = records[row["Project URL"]]
        assert record["title"] == row["Project name"]
        assert row["Summary"] in record["body"]
        assert (record["start_date"], record["end_date"]) == (row["Start date"], row["End date"])
        assert record["language"] == row["Original language"]
        assert record["html_lang"] == row["Original language"]
        assert record["funding_programmes"] == ["ESF"]
        for name in row["Beneficiary"].split(";"):
            assert name.strip() in record["organisations"]
    assert {r["language"] for r in records.values()} >= {"sk", "pl", "hu", "bg", "ro", "it"}
    sk = records["https://kohesio.ec.europa.eu/en/projects/Q2874411"]
    assert sk["countries"] == ["SK"] and sk["record_type"] == "project"


def test_json_export_maps_nested_keys_from_the_yaml(tmp_path: Path) -> None:
    out = tmp_path / "json"
    summary = _crawl("eu_kohesio_esf_plus", out)
    assert summary.issues == 0
    path = KOHESIO / "projects-social-innovation-esf-plus-2021-2027.json"
    projects = json.loads(path.read_text(encoding="utf-8"))["projects"]
    records = _records("eu_kohesio_esf_plus", out)
    assert len(records) == len(projects) >= 5
    for project in projects:
        record = records[project["url"]]
        assert record["title"] == project["title"]
        assert project["summary"] in record["body"]
        assert record["start_date"] == project["startDate"]
        assert record["end_date"] == project["endDate"]
        assert record["funding_programmes"] == ["ESF+"]
        assert [b["name"] for b in project["beneficiaries"]] == record["organisations"][
            : len(project["beneficiaries"])
        ]
    assert records["https://kohesio.ec.europa.eu/en/projects/Q5001203"]["countries"] == ["DE"]


EXPORT_YAML = """publisher: Export
country: EU
languages: [en]
kind: {kind}
start_urls: [https://data.example/{file}]
allowed_domains: [data.example]
fields: {{title: Name, url: Link, summary: Text, start: From, end: To, organisations: Who}}
"""

BAD_CSV = """Name,Link,Text,From,To,Who
Good project,https://data.example/p/1,A pilot for jobseekers.,2022-01-01,2023-12,Org A; Org B
,https://data.example/p/2,A row without a name.,2022-01-01,2023-12-31,Org C
No link,,A row without a link.,2022-01-01,2023-12-31,Org D
Relative link,/p/4,A row with a relative link.,2022-01-01,2023-12-31,Org E
Too many cells,https://data.example/p/5,Text,2022-01-01,2023-12-31,Org F,surplus
Odd date,https://data.example/p/6,A pilot with a date written by hand.,January 2022,2023-12-31,Org G
Good project again,https://data.example/p/1,The first row's link again.,2022-01-01,2023-12,Org A
"""


def test_bad_rows_are_issues_naming_the_export_and_row_not_a_crash(tmp_path: Path) -> None:
    sites, sources = tmp_path / "sites", tmp_path / "sources"
    (sites / "data.example").mkdir(parents=True)
    sources.mkdir()
    (sites / "data.example" / "projects.csv").write_text(BAD_CSV)
    (sources / "xx_csv.yml").write_text(EXPORT_YAML.format(kind="csv", file="projects.csv"))
    (sites / "data.example" / "projects.json").write_text(
        json.dumps(
            [
                {"Name": "Kept", "Link": "https://data.example/j/1", "Text": "A good one."},
                "not an object",
                {"Name": "No text", "Link": "https://data.example/j/3"},
            ]
        )
    )
    (sources / "xx_json.yml").write_text(EXPORT_YAML.format(kind="json", file="projects.json"))

    out = tmp_path / "csv"
    summary = _crawl("xx_csv", out, root=sites, sources=(sources,))
    assert summary.raw["status"] == "ok"
    assert {p["url"] for p in _pages(out)} == {
        "https://data.example/p/1",
        "https://data.example/p/6",
    }
    issues = {(i["level"], i["message"].split(":")[0]) for i in _issues(out)}
    assert issues == {
        ("error", "row 2"),  # no name
        ("error", "row 3"),  # no link
        ("error", "row 4"),  # relative link
        ("error", "row 5"),  # more cells than columns
        ("warning", "row 6"),  # a date that is not ISO: kept without it
        ("warning", "row 7"),  # the same link twice
    }
    assert all(i["url"] == "https://data.example/projects.csv" for i in _issues(out))
    records = _records("xx_csv", out, (sources,))
    assert records["https://data.example/p/6"]["start_date"] is None
    assert records["https://data.example/p/1"]["organisations"][:2] == ["Org A", "Org B"]

    out = tmp_path / "json"
    _crawl("xx_json", out, root=sites, sources=(sources,))
    assert [p["url"] for p in _pages(out)] == ["https://data.example/j/1"]
    messages = sorted(i["message"] for i in _issues(out))
    assert messages[0].startswith("row 2: not a JSON object")
    assert messages[1].startswith("row 3: no text")


def test_an_export_without_a_mapped_column_is_one_clear_error(tmp_path: Path) -> None:
    sites, sources = tmp_path / "sites", tmp_path / "sources"
    (sites / "data.example").mkdir(parents=True)
    sources.mkdir()
    (sites / "data.example" / "projects.csv").write_text(
        "Name,Address,Text\nA project,https://data.example/p/1,Some text.\n"
    )
    (sources / "xx_csv.yml").write_text(EXPORT_YAML.format(kind="csv", file="projects.csv"))
    out = tmp_path / "out"
    summary = _crawl("xx_csv", out, root=sites, sources=(sources,))
    assert summary.pages == 0
    [issue] = _issues(out)
    assert issue["level"] == "error" and "'Link'" in issue["message"]
    assert issue["url"] == "https://data.example/projects.csv"


WP_GOOD = """publisher: WP
country: BG
languages: [bg]
kind: wordpress
start_urls: [https://wp.example/wp-json/wp/v2/posts]
allowed_domains: [wp.example]
"""
CSV_GOOD = EXPORT_YAML.format(kind="csv", file="x.csv")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (WP_GOOD.replace("/wp-json/wp/v2/posts", "/"), "start_urls"),
        (WP_GOOD + "detail: ['^https://wp\\.example/']\n", "detail"),
        (WP_GOOD + "selectors: {title: h1}\n", "selectors"),
        (WP_GOOD + "fields: {title: t, url: u, body: b}\n", "fields"),
        (WP_GOOD + "wordpress: {per_page: 500}\n", "wordpress.per_page"),
        (CSV_GOOD.replace("title: Name, ", ""), "fields.title"),
        (CSV_GOOD.replace("url: Link, ", ""), "fields.url"),
        (re.sub(r"fields: .*\n", "", CSV_GOOD), "fields.title"),
        (CSV_GOOD.replace("title: Name", "headline: Name"), "fields"),
        (CSV_GOOD.replace("kind: csv", "kind: json") + "export: {delimiter: ';'}\n", "export"),
        (CSV_GOOD.replace("kind: csv", "kind: html"), "detail"),
        (CSV_GOOD.replace("kind: csv", "kind: xml"), "kind"),
    ],
)
def test_yaml_validation_names_the_file_and_the_field(
    tmp_path: Path, text: str, field: str
) -> None:
    path = tmp_path / "xx_source.yml"
    path.write_text(text)
    with pytest.raises(SourceError) as err:
        load_source_file(path)
    assert str(path) in str(err.value)
    assert f"field '{field}" in str(err.value)


def test_structured_sources_use_the_rendered_layout() -> None:
    sources = load_sources()
    kinds = {name: source.kind for name, source in sources.items() if source.kind != "html"}
    assert kinds == {
        "bg_social_innovations_club": "wordpress",
        "eu_kohesio_si": "csv",
        "eu_kohesio_esf_plus": "json",
    }
    for name in kinds:
        assert sources[name].selectors.body == "article.sih-entry div.sih-body"
