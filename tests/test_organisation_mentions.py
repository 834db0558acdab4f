"""Organisations found in running text by their legal form, with their role, in many languages."""

import pytest

from spiders.snapshot_server import SNAPSHOT_SITES
from transforms.extract import extract_page
from transforms.organisations import find_organisation_mentions, organisation_key

# The snapshot's copy of the Slovak seed page (the repository does not ship the seeds).
SK_PAGE = (
    SNAPSHOT_SITES / "www.mpsvr.sk" / "sk" / "uvodna-stranka"
    / "narodne-kompetencne-centrum-socialne-inovacie" / "index.html"
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The seeds' own sentences (sk, bg).
        ("partnermi z Rakúska (L&R Social Research, arbeit plus), Maďarska (IFKA Public Benefit "
         "Non-Profit Ltd.) a Bulharska (Sofia Development Association).",
         [("L&R Social Research", "partner"), ("arbeit plus", "partner"),
          ("IFKA Public Benefit Non-Profit Ltd.", "partner"),
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
        # Two names in one list stay two names; "Association for …" opens a name of its own.
        ("The European Association for Social Innovation works with Foo Ltd. and Bar GmbH "
         "und Baz AG.",
         [("European Association for Social Innovation", "partner"), ("Foo Ltd.", "partner"),
          ("Bar GmbH", "partner"), ("Baz AG", "partner")]),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The type word first, the name in capitals after it.
        ("The call was prepared by the Ministry of Labour and Social Policy together with "
         "local partners.",
         ["Ministry of Labour and Social Policy"]),
        ("W konkursie wygrała Fundacja Rozwoju Społeczeństwa Obywatelskiego oraz inne podmioty.",
         ["Fundacja Rozwoju Społeczeństwa Obywatelskiego"]),
        ("Proiectul este implementat de Asociația Pentru Dezvoltare Comunitară, cu sprijinul "
         "primăriei.",
         ["Asociația Pentru Dezvoltare Comunitară"]),
        # ... or in lower case after it (Slavic), inflected in running text.
        ("Výzvu pripravilo Ministerstvo školstva, výskumu, vývoja a mládeže SR v spolupráci "
         "s mestami.",
         ["Ministerstvo školstva, výskumu, vývoja a mládeže SR"]),
        ("Projekt bol podporený Ministerstvom vnútra a krajskými úradmi.",
         ["Ministerstvo vnútra"]),
        ("Проектът се изпълнява от Министерство на труда и социалната политика в партньорство "
         "с общините.",
         ["Министерство на труда и социалната политика"]),
        ("Umowę podpisano z Fundacją Stocznia oraz z partnerami.", ["Fundacja Stocznia"]),
        # The type word last (English, Hungarian), with inflection.
        ("Training was delivered with the Bulgarian Industrial Association and Sofia Municipal "
         "Council.",
         ["Bulgarian Industrial Association", "Sofia Municipal Council"]),
        ("A megállapodást az Innovációs és Technológiai Minisztériummal kötötték.",
         ["Innovációs és Technológiai Minisztérium"]),
        # Two names joined by "and" stay two names.
        ("Partners are the Slovenian Government Office for Development and European Cohesion "
         "Policy and European Network of Social Integration Enterprises.",
         ["Slovenian Government Office for Development and European Cohesion Policy",
          "European Network of Social Integration Enterprises"]),
    ],
)  # fmt: skip
def test_names_without_a_legal_form(text: str, expected: list[str]) -> None:
    assert [m.name for m in find_organisation_mentions(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A Slavic name's lower-case tail is a genitive phrase: a verb, an auxiliary or a
        # relative pronoun after it starts the sentence's predicate, not more of the name.
        ("Ministerstvo práce chce podporiť nové sociálne podniky v regiónoch.",
         ["Ministerstvo práce"]),
        ("Ministerstvo práce, sociálnych vecí a rodiny spustí v jeseni novú výzvu.",
         ["Ministerstvo práce, sociálnych vecí a rodiny"]),
        ("Nadácia pre rozvoj regiónu ktorá realizuje projekt je jeho partnerom.",
         ["Nadácia pre rozvoj regiónu"]),
        ("Ministerstvo práce a sociálních věcí bude financovat pilotní projekty.",
         ["Ministerstvo práce a sociálních věcí"]),
        ("Agentura pro sociální začleňování nabízí obcím metodickou podporu.",
         ["Agentura pro sociální začleňování"]),
        ("Zaklada za razvoj regije provodi program s lokalnim partnerima.",
         ["Zaklada za razvoj regije"]),
        ("Fondacija za razvoj regiona sprovodi obuke za mlade u Nišu.",
         ["Fondacija za razvoj regiona"]),
        ("Udruženje za razvoj civilnog društva koje vodi projekat potpisalo je ugovor.",
         ["Udruženje za razvoj civilnog društva"]),
        ("Ministarstvo rada, mirovinskoga sustava, obitelji i socijalne politike objavilo je "
         "poziv.",
         ["Ministarstvo rada, mirovinskoga sustava, obitelji i socijalne politike"]),
        ("Ministrstvo za delo, družino, socialne zadeve in enake možnosti financira nove "
         "programe.",
         ["Ministrstvo za delo, družino, socialne zadeve in enake možnosti"]),
        ("Министерство на труда и социалната политика обяви процедура за подбор.",
         ["Министерство на труда и социалната политика"]),
        ("Министарство за рад, запошљавање, борачка и социјална питања расписује јавни позив.",
         ["Министарство за рад, запошљавање, борачка и социјална питања"]),
        ("Міністерство соціальної політики оголошує конкурс для громад.",
         ["Міністерство соціальної політики"]),
        # Capitalised names stop at a relative clause in every language.
        ("Partners are the Foundation for Youth Development which runs the pilot, and a city.",
         ["Foundation for Youth Development"]),
        ("The Association of Social Enterprises, which has 200 members, signed the pact.",
         ["Association of Social Enterprises"]),
        ("La Fundación para el Desarrollo Social que lidera el proyecto es socia.",
         ["Fundación para el Desarrollo Social"]),
        ("La Fondazione per lo Sviluppo Sociale che guida il progetto è partner.",
         ["Fondazione per lo Sviluppo Sociale"]),
        ("Asociația pentru Dezvoltare Locală care coordonează proiectul este partener.",
         ["Asociația pentru Dezvoltare Locală"]),
        ("Fundacja Rozwoju Regionu, która prowadzi projekt, szuka partnerów.",
         ["Fundacja Rozwoju Regionu"]),
        # Czech and Slovak registers put a comma before the legal form.
        ("Dodávateľom služby je ABC Consulting, s.r.o. z Bratislavy.",
         ["ABC Consulting, s.r.o."]),
        # "and" before a capitalised type word joins two names, not one.
        ("Partners are the Foundation for Youth Development, the City of Vienna and Caritas.",
         ["Foundation for Youth Development"]),
    ],
)  # fmt: skip
def test_type_word_names_stop_at_the_clause(text: str, expected: list[str]) -> None:
    assert [m.name for m in find_organisation_mentions(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The ministry will publish the results.",
        "The Ministry said the call would open in May.",
        "Universities and NGOs can apply; a foundation for young people is planned.",
        "Each competence centre offers training to social innovators.",
        "Ministerstvo uviedlo, že výzva bude otvorená.",
    ],
)
def test_no_names_from_generic_words(text: str) -> None:
    assert find_organisation_mentions(text) == []


def test_mentions_carry_the_country_they_are_listed_under() -> None:
    text = (
        "Projekt realizujeme s partnermi z Rakúska (L&R Social Research, arbeit plus), "
        "Maďarska (IFKA Public Benefit Non-Profit Ltd.) a Bulharska (Sofia Development "
        "Association). The project is led by Zentrum für Soziale Innovation – Austria. "
        "Project partners are Regional Development Agency – Romania and Kollektiva Make – Greece."
    )
    found = {m.name: m.country for m in find_organisation_mentions(text, "sk", "SK")}
    assert found == {
        "L&R Social Research": "AT",
        "arbeit plus": "AT",
        "IFKA Public Benefit Non-Profit Ltd.": "HU",
        "Sofia Development Association": "BG",
        "Zentrum für Soziale Innovation": "AT",
        "Regional Development Agency": "RO",
    }


def test_masking_keeps_length_and_hides_names() -> None:
    from transforms.organisations import mask_organisations

    text = "The Ministry of Labour, Social Affairs and Family supports families in Slovakia."
    masked = mask_organisations(text, ["Ministry of Labour, Social Affairs and Family"])
    assert len(masked) == len(text)
    assert "Family" not in masked and "families in Slovakia" in masked
    assert mask_organisations(text, []) == text
