"""Translation: the batched engine against argostranslate's per-call ``translate()``.

    python -m benchmarks.translation [--sentences 200] [--threads 2]

Both run the same real-size random model (Transformer-base shape: d512, 6+6 layers, 8 heads,
32k vocabulary, int8, as argos OPUS-MT-derived packages are) on the same sentences, with the
same beam size and threads. The model is built here (pipelines.tiny_model) and installed
with argostranslate, so both paths load the very same package.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from pipelines.settings import confine_tool_state, load_settings

SEED_PAGE = (
    Path(__file__).resolve().parents[1] / "spiders" / "snapshot" / "sites" / "mgfu.hu" / "en"
    / "article" / "international_relations" / "projects" / "socialinnovationplus" / "index.html"
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--beam", type=int, default=4)
    args = parser.parse_args()
    os.environ["ARGOS_INTRA_THREADS"] = str(args.threads)
    os.environ["ARGOS_BEAM_SIZE"] = str(args.beam)
    confine_tool_state(load_settings())

    import argostranslate.translate

    from benchmarks.common import report
    from pipelines.tiny_model import build_tiny_model
    from pipelines.translation import BatchEngine, install_model_file
    from transforms.extract import extract_page
    from transforms.sentences import split_text

    text = extract_page(SEED_PAGE.read_text(encoding="utf-8")).body
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        archive = build_tiny_model(
            Path(tmp), "hu", "en", [text], version="9.0.0", d_model=512, layers=6, heads=8,
            target_len=30, vocab_size=2000, vocab_pad_to=32000, quantization="int8",
        )  # fmt: skip
        model = install_model_file(archive)
        build_s = time.perf_counter() - start
    base = [s for p in split_text(text) for s in p]
    sentences = [base[i % len(base)] + ("" if i < len(base) else f" ({i})")
                 for i in range(args.sentences)]  # fmt: skip

    engine = BatchEngine(model, threads=args.threads, beam_size=args.beam)
    engine.translate(sentences[:2])  # load the model before timing
    start = time.perf_counter()
    engine.translate(sentences)
    batched_s = time.perf_counter() - start

    translation = argostranslate.translate.get_translation_from_codes("hu", "en")
    translation.translate(sentences[0])  # load the model and the sentence splitter
    start = time.perf_counter()
    for sentence in sentences:
        translation.translate(sentence)
    per_call_s = time.perf_counter() - start

    figures = {
        "sentences": len(sentences),
        "threads": args.threads,
        "beam_size": args.beam,
        "model": "random d512 6+6 layers 8 heads, 32k vocab, int8",
        "model_build_s": round(build_s, 1),
        "batched_s": round(batched_s, 2),
        "per_call_argostranslate_s": round(per_call_s, 2),
        "batched_sentences_per_s": round(len(sentences) / batched_s, 2),
        "per_call_sentences_per_s": round(len(sentences) / per_call_s, 2),
        "speedup_batched_vs_per_call": round(per_call_s / batched_s, 2),
    }
    report("translation", figures)


if __name__ == "__main__":
    main()
