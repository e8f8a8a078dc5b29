"""Biểu 06a workbooks laid out the way real one-stop-shop systems export them.

Standalone (only openpyxl). Each ``write_<name>`` builds an .xlsx imitating one layout found in
public source code (the sources are named at each writer; what could not be seen in them is
marked GUESS). Every writer takes

    path               where to write the .xlsx
    period_text_from   the first day as the system prints it, e.g. "15/12/2025"
    period_text_to     the last day, e.g. "14/03/2026"
    rows               [(name, figures)], figures = the 11 figures of columns (3)…(13):
                       total, online, direct+postal, carried over, resolved, early, on time,
                       late, in progress, in time, overdue   (an entry may be None)
    total              the 11 figures of the total row, or None (then the writer sums the
                       rows, as the real systems do: none of them reads a stored total)

and returns the Path written. Layout-specific options are keyword-only.

Layouts
    write_paseto_06a        PASETO / TD.DichVuCongApi ("Dịch vụ công Thanh Hóa"), report
                            "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp
                            giải quyết TTHC" (menu "Báo cáo 06a"; the "07a" menu is the same
                            sheet with rows by lĩnh vực: row_title=...)
    write_paseto_06_cac_cap PASETO, report "06 các cấp": rows by lĩnh vực grouped by cấp,
                            form code "Biểu số 06 /VPCP/KSTT" in the corner
    write_sct_quarter       Sở Công Thương data system (API_SoCongThuong, ClosedXML + .xlsx
                            template), one sheet per quarter; the template's rows 1–9 are
                            NOT public, they are reconstructed here (marked GUESS)
    write_lethuy_rates      a district one-stop web app (Lệ Thủy, Quảng Bình; jQuery
                            "record_search") on-screen matrix with "Tỷ lệ %" columns; an
                            older form (no "trước hạn"), shown as HTML, not exported: included
                            only as the one real layout found with rate columns
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

Figures = Sequence[int | None]
Rows = Sequence[tuple[str, Figures | None]]

TNR = "Times New Roman"
_THIN = Side(style="thin", color="333333")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)


# --------------------------------------------------------------------------- helpers


def _figures(values: Figures | None) -> list[int | None]:
    values = list(values or [])
    if len(values) != 11:
        raise ValueError(f"expected the 11 figures of columns (3)..(13), got {len(values)}")
    return values


def _sum_rows(rows: Rows) -> list[int]:
    """Column sums of the data rows (None counts 0), as the systems' total rows do."""
    sums = [0] * 11
    for _, values in rows:
        if values:
            for i, v in enumerate(_figures(values)):
                sums[i] += v or 0
    return sums


def _merge(ws, r1: int, c1: int, r2: int, c2: int, value=None, *, font=None, align=None, border=None):
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    cell = ws.cell(r1, c1)
    if value is not None:
        cell.value = value
    if font is not None:
        cell.font = font
    if align is not None:
        cell.alignment = align
    if border is not None:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                ws.cell(r, c).border = border
    return cell


def _text(ws, row: int, col: int, value: str):
    """Store text as text (never a formula)."""
    cell = ws.cell(row, col, value)
    cell.data_type = "s"
    return cell


def _sheet_title(name: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]


# --------------------------------------------------------------- PASETO (Thanh Hóa)

# The header of the exported table, exactly as XuatBaoCaoTongHop06a.tsx /
# XuatBaoCaoTongHop07a.tsx / XuatBaoCaoTongHop06CacCap.tsx write it (all bold, centred).
# (top, left, bottom, right, text), relative to the first header row and column A.
_PASETO_HEADER = [
    (0, 3, 0, 6, "Số hồ sơ nhận giải quyết"),
    (0, 7, 0, 10, "Số hồ sơ đã giải quyết"),
    (0, 11, 0, 13, "Số lượng hồ sơ đang giải quyết"),
    (1, 3, 2, 3, "Tổng số"),
    (1, 4, 1, 5, "Trong đó"),
    (1, 6, 2, 6, "Từ kỳ trước"),
    (1, 7, 2, 7, "Tổng số"),
    (1, 8, 2, 8, "Trước hạn"),
    (1, 9, 2, 9, "Đúng hạn"),
    (1, 10, 2, 10, "Quá hạn"),
    (1, 11, 2, 11, "Tổng số"),
    (1, 12, 2, 12, "Trong hạn"),
    (1, 13, 2, 13, "Quá hạn"),
    (2, 4, 2, 4, "Trực tuyến"),
    (2, 5, 2, 5, "Trực tiếp, dịch vụ bưu chính"),
]


