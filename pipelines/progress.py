"""What ``siharvest run`` and ``siharvest crawl`` show while they work, and after.

Dagster's own console logger prints every event, hundreds a source. Here the event stream
goes to a log file under the data root (or to the screen with ``--verbose``), and the person
at the terminal sees one line per source: pages fetched, records built, sentences translated,
elapsed time and status. The numbers come from the assets' materialisation metadata, read
from the events as the runner's listener receives them (in-process, synchronously).
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

import typer
from rich.console import Console
from rich.live import Live
from rich.table import Table

if TYPE_CHECKING:
    from dagster import EventLogEntry

# What a source is doing while a step of its run executes.
STEP_STATUS = {
    "raw_pages": "crawling",
    "raw_pages_source_health": "checking health",
    "records": "building records",
    "translated_records": "translating",
    "initiatives": "linking initiatives",
    "warehouse": "loading DuckDB",
    "release": "publishing",
}

# What a steward can do when a step fails, by step.
ADVICE = {
    "raw_pages": "run `siharvest check {source}` to test its start pages, robots.txt and "
    "selectors; in live mode, check that the portal is up. Its last good data was used.",
    "raw_pages_source_health": "run `siharvest check {source}`; see its crawl issues below.",
    "records": "run `siharvest check {source}`: its selectors may no longer match the pages. "
    "Its last good records were used.",
    "translated_records": "run `siharvest models list` to see the installed models, then "
    "`siharvest run --source {source}` again.",
    "initiatives": "see the log for the traceback; the previous release stays LATEST.",
    "warehouse": "a quality check failed (below); the previous release stays LATEST.",
    "release": "see the log for the traceback; the previous release stays LATEST.",
}
# What to do when a blocking warehouse check fails, by check.
CHECK_ADVICE = {
    "min_records_per_source": "run `siharvest check` for the sources named, or lower their "
    "YAML expected_min; a run limited by --source leaves sources never run without records, "
    "so run every source once.",
    "unique_record_ids": "two records share an id: report it with the log file.",
    "required_fields": "run `siharvest check` for the sources whose records miss fields.",
}
DEFAULT_ADVICE = "see the log for the traceback, then `siharvest run --source {source}` again."
# Sources whose warnings are listed one by one; the rest are counted.
EXAMPLES_PER_SOURCE = 3


def new_log_path(data_dir: Path, kind: str = "run") -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return data_dir / "logs" / f"{kind}-{stamp}.log"


def _error_text(entry: EventLogEntry) -> str | None:
    """The innermost cause of a failure event: the user's exception, not Dagster's wrapper."""
    event = entry.dagster_event
    data = getattr(event, "event_specific_data", None) if event else None
    error = getattr(data, "error", None)
    if error is None:
        return None
    while error.cause is not None:
        error = error.cause
    # "dagster._core.errors.DagsterAssetCheckFailedError: ..." reads better without the module.
    return re.sub(r"^(?:[a-z_]\w*\.)+(?=[A-Z]\w*:)", "", error.message.strip())


def format_event(entry: EventLogEntry) -> str:
    """One event as Dagster's console logger writes it, the full error after a failure."""
    stamp = datetime.fromtimestamp(entry.timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S +0000")
    event = entry.dagster_event
    if entry.job_name is None:  # every event of a run names its job; join would fail on None
        raise TypeError(f"event of run {entry.run_id} names no job")
    parts = [stamp, "dagster", _level_name(entry.level), entry.job_name, entry.run_id]
    parts.append(entry.step_key or "-")
    if event is not None:
        parts.append(event.event_type.name)
    line = " - ".join([*parts, entry.user_message])
    data = getattr(event, "event_specific_data", None) if event else None
    error = getattr(data, "error", None)
    if error is not None:
        line += "\n\n" + error.to_string()
    return line


def _level_name(level: int | str) -> str:
    return level if isinstance(level, str) else logging.getLevelName(level)


def _level_number(level: int | str) -> int:
    return level if isinstance(level, int) else logging.getLevelNamesMapping().get(level, 0)


@dataclass
class SourceProgress:
    name: str
    status: str = "waiting"
    pages: int | None = None
    records: int | None = None
    sentences: int | None = None
    from_memory: int | None = None
    started: float | None = None
    finished: float | None = None
    failed: bool = False
    # (step, what went wrong) for each failed step.
    errors: list[tuple[str, str]] = field(default_factory=list)
    # Warnings logged by the steps, other than crawl issues (those come from the warehouse).
    warnings: list[str] = field(default_factory=list)
    # Blocking checks that failed: (check name, what failed).
    failed_checks: list[tuple[str, str]] = field(default_factory=list)
    # Language pairs its records needed a translation model for, and none was installed.
    missing_models: list[str] = field(default_factory=list)

    def elapsed(self) -> float | None:
        if self.started is None:
            return None
        return (self.finished or time.time()) - self.started

    def line(self) -> str:
        """The plain line printed when the source's run ends (stdout is not a terminal)."""
        bits = [f"{self.name}: {self.status}"]
        if (elapsed := self.elapsed()) is not None:
            bits.append(f"in {elapsed:.1f} s")
        counts = []
        if self.pages is not None:
            counts.append(f"{self.pages} pages fetched")
        if self.records is not None:
            counts.append(f"{self.records} records")
        if self.sentences is not None:
            counts.append(f"{self.sentences} sentences translated")
        return " ".join(bits) + (": " + ", ".join(counts) if counts else "")


def _metadata_int(entry: EventLogEntry, key: str) -> int | None:
    materialization = entry.asset_materialization
    value = materialization.metadata.get(key) if materialization else None
    raw = getattr(value, "value", None)
    return raw if isinstance(raw, int) else None


class RunProgress:
    """Collects each run's events: log file, optional echo, live table or plain lines.

    Use as a context manager around the runs; pass ``on_event`` to the runner.
    """

    def __init__(
        self,
        labels: Iterable[str],
        log_path: Path,
        *,
        verbose: bool = False,
        console: Console | None = None,
    ) -> None:
        self.rows = {label: SourceProgress(label) for label in labels}
        self.log_path = log_path
        self.verbose = verbose
        self.console = console or Console(highlight=False, soft_wrap=True)
        self._log: IO[str] | None = None
        self._live: Live | None = None

    @property
    def live(self) -> bool:
        """A live display only on a real terminal, and not when the stream is shown."""
        console = self.console
        return console.is_terminal and not console.is_dumb_terminal and not self.verbose

    def __enter__(self) -> RunProgress:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("a", encoding="utf-8")
        if self.live:
            self._live = Live(get_renderable=self.table, console=self.console, refresh_per_second=4)
            self._live.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.stop()
        if self._log is not None:
            self._log.close()

    def on_event(self, label: str, entry: EventLogEntry) -> None:
        # Called inside Dagster's event handling: a bug here must not fail the run itself.
        try:
            self._handle(label, entry)
        except Exception as exc:
            if self._log is not None:
                self._log.write(f"progress display error on {label}: {exc!r}\n")

    def _handle(self, label: str, entry: EventLogEntry) -> None:
        text = format_event(entry)
        if self._log is not None:
            self._log.write(text + "\n")
            self._log.flush()
        if self.verbose:
            typer.echo(text)
        row = self.rows.setdefault(label, SourceProgress(label))
        event = entry.dagster_event
        kind = event.event_type.name if event else None
        if event is None:
            # raw_pages and records echo each crawl issue; those are listed from the
            # warehouse's crawl_issues view instead, once.
            # Dagster's "Dependencies for step ... Not executing." follows every failure,
            # which the errors list already names; a missing model is one line per pair,
            # summed up from the metadata instead.
            if (
                _level_number(entry.level) >= logging.WARNING
                and entry.step_key not in ("raw_pages", "records")
                and not entry.user_message.startswith("Dependencies for step")
                and "no translation model for" not in entry.user_message
            ):
                row.warnings.append(entry.user_message)
            return
        if kind == "RUN_START":
            row.started, row.status = entry.timestamp, "started"
        elif kind == "STEP_START" and entry.step_key:
            row.status = STEP_STATUS.get(entry.step_key, entry.step_key)
        elif kind == "ASSET_MATERIALIZATION":
            self._materialized(row, entry)
        elif kind == "ASSET_CHECK_EVALUATION":
            check = entry.asset_check_evaluation
            if check is not None and not check.passed:
                if check.blocking:
                    row.failed_checks.append((check.check_name, _check_problem(check)))
                else:
                    row.warnings.append(f"check {check.check_name}: {_check_problem(check)}")
        elif kind == "STEP_FAILURE":
            row.failed = True
            row.errors.append((entry.step_key or "-", _error_text(entry) or entry.user_message))
        elif kind in ("RUN_SUCCESS", "RUN_FAILURE"):
            row.finished = entry.timestamp
            row.failed = row.failed or kind == "RUN_FAILURE"
            steps = ", ".join(step for step, _ in row.errors)
            row.status = f"FAILED ({steps})" if row.failed and steps else "done"
            if row.failed and not steps:
                row.status = "FAILED"
                row.errors.append(("-", _error_text(entry) or entry.user_message))
            if not self.live and not self.verbose:
                typer.echo(row.line())

    @staticmethod
    def _materialized(row: SourceProgress, entry: EventLogEntry) -> None:
        step = entry.step_key
        if step == "raw_pages":
            row.pages = _metadata_int(entry, "pages")
        elif step in ("records", "warehouse"):
            row.records = _metadata_int(entry, "row_count")
        elif step == "translated_records":
            row.sentences = _metadata_int(entry, "sentences_translated")
            row.from_memory = _metadata_int(entry, "sentences_from_memory")
            materialization = entry.asset_materialization
            pairs = materialization.metadata.get("pairs_without_model") if materialization else None
            text = str(getattr(pairs, "value", "none"))
            row.missing_models = [] if text == "none" else text.split(", ")

    def table(self) -> Table:
        table = Table(title="SI Harvest run", title_justify="left", expand=False)
        table.add_column("source")
        table.add_column("pages", justify="right")
        table.add_column("records", justify="right")
        table.add_column("translated", justify="right")
        table.add_column("elapsed", justify="right")
        table.add_column("status")
        # A copy: the Live thread renders while the run's thread may add a row.
        for row in list(self.rows.values()):
            elapsed = row.elapsed()
            style = "red" if row.failed else "green" if row.status == "done" else None
            table.add_row(
                row.name,
                _count(row.pages),
                _count(row.records),
                _count(row.sentences),
                f"{elapsed:.1f} s" if elapsed is not None else "",
                row.status,
                style=style,
            )
        return table

    def missing_models(self) -> list[str]:
        """Each language pair without a model, with how many sources needed it."""
        needed = Counter(pair for row in self.rows.values() for pair in row.missing_models)
        return [f"{pair} ({n} source{'s' if n > 1 else ''})" for pair, n in sorted(needed.items())]

    def errors(self) -> list[str]:
        """Each failure: which source, which step, what went wrong, what to do."""
        lines = []
        for row in self.rows.values():
            source = row.name
            for step, message in row.errors:
                advice = ADVICE.get(step, DEFAULT_ADVICE).format(source=row.name)
                first = message.splitlines()[0] if message else "failed"
                lines.append(f"  {source} failed in step {step}: {first}")
                lines.append(f"    what to do: {advice}")
            for name, problem in row.failed_checks:
                lines.append(f"  blocking check {name} failed: {problem}")
                if name in CHECK_ADVICE:
                    lines.append(f"    what to do: {CHECK_ADVICE[name]}")
        return lines


def _check_problem(check: object, limit: int = 300) -> str:
    """A failed check's description and the details that name what failed (not all counts)."""
    text = " ".join((getattr(check, "description", None) or "").split())
    details = getattr(getattr(check, "metadata", {}).get("details"), "value", None)
    if isinstance(details, dict):
        shown = {k: v for k, v in details.items() if v and k not in ("counts", "fill", "records")}
        text += "".join(f" {key}: {value}" for key, value in shown.items())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def crawl_issue_lines(
    issues: Iterable[tuple[str, str, str, str]],
    extra: dict[str, list[str]] | None = None,
    examples: int = EXAMPLES_PER_SOURCE,
) -> list[str]:
    """Warnings grouped by source: counts by level, then the first few of the worst level.

    ``issues`` are (source_id, level, url, message) rows, errors and warnings only;
    ``extra`` adds a source's other warnings (from the run's log), each listed.
    """
    by_source: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for source, level, url, message in issues:
        by_source[source].append((level, url, message))
    extra = extra or {}
    lines = []
    named = set(by_source) | {source for source, warnings in extra.items() if warnings}
    # Sources in name order; a label that is no source name (the publish run's) last.
    for source in sorted(named, key=lambda name: (not name[:1].isalnum(), name)):
        found = by_source.get(source, [])
        levels = Counter(level for level, _, _ in found)
        counted = ", ".join(f"{n} {level}{'s' if n > 1 else ''}" for level, n in levels.items())
        lines.append(f"  {source}: {counted or 'warnings from its run'}")
        worst = sorted(found, key=lambda issue: issue[0] != "error")
        for level, url, message in worst[:examples]:
            lines.append(f"    {level}: {url}: {message}")
        if len(found) > examples:
            lines.append(
                f"    ... {len(found) - examples} more: siharvest query "
                f"\"SELECT * FROM crawl_issues WHERE source_id = '{source}'\""
            )
        for warning in extra.get(source, []):
            lines.append(f"    run: {warning.splitlines()[0]}")
    return lines
