"""Language of a text field, as an ISO 639-1 code.

langdetect is right on paragraphs but unreliable on titles and menu-length strings, so short
texts lean on the hints the pipeline already has (the page's ``<html lang>``, the source's
declared languages, the body's language).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from langdetect import DetectorFactory, LangDetectException
from langdetect import detector_factory as _langdetect_factory

# langdetect samples randomly; a fixed seed makes results identical run to run and process to
# process. It must be set before the first detection.
DetectorFactory.seed = 0

LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# Below this many letters langdetect's guess alone is not trusted.
SHORT_TEXT_LETTERS = 60
# Share of langdetect's prior probability that short texts give to the hinted languages. Each
# character n-gram multiplies the odds, so the prior must be this lopsided to matter at all on
# a title ("За проекта" is bg, not ru, on a Bulgarian page), while an English project name on a
# Hungarian page is still detected as English.
HINT_PRIOR_SHARE = 0.9999


@dataclass(frozen=True)
class Detection:
    lang: str | None
    confidence: float
    method: str


def _normalise_code(code: str) -> str:
    # langdetect reports Chinese variants and the like with a region; ISO 639-1 has none.
    return code.split("-")[0].lower()


def _ranked(text: str, hints: Sequence[str]) -> list[tuple[str, float]]:
    _langdetect_factory.init_factory()
    factory = _langdetect_factory._factory
    detector = factory.create()
    detector.append(text)
    known = [lang for lang in factory.get_lang_list() if lang.split("-")[0] in hints]
    if known:
        others = len(factory.get_lang_list()) - len(known)
        prior = {lang: (1 - HINT_PRIOR_SHARE) / others for lang in factory.get_lang_list()}
        prior.update({lang: HINT_PRIOR_SHARE / len(known) for lang in known})
        detector.set_prior_map(prior)
    return [(_normalise_code(c.lang), c.prob) for c in detector.get_probabilities()]


def detect_language(text: str, hints: Sequence[str] = ()) -> Detection:
    """Never raises: text without letters gives ``Detection(None, 0.0, "no_letters")``."""
    letters = len(LETTER.findall(text or ""))
    if letters == 0:
        return Detection(None, 0.0, "no_letters")
    hint_codes = [_normalise_code(h) for h in hints if h]
    use_hints = letters < SHORT_TEXT_LETTERS and bool(hint_codes)
    try:
        candidates = _ranked(text, hint_codes if use_hints else ())
    except LangDetectException:
        candidates = []
    if not candidates:
        if hint_codes:
            return Detection(hint_codes[0], 0.5, "hint_only")
        return Detection(None, 0.0, "undetectable")
    lang, prob = candidates[0]
    return Detection(lang, round(prob, 4), "langdetect+hints" if use_hints else "langdetect")
