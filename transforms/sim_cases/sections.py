"""SIM's case sections from the records' bodies: problem, solution, results, transfer.

Each sentence of a body is scored per section by the cue lexicon of its language (and the
English cues on its English translation), a heading above it ("Výsledky projektu",
"Lessons learned") and its position: pages state the problem early and the results and
what others may take over late. The best few sentences per section are kept in the order
the pages give them, each with its record, position, original, English and cues.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from transforms.sentences import split_text
from transforms.sim_cases.lexicon import SECTIONS, section_cues

PER_SECTION = 3
# Shorter pieces are menu items, dates or list labels; longer ones are run-on extracts.
MIN_CHARS, MAX_CHARS = 30, 700
# A line of at most this many words with no closing punctuation is a heading.
HEADING_WORDS = 8
HEADING_BONUS = 2.0
# Position priors (relative position 0..1 in its record): a tie-breaker, never a cue.
_PRIOR = {
    "problem": lambda p: 0.3 * (1 - p),
    "solution": lambda p: 0.15,
    "results": lambda p: 0.3 * p,
    "transfer": lambda p: 0.3 * p,
}
# English where a translation exists: a tie between two sentences goes to the translated one.
TRANSLATED_BONUS = 0.1


@dataclass(frozen=True)
class Sentence:
    record_id: str
    position: int  # index among its record's body sentences
    lang: str | None
    text: str
    text_en: str | None  # None: no English (the original is shown, flagged)
    relative: float = 0.0  # position / number of sentences
    heading: str | None = None  # the section of the heading above it


@dataclass(frozen=True)
class Classified:
    sentence: Sentence
    section: str
    score: float
    cues: tuple[str, ...]


def classify(
    text: str,
    lang: str | None,
    text_en: str | None = None,
    relative: float = 0.5,
    heading: str | None = None,
) -> tuple[str | None, float, tuple[str, ...]]:
    """The section a sentence belongs to (None: no cue and no heading), its score and cues."""
    best: tuple[str | None, float, tuple[str, ...]] = (None, 0.0, ())
    for name in SECTIONS:
        cues = section_cues()[name]
        own = set(cues.found(text, lang))
        english = set(cues.found(text_en, "en")) if text_en and text_en != text else set()
        found = own if len(own) >= len(english) else english
        evidence = float(len(found)) + (HEADING_BONUS if heading == name else 0.0)
        if evidence == 0:
            continue
        score = evidence + _PRIOR[name](relative)
        if score > best[1]:
            best = (name, score, tuple(sorted(found)))
    return best


def _is_heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= HEADING_WORDS and not re.search(r"[.!?;,]$", line.strip())


def _heading_section(line: str, lang: str | None) -> str | None:
    hits = {name: len(section_cues()[name].found(line, lang)) for name in SECTIONS}
    name = max(hits, key=lambda n: hits[n])
    return name if hits[name] else None


def record_sentences(record: Mapping[str, Any]) -> list[Sentence]:
    """A record's body sentences, each with its English where the translation aligns.

    The translation keeps paragraph breaks; a paragraph whose English splits into as many
    sentences as the original pairs them one to one, otherwise its sentences stay without
    English rather than with a neighbour's."""
    body = record.get("body") or ""
    lang = record.get("body_lang") or record.get("language")
    english_body = record.get("body_en") if lang != "en" else body
    original = split_text(body)
    english = split_text(english_body) if english_body else []
    pieces: list[tuple[str, str | None, str | None]] = []  # text, English, heading section
    heading: str | None = None
    for index, sentences in enumerate(original):
        twins = english[index] if index < len(english) else []
        aligned = len(twins) == len(sentences)
        if len(sentences) == 1 and _is_heading(sentences[0]):
            heading = _heading_section(sentences[0], lang) or (
                _heading_section(twins[0], "en") if aligned else None
            )
            continue
        for n, sentence in enumerate(sentences):
            pieces.append((sentence, twins[n] if aligned else None, heading))
    count = max(len(pieces) - 1, 1)
    return [
        Sentence(
            record_id=record["record_id"],
            position=i,
            lang=lang,
            text=text,
            text_en=text if lang == "en" else en,
            relative=i / count,
            heading=head,
        )
        for i, (text, en, head) in enumerate(pieces)
    ]


def case_sections(
    records: Sequence[Mapping[str, Any]], per_section: int = PER_SECTION
) -> dict[str, list[Classified]]:
    """The best ``per_section`` sentences of each section over an initiative's records, in
    the records' order and then the page's; each sentence in one section only."""
    found: dict[str, list[tuple[float, int, Classified]]] = {name: [] for name in SECTIONS}
    seen: set[str] = set()
    for order, record in enumerate(records):
        for sentence in record_sentences(record):
            if not MIN_CHARS <= len(sentence.text) <= MAX_CHARS:
                continue
            key = re.sub(r"\W+", " ", sentence.text).strip().lower()
            if key in seen:  # the same sentence on two pages
                continue
            seen.add(key)
            section, score, cues = classify(
                sentence.text, sentence.lang, sentence.text_en, sentence.relative,
                sentence.heading,
            )  # fmt: skip
            if section is None:
                continue
            score += TRANSLATED_BONUS if sentence.text_en else 0.0
            found[section].append((score, order, Classified(sentence, section, score, cues)))
    result: dict[str, list[Classified]] = {}
    for name, items in found.items():
        best = sorted(items, key=lambda t: (-t[0], t[1], t[2].sentence.position))[:per_section]
        best.sort(key=lambda t: (t[1], t[2].sentence.position))
        result[name] = [item for _, _, item in best]
    return result
