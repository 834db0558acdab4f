"""Silver: one source's detail pages as harmonised records with detected languages."""

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from pipelines.bronze import raw_pages
from pipelines.fingerprints import (
    bronze_fingerprint,
    models_fingerprint,
    read_state,
    write_state,
)
from pipelines.partitions import SOURCES
from pipelines.resources import DataLake, LakeSync, Translator
from spiders.items import ISSUES_SCHEMA
from spiders.portal_spider import utc_now
from spiders.sources import Source
from transforms.enrich import enrich_translated
from transforms.records import SourceContext, build_records
from transforms.schema import RECORD_SCHEMA
from warehouse.lake import (
    latest_crawl_dir,
    silver_records_path,
    translated_records_path,
    write_parquet_atomic,
)


def source_context(source: Source) -> SourceContext:
    return SourceContext(
        source_id=source.name,
        country=source.country,
        languages=tuple(source.languages),
        title_css=source.selectors.title,
        body_css=source.selectors.body,
        date_css=source.selectors.date,
        organisations_css=source.selectors.organisations,
        drop_css=tuple(source.selectors.drop),
        lookups=source.lookups,
    )


@asset(
    partitions_def=SOURCES,
    deps=[raw_pages],
    group_name="silver",
    description="Detail pages of one portal as records: title, main text, languages.",
    kinds={"parquet"},
)
def records(context: AssetExecutionContext, lake: DataLake, sync: LakeSync) -> MaterializeResult:
    source = lake.sources()[context.partition_key]
    crawl = latest_crawl_dir(lake.bronze_dir, source.name)
    if crawl is None:
        raise RuntimeError(f"{source.name}: no finished crawl under {lake.bronze_dir}")
    pages = pq.read_table(crawl / "pages.parquet").to_pylist()
    out = silver_records_path(lake.silver_dir, source.name)
    previous: dict[str, dict[str, object]] = {}
    if out.exists():
        old = pq.read_table(out)
        if old.schema.equals(RECORD_SCHEMA):
            previous = {row["record_id"]: row for row in old.to_pylist()}
        else:
            context.log.info("record schema changed since the last run: rebuilding all")
    build = build_records(pages, source_context(source), previous)
    rows, problems = build.records, build.problems
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=RECORD_SCHEMA), out)
    issues = [
        {
            "source_id": source.name,
            "crawl_id": crawl.name,
            "timestamp": utc_now(),
            "level": problem.level,
            "url": problem.url,
            "message": problem.message,
        }
        for problem in problems
    ]
    write_parquet_atomic(
        pa.Table.from_pylist(issues, schema=ISSUES_SCHEMA),
        lake.silver_dir / "issues" / f"{source.name}.parquet",
    )
    # Last, after the outputs: what these records were built from (pipelines/fingerprints.py).
    write_state(lake.root, source.name, {"records": bronze_fingerprint(crawl, source)})
    for issue in issues:
        context.log.warning(f"[{source.name}] {issue['url']}: {issue['message']}")
    languages = Counter(row["language"] or "unknown" for row in rows)
    table = "| language | records |\n|---|---|\n" + "\n".join(
        f"| {lang} | {n} |" for lang, n in sorted(languages.items())
    )
    return MaterializeResult(
        metadata={
            "row_count": len(rows),
            "processed": build.processed,
            "unchanged": build.reused,
            "crawl_id": crawl.name,
            "problems": len(problems),
            "languages": MetadataValue.md(table),
            "path": MetadataValue.path(str(out)),
        }
    )


@asset(
    partitions_def=SOURCES,
    deps=[records],
    group_name="silver",
    description="One portal's records with English title and body (offline argostranslate "
    "models, batched; sentences already translated come from the translation memory).",
    kinds={"parquet", "duckdb"},
)
def translated_records(
    context: AssetExecutionContext, lake: DataLake, translator: Translator, sync: LakeSync
) -> MaterializeResult:
    source = context.partition_key
    path = silver_records_path(lake.silver_dir, source)
    if not path.exists():
        raise RuntimeError(f"{source}: no records at {path}; materialise records first")
    # Read before the records: the fingerprint must not be newer than what is translated.
    built_from = read_state(lake.root, source).get("records")
    models = models_fingerprint(Path(translator.models_dir))
    for model in translator.install_new_models():
        context.log.info(f"installed translation model {model.label}")
    rows = pq.read_table(path).to_pylist()
    stats = translator.translate(rows)
    for row in rows:
        enrich_translated(row)
    for pair in sorted(stats.pairs_without_model):
        context.log.warning(f"[{source}] no translation model for {pair}: originals kept")
    for failure in stats.failures:
        context.log.error(f"[{source}] translation failed for {failure}")
    out = translated_records_path(lake.silver_dir, source)
    write_parquet_atomic(pa.Table.from_pylist(rows, schema=RECORD_SCHEMA), out)
    write_state(lake.root, source, {"translated": {"records": built_from, "models": models}})
    table = "| status | records |\n|---|---|\n" + "\n".join(
        f"| {status} | {n} |" for status, n in sorted(stats.statuses.items())
    )
    sample = "| title | language | translation | url |\n|---|---|---|---|\n" + "\n".join(
        f"| {_cell(r['title'])} | {r['language']} | {r['translation_status']} | {r['url']} |"
        for r in rows[:5]
    )
    return MaterializeResult(
        metadata={
            "row_count": len(rows),
            "sentences_translated": stats.sentences_translated,
            "sentences_from_memory": stats.sentences_from_memory,
            "pairs_without_model": ", ".join(sorted(stats.pairs_without_model)) or "none",
            "translation_status": MetadataValue.md(table),
            "sample_records": MetadataValue.md(sample),
            "path": MetadataValue.path(str(out)),
        }
    )


def _cell(text: object, limit: int = 80) -> str:
    """Text for a Markdown table cell: one line, no pipes, shortened."""
    flat = " ".join(str(text or "").split()).replace("|", "/")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
