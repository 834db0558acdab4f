"""Extraction from the snapshot pages: main text in, navigation and boilerplate out."""

import pytest

from spiders.snapshot_server import SNAPSHOT_SITES as SITES
from spiders.sources import load_sources
from transforms.encoding import decode_page
from transforms.extract import extract_page

DETAIL_PAGES = {
    "hu_mgfu": (
        "mgfu.hu/en/article/international_relations/projects/socialinnovationplus/index.html",
        "utf-8",
    ),
    "sk_mpsvr": (
        "www.mpsvr.sk/sk/uvodna-stranka/narodne-kompetencne-centrum-socialne-inovacie/index.html",
        "utf-8",
    ),
    "pl_innowacjespoleczne": (
        "innowacjespoleczne.pl/aktualnosc/przyszlosc-zbudowana-na-przelomowych-innowacjach/"
        "index.html",
        "utf-8",
    ),
    # The Bulgarian seed's site is read through its WordPress API (tests/test_structured_sources);
    # the Bulgarian page here is Sofia Development Association's Joomla site, in windows-1251.
    "bg_sofia_da": (
        "sofia-da.eu/bg/новини/1361-семинар-за-капитализация-в-будапеща.html",
        "windows-1251",
    ),
    "eu_esf_ro": (
        "european-social-fund-plus.ec.europa.eu/ro/inovare-sociala-si-cooperare-transnationala/"
        "index.html",
        "utf-8",
    ),
}
# (title, a phrase of the body, boilerplate that must not be in the body)
EXPECTED = {
    "hu_mgfu": ("Social Innovation Plus (SI Plus)", "társadalmi innováció fogalmával", "Elfogadom"),
    "sk_mpsvr": (
        "Národné kompetenčné centrum pre sociálne inovácie",
        "Peer Learnings na partnerskej úrovni",
        "Portál voľných pracovných miest",
    ),
    "pl_innowacjespoleczne": (
        "Przyszłość zbudowana na „przełomowych” innowacjach",
        "Wydarzenie odbędzie się 6 grudnia 2023",
        "Strona korzysta z plików cookies",
    ),
    "bg_sofia_da": (
        "Проекти за социално предприемачество от Дунавския регион обединяват усилията си",
        "Финанси за социална промяна",
        "Към началото",
    ),
    "eu_esf_ro": (
        "Inovare socială și cooperare transnațională",
        "197 de milioane EUR",
        "Mergi la conţinutul principal",
    ),
}


def _page(source: str) -> str:
    path, encoding = DETAIL_PAGES[source]
    return decode_page((SITES / path).read_bytes(), f"text/html; charset={encoding}").text


@pytest.mark.parametrize("source", sorted(DETAIL_PAGES))
def test_selectors_extract_title_and_body_without_boilerplate(source: str) -> None:
    selectors = load_sources()[source].selectors
    page = extract_page(_page(source), selectors.title, selectors.body, selectors.date)
    title, phrase, boilerplate = EXPECTED[source]
    assert page.title == title
    assert phrase in page.body
    assert boilerplate not in page.body
    assert page.html_lang == load_sources()[source].languages[0]
    # One paragraph per line, and no paragraph repeated (nested blocks counted once).
    lines = page.body.splitlines()
    assert len(lines) == len(set(lines)) > 3


@pytest.mark.parametrize("source", sorted(DETAIL_PAGES))
def test_generic_rules_drop_navigation_cookie_banner_and_footer(source: str) -> None:
    page = extract_page(_page(source))
    _, phrase, boilerplate = EXPECTED[source]
    assert phrase in page.body
    assert boilerplate not in page.body
    assert page.title


def test_date_selector_reads_attribute() -> None:
    selectors = load_sources()["pl_innowacjespoleczne"].selectors
    page = extract_page(
        _page("pl_innowacjespoleczne"), selectors.title, selectors.body, selectors.date
    )
    assert page.date_text == "2023-11-24"


def test_page_without_html_lang_or_title_does_not_fail() -> None:
    page = extract_page("<div>Tekst bez nagłówka.</div>")
    assert page.html_lang is None
    assert page.body == "Tekst bez nagłówka."


ORGANISATIONS = {
    "hu_mgfu": [
        "Lechner, Reiter & Riesenfelder Social Research OG – Ausztria (vezető partner)",
        "arbeit plus – Soziale Unternehmen Österreich – Ausztria",
        "IFKA Közhasznú Nonprofit Kft. – Magyarország",
        "Munka-, Szociális és Családügyi Minisztérium – Szlovákia",
        "Sofia Development Association – Bulgária",
    ],
}
DATES = {
    "pl_innowacjespoleczne": "2023-11-24",
    "sk_mpsvr": "Dátum: 12.05.2021",
    "bg_sofia_da": "2018-01-29",
}


@pytest.mark.parametrize("source", sorted(DETAIL_PAGES))
def test_organisations_and_dates_where_the_page_has_them(source: str) -> None:
    selectors = load_sources()[source].selectors
    page = extract_page(
        _page(source),
        selectors.title,
        selectors.body,
        selectors.date,
        tuple(selectors.drop),
        selectors.organisations,
    )
    assert list(page.organisations) == ORGANISATIONS.get(source, [])
    assert page.date_text == DATES.get(source)
    # The partner list is its own field, not lines of the main text (prose may name them).
    lines = set(page.body.splitlines())
    assert not (set(ORGANISATIONS.get(source, [])) | {"Partnerek", "Партньори по проекта"}) & lines


def test_xpath_selectors_work_like_css() -> None:
    html = _page("pl_innowacjespoleczne")
    by_css = extract_page(html, "article h1.entry-title", "article .entry-content")
    by_xpath = extract_page(
        html, "//article//h1[@class='entry-title']", "//div[@class='entry-content']"
    )
    assert by_css.title == by_xpath.title and by_css.body == by_xpath.body
