"""ESID's social-innovation criteria (issue 17): cue lexicons in several languages, names that
do not count, bounded scores, junk that does not raise, and the columns records carry."""

import json

import pytest

from benchmarks.si_criteria import baseline_innovativeness, quadratic_kappa
from transforms.enrich import enrich_translated
from transforms.si_criteria import CRITERIA, KINDS, _lexicon, languages, score_criteria
from warehouse.initiatives import initiative_criteria

EU_LANGUAGES = {
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
}  # fmt: skip

# Written for these tests (not from any page): (criterion, expected score, language, text).
SAMPLES = [
    ("objectives", 2, "en", "Older people in remote villages have no access to home care."),
    ("objectives", 2, "hu", "A falvakban élő idősek számára nincs elérhető házi gondozás."),
    ("objectives", 2, "sk", "Rómske matky v osadách nemajú prístup k službám starostlivosti."),
    ("objectives", 1, "de", "Das Projekt unterstützt langzeitarbeitslose Menschen."),
    ("objectives", 1, "pl", "Projekt wspiera osoby bezrobotne w powiecie."),
    ("actors", 2, "en", "The service was co-designed with parents and the local school."),
    ("actors", 2, "fr", "Les habitants et la mairie ont conçu ensemble le nouveau service."),
    ("actors", 2, "it", "Abitanti, associazioni e comune gestiscono insieme il giardino."),
    ("actors", 1, "es", "El proyecto lo ejecuta un consorcio de cuatro socios."),
    ("actors", 1, "ro", "Proiectul este realizat în parteneriat cu primăria."),
    ("outputs", 2, "en", "Half of the participants found work within a year."),
    ("outputs", 2, "de", "Das Land hat das Verfahren in die Regelversorgung übernommen."),
    ("outputs", 2, "pl", "Powiat przejął finansowanie usługi po zakończeniu projektu."),
    ("outputs", 1, "hu", "A partnerek módszertani kézikönyvet adtak ki."),
    ("outputs", 1, "cs", "Vznikla metodika pro poskytovatele sociálních služeb."),
    ("innovativeness", 2, "en", "A new mentoring model was piloted in four towns."),
    (
        "innovativeness",
        2,
        "sk",
        "Nový model komunitnej starostlivosti sa overuje v piatich obciach.",
    ),
    (
        "innovativeness",
        2,
        "es",
        "En 2022 se puso en marcha un nuevo servicio de préstamo de bicis.",
    ),
    ("innovativeness", 1, "fr", "Le projet vise à concevoir un nouveau modèle d'accueil."),
    ("innovativeness", 1, "it", "Il progetto intende sviluppare un modello innovativo di cura."),
]
NEUTRAL = [
    ("en", "The seminar takes place on 12 May in the town hall."),
    ("de", "Die Tagung findet am 5. Juni statt."),
    ("hu", "A rendezvény kedden lesz a városházán."),
    ("sk", "Stretnutie sa uskutoční v stredu."),
]


@pytest.mark.parametrize(("criterion", "expected", "lang", "text"), SAMPLES)
def test_sentences_score_their_criterion(
    criterion: str, expected: int, lang: str, text: str
) -> None:
    scores = score_criteria([(text, lang)])
    assert scores.score(criterion) == expected, scores
    evidence = [e for e in scores.evidence if e.criterion == criterion]
    assert evidence and evidence[0].sentence == text and evidence[0].lang == lang
    assert evidence[0].cues


@pytest.mark.parametrize(("lang", "text"), NEUTRAL)
def test_event_logistics_score_nothing(lang: str, text: str) -> None:
    scores = score_criteria([(text, lang)])
    assert scores.si_score == 0 and not scores.evidence


def test_organisation_names_are_not_evidence() -> None:
    text = "The Innovative Social Services Partnership Foundation has moved to a new office."
    name = "Innovative Social Services Partnership Foundation"
    assert score_criteria([(text, "en")]).si_score > 0  # the name alone would count
    assert score_criteria([(text, "en")], organisations=[name]).si_score == 0


def test_the_english_translation_counts_where_the_original_says_less() -> None:
    original = ("Projekt rozvíjí komunitní služby.", "cs")
    english = ("A new community service was piloted in three towns in 2022.", "en")
    alone = score_criteria([original])
    both = score_criteria([original, english])
    assert both.si_innovativeness == 2 > alone.si_innovativeness
    assert any(e.lang == "en" for e in both.evidence if e.criterion == "innovativeness")


