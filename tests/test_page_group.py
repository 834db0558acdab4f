"""page_group: the language versions of one page share one id, other pages do not.

The pages are written for this test in the shapes real portals use: WordPress with Polylang
(hreflang in <head>, translated slugs, Cyrillic paths), Drupal with the EU's ECL (/xx/node/N),
Europa's ``_en`` suffix, and a ministry served under two host names.
"""

from __future__ import annotations

from transforms.extract import extract_page
from transforms.identity import content_hash, record_id
from transforms.page_group import page_group, version_key
from transforms.records import SourceContext, build_records


def _html(lang: str, title: str, body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><header><nav><a href='/'>Home</a></nav></header>"
        f"<main><article><h1>{title}</h1><p>{body}</p></article></main></body></html>"
    )


def _alt(lang: str, href: str) -> str:
    return f'<link rel="alternate" hreflang="{lang}" href="{href}">'


def _group(url: str, html: str, languages: tuple[str, ...] = ()) -> str | None:
    page = extract_page(html, page_url=url)
    return page_group(url, page.alternates, page.html_lang, languages)


# A Bulgarian portal on WordPress + Polylang: Bulgarian at the root, English under /en/.
BG_URL = "https://klub-inovacii.example.bg/%D0%BF%D1%80%D0%BE%D0%B5%D0%BA%D1%82%D0%B8/si-plus/"
EN_URL = "https://klub-inovacii.example.bg/en/projects/si-plus-project/"
BG_PAGE = _html(
    "bg-BG",
    "Проект SI PLUS",
    "Проектът изгражда мрежа от центрове за социални иновации в четири държави.",
    _alt("bg", "https://klub-inovacii.example.bg/проекти/si-plus/") + _alt("en", EN_URL),
)
EN_PAGE = _html(
    "en-GB",
    "The SI PLUS project",
    "The project builds a network of social innovation centres in four countries.",
    # Polylang writes the Bulgarian link percent-encoded on the English page.
    _alt("en", EN_URL) + _alt("bg", BG_URL),
)


def test_extraction_resolves_hreflang_links_against_the_page_and_its_base() -> None:
    html = _html(
        "de",
        "Soziale Innovation",
        "Ein Kompetenzzentrum berät Träger und Verwaltungen.",
        '<base href="https://portal.example.at/de/">'
        + _alt("de", "soziale-innovation")
        + _alt("en", "/en/social-innovation#top")
        + _alt("en", "/en/social-innovation")  # the same link twice
        + '<link rel="stylesheet" hreflang="de" href="/style.css">'  # not an alternate
        + '<link rel="alternate" type="application/rss+xml" href="/feed">',  # no hreflang
    )
    page = extract_page(html, page_url="https://portal.example.at/de/soziale-innovation")
    assert page.alternates == (
        ("de", "https://portal.example.at/de/soziale-innovation"),
        ("en", "https://portal.example.at/en/social-innovation"),
    )
    # Without the page's URL a relative link cannot be resolved, and is left out.
    assert extract_page(html.replace("<base", "<nobase")).alternates == ()


def test_hreflang_both_ways_joins_translated_and_percent_encoded_slugs() -> None:
    assert _group(BG_URL, BG_PAGE) == _group(EN_URL, EN_PAGE) is not None


def test_versions_that_do_not_list_themselves_still_meet() -> None:
    """Hand-written sites often link only the other language, never the page itself."""
    sk_url = "https://www.kompetencne-centrum.example.sk/projekty/mentorstvo-pre-mladych"
    en_url = "https://www.kompetencne-centrum.example.sk/projects/youth-mentoring"
    sk = _html(
        "sk", "Mentorstvo pre mladých", "Dobrovoľníci sprevádzajú mladých.", _alt("en", en_url)
    )
    en = _html("en", "Youth mentoring", "Volunteers accompany young people.", _alt("sk", sk_url))
    assert _group(sk_url, sk) == _group(en_url, en) is not None


