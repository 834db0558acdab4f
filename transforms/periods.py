"""A project's period from running text: ``extract_period(text, lang) -> (start, end) | None``.

Portals state when a project runs in a handful of shapes, whatever the language:

* a range: "2024-2027", "máj 2021 – apríl 2023", "od 1. 3. 2022 do 31. 12. 2023",
  "between May 2021 and April 2023", "2021 és 2023 között";
* labels: "Start date: … End date: …", "Začiatok realizácie: 01/2022, Koniec: 12/2023";
* a start and a duration: "since May 2021 … 24 months", "a three-year project starting 2024";
* an open end: "since May 2021", "until 2025" / "do roku 2025" / "bis 2025".

The text is read in four steps, all with precompiled regular expressions (the function runs on
every record body):

1. **Mentions.** Every date in the text, at the precision it is written: a day ("15 December
   2022", "1. 3. 2022", "2023-03-01", "1η Μαρτίου 2023"), a month ("May 2021", "2021. május",
   "01/2022", Polish "V 2021") or a year. A quarter ("Q3 2025") starts in its first month and
   ends in its last. A day or month without a year ("1.11.", "15. Mai") is kept as a possible
   range start.
2. **Candidates.** Two neighbouring mentions joined by a dash, a slash between years, a "to"
   word or "between … and", labelled starts and ends, start words and verbs before the date
   ("since", "od", "startete im", "jibda fl-") or after it ("2020 óta", "1-jén kezdődött"), end
   words and verbs ("until", "do konca leta", "si concluderà a", "2025-ig"), with the small
   words between a verb and its date ("in", "the project", "mid-", "Ende"), and durations
   (digits or words: "24 months", "eighteen-month", "two years").
3. **Context.** A period of a programme ("ESF+ 2021-2027", "programovacie obdobie 2021 – 2027"),
   an application window, a deadline, a publication or event date, a strategy horizon or a
   statistic is not the project's. Each candidate is judged by the words closest before it in
   its clause: a programme word nearer than any project word rejects it; an application,
   publication, event, predecessor or copyright word rejects it unless a project noun follows
   that word. Open ends, and ranges of two bare years, need a project word in their sentence
   (or, for bracketed years, an acronym opening the sentence: "SI PLUS (2021-2023) was …").
   The well-known programming periods (2014-2020, 2021-2027, …) count only when a project word
   is the nearest cue and no budget is spread over them.
4. **Choice.** A page about a successor recounts its predecessor or an earlier phase: a cue
   before a period in its sentence ("the previous project", "Pilotphase", "nadväzuje na",
   "back in 2019"), with no word for the new project or verb in the present between them,
   marks that period as not the page's own, and its dates are no open start or end either.
   Of the periods left, one right after a project's label ("Laufzeit:", "Doba realizácie:")
   wins, else the first. A duration counts only from a date a start word or label marks
   ("launched in", "seit", "od", "Start:"), never from an event's date ("Dňa 29. 6. 2023 sa
   stretli … dva roky práce"); of several open starts, the one an end closes in its sentence,
   or else one in a sentence about the project, beats a partner's "since 2016".

Precision is the text's. A start plus N months ends at the start month + N - 1 ("May 2021",
24 months -> "2023-04"). A year-only start is taken as January of that year, so N months end in
year + (N - 1) // 12 and N years in year + N - 1 (2021 + 24 months -> "2022"; a three-year
project from 2024 -> "2026"): the end is a year, as precise as the start.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

# Stems the shared table lacks: Maltese, and Irish two-word months.
_EXTRA_STEMS: dict[str, list[tuple[str, int]]] = {
    "mt": [
        ("jann", 1), ("frar", 2), ("marz", 3), ("april", 4), ("mejj", 5), ("ġunj", 6),
        ("gunj", 6), ("lulj", 7), ("awwiss", 8), ("settembr", 9), ("ottubr", 10),
        ("novembr", 11), ("diċembr", 12), ("dicembr", 12),
    ],
    "ga": [
        ("meán fómhair", 9), ("mean fomhair", 9), ("mheán fómhair", 9), ("deireadh fómhair", 10),
        ("dheireadh fómhair", 10), ("fheabh", 2), ("mhárt", 3), ("mhart", 3), ("bhealt", 5),
        ("mheith", 6), ("shamh", 11), ("nollag", 12),
    ],
}  # fmt: skip
_GREEK_VOWELS = {"α": "αά", "ε": "εέ", "η": "ηή", "ι": "ιίϊΐ", "ο": "οό", "υ": "υύϋΰ", "ω": "ωώ"}
_YEAR = r"(?:199\d|20[0-3]\d)"  # 1990-2039: later numbers are phone numbers or amounts
# Languages that write the year before the month ("2022. szeptember", "2022 m. rugsėjo").
_YEAR_FIRST = {"hu", "lt", "lv"}
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_QUARTER = (
    r"Q|quarter|Quartal|kwarta[łl]\w*|štvrťrok\w*|čtvrtlet\w*|negyedév\w*|trimestr\w*|kvartal\w*"
    r"|kvartaal\w*|neljännes\w*|ketvir\w*|ceturksn\w*|τρίμην\w*|тримесеч\w*|квартал\w*|кварт\w*"
    r"|kwartaal|tromjesečj\w*|četrtlet\w*|trimestru\w*"
)
_QUARTER_HINT = re.compile(rf"(?<![^\W\d_])(?:Q\s?[1-4]|[1-4]\s?Q|{_QUARTER[2:]})", re.IGNORECASE)


def _stem_pattern(stem: str) -> str:
    return "".join(f"[{_GREEK_VOWELS[c]}]" if c in _GREEK_VOWELS else re.escape(c) for c in stem)


@dataclass(frozen=True)
class _Grammar:
    """The compiled patterns of one language (its month names plus English ones)."""

    stems: dict[str, int]
    mentions: tuple[tuple[re.Pattern[str], bool], ...]
    month_word: re.Pattern[str]
    quarters: frozenset[int]  # the patterns of quarters, read only when a text names one


def _stems_for(lang: str | None) -> dict[str, int]:
    """Stem -> month; the text's language first, then English (portals mix them in)."""
    # Imported here: transforms.dates re-exports extract_period from this module.
    from transforms.dates import MONTH_STEMS

    known = lang in MONTH_STEMS or lang in _EXTRA_STEMS
    codes = [c for c in (lang, "en") if c in MONTH_STEMS] if known else list(MONTH_STEMS)
    table: dict[str, int] = {}
    for code in codes:
        for index, stems in enumerate(MONTH_STEMS[code]):
            for stem in stems:
                table.setdefault(stem, index + 1)
    for code, extra in _EXTRA_STEMS.items():
        if lang == code or not known:
            for stem, month in extra:
                table.setdefault(stem, month)
    return table


