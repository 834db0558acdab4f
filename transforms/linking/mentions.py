"""How a page names the initiative it is about: acronyms and English names, case-blind.

Real portals write one acronym many ways ("SI PLUS", "SI Plus", "SIPlus", "SI plus", the
Hungarian "SI Plusz") and mostly in running text, not in brackets: "the SIPlus project",
"проект SI PLUS". An acronym's key is its letters upper-cased without spaces or hyphens.
Not every capitalised token is an initiative: programmes (ESF+, EaSI), institutions (EU, SR),
legal forms (GmbH), roman numerals, shouted headings ("SOFIA DEVELOPMENT ASSOCIATION") and
organisations' own acronyms ("Sofia Development Association (SDA)") are left out.

An acronym is *primary* for a page when the page is about it: it is in the title, written
more than once, next to a word for "project", or spelled out in brackets. Two pages whose
primary acronyms differ, and share none at all, are about different initiatives.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from transforms.organisations import legal_form_of
from transforms.periods import EARLIER_CUE

# Acronyms of programmes, institutions, places and common abbreviations, never initiatives.
GENERIC_ACRONYMS = frozenset(
    """
    ESF ESF+ FSE FSE+ EFS EFS+ ESZA ESZA+ ЕСФ ЕСФ+ EASI EU EÚ EC ЕС UE ЕК EK SR ČR CR MPSVR
    NKCSI CSR ERDF EFRE FEDER EFRR EFRU ESIF EFSI ESI NGO NGOS NNO MVO OSC ONG ПДФ PDF FAQ ROMA
    OG KFT ZRT GMBH GGMBH SRL SA AG KG LTD LLC PLC CIC OOD ЕООД ООД АД EOOD DOO BV NV ASBL VZW OY
    UAB SIA MTU OU AB AS SRO PLUS SI SIM OECD UN UNDP UNICEF ILO WHO SDG SDGS COVID COVID19 ICT
    IT HR PR CEO SME SMES MSME R&D RDI TV CV ID EUR HUF PLN CZK BGN RON SEK DKK USD EIB EIF
    ELA EURES PES OP OPLZ OPHRD OPHR OPZ OPZ+ OPLZ+ IROP RRF RRP NRRP PNRR NextGenerationEU NGEU
    INTERREG LEADER HORIZON CEF LIFE COSME ERASMUS ERASMUS+ AMIF ISF FEAD FEAMP EMFAF EAFRD
    EARDF JTF ESPON URBACT DG DGEMPL EMPL EESC COR CoR EP CET CEST GMT UTC NUTS ISBN ISSN DOI
    URL WWW HTML API GDPR CIP AMF EUSF EGF ESSPASS OK NB PS AI ESS ESS+ ESR ESR+ EKT ΕΚΤ
    ADRION EUROMED NWE IPA CBC ENI
    ΕΚΤ+ EKT+ ESFA NEET NEETS MEUR MLN MLD NCC NCCS NCCSI TL5 ESR+ SF EFS EFS+ ESFR
    """.upper().split()
)
# Words for "project" (and "initiative") in the EU languages, sr and uk, as stems.
_PROJECT_WORDS = (
    "project", "projekt", "projekat", "projet", "progetto", "proyecto", "projecto", "projeto",
    "proiect", "projekti", "projekta", "projektas", "projekto", "hanke", "hankkee", "проект",
    "проєкт", "έργο", "εργο", "initiative", "iniciatív", "iniciativ", "inicjatyw", "inițiativ",
)  # fmt: skip
_PROJECT = re.compile(r"(?<!\w)(?:" + "|".join(_PROJECT_WORDS) + r")\w*", re.IGNORECASE)
# Words that make a bracketed acronym an organisation's ("Sofia Development Association
# (SDA)", "Zentrum für Soziale Innovation (ZSI)"), as stems. A name's first word may be any of
# them; its last word only a strong one, since projects are called "... Competence Centres"
# or "... Network" too.
_STRONG_ORGANISATION_WORDS = (
    "associat", "asocia", "asociá", "foundation", "fondation", "fundac", "fundaț", "fundat",
    "stiftung", "alapítvány", "nadáci", "nadace", "ministr", "minisz", "министер", "ministér",
    "institut", "intézet", "instytut", "институт", "inštitút", "univers", "egyetem",
    "uniwersytet", "университет", "agenc", "agentúr", "agentur", "ügynökség", "агенц",
    "agenți", "office", "úrad", "hivatal", "urząd", "úřad", "council", "chamber", "kamara",
    "komora", "izba", "society", "verein", "verband", "egyesület", "združenie", "sdružení",
    "stowarzyszen", "сдружение", "асоциаци", "общин", "municipal", "ltd", "kft", "gmbh",
    "company", "authority", "confederat", "federat", "department", "directorate",
    "yliopisto", "laitos", "säätiö", "yhdistys", "korkeakoulu", "fundação", "associação",
    "instituto", "universidad", "università", "fondazione", "associazione", "asociación",
    "fundación", "stichting", "vereniging", "förening", "stiftelse", "kommun", "zavod",
    "društvo", "udruga", "zaklada", "sveučilište", "univerza", "ministerio", "ministero",
    "sihtasutus", "sihtkapital", "ülikool", "biedrība", "nodibinājum", "universitāt",
    "asociacij", "fondas",
    "universitet", "σύλλογ", "ίδρυμα", "πανεπιστήμ", "trust", "ry", "sr", "ev", "e.v",
)  # fmt: skip
# Last words that make a bracketed acronym an organisation's ("European Network of Social
# Integration Enterprises (ENSIE)"); "... Network" names projects too ("Social Economy
# Incubator Network (SEIN)").
_LAST_ORGANISATION_WORDS = (*_STRONG_ORGANISATION_WORDS, "enterprises")
_FIRST_ORGANISATION_WORDS = (
    *_STRONG_ORGANISATION_WORDS,
    "centre", "center", "centrum", "centro", "zentrum", "központ", "център", "centrul",
    "network", "netzwerk", "hálózat", "мрежа", "city", "service", "služb", "szolgálat",
)  # fmt: skip


# Strong words that make a name an organisation's wherever they stand ("the Financing Agency
# for Social Entrepreneurship (FASE)"); short stems ("ry", "ev") only as a first or last word.
_ANYWHERE_ORGANISATION_WORDS = tuple(w for w in _STRONG_ORGANISATION_WORDS if len(w) >= 5)


def _is_organisation(name: str) -> bool:
    """The name before a bracketed acronym is an organisation's. In a run-on partner list
    ("DIALOGPLUS - Centre for Social Innovation (ZSI)") the part after the last dash is the
    name the acronym spells."""
    for part in {name, re.split(r"\s[–—-]\s", name)[-1]}:
        words = part.lower().split()
        if words and (
            words[0].startswith(_FIRST_ORGANISATION_WORDS)
            or words[-1].startswith(_LAST_ORGANISATION_WORDS)
            or any(w.startswith(_ANYWHERE_ORGANISATION_WORDS) for w in words)
        ):
            return True
    return False


# A token with at least two capitals ("SIPlus", "REACT"), optionally "plus"/"+" after it.
_CANDIDATE = re.compile(
    r"(?<![\w&+@./])"
    r"(?P<base>[A-ZÀ-ÝĀ-Ž][A-Za-zÀ-ÿĀ-ž0-9]*[A-ZÀ-ÝĀ-Ž0-9][A-Za-zÀ-ÿĀ-ž0-9]*"
    r"|[А-ЯЁЇІЄҐ][А-Яа-яЁЇІЄҐёїієґ0-9]*[А-ЯЁЇІЄҐ][А-Яа-яЁЇІЄҐёїієґ0-9]*)"
    r"(?P<plus>[ \-]?(?:PLUSZ?|Plusz?|plusz?)(?![\w])|\+)?"
    r"(?P<suffix>-(?:EU|[A-Z0-9]{1,4})(?![\w]))?"
    # A second phase's number is part of its name: "ESIA 2", "SEMPRE II", "Hub 2.0".
    r"(?P<phase> (?:[2-9]|II|III|IV)(?:\.0)?(?![\w/]|[.,]\d))?"
    r"(?![\w@])"
)
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_BRACKETED = re.compile(r"^\s*\([^()]*\)")
# A call's or grant's identifier ("VP/2020/010", "ESF-SI-2023-NCC-01"): one key, whole.
_IDENTIFIER = re.compile(
    r"(?<![\w/-])[A-Z]{2,}(?:[-/][A-Z0-9]+)*[-/](?:19|20)\d\d(?:[-/][A-Z0-9]+)+"
)
_YEARISH = re.compile(r"\d{4}")
# Spelled out before its acronym: "Social Innovation Plus – Competence Centres (SI PLUS)".
# A name never spans lines: "...v SR\nBgaaa Social Lab (P6X)" is the name "Bgaaa Social Lab".
_NAME_BEFORE = re.compile(
    r"([A-Z][\w-]+(?:[ \t](?:[A-Z][\w-]+|–|-|and|for|of|the|in|on|to|plus))+)[ \t]*\(([^()\n]+)\)"
)
# The other order: "REACT (Roma Employment Action)", an acronym then its name spelled out.
_ACRONYM_THEN_NAME = re.compile(
    r"\b([A-Z][A-Z0-9]{2,9}(?:[+-][A-Z0-9]+)?)\s*\(([A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|for|of|and|the|in|at))+)\)"
)
# A quoted title ("„Social Innovation Plus – Competence Centres“"), 2 to 12 words.
_QUOTED = re.compile(r"[„“”\"«»‚']([A-Z][^„“”\"«»\n]{6,120}?)[“”\"«»‘']")
_ARTICLES = frozenset(
    ["the", "a", "an", "der", "die", "das", "le", "la", "les", "el", "los", "las", "il", "lo",
     "gli", "i", "de", "het"]
)  # fmt: skip
# Words that describe what a name is, not which one: dropped from name keys.
_GENERIC_NAME_WORDS = frozenset(["project", "projects", "initiative", "programme", "program"])


@dataclass(frozen=True)
class NamedInitiatives:
    """What a page says about the initiatives it names."""

    acronyms: frozenset[str]  # every initiative acronym it writes
    primary: frozenset[str]  # those it is about (see the module docstring)
    names: frozenset[str]  # English names, as keys (``name_key``)
    organisation_acronyms: frozenset[str]  # bracketed after an organisation's name
    counts: dict[str, int]


def acronym_key(written: str) -> str:
    key = re.sub(r"[\s\-]", "", written).upper()
    return key.replace("PLUSZ", "PLUS")


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def _shouted(line: str) -> bool:
    """A heading in capitals: most of its words are written in upper case (two-letter words
    are left out: country codes in "ESIA (DK, EE, DE, PL)" are no shouting)."""
    words = re.findall(r"[^\W\d_]{3,}", line)
    if len(words) < 4:
        return False
    return sum(w.isupper() for w in words) / len(words) >= 0.6


def _script(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            return "cyrillic" if "CYRILLIC" in unicodedata.name(ch, "") else "latin"
    return "latin"


def _accept(base: str, plus: str | None) -> bool:
    letters = _letters(base)
    capitals = sum(ch.isupper() for ch in letters)
    if len(letters) < 2 or capitals < 2 or _ROMAN.match(base) or _YEARISH.search(base):
        return False
    # "Social" is a word; "SIPlus", "InnoSI", "ReCoDe" are acronyms: capitals are many or
    # inside the word.
    if capitals / len(letters) < 0.5 and not any(ch.isupper() for ch in base[1:]):
        return False
    # Long all-capital words are shouting, not acronyms ("SOCIAL", "COMMISSION").
    return not (len(letters) > 9 and base.isupper() and not plus)


def _long_capitals(match: re.Match[str]) -> bool:
    base = match.group("base")
    return base.isupper() and len(base) >= 4 and not match.group("plus")


def _adjacent(line: str, one: re.Match[str], other: re.Match[str]) -> bool:
    first, second = sorted((one, other), key=lambda m: m.start())
    return not line[first.end() : second.start()].strip()


def _names_organisation(line: str) -> bool:
    """A short line that names an organisation: a partner-list entry ("BCause Foundation
    (Bulgaria)", "SOSTE Suomen sosiaali ja terveys ry")."""
    words = re.findall(r"[^\W\d_][\w.]*", line.lower())
    if not words or len(words) > 12:
        return False
    return words[0].startswith(_FIRST_ORGANISATION_WORDS) or any(
        w.startswith(_STRONG_ORGANISATION_WORDS) for w in words
    )


def _line_mentions(line: str, title: bool = False) -> list[tuple[str, int, int]]:
    """(key, start, end) of each acronym candidate in one line; identifiers first. A title
    is never read as a partner-list entry ("SI PLUS: Ministry visit")."""
    found = [(m.group(0), m.start(), m.end()) for m in _IDENTIFIER.finditer(line)]
    if found:
        line = _IDENTIFIER.sub(lambda m: " " * len(m.group(0)), line)
    if not title and _names_organisation(line):
        return found
    shouted = _shouted(line)
    line_script = _script(line)
    matches = list(_CANDIDATE.finditer(line))
    for index, match in enumerate(matches):
        base, plus = match.group("base"), match.group("plus")
        if not _accept(base, plus):
            continue
        if shouted and _script(base) == line_script:
            continue  # a shouted heading; a Latin acronym in a Cyrillic heading still counts
        # A run of long capitalised words is a shouted phrase ("EUROPEAN COMMISSION").
        if _long_capitals(match) and any(
            _long_capitals(other) and _adjacent(line, match, other)
            for other in matches[max(0, index - 1) : index + 2]
            if other is not match
        ):
            continue
        phase = (match.group("phase") or "").replace(".0", "")
        key = acronym_key(base + (plus or "") + (match.group("suffix") or "") + phase)
        if key in GENERIC_ACRONYMS or (acronym_key(base) in GENERIC_ACRONYMS and not plus):
            continue
        if len(key) < 3:
            continue
        found.append((key, match.start(), match.end()))
    return found


def name_key(name: str) -> str:
    """Lower case, no accents, punctuation, articles or generic words, singular; "Competence
    Centers" = "the Competence Centres"."""
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", text)
    words = [w for w in words if w not in _ARTICLES and w not in _GENERIC_NAME_WORDS]
    return " ".join(_SPELLING.get(w, w) for w in (_singular(w) for w in words))


# British and American spellings, as one key.
_SPELLING = {"center": "centre", "organization": "organisation", "program": "programme"}


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _name_keys(name: str) -> set[str]:
    """The name's key, and that of its part before a dash ("SI PLUS – Competence Centres")."""
    keys = set()
    for part in {name, re.split(r"\s[–—-]\s", name)[0]}:
        key = name_key(part)
        if len(key.split()) >= 2:
            keys.add(key)
    return keys


# Words every social-innovation portal's titles share: a title made only of these names no
# initiative ("National Competence Centre for Social Innovation" is the title of several).
_GENERIC_TITLE_WORDS = frozenset(
    """social innovation innovative competence centre center national european europe call
    proposal for of and the in on to a an about u news event conference project initiative
    programme network hub lab laboratory fund funding support new first final report
    plus esf esf+ eu""".lower().split()
)
_TITLE_PARTS = re.compile(r"\s[–—|-]\s|:\s")


def _title_names(title: str) -> set[str]:
    """Name keys of a title that is an initiative's name: its part before a dash or colon,
    written as a name (every longer word capitalised: "European Social Innovation Alliance",
    "Laboratorium Innowacji Społecznych", "ARRIVAL REGIONS"), not an organisation's, and not
    only the words every portal's titles share."""
    part = _TITLE_PARTS.split(re.sub(r"\s*\([^()]*\)\s*$", "", title.strip()))[0].strip()
    words = re.findall(r"[^\W\d_][\w'’+-]*", part)
    if not 2 <= len(words) <= 8 or _is_organisation(part):
        return set()
    if not all(w[0].isupper() for w in words if len(w) >= 4) or _PROJECT.search(part):
        return set()
    key = name_key(part)
    if len(key.split()) < 2 or set(key.split()) <= _GENERIC_TITLE_WORDS:
        return set()
    return {key}


_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZÀ-ÞĀ-ſА-ЯΑ-Ω])")


