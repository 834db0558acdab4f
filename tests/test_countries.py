"""Country names as written in many languages, inflected and official, to ISO 3166-1 codes."""

import pytest

from transforms.countries import find_countries


@pytest.mark.parametrize(
    ("text", "lang", "codes"),
    [
        # The examples: CLDR names and their inflected forms.
        ("Rakúsko", "sk", ["AT"]),
        ("Австрия", "bg", ["AT"]),
        ("partneri z Maďarska", "sk", ["HU"]),
        ("parteneri din Bulgariei", "ro", ["BG"]),
        ("Ausztria", "hu", ["AT"]),
        ("Ausztriában és Szlovákiában", "hu", ["AT", "SK"]),
        ("w Polsce i na Słowacji", "pl", ["PL", "SK"]),  # locative "Polsce" is not a stem form
        ("in Österreich und Ungarn", "de", ["AT", "HU"]),
        ("en Autriche et en Hongrie", "fr", ["AT", "HU"]),
        ("στην Αυστρία και την Ουγγαρία", "el", ["AT", "HU"]),
        ("Lietuvoje ir Latvijoje", "lt", ["LT", "LV"]),
        ("Suomessa ja Ruotsissa", "fi", ["FI", "SE"]),
        ("в Сербії та Україні", "uk", ["RS", "UA"]),
        ("u Srbiji i Hrvatskoj", "sr", ["RS", "HR"]),
        # Official long forms come from pycountry's ISO 3166 translations.
        ("az Osztrák Köztársaságban", "hu", ["AT"]),
        ("Република Австрия", "bg", ["AT"]),
        ("the Slovak Republic and the Republic of Austria", "en", ["SK", "AT"]),
        ("Republica Slovacă", "ro", ["SK"]),
        # English names are always looked for, whatever the page's language.
        ("partneri: Austria, Hungary", "sk", ["AT", "HU"]),
    ],
)  # fmt: skip
def test_names_in_many_languages(text: str, lang: str, codes: list[str]) -> None:
    found = [code for code, _ in find_countries(text, lang)]
    assert [c for c in codes if c in found] == codes, found


def test_order_of_first_mention_and_written_form_kept() -> None:
    found = find_countries("Rakúsko, Maďarsko a znova Rakúsko", "sk")
    assert found == [("AT", "Rakúsko"), ("HU", "Maďarsko")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Romani communities and Roma inclusion", "en"),  # not Romania
        ("A római szerződések évfordulója", "hu"),
        ("tradiční polské jídlo", "cs"),  # a lower-case adjective is not the country
        ("", "en"),
        ("24-11-2023", None),
    ],
)  # fmt: skip
def test_no_country_where_none_is_named(text: str, lang: str | None) -> None:
    assert find_countries(text, lang) == []
