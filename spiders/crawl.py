"""Run one source's crawl in its own process and return its summary.

Scrapy's Twisted reactor cannot be restarted inside one process, and Dagster may run several
sources from one worker, so every crawl is a fresh ``python -m spiders.crawl`` subprocess.
``siharvest run`` crawls every source in one such process first (``spiders.batch_crawl``);
this one-source crawl is what a step uses on its own (the UI, schedules, a source that
process left without a crawl).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from spiders.scrapy_settings import VERSION
from spiders.sources import load_sources


class CrawlError(RuntimeError):
    """A crawl that produced no bronze output; the message carries the crawler's last words."""


@dataclass(frozen=True)
class CrawlSummary:
    out_dir: Path
    pages: int
    detail_pages: int
    not_modified: int
    invalid_pages: int
    issues: int
    raw: dict[str, Any]


def user_agent(contact: str) -> str:
    """The User-Agent of every request the project makes to a portal (crawls, health checks)."""
    return f"si-harvest/{VERSION} (social-innovation data harvester; {contact})"


def crawl_settings(out_dir: Path, snapshot_url: str | None, contact: str) -> Settings:
    """The project's Scrapy settings plus this crawl's choices, which take precedence."""
    settings = Settings()
    settings.setmodule("spiders.scrapy_settings", priority="project")
    overrides: dict[str, Any] = {
        "USER_AGENT": user_agent(contact),
        "SIH_BRONZE_OUT": str(out_dir),
    }
    if snapshot_url:
        # Politeness protects real portals; the loopback snapshot needs none.
        overrides |= {
            "SIH_SNAPSHOT_URL": snapshot_url,
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
        }
    settings.setdict(overrides, priority="cmdline")
    return settings


def run_crawl(
    source_name: str,
    out_dir: Path,
    *,
    snapshot_url: str | None,
    contact: str,
    sources_path: tuple[Path, ...] = (),
    previous_crawl: Path | None = None,
    timeout_s: float = 1800,
) -> CrawlSummary:
    """Crawl ``source_name`` into ``out_dir``; live when ``snapshot_url`` is None.

    With ``previous_crawl``, pages it holds are asked for conditionally (incremental crawl).
    """
    command = [sys.executable, "-m", "spiders.crawl", source_name, str(out_dir)]
    command += ["--contact", contact]
    if snapshot_url:
        command += ["--snapshot-url", snapshot_url]
    if previous_crawl:
        command += ["--previous", str(previous_crawl)]
    env = dict(os.environ, SIH_SOURCES_PATH=os.pathsep.join(str(p) for p in sources_path))
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout_s, env=env, check=False
    )
    if done.returncode != 0 or not (out_dir / "crawl.json").exists():
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise CrawlError(f"crawl of {source_name} failed (exit {done.returncode}):\n{tail}")
    return read_summary(source_name, out_dir)


def read_summary(source_name: str, out_dir: Path) -> CrawlSummary:
    """The summary of a finished crawl in ``out_dir``; CrawlError if it failed the gate."""
    raw = json.loads((out_dir / "crawl.json").read_text())
    if raw["status"] != "ok":
        raise CrawlError(
            f"crawl of {source_name} failed the validation gate: only {raw['valid_share']:.0%} "
            f"of {raw['pages'] + raw['invalid_pages']} pages were valid; "
            f"see {out_dir / 'issues.parquet'}"
        )
    return CrawlSummary(
        out_dir=out_dir,
        pages=raw["pages"],
        detail_pages=raw["detail_pages"],
        not_modified=raw["not_modified"],
        invalid_pages=raw["invalid_pages"],
        issues=raw["issues"],
        raw=raw,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Crawl one source into a bronze folder.")
    parser.add_argument("source")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--snapshot-url", default=None)
    parser.add_argument("--contact", default="si-harvest@example.org")
    parser.add_argument("--previous", default=None, help="previous crawl folder (incremental)")
    parser.add_argument(
        "--fetch-only",
        action="store_true",
        help="fetch and follow links but store nothing (the crawl benchmark's baseline)",
    )
    args = parser.parse_args(argv)

    from scrapy.crawler import CrawlerProcess

    from spiders.spider_loader import spider_class

    extra = [Path(p) for p in os.environ.get("SIH_SOURCES_PATH", "").split(os.pathsep) if p]
    sources = load_sources(extra)
    if args.source not in sources:
        print(f"unknown source {args.source!r}; known: {', '.join(sources)}", file=sys.stderr)
        return 2
    source = sources[args.source]
    settings = crawl_settings(args.out_dir, args.snapshot_url, args.contact)
    if args.fetch_only:
        settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    process = CrawlerProcess(settings, install_root_handler=True)
    process.crawl(spider_class(source), crawl_id=args.out_dir.name, previous_crawl=args.previous)
    process.start()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
