"""One pair of records: the evidence for a link, the evidence against it, and a score.

For: a shared initiative acronym (alone enough when it has four letters or more: real pages
about one project rarely share anything else that survives translation), a shared English
name, shared organisations, the same three or more partner countries, overlapping periods, a
shared specific programme.
Against: periods that do not overlap (a project and its successor, a 2020 call and a 2023
call), primary acronyms that differ (the same partners on another project), and different
consortia (each record names partner countries the other does not). A vetoed pair never
links, and ``clustering`` keeps the records of such a pair in different initiatives even
when other links would chain them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transforms.linking.features import Features

THRESHOLD = 0.6
WEIGHTS = {
    "acronym": 0.6,  # four letters or more; shorter ones are "short_acronym"
    "short_acronym": 0.45,
    "mentioned_acronym": 0.3,  # both pages write it, but one of them is about something else
    "name": 0.35,
    "organisation": 0.2,  # per shared organisation, two at most
    "period": 0.2,
    "consortium": 0.2,  # the same three or more partner countries
    "programme": 0.1,
    "page_group": 1.0,  # language versions of one page: one text
}
PENALTIES = {"organisations": 0.2}
# Countries named by both records before their consortia can be compared, and the share of
# the smaller list the other must name too (one stray country mention is not another
# consortium).
CONSORTIUM_COUNTRIES = 3
CONSORTIUM_OVERLAP = 0.8


@dataclass(slots=True)
class Link:
    record_a: str
    record_b: str
    score: float
    evidence: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)


def _months(value: str, end: bool) -> int:
    """A date at any precision as a month number; a year's end is its December."""
    parts = value.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
    return year * 12 + month - 1


def period_relation(a: Features, b: Features) -> str | None:
    """'overlap', 'disjoint', or None when either period is unknown."""
    if not ((a.start or a.end) and (b.start or b.end)):
        return None
    try:
        a_start = _months(a.start, False) if a.start else None
        a_end = _months(a.end, True) if a.end else None
        b_start = _months(b.start, False) if b.start else None
        b_end = _months(b.end, True) if b.end else None
    except ValueError:
        return None
    # An open side ("since 2021", "until 2025") reaches as far as it needs to.
    if a_start is not None and b_end is not None and b_end < a_start:
        return "disjoint"
    if b_start is not None and a_end is not None and a_end < b_start:
        return "disjoint"
    return "overlap"


def other_consortium(a: Features, b: Features) -> str | None:
    """Partner countries that differ both ways: SI PLUS (AT, BG, HU, SK) is not its successor
    (AT, HU, LV, MT, SK). A page naming fewer countries is no evidence: national pages often
    name their own country only."""
    if min(len(a.countries), len(b.countries)) < CONSORTIUM_COUNTRIES:
        return None
    only_a, only_b = a.countries - b.countries, b.countries - a.countries
    shared = len(a.countries & b.countries) / min(len(a.countries), len(b.countries))
    if only_a and only_b and shared < CONSORTIUM_OVERLAP:
        return f"different consortia: {','.join(sorted(only_a))} vs {','.join(sorted(only_b))}"
    return None


def same_consortium(a: Features, b: Features) -> bool:
    """Both name the same three or more partner countries: a transnational consortium's
    countries are as telling as its partners (FUSE: BG, CY, IE, PT) when pages never write the
    acronym, and they survive translation."""
    return len(a.countries) >= CONSORTIUM_COUNTRIES and a.countries == b.countries


def veto(a: Features, b: Features) -> str | None:
    """Why two records can never be one initiative, or None."""
    if period_relation(a, b) == "disjoint":
        return f"periods do not overlap: {a.start}/{a.end} vs {b.start}/{b.end}"
    consortia = other_consortium(a, b)
    if consortia:
        return consortia
    if a.primary and b.primary and not (a.primary & b.primary):
        return f"different initiatives named: {'/'.join(sorted(a.primary))} vs " + "/".join(
            sorted(b.primary)
        )
    return None


def about_acronyms(item: Features) -> frozenset[str]:
    """The acronyms a page is about: its primary ones, or the one acronym it writes at all; a
    page that only mentions several in passing ("the successors of ESIA, SEED and SI PLUS")
    is about none of them."""
    if item.primary:
        return item.primary
    return item.acronyms if len(item.acronyms) == 1 else frozenset()


def score_pair(a: Features, b: Features) -> Link:
    link = Link(a.record_id, b.record_id, 0.0)
    if a.page_group and a.page_group == b.page_group:
        link.score += WEIGHTS["page_group"]
        link.evidence.append(f"page_group: {a.page_group} (language versions of one page)")
    shared_acronyms = a.acronyms & b.acronyms
    if shared_acronyms:
        about = shared_acronyms & about_acronyms(a) & about_acronyms(b)
        long = [k for k in about if len(k.rstrip("+")) >= 4]
        if not about:
            link.score += WEIGHTS["mentioned_acronym"]
        else:
            link.score += WEIGHTS["acronym"] if long else WEIGHTS["short_acronym"]
        link.evidence += [f"acronym: {k}" for k in sorted(shared_acronyms)]
    for kind, values in (
        ("name", a.names & b.names),
        ("organisation", a.organisations & b.organisations),
        ("programme", a.programmes & b.programmes),
    ):
        if values:
            count = min(len(values), 2) if kind == "organisation" else 1
            link.score += WEIGHTS[kind] * count
            link.evidence += [f"{kind}: {v}" for v in sorted(values)]
    if same_consortium(a, b):
        link.score += WEIGHTS["consortium"]
        link.evidence.append(f"consortium: {','.join(sorted(a.countries))}")
    if period_relation(a, b) == "overlap":
        link.score += WEIGHTS["period"]
        link.evidence.append(f"period: {a.start}/{a.end} ~ {b.start}/{b.end}")
    reason = veto(a, b)
    if reason:
        link.against.append(reason)
        link.score = 0.0
        return link
    if (
        len(a.organisations) >= 3
        and len(b.organisations) >= 3
        and not (a.organisations & b.organisations)
    ):
        link.score -= PENALTIES["organisations"]
        link.against.append("no organisation in common")
    link.score = round(max(link.score, 0.0), 3)
    return link
