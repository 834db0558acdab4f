"""Offline translation to English: installed argostranslate models, run in batches.

argostranslate translates one sentence per model call; on a real-size model that is about six
times slower than one batched CTranslate2 call (benchmarks/RESULTS.md). So this module loads
each installed package's own CTranslate2 model and SentencePiece tokenizer, splits the text
itself (transforms.sentences) and sends every new sentence of a language pair in one
``translate_batch``. Sentences already in the translation memory are not translated again.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transforms.sentences import join_text, split_text
from warehouse.translation_memory import ModelKey, TranslationMemory

TARGET = "en"
TRANSLATED_FIELDS = ("title", "body")


@dataclass(frozen=True)
class ModelInfo:
    source_lang: str
    target_lang: str
    model_id: str
    version: str
    path: Path

    @property
    def label(self) -> str:
        return f"{self.model_id}@{self.version}"

    def key(self) -> ModelKey:
        return ModelKey(self.source_lang, self.target_lang, self.model_id, self.version)


def installed_models() -> dict[tuple[str, str], ModelInfo]:
    """Installed translation packages by (source, target) language; newest version wins."""
    import argostranslate.package

    found: dict[tuple[str, str], ModelInfo] = {}
    for package in argostranslate.package.get_installed_packages():
        if getattr(package, "type", "translate") != "translate":
            continue
        info = ModelInfo(
            package.from_code, package.to_code, Path(package.package_path).name,
            str(package.package_version), Path(package.package_path),
        )  # fmt: skip
        pair = (info.source_lang, info.target_lang)
        if pair not in found or _version(info.version) > _version(found[pair].version):
            found[pair] = info
    return found


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


def install_model_file(path: Path) -> ModelInfo:
    """Install one ``.argosmodel`` file (replacing an installed version of the same pair)."""
    import argostranslate.package

    if not path.is_file() or path.suffix != ".argosmodel":
        raise ValueError(f"{path}: not an .argosmodel file")
    argostranslate.package.install_from_path(path)
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith("/metadata.json"))
        metadata = json.loads(archive.read(name))
    return installed_models()[(metadata["from_code"], metadata["to_code"])]


def install_from_index(source_lang: str, target_lang: str) -> ModelInfo:
    """Download and install a model from argostranslate's package index (needs internet)."""
    import argostranslate.package
    import argostranslate.settings

    index = Path(argostranslate.settings.local_package_index)
    index.unlink(missing_ok=True)
    # argostranslate only logs a failed download; without a fresh index we must say so.
    argostranslate.package.update_package_index()
    if not index.exists():
        raise ConnectionError(
            f"could not download argostranslate's package index from "
            f"{argostranslate.settings.remote_package_index} (offline?)"
        )
    for available in argostranslate.package.get_available_packages():
        if (available.from_code, available.to_code) == (source_lang, target_lang):
            argostranslate.package.install_from_path(Path(available.download()))
            return installed_models()[(source_lang, target_lang)]
    raise LookupError(f"no {source_lang}->{target_lang} model in argostranslate's index")


def sync_models_dir(models_dir: Path, state_file: Path) -> list[ModelInfo]:
    """Install every ``.argosmodel`` in models_dir that is new or changed since last time."""
    if not models_dir.is_dir():
        return []
    seen: dict[str, str] = json.loads(state_file.read_text()) if state_file.exists() else {}
    installed = []
    for path in sorted(models_dir.glob("*.argosmodel")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if seen.get(path.name) == digest:
            continue
        installed.append(install_model_file(path))
        seen[path.name] = digest
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(seen, indent=2, sort_keys=True))
    return installed


class BatchEngine:
    """One installed package's CTranslate2 model and SentencePiece tokenizer."""

    def __init__(self, model: ModelInfo, threads: int = 0, beam_size: int = 2):
        import ctranslate2
        import sentencepiece

        self.model = model
        self._sp = sentencepiece.SentencePieceProcessor(
            model_file=str(model.path / "sentencepiece.model")
        )
        self._translator = ctranslate2.Translator(
            str(model.path / "model"), device="cpu", intra_threads=threads or (os.cpu_count() or 1)
        )
        self._beam_size = beam_size

    def translate(self, sentences: list[str]) -> list[str]:
        if not sentences:
            return []
        tokens = self._sp.encode(sentences, out_type=str)
        results = self._translator.translate_batch(
            tokens, beam_size=self._beam_size, max_batch_size=32, batch_type="examples",
            replace_unknowns=True, max_decoding_length=512,
        )  # fmt: skip
        return [self._sp.decode(result.hypotheses[0]) for result in results]


