from datetime import date

import pytest

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import Period, month_containing, month_range, parse_period


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


@pytest.mark.parametrize(
    "bad", ["2026-13", "2026-00", "2026-Q5", "2026-H3", "26-02", "2026/02", "", "tháng 2", "2026-02-01"]
)
def test_bad_period_ids_raise_a_clear_error(bad):
    with pytest.raises(InputError) as info:
        parse_period(bad)
    assert "kỳ báo cáo không hợp lệ" in str(info.value)
    assert "2026-02" in str(info.value)  # shows the accepted forms


# ---------------------------------------------------------------- date ranges and establishment (docs/periods.md)


def test_a_date_range_is_a_period():
    period = parse_period("2025-07-01..2025-10-31")
    assert (period.start, period.end) == (date(2025, 7, 1), date(2025, 10, 31))
    assert period.id == "2025-07-01..2025-10-31"
    assert period.name == "từ ngày 01/7/2025 đến ngày 31/10/2025"
    assert period.contains(date(2025, 7, 1)) and period.contains(date(2025, 10, 31))
    assert not period.contains(date(2025, 6, 30)) and not period.contains(date(2025, 11, 1))
    # January and February keep their leading zero, as dates in Nghị định 30 texts do.
    assert parse_period("2026-01-05..2026-02-20").name == "từ ngày 05/01/2026 đến ngày 20/02/2026"
    assert parse_period("2025-07-01..2025-07-01").start == date(2025, 7, 1)  # one day


def test_a_range_has_a_previous_range_as_long_and_a_last_year():
    period = parse_period("2025-07-01..2025-07-31")  # 31 days
    assert period.previous().id == "2025-05-31..2025-06-30"
    assert period.same_period_last_year().id == "2024-07-01..2024-07-31"
    assert [p.id for p in parse_period("2025-07-01..2025-08-20").months()] == ["2025-07", "2025-08", "2025-09"]


@pytest.mark.parametrize(
    "bad", ["2025-10-31..2025-07-01", "2025-02-30..2025-03-01", "2025-07-01..", "2025-7-1..2025-8-1"]
)
def test_bad_ranges_are_refused(bad):
    with pytest.raises(InputError) as info:
        parse_period(bad)
    assert "kỳ báo cáo không hợp lệ" in str(info.value)


def test_a_period_starting_before_establishment_counts_from_it():
    year = parse_period("2025").starting_from(date(2025, 7, 1))
    assert (year.start, year.end, year.id) == (date(2025, 7, 1), date(2025, 12, 14), "2025")
    assert year.name == "năm 2025 (từ ngày 01/7/2025 đến ngày 14/12/2025)"
    quarter = parse_period("2025-Q3").starting_from(date(2025, 7, 1))
    assert quarter.start == date(2025, 7, 1) and quarter.name.startswith("quý III năm 2025 (từ ngày 01/7/2025")
    # A period that starts on or after the day is unchanged; one that ends before it is refused.
    assert parse_period("2025-08").starting_from(date(2025, 7, 1)) == parse_period("2025-08")
    with pytest.raises(InputError, match="trước ngày thành lập 01/07/2025"):
        parse_period("2025-06").starting_from(date(2025, 7, 1))


@pytest.mark.parametrize(
    "period_id, cadence, next_unit",
    [
        ("2026-02", "hàng tháng", "tháng"),
        ("2026-Q1", "hàng quý", "quý"),
        ("2026-H1", "6 tháng", "6 tháng"),
        ("2026-9M", "9 tháng", "quý"),
        ("2026", "hàng năm", "năm"),
        ("2025-07-01..2025-10-31", "định kỳ", None),
    ],
)
def test_cadence_and_next_period_words(period_id, cadence, next_unit):
    period = parse_period(period_id)
    assert (period.cadence, period.unit_name) == (cadence, next_unit)


# ---------------------------------------------------------------- edges found by mutation testing (issue 9)


@pytest.mark.parametrize(
    "day, month_id",
    [
        (date(2026, 1, 14), "2026-01"),  # the 14th closes its own month
        (date(2026, 1, 15), "2026-02"),  # the 15th opens the next one
        (date(2026, 1, 16), "2026-02"),
        (date(2025, 12, 14), "2025-12"),
        (date(2025, 12, 15), "2026-01"),  # December's 15th belongs to January of the next year
        (date(2025, 12, 31), "2026-01"),
        (date(2026, 11, 15), "2026-12"),
    ],
)
def test_month_containing_a_day(day, month_id):
    month = month_containing(day)
    assert month.id == month_id
    assert month.contains(day)


def test_period_as_a_dict():
    assert parse_period("2026-02").to_dict() == {
        "id": "2026-02",
        "from": "2026-01-15",
        "to": "2026-02-14",
        "name": "tháng 02 năm 2026",
    }
    assert parse_period("2025-07-01..2025-10-31").to_dict() == {
        "id": "2025-07-01..2025-10-31",
        "from": "2025-07-01",
        "to": "2025-10-31",
        "name": "từ ngày 01/7/2025 đến ngày 31/10/2025",
    }


def test_between_builds_a_range_named_by_its_last_year():
    assert Period.between(date(2025, 12, 20), date(2026, 1, 10)) == Period(
        "range", 2026, 0, date(2025, 12, 20), date(2026, 1, 10)
    )
    with pytest.raises(InputError) as info:
        Period.between(date(2025, 7, 2), date(2025, 7, 1))
    assert str(info.value) == "kỳ báo cáo không hợp lệ: ngày đầu 02/07/2025 sau ngày cuối 01/07/2025"


