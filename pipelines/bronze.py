"""Bronze: one crawl of one source, raw pages kept."""

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
from dagster import AssetExecutionContext, Config, MaterializeResult, MetadataValue, asset
from pydantic import Field

from pipelines.partitions import SOURCES
from pipelines.resources import DataLake, LakeSync, PortalFetcher
from spiders.crawl import CrawlSummary, read_summary
from warehouse.lake import crawl_dir, latest_crawl_dir


class CrawlConfig(Config):
    """How the step gets its crawl: fetched now (the default, as in the UI and schedules), or
    already fetched by ``siharvest run``'s one-process crawl of every source."""

    prefetched_crawl: str | None = Field(
        default=None,
        description="A crawl folder of this source already fetched (spiders.batch_crawl); "
        "empty: crawl now. A folder without a finished crawl is crawled again here.",
    )


def crawl_counts(summary: CrawlSummary) -> dict[str, int]:
    """What a crawl fetched, as raw_pages' metadata (a run's or a runless materialisation's)."""
    return {
        "pages": summary.pages,
        "detail_pages": summary.detail_pages,
        "not_modified": summary.not_modified,
        "kept_by_sitemap": summary.raw.get("kept_by_sitemap", 0),
        "requests": summary.raw.get("requests", 0),
        "issues": summary.issues,
    }


def issues_markdown(issues: list[dict[str, str]], limit: int = 10) -> str:
    """Issues by level, then the first URLs of the worst level, for the run's metadata."""
    if not issues:
        return "No issues."
    levels = Counter(issue["level"] for issue in issues)
    worst = "error" if levels["error"] else "warning" if levels["warning"] else next(iter(levels))
    lines = ["| level | issues |", "|---|---|"]
    lines += [f"| {level} | {n} |" for level, n in sorted(levels.items())]
    lines += ["", f"**{worst} URLs**", ""]
    lines += [
        f"- {issue['url']}: {issue['message']}" for issue in issues if issue["level"] == worst
    ][:limit]
    return "\n".join(lines)


@asset(
    partitions_def=SOURCES,
    group_name="bronze",
    description="Every page of one portal as fetched, raw HTML kept (Parquet per crawl). "
    "Unchanged pages are asked for conditionally and kept from the previous crawl.",
    kinds={"scrapy", "parquet"},
)
def raw_pages(
    context: AssetExecutionContext,
    config: CrawlConfig,
    fetcher: PortalFetcher,
    lake: DataLake,
    sync: LakeSync,
) -> MaterializeResult:
    source = context.partition_key
    summary = _prefetched(config, source)
    if summary is None:
        crawl_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        out_dir = crawl_dir(lake.bronze_dir, source, crawl_id)
        previous = latest_crawl_dir(lake.bronze_dir, source)
        summary = fetcher.crawl(source, out_dir, lake.source_dirs(), previous)
    out_dir, crawl_id = summary.out_dir, summary.out_dir.name
    issues = pq.read_table(out_dir / "issues.parquet").to_pylist()
    for issue in issues:
        context.log.warning(f"[{source}] {issue['level']}: {issue['url']}: {issue['message']}")
    if summary.detail_pages == 0:
        raise RuntimeError(
            f"{source}: the crawl found no detail pages ({summary.pages} pages, "
            f"{summary.issues} issues); see {out_dir / 'issues.parquet'}"
        )
    levels = Counter(issue["level"] for issue in issues)
    return MaterializeResult(
        metadata={
            "crawl_id": crawl_id,
            **crawl_counts(summary),
            "issues_error": levels["error"],
            "issues_warning": levels["warning"],
            "issues_by_level": MetadataValue.md(issues_markdown(issues)),
            "path": MetadataValue.path(str(out_dir)),
        }
    )


def _prefetched(config: CrawlConfig, source: str) -> CrawlSummary | None:
    """The summary of the crawl fetched before this run, or None when there is none to use.

    A crawl that finished but failed the validation gate raises (CrawlError), as a crawl made
    here would: it is this source's answer, not an accident of the shared process.
    """
    if not config.prefetched_crawl:
        return None
    folder = Path(config.prefetched_crawl)
    if folder.parent.name != source or not (folder / "crawl.json").exists():
        return None
    return read_summary(source, folder)