def test_three_versions_listing_each_other_differently_share_the_x_default_group() -> None:
    base = "https://www.hub.example.eu"
    de_url, en_url, bg_url = (
        f"{base}/de/projekte/gemeinsam-wohnen",
        f"{base}/en/projects/living-together",
        f"{base}/bg/proekti/zhiveem-zaedno",
    )
    x_default = _alt("x-default", en_url)
    en = _html("en", "Living together", "A housing pilot.", _alt("de", de_url) + x_default)
    de = _html(
        "de",
        "Gemeinsam wohnen",
        "Ein Wohnprojekt.",
        _alt("de", de_url) + _alt("en", en_url) + _alt("bg", bg_url) + x_default,
    )
    # The newest translation knows only the original.
    bg = _html("bg", "Живеем заедно", "Жилищен пилотен проект.", _alt("en", en_url) + x_default)
    groups = {_group(de_url, de), _group(en_url, en), _group(bg_url, bg)}
    assert len(groups) == 1 and None not in groups


def test_three_versions_without_x_default_meet_on_the_version_all_of_them_list() -> None:
    """No x-default: the smallest version key is the anchor. Here the Czech original is
    listed by every version and is the smallest, so the partial lists converge."""
    base = "https://www.socinovace.example.cz"
    cs_url = f"{base}/cs/aktuality/komunitni-kavarna"
    en_url = f"{base}/en/news/community-cafe"
    uk_url = f"{base}/uk/novyny/kavyarnya"
    cs = _html("cs", "Komunitní kavárna", "Kavárna zaměstnává lidi se zdravotním postižením.",
               _alt("cs", cs_url) + _alt("en", en_url) + _alt("uk", uk_url))  # fmt: skip
    en = _html("en", "Community café", "The café employs people with disabilities.",
               _alt("en", en_url) + _alt("cs", cs_url))  # fmt: skip
    uk = _html("uk", "Кав'ярня", "Кав'ярня працевлаштовує людей з інвалідністю.",
               _alt("cs", cs_url) + _alt("uk", uk_url) + _alt("en", en_url))  # fmt: skip
    groups = {_group(cs_url, cs), _group(en_url, en), _group(uk_url, uk)}
    assert len(groups) == 1 and None not in groups


def test_path_twins_without_hreflang_share_a_group() -> None:
    drupal = [
        f"https://esf-portal.example.eu/{lang}/node/258" for lang in ("ro", "en", "pt-pt", "sr")
    ]
    groups = {_group(url, _html(url.split("/")[3], "Titlu", "Text.")) for url in drupal}
    assert len(groups) == 1 and None not in groups
    # Europa writes the language as a suffix; older Commission pages as ?langId=.
    assert version_key("https://commission.europa.eu/social-innovation_fr") == version_key(
        "https://commission.europa.eu/social-innovation_en/"
    )
    assert version_key("https://ec.europa.eu/social/main.jsp?catId=1022&langId=de") == version_key(
        "http://ec.europa.eu/social/main.jsp?langId=en&catId=1022"
    )
    # Another node, another page; the same path on another host, another page.
    assert version_key("https://esf-portal.example.eu/en/node/259") != version_key(drupal[1])
    assert version_key("https://other.example.eu/en/node/258") != version_key(drupal[1])
    # Country codes in the language's place (/cz/) and language subdomains count too.
    assert version_key("https://sif.example.cz/cz/o-nas") == version_key(
        "https://sif.example.cz/en/o-nas"
    )
    assert version_key("https://bg.sozialfonds.example.org/p/7") == version_key(
        "https://en.sozialfonds.example.org/p/7"
    )


