"""What linking compares of a record, small enough to hold for a million records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from transforms.linking.mentions import acronyms_in_names, named_initiatives

# Programmes everyone mentions are no evidence that two records are the same project.
GENERIC_PROGRAMMES = frozenset({"ESF", "ESF+", "national"})
# Bodies every EU-funded page names (the funder, the programme's authorities) and the generic
# names every competence centre goes by: no evidence that two records are one project. Keys
# as ``transforms.organisations.organisation_key`` writes them, in every language.
GENERIC_ORGANISATIONS = frozenset(
    {
        "european commission", "european union", "european parliament", "dg empl",
        "council of the european union", "european social fund", "european social fund plus",
        "esf social innovation initiative", "national competence centre for social innovation",
        "competence centre for social innovation", "social innovation competence centre",
    }
)  # fmt: skip
# The record fields features() reads.
FEATURE_COLUMNS = (
    "record_id", "record_type", "title", "body", "organisation_keys", "funding_programmes",
    "start_date", "end_date", "countries", "page_group", "organisations", "source_country",
)  # fmt: skip
# Most records have no acronym, name or organisation: one shared empty set for all of them.
EMPTY: frozenset[str] = frozenset()


@dataclass(slots=True)
class Features:
    record_id: str
    acronyms: frozenset[str]
    primary: frozenset[str]  # the acronyms the record is about
    names: frozenset[str]
    organisations: frozenset[str]
    programmes: frozenset[str]
    countries: frozenset[str]
    start: str | None
    end: str | None
    # Language versions of one page share it (transforms.page_group): one text, one initiative.
    page_group: str | None = None


def _small(values: Iterable[str]) -> frozenset[str]:
    found = frozenset(values)
    return found if found else EMPTY


def _consortium(record: Mapping[str, Any]) -> frozenset[str]:
    """The countries a record names, and its portal's own when it names two or more: a
    national page lists its project's foreign partners and leaves its own country implied
    (the Lithuanian PEnCIL page names Belgium, Czechia and Finland)."""
    countries = set(record.get("countries") or [])
    own = record.get("source_country")
    if len(countries) >= 2 and isinstance(own, str) and len(own) == 2 and own != "EU":
        countries.add(own)
    return _small(countries)


# The EU's programming periods: a page "for 2021-2027" states the funding's period, almost
# never a project's (projects run two to four years), so it is no evidence either way.
PROGRAMMING_PERIODS = frozenset({("2007", "2013"), ("2014", "2020"), ("2021", "2027")})


def _period(record: Mapping[str, Any]) -> tuple[str | None, str | None]:
    start, end = record.get("start_date"), record.get("end_date")
    if start and end and (str(start)[:4], str(end)[:4]) in PROGRAMMING_PERIODS:
        return None, None
    return start, end


def features(record: Mapping[str, Any]) -> Features:
    """An overview page (``record_type`` overview) gets no keys: it joins no initiative."""
    if record.get("record_type") == "overview":
        return Features(record["record_id"], EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, None, None)
    group = record.get("page_group")
    named = named_initiatives(str(record.get("title") or ""), str(record.get("body") or ""))
    # An acronym that is a word of one of the record's organisations ("IFKA Public Benefit
    # Non-Profit Ltd.") is the organisation's, however often the page writes it.
    theirs = acronyms_in_names(record.get("organisations") or ())
    start, end = _period(record)
    return Features(
        record_id=record["record_id"],
        acronyms=_small(named.acronyms - theirs),
        primary=_small(named.primary - theirs),
        names=_small(named.names),
        organisations=_small(set(record.get("organisation_keys") or []) - GENERIC_ORGANISATIONS),
        programmes=_small(set(record.get("funding_programmes") or []) - GENERIC_PROGRAMMES),
        countries=_consortium(record),
        start=start,
        end=end,
        # A group of one page says nothing: it is left out, so it makes no blocking key.
        page_group=group if group and group != record["record_id"] else None,
    )


_KEYS = pa.list_(pa.string())
SET_FIELDS = ("acronyms", "primary", "names", "organisations", "programmes", "countries")
# Features as a table (the blocking SQL's input); idx numbers the records in record_id order.
FEATURES_SCHEMA = pa.schema(
    [("idx", pa.int64()), ("record_id", pa.string())]
    + [(name, _KEYS) for name in SET_FIELDS]
    + [("start", pa.string()), ("end", pa.string()), ("page_group", pa.string())]
)


def features_table(items: Sequence[Features]) -> pa.Table:
    """``items`` as a ``FEATURES_SCHEMA`` table, numbered in their order."""
    columns: dict[str, list[Any]] = {
        "idx": list(range(len(items))),
        "record_id": [f.record_id for f in items],
        "start": [f.start for f in items],
        "end": [f.end for f in items],
        "page_group": [f.page_group for f in items],
    }
    for name in SET_FIELDS:
        columns[name] = [sorted(getattr(f, name)) for f in items]
    return pa.table(columns, schema=FEATURES_SCHEMA)


def features_from(row: Mapping[str, Any], prefix: str = "") -> Features:
    """A row of ``FEATURES_SCHEMA`` (its columns prefixed by ``prefix``) as ``Features``."""
    return Features(
        record_id=row[f"{prefix}record_id"],
        start=row[f"{prefix}start"],
        end=row[f"{prefix}end"],
        page_group=row.get(f"{prefix}page_group"),
        **{name: _small(row[f"{prefix}{name}"]) for name in SET_FIELDS},
    )
