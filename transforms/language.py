"""Language of a text field, as an ISO 639-1 code.

lingua, restricted to the languages European portals publish in, does the detection. Neither
it nor langdetect knows Maltese, whose letters ċ, ġ and ħ no other EU language uses, so a rule
catches it first. Short texts also lean on the hints the pipeline has (``<html lang>``, the
source's declared languages, the body's language), and on English being the second language
of every European portal (project and programme names, menus).

Serbian, Croatian, Bosnian and Montenegrin are one language to lingua's n-grams, and lingua's
Serbian model knows only Cyrillic: Serbian in Latin script came out Croatian. So lingua only
decides "Serbo-Croatian" (its hr, bs and sr scores summed), and the variant comes from the
forms each standard writes (``lexicons/serbo_croatian.yml``, see ``serbo_croatian_variant``):
ekavian forms (``mesto, vreme, deca``) are Serbian; otherwise Croatian-only words (``tisuća,
suradnja, sveučilište``) count for Croatian, the words Serbian, Bosnian and Montenegrin share
(``hiljada, saradnja, univerzitet``) for those, Bosnian forms (``historija, općina`` with
eastern words) and places for Bosnian; a hint settles a tie.

Rules from real portal pages (tests/data/language_samples_real.tsv) guard lingua's near
ties. A lower-case word's letters rule out the languages whose alphabets lack them
(``lexicons/alphabets.yml``: "är" is not English, "đ" nothing but Serbo-Croatian). Words only
English writes keep a short title English (``lexicons/english.yml``: "Lead organisation" is
not French). Slovenian and Serbo-Croatian, and Czech and Slovak, are told apart by their own
words when lingua puts them close (``serbo_croatian.yml``'s ``slovenian`` list,
``lexicons/czech_slovak.yml``). Maltese is also caught by its spelling (-zzjoni, "tal-").

Codes: Serbian ``sr`` in either script; Bosnian ``bs``; Montenegrin ``sr``. Montenegrin has no
ISO 639-1 code (``cnr`` is ISO 639-3), the record schema and every consumer of these codes
(date words, country names, translation models, DCAT) work in ISO 639-1 and know ``sr``, and
Montenegro's official Latin standard writes Serbian's vocabulary in ijekavian; the record's
``source_country`` still says ME. Montenegrin text without a Montenegrin marker (``opština``,
``nijesu``, a place) reads as Bosnian, which writes the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

# The 24 official EU languages plus Serbian, Bosnian, Ukrainian, Norwegian and Icelandic.
SUPPORTED = (
    "bg", "bs", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "is",
    "it", "lt", "lv", "mt", "nl", "no", "pl", "pt", "ro", "sk", "sl", "sr", "sv", "uk",
)  # fmt: skip
# lingua knows Norwegian as Bokmål and Nynorsk; portals label both "no".
_TO_LINGUA = {"no": "nb"}
_FROM_LINGUA = {"nb": "no", "nn": "no"}
# Hints portals write that are not our codes: Montenegrin (639-3, and the country code some
# sites put in <html lang>) is Serbian here; "sh" (Serbo-Croatian) names no variant.
_HINT_ALIASES = {"cnr": "sr", "me": "sr", "nb": "no", "nn": "no"}
SERBO_CROATIAN = frozenset({"sr", "hr", "bs"})
_SERBO_CROATIAN_HINTS = SERBO_CROATIAN | {"sh"}
_MALTESE_LETTERS = re.compile("[ċĊġĠħĦ]")
# Maltese without its own letters ("Pjattaforma ta' Kooperazzjoni Nazzjonali", which lingua,
# knowing no Maltese, reads as Italian): the -zzjoni ending Italian writes -zione, and the
# article joined by a hyphen ("tal-programm", "il-Fond").
_MALTESE_SPELLING = re.compile(
    r"\wzzjon|(?<!\w)(?:il|tal|tad|tat|tar|tas|fil|mill|lill|bil|mal|sal)-\w", re.IGNORECASE
)
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Below this many letters a hinted language gets its weight multiplied (see HINT_WEIGHT).
SHORT_TEXT_LETTERS = 60
# On a short text with hints, how much more likely than an unhinted language the page's own
# language is (HINT_WEIGHT) and English is (ENGLISH_WEIGHT_IN_CONTEXT). A title on a Hungarian
# page is Hungarian or, for project and programme names ("Social Innovation Plus",
# "Competence Centres", "Newsletter"), English; French, Romanian or Norwegian, which lingua
# scores highest for such words, are all but unheard of there. The hinted language stays 2.5
# times English, so a word both write ("Contact" on a Romanian page, "Program" on a Polish
# one) stays the page's, while clearly English text (n-grams that score the page's language
# near zero) stays English.
HINT_WEIGHT = 50.0
ENGLISH_WEIGHT_IN_CONTEXT = 20.0
# With no hint at all, English is still the likeliest language of a short title on a European
# portal, and the one lingua most often loses to French or Romanian on a few Latin-root words.
# Twice its score turns those back; on the labelled set it turns no other language's title
# English but words both languages write alike ("Contact", "Partner").
ENGLISH_WEIGHT_WITHOUT_HINTS = 2.0
# The language of a long text is settled by its opening; the rest only costs time.
MAX_CHARS = 1500
LEXICON = Path(__file__).parent / "lexicons" / "serbo_croatian.yml"
ALPHABETS = Path(__file__).parent / "lexicons" / "alphabets.yml"
ENGLISH = Path(__file__).parent / "lexicons" / "english.yml"
CZECH_SLOVAK = Path(__file__).parent / "lexicons" / "czech_slovak.yml"
# On a short text, each word only English writes (lexicons/english.yml) multiplies English's
# weight by this, at most twice: one such word brings English level with the page's own
# language (HINT_WEIGHT / ENGLISH_WEIGHT_IN_CONTEXT), two put it ahead of it.
ENGLISH_MARKER_WEIGHT = HINT_WEIGHT / ENGLISH_WEIGHT_IN_CONTEXT
ENGLISH_MARKERS_COUNTED = 2
# How much less likely a language is for each kind of letter its alphabet lacks (see
# ``_alphabet_weights``): enough to turn lingua's near ties ("Vad är social innovation?" is
# English and Swedish alike to it), not enough to overrule a long text it is sure of.
FOREIGN_LETTER_WEIGHT = 0.05
# A text's opening shows its letters; scanning more of it only costs time.
ALPHABET_CHARS = 300
_WORD = re.compile(r"[^\W\d_]+")
# The letters of other scripts, which no Latin alphabet's list holds and which must not
# count against one.
_NOT_LATIN = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff]")
# Three grammar habits of Serbian, Bosnian and Montenegrin that no word list holds: "sa" before
# any word (Croatian writes it only before s, z, š, ž and in "sa mnom": "s invaliditetom"),
# "ka" likewise (Croatian "k", "ka" only before k and g: "prema tranziciji", "ka kući"),
# and adjectives in -cioni where Croatian has -cijski ("akcioni plan", "akcijski plan";
# "nacionalni", "regionalni" end otherwise and do not count).
_EASTERN_GRAMMAR = (
    re.compile(r"(?<!\w)sa (?!s|z|mnom(?!\w))\w"),
    re.compile(r"(?<!\w)ka (?![kg])\w"),
    re.compile(r"\wcion(?:i|a|e|o|u|og|oga|om|oj|ih|im|ima)(?!\w)"),
)


@dataclass(frozen=True)
class Detection:
    lang: str | None
    confidence: float
    method: str


@cache
def _detector() -> LanguageDetector:
    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, _TO_LINGUA.get(c, c).upper()))
        for c in SUPPORTED
        if c != "mt"
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _code(language: Language) -> str:
    code = language.iso_code_639_1.name.lower()
    return _FROM_LINGUA.get(code, code)


def _fold(text: str) -> str:
    """Lower case, accents off (đ -> dj, as sites without diacritics write it), words only."""
    text = text.lower().replace("đ", "dj")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W\d_]+", text))


def _pattern(entries: Sequence[str]) -> re.Pattern[str]:
    stems = {_fold(e.replace("*", "")) + ("*" if e.endswith("*") else "") for e in entries}
    # Longest first, so "radnih mesta" counts once rather than as "mesta".
    alternatives = [
        re.escape(s.rstrip("*")) + (r"\w*" if s.endswith("*") else "")
        for s in sorted(stems, key=lambda s: (-len(s), s))
        if s.strip("*")
    ]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


def _entries(lines: Sequence[str]) -> list[str]:
    return [e.strip() for line in lines for e in str(line).split(",") if e.strip()]


_CATEGORIES = (
    "ekavian", "ijekavian", "croatian", "eastern", "serbian_montenegrin", "bosnian",
    "croatian_bosnian", "slovenian",
)  # fmt: skip
# The categories whose words Slovenian does not write: not the ekavian forms, since
# Slovenian too writes e for jat ("predlog", "mesto").
_SERBO_CROATIAN_FORMS = tuple(c for c in _CATEGORIES if c not in ("slovenian", "ekavian"))
# How close two neighbours (Slovenian and Serbo-Croatian, Czech and Slovak) must come, the
# weaker's share of the stronger's score, before their words decide between them.
RIVAL_SHARE = 0.25


@cache
def _lexicon() -> dict[str, re.Pattern[str]]:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    patterns = {name: _pattern(_entries(data[name])) for name in _CATEGORIES}
    patterns |= {f"places_{k}": _pattern(_entries(v)) for k, v in data["places"].items()}
    return patterns


@cache
def _alphabets() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(ALPHABETS.read_text(encoding="utf-8"))
    return {code: frozenset(letters or "") for code, letters in data.items()}


def _alphabet_weights(text: str) -> dict[str, float]:
    """Weights against the Latin-script languages whose alphabets lack a letter of the text.

    Only lower-case and all-capitals words count: a capitalised word is most often a name,
    which keeps its own spelling. ASCII letters are every alphabet's, so English is only
    weighed down by letters no English word has ("är", "ľudí").
    """
    if text.isascii():
        return {}
    letters: set[str] = set()
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if word[0].islower() or (len(word) > 1 and word.isupper()):
            letters.update(c for c in word.lower() if not c.isascii())
    letters = {c for c in letters if not _NOT_LATIN.match(c)}
    if not letters:
        return {}
    weights = {}
    for code, alphabet in _alphabets().items():
        foreign = len(letters - alphabet)
        if foreign:
            weights[code] = FOREIGN_LETTER_WEIGHT**foreign
    return weights


@cache
def _word_lists() -> dict[str, re.Pattern[str]]:
    english = yaml.safe_load(ENGLISH.read_text(encoding="utf-8"))
    czech_slovak = yaml.safe_load(CZECH_SLOVAK.read_text(encoding="utf-8"))
    return {
        "en": _pattern(_entries(english["markers"])),
        "cs": _pattern(_entries(czech_slovak["czech"])),
        "sk": _pattern(_entries(czech_slovak["slovak"])),
    }


def _english_weight(text: str) -> float:
    """How much likelier English is for the words in the text only English writes."""
    # The markers are ASCII words: lower case is enough, the accent folding is not needed.
    markers = len(_word_lists()["en"].findall(text.lower()))
    return ENGLISH_MARKER_WEIGHT ** min(markers, ENGLISH_MARKERS_COUNTED)


def czech_or_slovak(text: str) -> str | None:
    """``"cs"`` or ``"sk"`` where more of the text's words are one language's than the other's."""
    words = _fold(text)
    czech = len(_word_lists()["cs"].findall(words))
    slovak = len(_word_lists()["sk"].findall(words))
    if czech == slovak:
        return None
    return "cs" if czech > slovak else "sk"


