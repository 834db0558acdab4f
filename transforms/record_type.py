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


def _fold(text: str) -> str:
    """Lower case without accents, so "Projektek" and "projekty" meet the same stem."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Folded once: (kind, stem as written, folded stem, is a phrase).
_STEMS = tuple(
    (kind, stem, _fold(stem).replace("-", " "), " " in stem or "-" in stem)
    for kind, stems in LEXICON
    for stem in stems
)


def _match(text: str) -> tuple[str, str] | None:
    words = re.split(r"[^\w]+", text)
    joined = " ".join(words)
    for kind, stem, folded, phrase in _STEMS:
        # Phrases match anywhere; single stems must start a word.
        if phrase and folded in joined:
            return kind, stem
        if not phrase and any(word.startswith(folded) for word in words):
            return kind, stem
    return None


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
