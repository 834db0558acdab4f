"""Organisation names, roles and matching keys from partner lists in several languages."""

import pytest

from transforms.organisations import organisation_key, organisation_name, organisation_role


@pytest.mark.parametrize(
    ("written", "lang", "role"),
    [
        ("Lechner, Reiter & Riesenfelder Social Research OG – Ausztria (vezető partner)", "hu",
         "lead"),
        ("arbeit plus – Soziale Unternehmen Österreich – Ausztria", "hu", "partner"),
        ("Fundacja Ashoka Polska (partner stowarzyszony)", "pl", "associated_partner"),
        ("Ministerstvo práce SR (poskytovateľ grantu)", "sk", "funder"),
        ("ABC SRL – România (lider de proiect)", "ro", "lead"),
        ("Агенция за социално подпомагане – България (водещ партньор)", "bg", "lead"),
        ("Caritas e.V. – Deutschland (assoziierter Partner)", "de", "associated_partner"),
        # The role is read after the name, never in it.
        ("Coordination Centre for Social Innovation", "en", "partner"),
    ],
)  # fmt: skip
def test_roles_from_the_entry_tail(written: str, lang: str, role: str) -> None:
    assert organisation_role(written, lang) == role


def test_names_and_keys_across_scripts_and_legal_forms() -> None:
    assert organisation_name("IFKA Közhasznú Nonprofit Kft. – Magyarország", "hu") == (
        "IFKA Közhasznú Nonprofit Kft."
    )
    # A dash inside the name stays when its last part names no country in the page's language
    # (on the Hungarian page; on a German one "Österreich" would be taken for the country).
    assert organisation_name("arbeit plus – Soziale Unternehmen Österreich", "hu") == (
        "arbeit plus – Soziale Unternehmen Österreich"
    )
    assert organisation_key("IFKA Közhasznú Nonprofit Kft.", "hu") == "ifka"
    assert organisation_key("Сдружение Ден", "bg") == organisation_key("Sdruzhenie Den", "ro")
    assert organisation_key("Fundația „Alfa” S.R.L.", "ro") == "fundatia alfa"


@pytest.mark.parametrize(
    "names",
    [
        # The lookup (transforms/lexicons/organisation_aliases.yml): languages, scripts, acronyms.
        ("IFKA Közhasznú Nonprofit Kft.", "IFKA Public Benefit Non-Profit Ltd.", "IFKA",
         "Foundation for the Technical Development of the Industry", "MGFÜ",
         "Фондация за техническо развитие на индустрията"),
        ("Lechner, Reiter & Riesenfelder Social Research OG", "L&R Social Research",
         "Lechner, Reiter & Riesenfelder Sozialforschung OG"),
        ("Ministry of Labour, Social Affairs and Family",
         "Ministerstvo práce, sociálnych vecí a rodiny SR", "MPSVR SR",
         "Министерство на труда, социалните въпроси и семейството"),
        ("Sofia Development Association", "SDA", "Асоциация за развитие на София"),
        # An acronym in brackets is an alias, known or not.
        ("Zentrum für Soziale Innovation (ZSI)", "ZSI", "Zentrum für Soziale Innovation"),
        ("Rural Innovation Network (RIN)", "Rural Innovation Network"),
    ],
)  # fmt: skip
def test_one_key_for_every_alias(names: tuple[str, ...]) -> None:
    assert len({organisation_key(name) for name in names}) == 1


def test_unknown_names_keep_their_plain_key() -> None:
    assert organisation_key("Nadácia Pontis", "sk") == "nadacia pontis"
    assert organisation_key("Fundacja Stocznia") != organisation_key("Fundacja Pontis")
