"""Narrative sentences when the figures are not like the seed's, and Vietnamese formatting."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import HAND_ROWS, HEADERS_VN, SAMPLE, write_csv

from tthc_analysis.core import vnformat as fmt
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.indicators.results import Rate
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report.narrative import report_blocks


@pytest.mark.parametrize(
    "value, text", [(0, "00"), (2, "02"), (9, "09"), (10, "10"), (921, "921"), (1234, "1.234"), (1234567, "1.234.567")]
)
def test_counts(value, text):
    assert fmt.count(value) == text


@pytest.mark.parametrize(
    "value, text",
    [
        (95.67, "95,7%"),
        (100.0, "100%"),
        (60.0, "60%"),
        (99.96, "99,9%"),
        (0.01, "0,1%"),
        (0.0, "0%"),
        (12.34, "12,3%"),
        (None, "không phát sinh"),
    ],
)
def test_percentages(value, text):
    assert fmt.percent(value) == text


def test_rates_without_denominator_or_data():
    assert fmt.rate(Rate(0, 0)) == "không phát sinh"
    assert fmt.rate(Rate(None, None)) == "không có số liệu"
    assert fmt.rate(Rate(841, 879)) == "95,7%"


def test_dates():
    assert fmt.day(date(2026, 2, 5)) == "05/02/2026"
    assert fmt.long_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert fmt.long_date(date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert fmt.long_date(date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"


@pytest.fixture
def test_root(tmp_path):
    (tmp_path / "communes.yaml").write_text(
        "city: thành phố Thử\ncommunes:\n  - {id: thu-nghiem, name: Thử Nghiệm, kind: xã}\n", encoding="utf-8"
    )
    write_csv(tmp_path / "procedures.csv", ["MaTTHC", "TenTTHC", "MucDo"], [["1", "A", "4"], ["2", "B", "3"]])
    folder = tmp_path / "thu-nghiem"
    folder.mkdir()
    write_csv(folder / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    write_csv(
        folder / "feedback.csv",
        ["Mã phản ánh", "Ngày tiếp nhận", "Hạn xử lý", "Ngày xử lý"],
        [
            ["P1", "20/01/2026", "30/01/2026", "25/01/2026"],
            ["P2", "01/02/2026", "05/02/2026", "10/02/2026"],
            ["P3", "10/02/2026", "20/02/2026", ""],
            ["P4", "05/01/2026", "15/01/2026", "20/01/2026"],
        ],
    )
    return DataRoot(tmp_path)


def _texts(root, period_id):
    indicators = commune_indicators(root, "thu-nghiem", parse_period(period_id))
    return [b.display for b in report_blocks(indicators, root.commune("thu-nghiem"))]


def test_overdue_dossiers_say_how_many_and_where(test_root):
    texts = _texts(test_root, "2026-02")
    # Hand-worked (conftest.HAND_ROWS): 13 in all, 3 carried over, 10 new of which 6 online;
    # 6 resolved in time and 1 late (Hộ tịch); 4 in progress on time, 2 overdue (Chứng thực, Đất đai).
    assert "- Tổng số 13 hồ sơ (kỳ trước chuyển sang 03 hồ sơ; tiếp nhận mới 10 hồ sơ)." in texts
    # In time: A early; B (finished = due), D (no due date), E (withdrawn), J (carried over, early) and
    # Q (same day) — A, J early; B, D, E, Q on time.
    assert (
        "- Tổng số hồ sơ tiếp nhận trực tuyến 06/10 hồ sơ, đạt tỷ lệ 60%; đã giải quyết 07 hồ sơ "
        "(đúng hạn 06 hồ sơ, gồm trước hạn 02 hồ sơ và đúng hạn 04 hồ sơ; quá hạn 01 hồ sơ), "
        "đang giải quyết 06 hồ sơ (trong hạn 04 hồ sơ; quá hạn 02 hồ sơ), "
        "tổng số hồ sơ quá hạn là 03 hồ sơ (lĩnh vực Chứng thực: 01 hồ sơ; lĩnh vực Hộ tịch: 01 hồ sơ; "
        "lĩnh vực Đất đai: 01 hồ sơ)."
    ) in texts
    # No unit column: the vertical agencies are left out rather than claimed to be none.
    assert not any("ngành dọc" in t for t in texts)
    assert "- Tỷ lệ hồ sơ trực tuyến xã đạt 60%." in texts
    # 6 of 7 resolved in time: 85,7%.
    assert "- Tỷ lệ giải quyết hồ sơ đúng hạn đạt 85,7%." in texts
    # No fee or payment column: the payment rate is not known, so no sentence states it.
    assert not any("thanh toán trực tuyến" in t for t in texts)
    assert (
        "- Đã triển khai cung cấp được 01 TTHC mức độ toàn trình và 01 TTHC mức độ một phần theo quy định "
        "lên Cổng dịch vụ công quốc gia." in texts
    )


def test_feedback_received_resolved_pending(test_root):
    texts = _texts(test_root, "2026-02")
    # P1 on time, P2 late, P4 (from January) late; P3 pending; received in the period: P1, P2, P3.
    assert (
        "Trong tháng 02, xã Thử Nghiệm tiếp nhận 03 phản ánh, kiến nghị trên Cổng Dịch vụ công Quốc gia; "
        "đã xử lý 03 phản ánh, kiến nghị (đúng hạn 01, quá hạn 02); đang xử lý 01 phản ánh, kiến nghị."
    ) in texts


def test_a_period_with_nothing_new(test_root):
    texts = _texts(test_root, "2026-04")  # 15/03–14/04/2026: only O (no due) and the overdue F, P, H, G still open
    assert "- Tổng số 05 hồ sơ (kỳ trước chuyển sang 05 hồ sơ; không có hồ sơ tiếp nhận mới)." in texts
    assert any(
        t.startswith(
            "- Không có hồ sơ tiếp nhận mới, tỷ lệ tiếp nhận trực tuyến không phát sinh; chưa có hồ sơ được giải quyết"
        )
        for t in texts
    )
    assert "- Tỷ lệ hồ sơ trực tuyến xã: không phát sinh." in texts
    # P3 (received 10/02, not answered) is still pending.
    assert (
        "Trong tháng 04, xã Thử Nghiệm không tiếp nhận phản ánh, kiến nghị mới trên Cổng Dịch vụ công Quốc gia; "
        "đang xử lý 01 phản ánh, kiến nghị."
    ) in texts


def test_quarter_wording(test_root):
    texts = _texts(test_root, "2026-Q1")
    assert any("quý I năm 2026 (số liệu từ ngày 15/12/2025 đến hết ngày 14/03/2026)" in t for t in texts)
    assert "III. NHIỆM VỤ TRỌNG TÂM CỦA QUÝ TIẾP THEO" in texts


def test_another_sample_commune_reads_its_own_figures():
    root = DataRoot(SAMPLE)
    indicators = commune_indicators(root, "cat-hai", parse_period("2026-02"))
    texts = [b.display for b in report_blocks(indicators, root.commune("cat-hai"))]
    c = indicators.counts
    assert any(
        t.startswith(f"- Tổng số {fmt.count(c.total)} hồ sơ (kỳ trước chuyển sang {fmt.count(c.carried_over)} hồ sơ")
        for t in texts
    )
    assert any(
        f"đã giải quyết {fmt.count(c.resolved)} hồ sơ (đúng hạn {fmt.count(c.resolved_in_time)} hồ sơ" in t
        and f"quá hạn {fmt.count(c.resolved_late)} hồ sơ)" in t
        for t in texts
    )
    units = [u.unit for u in indicators.vertical_agencies]
    assert all(any(t.startswith(f"- {u} tiếp nhận và xử lý") for t in texts) for u in units)
    assert any("đặc khu Cát Hải" in t for t in texts)
