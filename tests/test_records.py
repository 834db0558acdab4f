"""Bronze pages -> records: detail pages only, reuse of unchanged pages, lookups, problems."""

import json

from spiders.snapshot_server import SNAPSHOT_SITES
from transforms.identity import content_hash
from transforms.records import SourceContext, build_records

HU_PAGE = (
    SNAPSHOT_SITES / "mgfu.hu" / "en" / "article" / "international_relations" / "projects"
    / "socialinnovationplus" / "index.html"
)  # fmt: skip
CONTEXT = SourceContext(
    source_id="hu_mgfu",
    country="HU",
    languages=("hu",),
    title_css="article h1.entry-title",
    body_css="article .entry-content",
    organisations_css="article .project-partners li",
    lookups={"organisations": {"IFKA Közhasznú Nonprofit Kft.": "IFKA Nonprofit Kft."}},
)


def _page(html: bytes, url: str, kind: str = "detail", crawl: str = "c1") -> dict[str, object]:
    return {
        "url": url,
        "page_kind": kind,
        "html": html,
        "content_type": "text/html",
        "crawl_id": crawl,
        "fetched_at": f"{crawl}-t",
        "first_seen": "c1-t",
        "last_seen": f"{crawl}-t",
        "content_hash": content_hash(html),
    }


def test_detail_pages_become_records_with_lookups_applied() -> None:
    html = HU_PAGE.read_bytes()
    pages = [
        _page(html, "https://mgfu.hu/projektek/si-plus/"),
        _page(b"<html><body>listing</body></html>", "https://mgfu.hu/projektek/", "listing"),
    ]
    build = build_records(pages, CONTEXT, previous={})
    (record,) = build.records
    assert build.processed == 1 and build.reused == 0 and not build.problems
    assert record["language"] == "hu" and record["title_lang"] == "en"
    assert "IFKA Nonprofit Kft." in record["organisations"]  # lookup applied
    assert "IFKA Közhasznú Nonprofit Kft." not in record["organisations"]
    assert any("IFKA Közhasznú" in o for o in record["organisations_text"])  # as written
    # The partner list's "(vezető partner)" makes L&R the lead; the others are partners.
    assert record["organisation_roles"][0] == "lead"
    assert set(record["organisation_roles"][1:]) == {"partner"}
    assert len(record["organisation_roles"]) == len(record["organisations"])
    assert record["countries"] == ["AT", "HU", "SK", "BG"]
    assert record["funding_programmes"] == ["EaSI"]
    assert (record["start_date"], record["end_date"]) == ("2021-05", "2023-04")


def test_unchanged_page_reuses_the_previous_record() -> None:
    html = HU_PAGE.read_bytes()
    first = build_records([_page(html, "https://mgfu.hu/p/")], CONTEXT, previous={})
    (old,) = first.records
    second = build_records(
        [_page(html, "https://mgfu.hu/p/", crawl="c2")], CONTEXT, {old["record_id"]: old}
    )
    (new,) = second.records
    assert second.processed == 0 and second.reused == 1
    assert new["last_seen"] == "c2-t" and new["first_seen"] == old["first_seen"]
    assert new["body"] == old["body"]


def test_unreadable_pages_are_problems_not_rows_and_do_not_stop_others() -> None:
    pages = [
        _page(b"<html><body></body></html>", "https://mgfu.hu/empty/"),
        _page(HU_PAGE.read_bytes(), "https://mgfu.hu/good/"),
    ]
    build = build_records(pages, CONTEXT, previous={})
    assert [r["url"] for r in build.records] == ["https://mgfu.hu/good/"]
    assert [(p.url, p.level) for p in build.problems] == [("https://mgfu.hu/empty/", "error")]


def test_body_selector_that_matches_nothing_is_a_warning() -> None:
    context = SourceContext("hu_mgfu", "HU", ("hu",), body_css="div.no-such-class")
    build = build_records([_page(HU_PAGE.read_bytes(), "https://mgfu.hu/p/")], context, {})
    assert len(build.records) == 1
    assert build.problems[0].level == "warning"
    assert "matched nothing" in build.problems[0].message


def test_text_is_plain_and_script_shown_on_a_page_is_flagged() -> None:
    # A double-escaping CMS (&amp;eacute;) and a page that shows code as text (&lt;script&gt;).
    html = (
        "<html lang='hu'><body><article><h1 class='entry-title'>Caf&amp;eacute; &amp;amp; "
        "Szociális innováció</h1><div class='entry-content'><p>A program célja a "
        "társadalmi innováció támogatása a régióban.</p><p>Példa: &lt;script&gt;alert(1)"
        "&lt;/script&gt; és <b>félkövér</b> szöveg.</p></div><ul class='project-partners'>"
        "<li>&lt;a href=&quot;javascript:alert(1)&quot;&gt;Partner&lt;/a&gt;</li>"
        "</ul></article></body></html>"
    ).encode()
    (record,) = build_records([_page(html, "https://mgfu.hu/x/")], CONTEXT, {}).records
    assert record["title"] == "Café & Szociális innováció"  # entities decoded, no flags
    assert "<b>" not in record["body"] and "félkövér szöveg" in record["body"]  # tags dropped
    assert "<script>alert(1)</script>" in record["body"]  # kept as the page showed it ...
    assert record["safety_flags"] == [  # ... and flagged for the portals that display it
        "body:script",
        "body:markup",
        "organisations_text:javascript_url",
        "organisations_text:markup",
    ]


def test_organisations_named_only_in_running_text_are_found_with_provenance() -> None:
    """The Slovak page has no partner list: its partners are in a sentence, with legal forms."""
    page = (
        SNAPSHOT_SITES / "www.mpsvr.sk" / "sk" / "uvodna-stranka"
        / "narodne-kompetencne-centrum-socialne-inovacie" / "index.html"
    )  # fmt: skip
    context = SourceContext(
        source_id="sk_mpsvr", country="SK", languages=("sk",),
        title_css="#content h1", body_css="#content .article-body",
    )  # fmt: skip
    (record,) = build_records(
        [_page(page.read_bytes(), "https://sk.test/a.html")], context, {}
    ).records
    assert record["organisations_text"] == []  # nothing from selectors
    assert "IFKA Public Benefit Non-Profit Ltd." in record["organisations"]
    assert "Sofia Development Association" in record["organisations"]
    index = record["organisations"].index("IFKA Public Benefit Non-Profit Ltd.")
    assert record["organisation_keys"][index] == "ifka"  # the Hungarian list's key too
    assert record["organisation_roles"][index] == "partner"
    provenance = json.loads(record["field_provenance"])["organisations"]
    assert provenance["IFKA Public Benefit Non-Profit Ltd."] == "text: legal form Ltd."
