"""Split text for translation: paragraphs into sentences, over-long sentences into pieces.

Translation models work sentence by sentence and have a length limit. Splitting here (rather
than inside argostranslate) lets one batched call translate a whole source's sentences, keeps
paragraph breaks, and guarantees that no text is dropped: every character of the input is in
exactly one piece.
"""

from __future__ import annotations

import re

# A sentence ends at . ! ? … followed by space and an upper-case letter, digit or quote,
# unless the dot closes a common abbreviation or a single initial ("J. Smith", "t. j.").
_END = re.compile(r"(?<=[.!?…])\s+(?=[\"„“«(\[]?[0-9A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁЂ-ЏΑ-Ω])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|Dr|Mr|Mrs|Ms|Prof|St|No|Nr|ca|vs|tj|tzn|np|ul|nám|str|pl|gen|ing|"
    r"mgr|doc|tel|kb|ifj|id|stb|ún|z\.B|bzw|usw|ggf|vgl|д-р|г|ул|т\.е|напр)\.|\b[A-ZÀ-ÖØ-ÞА-Я]\.)$",
    re.IGNORECASE,
)
# "1. 3. 2022", "31. 12.": a number with a dot before another number is a date, not an end.
_ORDINAL = re.compile(r"\d\.$")
# Pieces longer than this (characters) are split at the last comma/semicolon/space before it.
MAX_PIECE_CHARS = 400


def split_sentences(paragraph: str) -> list[str]:
    text = paragraph.strip()
    if not text:
        return []
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(text):
        candidate = text[start : match.start()]
        if _ABBREVIATION.search(candidate):
            continue
        if _ORDINAL.search(candidate) and text[match.end()].isdigit():
            continue
        pieces.append(candidate)
        start = match.end()
    pieces.append(text[start:])
    return [chunk for piece in pieces for chunk in _limit(piece.strip()) if chunk]


def _limit(sentence: str) -> list[str]:
    """Cut a sentence the model could not take whole, at a comma or space, never mid-word."""
    chunks: list[str] = []
    while len(sentence) > MAX_PIECE_CHARS:
        window = sentence[:MAX_PIECE_CHARS]
        cut = max(window.rfind(", "), window.rfind("; "))
        cut = cut + 1 if cut > MAX_PIECE_CHARS // 2 else window.rfind(" ")
        if cut <= 0:
            cut = MAX_PIECE_CHARS  # one giant "word": cut anyway rather than lose it
        chunks.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    chunks.append(sentence)
    return chunks


def split_text(text: str) -> list[list[str]]:
    """Paragraphs (one per line) of sentences; empty lines stay as empty paragraphs."""
    return [split_sentences(line) for line in text.split("\n")]


def join_text(paragraphs: list[list[str]]) -> str:
    return "\n".join(" ".join(sentences) for sentences in paragraphs)
