"""Linking quality on two labelled sets: pairwise precision and recall, and what went wrong.

    python -m benchmarks.linking

- ``tests/data/linking_pages.json`` (see ``tests/data/README_linking_pages.md``): pages
  written for the project in the style of real portals, about real initiatives, with hard
  look-alikes. Each page becomes a plain HTML page and goes through
  ``transforms.records.build_record`` and ``transforms.linking.link_records``, as the
  maintainers' held-out check does. The baseline beside it is the landed linker
  (``benchmarks.landed``) on the same records.
- ``tests/data/linking_set.json``: the first round's 41 records, given as fields.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any

from transforms.linking import link_records
from transforms.organisations import organisation_key
from transforms.records import SourceContext, build_record

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
LABELLED_SET = DATA / "linking_set.json"
LABELLED_PAGES = DATA / "linking_pages.json"
Linker = Callable[[list[dict[str, Any]]], tuple[dict[str, str], Any]]


def labelled_records() -> list[dict[str, Any]]:
    rows = json.loads(LABELLED_SET.read_text())
    return [
        {
            "record_id": row["id"],
            "source_id": row["source"],
            "language": row["lang"],
            "title": row["title"],
            "body": row["body"],
            "organisation_keys": [organisation_key(name, row["lang"]) for name in row["orgs"]],
            "funding_programmes": row["programmes"],
            "start_date": row["start"],
            "end_date": row["end"],
            "truth": row["truth"],
        }
        for row in rows
    ]


def plain_html(title: str, body: str, lang: str) -> str:
    """A page as the held-out check builds one: the title, then the body's paragraphs; lines
    starting with "- " become a list."""
    parts = [f"<h1>{html.escape(title)}</h1>"]
    for paragraph in body.split("\n\n"):
        lines = [line for line in paragraph.split("\n") if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{html.escape(' '.join(lines))}</p>")
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><main>{''.join(parts)}</main>"
        "</body></html>"
    )


def page_records() -> list[dict[str, Any]]:
    """The labelled pages as records, built by the pipeline's own record builder."""
    records = []
    for row in json.loads(LABELLED_PAGES.read_text()):
        page = {
            "url": row["url"],
            "html": plain_html(row["title"], row["body"], row["lang"]).encode(),
            "content_type": "text/html; charset=utf-8",
            "crawl_id": "labelled",
            "fetched_at": "2026-12-01T00:00:00Z",
            "first_seen": "2026-12-01T00:00:00Z",
            "last_seen": "2026-12-01T00:00:00Z",
            "content_hash": row["id"],
        }
        context = SourceContext(row["source"], row["country"], [row["lang"]])
        record = build_record(page, context) | {"record_id": row["id"], "truth": row["truth"]}
        records.append(record)
    return records


def evaluate(records: list[dict[str, Any]], linker: Linker = link_records) -> dict[str, Any]:
    """Pairwise: a pair is positive when both records are in one (true or found) initiative."""
    found, _ = linker(records)
    truth = {r["record_id"]: r["truth"] for r in records}
    ids = sorted(truth)
    true_pairs = {(a, b) for a, b in combinations(ids, 2) if truth[a] == truth[b]}
    found_pairs = {(a, b) for a, b in combinations(ids, 2) if found[a] == found[b]}
    hits = true_pairs & found_pairs
    return {
        "records": len(records),
        "true_initiatives": len(set(truth.values())),
        "found_initiatives": len(set(found.values())),
        "true_pairs": len(true_pairs),
        "found_pairs": len(found_pairs),
        "precision": round(len(hits) / len(found_pairs), 3) if found_pairs else 1.0,
        "recall": round(len(hits) / len(true_pairs), 3) if true_pairs else 1.0,
        "false_links": sorted(f"{a}-{b}" for a, b in found_pairs - true_pairs),
        "missed_links": sorted(f"{a}-{b}" for a, b in true_pairs - found_pairs),
    }


def _landed_linker(records: list[dict[str, Any]]) -> tuple[dict[str, str], Any]:
    from benchmarks.landed import landed_module

    return landed_module("transforms/linking.py").link_records(records)


def _summary(figures: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in figures.items() if k not in ("false_links", "missed_links")}


def main() -> None:
    from benchmarks.common import report

    pages = page_records()
    ours, landed = evaluate(pages), evaluate(pages, _landed_linker)
    report(
        "linking",
        {
            "pages": ours,
            "pages_landed_linker": _summary(landed),
            "overview_pages": sum(r["record_type"] == "overview" for r in pages),
            "first_round_set": evaluate(labelled_records()),
        },
    )


if __name__ == "__main__":
    main()
