"""A misbehaving portal on 127.0.0.1 for crawl fault tests.

It speaks the snapshot server's URL scheme (``/<host>/<path>``), so spiders crawl it as
``https://faults.example/...`` through the same download handler as the built-in snapshot.
Every request is logged, so tests can prove what was (not) fetched.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler

from spiders.snapshot_server import LoopbackServer

HOST = "faults.example"
POLISH = "Zażółć gęślą jaźń. Spotkanie odbędzie się w środę, źdźbło trawy, łąka i ślimak."
CZECH = "Příliš žluťoučký kůň úpěl ďábelské ódy. Sociální inovace, vzdělávání a zdraví."
BULGARIAN = "Социалните иновации подкрепят заетостта и приобщаването в България."
HUNGARIAN = "Árvíztűrő tükörfúrógép. A társadalmi innováció fogalma egyre fontosabb."


def page(title: str, text: str, charset: str | None = "utf-8", links: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html lang='pl'><head>{meta}<title>{title}</title></head><body>"
        f"<nav><a href='/'>Start</a></nav><main><h1>{title}</h1><p>{text}</p>{links}</main>"
        "<footer>Stopka serwisu</footer></body></html>"
    )


# path -> (status, content type, body, extra headers); callables for stateful routes.
ENCODED = {
    "/enc/cp1250-declared/": ("windows-1250", "windows-1250", POLISH, "text/html"),
    "/enc/cp1250-undeclared/": ("windows-1250", None, POLISH, "text/html"),
    "/enc/cp1251-undeclared/": ("windows-1251", None, BULGARIAN, "text/html"),
    "/enc/cp1251-declared/": ("windows-1251", "windows-1251", BULGARIAN, "text/html"),
    "/enc/iso88592-declared/": ("iso-8859-2", "iso-8859-2", CZECH, "text/html"),
    "/enc/iso88592-undeclared/": ("iso-8859-2", None, HUNGARIAN, "text/html"),
    # The header says UTF-8, the bytes are windows-1250: the header lies.
    "/enc/header-lies/": ("windows-1250", None, CZECH, "text/html; charset=utf-8"),
}
DETAIL_PATHS = [
    "/ok/a/",
    "/ok/a/#section",
    "/ok/a/?utm_source=newsletter",
    "/ok/a",
    "/ok/b/",
    "/e404/",
    "/e500/",
    "/e503-once/",
    "/slow/",
    "/slowish/",
    "/redir/1/",
    "/loop/a/",
    *ENCODED,
    "/malformed/",
    "/big/",
    "/binary/",
    "/private/page/",
]


class FaultSite(LoopbackServer):
    def __init__(self, *, big_bytes: int = 200_000, slow_s: float = 3.0) -> None:
        self.requests: Counter[str] = Counter()
        self.big_bytes = big_bytes
        self.slow_s = slow_s
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests[self.path] += 1
                site.handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        super().__init__(Handler)

    def count(self, path: str) -> int:
        return sum(n for p, n in self.requests.items() if p.startswith(f"/{HOST}{path}"))

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        prefix = f"/{HOST}"
        if not h.path.startswith(prefix):
            return self._send(h, 404, "text/plain", b"unknown host")
        path = h.path[len(prefix) :] or "/"
        if path == "/robots.txt":
            return self._send(h, 200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
        if path == "/":
            links = "".join(f"<a href='{p}'>{p}</a> " for p in DETAIL_PATHS)
            links += "<a href='https://elsewhere.example/x/'>partner</a>"
            return self._send(h, 200, "text/html", page("Index", "Lista", links=links).encode())
        if path.split("?")[0] in ("/ok/a/", "/ok/a", "/ok/b/", "/ok/c/", "/slowish/"):
            if path == "/slowish/":
                time.sleep(0.3)
            name = path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
            return self._send(h, 200, "text/html", page(f"Strona {name}", POLISH).encode())
        if path == "/e404/":
            return self._send(h, 404, "text/html", b"<h1>Not found</h1>")
        if path == "/e500/":
            return self._send(h, 500, "text/html", b"<h1>Server error</h1>")
        if path == "/e503-once/":
            if self.requests[h.path] == 1:
                return self._send(h, 503, "text/html", b"<h1>Busy</h1>")
            return self._send(h, 200, "text/html", page("Po awarii", POLISH).encode())
        if path == "/slow/":
            time.sleep(self.slow_s)
            return self._send(h, 200, "text/html", page("Wolna", POLISH).encode())
        if path == "/redir/1/":
            return self._redirect(h, "/redir/2/")
        if path == "/redir/2/":
            return self._redirect(h, "/ok/c/")
        if path == "/loop/a/":
            return self._redirect(h, "/loop/b/")
        if path == "/loop/b/":
            return self._redirect(h, "/loop/a/")
        if path in ENCODED:
            encoding, declared, text, content_type = ENCODED[path]
            body = page(path, text, charset=declared).encode(encoding)
            return self._send(h, 200, content_type, body)
        if path == "/malformed/":
            body = (
                "<html><head><title>Zła</title><body><h1>Zepsuta strona<p>"
                + POLISH
                + "<div><p>Drugi akapit <b>bez <i>zamknięcia</div></td></html></html>"
            )
            return self._send(h, 200, "text/html", body.encode())
        if path == "/big/":
            return self._send(h, 200, "text/html", b"<p>" + b"x" * self.big_bytes + b"</p>")
        if path == "/binary/":
            return self._send(h, 200, "text/html", random.Random(1).randbytes(5000))
        if path.startswith("/private/"):
            return self._send(h, 200, "text/html", page("Prywatna", POLISH).encode())
        return self._send(h, 404, "text/html", b"<h1>Not found</h1>")

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, ctype: str, body: bytes) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    @staticmethod
    def _redirect(h: BaseHTTPRequestHandler, location: str) -> None:
        # Relative Location: resolved against the live URL, as a browser would.
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()


NEWS = [f"/aktualnosci/{n}/" for n in range(1, 19)]


class PortSite(LoopbackServer):
    """A portal served on its own port at ``http://127.0.0.1:<port>/``, crawled live (no
    snapshot mapping), as test servers and some intranets are.

    Its start page links 18 news pages, one page robots.txt disallows and one partner site
    (20 links); ``/o-nas/`` is a listing page whose links lead only to pages no pattern covers.
    """

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests[self.path] += 1
                site.handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        super().__init__(Handler)

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        if path == "/robots.txt":
            body = b"User-agent: *\nDisallow: /aktualnosci/wewnetrzne/\n"
            return FaultSite._send(h, 200, "text/plain", body)
        if path == "/":
            hrefs = [*NEWS, "/aktualnosci/wewnetrzne/", "https://partner.example/"]
            links = "".join(f"<a href='{href}'>{href}</a> " for href in hrefs)
            return FaultSite._send(
                h, 200, "text/html", page("Start", "Lista", links=links).encode()
            )
        if path == "/o-nas/":
            hrefs = ["/o-nas/zespol.html", "/kontakt/", "/mapa-strony/", "mailto:biuro@example.org"]
            links = "".join(f"<a href='{href}'>{href}</a> " for href in hrefs)
            # No link home (page() has one): this page's only links are ones no pattern covers.
            body = f"<html lang='pl'><body><h1>O nas</h1><p>Zespół</p>{links}</body></html>"
            return FaultSite._send(h, 200, "text/html", body.encode())
        if path in NEWS or path == "/aktualnosci/wewnetrzne/":
            return FaultSite._send(h, 200, "text/html", page(f"Wiadomość {path}", POLISH).encode())
        return FaultSite._send(h, 404, "text/html", b"<h1>Not found</h1>")
