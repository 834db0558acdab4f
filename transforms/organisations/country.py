"""An organisation's country (ISO 3166-1 alpha-2) from its name, the text around it and the
portal that published it.

Evidence, strongest first:
1. the alias lookup (a known organisation's country is a fact), unless step 4 says otherwise;
2. a legal form registered in one country ("Kft." -> HU, "OG" -> AT); one of several
   ("GmbH", "s.r.o.", "d.o.o.") is settled by the other evidence below, else the most
   frequent one;
3. a country, country adjective, capital, city, region or abbreviation inside the name
   ("Slovenian Government Office ...", "..., Baden Württemberg", "... Sofia", "Magyar ...",
   "Vlaams ...", "... SR"; the gazetteer is transforms/lexicons/organisation_places.yml);
4. what the text attaches to the name: "X – Austria", "X (Hungary)", "X Croatia, Y
   Slovenia", the country a bracketed list is written under ("partners from Austria (L&R
   Social Research, arbeit plus)", "des acteurs espagnols (X, Y)"), "the Romanian X",
   "włoska organizacja X", "from BiH – X", "X from Italy", "X (ÅAU) in Turku". This outranks
   the name's language: a portal writes foreign partners in its own language ("Munka-,
   Szociális és Családügyi Minisztérium – Szlovákia" on a Hungarian page is the Slovak
   ministry), and it outranks the alias lookup when the two differ (a generic name such as
   "Centre for Social Innovation" belongs to more than one organisation);
5. the name's language, from its type words ("Ministerstvo", "Fundacja", "Asociația"), marker
   words and letters only one language uses ("ř", "ő", "ț"), with lingua for the rest;
   English says nothing (it is the language of translations: an English name on a Hungarian
   portal with nothing else to go on is Hungarian, step 7). A language of several countries
   (German, French, Dutch, Greek, Swedish) takes the context's or portal's country when it is
   one of them ("Bundesministerium ..." on an Austrian portal is Austrian), else its main one;
6. a single country named in the name's sentence;
7. the publishing portal's country.

EU-level bodies (the European Commission in any language, EU-wide networks such as ENSIE) get
None: ISO 3166-1 has no code for the EU, and a downstream user filtering initiatives or
partners by member state must not see them under any one country. ``describe_organisation``
says ``eu_level=True`` for them, so a display can still write "EU".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from transforms.countries import EUROPE, find_countries
from transforms.language import detect_language
from transforms.organisations.aliases import known_organisation
from transforms.organisations.lexicon import PLACE_ENDING, stem_pattern, words
from transforms.organisations.names import legal_form_of, split_acronym

# A language's countries, the main one first. English names no country: it is what portals
# translate foreign names into.
LANGUAGE_COUNTRIES: dict[str, tuple[str, ...]] = {
    "hu": ("HU",), "sk": ("SK",), "cs": ("CZ",), "pl": ("PL",), "bg": ("BG",),
    "ro": ("RO", "MD"), "de": ("DE", "AT", "CH", "LU", "LI"), "fr": ("FR", "BE", "LU", "CH"),
    "it": ("IT", "CH"), "es": ("ES",), "pt": ("PT",), "nl": ("NL", "BE"), "el": ("GR", "CY"),
    "hr": ("HR", "BA"), "sl": ("SI",), "sr": ("RS", "BA", "ME"), "lt": ("LT",), "lv": ("LV",),
    "et": ("EE",), "fi": ("FI",), "sv": ("SE", "FI"), "da": ("DK",), "no": ("NO",),
    "is": ("IS",), "mt": ("MT",), "ga": ("IE",), "uk": ("UA",), "mk": ("MK",), "en": (),
    # Bosnian is read on short Serbo-Croatian names that are as often Serbian or Croatian.
    "bs": ("BA", "RS", "ME", "HR"), "sq": ("AL",), "tr": ("TR",),
}  # fmt: skip
# Letters only one language's names use (per language, any one counts).
UNIQUE_LETTERS = {
    "hu": "őűŐŰ", "cs": "řůěŘŮĚ", "sk": "ľĺŕĽĹŔ", "pl": "łśźżńŁŚŹŻŃ", "ro": "șțăȘȚĂşţŞŢ",
    "lt": "ėįųĖĮŲ", "lv": "ķļņģĶĻŅĢ", "is": "þðÞÐ", "de": "ß", "pt": "ãÃ", "es": "ñÑ",
    "da": "øæØÆ", "hr": "đĐ", "mt": "ċġħĊĠĦ",
}  # fmt: skip
# Letters a language's names never use: "för" is Swedish, not Danish; "ø" is not Swedish.
EXCLUDED_LETTERS = {"da": "äöÄÖ", "no": "äöÄÖ", "sv": "æøÆØ", "fi": "æøÆØ", "et": "æøÆØ"}
MIN_INFLECTED = 5  # a type word this long or longer may take an ending ("fond" + "a" is no
# Danish foundation: "La Fonda")
CYRILLIC_LETTERS = {"sr": "ђјљњћџЂЈЉЊЋЏ", "mk": "ѓќѕЃЌЅ", "uk": "єіїґЄІЇҐ", "ru": "ыэёЫЭЁ"}
SERBIAN_CYRILLIC_WORDS = frozenset(("министарство", "удружење", "општина", "фондација", "рада"))
# Macedonian writes "ј" as Serbian does, but "Министерство", "Здружение", "труд".
MACEDONIAN_CYRILLIC_WORDS = frozenset(("министерство", "здружение", "труд", "сојуз", "скопје"))
TYPE_WORD_SCORE, MARKER_SCORE, LETTER_SCORE = 3, 1, 4
ADJECTIVE_ENDING = 6  # "Magyar|ország", "Român|iei"
_TOKEN = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
# Words between a preposition and a country after a name: "X from Italy", "X z Maďarska".
_AFTER_PREPOSITION = re.compile(
    r"^\s*(?:from|in|of|based in|aus|z|zo|ze|iz|din|из|от|в|de|du|da|di|en|van|uit)\s+"
    r"([^\s,;.()]+(?:\s[^\s,;.()]+)?)"
)
_SENTENCE_END = re.compile(r"[.!?]\s+|\n")
# Countries an organisation can be given: EUROPE (the portals' countries) and Türkiye.
KNOWN_COUNTRIES = frozenset((*EUROPE, "GB", "TR"))
# What may follow a country written right after a name in a list: "Act Group Croatia and
# SENT Slovenia", "ENSIE Belgium, …".
_AFTER_COUNTRY = re.compile(r"\s*(?:[,;.)\n]|$|[–—-]\s|(?:and|und|a|i|и|și|et|y|e|en)\s)")
# The codes the EU writes for two countries ("E10009757 - EL" in an EU form is Greece).
EU_CODES = {"EL": "GR", "UK": "GB"}
# A bracketed acronym after a name ("Åbo Akademi University (ÅAU) in Turku"): skipped to
# read what follows it.
_ACRONYM = re.compile(r"^\s*\(([^\W\d_a-z]{2,10}|\w*[A-Z]\w*[A-Z]\w*)\)")


@dataclass(frozen=True)
class NameEvidence:
    """What a name says about its country on its own (see the module docstring)."""

    legal_form: str | None
    legal_countries: tuple[str, ...]
    places: tuple[str, ...]
    language: str | None
    known_country: str | None
    eu_level: bool


def _script_language(name: str) -> str | None:
    letters = [ch for ch in name if ch.isalpha()]
    if any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in letters):
        return "el"
    if any("\u0400" <= ch <= "\u04ff" for ch in letters):
        words_lowered = {token.lower() for token in _TOKEN.findall(name)}
        if words_lowered & MACEDONIAN_CYRILLIC_WORDS and any(ch in "јљњџЈЉЊЏ" for ch in letters):
            return "mk"  # Bulgarian has neither "ј" nor these words with it
        for lang, marks in CYRILLIC_LETTERS.items():
            if any(ch in marks for ch in letters):
                return lang
        lowered = {token.lower() for token in _TOKEN.findall(name)}
        return "sr" if lowered & SERBIAN_CYRILLIC_WORDS else "bg"
    return None


@cache
def _type_word_index() -> tuple[
    dict[str, frozenset[str]],
    dict[str, tuple[tuple[str, str], ...]],
    tuple[tuple[str, str], ...],
]:
    """The type words in lower case (the lexicon lists some in both cases, "Center" and
    "center": they count once) as (word -> languages, inflecting words by their first
    three letters, phrases of several words)."""
    exact: dict[str, set[str]] = {}
    inflecting: dict[str, set[tuple[str, str]]] = {}
    phrases: set[tuple[str, str]] = set()
    for type_word in words().type_words:
        word = type_word.word.lower()
        if " " in word:
            phrases.add((word, type_word.lang))
            continue
        exact.setdefault(word, set()).add(type_word.lang)
        if type_word.inflects and len(word) >= MIN_INFLECTED:
            inflecting.setdefault(word[:3], set()).add((word, type_word.lang))
    return (
        {word: frozenset(langs) for word, langs in exact.items()},
        {prefix: tuple(sorted(entries)) for prefix, entries in inflecting.items()},
        tuple(sorted(phrases)),
    )


def name_language(name: str, page_lang: str | None = None) -> str | None:
    """The language a name is written in, from its own words (see the module docstring)."""
    if (script := _script_language(name)) is not None:
        return script
    tokens = [token.lower() for token in _TOKEN.findall(name)]
    if not tokens:
        return None
    lowered = " ".join(tokens)
    scores: Counter[str] = Counter()
    exact, inflecting, phrases = _type_word_index()
    hits: set[tuple[str, str]] = {(lang, word) for word, lang in phrases if word in lowered}
    for token in tokens:
        hits.update((lang, token) for lang in exact.get(token, ()))
        hits.update(
            (lang, word)
            for word, lang in inflecting.get(token[:3], ())
            if token.startswith(word) and len(token) - len(word) <= 5
        )
    for lang, _ in hits:  # each type word once per language, however often it occurs
        scores[lang] += TYPE_WORD_SCORE
    for lang, markers in words().markers.items():
        # One-letter words ("e", "y", "a", "i") are "and" in half the languages.
        scores[lang] += MARKER_SCORE * sum(len(t) > 1 and t in markers for t in tokens)
    for lang, letters in UNIQUE_LETTERS.items():
        if any(ch in letters for ch in name):
            scores[lang] += LETTER_SCORE
    for lang, letters in EXCLUDED_LETTERS.items():
        if lang in scores and any(ch in letters for ch in name):
            del scores[lang]
    if scores:
        ranked = scores.most_common()
        best = ranked[0][1]
        top = [lang for lang, score in ranked if score == best]
        if best >= 2 and len(top) == 1:
            return top[0]
        if best >= 2 and page_lang in top:
            return page_lang
    detected = detect_language(name)
    return detected.lang if detected.confidence >= 0.5 else None


@cache
def _place_index() -> tuple[re.Pattern[str], tuple[tuple[str, str], ...], re.Pattern[str]]:
    """One pattern for every place and adjective stem, the stems longest first (to tell which
    one matched), and the pattern for the "SR"/"ČR" tags."""
    lexicon = words()
    stems = tuple(sorted({*lexicon.places, *lexicon.adjectives}, key=lambda p: -len(p[0])))
    pattern = stem_pattern([stem for stem, _ in stems], max(PLACE_ENDING, ADJECTIVE_ENDING))
    abbreviations = re.compile(
        r"(?<![\w&])(" + "|".join(map(re.escape, lexicon.abbreviations)) + r")(?![\w&])"
    )
    return pattern, stems, abbreviations


@cache
def _country_name_index() -> re.Pattern[str]:
    """The gazetteer's extra country names ("Velká Británie", "BiH"), whole words."""
    names = [re.escape(name) for name, _ in words().country_names]
    return re.compile(r"(?<![\w-])(?:" + "|".join(names) + r")(?![\w-])")