def _sentence_before(line: str, position: int, width: int = 160) -> str:
    """The part of ``line``'s sentence before ``position``, at most ``width`` characters."""
    begin = max(0, position - width)
    ends = [m.end() for m in _SENTENCE_END.finditer(line, begin, position)]
    return line[ends[-1] if ends else begin : position]


def named_initiatives(title: str, body: str) -> NamedInitiatives:
    text = f"{title}\n{body}"
    counts: Counter[str] = Counter()
    recounted: Counter[str] = Counter()  # mentions after a predecessor cue
    primary: set[str] = set()
    # Acronyms next to a word for project ("the SIPlus project"), and the title's others.
    marked: set[str] = set()
    titled: set[str] = set()
    organisation_acronyms: set[str] = set()
    names: set[str] = set()
    for number, line in enumerate(text.split("\n")):
        for key, start, end in _line_mentions(line, title=number == 0 and bool(title)):
            counts[key] += 1
            before, after = line[max(0, start - 40) : start], line[end : end + 120]
            in_title = number == 0 and bool(title)
            # "the previous Call ... (VP/2020/010)", "pohjautuvat ... PEnCIL-hankkeen": a
            # predecessor the page builds on, not what it is about.
            if not in_title and EARLIER_CUE.search(_sentence_before(line, start)):
                recounted[key] += 1
                continue
            # "SI Plus (Social Innovation Plus – Competence Centres) projekt": the word for
            # project may follow the acronym's spelled-out name in brackets.
            following = _BRACKETED.sub("", after.lstrip(" “”\"'’-"), count=1)
            beside_project = _PROJECT.search(before[-14:]) or _PROJECT.match(
                following.lstrip(" “”\"'’-")
            )
            if beside_project:
                marked.add(key)
            elif in_title:
                titled.add(key)
    for name, inner in _NAME_BEFORE.findall(text):
        key = acronym_key(inner.strip())
        if key not in counts:
            continue
        cut = re.split(r"\s[–—-]\s", name)[0]
        if _is_organisation(name):
            organisation_acronyms.add(key)
            continue
        primary.add(key)
        if len(cut.split()) >= 2:
            names |= _name_keys(name)
    for acronym, name in _ACRONYM_THEN_NAME.findall(text):
        key = acronym_key(acronym)
        if key in counts and key[0] == name[0].upper() and not _is_organisation(name):
            primary.add(key)
            names |= _name_keys(name)
    for quoted in _QUOTED.findall(text):
        if 2 <= len(quoted.split()) <= 12 and not _is_organisation(quoted):
            names |= _name_keys(re.sub(r"\s*\([^()]*\)\s*$", "", quoted))
    primary |= {key for key, count in counts.items() if count - recounted[key] >= 2}
    # An acronym the page names only as its predecessor's is no evidence of which initiative
    # the page is about: it is left out altogether.
    earlier = {key for key, count in counts.items() if recounted[key] == count}
    primary -= earlier
    names |= _title_names(title)
    acronyms = set(counts) - organisation_acronyms - earlier
    # A page that calls an acronym its project is about that one: the title's ministry ("MPSV
    # je součástí projektu PEnCIL"), a partner it repeats (KÜSK) or a spelled-out centre
    # (ICCSI) are not what it is about.
    marked &= acronyms
    primary = marked if marked else primary | titled
    # A page about SEED2SCALE or ESIA 2 writes its predecessor (SEED, ESIA) too: a primary
    # acronym that begins another primary one is the older project's.
    primary = {k for k in primary if not any(o != k and o.startswith(k) for o in primary)}
    return NamedInitiatives(
        acronyms=frozenset(acronyms),
        primary=frozenset(primary & acronyms),
        names=frozenset(names),
        organisation_acronyms=frozenset(organisation_acronyms),
        counts={key: counts[key] for key in acronyms},
    )


