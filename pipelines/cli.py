"""``siharvest``: the command line for stewards and analysts."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from pipelines.settings import MODES, Settings, confine_tool_state, load_settings

app = typer.Typer(
    help="SI Harvest: European social-innovation data, harvested and harmonised.",
    no_args_is_help=True,
)


def _settings(mode: str | None = None) -> Settings:
    if mode is not None:
        if mode not in MODES:
            raise typer.BadParameter(f"mode must be one of {', '.join(MODES)}")
        os.environ["SIH_MODE"] = mode
    settings = load_settings()
    # Before Scrapy, Dagster or argostranslate are imported: they write state at import time.
    confine_tool_state(settings)
    return settings


@app.command()
def run(
    mode: Annotated[str | None, typer.Option(help="snapshot (default) or live")] = None,
    source: Annotated[list[str] | None, typer.Option(help="only these sources")] = None,
) -> None:
    """Crawl every source, build the warehouse and publish a release (the Dagster jobs)."""
    settings = _settings(mode)
    from dagster import DagsterInstance

    from pipelines.definitions import build_definitions
    from pipelines.runner import refresh_everything
    from warehouse.release import latest_version

    defs = build_definitions(settings)
    from spiders.sources import load_sources

    names = list(load_sources(settings.sources_path))
    unknown = sorted(set(source or []) - set(names))
    if unknown:
        raise typer.BadParameter(f"unknown sources: {', '.join(unknown)}")
    instance = (
        DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    )
    typer.echo(f"Refreshing {len(source or names)} sources in {settings.mode} mode ...")
    report = refresh_everything(defs, instance, source or names)
    if settings.warehouse_path.exists():
        import duckdb

        with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
            typer.echo("\nRecords per source and language:")
            typer.echo(str(con.sql("SELECT * FROM language_stats")))
    version = latest_version(settings.releases_dir)
    typer.echo(f"Sources refreshed: {', '.join(report.succeeded) or 'none'}")
    if report.failed:
        typer.echo(f"Sources FAILED (their last good data was used): {', '.join(report.failed)}")
    typer.echo(f"DuckDB warehouse: {settings.warehouse_path}")
    if report.published and version:
        typer.echo(f"Release {version}: {settings.releases_dir / version}")
    else:
        typer.echo("No release was published: see the Dagster run log.")
    if report.failed or not report.published:
        raise typer.Exit(1)


@app.command()
def sources() -> None:
    """List the sources found in spiders/sources and SIH_SOURCES_PATH."""
    settings = _settings()
    from spiders.sources import load_sources
    from warehouse.lake import latest_crawl_dir

    for name, src in load_sources(settings.sources_path).items():
        crawl = latest_crawl_dir(settings.bronze_dir, name)
        last = crawl.name if crawl else "never crawled"
        typer.echo(
            f"{name:24} {src.country}  {','.join(src.languages):8} {last:24} {src.start_urls[0]}"
        )


@app.command()
def crawl(
    name: str,
    mode: Annotated[str | None, typer.Option(help="snapshot (default) or live")] = None,
) -> None:
    """Crawl one source into bronze, without Dagster."""
    settings = _settings(mode)
    from pipelines.resources import PortalFetcher
    from warehouse.lake import crawl_dir, latest_crawl_dir

    crawl_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    out = crawl_dir(settings.bronze_dir, name, crawl_id)
    fetcher = PortalFetcher(mode=settings.mode, contact=settings.contact)
    previous = latest_crawl_dir(settings.bronze_dir, name)
    summary = fetcher.crawl(name, out, settings.sources_path, previous)
    typer.echo(
        f"{name}: {summary.pages} pages ({summary.detail_pages} detail, "
        f"{summary.not_modified} unchanged), {summary.issues} issues -> {out}"
    )


@app.command()
def query(
    sql: str,
    database: Annotated[Path | None, typer.Option(help="DuckDB file")] = None,
) -> None:
    """Run SQL against the warehouse, read-only, and print the result as a table."""
    settings = _settings()
    import duckdb

    path = database or settings.warehouse_path
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist yet: run `siharvest run` first")
    with duckdb.connect(str(path), read_only=True) as con:
        typer.echo(str(con.sql(sql)))


if __name__ == "__main__":
    app()
