"""Budgets in running text (issue 17, budget part): the labelled set, spec cases, negatives."""

import dataclasses
import random

import pytest

from benchmarks.budgets import expected, fields, load_samples, right
from transforms.budgets import Budget, parse_budget

Fields = tuple[float, str | None, float | None, float | None] | None


def test_labelled_set_exact_and_negatives() -> None:
    rows = load_samples()
    assert len(rows) >= 150
    assert len({row["lang"] for row in rows}) >= 24
    negatives = [expected(row) is None for row in rows]
    assert sum(negatives) >= 35
    hits = right(rows, parse_budget)
    assert sum(hits) / len(rows) >= 0.90
    negative_hits = [hit for hit, negative in zip(hits, negatives, strict=True) if negative]
    assert sum(negative_hits) / len(negative_hits) >= 0.95


@pytest.mark.parametrize("split", ["dev", "fresh", "probe"])
def test_each_split_reaches_the_target(split: str) -> None:
    rows = load_samples(split)
    assert rows
    assert sum(right(rows, parse_budget)) / len(rows) >= 0.90


def test_without_a_language_the_set_still_reads() -> None:
    rows = load_samples()
    hits = right(rows, lambda text, lang: parse_budget(text))
    assert sum(hits) / len(rows) >= 0.95


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("A projekt összköltsége 197 millió euró.", "hu", (197e6, "EUR", None, None)),
        ("The project's budget is €1.6 million.", "en", (1.6e6, "EUR", None, None)),
        ("Bugetul este de 197 de milioane EUR.", "ro", (197e6, "EUR", None, None)),
        ("Wartość projektu: 1,6 mln zł", "pl", (1.6e6, "PLN", None, None)),
        ("Grants of 500.000 - 1.500.000 EUR", "en", (1.5e6, "EUR", 5e5, 1.5e6)),
        ("Budget: EUR 2 500 000", "en", (2.5e6, "EUR", None, None)),
        ("Vrednost je 2,5 milijona evrov.", "sl", (2.5e6, "EUR", None, None)),
        ("Budjetti on 1.2 miljoonaa euroa.", "fi", (1.2e6, "EUR", None, None)),
        ("The fund is worth €250m.", "en", (250e6, "EUR", None, None)),
        ("Le projet coûte 3 M€.", "fr", (3e6, "EUR", None, None)),
        ("Dotace 45 000 Kč", "cs", (45e3, "CZK", None, None)),
        ("Rozpočet 10 mil. Kč", "cs", (10e6, "CZK", None, None)),
        ("Budżet 500 tys. zł", "pl", (5e5, "PLN", None, None)),
        ("Alokácia 2 mld. EUR", "sk", (2e9, "EUR", None, None)),
        ("Orçamento de 1,5 milhões de euros", "pt", (1.5e6, "EUR", None, None)),
        ("Begroting: 3 miljoen euro", "nl", (3e6, "EUR", None, None)),
        ("Budget: 200 000 kr", "sv", (2e5, "SEK", None, None)),
        ("Budget: 200 000 kr.", "da", (2e5, "DKK", None, None)),
        ("Бюджет: BGN 1 200 000", "bg", (1.2e6, "BGN", None, None)),
        ("Бюджетът е 1,2 милиона лева.", "bg", (1.2e6, "BGN", None, None)),
        ("A klub 150 ezer forint támogatást kapott.", "hu", (15e4, "HUF", None, None)),
        ("Keretösszeg: 12 millió Ft", "hu", (12e6, "HUF", None, None)),
        ("Příspěvek 5 tis. €", "cs", (5e3, "EUR", None, None)),
        ("Stöd: 4,5 Mkr", "sv", (4.5e6, "SEK", None, None)),
        ("Estimated budget of 8 MEUR", "en", (8e6, "EUR", None, None)),
        ("Ukupno 1.250.000,00 kn", "hr", (1.25e6, "HRK", None, None)),
        ("Dotácia 1,2 mil. Sk", "sk", (1.2e6, "SKK", None, None)),
        ("Skirta 3,5 mln. litų", "lt", (3.5e6, "LTL", None, None)),
        ("Beitrag: CHF 1'250'000", "de", (1.25e6, "CHF", None, None)),
        ("Total 1\u202f234\u202f567,89 €", "fr", (1234567.89, "EUR", None, None)),
        ("Total 1\u00a0234\u00a0567 €", "fr", (1234567.0, "EUR", None, None)),
        ("Total eligible costs: EUR 2,485,310.50", "en", (2485310.5, "EUR", None, None)),
        ("Award of £450k", "en", (45e4, "GBP", None, None)),
        ("Loan of US$ 12 million", "en", (12e6, "USD", None, None)),
        ("Importo: Euro 150.000,00", "it", (15e4, "EUR", None, None)),
        ("1–3 million EUR per project", "en", (3e6, "EUR", 1e6, 3e6)),
        ("A támogatás 3 és 50 millió Ft közötti.", "hu", (50e6, "HUF", 3e6, 50e6)),
        ("od 50 000 do 300 000 eur", "sk", (3e5, "EUR", 5e4, 3e5)),
        ("between EUR 200 000 and EUR 700 000", "en", (7e5, "EUR", 2e5, 7e5)),
        # "up to" keeps only the maximum, "at least" only the minimum, in every language.
        ("Grants of up to €250,000", "en", (25e4, "EUR", None, 25e4)),
        ("legfeljebb 25 millió forint", "hu", (25e6, "HUF", None, 25e6)),
        ("maximálne 200 000 €", "sk", (2e5, "EUR", None, 2e5)),
        ("dotacja do 150 000 złotych", "pl", (15e4, "PLN", None, 15e4)),
        ("granturi de până la 100.000 de euro", "ro", (1e5, "EUR", None, 1e5)),
        ("bis zu 100.000 EUR", "de", (1e5, "EUR", None, 1e5)),
        ("jusqu'à 200 000 €", "fr", (2e5, "EUR", None, 2e5)),
        ("fino a 20.000 euro", "it", (2e4, "EUR", None, 2e4)),
        ("hasta 60.000 euros", "es", (6e4, "EUR", None, 6e4)),
        ("até 500.000 euros", "pt", (5e5, "EUR", None, 5e5)),
        ("tot € 50.000", "nl", (5e4, "EUR", None, 5e4)),
        ("upp till 1 miljon kronor", "sv", (1e6, "SEK", None, 1e6)),
        ("op til 400.000 kr.", "da", (4e5, "DKK", None, 4e5)),
        ("enintään 100 000 euroa", "fi", (1e5, "EUR", None, 1e5)),
        ("kuni 50 000 eurot", "et", (5e4, "EUR", None, 5e4)),
        ("iki 100 000 Eur", "lt", (1e5, "EUR", None, 1e5)),
        ("līdz 50 000 eiro", "lv", (5e4, "EUR", None, 5e4)),
        ("до 391 166 лв.", "bg", (391166.0, "BGN", None, 391166.0)),
        ("έως 100.000 ευρώ", "el", (1e5, "EUR", None, 1e5)),
        ("30 millió forintig", "hu", (30e6, "HUF", None, 30e6)),
        ("at least EUR 50,000", "en", (5e4, "EUR", 5e4, None)),
        ("legalább 5 millió Ft", "hu", (5e6, "HUF", 5e6, None)),
        ("najmenej 5 000 eur", "sk", (5e3, "EUR", 5e3, None)),
        ("co najmniej 10 tys. zł", "pl", (1e4, "PLN", 1e4, None)),
        ("cel puțin 10.000 lei", "ro", (1e4, "RON", 1e4, None)),
        ("mindestens 10.000 €", "de", (1e4, "EUR", 1e4, None)),
        ("au moins 20 000 €", "fr", (2e4, "EUR", 2e4, None)),
        ("almeno 25.000 euro", "it", (25e3, "EUR", 25e3, None)),
        ("al menos 5.000 euros", "es", (5e3, "EUR", 5e3, None)),
        ("pelo menos 10 mil euros", "pt", (1e4, "EUR", 1e4, None)),
        ("minstens € 5.000", "nl", (5e3, "EUR", 5e3, None)),
        ("minst 50 000 kr", "sv", (5e4, "SEK", 5e4, None)),
        ("vähintään 10 000 euroa", "fi", (1e4, "EUR", 1e4, None)),
        ("vähemalt 10 000 eurot", "et", (1e4, "EUR", 1e4, None)),
        ("ne mažiau kaip 10 000 eurų", "lt", (1e4, "EUR", 1e4, None)),
        ("vismaz 5 000 eiro", "lv", (5e3, "EUR", 5e3, None)),
        ("най-малко 5000 лв.", "bg", (5e3, "BGN", 5e3, None)),
        ("τουλάχιστον 10.000 ευρώ", "el", (1e4, "EUR", 1e4, None)),
        ("Több mint 2 milliárd forint", "hu", (2e9, "HUF", 2e9, None)),
        # A money word with no currency: the amount, currency None.
        ("The programme has a budget of 3.5 million for two years.", "en",
         (3.5e6, None, None, None)),
        # Several sums: the total wins, else the first.
        ("EU funding of EUR 800 000 out of a total budget of EUR 1 000 000", "en",
         (1e6, "EUR", None, None)),
        ("Polska otrzyma 76 mld euro, czyli ok. 350 mld zł.", "pl", (76e9, "EUR", None, None)),
    ],
)  # fmt: skip
def test_spec_cases(text: str, lang: str, want: Fields) -> None:
    assert fields(parse_budget(text, lang)) == want


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The project reached 1,250 participants and created 85 jobs.", "en"),
        ("Do projektu sa zapojilo 350 žiakov zo 14 základných škôl.", "sk"),
        ("W projekcie weźmie udział 120 uczestników.", "pl"),
        ("ESF+ 2021-2027", "en"),
        ("Operational Programme Human Resources 2014-2020", "en"),
        ("ESF+ co-finances up to 85 % of eligible costs.", "en"),
        ("A támogatási intenzitás legfeljebb 85%.", "hu"),
        ("Poziom dofinansowania wynosi do 95% wydatków.", "pl"),
        ("Tel.: +420 224 918 111, IČO 00551023", "cs"),
        ("Call us on +44 20 7946 0958.", "en"),
        ("Телефон: 02 987 65 43", "bg"),
        ("The toolkit (48 pages) was downloaded 12,000 times.", "en"),
        ("More than 3 million people live in severe housing deprivation.", "en"),
        ("The budget for 2024 will be approved in December.", "en"),
        ("Rozpočet na rok 2025 schválí zastupitelstvo.", "cs"),
        ("Publikováno: 12. 10. 2023", "cs"),
        ("Funding for 1 200 families in 40 municipalities.", "en"),
        ("EURO 2024 in Germany", "de"),
        ("Budapest, 1027 Kapás utca 6-12.", "hu"),
        ("No figures are given.", "en"),
    ],
)
def test_not_money(text: str, lang: str) -> None:
    assert parse_budget(text, lang) is None


