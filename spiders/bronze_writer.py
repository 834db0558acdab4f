"""Scrapy item pipeline writing one crawl of one source to bronze Parquet.

Layout: ``<out_dir>/pages.parquet`` (raw HTML, zstd), ``issues.parquet`` and ``crawl.json``
(the crawl's summary, written last). A crawl whose items are mostly invalid is marked
``failed_validation``: its files are kept for inspection but later stages ignore it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from spiders.items import BRONZE_PAGES_SCHEMA, ISSUES_SCHEMA, PageItem
from spiders.portal_spider import PortalSpider, utc_now

# A crawl in which fewer items than this are valid is not trusted (City Bureau's gate).
MIN_VALID_SHARE = 0.9


class BronzeWriter:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.items: list[dict[str, Any]] = []
        self.invalid = 0
        self.started_at = utc_now()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BronzeWriter:
        return cls(crawler)

    @property
    def out_dir(self) -> Path:
        """SIH_BRONZE_OUT when the pipeline chose the folder, else <bronze>/<source>/<crawl>."""
        chosen = self.crawler.settings.get("SIH_BRONZE_OUT")
        if chosen:
            return Path(chosen)
        bronze = Path(self.crawler.settings["SIH_BRONZE_DIR"])
        return bronze / self.spider.source.name / self.spider.crawl_id

    @property
    def spider(self) -> PortalSpider:
        spider = self.crawler.spider
        assert isinstance(spider, PortalSpider), "BronzeWriter only serves PortalSpider"
        return spider

    def process_item(self, item: PageItem) -> PageItem:
        problems = item.problems()
        if problems:
            self.invalid += 1
            self.spider.log_issue("error", item.url, "invalid page: " + "; ".join(problems))
            raise DropItem("; ".join(problems))
        self.items.append(item.to_row())
        return item

    def close_spider(self) -> None:
        spider = self.spider
        total = len(self.items) + self.invalid
        valid_share = len(self.items) / total if total else 1.0
        status = "ok" if valid_share >= MIN_VALID_SHARE else "failed_validation"
        if status != "ok":
            spider.log_issue(
                "error",
                spider.source.start_urls[0],
                f"validation gate: only {len(self.items)} of {total} pages valid "
                f"({valid_share:.0%} < {MIN_VALID_SHARE:.0%}); this crawl is not used",
            )
        out_dir = self.out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        pages = pa.Table.from_pylist(self.items, schema=BRONZE_PAGES_SCHEMA)
        pq.write_table(pages, out_dir / "pages.parquet", compression="zstd")
        issues = pa.Table.from_pylist(spider.issues, schema=ISSUES_SCHEMA)
        pq.write_table(issues, out_dir / "issues.parquet", compression="zstd")
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        levels = [issue["level"] for issue in spider.issues]
        summary = {
            "source_id": spider.source.name,
            "crawl_id": spider.crawl_id,
            "status": status,
            "started_at": self.started_at,
            "finished_at": utc_now(),
            "pages": len(self.items),
            "detail_pages": sum(1 for row in self.items if row["page_kind"] == "detail"),
            "not_modified": sum(1 for row in self.items if row["not_modified"]),
            # Of those, detail pages kept without a request because the sitemap showed them
            # unchanged since their last fetch.
            "kept_by_sitemap": spider.kept_by_sitemap,
            "invalid_pages": self.invalid,
            "valid_share": round(valid_share, 4),
            "issues": len(spider.issues),
            "issues_by_level": {level: levels.count(level) for level in sorted(set(levels))},
            "requests": stats.get("downloader/request_count", 0),
        }
        (out_dir / "crawl.json").write_text(json.dumps(summary, indent=2) + "\n")
