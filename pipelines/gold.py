"""Gold: the DuckDB warehouse over every source, and the versioned Parquet release."""

import json

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    MaterializeResult,
    MetadataValue,
    asset,
)

from pipelines.fingerprints import RELEASE_STATE, release_fingerprint, write_state
from pipelines.resources import DataLake, LakeSync
from pipelines.silver import translated_records
from warehouse.dcat import CatalogInfo
from warehouse.initiatives import write_gold
from warehouse.lake import (
    gold_paths,
    latest_crawl_dir,
    translated_records_path,
)
from warehouse.organisations import organisation_paths, write_organisations
from warehouse.quality import CHECKS, run_quality_checks
from warehouse.release import new_version, publish_release
from warehouse.sim_cases import sim_case_paths, write_sim_cases
from warehouse.store import load_warehouse

# Error checks of the quality gate (warehouse/quality.py) are blocking: a failed one stops the
# release asset in the same run, so LATEST never points at a release that failed them.


@asset(
    deps=[translated_records],
    group_name="gold",
    description="Records of the same initiative, across portals and languages, linked into "
    "initiatives (acronyms, English names, shared organisations, periods, programmes); "
    "the organisations they name as entities, with their roles in each initiative; one "
    "Social Innovation Match case per initiative.",
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
    gold = gold_paths(lake.root)
    summary = write_gold(files, gold)
    # Organisations need the initiatives (membership) just written: same step, same files.
    entities = write_organisations(files, gold["membership"], organisation_paths(lake.root))
    # SIM cases read the initiatives and the organisations' roles just written.
    (cases_path,) = sim_case_paths(lake.root).values()
    cases = write_sim_cases(files, gold | organisation_paths(lake.root), cases_path)
    multi = summary.multi_record
    preview = "| initiative | records | sources | countries |\n|---|---|---|---|\n" + "\n".join(
        f"| {m['title']} | {len(m['record_ids'])} | {', '.join(m['sources'])} | "
        f"{', '.join(m['countries'])} |"
        for m in multi[:5]
    )
    return MaterializeResult(
        metadata={
            "records": summary.records,
            "initiatives": summary.initiatives,
            "links": summary.links,
            "multi_source_initiatives": summary.multi_record_count,
            "organisations": entities.organisations,
            "initiative_organisations": entities.initiative_organisations,
            "sim_cases": cases,
            "linked_initiatives": MetadataValue.md(preview if multi else "No records linked."),
        }
    )


@asset(
    deps=[initiatives],
    check_specs=[
        AssetCheckSpec(name, asset="warehouse", description=text, blocking=severity == "error")
        for name, (severity, text) in CHECKS.items()
    ],
    group_name="gold",
    description="DuckDB warehouse: silver tables and the analysts' views (records, "
    "initiatives, organisations, consortia, ...).",
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
    gold = gold_paths(lake.root) | organisation_paths(lake.root) | sim_case_paths(lake.root)
    rows = load_warehouse(lake.warehouse_path, record_files, issue_files, gold)
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
    # What this release is built from: the same inputs next time need no new version.
    inputs = release_fingerprint(lake.silver_dir, lake.bronze_dir, lake.sources())
    version = new_version(lake.releases_dir)
    catalog = CatalogInfo(contact_email=lake.contact, public_url=lake.public_url)
    path = publish_release(lake.warehouse_path, lake.releases_dir, version, catalog)
    write_state(lake.root, RELEASE_STATE, {"fingerprint": inputs, "version": version})
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
