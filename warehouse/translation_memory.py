"""Translation memory: every sentence translated once per model version, kept in DuckDB.

Keyed by the sentence's hash, source and target language, and the model's id and version, so
a re-run with no new text translates nothing and a new model version translates again. It is
its own file, not a table of the analysts' warehouse, because the warehouse is rebuilt on
every publish and the memory must outlive that.

Shared data roots. When workers share an object-store root, each has its own working copy, and
one memory file pushed by each would keep only the last pusher's sentences. There the memory
is a folder of *shards* (``translation_memory/<sha256>.parquet``) and the DuckDB file is each
copy's local index of them:
- a worker's new translations are exported, when its step ends, as one shard named after the
  hash of its bytes: no other worker can write that name, so writes never conflict and nothing
  is overwritten;
- a worker imports, when its step starts, the shards it has not imported yet (``tm_shards``
  remembers which): a read costs what is new, and lookups stay indexed.
Optimistic concurrency on one object was the other way: S3 (and moto) take a conditional
PutObject (``If-Match`` on the ETag), so a worker could download, merge and retry until its put
wins. But every push would then move the whole memory (which only grows), workers finishing
together would retry one another out, and pyarrow's filesystem, which moves the rest of the
lake, cannot send the condition. Shards need none of that.

Shards pile up, one per translating step, so ``compact_shards`` merges them once there are
many; see there why it never loses a row.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse.lake import file_sha256

KEY = "sentence_hash, source_lang, target_lang, model_id, model_version"
COLUMNS = f"{KEY}, source_text, translation, created_at"
DDL = [
    """
CREATE TABLE IF NOT EXISTS translation_memory (
  sentence_hash VARCHAR NOT NULL,
  source_lang VARCHAR NOT NULL,
  target_lang VARCHAR NOT NULL,
  model_id VARCHAR NOT NULL,
  model_version VARCHAR NOT NULL,
  source_text VARCHAR NOT NULL,
  translation VARCHAR NOT NULL,
  created_at VARCHAR NOT NULL,
  PRIMARY KEY (sentence_hash, source_lang, target_lang, model_id, model_version)
)""",
    # Translated here and in no shard yet (kept only when the memory is shared).
    """
CREATE TABLE IF NOT EXISTS tm_unshared (
  sentence_hash VARCHAR NOT NULL,
  source_lang VARCHAR NOT NULL,
  target_lang VARCHAR NOT NULL,
  model_id VARCHAR NOT NULL,
  model_version VARCHAR NOT NULL,
  PRIMARY KEY (sentence_hash, source_lang, target_lang, model_id, model_version)
)""",
    # Shards whose rows are in this file (imported, or exported from here).
    "CREATE TABLE IF NOT EXISTS tm_shards (name VARCHAR PRIMARY KEY)",
]
# Enough to keep a pull's listing and import short; few enough that compaction is rare.
COMPACT_AT = 64


def sentence_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class ModelKey:
    source_lang: str
    target_lang: str
    model_id: str
    model_version: str


# Sources translate in parallel processes, and a DuckDB file has one writer at a time: a
# process that finds the file locked waits and tries again (connections last milliseconds).
LOCK_WAIT_S = 120.0


@contextmanager
def _connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    deadline = time.monotonic() + LOCK_WAIT_S
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    try:
        yield con
    finally:
        con.close()


def _write_shard(relation: duckdb.DuckDBPyRelation, folder: Path) -> Path:
    """Write rows as a shard named after the hash of its bytes (a name only they can have)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{uuid.uuid4().hex}.parquet.tmp"  # a dot name: never pushed half-written
    relation.write_parquet(str(tmp), compression="zstd")
    path = folder / f"{file_sha256(tmp)[:32]}.parquet"
    os.replace(tmp, path)
    return path


