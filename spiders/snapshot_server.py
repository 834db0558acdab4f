"""The built-in portal snapshot, served over real HTTP on a loopback port.

Files live under ``snapshot/sites/<live host>/<live path>``, so the snapshot mirrors each
portal's URL structure; ``/<host>/<path>`` on this server is ``https://<host>/<path>`` live.

Conventions, for answers that are not plain files of a known type:

* **A query string** is part of the file name: ``/news/?page=2`` is ``news/index.html@page=2``
  and ``/wp-json/wp/v2/posts?page=2&per_page=10&_embed=1`` is
  ``wp-json/wp/v2/posts@page=2&per_page=10&_embed=1`` (see ``_resolve``).
* **The type** is guessed from the name before the ``@`` (``.html``, ``.xml``, ``.csv``...);
  a name without a known suffix whose body starts with ``{`` or ``[`` is served as
  ``application/json`` (REST answers have no suffix live either).
* **Extra headers** come from a sidecar file ``<file>.headers`` of ``Name: value`` lines,
  sent with the file and overriding the guessed ones: a WordPress answer's ``X-WP-Total`` and
  ``X-WP-TotalPages``, say. Sidecars themselves are never served.
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
from typing import Self, cast
from urllib.parse import unquote, urlsplit

SNAPSHOT_SITES = Path(__file__).parent / "snapshot" / "sites"
# Separates a file's name from the query string it answers (see _SnapshotHandler._resolve).
QUERY_MARK = "@"
# Suffix of the file of extra response headers for the file it is named after.
HEADERS_SUFFIX = ".headers"
JSON_TYPE = "application/json; charset=UTF-8"


def guess_type(path: Path, body: bytes) -> str:
    """The Content-Type of a snapshot file (conventions in the module docstring)."""
    served_as = path.name.split(QUERY_MARK)[0]
    guessed = mimetypes.guess_type(served_as)[0]
    if guessed:
        return guessed
    if body.lstrip()[:1] in (b"{", b"["):
        return JSON_TYPE
    return "application/octet-stream"


def sidecar_headers(path: Path) -> list[tuple[str, str]]:
    """The ``Name: value`` lines of ``<file>.headers``, if there is one."""
    sidecar = path.with_name(path.name + HEADERS_SUFFIX)
    if not sidecar.is_file():
        return []
    headers = []
    for line in sidecar.read_text(encoding="utf-8").splitlines():
        name, colon, value = line.partition(":")
        if colon and name.strip():
            headers.append((name.strip(), value.strip()))
    return headers


class _SnapshotHandler(BaseHTTPRequestHandler):
    server_version = "si-harvest-snapshot"
    root: Path

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = self._resolve(unquote(parts.path), unquote(parts.query))
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
        # No charset in an HTML page's header on purpose: the pages declare their own, as many
        # portals do.
        headers = {
            "Content-Type": guess_type(path, body),
            "ETag": etag,
            "Last-Modified": modified,
        }
        headers |= dict(sidecar_headers(path))
        headers["Content-Length"] = str(len(body))
        self.send_response(HTTPStatus.OK)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _resolve(self, url_path: str, query: str = "") -> Path | None:
        """The file for a path; with a query, the file named ``<that file>@<query>``
        (``news/index.html@page=2`` for ``/news/?page=2``), so query pagination and API
        answers (``?page=2&per_page=10``) are snapshot files of their own."""
        candidate = (self.root / url_path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if query:
            if "/" in query or "\\" in query:
                return None
            candidate = candidate.with_name(f"{candidate.name}{QUERY_MARK}{query}")
        if candidate.name.endswith(HEADERS_SUFFIX):
            return None  # a sidecar is part of its file's answer, not an answer itself
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
        # An AF_INET server's host is a str; typeshed allows bytes for every socket family.
        return f"http://{cast(str, host)}:{port}"

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
