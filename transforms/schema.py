"""The harmonised record, defined once: the Parquet schema and DuckDB DDL derive from it."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa


@dataclass(frozen=True)
class Field:
    name: str
    arrow: pa.DataType
    description: str
    required: bool = False

    @property
    def duckdb_type(self) -> str:
        return _DUCKDB_TYPES[str(self.arrow)]


_DUCKDB_TYPES = {
    "string": "VARCHAR",
    "double": "DOUBLE",
    "int64": "BIGINT",
    "list<item: string>": "VARCHAR[]",
}

# ESID's four social-innovation criteria (docs/si-criteria.md, transforms/si_criteria.py).
_SI_RULES = (
    ("objectives", "objectives",
     "2 a specific social need or gap in provision, 1 a social aim or group only."),
    ("actors", "actors and actor interactions",
     "2 co-creation, the people concerned taking part, or public, civil and private together; "
     "1 an ordinary partnership."),
    ("outputs", "outputs and outcomes",
     "2 a change that happened (jobs found, practice changed, adopted by an authority), "
     "1 a product (guide, course)."),
    ("innovativeness", "innovativeness",
     "2 a new product, service, process or model put into practice, 1 new but not (yet) in "
     "practice."),
)  # fmt: skip
SI_RECORD_FIELDS = (
    *(
        Field(f"si_{name}", pa.int64(), f"ESID criterion {what}, 0-2 (docs/si-criteria.md): {rule}")
        for name, what, rule in _SI_RULES
    ),
    Field("si_score", pa.int64(), "Sum of the four ESID criteria, 0-8."),
    Field(
        "si_evidence",
        pa.string(),
        "JSON list: the sentences behind each criterion's score (criterion, sentence, lang, "
        "score, cues), read in the original and in the English (transforms/si_criteria.py).",
    ),
)
SI_INITIATIVE_FIELDS = (
    *(
        Field(
            f"si_{name}",
            pa.int64(),
            f"ESID criterion {what}, 0-2: the highest its records reach (an initiative is "
            "scored on all its pages, as ESID scores a project on all the text it has about it).",
        )
        for name, what, _ in _SI_RULES
    ),
    Field("si_score", pa.int64(), "Sum of the four criteria above, 0-8."),
    Field(
        "si_evidence",
        pa.string(),
        "JSON list: for each criterion, the sentences of the record that gave its score "
        "(criterion, sentence, lang, score, cues, record_id).",
    ),
)

RECORD_FIELDS: tuple[Field, ...] = (
    Field("record_id", pa.string(), "Stable hash of source and canonical URL.", required=True),
    Field("source_id", pa.string(), "Source name, <cc>_<portal>.", required=True),
    Field("url", pa.string(), "Canonical live URL of the page.", required=True),
    Field(
        "page_group",
        pa.string(),
        "Shared by the language versions of one page (hreflang alternates, /xx/ path twins): "
        "a hash of the x-default version's URL, else of the smallest version URL, language "
        "marks replaced; the record_id when the page has no versions (transforms/page_group.py).",
    ),
    Field(
        "record_type",
        pa.string(),
        "initiative, project, event, news, organisation, page, or overview (a page naming many "
        "initiatives, which joins none).",
    ),
    Field("source_country", pa.string(), "ISO 3166-1 alpha-2 country of the publishing portal."),
    Field("crawl_id", pa.string(), "The crawl that fetched this version of the page."),
    Field(
        "fetched_at",
        pa.string(),
        "When this version of the page was fetched (ISO 8601, UTC).",
        True,
    ),
    Field("first_seen", pa.string(), "First crawl in which the page was seen (ISO 8601, UTC)."),
    Field("last_seen", pa.string(), "Latest crawl in which the page was seen (ISO 8601, UTC)."),
    Field("content_hash", pa.string(), "SHA-256 of the raw page body.", required=True),
    Field("html_lang", pa.string(), "Language the page declares in <html lang>."),
    Field("encoding", pa.string(), "Character encoding the page was decoded with."),
    Field("title", pa.string(), "Title in the original language.", required=True),
    Field("title_lang", pa.string(), "ISO 639-1 language of the title."),
    Field("title_lang_confidence", pa.float64(), "Detector confidence for title_lang, 0 to 1."),
    Field("body", pa.string(), "Main text in the original language, one paragraph a line."),
    Field("body_lang", pa.string(), "ISO 639-1 language of the body."),
    Field("body_lang_confidence", pa.float64(), "Detector confidence for body_lang, 0 to 1."),
    Field("body_method", pa.string(), "How the body was found: selector, trafilatura or rules."),
    Field("language", pa.string(), "The record's language: the body's, else the title's."),
    Field("title_en", pa.string(), "English title: translated, or the original if English."),
    Field(
        "title_translation_status", pa.string(), "translated, source_is_english, no_model, failed."
    ),
    Field("body_en", pa.string(), "English body, paragraph breaks kept."),
    Field(
        "body_translation_status", pa.string(), "translated, source_is_english, no_model, failed."
    ),
    Field(
        "translation_status", pa.string(), "The body's translation status (the title's if no body)."
    ),
    Field(
        "translation_model", pa.string(), "Model that translated the record, <package>@<version>."
    ),
    Field("date_text", pa.string(), "Date as printed on the page, before normalisation."),
    Field("countries", pa.list_(pa.string()), "ISO 3166-1 alpha-2 countries the text names."),
    Field(
        "funding_programmes",
        pa.list_(pa.string()),
        "Programmes named: ESF+, ESF, EaSI, ERDF, Interreg, Horizon Europe, Erasmus+, national.",
    ),
    Field("start_date", pa.string(), "Project start (ISO 8601, month precision allowed)."),
    Field("end_date", pa.string(), "Project end (ISO 8601, month precision allowed)."),
    Field("published_at", pa.string(), "Publication date printed on the page (ISO 8601)."),
    Field("budget_amount", pa.float64(), "The budget the text states (a range's maximum)."),
    Field("budget_currency", pa.string(), "ISO 4217 code of budget_amount (null if not stated)."),
    Field("budget_text", pa.string(), "The budget as written (transforms.budgets)."),
    Field(
        "organisations",
        pa.list_(pa.string()),
        (
            "Organisation names: the partner list's, then those named in the title or body "
            "with a legal form ('… Social Research OG'); field_provenance says which."
        ),
    ),
    Field(
        "organisation_keys", pa.list_(pa.string()), "Normalised organisation names for matching."
    ),
    Field(
        "organisation_roles",
        pa.list_(pa.string()),
        "Each organisation's role, aligned with organisations: lead, partner, "
        "associated_partner or funder (from the partner list's wording).",
    ),
    Field("field_provenance", pa.string(), "JSON: for each derived field, the text it came from."),
    Field("initiative_id", pa.string(), "The initiative this record describes (set by linking)."),
    Field(
        "organisation_countries",
        pa.list_(pa.string()),
        "Each organisation's country (ISO 3166-1 alpha-2, null when unknown or EU-level), "
        "aligned with organisations.",
    ),
    Field(
        "organisations_text",
        pa.list_(pa.string()),
        "Organisation names as written in the page's organisation/partner list.",
    ),
    Field(
        "policy_areas",
        pa.list_(pa.string()),
        "ESF+ policy areas (objectives a-m, transforms/lexicons/policy_areas.yml) the text is "
        "about; matched words in field_provenance.",
    ),
    Field(
        "target_groups",
        pa.list_(pa.string()),
        "Who the initiative is for (transforms/lexicons/target_groups.yml); evidence in "
        "field_provenance.",
    ),
    Field(
        "completeness",
        pa.float64(),
        "Share (0 to 1, weighted) of title, text, English, countries, programmes, period, "
        "organisations, type and publication date that are filled.",
    ),
    Field(
        "safety_flags",
        pa.list_(pa.string()),
        "<field>:<flag> for text that holds script, markup, javascript: URLs or entities "
        "(shown as the page wrote it; escape before display).",
    ),
    *SI_RECORD_FIELDS,
)


def arrow_schema(fields: tuple[Field, ...]) -> pa.Schema:
    return pa.schema([pa.field(f.name, f.arrow, nullable=not f.required) for f in fields])


RECORD_SCHEMA = arrow_schema(RECORD_FIELDS)
RECORD_COLUMNS = tuple(f.name for f in RECORD_FIELDS)
# ``last_seen`` moves on every crawl even when nothing changed; releases leave it out (the
# warehouse keeps it) so that the same content gives byte-identical release files.
RELEASE_RECORD_FIELDS = tuple(f for f in RECORD_FIELDS if f.name != "last_seen")


def record_table_ddl(table: str) -> str:
    return table_ddl(table, RECORD_FIELDS, "record_id")


INITIATIVE_FIELDS: tuple[Field, ...] = (
    Field("initiative_id", pa.string(), "Stable ID: a hash of its smallest record_id.", True),
    Field("title", pa.string(), "Title of a page describing it, in English where one is."),
    Field("acronym", pa.string(), "The initiative's acronym, e.g. SIPLUS."),
    Field("countries", pa.list_(pa.string()), "Union of its records' countries."),
    Field("funding_programmes", pa.list_(pa.string()), "Union of its records' programmes."),
    Field("start_date", pa.string(), "The start most of its records give."),
    Field("end_date", pa.string(), "The end most of its records give."),
    Field("organisations", pa.list_(pa.string()), "Organisations, once per normalised name."),
    Field("record_ids", pa.list_(pa.string()), "The records describing it.", True),
    Field("sources", pa.list_(pa.string()), "Sources of those records."),
    Field("languages", pa.list_(pa.string()), "Languages of those records."),
    Field(
        "field_provenance", pa.string(), "JSON: each merged value -> the record IDs it came from."
    ),
    *SI_INITIATIVE_FIELDS,
)
INITIATIVE_SCHEMA = arrow_schema(INITIATIVE_FIELDS)
LINK_SCHEMA = pa.schema(
    [("record_a", pa.string()), ("record_b", pa.string()), ("score", pa.float64()),
     ("evidence", pa.list_(pa.string())), ("against", pa.list_(pa.string()))]
)  # fmt: skip


def table_ddl(table: str, fields: tuple[Field, ...], key: str) -> str:
    columns = ",\n  ".join(
        f"{f.name} {f.duckdb_type}{' NOT NULL' if f.required else ''}" for f in fields
    )
    return f"CREATE TABLE {table} (\n  {columns},\n  PRIMARY KEY ({key})\n)"
