"""Biểu 06a's workbook (report/workbook.py), cell by cell, against values worked out by hand.

The sheet is read back with openpyxl. The period 2026-02 runs from 15/01/2026 to 14/02/2026 and
is named "tháng 02 năm 2026". The header takes rows 7–10, so with one field row the total row
is row 12, the legend (if any) row 14 and the note under it.
"""

from __future__ import annotations

import re
import zipfile

from conftest import CONSISTENT_COUNTS
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from tthc_analysis.core.errors import Finding
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Indicators
from tthc_analysis.report.workbook import (
    LEGEND,
    fit_row_heights,
    line_height,
    set_text,
    wrapped_lines,
    write_bieu06a_rows,
    write_bieu06a_xlsx,
)

PERIOD = parse_period("2026-02")
COUNTS = Bieu06aCounts(**CONSISTENT_COUNTS)  # 10, 4, 3, 3, 7, 2, 4, 1, 3, 2, 1 in columns (3)–(13)
TNR = "Times New Roman"
COLUMNS = "ABCDEFGHIJKLM"


def _sheet(tmp_path, rows=(("Hộ tịch", COUNTS),), total=COUNTS, name="b.xlsx", **options):
    return load_workbook(write_bieu06a_rows(PERIOD, list(rows), total, tmp_path / name, **options)).active


def _font(cell) -> tuple:
    return (cell.font.name, bool(cell.font.b), bool(cell.font.i), cell.font.sz)


def _align(cell) -> tuple:
    return (cell.alignment.horizontal, cell.alignment.vertical, cell.alignment.wrap_text)


def _boxed(cell) -> bool:
    border = cell.border
    return all(getattr(border, side).style == "thin" for side in ("left", "right", "top", "bottom"))


# ---------------------------------------------------------------- above the table


def test_the_title_block_names_form_units_and_period(tmp_path):
    ws = _sheet(tmp_path, reporting_unit="UBND xã Hùng Thắng", receiving_unit="UBND thành phố Hải Phòng")
    assert ws.title == "Biểu 06a"
    assert (ws["A1"].value, _font(ws["A1"]), _align(ws["A1"])) == (
        "Biểu số 06a/VPCP/KSTT",
        (TNR, True, False, 10),
        (None, "top", True),
    )
    assert ws["C1"].value == ("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG")
    assert (_font(ws["C1"]), _align(ws["C1"])) == ((TNR, True, False, 12), ("center", "center", True))
    assert ws["K1"].value == "- Đơn vị báo cáo: UBND xã Hùng Thắng"
    assert ws["K2"].value == "- Đơn vị nhận báo cáo: UBND thành phố Hải Phòng"
    for ref in ("K1", "K2"):  # 10 pt, not bold, wrapped from the top
        assert (_font(ws[ref]), _align(ws[ref])) == ((TNR, False, False, 10), (None, "top", True)), ref
    assert ws["A4"].value == "Kỳ báo cáo: tháng 02 năm 2026"
    assert ws["A5"].value == "(Từ ngày 15/01/2026 đến ngày 14/02/2026)"  # from_to(...) with a capital T
    for ref in ("A4", "A5"):
        assert (_font(ws[ref]), _align(ws[ref])) == ((TNR, True, False, 12), ("center", "center", True)), ref
    assert ws["J6"].value == "Đơn vị tính: Số hồ sơ TTHC."
    assert (_font(ws["J6"]), ws["J6"].alignment.horizontal) == ((TNR, False, True, 11), "right")
    # Nothing else above the header: rows 3 and 6 hold one value between them (J6).
    above = {c.coordinate for row in ws.iter_rows(min_row=1, max_row=6) for c in row if c.value is not None}
    assert above == {"A1", "C1", "K1", "K2", "A4", "A5", "J6"}


def test_units_not_given_are_an_ellipsis(tmp_path):
    ws = _sheet(tmp_path)
    assert (ws["K1"].value, ws["K2"].value) == ("- Đơn vị báo cáo: …", "- Đơn vị nhận báo cáo: …")
    commune = Indicators(None, PERIOD, "dossiers", Bieu06a(PERIOD, (), COUNTS))
    ws = load_workbook(write_bieu06a_xlsx(commune, tmp_path / "x.xlsx")).active
    assert (ws["K1"].value, ws["K2"].value) == ("- Đơn vị báo cáo: …", "- Đơn vị nhận báo cáo: …")
    path = write_bieu06a_xlsx(commune, tmp_path / "y.xlsx", reporting_unit="xã A", receiving_unit="thành phố B")
    ws = load_workbook(path).active
    assert (ws["K1"].value, ws["K2"].value) == ("- Đơn vị báo cáo: xã A", "- Đơn vị nhận báo cáo: thành phố B")


