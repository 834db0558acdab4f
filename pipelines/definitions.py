"""The Dagster code location: assets per layer, jobs and resources, assembled here only."""

from __future__ import annotations

from dagster import AssetSelection, Definitions, StaticPartitionsDefinition, define_asset_job

from pipelines.bronze import build_raw_pages
from pipelines.gold import build_gold_assets
from pipelines.resources import DataLake, PortalFetcher, Translator
from pipelines.settings import Settings, confine_tool_state, load_settings
from pipelines.silver import build_records_asset, build_translated_asset
from spiders.sources import load_sources

REFRESH_SOURCE_JOB = "refresh_source"
PUBLISH_JOB = "publish_release"


def build_definitions(settings: Settings) -> Definitions:
    confine_tool_state(settings)
    sources = load_sources(settings.sources_path)
    partitions = StaticPartitionsDefinition(list(sources))
    raw_pages = build_raw_pages(partitions)
    records = build_records_asset(partitions, raw_pages)
    translated = build_translated_asset(partitions, records)
    warehouse, release = build_gold_assets(translated)
    refresh_source = define_asset_job(
        REFRESH_SOURCE_JOB,
        selection=AssetSelection.assets(raw_pages, records, translated),
        description="Crawl one source, rebuild its records and translate them (one run per "
        "source partition).",
    )
    publish = define_asset_job(
        PUBLISH_JOB,
        selection=AssetSelection.assets(warehouse, release),
        description="Rebuild the DuckDB warehouse from every source's records and publish a "
        "release.",
    )
    return Definitions(
        assets=[raw_pages, records, translated, warehouse, release],
        jobs=[refresh_source, publish],
        resources={
            "fetcher": PortalFetcher.from_settings(settings),
            "translator": Translator.from_settings(settings),
            "lake": DataLake(
                data_dir=str(settings.data_dir),
                sources_path=[str(p) for p in settings.sources_path],
            ),
        },
    )


defs = build_definitions(load_settings())
