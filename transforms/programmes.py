"""Funding programmes: a controlled vocabulary with names and acronyms in EU languages."""

from __future__ import annotations

import re

# The European Social Fund's name in the EU languages (ESF+ adds "Plus"/"+" after it).
ESF_NAMES = "|".join((
    r"European Social Fund", r"Fondo Social Europeo", r"Fonds social européen",
    r"Fondo sociale europeo", r"Europäische[rn]? Sozialfonds?", r"Fondul social european",
    r"Európsk\w* sociáln\w* fond\w*", r"Evropsk\w* sociáln\w* fond\w*",
    r"Europejski\w* Fundusz\w* Społeczn\w*", r"Európai Szociális Alap", r"Европейски\w* социален фонд",
    r"Europsk\w* socijaln\w* fond\w*", r"Evropsk\w* socialn\w* sklad\w*",
    r"Europos socialini\w* fond\w*", r"Eiropas Sociāl\w* fond\w*", r"Euroopa Sotsiaalfond\w*",
    r"Euroopan sosiaalirahasto\w*", r"Europeiska socialfonden", r"Europæiske Socialfond\w*",
    r"Europees Sociaal Fonds", r"Fundo Social Europeu", r"Ευρωπαϊκ\w* Κοινωνικ\w* Ταμεί\w*",
    r"Fond Soċjali Ewropew", r"Ciste Sóisialta na hEorpa",
))  # fmt: skip
# code -> patterns (case-sensitive acronyms, case-insensitive names). ESF+ is checked before
# ESF so that "ESF+" / "FSE+" / "Plus" forms are not also counted as the old ESF.
VOCABULARY: dict[str, list[str]] = {
    "ESF+": [
        r"(?<!\w)(?:ESF|FSE|EFS|ESZA|ЕСФ|ΕΚΤ|ESR|ESS|ESA|ESF)\s?\+",
        rf"(?i)(?:{ESF_NAMES})\s*(?:Plus|Plusz|\+)",
    ],
    "ESF": [
        r"(?<![\w+])(?:ESF|FSE|EFS|ESZA|ЕСФ|ΕΚΤ)(?!\s?\+)(?!\w)",
        rf"(?i)(?:{ESF_NAMES})(?!\w)(?!\s*(?:Plus|Plusz|\+))",
    ],
    "EaSI": [
        r"(?<!\w)EaSI(?!\w)",
        r"(?i)Employment and Social Innovation|Zamestnanosť a sociálne inovácie|"
        r"Foglalkoztatás és Szociális Innováció|програма за заетост и социални иновации|"
        r"Ocuparea forței de muncă și inovare socială|Beschäftigung und soziale Innovation|"
        r"l'emploi et l'innovation sociale|l'occupazione e l'innovazione sociale|"
        r"Empleo y la Innovación Social|Emprego e a Inovação Social|"
        r"zatrudnienia i innowacji społecznych|zaměstnanost a sociální inovace|"
        r"werkgelegenheid en sociale innovatie|zapošljavanje i socijalne inovacije|"
        r"zaposlovanje in socialne inovacije|Užimtumo ir socialinių inovacijų|"
        r"Nodarbinātības un sociālās inovācijas|Tööhõive ja sotsiaalse innovatsiooni|"
        r"työllisyyden ja sosiaalisen innovoinnin|sysselsättning och social innovation|"
        r"beskæftigelse og social innovation|απασχόληση και την κοινωνική καινοτομία",
    ],
    "ERDF": [r"(?<!\w)(?:ERDF|EFRE|FEDER|EFRR|ERFA|ЕФРР)(?!\w)", r"(?i)European Regional Development Fund"],
    "Interreg": [r"(?i)(?<!\w)Interreg\w*", r"(?i)Danube Transnational Programme|Дунавската транснационална програма"],
    "Horizon Europe": [r"(?i)Horizon Europe|Horizont Europa|Хоризонт Европа"],
    "Erasmus+": [r"(?i)Erasmus\s?\+"],
    # National money: the state budget or a national programme named as the funder.
    "national": [
        r"(?i)(?<!\w)(?:national (?:programme|program|budget|funds?)|state budget|"
        r"állami költségvetés\w*|hazai forrás\w*|štátn\w* rozpočt\w*|státní\w* rozpočt\w*|"
        r"budżet\w* państwa|krajow\w* program\w*|държавни\w* бюджет|национална програма|"
        r"bugetul de stat|program\w* național|Bundesmittel\w*|nationale\w* Programm\w*|"
        r"budget de l'État|programme national|bilancio dello Stato|presupuestos? del Estado)"
    ],
}  # fmt: skip
# "social" as the ESF's name writes it in the EU languages.
_SOCIAL = ("soci", "sozial", "szoci", "społ", "социал", "sotsiaal", "sosiaali", "κοινωνικ",
           "soċjal", "sóisialta")  # fmt: skip
# Every spelling a case-insensitive name pattern above accepts holds one of its code's words:
# a name pattern is searched only when one of them is in the lower-cased text, because those
# patterns scan slowly and most texts name no programme in full.
NAME_WORDS: dict[str, tuple[str, ...]] = {
    "ESF+": _SOCIAL,
    "ESF": _SOCIAL,
    "EaSI": ("innov", "inov", "инов", "innow", "καινοτομ"),
    "ERDF": ("regional",),
    "Interreg": ("interreg", "danube", "дунав"),
    "Horizon Europe": ("horizon", "хоризонт"),
    "Erasmus+": ("erasmus",),
    "national": (
        "national",
        "state",
        "állami",
        "hazai",
        "rozpočt",
        "budżet",
        "krajow",
        "държав",
        "национал",
        "bugetul",
        "național",
        "bundesmittel",
        "nationale",
        "l'état",
        "stato",
        "estado",
    ),
}
_COMPILED = {code: [re.compile(p) for p in patterns] for code, patterns in VOCABULARY.items()}


def find_programmes(text: str) -> list[tuple[str, str]]:
    """``[(programme code, text as written), ...]``, each programme once, vocabulary order."""
    lowered = text.lower()
    found = []
    for code, patterns in _COMPILED.items():
        names_possible = any(word in lowered for word in NAME_WORDS[code])
        for pattern in patterns:
            if pattern.flags & re.IGNORECASE and not names_possible:
                continue
            match = pattern.search(text)
            if match:
                found.append((code, match.group(0)))
                break
    return found
