"""The one place that reads ``SIH_*`` environment variables.

Everything the pipeline writes lives under one data root so that a run never scatters files
into the working directory, ``/tmp`` or the user's home by accident.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from warehouse.lake import DataLayout
from warehouse.object_store import is_remote

Mode = Literal["snapshot", "live"]
MODES: tuple[Mode, ...] = ("snapshot", "live")


@dataclass(frozen=True)
class Settings(DataLayout):
    data_dir: Path
    models_dir: Path
    sources_path: tuple[Path, ...]
    mode: Mode
    contact: str
    # Folder of saved sites (<host>/<path>) served in snapshot mode; None = the built-in one.
    snapshot_dir: Path | None = None
    # CPU threads per translation batch; 0 means one per core.
    translate_threads: int = 0
    # Where releases are served, for absolute IRIs in dcat.jsonld; None = relative IRIs.
    public_url: str | None = None
    # An object-store data root (s3://...): data_dir is then its local working copy.
    remote_root: str | None = None

    @property
    def root(self) -> Path:
        return self.data_dir


def load_settings(environ: os._Environ[str] | dict[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    root = env.get("SIH_DATA_DIR") or "data"
    remote_root = root.rstrip("/") if is_remote(root) else None
    if remote_root:
        # DuckDB and the crawlers need local files: work on a copy, synced before and after.
        bucket_path = remote_root.split("://", 1)[1]
        local = env.get("SIH_WORK_DIR") or str(Path("data") / "object-store" / bucket_path)
        data_dir = Path(local).expanduser().resolve()
    else:
        data_dir = Path(root).expanduser().resolve()
    mode = env.get("SIH_MODE", "snapshot").strip().lower() or "snapshot"
    if mode not in MODES:
        raise ValueError(f"SIH_MODE must be one of {', '.join(MODES)}, not {mode!r}")
    models_dir = Path(env.get("SIH_MODELS_DIR") or data_dir / "models").expanduser().resolve()
    sources_path = tuple(
        Path(p).expanduser().resolve()
        for p in (env.get("SIH_SOURCES_PATH") or "").split(os.pathsep)
        if p.strip()
    )
    contact = env.get("SIH_CONTACT", "si-harvest@example.org")
    snapshot = env.get("SIH_SNAPSHOT_DIR")
    snapshot_dir = Path(snapshot).expanduser().resolve() if snapshot else None
    threads = int(env.get("SIH_TRANSLATE_THREADS") or 0)
    return Settings(
        data_dir,
        models_dir,
        sources_path,
        mode,  # type: ignore[arg-type]
        contact,
        snapshot_dir,
        threads,
        env.get("SIH_PUBLIC_URL") or None,
        remote_root,
    )


def confine_tool_state(settings: Settings) -> None:
    """Point XDG and argostranslate folders inside the data root.

    Scrapy, argostranslate and onnxruntime write state under ``~/.local``, ``~/.config`` and
    ``~/.cache`` as soon as they are imported, so this must run before those imports. Child
    processes (the crawl subprocesses) inherit it.
    """
    state = settings.data_dir / "state"
    folders = {
        "XDG_DATA_HOME": state / "share",
        "XDG_CACHE_HOME": state / "cache",
        "XDG_CONFIG_HOME": state / "config",
        "XDG_STATE_HOME": state / "state",
        "ARGOS_PACKAGES_DIR": state / "argos-packages",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(folder)
    os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
