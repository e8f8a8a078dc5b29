"""A table as a reader gives it: the header found, and the rows under it with their row numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import Finding, InputError
from .headers import HEADER_SCAN_ROWS, Header, find_header
from .schema import Column


@dataclass
class Sheet:
    """The header of a file's table and the rows under it.

    ``body`` holds the mapped columns, keyed by their position in the file, as text, native
    dates or numbers; ``rows`` is the row a person sees in a spreadsheet for each body row.
    """

    path: Path
    header: Header
    body: pd.DataFrame
    rows: np.ndarray
    warnings: list[Finding] = field(default_factory=list)  # e.g. the encoding had to be guessed

    @property
    def header_row(self) -> int:
        """The header's row as a person sees it."""
        return self.header.position + 1


def no_header_error(path: Path, columns: Sequence[Column]) -> InputError:
    """No row names enough required columns to be the header (not one of them is named missing:
    which the file has is not known without a header)."""
    names = ", ".join(f"'{c.portal}' / '{c.headers[0]}'" for c in columns if c.required)
    needed = min(2, sum(1 for c in columns if c.required))
    return InputError(
        f"không tìm thấy dòng tiêu đề cột: trong {HEADER_SCAN_ROWS} dòng đầu không có dòng nào chứa ít nhất "
        f"{needed} cột bắt buộc (các cột bắt buộc: {names})",
        file=path,
        row=1,
    )


def sheet_from_cells(path: Path, cells: pd.DataFrame, row_numbers: np.ndarray, columns: Sequence[Column]) -> Sheet:
    """A sheet from every cell of a table (a workbook's sheet, an HTML table, a CSV read row by row)."""
    if cells.empty:
        raise InputError("tệp rỗng, không có tiêu đề cột và dữ liệu", file=path)
    header = find_header(cells, columns)
    if header is None:
        raise no_header_error(path, columns)
    body = cells.iloc[header.position + 1 :, list(header.mapping)]
    return Sheet(path, header, body, row_numbers[header.position + 1 :])
