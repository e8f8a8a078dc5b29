"""A commune's history row by row (indicators/history.py), from hand-worked figures: the flat
row of a period, the rows by field, the months a history spans, and a unit established late."""

from __future__ import annotations

import pytest
from conftest import EARLIER_ROW, EXPECTED_2026_02, HAND_ROWS, HEADERS_VN, write_csv
from qd766_example import hand_commune

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.bieu06a import UNKNOWN_FIELD
from tthc_analysis.indicators.commune import files_indicators, load_commune
from tthc_analysis.indicators.history import field_rows, indicator_row, last_months, period_indicators
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Indicators

FEB = parse_period("2026-02")


def test_a_periods_row_has_its_figures_rates_channels_and_feedback(tmp_path):
    hand = hand_commune(tmp_path / "xa")  # tests/qd766_example.py
    row = indicator_row(hand)
    assert (row["period"], row["period_name"], row["source"]) == ("2026-02", "tháng 02 năm 2026", "dossiers")
    assert (row["total"], row["new"], row["resolved_in_time"], row["overdue"]) == (11, 10, 7, 3)  # (10) 1 + (13) 2
    assert (row["new_online"], row["new_direct"], row["new_postal"]) == (6, 3, 1)  # channel 2 ×6, 1 ×3, 3 ×1
    assert row["overdue_share"] == pytest.approx(300 / 11)
    assert row["rate_on_time"] == pytest.approx(700 / 8)  # (8)+(9) 7 of (7) 8
    assert row["feedback_received"] == 5  # received from 15/01: F1 20/01, F4 25/01, F2, F3, F7 (F5, F6 before)


def _with_counts(total, overdue_parts):
    late, pending = overdue_parts
    counts = Bieu06aCounts(total=total, resolved_late=late, in_progress_overdue=pending)
    return Indicators("thu", FEB, "dossiers", Bieu06a(FEB, (), counts))


def test_the_overdue_share_is_unknown_without_a_total_or_overdue_and_none_of_zero():
    assert indicator_row(_with_counts(13, (1, 2)))["overdue_share"] == pytest.approx(300 / 13)
    assert indicator_row(_with_counts(0, (0, 0)))["overdue_share"] is None  # nothing to share
    assert indicator_row(_with_counts(None, (1, 2)))["overdue_share"] is None
    assert indicator_row(_with_counts(13, (None, 2)))["overdue_share"] is None


def test_rows_by_field_and_one_row_when_the_exports_have_no_field(tmp_path):
    with_fields = files_indicators([write_csv(tmp_path / "a.csv", HEADERS_VN, [*HAND_ROWS, EARLIER_ROW])], FEB)
    rows = {r["field"]: r["received"] for r in field_rows(with_fields)}
    assert sum(rows.values()) == EXPECTED_2026_02["online"] + EXPECTED_2026_02["direct_postal"]
    headers = [h for h in HEADERS_VN if h != "Lĩnh vực"]
    rows_without = [tuple(v for n, v in enumerate(r) if n != 1) for r in [*HAND_ROWS, EARLIER_ROW]]
    without = files_indicators([write_csv(tmp_path / "b.csv", headers, rows_without)], FEB)
    assert field_rows(without) == [{"period": "2026-02", "field": UNKNOWN_FIELD, "received": 10}]


@pytest.mark.parametrize(
    ("period_id", "count", "first", "last"),
    [("2026-02", 12, "2025-03", "2026-02"), ("2026-Q1", 3, "2026-01", "2026-03"), ("2025", 1, "2025-12", "2025-12")],
)
def test_the_last_months_end_with_the_periods_last_month(period_id, count, first, last):
    months = last_months(parse_period(period_id), count)
    assert len(months) == count and (months[0].id, months[-1].id) == (first, last)


def test_a_unit_established_on_a_periods_last_day_has_that_period(tmp_path, monkeypatch):
    root = tmp_path / "data"
    (root / "moi").mkdir(parents=True)
    (root / "communes.yaml").write_text(
        "city: thành phố Thử\ncommunes:\n  - {id: moi, name: Mới, kind: phường, established: '2026-02-14'}\n",
        encoding="utf-8",
    )
    write_csv(root / "moi" / "dossiers.csv", HEADERS_VN, [("A", "Hộ tịch", "10", "2", "14/02/2026", "20/02/2026", "")])
    data = load_commune(root, "moi")
    periods = [parse_period(p) for p in ("2026-01", "2026-02", "2026-03")]
    # January ended before 14/02: the unit did not exist. February's last day is its first.
    assert [ind.period.id for ind in period_indicators(data, periods)][:1] == ["2026-02"]