@lru_cache(maxsize=64)
def _grammar(lang: str | None) -> _Grammar:
    stems = _stems_for(lang)
    alternation = "|".join(_stem_pattern(s) for s in sorted(stems, key=len, reverse=True))
    month = rf"(?<![^\W\d_])(?P<mw>(?:{alternation})[^\W\d_]*)\.?"
    y = rf"(?<![\d.,])(?P<y>{_YEAR})(?!\d)(?!\s?[.,]\d)"
    day = r"(?<![\d.,/])(?P<d>[0-3]?\d)"
    ordinal = r"(?:\.|er|°|º|ª|st|nd|rd|th|η|ης)?"
    of = r"(?:\s*(?:de|del|do|da|of|του|της|ta'|,)\s*|\s*)"
    patterns = [
        # Q1 2024 / Q3/2025 / 2. Quartal 2024 / 3rd quarter of 2023: a quarter is its three months
        (rf"(?<![^\W\d_])[QK]\s?(?P<q>[1-4])\s*[/.\-]?\s*{y}", False),
        (
            rf"(?<![\d.,])(?P<q>[1-4])(?:\.|st|nd|rd|th)?\s*(?:{_QUARTER})\s*(?:of\s+|de\s+|del\s+|do\s+)?{y}",
            False,
        ),
        (rf"{y}\s*[-/]?\s*Q(?P<q>[1-4])(?!\d)", False),
        # 1. 3. 2022 / 01.09.2022 / 24-11-2023 / 01/03/2024
        # (one separator throughout: "2021-05-01 - 2023-04-30" holds no "01 - 2023")
        (
            rf"{day}(?:\s?(?P<sep>[./])\s?(?P<m>[01]?\d)\s?(?P=sep)|-(?P<m2>[01]?\d)-)\s?"
            rf"(?P<y>{_YEAR})(?!\d)",
            False,
        ),
        # 2023-03-01 / 2022.01.01 / Lithuanian 2024 01 01 (spaces only with two-digit parts)
        (
            rf"(?<![\d.,])(?P<y>{_YEAR})(?:\s?[./-]\s?(?P<m>[01]?\d)\s?[./-]\s?"
            r"|\s(?P<m2>0[1-9]|1[0-2])\s)(?P<d>[0-3]?\d)(?!\d)",
            False,
        ),
        # 15 December 2022 / 1er septembre 2022 / 1 de enero de 2022 / 1 ta' Jannar 2024
        (rf"{day}{ordinal}{of}{month}{of}{y}", False),
        # December 15, 2022
        (rf"{month}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{y}", False),
        # 2022. szeptember 1. / 2023 m. spalio 3 d.
        (rf"{y}\.?\s*(?:m\.\s*)?{month}\s+(?P<d>[0-3]?\d)(?!\d)\.?", False),
        # 2023. gada 1. janvāris
        (rf"{y}\.?\s*gada\s+(?P<d>[0-3]?\d)\.\s*{month}", False),
        # May 2021 / marzo de 2022 / Ιανουάριο του 2023
        (rf"{month}{of}{y}", False),
        # 2021. május / 2022. gada septembra / 2022. aasta jaanuaris / 2023 m. sausio
        (rf"{y}\.?\s*(?:m\.\s*|gada\s+|aasta\s+|г\.\s*)?{month}", False),
        # 01/2022 / 01.2022
        (rf"(?<![\d./])(?P<m>0?[1-9]|1[0-2])\s?[./]\s?(?P<y>{_YEAR})(?!\d)", False),
        # 2021-05
        (rf"(?<![\d.,])(?P<y>{_YEAR})[-/](?P<m>0[1-9]|1[0-2])(?![\d./-])", False),
        # a year alone, not inside a phone number or an amount ("0800 2021 2023", "2021 500")
        (rf"(?<!\d[ .])(?<![\d.,/])(?P<y>{_YEAR})(?!\d)(?![.,]\d)(?!\s\d{{3}}(?!\d))", False),
        # the second year of "2023/2025" (after a slash only when a year is before it, not in
        # "12/2025"); the pattern starts with its slash, which the mention leaves out
        (rf"/(?<=\d{{4}}/)(?P<y>{_YEAR})(?!\d)(?![.,]\d)", False),
        # range starts without a year: "1.11.", "15. Mai", "May" (of "May–December 2022")
        (rf"{day}\.\s?(?P<m>[01]?\d)\.(?!\s?\d)", True),
        (rf"{day}{ordinal}\s+{month}", True),
        (month, True),
    ]
    if lang == "pl":
        # Polish dates write the month in Roman numerals: "V 2021 – IV 2023", "1 V 2021".
        roman = r"(?-i:(?P<rm>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I))"
        patterns[1:1] = [
            (rf"{day}\s+{roman}\s+{y}", False),
            (rf"(?<![^\W\d_]){roman}\.?\s+{y}", False),
        ]
    if lang in _YEAR_FIRST:
        # "2022 szeptemberétől 2024 augusztusáig": a month word belongs to the year before it,
        # so "year month" is tried before "month year" where both match as long.
        month_year = next(i for i, (p, _) in enumerate(patterns) if p == rf"{month}{of}{y}")
        patterns.insert(month_year, patterns.pop(month_year + 1))
    compiled = tuple((re.compile(p, re.IGNORECASE), partial) for p, partial in patterns)
    quarters = frozenset(i for i, (p, _) in enumerate(patterns) if "(?P<q>" in p)
    return _Grammar(stems, compiled, re.compile(month, re.IGNORECASE), quarters)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    last_month: int | None = None  # a quarter's last month: where a period ending in it ends

    def iso(self, end: bool = False) -> str:
        if end and self.last_month:
            return f"{self.year:04d}-{self.last_month:02d}"
        if self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def key(self) -> tuple[int, int, int]:
        return (self.year or 0, self.month or 1, self.day or 1)


def _month_of(word: str, stems: dict[str, int]) -> int | None:
    folded = unicodedata.normalize("NFC", word).lower()
    plain = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    best = max(
        ((len(s), m) for s, m in stems.items() if folded.startswith(s) or plain.startswith(s)),
        default=None,
    )
    return best[1] if best else None


def _mentions(text: str, grammar: _Grammar) -> list[_Mention]:
    """Every date mention, longest first where they overlap."""
    found: list[tuple[int, int, int, _Mention]] = []
    quarters = bool(_QUARTER_HINT.search(text))
    for order, (pattern, partial) in enumerate(grammar.mentions):
        if order in grammar.quarters and not quarters:
            continue
        for match in pattern.finditer(text):
            groups = match.groupdict()
            numeric_month = groups.get("m") or groups.get("m2")
            month = int(numeric_month) if numeric_month else None
            if groups.get("mw"):
                month = _month_of(groups["mw"], grammar.stems)
                if month is None:
                    continue
            if groups.get("rm"):
                month = _ROMAN.index(groups["rm"]) + 1
            day = int(groups["d"]) if groups.get("d") else None
            last = None
            if groups.get("q"):
                month, last = 3 * int(groups["q"]) - 2, 3 * int(groups["q"])
            if (month is not None and not 1 <= month <= 12) or (
                day is not None and not 1 <= day <= 31
            ):
                continue
            year = None if partial else int(groups["y"])
            begin = match.start() + (match.group()[0] == "/")
            mention = _Mention(begin, match.end(), year, month, day, last)
            found.append((-(match.end() - match.start()), order, match.start(), mention))
    taken: list[_Mention] = []
    for _, _, _, mention in sorted(found):
        if all(mention.end <= t.start or mention.start >= t.end for t in taken):
            taken.append(mention)
    return sorted(taken, key=lambda m: m.start)


