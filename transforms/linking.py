"""Link records of the same initiative across portals and languages, with no translation.

Evidence that survives languages and scripts: the project's acronym ("SI PLUS"), its name
when written in English ("Social Innovation Plus"), shared organisations (matched by key,
Cyrillic transliterated), overlapping periods and shared specific programmes. Only pairs that
share an acronym, name or organisation are compared (blocking), so the work grows with the
number of such pairs, not with the square of the records.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

# Acronyms that name programmes, institutions or places, not initiatives.
GENERIC_ACRONYMS = frozenset(
    [
        "ESF",
        "ESF+",
        "FSE",
        "FSE+",
        "EFS",
        "EFS+",
        "ESZA",
        "ESZA+",
        "ЕСФ",
        "ЕСФ+",
        "EASI",
        "EU",
        "EÚ",
        "EC",
        "ЕС",
        "UE",
        "SR",
        "MPSVR",
        "NKCSI",
        "CSR",
        "ERDF",
        "EFRE",
        "FEDER",
        "NGO",
        "PDF",
        "FAQ",
        "ROMA",
        "OG",
        "KFT",
        "SRL",
        "SA",
    ]
)
# Programmes everyone mentions are no evidence that two records are the same project.
GENERIC_PROGRAMMES = frozenset({"ESF", "ESF+"})
_PARENTHESISED = re.compile(r"\(([^()]{2,30})\)")
_ACRONYM = re.compile(r"^[A-ZÀ-ÝА-Я][A-Za-zÀ-ÿА-Яа-я0-9&+\-]*(?:\s(?:PLUS|Plus|\+|[A-Z]{2,}))*$")
# A name never spans lines: "...v SR\nBgaaa Social Lab (P6X)" is the name "Bgaaa Social Lab".
_NAME_BEFORE = re.compile(
    r"([A-Z][\w-]+(?:[ \t](?:[A-Z][\w-]+|–|-|and|for|of|the))+)[ \t]*\(([^()]+)\)"
)
# The other order: "REACT (Roma Employment Action)", an acronym then its name spelled out.
_ACRONYM_THEN_NAME = re.compile(
    r"\b([A-Z][A-Z0-9]{2,9}(?:[+-][A-Z0-9]+)?)\s*\(([A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|for|of|and|the|in|at))+)\)"
)
THRESHOLD = 0.6
# Blocks larger than this are skipped (see candidate_pairs): at most MAX_BLOCK²/2 pairs each.
MAX_BLOCK = 100
# The record fields features() reads, and those merge_initiatives() reads.
FEATURE_COLUMNS = (
    "record_id", "title", "body", "organisation_keys", "funding_programmes", "start_date",
    "end_date",
)  # fmt: skip
MERGE_COLUMNS = (
    "record_id", "source_id", "language", "title", "title_lang", "countries",
    "funding_programmes", "organisations", "organisation_keys", "start_date", "end_date",
)  # fmt: skip
WEIGHTS = {"acronym": 0.5, "name": 0.3, "organisation": 0.2, "period": 0.2, "programme": 0.1}


def acronyms(text: str) -> set[str]:
    """Initiative acronyms written in parentheses: "(SI PLUS)", "(SIM)"; normalised."""
    found = set()
    for inner in _PARENTHESISED.findall(text):
        candidate = inner.strip()
        letters = [ch for ch in candidate if ch.isalpha()]
        if not _ACRONYM.match(candidate) or len(letters) < 2:
            continue
        capitals = sum(ch.isupper() for ch in letters)
        if capitals < 2 or capitals / len(letters) < 0.5:
            continue
        key = re.sub(r"[\s\-]", "", candidate).upper()
        if key not in GENERIC_ACRONYMS:
            found.add(key)
    for acronym, name in _ACRONYM_THEN_NAME.findall(text):
        key = acronym.replace("-", "").upper()
        # The name must start with the acronym's letter: "REACT (Roma ...)", not "EU (Union)".
        if key not in GENERIC_ACRONYMS and key[0] == name[0].upper():
            found.add(key)
    return found


def english_names(text: str) -> set[str]:
    """Project names written in English before an acronym: 'Social Innovation Plus (SI PLUS)'."""
    names = set()
    for name, inner in _NAME_BEFORE.findall(text):
        if acronyms(f"({inner})"):
            cut = re.split(r"\s[–-]\s", name)[0]
            if len(cut.split()) >= 2:
                names.add(cut.lower())
    for acronym, name in _ACRONYM_THEN_NAME.findall(text):
        if acronym.replace("-", "").upper() in acronyms(f"{acronym} ({name})"):
            names.add(name.lower())
    return names


# Most records have no acronym, name or organisation: one shared empty set for all of them.
EMPTY: frozenset[str] = frozenset()


@dataclass(slots=True)
class Features:
    """What linking compares, small enough to hold for a million records."""

    record_id: str
    acronyms: frozenset[str]
    names: frozenset[str]
    organisations: frozenset[str]
    programmes: frozenset[str]
    start: str | None
    end: str | None


@dataclass(slots=True)
class Link:
    record_a: str
    record_b: str
    score: float
    evidence: list[str] = field(default_factory=list)


def _small(values: Iterable[str]) -> frozenset[str]:
    found = frozenset(values)
    return found if found else EMPTY


def features(record: Mapping[str, Any]) -> Features:
    text = "\n".join(str(record.get(k) or "") for k in ("title", "body"))
    return Features(
        record_id=record["record_id"],
        acronyms=_small(acronyms(text)),
        names=_small(english_names(text)),
        organisations=_small(record.get("organisation_keys") or []),
        programmes=_small(set(record.get("funding_programmes") or []) - GENERIC_PROGRAMMES),
        start=record.get("start_date"),
        end=record.get("end_date"),
    )


def _overlap(a: Features, b: Features) -> bool:
    if not (a.start and b.start):
        return False
    a_end, b_end = a.end or a.start, b.end or b.start
    return a.start <= b_end and b.start <= a_end


def score_pair(a: Features, b: Features) -> Link:
    link = Link(a.record_id, b.record_id, 0.0)
    shared = {
        "acronym": a.acronyms & b.acronyms,
        "name": a.names & b.names,
        "organisation": a.organisations & b.organisations,
        "programme": a.programmes & b.programmes,
    }
    for kind, values in shared.items():
        if values:
            count = min(len(values), 2) if kind == "organisation" else 1
            link.score += WEIGHTS[kind] * count
            link.evidence += [f"{kind}: {v}" for v in sorted(values)]
    if _overlap(a, b):
        link.score += WEIGHTS["period"]
        link.evidence.append(f"period: {a.start}/{a.end} ~ {b.start}/{b.end}")
    link.score = round(link.score, 3)
    return link


def _block_keys(item: Features) -> list[str]:
    return (
        [f"a:{x}" for x in item.acronyms]
        + [f"n:{x}" for x in item.names]
        + [f"o:{x}" for x in item.organisations]
    )


def candidate_pairs(items: Sequence[Features]) -> Iterator[tuple[int, int]]:
    """Blocking: only records sharing an acronym, an English name or an organisation
    (in a block of at most MAX_BLOCK records), each pair once.

    Pairs are generated block by block, never collected: a pair is yielded only in the block
    of the smallest key its two records share, so no set of all pairs is needed.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for key in set(_block_keys(item)):
            blocks[key].append(index)
    usable = {key for key, members in blocks.items() if len(members) <= MAX_BLOCK}
    for key in sorted(usable):
        # A key that hundreds of records share (a ministry, a programme's name) says nothing
        # about which of them are one initiative, and would make the pairs quadratic.
        for i, j in combinations(blocks[key], 2):
            shared = set(_block_keys(items[i])) & set(_block_keys(items[j])) & usable
            if min(shared) == key:
                yield i, j


