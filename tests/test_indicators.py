"""Other indicators (docs/counting.md#other-indicators): rates, systems, vertical agencies, catalogue, feedback."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import write_csv

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.others import compute_indicators, is_own_unit
from tthc_analysis.indicators.results import Rate
from tthc_analysis.inputs.tables import load_dossiers, load_feedback, load_procedures

HEADERS = [
    "MaHoSo",
    "KenhThucHien",
    "NgayTiepNhan",
    "NgayHenTra",
    "NgayKetThucXuLy",
    "TrangThaiHoSo",
    "DonViXuLy",
    "NguonHeThong",
    "CoPhi",
    "DuocThanhToanTrucTuyen",
    "HoSoCoThanhPhanSoHoa",
    "CoKetQuaDienTu",
    "DuocTaiSuDung",
]
# Period 2026-02. Worked out by hand below.
ROWS = [
    # id, channel, received, due, finished, status, unit, system, fee, paid, digitised, e-result, reused
    ("1", "2", "20/01/2026", "25/01/2026", "22/01/2026", "10", "UBND xã Hùng Thắng", "TP", "1", "1", "1", "1", "1"),
    ("2", "2", "21/01/2026", "25/01/2026", "24/01/2026", "10", "UBND xã Hùng Thắng", "", "1", "2", "1", "0", "1"),
    ("3", "2", "22/01/2026", "25/01/2026", "27/01/2026", "10", "Bảo hiểm xã hội", "BO", "1", "0", "0", "1", "0"),
    ("4", "1", "23/01/2026", "30/01/2026", "", "4", "Chi nhánh VPĐKĐĐ Tiên Lãng", "TP", "0", "0", "1", "0", "1"),
    (
        "5",
        "3",
        "24/01/2026",
        "30/01/2026",
        "29/01/2026",
        "10",
        "Chi nhánh VPĐKĐĐ Tiên Lãng",
        "BO",
        "0",
        "0",
        "0",
        "1",
        "0",
    ),
    ("6", "2", "10/01/2026", "20/01/2026", "18/01/2026", "10", "", "TP", "1", "1", "1", "1", "1"),  # carried over
]


@pytest.fixture
def indicators(tmp_path):
    table = load_dossiers([write_csv(tmp_path / "x.csv", HEADERS, ROWS)])
    return compute_indicators(table, parse_period("2026-02"), own_units=("UBND xã Hùng Thắng",))


def test_new_by_system_and_channel(indicators):
    # New (received 15/01–14/02): 1–5. Empty system means TP.
    assert indicators.new_by_system == {"TP": 3, "BO": 2}
    assert indicators.new_by_channel == {"direct": 1, "online": 3, "postal": 1}


def test_rates_by_hand(indicators):
    r = indicators.rates
    assert (r["online"].numerator, r["online"].denominator) == (3, 5)
    assert (r["online_payment"].numerator, r["online_payment"].denominator) == (2, 3)  # fee: 1,2,3; paid: 1,2
    assert (r["digitisation"].numerator, r["digitisation"].denominator) == (3, 5)  # 1,2,4
    assert (r["reuse"].numerator, r["reuse"].denominator) == (3, 5)  # 1,2,4
    # Resolved in the period: 1,2,3,5,6; with an e-result: 1,3,5,6.
    assert (r["e_result"].numerator, r["e_result"].denominator) == (4, 5)
    # In time: 1,2 (early), 5 (early), 6 (early); late: 3.
    assert (r["on_time"].numerator, r["on_time"].denominator) == (4, 5)
    assert r["on_time"].percent == pytest.approx(80.0)


def test_vertical_agencies_are_units_other_than_the_communes_own(indicators):
    assert [(u.unit, u.total, u.resolved, u.in_progress, u.overdue) for u in indicators.vertical_agencies] == [
        ("Chi nhánh VPĐKĐĐ Tiên Lãng", 2, 1, 1, 1),  # 4 is in progress and overdue (due 30/01 < 14/02)
        ("Bảo hiểm xã hội", 1, 1, 0, 1),
    ]


def test_own_units():
    assert is_own_unit("UBND xã Hùng Thắng") and is_own_unit("Ủy ban nhân dân xã X") and is_own_unit("")
    assert is_own_unit("Bộ phận một cửa xã X")
    assert not is_own_unit("Bảo hiểm xã hội") and is_own_unit("Văn phòng xã", ("văn phòng xã",))


def test_rate_with_no_denominator_is_not_applicable_never_zero_or_hundred():
    rate = Rate(0, 0)
    assert rate.percent is None and rate.status == "not_applicable"
    assert rate.to_dict()["percent"] is None


def test_missing_columns_make_indicators_not_available(tmp_path):
    rows = [r[:6] for r in ROWS]
    table = load_dossiers([write_csv(tmp_path / "x.csv", HEADERS[:6], rows)])
    result = compute_indicators(table, parse_period("2026-02"))
    for name in ("online_payment", "digitisation", "e_result", "reuse"):
        assert result.rates[name].status == "not_available" and result.rates[name].percent is None
    assert result.new_by_system is None and result.vertical_agencies is None
    data = result.to_dict()
    assert data["rates"]["reuse"] == {
        "numerator": None,
        "denominator": None,
        "percent": None,
        "status": "not_available",
    }


def test_period_with_no_new_dossiers_gives_not_applicable_rates(tmp_path):
    table = load_dossiers([write_csv(tmp_path / "x.csv", HEADERS, ROWS)])
    result = compute_indicators(table, parse_period("2025-06"))
    assert result.counts.total == 0
    assert result.rates["online"].status == "not_applicable"
    assert result.rates["reuse"].status == "not_applicable"


def test_catalogue(tmp_path):
    path = write_csv(
        tmp_path / "procedures.csv",
        ["MaTTHC", "TenTTHC", "MucDo", "CongKhai"],
        [["1", "A", "4", "1"], ["2", "B", "4", "1"], ["3", "C", "3", "0"], ["4", "D", "2", "1"]],
    )
    table = load_dossiers([write_csv(tmp_path / "x.csv", HEADERS, ROWS)])
    result = compute_indicators(table, parse_period("2026-02"), procedures=load_procedures(path))
    cat = result.catalogue
    assert (cat.procedures, cat.full_online, cat.partial_online) == (4, 2, 1)
    assert (cat.published.numerator, cat.published.denominator) == (3, 4)


def test_feedback_counts(tmp_path):
    fb = write_csv(
        tmp_path / "feedback.csv",
        ["Mã phản ánh", "Ngày tiếp nhận", "Hạn xử lý", "Ngày xử lý"],
        [
            ["P1", "20/01/2026", "30/01/2026", "25/01/2026"],  # received, resolved on time
            ["P2", "01/02/2026", "05/02/2026", "10/02/2026"],  # received, resolved late
            ["P3", "10/02/2026", "20/02/2026", ""],  # received, pending
            ["P4", "05/01/2026", "15/01/2026", "20/01/2026"],  # from before: resolved on... late (20 > 15)
            ["P5", "05/01/2026", "15/01/2026", "10/01/2026"],  # finished before the period: out
            ["P6", "20/02/2026", "", ""],  # after the period: out
        ],
    )
    table = load_dossiers([write_csv(tmp_path / "x.csv", HEADERS, ROWS)])
    result = compute_indicators(table, parse_period("2026-02"), feedback=load_feedback([fb]))
    f = result.feedback
    assert (f.received, f.resolved, f.resolved_on_time, f.pending, f.resolved_late) == (3, 3, 1, 1, 2)


@pytest.mark.parametrize("dtype", ["category", object, "str"])
def test_new_dossiers_by_system_with_an_unreadable_system_on_neither(dtype):
    from tthc_analysis.indicators.others import by_system
    from tthc_analysis.inputs.tables import LoadedTable

    # Five new dossiers: two on ministries' systems, two on the city's, one whose system could not
    # be read (missing once parsed: an empty cell already reads as TP), on neither; the sixth is not new.
    frame = pd.DataFrame({"system": pd.Series(["BO", "TP", None, "BO", "TP", "BO"], dtype=dtype)})
    new = pd.Series([True, True, True, True, True, False])
    assert by_system(LoadedTable(frame, frozenset({"system"})), new) == {"TP": 2, "BO": 2}
