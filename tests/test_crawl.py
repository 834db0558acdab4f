"""Real Scrapy crawls over real HTTP on 127.0.0.1: the built-in snapshot and made-up sites."""

import urllib.error
import urllib.request
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from spiders.crawl import CrawlError, run_crawl
from spiders.snapshot_download import snapshot_url_for
from spiders.snapshot_server import SnapshotServer


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, b"", dict(err.headers)


def test_snapshot_server_mirrors_live_paths() -> None:
    with SnapshotServer() as server:
        assert server.url.startswith("http://127.0.0.1:")
        status, body, headers = _get(f"{server.url}/innowacjespoleczne.pl/aktualnosci/")
        assert status == 200 and b'<html lang="pl-PL">' in body
        assert headers["Content-Type"] == "text/html"
        # Directory without trailing slash is served, not redirected to the loopback host.
        status, _, _ = _get(f"{server.url}/european-social-fund-plus.ec.europa.eu/ro")
        assert status == 200
        assert _get(f"{server.url}/mgfu.hu/robots.txt")[1].startswith(b"User-agent: *")
        assert _get(f"{server.url}/mgfu.hu/no-such-page/")[0] == 404
        assert _get(f"{server.url}/mgfu.hu/../../../etc/passwd")[0] == 404
        etag = _get(f"{server.url}/mgfu.hu/hu/article/international_relations/projects")[2]["ETag"]
        projects = f"{server.url}/mgfu.hu/hu/article/international_relations/projects"
        assert _get(projects, {"If-None-Match": etag})[0] == 304


def test_snapshot_url_mapping() -> None:
    assert (
        snapshot_url_for("https://www.efs.gov.pl/a/b/?page=2", "http://127.0.0.1:9/")
        == "http://127.0.0.1:9/www.efs.gov.pl/a/b/?page=2"
    )


def test_snapshot_crawl_keeps_live_urls_and_logs_broken_links(tmp_path: Path) -> None:
    out = tmp_path / "pl_innowacjespoleczne" / "c1"
    with SnapshotServer() as server:
        summary = run_crawl(
            "pl_innowacjespoleczne", out, snapshot_url=server.url, contact="t@example.org"
        )
    pages = pq.read_table(out / "pages.parquet").to_pylist()
    urls = {p["url"]: p for p in pages}
    news = "https://innowacjespoleczne.pl/aktualnosc/"
    detail = f"{news}przyszlosc-zbudowana-na-przelomowych-innowacjach/"
    assert set(urls) == {
        "https://innowacjespoleczne.pl/aktualnosci/",
        "https://innowacjespoleczne.pl/aktualnosci/page/2/",
        detail,
        f"{news}7-inkubatorow-innowacji-spolecznych-ze-wsparciem-na-kolejne-lata/",
        f"{news}nabor-pomyslow-wlacznik-2-0/",
        f"{news}centra-kompetencji-innowacji-spolecznych-w-europie/",
        f"{news}europejska-baza-innowacji-spolecznych-sim/",
    }
    assert urls[detail]["page_kind"] == "detail"
    assert urls[detail]["status"] == 200
    assert "Przyszłość zbudowana" in urls[detail]["html"].decode("utf-8")
    assert summary.detail_pages == 5
    issues = pq.read_table(out / "issues.parquet").to_pylist()
    assert [(i["level"], i["url"]) for i in issues] == [
        ("error", f"{news}nabor-wnioskow-2023-zakonczony/")
    ]
    assert "404" in issues[0]["message"]


def test_old_encoding_is_recorded(tmp_path: Path) -> None:
    out = tmp_path / "bg" / "c1"
    with SnapshotServer() as server:
        run_crawl("bg_sofia_da", out, snapshot_url=server.url, contact="t@example.org")
    detail = [
        p for p in pq.read_table(out / "pages.parquet").to_pylist() if p["page_kind"] == "detail"
    ]
    assert {p["encoding"] for p in detail} == {"cp1251"}
    titles = " ".join(p["html"].decode("cp1251") for p in detail)
    assert "Софийският иновационен фонд" in titles


