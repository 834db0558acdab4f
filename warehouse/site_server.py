"""A loopback HTTP server for the releases folder that answers range requests.

The release site reads Parquet with HTTP range requests (only the footer and the column
chunks it needs); Python's ``http.server`` always sends whole files, so this handler answers
``Range: bytes=...`` with 206 and ``Content-Range`` itself. ``/`` redirects to the latest
release's site, read from ``LATEST`` on every request, so a server left running shows each
new release as it is published.
"""

from __future__ import annotations

import os
import re
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import IO, Any

DEFAULT_PORT = 8765
HOST = "127.0.0.1"
# One range only: browsers and hyparquet ask for one; a multi-range request gets the whole
# file with 200, which RFC 9110 allows.
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def site_url(version: str, port: int = DEFAULT_PORT) -> str:
    return f"http://{HOST}:{port}/{version}/site/"


class RangeRequestHandler(SimpleHTTPRequestHandler):
    """Static files with single byte ranges, no directory listings and no hidden paths."""

    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain class dict)
        **SimpleHTTPRequestHandler.extensions_map,
        ".parquet": "application/vnd.apache.parquet",
        ".js": "text/javascript",
        ".json": "application/json",
        ".jsonld": "application/ld+json",
        ".csv": "text/csv; charset=utf-8",
    }
    _range: tuple[int, int] | None = None

    def log_message(self, format: str, *args: Any) -> None:
        if os.environ.get("SIH_SERVE_LOG"):
            super().log_message(format, *args)

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("X-Content-Type-Options", "nosniff")
        # Releases are immutable, but LATEST and index.json move: revalidate everything
        # (cheap on loopback) rather than serve a stale pointer.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND, "No directory listings")
        return None

    def send_head(self) -> IO[bytes] | None:  # type: ignore[override]
        self._range = None
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path in ("", "/"):
            self._redirect_to_latest()
            return None
        # Half-written releases (.tmp-*) and markers (.LATEST.tmp) are nobody's business.
        if any(part.startswith(".") for part in path.split("/") if part):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        header = self.headers.get("Range")
        target = Path(self.translate_path(self.path))
        if header is None or not target.is_file():
            return super().send_head()
        size = target.stat().st_size
        wanted = _parse_range(header, size)
        if wanted is None:  # malformed or several ranges: the whole file, as if no Range
            return super().send_head()
        if wanted == (-1, -1):
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        start, end = wanted
        handle = target.open("rb")
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        handle.seek(start)
        self._range = (start, end)
        return handle

    def copyfile(self, source: IO[bytes], outputfile: IO[bytes]) -> None:  # type: ignore[override]
        if self._range is None:
            super().copyfile(source, outputfile)
            return
        left = self._range[1] - self._range[0] + 1
        while left > 0:
            chunk = source.read(min(left, 1 << 16))
            if not chunk:
                break
            outputfile.write(chunk)
            left -= len(chunk)

    def _redirect_to_latest(self) -> None:
        marker = Path(self.directory) / "LATEST"
        version = marker.read_text().strip() if marker.exists() else ""
        if not version or not (Path(self.directory) / version / "site").is_dir():
            self.send_error(HTTPStatus.NOT_FOUND, "No release with a site yet: run siharvest run")
            return None
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", f"/{version}/site/")
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte, inclusive; (-1, -1) when unsatisfiable; None to ignore the header."""
    match = SINGLE_RANGE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        length = int(last)
        if length == 0:
            return (-1, -1)
        return (max(0, size - length), size - 1) if size else (-1, -1)
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return (-1, -1)
    return (start, end)


class SiteServer:
    """``with SiteServer(releases_dir) as server: server.url`` serves on 127.0.0.1 in a thread."""

    def __init__(self, releases_dir: Path, port: int = 0) -> None:
        handler = partial(RangeRequestHandler, directory=str(releases_dir))
        self.releases_dir = releases_dir
        self.httpd = ThreadingHTTPServer((HOST, port), handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def __enter__(self) -> SiteServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
