"""ESID's four social-innovation criteria, 0-2 each, from multilingual cue lexicons.

The European Social Innovation Database scores a project on objectives, actors and actor
interactions, outputs and outcomes, and innovativeness (docs/si-criteria.md gives the rules
this module approximates). Each sentence of a text is read with the cue lexicon of its
language (``transforms/lexicons/si_criteria.yml``); a criterion's score is the highest level
any sentence reaches, and the sentences that reached it are its evidence. A record is read
in its original language and, where translated, in English; the higher score counts.

Every pattern is compiled once per language: the stems of all cue kinds of a language form
one prefix tree turned into one regular expression, so a text is scanned once per language
whatever the number of cues (the scale benchmark pushes a million records through here).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from transforms.organisations.mask import mask_organisations

LEXICON = Path(__file__).parent / "lexicons" / "si_criteria.yml"
CRITERIA = ("objectives", "actors", "outputs", "innovativeness")
# The columns the criteria add to records, initiatives and SIM cases.
CRITERIA_COLUMNS = (*(f"si_{name}" for name in CRITERIA), "si_score", "si_evidence")
# The cue kinds every language of the lexicon gives (see the YAML's header).
KINDS = (
    "need", "social", "partnership", "joint", "cocreate", "people", "public", "civil",
    "private", "output", "outcome", "novel", "artefact", "implemented", "plan",
)  # fmt: skip
# Kinds a language may leave out: "since 2021" words, and sentences to ignore (a call's
# deadline, an event's registration: programme boilerplate describes no project).
OPTIONAL_KINDS = ("since", "ignore")
# Actors not usually part of innovation, and the kinds of organisation: public, civil and
# private in one sentence is a cross-sector collaboration.
ACTOR_KINDS = ("people", "public", "civil", "private")
ORGANISATION_KINDS = ("public", "civil", "private")
EVIDENCE_PER_CRITERION = 3
EVIDENCE_MAX_CHARS = 500
# A sentence ends at . ! ? … or ; followed by space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?…;]\s+|\n\s*")
# After a "since" word: a year, perhaps behind a word or two ("seit März 2023", "od roku 2022").
_YEAR_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class Evidence:
    criterion: str
    sentence: str
    lang: str | None
    score: int
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriteriaScores:
    si_objectives: int = 0
    si_actors: int = 0
    si_outputs: int = 0
    si_innovativeness: int = 0
    evidence: tuple[Evidence, ...] = field(default=())

    @property
    def si_score(self) -> int:
        return self.si_objectives + self.si_actors + self.si_outputs + self.si_innovativeness

    def score(self, criterion: str) -> int:
        return int(getattr(self, f"si_{criterion}"))

    def columns(self) -> dict[str, Any]:
        """The record columns: the four scores, their sum and ``si_evidence`` as JSON."""
        return {
            **{f"si_{name}": self.score(name) for name in CRITERIA},
            "si_score": self.si_score,
            "si_evidence": evidence_json(self.evidence),
        }


def evidence_json(evidence: Iterable[Evidence]) -> str:
    items = [
        {"criterion": e.criterion, "sentence": e.sentence, "lang": e.lang, "score": e.score,
         "cues": list(e.cues)}
        for e in evidence
    ]  # fmt: skip
    return json.dumps(items, ensure_ascii=False)


@dataclass(frozen=True)
class _Language:
    """One language's cues: one pattern over all its stems, and each stem's cue kinds."""

    pattern: re.Pattern[str]
    kinds: dict[str, frozenset[str]]  # normalised stem -> cue kinds
    whole_word: frozenset[str]  # stems that must end where the word ends
    # (stem as found, followed by more letters) -> its cue kinds: texts repeat few stems.
    memo: dict[tuple[str, bool], frozenset[str]] = field(default_factory=dict, compare=False)


def _normal(text: str) -> str:
    """Lower case, hyphens dropped, runs of spaces as one: how stems and matches compare."""
    text = text.lower().replace("-", "").replace("‐", "")
    return " ".join(text.split()) if " " in text or "\n" in text or "\t" in text else text


def _tree_regex(stems: Iterable[str]) -> str:
    """One regular expression for many stems, as a prefix tree: the scan tries one branch per
    character instead of every stem at every word. Greedy optional tails make the longest
    stem win ("in cooperation with" over "in")."""
    tree: dict[str, Any] = {}
    for stem in stems:
        node = tree
        for char in stem:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(char: str) -> str:
        if char == " ":
            return r"\s+"
        if char == "-":  # "co-design" also reads "codesign"
            return "[-‐]?"
        return re.escape(char)

    def build(node: dict[str, Any]) -> str:
        alternatives = [branch(char) + build(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = "(?:" + "|".join(alternatives) + ")"
        return body + "?" if "" in node else body

    return build(tree)


def _compile(cues: dict[str, list[str]]) -> _Language:
    """``since`` words are whole words ("od" is not "odborný"); a year must follow them."""
    kinds: dict[str, set[str]] = {}
    whole: set[str] = set()
    written: set[str] = set()
    for kind, stems in cues.items():
        for raw in stems or []:
            text = str(raw).strip()
            if kind == "since" and not text.endswith("$"):
                text += "$"
            stem = " ".join(text.rstrip("$").lower().split())
            if not stem:
                continue
            written.add(stem)
            kinds.setdefault(_normal(stem), set()).add(kind)
            if text.endswith("$"):
                whole.add(_normal(stem))
    pattern = re.compile(r"(?<!\w)(" + _tree_regex(sorted(written)) + r")(\w*)")
    return _Language(pattern, {k: frozenset(v) for k, v in kinds.items()}, frozenset(whole))


@cache
def _lexicon() -> dict[str, Any]:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    for lang, cues in data["cues"].items():
        unknown = set(cues) - set(KINDS) - set(OPTIONAL_KINDS)
        if unknown:
            raise ValueError(f"{LEXICON}: language {lang!r} has unknown cue kinds {unknown}")
        for kind, stems in cues.items():
            # YAML reads a bare no, on or off as a boolean: quote such stems.
            if not all(isinstance(s, str) for s in stems or ()):
                raise ValueError(f"{LEXICON}: {lang}.{kind} holds a stem that is not a string")
    return data


@cache
def _language(lang: str) -> _Language | None:
    data = _lexicon()
    lang = data.get("aliases", {}).get(lang, lang)
    cues = data["cues"].get(lang)
    if cues is None:
        return None
    return _compile(cues)


def languages() -> frozenset[str]:
    return frozenset(_lexicon()["cues"])


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, its closing mark included."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + (text[match.start()] != "\n")
        if end > start:
            spans.append((start, end))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _kinds(language: _Language, stem: str, tail: bool) -> frozenset[str]:
    """The cue kinds of the longest stem the pattern found and of every shorter stem it
    starts with ("piloted" is in practice, and "pilot" is new); a whole-word stem counts
    only when nothing follows it."""
    kinds: set[str] = set()
    for end in range(len(stem), 0, -1):
        if " " in stem[end:]:  # "communauté de communes" is public, not a community
            break
        found = language.kinds.get(stem[:end])
        if found and not (stem[:end] in language.whole_word and (tail or end < len(stem))):
            kinds |= found
    return frozenset(kinds)


def _scan(text: str, language: _Language) -> tuple[list[str], list[dict[str, list[str]]]]:
    """The text's sentences and, for each, its cues by kind (the words as found)."""
    spans = _sentences(text)
    starts = [s for s, _ in spans]
    found: list[dict[str, list[str]]] = [{} for _ in spans]
    haystack = text.lower()
    if len(haystack) != len(text):  # a rare letter whose lower case is longer: keep offsets
        haystack = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    memo = language.memo
    for match in language.pattern.finditer(haystack):
        stem, tail = match.group(1, 2)
        kinds = memo.get((stem, tail != ""))
        if kinds is None:
            kinds = memo[(stem, tail != "")] = _kinds(language, _normal(stem), tail != "")
        if not kinds:
            continue
        index = bisect_right(starts, match.start()) - 1
        if index < 0:
            continue
        cue = match.group(0)
        sentence = found[index]
        for kind in kinds:
            if kind == "since":
                year = _YEAR_AFTER.match(haystack, match.end())
                if year is None:
                    continue
                kind, cue = "implemented", cue + year.group(0)
            sentence.setdefault(kind, []).append(cue)
    return [text[s:e] for s, e in spans], found


