"""Stable identifiers: the same page always gets the same record_id, run after run."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track a visit and never change what a page says.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "mc_cid", "mc_eid", "_ga", "yclid", "msclkid", "ref", "share"}
)


_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host; no fragment, tracking parameters or trailing slash.

    ``/news/one`` and ``/news/one/`` are one page on every portal seen so far, so both
    spellings give one record. The query is sorted so parameter order does not matter.
    """
    parts = urlsplit(url.strip())
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith("utm_")
    )
    # "%d0%bc" and "%D0%BC" are one character (RFC 3986, 6.2.2.1): WordPress's API writes
    # the first, its sitemap the second.
    path = _ESCAPE.sub(lambda m: m.group(0).upper(), parts.path.rstrip("/") or "/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def record_id(source_id: str, url: str) -> str:
    """A 16-hex-digit hash of source and canonical URL."""
    key = f"{source_id}\n{canonical_url(url)}".encode()
    return hashlib.sha256(key).hexdigest()[:16]


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