def _paseto_number(value: int | None, numbers: str):
    """A figure as the PASETO export leaves it in Excel.

    The export is an HTML table saved as .xls (downloadPhieuExcel); each figure is the text
    ``value ? getCurrencyThongKe(value) : "0"``: 0 and a missing value both become "0", and
    thousands are grouped with "." ("1.234"). What Excel then stores depends on its locale:
      "vi"  – Vietnamese locale: "1.234" is read as the number 1234 (int written here);
      "en"  – English locale: "1.234" is read as the decimal 1.234, "1.234.567" stays text;
      "raw" – the text as sent: ints below 1000, the grouped string from 1000 up.
    """
    v = value or 0  # falsy -> "0"
    if v < 1000 or numbers == "vi":
        return v
    grouped = f"{v:,}".replace(",", ".")
    if numbers == "raw":
        return grouped
    if numbers == "en":
        return float(grouped) if grouped.count(".") == 1 else grouped
    raise ValueError(f"numbers must be 'vi', 'en' or 'raw', not {numbers!r}")


def _paseto_header(ws, r: int, row_title: str, font: Font) -> int:
    _merge(ws, r, 1, r + 2, 1, "STT", font=font, align=CENTER, border=BOX)
    _merge(ws, r, 2, r + 2, 2, row_title, font=font, align=CENTER, border=BOX)
    for top, left, bottom, right, text in _PASETO_HEADER:
        _merge(ws, r + top, left, r + bottom, right, text, font=font, align=CENTER, border=BOX)
    return r + 3  # no row of column numbers in the exports


def _paseto_data_row(ws, r: int, stt, name: str, values: Figures | None, numbers: str, font: Font):
    ws.cell(r, 1, stt).alignment = CENTER
    _text(ws, r, 2, name).alignment = LEFT
    for i, v in enumerate(_figures(values)):
        cell = ws.cell(r, 3 + i, _paseto_number(v, numbers))
        cell.alignment = RIGHT
    for c in range(1, 14):
        ws.cell(r, c).border = BOX
        ws.cell(r, c).font = font


def _paseto_total_row(ws, r: int, values: Figures, numbers: str, font: Font):
    # CountDataThongKe06a / CountDataThongKe07aExcel / CountDataThongKe06CacCap: first cell
    # empty, "Tổng số" in the name column, every cell bold (fontWeight 600).
    _paseto_data_row(ws, r, None, "Tổng số", values, numbers, font)


def _paseto_widths(ws):
    # td widths 3% / 20% (minWidth 350px) / 7%…; Excel turns them into column widths roughly.
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 48
    for c in range(3, 14):
        ws.column_dimensions[get_column_letter(c)].width = 12