_ACTOR_CUES = ("cocreate", "partnership", "joint", *ACTOR_KINDS)
_INNOVATION_CUES = ("novel", "artefact", "implemented")


def _levels(found: list[dict[str, list[str]]]) -> dict[str, list[tuple[int, int, tuple[str, ...]]]]:
    """For each criterion, (level, sentence index, cue kinds to show) of every sentence that
    reaches a level. The cue words themselves are looked up only for the evidence kept."""
    out: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {name: [] for name in CRITERIA}
    count = len(found)
    social = [i for i, cue in enumerate(found) if "social" in cue]
    artefact = [i for i, cue in enumerate(found) if "artefact" in cue]
    in_practice = [("implemented" in cue and "plan" not in cue) for cue in found]

    def near(positions: list[int], i: int) -> bool:
        return any(abs(i - j) <= 1 for j in positions)

    for i, cue in enumerate(found):
        if not cue or "ignore" in cue:
            continue
        planned = "plan" in cue
        # Objectives: a need or gap in provision for people the text is about -> 2; a social
        # aim or group only -> 1.
        if "need" in cue and near(social, i):
            out["objectives"].append((2, i, ("need", "social")))
        elif "social" in cue:
            out["objectives"].append((1, i, ("social",)))
        # Actors: co-creation, the people concerned working with others (or with two kinds of
        # organisation), or public, civil and private in one sentence -> 2; an ordinary
        # partnership or two kinds of organisation -> 1.
        organisations = sum(k in cue for k in ORGANISATION_KINDS)
        joint = "joint" in cue
        if (
            "cocreate" in cue
            or (joint and "people" in cue)
            or ("people" in cue and organisations >= 2)
            or organisations >= 3
            or (joint and organisations >= 2 and "novel" in cue)
        ):
            out["actors"].append((2, i, _ACTOR_CUES))
        elif "partnership" in cue or joint or organisations >= 2:
            out["actors"].append((1, i, _ACTOR_CUES))
        # Outputs: a change that happened -> 2 (a planned one -> 1); a product of the work -> 1.
        if "outcome" in cue and not planned:
            out["outputs"].append((2, i, ("outcome",)))
        elif "outcome" in cue or "output" in cue:
            out["outputs"].append((1, i, ("outcome", "output")))
        # Innovativeness: something new, put into practice (here or in the next sentence) -> 2;
        # new but not (yet) in practice -> 1. Routine work in practice is not new: 0.
        novel = "novel" in cue and near(artefact, i)
        if novel and not planned and (in_practice[i] or (i + 1 < count and in_practice[i + 1])):
            out["innovativeness"].append((2, i, _INNOVATION_CUES))
        elif novel:
            out["innovativeness"].append((1, i, _INNOVATION_CUES))
    return out


