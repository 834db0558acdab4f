"""Scrapy project settings, shared by ``scrapy crawl <source>`` (see scrapy.cfg) and by
``spiders.crawl``, which runs each pipeline crawl. Per-source politeness (delay, concurrency,
timeout, size cap) comes from the source's YAML through the spider class's custom_settings.
"""

import os
from pathlib import Path

VERSION = "0.1.0"
BOT_NAME = "si-harvest"
SPIDER_LOADER_CLASS = "spiders.spider_loader.SourceSpiderLoader"
USER_AGENT = (
    f"si-harvest/{VERSION} (social-innovation data harvester; "
    f"{os.environ.get('SIH_CONTACT', 'si-harvest@example.org')})"
)
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10
DOWNLOAD_WARNSIZE = 0
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
# Offsite by the source's host-and-port rule, robots.txt requests always let through.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "spiders.portal_spider.SourceOffsiteMiddleware": 50,
}
ITEM_PIPELINES = {"spiders.bronze_writer.BronzeWriter": 100}
# A plain HTTP handler unless SIH_SNAPSHOT_URL is set, which maps live URLs onto a snapshot
# server: `scrapy crawl pl_innowacjespoleczne -s SIH_SNAPSHOT_URL=http://127.0.0.1:8000`.
DOWNLOAD_HANDLERS = {
    "http": "spiders.snapshot_download.SnapshotDownloadHandler",
    "https": "spiders.snapshot_download.SnapshotDownloadHandler",
}
# Same default data root as pipelines.settings; a crawl lands in <bronze>/<source>/<crawl_id>.
SIH_BRONZE_DIR = str(Path(os.environ.get("SIH_DATA_DIR") or "data").resolve() / "bronze")