def link_records(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, str], list[Link]]:
    """``({record_id: initiative_id}, links)``; every record gets an initiative."""
    return link_features(features(r) for r in records)


def link_features(found: Iterable[Features]) -> tuple[dict[str, str], list[Link]]:
    """``link_records`` on features already computed (the text need not stay in memory)."""
    items = sorted(found, key=lambda f: f.record_id)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links = []
    for i, j in candidate_pairs(items):
        link = score_pair(items[i], items[j])
        if link.score >= THRESHOLD:
            links.append(link)
            parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[str]] = defaultdict(list)
    for index, item in enumerate(items):
        groups[root(index)].append(item.record_id)
    links.sort(key=lambda k: (k.record_a, k.record_b))
    initiative_of = {}
    for members in groups.values():
        # Named after its smallest member record ID: the same input always gives the same
        # IDs, and unrelated new records never rename an existing initiative.
        initiative = "ini_" + hashlib.sha256(min(members).encode()).hexdigest()[:12]
        initiative_of.update(dict.fromkeys(members, initiative))
    return initiative_of, links


def merge_initiatives(
    records: Sequence[Mapping[str, Any]],
    initiative_of: Mapping[str, str],
    acronyms_of: Mapping[str, set[str]] | None = None,
) -> list[dict[str, Any]]:
    """One row per initiative: merged fields, each value with the records it came from.

    ``acronyms_of`` (record ID -> acronyms, from its features; records without any may be
    left out) spares re-reading the text, so records may come without their body.
    """
    members: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for record in records:
        members[initiative_of[record["record_id"]]].append(record)
    rows = []
    for initiative, group in sorted(members.items()):
        group = sorted(group, key=lambda r: r["record_id"])
        provenance: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for record in group:
            for name in ("countries", "funding_programmes", "organisations"):
                for value in record.get(name) or []:
                    provenance[name][value].append(record["record_id"])
        english = [r for r in group if r.get("title_lang") == "en"]
        starts = [r["start_date"] for r in group if r.get("start_date")]
        ends = [r["end_date"] for r in group if r.get("end_date")]
        found_acronyms = sorted(
            set().union(
                *(
                    acronyms_of.get(r["record_id"], EMPTY)
                    if acronyms_of is not None
                    else features(r).acronyms
                    for r in group
                )
            )
        )
        organisations: dict[str, str] = {}
        for record in group:
            for key, name in zip(
                record.get("organisation_keys") or [],
                record.get("organisations") or [],
                strict=False,
            ):
                organisations.setdefault(key, name)
        rows.append(
            {
                "initiative_id": initiative,
                "title": (english or group)[0]["title"],
                "acronym": found_acronyms[0] if found_acronyms else None,
                "countries": sorted(provenance["countries"]),
                "funding_programmes": sorted(provenance["funding_programmes"]),
                "start_date": min(starts) if starts else None,
                "end_date": max(ends) if ends else None,
                "organisations": sorted(organisations.values()),
                "record_ids": [r["record_id"] for r in group],
                "sources": sorted({r["source_id"] for r in group}),
                "languages": sorted({r["language"] for r in group if r.get("language")}),
                "field_provenance": json.dumps(
                    {k: dict(v) for k, v in provenance.items()}, ensure_ascii=False, sort_keys=True
                ),
            }
        )
    return rows
