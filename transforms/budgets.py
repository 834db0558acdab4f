"""A budget from running text: ``parse_budget(text, lang) -> Budget | None``.

Portals state sums of money in every convention at once: "197 millió euró", "€1.6 million",
"197 de milioane EUR", "1,6 mln zł", "500.000 - 1.500.000 EUR", "EUR 2 500 000", "3 M€",
"€250m", "4,5 Mkr", "1.234.567,89 kn", "CHF 1'250'000". The text is read in three steps, with
patterns compiled once from ``lexicons/budgets.yml`` (currencies, multiplier words, cue words):

1. **Sums.** A number (every grouping convention: ``1.234.567,89``, ``1,234,567.89``,
   ``1 234 567`` with plain, no-break or thin spaces, ``1'234'567``), an optional multiplier
   (a word after it, "millió", "mln", "tys.", "mil.", "εκατ.", or a letter glued to the number
   or to the currency, "250m", "M€", "MEUR", "Mkr") and a currency before or after it (a code,
   a symbol or a word in any of its forms: "forinttal", "eurų", "лева", "Ft-ig").
2. **Readings.** Two sums joined by a dash or a range word make a range ("od 50 000 do
   300 000 eur", "between EUR 200 000 and EUR 700 000", "3 és 50 millió Ft között"); a bare
   first number takes the second's currency and, when it is small, its multiplier ("1–3 million
   EUR"). A cue right before a sum makes it a ceiling ("up to", "legfeljebb", "do", "bis zu",
   "enintään", "less than") or a floor ("at least", "legalább", "co najmniej", "more than",
   "над"); Hungarian "-ig" / "felett" after it do the same.
3. **Choice.** Sums with a currency win over sums without one; among them the first that a
   "total" word introduces ("total budget", "celkový", "összköltség", "συνολικός"), else the
   first in the text.

What comes back (a frozen ``Budget``):

* a single sum: ``amount`` = the sum, ``min`` = ``max`` = None;
* a range: ``min`` and ``max`` are its ends and ``amount`` is the maximum (the figure a SIM
  case's one budget field should show: the ceiling the project may reach);
* "up to X": ``amount`` = ``max`` = X, ``min`` None; "at least X": ``amount`` = ``min`` = X,
  ``max`` None;
* ``currency`` is ISO 4217 (former currencies kept: SKK, LTL, LVL, EEK, SIT, MTL, CYP, HRK), or
  None for a sum that a budget word introduces but no currency follows ("a budget of 3.5 million
  for two years"); such a bare sum needs a multiplier or punctuation after it, so that "budget
  for 1 200 participants" and "1 million people" stay counts;
* ``text``: the sum or range as written.

None when the text states no sum of money: counts (participants, jobs, pupils), percentages,
years and periods ("ESF+ 2021-2027"), dates, phone numbers and page counts carry no currency
and no budget word, or are shaped like a year, a date or a percentage.

Amounts are computed with ``Decimal`` and returned as ``float``, so "1,15 mln" is 1150000.0
exactly.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICON = Path(__file__).parent / "lexicons" / "budgets.yml"

# Grouping spaces: plain, no-break, narrow no-break, thin.
_SPACES = " \u00a0\u202f\u2009"
_NUMBER = (
    rf"\d{{1,3}}(?:[{_SPACES}.,'’]\d{{3}})+(?:[.,]\d+)?(?![\d])(?![.,]\d)"
    r"|\d+(?:[.,]\d+)?(?![\d])(?![.,]\d)"
)
_DECIMAL_POINT_LANGS = {"en", "ga", "mt"}  # the rest of Europe writes a decimal comma
_YEAR = re.compile(r"(?:19[5-9]\d|20[0-4]\d)")
_WS = re.compile(r"\s+")
_INVISIBLE = {0x00AD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0xFEFF: None}
# Nothing a page states as a budget comes near ten trillion (the EU's seven-year budget is about
# 1.2 trillion euro): a longer run of digits is an identifier or noise.
_LARGEST = Decimal(10) ** 13


@dataclass(frozen=True)
class Budget:
    """A sum of money as a SIM case's budget fields want it (see the module docstring)."""

    amount: float
    currency: str | None
    min: float | None = None
    max: float | None = None
    text: str = ""


