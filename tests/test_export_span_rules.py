"""The days a set of exports covers (indicators/commune.py, ``ExportSpan``), at each edge of a
period: whether they reach it, whether they reach back before it (so carried over is known),
and whether they end inside it. February 2026 runs from 15/01/2026 to 14/02/2026."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import HEADERS_VN, write_csv

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import ExportSpan, files_indicators

FEB = parse_period("2026-02")
FIRST, LAST = date(2026, 1, 15), date(2026, 2, 14)


@pytest.mark.parametrize(
    ("first", "last", "covers"),
    [
        (date(2025, 12, 1), date(2026, 1, 15), True),  # ends on the period's first day: reaches it
        (date(2025, 12, 1), date(2026, 1, 14), False),  # ends the day before
        (date(2026, 2, 14), date(2026, 3, 1), True),  # starts on its last day
        (date(2026, 2, 15), date(2026, 3, 1), False),  # starts the day after
    ],
)
def test_exports_reach_a_period_from_its_first_day_to_its_last(first, last, covers):
    assert ExportSpan(first, last).covers(FEB) is covers


@pytest.mark.parametrize(
    ("first", "established", "reaches"),
    [
        (date(2026, 1, 14), None, True),  # a dossier received the day before the period: carried over known
        (FIRST, None, False),  # the first received on the period's first day: what came before is unknown
        (FIRST, FIRST, True),  # ... unless the unit was established that day: nothing came before
        (date(2026, 2, 1), date(2026, 2, 1), True),  # established inside the period
        (date(2026, 2, 1), date(2026, 1, 14), False),  # established before the period: unknown
    ],
)
def test_carried_over_is_known_only_from_exports_that_start_before_the_period(first, established, reaches):
    assert ExportSpan(first, date(2026, 3, 1)).reaches_before(FEB, established) is reaches


@pytest.mark.parametrize(
    ("last", "inside"),
    [(LAST, False), (date(2026, 2, 13), True), (FIRST, True), (date(2026, 1, 14), False), (date(2026, 3, 1), False)],
)
def test_exports_end_inside_the_period_only_before_its_last_day(last, inside):
    # Ending on the last day is the whole period; ending before its first day is not ending inside it.
    assert ExportSpan(date(2025, 11, 1), last).ends_inside(FEB) is inside


def test_an_export_starting_on_the_periods_first_day_does_not_say_nothing_was_carried_over(tmp_path):
    rows = [("A", "Hộ tịch", "10", "2", "15/01/2026", "20/01/2026", "18/01/2026")]
    rows.append(("B", "Hộ tịch", "4", "2", "02/02/2026", "20/02/2026", ""))
    result = files_indicators([write_csv(tmp_path / "ho-so.csv", HEADERS_VN, rows)], FEB)
    assert result.counts.carried_over is None and result.counts.total is None  # unknown, never 0
    assert "CARRIED_OVER_UNKNOWN" in [f.code for f in result.findings]
