"""The Dagster code location: assets per layer, jobs, sensors, schedules and resources,
assembled here only."""

from dagster import AssetSelection, Definitions, ExecutorDefinition, define_asset_job

from pipelines.bronze import raw_pages
from pipelines.gold import initiatives, release, warehouse
from pipelines.health import source_health
from pipelines.resources import DataLake, LakeSync, PortalFetcher, Translator
from pipelines.sensors import (
    build_model_sensor,
    build_publish_sensor,
    build_source_sensor,
    source_schedules,
)
from pipelines.settings import Settings, confine_tool_state, load_settings
from pipelines.silver import records, translated_records
from spiders.sources import load_sources

REFRESH_SOURCE_JOB = "refresh_source"
RETRANSLATE_JOB = "retranslate_source"
PUBLISH_JOB = "publish_release"


def build_definitions(
    settings: Settings, executor: ExecutorDefinition | None = None
) -> Definitions:
    """The code location; ``executor`` replaces Dagster's default executor for every job
    (pipelines/distributed.py passes the celery executor)."""
    confine_tool_state(settings)
    sources = load_sources(settings.sources_path)
    refresh_source = define_asset_job(
        REFRESH_SOURCE_JOB,
        selection=AssetSelection.assets(raw_pages, records, translated_records),
        description="Crawl one source, rebuild its records and translate them (one run per "
        "source partition; a release follows automatically).",
    )
    retranslate = define_asset_job(
        RETRANSLATE_JOB,
        selection=AssetSelection.assets(translated_records),
        description="Translate one source's records again (after a new model), no crawl.",
    )
    publish = define_asset_job(
        PUBLISH_JOB,
        selection=AssetSelection.assets(initiatives, warehouse, release),
        description="Link every source's records into initiatives, rebuild the DuckDB "
        "warehouse and publish a release.",
    )
    return Definitions(
        executor=executor,
        assets=[raw_pages, records, translated_records, initiatives, warehouse, release],
        asset_checks=[source_health],
        jobs=[refresh_source, retranslate, publish],
        sensors=[
            build_source_sensor(refresh_source),
            build_model_sensor(retranslate),
            build_publish_sensor([refresh_source, retranslate], publish),
        ],
        schedules=source_schedules(sources, refresh_source),
        resources={
            "fetcher": PortalFetcher.from_settings(settings),
            "translator": Translator.from_settings(settings),
            "lake": DataLake(
                data_dir=str(settings.data_dir),
                sources_path=[str(p) for p in settings.sources_path],
                contact=settings.contact,
                public_url=settings.public_url,
            ),
            "sync": LakeSync(remote_root=settings.remote_root, local_root=str(settings.data_dir)),
        },
    )


defs = build_definitions(load_settings())
