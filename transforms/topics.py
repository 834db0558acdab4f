"""Policy areas (the ESF+ objectives a-m) and target groups, from multilingual lexicons.

The lexicons are data (``transforms/lexicons/*.yml``) so that a steward can add a language's
words without touching code. Matching runs on the original text in its language and, when a
translation exists, on the English text too; every assigned code keeps the words that
matched as evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LEXICONS = Path(__file__).parent / "lexicons"
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class Stem:
    text: str  # lower case; folded (accents removed) when written without accents
    whole_word: bool
    accented: bool


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    esf: str | None
    stems: Mapping[str, tuple[Stem, ...]]  # language -> stems


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(raw: str) -> Stem:
    whole = raw.endswith("$")
    text = raw.rstrip("$").lower().replace("-", " ")
    accented = _fold(text) != text
    return Stem(text, whole, accented)


@cache
def load_lexicon(name: str) -> tuple[Entry, ...]:
    """``name``: ``policy_areas`` or ``target_groups``. A bad file fails naming file and code."""
    path = LEXICONS / f"{name}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = []
    for code, body in data.items():
        try:
            stems = {
                lang: tuple(_stem(str(s)) for s in words) for lang, words in body["stems"].items()
            }
            entries.append(Entry(code, body["label"], body.get("esf"), stems))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}: entry {code!r} is malformed ({exc!r})") from exc
    return tuple(entries)


class _Text:
    """One text prepared for stem matching: words, lower and folded, joined by single spaces."""

    def __init__(self, text: str):
        words = [w.lower().replace("-", " ") for w in WORD.findall(text)]
        self.lower = " " + " ".join(words) + " "
        # Folded one character for one, so a match's span points at the words as written.
        self.folded = "".join(_fold(c)[:1] or c for c in self.lower)

    def find(self, stem: Stem) -> str | None:
        """The word (or phrase) as written that the stem matches, if any."""
        haystack = self.lower if stem.accented else self.folded
        end = r"(?=\s)" if stem.whole_word else r"\w*"
        match = re.search(r"(?<=\s)" + re.escape(stem.text) + end, haystack)
        return self.lower[match.start() : match.end()] if match else None


def match_lexicon(
    entries: Sequence[Entry], texts: Mapping[str, str | None]
) -> dict[str, list[str]]:
    """``texts`` maps a language to its text; returns code -> sorted evidence words."""
    prepared = {lang: _Text(text) for lang, text in texts.items() if text}
    found: dict[str, set[str]] = {}
    for entry in entries:
        for lang, text in prepared.items():
            for stem in entry.stems.get(lang, ()):
                word = text.find(stem)
                if word:
                    found.setdefault(entry.code, set()).add(f"{lang}: {word}")
    return {code: sorted(words) for code, words in found.items()}


def classify_topics(
    original: str, lang: str | None, english: str | None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(policy areas, target groups), each code -> its evidence."""
    texts: dict[str, str | None] = {"en": english} if english else {}
    if lang:
        texts[lang] = f"{texts.get(lang) or ''}\n{original}" if lang in texts else original
    return (
        match_lexicon(load_lexicon("policy_areas"), texts),
        match_lexicon(load_lexicon("target_groups"), texts),
    )
