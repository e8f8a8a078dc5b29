"""Feedback (phản ánh, kiến nghị — PAKN) of a period, each edge worked out by hand
(indicators/others.py, docs/counting.md): taking part like a dossier, on time when finished on
or before its due day, pending and overdue when its due day is before the period's last."""

from __future__ import annotations

from conftest import write_csv

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.others import feedback_counts
from tthc_analysis.inputs.tables import load_feedback

FEB = parse_period("2026-02")  # 15/01/2026 – 14/02/2026
HEADERS = ["MaPAKN", "NgayTiepNhan", "HanXuLy", "NgayXuLy"]


def _counts(tmp_path, rows):
    return feedback_counts(load_feedback([write_csv(tmp_path / "pakn.csv", HEADERS, rows)]), FEB)


def test_finished_on_its_due_day_is_on_time_and_a_day_later_is_late(tmp_path):
    counts = _counts(
        tmp_path,
        [
            ("ON-DUE", "01/02/2026", "10/02/2026", "10/02/2026"),  # on its due day: on time
            ("LATE", "01/02/2026", "10/02/2026", "11/02/2026"),  # a day after: late
            ("EARLY", "01/02/2026", "10/02/2026", "09/02/2026"),  # before: on time
            ("NO-DUE", "01/02/2026", "", "12/02/2026"),  # no due day: on time
            ("LAST-DAY", "01/02/2026", "20/02/2026", "14/02/2026"),  # finished on the last day: resolved
        ],
    )
    assert (counts.received, counts.resolved, counts.resolved_on_time, counts.resolved_late) == (5, 5, 4, 1)


def test_pending_is_overdue_only_when_due_before_the_last_day(tmp_path):
    counts = _counts(
        tmp_path,
        [
            ("DUE-LAST", "01/02/2026", "14/02/2026", ""),  # due on 14/02, the last day: not overdue
            ("DUE-BEFORE", "01/02/2026", "13/02/2026", ""),  # due the day before: overdue
            ("DUE-AFTER", "01/02/2026", "20/02/2026", ""),  # not overdue
            ("AFTER-END", "01/02/2026", "10/02/2026", "20/02/2026"),  # finished after the period: pending, overdue
        ],
    )
    assert (counts.pending, counts.pending_overdue, counts.resolved) == (4, 2, 0)


def test_taking_part_like_a_dossier_at_both_ends_of_the_period(tmp_path):
    counts = _counts(
        tmp_path,
        [
            ("FIRST-DAY", "15/01/2026", "20/01/2026", "16/01/2026"),  # received on the first day: received
            ("LAST-DAY", "14/02/2026", "20/02/2026", ""),  # received on the last day: received, pending
            ("CARRIED", "10/01/2026", "20/01/2026", "15/01/2026"),  # finished on the first day: takes part
            ("BEFORE", "05/01/2026", "10/01/2026", "14/01/2026"),  # finished the day before: out
            ("AFTER", "15/02/2026", "20/02/2026", ""),  # received after the last day: out
        ],
    )
    # Received in the period: FIRST-DAY, LAST-DAY (2); resolved FIRST-DAY, CARRIED (2), both on time;
    # pending LAST-DAY (1), due 20/02: not overdue.
    assert (counts.received, counts.resolved, counts.resolved_on_time, counts.pending, counts.pending_overdue) == (
        2,
        2,
        2,
        1,
        0,
    )
