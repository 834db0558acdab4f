"""Bronze: one crawl of one source, raw pages kept."""

from datetime import UTC, datetime

import pyarrow.parquet as pq
from dagster import (
    AssetExecutionContext,
    MaterializeResult,
    MetadataValue,
    StaticPartitionsDefinition,
    asset,
)

from pipelines.resources import DataLake, PortalFetcher
from warehouse.lake import crawl_dir, latest_crawl_dir


def build_raw_pages(partitions: StaticPartitionsDefinition):
    @asset(
        partitions_def=partitions,
        group_name="bronze",
        description="Every page of one portal as fetched, raw HTML kept (Parquet per crawl).",
        kinds={"scrapy", "parquet"},
    )
    def raw_pages(
        context: AssetExecutionContext, fetcher: PortalFetcher, lake: DataLake
    ) -> MaterializeResult:
        source = context.partition_key
        crawl_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        out_dir = crawl_dir(lake.bronze_dir, source, crawl_id)
        previous = latest_crawl_dir(lake.bronze_dir, source)
        summary = fetcher.crawl(source, out_dir, lake.source_dirs(), previous)
        issues = pq.read_table(out_dir / "issues.parquet").to_pylist()
        for issue in issues:
            context.log.warning(f"[{source}] {issue['level']}: {issue['url']}: {issue['message']}")
        if summary.detail_pages == 0:
            raise RuntimeError(
                f"{source}: the crawl found no detail pages ({summary.pages} pages, "
                f"{summary.issues} issues); see {out_dir / 'issues.parquet'}"
            )
        return MaterializeResult(
            metadata={
                "crawl_id": crawl_id,
                "pages": summary.pages,
                "detail_pages": summary.detail_pages,
                "not_modified": summary.not_modified,
                "issues": summary.issues,
                "path": MetadataValue.path(str(out_dir)),
            }
        )

    return raw_pages
