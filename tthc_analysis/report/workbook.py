"""Biểu 06a as an .xlsx laid out like the official form (Biểu số 06a/VPCP/KSTT).

Title, reporting unit, period "Từ ngày … đến ngày …", the 13 numbered columns with
their grouped headers, a row per field (lĩnh vực) and a total row. A cell whose figure a
finding of the checks concerns (:attr:`Finding.figures`) is filled and carries the
findings' messages as a comment; a legend under the table says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..core.atomic import atomic_path
from ..core.errors import Finding
from ..core.labels import BIEU06A_KEYS, NOT_AVAILABLE, from_to
from ..core.periods import Period
from ..indicators.results import Bieu06aCounts, Indicators
from .text_metrics import text_width_mm

FORM_CODE = "Biểu số 06a/VPCP/KSTT"
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FONT = "Times New Roman"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
# A figure the checks found inconsistent: a light red fill and the findings as the cell's comment.
MARK_FILL = PatternFill(fill_type="solid", start_color="FFF8CBAD", end_color="FFF8CBAD")
COMMENT_AUTHOR = "tthc-analysis"
LINE_PT = 15.0  # a wrapped line of 11 pt text in a row
CELL_PADDING_PX = 3  # each side of a cell's text
LEGEND = "Ô tô màu: số liệu không khớp khi kiểm tra, hoặc không xác định được; xem ghi chú của ô."


def set_text(cell: Cell, value: object) -> Cell:
    """Write a value; text from data is always stored as text, never as a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


FIELD_ROWS = "Lĩnh vực, công việc giải quyết theo cấp"
COMMUNE_ROWS = "Xã, phường, đặc khu"


def _header(ws, first_row: int, row_title: str = FIELD_ROWS) -> int:
    """The three header rows and the row of column numbers; return the next free row."""
    r = first_row
    spans = [
        (r, 1, r + 2, 1, "TT"),
        (r, 2, r + 2, 2, row_title),
        (r, 3, r, 6, "Tiếp nhận"),
        (r, 7, r, 10, "Số lượng hồ sơ đã giải quyết"),
        (r, 11, r, 13, "Số lượng hồ sơ đang giải quyết"),
        (r + 1, 3, r + 2, 3, "Tổng số"),
        (r + 1, 4, r + 1, 5, "Trong đó"),
        (r + 1, 6, r + 2, 6, "Từ kỳ trước"),
        (r + 1, 7, r + 2, 7, "Tổng số"),
        (r + 1, 8, r + 2, 8, "Trước hạn"),
        (r + 1, 9, r + 2, 9, "Đúng hạn"),
        (r + 1, 10, r + 2, 10, "Quá hạn"),
        (r + 1, 11, r + 2, 11, "Tổng số"),
        (r + 1, 12, r + 2, 12, "Trong hạn"),
        (r + 1, 13, r + 2, 13, "Quá hạn"),
        (r + 2, 4, r + 2, 4, "Trực tuyến"),
        (r + 2, 5, r + 2, 5, "Trực tiếp, dịch vụ bưu chính"),
    ]
    for top, left, bottom, right, text in spans:
        if (top, left) != (bottom, right):
            ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
        cell = ws.cell(top, left, text)
        cell.font = Font(name=_FONT, bold=True, size=11)
        cell.alignment = _CENTRE
    for row in range(r, r + 4):
        for column in range(1, 14):
            ws.cell(row, column).border = _BOX
    for column in range(1, 14):
        cell = ws.cell(r + 3, column, f"({column})")
        cell.font = Font(name=_FONT, italic=True, size=10)
        cell.alignment = _CENTRE
    return r + 4


def _mark(cell: Cell, messages: Sequence[str]) -> None:
    """Fill a cell and give it the findings' messages as its comment."""
    cell.fill = MARK_FILL
    comment = Comment("\n".join(messages), COMMENT_AUTHOR)
    comment.width, comment.height = 360, 40 + 50 * len(messages)  # in pixels: room for each message
    cell.comment = comment