def countries_written(text: str, lang: str | None) -> list[tuple[str, str]]:
    """``find_countries`` and the gazetteer's extra country names, in order of position."""
    found = [(text.find(written), code, written) for code, written in find_countries(text, lang)]
    extra = dict(words().country_names)
    found += [
        (m.start(), extra[m.group(0)], m.group(0)) for m in _country_name_index().finditer(text)
    ]
    return [(code, written) for _, code, written in sorted(found)]


@cache
def _place_stems() -> dict[str, tuple[tuple[str, bool, str], ...]]:
    """(stem with spaces for hyphens, whole word only, country) by the stem's first three
    letters, longest first: to tell which place ``_place_index`` matched."""
    index: dict[str, list[tuple[str, bool, str]]] = {}
    for stem, country in _place_index()[1]:
        listed = re.sub(r"[\s-]", " ", stem.removesuffix("="))
        index.setdefault(listed[:3], []).append((listed, stem.endswith("="), country))
    return {prefix: tuple(entries) for prefix, entries in index.items()}


def _place_country(written: str) -> str | None:
    """The country of a gazetteer place or adjective as matched by ``_place_index``."""
    flat = re.sub(r"[\s-]", " ", written)
    for listed, whole, country in _place_stems().get(flat[:3], ()):
        if flat == listed or (not whole and flat.startswith(listed)):
            return country
    return None


