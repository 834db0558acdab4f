"""What the warehouse's ``organisations`` table needs to know about one name as written."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from transforms.organisations.aliases import known_organisation, organisation_key
from transforms.organisations.country import name_evidence, organisation_country
from transforms.organisations.lexicon import words
from transforms.organisations.names import legal_form_of, organisation_name, split_acronym

ORGANISATION_TYPES = (
    "public_authority", "ngo", "university", "company", "foundation", "network", "other",
)  # fmt: skip
# Legal forms of associations and other non-profits; every other legal form is a company's.
NON_PROFIT_FORMS = frozenset(
    ("e.V.", "o.z.", "n.o.", "z.s.", "z.ú.", "o.p.s.", "ASBL", "asbl", "VZW", "vzw", "MTÜ",
     "VšĮ", "ry", "ΑΜΚΕ", "gGmbH", "CIC", "Κοιν.Σ.Επ.")
)  # fmt: skip
_NON_PROFIT_WORDS = re.compile(r"(?i)non-?profit|közhasznú|public benefit|gemeinnützig")
_GOES_ON_WORDS = frozenset(("of", "for", "für", "de", "pour", "per", "za", "na", "dla", "pentru"))
_ACRONYM = re.compile(r"^[A-ZÀ-ÞА-ЯΑ-Ω][A-ZÀ-ÞА-ЯΑ-Ω0-9&.+-]{1,9}(?: [A-Z]{2})?$")


@dataclass(frozen=True)
class OrganisationFacts:
    key: str  # organisation_key: one per organisation across languages and scripts
    display_name: str  # the lookup's display name, else the name as written
    acronym: str | None
    country: str | None  # ISO 3166-1 alpha-2; None for EU-level bodies and unknowns
    legal_form: str | None
    type: str  # one of ORGANISATION_TYPES
    script: str  # Latin, Cyrillic, Greek or Other (the name as written)
    eu_level: bool = False  # an EU institution or EU-wide network


def script_of(name: str) -> str:
    counts: dict[str, int] = {}
    for ch in name:
        if ch.isalpha():
            script = unicodedata.name(ch, "OTHER").split()[0]
            counts[script] = counts.get(script, 0) + 1
    top = max(counts, key=lambda s: counts[s], default="OTHER")
    return {"LATIN": "Latin", "CYRILLIC": "Cyrillic", "GREEK": "Greek"}.get(top, "Other")


def organisation_type(name: str, legal_form: str | None) -> str:
    """The type a name's own words give, else its legal form's, else other. The head type
    word counts: the first one when a name opens with it ("Ministry of …", "Fundacja …"),
    else the last ("Civil Society Network Sofia", "Sofia Development Association")."""
    tokens = [t.lower() for t in re.findall(r"[\w'’]+", name)]
    hits: list[tuple[int, str, str]] = []  # token position, kind, order
    for entry in words().type_words:
        word = entry.word.lower()
        for position, token in enumerate(tokens):
            if (
                token == word.split()[0]
                if " " in word
                else (
                    token == word
                    or (entry.inflects and token.startswith(word) and len(token) - len(word) <= 5)
                )
            ):
                hits.append((position, entry.kind, entry.order))
    if hits:
        hits.sort()
        first = hits[0]
        after = tokens[first[0] + 1] if first[0] + 1 < len(tokens) else ""
        if first[2] == "first" or after in _GOES_ON_WORDS:
            return first[1]
        return hits[-1][1]
    if legal_form:
        if legal_form in NON_PROFIT_FORMS or _NON_PROFIT_WORDS.search(name):
            return "ngo"
        return "company"
    return "other"


def describe_organisation(
    name: str,
    lang: str | None = None,
    source_country: str | None = None,
    context: str = "",
    with_country: bool = True,
) -> OrganisationFacts:
    """Key, display name, acronym, country, legal form, type and script of a name as written.

    ``with_country=False`` skips the country (None) and the name's language detection it
    needs: the warehouse takes countries from the records, and detection on every distinct
    name of a million records costs minutes and the detector's models in memory.
    """
    written = organisation_name(name, lang)
    base, acronym = split_acronym(written)
    known = known_organisation(written, lang)
    flat = " ".join(written.split())
    if with_country:
        evidence = name_evidence(flat, lang)
        legal_form, eu_level = evidence.legal_form, evidence.eu_level
    else:
        legal_form = legal_form_of(flat)
        eu_level = known is not None and known.country is None
    if acronym is None and _ACRONYM.match(base.strip()):
        acronym = base.strip()
    if acronym is None and known is not None and known.acronyms:
        acronym = known.acronyms[0]
    kind = known.kind if known is not None else organisation_type(base, legal_form)
    return OrganisationFacts(
        key=organisation_key(written, lang),
        display_name=known.display if known is not None else written,
        acronym=acronym,
        country=organisation_country(written, lang, source_country, context)
        if with_country
        else None,
        legal_form=legal_form,
        type=kind,
        script=script_of(written),
        eu_level=eu_level,
    )