@dataclass
class _Sum:
    """One sum in the text, before ranges and cues are read."""

    start: int
    end: int
    value: Decimal
    raw_number: Decimal
    currency: str | None
    has_multiplier: bool
    up_to_suffix: bool  # Hungarian "forintig", "Ft-ig"


def _form_pattern(form: str, *, words: bool) -> str:
    """A lexicon form as a regex: a trailing ``*`` takes any word ending."""
    stem = form[:-1] if form.endswith("*") else form
    body = r"\s+".join(re.escape(part) for part in stem.split())
    if form.endswith("*"):
        body += r"\w*"
    if (words and body[-1:].isalnum()) or form.endswith("*"):
        body += r"(?!\w)"
    return body


def _alternation(forms: list[str], *, words: bool) -> str:
    ordered = sorted(set(forms), key=len, reverse=True)  # the longest form first
    return "|".join(_form_pattern(form, words=words) for form in ordered)


@dataclass(frozen=True)
class _Lexicon:
    currency_codes: dict[str, str]
    currency_words: tuple[tuple[re.Pattern[str], str], ...]
    by_language: dict[str, dict[str, str]]
    multiplier_words: tuple[tuple[re.Pattern[str], int], ...]
    mil: dict[str, int]
    glued: dict[str, int]
    before_currency: dict[str, int]
    sums: re.Pattern[str]
    up_to_near: re.Pattern[str]
    up_to_next: re.Pattern[str]
    at_least_near: re.Pattern[str]
    more_than_next: dict[str, re.Pattern[str]]  # by language; "" for all languages at once
    less_than_next: dict[str, re.Pattern[str]]
    at_least_after: re.Pattern[str]
    up_to_after: re.Pattern[str]
    range_open: re.Pattern[str]
    range_to: re.Pattern[str]
    range_and: re.Pattern[str]
    range_after: re.Pattern[str]
    budget_near: re.Pattern[str]
    after_bare: re.Pattern[str]
    total_word: re.Pattern[str]


def _flatten(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(form) for forms in value.values() for form in forms]
    return [str(form) for form in value]


def _cue_before(forms: list[str], gap_words: int) -> re.Pattern[str]:
    """A cue at the end of the text before a sum, with up to ``gap_words`` words after it."""
    gap = rf"(?:[\s:–-]+[^\s\d.,;!?()]+){{0,{gap_words}}}" if gap_words else ""
    return re.compile(
        rf"(?:^|[^\w])(?:{_alternation(forms, words=True)}){gap}[\s:–-]*$", re.IGNORECASE
    )


def _by_language(table: dict[str, list[str]]) -> dict[str, re.Pattern[str]]:
    patterns = {str(lang): _cue_before([str(f) for f in forms], 0) for lang, forms in table.items()}
    patterns[""] = _cue_before(_flatten(table), 0)
    return patterns