@dataclass
class TranslationStats:
    sentences_translated: int = 0
    sentences_from_memory: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    pairs_without_model: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)


def _field_status(text: str | None, lang: str | None, models: dict[str, ModelInfo]) -> str | None:
    if not text:
        return None
    if lang == TARGET:
        return "source_is_english"
    if lang is None:
        return "failed"
    return "pending" if lang in models else "no_model"


def translate_records(
    records: list[dict[str, Any]],
    memory: TranslationMemory,
    *,
    threads: int = 0,
    beam_size: int = 2,
    models: dict[tuple[str, str], ModelInfo] | None = None,
) -> TranslationStats:
    """Fill ``<field>_en``, per-field statuses, ``translation_status`` and ``translation_model``.

    Text without a model keeps only its original (status ``no_model``); a pair's failure
    marks its records ``failed`` and never stops the other pairs.
    """
    stats = TranslationStats()
    available = {
        src: m for (src, tgt), m in (models or installed_models()).items() if tgt == TARGET
    }
    work: dict[str, list[tuple[dict[str, Any], str, list[list[str]]]]] = {}
    for record in records:
        for name in TRANSLATED_FIELDS:
            text, lang = record.get(name), record.get(f"{name}_lang")
            status = _field_status(text, lang, available)
            record[f"{name}_translation_status"] = status
            record[f"{name}_en"] = text if status == "source_is_english" else None
            if status == "no_model":
                stats.pairs_without_model.add(f"{lang}->{TARGET}")
            # "pending" implies both are set; the checks only say so to the type checker.
            if status == "pending" and text is not None and lang is not None:
                work.setdefault(lang, []).append((record, name, split_text(text)))
    for lang, items in sorted(work.items()):
        model = available[lang]
        try:
            _translate_pair(model, items, memory, threads, beam_size, stats)
            done = True
        except Exception as exc:  # one pair's failure must not stop the others
            stats.failures.append(f"{lang}->{TARGET} ({model.label}): {exc!r}")
            done = False
        for record, name, paragraphs in items:
            record[f"{name}_translation_status"] = "translated" if done else "failed"
            if done:
                record[f"{name}_en"] = join_text(paragraphs)
    for record in records:
        statuses = [record[f"{n}_translation_status"] for n in TRANSLATED_FIELDS]
        # The record's status is its body's, or its title's when it has no body.
        record["translation_status"] = next((s for s in reversed(statuses) if s), None)
        lang = record.get("body_lang") or record.get("title_lang")
        record_model = available.get(lang) if lang else None
        translated = record["translation_status"] == "translated"
        record["translation_model"] = record_model.label if record_model and translated else None
        stats.statuses[record["translation_status"] or "empty"] += 1
    return stats


def _translate_pair(
    model: ModelInfo,
    items: list[tuple[dict[str, Any], str, list[list[str]]]],
    memory: TranslationMemory,
    threads: int,
    beam_size: int,
    stats: TranslationStats,
) -> None:
    """Translate every sentence of one pair in place (the paragraphs' sentence lists)."""
    sentences = sorted({s for _, _, paragraphs in items for p in paragraphs for s in p})
    known = memory.lookup(model.key(), sentences)
    missing = [s for s in sentences if s not in known]
    if missing:
        engine = BatchEngine(model, threads=threads, beam_size=beam_size)
        fresh = dict(zip(missing, engine.translate(missing), strict=True))
        memory.store(model.key(), fresh)
        known |= fresh
    stats.sentences_translated += len(missing)
    stats.sentences_from_memory += len(sentences) - len(missing)
    for _, _, paragraphs in items:
        for paragraph in paragraphs:
            paragraph[:] = [known[s] for s in paragraph]