def places_in_name(name: str, lang: str | None, page_lang: str | None = None) -> tuple[str, ...]:
    """Countries named inside a name, in order of position: country names (any inflection
    CLDR's names reach, in the name's and the page's language), country adjectives, cities
    and regions, "SR"/"ČR"-style tags."""
    found: list[tuple[int, str]] = []
    for written_lang in dict.fromkeys([lang or "en", page_lang or "en", "en"]):
        for code, written in countries_written(name, written_lang):
            found.append((name.find(written), code))
    pattern, _, abbreviations = _place_index()
    # EU forms write names in capitals ("ARISTOTELIO PANEPISTIMIO THESSALONIKIS"); the
    # gazetteer is written as places are, capitalised.
    spelled = name.title() if name.isupper() else name
    for match in pattern.finditer(spelled):
        if country := _place_country(match.group(0)):
            found.append((match.start(), country))
    for match in abbreviations.finditer(name):
        found.append((match.start(), words().abbreviations[match.group(1)]))
    ordered = [code for _, code in sorted(found, key=lambda item: item[0])]
    return tuple(dict.fromkeys(code for code in ordered if code in KNOWN_COUNTRIES))


@cache
def _demonym_index() -> dict[str, tuple[tuple[str, str], ...]]:
    """The demonym stems by their first three letters, longest first within each."""
    index: dict[str, list[tuple[str, str]]] = {}
    for stem, country in words().demonyms:  # already longest first
        index.setdefault(stem[:3], []).append((stem, country))
    return {prefix: tuple(stems) for prefix, stems in index.items()}


