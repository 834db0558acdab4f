"""Query results as text for the analysts' command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import duckdb


def _plain(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def render(relation: duckdb.DuckDBPyRelation, fmt: str) -> str:
    """``table`` (DuckDB's box drawing), ``csv`` (with header) or ``json`` (list of objects)."""
    if fmt == "table":
        return str(relation)
    columns = relation.columns
    rows = relation.fetchall()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buffer.getvalue()
    records = [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=2)
