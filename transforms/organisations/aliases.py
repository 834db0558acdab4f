"""One organisation, one key across languages and scripts: the alias lookup.

``transforms/lexicons/organisation_aliases.yml`` lists, per canonical key, the names an
organisation is written under (its own language, English, other portals' translations, its
acronyms). Any of them, with or without legal form, quotes or a bracketed acronym, gives the
canonical key; a name the lookup does not know keeps its plain matching key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from transforms.organisations.lexicon import aliases
from transforms.organisations.names import matching_key, organisation_name, split_acronym


@dataclass(frozen=True)
class KnownOrganisation:
    key: str
    display: str
    country: str | None
    kind: str
    acronyms: tuple[str, ...]
    names: tuple[str, ...]


@cache
def _known() -> tuple[dict[str, KnownOrganisation], dict[str, str]]:
    """(canonical key -> entry, matching key of every name and acronym -> canonical key)."""
    entries: dict[str, KnownOrganisation] = {}
    index: dict[str, str] = {}
    for key, entry in aliases().items():
        known = KnownOrganisation(
            key=key,
            display=entry["display"],
            country=entry.get("country"),
            kind=entry.get("type", "other"),
            acronyms=tuple(entry.get("acronyms", ())),
            names=tuple(entry["names"]),
        )
        entries[key] = known
        for name in (*known.names, *known.acronyms, known.display):
            index.setdefault(matching_key(name), key)
        index.setdefault(key, key)
    return entries, index


def known_organisation(written: str, lang: str | None = None) -> KnownOrganisation | None:
    """The lookup's entry for a name as written, if it has one (by name, then by acronym)."""
    entries, index = _known()
    name, acronym = split_acronym(organisation_name(written, lang))
    for candidate in (name, acronym):
        if candidate and (key := index.get(matching_key(candidate))) is not None:
            return entries[key]
    return None


def known_names() -> tuple[str, ...]:
    """Every name the lookup knows (not acronyms), longest first: for finding them in text."""
    entries, _ = _known()
    names = {name for entry in entries.values() for name in entry.names}
    return tuple(sorted(names, key=len, reverse=True))


def organisation_key(written: str, lang: str | None = None) -> str:
    """The canonical key of a known organisation (any alias, any language or script), else the
    plain matching key: lower case, Latin script, no legal form, acronym or punctuation."""
    known = known_organisation(written, lang)
    return known.key if known is not None else matching_key(written, lang)
