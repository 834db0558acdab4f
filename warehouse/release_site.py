"""The release site: the bundle under ``releases/<version>/site/`` and ``releases/index.json``.

The site's sources live in ``warehouse/site/`` (``make`` bundles them into
``warehouse/site/dist/`` with esbuild). Publishing copies the bundle into the release and
adds, under ``site/data/``, what the site shows beyond the release tables: the link evidence
between records and each source's crawl health, both from the same warehouse the tables came
from. ``releases/index.json`` lists every release with its counts and changes, for the
"releases over time" chart.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from warehouse.store import DUCKDB_CONFIG

log = logging.getLogger(__name__)

SITE_SOURCES = Path(__file__).parent / "site"
SITE_BUILD = SITE_SOURCES / "dist"
INDEX = "index.json"
# Issues listed per source on its page (all are counted): enough to see what went wrong.
ISSUES_LISTED = 100


def site_bundle() -> Path | None:
    """The built site, or None when ``make`` has not bundled it (no node here)."""
    return SITE_BUILD if (SITE_BUILD / "index.html").is_file() else None


def write_site(db_path: Path, folder: Path) -> Path | None:
    """Copy the bundle into ``folder/site`` with its data; None (and a warning) if unbuilt.

    A release without its site is still a complete data release, so a machine without node
    publishes one rather than failing.
    """
    bundle = site_bundle()
    if bundle is None:
        log.warning("release site not built (run `make`): %s has no index.html", SITE_BUILD)
        return None
    site = folder / "site"
    shutil.copytree(bundle, site)
    data = site / "data"
    data.mkdir(exist_ok=True)
    with duckdb.connect(str(db_path), read_only=True, config=DUCKDB_CONFIG) as con:
        _write_links(con, data / "links.parquet")
        sources = source_health(con)
    (data / "sources.json").write_text(json.dumps(sources, indent=2, ensure_ascii=False) + "\n")
    return site


def _write_links(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The kept links with their evidence for and against, sorted: one thread and fixed row
    groups give the same bytes for the same links; DuckDB streams it within its memory limit."""
    con.execute("SET threads = 1")
    con.execute(
        f"COPY (SELECT record_a, record_b, score, evidence, against FROM gold.record_links "
        f"ORDER BY record_a, record_b) TO '{_sql_path(path)}' "
        "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 20000)"
    )


def _sql_path(path: Path) -> str:
    # COPY takes no parameter for its target; the path is ours (the release's temp folder).
    return str(path).replace("'", "''")


def source_health(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Per source: records, the crawl they came from, and the issues of the data in use."""
    found: dict[str, dict[str, Any]] = {}
    rows = con.execute(
        "SELECT source_id, any_value(source_country), count(*), max(crawl_id), max(fetched_at), "
        "min(first_seen) FROM silver.records GROUP BY source_id ORDER BY source_id"
    ).fetchall()
    for source_id, country, records, crawl, fetched, first in rows:
        found[source_id] = {
            "country": country,
            "records": int(records),
            "last_good_crawl": crawl,
            "last_fetched_at": fetched,
            "first_seen": first,
            "issues_by_level": {},
            "issues": [],
        }
    levels = con.execute(
        "SELECT source_id, level, count(*) FROM bronze.issues GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    for source_id, level, count in levels:
        entry = found.setdefault(
            source_id,
            {"country": None, "records": 0, "last_good_crawl": None, "last_fetched_at": None,
             "first_seen": None, "issues_by_level": {}, "issues": []},
        )  # fmt: skip
        entry["issues_by_level"][level or "unknown"] = int(count)
    listed = con.execute(
        "SELECT source_id, level, timestamp, url, message FROM ("
        "  SELECT *, row_number() OVER (PARTITION BY source_id ORDER BY"
        "    list_position(['error', 'warning', 'info'], level) NULLS LAST, timestamp, url,"
        "    message) AS n FROM bronze.issues) WHERE n <= ? ORDER BY source_id, n",
        [ISSUES_LISTED],
    ).fetchall()
    for source_id, level, timestamp, url, message in listed:
        found[source_id]["issues"].append(
            {"level": level, "timestamp": timestamp, "url": url, "message": message}
        )
    return found


def update_release_index(releases_dir: Path, version: str, published_at: datetime) -> Path:
    """Rewrite ``releases/index.json``: the releases present, oldest first.

    Entries already listed are kept (a release never changes); releases published before
    the index existed are read once from their own files.
    """
    path = releases_dir / INDEX
    known: dict[str, dict[str, Any]] = {}
    # None yet, or unreadable: rebuilt from the release folders.
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        known = {e["version"]: e for e in json.loads(path.read_text())["releases"]}
    entries = []
    for folder in sorted(releases_dir.iterdir()):
        if folder.name.startswith(".") or not (folder / "stats.json").is_file():
            continue
        entry = known.get(folder.name)
        if entry is None or folder.name == version:
            when = published_at if folder.name == version else None
            entry = _index_entry(folder, when)
        entries.append(entry)
    entries.sort(key=lambda e: (e["published_at"] or "", e["version"]))
    document = {"latest": version, "releases": entries}
    tmp = releases_dir / f".{INDEX}.tmp"
    tmp.write_text(json.dumps(document, indent=2) + "\n")
    os.replace(tmp, path)
    return path


def _index_entry(folder: Path, published_at: datetime | None) -> dict[str, Any]:
    stats = json.loads((folder / "stats.json").read_text())
    changes: dict[str, Any] = {}
    if (folder / "CHANGES.json").is_file():
        changes = json.loads((folder / "CHANGES.json").read_text())
    if published_at is None:
        published_at = datetime.fromtimestamp((folder / "stats.json").stat().st_mtime).astimezone()

    def rows(name: str) -> int | None:
        table = folder / f"{name}.parquet"
        return int(pq.ParquetFile(table).metadata.num_rows) if table.is_file() else None

    return {
        "version": folder.name,
        "published_at": published_at.isoformat(timespec="seconds"),
        "records": int(stats.get("records", 0)),
        "initiatives": rows("initiatives"),
        "organisations": rows("organisations"),
        "previous": changes.get("previous"),
        "added": len(changes.get("added", [])),
        "changed": len(changes.get("changed", {})),
        "removed": len(changes.get("removed", [])),
        "by_source": stats.get("by_source", {}),
    }
