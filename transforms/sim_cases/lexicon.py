"""The SIM section cues, levels of action and initiative kinds of
``transforms/lexicons/sim_sections.yml``, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICON = Path(__file__).resolve().parents[1] / "lexicons" / "sim_sections.yml"
SECTIONS = ("problem", "solution", "results", "transfer")
LEVELS = ("transnational", "national", "regional", "local")


@dataclass(frozen=True)
class Cues:
    """One concept's cue stems per language, as one pattern per language."""

    patterns: dict[str, re.Pattern[str]]

    def found(self, text: str, lang: str | None) -> list[str]:
        """The cues of ``lang`` and of English in ``text`` (English cues in any language:
        portals write "peer learning" or "toolkit" in the middle of a Slovak sentence)."""
        hits: list[str] = []
        for code in dict.fromkeys(filter(None, (lang, "en"))):
            pattern = self.patterns.get(code)
            if pattern is not None:
                hits += [m.group(0).lower() for m in pattern.finditer(text)]
        return hits


def _pattern(stems: list[str]) -> re.Pattern[str]:
    # Longest first, so "cieľ projektu" wins over "cieľ"; a cue starts a word and may run on.
    ordered = sorted(
        {str(s).strip().lower() for s in stems if str(s).strip()}, key=len, reverse=True
    )
    body = "|".join(re.escape(s) for s in ordered)
    return re.compile(rf"(?<!\w)(?:{body})\w*", re.IGNORECASE)


def _cues(by_language: dict[str, list[str]]) -> Cues:
    return Cues({lang: _pattern(stems) for lang, stems in by_language.items()})


@cache
def _data() -> dict[str, dict[str, Any]]:  # YAML: each table's shape is known only by its reader
    return yaml.safe_load(LEXICON.read_text(encoding="utf-8"))


@cache
def section_cues() -> dict[str, Cues]:
    return {name: _cues(_data()["sections"][name]) for name in SECTIONS}


@cache
def level_cues() -> dict[str, Cues]:
    return {name: _cues(_data()["levels"][name]) for name in LEVELS}


@cache
def type_cues() -> dict[str, re.Pattern[str]]:
    """Kinds of initiative: one pattern over every language (names like "kompetenčné
    centrum" are distinctive whatever the page's declared language)."""
    return {name: _pattern(stems) for name, stems in _data()["types"].items()}
