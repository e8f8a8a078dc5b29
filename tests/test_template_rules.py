"""What a commune's Word template can say (report/template.py, docs/template.md): the context's
names of the unit and the period, the heading of the tasks, and where each finding is."""

from __future__ import annotations

from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_VN, write_csv, write_root

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report.template import template_context


def _context(tmp_path, period_id="2026-02"):
    root = write_root(tmp_path / "d", ("thu", "Thử", "phường"), city="thành phố Hải Phòng")
    # Z9 finished on 04/02, the day before it was received: a finding on data row 19 (line 20).
    odd = ("Z9", "Hộ tịch", "10", "2", "05/02/2026", "10/02/2026", "04/02/2026")
    path = write_csv(root / "thu" / "dossiers.csv", HEADERS_VN, [*HAND_ROWS, EARLIER_ROW, odd])
    data = DataRoot(root)
    return template_context(commune_indicators(data, "thu", parse_period(period_id)), data.commune("thu")), path


def test_the_unit_and_its_city_are_named_as_communes_yaml_says(tmp_path):
    context, _ = _context(tmp_path)
    assert context["commune"] == {
        "id": "thu",
        "name": "Thử",
        "kind": "phường",
        "full_name": "phường Thử",
        "city": "thành phố Hải Phòng",
    }


def test_the_period_by_its_names_days_and_note(tmp_path):
    context, _ = _context(tmp_path)
    assert context["period"] == {
        "id": "2026-02",
        "name": "tháng 02 năm 2026",
        "short_name": "tháng 02",
        "from": "15/01/2026",
        "to": "14/02/2026",
        "note": "Thời điểm lấy số liệu báo cáo từ ngày 15/01/2026 đến 14/02/2026.",
    }


def test_the_tasks_heading_names_the_next_period(tmp_path):
    month, _ = _context(tmp_path / "m")
    quarter, _ = _context(tmp_path / "q", "2026-Q1")
    assert month["headings"]["tasks"] == "III. NHIỆM VỤ TRỌNG TÂM CỦA THÁNG TIẾP THEO"
    assert quarter["headings"]["tasks"] == "III. NHIỆM VỤ TRỌNG TÂM CỦA QUÝ TIẾP THEO"


def test_a_finding_says_its_file_row_and_column(tmp_path):
    context, path = _context(tmp_path)
    found = {f["code"]: f for f in context["findings"]}
    assert found["FINISHED_BEFORE_RECEIVED"] == {
        "code": "FINISHED_BEFORE_RECEIVED",
        "message": "Hồ sơ Z9 có ngày kết thúc xử lý trước ngày tiếp nhận.",
        "where": f"{path}, dòng 20, cột 'Ngày kết thúc xử lý'",
    }