def test_result_shape() -> None:
    budget = parse_budget("Gesamtbudget: 2,5 Mio. Euro", "de")
    assert isinstance(budget, Budget)
    assert dataclasses.is_dataclass(budget)
    assert (budget.amount, budget.currency, budget.min, budget.max) == (2.5e6, "EUR", None, None)
    assert budget.text == "2,5 Mio. Euro"
    with pytest.raises(dataclasses.FrozenInstanceError):
        budget.amount = 1.0  # type: ignore[misc]
    # Decimal arithmetic: no 1149999.9999999998.
    assert parse_budget("1,15 mln zł", "pl").amount == 1150000.0  # type: ignore[union-attr]


def test_language_tags_and_markup() -> None:
    assert fields(parse_budget("összege 1,2 millió Ft", "hu-HU")) == (1.2e6, "HUF", None, None)
    assert fields(parse_budget("1&nbsp;250&nbsp;000&nbsp;&euro;", "FR")) == (
        1.25e6,
        "EUR",
        None,
        None,
    )


def test_never_raises() -> None:
    odd: list[object] = [None, 5, "", "€", "EUR EUR", "1" * 5000, "€" + "9" * 400, "1,,,2"]
    odd += ["..1..", "\x00\ud800", "1e999 EUR", "0 EUR", "- - 1 - 2 €", "do " * 500]
    alphabet = "0123456789 .,'’-–€$£ kKmMzł Ft Kč lei лв EUR mln tys. up to do até %\u00a0\u202f"
    rng = random.Random(17)
    odd += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(2000)]
    for text in odd:
        result = parse_budget(text, rng.choice([None, "en", "hu", "sk", "xx", ""]))  # type: ignore[arg-type]
        assert result is None or isinstance(result.amount, float)
