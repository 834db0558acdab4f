"""Link records of the same initiative across portals and languages, with no translation.

Evidence that survives languages and scripts: the project's acronym ("SI PLUS"), its name
when written in English ("Social Innovation Plus"), shared organisations (matched by key,
Cyrillic transliterated), overlapping periods and shared specific programmes. Only pairs that
share an acronym, name or organisation are compared (blocking), so the work grows with the
number of such pairs, not with the square of the records.

Blocking runs in DuckDB (``pairs_sql``) over a table of features, the same SQL for a list of
records in memory (``link_records``, tests) and for a million records on disk
(``warehouse.initiatives``); Python scores only the pairs that could reach the threshold.
"""

from __future__ import annotations

import hashlib
import json
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

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


_KEYS = pa.list_(pa.string())
# Features as a table (the blocking SQL's input); idx numbers the records in record_id order.
FEATURES_SCHEMA = pa.schema([
    ("idx", pa.int64()), ("record_id", pa.string()), ("acronyms", _KEYS), ("names", _KEYS),
    ("organisations", _KEYS), ("programmes", _KEYS), ("start", pa.string()), ("end", pa.string()),
])  # fmt: skip
_FEATURE_FIELDS = ("acronyms", "names", "organisations", "programmes")


def features_table(items: Sequence[Features]) -> pa.Table:
    """``items`` as a ``FEATURES_SCHEMA`` table, numbered in their order."""
    columns: dict[str, list[Any]] = {
        "idx": list(range(len(items))),
        "record_id": [f.record_id for f in items],
        "start": [f.start for f in items],
        "end": [f.end for f in items],
    }
    for name in _FEATURE_FIELDS:
        columns[name] = [sorted(getattr(f, name)) for f in items]
    return pa.table(columns, schema=FEATURES_SCHEMA)


def _features_from(row: Mapping[str, Any], prefix: str) -> Features:
    return Features(
        record_id=row[f"{prefix}record_id"],
        start=row[f"{prefix}start"],
        end=row[f"{prefix}end"],
        **{name: _small(row[f"{prefix}{name}"]) for name in _FEATURE_FIELDS},
    )


def pairs_sql(table: str) -> str:
    """Candidate pairs of the features in ``table`` (``FEATURES_SCHEMA``), each once, i < j,
    with both sides' features.

    Blocking: the pair shares an acronym, English name or organisation key that at most
    MAX_BLOCK records have (a key hundreds of records share -- a ministry, a programme's name
    -- says nothing about which of them are one initiative, and would make the pairs
    quadratic). Pruning, before any feature is read: the pair's best possible score must
    reach THRESHOLD. It is ``score_pair``'s sum with the period and the programme assumed
    shared, and with every over-large key the two records both have assumed shared too; so
    records sharing one partner and nothing else, most pairs at scale, are never scored.
    """
    w = WEIGHTS
    best = (
        f"{w['acronym']} * (p.acronym OR (coalesce(u.acronyms, 0) > 0"
        f" AND coalesce(v.acronyms, 0) > 0))::INT"
        f" + {w['name']} * (p.name OR (coalesce(u.names, 0) > 0"
        f" AND coalesce(v.names, 0) > 0))::INT"
        f" + {w['organisation']} * least(p.organisations"
        f" + least(coalesce(u.organisations, 0), coalesce(v.organisations, 0)), 2)"
        f" + {w['programme']} + {w['period']}"
    )
    return f"""
        WITH keys AS (
            SELECT DISTINCT idx, key FROM (
                SELECT idx, 'a:' || unnest(acronyms) AS key FROM {table}
                UNION ALL SELECT idx, 'n:' || unnest(names) FROM {table}
                UNION ALL SELECT idx, 'o:' || unnest(organisations) FROM {table}
            )
        ),
        sized AS (
            SELECT idx, key, count(*) OVER (PARTITION BY key) <= {MAX_BLOCK} AS usable
            FROM keys
        ),
        usable AS (SELECT idx, key FROM sized WHERE usable),
        unusable AS (
            SELECT idx,
                count(*) FILTER (WHERE key LIKE 'a:%') AS acronyms,
                count(*) FILTER (WHERE key LIKE 'n:%') AS names,
                count(*) FILTER (WHERE key LIKE 'o:%') AS organisations
            FROM sized WHERE NOT usable GROUP BY idx
        ),
        pairs AS (
            SELECT x.idx AS i, y.idx AS j,
                bool_or(x.key LIKE 'a:%') AS acronym,
                bool_or(x.key LIKE 'n:%') AS name,
                count(*) FILTER (WHERE x.key LIKE 'o:%') AS organisations
            FROM usable x JOIN usable y ON x.key = y.key AND x.idx < y.idx
            GROUP BY x.idx, y.idx
        ),
        kept AS (
            SELECT p.i, p.j FROM pairs p
            LEFT JOIN unusable u ON u.idx = p.i LEFT JOIN unusable v ON v.idx = p.j
            WHERE {best} >= {THRESHOLD}
        )
        SELECT k.i, k.j,
            a.record_id AS a_record_id, a.acronyms AS a_acronyms, a.names AS a_names,
            a.organisations AS a_organisations, a.programmes AS a_programmes,
            a.start AS a_start, a."end" AS a_end,
            b.record_id AS b_record_id, b.acronyms AS b_acronyms, b.names AS b_names,
            b.organisations AS b_organisations, b.programmes AS b_programmes,
            b.start AS b_start, b."end" AS b_end
        FROM kept k JOIN {table} a ON a.idx = k.i JOIN {table} b ON b.idx = k.j
    """