@cache
def _lexicon() -> _Lexicon:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    codes: dict[str, str] = {}
    words: list[tuple[re.Pattern[str], str]] = []
    for iso, body in data["currencies"].items():
        for code in body.get("codes") or []:
            codes[str(code)] = iso
        for word in body.get("words") or []:
            words.append((re.compile(_form_pattern(str(word), words=True), re.I), iso))
    by_language = {
        str(k): {str(a): str(b) for a, b in v.items()} for k, v in data["by_language"].items()
    }
    multiplier_forms = {str(f): int(v) for v, forms in data["multipliers"].items() for f in forms}
    multipliers = tuple(
        (re.compile(_form_pattern(form, words=True), re.I), value)
        for form, value in sorted(multiplier_forms.items(), key=lambda kv: -len(kv[0]))
    )
    glued = {str(k): int(v) for k, v in data["short_multipliers"]["glued_to_number"].items()}
    before = {str(k): int(v) for k, v in data["short_multipliers"]["before_currency"].items()}

    # Codes and symbols are case-sensitive ("Ft", "kr", "Sk"); currency words are not.
    code_forms = sorted(set(codes) | set(by_language), key=len, reverse=True)
    code_alt = "|".join(
        re.escape(c) + (r"(?![^\W\d_])" if c[-1].isalpha() else "") for c in code_forms
    )
    word_alt = _alternation(
        [str(w) for body in data["currencies"].values() for w in body.get("words") or []],
        words=True,
    )
    currency = rf"(?:{code_alt}|(?i:{word_alt}))(?:-[^\W\d_]+)?"
    # Before the number only symbols and ISO codes ("EUR 2 500 000", "€1.6 million"): "Ft 5"
    # or "kr 5" is no way of writing a sum.
    pre_currency = "|".join(
        re.escape(c)
        for c in sorted(set(codes), key=len, reverse=True)
        if re.fullmatch(r"[A-Z]{3}|[^\w\s.]+|US\$", c)
    )
    mult_alt = _alternation([*multiplier_forms, "mil", "mil."], words=True)
    glued_alt = "|".join(sorted(map(re.escape, glued), key=len, reverse=True))
    before_alt = "|".join(sorted(map(re.escape, before), key=len, reverse=True))
    # "Euro 150.000,00" (Italian and Slovenian tables) also puts a currency word first.
    pre_words = r"(?i:euro|eur)"
    sums = re.compile(
        rf"(?:(?<![^\W\d_])(?:(?P<pre>{pre_currency})|(?P<preword>{pre_words}))[{_SPACES}]?"
        rf"|(?<![\w.,/+]))"
        rf"(?P<num>{_NUMBER})"
        # "€250m", and "€1.6 m" where a currency comes first.
        rf"(?:(?(pre)[{_SPACES}]?|(?(preword)[{_SPACES}]?|))(?P<glued>{glued_alt})(?![^\W\d_]))?"
        rf"(?:[{_SPACES}]*(?:(?i:de)\s+)?(?P<mult>(?i:{mult_alt})))?"
        rf"(?:[{_SPACES}]?(?P<short>{before_alt})(?=[{_SPACES}]?(?:{currency})))?"
        rf"(?:[{_SPACES}]*(?:(?i:de|di|of|от)\s+|(?i:d)['’])?(?P<post>{currency}))?"
    )
    after_bare = _alternation(_flatten(data["after_bare_sum"]), words=True)
    return _Lexicon(
        currency_codes=codes,
        currency_words=tuple(words),
        by_language=by_language,
        multiplier_words=multipliers,
        mil={str(k): int(v) for k, v in data["mil"].items()},
        glued=glued,
        before_currency=before,
        sums=sums,
        up_to_near=_cue_before(_flatten(data["up_to_near"]), 5),
        up_to_next=_cue_before(_flatten(data["up_to_next"]), 0),
        at_least_near=_cue_before(_flatten(data["at_least_near"]), 5),
        more_than_next=_by_language(data["more_than_next"]),
        less_than_next=_by_language(data["less_than_next"]),
        at_least_after=re.compile(
            rf"^[\s,]*(?:{_alternation(_flatten(data['at_least_after']), words=True)})", re.I
        ),
        up_to_after=re.compile(
            rf"^[\s,]*(?:{_alternation(_flatten(data['up_to_after']), words=True)})", re.I
        ),
        range_open=_cue_before(_flatten(data["range_from"]), 1),
        range_to=re.compile(
            rf"^\s*(?:[-–—]|(?:{_alternation(_flatten(data['range_to']), words=True)}))\s*$",
            re.I,
        ),
        range_and=re.compile(
            rf"^\s+(?:{_alternation(_flatten(data['range_and']), words=True)})\s+$", re.I
        ),
        range_after=re.compile(
            rf"^\s*(?:{_alternation(_flatten(data['range_after']), words=True)})", re.I
        ),
        budget_near=_cue_before(_flatten(data["budget_words"]), 4),
        after_bare=re.compile(rf"^(?:\s*(?:$|[.,;:)!?\n])|\s+(?:{after_bare}))", re.I),
        total_word=re.compile(
            rf"(?:^|[^\w])(?:{_alternation(_flatten(data['total_words']), words=True)})", re.I
        ),
    )


