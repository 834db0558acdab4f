"""Plain, safe text values: downstream portals display what we publish.

Extraction already drops tags and decodes entities once. What is left can still be dangerous
or ugly: CMSs that escape twice leave ``&amp;nbsp;`` (decoded to ``&nbsp;``), and a page that
*shows* code (``&lt;script&gt;``) decodes to a real ``<script>`` string. The first is decoded
here; the second is kept as the page wrote it but flagged, so a portal can escape or hide it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

# Named or numeric entities still present after extraction's own decoding.
ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
# Each flag: what a display must not render as it is.
UNSAFE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("script", re.compile(r"<\s*/?\s*(?:script|iframe|object|embed|style)\b", re.I)),
    ("event_handler", re.compile(r"<[^>]*\bon[a-z]{3,20}\s*=", re.I)),
    ("javascript_url", re.compile(r"\b(?:javascript|vbscript)\s*:", re.I)),
    ("markup", re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>|<!--|<!\[CDATA\[")),
)
FLAGS = (*(name for name, _ in UNSAFE), "entity")
NBSP_LIKE = re.compile(r"[\u00a0\u2007\u202f]")
# Decoding twice is enough for the double escaping CMSs do; more loops invite surprises.
MAX_DECODE_ROUNDS = 2


def plain_text(value: str) -> str:
    """Decode entities that survived extraction (double-escaped pages), NBSP to space."""
    for _ in range(MAX_DECODE_ROUNDS):
        if not ENTITY.search(value):
            break
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return NBSP_LIKE.sub(" ", value)


def unsafe_markers(value: str | None) -> list[str]:
    """The flags ``value`` trips, in FLAGS' order."""
    if not value:
        return []
    found = [name for name, pattern in UNSAFE if pattern.search(value)]
    # "R&D;" looks like an entity but is none: only names HTML knows count.
    if any(html.unescape(m.group()) != m.group() for m in ENTITY.finditer(value)):
        found.append("entity")
    return found


def safety_flags(fields: Mapping[str, str | list[str] | None]) -> list[str]:
    """``field:flag`` for each text field that holds script, markup or undecoded entities."""
    flags: list[str] = []
    for name, value in fields.items():
        texts = value if isinstance(value, list) else [value]
        found = {flag for text in texts for flag in unsafe_markers(text)}
        flags.extend(f"{name}:{flag}" for flag in FLAGS if flag in found)
    return flags
