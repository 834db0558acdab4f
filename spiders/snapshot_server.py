"""The built-in portal snapshot, served over real HTTP on a loopback port.

Files live under ``snapshot/sites/<live host>/<live path>``, so the snapshot mirrors each
portal's URL structure; ``/<host>/<path>`` on this server is ``https://<host>/<path>`` live.
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import unquote, urlsplit

SNAPSHOT_SITES = Path(__file__).parent / "snapshot" / "sites"


class _SnapshotHandler(BaseHTTPRequestHandler):
    server_version = "si-harvest-snapshot"
    root: Path

    def do_GET(self) -> None:
        path = self._resolve(unquote(urlsplit(self.path).path))
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Not in the snapshot")
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        # Conditional requests behave as on a real server, so incremental crawling is testable.
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(HTTPStatus.OK)
        # No charset in the header on purpose: the pages declare their own, as many portals do.
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.end_headers()
        self.wfile.write(body)

    def _resolve(self, url_path: str) -> Path | None:
        candidate = (self.root / url_path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def log_message(self, format: str, *args: object) -> None:
        # Scrapy already logs every request; the server's own access log is noise.
        pass


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 for one ``with`` block; ``url`` is its address."""

    def __init__(
        self, handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1", port: int = 0
    ):
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        # A client that gave up (timeout, size cap) breaks the pipe; that is not a server fault.
        self._httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class SnapshotServer(LoopbackServer):
    """``with SnapshotServer() as server: server.url`` -> ``http://127.0.0.1:<port>``."""

    def __init__(self, root: Path = SNAPSHOT_SITES, host: str = "127.0.0.1", port: int = 0):
        super().__init__(type("Handler", (_SnapshotHandler,), {"root": root.resolve()}), host, port)
