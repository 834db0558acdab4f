import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import warehouse.release as release_module
from transforms.schema import (
    RECORD_FIELDS,
    RECORD_SCHEMA,
    RELEASE_RECORD_FIELDS,
    arrow_schema,
    record_table_ddl,
)
from warehouse.lake import latest_crawl_dir, write_parquet_atomic
from warehouse.release import ReleaseError, latest_version, new_version, publish_release
from warehouse.store import load_warehouse


def _record(rid: str, source: str = "pl_efs", lang: str = "pl") -> dict[str, object]:
    row: dict[str, object] = {f.name: None for f in RECORD_FIELDS}
    row |= {
        "record_id": rid,
        "source_id": source,
        "url": f"https://x.pl/{rid}/",
        "fetched_at": "2026-01-01T00:00:00+00:00",
        "content_hash": "h",
        "title": "T",
        "language": lang,
    }
    return row


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=RECORD_SCHEMA), path)
    return path


def test_ddl_matches_schema() -> None:
    con = duckdb.connect()
    con.execute(record_table_ddl("r"))
    columns = [row[0] for row in con.execute("DESCRIBE r").fetchall()]
    assert columns == [f.name for f in RECORD_FIELDS]


def test_load_is_idempotent_and_views_work(tmp_path: Path) -> None:
    files = [
        _write(tmp_path / "a.parquet", [_record("b"), _record("a")]),
        _write(tmp_path / "c.parquet", [_record("c", "hu_ifka", "hu")]),
    ]
    db = tmp_path / "w.duckdb"
    assert load_warehouse(db, files, []) == 3
    assert load_warehouse(db, files, []) == 3
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM records").fetchone() == (3,)
        stats = con.execute("SELECT source_id, language, records FROM language_stats").fetchall()
    assert stats == [("hu_ifka", "hu", 1), ("pl_efs", "pl", 2)]