# Words after a mention that belong to it: "2022 г.", "2024 r.", "2023. godine", "2022-től".
_GLUE = (
    r"(?:\s*(?:г\.?|год(?:ина|ине|а|у)?\.?|godine|godina|god\.|roku|rok|r\.|року|роки|роках|рік"
    r"|m\.|d\.|gada|gadam|aasta|évi|-?t[óő]l|-?b[óő]l|-?ig|\.))*"
)
_TO = (
    r"(?:[-–—−‒―]+|to|until|till|through|bis|do|až\s+do|au|à|jusqu['’]?au|al|a|ad|ao|até|"
    r"tot(?:\s+en\s+met)?|t/m|til|frem\s+til|kuni|iki|līdz|до|по|la|έως|ως|μέχρι|go|hasta"
    r"|fino\s+al?|sa|thru)"
)
# "από το 2024 έως το 2026", "minn Jannar sa Diċembru": an article may follow the "to" word.
_RANGE_GAP = re.compile(
    rf"^{_GLUE}\s*{_TO}\s*(?:l-|(?:the|το|τον|την|il|el|la|le|o|al)\s)?\s*$", re.IGNORECASE
)
_BARE_GAP = re.compile(rf"^{_GLUE}\s*$", re.IGNORECASE)
_FROM_CASE = re.compile(r"(?:sta|stä|t[óő]l|b[óő]l|ist|ust|ast)\b", re.IGNORECASE)
_BETWEEN = (
    r"(?:between|zwischen|între|intre|между|між|medzi|między|mezi|entre|tra|fra|tussen|mellan"
    r"|μεταξύ|između|izmedu|између|tarp|starp|bejn|idir)"
)
_AND = r"(?:and|und|és|și|si|и|і|та|a|i|et|e|y|en|ja|och|og|ir|un|in|u|ve|agus|kaj|και)"
# "tra il 2021 e il 2023", "bejn l-2022 u l-2024", "entre el 2022 y el 2024"
_ARTICLE = r"(?:l-|l['’]|(?:the|il|el|la|le|lo|o|a|de|den|det|das|dem|het|το|τον|την)\s)"
_AND_GAP = re.compile(rf"^{_GLUE}\s*{_AND}\s*{_ARTICLE}?\s*$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(rf"{_BETWEEN}\s*{_ARTICLE}?\s*$", re.IGNORECASE)
_BETWEEN_AFTER = re.compile(rf"^{_GLUE}\s*(?:között|közt|välillä|vahel)", re.IGNORECASE)

# Labels are only looked for where a word starts: the look-behind spares the engine trying the
# whole alternation at every character of a page (the callers reject a label inside a word).
_LABEL_START = re.compile(
    r"(?<![^\W\d_])(?:start(?:ing)?\s+date|kick[\s-]?off|date\s+of\s+start|start|beginning|commencement|projektbeginn"
    r"|projektstart|beginn|startdatum|date\s+de\s+d[ée]but|d[ée]but|fecha\s+de\s+inicio|inicio"
    r"|data\s+di\s+inizio|inizio|data\s+de\s+in[íi]cio|in[íi]cio|begindatum|aanvang"
    r"|alkamisp[äa]iv[äa]|alkaa|alguskuup[äa]ev|algus|pradžia|pradzia|s[āa]kuma\s+datums"
    r"|s[āa]kums|data\s+rozpocz[ęe]cia|rozpocz[ęe]cie|termin\s+rozpocz[ęe]cia"
    r"|za[čc]iatok(?:\s+realiz[áa]cie)?|za[čc][áa]tek|zah[áa]jen[íi]|kezd[ée]s|kezdete"
    r"|kezd[őo]\s+d[áa]tum|data\s+(?:de\s+)?[îi]nceper(?:e|ii)|[îi]nceput|начало|начална\s+дата"
    r"|ημερομηνία\s+έναρξης|έναρξη|po[čc]etak|datum\s+po[čc]etka|почетак|za[čc]etek|початок"
    r"|дата\s+початку|startdato|d[áa]ta\s+tosaithe|data\s+tal-bidu)",
    re.IGNORECASE,
)
_LABEL_END = re.compile(
    r"(?<![^\W\d_])(?:end(?:ing)?\s+date|date\s+of\s+end|completion(?:\s+date)?|end|projektende|projektabschluss"
    r"|ende|einddatum|date\s+de\s+fin|fin|fecha\s+de\s+(?:fin(?:alizaci[óo]n)?|t[ée]rmino)"
    r"|finalizaci[óo]n|data\s+di\s+fine|fine|data\s+de\s+(?:fim|conclus[ãa]o)|conclus[ãa]o|fim"
    r"|einde|p[äa][äa]ttymisp[äa]iv[äa]|p[äa][äa]ttyy|l[õo]ppkuup[äa]ev|l[õo]pp|pabaiga"
    r"|beigu\s+datums|beigas|data\s+zako[ńn]czenia|zako[ńn]czenie|termin\s+zako[ńn]czenia"
    r"|koniec(?:\s+realiz[áa]cie)?|ukon[čc]en[íi]e?|konec|befejez[ée]s|befejez[ée]se|z[áa]r[áa]s"
    r"|data\s+(?:de\s+)?finaliz[ăa]rii|data\s+de\s+finalizare|край|крайна\s+дата"
    r"|ημερομηνία\s+λήξης|λήξη|zavr[šs]etak|datum\s+zavr[šs]etka|kraj|завршетак|крај"
    r"|zaklju[čc]ek|кінець|завершення|дата\s+завершення|slutdat(?:o|um)|slut"
    r"|d[áa]ta\s+cr[íi]ochnaithe|data\s+tat-tmiem)(?![^\W\d_])",
    re.IGNORECASE,
)
# A label is followed by a colon or a dash ("Start date: …", "pradžia – …"), perhaps after a
# word or two ("Začiatok realizácie: …"); the Finnish verbs "alkaa" / "päättyy" by the date.
_LABEL_GAP = re.compile(r"^(?:\s*[^\W\d_]{1,14}){0,3}?\s*[:\-–—]\s*(?:[-–—]\s*)?$")
_VERB_LABEL = re.compile(r"alkaa|p[äa][äa]ttyy", re.IGNORECASE)

# "since May 2021", "od roku 2022", "à partir de janvier 2023", "mill-1 ta' Jannar 2024".
_SEASON = (
    r"autumn|spring|summer|winter|herbst|frühjahr|frühling|sommer|automne|printemps|été|otoño"
    r"|primavera|verano|autunno|estate|outono|verão|najaar|voorjaar|hösten|våren|sommaren"
    r"|efteråret|foråret|syksyllä|keväällä|sügisel|kevadel|rudenį|pavasarį|rudenī|pavasarī"
    r"|jeseni|jesenné|jesieni[ą]?|wiosn[ąa]|ősszel|tavasszal|есента|пролетта|toamna|primăvara"
    r"|φθινόπωρο|άνοιξη|jesen|восени|навесні"
)
# Words between a start or end word and its date: prepositions, articles, "year" words, seasons and
# "early / mid / end of" ("started in early 2022", "läuft bis Ende 2026", "do konca leta 2026").
_QUALIFIER = (
    r"early|mid|late|end|the\s+end|beginning|udgangen|utgången|utgangen|slutten|lopun|final|fim"
    # "until at least 2027"
    r"|at\s+least|mindestens|au\s+moins|almeno|al\s+menos|pelo\s+menos|minstens|minst|mindst"
    r"|vähintään|vähemalt|bent|vismaz|co\s+najmniej|nejméně|najmenej|legalább|cel\s+puțin|поне"
    r"|τουλάχιστον|najmanje|vsaj|принаймні|start|anfang|mitte|ende|début|fin|finales|principios"
    r"|comienzos|mediados|inicio|inizio|metà|fine|início|meados|begin|eind|medio|början|mitten"
    r"|slutet|starten|begyndelsen|midten|slutningen|alussa|lopussa|alguses|lõpus|pradžioje"
    r"|pabaigoje|sākumā|beigās|początku|połowie|końca|końcu|začátku|polovině|konce|konci"
    r"|začiatku|polovici|konca|elején|végén|începutul|mijlocul|sfârșitul|sfarsitul|началото"
    r"|средата|края|αρχές|μέσα|τέλη|τέλος|početkom|sredinom|krajem|kraja|začetku|sredini|koncu"
    r"|конца|почетком|крајем|краја|початку|середині|кінця|наприкінці|kraju"
)
_FILLER_WORDS = (
    r"the|of|in|on|at|during|im|am|zum|dem|der|des|en|le|la|les|el|il|lo|nel|nella|del|della|di|de"
    r"|du|au|a|al|em|no|na|op|i|den|på|v|vo|ve|w|we|u|în|през|на|в|у|στις|στο|στον|στην|το|τον"
    r"|την|του|της|mí|mhí|roku|rok|leta|letu|godine|godina|године|году|года|року|vuonna|vuoden"
    r"|aasta|gada|m\.|měsíci|mesiaci|miesiącu|mjesecu|mesecu|месец|місяці|tog|tom|ab|roka|year"
    r"|jahres|se|се|si|sa|je|sig|sich|bo|će|ще|θα|ar|an|sé|it|af|av|ao|aos|à"
    # "started the project in", "thosaigh an tionscadal ar an": the verb's object in between
    r"|project|projekt|projet|proyecto|progetto|projeto|proiect|проект|проєкт|пројекат"
    r"|tionscadal|proġett|" + _SEASON + "|" + _QUALIFIER
)
_FILLER = (
    rf"(?:\s*(?:{_FILLER_WORDS})-?(?![^\W\d_])"
    r"|\s*(?:fi?[lnrstdxzċ]-|f['’]|l-|ta['’]|d['’]|l['’]|dall['’]|nell['’]|dell['’]|mid-))"
)
# "since May 2021", "od roku 2022", "à partir de janvier 2023", "startete im Oktober 2022".
_SINCE_WORDS = (
    r"since|from|as\s+of|starting|started|starts?|begin(?:s|ning)?|began|launched|kicked\s+off"
    # "Kick-off took place on 10 January 2023": a kick-off is the project's start
    r"|kick[\s-]?off(?:\s+meeting)?(?:\s+(?:took\s+place|was\s+held))?"
    r"|auftakt\w*(?:\s+fand)?"
    # a partner's page: "joined the consortium in May 2021" is when its project began
    r"|joined(?:\s+[^\s\d]+){0,5}?\s+(?:in|on)|joined|beigetreten|csatlakozott|dołączył\w*"
    r"|pristúpil\w*|připojil\w*|a\s+rejoint|rejoint"
    r"|se\s+unió|ha\s+aderito|aderiu|trad\s+toe|anslöt\w*|tilsluttede|liittyi|liitus|prisijung\w*"
    r"|pievienoj\w*|s-a\s+alăturat|се\s+присъедини|εντάχθηκε|pridružil\w*|приєдна\w*"
    r"|commenc\w*|seit|ab|von|vom|startete|startet|gestartet|begann|beginnt|begonnen|depuis|dès"
    r"|[àa]\s+partir\s+d[eu]|lanc[ée]e?s?|d[ée]marr\w*|a\s+d[ée]marr[ée]e?|d[ée]but\w*"
    r"|a\s+commenc[ée]|commenc\w*|desde|a\s+partir\s+del?|iniciad[oa]|inici[óo]|comenz[óo]"
    r"|arranc[óo]|empez[óo]|puesto\s+en\s+marcha|dal|dall['’]|dalla|da|a\s+partire\s+dal?"
    r"|avviat[oa]|iniziat[oa]|partit[oa]|ha\s+preso\s+avvio|al\s+via|inici[oa]u|arrancou"
    r"|começou|teve\s+início|com\s+início|início|sinds|vanaf|gestart|startte|begon|sedan|från"
    r"|startade|började|inleddes|startar|fra|siden|startede|begyndte|starter|påbegyndt|alkoi"
    r"|alkaa|alkanut|k[äa]ynnistyi|k[äa]ynnistyy|vuodesta|alates|algas|algab|käivitati|nuo"
    r"|prasidėjo|prasideda|pradėt\w*|no|kopš|s[āa]kot\s+no|sākās|uzsākt\w*|sāksies|od|ode"
    r"|rozpocz\w*(?:\s+si[ęe])?|rusz\w*|zahájen\w*|za[čc]al\w*|za[čc]íná|spuštěn\w*|spusten\w*"
    r"|odštartoval\w*|započe\w*|kezdődött|kezdődik|indult|elindult|indul|din|de\s+la"
    r"|[îi]ncep[âa]nd\s+(?:cu|din)|a\s+[îi]nceput|(?:a\s+)?demarat|lansat|[îi]nceput|от"
    r"|стартира|започна|започва|από|ξεκίνησε|ξεκινά|ξεκινάει|z|ze|počeo|počela|počelo"
    r"|pokrenut\w*|počev\s+od|почев\s+од|почео|почела|започе\w*|покренут\w*|od|од|začel\w*"
    r"|se\s+je\s+začel\w*|pričel\w*|začne|minn|mill-|jibda|beda|bdiet|ó|з|із|від|с"
    r"|розпочав\w*|стартував\w*|починаючи\s+з|с\s+начало|thosaigh|tosaíonn|tosóidh"
    r"|cuireadh\s+tús(?:\s+leis)?|po[čc]etak|початок|начало|pocz[ąa]tek|za[čc][áa]tek|za[čc]iatok"
)
# A start or end word ends where its word ends ("Dana 12. listopada" holds no "da" + "na"),
# unless it ends in an apostrophe or a hyphen ("dall'", "mill-").
_WORD_END = r"(?:(?<![^\W\d_])|(?![^\W\d_]))"
_SINCE = re.compile(
    rf"(?<![^\W\d_])(?:{_SINCE_WORDS}){_WORD_END}{_FILLER}{{0,4}}\s*$", re.IGNORECASE
)
# "2020 óta", "vuodesta 2021 lähtien", "from 2022 onwards".
# Hungarian puts its verbs after the date and a case ending on the number: "1-jén kezdődött".
_HU_SUFFIX = r"(?:-?j?[ée]n|-?[áa]n|-?ban|-?ben)?"
_SINCE_AFTER = re.compile(
    rf"^{_GLUE}{_HU_SUFFIX}\s*(?:óta|lähtien|alkaen|onwards|and\s+onwards|saadik|-?t[óő]l\b"
    r"|kezdőd\w*|indul\w*|elindul\w*|vette\s+kezdetét|alusta\w*|algas|algab|alkoi|käynnistyi)",
    re.IGNORECASE,
)
_UNTIL_WORDS = (
    r"until|till|through|ends?|ended|ending|will\s+end|close[sd]?|will\s+close|conclude[sd]?"
    r"|will\s+conclude|finish\w*|due\s+to\s+end|bis|bis\s+zum|endet|endete|enden|abgeschlossen"
    r"|jusqu['’]\s*(?:en|au|à|a)|se\s+termine\w*|se\s+terminera|s['’]ach[èe]ve\w*|prendra\s+fin"
    r"|prend\s+fin|hasta|finaliz\w*|termin[ae]\w*|conclu[iy]\w*|fino\s+(?:a|al|alla)|entro"
    r"|si\s+conclud\w*|si\s+conclu\w*|si\s+chiud\w*|at[ée]|conclui-se|encerra|prolonga-se\s+até"
    r"|tot|tot\s+en\s+met|t/m|till\s+och\s+med|t\.o\.m|til\s+og\s+med|eindigt|afgerond|frem\s+til|til|t\.o\.m\.|avslutas|avslutades"
    r"|slutar|slutter|afsluttes|p[äa][äa]ttyy|p[äa][äa]ttyi|loppuu|kuni|l[õo]peb|lõppes|iki"
    r"|baigiasi|baigsis|baigėsi|līdz|beidzas|noslēgsies|beigsies|do|až\s+do"
    r"|zako[ńn]cz\w*(?:\s+si[ęe])?|ko[ńn]czy\s+si[ęe]|kon[čc]í|skon[čc]í|ukon[čc]en\w*"
    r"|véget\s+ér|zárul|befejeződik|p[âa]n[ăa]\s+(?:la|în|in)|se\s+(?:va\s+)?[îi]ncheia?"
    r"|se\s+(?:va\s+)?finaliz\w*|до|по|приключва|ще\s+приключи|завършва|έως|ως|μέχρι"
    r"|ολοκληρ\w*|λήγει|λήξ\w*|τελειών\w*|kon[čc]a\w*|kon[čc]uje|završava|završit\w*\s+će|završio|završila|zaključ\w*"
    r"|se\s+konča|завршава|заврш\w*|jintemm|jispiċċa|go\s+dtí|críoch\w*|завершується|завершиться"
    r"|триватиме\s+до|триває\s+до"
)
_UNTIL = re.compile(
    rf"(?<![^\W\d_])(?:{_UNTIL_WORDS}){_WORD_END}{_FILLER}{{0,4}}\s*$", re.IGNORECASE
)
_MT_UNTIL = re.compile(r"(?<![^\W\d_])sa\s+$")
_UNTIL_AFTER = re.compile(
    rf"^{_GLUE}{_HU_SUFFIX}\s*(?:-ig\b|ig\b|asti\b|saakka\b|loppuun\b|lõpuni\b|aasta\s+lõpuni"
    r"|aastani\b|végéig|-ni\b|zárul|fejeződ\w*\s+be|befejeződ\w*|ér\s+véget|végződ\w*)",
    re.IGNORECASE,
)

# Durations: "24 months", "36-month", "24 de luni", "a three-year project", "dva roky".
_MONTH_UNIT = (
    r"(?:months?|mesiac\w*|měsíc\w*|miesi\w*|hónap\w*|месец\w*|місяц\w*|месяц\w*|luni|lună"
    r"|monat\w*|mois|meses|mesi|maand\w*|mėnes\w*|mēneš\w*|mēneš|kuu\w*|kuukau\w*|månad\w*"
    r"|måned\w*|μήν\w*|μην\w*|mjesec\w*|mesec\w*|meseci|xhur|xahar|mí)"
)
_YEAR_UNIT = (
    r"(?:years?|rok(?:y|ov)?|let|lat[a]?|év(?:es)?|години|годин[аи]|godin[ae]|ani|anni|años"
    r"|anos|ans?|jahre?n?|jährig\w*|jaar|år|vuot\w*|aasta\w*|metų|metus|gad[ua]?|років|роки"
    r"|έτη|χρόνια|snin|bliana)"
)
_NUMBERS = {
    1: r"one|jedno|egy|ένα",
    2: r"two|zwei|deux|dos|due|dois|twee|två|to|kaksi|kaks|dva|dve|dvije|dwa|két|kettő|doi"
    r"|две|два|δύο|dvejus|divus|divi|sentejn|dhá",
    3: r"three|drei|trois|tres|tre|três|drie|kolme|kolm|tri|trzy|három|trei|три|τρία|trejus"
    r"|trīs|tliet|trí",
    4: r"four|vier|quatre|cuatro|quattro|quatro|fyra|fire|neljä|neli|čtyři|štyri|cztery|négy"
    r"|patru|четири|чотири|τέσσερα|četiri|štiri|erba|ceithre",
}
_ADJECTIVES = {
    2: r"two-year|zweijährig|biennal|bienal|biennale|tweejarig|tvåårig|toårig|kaksivuoti"
    r"|kaheaasta|dvojročn|dvoulet|dwuletn|kétéves|двугодиш|двегодиш|dvogodišnj|двогодишњ"
    r"|dvoletn|дворічн|διετ|divgadīg|dvejų\s+metų|de\s+doi\s+ani",
    3: r"three-year|dreijährig|triennal|trienal|triennale|driejarig|treårig|kolmivuoti"
    r"|kolmeaasta|trojročn|tříl[eé]t|trzyletn|hároméves|тригодиш|trogodišnj|трогодишњ"
    r"|triletn|трирічн|τριετ|trīsgadīg|trejų\s+metų|de\s+trei\s+ani",
    4: r"four-year|vierjährig|vierjarig|fyraårig|fireårig|neljävuoti|štvorročn|čtyřlet"
    r"|czteroletn|négyéves|четиригодиш|četverogodišnj|чотирирічн|τετραετ",
}
# Month counts written as words, in the languages whose portals spell them out.
_MONTH_WORDS = {
    6: r"six|sechs|seis|sei|zes|sex|seks|kuusi|kuus|šest|sześć|hat|șase|шест|έξι",
    12: r"twelve|zwölf|douze|doce|dodici|doze|twaalf|tolv|kaksitoista|kaksteist|dvanást|dvanáct"
    r"|dwanaście|tizenkét|douăsprezece|дванадесет|δώδεκα|dvanaest|дванаест|dvanajst|дванадцять",
    18: r"eighteen|achtzehn|dix-huit|dieciocho|diciotto|dezoito|achttien|arton|atten"
    r"|kahdeksantoista|kaheksateist|osemnást|osmnáct|osiemnaście|tizennyolc|optsprezece"
    r"|осемнадесет|δεκαοκτώ|osamnaest|осамнаест|osemnajst|вісімнадцять",
    24: r"twenty[-\s]four|vierundzwanzig|vingt-quatre|veinticuatro|ventiquattro|vinte\s+e\s+quatro"
    r"|vierentwintig|tjugofyra|fireogtyve|kaksikymmentäneljä|kakskümmend\s+neli|dvadsaťštyri"
    r"|dvacet\s+čtyři|dwadzieścia\s+cztery|huszonnégy|douăzeci\s+și\s+patru|двадесет\s+и\s+четири"
    r"|είκοσι\s+τέσσερ\w*|dvadeset\s+četiri|двадесет\s+четири|štiriindvajset|двадцять\s+чотири",
    36: r"thirty[-\s]six|sechsunddreißig|trente-six|treinta\s+y\s+seis|trentasei|trinta\s+e\s+seis"
    r"|zesendertig|trettiosex|seksogtredive|kolmekymmentäkuusi|tridsaťšesť|třicet\s+šest"
    r"|trzydzieści\s+sześć|harminchat|treizeci\s+și\s+șase|тридесет\s+и\s+шест|τριάντα\s+έξι"
    r"|trideset\s+šest|тридесет\s+шест|šestintrideset|тридцять\s+шість",
}
# Time gone by is no duration: "one year into the project", "two years ago", "24 months old".
_ELAPSED = r"(?:old|ago|into|later)\b"
_DURATION_MONTHS = re.compile(
    rf"(?<![\d.,])(?P<n>\d{{1,3}})\s*-?\s*(?:de\s+)?{_MONTH_UNIT}(?![^\W\d_]*\s+{_ELAPSED})",
    re.IGNORECASE,
)
_DURATION_MONTH_WORDS = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(rf"(?P<w{k}>{v})" for k, v in _MONTH_WORDS.items())
    + rf")\s*-?\s*(?:de\s+)?{_MONTH_UNIT}(?![^\W\d_]*\s+{_ELAPSED})",
    re.IGNORECASE,
)
# A month unit after a word ("eighteen-month"): only then are the number words looked for.
_MONTH_UNIT_AFTER_WORD = re.compile(rf"[^\W\d_][\s-]+(?:de\s+)?{_MONTH_UNIT}", re.IGNORECASE)
_DURATION_YEARS = re.compile(
    rf"(?<![^\W\d_])(?:(?<![\d.,])(?P<n>\d)\s*-?\s*(?:de\s+)?{_YEAR_UNIT}(?![^\W\d_])"
    rf"(?!\s+{_ELAPSED})|(?<![^\W\d_])(?P<w>"
    + "|".join(rf"(?P<n{k}>{v})" for k, v in _NUMBERS.items())
    + rf")\s+{_YEAR_UNIT}(?![^\W\d_])(?!\s+{_ELAPSED})|(?<![^\W\d_])(?:"
    + "|".join(rf"(?P<a{k}>{v})" for k, v in _ADJECTIVES.items())
    + "))",
    re.IGNORECASE,
)
_NOT_DURATION = re.compile(
    r"(?:max(?:imum|imal\w*|\.)?|up\s+to|at\s+most|do\s+max\w*|maxim[áa]ln[eě]|maksymalnie|legfeljebb"
    r"|bis\s+zu|jusqu['’]à|hasta|fino\s+a|até|högst|op\s+til|enintään|najviše|највише|για|over"
    r"|more\s+than|viac\s+ako|ponad|über|plus\s+de|\d\s*(?:to|-|–|až|do|a|ou|or|bis))\s*$",
    re.IGNORECASE,
)