def _cue_words(
    found: list[dict[str, list[str]]], i: int, level: int, kinds: tuple[str, ...]
) -> tuple[str, ...]:
    words = {w for k in kinds for w in found[i].get(k, ())}
    # Innovativeness 2 may rest on the next sentence's "piloted": show it too.
    if (
        level == 2
        and "implemented" in kinds
        and "implemented" not in found[i]
        and i + 1 < len(found)
    ):
        words |= set(found[i + 1].get("implemented", ()))
    return tuple(sorted(words))


def _clean(texts: Any) -> list[tuple[str, str | None]]:
    """Junk in, nothing out: only (str, str | None) pairs with some text are read."""
    pairs = []
    for item in texts or ():
        if not isinstance(item, tuple | list) or len(item) != 2:
            continue
        text, lang = item
        if not isinstance(text, str) or not text.strip():
            continue
        lang = lang.strip().lower()[:2] if isinstance(lang, str) and lang.strip() else None
        pairs.append((text, lang))
    return pairs


def score_criteria(
    texts: Sequence[tuple[str, str | None]], *, organisations: Iterable[str] = ()
) -> CriteriaScores:
    """ESID's four criteria for one record from its texts: (text, language) pairs, the
    original and, where translated, the English. ``organisations``: names in the texts that
    must not count as evidence (they are masked first). A text without a language is read as
    English; one in a language the lexicon lacks gives no evidence. Never raises."""
    names = [n for n in organisations or () if isinstance(n, str)]
    best: dict[str, int] = dict.fromkeys(CRITERIA, 0)
    evidence: dict[str, list[Evidence]] = {name: [] for name in CRITERIA}
    for text, lang in _clean(texts):
        language = _language(lang or "en")
        if language is None:
            continue
        if names:
            text = mask_organisations(text, names)
        sentences, found = _scan(text, language)
        for name, hits in _levels(found).items():
            if not hits:
                continue
            top = max(level for level, _, _ in hits)
            if top < best[name]:
                continue
            if top > best[name]:
                best[name], evidence[name] = top, []
            for level, index, kinds in hits:
                if level == top and len(evidence[name]) < EVIDENCE_PER_CRITERION:
                    sentence = sentences[index].strip()[:EVIDENCE_MAX_CHARS]
                    cues = _cue_words(found, index, level, kinds)
                    evidence[name].append(Evidence(name, sentence, lang, level, cues))
    return CriteriaScores(
        si_objectives=best["objectives"],
        si_actors=best["actors"],
        si_outputs=best["outputs"],
        si_innovativeness=best["innovativeness"],
        evidence=tuple(e for name in CRITERIA for e in evidence[name]),
    )