# ---------------------------------------------------------------- the header, rows 7–10

HEADER = {
    "A7": "TT",
    "B7": "Lĩnh vực, công việc giải quyết theo cấp",
    "C7": "Tiếp nhận",
    "G7": "Số lượng hồ sơ đã giải quyết",
    "K7": "Số lượng hồ sơ đang giải quyết",
    "C8": "Tổng số",
    "D8": "Trong đó",
    "F8": "Từ kỳ trước",
    "G8": "Tổng số",
    "H8": "Trước hạn",
    "I8": "Đúng hạn",
    "J8": "Quá hạn",
    "K8": "Tổng số",
    "L8": "Trong hạn",
    "M8": "Quá hạn",
    "D9": "Trực tuyến",
    "E9": "Trực tiếp, dịch vụ bưu chính",
}
# The title's merges, then the header's: a cell spanning rows 7–9 or 8–9 is merged, D9 and E9 are not.
MERGED = {"A1:B2", "C1:J2", "K1:M1", "K2:M2", "A4:M4", "A5:M5", "J6:M6"} | {
    "A7:A9",
    "B7:B9",
    "C7:F7",
    "G7:J7",
    "K7:M7",
    "C8:C9",
    "D8:E8",
    "F8:F9",
    "G8:G9",
    "H8:H9",
    "I8:I9",
    "J8:J9",
    "K8:K9",
    "L8:L9",
    "M8:M9",
}


def test_the_header_cells_merges_fonts_and_borders(tmp_path):
    ws = _sheet(tmp_path)
    texts = {c.coordinate: c.value for row in ws.iter_rows(min_row=7, max_row=9) for c in row if c.value is not None}
    assert texts == HEADER
    assert {str(r) for r in ws.merged_cells.ranges} == MERGED
    for ref in HEADER:  # 11 pt bold, centred both ways and wrapped
        assert (_font(ws[ref]), _align(ws[ref])) == ((TNR, True, False, 11), ("center", "center", True)), ref
    # Row 10 numbers the 13 columns, in italic 10 pt.
    assert [ws.cell(10, c).value for c in range(1, 15)] == [f"({n})" for n in range(1, 14)] + [None]
    for c in range(1, 14):
        cell = ws.cell(10, c)
        assert (_font(cell), _align(cell)) == ((TNR, False, True, 10), ("center", "center", True)), c
    # Every cell that is not hidden by a merge has a thin box: row 10, D9, E9 and the merges' first cells.
    for ref in [*HEADER, *(f"{c}10" for c in COLUMNS)]:
        assert _boxed(ws[ref]), ref
    # Column N is outside the form: no box beside the header.
    assert [ws.cell(r, 14).border.left.style for r in range(7, 11)] == [None] * 4


def test_a_city_heads_its_rows_with_the_communes(tmp_path):
    ws = _sheet(tmp_path, row_title="Xã, phường, đặc khu")
    assert ws["B7"].value == "Xã, phường, đặc khu" and ws["A7"].value == "TT"


# ---------------------------------------------------------------- rows of figures


def test_field_rows_and_the_total_row(tmp_path):
    partial = Bieu06aCounts(total=5, online=2)  # the nine other figures unknown: "không có số liệu"
    ws = _sheet(tmp_path, rows=[("Hộ tịch", COUNTS), ("Đất đai", partial)], total=COUNTS)
    assert [ws.cell(11, c).value for c in range(1, 15)] == [1, "Hộ tịch", 10, 4, 3, 3, 7, 2, 4, 1, 3, 2, 1, None]
    assert [ws.cell(12, c).value for c in range(1, 5)] == [2, "Đất đai", 5, 2]
    assert [ws.cell(12, c).value for c in range(5, 14)] == ["không có số liệu"] * 9
    # The total row: no number (an empty cell), "Tổng cộng", the totals.
    assert [ws.cell(13, c).value for c in range(1, 14)] == [None, "Tổng cộng", 10, 4, 3, 3, 7, 2, 4, 1, 3, 2, 1]
    for row, bold in ((11, False), (12, False), (13, True)):
        for c in range(1, 14):
            cell = ws.cell(row, c)
            assert _font(cell) == (TNR, bold, False, 11), cell.coordinate
            assert _align(cell) == ("left" if c == 2 else "center", "center", True), cell.coordinate
            assert cell.number_format == ("#,##0" if c >= 3 else "General"), cell.coordinate  # 1.234 for 1234
            assert _boxed(cell), cell.coordinate
        assert ws.cell(row, 14).border.left.style is None and ws.cell(row, 14).font.name != TNR
    # Nothing under the total row: no finding (no legend), no note.
    assert ws.max_row == 13