def _hint_codes(hints: Sequence[str]) -> list[str]:
    """``["sr-Latn", "hu-HU", "cnr"]`` -> ``["sr", "hu", "sr"]``, in order, duplicates kept."""
    codes = []
    for hint in hints:
        if isinstance(hint, str) and hint.strip():
            code = re.split(r"[-_]", hint.strip().lower())[0]
            codes.append(_HINT_ALIASES.get(code, code))
    return codes


def serbo_croatian_variant(
    text: str, hints: Sequence[str] = (), fallback: str = "hr"
) -> tuple[str, str]:
    """``(code, evidence)`` for a Latin-script text already known to be Serbo-Croatian.

    ``hints`` are codes (the first of sr/hr/bs counts, as much as half a word); ``fallback``
    is lingua's pick, used when neither forms, places nor hints say anything.
    """
    words = _fold(text)
    count = {name: len(p.findall(words)) for name, p in _lexicon().items() if name != "slovenian"}
    count["eastern"] += sum(len(p.findall(words)) for p in _EASTERN_GRAMMAR)
    if count["ekavian"] > count["ijekavian"]:
        return "sr", "ekavian"  # only Serbian writes e for jat
    shared = count["croatian_bosnian"]
    scores: dict[str, float] = {  # float: a hint adds half a word
        "hr": count["croatian"] + shared + count["places_hr"],
        "bs": count["eastern"] + shared + 2 * count["bosnian"] + count["places_bs"],
        # Montenegrin and Serbian ijekavian; and Serbian in a text without a jat form.
        "sr": count["eastern"]
        + count["serbian_montenegrin"]
        + count["places_sr"]
        + count["places_me"],
    }
    hinted = next((h for h in hints if h in SERBO_CROATIAN), None)
    if hinted:
        scores[hinted] += 0.5  # settles a tie, never outweighs a word
    best = max(scores.values())
    tied = [code for code, score in scores.items() if score == best]
    if len(tied) == 1 and best > 0:
        return tied[0], "words"
    if set(tied) == {"hr", "bs"} and not (
        count["eastern"] or count["bosnian"] or count["places_bs"]
    ):
        # Only forms Croatian and Bosnian share ("Opći cilj poziva"): Bosnian text nearly
        # always has eastern words too, so with none it is Croatian.
        return "hr", "words"
    if set(tied) == {"bs", "sr"}:
        # Words Serbian and Bosnian share: ijekavian text is Bosnian, the rest Serbian.
        return ("bs" if count["ijekavian"] else "sr"), "words"
    if "hr" in tied and count["ijekavian"] and len(words.replace(" ", "")) < SHORT_TEXT_LETTERS:
        # A short ijekavian text with nothing else to go on ("Vijesti iz općine"): on European
        # portals that is most often Croatian, and lingua's Croatian/Bosnian split is a coin
        # toss on so few letters.
        return "hr", "ijekavian"
    return (fallback if fallback in tied else tied[0]), "lingua"


