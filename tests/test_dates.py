"""Dates as portals print them, in the EU languages plus Serbian and Ukrainian."""

import pytest

from benchmarks.dates import load_samples, ours_right
from transforms.dates import extract_period, parse_date


def test_labelled_set_at_least_95_percent_with_and_without_language() -> None:
    rows = load_samples()
    assert len(rows) >= 100
    assert len({row["lang"] for row in rows if row["lang"]}) == 26  # the 24 EU languages, sr, uk
    assert ours_right(rows) / len(rows) >= 0.95
    assert ours_right(rows, with_language=False) / len(rows) >= 0.95


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("máj 2021 - apríl 2023", "sk", "2021-05/2023-04"),
        ("2021. május – 2023. április", "hu", "2021-05/2023-04"),
        ("od 1. 3. 2022 do 31. 12. 2023", "sk", "2022-03-01/2023-12-31"),
        ("2023 m. spalio 3 d.", "lt", "2023-10-03"),
        ("2024. gada 12. martā", "lv", "2024-03-12"),
        ("м. октомври 2022 г.", "bg", "2022-10"),
        ("6 grudnia 2023", "pl", "2023-12-06"),
        ("24-11-2023", None, "2023-11-24"),
        ("Januar 2021 bis Dezember 2022", "de", "2021-01/2022-12"),
        ("Μάρτιος 2024", "el", "2024-03"),
        ("з 1 січня 2021 до 31 грудня 2022", "uk", "2021-01-01/2022-12-31"),
        # "between X and Y", the word before or (Hungarian, Finnish) after.
        ("2021. május és 2023. április között", "hu", "2021-05/2023-04"),
        ("between May 2021 and April 2023", "en", "2021-05/2023-04"),
        ("zwischen Mai 2021 und April 2023", "de", "2021-05/2023-04"),
        ("între mai 2021 și aprilie 2023", "ro", "2021-05/2023-04"),
        ("między majem 2021 a kwietniem 2023", "pl", "2021-05/2023-04"),
        ("toukokuun 2021 ja huhtikuun 2023 välillä", "fi", "2021-05/2023-04"),
    ],
)
def test_the_issue_examples_and_fixed_cases(text: str, lang: str | None, expected: str) -> None:
    assert parse_date(text, lang) == expected


def test_no_date_is_none_and_never_raises() -> None:
    for text in ("", "   ", "Hlavné menu", "24 hodín", "2", "-"):
        assert parse_date(text) is None


def test_period_from_running_text() -> None:
    body = "A projekt időtartama: 2021. május – 2023. április. Támogató: EaSI."
    assert extract_period(body, "hu") == ("2021-05", "2023-04")
    body = "Проектът стартира през май 2021 г. и ще продължи 24 месеца."
    assert extract_period(body, "bg") == ("2021-05", "2023-04")


def test_period_between_two_months_in_running_text() -> None:
    body = "A projekt 2021. május és 2023. április között fut."
    assert extract_period(body, "hu") == ("2021-05", "2023-04")
    body = "Проектът се изпълнява между май 2021 и април 2023 г."
    assert extract_period(body, "bg") == ("2021-05", "2023-04")
    # Without a "between" word, two months joined by "and" are two events, not a period.
    assert extract_period("Calls for proposals opened in May 2021 and April 2023.", "en") is None
