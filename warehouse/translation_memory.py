"""Translation memory: every sentence translated once per model version, kept in DuckDB.

Keyed by the sentence's hash, source and target language, and the model's id and version, so
a re-run with no new text translates nothing and a new model version translates again. It is
its own file, not a table of the analysts' warehouse, because the warehouse is rebuilt on
every publish and the memory must outlive that.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

DDL = """
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
)"""


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


class TranslationMemory:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with _connect(path) as con:
            con.execute(DDL)

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
        rows = [
            (sentence_hash(src), key.source_lang, key.target_lang, key.model_id,
             key.model_version, src, out, now)
            for src, out in pairs.items()
        ]  # fmt: skip
        with _connect(self.path) as con:
            con.executemany(
                "INSERT OR IGNORE INTO translation_memory VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
            )

    def count(self) -> int:
        with _connect(self.path, read_only=True) as con:
            row = con.execute("SELECT count(*) FROM translation_memory").fetchone()
        return int(row[0]) if row else 0
