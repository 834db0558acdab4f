"""``dcat.jsonld``: DCAT-AP 3.0 metadata so EU data portals can harvest a release.

A catalogue with one dataset (the release) and one distribution per data file. Every resource
the shapes constrain by class carries its ``@type`` (EU vocabulary concepts, the licence, media
types...), because a SHACL validator sees only this document, not the vocabularies.

IRIs of the release's own files are relative: a harvester resolves them against the URL it
fetched ``dcat.jsonld`` from, so the metadata is right wherever the release folder is served.
``public_url`` makes them absolute when the releases are published under a known address.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from warehouse.lake import file_sha256
from warehouse.store import DUCKDB_CONFIG

EU = "http://publications.europa.eu/resource/authority"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
LICENCE = f"{EU}/licence/CC_BY_4_0"
# The EU Publications Office's language authority uses ISO 639-3 style codes.
LANGUAGE_CODES = {
    "bg": "BUL", "bs": "BOS", "cs": "CES", "da": "DAN", "de": "DEU", "el": "ELL", "en": "ENG",
    "es": "SPA",
    "et": "EST", "fi": "FIN", "fr": "FRA", "ga": "GLE", "hr": "HRV", "hu": "HUN", "it": "ITA",
    "lt": "LIT", "lv": "LAV", "mt": "MLT", "nl": "NLD", "pl": "POL", "pt": "POR", "ro": "RON",
    "sk": "SLK", "sl": "SLV", "sv": "SWE", "no": "NOR", "nb": "NOB", "is": "ISL", "sr": "SRP",
    "uk": "UKR",
}  # fmt: skip
# ISO 3166-1 alpha-2 -> the country authority's alpha-3 codes (Europe and neighbours).
COUNTRY_CODES = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK",
    "EE": "EST", "ES": "ESP", "FI": "FIN", "FR": "FRA", "GR": "GRC", "EL": "GRC", "HR": "HRV",
    "HU": "HUN", "IE": "IRL", "IT": "ITA", "LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT",
    "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU", "SE": "SWE", "SI": "SVN", "SK": "SVK",
    "NO": "NOR", "IS": "ISL", "LI": "LIE", "CH": "CHE", "GB": "GBR", "UK": "GBR", "RS": "SRB",
    "UA": "UKR", "MD": "MDA", "ME": "MNE", "MK": "MKD", "AL": "ALB", "BA": "BIH", "TR": "TUR",
    "XK": "XKX", "GE": "GEO", "AM": "ARM",
}  # fmt: skip
MEDIA_TYPES = {
    ".parquet": ("application/vnd.apache.parquet", f"{EU}/file-type/PARQUET"),
    ".csv": ("text/csv", f"{EU}/file-type/CSV"),
    ".json": ("application/json", f"{EU}/file-type/JSON"),
}
DISTRIBUTION_TITLES = {
    "records.parquet": "Records (Parquet)",
    "records.csv": "Records (CSV)",
    "initiatives.parquet": "Initiatives (Parquet)",
    "initiatives.csv": "Initiatives (CSV)",
    "organisations.parquet": "Organisations (Parquet)",
    "organisations.csv": "Organisations (CSV)",
    "initiative_organisations.parquet": "Initiatives' organisations and roles (Parquet)",
    "initiative_organisations.csv": "Initiatives' organisations and roles (CSV)",
    "sim_cases.parquet": "Social Innovation Match cases (Parquet)",
    "sim_cases.csv": "Social Innovation Match cases (CSV)",
    "datapackage.json": "Frictionless data package descriptor",
}


@dataclass(frozen=True)
class CatalogInfo:
    """Who publishes the releases and where; from settings, with working defaults."""

    publisher: str = "SI Harvest"
    contact_email: str = "si-harvest@example.org"
    public_url: str | None = None  # e.g. https://data.example.org/si-harvest/releases/


@dataclass(frozen=True)
class Coverage:
    """What the data covers, read from the release's records."""

    sources: list[str]
    languages: list[str]
    countries: list[str]
    start: str | None
    end: str | None


def release_coverage(records_parquet: Path) -> Coverage:
    with duckdb.connect(config=DUCKDB_CONFIG) as con:
        con.read_parquet(str(records_parquet)).create_view("r")
        sources = [row[0] for row in con.execute(
            "SELECT DISTINCT source_id FROM r ORDER BY 1"
        ).fetchall()]  # fmt: skip
        languages = [row[0] for row in con.execute(
            "SELECT DISTINCT language FROM r WHERE language IS NOT NULL ORDER BY 1"
        ).fetchall()]  # fmt: skip
        countries = [row[0] for row in con.execute(
            "SELECT DISTINCT unnest(countries) FROM r ORDER BY 1"
        ).fetchall()]  # fmt: skip
        start, end = con.execute("SELECT min(start_date), max(end_date) FROM r").fetchone() or (
            None,
            None,
        )
    return Coverage(sources, languages, countries, start, end)


def _temporal_literal(value: str) -> dict[str, str]:
    """ISO dates of day, month or year precision, typed as the shapes expect."""
    kind = {10: "xsd:date", 7: "xsd:gYearMonth", 4: "xsd:gYear"}.get(len(value), "xsd:date")
    return {"@value": value, "@type": kind}


def _contact_address(contact: str) -> dict[str, Any]:
    """SIH_CONTACT may be an e-mail address or a web page."""
    if contact.startswith(("http://", "https://")):
        return {"vcard:hasURL": {"@id": contact}}
    return {"vcard:hasEmail": {"@id": f"mailto:{contact.removeprefix('mailto:')}"}}