def _to_decimal(raw: str, has_multiplier: bool, lang: str | None) -> Decimal | None:
    """``raw`` as written ("1.234.567,89", "1,6", "1 250 000", "1'250'000") -> its value."""
    text = re.sub(rf"[{_SPACES}'’]", "", raw)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:  # the later mark is the decimal one
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        text = text.replace(group_mark, "").replace(decimal_mark, ".")
    elif dots + commas > 1:  # one mark several times: grouping
        text = text.replace(".", "").replace(",", "")
    elif dots + commas == 1:
        mark = "." if dots else ","
        decimals = len(text) - text.index(mark) - 1
        if decimals != 3:
            is_decimal = True
        elif has_multiplier:  # "1.500 millió" is 1.5 in Hungarian, "1,500 million" 1500 in English
            own = "." if lang in _DECIMAL_POINT_LANGS else ","
            is_decimal = lang is None or mark == own
        else:  # "1.500 EUR", "350,000 €": a sum of money is not written to the tenth of a cent
            is_decimal = False
        text = text.replace(mark, "." if is_decimal else "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _currency(token: str, lang: str | None, text: str) -> str | None:
    lexicon = _lexicon()
    base = token.split("-")[0] if "-" in token[1:] else token
    if base in lexicon.by_language:
        table = lexicon.by_language[base]
        if lang in table:
            return table[lang]
        # Without a language, the text's letters tell Danish from Swedish.
        if base.startswith("kr") and lang is None and ("ø" in text or "æ" in text):
            return "DKK"
        return table.get("default")
    if base in lexicon.currency_codes:
        return lexicon.currency_codes[base]
    if token in lexicon.currency_codes:
        return lexicon.currency_codes[token]
    for pattern, iso in lexicon.currency_words:
        if pattern.fullmatch(base):
            return iso
    return None


def _multiplier(word: str, lang: str | None, currency: str | None) -> int:
    lexicon = _lexicon()
    if word.lower() in {"mil", "mil."}:
        if lang in lexicon.mil:
            return lexicon.mil[lang]
        if word.endswith(".") or currency in {"CZK", "SKK", "RON", "HRK", "RSD"}:
            return lexicon.mil["default_dot"]
        return lexicon.mil["default"]
    for pattern, value in lexicon.multiplier_words:
        if pattern.fullmatch(word):
            return value
    return 1


def _sums(text: str, lang: str | None) -> list[_Sum]:
    found: list[_Sum] = []
    for match in _lexicon().sums.finditer(text):
        pre, post = match.group("pre") or match.group("preword"), match.group("post")
        if match.group("preword") and _YEAR.fullmatch(match.group("num")):
            continue  # "Euro 2024" is a football tournament
        currency = None
        if pre:
            currency = _currency(pre, lang, text)
        if post and currency is None:
            currency = _currency(post, lang, text)
        factor = 1
        if match.group("glued"):
            factor = _lexicon().glued[match.group("glued")]
        elif match.group("mult"):
            factor = _multiplier(_WS.sub(" ", match.group("mult")), lang, currency)
        elif match.group("short") and (match.group("short") != "e" or currency == "HUF"):
            factor = _lexicon().before_currency[match.group("short")]  # "e Ft" is ezer forint
        has_multiplier = factor != 1
        number = _to_decimal(match.group("num"), has_multiplier, lang)
        if number is None or not 0 < number * factor < _LARGEST:
            continue
        end = match.end()
        # A bare number right before "%" is a rate, whatever cue stands before it.
        if currency is None and re.match(r"\s*(?:%|‰|(?i:percent|per cent|procent))", text[end:]):
            continue
        suffix = (post or "").lower()
        found.append(
            _Sum(
                start=match.start(),
                end=end,
                value=number * factor,
                raw_number=number,
                currency=currency,
                has_multiplier=has_multiplier,
                up_to_suffix=(lang in (None, "hu")) and (suffix.endswith("ig")),
            )
        )
    return found


@dataclass
class _Reading:
    start: int
    end: int
    amount: Decimal
    currency: str | None
    low: Decimal | None = None
    high: Decimal | None = None


def _join_range(text: str, first: _Sum, second: _Sum) -> _Reading | None:
    """``first`` and ``second`` as one range, when the words between them make one."""
    lexicon = _lexicon()
    between = text[first.end : second.start]
    if len(between) > 25:
        return None
    before = text[max(0, first.start - 40) : first.start]
    joined = lexicon.range_to.match(between) or (
        lexicon.range_and.match(between)
        and (lexicon.range_open.search(before) or lexicon.range_after.match(text[second.end :]))
    )
    if not joined:
        return None
    if first.currency and second.currency and first.currency != second.currency:
        return None
    if first.currency is None and second.currency is None:
        return None
    low = first.value
    if not first.has_multiplier and second.has_multiplier and first.raw_number < 1000:
        low = first.raw_number * (second.value / second.raw_number)  # "1–3 million"
    if not low < second.value:
        return None
    return _Reading(
        first.start, second.end, second.value, first.currency or second.currency, low, second.value
    )


def _is_bare_money(text: str, item: _Sum) -> bool:
    """A number without a currency counts only as a budget word's figure."""
    lexicon = _lexicon()
    if not lexicon.budget_near.search(text[max(0, item.start - 80) : item.start]):
        return False
    if not item.has_multiplier:
        whole = item.raw_number == item.raw_number.to_integral_value()
        if item.value < 1000 or (whole and _YEAR.fullmatch(str(int(item.value)))):
            return False
    return bool(lexicon.after_bare.match(text[item.end :]))


def _apply_cues(text: str, reading: _Reading, item: _Sum | None, lang: str | None) -> None:
    """Ceilings and floors: "up to X" keeps only the maximum, "at least X" only the minimum."""
    lexicon = _lexicon()
    before = text[max(0, reading.start - 80) : reading.start]
    after = text[reading.end : reading.end + 30]
    more_than = lexicon.more_than_next.get(lang or "", lexicon.more_than_next[""])
    less_than = lexicon.less_than_next.get(lang or "", lexicon.less_than_next[""])
    ceilings = [
        m
        for m in (
            lexicon.up_to_next.search(before),
            lexicon.up_to_near.search(before),
            less_than.search(before),
        )
        if m
    ]
    floors = [m for m in (lexicon.at_least_near.search(before), more_than.search(before)) if m]
    ceiling = bool(ceilings) or bool(lexicon.up_to_after.match(after))
    ceiling = ceiling or (item is not None and item.up_to_suffix)
    floor = bool(floors) or bool(lexicon.at_least_after.match(after))
    if ceilings and floors:
        # "ne mažiau kaip" (at least) holds "mažiau kaip" (less than), "not less than" holds
        # "less than": the longer phrase, the one that starts first, is the cue.
        first_ceiling = min(m.start() for m in ceilings)
        first_floor = min(m.start() for m in floors)
        ceiling, floor = first_ceiling < first_floor, first_floor < first_ceiling
    if ceiling and not floor:
        reading.high = reading.amount
    elif floor and not ceiling:
        reading.low = reading.amount


def _readings(text: str, lang: str | None) -> list[_Reading]:
    sums = _sums(text, lang)
    readings: list[_Reading] = []
    index = 0
    while index < len(sums):
        item = sums[index]
        if index + 1 < len(sums):
            joined = _join_range(text, item, sums[index + 1])
            if joined is not None:
                readings.append(joined)
                index += 2
                continue
        if item.currency is not None or _is_bare_money(text, item):
            reading = _Reading(item.start, item.end, item.value, item.currency)
            _apply_cues(text, reading, item, lang)
            readings.append(reading)
        index += 1
    return readings


def _choose(text: str, readings: list[_Reading]) -> _Reading:
    """The first sum a "total" word introduces, else the first; a currency beats none."""
    with_currency = [r for r in readings if r.currency is not None] or readings
    lexicon = _lexicon()
    previous_end = 0
    for reading in readings:
        segment = text[max(previous_end, reading.start - 80) : reading.start]
        if reading in with_currency and lexicon.total_word.search(segment):
            return reading
        previous_end = reading.end
    return with_currency[0]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def parse_budget(text: str, lang: str | None = None) -> Budget | None:
    """The sum of money ``text`` states, or None; never raises (see the module docstring)."""
    if not isinstance(text, str) or not any(ch.isdigit() for ch in text):
        return None
    if "&" in text:  # scraped text may still hold "1&nbsp;250&nbsp;000&nbsp;&euro;"
        text = html.unescape(text)
    text = text.translate(_INVISIBLE)
    code = re.split(r"[-_]", lang.strip().lower())[0] if isinstance(lang, str) else ""
    try:
        readings = _readings(text, code or None)
    except (ValueError, ArithmeticError):  # a malformed figure is no budget, not a crash
        return None
    if not readings:
        return None
    chosen = _choose(text, readings)
    return Budget(
        amount=float(chosen.amount),
        currency=chosen.currency,
        min=_number(chosen.low),
        max=_number(chosen.high),
        text=text[chosen.start : chosen.end].strip(),
    )