def test_the_legend_shows_when_only_a_field_row_is_marked(tmp_path):
    # Row 0 is marked at (3); row 1 and the total are not: the legend still shows, two rows
    # under the total row (13 + 2 = 15), and the note follows on row 16; both italic 10 pt.
    finding = Finding("X", "Tổng số sai.", figures=("total",))
    rows = [("xã A", COUNTS), ("xã B", COUNTS)]
    ws = _sheet(tmp_path, rows=rows, findings={0: [finding]}, note="Ghi chú: thử.")
    assert ws["C11"].fill.fill_type == "solid" and ws["C12"].fill.fill_type is None
    assert (ws["A14"].value, ws["A15"].value, ws["A16"].value, ws["A17"].value) == (
        None,
        LEGEND,
        "Ghi chú: thử.",
        None,
    )
    for ref in ("A15", "A16"):
        assert _font(ws[ref]) == (TNR, False, True, 10), ref


def test_the_note_takes_the_legends_row_when_nothing_is_marked(tmp_path):
    ws = _sheet(tmp_path, note="Ghi chú: thử.")
    assert (ws["A13"].value, ws["A14"].value, ws.max_row) == (None, "Ghi chú: thử.", 14)


def test_a_marked_cell_has_a_fill_and_a_comment_sized_for_its_messages(tmp_path):
    one = Finding("A", "Một.", figures=("online",))
    two = Finding("B", "Hai.", figures=("online", "in_progress_overdue"))
    path = write_bieu06a_rows(PERIOD, [], COUNTS, tmp_path / "m.xlsx", findings={None: [one, two]})
    ws = load_workbook(path).active
    # No field row: the total row is row 11; (4) is column D, (13) column M.
    assert ws["D11"].comment.text == "Một.\nHai." and ws["M11"].comment.text == "Hai."
    assert ws["D11"].comment.author == "tthc-analysis"
    assert (ws["D11"].fill.fill_type, ws["D11"].fill.start_color.rgb) == ("solid", "FFF8CBAD")
    assert [c.coordinate for c in ws[11] if c.comment is not None] == ["D11", "M11"]
    # The comment boxes: 360 px wide, 40 px + 50 px a message tall (D11: 140 px, M11: 90 px).
    vml = zipfile.ZipFile(path).read("xl/drawings/commentsDrawing1.vml").decode()
    sizes = re.findall(r"width:(\d+)px;height:(\d+)px", vml)
    assert sorted(sizes) == [("360", "140"), ("360", "90")]


# ---------------------------------------------------------------- page and row heights


def test_page_setup_widths_and_header_row_heights(tmp_path):
    ws = _sheet(tmp_path)
    assert {k: v.width for k, v in ws.column_dimensions.items()} == {"A": 5, "B": 42} | dict.fromkeys("CDEFGHIJKLM", 11)
    # Paper size 9 is A4 in OOXML's list.
    assert (ws.page_setup.orientation, str(ws.page_setup.paperSize), ws.page_setup.fitToWidth) == ("landscape", "9", 1)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.print_title_rows, ws.freeze_panes) == ("$7:$10", "C11")
    # Rows 1–10 are sized, the rows of figures are not. Row 1 is set to 30 pt; every line of
    # 10–11 pt text takes 15 pt; the 12 pt bold lines of rows 4 and 5 take 1,3 × 12 = 15,6 pt;
    # "Trực tiếp, dịch vụ bưu chính" takes three lines in its 11-character column (E9): 45 pt.
    heights = {r: ws.row_dimensions[r].height for r in range(1, 12)}
    assert heights == {1: 30, 2: 15, 3: 15, 4: 15.6, 5: 15.6, 6: 15, 7: 15, 8: 15, 9: 45, 10: 15, 11: None}


