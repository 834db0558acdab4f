"""The health of each source as an asset check on its crawl (``raw_pages``, per partition).

The same checks as ``siharvest check`` (spiders/health.py), read from the crawl that just
finished instead of over the network: start pages fetched and allowed by robots.txt, listing
pages linking to detail pages, every selector matching on a sample of them, and the layout
sentinel equal to the last good check's. A good crawl stores its sentinel, so the steward's
``siharvest check`` before the next live crawl compares against it.
"""

import warnings

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    MetadataValue,
    PreviewWarning,
    asset_check,
)

from pipelines.bronze import raw_pages
from pipelines.partitions import SOURCES
from pipelines.resources import DataLake, LakeSync, PortalFetcher
from spiders.health import BronzePages, check_source, load_sentinel, sentinel_path, store_sentinel
from warehouse.lake import latest_crawl_dir

# Partitioned asset checks are a Dagster preview; they are still the right model here: the
# check runs in each source's own run, on that partition, and a new source YAML is checked
# with no code change (a check per source, made at load time, would run in every source's
# run). Its warning is silenced for this one definition only (below).
DESCRIPTION = (
    "Start pages reachable and allowed by robots.txt, detail links on the listing pages, every "
    "selector matching on a sample of detail pages, layout sentinel unchanged since the last "
    "good crawl. A changed layout or a selector that stops matching warns; no start page or "
    "no detail link is an error."
)


def _source_health(
    context: AssetCheckExecutionContext, lake: DataLake, fetcher: PortalFetcher, sync: LakeSync
) -> AssetCheckResult:
    name = context.partition_key
    source = lake.sources()[name]
    crawl = latest_crawl_dir(lake.bronze_dir, name)
    if crawl is None:
        return AssetCheckResult(
            passed=False,
            severity=AssetCheckSeverity.ERROR,
            description=f"{name}: no finished crawl to check",
        )
    path = sentinel_path(lake.root, fetcher.mode, name)
    known = load_sentinel(path)
    report = check_source(source, BronzePages(crawl), known)
    if report.status == "ok" and report.layout:
        store_sentinel(path, report, known)
    shown = [f for f in report.findings if f.level != "info"] or report.findings
    lines = [f"- {finding.line()}" for finding in shown[:20]]
    return AssetCheckResult(
        passed=report.status == "ok",
        severity=AssetCheckSeverity.ERROR if report.status == "error" else AssetCheckSeverity.WARN,
        description=report.summary(),
        metadata={
            "crawl_id": crawl.name,
            "sentinel": report.sentinel or "",
            "previous_sentinel": report.previous_sentinel or "",
            "sentinel_stored": report.stored,
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "sampled": MetadataValue.json(report.sampled),
            "findings": MetadataValue.md("\n".join(lines) or "No findings."),
        },
    )


with warnings.catch_warnings():
    warnings.simplefilter("ignore", PreviewWarning)
    source_health = asset_check(
        asset=raw_pages,
        partitions_def=SOURCES,
        name="source_health",
        description=DESCRIPTION,
        blocking=False,
    )(_source_health)
