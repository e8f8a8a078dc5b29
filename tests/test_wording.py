"""Wording that fits the unit and the period (docs/profile.md, docs/periods.md): tỉnh / thành phố,
xã / phường / đặc khu, the cadence of the report, and units established on 01/07/2025."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import HAND_ROWS, HEADERS_VN, SAMPLE, write_csv

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report.narrative import report_blocks

COMMUNES = """\
city: tỉnh Quảng Trị
communes:
  - {id: gio-linh, name: Gio Linh, kind: xã}
  - {id: dong-ha, name: Đông Hà, kind: phường}
  - {id: con-co, name: Cồn Cỏ, kind: đặc khu}
  - {id: moi, name: Mới, kind: xã, established: 01/07/2025}
"""


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    root = tmp_path_factory.mktemp("quang-tri")
    (root / "communes.yaml").write_text(COMMUNES, encoding="utf-8")
    for commune in ("gio-linh", "dong-ha", "con-co", "moi"):
        (root / commune).mkdir()
        write_csv(root / commune / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    return DataRoot(root)


def _text(root: DataRoot, commune_id: str, period_id: str) -> str:
    indicators = commune_indicators(root, commune_id, parse_period(period_id))
    commune = root.commune(commune_id)
    blocks = [b.display for b in report_blocks(indicators, commune)]
    return "\n".join(blocks + list(commune.profile.recipients))


@pytest.mark.parametrize("commune_id", ["gio-linh", "dong-ha", "con-co"])
def test_communes_of_a_province_say_tinh_never_thanh_pho(province, commune_id):
    text = _text(province, commune_id, "2026-02")
    assert "thành phố" not in text
    assert "Thực hiện Công văn của Ủy ban nhân dân tỉnh về việc báo cáo cải cách thủ tục hành chính hàng tháng;" in text
    assert "Trung tâm Phục vụ hành chính công tỉnh" in province.commune(commune_id).profile.recipients
    assert "Hệ thống thông tin giải quyết TTHC tỉnh." in text


@pytest.mark.parametrize("commune_id, kind", [("gio-linh", "xã"), ("dong-ha", "phường"), ("con-co", "đặc khu")])
def test_the_kind_of_unit_is_said_everywhere(province, commune_id, kind):
    text = _text(province, commune_id, "2026-02")
    assert f"CT, các PCT UBND {kind}" in province.commune(commune_id).profile.recipients
    assert f"- Tỷ lệ hồ sơ trực tuyến {kind} đạt 60%." in text
    assert f"trên địa bàn {kind}, Ủy ban nhân dân {kind} " in text
    others = {"xã", "phường", "đặc khu"} - {kind}
    assert not any(f"UBND {other}" in text or f"trên địa bàn {other}" in text for other in others)


@pytest.mark.parametrize(
    "period_id, cadence, tasks",
    [
        ("2026-Q1", "hàng quý", "III. NHIỆM VỤ TRỌNG TÂM CỦA QUÝ TIẾP THEO"),
        ("2026-H1", "6 tháng", "III. NHIỆM VỤ TRỌNG TÂM CỦA 6 THÁNG TIẾP THEO"),
        ("2026-9M", "9 tháng", "III. NHIỆM VỤ TRỌNG TÂM CỦA QUÝ TIẾP THEO"),
        ("2026", "hàng năm", "III. NHIỆM VỤ TRỌNG TÂM CỦA NĂM TIẾP THEO"),
    ],
)
def test_a_report_that_is_not_monthly_never_says_hang_thang(period_id, cadence, tasks):
    # Hùng Thắng's directive is the city's monthly one ("… hàng tháng").
    root = DataRoot(SAMPLE)
    text = _text(root, "hung-thang", period_id)
    assert "hàng tháng" not in text
    assert f"báo cáo cải cách thủ tục hành chính {cadence}; Ủy ban nhân dân xã Hùng Thắng" in text
    assert tasks in text
    name = parse_period(period_id).name
    assert f"Trên đây là báo cáo tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính {name} " in text


def test_a_directive_per_period_kind(tmp_path):
    (tmp_path / "communes.yaml").write_text(
        "city: thành phố Hải Phòng\ncommunes:\n  - id: a\n    name: A\n    kind: xã\n    profile:\n      directive:\n"
        "        month: Công văn số 137/UBND-TTPVHCC về việc báo cáo hàng tháng\n"
        "        year: Kế hoạch số 12/KH-UBND về cải cách hành chính năm 2026\n",
        encoding="utf-8",
    )
    profile = DataRoot(tmp_path).commune("a").profile
    assert profile.directive(parse_period("2026-02")) == "Công văn số 137/UBND-TTPVHCC về việc báo cáo hàng tháng"
    assert profile.directive(parse_period("2026")) == "Kế hoạch số 12/KH-UBND về cải cách hành chính năm 2026"
    # No directive for quarters: the default one, with the quarter's cadence.
    assert profile.directive(parse_period("2026-Q1")).endswith("báo cáo cải cách thủ tục hành chính hàng quý")


def test_a_unit_established_on_1_july_2025_reports_from_that_day(province):
    indicators = commune_indicators(province, "moi", parse_period("2025"))
    assert indicators.period.start == date(2025, 7, 1) and indicators.period.id == "2025"
    text = _text(province, "moi", "2025")
    assert "cải cách thủ tục hành chính năm 2025 (từ ngày 01/7/2025 đến ngày 14/12/2025) như sau:" in text
    with pytest.raises(Exception, match="trước ngày thành lập"):
        commune_indicators(province, "moi", parse_period("2025-05"))


def test_a_range_period_reads_from_day_to_day(province):
    text = _text(province, "gio-linh", "2025-07-01..2026-02-14")
    assert (
        "báo cáo kết quả thực hiện công tác cải cách thủ tục hành chính từ ngày 01/7/2025 đến ngày 14/02/2026 như sau:"
    ) in text
    assert "III. NHIỆM VỤ TRỌNG TÂM TRONG THỜI GIAN TỚI" in text
    assert "hàng tháng" not in text
    # Every hand-worked dossier was received from 01/12/2025 on: 14 are new (K and L were never
    # received, M was received on 15/02/2026). The export starts long after 01/07/2025, so what was
    # carried over from before that day cannot be seen: unknown, not 0, and said so.
    indicators = commune_indicators(province, "gio-linh", parse_period("2025-07-01..2026-02-14"))
    assert (indicators.counts.new, indicators.counts.total, indicators.counts.carried_over) == (14, None, None)
    assert "CARRIED_OVER_UNKNOWN" in [f.code for f in indicators.findings]


def test_a_stated_period_from_the_establishment_day_is_not_a_mismatch(tmp_path):
    (tmp_path / "communes.yaml").write_text(COMMUNES, encoding="utf-8")
    (tmp_path / "moi").mkdir()
    summary = (
        'period: "2025-Q3"\nbieu06a: {total: 10}\nstated_periods:\n'
        '  - {where: "đoạn mở đầu", from: "01/07/2025", to: "14/09/2025"}\n'
    )
    (tmp_path / "moi" / "summary-2025-Q3.yaml").write_text(summary, encoding="utf-8")
    (tmp_path / "gio-linh").mkdir()
    (tmp_path / "gio-linh" / "summary-2025-Q3.yaml").write_text(summary, encoding="utf-8")
    root = DataRoot(tmp_path)
    assert "PERIOD_TEXT_MISMATCH" not in [
        f.code for f in commune_indicators(root, "moi", parse_period("2025-Q3")).findings
    ]
    # The same text for a unit that existed all quarter (from 15/06/2025) is a mismatch.
    assert "PERIOD_TEXT_MISMATCH" in [
        f.code for f in commune_indicators(root, "gio-linh", parse_period("2025-Q3")).findings
    ]
