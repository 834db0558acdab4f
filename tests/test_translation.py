"""Offline translation with real (tiny, random-weight) argostranslate packages built here."""

import os
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from dagster import DagsterInstance
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.definitions import REFRESH_SOURCE_JOB, build_definitions
from pipelines.partitions import ensure_source_partitions
from pipelines.settings import load_settings
from pipelines.tiny_model import build_tiny_model
from pipelines.translation import BatchEngine, install_model_file, translate_records
from spiders.snapshot_server import SNAPSHOT_SITES
from transforms.sentences import join_text, split_sentences, split_text
from warehouse.translation_memory import TranslationMemory

HU_TEXT = (SNAPSHOT_SITES / "mgfu.hu" / "en" / "article" / "international_relations" / "projects"
           / "socialinnovationplus" / "index.html").read_text(encoding="utf-8")  # fmt: skip


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("models")
    return {
        "hu": build_tiny_model(out, "hu", "en", [HU_TEXT]),
        "hu2": build_tiny_model(out / "v2", "hu", "en", [HU_TEXT], version="0.0.2", seed=1),
        "sk": build_tiny_model(out, "sk", "en", ["Sociálne inovácie sú dôležité. Projekt trvá."]),
    }


def _record(rid: str, title: str, body: str, lang: str) -> dict[str, object]:
    return {"record_id": rid, "title": title, "title_lang": lang, "body": body,
            "body_lang": lang, "language": lang}  # fmt: skip


def test_split_keeps_paragraphs_and_every_character() -> None:
    text = "Első mondat. Második mondat!\n\nHarmadik bekezdés, " + "hosszú szó " * 80 + "vége."
    paragraphs = split_text(text)
    assert len(paragraphs) == 3 and paragraphs[1] == []
    assert join_text(paragraphs).split() == text.split()  # nothing dropped, breaks kept
    assert all(len(s) <= 400 for p in paragraphs for s in p)
    assert split_sentences("Od 1. 3. 2022 do 31. 12. 2023. Dr. Novák J. Kováč prišiel.") == [
        "Od 1. 3. 2022 do 31. 12. 2023.",
        "Dr. Novák J. Kováč prišiel.",
    ]


def test_statuses_memory_and_model_versions(models: dict[str, Path], tmp_path: Path) -> None:
    hu = install_model_file(models["hu"])
    memory = TranslationMemory(tmp_path / "tm.duckdb")
    records = [
        _record("a", "Hírek", "Első mondat. Második mondat.\nHarmadik bekezdés.", "hu"),
        _record("b", "News", "English text stays as it is.", "en"),
        _record("c", "Aktualności", "Tekst po polsku.", "pl"),
        _record("d", "", "", "hu"),
    ]
    stats = translate_records(records, memory, models={("hu", "en"): hu})
    a, b, c, d = records
    assert a["translation_status"] == "translated" and a["translation_model"] == hu.label
    assert a["body_en"] and a["body_en"].count("\n") == 1  # paragraph break kept
    assert a["body_en"] != a["body"]
    assert (b["translation_status"], b["body_en"], b["title_en"]) == (
        "source_is_english",
        b["body"],
        "News",
    )
    assert (c["translation_status"], c["body_en"], c["body"]) == (
        "no_model",
        None,
        "Tekst po polsku.",
    )
    assert d["translation_status"] is None and d["body_en"] is None
    assert stats.pairs_without_model == {"pl->en"}
    assert stats.sentences_translated == 4 and stats.sentences_from_memory == 0

    again = [_record("a", "Hírek", "Első mondat. Második mondat.\nHarmadik bekezdés.", "hu")]
    second = translate_records(again, memory, models={("hu", "en"): hu})
    assert second.sentences_translated == 0 and second.sentences_from_memory == 4
    assert again[0]["body_en"] == a["body_en"]

    hu2 = install_model_file(models["hu2"])
    assert hu2.version == "0.0.2"
    third = translate_records(again, memory, models={("hu", "en"): hu2})
    assert third.sentences_translated == 4
    assert again[0]["translation_model"] == hu2.label


def test_a_broken_model_fails_its_pair_only(models: dict[str, Path], tmp_path: Path) -> None:
    hu = install_model_file(models["hu"])
    sk = install_model_file(models["sk"])
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model").mkdir()
    (broken / "model" / "model.bin").write_bytes(b"not a model")
    (broken / "sentencepiece.model").write_bytes((sk.path / "sentencepiece.model").read_bytes())
    sk_broken = type(sk)(sk.source_lang, sk.target_lang, sk.model_id, sk.version, broken)
    records = [_record("a", "Hírek", "Első mondat.", "hu"), _record("b", "Správy", "Veta.", "sk")]
    stats = translate_records(
        records, TranslationMemory(tmp_path / "tm.duckdb"),
        models={("hu", "en"): hu, ("sk", "en"): sk_broken},
    )  # fmt: skip
    assert [r["translation_status"] for r in records] == ["translated", "failed"]
    assert stats.failures and "sk->en" in stats.failures[0]