def _data_row(
    ws,
    row: int,
    number: str | int,
    name: str,
    counts: Bieu06aCounts,
    bold: bool = False,
    findings: Iterable[Finding] = (),
) -> bool:
    """Write one row; mark the cells whose figure a finding concerns. Return whether any was marked."""
    findings = list(findings)
    marked = False
    ws.cell(row, 1, number)
    set_text(ws.cell(row, 2), name)
    for offset, key in enumerate(BIEU06A_KEYS):
        value = getattr(counts, key)
        ws.cell(row, 3 + offset, NOT_AVAILABLE if value is None else value)  # not published, or no channel column
    for column in range(1, 14):
        cell = ws.cell(row, column)
        cell.border = _BOX
        cell.font = Font(name=_FONT, bold=bold, size=11)
        cell.alignment = Alignment(horizontal="left" if column == 2 else "center", vertical="center", wrap_text=True)
        if column >= 3:
            cell.number_format = "#,##0"
    for offset, key in enumerate(BIEU06A_KEYS):
        messages = list(dict.fromkeys(f.message for f in findings if key in f.figures))  # each once, in order
        if messages:
            _mark(ws.cell(row, 3 + offset), messages)
            marked = True
    return marked


def _title(ws, period, reporting_unit: str, receiving_unit: str) -> None:
    """The form's code, title, units and period above the table."""
    bold = Font(name=_FONT, bold=True, size=12)
    ws.cell(1, 1, FORM_CODE).font = Font(name=_FONT, bold=True, size=10)
    ws.merge_cells("A1:B2")
    ws["A1"].alignment = Alignment(vertical="top", wrap_text=True)
    ws.merge_cells("C1:J2")
    ws["C1"] = TITLE
    ws["C1"].font = bold
    ws["C1"].alignment = _CENTRE
    set_text(ws.cell(1, 11), f"- Đơn vị báo cáo: {reporting_unit or '…'}")
    set_text(ws.cell(2, 11), f"- Đơn vị nhận báo cáo: {receiving_unit or '…'}")
    for row in (1, 2):
        ws.merge_cells(start_row=row, start_column=11, end_row=row, end_column=13)
        ws.cell(row, 11).font = Font(name=_FONT, size=10)
        ws.cell(row, 11).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A4:M4")
    ws["A4"] = f"Kỳ báo cáo: {period.name}"
    ws.merge_cells("A5:M5")
    ws["A5"] = f"({from_to(period.start, period.end).capitalize()})"
    for ref in ("A4", "A5"):
        ws[ref].font = bold
        ws[ref].alignment = _CENTRE
    ws.merge_cells("J6:M6")
    ws["J6"] = "Đơn vị tính: Số hồ sơ TTHC."
    ws["J6"].font = Font(name=_FONT, italic=True, size=11)
    ws["J6"].alignment = Alignment(horizontal="right")


def _columns_mm(ws, first: int, last: int) -> float:
    """The printed width of columns ``first``..``last``, less a cell's padding: a column ``w``
    characters wide is ``7w + 5`` pixels (Calibri 11's digit is 7 pixels), 96 pixels an inch."""
    pixels = sum(
        int((ws.column_dimensions[get_column_letter(c)].width or 8.43) * 7 + 5) for c in range(first, last + 1)
    )
    return (pixels - 2 * CELL_PADDING_PX) * 25.4 / 96


def wrapped_lines(text: str, width_mm: float, size: float, bold: bool = False) -> int:
    """How many lines ``text`` takes, wrapped at spaces, in a cell ``width_mm`` wide (Times New Roman)."""
    lines, line = 0, ""
    for paragraph in text.splitlines() or [""]:
        lines, line = lines + 1, ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and text_width_mm(trial, size, bold) > width_mm:
                lines, line = lines + 1, word
            else:
                line = trial
    return lines


def line_height(size: float) -> float:
    """The height in points a wrapped line of ``size`` points takes in a row."""
    return max(LINE_PT, 1.3 * size)


