"""Build a tiny but real argostranslate package (``.argosmodel``), fully offline.

Real packages cannot be downloaded on machines without internet, so tests, demos and
benchmarks build one: SentencePiece trained on the given texts, a CTranslate2 Transformer with
random weights that stops after about ``target_len`` tokens, and a rule-based MiniSBD sentence
splitter (ONNX) so argostranslate's own per-call path also runs offline. Its output is
gibberish by design; it exercises the real install and translate code paths. Adapted from the
team's recipe (tiny_argos_min.py). ``d_model``/``layers``/``heads``/``vocab_pad_to`` also
build a real-size random model for benchmarks.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import onnx
import sentencepiece as spm
from ctranslate2.specs import transformer_spec
from onnx import TensorProto, numpy_helper
from onnx import helper as onnx_helper

FALLBACK = ["Egy kis magyar mondat.", "A small English sentence.", "Ez egy második mondat."]


def _sentences(texts: Iterable[str], seed: int) -> list[str]:
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n", t) if len(s) > 3]
    sentences = sentences or list(FALLBACK)
    rnd, words = random.Random(seed), " ".join(sentences).split()
    sentences += [
        " ".join(rnd.choice(words) for _ in range(rnd.randint(5, 15))) + "." for _ in range(300)
    ]
    return sentences


def _weight_shape(name: str, d: int, ffn: int, vocab: int) -> tuple[int, ...]:
    if name.endswith(("gamma", "beta")):
        return (d,)
    if "embeddings" in name or name.startswith("decoder/projection"):
        return (vocab, d)
    if "/ffn/linear_0/" in name:
        return (ffn, d)
    if "/ffn/linear_1/" in name:
        return (d, ffn)
    if "/self_attention/linear_0/" in name:
        return (3 * d, d)  # fused QKV
    if "/attention/linear_1/" in name and "self_" not in name:
        return (2 * d, d)  # fused KV
    return (d, d)


def _ct2_model(
    vocab: list[str],
    out: Path,
    d: int,
    layers: int,
    heads: int,
    target_len: int,
    seed: int,
    quantization: str | None,
    real_tokens: int,
) -> None:
    spec = transformer_spec.TransformerSpec.from_config(layers, heads)
    rng = np.random.default_rng(seed)
    size, ffn = len(vocab), 2 * d if d < 512 else 4 * d

    def fill(spec_part: object, name: str, value: object) -> None:
        if value is None:
            attr = name.split("/")[-1]
            if attr == "gamma":
                array = np.ones(d, np.float32)
            elif attr == "beta":
                array = np.zeros(d, np.float32)
            else:
                shape = _weight_shape(name, d, ffn, size)
                array = rng.normal(0, d**-0.5, shape).astype(np.float32)
            setattr(spec_part, attr, array)

    spec._visit(fill)
    # A "length clock": the last decoder dimension is a position ramp that only </s> reads,
    # so decoding stops after about target_len tokens instead of running to the limit.
    k, dec = d - 1, spec.decoder
    pos = np.arange(1024, dtype=np.float32)[:, None]
    half = (d - 1) // 2
    inv = 1.0 / 10000 ** (np.arange(half) / half)
    encodings = np.zeros((1024, d), np.float32)
    encodings[:, :half], encodings[:, half : 2 * half] = np.sin(pos * inv), np.cos(pos * inv)
    encodings[:, k] = pos[:, 0] / (0.7 * target_len)
    dec.position_encodings.encodings = encodings
    dec.embeddings.weight[:, k] = 0
    for layer in dec.layer:
        layer.self_attention.linear[1].weight[k] = 0
        layer.attention.linear[2].weight[k] = 0
        layer.ffn.linear_1.weight[k] = 0
    projection = dec.projection.weight
    projection[:, k] = 0
    projection[2] = 0
    projection[2, k] = 8.0
    bias = np.zeros(size, np.float32)
    bias[2] = -1.0
    # Padding tokens are never emitted: they only give the model a real vocabulary's cost.
    # (Were they emitted, the best random logit over 32k tokens would delay </s> twofold.)
    bias[real_tokens:] = -10.0
    dec.projection.bias = bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    out.mkdir(parents=True, exist_ok=True)
    spec.save(str(out))


def _rule_sbd_onnx(src: str, out: Path) -> None:
    """MiniSBD-compatible ONNX model: '.!?…' before a space or the end closes a sentence."""
    units = ["<PAD>", "<UNK>", " ", ".", "!", "?", "…"]
    n = len(units)

    def table(ids: set[int], name: str) -> TensorProto:
        tensor = numpy_helper.from_array(np.array([float(i in ids) for i in range(n)], np.float32))
        tensor.name = name
        return tensor

    inits = [table({3, 4, 5, 6}, "punct"), table(set(range(n)) - {0, 2}, "nonsp"),
             table({0, 2}, "sppad")]  # fmt: skip
    inits += [
        numpy_helper.from_array(np.array(v, np.int64), name)
        for v, name in [([0, 0, 0, 1], "pads"), (0, "pv"), ([1], "s0"), ([2**62], "s1"),
                        ([1], "ax"), ([-1], "ua")]
    ]  # fmt: skip
    inits.append(numpy_helper.from_array(np.array([0.0, 1.0, 2.0], np.float32), "cls"))
    node = onnx_helper.make_node
    graph = onnx_helper.make_graph(
        [
            node("Pad", ["units", "pads", "pv"], ["up"]),
            node("Slice", ["up", "s0", "s1", "ax"], ["nx"]),
            node("Gather", ["punct", "units"], ["p"]),
            node("Gather", ["nonsp", "units"], ["ns"]),
            node("Gather", ["sppad", "nx"], ["sn"]),
            node("Mul", ["ns", "sn"], ["te"]),
            node("Mul", ["p", "sn"], ["se"]),
            node("Add", ["te", "se"], ["c"]),
            node("Unsqueeze", ["c", "ua"], ["c3"]),
            node("Sub", ["c3", "cls"], ["df"]),
            node("Mul", ["df", "df"], ["sq"]),
            node("Neg", ["sq"], ["logits"]),
        ],
        "rule_sbd",
        [
            onnx_helper.make_tensor_value_info("units", TensorProto.INT64, ["B", "T"]),
            onnx_helper.make_tensor_value_info("features", TensorProto.FLOAT, ["B", "T", "F"]),
        ],
        [onnx_helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["B", "T", 3])],
        inits,
    )
    model = onnx_helper.make_model(graph, opset_imports=[onnx_helper.make_opsetid("", 13)])
    model.ir_version = 8
    config = {"feat_funcs": ["space_before"], "batch_size": 32, "max_seqlen": 1000,
              "use_dictionary": False, "num_dict_feat": 0, "skip_newline": False}  # fmt: skip
    vocab = {"lang": src, "idx": 0, "cutoff": 0, "lower": False, "_id2unit": units,
             "_unit2id": {u: i for i, u in enumerate(units)}}  # fmt: skip
    meta = {"lang_code": src, "lexicon": "null", "config": json.dumps(config),
            "vocab": json.dumps(vocab)}  # fmt: skip
    for key, value in meta.items():
        prop = model.metadata_props.add()
        prop.key, prop.value = key, value
    onnx.checker.check_model(model)
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(out))


def build_tiny_model(
    out_dir: Path,
    src: str = "hu",
    tgt: str = "en",
    texts: Iterable[str] = (),
    *,
    version: str = "0.0.1",
    d_model: int = 64,
    layers: int = 2,
    heads: int = 2,
    target_len: int = 20,
    vocab_size: int = 400,
    vocab_pad_to: int = 0,
    quantization: str | None = None,
    seed: int = 0,
) -> Path:
    """Write ``translate-<src>_<tgt>-tiny-<version>.argosmodel`` into out_dir; return its path."""
    name = f"translate-{src}_{tgt}-tiny"
    work = Path(out_dir) / f".build-{name}-{version}"
    pkg = work / name
    pkg.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_sentences(texts, seed)), model_prefix=str(pkg / "sentencepiece"),
        vocab_size=vocab_size, hard_vocab_limit=False, character_coverage=1.0,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, minloglevel=2,
    )  # fmt: skip
    os.remove(pkg / "sentencepiece.vocab")
    sp = spm.SentencePieceProcessor(model_file=str(pkg / "sentencepiece.model"))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    real_tokens = len(vocab)
    # Real packages have ~32k-entry vocabularies; padding gives a benchmark model that cost.
    vocab += [f"<unused{i}>" for i in range(max(0, vocab_pad_to - len(vocab)))]
    _ct2_model(
        vocab, pkg / "model", d_model, layers, heads, target_len, seed, quantization, real_tokens
    )
    _rule_sbd_onnx(src, pkg / "minisbd" / f"{src}.onnx")
    metadata = {"package_version": version, "argos_version": "1.11.0", "from_code": src,
                "from_name": src, "to_code": tgt, "to_name": tgt, "type": "translate",
                "links": []}  # fmt: skip
    (pkg / "metadata.json").write_text(json.dumps(metadata))
    archive = Path(out_dir) / f"{name}-{version}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(pkg.rglob("*")):
            zf.write(path, path.relative_to(work))
    shutil.rmtree(work)
    return archive
