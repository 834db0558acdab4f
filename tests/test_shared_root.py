"""Two workers share one ``s3://`` data root (moto on 127.0.0.1) and refresh different sources
at the same time: every worker's bronze, silver and translation-memory entries must survive.

Each worker is its own OS process with its own working copy, as two machines of a cluster are,
and goes through what a ``refresh_source`` run does to the lake: the ``LakeSync`` resource's
pull, a bronze crawl folder and silver records of its source, translation through the
``Translator`` resource (tiny real argostranslate models, the translation memory), then the
resource's push. A barrier makes the interleaving that loses data certain instead of likely:
both workers have pulled and done their work before the first one pushes, and the second pushes
after the first. The second round starts from the first round's bucket, so each worker then
also holds a copy of the other's silver files that the other is about to replace.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.fs as pafs
import pytest

REPO = Path(__file__).resolve().parents[1]
ROOT = "s3://lake/shared"
BARRIER_WAIT_S = 60.0
ROUNDS = 2

# Each worker's source and the texts its portal publishes, one more page every round (so
# every round writes files of a new size, and new sentences to translate). Our own wording.
PAGES = {
    "hu_mgfu": (
        "hu",
        [
            (
                "Szociális innováció a régióban",
                "A projekt célja a helyi közösségek erősítése. "
                "A partnerek négy országból érkeznek.",
            ),
            (
                "Kompetenciaközpont indult",
                "Az új központ tanácsot ad a kezdeményezéseknek. A képzések ingyenesek.",
            ),
            (
                "Zárókonferencia Budapesten",
                "A résztvevők bemutatták az eredményeket. A következő lépés a módszer átadása.",
            ),
        ],
    ),
    "sk_socialneinovacie": (
        "sk",
        [
            (
                "Sociálne inovácie na Slovensku",
                "Národné centrum podporuje nové riešenia. Projekt trvá do konca roka.",
            ),
            (
                "Stretnutie partnerov projektu",
                "Zástupcovia štyroch krajín diskutovali o pláne. Ďalšie stretnutie bude na jar.",
            ),
            (
                "Záverečná konferencia centra",
                "Centrum predstavilo výsledky svojej práce. Odporúčania dostane ministerstvo.",
            ),
        ],
    ),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _barrier(folder: Path, round_no: int, name: str, names: list[str]) -> None:
    """Wait until every worker is ready to push, then until the workers before us have pushed."""
    (folder / f"{round_no}.ready.{name}").touch()
    before = names[: names.index(name)]
    _wait_for(folder, [f"{round_no}.ready.{n}" for n in names])
    _wait_for(folder, [f"{round_no}.pushed.{n}" for n in before])


def _wait_for(folder: Path, marks: list[str]) -> None:
    deadline = time.monotonic() + BARRIER_WAIT_S
    while not all((folder / m).exists() for m in marks) and time.monotonic() < deadline:
        time.sleep(0.05)


def _worker(args: dict[str, Any]) -> None:
    """One worker refreshing one source on the shared root, round after round."""
    os.environ.update(SIH_DATA_DIR=ROOT, SIH_WORK_DIR=args["work"])
    from pipelines.settings import confine_tool_state, load_settings

    settings = load_settings()
    confine_tool_state(settings)
    import zipfile
    from types import SimpleNamespace

    from pipelines.resources import LakeSync, Translator
    from pipelines.tiny_model import build_tiny_model

    source, order, barrier = args["source"], args["order"], Path(args["barrier"])
    lang, pages = PAGES[source]
    # Installing a package is unzipping it (argostranslate's own installer also imports its
    # whole NLP stack, seconds this test does not need to spend).
    model = build_tiny_model(settings.data_dir.parent, lang, "en", [t + ". " + b for t, b in pages])
    with zipfile.ZipFile(model) as archive:
        archive.extractall(os.environ["ARGOS_PACKAGES_DIR"])
    sync = LakeSync(remote_root=settings.remote_root, local_root=str(settings.data_dir))
    translator = Translator.from_settings(settings)
    # LakeSync only logs through its context; a Dagster-built one costs an ephemeral instance.
    context = SimpleNamespace(log=None)
    results = []
    for round_no in range(ROUNDS):
        _wait_for(barrier, [f"{round_no - 1}.pushed.{n}" for n in order] if round_no else [])
        sync.setup_for_execution(context)  # type: ignore[arg-type]
        results.append(_refresh(settings, translator, source, round_no, pages[: round_no + 1]))
        _barrier(barrier, round_no, source, order)
        sync.teardown_after_execution(context)  # type: ignore[arg-type]
        (barrier / f"{round_no}.pushed.{source}").touch()
    Path(args["out"]).write_text(json.dumps(results))


def _refresh(
    settings: Any, translator: Any, source: str, round_no: int, pages: list[tuple[str, str]]
) -> dict[str, Any]:
    """What a refresh_source run writes to the lake: a bronze crawl, silver records, their
    translation (through the translation memory); returns what it wrote."""
    import duckdb
    import pyarrow as pa

    from transforms.schema import RECORD_SCHEMA
    from warehouse.lake import (
        crawl_dir,
        silver_records_path,
        translated_records_path,
        write_parquet_atomic,
    )

    lang = PAGES[source][0]
    crawl_id = f"20261201T00000{round_no}000000Z"
    crawl = crawl_dir(settings.bronze_dir, source, crawl_id)
    urls = [f"https://{source}.example/{round_no}/{i}" for i in range(len(pages))]
    html = [f"<h1>{title}</h1><p>{body}</p>" for title, body in pages]
    write_parquet_atomic(pa.table({"url": urls, "html": html}), crawl / "pages.parquet")
    (crawl / "crawl.json").write_text(json.dumps({"crawl_id": crawl_id, "status": "ok"}))
    rows: list[dict[str, Any]] = [
        {"record_id": f"{source}-{i}", "source_id": source, "url": url,
         "fetched_at": "2026-12-01T00:00:00Z", "content_hash": _sha256_text(body),
         "title": title, "title_lang": lang, "body": body, "body_lang": lang, "language": lang}
        for i, (url, (title, body)) in enumerate(zip(urls, pages, strict=True))
    ]  # fmt: skip
    records = silver_records_path(settings.silver_dir, source)
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=RECORD_SCHEMA), records)
    stats = translator.translate(rows)
    translated = translated_records_path(settings.silver_dir, source)
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=RECORD_SCHEMA), translated)
    with duckdb.connect(str(settings.data_dir / "translation_memory.duckdb")) as con:
        memory = con.sql(
            "SELECT sentence_hash, source_lang, model_version FROM translation_memory"
        ).fetchall()
    lake = settings.data_dir
    return {
        "statuses": sorted({str(r["translation_status"]) for r in rows}),
        "sentences_translated": stats.sentences_translated,
        "memory": memory,
        "files": {
            p.relative_to(lake).as_posix(): _sha256(p) for p in (crawl / "pages.parquet",
            crawl / "crawl.json", records, translated)
        },
    }  # fmt: skip


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    from moto_s3 import moto_s3

    with moto_s3(tmp_path_factory.mktemp("moto") / "moto.log") as env:
        yield env


def _run_workers(s3: dict[str, str], tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    order = list(PAGES)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_", "SIH_"))}
    env |= s3 | {"PYTHONPATH": str(REPO), "HOME": str(tmp_path / "home")}
    workers = {}
    for source in order:
        args = {
            "source": source,
            "work": str(tmp_path / source / "data"),
            "barrier": str(barrier),
            "order": order,
            "out": str(tmp_path / f"{source}.json"),
        }
        workers[source] = subprocess.Popen(
            [sys.executable, __file__, json.dumps(args)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    results = {}
    for source, worker in workers.items():
        output = worker.communicate(timeout=300)[0]
        assert worker.returncode == 0, output[-4000:]
        results[source] = json.loads((tmp_path / f"{source}.json").read_text())
    return results


def _bucket_sha256(name: str) -> str | None:
    filesystem, base = pafs.FileSystem.from_uri(ROOT)
    try:
        with filesystem.open_input_stream(f"{base}/{name}") as stream:
            return hashlib.sha256(stream.read()).hexdigest()
    except FileNotFoundError:
        return None


def _memory_union(reader: Path) -> set[tuple[str, ...]]:
    """What a new worker, with an empty working copy, finds in the translation memory."""
    from types import SimpleNamespace

    import duckdb

    from pipelines.resources import LakeSync

    sync = LakeSync(remote_root=ROOT, local_root=str(reader))
    sync.setup_for_execution(SimpleNamespace(log=None))  # type: ignore[arg-type]
    with duckdb.connect(str(reader / "translation_memory.duckdb"), read_only=True) as con:
        rows = con.sql("SELECT sentence_hash, source_lang, model_version FROM translation_memory")
        return {tuple(row) for row in rows.fetchall()}


def test_two_workers_on_one_s3_root_keep_each_others_entries(
    s3: dict[str, str], tmp_path: Path
) -> None:
    results = _run_workers(s3, tmp_path)
    union = _memory_union(tmp_path / "reader")
    lost = []  # every loss, so that one run shows them all
    for source, rounds in results.items():
        lang = PAGES[source][0]
        for round_no, result in enumerate(rounds):
            assert result["statuses"] == ["translated"] and result["sentences_translated"] > 0
            # Translation memory: every sentence this worker translated in any round is there.
            mine = {tuple(row) for row in result["memory"] if row[1] == lang}
            if missing := mine - union:
                lost.append(f"{source}, round {round_no}: {len(missing)} memory sentences")
            # Bronze: every round's crawl of this worker, as it wrote it.
            for name, digest in result["files"].items():
                if name.startswith("bronze/") and _bucket_sha256(name) != digest:
                    lost.append(f"{source}, round {round_no}: {name}")
        # Silver: this worker's last records and translations, not a stale copy of them.
        for name, digest in rounds[-1]["files"].items():
            if name.startswith("silver/") and _bucket_sha256(name) != digest:
                lost.append(f"{source}, last round: {name}")
    assert not lost, "lost: " + "; ".join(lost)


def test_compaction_keeps_every_row_and_a_reader_still_finds_them(tmp_path: Path) -> None:
    from warehouse.translation_memory import ModelKey, TranslationMemory, compact_shards

    shards = tmp_path / "shards"
    key = ModelKey("hu", "en", "m", "1")
    writers = [TranslationMemory(tmp_path / f"w{i}.duckdb", share=True) for i in range(3)]
    for i, writer in enumerate(writers):
        writer.store(key, {f"Mondat {i}.": f"Sentence {i}.", "Közös mondat.": "Shared."})
        assert writer.export_shard(shards) is not None
        assert writer.export_shard(shards) is None  # nothing new since the last export
    assert len(list(shards.glob("*.parquet"))) == 3
    assert compact_shards(shards, at_least=4) is None
    compaction = compact_shards(shards, at_least=3)
    assert compaction is not None and len(compaction.merged) == 3
    for path in compaction.merged:
        path.unlink()
    reader = TranslationMemory(tmp_path / "reader.duckdb")
    assert reader.import_shards(shards) == [compaction.shard.stem]
    expected = {f"Mondat {i}.": f"Sentence {i}." for i in range(3)} | {"Közös mondat.": "Shared."}
    assert reader.lookup(key, expected) == expected
    assert reader.import_shards(shards) == []  # imported once


def test_lake_sync_compacts_shards_and_no_copy_sends_them_back(
    s3: dict[str, str], tmp_path: Path
) -> None:
    from types import SimpleNamespace

    from pipelines.resources import LakeSync
    from warehouse.object_store import RemoteRoot
    from warehouse.translation_memory import ModelKey, TranslationMemory

    root, key, context = (
        "s3://lake/compaction",
        ModelKey("sk", "en", "m", "1"),
        SimpleNamespace(log=None),
    )
    expected: dict[str, str] = {}
    copies = [tmp_path / f"copy{i}" for i in range(3)]
    for i, copy in enumerate(copies):  # three workers, one after another, compacting at three
        sync = LakeSync(remote_root=root, local_root=str(copy), compact_at=3)
        sync.setup_for_execution(context)  # type: ignore[arg-type]
        pairs = {f"Veta {i}.": f"Sentence {i}."}
        TranslationMemory(copy / "translation_memory.duckdb", share=True).store(key, pairs)
        expected |= pairs
        sync.teardown_after_execution(context)  # type: ignore[arg-type]
    shards = RemoteRoot(root).names("translation_memory")
    assert len(shards) == 1  # the third worker merged the three shards and deleted them
    # The first worker still holds its own shard, now merged away: its next push leaves it.
    assert len(list((copies[0] / "translation_memory").glob("*.parquet"))) == 1
    assert RemoteRoot(root).push(copies[0]).copied == []
    reader = tmp_path / "reader"
    LakeSync(remote_root=root, local_root=str(reader)).setup_for_execution(context)  # type: ignore[arg-type]
    assert TranslationMemory(reader / "translation_memory.duckdb").lookup(key, expected) == expected


if __name__ == "__main__":
    _worker(json.loads(sys.argv[1]))
