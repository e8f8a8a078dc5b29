from datetime import date

import pytest

from tthc_analysis.errors import InputError
from tthc_analysis.periods import month_range, parse_period


@pytest.mark.parametrize(
    "period_id, start, end, name",
    [
        ("2026-02", date(2026, 1, 15), date(2026, 2, 14), "tháng 02 năm 2026"),
        ("2026-01", date(2025, 12, 15), date(2026, 1, 14), "tháng 01 năm 2026"),
        ("2025-12", date(2025, 11, 15), date(2025, 12, 14), "tháng 12 năm 2025"),
        ("2026-Q1", date(2025, 12, 15), date(2026, 3, 14), "quý I năm 2026"),
        ("2026-Q2", date(2026, 3, 15), date(2026, 6, 14), "quý II năm 2026"),
        ("2026-Q3", date(2026, 6, 15), date(2026, 9, 14), "quý III năm 2026"),
        ("2026-Q4", date(2026, 9, 15), date(2026, 12, 14), "quý IV năm 2026"),
        ("2026-H1", date(2025, 12, 15), date(2026, 6, 14), "6 tháng đầu năm 2026"),
        ("2026-H2", date(2026, 6, 15), date(2026, 12, 14), "6 tháng cuối năm 2026"),
        ("2026-9M", date(2025, 12, 15), date(2026, 9, 14), "9 tháng năm 2026"),
        ("2026", date(2025, 12, 15), date(2026, 12, 14), "năm 2026"),
    ],
)
def test_period_ranges_and_names(period_id, start, end, name):
    period = parse_period(period_id)
    assert (period.start, period.end, period.name, period.id) == (start, end, name, period_id)


def test_lower_case_and_short_month_ids_are_accepted():
    assert parse_period("2026-q1").id == "2026-Q1"
    assert parse_period("2026-2").id == "2026-02"


def test_previous_and_same_period_last_year():
    assert parse_period("2026-01").previous().id == "2025-12"
    assert parse_period("2026-02").previous().id == "2026-01"
    assert parse_period("2026-Q1").previous().id == "2025-Q4"
    assert parse_period("2026-02").same_period_last_year().id == "2025-02"
    assert parse_period("2026").previous().id == "2025"


def test_contains_is_inclusive_at_both_ends():
    period = parse_period("2026-02")
    assert period.contains(date(2026, 1, 15)) and period.contains(date(2026, 2, 14))
    assert not period.contains(date(2026, 1, 14)) and not period.contains(date(2026, 2, 15))


def test_quarter_is_made_of_its_months():
    assert [p.id for p in parse_period("2026-Q1").months()] == ["2026-01", "2026-02", "2026-03"]


def test_month_range():
    assert [p.id for p in month_range("2025-11", "2026-02")] == ["2025-11", "2025-12", "2026-01", "2026-02"]


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "2026-Q5", "2026-H3", "26-02", "2026/02", "", "tháng 2", "2026-02-01"])
def test_bad_period_ids_raise_a_clear_error(bad):
    with pytest.raises(InputError) as info:
        parse_period(bad)
    assert "kỳ báo cáo không hợp lệ" in str(info.value)
    assert "2026-02" in str(info.value)  # shows the accepted forms
