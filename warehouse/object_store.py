"""An ``s3://`` (or any pyarrow filesystem URI) data root, mirrored by a local working copy.

Scrapy, argostranslate and above all DuckDB need real local files (a DuckDB database cannot be
written on object storage), so the pipeline works on a local copy of the data root and this
module keeps the two in step: ``pull`` before a run, ``push`` after it.

Several workers (machines of a cluster, or step processes of one run) share one bucket, each
with its own working copy. So ``push`` sends only the files *this copy changed* since it last
synced them, never a file it merely holds an old copy of: comparing the local file with the
remote one is not enough, because a stale local copy of another worker's file differs from the
bucket too, and sending it would overwrite that worker's newer file (and a stale
``releases/LATEST`` would roll a release back). What each copy last synced is kept in a small
SQLite manifest under ``state/`` (local only; SQLite because step processes of one worker share
the copy and write it at the same time). ``pull`` likewise never overwrites a local file changed
since its last sync: that change is this worker's, still to be pushed.

Files written under different names by different workers (a source's bronze crawls and silver
files, translation-memory shards) therefore all survive; one name written by two workers at
once (the same source refreshed twice) is last-writer-wins.

``push`` sends every ``LATEST`` marker last: a reader of the bucket who follows
``releases/LATEST`` never finds a release whose files are still on their way.

Credentials and the endpoint come from the usual AWS variables (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``, ``AWS_ENDPOINT_URL`` for S3-compatible
servers), read by pyarrow.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyarrow.fs as pafs

# Tool caches, the sync manifest and half-written files are local business; the rest is the lake.
LOCAL_ONLY_DIRS = frozenset({"state"})
# The translation memory's DuckDB file is each copy's own index of the memory's shards (see
# warehouse.translation_memory); sending it whole is what dropped other workers' sentences.
LOCAL_ONLY_PREFIXES = ("translation_memory.duckdb",)  # and its .wal
# Modification times on object stores have second precision (or worse).
MTIME_SLACK_NS = 2_000_000_000
COPY_CHUNK = 8 * 1024 * 1024
MANIFEST = Path("state") / "sync-manifest.sqlite"


def is_remote(uri: str) -> bool:
    return "://" in uri and not uri.startswith("file://")


@dataclass
class SyncReport:
    copied: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Pull only: local files changed since their last sync, kept for the next push.
    kept_local: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Synced:
    """A file as it was when this copy last pulled or pushed it: local stat, remote listing."""

    local_size: int
    local_mtime_ns: int
    remote_size: int
    remote_mtime_ns: int | None

    def local_unchanged(self, stat: os.stat_result) -> bool:
        return (stat.st_size, stat.st_mtime_ns) == (self.local_size, self.local_mtime_ns)

    def remote_unchanged(self, info: pafs.FileInfo) -> bool:
        return (info.size, info.mtime_ns) == (self.remote_size, self.remote_mtime_ns)


class SyncManifest:
    """What a working copy last synced, file by file (``state/sync-manifest.sqlite``)."""

    def __init__(self, local: Path):
        self.path = local / MANIFEST
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS synced (name TEXT PRIMARY KEY, local_size INTEGER, "
                "local_mtime_ns INTEGER, remote_size INTEGER, remote_mtime_ns INTEGER)"
            )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # Step processes of one worker sync at the same time: wait for the lock, do not fail.
        with closing(sqlite3.connect(self.path, timeout=120)) as con, con:
            yield con

    def load(self) -> dict[str, Synced]:
        with self._connect() as con:
            rows = con.execute("SELECT * FROM synced").fetchall()
        return {name: Synced(*values) for name, *values in rows}

    def record(self, entries: dict[str, Synced]) -> None:
        if not entries:
            return
        with self._connect() as con:
            con.executemany(
                "INSERT OR REPLACE INTO synced VALUES (?, ?, ?, ?, ?)",
                [
                    (name, e.local_size, e.local_mtime_ns, e.remote_size, e.remote_mtime_ns)
                    for name, e in entries.items()
                ],
            )

    def forget(self, names: Iterable[str]) -> None:
        with self._connect() as con:
            con.executemany("DELETE FROM synced WHERE name = ?", [(n,) for n in names])


@dataclass(frozen=True)
class RemoteRoot:
    """A data root on a pyarrow filesystem, e.g. ``s3://bucket/si-harvest``."""

    uri: str

    def _fs(self) -> tuple[pafs.FileSystem, str]:
        return pafs.FileSystem.from_uri(self.uri)

    def _remote_files(
        self, filesystem: pafs.FileSystem, base: str, under: str = ""
    ) -> dict[str, pafs.FileInfo]:
        folder = f"{base}/{under}".rstrip("/")
        if filesystem.get_file_info(folder).type == pafs.FileType.NotFound:
            return {}
        selector = pafs.FileSelector(folder, recursive=True, allow_not_found=True)
        return {
            str(PurePosixPath(info.path).relative_to(base)): info
            for info in filesystem.get_file_info(selector)
            if info.type == pafs.FileType.File
        }

    def names(self, under: str = "") -> list[str]:
        """Names of the remote files (relative to the root), optionally under one folder."""
        filesystem, base = self._fs()
        return sorted(self._remote_files(filesystem, base, under))

    def pull(self, local: Path) -> SyncReport:
        """Bring down every remote file that is new, or changed since this copy last synced it.

        A local file this copy changed since then is kept: it is this worker's newer work.
        """
        filesystem, base = self._fs()
        manifest = SyncManifest(local)
        synced = manifest.load()
        report = SyncReport()
        fresh: dict[str, Synced] = {}
        for name, info in sorted(self._remote_files(filesystem, base).items()):
            if _local_only(PurePosixPath(name)):
                continue
            target = local / name
            entry = synced.get(name)
            stat = target.stat() if target.exists() else None
            marker = PurePosixPath(name).name == "LATEST"  # tiny, same-size on each move
            if stat is not None and entry is not None:
                if not entry.local_unchanged(stat):
                    report.kept_local.append(name)
                    continue
                # The bucket's times are whole seconds: a marker moved within the second of
                # its last sync lists as unchanged, so markers are compared by content.
                if marker and _same_content(filesystem, info, target):
                    report.unchanged += 1
                    continue
                if not marker and entry.remote_unchanged(info):
                    report.unchanged += 1
                    continue
            # A copy older than the manifest: compare the files (a marker is always brought).
            elif stat is not None and not marker and not _differs(target, info, "remote"):
                fresh[name] = _synced(stat, info)
                report.unchanged += 1
                continue
            if not _download(filesystem, info, target):
                continue  # deleted since the listing (a compacted shard): nothing to bring
            fresh[name] = _synced(target.stat(), info)
            report.copied.append(name)
        manifest.record(fresh)
        return report

    def push(self, local: Path) -> SyncReport:
        """Send every lake file this copy changed since it last synced it; LATEST markers last.

        A file this copy never synced goes when the bucket lacks it or holds an older one.
        """
        filesystem, base = self._fs()
        manifest = SyncManifest(local)
        synced = manifest.load()
        remote = self._remote_files(filesystem, base)
        report = SyncReport()
        sent: dict[str, os.stat_result] = {}
        names = sorted(_lake_files(local), key=lambda n: (PurePosixPath(n).name == "LATEST", n))
        for name in names:
            path = local / name
            try:
                stat = path.stat()  # before reading: a change during the copy goes next time
            except FileNotFoundError:
                continue  # removed since the walk (a shard another step compacted)
            entry, info = synced.get(name), remote.get(name)
            if entry is not None:
                # Untouched here since the last sync: even when the bucket no longer has it
                # (a compacted shard), it is not this copy's to send back.
                changed = not entry.local_unchanged(stat)
            else:
                changed = info is None or _local_is_newer(stat, info)
            if not changed:
                report.unchanged += 1
                continue
            with path.open("rb") as source, filesystem.open_output_stream(f"{base}/{name}") as sink:
                while chunk := source.read(COPY_CHUNK):
                    sink.write(chunk)
            sent[name] = stat
            report.copied.append(name)
        if sent:
            # The listing's times (not a HEAD's, which are rounded) are what pull compares.
            after = self._remote_files(filesystem, base)
            manifest.record({n: _synced(s, after[n]) for n, s in sent.items() if n in after})
        return report

    def delete(self, local: Path, names: Iterable[str]) -> list[str]:
        """Delete ``names`` from the bucket and from this copy; the names that were deleted."""
        filesystem, base = self._fs()
        gone = []
        for name in names:
            with suppress(FileNotFoundError):  # another worker deleted it first
                filesystem.delete_file(f"{base}/{name}")
            (local / name).unlink(missing_ok=True)
            gone.append(name)
        SyncManifest(local).forget(gone)
        return gone


