"""A cache of loaded exports: each file's canonical frame, kept as Parquet.

An entry is keyed by the file's content (a BLAKE2 digest of its bytes), the schema it was
read with, and the loader's own fingerprint (a digest of the source of every module that
reads, parses or maps a file, and of pandas' and pyarrow's versions). An edited export, a
changed loader or another library version gives another key, so a wrong or stale entry
cannot be read back. Only files that load without errors are kept, with their warnings.

The cache lives in ``$TTHC_CACHE_DIR`` (default: ``~/.cache/tthc-analysis``, or under
``$XDG_CACHE_HOME``); ``TTHC_CACHE=0`` turns it off. Entries can be deleted at any time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.atomic import atomic_path, write_text
from ..core.errors import Finding
from .schema import Column

if TYPE_CHECKING:
    import pandas as pd

# The modules whose code decides what a file loads to.
_LOADER_MODULES = ("cache", "codes", "headers", "readers", "schema", "sheet", "tables", "text_files", "values")


@dataclass(frozen=True)
class Entry:
    """A file as loaded: its canonical frame (without source_file), the columns it had, its warnings."""

    frame: pd.DataFrame
    columns: frozenset[str]
    warnings: tuple[Finding, ...]


def cache_dir() -> Path | None:
    """Where entries are kept, or None when the cache is off."""
    if os.environ.get("TTHC_CACHE", "1") == "0":
        return None
    if os.environ.get("TTHC_CACHE_DIR"):
        return Path(os.environ["TTHC_CACHE_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tthc-analysis"


@functools.cache
def loader_fingerprint() -> str:
    """A digest of the loader's source and of the libraries it relies on."""
    import pandas as pd
    import pyarrow

    digest = hashlib.blake2b(digest_size=16)
    here = Path(__file__).parent
    for name in _LOADER_MODULES:
        digest.update((here / f"{name}.py").read_bytes())
    digest.update(f"pandas {pd.__version__} pyarrow {pyarrow.__version__}".encode())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """A digest of a file's bytes."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=20)).hexdigest()


def _key(path: Path, columns: Sequence[Column]) -> str:
    schema = ",".join(column.name for column in columns)
    digest = hashlib.blake2b(f"{file_digest(path)}|{schema}|{loader_fingerprint()}".encode(), digest_size=20)
    return digest.hexdigest()


def read_entry(path: Path, columns: Sequence[Column]) -> tuple[str | None, Entry | None]:
    """The cache key of ``path`` and its entry, if one was kept."""
    folder = cache_dir()
    if folder is None:
        return None, None
    key = _key(path, columns)
    data, meta = folder / f"{key}.parquet", folder / f"{key}.json"
    if not (data.exists() and meta.exists()):
        return key, None
    try:
        import pandas as pd

        about = json.loads(meta.read_text(encoding="utf-8"))
        frame = pd.read_parquet(data)
    except (OSError, ValueError):  # an entry being written by another process, or damaged: load the file
        return key, None
    warnings = tuple(Finding(**{**w, "file": str(path) if w.get("file") else None}) for w in about["warnings"])
    return key, Entry(frame, frozenset(about["columns"]), warnings)


def write_entry(key: str | None, frame: pd.DataFrame, columns: set[str], warnings: Sequence[Finding]) -> None:
    """Keep a loaded file (the frame without its source_file column, which depends on the path)."""
    folder = cache_dir()
    if key is None or folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(folder / f"{key}.parquet") as temp:
            frame.drop(columns=["source_file"]).to_parquet(temp, index=False)
        about = {"columns": sorted(columns), "warnings": [w.to_dict() for w in warnings]}
        write_text(folder / f"{key}.json", json.dumps(about, ensure_ascii=False))
    except OSError:  # a read-only or full disk: the cache is an optimisation, never a failure
        return
