"""Gold: the DuckDB warehouse over every source, and the versioned Parquet release."""

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    MaterializeResult,
    MetadataValue,
    asset,
)

from pipelines.resources import DataLake, LakeSync
from pipelines.silver import translated_records
from transforms.linking import LINK_INPUT_COLUMNS, Link, link_records, merge_initiatives
from transforms.schema import INITIATIVE_SCHEMA, LINK_SCHEMA
from warehouse.dcat import CatalogInfo
from warehouse.lake import (
    gold_paths,
    latest_crawl_dir,
    translated_records_path,
    write_parquet_atomic,
)
from warehouse.quality import CHECKS, run_quality_checks
from warehouse.release import new_version, publish_release
from warehouse.store import load_warehouse

# Error checks of the quality gate (warehouse/quality.py) are blocking: a failed one stops the
# release asset in the same run, so LATEST never points at a release that failed them.


@asset(
    deps=[translated_records],
    group_name="gold",
    description="Records of the same initiative, across portals and languages, linked into "
    "initiatives (acronyms, English names, shared organisations, periods, programmes).",
    kinds={"parquet"},
)
def initiatives(
    context: AssetExecutionContext, lake: DataLake, sync: LakeSync
) -> MaterializeResult:
    files = [
        p
        for name in lake.sources()
        if (p := translated_records_path(lake.silver_dir, name)).exists()
    ]
    records, initiative_of, links, merged = link_silver_files(files)
    paths = gold_paths(lake.root)
    write_parquet_atomic(
        pa.Table.from_pylist(merged, schema=INITIATIVE_SCHEMA), paths["initiatives"]
    )
    link_rows = [
        {"record_a": k.record_a, "record_b": k.record_b, "score": k.score, "evidence": k.evidence}
        for k in links
    ]
    write_parquet_atomic(pa.Table.from_pylist(link_rows, schema=LINK_SCHEMA), paths["links"])
    membership = [{"record_id": r, "initiative_id": i} for r, i in sorted(initiative_of.items())]
    write_parquet_atomic(pa.Table.from_pylist(membership), paths["membership"])
    multi = [m for m in merged if len(m["record_ids"]) > 1]
    preview = "| initiative | records | sources | countries |\n|---|---|---|---|\n" + "\n".join(
        f"| {m['title']} | {len(m['record_ids'])} | {', '.join(m['sources'])} | "
        f"{', '.join(m['countries'])} |"
        for m in multi[:5]
    )
    return MaterializeResult(
        metadata={
            "records": len(records),
            "initiatives": len(merged),
            "links": len(links),
            "multi_source_initiatives": len(multi),
            "linked_initiatives": MetadataValue.md(preview if multi else "No records linked."),
        }
    )


def link_silver_files(
    files: list[Path],
) -> tuple[list[dict[str, Any]], dict[str, str], list[Link], list[dict[str, Any]]]:
    """Link every source's records: (records read, record -> initiative, links, initiatives).

    Only the columns linking and merging read are loaded, which keeps a million records'
    translations and provenance out of memory.
    """
    records = [
        row
        for path in files
        for row in pq.read_table(path, columns=list(LINK_INPUT_COLUMNS)).to_pylist()
    ]
    initiative_of, links = link_records(records)
    return records, initiative_of, links, merge_initiatives(records, initiative_of)


@asset(
    deps=[initiatives],
    check_specs=[
        AssetCheckSpec(name, asset="warehouse", description=text, blocking=severity == "error")
        for name, (severity, text) in CHECKS.items()
    ],
    group_name="gold",
    description="DuckDB warehouse: silver tables and the analysts' views (records, ...).",
    kinds={"duckdb"},
)
def warehouse(context: AssetExecutionContext, lake: DataLake, sync: LakeSync) -> MaterializeResult:
    sources = lake.sources()
    # Each source contributes its last good data, so one failed source never empties the
    # warehouse of its earlier records.
    record_files = [
        p for name in sources if (p := translated_records_path(lake.silver_dir, name)).exists()
    ]
    issue_files = [
        crawl / "issues.parquet"
        for name in sources
        if (crawl := latest_crawl_dir(lake.bronze_dir, name)) is not None
    ]
    issue_files += [
        p for name in sources if (p := lake.silver_dir / "issues" / f"{name}.parquet").exists()
    ]
    missing = sorted(set(sources) - {p.stem for p in record_files})
    if missing:
        context.log.warning(f"no records yet for: {', '.join(missing)}")
    rows = load_warehouse(lake.warehouse_path, record_files, issue_files, gold_paths(lake.root))
    expected = {name: (src.expected_min, src.expected_max) for name, src in sources.items()}
    checks = [
        AssetCheckResult(
            check_name=outcome.name,
            passed=outcome.passed,
            severity=AssetCheckSeverity.ERROR
            if outcome.severity == "error"
            else AssetCheckSeverity.WARN,
            description=outcome.description,
            metadata={"details": MetadataValue.json(outcome.details)},
        )
        for outcome in run_quality_checks(lake.warehouse_path, expected)
    ]
    return MaterializeResult(
        check_results=checks,
        metadata={
            "row_count": rows,
            "sources_with_records": len(record_files),
            "path": MetadataValue.path(str(lake.warehouse_path)),
        },
    )


@asset(
    deps=[warehouse],
    group_name="gold",
    description="Immutable, versioned Parquet release for downstream portals.",
    kinds={"parquet"},
)
def release(context: AssetExecutionContext, lake: DataLake, sync: LakeSync) -> MaterializeResult:
    version = new_version(lake.releases_dir)
    catalog = CatalogInfo(contact_email=lake.contact, public_url=lake.public_url)
    path = publish_release(lake.warehouse_path, lake.releases_dir, version, catalog)
    changes = json.loads((path / "CHANGES.json").read_text())
    context.log.info(f"published release {version} at {path}")
    return MaterializeResult(
        metadata={
            "version": version,
            "path": MetadataValue.path(str(path)),
            "previous_version": changes["previous"] or "none",
            "added": len(changes["added"]),
            "changed": len(changes["changed"]),
            "removed": len(changes["removed"]),
        }
    )
