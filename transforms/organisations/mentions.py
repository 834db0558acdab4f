"""Organisations named in running text, with their role and country.

Partner lists are read by CSS selectors (transforms.extract); many pages name their partners
only in sentences ("partnermi z Maďarska (IFKA Public Benefit Non-Profit Ltd.)"). Three
things mark a name there:

1. a legal form written as companies write it ends it ("… Social Research OG"); the name is
   the run of capitalised words (with "&", inner connectors like "for"/"за", or one quoted
   name) before it. Legal forms are matched case-sensitively: "OG" is an Austrian
   partnership, "og" is Danish for "and";
2. a name the alias lookup knows (transforms/lexicons/organisation_aliases.yml), inflected
   or not ("Ministerstvom práce, sociálnych vecí a rodiny SR");
3. a type word (transforms/lexicons/organisation_words.yml): the word institutions use for
   what they are, capitalised. It opens the name in most languages ("Ministry of Labour …",
   "Fundacja Rozwoju …", "Asociația pentru …"), where the name goes on in capitals and small
   connectors, or in lower case in the Slavic languages ("Ministerstvo práce, sociálnych vecí
   a rodiny"); it closes it in English and Hungarian ("Sofia Development Association",
   "… Alapítvány"). An inflected type word is given in its base form ("Fundacji Stocznia"
   -> "Fundacja Stocznia"); ``written`` keeps the text's form. Lower-case words ("the
   ministry", "a foundation for …", "competence centre") never start a name, and a type word
   alone ("The Ministry said …") is no name.

A name ends where its clause goes on: at a relative pronoun ("which", "que", "která",
"koja", "която"), at a verb or auxiliary after a lower-case Slavic tail ("Ministerstvo práce
chce podporiť …": the lexicon's ``stop`` words and verb endings), at a comma not followed by
a conjunction, and at "and" before another type-word name.

Each mention carries the country its text gives it (organisation_country with the text as
context: "partners from Austria (L&R Social Research, arbeit plus)", "X – Hungary").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from transforms.organisations.aliases import known_names
from transforms.organisations.country import organisation_country
from transforms.organisations.lexicon import INFLECTION, TypeWord, words
from transforms.organisations.names import LEGAL_FORMS_WRITTEN, organisation_role

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
    "és", "rzecz", "do", "delle", "dei", "degli", "do", "dos", "das", "e", "y", "en", "het",
    "al", "a", "ja", "och", "og", "ir", "un", "in", "και", "της", "του", "των", "für",
    "para", "el", "lo",  # "Fundación para el Desarrollo …", "Fondazione per lo Sviluppo …"
))  # fmt: skip
CONJUNCTIONS = frozenset(
    ("and", "und", "a", "i", "и", "și", "si", "és", "et", "y", "e", "en", "ja", "och", "og",
     "ir", "un", "in", "και", "ter")
)  # fmt: skip
# Capitalised words that open a sentence, not a name ("The Ministry", "Az Alapítvány").
DETERMINERS = frozenset((
    "The", "A", "An", "This", "These", "That", "Our", "Its", "In", "On", "At", "By", "With",
    "For", "From", "To", "Az", "Egy", "Der", "Die", "Das", "Den", "Dem", "Ein", "Eine", "Le",
    "La", "Les", "L'", "Il", "Lo", "El", "Los", "Las", "O", "Os", "De", "Het", "Een", "Also",
))  # fmt: skip
# Where a sentence part ends, a name cannot reach back past it.
_BOUNDARY = re.compile(r"[\n;:()\[\]]|[.!?]\s+(?=[" + re.escape(_UPPER) + r"])|\s[–—-]\s")
_CLAUSE_END = re.compile(r"[\n;:()\[\]]|[.!?](?:\s|$)|\s[–—-]\s")
# Endings of lower-case words that start a clause after a Slavic name, not its genitive tail:
# past-tense and present verbs ("Ministerstvo uviedlo", "… podporuje") and instrumental or
# locative plurals ("Ministerstvom vnútra a krajskými úradmi").
# ("-ije" is no verb ending: Croatian and Serbian genitives end so, "za razvoj regije".)
CLAUSE_ENDINGS = (
    "lo", "la", "li", "uje", "ujú", "uju", "ými", "ami", "ách", "ach", "mi",
    # Bulgarian past and present verb forms ("… проведе", "… представиха", "… работеше").
    "иха", "аха", "яха", "еше", "аше", "ше", "ва", "ят", "ат",
)  # fmt: skip
# Languages whose lower-case tail opens with a preposition ("Министерство на труда").
PREPOSITION_FIRST = {"bg": frozenset(("на", "за", "по", "от")), "mk": frozenset(("на", "за"))}
MAX_WORDS = 8
MAX_LOWERCASE = 7  # lower-case words a Slavic name may run on after its type word
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
    name: str  # as written (legal form included), an inflected type word in its base form
    legal_form: str  # "" when no legal form marks the name
    role: str  # lead, partner, associated_partner or funder
    country: str | None = None  # ISO 3166-1 alpha-2 from the name and its text
    written: str = ""  # the text's own spelling (for masking)
    evidence: str = ""  # "legal form Kft.", "type word Ministry", "known name"


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
    words_kept = 0
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
        if not _is_capitalised(value) or words_kept == MAX_WORDS:
            break
        kept.append(token)
        words_kept += 1
    # The name starts with a capitalised word or a quoted name, not with a connector or "The".
    while kept and (
        kept[-1].group(0) in DETERMINERS
        or not (kept[-1].group(0)[0] in '„"“«' or _is_capitalised(kept[-1].group(0)))
    ):
        kept.pop()
    return window_start + kept[-1].start() if kept else None


def _role(text: str, start: int, end: int) -> str:
    """The role from the wording of the name's clause: before it ("led by …"), after it
    ("… vezeti", Hungarian puts the verb last) or in its bracket or tail ("(lead partner)")."""
    before = re.split(r"[,;:.!?\n(]", text[max(0, start - WINDOW) : start])[-1].lower()
    after = re.split(r"[,;:.!?\n]\s", text[end : end + 60])[0]
    for role, role_words in CONTEXT_ROLES:
        if any(word in before or word in after.lower() for word in role_words):
            return role
    return organisation_role(text[start:end] + after)


@cache
def _type_index() -> tuple[re.Pattern[str], dict[str, list[TypeWord]], list[str]]:
    """One pattern for every capitalised type word (inflected forms included), each word's
    entries, and the words longest first (to tell which one a match is)."""
    by_word: dict[str, list[TypeWord]] = {}
    for entry in words().type_words:
        if entry.word[0].isupper():
            by_word.setdefault(entry.word, []).append(entry)
    ordered = sorted(by_word, key=len, reverse=True)
    parts = []
    for word in ordered:
        inflects = any(e.inflects for e in by_word[word])
        parts.append(
            re.escape(word).replace(r"\ ", r"\s+") + (rf"\w{{0,{INFLECTION}}}" if inflects else "")
        )
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
    return pattern, by_word, ordered


def _entries_for(token: str) -> tuple[str, list[TypeWord]]:
    _, by_word, ordered = _type_index()
    flat = " ".join(token.split())
    for word in ordered:
        if flat == word or flat.startswith(word):
            return word, by_word[word]
    return flat, []


def _base_form(matched: str, entry: TypeWord) -> str:
    """'Ministerstvom' -> 'Ministerstvo', 'Minisztériummal' -> 'Minisztérium': the first word
    the lexicon lists for that language and type that the match shares its stem with."""
    for listed in (
        e.word for e in words().type_words if (e.lang, e.kind) == (entry.lang, entry.kind)
    ):
        stem = listed[: max(4, len(listed) - 2)]
        if matched.startswith(stem) and len(matched) - len(listed) <= INFLECTION:
            return listed
    return matched


def _tail_end(text: str, end: int, entry: TypeWord) -> int | None:
    """Where a name that opens with a type word ending at ``end`` ends, if anything follows
    that belongs to it (capitalised words, connectors; lower-case words in Slavic names)."""
    stop = _CLAUSE_END.search(text, end, end + WINDOW)
    limit = stop.start() if stop else min(len(text), end + WINDOW)
    tokens = list(_TOKEN.finditer(text, end, limit))
    pattern = _type_index()[0]
    kept: list[re.Match[str]] = []
    content = lowercase = 0
    for index, token in enumerate(tokens):
        value = token.group(0)
        if value[0] in '„"“«':
            kept.append(token)
            content += 1
            break
        if value == ",":
            kept.append(token)
            continue
        lowered = value.lower().rstrip(".")
        if lowered in CONNECTORS and not _is_capitalised(value):
            # "… and European Network of …": a conjunction before another type-word name
            # ends this one.
            # ("… and Caritas." ends a sentence: the type word keeps its full stop.)
            if lowered in CONJUNCTIONS and any(
                pattern.fullmatch(t.group(0).rstrip("."))
                for t in tokens[index + 1 : index + 4]
                if _is_capitalised(t.group(0))
            ):
                break
            kept.append(token)
            continue
        if value.endswith(".") and len(value) > 1 and value not in LEGAL_FORMS_WRITTEN:
            value = value[:-1]
        if _is_capitalised(value):
            if kept and kept[-1].group(0) == "," and pattern.fullmatch(value):
                break  # "Ministry X, Foundation Y": a list of names
            kept.append(token)
            content += 1
        elif (
            entry.lowercase_tail
            and lowercase < MAX_LOWERCASE
            # A place or name after a preposition ends the name: "Асоциация за развитие на
            # София" (the verb after it, "проведе", is the sentence's).
            and not (kept and _is_capitalised(kept[-1].group(0)))
            and lowered not in words().stop
            and not (
                len(lowered) >= 5
                and lowered.endswith(CLAUSE_ENDINGS)
                and not lowered.endswith(("lji", "lja"))  # "obitelji", "zdravlja": nouns
            )
            and (
                kept
                or entry.lang not in PREPOSITION_FIRST
                or lowered in PREPOSITION_FIRST[entry.lang]
            )
        ):
            kept.append(token)
            content += 1
            lowercase += 1
        else:
            break
        if content >= MAX_WORDS + MAX_LOWERCASE:
            break
    while kept and (kept[-1].group(0) == "," or kept[-1].group(0).lower() in CONNECTORS):
        kept.pop()
    if not kept or not any(t.group(0) not in CONNECTORS and t.group(0) != "," for t in kept):
        return None
    # "Ministerstvo práce, sociálnych vecí a rodiny": a comma needs a conjunction after it.
    commas = [i for i, t in enumerate(kept) if t.group(0) == ","]
    if commas and not any(t.group(0).lower() in CONJUNCTIONS for t in kept[commas[-1] :]):
        kept = kept[: commas[-1]]
    if not kept:
        return None
    return kept[-1].end()


def _type_word_spans(text: str, form_ends: set[int]) -> list[tuple[int, int, str, str, str]]:
    """(start, end, name, type word as matched, kind) for names marked by a type word."""
    spans = []
    pattern = _type_index()[0]
    for match in pattern.finditer(text):
        _, entries = _entries_for(match.group(0))
        if not entries:
            continue
        entry = entries[0]
        orders = {e.order for e in entries}
        start, end = match.start(), match.end()
        tail = _tail_end(text, end, entry) if orders & {"first", "both"} else None
        head = None
        goes_on = re.match(r"\s+(?:of|for|für|de|pour|per|za|na|dla|pentru|за|на)\s", text[end:])
        if (orders & {"last", "both"} and not goes_on) or (tail is None and "last" in orders):
            head = _name_start(text, start, form_ends)
        elif "first" in orders:
            # "Deutsche Stiftung …", "Regionalny Ośrodek …": capitalised words before the type
            # word belong to the name, unless the first of them opens the sentence.
            candidate = _name_start(text, start, form_ends)
            if candidate is not None and candidate < start:
                before = text[max(0, candidate - 3) : candidate]
                # "… the City of Vienna and Caritas": a conjunction joins two names.
                joined = any(
                    t.lower() in CONJUNCTIONS for t in _TOKEN.findall(text[candidate:start])
                )
                if (
                    candidate > 0
                    and not joined
                    and not re.search(r"(?:[.!?:;\n]\s*|^\s*)$", before)
                ):
                    head = candidate
        if head is not None and head < start:
            start = head
        elif tail is None:
            continue
        end = tail if tail is not None else end
        if start == match.start() and tail is None:
            continue
        written = text[start:end]
        base = _base_form(match.group(0), entry)
        name = written.replace(match.group(0), base, 1) if base != match.group(0) else written
        spans.append((start, end, " ".join(name.split()), match.group(0), entry.kind))
    return spans


def _flexible(name: str) -> str:
    """A known name's pattern: each word of five letters or more with a free ending."""
    return r"\s+".join(
        re.escape(t[:-2]) + r"\w{0,4}" if len(t) >= 5 and t[-1].isalpha() else re.escape(t)
        for t in name.split()
    )


