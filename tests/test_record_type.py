"""Record types from URL sections and titles in many languages; completeness scores."""

import pytest

from transforms.completeness import completeness
from transforms.record_type import classify_record


@pytest.mark.parametrize(
    ("url", "title", "kind"),
    [
        # The five snapshot portals.
        ("https://ifka.hu/projektek/social-innovation-plus-si-plus/", "SI Plus", "project"),
        ("https://sofiada.org/bg/proekti/si-plus/", "За проекта", "project"),
        ("https://www.efs.gov.pl/strony/wiadomosci/przyszlosc/", "Przyszłość", "news"),
        (
            "https://www.employment.gov.sk/sk/esf/socialne-inovacie/narodne-centrum.html",
            "Národné kompetenčné centrum pre sociálne inovácie",
            "organisation",
        ),
        ("https://x.eu/ro/inovare-sociala", "Inovare socială și cooperare", "page"),
        # Other languages and scripts, URL or title.
        ("https://x.de/veranstaltungen/2024/tag/", "Tag der Sozialinnovation", "event"),
        ("https://x.fr/", "Conférence européenne sur l'innovation sociale", "event"),
        ("https://x.cz/aktuality/clanek/", "Nová výzva", "news"),
        ("https://x.lt/naujienos/abc/", "Kvietimas", "news"),
        ("https://x.bg/", "Новини от проекта", "news"),
        ("https://x.ua/", "Проект соціальних інновацій", "project"),
        ("https://x.ro/proiecte/ab/", "Incluziune", "project"),
        ("https://x.it/progetti/ab/", "Inclusione", "project"),
        ("https://x.hu/", "Kezdeményezés a lakhatásért", "initiative"),
        ("https://x.pl/o-nas/zespol/", "Zespół", "organisation"),
        ("https://x.es/", "Iniciativa de innovación social", "initiative"),
    ],
)
def test_record_types(url: str, title: str, kind: str) -> None:
    found, evidence = classify_record(url, title)
    assert found == kind, evidence
    assert evidence


def test_the_page_slug_alone_does_not_decide() -> None:
    # "/projekt-news/" is the page's own slug, not a section of the site.
    assert classify_record("https://x.pl/projekt-news/", "Ogłoszenie")[0] == "page"


def test_completeness_weights_what_is_filled() -> None:
    empty = completeness({})
    full = completeness(
        {
            "title": "T", "body": "B", "language": "hu", "body_en": "E", "countries": ["HU"],
            "funding_programmes": ["EaSI"], "start_date": "2021-05", "organisations": ["IFKA"],
            "record_type": "project", "published_at": "2021-05-03",
            "policy_areas": ["access_to_services"],
        }
    )  # fmt: skip
    half = completeness({"title": "T", "body": "B", "record_type": "page", "countries": []})
    assert (empty, full) == (0.0, 1.0)
    assert 0.0 < half < 0.5
