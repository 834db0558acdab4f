"""What kind of page a record is: initiative, project, event, news, organisation or page.

Portals file their pages under telling URL sections (``/projektek/``, ``/wiadomosci/``,
``/evenimente/``) in their own language, so the URL path is the first and strongest evidence;
the title is the second. A page that matches nothing stays ``page``. Pure and deterministic.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

# Stems in the EU languages (plus sr, uk), accents stripped and lower-cased before matching.
# Checked in this order: an event announced in a news section is news by its URL, but a title
# says "conference" more reliably than it says "project".
LEXICON: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "event",
        (
            "event",
            "evenement",
            "evento",
            "eveniment",
            "veranstaltung",
            "rendezveny",
            "podujat",
            "wydarzen",
            "konferenc",
            "conferenc",
            "conferinta",
            "webinar",
            "seminar",
            "workshop",
            "dogod",
            "renginy",
            "renginys",
            "pasakum",
            "udalost",
            "akce",
            "събити",
            "конферен",
            "семинар",
            "поді",
            "događ",
            "dogadj",
            "tapahtum",
            "begivenhed",
            "evenemang",
            "εκδηλωσ",
            "συνεδρ",
        ),
    ),
    (
        "news",
        (
            "news",
            "hirek",
            "aktualit",
            "aktualnosc",
            "wiadomosc",
            "novinky",
            "novice",
            "новини",
            "новост",
            "stiri",
            "noutati",
            "nachricht",
            "aktuelles",
            "actualite",
            "noticia",
            "notizie",
            "nieuws",
            "uutiset",
            "nyheder",
            "nyheter",
            "naujienos",
            "jaunumi",
            "uudised",
            "vijesti",
            "ειδησ",
            "νεα",
            "press",
            "blog",
        ),
    ),
    (
        "organisation",
        (
            "about-us",
            "about us",
            "o-nas",
            "o nas",
            "rolunk",
            "za-nas",
            "за нас",
            "despre-noi",
            "despre noi",
            "uber-uns",
            "qui-sommes-nous",
            "chi-siamo",
            "quienes-somos",
            "over-ons",
            "centrum",
            "centre",
            "center",
            "kozpont",
            "център",
            "centru",
            "centro",
            "zentrum",
            "keskus",
            "centras",
            "centrs",
            "competence",
            "kompetenc",
            "компетент",
        ),
    ),
    (
        "project",
        (
            "project",
            "projekt",
            "projet",
            "progett",
            "proyect",
            "projeto",
            "proiect",
            "proekt",
            "проект",
            "projekat",
            "hanke",
            "projekti",
            "projektas",
            "projekts",
        ),
    ),
    (
        "initiative",
        (
            "initiativ",
            "iniciativ",
            "inicjatyw",
            "kezdemenyez",
            "инициатив",
            "initiatief",
            "aloite",
            "initiativa",
            "iniziativ",
            "iniciatyv",
            "initsiatiiv",
        ),
    ),
)


COMBINING = re.compile(r"[\u0300-\u036f]")


def _fold(text: str) -> str:
    """Lower case without accents, so "Projektek" and "projekty" meet the same stem."""
    return COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


# Each folded stem -> (rank, kind, stem as written); the rank is LEXICON order, which decides.
def _ranked() -> dict[str, tuple[int, str, str]]:
    ranked: dict[str, tuple[int, str, str]] = {}
    for kind, stems in LEXICON:
        for stem in stems:
            ranked.setdefault(_fold(stem).replace("-", " "), (len(ranked), kind, stem))
    return ranked


_RANKED = _ranked()
# One alternation of every stem, longest first, each starting a word: one pass per text.
_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(s) for s in sorted(_RANKED, key=lambda s: (-len(s), s)))
    + ")"
)


def _match(text: str) -> tuple[str, str] | None:
    """The first kind in LEXICON order that any stem of the text belongs to."""
    joined = " ".join(re.split(r"[^\w]+", text))
    ranked = [_RANKED[m.group(0)] for m in _PATTERN.finditer(joined)]
    if not ranked:
        return None
    _, kind, stem = min(ranked)
    return kind, stem


def classify_record(url: str, title: str) -> tuple[str, str]:
    """(record_type, evidence): which stem in which part of the page decided it."""
    path = _fold(unquote(urlsplit(url).path))
    # The last segment is the page's own slug: its words describe the topic, not the section.
    sections = "/".join(path.strip("/").split("/")[:-1])
    for where, text in (("url", sections), ("title", _fold(title))):
        found = _match(text)
        if found:
            return found[0], f"{where}: {found[1]}"
    return "page", "no type words in URL sections or title"
