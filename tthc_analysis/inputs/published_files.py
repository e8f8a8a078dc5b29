"""Which files of a commune's folder hold published figures, and of which period (docs/published-figures.md)."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import InputError
from ..core.periods import parse_period
from ..core.text import nfc

# A period at the end of a published workbook's name: 2026-02, 2026-Q1, 2026-H1, 2026-9M, 2026,
# or a range as products name it (2025-07-01-den-2025-10-31).
_NAME_PERIOD = re.compile(
    r"(?:^|[^0-9A-Za-z])(\d{4}-\d{2}-\d{2}-den-\d{4}-\d{2}-\d{2}|\d{4}-(?:\d{2}|Q[1-4]|H[12]|9M)|\d{4})$"
)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def published_in(folder: Path) -> list[Path]:
    """The files of published figures in a commune's folder, by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and published_period(p) is not None)


def published_period(path: Path) -> str | None:
    """The period id a file of published figures is named for, or None when it is none."""
    name = nfc(path.name)
    if name.startswith("summary-") and path.suffix.lower() == ".yaml":
        return name.removeprefix("summary-").removesuffix(path.suffix)
    if not name.lower().startswith("bieu-06a") or path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return None
    match = _NAME_PERIOD.search(path.stem)
    if match is None:
        return None
    try:
        return parse_period(match.group(1).replace("-den-", "..")).id
    except InputError:
        return None
