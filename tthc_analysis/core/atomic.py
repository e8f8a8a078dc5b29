"""Atomic writes: a product is written to a temporary file beside it and renamed into place.

A run that fails or is killed leaves either the previous file or the new one, never
a half-written file that looks complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it to ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


def write_text(target: str | Path, text: str) -> Path:
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8")
    return Path(target)


def write_json(target: str | Path, data: Any) -> Path:
    return write_text(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
