"""Organisations named in running text, found by their legal form ("… Social Research OG").

Partner lists are read by CSS selectors (transforms.extract); many pages name their partners
only in sentences ("partnermi z Maďarska (IFKA Public Benefit Non-Profit Ltd.)"). A legal
form written as companies write it marks the end of a name; the name is the run of
capitalised words (with "&", inner connectors like "for"/"за", or one quoted name) before it.
Legal forms are matched case-sensitively: "OG" is an Austrian partnership, "og" is Danish
for "and".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.organisations import LEGAL_FORMS_WRITTEN, organisation_role

# Organisation types that end a name the way a legal form does ("Sofia Development
# Association"), unless the name goes on ("Association for …"), which is then not read.
NAME_FINAL_TYPES = ("Alapítvány", "Egyesület", "Association", "Foundation", "Stiftung", "Verein")
_GOES_ON = r"(?!\s+(?:of|for|für|de|pour|per|za|na|dla|pentru|за|на)\s)"


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_FORM = re.compile(
    rf"(?<![\w.])(?:(?:{_alternation(LEGAL_FORMS_WRITTEN)})"
    rf"|(?:{_alternation(NAME_FINAL_TYPES)}){_GOES_ON})(?![\w/])"
)
# Every upper-case letter Python knows: the re module has no \p{Lu}.
_UPPER = "".join(ch for ch in map(chr, range(0x10000)) if ch.isupper())
_TOKEN = re.compile(
    r"„[^“”\"\n]{1,80}[“”\"]|\"[^\"\n]{1,80}\"|“[^”\n]{1,80}”|«[^»\n]{1,80}»"  # a quoted name
    r"|[\w'’.-]+|&|,"
)
# Small words and lower-case status words ("Volkshilfe Wien gemeinnützige GmbH") that may
# stand between the capitalised words of a name.
CONNECTORS = frozenset((
    "gemeinnützige", "gemeinnützig", "közhasznú", "nonprofit", "non-profit", "neziskové",
    "nezisková", "obecně", "prospěšná", "verejnoprospešná", "społeczna",
    "of", "for", "and", "the", "und", "für", "der", "des", "de", "du", "la", "le", "pour",
    "et", "di", "del", "della", "da", "per", "van", "voor", "von", "dla", "i", "w", "na",
    "za", "pre", "pro", "pentru", "din", "și", "si", "и", "за", "на", "по",
))  # fmt: skip
# Where a sentence part ends, a name cannot reach back past it.
_BOUNDARY = re.compile(r"[\n;:()\[\]]|[.!?]\s+(?=[" + re.escape(_UPPER) + r"])|\s[–—-]\s")
MAX_WORDS = 8
WINDOW = 160  # characters before a legal form that may hold its name

# Words before a name in the same sentence part that give its role in prose.
CONTEXT_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("lead", (
        "led by", "run by", "coordinated by", "ръководи от", "координира", "vezeti",
        "vezetésével", "koordinálja",
        "vedie", "koordinuje", "prowadzi", "koordynuje", "lider", "geleitet von",
        "koordiniert von", "coordonat de", "condus de", "coordonné par", "coordinato da",
    )),
    ("funder", (
        "funded by", "financed by", "financovan", "finansowan", "финансиран", "finanțat",
        "gefördert von", "finanszíroz", "támogatásával",
    )),
)  # fmt: skip


@dataclass(frozen=True)
class OrganisationMention:
    name: str  # as written, legal form included
    legal_form: str
    role: str  # lead, partner, associated_partner or funder


def _is_capitalised(token: str) -> bool:
    return token[0] in _UPPER or (token[0].isdigit() and any(c in _UPPER for c in token))


def _name_start(text: str, end: int, form_ends: set[int]) -> int | None:
    """Where the name that ends at ``end`` (just before a legal form) starts, if there is one.

    The walk back stops at another legal form ("Foo Ltd. and Bar GmbH" is two names) and
    at a word that ends a sentence."""
    window_start = max(0, end - WINDOW)
    window = text[window_start:end]
    offset = max((cut.end() for cut in _BOUNDARY.finditer(window)), default=0)
    tokens = list(_TOKEN.finditer(window, offset))
    kept: list[re.Match[str]] = []  # tokens of the name, last first
    words = 0
    for token in reversed(tokens):
        value = token.group(0)
        if value[0] in '„"“«':
            if not kept or all(t.group(0) in ("&", ",") for t in kept):
                kept.append(token)
            break
        if value in ("&", ",") or value.lower() in CONNECTORS:
            if value == "," and not any(t.group(0) == "&" for t in kept):
                break  # a comma only joins names of a firm ("Lechner, Reiter & Riesenfelder")
            kept.append(token)
            continue
        if window_start + token.end() in form_ends or (value.endswith(".") and len(value) > 2):
            break
        if not _is_capitalised(value) or words == MAX_WORDS:
            break
        kept.append(token)
        words += 1
    # The name starts with a capitalised word or a quoted name, not with a connector.
    while kept and not (kept[-1].group(0)[0] in '„"“«' or _is_capitalised(kept[-1].group(0))):
        kept.pop()
    return window_start + kept[-1].start() if kept else None


def _role(text: str, start: int, end: int) -> str:
    """The role from the wording of the name's clause: before it ("led by …"), after it
    ("… vezeti", Hungarian puts the verb last) or in its bracket or tail ("(lead partner)")."""
    before = re.split(r"[,;:.!?\n(]", text[max(0, start - WINDOW) : start])[-1].lower()
    after = re.split(r"[,;:.!?\n]\s", text[end : end + 60])[0]
    for role, words in CONTEXT_ROLES:
        if any(word in before or word in after.lower() for word in words):
            return role
    return organisation_role(text[start:end] + after)


def find_organisation_mentions(text: str) -> list[OrganisationMention]:
    """Organisations whose name ends in a legal form, in order of first mention, each once."""
    found: dict[str, OrganisationMention] = {}
    forms = list(_FORM.finditer(text))
    form_ends = {form.end() for form in forms}
    for form in forms:
        start = _name_start(text, form.start(), form_ends)
        if start is None:
            continue
        # Spaces as one: "IFKA Kft." and "IFKA\n Kft." are one name.
        name = " ".join(text[start : form.end()].split())
        role = _role(text, start, form.end())
        found.setdefault(name, OrganisationMention(name, form.group(0), role))
    return list(found.values())