def acronyms_in_names(names: Iterable[str]) -> frozenset[str]:
    """Acronym keys that are words of organisation names ("IFKA Public Benefit Non-Profit
    Ltd."): the organisations', however often a page writes them. Only names that read as an
    organisation's (a legal form, an institution word) count: a project's name taken for a
    partner ("BuiCaSuS Building Capacity for a Sustainable Society") keeps its acronym."""
    return frozenset(
        acronym_key(word)
        for name in map(str, names)
        if legal_form_of(name) or _is_organisation(name)
        for word in re.findall(r"[\w&+-]+", name)
        if sum(ch.isupper() for ch in word) >= 2
    )


def acronyms(text: str) -> set[str]:
    """Initiative acronyms the text writes, as keys: "SI Plus" -> "SIPLUS"."""
    return set(named_initiatives("", text).acronyms)


def english_names(text: str) -> set[str]:
    """Project names spelled out with their acronym or quoted, as keys (``name_key``)."""
    return set(named_initiatives("", text).names)


def names_many_initiatives(title: str, body: str) -> str | None:
    """Evidence that a page is an overview (a list of projects, a call's results), or None.

    Such a page introduces several initiatives: list entries that start with an acronym
    ("BuiCaSuS: Building Capacity …", "ESIA (DK, EE, DE, PL)"), or acronyms it calls a
    project; and no one of them dominates the page.
    """
    named = named_initiatives(title, body)
    introduced = set(named.primary)
    for line in body.split("\n"):
        entry = _LIST_ENTRY.match(line.strip())
        if entry and acronym_key(entry.group(1)) in named.counts:
            introduced.add(acronym_key(entry.group(1)))
    counts = sorted((named.counts[k] for k in introduced), reverse=True)
    if len(counts) >= 6 or (len(counts) >= 3 and counts[0] < 0.5 * sum(counts)):
        listed = ", ".join(sorted(introduced)[:8])
        return f"names {len(counts)} initiatives: {listed}"
    # Several initiatives written in passing and none the page is about ("the six consortia:
    # BuiCaSuS, ESIA, FUSE, …").
    if not named.primary and len(named.acronyms) >= 4:
        listed = ", ".join(sorted(named.acronyms)[:8])
        return f"mentions {len(named.acronyms)} initiatives, about none: {listed}"
    return None


_LIST_ENTRY = re.compile(r"^(?:[-•*–]\s*)?([A-Z][\w+-]*(?:\s(?:PLUS|Plus|\+))?)\s*(?::|–|—|-|\()")
