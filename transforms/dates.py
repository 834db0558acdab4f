"""Dates as printed on European portals -> ISO 8601 (day, month precision, or a range).

This module parses date strings (``parse_date``); finding a project's period in running text
is ``transforms.periods.extract_period``, re-exported here.

``parse_date("máj 2021 - apríl 2023", "sk") == "2021-05/2023-04"``. Month names are matched
by the stems below (inflected forms included: "mája", "grudnia", "martā"), numbers in the
usual European orders (day.month.year, day-month-year, year-month-day).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Month stems per language, January first. A stem matches any word that starts with it.
MONTH_STEMS: dict[str, list[tuple[str, ...]]] = {
    "en": [("jan",), ("feb",), ("mar",), ("apr",), ("may",), ("jun",), ("jul",), ("aug",), ("sep",), ("oct",), ("nov",), ("dec",)],
    "de": [("jan", "jän"), ("feb",), ("mär", "maerz"), ("apr",), ("mai",), ("jun",), ("jul",), ("aug",), ("sep",), ("okt",), ("nov",), ("dez",)],
    "fr": [("janv",), ("févr", "fevr"), ("mars",), ("avr",), ("mai",), ("juin",), ("juil",), ("août", "aout"), ("sept",), ("oct",), ("nov",), ("déc", "dec")],
    "es": [("ene",), ("feb",), ("mar",), ("abr",), ("may",), ("jun",), ("jul",), ("ago",), ("sep", "set"), ("oct",), ("nov",), ("dic",)],
    "it": [("genn",), ("febb",), ("marz",), ("apr",), ("magg",), ("giu",), ("lug",), ("ago",), ("sett",), ("ott",), ("nov",), ("dic",)],
    "pt": [("jan",), ("fev",), ("mar",), ("abr",), ("mai",), ("jun",), ("jul",), ("ago",), ("set",), ("out",), ("nov",), ("dez",)],
    "nl": [("jan",), ("feb",), ("maa",), ("apr",), ("mei",), ("jun",), ("jul",), ("aug",), ("sep",), ("okt",), ("nov",), ("dec",)],
    "pl": [("stycz",), ("lut",), ("marz", "marc"), ("kwie",), ("maj", "maja"), ("czerw",), ("lip",), ("sierp",), ("wrze",), ("paźdz", "pazdz"), ("listop",), ("grud",)],
    "cs": [("led",), ("únor", "února", "unor"), ("břez", "brez"), ("dub",), ("květ", "kvet"), ("červen", "června", "červnu"), ("červenec", "července", "červenci"), ("srp",), ("září", "zari"), ("říj", "rij"), ("listop",), ("prosin",)],
    "sk": [("január", "jan"), ("febr",), ("mar",), ("apr",), ("máj", "maj"), ("jún", "jun"), ("júl", "jul"), ("aug",), ("sept",), ("okt",), ("nov",), ("dec",)],
    "hu": [("jan",), ("febr",), ("márc", "marc"), ("ápr", "apr"), ("máj", "maj"), ("jún", "jun"), ("júl", "jul"), ("aug",), ("szept",), ("okt",), ("nov",), ("dec",)],
    "ro": [("ian",), ("feb",), ("mart",), ("apr",), ("mai",), ("iun",), ("iul",), ("aug",), ("sept",), ("oct",), ("noi",), ("dec",)],
    "bg": [("яну",), ("фев",), ("март",), ("апр",), ("май", "мая"), ("юни",), ("юли",), ("авг",), ("септ",), ("окт",), ("ноем",), ("дек",)],
    "sr": [("јан", "jan"), ("феб", "feb"), ("мар", "mar"), ("апр", "apr"), ("мај", "maj"), ("јун", "jun"), ("јул", "jul"), ("авг", "avg"), ("сеп", "sep"), ("окт", "okt"), ("нов", "nov"), ("дец", "dec")],
    "hr": [("siječ", "sijec"), ("velj",), ("ožuj", "ozuj"), ("trav",), ("svib",), ("lip",), ("srp",), ("kolov",), ("ruj",), ("listop",), ("studen",), ("prosin",)],
    "sl": [("jan",), ("feb",), ("mar",), ("apr",), ("maj",), ("jun",), ("jul",), ("avg",), ("sep",), ("okt",), ("nov",), ("dec",)],
    "uk": [("січ",), ("лют",), ("берез",), ("квіт",), ("трав",), ("черв",), ("лип",), ("серп",), ("верес",), ("жовт",), ("листоп",), ("груд",)],
    "lt": [("saus",), ("vasar",), ("kov",), ("baland",), ("geguž", "geguz"), ("birž", "birz"), ("liep",), ("rugpj",), ("rugs",), ("spal",), ("lapkr",), ("gruod",)],
    "lv": [("janv",), ("febr",), ("mart",), ("apr",), ("maij",), ("jūn", "jun"), ("jūl", "jul"), ("aug",), ("sept",), ("okt",), ("nov",), ("dec",)],
    "et": [("jaan",), ("veebr",), ("märts", "marts"), ("apr",), ("mai",), ("juun",), ("juul",), ("aug",), ("sept",), ("okt",), ("nov",), ("dets",)],
    "fi": [("tammi",), ("helmi",), ("maalis",), ("huhti",), ("touko",), ("kesä", "kesa"), ("heinä", "heina"), ("elo",), ("syys",), ("loka",), ("marras",), ("joulu",)],
    "sv": [("jan",), ("feb",), ("mars",), ("apr",), ("maj",), ("juni",), ("juli",), ("aug",), ("sep",), ("okt",), ("nov",), ("dec",)],
    "da": [("jan",), ("feb",), ("marts",), ("apr",), ("maj",), ("juni",), ("juli",), ("aug",), ("sep",), ("okt",), ("nov",), ("dec",)],
    "ga": [("ean",), ("feabh",), ("márt", "mart"), ("aib",), ("beal",), ("meith",), ("iúil", "iuil"), ("lún", "lun"), ("meán", "mean"), ("deireadh",), ("samh",), ("noll",)],
    "el": [("ιαν",), ("φεβ",), ("μαρ",), ("απρ",), ("μαΐ", "μαι", "μαϊ"), ("ιουν",), ("ιουλ",), ("αυγ",), ("σεπ",), ("οκτ",), ("νοε",), ("δεκ",)],
    # Norwegian and Russian: portals of EEA Grants and the Baltic portals' Russian versions.
    "no": [("jan",), ("feb",), ("mars",), ("apr",), ("mai",), ("juni",), ("juli",), ("aug",), ("sep",), ("okt",), ("nov",), ("desemb",)],
    "ru": [("янв",), ("фев",), ("март",), ("апр",), ("мая", "май"), ("июн",), ("июл",), ("авг",), ("сент",), ("окт",), ("нояб",), ("дек",)],
}  # fmt: skip
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
NUMERIC = [
    # 2023-11-24, 2023/11/24, 2023.11.24
    (re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"), ("y", "m", "d")),
    # 24-11-2023, 24.11.2023, 1. 3. 2022, 24/11/2023
    (re.compile(r"(?<!\d)(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?!\d)"), ("d", "m", "y")),
]
RANGE_WORDS = re.compile(
    r"^\s*(?:od|from|von|vom|de|del|du|dal|da|van|от|од|від|з|із|nuo|no|alates|från|fra|z|ze)"
    r"\s+(.+?)\s+(?:do|to|until|till|bis|à|au|a|al|ao|tot|до|по|iki|līdz|kuni|till|til)\s+(.+?)\s*$",
    re.IGNORECASE,
)
# "Januar 2021 bis Dezember 2022": the "to" word without a "from" word before the start.
TO_WORD = re.compile(
    r"\s+(?:to|until|till|bis|do|au|al|tot|до|по|iki|līdz|kuni|til)\s+", re.IGNORECASE
)
# "between X and Y": the word before ("zwischen", "между") or after ("között", "välillä").
_BETWEEN = (
    r"(?:between|zwischen|între|intre|между|між|medzi|między|mezi|entre|tra|fra|tussen|mellan"
    r"|μεταξύ|između|izmedu|tarp|starp)"
)
_AND = r"(?:and|und|és|și|si|и|і|та|a|i|et|e|y|en|ja|och|og|ir|un|kaj|ve)"
_AFTER_BETWEEN = r"(?:között|közt|välillä|vahel|arasında)"
BETWEEN_WORDS = re.compile(
    rf"^\s*{_BETWEEN}\s+(.+?)\s+{_AND}\s+(.+?)\s*$|^\s*(.+?)\s+{_AND}\s+(.+?)\s+{_AFTER_BETWEEN}\s*$",
    re.IGNORECASE,
)
DASH = re.compile(r"\s*[–—]\s*|\s+-\s*|(?<=[^\d\s])-\s*(?=\S)|\s*-\s+")


@dataclass(frozen=True)
class _Parts:
    year: int | None
    month: int | None
    day: int | None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _month(word: str, lang: str | None) -> int | None:
    """The month a word names, trying the text's language first; the longest stem wins
    (Czech "červenec", July, over "červen", June)."""
    languages = ([lang] if lang in MONTH_STEMS else []) + [c for c in MONTH_STEMS if c != lang]
    # Greek stresses its month names ("Μάρτιος"): compare without the stress marks too.
    plain = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    for code in languages:
        matches = [
            (len(stem), index + 1)
            for index, stems in enumerate(MONTH_STEMS[code])
            for stem in stems
            if word.startswith(stem) or plain.startswith(stem)
        ]
        if matches:
            return max(matches)[1]
    return None


def _single(text: str, lang: str | None) -> _Parts | None:
    folded = _fold(text)
    for pattern, order in NUMERIC:
        match = pattern.search(folded)
        if match:
            values = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            if 1 <= values["m"] <= 12 and 1 <= values["d"] <= 31:
                return _Parts(values["y"], values["m"], values["d"])
    years = YEAR.findall(folded)
    if not years:
        return None
    year = int(years[0])
    month = None
    for word in re.findall(r"[^\W\d_]+", folded):
        month = _month(word, lang)
        if month:
            break
    day = None
    if month:
        without_year = YEAR.sub(" ", folded)
        days = [int(d) for d in re.findall(r"(?<!\d)(\d{1,2})(?!\d)", without_year)]
        day = next((d for d in days if 1 <= d <= 31), None)
    return _Parts(year, month, day)


def _iso(parts: _Parts) -> str:
    if parts.month and parts.day:
        return f"{parts.year:04d}-{parts.month:02d}-{parts.day:02d}"
    if parts.month:
        return f"{parts.year:04d}-{parts.month:02d}"
    return f"{parts.year:04d}"


def parse_date(text: str, lang: str | None = None) -> str | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` (month known), ``YYYY``, or ``start/end``; None if no date."""
    if not text or not text.strip():
        return None
    words = RANGE_WORDS.match(text) or BETWEEN_WORDS.match(text)
    if words:
        halves = [g for g in words.groups() if g is not None]
    else:
        halves = DASH.split(text.strip(), maxsplit=1)
        if len(halves) == 1:
            halves = TO_WORD.split(text.strip(), maxsplit=1)
    if len(halves) == 2 and all(YEAR.search(h) or re.search(r"\d", h) for h in halves):
        start, end = _single(halves[0], lang), _single(halves[1], lang)
        if start and end and end.year is not None:
            if start.year is None:
                start = _Parts(end.year, start.month, start.day)
            return f"{_iso(start)}/{_iso(end)}"
    single = _single(text, lang)
    return _iso(single) if single and single.year else None


# Periods in running text live in their own module (they need the month table above); the
# name stays importable from here, where the records pipeline imports it.
from transforms.periods import extract_period as extract_period  # noqa: E402
