"""The one item a crawl produces: a fetched page, raw HTML kept (the bronze layer)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pyarrow as pa

PageKind = Literal["listing", "detail"]


@dataclass
class PageItem:
    source_id: str
    crawl_id: str
    url: str
    status: int
    page_kind: PageKind
    fetched_at: str
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
        return found

    def to_row(self) -> dict[str, Any]:
        return asdict(self)


BRONZE_PAGES_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("crawl_id", pa.string()),
        ("url", pa.string()),
        ("status", pa.int32()),
        ("page_kind", pa.string()),
        ("fetched_at", pa.string()),
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
