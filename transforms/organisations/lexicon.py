"""The organisation lexicons (``transforms/lexicons/organisation_*.yml``), loaded once.

``organisation_words.yml``: type words, markers, legal forms, adjectives, EU-level names;
``organisation_places.yml``: the gazetteer (cities and regions, demonyms, country names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICONS = Path(__file__).resolve().parents[1] / "lexicons"
INFLECTION = 5  # letters an inflected type word may add ("Ministerstv|om", "Minisztérium|mal")
PLACE_ENDING = 4  # letters a place stem may add ("Budapest|i", "Софийск|а", "Warszaw|ie")


@dataclass(frozen=True)
class TypeWord:
    word: str
    lang: str
    kind: str  # public_authority, university, foundation, ngo, network, other
    order: str  # first, last or both
    inflects: bool
    lowercase_tail: bool


@dataclass(frozen=True)
class Words:
    type_words: tuple[TypeWord, ...]
    markers: dict[str, frozenset[str]]  # language -> lower-case marker words
    stop: frozenset[str]
    legal_forms: dict[str, tuple[str, ...]]  # legal form as written -> countries
    places: tuple[tuple[str, str], ...]  # (stem, country), longest first
    demonyms: tuple[tuple[str, str], ...]  # (lower-case stem, country), longest first
    country_names: tuple[tuple[str, str], ...]  # (name as written, country), longest first
    adjectives: tuple[tuple[str, str], ...]  # (stem, country), longest first
    abbreviations: dict[str, str]  # "SR" -> "SK"
    eu_names: tuple[str, ...]  # lower case
    eu_opening: tuple[str, ...]
    eu_bodies: frozenset[str]
    eu_acronyms: frozenset[str]


def _load(name: str) -> Any:
    return yaml.safe_load((LEXICONS / name).read_text(encoding="utf-8"))


@cache
def words() -> Words:
    data = _load("organisation_words.yml")
    gazetteer = _load("organisation_places.yml")
    type_words = []
    for kind, by_lang in data["types"].items():
        for lang, entries in by_lang.items():
            settings = data["languages"][lang]
            for word in entries:
                type_words.append(
                    TypeWord(
                        word, lang, kind, settings["order"], bool(settings.get("inflects")),
                        bool(settings.get("lowercase_tail")),
                    )
                )  # fmt: skip
    abbreviations = dict(data["adjectives"]).pop("abbreviations")
    adjectives: dict[str, list[str]] = {}
    for country, country_stems in data["adjectives"].items():
        if country != "abbreviations":  # "SK_": more stems for SK, kept apart for reading
            adjectives.setdefault(country.rstrip("_"), []).extend(country_stems)
    eu = data["eu_level"]

    def stems(table: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
        pairs = [(stem, country) for country, names in table.items() for stem in names]
        return tuple(sorted(set(pairs), key=lambda pair: -len(pair[0])))

    return Words(
        type_words=tuple(type_words),
        markers={lang: frozenset(w.lower() for w in ws) for lang, ws in data["markers"].items()},
        stop=frozenset(w for group in data["stop"].values() for w in group),
        legal_forms={form: tuple(countries) for form, countries in data["legal_forms"].items()},
        places=stems(gazetteer["places"]),
        demonyms=stems(gazetteer["demonyms"]),
        country_names=stems(gazetteer["country_names"]),
        adjectives=stems(adjectives),
        abbreviations=abbreviations,
        eu_names=tuple(name.lower() for name in eu["names"]),
        eu_opening=tuple(eu["opening"]),
        eu_bodies=frozenset(eu["bodies"]),
        eu_acronyms=frozenset(eu["acronyms"]),
    )


@cache
def aliases() -> dict[str, dict[str, Any]]:
    return dict(_load("organisation_aliases.yml"))


def stem_pattern(stems: list[str], ending: int) -> re.Pattern[str]:
    """Capitalised stems as written, whole words, with up to ``ending`` letters more; spaces and
    hyphens inside a stem match either ("Baden Württemberg", "Baden-Württemberg"). A stem
    ending in "=" takes no ending ("Roma=" is not "Romania")."""

    def part(stem: str) -> str:
        body = re.escape(stem.removesuffix("=")).replace(r"\ ", r"[\s-]").replace(r"\-", r"[\s-]")
        return body if stem.endswith("=") else rf"{body}\w{{0,{ending}}}"

    alternation = "|".join(part(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w])")
