"""Scrapy spider loader that makes one spider class per source YAML.

A steward's YAML-only source is a spider as soon as its file exists: ``scrapy crawl <name>``
finds it here, with no Python written. The YAML's ``kind`` picks the spider class it is made
from (``spiders.structured_spider.SPIDER_KINDS``): the HTML crawler, or a reader of a
WordPress REST API, a CSV or a JSON export.
"""

from __future__ import annotations

import builtins
import os
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.settings import BaseSettings

from spiders.portal_spider import PortalSpider
from spiders.sources import Source, load_sources
from spiders.structured_spider import SPIDER_KINDS


def source_settings(source: Source) -> dict[str, Any]:
    """The source's politeness and limits, as Scrapy settings."""
    return {
        "DOWNLOAD_DELAY": source.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": source.concurrency,
        "DOWNLOAD_TIMEOUT": source.timeout,
        "DOWNLOAD_MAXSIZE": source.max_page_bytes,
    }


def spider_class(source: Source) -> type[PortalSpider]:
    return type(
        f"{source.name}_spider",
        (SPIDER_KINDS[source.kind],),
        {"name": source.name, "source_config": source, "custom_settings": source_settings(source)},
    )


class SourceSpiderLoader:
    def __init__(self, settings: BaseSettings):
        extra = [Path(p) for p in os.environ.get("SIH_SOURCES_PATH", "").split(os.pathsep) if p]
        self._sources = load_sources(extra)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> SourceSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[PortalSpider]:
        if spider_name not in self._sources:
            raise KeyError(f"Spider not found: {spider_name}")
        return spider_class(self._sources[spider_name])

    def list(self) -> list[str]:
        return list(self._sources)

    # builtins.list: inside this class "list" is the method above (the SpiderLoader API).
    def find_by_request(self, request: Request) -> builtins.list[str]:
        host = request.url.split("/")[2] if "://" in request.url else ""
        return [name for name, src in self._sources.items() if host in src.allowed_domains]