# Context. Clause and sentence boundaries for the windows read around a candidate.
# A full stop after a digit is a date's ("1. 3. 2022"), except after a year before a capital
# ("… bis 2020. Seit 2021 …"): that one ends a sentence.
_YEAR_STOP = r"(?<=\d{4})\.\s+(?=[A-ZÀ-ÞĀ-ſА-ЯΑ-Ω])"
_CLAUSE_END = re.compile(rf"[\n;|·•,()\[\]]|[.!?](?<!\d\.)\s+(?=[^\W\d_])|{_YEAR_STOP}|[.!?]\s*$")
_SENTENCE_END = re.compile(rf"[\n;|·•]|[.!?](?<!\d\.)\s+(?=[A-ZÀ-ÞĀ-ſА-ЯΑ-Ω])|{_YEAR_STOP}")
_PROJECT_NOUN = (
    # an implementation "term" is the project's, not a deadline (read before the negatives)
    r"plazo\s+de\s+(?:ejecuci[óo]n|realizaci[óo]n)|prazo\s+de\s+execu[çc][ãa]o"
    r"|termen(?:ul)?\s+de\s+(?:implementare|realizare|execu[țt]ie)|"
    r"project|projekt|projet|proyect|progett|projeto|proiect|проект|проєкт|пројек|projek|hank"
    r"|prosjekt|proje\b|έργο|έργου|initiativ|iniciat|inițiativ|инициатив|ініціатив|pilot|tionscadal|proġett"
    r"|vorhaben|intervention|indsats|programme\s+of\s+activities|laufzeit|duration|durée|durata"
    r"|duración|duração|looptijd|projekttid|projektperiode|toteutusaika|kesto|kestus|trukmė"
    r"|ilgums|trajanje|трајање|тривалість|продължителност|διάρκεια|időtartam|futamid|trvanie"
    r"|megvalósítás|implementation|umsetzung|durchführung|mise\s+en\s+œuvre|ejecución|attuazione"
    r"|execução|uitvoering|genomförande|gennemførelse|toteutus|elluviimine|įgyvendinim\w*"
    r"|īstenošan\w*|provedb\w*|izvedb\w*|implementar\w*|изпълнение|υλοποίησ\w*|реалізац\w*"
    r"|реализациј\w*|realizacij\w*|realizac\w*|realizáci\w*|timeline|zeitraum|période"
    r"|doba\s+realiz|okres\s+realizacji|termin\s+realizacji|termín\s+realizace|czas\s+trwania"
    r"|implementation\s+period|periodo\s+di\s+attuazione|período\s+de\s+execução"
    r"|perioada\s+de\s+implementare|період\s+реалізації|период\s+реализације|razdoblje\s+provedbe"
    r"|abikõlblikkuse\s+periood|īstenošanas\s+period|įgyvendinimo\s+laikotarp|perjodu"
    r"|tréimhse|срок\s+на\s+изпълнение|термін\s+реалізації|dispositif|scheme|measure|maßnahme"
    r"|opatren|opatřen|intézkedés|мярка|măsur|medida|misura|maatregel|åtgärd|foranstaltning"
    r"|toimenpide|meede|priemon|mjer[ae]|ukrep|network|netzwerk|réseau|verkosto|võrgustik"
    r"|föreningen|association|verein|spolek|združenie|stowarzyszen|egyesület|сдружение|asociați"
)
_PROJECT_VERB = (
    r"jatku\w*|toiminut|"
    # "funded until …", "gefördert bis …": the funded thing is the page's initiative
    r"funded|financed|secured|gefördert|finanziert|financé\w*|financiad[oa]|finanziat[oa]"
    r"|gefinancierd|finansierat|finansieret|rahoitettu|finantseeritud|finansuojama[s]?|finansēts"
    r"|finansowan[yae]|financovan[ýáé]|financován[oa]?|finanszírozott|finanțat[ăe]?|финансиран[оа]?"
    r"|χρηματοδοτείται|financiran[oa]?|finansiran[oa]?|фінансується|iffinanzjat|maoinithe"
    r"|gesichert|zajištěn\w*|zabezpečen\w*|zapewnion\w*|biztosított|garantit[ao]|assurée?"
    r"|asegurad[oa]|garantid[oa]|gewaarborgd|säkrad|sikret|turvattu|tagatud|užtikrint\w*"
    r"|nodrošināt\w*|asigurat\w*|осигурен\w*|osiguran\w*|zagotovljen\w*|забезпечен\w*"
    r"|runs?|running|ran|lasts?|will\s+last|continues?|operat\w*|implement\w*|realiz\w*|realis\w*"
    r"|realiz|trv[áa]|trwa|potrv|traje|traja|trajal|trajat|траје|трајати|триває|реаліз|läuft|dauert"
    r"|se\s+déroule|se\s+poursuiv|decorre|se\s+desarrolla|si\s+svolge|loopt|duurt|pågår|kører"
    r"|løber|kestää|kestab|kéo|vykdom|īstenot|ilgst|provodi|sprovodi|izvaja|poteka|изпълнява"
    r"|υλοποιείται|se\s+derulează|se\s+desfășoară|valósul\s+meg|fut\b|probíhá|funguje|działa"
    r"|működik|работи|funcționează|діє|fonctionne|funciona|funziona|toimii|tegutseb|veikia"
    r"|darbojas|djeluje|deluje|ради|λειτουργεί|jdum|jitwettaq|maireann|ar\s+siúl|is\s+active"
    r"|attivo|em\s+curso|en\s+marcha|in\s+progress|ongoing|besteht|existiert|exists?|existuje"
    r"|istnieje|létezik|съществува|există|existe|esiste|bestaat|driver|drives?"
)
_PROGRAMME = (
    r"programm?\w*|програм\w*|πρόγραμμα\w*|ohjelm\w*|programos|programa\w*|esf\s*\+?|esf\s+plus"
    r"|fse\s*\+?|efs\s*\+?|esr\s*\+?|esza\b|есф|εκτ\s*\+?|easi\b|erdf\b|efrr\b|efre\b|feder\b|interreg"
    r"|horizon\b|erasmus\s*\+?|cohesion|kohéz\w*|kohezij\w*|opz\s*\+?|oplzz\b|power\b|efop\b|ginop\b|top\b"
    r"|pocu\b|peo\b|fers\b|mff\b|financial\s+framework|förderperiode|förderzeitraum|perspektyw\w*"
    r"|programovac\w*\s+obdob\w*|programov\w*\s+obdob\w*|programsk\w*\s+razdobl\w*"
    r"|plānošanas\s+period\w*|strateg\w*|stratég\w*|стратег\w*|στρατηγ\w*|agenda\b|action\s+plan"
    r"|aktionsplan|plan\s+d['’]action|akčn\w*\s+plán|plan\b|plán\b|koncepci\w*|vision\b|portugal\b"
    r"|unemploy\w*|nezamestnan\w*|nezaměstnan\w*|bezrobo\w*|munkanélküli\w*|arbeitslos\w*"
    r"|chômage|desempleo|disoccupazione|desemprego|werkloos\w*|population|obyvateľ\w*"
    r"|obyvatel\w*|ludno\w*|lakoss\w*|inhabitants|einwohner|inwoners|mieszkańc\w*|rahvaarv"
)
_STRONG_NEGATIVE = (
    r"application\w*|apply\b|call\s+for|calls?\b|deadline|submission\w*|submit\w*|registration"
    r"|register\b|výzv\w*|uzávierk\w*|uzávěrk\w*|žiadost\w*|žádost\w*|nabór|nabor\w*|wnios\w*"
    r"|pályáz\w*|határid\w*|jelentkez\w*|заявк\w*|заявлен\w*|заяв\w*|кандидатстван\w*"
    r"|antr[aä]g\w*|bewerbung\w*|einreich\w*|frist\w*|candidat\w*|dépôt|date\s+limite|appel\b"
    r"|apel\w*|solicitud\w*|plazo\b|convocatoria|domand\w*|scadenz\w*|bando\b|prazo\b|aanvra\w*|ansök\w*"
    r"|ansøg\w*|haku\w*|taotlus\w*|tähtaeg|paraišk\w*|pieteik\w*|iesniegšan\w*|prijav\w*|пријав\w*"
    r"|αιτήσε\w*|προθεσμία|cerer\w*|depuner\w*|termen\w*|spriocdháta|iarratais|applikazzjoni\w*"
    r"|published|publikov\w*|publikowan\w*|opublikow\w*|közzétéve|публикув\w*|veröffentlicht"
    r"|publié|publicado|pubblicato|gepubliceerd|publicerad|offentliggjort|julkaistu|avaldatud"
    r"|paskelbta|publicēts|objavljeno|објављено|опубліковано|δημοσιεύ\w*|publicat|posted"
    r"|updated|aktualiz\w*|mis\s+à\s+jour|conferenc\w*|konferenc\w*|konferencj\w*|конференц\w*"
    r"|kongres\w*|seminar\w*|seminár\w*|webinar\w*|workshop\w*|event\b|podujat\w*|wydarzen\w*"
    r"|rendezvény\w*|събити\w*|veranstaltung\w*|tagung\b|événement|evento|evenement|tapahtum\w*"
    r"|üritus\w*|renginys|pasākum\w*|događaj\w*|захід|εκδήλωσ\w*|eveniment\w*|meeting\b|forum\b"
    r"|vorgänger\w*|predecessor\w*|previous\s+project|builds?\s+on|predchádzaj\w*|předchoz\w*"
    r"|poprzedni\w*|előző|précédent\w*|precedente|vorig\w*|föregående|forrige|edellise\w*"
    r"|eelmi\w*|ankstesn\w*|iepriekšēj\w*|prethodn\w*|претходн\w*|предишн\w*|προηγούμεν\w*"
    r"|попередн\w*|anterioar\w*"
    r"|©|copyright|all\s+rights|opening\s+hours|öffnungszeiten|closed\b|geschlossen|fermé"
    r"|ausschreibung\w*|aufruf\w*|avviso\b|aviso\b|oproep\w*|utlysning\w*|kvietim\w*|konkurs\w*"
    r"|конкурс\w*|покана\w*|πρόσκλησ\w*|natječaj\w*|natjecaj\w*|razpis\w*|poziv\w*|позив\w*"
    r"|sejħa|оголошен\w*|iesniegum\w*|pieteikum\w*|hakemu\w*|haettava\w*"
    r"|zákon\w*|law\b|act\b|regulation|nariaden\w*|ustaw\w*|gesetz\w*|loi\b|ley\b|legge\b|lei\b|wet\b|lag\b"
    r"|laki\b|seadus\w*|įstatym\w*|likum\w*|zakon\w*|закон\w*|νόμο\w*|lege[a]?\b|founded"
    r"|založen\w*|gegründet|fondée?|fundad[ao]|database|databáz\w*|baza\b"
)
_CUES = re.compile(
    rf"(?<![^\W\d_])(?:(?P<noun>{_PROJECT_NOUN})|(?P<verb>{_PROJECT_VERB})|(?P<prog>{_PROGRAMME})"
    rf"|(?P<neg>{_STRONG_NEGATIVE}))",
    re.IGNORECASE,
)
_PROGRAMME_AFTER = re.compile(rf"^{_GLUE}\s*[-–]?\s*(?:{_PROGRAMME})(?![^\W\d_])", re.IGNORECASE)
_BUDGET = re.compile(
    r"(?<![^\W\d_])(?:budget\w*|rozpočt?\w*|költségvetés\w*|budżet\w*|buget\w*|бюджет\w*"
    r"|προϋπολογισμ\w*|proračun\w*|bilancio|presupuesto|orçamento|begroting|dotazione|dotación"
    r"|allocation|envelope|enveloppe|€|eur\b|euro\w*|million\w*|milliard\w*|mld|mln|mio\b)",
    re.IGNORECASE,
)
# "SI PLUS (2021-2023) was funded by …": bracketed years right after an acronym that opens a
# sentence or a line are that initiative's period. Elsewhere ("It builds on SEED (2021-2023)")
# the acronym is as often a predecessor's; programmes' acronyms are rejected before this.
_ACRONYM_BEFORE = re.compile(r"(?<![^\W\d_])(?-i:[A-Z][A-Z0-9&+]+(?:[ -][A-Z0-9&+]+)*)\s*\(\s*$")


