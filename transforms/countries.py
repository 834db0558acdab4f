"""Country names, as written in any EU language, to ISO 3166-1 alpha-2 codes.

Names come from CLDR (babel) and from pycountry's ISO 3166 names, official long forms
included ("Slovenská republika", "Osztrák Köztársaság"), for each language; inflected forms
("z Maďarska", "Ausztriában", "Bulgariei") are matched by the name's stem followed by a short
ending.
Only European countries are looked for: portals about ESF+ initiatives name those.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError

EUROPE = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "NO",
    "IS",
    "LI",
    "CH",
    "GB",
    "RS",
    "UA",
    "MK",
    "AL",
    "BA",
    "ME",
    "MD",
]
# Articles CLDR puts in front of some names (Maltese, Irish).
ARTICLE = re.compile(r"^(?:l-|il-|is-|ir-|in-|iż-|it-|id-|an t?|na )", re.IGNORECASE)
MIN_STEM = 4  # a name of 5 letters or more inflects: "Suomi" -> "Suomessa"
# Locales that write a language in a second script: Serbian pages use Latin and Cyrillic.
SCRIPT_VARIANTS = {"sr": (("sr", "sr"), ("sr_Latn", "sr@latin"))}  # CLDR locale, gettext name
# Case forms the stem cannot reach, per language: Polish "Polska" -> "w Polsce".
STEM_CHANGES = {"pl": (("ska", "sce"),)}


WORD = re.compile(r"\w+")
MAX_ENDING = 6  # letters an inflection may add after the stem ("Ausztriá|ban")


@dataclass(frozen=True)
class _Names:
    """One language's (and English's) country names, indexed for one pass over a text."""

    # One-word names: the stem's first 3 letters -> (country, stem, name, inflection allowed).
    by_prefix: dict[str, list[tuple[str, str, str, bool]]]
    # Names of several words ("Česká republika", "North Macedonia"): a regex each, searched
    # only when its first word (lower case, the needle) is in the text at all.
    phrases: list[tuple[str, str, re.Pattern[str]]]


def _written_names(lang: str, gettext_lang: str) -> dict[str, set[str]]:
    """Every name of each European country in one language: CLDR's, then pycountry's."""
    names: dict[str, set[str]] = {country: set() for country in EUROPE}
    territories: Mapping[str, str]
    translate: Callable[[str], str] | None
    try:
        territories = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        territories = {}
    try:
        translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [gettext_lang]).gettext
    except OSError:  # no ISO 3166 translation for this language
        translate = None if lang != "en" else str
    for country in EUROPE:
        if territories.get(country):
            names[country].add(territories[country])
        entry = pycountry.countries.get(alpha_2=country)
        if translate is None or entry is None:
            continue
        for attribute in ("name", "official_name", "common_name"):
            english = getattr(entry, attribute, None)
            # "Moldova, Republic of" is an index form nobody writes in running text.
            if english and "," not in english and (lang == "en" or translate(english) != english):
                names[country].add(translate(english))
    return names


@cache
def _names(lang: str) -> _Names:
    by_prefix: dict[str, list[tuple[str, str, str, bool]]] = {}
    phrases = []
    locales = dict.fromkeys([*SCRIPT_VARIANTS.get(lang, ((lang, lang),)), ("en", "en")])
    for locale, gettext_lang in locales:
        changes = STEM_CHANGES.get(locale, ())
        for country, written in _written_names(locale, gettext_lang).items():
            forms = {ARTICLE.sub("", name).strip() for name in written}
            forms |= {n[: -len(end)] + to for n in forms for end, to in changes if n.endswith(end)}
            for name in sorted(forms):
                # Drop the last letter so inflected forms match; keep short names whole.
                inflects = len(name) > MIN_STEM
                stem = name[:-1] if inflects else name
                if WORD.fullmatch(name):
                    entry = (country, stem.lower(), name.lower(), inflects)
                    by_prefix.setdefault(stem.lower()[:3], []).append(entry)
                else:
                    ending = rf"\w{{0,{MAX_ENDING}}}" if inflects else ""
                    pattern = re.compile(rf"(?<!\w){re.escape(stem)}{ending}(?!\w)", re.IGNORECASE)
                    phrases.append((country, stem.lower().split()[0], pattern))
    return _Names(by_prefix, phrases)


def find_countries(text: str, lang: str | None) -> list[tuple[str, str]]:
    """``[(code, text as written), ...]`` in order of first mention, each code once.

    One pass over the text's words with a prefix index rather than a regex search per
    country name: the same matches, in a fraction of the time on long texts. A one-word
    name counts when written with a capital, as the name itself or its stem plus an ending
    (never the bare stem: English "Romani" is not "Romania"); adjectives, lower-case in
    these languages ("polské jídlo", "osztrák"), do not count.
    """
    names = _names(lang or "en")
    found: dict[str, tuple[int, str]] = {}

    def keep(code: str, start: int, written: str) -> None:
        if code not in found or start < found[code][0]:
            found[code] = (start, written)

    for match in WORD.finditer(text):
        word = match.group(0)
        if not word[0].isupper():
            continue
        lower = word.lower()
        for code, stem, name, inflects in names.by_prefix.get(lower[:3], ()):
            extra = len(lower) - len(stem)
            if lower == name or (inflects and 0 < extra <= MAX_ENDING and lower.startswith(stem)):
                keep(code, match.start(), word)
    lowered = text.lower()
    for code, needle, pattern in names.phrases:
        if needle in lowered and (phrase := pattern.search(text)):
            keep(code, phrase.start(), phrase.group(0))
    return [(code, written) for code, (_, written) in sorted(found.items(), key=lambda i: i[1][0])]