@pytest.mark.parametrize(
    "period_id, last_year_id",
    [
        ("2024-02-29..2024-03-10", "2023-02-28..2023-03-10"),  # 29 February becomes the 28th
        ("2024-02-01..2024-02-29", "2023-02-01..2023-02-28"),
        ("2028-02-29..2028-02-29", "2027-02-28..2027-02-28"),
        ("2025-03-01..2025-03-31", "2024-03-01..2024-03-31"),
    ],
)
def test_a_range_last_year_in_a_leap_year(period_id, last_year_id):
    assert parse_period(period_id).same_period_last_year().id == last_year_id


def test_establishment_on_the_first_or_last_day_of_a_period():
    august = parse_period("2025-08")  # 15/07/2025 - 14/08/2025
    # Established on the first day: the period is whole, not clipped.
    assert august.starting_from(date(2025, 7, 15)) == august
    assert august.starting_from(date(2025, 7, 15)).name == "tháng 08 năm 2025"
    assert august.starting_from(None) == august
    # Established on the last day: one day counted.
    last_day = august.starting_from(date(2025, 8, 14))
    assert (last_day.start, last_day.end, last_day.id) == (date(2025, 8, 14), date(2025, 8, 14), "2025-08")
    assert last_day.name == "tháng 08 năm 2025 (từ ngày 14/8/2025 đến ngày 14/8/2025)"
    with pytest.raises(InputError, match="tháng 08 năm 2025 kết thúc ngày 14/08/2025, trước ngày thành lập 15/08/2025"):
        august.starting_from(date(2025, 8, 15))


@pytest.mark.parametrize("period_id, start", [("1900", date(1899, 12, 15)), ("2999-12", date(2999, 11, 15))])
def test_years_1900_to_2999_are_accepted(period_id, start):
    assert parse_period(period_id).start == start


@pytest.mark.parametrize("bad", ["1899", "3000", "1899-12", "3000-Q1", "0000-9M"])
def test_years_outside_1900_to_2999_are_refused(bad):
    with pytest.raises(InputError, match=f"kỳ báo cáo không hợp lệ '{bad}'"):
        parse_period(bad)


def test_month_range_across_years_and_from_periods():
    ids = [p.id for p in month_range("2024-11", "2026-02")]
    assert ids[:3] == ["2024-11", "2024-12", "2025-01"]
    assert ids[-3:] == ["2025-12", "2026-01", "2026-02"]
    assert len(ids) == 16  # 2 + 12 + 2
    assert [p.id for p in month_range(parse_period("2025-12"), parse_period("2026-01"))] == ["2025-12", "2026-01"]
    assert [p.id for p in month_range("2026-03", "2026-03")] == ["2026-03"]
    assert month_range("2026-03", "2026-02") == []


@pytest.mark.parametrize("first, last", [("2026-02", "2026-Q1"), ("2026-Q1", "2026-02"), ("2026", "2026")])
def test_month_range_needs_two_months(first, last):
    with pytest.raises(InputError) as info:
        month_range(first, last)
    assert str(info.value) == "month_range nhận hai kỳ tháng, ví dụ 2025-03 và 2026-02"


def test_a_period_that_has_not_begun_is_refused_from_the_calendar():
    from tthc_analysis.core.periods import require_started

    # 2026-03 runs from 15/02/2026: begun on that day, not the day before.
    require_started(parse_period("2026-03"), today=date(2026, 2, 15))
    require_started(parse_period("2026-03"), today=date(2026, 12, 6))
    with pytest.raises(InputError, match=r"bắt đầu từ ngày 15/02/2026, sau hôm nay \(14/02/2026\)"):
        require_started(parse_period("2026-03"), today=date(2026, 2, 14))
    # A year begins on 15/12 of the year before (Circular 01/2020's reporting days).
    with pytest.raises(InputError, match="năm 2027 bắt đầu từ ngày 15/12/2026"):
        require_started(parse_period("2027"), today=date(2026, 12, 14))


def test_a_range_clipped_at_an_establishment_day_keeps_its_id_and_counts_from_that_day():
    asked = parse_period("2025-07-01..2025-10-31")
    clipped = asked.starting_from(date(2025, 8, 1))
    assert clipped.id == "2025-07-01..2025-10-31"  # its folder and file names stay those asked for
    assert (clipped.start, clipped.end) == (date(2025, 8, 1), date(2025, 10, 31))
    assert clipped.clipped and not asked.clipped
    assert clipped.name == "từ ngày 01/8/2025 đến ngày 31/10/2025"  # the days counted
    assert clipped.standard_name == "từ ngày 01/7/2025 đến ngày 31/10/2025"  # the range asked for
    # Comparisons are with the range as asked: 123 days just before it, and a year before it.
    assert clipped.previous().id == "2025-02-28..2025-06-30"
    assert clipped.same_period_last_year().id == "2024-07-01..2024-10-31"
    assert clipped.to_dict() == {
        "id": "2025-07-01..2025-10-31",
        "from": "2025-08-01",
        "to": "2025-10-31",
        "name": "từ ngày 01/8/2025 đến ngày 31/10/2025",
    }
    assert asked.starting_from(date(2025, 7, 1)) is asked  # established on its first day: not clipped
    year = parse_period("2025").starting_from(date(2025, 8, 1))
    assert (year.id, year.start, year.name) == (
        "2025",
        date(2025, 8, 1),
        "năm 2025 (từ ngày 01/8/2025 đến ngày 14/12/2025)",
    )
