"""``docs/data-dictionary.md``, generated from ``transforms.schema`` (and
``warehouse.organisation_schema``) so it cannot drift.

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
from warehouse.organisation_schema import (
    INITIATIVE_ORGANISATION_FIELDS,
    ORGANISATION_FIELDS,
    ROLES,
    type_name,
)
from warehouse.sim_case_schema import SIM_CASE_FIELDS

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"
LINK_DESCRIPTIONS = {
    "record_a": "The smaller record_id of the pair.",
    "record_b": "The larger record_id of the pair.",
    "score": "Link score, 0 to 1 (pairs above the threshold are linked).",
    "evidence": "Why the pair was linked: shared acronym, name, organisations, period ...",
    "against": "What speaks against the link: periods that do not overlap, different consortia ...",
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
            f"| `{f.name}` | {type_name(f.arrow)} | {required} | {_md(f.description)}{note} |"
        )
    return lines


def render() -> str:
    released = {f.name for f in RELEASE_RECORD_FIELDS}
    links = tuple(
        Field(
            f.name,
            f.type,
            LINK_DESCRIPTIONS[f.name],
            required=f.name not in {"evidence", "against"},
        )
        for f in LINK_SCHEMA
    )
    parts = [
        "# Data dictionary",
        "",
        "Generated from `transforms/schema.py` and `warehouse/organisation_schema.py` by",
        "`python -m warehouse.data_dictionary`; do not edit by hand. The same fields describe",
        "the warehouse tables (DuckDB), the Parquet and CSV release files and the release's",
        "`datapackage.json`.",
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
        "ESID's social-innovation criteria (`si_objectives`, `si_actors`, `si_outputs`,",
        "`si_innovativeness`, 0-2 each, and `si_score`, 0-8) follow the annotation guidelines",
        "in `docs/si-criteria.md`. `transforms/si_criteria.py` reads each sentence of the",
        "original text and of its English translation with the cue lexicon of its language",
        "(`transforms/lexicons/si_criteria.yml`, the 24 EU languages); organisation names are",
        "masked first. `si_evidence` keeps the sentences behind each score. Agreement with a",
        "labelled set: `python -m benchmarks.si_criteria`. Initiatives and SIM cases carry the",
        "highest score any of their records reaches, per criterion, with that record's",
        "sentences.",
        "",
        "## initiatives",
        "",
        "One row per initiative: records of the same initiative from different portals and",
        "languages, merged. DuckDB table `gold.initiatives` (view `initiatives`), release files",
        "`initiatives.parquet` and `initiatives.csv`.",
        "",
        *_table(INITIATIVE_FIELDS),
        "",
        "## organisations",
        "",
        "One row per organisation the records name, whatever the language or script it is",
        "written in (a record keeps its organisations as written; this table says who they",
        "are): DuckDB table `gold.organisations` (view `organisations`), release files",
        "`organisations.parquet` and `organisations.csv` (lists of structs as JSON arrays of",
        "objects).",
        "",
        *_table(ORGANISATION_FIELDS),
        "",
        "## initiative_organisations",
        "",
        "Which organisation takes part in which initiative: DuckDB table",
        "`gold.initiative_organisations` (view `initiative_organisations`; view `consortia`",
        "adds the names), release files `initiative_organisations.parquet` and",
        "`initiative_organisations.csv`. Primary key: `initiative_id`, `org_id`.",
        "",
        *_table(INITIATIVE_ORGANISATION_FIELDS),
        "",
        "Roles, strongest first: " + ", ".join(f"`{role}`" for role in ROLES) + ".",
        "",
        "## sim_cases",
        "",
        "One Social Innovation Match case per initiative, following SIM's template: DuckDB",
        "table `gold.sim_cases` (view `sim_cases`), release files `sim_cases.parquet`,",
        "`sim_cases.csv` and one `sim_cases/<initiative_id>.json` per case (each field with",
        "its value and evidence). Sections are English where the record has a translation;",
        "`untranslated` names the fields shown in the original language only.",
        "",
        *_table(SIM_CASE_FIELDS),
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
