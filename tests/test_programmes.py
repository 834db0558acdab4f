"""Funding programmes: names and acronyms in the EU languages -> one controlled vocabulary."""

import pytest

from transforms.programmes import find_programmes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # ESF+ acronyms, as the issue lists them; never also counted as the old ESF.
        ("financované z ESF+", ["ESF+"]),
        ("cofinanțat prin FSE+", ["ESF+"]),
        ("w ramach EFS+", ["ESF+"]),
        ("ЕСФ+ 2021-2027", ["ESF+"]),
        ("az ESZA+ forrásaiból", ["ESF+"]),
        ("Europejskiego Funduszu Społecznego Plus", ["ESF+"]),
        ("Evropského sociálního fondu plus", ["ESF+"]),
        ("Ευρωπαϊκό Κοινωνικό Ταμείο+", ["ESF+"]),
        # ESF names in many languages, inflected.
        ("z Európskeho sociálneho fondu", ["ESF"]),
        ("Euroopa Sotsiaalfondist rahastatud", ["ESF"]),
        ("Euroopan sosiaalirahaston tuella", ["ESF"]),
        ("Europees Sociaal Fonds", ["ESF"]),
        ("Fundo Social Europeu", ["ESF"]),
        ("Europski socijalni fond", ["ESF"]),
        ("Evropski socialni sklad", ["ESF"]),
        ("Europos socialinio fondo lėšomis", ["ESF"]),
        ("Fond Soċjali Ewropew", ["ESF"]),
        ("ΕΚΤ", ["ESF"]),
        # EaSI, by acronym and by its name.
        ("program EaSI", ["EaSI"]),
        ("Program na rzecz zatrudnienia i innowacji społecznych", ["EaSI"]),
        ("програма за заетост и социални иновации", ["EaSI"]),
        ("Programme pour l'emploi et l'innovation sociale", ["EaSI"]),
        # The others.
        ("ERDF and EFRE", ["ERDF"]),
        ("Interreg Danube Transnational Programme", ["Interreg"]),
        ("Horizon Europe", ["Horizon Europe"]),
        ("Erasmus+ mobility", ["Erasmus+"]),
        ("financovaný zo štátneho rozpočtu", ["national"]),
        ("az állami költségvetésből", ["national"]),
        ("z budżetu państwa", ["national"]),
        ("финансиран по национална програма", ["national"]),
        # Several in one text, in vocabulary order.
        ("ESF+ and EaSI, co-financed by the state budget", ["ESF+", "EaSI", "national"]),
    ],
)  # fmt: skip
def test_programmes_in_many_languages(text: str, codes: list[str]) -> None:
    assert [code for code, _ in find_programmes(text)] == codes


@pytest.mark.parametrize(
    "text",
    ["Social innovation in Sofia", "ESFAHAN", "a social fund for the neighbourhood", ""],
)
def test_no_programme_where_none_is_named(text: str) -> None:
    assert find_programmes(text) == []
