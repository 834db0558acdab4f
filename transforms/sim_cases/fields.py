"""SIM's classifying fields: level of action, programming period, type of initiative.

Each returns its value and its evidence (record, field or sentence, text, language), or
None where the records do not say.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from transforms.sim_cases.lexicon import LEVELS, level_cues, type_cues

PERIODS = ("2007-2013", "2014-2020", "2021-2027", "2028-2034")
# "2014-2020", "2014–2020", "2014 - 2020", "2021/2027"
_PERIOD_TEXT = re.compile(r"(?<!\d)(2007|2014|2021|2028)\s*[-–—/]\s*(2013|2020|2027|2034)(?!\d)")
# Programmes that exist in one period only (ESF+ and the Social Climate Fund from 2021).
PROGRAMME_PERIODS = {"ESF+": "2021-2027"}
# Expenditure of 2014-2020 programmes stayed eligible to the end of 2023 (n+3): a project
# that starts in 2021-2023 and ends by 2023 is still one of the old period's.
OLD_PERIOD_ELIGIBLE_UNTIL = 2023
# Record types that describe the initiative itself (a news item about it is not its type).
OWN_TYPES = ("initiative", "project", "organisation")


@dataclass(frozen=True)
class Evidence:
    field: str
    record_id: str | None
    via: str  # "field <name>", "sentence <n>", "dates", "initiative_organisations" ...
    text: str | None
    lang: str | None


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def programming_period(
    start: str | None,
    end: str | None,
    records: Sequence[Mapping[str, Any]],
    funding: Sequence[str],
) -> tuple[str | None, list[Evidence]]:
    """2014-2020, 2021-2027 ...: from the project's dates first (the period a page mentions
    may be the next one it prepares for), then a period the text names, then a programme
    that exists in one period only."""
    first, last = _year(start), _year(end)
    if first is not None:
        if first <= 2013:
            value = "2007-2013"
        elif first <= 2020:
            value = "2014-2020"
        elif first <= OLD_PERIOD_ELIGIBLE_UNTIL and last is not None:
            value = "2014-2020" if last <= OLD_PERIOD_ELIGIBLE_UNTIL else "2021-2027"
        elif first <= OLD_PERIOD_ELIGIBLE_UNTIL:
            value = None  # starts in the overlap with no end: the text or programme decides
        else:
            value = "2021-2027" if first <= 2027 else "2028-2034"
        if value:
            return value, [Evidence("programming_period", None, "dates", f"{start} – {end or ''}",
                                    None)]  # fmt: skip
    named: Counter[str] = Counter()
    where: dict[str, Evidence] = {}
    for record in records:
        for field in ("title", "body"):
            text = record.get(field) or ""
            for match in _PERIOD_TEXT.finditer(text):
                period = f"{match.group(1)}-{match.group(2)}"
                if period not in PERIODS or int(match.group(2)) - int(match.group(1)) != 6:
                    continue
                named[period] += 1
                where.setdefault(period, Evidence(
                    "programming_period", record["record_id"], f"field {field}",
                    _around(text, match.start(), match.end()), record.get("language"),
                ))  # fmt: skip
    if named:
        period = max(named, key=lambda p: (named[p], p))
        return period, [where[period]]
    for programme, period in PROGRAMME_PERIODS.items():
        if programme in funding:
            return period, [Evidence("programming_period", None, "field funding_programmes",
                                     programme, None)]  # fmt: skip
    return None, []


def _around(text: str, start: int, end: int, width: int = 80) -> str:
    return text[max(0, start - width) : end + width].strip()


def level_of_action(
    countries: Sequence[str], records: Sequence[Mapping[str, Any]]
) -> tuple[str | None, list[Evidence]]:
    """Transnational when its consortium or text spans two or more countries; otherwise the
    level the text's cues name most (national, regional, local)."""
    if len(countries) >= 2:
        return "transnational", [Evidence("level_of_action", None, "field countries",
                                          ", ".join(countries), None)]  # fmt: skip
    counts: Counter[str] = Counter()
    where: dict[str, Evidence] = {}
    for record in records:
        lang = record.get("language")
        for field in ("title", "body"):
            text = record.get(field) or ""
            for level in LEVELS:
                hits = level_cues()[level].found(text, lang)
                if hits:
                    counts[level] += len(hits)
                    where.setdefault(level, Evidence("level_of_action", record["record_id"],
                                                     f"field {field}", hits[0], lang))  # fmt: skip
    if not counts:
        return None, []
    # Ties: the wider level (a national programme run in one region is still national).
    level = max(counts, key=lambda n: (counts[n], -LEVELS.index(n)))
    return level, [where[level]]


def initiative_type(records: Sequence[Mapping[str, Any]]) -> tuple[str | None, list[Evidence]]:
    """The record type most of its own pages give (news about it does not make it news),
    refined by the kind its text names most: "project: competence_centre"."""
    types = Counter(r.get("record_type") for r in records if r.get("record_type"))
    own = [t for t in OWN_TYPES if types.get(t)]
    if not types:
        return None, []
    base = max(own or types, key=lambda t: (types[t], t))
    evidence = [Evidence("initiative_type", r["record_id"], "field record_type", base,
                         None) for r in records if r.get("record_type") == base][:1]  # fmt: skip
    kinds: Counter[str] = Counter()
    for record in records:
        text = f"{record.get('title') or ''}\n{record.get('body') or ''}"
        for kind, pattern in type_cues().items():
            hits = pattern.findall(text)
            if hits:
                kinds[kind] += len(hits)
                if kind not in {e.via for e in evidence}:
                    evidence.append(Evidence("initiative_type", record["record_id"], kind,
                                             hits[0], record.get("language")))  # fmt: skip
    if not kinds:
        return base, evidence
    kind = max(kinds, key=lambda k: (kinds[k], k))
    return f"{base}: {kind}", [e for e in evidence if e.via in ("field record_type", kind)]
