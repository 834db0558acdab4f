"""Organisations found in running text by their legal form, with their role, in many languages."""

import pytest

from spiders.snapshot_server import SNAPSHOT_SITES
from transforms.extract import extract_page
from transforms.organisation_mentions import find_organisation_mentions
from transforms.organisations import organisation_key

# The snapshot's copy of the Slovak seed page (the repository does not ship the seeds).
SK_PAGE = (
    SNAPSHOT_SITES / "www.employment.gov.sk" / "sk" / "esf" / "socialne-inovacie"
    / "narodne-kompetencne-centrum-pre-socialne-inovacie.html"
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The seeds' own sentences (sk, bg).
        ("partnermi z Rakúska (L&R Social Research, arbeit plus), Maďarska (IFKA Public Benefit "
         "Non-Profit Ltd.) a Bulharska (Sofia Development Association).",
         [("IFKA Public Benefit Non-Profit Ltd.", "partner"),
          ("Sofia Development Association", "partner")]),
        ("Проектът се ръководи от Lechner, Reiter & Riesenfelder Social Research OG – Австрия.",
         [("Lechner, Reiter & Riesenfelder Social Research OG", "lead")]),
        # Hungarian puts the verb after the name.
        ("A projektet az IFKA Közhasznú Nonprofit Kft. vezeti, partnere a Sofia Development "
         "Association.",
         [("IFKA Közhasznú Nonprofit Kft.", "lead"), ("Sofia Development Association", "partner")]),
        ("Partnerem projektu je ABC Consulting s.r.o. a Fundacja Rozwoju sp. z o.o. z Polski.",
         [("ABC Consulting s.r.o.", "partner"), ("Fundacja Rozwoju sp. z o.o.", "partner")]),
        ("Проектът се изпълнява от „Сдружение Ден“ ЕООД в партньорство с Бизнес Консулт ООД.",
         [("„Сдружение Ден“ ЕООД", "partner"), ("Бизнес Консулт ООД", "partner")]),
        ("Partener: SC Inovare Socială SRL (lider de proiect).",
         [("SC Inovare Socială SRL", "lead")]),
        # Two names in one list stay two names; "Association for …" goes on and is not cut.
        ("The European Association for Social Innovation works with Foo Ltd. and Bar GmbH "
         "und Baz AG.",
         [("Foo Ltd.", "partner"), ("Bar GmbH", "partner"), ("Baz AG", "partner")]),
        # The role belongs to the clause: "funded by" does not reach past the comma.
        ("Funded by Big Donor Foundation, the project is run by Small Steps CIC.",
         [("Big Donor Foundation", "funder"), ("Small Steps CIC", "lead")]),
        ("Caritas Wien gGmbH (assoziierter Partner) und Volkshilfe Wien gemeinnützige GmbH.",
         [("Caritas Wien gGmbH", "associated_partner"), ("Volkshilfe Wien gemeinnützige GmbH",
          "partner")]),
    ],
)  # fmt: skip
def test_names_and_roles_in_running_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.name, m.role) for m in find_organisation_mentions(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vi arbeider med Norsk Folkehjelp og andre.",  # Danish/Norwegian "og" is "and"
        "as well as the project, sa and ad hoc groups",  # lower-case look-alikes
        "Kft.",  # a legal form with no name before it
        "the project ended. Ltd. budgets were spent",
    ],
)
def test_no_names_without_a_legal_form_after_a_name(text: str) -> None:
    assert find_organisation_mentions(text) == []


def test_seed_mentions_match_the_partner_lists_of_other_portals() -> None:
    """The Slovak seed names IFKA in English; the Hungarian portal lists it in Hungarian."""
    body = extract_page(SK_PAGE.read_text(encoding="utf-8"), body_css="#content .article-body").body
    names = [m.name for m in find_organisation_mentions(body)]
    assert "IFKA Public Benefit Non-Profit Ltd." in names
    assert organisation_key("IFKA Public Benefit Non-Profit Ltd.", "sk") == organisation_key(
        "IFKA Közhasznú Nonprofit Kft.", "hu"
    )
