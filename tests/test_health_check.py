"""`siharvest check` and the source_health asset check, against sites on 127.0.0.1 whose
markup changes between two checks (or two crawls)."""

import json
import os
from pathlib import Path

import pytest
from dagster import AssetCheckSeverity, DagsterInstance
from faultsite import NEWS, PortSite
from lxml import html as lxml_html
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.definitions import REFRESH_SOURCE_JOB, build_definitions
from pipelines.partitions import ensure_source_partitions
from pipelines.settings import load_settings
from spiders.crawl import user_agent
from spiders.health import (
    HttpPages,
    check_source,
    layout_sentinel,
    sentinel_path,
    structural_path,
)
from spiders.sources import load_source_file, load_sources

SOURCE = """
publisher: Sozialinnovation Drehscheibe
country: AT
languages: [de]
start_urls: [https://hub.example/projekte/]
allowed_domains: [hub.example]
follow: ['^https://hub\\.example/projekte/(seite-\\d+/)?$']
detail: ['{detail}']
selectors:
  title: article.projekt h1.titel
  body: article.projekt div.inhalt
  date: article.projekt time::attr(datetime)
  drop: [.teilen]
"""
DETAIL = "^https://hub\\.example/projekte/[a-z-]+/$"
PROJECTS = {
    "lernwerkstatt": "Die Lernwerkstatt begleitet junge Erwachsene ohne Abschluss in eine "
    "Lehre; Betriebe aus der Region stellen Praktikumsplätze.",
    "nachbarschaftsküche": "Eine Gemeinschaftsküche im Gemeindebau, in der Pensionistinnen "
    "und Zugezogene gemeinsam kochen, Deutsch üben und Kontakte knüpfen.",
    "pflege-im-grätzl": "Pflegekräfte, Ehrenamtliche und Ärztinnen organisieren sich in "
    "kleinen Teams je Wohnviertel; die Stadt finanziert die Koordination.",
    "repair-cafe": "Langzeitarbeitslose reparieren Geräte für die Nachbarschaft und "
    "erwerben dabei ein Zertifikat in Elektrotechnik.",
}


def _slug(name: str) -> str:
    return name.replace("ü", "ue").replace("ä", "ae")


def _detail_page(name: str, text: str, relaunched: bool) -> str:
    if relaunched:
        # The portal's new theme: the text sits one level deeper, the title lost its class.
        main = (
            f"<article class='projekt'><header><h1>{name.title()}</h1></header>"
            f"<section class='beitrag'><div class='inhalt'><p>{text}</p></div></section>"
            "<time datetime='2024-05-02'>2. Mai 2024</time></article>"
        )
    else:
        main = (
            f"<article class='projekt post-{len(name)}'><h1 class='titel'>{name.title()}</h1>"
            f"<div class='inhalt'><p>{text}</p></div>"
            "<time datetime='2023-03-14'>14. März 2023</time>"
            "<div class='teilen'>Teilen</div></article>"
        )
    return (
        "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>"
        f"<title>{name}</title></head><body class='single'><nav><a href='/projekte/'>Projekte"
        f"</a></nav><main class='site-main'>{main}</main><footer>Impressum</footer></body></html>"
    )


def write_site(sites: Path, relaunched: bool = False) -> None:
    root = sites / "hub.example"
    (root / "projekte" / "seite-2").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /intern/\n")
    names = list(PROJECTS)
    pages = {"": names[:2], "seite-2/": names[2:]}
    for folder, chunk in pages.items():
        links = "".join(f"<li><a href='/projekte/{_slug(n)}/'>{n}</a></li>" for n in chunk)
        links += "<li><a href='/projekte/seite-2/'>Weiter</a></li>" if not folder else ""
        (root / "projekte" / folder / "index.html").write_text(
            f"<html lang='de'><head><meta charset='utf-8'></head><body><h1>Projekte</h1>"
            f"<ul>{links}</ul></body></html>",
            encoding="utf-8",
        )
    for name, text in PROJECTS.items():
        (root / "projekte" / _slug(name)).mkdir(exist_ok=True)
        (root / "projekte" / _slug(name) / "index.html").write_text(
            _detail_page(name, text, relaunched), encoding="utf-8"
        )


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "at_hub.yml").write_text(SOURCE.format(detail=DETAIL))
    (sources / "at_hub_wrong.yml").write_text(
        SOURCE.format(detail="^https://hub\\.example/projects/.+")
    )
    write_site(tmp_path / "sites")
    monkeypatch.setenv("SIH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SIH_SOURCES_PATH", str(sources))
    monkeypatch.setenv("SIH_SNAPSHOT_DIR", str(tmp_path / "sites"))
    return tmp_path


