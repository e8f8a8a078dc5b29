"""Finding the header row of a table and which cell names which canonical column.

Exports put title rows (the unit's name, the motto, the list's title, filters) above the
header; some split it over two rows ("Ngày" over "tiếp nhận", "hẹn trả"). The header is
the row, among the first :data:`HEADER_SCAN_ROWS`, that names the most required columns.

A header cell that names no column is never passed over in silence: unless the schema knows it
as unused (:data:`~.schema.UNUSED_HEADERS`), it is an ``UNMAPPED_COLUMN`` finding, and a
header a letter or two off a column the file lacks says which column it probably meant; a
required column the file lacks names that header too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.errors import Finding, error
from ..core.text import fold
from .schema import UNUSED_HEADERS, Column
from .values import cell_text

HEADER_SCAN_ROWS = 30  # title rows above the header that we look past


def fill_merged_header(frame: pd.DataFrame, ranges) -> None:
    """Give every cell of a merged range near the top the range's value (merged header cells)."""
    for (top, left), (bottom, right) in ranges:
        if top >= HEADER_SCAN_ROWS or top >= len(frame) or left >= frame.shape[1]:
            continue
        value = frame.iat[top, left]
        frame.iloc[top : bottom + 1, left : right + 1] = value


@dataclass(frozen=True)
class Header:
    """Where the header is and what it maps: row position, column index -> Column, and the texts;
    ``others`` are the header's other cells that are not empty (column index -> text)."""

    position: int
    mapping: dict[int, Column]
    texts: dict[int, str]
    others: dict[int, str] = field(default_factory=dict)


def _map_cells(cells: list[str], lookup: dict[str, tuple[Column, int]]) -> dict[int, Column]:
    """Which cell holds which column: for each column the best-ranked header, leftmost on a tie."""
    best: dict[str, tuple[int, int, Column]] = {}
    for index, text in enumerate(cells):
        found = lookup.get(fold(text))
        if found is None:
            continue
        column, rank = found
        if column.name not in best or (rank, index) < best[column.name][:2]:
            best[column.name] = (rank, index, column)
    return {index: column for _, index, column in sorted(best.values(), key=lambda item: item[1])}


def find_header(frame: pd.DataFrame, columns: Sequence[Column]) -> Header | None:
    """The header row among the first rows: the one naming the most required columns.

    A header may span two rows (a group such as "Ngày" over "tiếp nhận", "hẹn trả", …):
    each row is also read joined with the row above it.
    """
    lookup = {key: (column, rank) for column in columns for key, rank in column.keys().items()}
    needed = min(2, sum(1 for c in columns if c.required))
    best: tuple[int, int] | None = None
    found: Header | None = None
    previous: list[str] | None = None
    for position in range(min(HEADER_SCAN_ROWS, len(frame))):
        cells = [cell_text(v).strip() for v in frame.iloc[position].tolist()]
        options = [(cells, _map_cells(cells, lookup))]
        if previous is not None:
            joined = [p if p == c else f"{p} {c}".strip() for p, c in zip(previous, cells)]
            options.append((joined, _map_cells(joined, lookup)))
        for texts, mapping in options:
            score = (sum(1 for c in mapping.values() if c.required), len(mapping))
            if score[0] >= needed and (best is None or score > best):
                best = score
                others = {i: text for i, text in enumerate(texts) if text and i not in mapping}
                found = Header(position, mapping, {i: texts[i] for i in mapping}, others)
        previous = cells
    return found


# --------------------------------------------------------------------------- headers nobody knows

_UNUSED_KEYS = frozenset(fold(h) for h in UNUSED_HEADERS)


def _letters_off(length: int) -> int:
    """How many letters a header may be off a known one and still be taken for it: none for a
    short name ("TT" is no "Mã"), one from 4 letters, two from 8 ("Kênh nôp hs", "Kênh nộp hồ sơ")."""
    return 2 if length >= 8 else 1 if length >= 4 else 0


def edit_distance(a: str, b: str, limit: int) -> int:
    """Letters inserted, removed, changed or two neighbours swapped to make ``a`` into ``b``;
    ``limit + 1`` as soon as it is more than ``limit`` (the lengths alone often tell)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def probable_columns(header: Header, columns: Sequence[Column]) -> dict[int, tuple[str, Column | None]]:
    """The header's cells that name no column and are not known as unused, each with the column
    it was probably meant to be: the nearest of the columns the file lacks, within
    :func:`_letters_off` after folding (case, accents, spaces), the earlier column on a tie;
    None when nothing is that near, or an unused header is nearer."""
    keys = [(column, key) for column in columns for key, _rank in column.keys().items()]
    known = {key for _, key in keys} | _UNUSED_KEYS
    present = {column.name for column in header.mapping.values()}
    candidates = [(key, column) for column, key in keys if column.name not in present]
    candidates += [(key, None) for key in sorted(_UNUSED_KEYS)]
    out: dict[int, tuple[str, Column | None]] = {}
    for index, text in header.others.items():
        key = fold(text)
        if not key or key in known:
            continue
        best, guess = None, None
        for other, column in candidates:
            limit = _letters_off(min(len(key), len(other)))
            distance = edit_distance(key, other, limit if best is None else min(limit, best - 1))
            if distance <= limit and (best is None or distance < best):
                best, guess = distance, column
        out[index] = (text, guess)
    return out


def _name(column: Column) -> str:
    return column.label or column.headers[0]


def missing_columns(
    header: Header, columns: Sequence[Column], path: Path, row: int, probable: dict[int, tuple[str, Column | None]]
) -> list[Finding]:
    """An error for each required column the header lacks, naming the header probably meant for
    it (``probable``: :func:`probable_columns`) and the required columns that were found."""
    present = {column.name for column in header.mapping.values()}
    missing = [c for c in columns if c.required and c.name not in present]
    found = ", ".join(f"'{header.texts[i]}'" for i, c in header.mapping.items() if c.required)
    problems = []
    for column in missing:
        message = f"thiếu cột bắt buộc '{column.portal}' ({_name(column)})"
        meant = [text for text, guess in probable.values() if guess is column]
        if meant:
            message += f"; có phải là cột '{meant[0]}'? Hãy sửa tên cột đó thành '{_name(column)}'"
        message += f" (các cột bắt buộc đã thấy: {found or 'không có'})"
        problems.append(error(message, path, row, column.portal))
    return problems


def unmapped_findings(path: Path, row: int, probable: dict[int, tuple[str, Column | None]]) -> list[Finding]:
    """An ``UNMAPPED_COLUMN`` warning for each header that names no column (each text once)."""
    findings = []
    for text, guess in dict(probable.values()).items():
        message = f"cột '{text}' không khớp cột nào được biết nên không được đọc"
        if guess is not None:
            message += f"; có phải là '{_name(guess)}' ({guess.portal})? Nếu đúng, hãy sửa tên cột rồi chạy lại"
        findings.append(Finding("UNMAPPED_COLUMN", message, file=str(path), row=row, column=text))
    return findings