def test_duplicate_record_ids_are_refused_and_old_tables_survive(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    good = _write(tmp_path / "a.parquet", [_record("a")])
    load_warehouse(db, [good], [])
    dup = _write(tmp_path / "b.parquet", [_record("a")])
    with pytest.raises(duckdb.ConstraintException):
        load_warehouse(db, [good, dup], [])
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM records").fetchone() == (1,)


def test_release_is_sorted_immutable_and_moves_latest(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load_warehouse(db, [_write(tmp_path / "a.parquet", [_record("b"), _record("a")])], [])
    releases = tmp_path / "releases"
    first = publish_release(db, releases, "2026.01.01-000000")
    assert latest_version(releases) == "2026.01.01-000000"
    table = pq.read_table(first / "records.parquet")
    assert table.schema == arrow_schema(RELEASE_RECORD_FIELDS)
    assert table.schema.names == [n for n in RECORD_SCHEMA.names if n != "last_seen"]
    assert table.column("record_id").to_pylist() == ["a", "b"]
    second = publish_release(db, releases, "2026.01.01-000001")
    # Same input, same bytes: downstream portals can diff releases by checksum.
    assert (first / "records.parquet").read_bytes() == (second / "records.parquet").read_bytes()
    assert latest_version(releases) == "2026.01.01-000001"
    with pytest.raises(ReleaseError, match="immutable"):
        publish_release(db, releases, "2026.01.01-000000")


def test_failed_publish_leaves_previous_release_and_latest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    load_warehouse(db, [_write(tmp_path / "a.parquet", [_record("a")])], [])
    releases = tmp_path / "releases"
    publish_release(db, releases, "v1")

    def explode(db_path: Path, folder: Path) -> None:
        (folder / "records.parquet").write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(release_module, "_write_release_files", explode)
    with pytest.raises(OSError, match="disk full"):
        publish_release(db, releases, "v2")
    assert latest_version(releases) == "v1"
    assert sorted(p.name for p in releases.iterdir()) == ["LATEST", "index.json", "v1"]
    monkeypatch.undo()
    publish_release(db, releases, "v2")
    assert latest_version(releases) == "v2"


def test_new_version_never_reuses_a_folder(tmp_path: Path) -> None:
    now = datetime(2026, 11, 24, 17, 0, 0, tzinfo=UTC)
    assert new_version(tmp_path, now) == "2026.11.24-170000"
    (tmp_path / "2026.11.24-170000").mkdir()
    assert new_version(tmp_path, now) == "2026.11.24-170000.2"


def test_latest_crawl_ignores_unfinished_crawls(tmp_path: Path) -> None:
    for crawl, finished in [("20260101T000000Z", True), ("20260102T000000Z", False)]:
        folder = tmp_path / "pl_efs" / crawl
        folder.mkdir(parents=True)
        if finished:
            (folder / "crawl.json").write_text("{}")
    assert latest_crawl_dir(tmp_path, "pl_efs") == tmp_path / "pl_efs" / "20260101T000000Z"
    assert latest_crawl_dir(tmp_path, "hu_ifka") is None


def test_changes_between_releases(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    releases = tmp_path / "releases"
    load_warehouse(db, [_write(tmp_path / "a.parquet", [_record("a"), _record("b")])], [])
    first = publish_release(db, releases, "v1")
    assert json.loads((first / "CHANGES.json").read_text())["added"] == ["a", "b"]
    changed_b = _record("b") | {"title": "New title", "fetched_at": "2027-01-01T00:00:00+00:00"}
    load_warehouse(db, [_write(tmp_path / "a.parquet", [changed_b, _record("c")])], [])
    second = publish_release(db, releases, "v2")
    changes = json.loads((second / "CHANGES.json").read_text())
    assert changes == {
        "previous": "v1",
        "added": ["c"],
        "removed": ["a"],
        "changed": {"b": ["title"]},
    }


def test_quality_checks_pass_and_fail(tmp_path: Path) -> None:
    from warehouse.quality import run_quality_checks

    db = tmp_path / "w.duckdb"
    rows = [_record("a") | {"body": "Tekst"}, _record("b") | {"body": "Tekst", "title": ""}]
    load_warehouse(db, [_write(tmp_path / "a.parquet", rows)], [])
    outcomes = {o.name: o for o in run_quality_checks(db, {"pl_efs": (1, 1), "hu_ifka": (1, 5)})}
    assert outcomes["unique_record_ids"].passed
    assert not outcomes["min_records_per_source"].passed  # hu_ifka has none
    assert outcomes["min_records_per_source"].details["below_minimum"] == {"hu_ifka": 0}
    assert not outcomes["required_fields"].passed  # b has an empty title
    assert not outcomes["max_records_per_source"].passed  # pl_efs has 2 > 1
    assert outcomes["max_records_per_source"].severity == "warning"
    assert outcomes["required_fields"].severity == "error"


def test_release_has_csv_stats_and_checksums(tmp_path: Path) -> None:
    import hashlib

    db = tmp_path / "w.duckdb"
    rows = [_record("a") | {"translation_status": "no_model"}, _record("b", "hu_ifka", "hu")]
    load_warehouse(db, [_write(tmp_path / "a.parquet", rows)], [])
    folder = publish_release(db, tmp_path / "releases", "v1")
    assert sorted(p.name for p in folder.iterdir()) == [
        "CHANGES.json",
        "SHA256SUMS",
        "datapackage.json",
        "dcat.jsonld",
        "initiative_organisations.csv",
        "initiative_organisations.parquet",
        "initiatives.csv",
        "initiatives.parquet",
        "organisations.csv",
        "organisations.parquet",
        "records.csv",
        "records.parquet",
        "sim_cases",
        "sim_cases.csv",
        "sim_cases.parquet",
        "site",
        "stats.json",
    ]
    assert (folder / "records.csv").read_text().splitlines()[0].startswith("record_id,source_id")
    stats = json.loads((folder / "stats.json").read_text())
    assert stats["records"] == 2
    assert stats["by_source"] == {"hu_ifka": 1, "pl_efs": 1}
    assert stats["by_translation_status"] == {"no_model": 1, "unknown": 1}
    assert stats["fill_rates"]["record_id"] == 1.0
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_markup_in_text_is_flagged(tmp_path: Path) -> None:
    from warehouse.quality import run_quality_checks

    db = tmp_path / "w.duckdb"
    from transforms.safety import safety_flags

    rows = [
        _record("a") | {"body": "Plain text, 5 < 6 and R&D."},
        _record("b") | {"body": "Click <script>alert(1)</script> here"},
        _record("c") | {"title": "Caf&eacute; social"},
    ]
    for row in rows:
        row["safety_flags"] = safety_flags({"title": row["title"], "body": row["body"]})
    load_warehouse(db, [_write(tmp_path / "a.parquet", rows)], [])
    outcomes = {o.name: o for o in run_quality_checks(db, {"pl_efs": (1, 10)})}
    check = outcomes["plain_text"]
    assert not check.passed and check.severity == "warning"
    assert check.details["flagged_records"] == {
        "b": ["body:script", "body:markup"],
        "c": ["title:entity"],
    }


def test_publish_survives_a_latest_that_points_at_a_removed_release(tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "w.duckdb"
    releases = tmp_path / "releases"
    load_warehouse(db, [_write(tmp_path / "a.parquet", [_record("a")])], [])
    shutil.rmtree(publish_release(db, releases, "v1"))
    second = publish_release(db, releases, "v2")
    assert json.loads((second / "CHANGES.json").read_text())["added"] == ["a"]
    assert latest_version(releases) == "v2"


def test_data_dictionary_is_generated_from_the_schema() -> None:
    from warehouse.data_dictionary import DOC, render

    text = render()
    assert DOC.read_text() == text, "run python -m warehouse.data_dictionary"
    for f in RECORD_FIELDS:
        assert f"| `{f.name}` |" in text
    assert "| `last_seen` | string |  | Latest crawl in which the page was seen" in text
    assert "Warehouse only." in text.split("| `last_seen` |")[1].splitlines()[0]
