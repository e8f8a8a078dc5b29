"""Biểu 06a as an .xlsx laid out like the official form."""

from __future__ import annotations

from conftest import EXPECTED_2026_02, EXPECTED_BY_FIELD_2026_02
from openpyxl import load_workbook

from tthc_analysis.core.labels import BIEU06A_KEYS
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import files_indicators
from tthc_analysis.report.workbook import set_text, write_bieu06a_xlsx


def _cells(ws):
    return {cell.coordinate: cell.value for row in ws.iter_rows() for cell in row if cell.value is not None}


def test_layout_like_the_official_form(hand_csv, tmp_path):
    indicators = files_indicators([hand_csv], parse_period("2026-02"))
    path = write_bieu06a_xlsx(
        indicators, tmp_path / "b.xlsx", reporting_unit="UBND xã Hùng Thắng", receiving_unit="UBND thành phố Hải Phòng"
    )
    ws = load_workbook(path).active
    values = list(_cells(ws).values())
    assert "Biểu số 06a/VPCP/KSTT" in values
    assert any("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in str(v) for v in values)
    assert "- Đơn vị báo cáo: UBND xã Hùng Thắng" in values
    assert "Kỳ báo cáo: tháng 02 năm 2026" in values
    assert "(Từ ngày 15/01/2026 đến ngày 14/02/2026)" in values
    for header in (
        "Tiếp nhận",
        "Số lượng hồ sơ đã giải quyết",
        "Số lượng hồ sơ đang giải quyết",
        "Trong đó",
        "Từ kỳ trước",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Trong hạn",
        "Trực tuyến",
    ):
        assert header in values
    assert [ws.cell(10, c).value for c in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C7:F7", "G7:J7", "K7:M7", "D8:E8", "A7:A9", "B7:B9"} <= merged

    rows = {
        ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 14)]
        for r in range(11, ws.max_row + 1)
        if ws.cell(r, 2).value
    }
    assert rows["Tổng cộng"] == [EXPECTED_2026_02[k] for k in BIEU06A_KEYS]
    for field, expected in EXPECTED_BY_FIELD_2026_02.items():
        assert rows[field] == [expected[k] for k in BIEU06A_KEYS]


def test_text_from_data_is_never_a_formula(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    for i, text in enumerate(['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "Hộ tịch"], start=1):
        set_text(wb.active.cell(i, 1), text)
    wb.save(tmp_path / "x.xlsx")
    ws = load_workbook(tmp_path / "x.xlsx").active
    assert all(ws.cell(i, 1).data_type == "s" for i in range(1, 6))