@cache
def demonym_country(word: str) -> str | None:
    """The country a (lower-case) country adjective names: "włoska" -> IT, "espagnols" ->
    ES; None for any other word."""
    lowered = word.lower()
    for stem, country in _demonym_index().get(lowered[:3], ()):
        if lowered.startswith(stem) and len(lowered) - len(stem) <= ADJECTIVE_ENDING:
            return country
    return None


def is_eu_level(name: str, places: tuple[str, ...] = ()) -> bool:
    lexicon = words()
    base, acronym = split_acronym(name.strip())
    lowered = base.lower()
    if any(lowered.startswith(eu) for eu in lexicon.eu_names):
        return True
    if (acronym or base).upper() in lexicon.eu_acronyms:
        return True
    tokens = _TOKEN.findall(base)
    opens_european = bool(tokens) and any(tokens[0].startswith(o) for o in lexicon.eu_opening)
    return opens_european and not places and any(t in lexicon.eu_bodies for t in tokens)


@cache
def name_evidence(name: str, page_lang: str | None = None) -> NameEvidence:
    known = known_organisation(name, page_lang)
    language = name_language(name, page_lang)
    places = places_in_name(name, language, page_lang)
    form = legal_form_of(name)
    legal = words().legal_forms.get(form, ()) if form else ()
    eu_level = (known is not None and known.country is None) or is_eu_level(name, places)
    return NameEvidence(
        legal_form=form,
        legal_countries=tuple(legal),
        places=places,
        language=language,
        known_country=known.country if known is not None else None,
        eu_level=eu_level,
    )


