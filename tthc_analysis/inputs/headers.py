"""Finding the header row of a table and which cell names which canonical column.

Exports put title rows (the unit's name, the motto, the list's title, filters) above the
header; some split it over two rows ("Ngày" over "tiếp nhận", "hẹn trả"). The header is
the row, among the first :data:`HEADER_SCAN_ROWS`, that names the most required columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..core.text import fold
from .schema import Column
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
    """Where the header is and what it maps: row position, column index -> Column, and the texts."""

    position: int
    mapping: dict[int, Column]
    texts: dict[int, str]


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
                found = Header(position, mapping, {i: texts[i] for i in mapping})
        previous = cells
    return found
