import subprocess
import sys

import pytest

from transforms.language import detect_language

# Opening sentences of the seed portals' pages and of the other EU languages' ESF+ texts.
PARAGRAPHS = {
    "hu": "A társadalmi innováció fogalmával egyre több helyen találkozhattunk az elmúlt "
    "években, és bár a koncepció maga egyáltalán nem újdonság.",
    "sk": "Sociálne inovácie sa dostávajú stále viac do centra diskusie v kontexte riešenia "
    "aktuálnych sociálnych a spoločenských výziev.",
    "pl": "Spotkanie odbywać się będzie w przededniu ogłoszenia planu pracy inicjatywy EFS "
    "na przyszły rok. Będzie prowadzone online w języku angielskim.",
    "bg": "Целта на SI PLUS е да предоставя услуги за професионална подкрепа на социалните "
    "иновации в публичната политика по заетост и пазара на труда.",
    "ro": "Inovarea socială urmărește să promoveze condițiile europene de trai îmbunătățind "
    "condițiile de muncă, educația, dezvoltarea locală sau sănătatea.",
    "en": "Social innovation aims to improve European living conditions by improving working "
    "conditions, education, local development or health.",
    "de": "Soziale Innovation zielt darauf ab, die Lebensbedingungen in Europa durch bessere "
    "Arbeitsbedingungen, Bildung und Gesundheit zu verbessern.",
    "fr": "L'innovation sociale vise à améliorer les conditions de vie en Europe en améliorant "
    "les conditions de travail, l'éducation ou la santé.",
    "cs": "Sociální inovace se snaží zlepšit životní podmínky v Evropě zlepšením pracovních "
    "podmínek, vzdělávání, místního rozvoje nebo zdraví.",
}


@pytest.mark.parametrize(("lang", "text"), sorted(PARAGRAPHS.items()))
def test_paragraphs_are_detected_without_hints(lang: str, text: str) -> None:
    detection = detect_language(text)
    assert detection.lang == lang
    assert 0.5 < detection.confidence <= 1.0


@pytest.mark.parametrize(
    ("title", "hints", "lang"),
    [
        ("За проекта", ["bg"], "bg"),
        ("Národné kompetenčné centrum pre sociálne inovácie", ["sk"], "sk"),
        ("Wiadomości", ["pl"], "pl"),
        ("Inovare socială și cooperare transnațională", ["ro"], "ro"),
        # Clearly English text on a Hungarian page stays English.
        ("Supporting carers in local communities", ["hu"], "en"),
        ("Projekt", ["sk"], "sk"),
    ],
)
def test_short_titles_use_hints(title: str, hints: list[str], lang: str) -> None:
    assert detect_language(title, hints).lang == lang


@pytest.mark.parametrize("text", ["", "   ", "24-11-2023", "1234 5678", "—…!?", "\x00\x01"])
def test_text_without_letters_has_no_language(text: str) -> None:
    detection = detect_language(text)
    assert detection.lang is None
    assert detection.confidence == 0.0


@pytest.mark.parametrize("text", ["😀😀", "a", "ß", "x" * 100_000, "\ud800", "Ω" * 3])
def test_never_raises(text: str) -> None:
    detection = detect_language(text, hints=["el", ""])
    assert detection.lang is None or len(detection.lang) == 2


def test_deterministic_across_processes() -> None:
    texts = [*PARAGRAPHS.values(), "Projekt", "Competence Centres", "ESF+ Community"]
    here = [detect_language(t).lang for t in texts]
    code = (
        "import json, sys; from transforms.language import detect_language;"
        "print(json.dumps([detect_language(t).lang for t in json.load(sys.stdin)]))"
    )
    import json

    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(out.stdout) == here


def _samples() -> list[dict[str, str]]:
    import csv
    from pathlib import Path

    path = Path(__file__).parent / "data" / "language_samples.tsv"
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_labelled_set_covers_the_required_languages() -> None:
    from transforms.language import SUPPORTED

    rows = _samples()
    assert len(rows) >= 300
    assert {r["lang"] for r in rows} == set(SUPPORTED)
    assert all(len(r["text"]) < 80 for r in rows if r["kind"] == "short")


@pytest.mark.parametrize(("kind", "target"), [("short", 0.95), ("long", 1.0)])
def test_accuracy_targets_on_the_labelled_set(kind: str, target: float) -> None:
    """Standalone titles without hints: at least 95% right; paragraphs: all right."""
    rows = [r for r in _samples() if r["kind"] == kind]
    wrong = [(r["lang"], detect_language(r["text"]).lang, r["text"]) for r in rows]
    wrong = [w for w in wrong if w[0] != w[1]]
    accuracy = 1 - len(wrong) / len(rows)
    assert accuracy >= target, wrong