def write_paseto_06a(
    path,
    period_text_from: str,
    period_text_to: str,
    rows: Rows,
    total: Figures | None,
    *,
    group_name: str | None = None,
    row_title: str = "Đơn vị",
    numbers: str = "vi",
) -> Path:
    """PASETO "Báo cáo 06a" (rows = đơn vị), as its "In file excel" button saves it.

    Source: HuanVu201/DichVuCong_KhoaLuan_PASETO, quantri_client/src/features/thongKe/
    ThongKeTheoDonVi/components/exportElements/XuatBaoCaoTongHop06a.tsx, BaoCaoTongHop06a.tsx
    (CountDataThongKe06a), pages/dvc/MauPhieu/documents/excel/exportTableToExcel.js.

    ``row_title="Lĩnh vực, công việc giải quyết theo cấp"`` gives the "07a" menu's export
    (XuatBaoCaoTongHop07a.tsx): the same sheet, rows by lĩnh vực.
    ``group_name``: the parent unit's name the export prints upper-cased top left (empty when
    no parent unit was chosen in the search form).
    """
    wb = Workbook()
    ws = wb.active
    # x:Name of the HTML workbook = the titleFile passed to downloadPhieuExcel
    ws.title = _sheet_title("Thống kê thanh báo cáo 06a" if row_title == "Đơn vị" else "Thống kê báo cáo tổng hợp 07a")
    # Template: <table style="font-family: Times New Roman; font-size: 17px"> (~13 pt)
    plain, bold = Font(name=TNR, size=13), Font(name=TNR, size=13, bold=True)

    # Row 1: colSpan 5 = group name (bold, upper case) | colSpan 8 = national motto, bold,
    # second line underlined.
    _merge(
        ws,
        1,
        1,
        1,
        5,
        (group_name or "").upper() or None,
        font=bold,
        align=Alignment(horizontal="center", vertical="top", wrap_text=True),
    )
    motto = CellRichText(
        TextBlock(InlineFont(rFont=TNR, sz=13, b=True), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"),
        TextBlock(InlineFont(rFont=TNR, sz=13, b=True, u="single"), "Độc lập - Tự do - Hạnh phúc"),
    )
    _merge(ws, 1, 6, 1, 13, motto, align=Alignment(horizontal="center", vertical="top", wrap_text=True))
    ws.row_dimensions[1].height = 36
    # Row 2: colSpan 13: bold title, <br/>, italic period — note the space before ")".
    # GUESS (not verifiable without Excel): Excel may split a <br> into the next row; here the
    # line break stays inside the merged cell.
    title = CellRichText(
        TextBlock(
            InlineFont(rFont=TNR, sz=13, b=True),
            "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC\n",
        ),
        TextBlock(
            InlineFont(rFont=TNR, sz=13, i=True),
            f"(Từ ngày {period_text_from or '...'} đến ngày {period_text_to or '...'} )",
        ),
    )
    _merge(ws, 2, 1, 2, 13, title, align=CENTER)
    ws.row_dimensions[2].height = 36
    # Row 3: "<tr><p></p></tr>" – an empty row before the second <table>.
    r = _paseto_header(ws, 4, row_title, bold)
    ws.row_dimensions[6].height = 45
    # Data rows: STT = index + 1, flat list (the on-screen table's group rows "Sở ban ngành /
    # Huyện, thành phố, thị xã / Xã, phường, thị trấn" are NOT in the export).
    for index, (name, values) in enumerate(rows):
        _paseto_data_row(ws, r, index + 1, name, values, numbers, plain)
        r += 1
    _paseto_total_row(ws, r, _figures(total) if total is not None else _sum_rows(rows), numbers, bold)
    # No footer, no signature block, no "Đơn vị tính" line in this export.
    _paseto_widths(ws)
    path = Path(path)
    wb.save(path)
    return path


def write_paseto_06_cac_cap(
    path,
    period_text_from: str,
    period_text_to: str,
    rows: Rows,
    total: Figures | None,
    *,
    unit_name: str = "",
    default_group: str | None = "Xã, phường, thị trấn",
    paseto_numbering: bool = True,
    numbers: str = "vi",
) -> Path:
    """PASETO "Báo cáo 06 các cấp": rows by lĩnh vực under group rows per cấp.

    Source: HuanVu201/DichVuCong_KhoaLuan_PASETO, quantri_client/src/features/thongKe/
    ThongKeTheoDonVi/components/exportElements/XuatBaoCaoTongHop06CacCap.tsx,
    BaoCaoTongHop06CacCap.tsx (CountDataThongKe06CacCap).

    A row whose figures are None (or empty) is a group row ("Sở ban ngành", "Huyện, thị xã,
    thành phố", "Xã, phường, thị trấn" in the source); when ``rows`` has none, one group row
    ``default_group`` is put first (the system always shows the cấp of the rows; None: omit).
    ``paseto_numbering``: the export numbers each group's rows from 2 (its getElementThongKe is
    called with index + 1 and prints index + 1 again) — a real bug kept by default; False
    numbers from 1.
    """
    wb = Workbook()
    ws = wb.active
    # titleFile "Thống kê báo cáo tổng hợp 06 các cấp" is 36 characters; Excel keeps 31.
    ws.title = _sheet_title("Thống kê báo cáo tổng hợp 06 các cấp")
    plain, bold = Font(name=TNR, size=13), Font(name=TNR, size=13, bold=True)

    # Row 1: colSpan 2 form code (left) | colSpan 6 title + period (centre) | colSpan 5 the
    # unit's name (bold, right, top).
    code = CellRichText(
        TextBlock(InlineFont(rFont=TNR, sz=13, b=True), "Biểu số 06 /VPCP/KSTT\n"),
        TextBlock(InlineFont(rFont=TNR, sz=13), "Ban hành theo Thông tư số\n01/2020/TT-VPCP ngày 21/10/2020"),
    )
    _merge(ws, 1, 1, 1, 2, code, align=LEFT)
    title = CellRichText(
        TextBlock(
            InlineFont(rFont=TNR, sz=13, b=True),
            "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC\n",
        ),
        # not italic here (a <span>), space before ")" as in the source
        TextBlock(
            InlineFont(rFont=TNR, sz=13), f"(Từ ngày {period_text_from or '...'} đến ngày {period_text_to or '...'} )"
        ),
    )
    _merge(ws, 1, 3, 1, 8, title, align=CENTER)
    _merge(
        ws,
        1,
        9,
        1,
        13,
        unit_name or None,
        font=bold,
        align=Alignment(horizontal="right", vertical="top", wrap_text=True),
    )
    ws.row_dimensions[1].height = 66
    # Row 2: colSpan 13, right-aligned, 14px, no full stop.
    _merge(ws, 2, 1, 2, 13, "Đơn vị tính: Số hồ sơ TTHC", font=Font(name=TNR, size=11), align=RIGHT)
    r = _paseto_header(ws, 3, "Lĩnh vực, công việc giải quyết theo cấp", bold)
    ws.row_dimensions[5].height = 45

    rows = list(rows)
    if default_group and not any(not values for _, values in rows):
        rows.insert(0, (default_group, None))
    index = 0
    for name, values in rows:
        if not values:  # group row: A:M merged, bold, left, 17px
            _merge(ws, r, 1, r, 13, name, font=bold, align=LEFT, border=BOX)
            index = 0
        else:
            index += 1
            stt = index + 1 if paseto_numbering else index
            _paseto_data_row(ws, r, stt, name, values, numbers, plain)
        r += 1
    data_rows = [(n, v) for n, v in rows if v]
    _paseto_total_row(ws, r, _figures(total) if total is not None else _sum_rows(data_rows), numbers, bold)
    _paseto_widths(ws)
    path = Path(path)
    wb.save(path)
    return path


# ----------------------------------------------------- Sở Công Thương (ClosedXML template)


def write_sct_quarter(
    path,
    period_text_from: str,
    period_text_to: str,
    rows: Rows,
    total: Figures | None,
    *,
    ky_bao_cao: str = "Kỳ báo cáo: Quý I năm 2026",
    sheet_name: str = "Quý 1.2026",
    with_total: bool = False,
) -> Path:
    """The Sở Công Thương data system's "Báo cáo tình hình giải quyết thủ tục hành chính".

    Source: a C# ASP.NET Core API (namespace API_SoCongThuong, repository not identified by the
    index), Controllers/ReportAdministrativeProceduresController.cs, action ExportExcel, and its
    Angular page (exportFile → "Baocaotinhhinhgiaiquyetthutuchanhchinh_<ddMMyyyyHHmmss>.xlsx").

    Certain (from the code):
      * a template workbook Upload/Templates/Baocaotinhhinhgiaiquyetthutuchanhchinh.xlsx with 4
        sheets renamed "Quý 1.<year>" … "Quý 4.<year>", each filled with its quarter;
      * C1 is rewritten as rich text: "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC\\r\\n", "HÀNH CHÍNH
        TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT\\r\\n", "THỦ TỤC HÀNH CHÍNH\\r\\n" (bold), then
        "Kỳ báo cáo: Quý I năm 2024\\r\\n" and "(Từ ngày 15/12/2023 đến ngày 14/03/2024)"
        (underlined); the quarters run 15/12–14/03, 15/03–14/06, 15/06–14/09, 15/09–14/12;
      * data rows from row 10: A = 1, 2, …; B = lĩnh vực; C…M = (3)…(13) in the form's order,
        plain ints ((3) = (4)+(5)+(6), (7) = (8)+(9)+(10), (11) = (12)+(13) computed);
      * rows are inserted below row 10 for each further field; the template row just after
        the last data row is deleted; no total row is written by the code.
    GUESS (the template is not public): rows 1–9 — form code A1, units K1:K2, title merged
    C1:J4, "Đơn vị tính" row 5, the official header in rows 6–8 and "(1)"…"(13)" in row 9.
    Only the quarter's own sheet is written here (the real file has all four). A total row
    ("Tổng cộng", GUESS) is written only with ``with_total=True``.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(sheet_name)
    plain, bold = Font(name=TNR, size=12), Font(name=TNR, size=12, bold=True)

    # GUESS: form code and units as on the official form.
    _merge(
        ws,
        1,
        1,
        4,
        2,
        "Biểu số 06a/VPCP/KSTT",
        font=Font(name=TNR, size=10, bold=True),
        align=Alignment(vertical="top", wrap_text=True),
    )
    _merge(
        ws,
        1,
        11,
        2,
        13,
        "- Đơn vị báo cáo: …",
        font=Font(name=TNR, size=10),
        align=Alignment(vertical="top", wrap_text=True),
    )
    _merge(
        ws,
        3,
        11,
        4,
        13,
        "- Đơn vị nhận báo cáo: …",
        font=Font(name=TNR, size=10),
        align=Alignment(vertical="top", wrap_text=True),
    )
    # CERTAIN: C1's rich text, pieces and formatting as the code sets them ("\r\n" kept).
    b, n = InlineFont(rFont=TNR, sz=12, b=True), InlineFont(rFont=TNR, sz=12)
    c1 = CellRichText(
        TextBlock(b, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC\r\n"),
        TextBlock(b, "HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT\r\n"),
        TextBlock(b, "THỦ TỤC HÀNH CHÍNH\r\n"),
        TextBlock(n, f"{ky_bao_cao}\r\n"),
        TextBlock(InlineFont(rFont=TNR, sz=12, u="single"), f"(Từ ngày {period_text_from} đến ngày {period_text_to})"),
    )
    _merge(ws, 1, 3, 4, 10, c1, align=CENTER)  # merge range GUESS
    for row in range(1, 5):
        ws.row_dimensions[row].height = 24
    _merge(
        ws, 5, 10, 5, 13, "Đơn vị tính: Số hồ sơ TTHC.", font=Font(name=TNR, size=12, italic=True), align=RIGHT
    )  # GUESS
    # GUESS: the official header, rows 6–8, and the column numbers in row 9.
    spans = [
        (6, 1, 8, 1, "TT"),
        (6, 2, 8, 2, "Lĩnh vực, công việc giải quyết theo cấp"),
        (6, 3, 6, 6, "Tiếp nhận"),
        (6, 7, 6, 10, "Số lượng hồ sơ đã giải quyết"),
        (6, 11, 6, 13, "Số lượng hồ sơ đang giải quyết"),
        (7, 3, 8, 3, "Tổng số"),
        (7, 4, 7, 5, "Trong đó"),
        (7, 6, 8, 6, "Từ kỳ trước"),
        (7, 7, 8, 7, "Tổng số"),
        (7, 8, 8, 8, "Trước hạn"),
        (7, 9, 8, 9, "Đúng hạn"),
        (7, 10, 8, 10, "Quá hạn"),
        (7, 11, 8, 11, "Tổng số"),
        (7, 12, 8, 12, "Trong hạn"),
        (7, 13, 8, 13, "Quá hạn"),
        (8, 4, 8, 4, "Trực tuyến"),
        (8, 5, 8, 5, "Trực tiếp, dịch vụ bưu chính"),
    ]
    for top, left, bottom, right, text in spans:
        _merge(ws, top, left, bottom, right, text, font=bold, align=CENTER, border=BOX)
    for c in range(1, 14):
        cell = ws.cell(9, c, f"({c})")
        cell.font, cell.alignment, cell.border = Font(name=TNR, size=10, italic=True), CENTER, BOX
    ws.row_dimensions[8].height = 45

    # CERTAIN: row 10 on, STT as int, name, the 11 figures as ints. ClosedXML's Value setter
    # gets an int for every figure; a missing figure cannot occur there (int columns) – None
    # is left blank here (GUESS).
    r = 10
    for index, (name, values) in enumerate(rows):
        ws.cell(r, 1, index + 1)
        _text(ws, r, 2, name)
        for i, v in enumerate(_figures(values)):
            ws.cell(r, 3 + i, v)
        for c in range(1, 14):
            cell = ws.cell(r, c)
            cell.font, cell.border = plain, BOX
            cell.alignment = LEFT if c == 2 else CENTER
        r += 1
    if with_total:  # GUESS: not written by the export code
        ws.cell(r, 2, "Tổng cộng")
        for i, v in enumerate(_figures(total) if total is not None else _sum_rows(rows)):
            ws.cell(r, 3 + i, v)
        for c in range(1, 14):
            cell = ws.cell(r, c)
            cell.font, cell.border = bold, BOX
            cell.alignment = LEFT if c == 2 else CENTER
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 40
    for c in range(3, 14):
        ws.column_dimensions[get_column_letter(c)].width = 11
    path = Path(path)
    wb.save(path)
    return path


# ------------------------------------------- Lệ Thủy one-stop web app (rates, older form)


def _lethuy_rate(part: int, whole: int) -> str:
    """((part / whole) * 100).toFixed(2) + '%'; an empty rate still gets its '%' sign."""
    return f"{part / whole * 100:.2f}%" if whole > 0 else "%"


def write_lethuy_rates(
    path,
    period_text_from: str,
    period_text_to: str,
    rows: Rows,
    total: Figures | None,
    *,
    district: str = "HUYỆN LỆ THỦY",
    row_title: str = "Tên đơn vị",
    late_transfer: Sequence[int | None] | None = None,
) -> Path:
    """The "record_search" summary matrix of a district one-stop web app, with rate columns.

    Source: the JavaScript prototype ``record_search`` (loadheader / generalMatrix) found by the
    index without its repository; breadcrumb "HUYỆN LỆ THỦY". It is an on-screen HTML table of
    the older report (before 06a: no "trước hạn" column, đúng hạn includes it), not an Excel
    export; this writes what a copy of that table into a workbook holds.

    Mapping of the 11 figures to its 14 columns:
      (1)=2+3 ← (3);  (2) Kỳ trước chuyển sang ← (6);  (3) Trong kỳ ← (4)+(5);
      (4)=5+7 ← (7);  (5) Đúng hạn SL ← (8)+(9);  (6) Tỷ lệ % = 5/4;  (7) Quá hạn SL ← (10);
      (8) Tỷ lệ % = 7/4;  (9)=10+12 ← (11);  (10) Chưa tới hạn SL ← (12);  (11) = 10/9;
      (12) Quá hạn SL ← (13);  (13) labelled "=12/10" but computed 12/9 (kept);
      (14) Số hồ sơ chậm chuyển huyện: not among the 11 figures – ``late_transfer`` per row
      (then the total), else 0.
    The system derives (1), (4), (9) from the parts; rates are text "97.50%" (toFixed(2)),
    "%" alone when the base is 0; the total row sums the rows ("Tổng", merged A:B).
    GUESS: the period line – the page shows its "Từ ngày"/"Đến ngày" filter fields, not a
    title; written here in row 2 as those two fields.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Tong hop"
    tahoma = Font(name="Tahoma", size=9)
    bold = Font(name="Tahoma", size=9, bold=True)
    ws.cell(1, 1, district).font = Font(name="Tahoma", size=10, color="0000FF")  # breadcrumb
    ws.cell(2, 1, f"Từ ngày: {period_text_from}    Đến ngày: {period_text_to}").font = tahoma  # GUESS
    ws.cell(3, 1, '* Nhấn vào "Tên đơn vị" để xem chi tiết tình hình giải quyết hồ sơ của đơn vị đó').font = Font(
        name="Tahoma", size=9, bold=True, italic=True, color="292B8C"
    )
    ws.cell(4, 1, '* Nhấn vào "Số lượng hồ sơ" tại mỗi cột để xem chi tiết hồ sơ').font = Font(
        name="Tahoma", size=9, bold=True, italic=True, color="292B8C"
    )
    h = 6
    spans = [
        (0, 1, 3, 1, "STT"),
        (0, 2, 3, 2, row_title),
        (0, 3, 0, 5, "Tổng hồ sơ nhận giải quyết"),
        (0, 6, 0, 15, "Kết quả giải quyết"),
        (0, 16, 3, 16, "Số hồ sơ chậm chuyển huyện"),
        (1, 3, 3, 3, "Tổng số"),
        (1, 4, 1, 5, "Trong đó"),
        (1, 6, 1, 10, "Số hồ sơ đã giải quyết"),
        (1, 11, 1, 15, "Số hồ sơ đang giải quyết"),
        (2, 4, 3, 4, "Kỳ trước chuyển sang"),
        (2, 5, 3, 5, "Trong kỳ"),
        (2, 6, 3, 6, "Tổng số"),
        (2, 7, 2, 8, "Đúng hạn"),
        (2, 9, 2, 10, "Quá hạn"),
        (2, 11, 3, 11, "Tổng số"),
        (2, 12, 2, 13, "Chưa tới hạn"),
        (2, 14, 2, 15, "Quá hạn"),
    ]
    for top, left, bottom, right, text in spans:
        _merge(ws, h + top, left, h + bottom, right, text, font=bold, align=CENTER, border=BOX)
    for c in (7, 9, 12, 14):
        _merge(ws, h + 3, c, h + 3, c, "SL", font=bold, align=CENTER, border=BOX)
        _merge(ws, h + 3, c + 1, h + 3, c + 1, "Tỷ lệ %", font=bold, align=CENTER, border=BOX)
    numbers = [
        "A",
        "B",
        "(1)=2+3",
        "(2)",
        "(3)",
        "(4)=5+7",
        "(5)",
        "(6)=5/4",
        "(7)",
        "(8)=7/4",
        "(9)=10+12",
        "(10)",
        "(11)=10/9",
        "(12)",
        "(13)=12/10",
        "(14)",
    ]
    for c, text in enumerate(numbers, 1):
        _merge(ws, h + 4, c, h + 4, c, text, font=Font(name="Tahoma", size=7, italic=True), align=CENTER, border=BOX)

    def line(r, stt, name, f, extra, is_total):
        carried, in_period = f[3] or 0, (f[1] or 0) + (f[2] or 0)
        ontime, late = (f[5] or 0) + (f[6] or 0), f[7] or 0
        pend_ok, pend_late = f[9] or 0, f[10] or 0
        done, pending = ontime + late, pend_ok + pend_late
        cells = [
            stt,
            name,
            carried + in_period,
            carried,
            in_period,
            done,
            ontime,
            _lethuy_rate(ontime, done),
            late,
            _lethuy_rate(late, done),
            pending,
            pend_ok,
            _lethuy_rate(pend_ok, pending),
            pend_late,
            _lethuy_rate(pend_late, pending),
            extra or 0,
        ]
        for c, v in enumerate(cells, 1):
            cell = ws.cell(r, c, v)
            cell.border = BOX
            cell.alignment = LEFT if (c == 2 and not is_total) else CENTER
            cell.font = bold if is_total else tahoma
        for c in (8, 13):
            ws.cell(r, c).font = Font(name="Tahoma", size=9, color="0000FF", bold=is_total)
        for c in (10, 15, 16):
            ws.cell(r, c).font = Font(name="Tahoma", size=9, color="FF0000", bold=is_total)

    r = h + 5
    extras = list(late_transfer or [])
    for index, (name, values) in enumerate(rows):
        line(r, index + 1, name, _figures(values), extras[index] if index < len(extras) else 0, False)
        r += 1
    sums = _figures(total) if total is not None else _sum_rows(rows)
    line(r, "Tổng", None, sums, extras[len(rows)] if len(extras) > len(rows) else sum(x or 0 for x in extras), True)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 40
    for c in range(3, 17):
        ws.column_dimensions[get_column_letter(c)].width = 9
    path = Path(path)
    wb.save(path)
    return path


WRITERS = {
    "paseto_06a": write_paseto_06a,
    "paseto_06_cac_cap": write_paseto_06_cac_cap,
    "sct_quarter": write_sct_quarter,
    "lethuy_rates": write_lethuy_rates,
}


def write_paseto_06a_html(path, period_text_from: str, period_text_to: str, rows: Rows, total: Figures | None) -> Path:
    """PASETO "Báo cáo 06a" as its "In file excel" button really sends it: an HTML table with an
    .xls name (exportTableToExcel.js, downloadPhieuExcel), header cells merged by rowspan and
    colspan, every figure as text ("0" for zero or missing, "1.234" grouped by dots)."""

    def cell(text, tag="td", **span) -> str:
        attrs = "".join(f' {k}="{v}"' for k, v in span.items())
        return f"<{tag}{attrs}>{text}</{tag}>"

    def figures(values) -> str:
        return "".join(cell(f"{(v or 0):,}".replace(",", ".")) for v in _figures(values))

    header = [
        cell("STT", "th", rowspan=3) + cell("Đơn vị", "th", rowspan=3)
        + cell("Số hồ sơ nhận giải quyết", "th", colspan=4) + cell("Số hồ sơ đã giải quyết", "th", colspan=4)
        + cell("Số lượng hồ sơ đang giải quyết", "th", colspan=3),
        cell("Tổng số", "th", rowspan=2) + cell("Trong đó", "th", colspan=2) + cell("Từ kỳ trước", "th", rowspan=2)
        + "".join(cell(t, "th", rowspan=2) for t in ("Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"))
        + "".join(cell(t, "th", rowspan=2) for t in ("Tổng số", "Trong hạn", "Quá hạn")),
        cell("Trực tuyến", "th") + cell("Trực tiếp, dịch vụ bưu chính", "th"),
    ]  # fmt: skip
    body = [cell(n + 1) + cell(name) + figures(values) for n, (name, values) in enumerate(rows)]
    body.append(cell("") + cell("Tổng số") + figures(total if total is not None else _sum_rows(rows)))
    page = (
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>'
        '<table style="font-family: Times New Roman; font-size: 17px">'
        + "<tr>" + cell("", colspan=5) + cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br/>Độc lập - Tự do - Hạnh phúc", colspan=8) + "</tr>"
        + "<tr>" + cell(
            "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC<br/>"
            f"<i>(Từ ngày {period_text_from} đến ngày {period_text_to} )</i>", colspan=13) + "</tr>"
        + "<tr><td></td></tr>"
        + "".join(f"<tr>{row}</tr>" for row in header)
        + "".join(f"<tr>{row}</tr>" for row in body)
        + "</table></body></html>"
    )  # fmt: skip
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path