def _check(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(app, ["check", *args], env=dict(os.environ))
    assert out.exception is None or isinstance(out.exception, SystemExit), out.exception
    return out.exit_code, out.output


def _line(output: str, source: str) -> str:
    (line,) = [line for line in output.splitlines() if line.split()[:1] == [source]]
    return line


def test_first_check_is_clean_and_a_changed_layout_warns(hub: Path) -> None:
    code, output = _check("at_hub")
    assert code == 0, output
    assert " OK " in _line(output, "at_hub") and "layout new, stored" in output
    stored = sentinel_path(hub / "data", "snapshot", "at_hub")
    first = json.loads(stored.read_text())
    # Both listing pages were read: seite-2 holds the other half of the projects.
    assert "2 listing" in _line(output, "at_hub") and "4 detail links" in output

    code, output = _check("at_hub")
    assert code == 0 and "layout known" in _line(output, "at_hub"), output
    assert json.loads(stored.read_text())["sentinel"] == first["sentinel"]

    write_site(hub / "sites", relaunched=True)
    code, output = _check("at_hub")
    assert code == 0, output  # warnings only: the crawl may go on, a steward should look
    assert "WARNING" in _line(output, "at_hub") and "layout CHANGED" in output
    warnings = [line.strip() for line in output.splitlines() if line.strip().startswith("warning")]
    sampled = first["sampled"]
    assert sampled and all(
        any(url in w and "[title: article.projekt h1.titel]" in w for w in warnings)
        for url in sampled
    ), warnings
    assert any(
        "[body: article.projekt div.inhalt]" in w
        and "layout changed" in w
        and "section.beitrag" in w
        for w in warnings
    ), warnings
    # The layout of the last good check stays the reference until a steward accepts the new one.
    assert json.loads(stored.read_text())["sentinel"] == first["sentinel"]
    assert _check("at_hub", "--strict")[0] == 1

    code, output = _check("at_hub", "--accept-layout")
    assert json.loads(stored.read_text())["sentinel"] != first["sentinel"]
    code, output = _check("at_hub")
    assert "layout known" in _line(output, "at_hub")
    assert "layout changed" not in output  # the title selector still matches nothing
    assert "[title: article.projekt h1.titel]" in output


def test_detail_pattern_matching_nothing_is_an_error(hub: Path) -> None:
    code, output = _check("at_hub", "at_hub_wrong")
    assert code == 1, output
    assert " OK " in _line(output, "at_hub")
    assert "ERROR" in _line(output, "at_hub_wrong")
    errors = [line for line in output.splitlines() if line.strip().startswith("error")]
    assert len(errors) == 1 and "https://hub.example/projekte/" in errors[0]
    assert "detail patterns match no link of the 2 listing pages" in errors[0]
    assert not sentinel_path(hub / "data", "snapshot", "at_hub_wrong").exists()


def test_unreachable_or_disallowed_start_pages_are_errors(hub: Path) -> None:
    sources = hub / "sources"
    text = SOURCE.format(detail=DETAIL)
    (sources / "at_hub_intern.yml").write_text(
        text.replace(
            "start_urls: [https://hub.example/projekte/]",
            "start_urls: [https://hub.example/intern/]",
        )
    )
    (sources / "at_hub_gone.yml").write_text(
        text.replace(
            "start_urls: [https://hub.example/projekte/]", "start_urls: [https://hub.example/alt/]"
        )
    )
    code, output = _check("at_hub_intern", "at_hub_gone")
    assert code == 1
    assert "https://hub.example/intern/: start page: robots.txt disallows it" in output
    assert "https://hub.example/alt/: start page not reachable: HTTP 404" in output


def test_check_reaches_a_portal_on_its_own_port_live(tmp_path: Path) -> None:
    """Live mode (no snapshot mapping) on a loopback port: robots.txt is read and honoured."""
    with PortSite() as site:
        yaml = (
            "publisher: P\ncountry: PL\nlanguages: [pl]\n"
            f"start_urls: ['{site.url}/']\nallowed_domains: ['127.0.0.1']\n"
            "follow: ['/$']\ndetail: ['/aktualnosci/.+']\ndownload_delay: 0\n"
            "selectors: {title: 'main h1', body: main}\n"
        )
        (tmp_path / "pl_port.yml").write_text(yaml)
        source = load_source_file(tmp_path / "pl_port.yml")
        pages = HttpPages(source, user_agent("t@example.org"))
        report = check_source(source, pages, None)
    assert report.status == "ok", report.findings
    # The disallowed page is a detail link too, sampled last; another page stands in for it.
    assert report.detail_links == len(NEWS) + 1
    assert site.requests["/robots.txt"] == 1
    assert site.requests["/aktualnosci/wewnetrzne/"] == 0
    assert [(f.level, f.url) for f in report.findings] == [
        ("info", f"{site.url}/aktualnosci/wewnetrzne/")
    ]
    assert len(report.sampled) == 3 and pages.requests == 5  # robots, start, 3 details


def test_structural_path_ignores_text_ids_and_per_page_classes() -> None:
    def path(markup: str) -> str:
        root = lxml_html.fromstring(markup)
        return structural_path(root.cssselect("h1")[0])

    one = (
        "<html><body class='single postid-12 lang-sk'><article id='post-12' "
        "class='post-12 hentry category-news'><h1 class='entry-title'>Jeden</h1></article>"
    )
    two = (
        "<html><body class='postid-98 single lang-en'><article id='post-98' "
        "class='hentry post-98 tag-roma'><h1 class='entry-title'>Druhý projekt</h1></article>"
    )
    assert path(one) == path(two) == "html > body.single > article.hentry > h1.entry-title"
    moved = (
        "<html><body class='single'><div class='wrap'><article class='hentry'>"
        "<h1 class='entry-title'>x</h1></article></div></body></html>"
    )
    assert path(moved) != path(one)
    assert layout_sentinel({"t": [path(one)]}) == layout_sentinel({"t": [path(two)]})


def test_source_health_asset_check_after_each_crawl(hub: Path) -> None:
    (hub / "sources" / "at_hub_wrong.yml").unlink()
    defs = build_definitions(load_settings())
    job = defs.resolve_job_def(REFRESH_SOURCE_JOB)
    with DagsterInstance.ephemeral() as instance:
        ensure_source_partitions(instance, ["at_hub"])
        first = job.execute_in_process(instance=instance, partition_key="at_hub")
        (evaluation,) = first.get_asset_check_evaluations()
        assert evaluation.check_name == "source_health" and evaluation.passed, evaluation
        assert sentinel_path(hub / "data", "snapshot", "at_hub").exists()

        write_site(hub / "sites", relaunched=True)
        second = job.execute_in_process(instance=instance, partition_key="at_hub")
        (evaluation,) = second.get_asset_check_evaluations()
    assert not evaluation.passed and evaluation.severity == AssetCheckSeverity.WARN
    findings = str(evaluation.metadata["findings"].value)
    assert "https://hub.example/projekte/" in findings and "layout changed" in findings
    assert "[body: article.projekt div.inhalt]" in findings


def test_check_reports_on_every_built_in_source_against_the_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIH_DATA_DIR", str(tmp_path / "data"))
    code, output = _check()
    names = list(load_sources())
    assert names
    for name in names:
        line = _line(output, name)
        assert "ERROR" not in line, output
    assert code == 0, output
    assert f"{len(names)} sources checked: 0 errors" in output
