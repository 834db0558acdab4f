"""External services as Dagster resources, each with a live and a local (snapshot) behaviour."""

from functools import partial
from pathlib import Path
from typing import Any

from dagster import ConfigurableResource, InitResourceContext
from pydantic import Field

from pipelines.settings import Settings
from pipelines.translation import (
    ModelInfo,
    TranslationStats,
    sync_models_dir,
    translate_records,
)
from spiders.crawl import CrawlSummary, run_crawl
from spiders.snapshot_server import SNAPSHOT_SITES, SnapshotServer
from spiders.sources import Source, load_sources
from warehouse.lake import DataLayout, translation_memory_path, translation_memory_shards_dir
from warehouse.object_store import RemoteRoot
from warehouse.translation_memory import COMPACT_AT, TranslationMemory, compact_shards


def _log(context: InitResourceContext, message: str) -> None:
    if context.log is not None:
        context.log.info(message)


class DataLake(ConfigurableResource, DataLayout):
    """The data root (``SIH_DATA_DIR``) and the source folders (``SIH_SOURCES_PATH``)."""

    data_dir: str = Field(description="Root folder of every file the pipeline writes.")
    sources_path: list[str] = Field(
        default_factory=list, description="Extra folders of source YAML files."
    )
    contact: str = Field(
        default="si-harvest@example.org",
        description="Contact e-mail published in each release's DCAT-AP metadata.",
    )
    public_url: str | None = Field(
        default=None,
        description="URL the releases folder is served under (absolute IRIs in dcat.jsonld).",
    )

    @property
    def root(self) -> Path:
        return Path(self.data_dir)

    def source_dirs(self) -> tuple[Path, ...]:
        return tuple(Path(p) for p in self.sources_path)

    def sources(self) -> dict[str, Source]:
        return load_sources(self.source_dirs())


class LakeSync(ConfigurableResource):
    """Keeps the local data root in step with an object-store one (``SIH_DATA_DIR=s3://...``).

    Every asset that reads or writes the lake takes this resource, so each run (each step
    process, with the multiprocess executor) pulls what changed in the bucket before it works
    and pushes what it wrote when it ends. Sensors do not take it: a sensor tick must not move
    files. With a local data root it does nothing.

    Workers share the bucket: a push sends only what this copy changed (warehouse.object_store),
    and the translation memory travels as shards, exported here after a step and imported here
    before one (warehouse.translation_memory), so no worker's entries overwrite another's.
    """

    remote_root: str | None = Field(
        default=None, description="Object-store data root (s3://...), or None for a folder."
    )
    local_root: str = Field(description="The local data root: the object store's working copy.")
    compact_at: int = Field(
        default=COMPACT_AT,
        description="Merge the translation memory's shards once a copy holds this many.",
    )

    def setup_for_execution(self, context: InitResourceContext) -> None:
        if not self.remote_root:
            return
        local = Path(self.local_root)
        report = RemoteRoot(self.remote_root).pull(local)
        _log(context, f"pulled {len(report.copied)} files from {self.remote_root}")
        # Other workers' translations arrive as shards; the local index takes in the new ones.
        shards = translation_memory_shards_dir(local)
        if any(shards.glob("*.parquet")):
            memory = TranslationMemory(translation_memory_path(local))
            if imported := memory.import_shards(shards):
                _log(context, f"translation memory: {len(imported)} new shards imported")

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if not self.remote_root:
            return
        local, remote = Path(self.local_root), RemoteRoot(self.remote_root)
        shards = translation_memory_shards_dir(local)
        if translation_memory_path(local).exists():
            # This step's new translations become a shard of their own, which the push sends.
            TranslationMemory(translation_memory_path(local)).export_shard(shards)
        report = remote.push(local)
        _log(context, f"pushed {len(report.copied)} files to {self.remote_root}")
        if compaction := compact_shards(shards, self.compact_at):
            remote.push(local)  # the merged shard is in the bucket before its inputs go
            names = [p.relative_to(local).as_posix() for p in compaction.merged]
            remote.delete(local, names)
            _log(context, f"translation memory: {len(names)} shards merged into one")


class PortalFetcher(ConfigurableResource):
    """Fetches portal pages: from the built-in loopback snapshot, or from the live web."""

    mode: str = Field(
        default="snapshot",
        description="'snapshot' serves the built-in copy of the portals on 127.0.0.1; "
        "'live' crawls the real sites.",
    )
    contact: str = Field(
        default="si-harvest@example.org",
        description="Contact address sent in the User-Agent of every request.",
    )
    snapshot_dir: str | None = Field(
        default=None,
        description="Folder of saved sites (<host>/<path>) served in snapshot mode; "
        "empty means the built-in snapshot of the seed portals.",
    )

    @classmethod
    def from_settings(cls, settings: Settings) -> "PortalFetcher":
        return cls(
            mode=settings.mode,
            contact=settings.contact,
            snapshot_dir=str(settings.snapshot_dir) if settings.snapshot_dir else None,
        )

    def crawl(
        self,
        source: str,
        out_dir: Path,
        sources_path: tuple[Path, ...],
        previous_crawl: Path | None = None,
    ) -> CrawlSummary:
        """Crawl one source; pages of ``previous_crawl`` are asked for conditionally."""
        if self.mode not in ("snapshot", "live"):
            raise ValueError(f"fetcher mode must be 'snapshot' or 'live', not {self.mode!r}")
        # A partial rather than a **dict of options, so each argument's type is checked.
        crawl = partial(
            run_crawl,
            source,
            out_dir,
            contact=self.contact,
            sources_path=sources_path,
            previous_crawl=previous_crawl,
        )
        if self.mode == "live":
            return crawl(snapshot_url=None)
        # The server lives only as long as this one crawl, on a free loopback port.
        root = Path(self.snapshot_dir) if self.snapshot_dir else SNAPSHOT_SITES
        with SnapshotServer(root) as server:
            return crawl(snapshot_url=server.url)


class Translator(ConfigurableResource):
    """Offline translation to English with the installed argostranslate models."""

    data_dir: str = Field(description="Data root; the translation memory lives here.")
    models_dir: str = Field(
        description="Folder of .argosmodel files, installed automatically before translating."
    )
    threads: int = Field(default=0, description="CPU threads per batch; 0 = one per core.")
    beam_size: int = Field(default=2, description="Beam size of the translation search.")
    share: bool = Field(
        default=False,
        description="Keep new translations for the shared memory's shards (object-store root).",
    )

    @classmethod
    def from_settings(cls, settings: Settings) -> "Translator":
        return cls(
            data_dir=str(settings.data_dir),
            models_dir=str(settings.models_dir),
            threads=settings.translate_threads,
            share=settings.remote_root is not None,
        )

    def memory(self) -> TranslationMemory:
        return TranslationMemory(translation_memory_path(Path(self.data_dir)), share=self.share)

    def install_new_models(self) -> list[ModelInfo]:
        state = Path(self.data_dir) / "state" / "installed-models.json"
        return sync_models_dir(Path(self.models_dir), state)

    def translate(self, records: list[dict[str, Any]]) -> TranslationStats:
        return translate_records(
            records, self.memory(), threads=self.threads, beam_size=self.beam_size
        )