def test_translated_slugs_meet_only_through_hreflang() -> None:
    de_url = "https://www.zentrum.example.de/de/soziale-innovation"
    en_url = "https://www.zentrum.example.de/en/social-innovation"
    de_bare = _html("de", "Soziale Innovation", "Das Zentrum berät Projektträger.")
    en_bare = _html("en", "Social innovation", "The centre advises project promoters.")
    assert _group(de_url, de_bare) != _group(en_url, en_bare)
    links = _alt("de", de_url) + _alt("en", en_url)
    de = _html("de", "Soziale Innovation", "Das Zentrum berät Projektträger.", links)
    en = _html("en", "Social innovation", "The centre advises project promoters.", links)
    assert _group(de_url, de) == _group(en_url, en) is not None


def test_a_page_without_versions_has_no_group_of_its_own() -> None:
    url = "https://innowacje.example.pl/aktualnosci/spotkanie-sieci-praktykow"
    html = _html("pl", "Spotkanie sieci praktyków", "Rozmawialiśmy o bazie innowacji.")
    assert _group(url, html) is None


def test_a_switchers_home_fallback_joins_nothing() -> None:
    """Polylang and others link the other language's home page when a post has no
    translation; two untranslated posts must not meet there."""
    home = _alt("bg", "https://klub.example.bg/") + _alt("en", "https://klub.example.bg/en/")
    one = _html("bg", "Първа новина", "Откриване на центъра.", home)
    two = _html("bg", "Втора новина", "Обучение за ментори.", home)
    assert _group("https://klub.example.bg/novini/parva", one) is None
    assert _group("https://klub.example.bg/novini/vtora", two) is None


def test_a_list_that_names_another_page_for_this_pages_language_is_ignored() -> None:
    """A template that prints the section's hreflang on every article."""
    section = _alt("lv", "https://fonds.example.lv/lv/projekti") + _alt(
        "en", "https://fonds.example.lv/en/projects"
    )
    a_url = "https://fonds.example.lv/lv/projekti/kopienu-darbnicas"
    b_url = "https://fonds.example.lv/lv/projekti/senioru-klubs"
    a = _html("lv", "Kopienu darbnīcas", "Darbnīcas apkaimēs.", section)
    b = _html("lv", "Senioru klubs", "Klubs senioriem.", section)
    assert _group(a_url, a) != _group(b_url, b)


def test_a_ministry_under_two_host_names_meets_its_translation() -> None:
    """The page was fetched at one host name; its hreflang uses the other one."""
    links = _alt("sk", "https://www.ministerstvo.example.sk/sk/socialne-inovacie/centrum") + _alt(
        "en", "https://www.ministerstvo.example.sk/en/social-innovation/centre"
    )
    sk = _html("sk", "Centrum", "Národné kompetenčné centrum.", links)
    en = _html("en", "Centre", "The national competence centre.", links)
    sk_group = _group("https://www.alias-host.example.sk/sk/socialne-inovacie/centrum", sk)
    en_group = _group("https://www.ministerstvo.example.sk/en/social-innovation/centre", en)
    assert sk_group == en_group is not None


def _page(html: str, url: str) -> dict[str, object]:
    body = html.encode()
    return {
        "url": url,
        "page_kind": "detail",
        "html": body,
        "content_type": "text/html; charset=utf-8",
        "crawl_id": "c1",
        "fetched_at": "c1-t",
        "first_seen": "c1-t",
        "last_seen": "c1-t",
        "content_hash": content_hash(body),
    }


def test_build_record_fills_page_group() -> None:
    context = SourceContext(source_id="bg_klub", country="BG", languages=("bg", "en"))
    lone_url = "https://klub-inovacii.example.bg/kontakti/"
    lone = _html("bg", "Контакти", "Пишете ни на адреса на сдружението в София.")
    build = build_records(
        [_page(BG_PAGE, BG_URL), _page(EN_PAGE, EN_URL), _page(lone, lone_url)],
        context,
        previous={},
    )
    by_url = {record["url"]: record for record in build.records}
    assert by_url[BG_URL]["page_group"] == by_url[EN_URL]["page_group"]
    assert by_url[lone_url]["page_group"] == record_id("bg_klub", lone_url)
    assert len({record["page_group"] for record in build.records}) == 2
