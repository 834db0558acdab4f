"""An ``s3://`` (or any pyarrow filesystem URI) data root, mirrored by a local working copy.

Scrapy, argostranslate and above all DuckDB need real local files (a DuckDB database cannot be
written on object storage), so the pipeline works on a local copy of the data root and this
module keeps the two in step: ``pull`` before a run, ``push`` after it. Both move only files
that differ (size or modification time), so a run re-sends what it changed, not the lake.

``push`` sends every ``LATEST`` marker last: a reader of the bucket who follows
``releases/LATEST`` never finds a release whose files are still on their way.

Credentials and the endpoint come from the usual AWS variables (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``, ``AWS_ENDPOINT_URL`` for S3-compatible
servers), read by pyarrow.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyarrow.fs as pafs

# Tool caches and half-written files are local business; everything else is the lake.
LOCAL_ONLY_DIRS = frozenset({"state"})
# Modification times on object stores have second precision (or worse).
MTIME_SLACK_NS = 2_000_000_000
COPY_CHUNK = 8 * 1024 * 1024


def is_remote(uri: str) -> bool:
    return "://" in uri and not uri.startswith("file://")


@dataclass
class SyncReport:
    copied: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True)
class RemoteRoot:
    """A data root on a pyarrow filesystem, e.g. ``s3://bucket/si-harvest``."""

    uri: str

    def _fs(self) -> tuple[pafs.FileSystem, str]:
        return pafs.FileSystem.from_uri(self.uri)

    def _remote_files(self, filesystem: pafs.FileSystem, base: str) -> dict[str, pafs.FileInfo]:
        if filesystem.get_file_info(base).type == pafs.FileType.NotFound:
            return {}
        selector = pafs.FileSelector(base, recursive=True, allow_not_found=True)
        return {
            str(PurePosixPath(info.path).relative_to(base)): info
            for info in filesystem.get_file_info(selector)
            if info.type == pafs.FileType.File
        }

    def pull(self, local: Path) -> SyncReport:
        """Bring down every remote file that is missing here or newer than the local copy."""
        filesystem, base = self._fs()
        report = SyncReport()
        for name, info in sorted(self._remote_files(filesystem, base).items()):
            target = local / name
            marker = PurePosixPath(name).name == "LATEST"  # tiny, and same-size on each move
            if target.exists() and not marker and not _differs(target, info, newer_side="remote"):
                report.unchanged += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.pull")
            with filesystem.open_input_stream(info.path) as source, tmp.open("wb") as sink:
                while chunk := source.read(COPY_CHUNK):
                    sink.write(chunk)
            os.replace(tmp, target)
            if info.mtime_ns is not None:  # so that the next push does not send it back
                os.utime(target, ns=(info.mtime_ns, info.mtime_ns))
            report.copied.append(name)
        return report

    def push(self, local: Path) -> SyncReport:
        """Send every local lake file that is missing remotely or changed; LATEST markers last."""
        filesystem, base = self._fs()
        remote = self._remote_files(filesystem, base)
        report = SyncReport()
        names = sorted(_lake_files(local), key=lambda n: (PurePosixPath(n).name == "LATEST", n))
        for name in names:
            path = local / name
            info = remote.get(name)
            marker = PurePosixPath(name).name == "LATEST"
            if info is not None and not marker and not _differs(path, info, newer_side="local"):
                report.unchanged += 1
                continue
            with path.open("rb") as source, filesystem.open_output_stream(f"{base}/{name}") as sink:
                while chunk := source.read(COPY_CHUNK):
                    sink.write(chunk)
            report.copied.append(name)
        return report


def _differs(path: Path, info: pafs.FileInfo, newer_side: str) -> bool:
    stat = path.stat()
    if stat.st_size != info.size:
        return True
    if info.mtime_ns is None:
        return False
    if newer_side == "remote":
        return info.mtime_ns > stat.st_mtime_ns + MTIME_SLACK_NS
    return stat.st_mtime_ns > info.mtime_ns + MTIME_SLACK_NS


def _lake_files(local: Path) -> list[str]:
    """Files under the local root that belong to the lake (no caches, no temporary files)."""
    names = []
    for path in local.rglob("*"):
        relative = path.relative_to(local)
        if not path.is_file() or relative.parts[0] in LOCAL_ONLY_DIRS:
            continue
        if any(part.startswith(".") for part in relative.parts):
            continue  # .tmp-<version> folders and .<file>.tmp files are half-written
        names.append(relative.as_posix())
    return names
