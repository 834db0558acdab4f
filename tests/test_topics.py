"""Policy areas and target groups from multilingual lexicons, with the words as evidence."""

import json

import pytest

from transforms.enrich import enrich_translated
from transforms.topics import classify_topics, load_lexicon


@pytest.mark.parametrize(
    ("lang", "text", "area", "group"),
    [
        ("hu", "A program a tartósan munkanélküli fiatalok foglalkoztatását segíti.",
         "employment_access", "young_people"),
        ("sk", "Projekt podporuje sociálne začlenenie rómskych rodín.",
         "active_inclusion", "roma"),
        ("cs", "Bydlení pro lidi bez domova: pilotní projekt pro bezdomovce.",
         "access_to_services", "homeless_people"),
        ("pl", "Wsparcie dla osób niepełnosprawnych na rynku pracy.",
         "employment_access", "people_with_disabilities"),
        ("bg", "Социални услуги за възрастни хора в риск от бедност.",
         "poverty_and_exclusion", "older_people"),
        ("ro", "Incluziune socială și ocupare pentru femei din comunități marginalizate.",
         "marginalised_communities", "women"),
        ("de", "Weiterbildung und Umschulung für geflüchtete Menschen.",
         "lifelong_learning", "migrants_and_refugees"),
        ("fr", "Lutte contre la pauvreté des familles monoparentales.",
         "poverty_and_exclusion", "children_and_families"),
        ("es", "Economía social y empleo para jóvenes.", "adaptation_to_change", "young_people"),
        ("it", "Servizi sociali per anziani soli.", "access_to_services", "older_people"),
        ("en", "Food bank and food aid for deprived households.", "material_deprivation", None),
    ],
)  # fmt: skip
def test_areas_and_groups_across_languages(
    lang: str, text: str, area: str, group: str | None
) -> None:
    areas, groups = classify_topics(text, lang, None)
    assert area in areas, areas
    assert all(word.startswith(f"{lang}: ") for word in areas[area])
    if group:
        assert group in groups, groups


def test_accents_and_whole_words_keep_false_friends_out() -> None:
    # "római" (Roman) is not "roma"; the Slovak stem "rómov" needs its accent, not "Romania".
    assert "roma" not in classify_topics("A római birodalom története", "hu", None)[1]
    assert "roma" not in classify_topics("Spolupráca s Romániou a Rakúskom", "sk", None)[1]
    # Text typed without accents still meets an unaccented stem.
    assert "employment_access" in classify_topics("podpora zamestnanosti", "sk", None)[0]


def test_english_translation_adds_evidence() -> None:
    areas, groups = classify_topics(
        "Teksti ilman tunnettuja sanoja", "fi", "Housing First for homeless young people"
    )
    assert areas["access_to_services"] == ["en: homeless", "en: housing"]
    assert set(groups) == {"homeless_people", "young_people"}


def test_every_esf_objective_a_to_m_is_covered_once() -> None:
    letters = sorted(entry.esf for entry in load_lexicon("policy_areas"))
    assert letters == list("abcdefghijklm")


def test_enrich_fills_topics_provenance_flags_and_completeness() -> None:
    record = {
        "title": "Mieszkanie dla bezdomnych",
        "body": "Projekt wspiera osoby bezdomne.",
        "language": "pl",
        "title_en": "Housing for the homeless <b>now</b>",
        "body_en": None,
        "field_provenance": json.dumps({"countries": {"PL": "Polska"}}),
        "safety_flags": ["body:markup", "title_en:stale"],
    }
    enrich_translated(record)
    assert record["policy_areas"] == ["access_to_services"]
    assert record["target_groups"] == ["homeless_people"]
    provenance = json.loads(record["field_provenance"])
    assert provenance["countries"] == {"PL": "Polska"}  # kept
    assert "pl: bezdomnych" in provenance["target_groups"]["homeless_people"]
    assert record["safety_flags"] == ["body:markup", "title_en:markup"]
    assert 0 < record["completeness"] < 1


def test_no_target_group_or_area_from_an_organisations_name() -> None:
    from transforms.enrich import enrich_translated

    record = {
        "title": "Partners",
        "body": "The Ministry of Labour, Social Affairs and Family leads the project.",
        "language": "en",
        "organisations": ["Ministry of Labour, Social Affairs and Family"],
    }
    enrich_translated(record)
    assert "children_and_families" not in record["target_groups"]
    unmasked = {"title": "Support", "body": "Support for families with children.", "language": "en"}
    enrich_translated(unmasked)
    assert "children_and_families" in unmasked["target_groups"]
