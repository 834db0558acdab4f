"""Gold: the DuckDB warehouse over every source, and the versioned Parquet release."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from pipelines.resources import DataLake
from pipelines.silver import translated_records
from warehouse.lake import latest_crawl_dir, translated_records_path
from warehouse.release import new_version, publish_release
from warehouse.store import load_warehouse


@asset(
    deps=[translated_records],
    group_name="gold",
    description="DuckDB warehouse: silver tables and the analysts' views (records, ...).",
    kinds={"duckdb"},
)
def warehouse(context: AssetExecutionContext, lake: DataLake) -> MaterializeResult:
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
    rows = load_warehouse(lake.warehouse_path, record_files, issue_files)
    return MaterializeResult(
        metadata={
            "row_count": rows,
            "sources_with_records": len(record_files),
            "path": MetadataValue.path(str(lake.warehouse_path)),
        }
    )


@asset(
    deps=[warehouse],
    group_name="gold",
    description="Immutable, versioned Parquet release for downstream portals.",
    kinds={"parquet"},
)
def release(context: AssetExecutionContext, lake: DataLake) -> MaterializeResult:
    version = new_version(lake.releases_dir)
    path = publish_release(lake.warehouse_path, lake.releases_dir, version)
    context.log.info(f"published release {version} at {path}")
    return MaterializeResult(metadata={"version": version, "path": MetadataValue.path(str(path))})