def slovenian_or_serbo_croatian(text: str) -> str | None:
    """``"sl"`` or ``"sh"`` where the text's words say so and only one side's words occur.

    lingua's Slovenian and Serbo-Croatian models are close, and on a few words it picks
    either ("Namen projekta"); a Slovenian function word or form against none of the
    Serbo-Croatian forms (and the other way round) settles it. Words matching both lists
    ("namen" is Slovenian, "namena" ekavian) count for Slovenian only.
    """
    words = _fold(text)
    slovenian = _lexicon()["slovenian"]
    slovenian_hits = len(slovenian.findall(words))
    rest = slovenian.sub(" ", words)
    serbo_croatian_hits = sum(len(_lexicon()[c].findall(rest)) for c in _SERBO_CROATIAN_FORMS)
    serbo_croatian_hits += sum(len(p.findall(rest)) for p in _EASTERN_GRAMMAR)
    if slovenian_hits and not serbo_croatian_hits:
        return "sl"
    if serbo_croatian_hits and not slovenian_hits:
        return "sh"
    return None


def lingua_only(text: str) -> str | None:
    """lingua's first answer over our languages, no hints, no rules: the benchmark's baseline."""
    language = _detector().detect_language_of(text)
    return _code(language) if language else None


def detect_language(text: str, hints: Sequence[str] = ()) -> Detection:
    """Never raises: text without letters gives ``Detection(None, 0.0, "no_letters")``."""
    if not isinstance(text, str):
        return Detection(None, 0.0, "not_text")
    letters = len(LETTER.findall(text))
    if letters == 0:
        return Detection(None, 0.0, "no_letters")
    if _MALTESE_LETTERS.search(text) or _MALTESE_SPELLING.search(text):
        return Detection("mt", 0.9, "maltese_letters")
    # Lone surrogates (broken pages) cannot cross into lingua's Rust code.
    sample = text[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8")
    scores = {
        _code(v.language): v.value for v in _detector().compute_language_confidence_values(sample)
    }
    method = "lingua"
    for lang, weight in _alphabet_weights(sample[:ALPHABET_CHARS]).items():
        if lang in scores:
            scores[lang] *= weight
    if isinstance(hints, str):
        hints = [hints]
    hint_codes = _hint_codes(hints if isinstance(hints, Sequence) else ())
    hinted = set(hint_codes)
    if hinted & _SERBO_CROATIAN_HINTS:
        hinted |= SERBO_CROATIAN  # one language to lingua: a Serbian hint counts for its models
    if letters < SHORT_TEXT_LETTERS:
        if hinted & set(SUPPORTED):
            weights = {"en": ENGLISH_WEIGHT_IN_CONTEXT} | dict.fromkeys(hinted, HINT_WEIGHT)
            method = "lingua+hints"
        else:
            weights = {"en": ENGLISH_WEIGHT_WITHOUT_HINTS}
        weights["en"] *= _english_weight(sample)
        scores = {lang: p * weights.get(lang, 1.0) for lang, p in scores.items()}
    total = sum(scores.values())
    if total <= 0:
        supported = [h for h in hint_codes if h in SUPPORTED]
        return (
            Detection(supported[0], 0.5, "hint_only")
            if supported
            else Detection(None, 0.0, "undetectable")
        )
    # Serbo-Croatian competes as one language, then the variant is decided on its own.
    grouped = {lang: p for lang, p in scores.items() if lang not in SERBO_CROATIAN}
    grouped["sh"] = sum(scores.get(lang, 0.0) for lang in SERBO_CROATIAN)
    lang = max(grouped, key=lambda code: (grouped[code], code))
    if lang in ("sh", "sl") and not _CYRILLIC.search(sample):
        rival = "sl" if lang == "sh" else "sh"
        if grouped.get(rival, 0.0) >= RIVAL_SHARE * grouped[lang]:
            lang = slovenian_or_serbo_croatian(sample) or lang
    if lang in ("cs", "sk"):
        rival = "sk" if lang == "cs" else "cs"
        if grouped.get(rival, 0.0) >= RIVAL_SHARE * grouped[lang]:
            lang = czech_or_slovak(sample) or lang
    confidence = round(grouped[lang] / total, 4)
    if lang != "sh":
        return Detection(lang, confidence, method)
    if len(_CYRILLIC.findall(sample)) * 2 > len(LETTER.findall(sample)):
        return Detection("sr", confidence, method)  # lingua's Serbian is the Cyrillic model
    fallback = "bs" if scores.get("bs", 0.0) > scores.get("hr", 0.0) else "hr"
    variant, evidence = serbo_croatian_variant(sample, hint_codes, fallback)
    return Detection(variant, confidence, f"{method}+{evidence}")
