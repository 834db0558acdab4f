"""The release's descriptors catch what they must: tampered files, broken keys, bad metadata."""

import json
import shutil
from pathlib import Path

import frictionless
import pyarrow as pa
import pyshacl
import pytest

from transforms.schema import INITIATIVE_FIELDS, INITIATIVE_SCHEMA, RECORD_FIELDS, RECORD_SCHEMA
from warehouse.dcat import CatalogInfo
from warehouse.lake import write_parquet_atomic
from warehouse.release import publish_release
from warehouse.store import load_warehouse

SHAPES = Path(__file__).parent / "data" / "dcat-ap-3.0.0-SHACL.ttl"


@pytest.fixture
def release(tmp_path: Path) -> Path:
    records = [
        {f.name: None for f in RECORD_FIELDS}
        | {
            "record_id": rid,
            "source_id": "pl_efs",
            "url": f"https://efs.gov.pl/{rid}/",
            "fetched_at": "2026-01-01T00:00:00+00:00",
            "content_hash": "h",
            "title": f"Projekt {rid}",
            "language": "pl",
            "countries": ["PL", "CZ"],
            "start_date": "2024-01",
            "end_date": "2026-06-30",
            "initiative_id": "i1",
        }
        for rid in ("a", "b")
    ]
    initiative = {f.name: None for f in INITIATIVE_FIELDS} | {
        "initiative_id": "i1",
        "record_ids": ["a", "b"],
    }
    write_parquet_atomic(
        pa.Table.from_pylist(records, schema=RECORD_SCHEMA), tmp_path / "r.parquet"
    )
    write_parquet_atomic(
        pa.Table.from_pylist([initiative], schema=INITIATIVE_SCHEMA), tmp_path / "i.parquet"
    )
    db = tmp_path / "w.duckdb"
    load_warehouse(db, [tmp_path / "r.parquet"], [], {"initiatives": tmp_path / "i.parquet"})
    info = CatalogInfo(contact_email="data@example.org", public_url="https://data.example.org/r/")
    return publish_release(db, tmp_path / "releases", "v1", info)


def _copy(release: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(release, tmp_path / "copy"))


def test_package_is_valid_and_catches_a_dangling_initiative_and_a_changed_file(
    release: Path, tmp_path: Path
) -> None:
    assert frictionless.validate(str(release / "datapackage.json")).valid
    broken = _copy(release, tmp_path)
    csv = broken / "records.csv"
    csv.write_text(csv.read_text().replace(",i1,", ",i-missing,", 1))
    report = frictionless.validate(str(broken / "datapackage.json"))
    errors = {error[0] for error in report.flatten(["type"])}
    assert "foreign-key" in errors  # the record points at no initiative
    assert "hash-count" in errors  # and the file no longer matches its recorded hash
    parquet = broken / "initiatives.parquet"
    parquet.write_bytes(parquet.read_bytes() + b"\0")
    report = frictionless.validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert "byte-count" in {error[0] for error in report.flatten(["type"])}


def test_dcat_conforms_to_dcat_ap_3_and_uses_the_public_url(release: Path, tmp_path: Path) -> None:
    conforms, _, text = pyshacl.validate(
        str(release / "dcat.jsonld"), shacl_graph=str(SHAPES), data_graph_format="json-ld"
    )
    assert conforms, text
    graph = json.loads((release / "dcat.jsonld").read_text())["@graph"]
    dataset = next(node for node in graph if node["@type"] == "dcat:Dataset")
    assert dataset["@id"] == "https://data.example.org/r/v1/#dataset"
    assert dataset["dct:temporal"]["dcat:startDate"] == {
        "@value": "2024-01",
        "@type": "xsd:gYearMonth",
    }
    assert dataset["dct:temporal"]["dcat:endDate"]["@type"] == "xsd:date"
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"] == {"@id": "mailto:data@example.org"}
    # The shapes are not a rubber stamp: a dataset without a title fails them.
    del dataset["dct:title"]
    (tmp_path / "bad.jsonld").write_text(
        json.dumps(
            {"@context": {}, "@graph": graph}
            | {"@context": json.loads((release / "dcat.jsonld").read_text())["@context"]}
        )
    )
    conforms, _, text = pyshacl.validate(
        str(tmp_path / "bad.jsonld"), shacl_graph=str(SHAPES), data_graph_format="json-ld"
    )
    assert not conforms and "title" in text
