"""The one item a crawl produces: a fetched page, raw HTML kept (the bronze layer)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pyarrow as pa

PageKind = Literal["listing", "detail"]
# Share of a page's first bytes that may be control characters before it counts as binary.
MAX_CONTROL_SHARE = 0.01


@dataclass
class PageItem:
    source_id: str
    crawl_id: str
    url: str  # final URL, after redirects (record IDs use its canonical form)
    requested_url: str  # the link as followed, before redirects
    status: int
    page_kind: PageKind
    fetched_at: str
    first_seen: str
    last_seen: str
    not_modified: bool  # the server answered 304: html is the previous crawl's copy
    content_type: str
    encoding: str
    headers: str  # JSON object of the response headers
    content_hash: str
    html: bytes = field(repr=False)

    def problems(self) -> list[str]:
        """Why this item cannot be used downstream; empty when it is valid."""
        found = []
        if self.status != 200:
            found.append(f"HTTP status {self.status}")
        if not self.html.strip():
            found.append("empty body")
        if "html" not in self.content_type:
            found.append(f"not an HTML page ({self.content_type or 'no Content-Type'})")
        head = self.html[:4096]
        controls = sum(1 for b in head if b < 9 or 13 < b < 32)
        if head and controls / len(head) > MAX_CONTROL_SHARE:
            found.append("binary content served as HTML")
        return found

    def to_row(self) -> dict[str, Any]:
        return asdict(self)


BRONZE_PAGES_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("crawl_id", pa.string()),
        ("url", pa.string()),
        ("requested_url", pa.string()),
        ("status", pa.int32()),
        ("page_kind", pa.string()),
        ("fetched_at", pa.string()),
        ("first_seen", pa.string()),
        ("last_seen", pa.string()),
        ("not_modified", pa.bool_()),
        ("content_type", pa.string()),
        ("encoding", pa.string()),
        ("headers", pa.string()),
        ("content_hash", pa.string()),
        ("html", pa.binary()),
    ]
)

ISSUES_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("crawl_id", pa.string()),
        ("timestamp", pa.string()),
        ("level", pa.string()),
        ("url", pa.string()),
        ("message", pa.string()),
    ]
)