# "Periode: 2024-2026" in a project's fact box: a period label stands for the project word that
# bare years need. (A "programming period" is rejected before this, by its programme word.)
_PERIOD_WORDS = (
    r"period\w*|perioad\w*|periood\w*|razdoblj\w*|obdobj\w*|obdob[ií]\w*"
    r"|okres\w*|időszak\w*|kausi|ajanjakso|laikotarp\w*|период\w*|період\w*|περίοδος|perjodu"
    r"|tréimhse|zeitraum|durée|duration|duur|varighed|kesto|kestus"
    # A fact box's "Start/End: 01/2024 - 01/2028" labels both sides at once.
    r"|start\s*/\s*end|beginn?\s*/\s*ende?|début\s*/\s*fin|inicio\s*/\s*fin|inizio\s*/\s*fine"
)
_PERIOD_LABEL = re.compile(rf"(?<![^\W\d_])(?:{_PERIOD_WORDS})\s*:\s*$", re.IGNORECASE)
_PERIOD_WORD = re.compile(rf"(?<![^\W\d_])(?:{_PERIOD_WORDS})", re.IGNORECASE)


def _opens_with_acronym(text: str, position: int) -> bool:
    match = _ACRONYM_BEFORE.search(text[max(0, position - 30) : position])
    if not match:
        return False
    before = text[: max(0, position - 30) + match.start()].rstrip()
    return not before or before[-1] in "\n.!?;:|•"


