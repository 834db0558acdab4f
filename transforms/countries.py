"""Country names, as written in any EU language, to ISO 3166-1 alpha-2 codes.

Names come from CLDR (babel) for each language; inflected forms ("z Maďarska",
"Ausztriában", "Bulgariei") are matched by the name's stem followed by a short ending.
Only European countries are looked for: portals about ESF+ initiatives name those.
"""

from __future__ import annotations

import re
from functools import cache

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
MIN_STEM = 5


@cache
def _patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    languages = dict.fromkeys([lang, "en"])
    patterns = []
    for code in languages:
        try:
            names = Locale.parse(code).territories
        except (UnknownLocaleError, ValueError):
            continue
        for country in EUROPE:
            name = names.get(country)
            if not name:
                continue
            name = ARTICLE.sub("", name).strip()
            # Drop the last letter so inflected forms match; keep short names whole.
            stem = name[:-1] if len(name) > MIN_STEM else name
            ending = r"\w{0,6}" if len(name) > MIN_STEM else ""
            patterns.append(
                (country, re.compile(rf"(?<!\w){re.escape(stem)}{ending}(?!\w)", re.IGNORECASE))
            )
    return patterns


def find_countries(text: str, lang: str | None) -> list[tuple[str, str]]:
    """``[(code, text as written), ...]`` in order of first mention, each code once."""
    found: dict[str, tuple[int, str]] = {}
    for code, pattern in _patterns(lang or "en"):
        match = pattern.search(text)
        if match and (code not in found or match.start() < found[code][0]):
            found[code] = (match.start(), match.group(0))
    return [(code, written) for code, (_, written) in sorted(found.items(), key=lambda i: i[1][0])]
