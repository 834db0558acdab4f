"""Policy areas (the ESF+ objectives a-m) and target groups, from multilingual lexicons.

The lexicons are data (``transforms/lexicons/*.yml``) so that a steward can add a language's
words without touching code. Matching runs on the original text in its language and, when a
translation exists, on the English text too; every assigned code keeps the words that
matched as evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LEXICONS = Path(__file__).parent / "lexicons"
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class Stem:
    text: str  # lower case, as written in the lexicon
    whole_word: bool
    accented: bool  # matched against the text as written, else against the folded text

    @property
    def regex(self) -> str:
        return re.escape(self.text) + (r"(?=\s)" if self.whole_word else r"\w*")

    def matches(self, found: str) -> bool:
        """Whether a word the combined pattern found is this stem's."""
        return found == self.text if self.whole_word else found.startswith(self.text)


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    esf: str | None
    stems: Mapping[str, tuple[Stem, ...]]  # language -> stems


COMBINING = re.compile(r"[\u0300-\u036f]")  # the combining accents NFKD splits off


def _fold(text: str) -> str:
    return COMBINING.sub("", unicodedata.normalize("NFKD", text))


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
        # Folded one character for one, so a match's span points at the words as written;
        # whole-string folding keeps the length for almost every text, and is much faster.
        folded = _fold(self.lower)
        if len(folded) != len(self.lower):
            folded = "".join(_fold(c)[:1] or c for c in self.lower)
        self.folded = folded


@dataclass(frozen=True)
class _Index:
    """A lexicon's stems for one language and one form (accented or folded): one pattern.

    One pass of an alternation finds every stem's words; searching stem by stem took 60
    passes over each text. Longest stems come first, so a phrase wins over its first word,
    and a found word is then credited to every stem it starts with.
    """

    pattern: re.Pattern[str]
    stems: tuple[tuple[str, Stem], ...]  # (entry code, stem)


@cache
def _indexes(name: str) -> dict[tuple[str, bool], _Index]:
    grouped: dict[tuple[str, bool], list[tuple[str, Stem]]] = {}
    for entry in load_lexicon(name):
        for lang, stems in entry.stems.items():
            for stem in stems:
                grouped.setdefault((lang, stem.accented), []).append((entry.code, stem))
    indexes = {}
    for key, pairs in grouped.items():
        ordered = sorted({stem.regex for _, stem in pairs}, key=lambda r: (-len(r), r))
        pattern = re.compile(r"(?<=\s)(?:" + "|".join(ordered) + ")")
        indexes[key] = _Index(pattern, tuple(pairs))
    return indexes


def match_lexicon(name: str, prepared: Mapping[str, _Text]) -> dict[str, list[str]]:
    """``prepared`` maps a language to its text; returns code -> sorted evidence words."""
    indexes = _indexes(name)
    found: dict[str, set[str]] = {}
    for lang, text in prepared.items():
        for accented, haystack in ((True, text.lower), (False, text.folded)):
            index = indexes.get((lang, accented))
            if index is None:
                continue
            for match in index.pattern.finditer(haystack):
                as_written = text.lower[match.start() : match.end()]
                for code, stem in index.stems:
                    if stem.matches(match.group(0)):
                        found.setdefault(code, set()).add(f"{lang}: {as_written}")
    return {code: sorted(words) for code, words in sorted(found.items())}


def classify_topics(
    original: str, lang: str | None, english: str | None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(policy areas, target groups), each code -> its evidence."""
    texts: dict[str, str] = {"en": english} if english else {}
    if lang:
        texts[lang] = f"{texts[lang]}\n{original}" if lang in texts else original
    prepared = {code: _Text(text) for code, text in texts.items() if text}
    return (
        match_lexicon("policy_areas", prepared),
        match_lexicon("target_groups", prepared),
    )
