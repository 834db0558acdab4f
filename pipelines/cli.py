"""``siharvest``: the command line for stewards and analysts."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from pipelines.settings import MODES, Settings, confine_tool_state, load_settings

if TYPE_CHECKING:
    from pipelines.distributed import DistributedReport
    from pipelines.progress import RunProgress
    from pipelines.runner import RefreshReport

app = typer.Typer(
    help="SI Harvest: European social-innovation data, harvested and harmonised.",
    no_args_is_help=True,
)
models_app = typer.Typer(
    help="Offline translation models (argostranslate packages).", no_args_is_help=True
)
app.add_typer(models_app, name="models")


def _settings(mode: str | None = None) -> Settings:
    if mode is not None:
        if mode not in MODES:
            raise typer.BadParameter(f"mode must be one of {', '.join(MODES)}")
        os.environ["SIH_MODE"] = mode
    settings = load_settings()
    # Before Scrapy, Dagster or argostranslate are imported: they write state at import time.
    confine_tool_state(settings)
    return settings


EXECUTORS = ("in-process", "celery")


@app.command()
def run(
    mode: Annotated[str | None, typer.Option(help="snapshot (default) or live")] = None,
    source: Annotated[list[str] | None, typer.Option(help="only these sources")] = None,
    verbose: Annotated[
        bool, typer.Option(help="print Dagster's event stream instead of the progress display")
    ] = False,
    executor: Annotated[
        str,
        typer.Option(
            help="in-process (default): every step in this process; celery: every step on "
            "the dagster-celery workers (Redis; see docs/scaling.md)"
        ),
    ] = "in-process",
) -> None:
    """Crawl every source, build the warehouse and publish a release (the Dagster jobs)."""
    if executor not in EXECUTORS:
        raise typer.BadParameter(f"executor must be one of {', '.join(EXECUTORS)}")
    settings = _settings(mode)
    from dagster import DagsterInstance

    from pipelines.progress import RunProgress, new_log_path
    from pipelines.runner import PUBLISH_LABEL
    from spiders.sources import load_sources
    from warehouse.release import latest_version

    names = list(load_sources(settings.sources_path))
    unknown = sorted(set(source or []) - set(names))
    if unknown:
        raise typer.BadParameter(f"unknown sources: {', '.join(unknown)}")
    chosen = source or names
    if executor == "celery":
        from pipelines import distributed

        try:
            # Before the display starts: without workers, the steps would wait forever.
            answering = distributed.wait_for_workers(distributed.celery_config(), timeout=5.0)
        except distributed.WorkersUnavailable as exc:
            typer.echo(f"Cannot run on Celery: {exc}")
            typer.echo(
                '  what to do: start Redis and the workers (docs/scaling.md, "Celery workers '
                'on one machine"), or run without --executor celery'
            )
            raise typer.Exit(1) from exc
        typer.echo(f"Celery workers answering: {', '.join(answering)}")
        # Workers write into the run's instance, so it must be one on disk: DAGSTER_HOME, or
        # the shipped dagster_home/celery.
        home = os.environ.get("DAGSTER_HOME") or str(distributed.CELERY_HOME)
        instance = DagsterInstance.from_config(home)
    else:
        from pipelines.definitions import build_definitions
        from pipelines.runner import refresh_everything

        defs = build_definitions(settings)
        instance = (
            DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
        )
    where = " on Celery workers" if executor == "celery" else ""
    typer.echo(f"Refreshing {len(chosen)} sources in {settings.mode} mode{where} ...")
    progress = RunProgress(
        [*chosen, PUBLISH_LABEL], new_log_path(settings.data_dir), verbose=verbose
    )
    report: DistributedReport | RefreshReport
    with progress:
        if executor == "celery":
            report = distributed.refresh_on_celery(instance, chosen, on_event=progress.on_event)
        else:
            report = refresh_everything(defs, instance, chosen, on_event=progress.on_event)
    _print_run_summary(settings, chosen, progress)
    if workers := getattr(report, "workers", None):
        typer.echo(f"Celery workers that ran steps: {', '.join(workers)}")
    version = latest_version(settings.releases_dir)
    typer.echo(f"Sources refreshed: {', '.join(report.succeeded) or 'none'}")
    if report.failed:
        typer.echo(f"Sources FAILED (their last good data was used): {', '.join(report.failed)}")
    typer.echo(f"DuckDB warehouse: {settings.warehouse_path}")
    if report.published and version:
        if getattr(report, "release_kept", False):  # no input changed since it was published
            typer.echo(f"Release unchanged, {version} kept")
        typer.echo(f"Release {version}: {settings.releases_dir / version}")
        typer.echo(f"Browse it: siharvest serve, then open {_site_url(version)}")
    else:
        typer.echo("No release was published: see the errors above; the last release stays.")
    if settings.remote_root:
        typer.echo(f"Data root (object store): {settings.remote_root}, local copy above")
    typer.echo(f"Dagster event log: {progress.log_path}")
    if report.failed or not report.published:
        raise typer.Exit(1)


def _print_run_summary(settings: Settings, chosen: list[str], progress: RunProgress) -> None:
    """Records per source and language, then warnings by source, then errors."""
    from pipelines.progress import crawl_issue_lines

    rows: list[tuple[str, str | None, int]] = []
    issues: list[tuple[str, str, str, str]] = []
    if settings.warehouse_path.exists():
        import duckdb

        with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
            rows = con.sql("SELECT source_id, language, records FROM language_stats").fetchall()
            issues = con.execute(
                "SELECT source_id, level, url, message FROM crawl_issues "
                "WHERE level IN ('error', 'warning') AND list_contains(?, source_id) "
                "ORDER BY source_id, level, url",
                [chosen],
            ).fetchall()
    if rows:
        # One line per row: DuckDB's own table display stops at 20 rows.
        typer.echo("\nRecords per source and language:")
        width = max(len(source) for source, _, _ in rows)
        for source_id, language, records in rows:
            typer.echo(f"  {source_id:<{width}} {language or '-':<3} {records:>6}")
        typer.echo(f"  {'total':<{width}} {'':<3} {sum(r for _, _, r in rows):>6}")
    extra = {row.name: row.warnings for row in progress.rows.values()}
    if warnings := crawl_issue_lines(issues, extra):
        typer.echo("\nWarnings by source:")
        for line in warnings:
            typer.echo(line)
    if missing := progress.missing_models():
        typer.echo(f"\nNo translation model, originals kept: {', '.join(missing)}")
        typer.echo(
            f"  what to do: put .argosmodel files in {settings.models_dir}, or "
            "`siharvest models install --from LANG` (needs internet); then run again"
        )
    if errors := progress.errors():
        typer.echo("\nErrors:")
        for line in errors:
            typer.echo(line)
    typer.echo("")


@app.command()
def sources() -> None:
    """List the sources (built-in and SIH_SOURCES_PATH) with their crawl health."""
    settings = _settings()
    from spiders.sources import load_sources
    from warehouse.lake import source_health

    header = f"{'source':24} {'cc':3} {'langs':7} {'last crawl':19} {'pages':>5} {'detail':>6} "
    typer.echo(header + "issues (last crawl)   start URL")
    for name, src in load_sources(settings.sources_path).items():
        health = source_health(settings.bronze_dir, name)
        # source_health's values are of several types; this one is crawl.json's count per level.
        issues = cast("dict[str, int]", health["issues_by_level"] or {})
        issue_text = ", ".join(f"{n} {level}" for level, n in issues.items()) or "none"
        last = str(health["last_good_crawl"] or health["last_status"])[:19]
        typer.echo(
            f"{name:24} {src.country:3} {','.join(src.languages):7} {last:19} "
            f"{health['pages']:>5} {health['detail_pages']:>6} {issue_text:21} {src.start_urls[0]}"
        )


@app.command()
def check(
    source: Annotated[
        list[str] | None, typer.Argument(help="sources to check (default: every source)")
    ] = None,
    mode: Annotated[str | None, typer.Option(help="snapshot (default) or live")] = None,
    strict: Annotated[bool, typer.Option(help="exit non-zero on warnings too")] = False,
    accept_layout: Annotated[
        bool,
        typer.Option(help="store the layout seen now despite warnings (after a relaunch)"),
    ] = False,
    details: Annotated[bool, typer.Option(help="list info findings too")] = False,
) -> None:
    """Check sources before a crawl: start pages and robots.txt, links, selectors, layout.

    Exits 1 when a source has an error (a start page unreachable or disallowed, no detail
    link found), and with --strict on warnings too (a selector that matches nothing, a
    changed layout).
    """
    settings = _settings(mode)
    from spiders.crawl import user_agent
    from spiders.health import HealthReport, check_sources
    from spiders.snapshot_server import SNAPSHOT_SITES, SnapshotServer
    from spiders.sources import load_sources

    known = load_sources(settings.sources_path)
    unknown = sorted(set(source or []) - set(known))
    if unknown:
        raise typer.BadParameter(f"unknown sources: {', '.join(unknown)}")
    chosen = [known[name] for name in source or known]

    def check_all(snapshot_url: str | None) -> list[HealthReport]:
        return check_sources(
            chosen,
            data_dir=settings.data_dir,
            mode=settings.mode,
            user_agent=user_agent(settings.contact),
            snapshot_url=snapshot_url,
            accept_layout=accept_layout,
        )

    typer.echo(f"Checking {len(chosen)} sources in {settings.mode} mode ...")
    if settings.mode == "live":
        reports = check_all(None)
    else:
        with SnapshotServer(settings.snapshot_dir or SNAPSHOT_SITES) as server:
            reports = check_all(server.url)
    for report in reports:
        typer.echo(report.summary())
        for finding in report.findings:
            if finding.level != "info" or details:
                typer.echo(f"    {finding.line()}")
    errors = sum(report.count("error") for report in reports)
    warnings = sum(report.count("warning") for report in reports)
    typer.echo(f"{len(reports)} sources checked: {errors} errors, {warnings} warnings")
    if errors or (strict and warnings):
        raise typer.Exit(1)


@app.command()
def crawl(
    name: str,
    mode: Annotated[str | None, typer.Option(help="snapshot (default) or live")] = None,
) -> None:
    """Crawl one source into bronze, without Dagster."""
    settings = _settings(mode)
    import pyarrow.parquet as pq
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from pipelines.progress import ADVICE, crawl_issue_lines
    from pipelines.resources import PortalFetcher
    from spiders.crawl import CrawlError
    from spiders.sources import load_sources
    from warehouse.lake import crawl_dir, latest_crawl_dir

    if name not in load_sources(settings.sources_path):
        raise typer.BadParameter(f"unknown source: {name} (see `siharvest sources`)")
    crawl_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    out = crawl_dir(settings.bronze_dir, name, crawl_id)
    fetcher = PortalFetcher.from_settings(settings)
    previous = latest_crawl_dir(settings.bronze_dir, name)
    console = Console(highlight=False, soft_wrap=True)
    # A spinner and the elapsed time on a terminal; nothing until the summary otherwise.
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal or console.is_dumb_terminal,
    ) as bar:
        bar.add_task(f"crawling {name} in {settings.mode} mode", total=None)
        try:
            summary = fetcher.crawl(name, out, settings.sources_path, previous)
        except CrawlError as exc:
            typer.echo(f"{name}: the crawl failed: {exc}")
            typer.echo(f"  what to do: {ADVICE['raw_pages'].format(source=name)}")
            raise typer.Exit(1) from exc
    typer.echo(
        f"{name}: {summary.pages} pages ({summary.detail_pages} detail, "
        f"{summary.not_modified} unchanged), {summary.issues} issues -> {out}"
    )
    issues = [
        (name, issue["level"], issue["url"], issue["message"])
        for issue in pq.read_table(out / "issues.parquet").to_pylist()
        if issue["level"] in ("error", "warning")
    ]
    if lines := crawl_issue_lines(issues):
        typer.echo("Warnings:")
        for line in lines:
            typer.echo(line)
    if summary.detail_pages == 0:
        # A run would fail this source here too (raw_pages) and keep its last good data.
        typer.echo(f"{name}: the crawl found no detail pages.")
        typer.echo(f"  what to do: {ADVICE['raw_pages'].format(source=name)}")
        raise typer.Exit(1)


@app.command("new-source")
def new_source(
    name: str,
    url: str,
    sources_dir: Annotated[
        Path | None, typer.Option(help="where the YAML goes (default: first SIH_SOURCES_PATH)")
    ] = None,
    tests_dir: Annotated[Path, typer.Option(help="where the test and saved page go")] = Path(
        "tests"
    ),
) -> None:
    """Scaffold a portal: source YAML, a saved copy of URL, and a failing saved-page test."""
    settings = _settings()
    from spiders.scaffold import new_source as scaffold
    from spiders.sources import BUILT_IN_DIR

    target = sources_dir or (settings.sources_path[0] if settings.sources_path else BUILT_IN_DIR)
    made = scaffold(name, url, target, tests_dir, settings.contact)
    typer.echo(f"source YAML:  {made.yaml_path}  (language guessed: {made.language})")
    typer.echo(f"saved page:   {made.page_path}")
    typer.echo(f"failing test: {made.test_path}  (fill in EXPECTED)")


@app.command()
def query(
    sql: str,
    database: Annotated[Path | None, typer.Option(help="DuckDB file")] = None,
    format: Annotated[str, typer.Option(help="table, csv or json")] = "table",
    output: Annotated[
        Path | None, typer.Option(help="write to this file (Parquet when it ends in .parquet)")
    ] = None,
) -> None:
    """Run SQL against the warehouse, read-only, and print or save the result."""
    settings = _settings()
    import duckdb

    from warehouse.query import render

    if format not in ("table", "csv", "json"):
        raise typer.BadParameter("format must be table, csv or json")
    path = database or settings.warehouse_path
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist yet: run `siharvest run` first")
    with duckdb.connect(str(path), read_only=True) as con:
        try:
            relation = con.sql(sql)
        except duckdb.Error as exc:
            raise typer.BadParameter(f"query failed: {exc}") from exc
        if relation is None:
            raise typer.BadParameter("the SQL returned no rows (only SELECT-like queries)")
        if output is not None and output.suffix == ".parquet":
            relation.write_parquet(str(output))
            typer.echo(f"wrote {output}")
            return
        text = render(relation, format)
    if output is not None:
        output.write_text(text)
        typer.echo(f"wrote {output}")
    else:
        typer.echo(text)


def _site_url(version: str) -> str:
    from warehouse.site_server import site_url

    return site_url(version)


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="port on 127.0.0.1 (0: any free port)")] = 8765,
) -> None:
    """Serve the releases on 127.0.0.1 (with range requests) and print the latest's site URL."""
    settings = _settings()
    from warehouse.release import latest_version
    from warehouse.site_server import SiteServer, site_url

    version = latest_version(settings.releases_dir)
    if version is None:
        raise typer.BadParameter(f"no release in {settings.releases_dir}: run `siharvest run`")
    if not (settings.releases_dir / version / "site").is_dir():
        typer.echo(f"Release {version} has no site: run `make` to build it, then a new release.")
    server = SiteServer(settings.releases_dir, port)
    # "/" always leads to the release LATEST names, so new releases show without a restart.
    typer.echo(f"Release {version}: {site_url(version, server.port)}  (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


@models_app.command("install")
def models_install(
    path: Annotated[Path | None, typer.Argument(help="an .argosmodel file")] = None,
    from_lang: Annotated[str | None, typer.Option("--from", help="source language")] = None,
    to_lang: Annotated[str, typer.Option("--to", help="target language")] = "en",
) -> None:
    """Install a model from a file, or from argostranslate's index (--from, needs internet)."""
    _settings()
    from pipelines.translation import install_from_index, install_model_file

    if path is not None:
        model = install_model_file(path)
    elif from_lang:
        model = install_from_index(from_lang, to_lang)
    else:
        raise typer.BadParameter("give an .argosmodel file or --from LANG")
    typer.echo(f"installed {model.source_lang}->{model.target_lang}: {model.label}")


@models_app.command("list")
def models_list() -> None:
    """List installed models (after installing new files from SIH_MODELS_DIR)."""
    settings = _settings()
    from pipelines.resources import Translator
    from pipelines.translation import installed_models

    Translator.from_settings(settings).install_new_models()
    models = installed_models()
    if not models:
        typer.echo(f"no models installed (put .argosmodel files in {settings.models_dir})")
    for (src, tgt), model in sorted(models.items()):
        typer.echo(f"{src}->{tgt}  {model.label}  {model.path}")


@models_app.command("build-tiny")
def models_build_tiny(
    source_lang: str,
    out_dir: Path,
    text: Annotated[list[Path] | None, typer.Option(help="texts to train the tokenizer on")] = None,
    version: str = "0.0.1",
) -> None:
    """Build a tiny random-weight model (gibberish output) for offline demos and tests."""
    _settings()
    from pipelines.tiny_model import build_tiny_model

    texts = [p.read_text(encoding="utf-8") for p in text or []]
    out_dir.mkdir(parents=True, exist_ok=True)
    typer.echo(str(build_tiny_model(out_dir, source_lang, "en", texts, version=version)))


if __name__ == "__main__":
    app()