def fit_row_heights(ws, first_row: int, last_row: int) -> None:
    """Rows tall enough for their wrapped text: Excel and LibreOffice do not grow a row for a
    merged cell, so "Trực tiếp, dịch vụ bưu chính" spilt over its row. A cell (or merged range)
    of n lines needs n × 15 pt over the rows it spans; a row keeps a height already set if taller."""
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    needs = []  # (top, bottom, points), the single rows first
    for row in range(first_row, last_row + 1):
        for cell in ws[row]:
            if not isinstance(cell.value, str) or not cell.value.strip():
                continue
            span = merged.get((row, cell.column))
            bottom, right = (span.max_row, span.max_col) if span else (row, cell.column)
            size = float(cell.font.sz or 11)
            lines = wrapped_lines(cell.value, _columns_mm(ws, cell.column, right), size, bool(cell.font.b))
            needs.append((row, min(bottom, last_row), lines * line_height(size)))
    heights = {row: ws.row_dimensions[row].height or LINE_PT for row in range(first_row, last_row + 1)}
    for top, bottom, points in sorted(needs, key=lambda need: need[1] - need[0]):
        missing = points - sum(heights[row] for row in range(top, bottom + 1))
        if missing > 0:
            heights[bottom] += missing
    for row, height in heights.items():
        ws.row_dimensions[row].height = round(height, 1)


def _page_setup(ws) -> None:
    """Column widths; A4 landscape, one page wide, header rows repeated, panes frozen."""
    widths = {1: 5, 2: 42}
    for column in range(1, 14):
        ws.column_dimensions[get_column_letter(column)].width = widths.get(column, 11)
    ws.row_dimensions[1].height = 30
    fit_row_heights(ws, 1, 10)  # the title and the header rows, merged cells that never grow on their own
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as it needs (OOXML's default is 1: all on one page)
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "7:10"
    ws.freeze_panes = "C11"


def write_bieu06a_xlsx(
    indicators: Indicators, target: str | Path, *, reporting_unit: str = "", receiving_unit: str = ""
) -> Path:
    """Write Biểu 06a of ``indicators`` (a row per field) to ``target`` (atomically); the
    cells of the total row that its findings concern are marked."""
    rows = [(r.field_name, r.counts) for r in indicators.bieu06a.rows]
    return write_bieu06a_rows(
        indicators.period,
        rows,
        indicators.counts,
        target,
        reporting_unit=reporting_unit,
        receiving_unit=receiving_unit,
        note=workbook_note(indicators),
        findings={None: indicators.findings},
    )


def workbook_note(indicators: Indicators) -> str | None:
    """The note under a commune's table, saying only what is true of its figures.

    Why there is no row by field is said only when there is none: published figures have
    no figures by field, and "no dossier data" is added only when the commune has none for
    the period (``computed`` holds the figures of its exports); dossier exports without the
    field column have no rows either.
    """
    notes = []
    if not indicators.bieu06a.rows:
        if indicators.source == "summary":
            none = " (không có dữ liệu hồ sơ của kỳ này)" if indicators.computed is None else ""
            notes.append(f"số liệu đã công bố không có số liệu theo lĩnh vực{none}")
        elif indicators.counts.total or indicators.counts.new:
            notes.append("dữ liệu hồ sơ không có thông tin lĩnh vực")
    if indicators.source == "summary":
        notes.append(f'"{NOT_AVAILABLE}": số liệu không được công bố và không suy ra được')
    return f"Ghi chú: {'; '.join(notes)}." if notes else None


def write_bieu06a_rows(
    period: Period,
    rows: Sequence[tuple[str, Bieu06aCounts]],
    total: Bieu06aCounts,
    target: str | Path,
    *,
    reporting_unit: str = "",
    receiving_unit: str = "",
    row_title: str = FIELD_ROWS,
    note: str | None = None,
    findings: Mapping[int | None, Iterable[Finding]] | None = None,
) -> Path:
    """Biểu 06a with the rows given (fields of a commune, or the communes of a city) and the total row.

    ``findings`` maps a row (its position in ``rows``; ``None``: the total row) to the findings
    whose figures are marked in it: a fill, and their messages as the cell's comment.
    """
    findings = findings or {}
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 06a"
    _title(ws, period, reporting_unit, receiving_unit)
    row = _header(ws, 7, row_title)
    marked = False
    for index, (name, counts) in enumerate(rows):
        marked |= _data_row(ws, row, index + 1, name, counts, findings=findings.get(index, ()))
        row += 1
    marked |= _data_row(ws, row, "", "Tổng cộng", total, bold=True, findings=findings.get(None, ()))
    row += 2
    for line in (LEGEND if marked else None, note):
        if line:
            set_text(ws.cell(row, 1), line).font = Font(name=_FONT, italic=True, size=10)
            row += 1
    _page_setup(ws)
    target = Path(target)
    with atomic_path(target) as temp:
        wb.save(temp)
    return target