class TranslationMemory:
    def __init__(self, path: Path, share: bool = False):
        """``share``: remember new translations for ``export_shard`` (object-store roots)."""
        self.path = path
        self.share = share
        path.parent.mkdir(parents=True, exist_ok=True)
        with _connect(path) as con:
            for statement in DDL:
                con.execute(statement)

    def lookup(self, key: ModelKey, sentences: Iterable[str]) -> dict[str, str]:
        """Known translations of ``sentences`` (source text -> translation)."""
        by_hash = {sentence_hash(s): s for s in sentences}
        if not by_hash:
            return {}
        with _connect(self.path, read_only=True) as con:
            rows = con.execute(
                "SELECT sentence_hash, translation FROM translation_memory "
                "WHERE source_lang = ? AND target_lang = ? AND model_id = ? AND model_version = ? "
                "AND sentence_hash IN (SELECT unnest(?))",
                [key.source_lang, key.target_lang, key.model_id, key.model_version, list(by_hash)],
            ).fetchall()
        return {by_hash[h]: translation for h, translation in rows}

    def store(self, key: ModelKey, pairs: dict[str, str]) -> None:
        if not pairs:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        keys = [
            (sentence_hash(src), key.source_lang, key.target_lang, key.model_id, key.model_version)
            for src in pairs
        ]
        rows = [(*k, src, out, now) for k, (src, out) in zip(keys, pairs.items(), strict=True)]
        with _connect(self.path) as con:
            con.execute("BEGIN TRANSACTION")
            con.executemany(
                "INSERT OR IGNORE INTO translation_memory VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
            if self.share:
                con.executemany("INSERT OR IGNORE INTO tm_unshared VALUES (?, ?, ?, ?, ?)", keys)
            con.execute("COMMIT")

    def count(self) -> int:
        with _connect(self.path, read_only=True) as con:
            row = con.execute("SELECT count(*) FROM translation_memory").fetchone()
        return int(row[0]) if row else 0

    def export_shard(self, folder: Path) -> Path | None:
        """Write the translations made here since the last export as one new shard."""
        with _connect(self.path) as con:
            con.execute("BEGIN TRANSACTION")
            outgoing = con.sql(
                f"SELECT {COLUMNS} FROM translation_memory JOIN tm_unshared USING ({KEY}) "
                f"ORDER BY {KEY}"
            )
            [(pending,)] = con.execute("SELECT count(*) FROM tm_unshared").fetchall()
            if not pending:
                con.execute("ROLLBACK")
                return None
            shard = _write_shard(outgoing, folder)
            # Only what the shard holds: a row stored meanwhile waits for the next export.
            con.execute(
                "DELETE FROM tm_unshared AS u USING read_parquet(?) AS s "
                "WHERE u.sentence_hash = s.sentence_hash AND u.source_lang = s.source_lang "
                "AND u.target_lang = s.target_lang AND u.model_id = s.model_id "
                "AND u.model_version = s.model_version",
                [str(shard)],
            )
            con.execute("INSERT OR IGNORE INTO tm_shards VALUES (?)", [shard.stem])
            con.execute("COMMIT")
        return shard

    def import_shards(self, folder: Path) -> list[str]:
        """Add the rows of every shard in ``folder`` not imported yet; their names."""
        shards = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
        if not shards:
            return []
        imported = []
        with _connect(self.path) as con:
            known = {name for (name,) in con.execute("SELECT name FROM tm_shards").fetchall()}
            for shard in shards:
                if shard.stem in known:
                    continue
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute(
                        f"INSERT OR IGNORE INTO translation_memory SELECT {COLUMNS} "
                        "FROM read_parquet(?)",
                        [str(shard)],
                    )
                except duckdb.IOException:
                    con.execute("ROLLBACK")
                    if shard.exists():
                        raise
                    continue  # merged into a newer shard meanwhile: that one is read next time
                con.execute("INSERT OR IGNORE INTO tm_shards VALUES (?)", [shard.stem])
                con.execute("COMMIT")
                imported.append(shard.stem)
        return imported


@dataclass(frozen=True)
class Compaction:
    shard: Path  # the merged shard
    merged: list[Path]  # the shards whose every row it holds (safe to delete once it is shared)


def compact_shards(folder: Path, at_least: int = COMPACT_AT) -> Compaction | None:
    """Merge the shards in ``folder`` into one, once there are ``at_least`` of them.

    Safe under concurrency because a shard's name is the hash of its bytes: the shard called X
    that this copy read is the one in the bucket, so once the merged shard (the union of every
    row read) is in the bucket, deleting the inputs loses nothing. Two workers compacting at
    once each delete only shards they have merged; a shard written meanwhile is not among the
    inputs and stays. The caller pushes the merged shard before it deletes ``merged``.
    """
    shards = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    if len(shards) < at_least:
        return None
    with duckdb.connect() as con:
        # One row per key; duplicates come from two workers translating one sentence at once.
        union = con.sql(
            f"SELECT {COLUMNS} FROM read_parquet($files) QUALIFY row_number() OVER "
            f"(PARTITION BY {KEY} ORDER BY created_at, translation) = 1 ORDER BY {KEY}",
            params={"files": [str(p) for p in shards]},
        )
        merged = _write_shard(union, folder)
    return Compaction(merged, [p for p in shards if p != merged])