def _locate(name: str, context: str) -> tuple[int, int] | None:
    start = context.find(name)
    if start >= 0:
        return start, start + len(name)
    tokens = name.split()
    if not tokens:
        return None
    match = re.search(r"\s+".join(map(re.escape, tokens)), context)
    return (match.start(), match.end()) if match else None


def _leading_country(text: str, lang: str | None) -> tuple[str, int] | None:
    """(country, length written) of the country ``text`` opens with: a code ("AT"), a
    country's name ("Austria (lead partner)", "Maďarska a ...") or a gazetteer place
    ("Turku and Vaasa")."""
    stripped = text.lstrip()
    skipped = len(text) - len(stripped)
    code = re.match(r"([A-Z]{2})(?![\w])", stripped)
    if code and code.group(1) in KNOWN_COUNTRIES:
        return code.group(1), skipped + 2
    for country, written in countries_written(stripped[:40], lang):
        if stripped.startswith(written):
            return country, skipped + len(written)
    place = _place_index()[0].match(stripped)
    if place and (place_country := _place_country(place.group(0))):
        return place_country, skipped + place.end()
    return None


def _country_at_start(text: str, lang: str | None) -> str | None:
    """The country ``text`` opens with ("Austria (lead partner)", "Maďarska a ..."), if any."""
    leading = _leading_country(text, lang)
    return leading[0] if leading else None


def _demonym_before(before: str) -> str | None:
    """The country of an adjective right before a name, lower-case words between: "the
    Romanian X", "włoska organizacja X", "rakúska partnerská organizácia X"."""
    clause = re.split(r"[,;:.!?()\n]", before)[-1]
    tokens = _TOKEN.findall(clause)[-3:]
    for token in reversed(tokens):
        if country := demonym_country(token):
            return country
        if not token.islower():  # a capitalised word that is no adjective: another name
            return None
    return None


