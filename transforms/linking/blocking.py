"""Which pairs of records are compared at all: blocking and pruning, in DuckDB.

The same SQL runs over a table of features in memory (``link_records``, tests) and over a
million records on disk (``warehouse.initiatives``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import duckdb

from transforms.linking.features import Features, features_from, features_table
from transforms.linking.scoring import THRESHOLD, WEIGHTS, Link, score_pair

# Blocks larger than this are skipped: at most MAX_BLOCK²/2 pairs each.
MAX_BLOCK = 100
_SIDE_COLUMNS = (
    "record_id", "acronyms", "primary", "names", "organisations", "programmes", "countries",
    "start", "end", "page_group",
)  # fmt: skip


def pairs_sql(table: str) -> str:
    """Candidate pairs of the features in ``table`` (``FEATURES_SCHEMA``), each once, i < j,
    with both sides' features.

    Blocking: the pair shares an acronym, English name or organisation key that at most
    MAX_BLOCK records have (a key hundreds of records share -- a ministry, a programme's name
    -- says nothing about which of them are one initiative, and would make the pairs
    quadratic). Pruning, before any feature is read: the pair's best possible score must
    reach THRESHOLD. It is ``score_pair``'s sum with the period, the programme and the
    consortium assumed shared, and with every over-large key the two records both have
    assumed shared too; so records sharing one partner and nothing else, most pairs at
    scale, are never scored.
    """
    w = WEIGHTS
    best = (
        f"{w['acronym']} * (p.acronym OR (coalesce(u.acronyms, 0) > 0"
        f" AND coalesce(v.acronyms, 0) > 0))::INT"
        f" + {w['name']} * (p.name OR (coalesce(u.names, 0) > 0"
        f" AND coalesce(v.names, 0) > 0))::INT"
        f" + {w['organisation']} * least(p.organisations"
        f" + least(coalesce(u.organisations, 0), coalesce(v.organisations, 0)), 2)"
        f" + {w['programme']} + {w['period']} + {w['consortium']}"
        f" + {w['page_group']} * p.page_group::INT"
    )
    sides = ",\n            ".join(
        f'{side}."{column}" AS {side}_{column}' for side in "ab" for column in _SIDE_COLUMNS
    )
    return f"""
        WITH keys AS (
            SELECT DISTINCT idx, key FROM (
                SELECT idx, 'a:' || unnest(acronyms) AS key FROM {table}
                UNION ALL SELECT idx, 'n:' || unnest(names) FROM {table}
                UNION ALL SELECT idx, 'o:' || unnest(organisations) FROM {table}
                UNION ALL SELECT idx, 'g:' || page_group FROM {table}
                    WHERE page_group IS NOT NULL
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
                bool_or(x.key LIKE 'g:%') AS page_group,
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
            {sides}
        FROM kept k JOIN {table} a ON a.idx = k.i JOIN {table} b ON b.idx = k.j
    """


def scored_links(
    con: duckdb.DuckDBPyConnection, table: str, batch_size: int = 10_000
) -> Iterator[tuple[int, int, Link, Features, Features]]:
    """``(i, j, link, a, b)`` for every candidate pair of ``table`` whose score reaches
    THRESHOLD, with both sides' features (clustering needs them)."""
    reader = con.sql(pairs_sql(table)).to_arrow_reader(batch_size)
    for batch in reader:
        for row in batch.to_pylist():
            a, b = features_from(row, "a_"), features_from(row, "b_")
            link = score_pair(a, b)
            if link.score >= THRESHOLD:
                yield row["i"], row["j"], link, a, b


def candidate_pairs(items: Sequence[Features]) -> list[tuple[int, int]]:
    """The pairs ``pairs_sql`` gives for ``items`` (indexes into it), for tests and inspection."""
    with duckdb.connect() as con:
        con.register("features", features_table(items))
        return sorted((i, j) for i, j, *_ in con.sql(pairs_sql("features")).fetchall())
