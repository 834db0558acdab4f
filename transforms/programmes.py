"""Funding programmes: a controlled vocabulary with names and acronyms in EU languages."""

from __future__ import annotations

import re

# code -> patterns (case-sensitive acronyms, case-insensitive names). ESF+ is checked before
# ESF so that "ESF+" / "FSE+" / "Plus" forms are not also counted as the old ESF.
VOCABULARY: dict[str, list[str]] = {
    "ESF+": [
        r"(?<!\w)(?:ESF|FSE|EFS|ESZA|ЕСФ|ΕΚΤ|ESR|ESS|ESA|ESF)\s?\+",
        r"(?i)(?:European Social Fund|Fondo Social Europeo|Fonds social européen|Fondo sociale europeo|"
        r"Europäische[rn]? Sozialfonds?|Fondul social european|Európsk[yeh]+ sociáln[yeh]+ fond\w*|"
        r"Evropsk[ýé]+ sociální fond\w*|Europejski\w* Fundusz\w* Społeczn\w*|Európai Szociális Alap|"
        r"Европейски\w* социален фонд)\s*(?:Plus|Plusz|\+)",
    ],
    "ESF": [
        r"(?<![\w+])(?:ESF|FSE|EFS|ESZA|ЕСФ)(?!\s?\+)(?!\w)",
        r"(?i)(?:European Social Fund|Fonds social européen|Europäische[rn]? Sozialfonds?|"
        r"Fondul social european|Európsk[yeh]+ sociáln[yeh]+ fond\w*|Europejski\w* Fundusz\w* "
        r"Społeczn\w*|Európai Szociális Alap|Европейски\w* социален фонд)(?!\s*(?:Plus|Plusz|\+))",
    ],
    "EaSI": [
        r"(?<!\w)EaSI(?!\w)",
        r"(?i)Employment and Social Innovation|Zamestnanosť a sociálne inovácie|"
        r"Foglalkoztatás és Szociális Innováció|програма за заетост и социални иновации|"
        r"Ocuparea forței de muncă și inovare socială|Beschäftigung und soziale Innovation",
    ],
    "ERDF": [r"(?<!\w)(?:ERDF|EFRE|FEDER|EFRR|ERFA|ЕФРР)(?!\w)", r"(?i)European Regional Development Fund"],
    "Interreg": [r"(?i)(?<!\w)Interreg\w*", r"(?i)Danube Transnational Programme|Дунавската транснационална програма"],
    "Horizon Europe": [r"(?i)Horizon Europe|Horizont Europa|Хоризонт Европа"],
    "Erasmus+": [r"(?i)Erasmus\s?\+"],
}  # fmt: skip
_COMPILED = {code: [re.compile(p) for p in patterns] for code, patterns in VOCABULARY.items()}


def find_programmes(text: str) -> list[tuple[str, str]]:
    """``[(programme code, text as written), ...]``, each programme once, vocabulary order."""
    found = []
    for code, patterns in _COMPILED.items():
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                found.append((code, match.group(0)))
                break
    return found
