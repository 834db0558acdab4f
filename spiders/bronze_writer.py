"""Scrapy item pipeline writing one crawl of one source to bronze Parquet.

Layout: ``<out_dir>/pages.parquet`` (raw HTML, zstd), ``issues.parquet`` and ``crawl.json``
(the crawl's summary). The folder is written only when the crawl closes, so a crawl that dies
half-way never leaves a bronze partition that looks complete.
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


class BronzeWriter:
    def __init__(self, out_dir: Path, crawler: Crawler):
        self.out_dir = out_dir
        self.crawler = crawler
        self.items: list[dict[str, Any]] = []
        self.invalid = 0
        self.started_at = utc_now()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BronzeWriter:
        return cls(Path(crawler.settings["SIH_BRONZE_OUT"]), crawler)

    def process_item(self, item: PageItem) -> PageItem:
        spider = self.crawler.spider
        assert isinstance(spider, PortalSpider)
        problems = item.problems()
        if problems:
            self.invalid += 1
            spider.log_issue("error", item.url, "invalid page: " + "; ".join(problems))
            raise DropItem("; ".join(problems))
        self.items.append(item.to_row())
        return item

    def close_spider(self) -> None:
        spider = self.crawler.spider
        assert isinstance(spider, PortalSpider)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        pages = pa.Table.from_pylist(self.items, schema=BRONZE_PAGES_SCHEMA)
        pq.write_table(pages, self.out_dir / "pages.parquet", compression="zstd")
        issues = pa.Table.from_pylist(spider.issues, schema=ISSUES_SCHEMA)
        pq.write_table(issues, self.out_dir / "issues.parquet", compression="zstd")
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        summary = {
            "source_id": spider.source.name,
            "crawl_id": spider.crawl_id,
            "started_at": self.started_at,
            "finished_at": utc_now(),
            "pages": len(self.items),
            "detail_pages": sum(1 for row in self.items if row["page_kind"] == "detail"),
            "invalid_pages": self.invalid,
            "issues": len(spider.issues),
            "requests": stats.get("downloader/request_count", 0),
        }
        (self.out_dir / "crawl.json").write_text(json.dumps(summary, indent=2) + "\n")