def test_planned_novelty_is_not_in_practice() -> None:
    text = "The partners will design a new model of community care. It is run by a charity."
    assert score_criteria([(text, "en")]).si_innovativeness == 1


def test_a_strong_description_scores_high_and_bounded() -> None:
    text = (
        "Young mothers in the villages cannot reach jobs because there is no childcare. "
        "The mothers, the municipality and two employers co-designed a new childcare "
        "cooperative, which was piloted in 2022. Thirty mothers found work, and the council "
        "has adopted the model."
    )
    scores = score_criteria([(text, "en")])
    assert scores.si_score == 8
    assert all(0 <= scores.score(name) <= 2 for name in CRITERIA)


@pytest.mark.parametrize(
    "texts",
    [
        [],
        None,
        [(None, "en")],
        [(123, None)],
        [("", "en")],
        [("text", 5)],
        ["not a pair"],
        [("x" * 20_000, "en")],
        [("new " * 5_000 + "model piloted", "xx")],
        [("\x00\u202e\ufeff🙂 ééé \n\n\n ...;;;", "fr")],
        [("Ünïcödé İstanbul ǅ ß", "de")],
    ],
)
def test_junk_never_raises(texts: object) -> None:
    scores = score_criteria(texts)  # type: ignore[arg-type]
    assert 0 <= scores.si_score <= 8
    json.loads(scores.columns()["si_evidence"])


def test_lexicon_covers_the_24_eu_languages_with_every_cue_kind() -> None:
    assert languages() >= EU_LANGUAGES
    for lang in EU_LANGUAGES:
        cues = _lexicon()["cues"][lang]
        assert all(cues.get(kind) for kind in KINDS), (lang, set(KINDS) - set(cues))


def test_scoring_is_deterministic() -> None:
    text = SAMPLES[0][3] + " " + SAMPLES[5][3] + " " + SAMPLES[15][3]
    assert score_criteria([(text, "en")]) == score_criteria([(text, "en")])


def test_records_carry_the_criteria_columns() -> None:
    record = {
        "title": "Komunitní péče",
        "body": "Senioři na venkově nemají přístup k péči. Nový model byl zaveden v roce 2022.",
        "language": "cs",
        "body_en": "Older people in the countryside have no access to care. "
        "A new model was introduced in 2022.",
        "organisations": [],
    }
    enrich_translated(record)
    assert record["si_objectives"] == 2 and record["si_innovativeness"] == 2
    total = sum(record[f"si_{name}"] for name in CRITERIA)
    assert record["si_score"] == total
    assert {e["criterion"] for e in json.loads(record["si_evidence"])} >= {"objectives"}


def test_an_initiative_takes_each_criteria_highest_record() -> None:
    evidence = json.dumps([{"criterion": "actors", "sentence": "s", "lang": "hu", "score": 2}])
    records = [
        {"record_id": "a", "si_objectives": 2, "si_actors": 0, "si_outputs": 1,
         "si_innovativeness": 0, "si_score": 3, "si_evidence": "[]"},
        {"record_id": "b", "si_objectives": 1, "si_actors": 2, "si_outputs": 0,
         "si_innovativeness": 1, "si_score": 4, "si_evidence": evidence},
    ]  # fmt: skip
    merged = initiative_criteria(records)
    assert (merged["si_objectives"], merged["si_actors"], merged["si_outputs"]) == (2, 2, 1)
    assert merged["si_score"] == 2 + 2 + 1 + 1
    assert json.loads(merged["si_evidence"])[0]["record_id"] == "b"
    assert initiative_criteria([{"record_id": "c"}])["si_score"] is None


def test_weighted_kappa_and_the_baseline() -> None:
    assert quadratic_kappa([0, 1, 2, 2], [0, 1, 2, 2]) == 1.0
    assert quadratic_kappa([0, 0, 2, 2], [2, 2, 0, 0]) < 0
    assert baseline_innovativeness("We piloted a new service for carers.", "en") == 2
    assert baseline_innovativeness("Read our news about the service.", "en") == 0
    assert baseline_innovativeness("Nowy model opieki.", "pl") == 2