def _concepts(iris: Iterable[str], rdf_type: str) -> list[dict[str, str]]:
    return [{"@id": iri, "@type": rdf_type} for iri in iris]


def _distribution(
    folder: Path, name: str, base: str, issued: str, sha256: Callable[[Path], str]
) -> dict[str, Any]:
    path = folder / name
    media_type, file_type = MEDIA_TYPES[path.suffix]
    return {
        "@id": f"{base}{name}#distribution",
        "@type": "dcat:Distribution",
        "dct:title": DISTRIBUTION_TITLES.get(name, name),
        # The shapes check these by class, and a validator knows only what this file says.
        "dcat:accessURL": {"@id": f"{base}{name}", "@type": "rdfs:Resource"},
        "dcat:downloadURL": {"@id": f"{base}{name}", "@type": "rdfs:Resource"},
        "dcat:mediaType": {"@id": f"http://www.iana.org/assignments/media-types/{media_type}",
                           "@type": "dct:MediaType"},
        "dct:format": {"@id": file_type, "@type": "dct:MediaTypeOrExtent"},
        "dcat:byteSize": {"@value": str(path.stat().st_size), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256",
                               "@type": "spdx:ChecksumAlgorithm"},
            "spdx:checksumValue": {
                "@value": sha256(path),
                "@type": "xsd:hexBinary",
            },
        },
        "dct:license": {"@id": LICENCE, "@type": "dct:LicenseDocument"},
        "dct:issued": {"@value": issued, "@type": "xsd:dateTime"},
    }  # fmt: skip


def build_dcat(
    folder: Path,
    version: str,
    issued: datetime,
    info: CatalogInfo,
    sha256: Callable[[Path], str] = file_sha256,
) -> dict[str, Any]:
    """The JSON-LD document for the release in ``folder`` (data files already written)."""
    base = f"{info.public_url.rstrip('/')}/{version}/" if info.public_url else ""
    when = issued.replace(microsecond=0).isoformat()
    coverage = release_coverage(folder / "records.parquet")
    languages = sorted({"en", *coverage.languages} & LANGUAGE_CODES.keys())
    countries = sorted({COUNTRY_CODES[c] for c in coverage.countries if c in COUNTRY_CODES})
    publisher = {
        "@id": f"{base}#publisher",
        "@type": "foaf:Agent",
        "foaf:name": info.publisher,
    }
    dataset: dict[str, Any] = {
        "@id": f"{base}#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": f"si-harvest-{version}",
        "dct:title": {"@value": "SI Harvest: European social-innovation initiatives",
                      "@language": "en"},
        "dct:description": {
            "@value": "Social-innovation initiatives funded through ESF+ and EaSI, collected "
            "from the national competence centres' portals (" + ", ".join(coverage.sources)
            + "), translated to English, normalised to one schema and linked across portals "
            "and languages.",
            "@language": "en",
        },
        "dcat:keyword": [{"@value": k, "@language": "en"}
                         for k in ("social innovation", "ESF+", "EaSI", "European Union")],
        "dct:publisher": publisher,
        "dcat:contactPoint": {
            "@id": f"{base}#contact",
            "@type": "vcard:Kind",
            "vcard:fn": info.publisher,
            **_contact_address(info.contact_email),
        },
        "dcat:theme": {"@id": f"{EU}/data-theme/SOCI", "@type": "skos:Concept",
                       "skos:prefLabel": {"@value": "Population and society", "@language": "en"},
                       "skos:inScheme": {"@id": f"{EU}/data-theme", "@type": "skos:ConceptScheme",
                                         "dct:title": {"@value": "Data theme",
                                                       "@language": "en"}}},
        "dct:language": _concepts((f"{EU}/language/{LANGUAGE_CODES[c]}" for c in languages),
                                  "dct:LinguisticSystem"),
        "dct:spatial": _concepts((f"{EU}/country/{c}" for c in countries), "dct:Location"),
        "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/IRREG", "@type": "dct:Frequency"},
        "dct:issued": {"@value": when, "@type": "xsd:dateTime"},
        "dct:modified": {"@value": when, "@type": "xsd:dateTime"},
        "dcat:version": version,
        "dcat:distribution": [
            _distribution(folder, name, base, when, sha256)
            for name in DISTRIBUTION_TITLES
            if (folder / name).exists()
        ],
    }  # fmt: skip
    if coverage.start or coverage.end:
        period: dict[str, Any] = {"@type": "dct:PeriodOfTime"}
        if coverage.start:
            period["dcat:startDate"] = _temporal_literal(coverage.start)
        if coverage.end:
            period["dcat:endDate"] = _temporal_literal(coverage.end)
        dataset["dct:temporal"] = period
    catalog = {
        "@id": f"{base}#catalog",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": "SI Harvest releases", "@language": "en"},
        "dct:description": {"@value": "Versioned releases of the SI Harvest dataset.",
                            "@language": "en"},
        "dct:publisher": {"@id": publisher["@id"]},
        "dct:license": {"@id": LICENCE, "@type": "dct:LicenseDocument"},
        "dcat:dataset": {"@id": dataset["@id"]},
    }  # fmt: skip
    return {"@context": CONTEXT, "@graph": [catalog, dataset]}


def write_dcat(
    folder: Path,
    version: str,
    issued: datetime,
    info: CatalogInfo,
    sha256: Callable[[Path], str] = file_sha256,
) -> None:
    document = build_dcat(folder, version, issued, info, sha256)
    (folder / "dcat.jsonld").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
