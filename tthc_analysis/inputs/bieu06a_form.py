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
from ..core.labels import BIEU06A_KEYS, BIEU06A_LONG, NOT_AVAILABLE, from_to
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
    """The first sheet's cells, row by row (every row, empty ones included: row n is index n-1),
    a merged cell's value in each of its cells; an HTML table saved as .xls (what web systems
    export) is read as what it is."""
    from python_calamine import CalamineError, CalamineWorkbook

    from .readers import html_tables, workbook_kind

    with open(path, "rb") as handle:
        kind = workbook_kind(handle.read(4096))
    if kind == "html":
        tables = [t for t in html_tables(path) if len(t)]
        if not tables:
            raise InputError("trang HTML không có bảng nào", file=path)
        return tables[0].to_numpy().tolist()
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        grid = [list(row) for row in sheet.to_python(skip_empty_area=False)]
        ranges = sheet.merged_cell_ranges or []
    except (CalamineError, OSError, ValueError, IndexError):
        raise InputError("không phải tệp bảng tính hợp lệ (.xlsx, .xls, .ods) hoặc tệp bị hỏng", file=path) from None
    for (top, left), (bottom, right) in ranges:
        for r in range(top, min(bottom + 1, len(grid))):
            for c in range(left, min(right + 1, len(grid[r]))):
                grid[r][c] = grid[top][left]
    return grid


# What each figure's column says in a header without numbers, folded: (key, words all in the
# column's header text, the group it sits under). Groups: "nhan" the dossiers received (Số hồ sơ
# nhận giải quyết / Tiếp nhận), "da" resolved (đã giải quyết), "dang" in progress (đang giải quyết).
HEADER_WORDS: tuple[tuple[str, str, str | None], ...] = (
    ("online", "tructuyen", None),
    ("direct_postal", "tructiep", None),
    ("carried_over", "kytruoc", None),
    ("resolved_early", "truochan", None),
    ("resolved_on_time", "dunghan", "da"),
    ("in_progress_on_time", "tronghan", "dang"),
    ("resolved_late", "quahan", "da"),
    ("in_progress_overdue", "quahan", "dang"),
    ("total", "tong", "nhan"),
    ("resolved", "tong", "da"),
    ("in_progress", "tong", "dang"),
)


def _group(text: str) -> str | None:
    if "danggiaiquyet" in text:
        return "dang"
    if "dagiaiquyet" in text:
        return "da"
    if "nhangiaiquyet" in text or "tiepnhan" in text:
        return "nhan"
    return None


def _header_words(grid: Sequence[Sequence[object]], path: Path) -> tuple[int, dict[int, int]] | None:
    """A header without column numbers: each figure's column by the words over it (under its
    group); return (the header's last row index, number -> column index), or None."""
    for r, cells in enumerate(grid[:40]):
        texts = [fold(_text(c)) for c in cells]
        if not (any("danggiaiquyet" in t for t in texts) and any("dagiaiquyet" in t for t in texts)):
            continue
        block = range(r, min(r + 4, len(grid)))
        last = max(b for b in block if any(_text(c) for c in grid[b]) and not _has_numbers(grid[b]))
        width = max(len(grid[b]) for b in block)
        joined = [
            " ".join(fold(_text(grid[b][c])) for b in range(r, last + 1) if c < len(grid[b])) for c in range(width)
        ]
        found: dict[str, int] = {}
        for c, text in enumerate(joined):
            if "tyle" in text:
                continue  # a rate column some systems add
            for key, word, group in HEADER_WORDS:
                if key not in found and word in text and (group is None or _group(text) == group):
                    found[key] = c
                    break
        missing = [BIEU06A_LONG[k] for k in BIEU06A_KEYS if k not in found]
        if missing:
            raise InputError(
                f"không nhận ra các cột của Biểu 06a dưới dòng tiêu đề (không có dòng đánh số cột (1) … (13)); "
                f"thiếu: {', '.join(missing)}",
                file=path,
                row=r + 1,
            )
        columns = {n: found[k] for n, k in zip(range(3, 14), BIEU06A_KEYS)}
        names = [c for c, text in enumerate(joined) if "linhvuc" in text or "donvi" in text]
        if names:
            columns[2] = names[0]
        return last, columns
    return None


def _has_numbers(cells: Sequence[object]) -> bool:
    """Whether a row holds a figure: a number, or digits as an HTML table gives them ("1.234")."""
    return any(
        (isinstance(v, (int, float)) and not isinstance(v, bool)) or re.fullmatch(r"\d[\d.,]*", _text(v)) is not None
        for v in cells
    )


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
    if isinstance(value, float) and value > 0 and round(value * 1000, 6).is_integer():
        # "1.400" grouped by a dot, read by an English-locale Excel as the decimal 1.4: a count
        # of dossiers is whole, so the dot was a thousands separator.
        return round(value * 1000)
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
        filled = {_text(c) for c in cells if _text(c)}
        if len(filled) == 1 and not _has_numbers(cells) and name:
            continue  # a heading row merged across the table ("Xã, phường, thị trấn"), repeated in each cell
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
    found = _number_row(grid) or _header_words(grid, path)
    if found is None:
        raise InputError(
            "không tìm thấy Biểu 06a trong 40 dòng đầu của trang tính đầu tiên: không có dòng đánh số cột "
            "(1) … (13), cũng không có dòng tiêu đề 'Số hồ sơ đã giải quyết' / 'đang giải quyết'",
            file=path,
        )
    numbers_at, columns = found
    if _number_row(grid[numbers_at + 1 : numbers_at + 2]) is not None:
        numbers_at += 1  # the numbers under a header found by its words
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
