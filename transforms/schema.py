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

RECORD_FIELDS: tuple[Field, ...] = (
    Field("record_id", pa.string(), "Stable hash of source and canonical URL.", required=True),
    Field("source_id", pa.string(), "Source name, <cc>_<portal>.", required=True),
    Field("url", pa.string(), "Canonical live URL of the page.", required=True),
    Field("record_type", pa.string(), "initiative, project, event, news, organisation or page."),
    Field("source_country", pa.string(), "ISO 3166-1 alpha-2 country of the publishing portal."),
    Field("crawl_id", pa.string(), "The crawl that fetched this version of the page."),
    Field("fetched_at", pa.string(), "When the page was fetched (ISO 8601, UTC).", required=True),
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
    Field(
        "organisations_text",
        pa.list_(pa.string()),
        "Organisation names as written in the page's organisation/partner list.",
    ),
)

RECORD_SCHEMA = pa.schema(
    [pa.field(f.name, f.arrow, nullable=not f.required) for f in RECORD_FIELDS]
)
RECORD_COLUMNS = tuple(f.name for f in RECORD_FIELDS)


def record_table_ddl(table: str) -> str:
    columns = ",\n  ".join(
        f"{f.name} {f.duckdb_type}{' NOT NULL' if f.required else ''}" for f in RECORD_FIELDS
    )
    return f"CREATE TABLE {table} (\n  {columns},\n  PRIMARY KEY (record_id)\n)"