def _site(root: Path) -> Path:
    """A made-up portal at https://portal.example with a robots.txt and a page it forbids."""
    site = root / "sites" / "portal.example"
    (site / "news" / "one").mkdir(parents=True)
    (site / "news" / "private").mkdir(parents=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /news/private/\n")
    links = "".join(
        f'<a href="{href}">x</a>'
        for href in [
            "/news/one/",
            "/news/private/",
            "/news/missing/",
            "https://elsewhere.example/news/two/",
        ]
    )
    (site / "news" / "index.html").write_text(f"<html lang='de'><body>{links}</body></html>")
    for name in ("one", "private"):
        (site / "news" / name / "index.html").write_text(
            f"<html lang='de'><body><h1>{name}</h1><p>Text.</p></body></html>"
        )
    sources = root / "sources"
    sources.mkdir()
    (sources / "xx_portal.yml").write_text(
        "publisher: Test\ncountry: AT\nlanguages: [de]\n"
        "start_urls: [https://portal.example/news/]\nallowed_domains: [portal.example]\n"
        "detail: ['^https://[a-z.]+/news/[a-z]+/$']\n"
    )
    return sources


def test_robots_offsite_and_missing_pages(tmp_path: Path) -> None:
    sources = _site(tmp_path)
    out = tmp_path / "bronze" / "c1"
    with SnapshotServer(root=tmp_path / "sites") as server:
        summary = run_crawl(
            "xx_portal",
            out,
            snapshot_url=server.url,
            contact="t@example.org",
            sources_path=(sources,),
        )
    urls = sorted(p["url"] for p in pq.read_table(out / "pages.parquet").to_pylist())
    # robots.txt forbids /news/private/; elsewhere.example is outside allowed_domains.
    assert urls == ["https://portal.example/news/", "https://portal.example/news/one/"]
    issues = pq.read_table(out / "issues.parquet").to_pylist()
    assert any("missing" in i["url"] and "404" in i["message"] for i in issues)
    assert summary.pages == 2


def test_unknown_source_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(CrawlError, match="unknown source 'xx_nope'"):
        run_crawl("xx_nope", tmp_path / "c1", snapshot_url="http://127.0.0.1:9", contact="t@x")


def test_unreachable_site_gives_issues_not_a_crash(tmp_path: Path) -> None:
    """A portal that is down: the crawl ends, with an error issue per failed request."""
    sources = _site(tmp_path)
    out = tmp_path / "bronze" / "c1"
    # Port 9 (discard) on loopback: nothing listens there, so every connection is refused.
    summary = run_crawl(
        "xx_portal", out, snapshot_url="http://127.0.0.1:9", contact="t@x", sources_path=(sources,)
    )
    assert summary.pages == 0
    issues = pq.read_table(out / "issues.parquet").to_pylist()
    assert issues and all(i["level"] == "error" for i in issues)
    assert any("portal.example/news/" in i["url"] for i in issues)


def test_scrapy_crawl_works_from_the_repo_root(tmp_path: Path) -> None:
    """`scrapy list` and `scrapy crawl <source>` find the YAML sources through scrapy.cfg."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    env = dict(os.environ, SIH_DATA_DIR=str(tmp_path / "data"))
    scrapy = [sys.executable, "-m", "scrapy"]
    listed = subprocess.run([*scrapy, "list"], cwd=repo, env=env, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    from spiders.sources import load_sources

    assert listed.stdout.split() == sorted(load_sources())
    with SnapshotServer() as server:
        done = subprocess.run(
            [
                *scrapy,
                "crawl",
                "hu_mgfu",
                "-s",
                f"SIH_SNAPSHOT_URL={server.url}",
                "-s",
                "DOWNLOAD_DELAY=0",
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    (crawl,) = (tmp_path / "data" / "bronze" / "hu_mgfu").iterdir()
    pages = pq.read_table(crawl / "pages.parquet").to_pylist()
    assert {p["page_kind"] for p in pages} == {"listing", "detail"}


def test_new_source_scaffold_writes_yaml_page_and_a_failing_test(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from typer.testing import CliRunner

    from pipelines.cli import app
    from spiders.sources import load_sources

    sources, tests = tmp_path / "sources", tmp_path / "tests"
    with SnapshotServer() as server:
        url = f"{server.url}/innowacjespoleczne.pl/aktualnosci/"
        out = CliRunner().invoke(
            app,
            [
                "new-source",
                "pl_wiadomosci",
                url,
                "--sources-dir",
                str(sources),
                "--tests-dir",
                str(tests),
            ],
        )
    assert out.exit_code == 0, out.output
    assert "language guessed: pl" in out.output
    source = load_sources([sources])["pl_wiadomosci"]
    assert source.start_urls == [url] and source.languages == ["pl"]
    assert (tests / "fixtures" / "pl_wiadomosci").iterdir()
    test_file = tests / "test_source_pl_wiadomosci.py"
    repo = Path(__file__).resolve().parents[1]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=repo,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    assert run.returncode == 1 and "fill in EXPECTED" in run.stdout
    again = CliRunner().invoke(
        app, ["new-source", "pl_wiadomosci", url, "--sources-dir", str(sources)]
    )
    assert again.exit_code != 0 and "already exists" in str(again.exception)