def test_engine_translates_in_one_batch_with_threads(models: dict[str, Path]) -> None:
    engine = BatchEngine(install_model_file(models["hu"]), threads=1)
    out = engine.translate(["Első mondat.", "Második mondat.", "Harmadik."])
    assert len(out) == 3 and all(isinstance(s, str) and s for s in out)


def test_models_cli_install_and_list(models: dict[str, Path]) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["models", "install", str(models["sk"])], env=dict(os.environ))
    assert out.exit_code == 0, out.output
    assert "installed sk->en: translate-sk_en-tiny@0.0.1" in out.output
    listed = runner.invoke(app, ["models", "list"], env=dict(os.environ))
    assert "sk->en  translate-sk_en-tiny@0.0.1" in listed.output
    bad = runner.invoke(app, ["models", "install", __file__])
    assert bad.exit_code != 0 and "not an .argosmodel" in str(bad.exception)


def test_pipeline_translates_with_a_model_in_the_models_dir(
    models: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the Dagster assets: auto-install from SIH_MODELS_DIR, translate, re-run."""
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    (models_dir / models["hu"].name).write_bytes(models["hu"].read_bytes())
    monkeypatch.setenv("SIH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SIH_MODELS_DIR", str(models_dir))

    def run(source: str) -> dict[str, object]:
        job = build_definitions(load_settings()).resolve_job_def(REFRESH_SOURCE_JOB)
        ensure_source_partitions(instance, [source])
        result = job.execute_in_process(instance=instance, partition_key=source)
        (mat,) = result.asset_materializations_for_node("translated_records")
        return {k: v.value for k, v in mat.metadata.items()}

    def rows(source: str) -> list[dict[str, object]]:
        path = tmp_path / "data" / "silver" / "translated" / f"{source}.parquet"
        return pq.read_table(path).to_pylist()

    with DagsterInstance.ephemeral() as instance:
        first = run("hu_mgfu")
        installed = (tmp_path / "data" / "state" / "installed-models.json").read_text()
        assert models["hu"].name in installed  # auto-installed from SIH_MODELS_DIR
        # The seed page (Hungarian, the text the tiny model was built from).
        (hu,) = [r for r in rows("hu_mgfu") if str(r["url"]).endswith("/socialinnovationplus")]
        assert hu["title_en"] and hu["body_en"]
        assert hu["body_translation_status"] == "translated"
        assert str(hu["translation_model"]).startswith("translate-hu_en-tiny@")
        assert int(first["sentences_translated"]) > 10  # type: ignore[call-overload]
        assert run("hu_mgfu")["sentences_translated"] == 0  # second run: all from memory
        pl = run("pl_innowacjespoleczne")
        assert pl["pairs_without_model"] == "pl->en"
        pl_rows = rows("pl_innowacjespoleczne")
        assert len(pl_rows) == 5
        assert all(r["translation_status"] == "no_model" and r["body_en"] is None for r in pl_rows)


def test_install_from_a_package_index_served_on_loopback(
    models: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`models install --from sk` against an argostranslate-style index on 127.0.0.1."""
    import json
    from http.server import SimpleHTTPRequestHandler

    import argostranslate.settings

    from spiders.snapshot_server import LoopbackServer

    class Files(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

    (tmp_path / "sk.argosmodel").write_bytes(models["sk"].read_bytes())
    with LoopbackServer(Files) as server:
        (tmp_path / "index.json").write_text(json.dumps([{
            "package_version": "0.0.1", "argos_version": "1.11.0", "from_code": "sk",
            "from_name": "Slovak", "to_code": "en", "to_name": "English", "type": "translate",
            "links": [f"{server.url}/sk.argosmodel"],
        }]))  # fmt: skip
        index = f"{server.url}/index.json"
        monkeypatch.setattr(argostranslate.settings, "remote_package_index", index)
        out = CliRunner().invoke(app, ["models", "install", "--from", "sk", "--to", "en"])
        assert out.exit_code == 0, out.output
        assert "installed sk->en" in out.output
        missing = CliRunner().invoke(app, ["models", "install", "--from", "fi"])
        assert "no fi->en model" in str(missing.exception)
    monkeypatch.setattr(
        argostranslate.settings, "remote_package_index", "http://127.0.0.1:9/index.json"
    )
    offline = CliRunner().invoke(app, ["models", "install", "--from", "sk"])
    assert "could not download" in str(offline.exception)


def test_memory_waits_for_another_process_holding_the_file(tmp_path: Path) -> None:
    """Sources translate in parallel processes; DuckDB allows one writer at a time."""
    import subprocess
    import sys
    import time

    from warehouse.translation_memory import ModelKey, TranslationMemory

    memory = TranslationMemory(tmp_path / "tm.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
         "time.sleep(2)", str(tmp_path / "tm.duckdb")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    start = time.monotonic()
    key = ModelKey("hu", "en", "m", "1")
    memory.store(key, {"Jó napot.": "Good day."})  # locked for ~2 s: waits, then writes
    assert time.monotonic() - start > 0.5
    assert memory.lookup(key, ["Jó napot."]) == {"Jó napot.": "Good day."}
    holder.wait(timeout=30)