def _synced(stat: os.stat_result, info: pafs.FileInfo) -> Synced:
    return Synced(stat.st_size, stat.st_mtime_ns, info.size, info.mtime_ns)


def _download(filesystem: pafs.FileSystem, info: pafs.FileInfo, target: Path) -> bool:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.pull")
    try:
        with filesystem.open_input_stream(info.path) as source, tmp.open("wb") as sink:
            while chunk := source.read(COPY_CHUNK):
                sink.write(chunk)
    except FileNotFoundError:
        tmp.unlink(missing_ok=True)
        return False
    os.replace(tmp, target)
    if info.mtime_ns is not None:  # as the bucket has it, for copies compared by time
        os.utime(target, ns=(info.mtime_ns, info.mtime_ns))
    return True


def _same_content(filesystem: pafs.FileSystem, info: pafs.FileInfo, path: Path) -> bool:
    """Whether a small remote file (a LATEST marker) holds what the local copy holds."""
    try:
        with filesystem.open_input_stream(info.path) as source:
            return bool(source.read() == path.read_bytes())
    except FileNotFoundError:
        return True  # deleted since the listing: nothing to bring


def _differs(path: Path, info: pafs.FileInfo, newer_side: str) -> bool:
    stat = path.stat()
    if stat.st_size != info.size:
        return True
    if info.mtime_ns is None:
        return False
    if newer_side == "remote":
        return info.mtime_ns > stat.st_mtime_ns + MTIME_SLACK_NS
    return stat.st_mtime_ns > info.mtime_ns + MTIME_SLACK_NS


def _local_is_newer(stat: os.stat_result, info: pafs.FileInfo) -> bool:
    """For a file this copy never synced: send it only if it was written after the bucket's.

    A size difference alone says nothing about which side is newer (a stale copy differs too).
    """
    if info.mtime_ns is None:
        return stat.st_size != info.size
    return stat.st_mtime_ns > info.mtime_ns + MTIME_SLACK_NS


def _local_only(relative: PurePosixPath) -> bool:
    if relative.parts[0] in LOCAL_ONLY_DIRS or relative.name.startswith(LOCAL_ONLY_PREFIXES):
        return True
    # .tmp-<version> folders and .<file>.tmp files are half-written
    return any(part.startswith(".") for part in relative.parts)


def _lake_files(local: Path) -> list[str]:
    """Files under the local root that belong to the lake (no caches, no temporary files)."""
    names = []
    for path in local.rglob("*"):
        relative = PurePosixPath(path.relative_to(local).as_posix())
        if path.is_file() and not _local_only(relative):
            names.append(str(relative))
    return names
