"""Link records of the same initiative across portals and languages, with no translation.

Evidence that survives languages and scripts: the project's acronym however it is written
("SI PLUS", "SIPlus"), its name when written in English, shared organisations (matched by
key), the same consortium countries, overlapping periods and shared specific programmes;
and evidence against a link: periods that do not overlap, other initiatives named, other
consortia. Overview pages join nothing. Only pairs that share an acronym, name or
organisation are compared (blocking), so the work grows with the number of such pairs, not
with the square of the records.

- ``mentions``: acronyms and names a page writes; overview pages.
- ``features``: what is compared, per record.
- ``scoring``: one pair's evidence for and against, and its score.
- ``blocking``: the candidate pairs, in DuckDB.
- ``clustering``: links -> initiatives, strongest first, never across a veto.
- ``merge``: one row per initiative.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb

from transforms.linking.blocking import MAX_BLOCK, candidate_pairs, pairs_sql, scored_links
from transforms.linking.clustering import Clusters, UnionFind, initiative_id
from transforms.linking.features import (
    EMPTY,
    FEATURE_COLUMNS,
    FEATURES_SCHEMA,
    Features,
    features,
    features_table,
)
from transforms.linking.mentions import (
    GENERIC_ACRONYMS,
    acronym_key,
    acronyms,
    english_names,
    name_key,
    named_initiatives,
    names_many_initiatives,
)
from transforms.linking.merge import MERGE_COLUMNS, merge_initiatives
from transforms.linking.scoring import THRESHOLD, WEIGHTS, Link, period_relation, score_pair, veto

__all__ = [
    "EMPTY", "FEATURES_SCHEMA", "FEATURE_COLUMNS", "GENERIC_ACRONYMS", "MAX_BLOCK",
    "MERGE_COLUMNS", "THRESHOLD", "WEIGHTS", "Clusters", "Features", "Link", "UnionFind",
    "acronym_key", "acronyms", "candidate_pairs", "english_names", "features",
    "features_table", "initiative_id", "link_features", "link_records", "merge_initiatives",
    "name_key", "named_initiatives", "names_many_initiatives", "pairs_sql", "period_relation",
    "score_pair", "scored_links", "veto",
]  # fmt: skip


def link_records(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, str], list[Link]]:
    """``({record_id: initiative_id}, links)``; every record gets an initiative."""
    return link_features(features(r) for r in records)


def link_features(found: Iterable[Features]) -> tuple[dict[str, str], list[Link]]:
    """``link_records`` on features already computed, in memory (for up to a few thousand
    records; ``warehouse.initiatives`` runs the same SQL and clustering over files)."""
    items = sorted(found, key=lambda f: f.record_id)
    with duckdb.connect() as con:
        con.register("features", features_table(items))
        candidates = list(scored_links(con, "features"))
    clusters = Clusters(len(items))
    links = []
    # Strongest first; among equals, pairs of better-linked records first (see
    # ``clustering``), then record order, so the result never depends on input order.
    degree = Counter(index for i, j, *_ in candidates for index in (i, j))
    order = sorted(
        candidates, key=lambda c: (-c[2].score, -(degree[c[0]] + degree[c[1]]), c[0], c[1])
    )
    for i, j, link, a, b in order:
        if clusters.join(i, a, j, b) is None:
            links.append(link)
    links.sort(key=lambda k: (k.record_a, k.record_b))
    return {
        item.record_id: initiative_id(items[clusters.root(index)].record_id)
        for index, item in enumerate(items)
    }, links
