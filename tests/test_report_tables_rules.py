"""The report's tables, cell by cell, from figures written by hand (report/tables.py): Biểu 06a
by field, the published figures beside the dossier data, the key figures' columns for each kind
of period, and the QĐ 766 tables."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from qd766_example import hand_commune

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Bieu06aRow, Indicators, ReconciliationItem
from tthc_analysis.report import tables

FEB = parse_period("2026-02")


def _counts(total, carried, online, direct, resolved=None):
    return Bieu06aCounts(total=total, online=online, direct_postal=direct, carried_over=carried, resolved=resolved)


def test_bieu06a_table_has_a_row_per_field_then_the_total_and_says_what_is_unknown():
    rows = (
        Bieu06aRow("F1", "Hộ tịch", _counts(1240, 6, 1000, 234, resolved=1200)),
        Bieu06aRow("F2", "Đất đai", _counts(None, None, 3, 1)),  # carried over unknown: (3) unknown
    )
    ind = Indicators("thu", FEB, "dossiers", Bieu06a(FEB, rows, _counts(None, None, 1003, 235)))
    table = tables.bieu06a_table(ind)
    assert list(table.index) == ["Hộ tịch", "Đất đai", "Tổng cộng"]
    assert table.index.name == "Lĩnh vực"
    first = table.loc["Hộ tịch"]
    assert (first.iloc[0], first.iloc[1], first.iloc[2], first.iloc[3]) == ("1.240", "1.000", "234", "6")
    assert table.loc["Đất đai"].iloc[0] == "không có số liệu" and table.loc["Đất đai"].iloc[1] == "3"
    assert table.loc["Tổng cộng"].iloc[1] == "1.003" and table.loc["Tổng cộng"].iloc[3] == "không có số liệu"
    assert len(table.columns) == 11  # columns (3) to (13)


def _reconciled(*items):
    return SimpleNamespace(reconciliation=items)


def test_published_figures_beside_the_dossier_data_with_the_signed_difference():
    table = tables.reconciliation_table(
        _reconciled(
            ReconciliationItem("total", "Tổng số hồ sơ (3)", 921, 893),  # 921 − 893 = +28
            ReconciliationItem("rate.on_time", "Tỷ lệ đúng hạn (%)", 98.5, 98.53),  # −0,03
            ReconciliationItem("new", "Tiếp nhận mới", 879, 879),  # the same: no difference written
            ReconciliationItem("unit.x", "Ngành dọc: Công an xã", 12, None),  # not in the exports
            ReconciliationItem("resolved", "Đã giải quyết (7)", 2500, 1500),  # +1.000, never "+1e+03"
        )
    )
    assert table.index.name == "Chỉ tiêu"
    assert table.loc["Tổng số hồ sơ (3)"].tolist() == ["921", "893", "+28"]
    assert table.loc["Tỷ lệ đúng hạn (%)"].tolist() == ["98,5", "98,53", "-0,03"]
    assert table.loc["Tiếp nhận mới"].tolist() == ["879", "879", ""]
    assert table.loc["Ngành dọc: Công an xã"].tolist() == ["12", "–", ""]
    assert table.loc["Đã giải quyết (7)"].tolist() == ["2.500", "1.500", "+1.000"]
    assert tables.reconciliation_table(_reconciled()) is None


@pytest.mark.parametrize(
    ("period_id", "headings"),
    [
        ("2026-02", ["tháng 02 năm 2026", "tháng 01 năm 2026", "So với kỳ trước", "tháng 02 năm 2025"]),
        ("2026-Q1", ["quý I năm 2026", "quý IV năm 2025", "So với kỳ trước", "quý I năm 2025"]),
        ("2025", ["năm 2025", "năm 2024", "So với kỳ trước"]),  # the year before is last year: once
    ],
)
def test_the_key_figures_columns_name_each_period(period_id, headings):
    period = parse_period(period_id)
    ind = Indicators("thu", period, "dossiers", Bieu06a(period, (), _counts(12, 2, 6, 4)))
    report = SimpleNamespace(indicators=ind, previous=None, last_year=None, period=period)
    table = tables.key_figures_table(report)
    assert list(table.columns)[: len(headings)] == headings
    assert len(table.columns) == (3 if len(headings) == 3 else 5)
    # No figure for the periods compared: "–" beside, never a change.
    assert table.loc["Tiếp nhận mới"].tolist()[:3] == ["10", "–", "–"]


def test_a_comparison_from_published_figures_is_labelled_and_not_compared():
    now = Indicators("thu", FEB, "dossiers", Bieu06a(FEB, (), _counts(12, 2, 6, 4)))
    before = Indicators("thu", FEB.previous(), "summary", Bieu06a(FEB.previous(), (), _counts(9, 2, 5, 2)))
    table = tables.key_figures_table(SimpleNamespace(indicators=now, previous=before, last_year=None, period=FEB))
    assert table.columns[1] == "tháng 01 năm 2026 (số liệu đã công bố, không so sánh)"
    assert table.loc["Tiếp nhận mới"].tolist()[:3] == ["10", "7", "–"]  # shown, but no "+3"


def test_the_qd766_tables_of_a_report_and_of_what_it_cannot_compute(tmp_path):
    hand = hand_commune(tmp_path / "xa-mot")
    missing = tables.qd766_not_supported_table(hand)
    assert missing.index.name == "Mã" and list(missing.columns) == ["Chỉ số", "Điểm tối đa", "Lý do chưa tính"]
    assert "2.1" not in missing.index and all(reason for reason in missing["Lý do chưa tính"])
    page = tables.qd766_html(hand)
    assert page.index("Các chỉ số chưa tính được") > page.index("41,75 điểm trên 56")
    assert "Tính từ dữ liệu hồ sơ</h3>" not in page  # the dossier data is the report's own source
    assert tables.qd766_table(SimpleNamespace(qd766=None)) is None
    assert tables.qd766_not_supported_table(SimpleNamespace(qd766=None)) is None