def test_a_long_unit_name_grows_the_first_row(tmp_path):
    # K1:M1 is 3 × 82 − 6 = 240 px = 63,5 mm wide, 18.000/1000 em at 10 pt. "- Đơn vị báo cáo:"
    # is 333+250+1722+250+778+250+1444+250+1388+278 = 6943 units; each word of 34 digits is
    # 34 × 500 = 17.000: three lines, 3 × 15 = 45 pt over the 30 pt set for row 1.
    word = "0" * 34
    ws = _sheet(tmp_path, reporting_unit=f"{word} {word}")
    assert (ws.row_dimensions[1].height, ws.row_dimensions[2].height) == (45, 15)


def test_the_sheet_prints_one_page_wide_but_as_many_pages_tall_as_it_needs(tmp_path):
    # OOXML's fitToHeight defaults to 1 (ECMA-376 CT_PageSetup): a city's table of 100 communes
    # shrank onto one page. Found by mutation testing; 0 lets it run onto as many pages as it needs.
    ws = _sheet(tmp_path, rows=[(f"xã {n}", COUNTS) for n in range(100)])
    assert ws.page_setup.fitToHeight == 0


# ---------------------------------------------------------------- wrapping and heights, by hand


def test_wrapped_lines_counts_paragraphs_and_never_splits_a_word():
    assert wrapped_lines("", 10, 11) == 1  # an empty cell is one line
    assert wrapped_lines("00000\n\n00000", 100, 11) == 3  # an empty paragraph is a line
    assert wrapped_lines("0", 0.1, 11) == 1  # a word wider than the cell keeps its line
    assert wrapped_lines("0 0 0", 0.1, 11) == 3
    # At 10 pt "00 00" is 2250 units = 7,94 mm, "00" 3,53 mm: one line in 8,4 mm, two in 5 mm.
    assert (wrapped_lines("00 00", 8.4, 10), wrapped_lines("00 00", 5, 10)) == (1, 2)
    # "0 0" at 72 pt: 1250 units = 1,25 inch = 31,75 mm exactly; a line as wide as the cell fits.
    assert wrapped_lines("0 0", 31.75, 72) == 1
    # "BÁO CÁO" at 14 pt: bold 4639 units = 22,91 mm, regular 4472 units = 22,09 mm.
    assert (wrapped_lines("BÁO CÁO", 22.5, 14), wrapped_lines("BÁO CÁO", 22.5, 14, bold=True)) == (1, 2)


def test_line_height_is_15_pt_or_130_percent_of_the_size():
    assert (line_height(11), line_height(20)) == (15, 26)  # 1,3 × 11 = 14,3 < 15; 1,3 × 20 = 26


def test_fit_row_heights_measures_each_cell_in_its_columns_width():
    # A column 11 characters wide: 11 × 7 + 5 = 82 px less 2 × 3 px padding = 76 px = 20,108 mm.
    # "00 00" is 2250 units: 0,79375 mm a point of size.
    ws = Workbook().active
    for letter in "ABC":
        ws.column_dimensions[letter].width = 11
    ws["A1"] = "00 00"  # 25,2 pt: 20,0025 mm, one line of 1,3 × 25,2 = 32,76 pt
    ws["A1"].font = Font(size=25.2)
    ws["A2"] = "00 00"  # 25,4 pt: 20,161 mm, two lines of 33,02 pt = 66,04
    ws["A2"].font = Font(size=25.4)
    ws.merge_cells("A3:B3")  # 2 × 82 − 6 = 158 px = 41,80 mm
    ws["A3"] = "00 00"  # 40 pt: 31,75 mm, one line of 52 pt
    ws["A3"].font = Font(size=40)
    ws.merge_cells("A4:B4")
    ws["A4"] = "00 00"  # 53,2 pt: 42,23 mm, two lines of 69,16 pt = 138,32
    ws["A4"].font = Font(size=53.2)
    ws["C5"] = "00 00"  # 25,3 pt: 20,082 mm, one line of 32,89 pt, kept to one decimal
    ws["C5"].font = Font(size=25.3)
    ws.column_dimensions["E"].width = 12.3  # int(91,1) = 91 px − 6 = 85 px = 22,49 mm
    ws["E6"] = "BÁO CÁO"  # 14 pt bold: 22,91 mm, two lines of 18,2 pt
    ws["E6"].font = Font(size=14, bold=True)
    ws["E7"] = "BÁO CÁO"  # regular: 22,09 mm, one line
    ws["E7"].font = Font(size=14)
    fit_row_heights(ws, 1, 7)
    heights = {r: ws.row_dimensions[r].height for r in range(1, 8)}
    assert heights == {1: 32.8, 2: 66, 3: 52, 4: 138.3, 5: 32.9, 6: 36.4, 7: 18.2}


