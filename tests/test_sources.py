from pathlib import Path

import pytest

from spiders.sources import SourceError, load_source_file, load_sources

# The portals the five seed pages come from, and the rest of the SI PLUS partner network.
SEED_SOURCES = {
    "hu_mgfu",
    "sk_mpsvr",
    "pl_innowacjespoleczne",
    "bg_social_innovations_club",
    "eu_esf_ro",
}
SI_PLUS_NETWORK = {"eu_siplus", "hu_siplus_mgfu", "sk_socialneinovacie", "bg_sofia_da"}

GOOD = """
publisher: Example
country: AT
languages: [de]
start_urls: [https://example.at/projekte/]
allowed_domains: [example.at]
detail: ['^https://example\\.at/projekte/[a-z-]+/$']
"""


def test_built_in_sources_include_the_seed_portals_and_the_si_plus_network() -> None:
    sources = load_sources()
    assert set(sources) >= SEED_SOURCES | SI_PLUS_NETWORK
    for name, source in sources.items():
        assert source.name == name
        assert name.split("_")[0] == source.country.lower()
        assert source.expected_min >= 1


def test_extra_folder_adds_a_yaml_only_source(tmp_path: Path) -> None:
    (tmp_path / "at_example.yml").write_text(GOOD)
    sources = load_sources([tmp_path])
    assert set(sources) == set(load_sources()) | {"at_example"}
    assert sources["at_example"].languages == ["de"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (GOOD.replace("country: AT", "country: Austria"), "country"),
        (GOOD.replace("languages: [de]", "languages: [deu]"), "languages"),
        (GOOD.replace("detail: [", "detail: ['([unclosed', "), "detail"),
        (GOOD + "unexpected: 1\n", "unexpected"),
        (
            GOOD.replace("start_urls: [https://example.at/projekte/]", "start_urls: []"),
            "start_urls",
        ),
    ],
)
def test_bad_field_is_named_with_the_file(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "at_example.yml"
    path.write_text(text)
    with pytest.raises(SourceError) as err:
        load_source_file(path)
    assert str(path) in str(err.value)
    assert f"field '{field}" in str(err.value)


def test_bad_yaml_and_bad_name_are_clear(tmp_path: Path) -> None:
    broken = tmp_path / "at_broken.yml"
    broken.write_text("publisher: [unclosed\n")
    with pytest.raises(SourceError, match=r"at_broken\.yml: not valid YAML"):
        load_source_file(broken)
    renamed = tmp_path / "at_other.yml"
    renamed.write_text(GOOD + "name: at_example\n")
    with pytest.raises(SourceError, match="'at_example' but the file is 'at_other'"):
        load_source_file(renamed)
    badname = tmp_path / "Example.yml"
    badname.write_text(GOOD)
    with pytest.raises(SourceError, match="field 'name'"):
        load_source_file(badname)


def test_missing_source_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        load_sources([tmp_path / "nope"])


def test_lookups_only_for_known_fields(tmp_path: Path) -> None:
    path = tmp_path / "at_example.yml"
    path.write_text(GOOD + "lookups:\n  organisations: {'A GmbH': 'A'}\n")
    assert load_source_file(path).lookups == {"organisations": {"A GmbH": "A"}}
    path.write_text(GOOD + "lookups:\n  colour: {'a': 'b'}\n")
    with pytest.raises(SourceError, match=r"field 'lookups'.*colour"):
        load_source_file(path)