@cache
def _known_patterns() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """One pattern for all the lookup's names of two words or more, and one per name (to give
    an inflected match its listed spelling: "Fundacją Stocznia" -> "Fundacja Stocznia")."""
    names = [name for name in known_names() if len(name.split()) >= 2]
    each = tuple((re.compile(_flexible(name)), name) for name in names)
    combined = re.compile(r"(?<![\w-])(?:" + "|".join(map(_flexible, names)) + r")(?![\w-])")
    return combined, each


def _known_name(written: str) -> str:
    return next(
        (name for pattern, name in _known_patterns()[1] if pattern.fullmatch(written)), written
    )


def find_organisation_mentions(
    text: str, lang: str | None = None, source_country: str | None = None
) -> list[OrganisationMention]:
    """Organisations named in the text, in order of first mention, each once (see module)."""
    spans: list[tuple[int, int, str, str]] = []  # start, end, name, evidence
    forms = list(_FORM.finditer(text))
    form_ends = {form.end() for form in forms}
    legal: dict[int, str] = {}
    for form in forms:
        # Czech and Slovak registers write "Inovace pro region, z. s.": the comma is the form's.
        before_form = re.search(r",\s*$", text[max(0, form.start() - 3) : form.start()])
        name_end = form.start() - len(before_form.group(0)) if before_form else form.start()
        start = _name_start(text, name_end, form_ends)
        if start is not None:
            spans.append(
                (start, form.end(), text[start : form.end()], f"legal form {form.group(0)}")
            )
            legal[start] = form.group(0)
    for match in _known_patterns()[0].finditer(text):
        spans.append((match.start(), match.end(), _known_name(match.group(0)), "known name"))
    for start, end, name, word, _ in _type_word_spans(text, form_ends):
        spans.append((start, end, name, f"type word {word}"))
    # One span per stretch of text: the longest (a legal form's name over its type word).
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen: list[tuple[int, int, str, str]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    found: dict[str, OrganisationMention] = {}
    for start, end, name, evidence in sorted(chosen):
        written = text[start:end]
        name = " ".join(name.split())  # "IFKA Kft." and "IFKA\n Kft." are one name
        if name in found:
            continue
        role = _role(text, start, end)
        country = organisation_country(" ".join(written.split()), lang, source_country, text)
        found[name] = OrganisationMention(
            name, legal.get(start, ""), role, country, written, evidence
        )
    return list(found.values())