_PROGRAMME_PERIODS = {(2000, 2006), (2007, 2013), (2014, 2020), (2021, 2027), (2028, 2034)}


def _clause_before(text: str, position: int, width: int = 90) -> str:
    window = text[max(0, position - width) : position]
    cuts = [m.end() for m in _CLAUSE_END.finditer(window)]
    return window[cuts[-1] :] if cuts else window


def _sentence(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 200) : start]
    cuts = [m.end() for m in _SENTENCE_END.finditer(before)]
    after = text[end : end + 200]
    stop = _SENTENCE_END.search(after)
    return (
        (before[cuts[-1] :] if cuts else before) + " " + (after[: stop.start()] if stop else after)
    )


def _verdict(text: str, start: int) -> str:
    """'project', 'programme', 'negative' or 'neutral' from the nearest cues before ``start``."""
    last = None
    negative_at, negative_end = -1, -100
    noun_at = -1
    for match in _CUES.finditer(_clause_before(text, start)):
        last = match.lastgroup
        if last == "neg":
            negative_at, negative_end = match.start(), match.end()
        elif last == "noun" and match.start() - negative_end > 12:
            # "Apelul de proiecte" (a call for projects) does not make a project of the call.
            noun_at = match.start()
    if negative_at > noun_at:
        return "negative"
    if last == "prog":
        return "programme"
    return "project" if last in ("noun", "verb") else "neutral"


def _has_project_word(text: str, start: int, end: int) -> bool:
    return any(m.lastgroup in ("noun", "verb") for m in _CUES.finditer(_sentence(text, start, end)))


def _open_end_is_projects(text: str, start: int, end: int) -> bool:
    """An open end ("until 2030") is weaker evidence than a range: besides a project word, its
    sentence must name a project when it names a programme or plan ("The Social Economy Action
    Plan, adopted in 2021, runs until 2030")."""
    groups = {m.lastgroup for m in _CUES.finditer(_sentence(text, start, end))}
    window = text[max(0, start - 200) : start]
    cuts = [m.end() for m in _SENTENCE_END.finditer(window)]
    before = {m.lastgroup for m in _CUES.finditer(window[cuts[-1] :] if cuts else window)}
    return bool(groups & {"noun", "verb"}) and ("prog" not in before or "noun" in groups)


@dataclass(frozen=True)
class _Candidate:
    start: str | None
    end: str | None
    position: int
    stop: int  # where the candidate's last mention ends: its span, blocked for open ends
    earlier: bool = False  # a predecessor's or an earlier phase's period, recounted
    labelled: bool = False  # right after a label of the project's ("Laufzeit:", "Period:")


