"""Organisation names as written: the name part of an entry, its role, its legal form and the
plain matching key (``matching_key``; ``transforms.organisations.aliases.organisation_key`` adds
the alias lookup on top)."""

from __future__ import annotations

import re
import unicodedata

from transforms.countries import find_countries

# Legal forms as companies write them, matched case-sensitively in running text
# (transforms.organisations.mentions); lower-cased, they are also left out of the key.
LEGAL_FORMS_WRITTEN = (
    "Nonprofit Kft.", "Nonprofit Zrt.", "Kft.", "Zrt.", "Nyrt.", "Bt.", "Kkt.",
    "GmbH", "gGmbH", "OG", "KG", "AG", "e.V.", "eG",
    "Ltd.", "Ltd", "Limited", "PLC", "plc", "LLP", "Inc.", "LLC", "CIC",
    "a.s.", "s.r.o.", "spol. s r.o.", "o.p.s.", "n.o.", "o.z.", "z.s.", "z.ú.",
    "sp. z o.o.", "Sp. z o.o.", "S.A.", "SA", "spółka z o.o.",
    "ЕООД", "ООД", "ЕАД", "АД", "EOOD", "OOD", "EAD",
    "SRL", "S.R.L.", "s.r.l.", "SRL-D", "S.p.A.", "S.r.l.",
    "d.o.o.", "d.d.", "j.d.o.o.", "doo", "ДОО",
    "B.V.", "BV", "N.V.", "NV", "VZW", "vzw", "ASBL", "asbl", "SARL", "S.A.S.", "SAS",
    "S.L.", "S.L.U.", "Lda.", "ApS", "A/S", "AB", "Oy", "Oyj", "OÜ", "MTÜ", "SIA", "UAB",
    "VšĮ", "ehf.", "hf.", "e.U.", "Oyj", "ry", "AS", "ΑΜΚΕ", "Α.Ε.", "ΙΚΕ", "Κοιν.Σ.Επ.",
    "z. s.", "o. p. s.", "z. ú.", "s. r. o.", "a. s.", "n. o.", "o. z.", "UG", "ek. för.",
    "ek för", "ASA", "A.Ş.", "Ltd. Şti.", "sh.p.k.", "SH.P.K.", "ДООЕЛ", "DOOEL", "ТОВ",
)  # fmt: skip
# Legal forms, their punctuation variants and status words, matched as whole words after
# lower-casing, for the matching key.
LEGAL_FORMS = (
    "nonprofit kft", "közhasznú", "kft", "zrt", "nyrt", "bt", "og", "kg", "gmbh", "e.v", "ev",
    "ltd", "limited", "plc", "llc", "inc", "a.s", "as", "s.r.o", "sro", "o.z", "sp. z o.o",
    "sp z oo", "s.a", "sa", "srl", "s.r.l", "ngo", "еоод", "оод", "ад", "ead", "eood", "ood",
    "ad", "d.o.o", "doo", "ab", "oy", "bv", "nv", "asbl", "vzw", "public benefit", "non-profit",
)  # fmt: skip
_CYRILLIC = dict(zip(
    "абвгдежзийклмнопрстуфхцчшщъьюяєіїґђјљњћџ",
    ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
     "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "", "yu", "ya", "ye", "i", "yi", "g",
     "dj", "j", "lj", "nj", "c", "dz"],
    strict=True,
))  # fmt: skip
# "Name – Country (role)": partner lists put the country and role after the last dash.
_LAST_DASH = re.compile(r"\s+[–—-]\s+(?!.*\s[–—-]\s)")
_KEY_FORMS = {form.lower().rstrip(".") for form in (*LEGAL_FORMS, *LEGAL_FORMS_WRITTEN)}
_LEGAL = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(f) for f in sorted(_KEY_FORMS, key=len, reverse=True))
    + r")\.?(?!\w)"
)


def organisation_name(written: str, lang: str | None = None) -> str:
    """The name part of a partner-list entry: 'IFKA Kft. – Magyarország' -> 'IFKA Kft.'.

    Only a last dash-separated part that names a country is cut, so names with a dash of
    their own ("arbeit plus – Soziale Unternehmen Österreich") stay whole.
    """
    text = written.strip()
    parts = _LAST_DASH.split(text, maxsplit=1)
    if len(parts) == 2 and find_countries(parts[1], lang):
        return parts[0].strip()
    return text


# Role words in a partner-list entry's tail ("– Ausztria (vezető partner)"), per role; the
# first role whose word appears wins, so "associated partner" is not taken for "partner".
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("associated_partner", (
        "associated", "associate", "társult", "pridružen", "přidružen", "stowarzyszon",
        "асоцииран", "asociat", "assoziiert", "associé", "associato", "asociado",
    )),
    ("funder", (
        "funder", "funding", "donor", "finanszírozó", "támogató", "financovateľ",
        "poskytovateľ", "grantodawc", "finansując", "финансиращ", "finanțator", "fördergeber",
        "financeur", "finanziatore",
    )),
    ("lead", (
        "lead", "leader", "vezető", "konzorciumvezető", "koordinátor", "coordinator",
        "koordinator", "hlavný", "vedúci", "wiodący", "lider", "водещ", "координатор",
        "coordonator", "leadpartner", "federführend", "chef de file", "capofila",
    )),
)  # fmt: skip


_ROLE_PATTERNS = [
    (role, re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + ")"))
    for role, words in ROLE_WORDS
]


def organisation_role(written: str, lang: str | None = None) -> str:
    """'lead', 'associated_partner', 'funder' or 'partner' from a partner-list entry.

    The role is read from what follows the name (the country and role tail, or a bracket),
    never from the name itself: a "Coordination Centre" is not a coordinator.
    """
    name = organisation_name(written, lang)
    tail = written.strip()[len(name) :] if written.strip().startswith(name) else ""
    tail = " ".join(filter(None, [tail, *re.findall(r"\(([^()]*)\)", name)])).lower()
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(tail):
            return role
    return "partner"


# "Zentrum für Soziale Innovation (ZSI)": an acronym in brackets is an alias, not the name.
ACRONYM_IN_BRACKETS = re.compile(
    r"\s*\((?P<acronym>[A-ZÀ-ÞА-ЯΑ-Ω][\w&.+-]{1,11}(?: [A-ZÀ-Þ]{2,3})?)\)\s*$"
)


def split_acronym(name: str) -> tuple[str, str | None]:
    """'Sofia Development Association (SDA)' -> ('Sofia Development Association', 'SDA')."""
    match = ACRONYM_IN_BRACKETS.search(name)
    if match is None:
        return name, None
    acronym = match.group("acronym")
    if sum(ch.isupper() for ch in acronym) < 2:
        return name, None
    return name[: match.start()].rstrip(), acronym


def legal_form_of(name: str) -> str | None:
    """The legal form a name ends with, as written ("Kft.", "sp. z o.o."), if any."""
    text = name.strip()
    for form in _FORMS_LONGEST_FIRST:
        if text.endswith(form) and (len(text) == len(form) or not text[-len(form) - 1].isalnum()):
            return form
    return None


_FORMS_LONGEST_FIRST = sorted(set(LEGAL_FORMS_WRITTEN), key=len, reverse=True)


def matching_key(written: str, lang: str | None = None) -> str:
    """Lower case, Latin script, no quotes, legal forms, bracketed acronym or punctuation."""
    text = split_acronym(organisation_name(written, lang))[0].lower()
    text = "".join(_CYRILLIC.get(ch, ch) for ch in text)
    text = _LEGAL.sub(" ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())