def scored_links(
    con: duckdb.DuckDBPyConnection, table: str, batch_size: int = 10_000
) -> Iterator[tuple[int, int, Link]]:
    """``(i, j, link)`` for every candidate pair of ``table`` whose score reaches THRESHOLD."""
    reader = con.sql(pairs_sql(table)).to_arrow_reader(batch_size)
    for batch in reader:
        for row in batch.to_pylist():
            link = score_pair(_features_from(row, "a_"), _features_from(row, "b_"))
            if link.score >= THRESHOLD:
                yield row["i"], row["j"], link


def candidate_pairs(items: Sequence[Features]) -> list[tuple[int, int]]:
    """The pairs ``pairs_sql`` gives for ``items`` (indexes into it), for tests and inspection."""
    with duckdb.connect() as con:
        con.register("features", features_table(items))
        return sorted((i, j) for i, j, *_ in con.sql(pairs_sql("features")).fetchall())


class UnionFind:
    """Groups of record indexes; a group's root is its smallest index (its first record_id)."""

    def __init__(self, size: int):
        self.parent = array("q", range(size))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.root(i), self.root(j)
        self.parent[max(a, b)] = min(a, b)


def initiative_id(first_record_id: str) -> str:
    # Named after its smallest member record ID: the same input always gives the same IDs,
    # and unrelated new records never rename an existing initiative.
    return "ini_" + hashlib.sha256(first_record_id.encode()).hexdigest()[:12]


def link_records(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, str], list[Link]]:
    """``({record_id: initiative_id}, links)``; every record gets an initiative."""
    return link_features(features(r) for r in records)


def link_features(found: Iterable[Features]) -> tuple[dict[str, str], list[Link]]:
    """``link_records`` on features already computed, in memory (for up to a few thousand
    records; ``warehouse.initiatives`` runs the same SQL over files for more)."""
    items = sorted(found, key=lambda f: f.record_id)
    groups = UnionFind(len(items))
    links = []
    with duckdb.connect() as con:
        con.register("features", features_table(items))
        for i, j, link in scored_links(con, "features"):
            links.append(link)
            groups.union(i, j)
    links.sort(key=lambda k: (k.record_a, k.record_b))
    return {
        item.record_id: initiative_id(items[groups.root(index)].record_id)
        for index, item in enumerate(items)
    }, links


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
