"""Source metadata: one YAML file per portal, validated by a pydantic model.

A source's name (``<cc>_<portal>``) is its file name, spider name, Dagster partition key and
table value. Sources are discovered by scanning folders, never listed in a registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from spiders.structured import EXPORT_FIELDS, RENDERED_SELECTORS

BUILT_IN_DIR = Path(__file__).parent / "sources"
SOURCE_NAME = re.compile(r"^[a-z]{2}_[a-z0-9_]+$")
# Fields whose values a source may map through a lookup table (value as written -> clean).
LOOKUP_FIELDS = frozenset({"organisations"})
SourceKind = Literal["html", "wordpress", "csv", "json"]
# A WordPress REST collection: https://site/wp-json/wp/v2/posts (or pages, or a custom type).
WORDPRESS_COLLECTION = re.compile(r"^https?://[^/?#]+(/[^?#]*)?/wp-json/wp/v2/[a-z0-9_-]+/?$")
# Fields only an HTML crawl uses: set on a structured source they would silently do nothing.
HTML_ONLY = ("follow", "detail", "sitemaps", "selectors")


class SourceError(ValueError):
    """A source file that cannot be used; the message names the file and the field."""


class Selectors(BaseModel):
    """Selectors for the parts of a detail page; unset ones fall back to generic rules.

    Each is CSS, or XPath when it starts with ``/`` or ``(``.
    """

    model_config = ConfigDict(extra="forbid")
    title: str | None = None
    body: str | None = None
    date: str | None = None
    organisations: str | None = Field(
        default=None, description="elements whose texts are organisation names"
    )
    # Elements inside the body that are never content (share buttons, partner strips...).
    drop: list[str] = Field(default_factory=list)


class WordPressOptions(BaseModel):
    """How a ``kind: wordpress`` source pages through the REST API."""

    model_config = ConfigDict(extra="forbid")
    per_page: int = Field(default=100, ge=1, le=100, description="items per answer (WP max 100)")
    embed: bool = Field(default=True, description="ask for _embed: author, featured image, terms")


class ExportOptions(BaseModel):
    """How a ``kind: csv`` or ``kind: json`` export is read."""

    model_config = ConfigDict(extra="forbid")
    encoding: str = "utf-8-sig"
    delimiter: str | None = Field(default=None, min_length=1, max_length=1, description="csv")
    records: str | None = Field(
        default=None, description="json: dotted path to the list of records (default: the top)"
    )
    list_separator: str = Field(
        default=";", description="separates several names in one cell (organisations, ...)"
    )


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: SourceKind = Field(
        default="html",
        description="html: crawl pages; wordpress: the REST API; csv, json: an export",
    )
    publisher: str
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, or EU")
    languages: list[str] = Field(min_length=1, description="ISO 639-1 codes the portal uses")
    start_urls: list[str] = Field(min_length=1)
    allowed_domains: list[str] = Field(min_length=1)
    follow: list[str] = Field(default_factory=list, description="regexes of listing URLs")
    detail: list[str] = Field(
        default_factory=list, description="regexes of record (detail) URLs; kind html only"
    )
    skip: list[str] = Field(
        default_factory=list,
        description="regexes of URLs never fetched (html) or never kept as records (the others)",
    )
    sitemaps: list[str] = Field(
        default_factory=list,
        description="sitemap URLs (urlset or index): their pages are crawled too, and a detail "
        "page whose <lastmod> is not newer than its last fetch is kept without a request",
    )
    selectors: Selectors = Field(default_factory=Selectors)
    schedule: str = "0 3 * * 1"
    expected_min: int = Field(default=1, ge=0)
    expected_max: int = Field(default=10_000, ge=1)
    download_delay: float = Field(default=1.0, ge=0)
    concurrency: int = Field(default=2, ge=1, le=16)
    timeout: float = Field(default=30.0, gt=0, description="seconds before a request fails")
    max_page_bytes: int = Field(default=10 * 1024 * 1024, gt=0, description="size cap per page")
    lookups: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="per-field value lookups: {field: {value as written: normalised value}}",
    )
    fields: dict[str, str] | None = Field(
        default=None,
        description="csv, json: record part -> the export's column (or dotted key path); "
        f"parts: {', '.join(EXPORT_FIELDS)}; title and url are required",
    )
    export: ExportOptions | None = None
    wordpress: WordPressOptions | None = None

    @field_validator("name")
    @classmethod
    def _name_shape(cls, value: str) -> str:
        if not SOURCE_NAME.match(value):
            raise ValueError("must look like <cc>_<portal>, lower case, e.g. sk_socialneinovacie")
        return value

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: list[str]) -> list[str]:
        bad = [code for code in value if not re.fullmatch(r"[a-z]{2}", code)]
        if bad:
            raise ValueError(f"not ISO 639-1 codes: {bad}")
        return value

    @field_validator("lookups")
    @classmethod
    def _lookup_fields(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        unknown = sorted(set(value) - LOOKUP_FIELDS)
        if unknown:
            raise ValueError(f"no lookups for {unknown}; lookups exist for {sorted(LOOKUP_FIELDS)}")
        return value

    @field_validator("fields")
    @classmethod
    def _field_parts(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is None:
            return value
        unknown = sorted(set(value) - set(EXPORT_FIELDS))
        if unknown:
            raise ValueError(f"unknown record parts {unknown}; known: {list(EXPORT_FIELDS)}")
        empty = sorted(part for part, column in value.items() if not str(column).strip())
        if empty:
            raise ValueError(f"no column given for {empty}")
        return value

    @model_validator(mode="after")
    def _fits_kind(self) -> Self:
        """Each kind's required fields, and no field another kind reads (it would be ignored).

        The messages name the field, as field validators' do (``load_source_file``)."""
        kind, given = self.kind, self.model_fields_set
        if kind == "html":
            if not self.detail:
                raise ValueError("field 'detail': kind html needs regexes of record URLs")
            for name in ("fields", "export", "wordpress"):
                if name in given:
                    raise ValueError(f"field {name!r}: not used by kind html")
            return self
        for name in HTML_ONLY:
            if name in given:
                raise ValueError(f"field {name!r}: not used by kind {kind} (html only)")
        if kind == "wordpress":
            for name in ("fields", "export"):
                if name in given:
                    raise ValueError(f"field {name!r}: not used by kind wordpress")
            for url in self.start_urls:
                if not WORDPRESS_COLLECTION.match(url):
                    raise ValueError(
                        "field 'start_urls': kind wordpress reads REST collections, "
                        f"https://<site>/wp-json/wp/v2/<type> (posts, pages); got {url!r}"
                    )
            self.wordpress = self.wordpress or WordPressOptions()
        else:
            if "wordpress" in given:
                raise ValueError(f"field 'wordpress': not used by kind {kind}")
            fields = self.fields or {}
            for part in ("title", "url"):
                if part not in fields:
                    raise ValueError(
                        f"field 'fields.{part}': kind {kind} needs the export's column "
                        f"that holds each record's {part}"
                    )
            if not (fields.get("summary") or fields.get("body")):
                raise ValueError(
                    f"field 'fields.body': kind {kind} needs a column of text (body or summary)"
                )
            export = self.export or ExportOptions()
            if kind == "json" and export.delimiter is not None:
                raise ValueError("field 'export.delimiter': kind json has no delimiter")
            if kind == "csv" and export.records is not None:
                raise ValueError("field 'export.records': kind csv has no record path")
            self.export = export
        # Structured entries are rendered into one fixed layout (spiders.structured).
        self.selectors = Selectors.model_validate(RENDERED_SELECTORS)
        return self

    @field_validator("follow", "detail", "skip")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from exc
        return value


def load_source_file(path: Path) -> Source:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise SourceError(f"{path}: expected a mapping of fields, got {type(raw).__name__}")
    raw.setdefault("name", path.stem)
    if raw["name"] != path.stem:
        raise SourceError(f"{path}: field 'name' is {raw['name']!r} but the file is {path.stem!r}")
    try:
        return Source.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(_problem(err["loc"], err["msg"]) for err in exc.errors())
        raise SourceError(f"{path}: {problems}") from exc


def _problem(loc: tuple[int | str, ...], message: str) -> str:
    # A whole-model check (Source._fits_kind) has no location; its message names the field.
    if not loc:
        return message.removeprefix("Value error, ")
    return f"field '{'.'.join(str(p) for p in loc)}': {message}"


def load_sources(extra_dirs: Iterable[Path] = ()) -> dict[str, Source]:
    """All sources, built-in first; a later folder's file of the same name overrides."""
    found: dict[str, Source] = {}
    for folder in (BUILT_IN_DIR, *extra_dirs):
        if not folder.is_dir():
            raise SourceError(f"{folder}: source folder does not exist")
        for path in sorted(folder.glob("*.yml")):
            source = load_source_file(path)
            found[source.name] = source
    return dict(sorted(found.items()))