def test_fit_row_heights_serves_single_rows_before_merged_ones():
    # Words of five digits at 11 pt (2500 units = 9,70 mm; two with a space 20,37 mm) take a
    # line each in a column 11 wide (20,108 mm). A1:A3 needs 6 lines = 90 pt, B2 alone 8 = 120 pt.
    # B2 first: row 2 is 120 pt, and rows 1–3 (15 + 120 + 15) already hold A1:A3's 90 pt.
    ws = Workbook().active
    for letter in "AB":
        ws.column_dimensions[letter].width = 11
    ws.merge_cells("A1:A3")
    ws["A1"] = " ".join(["00000"] * 6)
    ws["B2"] = " ".join(["00000"] * 8)
    fit_row_heights(ws, 1, 3)
    assert {r: ws.row_dimensions[r].height for r in range(1, 4)} == {1: 15, 2: 120, 3: 15}
    assert sorted(ws.row_dimensions) == [1, 2, 3]


def test_fit_row_heights_skips_what_is_no_text_and_keeps_taller_rows():
    ws = Workbook().active
    ws.column_dimensions["B"].width = 11
    ws["A1"] = 7  # a number, then text in the same row: the text still counts
    ws["B1"] = "00000 00000 00000"  # three lines: 45 pt
    ws["A2"] = "   "  # only spaces, even at 30 pt: nothing to measure
    ws["A2"].font = Font(size=30)
    ws.row_dimensions[3].height = 30  # set taller than one line: kept
    ws["B3"] = "0"
    ws["B4"] = "0"  # 12 pt: one line of 1,3 × 12 = 15,6 pt, 0,6 pt over the default 15
    ws["B4"].font = Font(size=12)
    ws["B5"] = "0"  # 13,1 pt: 17,03 pt, kept to one decimal
    ws["B5"].font = Font(size=13.1)
    ws["B6"] = "0"  # a font without a size is 11 pt: 15 pt
    ws["B6"].font = Font(bold=True)
    fit_row_heights(ws, 1, 6)
    assert {r: ws.row_dimensions[r].height for r in range(1, 7)} == {1: 45, 2: 15, 3: 30, 4: 15.6, 5: 17, 6: 15}
    assert sorted(ws.row_dimensions) == [1, 2, 3, 4, 5, 6]


def test_fit_row_heights_stops_a_merge_at_the_last_row_it_sizes():
    # A1:A3 measured with rows 1–2 only: its 6 lines (90 pt) go into row 2, the last one sized.
    ws = Workbook().active
    ws.column_dimensions["A"].width = 11
    ws.merge_cells("A1:A3")
    ws["A1"] = " ".join(["00000"] * 6)
    fit_row_heights(ws, 1, 2)
    assert {r: ws.row_dimensions[r].height for r in (1, 2)} == {1: 15, 2: 75}
    assert sorted(ws.row_dimensions) == [1, 2]


# ---------------------------------------------------------------- the formula guard


def test_set_text_stores_a_leading_equals_sign_as_text_and_leaves_numbers_alone(tmp_path):
    wb = Workbook()
    ws = wb.active
    cell = ws["A1"]
    assert set_text(cell, "=1+2") is cell
    set_text(ws["A2"], 5)
    set_text(ws["A3"], "Hộ tịch")
    assert [(c.value, c.data_type) for c in (ws["A1"], ws["A2"], ws["A3"])] == [
        ("=1+2", "s"),
        (5, "n"),
        ("Hộ tịch", "s"),
    ]
    wb.save(tmp_path / "s.xlsx")
    back = load_workbook(tmp_path / "s.xlsx").active
    assert [(back[r].value, back[r].data_type) for r in ("A1", "A2")] == [("=1+2", "s"), (5, "n")]
