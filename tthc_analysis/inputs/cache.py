"""A cache of loaded exports: each file's canonical frame, kept as Parquet.

An entry is keyed by the file's content (a BLAKE2 digest of its bytes), the schema it was
read with, and the loader's own fingerprint: a digest of the source of every module that
reads, parses or maps a file (the inputs modules, and ``core/text.py`` and ``core/errors.py``
that they use to fold, normalise and report), and of the versions of pandas, pyarrow,
python-calamine and lxml. An edited export, a changed loader or another library version
gives another key, so such an entry is never looked up again. An entry that cannot be read
back as this code expects (damaged, half-copied, or written by another shape of the code) is
a miss: it is removed and the file is loaded again. Only files that load without errors are
kept, with their warnings.

The cache bounds itself by age: reading an entry marks it used (its files' modification
time), and every write removes the entries not used for :data:`MAX_IDLE_DAYS` days, so
entries of exports that were replaced, or of an older loader, do not pile up.

The cache lives in ``$TTHC_CACHE_DIR`` (default: ``~/.cache/tthc-analysis``, or under
``$XDG_CACHE_HOME``); ``TTHC_CACHE=0`` turns it off. Entries can be deleted at any time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import errors, text
from ..core.atomic import atomic_path, write_text
from ..core.errors import Finding
from .schema import Column

if TYPE_CHECKING:
    import pandas as pd

# The code that decides what a file loads to: the loader's modules and the core modules they use.
_HERE = Path(__file__).parent
_LOADER_MODULES = (
    "arrow_frames",
    "cache",
    "codes",
    "files",
    "headers",
    "readers",
    "schema",
    "sheet",
    "tables",
    "text_files",
    "values",
)
LOADER_FILES: tuple[Path, ...] = (
    *(_HERE / f"{name}.py" for name in _LOADER_MODULES),
    Path(text.__file__),  # fold and nfc: headers, codes and values
    Path(errors.__file__),  # Finding, whose fields are stored with an entry
)
# The libraries that read the files and keep the entries.
LIBRARIES = ("pandas", "pyarrow", "python-calamine", "lxml")
MAX_IDLE_DAYS = 60  # an entry not used for this long is removed at the next write
# An entry's files, and the temporary files of a write (core/atomic.py): nothing else in the folder is touched.
_ENTRY_FILE = re.compile(r"[0-9a-f]{40}\.(?:parquet|json)|\.[0-9a-f]{40}\.(?:parquet|json)\.[^.]+\.part")


@dataclass(frozen=True)
class Entry:
    """A file as loaded: its canonical frame (without source_file), its columns with their
    headers as the file writes them, its warnings."""

    frame: pd.DataFrame
    headers: dict[str, str]
    warnings: tuple[Finding, ...]


def cache_dir() -> Path | None:
    """Where entries are kept, or None when the cache is off."""
    if os.environ.get("TTHC_CACHE", "1") == "0":
        return None
    if os.environ.get("TTHC_CACHE_DIR"):
        return Path(os.environ["TTHC_CACHE_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tthc-analysis"


def library_version(name: str) -> str:
    """The installed version of the distribution ``name``, or "absent"."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def loader_fingerprint() -> str:
    """A digest of the loader's source and of the libraries it relies on."""
    digest = hashlib.blake2b(digest_size=16)
    for path in LOADER_FILES:
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        digest.update(f"{name} {library_version(name)}\n".encode())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """A digest of a file's bytes."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=20)).hexdigest()


def _key(path: Path, columns: Sequence[Column]) -> str:
    schema = ",".join(column.name for column in columns)
    reader = path.suffix.lower()  # the suffix picks the reader: the same bytes as .xls and .csv read differently
    digest = hashlib.blake2b(f"{file_digest(path)}|{reader}|{schema}|{loader_fingerprint()}".encode(), digest_size=20)
    return digest.hexdigest()


def _entry_files(folder: Path, key: str) -> tuple[Path, Path]:
    return folder / f"{key}.parquet", folder / f"{key}.json"


def read_entry(path: Path, columns: Sequence[Column]) -> tuple[str | None, Entry | None]:
    """The cache key of ``path`` and its entry, if one was kept and reads back whole."""
    folder = cache_dir()
    if folder is None:
        return None, None
    key = _key(path, columns)
    data, meta = _entry_files(folder, key)
    if not (data.exists() and meta.exists()):
        return key, None
    try:
        entry = _read(data, meta, path)
    except OSError:  # unreadable now (permissions, a disk error): load the file, leave the entry
        return key, None
    except Exception:  # damaged, or written by another shape of the code: a miss, and gone
        for part in (data, meta):
            with contextlib.suppress(OSError):
                part.unlink()
        return key, None
    with contextlib.suppress(OSError):  # used now: kept for another MAX_IDLE_DAYS
        for part in (data, meta):
            os.utime(part)
    return key, entry


def _read(data: Path, meta: Path, path: Path) -> Entry:
    """An entry as this code wrote it; raises (ValueError, KeyError, TypeError, pyarrow's errors…) otherwise."""
    import pyarrow.parquet as pq

    from .arrow_frames import frame_from_table

    about = json.loads(meta.read_text(encoding="utf-8"))
    frame = frame_from_table(pq.read_table(data))  # a column at a time: 10M rows stay under 1,5 GB
    headers = {str(name): str(text) for name, text in about["headers"].items()}
    # The frame holds the columns recorded with it, then source_row (load_file inserts source_file before it).
    if list(frame.columns[-1:]) != ["source_row"] or set(frame.columns[:-1]) != set(headers):
        raise ValueError(f"an entry's frame has columns {list(frame.columns)}, its record {sorted(headers)}")
    warnings = tuple(Finding(**{**w, "file": str(path) if w.get("file") else None}) for w in about["warnings"])
    return Entry(frame, headers, warnings)


def write_entry(key: str | None, frame: pd.DataFrame, headers: dict[str, str], warnings: Sequence[Finding]) -> None:
    """Keep a loaded file (the frame without its source_file column, which depends on the path);
    entries not used for :data:`MAX_IDLE_DAYS` days are removed."""
    folder = cache_dir()
    if key is None or folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_unused(folder)
        data, meta = _entry_files(folder, key)
        with atomic_path(data) as temp:
            frame.drop(columns=["source_file"]).to_parquet(temp, index=False)
        about = {"headers": headers, "warnings": [w.to_dict() for w in warnings]}
        write_text(meta, json.dumps(about, ensure_ascii=False))
    except (OSError, errors.TthcError):  # a read-only or full disk, an entry held open on Windows: the cache
        return  # is an optimisation, never a failure


def remove_unused(folder: Path, days: float = MAX_IDLE_DAYS) -> None:
    """Remove the cache's files (entries, and temporary files a killed write left) not used for ``days`` days."""
    limit = time.time() - days * 86400
    for path in folder.iterdir():
        if not _ENTRY_FILE.fullmatch(path.name):
            continue  # not the cache's: a folder the user pointed TTHC_CACHE_DIR at may hold other files
        with contextlib.suppress(OSError):  # removed meanwhile by another run
            if path.stat().st_mtime < limit:
                path.unlink()