# A successor's page recounts its predecessor or an earlier phase ("Nach dem ersten Projekt
# (2021–2023) …", "Bereits in der Pilotphase 2019–2021 …", "The predecessor ran from 2017 to
# 2019"): a cue before a period in its sentence marks that period as not the page's own. The
# cues are phrases, not single words: "pilot" or "continues" alone describe the page's own
# project as often ("the eighteen-month pilot", "the project continues until 2026").
# "back in 2019", "už v rokoch 2017": an "already" word is a cue only right before a date
# ("the project is already in its second year" is the page's own).
_DATE_NEXT = r"(?=\s+(?:[^\W\d_]+\s+)?\d)"
_EARLIER = re.compile(
    r"(?<![\w-])(?:"
    # en
    r"predecessor\w*|previous|earlier|former|pilot\s+(?:phase|work|period|stage)"
    r"|(?:was|were)\s+piloted|(?:years?|months?)\s+of\s+pilot"
    r"|first\s+(?:[^\W\d_]+\s+){0,3}?(?:project|phase|stage|round|edition|period)"
    r"|builds?\s+on|building\s+on|based\s+on\s+the\s+results|continues\s+the\s+work"
    rf"|follow(?:s|ing)?[\s-]up\s+(?:on|of|to)|(?:back|already)\s+in{_DATE_NEXT}"
    # de
    r"|vorgänger\w*|vorläufer\w*|vorherig\w*|vorangegangen\w*|vorig\w*|früher\w*"
    r"|erste[nmrs]?\s+(?:[^\W\d_]+\s+){0,2}?(?:projekt\w*|phase|förderphase|runde|periode)"
    rf"|pilotphase|knüpft\s+an|baut\s+auf|(?:bereits|schon)\s+(?:in|im|von|zwischen){_DATE_NEXT}"
    # sk cs
    r"|predchádzaj\w*|predošl\w*|pôvodn\w*|pilotn\w*\s+fáz\w*|prv\w*\s+fáz\w*|nadväzuje"
    rf"|(?:už|již)\s+v{_DATE_NEXT}|předchozí\w*|předešl\w*|navazuje|vychází\s+z|pilotní\w*\s+fáz\w*"
    r"|první\w*\s+fáz\w*"
    # hu pl
    r"|előző|korábbi|első\s+(?:[^\W\d_]+\s+)?(?:szakasz\w*|projekt\w*|fázis\w*|ütem\w*)"
    r"|pilot\s?szakasz\w*|eredményeire\s+épül|poprzedni\w*|wcześniejsz\w*"
    rf"|pilotaż\w*|pierwsz\w*\s+(?:etap\w*|faz\w*|edycj\w*)|już\s+w{_DATE_NEXT}|opiera\s+się\s+na"
    # it fr es pt
    rf"|precedent\w*|prosegue\s+il\s+lavoro|fase\s+pilota|prima\s+fase|già\s+n\w*{_DATE_NEXT}"
    r"|in\s+continuità"
    r"|précédent\w*|fait\s+suite|dans\s+la\s+continuité|phase\s+pilote|première\s+phase"
    rf"|déjà\s+en{_DATE_NEXT}|anterior\w*|da\s+continuidad|fase\s+piloto|primera\s+fase|ya\s+en{_DATE_NEXT}"
    rf"|na\s+sequência|primeira\s+fase|já\s+em{_DATE_NEXT}"
    # nl sv da fi et
    r"|vorige|eerdere?|pilotfase|eerste\s+fase|voortzetting\s+van|bouwt\s+voort"
    rf"|tidigare|föregående|bygger\s+vidare|pilotfas\w*|första\s+fas\w*|redan\s+(?:i|år){_DATE_NEXT}"
    r"|forrige|tidligere|bygger\s+videre|første\s+fase|aiemm\w*|edellis\w*|pilottivaihe\w*"
    r"|ensimmäi\w*\s+vaihe\w*|pohjautu\w*|perustuu|eelmi\w*|varasem\w*|pilootfaas\w*"
    r"|esimene\s+etapp"
    # lt lv ro bg el
    r"|ankstesn\w*|bandom\w*\s+etap\w*|pirm\w*\s+etap\w*|iepriekšēj\w*|pilotposm\w*"
    rf"|pirm\w*\s+posm\w*|faza\s+pilot|prima\s+fază|deja\s+în{_DATE_NEXT}|предишн\w*|надгражда\w*"
    rf"|пилотна\w*\s+фаза|първ\w*\s+фаза|вече\s+през{_DATE_NEXT}|προηγούμεν\w*|πιλοτική\s+φάση|πρώτη\s+φάση"
    # hr sr sl uk mt ga
    r"|prethodn\w*|претходн\w*|nadovezuje|nastavlja\s+na|pilot\w*\s+faz\w*|prv\w*\s+faz\w*"
    rf"|već\s+(?:u|od|tijekom){_DATE_NEXT}|predhodn\w*|попередн\w*|пілотн\w*\s+етап\w*|перш\w*\s+етап\w*"
    r"|preċedenti|precedenti|roimhe\s+seo"
    r")(?![^\W\d_])",
    re.IGNORECASE,
)
# Between such a cue and a period, a word for the new or current project or a label gives the
# period back to the page ("a follow-up of SEED, the new project runs from 2024 to 2027").
_NOW = re.compile(
    r"(?<![^\W\d_])(?:new|current|now|nun|jetzt|teraz|most|ora|maintenant|ahora|agora"
    r"|nyt|nüüd|dabar|tagad|acum|сега|τώρα|sada|zdaj|тепер|successor|continuation|neue[nmrs]?|aktuell\w*|nachfolge\w*"
    r"|fortsetzung|nový|nová|nové|nowy|nowa|nowe|új|nuov[oa]|nouve(?:au|lle)|nuev[oa]|novo|nova"
    r"|nieuwe?|nya?|nye|noul|noua|нов(?:ия|ият|ата|ото|ий|а|е|ый)?|uusi|uus|naujas|jauns|νέο|νέα"
    # a predecessor is told in the past: a verb in the present or future is the page's project
    r"|runs|will\s+run|is\s+running|lasts|will\s+last|läuft|dauert|trvá|potrvá|trwa|potrwa"
    r"|dure|durera|se\s+déroule|dura|durará|durerà|si\s+svolge|loopt|duurt|pågår|varer"
    r"|kestää|kestab|durează|se\s+desfășoară|траје|трае|продължава|διαρκεί|traja|poteka|триває)"
    r"(?![^\W\d_])|:",
    re.IGNORECASE,
)


# A sentence's end between a start and an end, a year's full stop included ("since 2018. The …"),
# which ``_SENTENCE_END`` leaves to the dates it would cut ("1. 3. 2022").
# The same cues mark an initiative a page names as its predecessor ("the previous call
# (VP/2020/010)", "builds on SEED"): ``transforms.linking.mentions`` reads them too.
EARLIER_CUE = _EARLIER
_STOP = re.compile(r"[\n;|•]|[.!?]\s+(?=[A-ZÀ-ÞĀ-ſА-ЯΑ-Ω])")


def _is_earlier(text: str, position: int, floor: int = 0) -> bool:
    """Whether a cue for a predecessor or an earlier phase stands before ``position`` in its
    sentence, after ``floor`` (the date before: a cue marks only the first period after it)."""
    begin = max(floor, position - 200)
    cuts = [m.end() for m in _STOP.finditer(text, begin, position)]
    begin = cuts[-1] if cuts else begin
    # A few characters past the period, for the cues that look ahead at their date.
    cue = None
    for match in _EARLIER.finditer(text, begin, min(len(text), position + 8)):
        if match.end() <= position:
            cue = match
    return cue is not None and not _NOW.search(text, cue.end(), position)


# The cue may follow the period in its sentence: "From 2021 to 2023, the project was already
# implemented by …", "2019–2021 wurde bereits …": a past phase recounted.
_EARLIER_AFTER = re.compile(
    r"(?<![^\W\d_])(?:(?:was|were|had\s+been)\s+already|already\s+(?:ran|took|was|were)"
    r"|(?:wurde|wurden|war|waren)\s+(?:bereits|schon)|(?:a|avait)\s+déjà|(?:è|era)\s+già"
    r"|ya\s+(?:se|fue|había)|już\s+(?:był|była|było|zosta\w*)|(?:už|již)\s+(?:bol\w*|byl\w*))"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)


def _recounted_after(text: str, position: int, width: int = 160) -> bool:
    """Whether the rest of the period's sentence tells of it as past work."""
    stop = _STOP.search(text, position, min(len(text), position + width))
    return bool(_EARLIER_AFTER.search(text, position, stop.start() if stop else position + width))


# "Project duration: …", "Doba realizácie projektu: …", "Laufzeit: von …": a label naming the
# project (or its period) right before a period makes it the page's own, over any other.
_RANGE_LABEL = re.compile(
    r"(?:^|[\n.;|•])\s*(?P<label>[^\W\d_][^\n.;:|•]{0,45}?)\s*[:\-–]\s*"
    r"(?:from|od|dal|dall['’]|de|del|desde|von|vom|van|din|от|z|ze|nuo|no|alates|från|fra|από|з"
    r"|від|between|zwischen|entre|tra|fra|between)?\s*$",
    re.IGNORECASE,
)


def _is_labelled(text: str, position: int) -> bool:
    match = _RANGE_LABEL.search(text[max(0, position - 60) : position])
    if not match:
        return False
    groups = {m.lastgroup for m in _CUES.finditer(match.group("label"))}
    period_word = _PERIOD_WORD.search(match.group("label"))
    return bool("noun" in groups or period_word) and not groups & {"prog", "neg"}


def _fill_year(first: _Mention, second: _Mention) -> _Mention | None:
    """A range start written without its year ("15. Mai bis 30. Juni 2024") takes the end's."""
    if first.year is not None:
        return first
    if second.year is None or first.month is None:
        return None
    year = second.year - 1 if second.month and first.month > second.month else second.year
    return _Mention(first.start, first.end, year, first.month, first.day)


