"""Decode a page's bytes correctly even when its charset is missing or wrong.

Many portals declare no charset, or declare one that is not what the bytes are (a CMS that
says utf-8 over windows-1250 text). Declared charsets are tried first but must decode cleanly
and read like the page's language; otherwise the candidate whose text has the most letters of
the expected alphabets wins. The single-byte Central and Eastern European encodings differ
exactly in those letters, so "looks like Polish" is a better judge than a byte statistic.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Letters beyond ASCII that each language's text is made of (lower case).
LANGUAGE_LETTERS: dict[str, str] = {
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш" + "čćđšž",
    "mk": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "el": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "pl": "ąćęłńóśźż",
    "hu": "áéíóöőúüű",
    "ro": "ăâîșțşţ",
    "sl": "čšž",
    "hr": "čćđšž",
    "de": "äöüß",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "es": "áéíñóúü",
    "it": "àèéìíîòóùú",
    "pt": "áâãàçéêíóôõú",
    "lt": "ąčęėįšųūž",
    "lv": "āčēģīķļņšūž",
    "et": "äõöüšž",
    "fi": "äöå",
    "sv": "åäö",
    "da": "æøå",
    "nl": "éëïóöü",
    "mt": "ċġħż",
    "ga": "áéíóú",
    "is": "áðéíóúýþæö",
    "no": "æøå",
    "en": "",
}
# Tried after the declared charsets, in this order (ties go to the earlier one).
FALLBACKS = ("windows-1250", "iso-8859-2", "windows-1251", "windows-1252", "koi8-r")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    declared: str | None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charsets(body: bytes, content_type: str = "") -> list[str]:
    """Charsets the page states: HTTP header first, then the first <meta> in the head."""
    found: list[str] = []
    header = re.search(r"charset\s*=\s*([^\s;]+)", content_type or "", re.I)
    if header and (codec := _codec(header.group(1))):
        found.append(codec)
    meta = META_CHARSET.search(body[:4096])
    if meta and (codec := _codec(meta.group(1).decode("ascii", "ignore"))):
        found.append(codec)
    return list(dict.fromkeys(found))


def _score(text: str, letters: set[str]) -> float:
    """Expected non-ASCII letters count for, anything else non-ASCII counts against."""
    good = bad = 0
    for char in text:
        if char < "\x80":
            continue
        lower = char.lower()
        if lower in letters:
            good += 1
        elif unicodedata.category(char) in ("Cc", "Co", "Cn") or char == "\ufffd":
            bad += 5  # control characters are never in a real page's text
        elif unicodedata.category(char).startswith("L"):
            bad += 1
    return good - bad


def decode_page(body: bytes, content_type: str = "", languages: Sequence[str] = ()) -> Decoded:
    declared = declared_charsets(body, content_type)
    stated = declared[0] if declared else None
    if body.startswith(codecs.BOM_UTF8):
        return Decoded(body[3:].decode("utf-8", "replace"), "utf-8", stated)
    # Text in a single-byte encoding with any letter beyond ASCII is almost never valid UTF-8,
    # so bytes that are valid UTF-8 are UTF-8, whatever the page declares (CMS migrations
    # often leave an old charset in the <meta> over UTF-8 text).
    try:
        return Decoded(body.decode("utf-8"), "utf-8", stated)
    except UnicodeDecodeError:
        pass
    # Without language hints any European alphabet counts; hints make the choice sharper.
    wanted = [lang for lang in languages if lang in LANGUAGE_LETTERS] or list(LANGUAGE_LETTERS)
    letters = set("".join(LANGUAGE_LETTERS[lang] for lang in wanted))
    candidates: list[tuple[float, int, str, str]] = []
    for rank, encoding in enumerate(dict.fromkeys([*declared, *FALLBACKS])):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Declared charsets get a head start: they win unless the text clearly disagrees.
        bonus = 3.0 if encoding in declared else 0.0
        candidates.append((_score(text, letters) + bonus, -rank, encoding, text))
    if not candidates:
        return Decoded(body.decode("utf-8", "replace"), "utf-8", stated)
    _, _, encoding, text = max(candidates)
    return Decoded(text, encoding, stated)
