"""``docs/data-dictionary.md``, generated from ``transforms.schema`` so it cannot drift.

    python -m warehouse.data_dictionary          # rewrite docs/data-dictionary.md
    python -m warehouse.data_dictionary --check  # exit 1 if the file is out of date

A test runs the check, so a schema change without the regenerated page fails CI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transforms.safety import FLAGS
from transforms.schema import (
    INITIATIVE_FIELDS,
    LINK_SCHEMA,
    RECORD_FIELDS,
    RELEASE_RECORD_FIELDS,
    Field,
)
from transforms.topics import load_lexicon

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"
TYPE_NAMES = {
    "string": "string",
    "double": "float",
    "int64": "integer",
    "list<item: string>": "list of strings",
}
LINK_DESCRIPTIONS = {
    "record_a": "The smaller record_id of the pair.",
    "record_b": "The larger record_id of the pair.",
    "score": "Link score, 0 to 1 (pairs above the threshold are linked).",
    "evidence": "Why the pair was linked: shared acronym, name, organisations, period ...",
}


def _md(text: str) -> str:
    """Descriptions mention <html lang> and <cc>_<portal>: not tags to a Markdown viewer."""
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _table(fields: tuple[Field, ...], in_release: set[str] | None = None) -> list[str]:
    head = "| column | type | required | description |"
    lines = [head, "|---|---|---|---|"]
    for f in fields:
        note = "" if in_release is None or f.name in in_release else " Warehouse only."
        required = "yes" if f.required else ""
        lines.append(
            f"| `{f.name}` | {TYPE_NAMES[str(f.arrow)]} | {required} | {_md(f.description)}{note} |"
        )
    return lines


def render() -> str:
    released = {f.name for f in RELEASE_RECORD_FIELDS}
    links = tuple(
        Field(f.name, f.type, LINK_DESCRIPTIONS[f.name], required=f.name != "evidence")
        for f in LINK_SCHEMA
    )
    parts = [
        "# Data dictionary",
        "",
        "Generated from `transforms/schema.py` by `python -m warehouse.data_dictionary`; do not",
        "edit by hand. The same fields describe the warehouse tables (DuckDB), the Parquet and",
        "CSV release files and the release's `datapackage.json`.",
        "",
        "## records",
        "",
        "One row per portal page that describes an initiative: DuckDB table `silver.records`",
        "(view `records`), release files `records.parquet` and `records.csv`.",
        "",
        *_table(RECORD_FIELDS, released),
        "",
        "Dates are ISO 8601 strings of day (`2021-05-03`), month (`2021-05`) or year (`2021`)",
        "precision: a page that prints only a month is not given an invented day.",
        "",
        "Translation statuses: `translated`, `source_is_english`, `no_model` (no installed model",
        "for the language; the original text is kept), `failed` (the model failed; see the run",
        "log).",
        "",
        "Safety flags, as `<field>:<flag>`: "
        + ", ".join(f"`{flag}`" for flag in FLAGS)
        + ". The value is kept as the page showed it; escape it before display.",
        "",
        "Policy areas (`policy_areas`), the ESF+ specific objectives:",
        "",
        "| code | ESF+ | label |",
        "|---|---|---|",
        *(f"| `{e.code}` | {e.esf} | {e.label} |" for e in load_lexicon("policy_areas")),
        "",
        "Target groups (`target_groups`):",
        "",
        "| code | label |",
        "|---|---|",
        *(f"| `{e.code}` | {e.label} |" for e in load_lexicon("target_groups")),
        "",
        "## initiatives",
        "",
        "One row per initiative: records of the same initiative from different portals and",
        "languages, merged. DuckDB table `gold.initiatives` (view `initiatives`), release files",
        "`initiatives.parquet` and `initiatives.csv`.",
        "",
        *_table(INITIATIVE_FIELDS),
        "",
        "## record_links",
        "",
        "Linked record pairs with their evidence: DuckDB table `gold.record_links` (view",
        "`record_links`).",
        "",
        *_table(links),
        "",
    ]
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the page is out of date")
    args = parser.parse_args()
    text = render()
    if args.check:
        if not DOC.exists() or DOC.read_text() != text:
            sys.exit(f"{DOC} is out of date: run python -m warehouse.data_dictionary")
        return
    DOC.write_text(text)
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