def _ranges(text: str, mentions: list[_Mention], lang: str | None) -> list[_Candidate]:
    found = []
    for index, (first, second) in enumerate(pairwise(mentions)):
        if second.year is None:
            continue
        gap = text[first.end : second.start]
        joined = bool(_RANGE_GAP.match(gap))
        if not joined and _AND_GAP.match(gap):
            joined = bool(
                _BETWEEN_BEFORE.search(text[max(0, first.start - 25) : first.start])
                or _BETWEEN_AFTER.match(text[second.end : second.end + 25])
            )
        if not joined and gap == "/" and first.month is None and second.month is None:
            joined = second.year > (first.year or 0)  # "2023/2025"; "2021/22" is a school year
        if not joined and _BARE_GAP.match(gap) and lang in (None, "fi", "hu", "et"):
            joined = bool(_FROM_CASE.search(text[first.start : first.end + len(gap)]))
        if not joined:
            continue
        start = _fill_year(first, second)
        if start is None or (first.year is None and second.month is None):
            continue
        if not (start.key() <= second.key() and second.year - (start.year or 0) <= 15):
            continue
        if first.year is None and index > 0 and mentions[index - 1].end > first.start - 3:
            continue
        verdict = _verdict(text, first.start)
        if verdict in ("negative", "programme"):
            continue
        if verdict != "project" and _PROGRAMME_AFTER.match(text[second.end : second.end + 40]):
            continue
        years = (start.year, second.year)
        # A programming period is a project's only when a project word is the nearest cue and
        # no budget is being spread over it ("the initiative has €197 million for 2021-2027").
        if (
            start.month is None
            and years in _PROGRAMME_PERIODS
            and (verdict != "project" or _BUDGET.search(_clause_before(text, first.start)))
        ):
            continue
        # Two bare years are as often a statistic's or a budget's span as a project's.
        if (
            second.month is None
            and not _has_project_word(text, first.start, second.end)
            and not _opens_with_acronym(text, first.start)
            and not _PERIOD_LABEL.search(text[max(0, first.start - 30) : first.start])
        ):
            continue
        found.append(
            _Candidate(
                start.iso(),
                second.iso(end=True),
                first.start,
                second.end,
                earlier=_is_earlier(text, first.start, mentions[index - 1].end if index else 0)
                or _recounted_after(text, second.end),
                labelled=_is_labelled(text, first.start),
            )
        )
    return found


def _after_label(text: str, label: re.Match[str], mentions: list[_Mention]) -> _Mention | None:
    for mention in mentions:
        if mention.start >= label.end():
            gap = text[label.end() : mention.start]
            bare = not gap.strip() and (
                _VERB_LABEL.fullmatch(label.group()) or len(label.group()) >= 6
            )
            if mention.year is not None and len(gap) <= 30 and (bare or _LABEL_GAP.match(gap)):
                return mention
            return None
    return None


def _labelled(text: str, mentions: list[_Mention]) -> tuple[_Mention | None, _Mention | None]:
    start = end = None
    for match in _LABEL_START.finditer(text):
        if match.start() == 0 or not text[match.start() - 1].isalpha():
            start = _after_label(text, match, mentions)
            if start:
                break
    for match in _LABEL_END.finditer(text, start.end if start else 0):
        if match.start() == 0 or not text[match.start() - 1].isalpha():
            end = _after_label(text, match, mentions)
            if end:
                break
    return start, end


def _duration_months(text: str) -> int | None:
    """Months of the first duration that is not a maximum or a span of durations."""
    found = []
    matches = list(_DURATION_MONTHS.finditer(text))
    if _MONTH_UNIT_AFTER_WORD.search(text):
        matches += _DURATION_MONTH_WORDS.finditer(text)
    for match in matches:
        if not _NOT_DURATION.search(text[max(0, match.start() - 20) : match.start()]):
            groups = match.groupdict()
            months = int(groups["n"]) if groups.get("n") else 0
            for count in _MONTH_WORDS:
                if groups.get(f"w{count}"):
                    months = count
            if 3 <= months <= 96:
                found.append((match.start(), months))
    for match in _DURATION_YEARS.finditer(text):
        if _NOT_DURATION.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        groups = match.groupdict()
        years = int(groups["n"]) if groups.get("n") else None
        for k in (*_NUMBERS, *_ADJECTIVES):
            if groups.get(f"n{k}") or groups.get(f"a{k}"):
                years = k
        if years and 1 <= years <= 6:
            found.append((match.start(), years * 12))
    return min(found)[1] if found else None


def _add_months(start: _Mention, months: int) -> str:
    assert start.year is not None
    if start.month is None:
        return f"{start.year + (months - 1) // 12:04d}"
    total = start.year * 12 + start.month - 1 + months - 1
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def _open_ends(
    text: str,
    mentions: list[_Mention],
    lang: str | None,
    rejected: tuple[str, ...] = ("negative", "programme"),
) -> tuple[list[_Mention], list[_Mention]]:
    """Mentions after a start word ("since", "od") and after an end word ("until", "do"), but
    not those whose nearest cue is one of ``rejected``."""
    starts, ends = [], []
    for mention in mentions:
        if mention.year is None:
            continue
        before = text[max(0, mention.start - 60) : mention.start]
        is_start = bool(_SINCE.search(before)) or bool(
            _SINCE_AFTER.match(text[mention.end : mention.end + 20])
        )
        is_end = (
            bool(_UNTIL.search(before))
            or bool(_UNTIL_AFTER.match(text[mention.end : mention.end + 20]))
            # Maltese "sa" (until) is a reflexive pronoun in Slovak: read it in Maltese only.
            or (lang == "mt" and bool(_MT_UNTIL.search(before)))
        )
        if not (is_start or is_end) or _verdict(text, mention.start) in rejected:
            continue
        if is_end and not is_start:
            ends.append(mention)
        elif is_start:
            starts.append(mention)
    return starts, ends


def _start_for(
    text: str, starts: list[_Mention], ends: list[_Mention] | None = None
) -> _Mention | None:
    """Of several open starts, the one an end closes in its sentence ("The project started in
    March 2021 and runs until February 2024"), else the first in a sentence about the project,
    not a partner's or an organisation's ("a partner of the city since 2018")."""
    for start in starts:
        for end in ends or ():
            if end.start > start.end and not _STOP.search(text, start.end, end.start):
                return start
    return next((s for s in starts if _has_project_word(text, s.start, s.end)), None) or (
        starts[0] if starts else None
    )


def _periods(text: str, lang: str | None) -> tuple[str | None, str | None] | None:
    grammar = _grammar(lang)
    mentions = _mentions(text, grammar)
    if not mentions:
        return None
    ranges = _ranges(text, mentions, lang)
    label_start, label_end = _labelled(text, mentions)
    if label_start and label_end and label_start.key() <= label_end.key():
        ranges.append(
            _Candidate(
                label_start.iso(),
                label_end.iso(end=True),
                label_start.start,
                label_end.end,
                labelled=True,
            )
        )
    # Of several periods, a labelled one is the page's own; a predecessor's never is. Among
    # the rest the first wins: pages state their own period before any other.
    own = [c for c in ranges if not c.earlier]
    if own:
        best = min(own, key=lambda c: (not c.labelled, c.position))
        return best.start, best.end
    # An earlier period's dates are no open start or end ("von 2020 bis 2022" holds "von 2020").
    blocked = [(c.position, c.stop) for c in ranges]
    free = [m for m in mentions if not any(a <= m.start < b for a, b in blocked)]
    starts, ends = _open_ends(text, free, lang)
    floors = {m.start: before.end for before, m in pairwise(mentions)}
    starts = [m for m in starts if not _is_earlier(text, m.start, floors.get(m.start, 0))]
    ends = [m for m in ends if not _is_earlier(text, m.start, floors.get(m.start, 0))]
    start = label_start or _start_for(text, starts, ends)
    # A duration counts from a date only when a word or label marks that date as the start: an
    # event's date beside "two years of work" is no period ("Dňa 29. 6. 2023 sa stretli …").
    months = _duration_months(text)
    if months and start is None:
        # With a duration beside it, a marked start is the project's even where the nearest cue
        # is a programme word ("A 36 hónapos program 2023 januárjában indult").
        marked, _ = _open_ends(text, free, lang, rejected=("negative",))
        marked = [m for m in marked if not _is_earlier(text, m.start, floors.get(m.start, 0))]
        start = _start_for(text, marked)
    if months and start is not None:
        return start.iso(), _add_months(start, months)
    end = label_end or next((e for e in ends if start is None or e.start > start.start), None)
    if start and end and start.key() <= end.key():
        return start.iso(), end.iso(end=True)
    if start and (label_start or _open_end_is_projects(text, start.start, start.end)):
        return start.iso(), None
    if end and (label_end or _open_end_is_projects(text, end.start, end.end)):
        return None, end.iso(end=True)
    return None


_ANY_YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")


def extract_period(text: str, lang: str | None = None) -> tuple[str | None, str | None] | None:
    """The project period the text states, at the text's precision, or None.

    ``("2021-05", "2023-04")``, ``("2024", "2027")``, ``("2022-03-01", "2023-12-31")``; either
    side may be None for an open end ("since May 2021" -> ``("2021-05", None)``). Never raises.
    """
    if not text or not _ANY_YEAR.search(text):
        return None
    try:
        return _periods(text, lang)
    except (ValueError, IndexError, KeyError, TypeError, AssertionError):  # pragma: no cover
        return None


_TITLE_YEARS = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)\s*[–—-]\s*((?:19|20)\d\d)(?![\d/.-])")


def title_period(title: str, lang: str | None = None) -> tuple[str | None, str | None] | None:
    """The period a page's title states: what ``extract_period`` reads, or a bare year range
    ("SI Plus continues: National Competence Centres 2024-2028"). In a title a range is the
    page's own subject, so it needs no project word; a programming period (2021-2027) is
    still not a project's."""
    found = extract_period(title, lang)
    if found:
        return found
    match = _TITLE_YEARS.search(title or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    if start > end or (start, end) in _PROGRAMME_PERIODS:
        return None
    return str(start), str(end)
