"""Crawl several sources in one Scrapy process: ``siharvest run``'s crawl of every source.

A fresh Python and Scrapy process costs about a second before the first request, which made
it most of a re-run's time when every source had its own (``spiders.crawl``). Scrapy's
``CrawlerProcess`` runs many spiders on one reactor, so here every source is one crawler of
one process, each with its own settings (its bronze folder, its politeness) and its own
downloader, so sources on different hosts are fetched side by side.

A source whose crawl left no summary (its spider could not start, or the process died or ran
out of time) is not lost: the caller gets ``None`` for it and crawls it alone again
(``spiders.crawl.run_crawl``), so one bad source still fails alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from spiders.crawl import CrawlError, CrawlSummary, crawl_settings, read_summary
from spiders.sources import load_sources


@dataclass(frozen=True)
class PlannedCrawl:
    """One source's part of a batch: where its crawl goes, which crawl it revalidates."""

    source: str
    out_dir: Path
    previous: Path | None = None


def run_batch_crawl(
    plan: list[PlannedCrawl],
    *,
    snapshot_url: str | None,
    contact: str,
    sources_path: tuple[Path, ...] = (),
    timeout_s: float = 1800,
) -> dict[str, CrawlSummary | CrawlError | None]:
    """Crawl every planned source in one process; per source, its summary, the CrawlError of
    a crawl that finished but failed (the validation gate), or None when it left no summary."""
    if not plan:
        return {}
    command = [sys.executable, "-m", "spiders.batch_crawl", "--contact", contact]
    if snapshot_url:
        command += ["--snapshot-url", snapshot_url]
    env = dict(os.environ, SIH_SOURCES_PATH=os.pathsep.join(str(p) for p in sources_path))
    entries = [
        {"source": p.source, "out_dir": str(p.out_dir), "previous": str(p.previous or "")}
        for p in plan
    ]
    # On a timeout, the sources that finished have their summaries; the others are crawled
    # alone by the caller.
    with contextlib.suppress(subprocess.TimeoutExpired):
        subprocess.run(
            command,
            input=json.dumps(entries),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            env=env,
            check=False,
        )
    results: dict[str, CrawlSummary | CrawlError | None] = {}
    for planned in plan:
        if not (planned.out_dir / "crawl.json").exists():
            results[planned.source] = None
            continue
        try:
            results[planned.source] = read_summary(planned.source, planned.out_dir)
        except CrawlError as exc:
            results[planned.source] = exc
    return results


def main() -> int:
    import argparse

    from scrapy.crawler import CrawlerProcess

    from spiders.spider_loader import spider_class

    parser = argparse.ArgumentParser(
        description="Crawl several sources in one process; the plan (JSON list of "
        "{source, out_dir, previous}) comes on standard input."
    )
    parser.add_argument("--snapshot-url", default=None)
    parser.add_argument("--contact", default="si-harvest@example.org")
    args = parser.parse_args()
    plan = json.loads(sys.stdin.read())
    extra = [Path(p) for p in os.environ.get("SIH_SOURCES_PATH", "").split(os.pathsep) if p]
    sources = load_sources(extra)
    # The process's settings serve every crawl; each crawl's bronze folder is its own, so it
    # goes in the spider's settings (the command-line level would override those).
    settings = crawl_settings(Path("."), args.snapshot_url, args.contact)
    settings.delete("SIH_BRONZE_OUT", priority="cmdline")
    process = CrawlerProcess(settings, install_root_handler=True)
    for entry in plan:
        name = entry["source"]
        try:
            out_dir = Path(entry["out_dir"])
            base = spider_class(sources[name])
            spider = type(
                base.__name__,
                (base,),
                {
                    "custom_settings": {
                        **(base.custom_settings or {}),
                        "SIH_BRONZE_OUT": str(out_dir),
                    }
                },
            )
            process.crawl(spider, crawl_id=out_dir.name, previous_crawl=entry["previous"] or None)
        except Exception as exc:  # one source that cannot start must not stop the others
            print(f"{name}: crawl not started: {exc!r}", file=sys.stderr)
    process.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