def context_countries(name: str, context: str, lang: str | None) -> tuple[str | None, str | None]:
    """(the country the text attaches to the name, the only country of the name's sentence)."""
    span = _locate(name, context) if context and name else None
    if span is None:
        return None, None
    start, end = span
    after, before = context[end : end + 80], context[max(0, start - 80) : start]
    attached = None
    if dash := re.match(r"^\s*[–—-]\s+(.{1,60})", after):  # "X – Austria (lead partner)"
        attached = _country_at_start(dash.group(1), lang)
    if attached is None and (bracket := re.match(r"^\s*\(([^()]{1,60})\)", after)):
        inner = bracket.group(1)  # "X (Hungary)", "X (lead partner, AT)", "X (E1017 - EL)"
        attached = _country_at_start(inner, lang) or next(
            (c for c, _ in countries_written(inner, lang)), None
        )
        if attached is None and (code := re.search(r"(?<![\w-])([A-Z]{2})\s*$", inner)):
            written = EU_CODES.get(code.group(1), code.group(1))
            attached = written if written in KNOWN_COUNTRIES else None
        if attached is None and _ACRONYM.match(after):
            after = after[bracket.end() :]  # "X (ÅAU) in Turku": read past the acronym
    leading = _leading_country(after, lang) if attached is None else None
    if leading and after[:1].isspace() and _AFTER_COUNTRY.match(after[leading[1] :]):
        attached = leading[0]  # "Act Group Croatia and SENT Slovenia"
    if attached is None and (comma := re.match(r"^\s*,\s*([^,;.()\n]{1,30})", after)):
        chunk = comma.group(1).strip()  # "X, Hungary, and Y, Slovakia"
        found = find_countries(chunk, lang)
        if found and found[0][1] == chunk:
            attached = found[0][0]
        elif places := places_in_name(re.split(r"\s[–—-]\s", chunk)[0], lang):
            attached = places[0]  # "X, Baden Württemberg – Germany"
    if attached is None and (prep := _AFTER_PREPOSITION.match(after)):
        attached = _country_at_start(prep.group(1), lang)  # "X from Italy", "X z Poľska"
    if attached is None:
        opening = before.rfind("(")
        if opening >= 0 and ")" not in before[opening:]:  # "Austria (L&R ..., X)"
            head = before[max(0, opening - 40) : opening]
            found = countries_written(head, lang)
            if found:
                attached = max(found, key=lambda item: head.rfind(item[1]))[0]
            else:  # "des acteurs espagnols (X et Y)"
                attached = _demonym_before(head)
    if attached is None:  # "the Romanian X", "Hungary's X", "from BiH – X"
        tail = before.rstrip().removesuffix("'s").removesuffix("’s")
        tail = re.sub(r"\s[–—-]$", "", tail)
        for country, written in countries_written(tail[-30:], lang):
            if tail.endswith(written):
                attached = country
    if attached is None:
        attached = _demonym_before(before)
    if attached is None:  # "Austria: X, Y; Hungary: Z"
        segment = re.split(r"[;\n]", before)[-1]
        if label := re.match(r"\s*([^:,]{2,30}):", segment):
            attached = _country_at_start(label.group(1), lang)
    # The name's sentence, the name itself left out.
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(context, 0, start)), default=0)
    sentence_end = _SENTENCE_END.search(context, end)
    sentence = (
        context[sentence_start:start]
        + " "
        + context[end : sentence_end.start() if sentence_end else len(context)]
    )
    codes = {code for code, _ in countries_written(sentence, lang)}
    loose = codes.pop() if len(codes) == 1 else None
    return attached, loose


def _valid(country: str | None) -> str | None:
    return (
        country if country and len(country) == 2 and country.isalpha() and country != "EU" else None
    )


def organisation_country(
    name: str, lang: str | None = None, source_country: str | None = None, context: str = ""
) -> str | None:
    """ISO 3166-1 alpha-2 of the organisation a name denotes, or None (EU-level or unknown).

    ``lang`` is the language of the page (and so of ``context``); ``source_country`` the
    publishing portal's country; ``context`` the text the name appears in.
    """
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        return None
    evidence = name_evidence(name, lang)
    if evidence.eu_level:
        return None
    attached, loose = context_countries(name, context, lang)
    if evidence.known_country:
        # A generic name the lookup knows ("Centre for Social Innovation" is ZSI, Vienna)
        # is another organisation when the page writes another country next to it.
        return attached or evidence.known_country
    source = _valid(source_country)
    language = LANGUAGE_COUNTRIES.get(evidence.language or "", ())
    if evidence.legal_countries:
        legal = evidence.legal_countries
        single = language[:1] if len(language) == 1 else ()
        for hint in (*evidence.places, attached, *single, loose, source, *language):
            if hint in legal:
                return hint
        return legal[0]
    if evidence.places:
        return evidence.places[0]
    if attached:
        return attached
    if language:
        for hint in (loose, source):
            if hint in language:
                return hint
        return language[0]
    return loose or source
