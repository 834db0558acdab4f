"""Scrapy download handler that fetches live URLs from the loopback snapshot server.

Spiders are written against live URLs. In snapshot mode this handler, installed for both
``http`` and ``https``, fetches ``https://host/path`` as ``<SIH_SNAPSHOT_URL>/host/path`` over
real HTTP and hands the response back under the live URL, so link-following, robots.txt,
duplicate filtering and record IDs behave exactly as in a live crawl.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response


def snapshot_url_for(live_url: str, snapshot_base: str) -> str:
    parts = urlsplit(live_url)
    local = f"{snapshot_base.rstrip('/')}/{parts.hostname}{parts.path or '/'}"
    return f"{local}?{parts.query}" if parts.query else local


class SnapshotDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, redirected to the snapshot when SIH_SNAPSHOT_URL is set."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self._base: str | None = crawler.settings.get("SIH_SNAPSHOT_URL") or None

    async def download_request(self, request: Request) -> Response:
        if self._base is None:
            return await super().download_request(request)
        local = request.replace(url=snapshot_url_for(request.url, self._base))
        response = await super().download_request(local)
        return response.replace(url=request.url, request=request)
