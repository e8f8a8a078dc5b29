"""A Biểu 06a workbook as published figures: the official form (Biểu số 06a/VPCP/KSTT) read back.

A commune without dossier exports often has the one-stop-shop system's own statistics: Biểu
06a as a workbook (.xlsx, .xls, .ods), the 13 numbered columns, a row per field (lĩnh vực) and a
total row. Named ``bieu-06a…<period>.xlsx`` in the commune's folder, it gives that period's
published figures as ``summary-<period>.yaml`` does (docs/published-figures.md#a-biểu-06a-workbook),
rows by field included.

The columns are found by their numbers "(1)" … "(13)" (or 1 … 13) in one row under the
header, else by the header's own words; the period by its line "Từ ngày … đến ngày …", which
must be the period of the file's name. The total row is the one named "Tổng …" or "Cộng";
without one, the form has no total and the figures are the sums of its rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..core.errors import InputError
from ..core.labels import BIEU06A_KEYS, NOT_AVAILABLE, from_to
from ..core.periods import Period
from ..core.text import fold, nfc
from .summary import SUMS, PublishedSummary, StatedPeriod

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
PREFIX = "bieu-06a"
NUMBERS = tuple(range(1, 14))
# Cells that say "no figure": empty, a dash, our own "không có số liệu".
EMPTY = frozenset({"", "-", "–", "—", "x", fold(NOT_AVAILABLE)})
# Compared with their accents: "Tôn giáo" and "Công thương" are fields, not totals.
TOTAL_WORDS = ("tổng", "cộng")  # "Tổng cộng", "Tổng số", "Cộng"
FOOTER_WORDS = ("ghi chú", "người lập", "người ký", "thủ trưởng", "xác nhận", "ngày ")
_PERIOD = re.compile(
    r"từ\s*ngày\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*(?:đến|tới|-|–)\s*(?:ngày\s*)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})",
    re.IGNORECASE,
)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


def read_grid(path: Path) -> list[list[object]]:
    """The first sheet's cells, row by row (every row, empty ones included: row n is index n-1)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError, IndexError):
        raise InputError("không phải tệp bảng tính hợp lệ (.xlsx, .xls, .ods) hoặc tệp bị hỏng", file=path) from None


def _number_row(grid: Sequence[Sequence[object]]) -> tuple[int, dict[int, int]] | None:
    """The row of the column numbers and where each number is: (row index, number -> column index)."""
    for r, cells in enumerate(grid[:40]):
        found: dict[int, int] = {}
        for c, value in enumerate(cells):
            text = _text(value).strip("()").strip()
            if text.isdigit() and int(text) in NUMBERS and int(text) not in found:
                found[int(text)] = c
        if all(n in found for n in range(3, 14)) and sorted(found.values()) == [found[n] for n in sorted(found)]:
            return r, found
    return None


def _stated_period(grid: Sequence[Sequence[object]], above: int, path: Path) -> tuple[date, date, int] | None:
    """The form's "Từ ngày … đến ngày …" above the table: its days and row (1-based)."""
    for r, cells in enumerate(grid[:above]):
        for value in cells:
            match = _PERIOD.search(_text(value))
            if match:
                d1, m1, y1, d2, m2, y2 = (int(g) for g in match.groups())
                try:
                    return date(y1, m1, d1), date(y2, m2, d2), r + 1
                except ValueError:
                    raise InputError(f"ngày không có thật trong '{match.group(0)}'", file=path, row=r + 1) from None
    return None


def _figure(value: object, path: Path, row: int, column: int) -> int | None:
    text = _text(value)
    if fold(text) in EMPTY or text in EMPTY:
        return None
    digits = text.replace(".", "").replace(",", "").replace(" ", "")
    if isinstance(value, (int, float)) and float(value).is_integer() and value >= 0:
        return int(value)
    if digits.isdigit():
        return int(digits)
    raise InputError(f"'{text}' không phải một số hồ sơ", file=path, row=row, column=f"({column})")


def _rows(grid, start: int, columns: dict[int, int], path: Path):
    """The field rows and the total row under the numbers: [(name, figures)], total or None."""
    fields: list[tuple[str, dict[str, int | None]]] = []
    total: dict[str, int | None] | None = None
    name_at = columns.get(2, columns[3] - 1)
    for r in range(start, len(grid)):
        cells = list(grid[r]) + [None] * (max(columns.values()) + 1 - len(grid[r]))
        name = _text(cells[name_at]) if name_at >= 0 else ""
        folded = " ".join(name.lower().split())
        figures = {k: _figure(cells[columns[n]], path, r + 1, n) for k, n in zip(BIEU06A_KEYS, range(3, 14))}
        if all(v is None for v in figures.values()):
            if folded.startswith(FOOTER_WORDS) or (total is not None and not name):
                break
            if not any(_text(c) for c in cells) or not folded.startswith(TOTAL_WORDS):
                continue  # an empty row, or a group heading ("I. Cấp xã") without figures
        if folded.startswith(TOTAL_WORDS):
            if total is None:
                total = figures
            continue
        if total is not None:
            break  # rows under the total: another table, or the footer
        fields.append((name or f"Dòng {r + 1}", figures))
    return fields, total


def _sums(fields: list[tuple[str, dict[str, int | None]]]) -> dict[str, int | None]:
    """The total row of a form that has none: each column's sum, unknown if a row's is."""
    out: dict[str, int | None] = {}
    for key in BIEU06A_KEYS:
        values = [f[key] for _, f in fields]
        out[key] = None if not values or None in values else sum(values)  # type: ignore[arg-type]
    return out


def read_bieu06a_workbook(path: str | Path, period: Period) -> PublishedSummary:
    """The published figures of ``period`` in a Biểu 06a workbook (see the module's docstring)."""
    path = Path(path)
    grid = read_grid(path)
    found = _number_row(grid)
    if found is None:
        raise InputError(
            "không tìm thấy dòng đánh số cột (1) … (13) của Biểu 06a trong 40 dòng đầu của trang tính đầu tiên",
            file=path,
        )
    numbers_at, columns = found
    stated = _stated_period(grid, numbers_at, path)
    if stated is not None and (stated[0], stated[1]) != (period.start, period.end):
        raise InputError(
            f"biểu ghi {from_to(stated[0], stated[1])}, nhưng tên tệp là của {period.name} "
            f"({from_to(period.start, period.end)})",
            file=path,
            row=stated[2],
        )
    fields, total = _rows(grid, numbers_at + 1, columns, path)
    if total is None and not fields:
        raise InputError("biểu không có dòng số liệu nào dưới dòng đánh số cột", file=path, row=numbers_at + 1)
    counts = dict(total if total is not None else _sums(fields))
    counts.update(dict.fromkeys(SUMS.values()))
    periods = () if stated is None else (StatedPeriod(f"dòng {stated[2]} của biểu", stated[0], stated[1]),)
    return PublishedSummary(
        path=path, period=period, counts=counts, rates={}, stated_periods=periods, fields=tuple(fields)
    )
