"""Biểu 06a counting rules (docs/counting.md): hand-worked examples and property tests."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from conftest import (
    EXPECTED_2026_01,
    EXPECTED_2026_02,
    EXPECTED_2026_Q1,
    EXPECTED_BY_FIELD_2026_02,
    HAND_ROWS,
    HEADERS_PORTAL,
)
from hypothesis import given
from hypothesis import strategies as st

from tthc_analysis.core.labels import BIEU06A_KEYS
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.bieu06a import classify, count_bieu06a
from tthc_analysis.inputs.tables import load_dossiers


@pytest.mark.parametrize(
    "period_id, expected", [("2026-02", EXPECTED_2026_02), ("2026-Q1", EXPECTED_2026_Q1), ("2026-01", EXPECTED_2026_01)]
)
def test_hand_worked_example(hand_csv, period_id, expected):
    table = load_dossiers([hand_csv])
    bieu = count_bieu06a(table.frame, parse_period(period_id))
    assert bieu.total.to_dict() == expected


def test_rows_per_field_and_total_row(hand_csv):
    bieu = count_bieu06a(load_dossiers([hand_csv]).frame, parse_period("2026-02"))
    assert {row.field_name: row.counts.to_dict() for row in bieu.rows} == EXPECTED_BY_FIELD_2026_02


def test_each_dossier_lands_in_the_expected_columns(hand_csv):
    frame = load_dossiers([hand_csv]).frame
    masks = classify(frame, parse_period("2026-02")).set_index(frame["dossier_id"])
    columns = {i: {k for k in BIEU06A_KEYS if masks.loc[i, k]} for i in masks.index}
    assert columns["E"] == {"total", "online", "resolved", "resolved_on_time"}  # withdrawn (7)
    assert columns["H"] == {"total", "online", "in_progress", "in_progress_on_time"}  # supplement (5)
    assert columns["J"] == {"total", "carried_over", "resolved", "resolved_early"}
    assert columns["N"] == {"total", "direct_postal", "in_progress", "in_progress_on_time"}
    assert columns["P"] == {"total", "online", "in_progress", "in_progress_overdue"}
    assert columns["Q"] == {"total", "online", "resolved", "resolved_on_time"}  # times of day ignored
    for out in ("I", "K", "L", "M"):
        assert columns[out] == set()


def test_xlsx_with_portal_names_and_native_dates_counts_the_same(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    def native(text):
        if not text:
            return None
        day, _, clock = text.partition(" ")
        d, m, y = (int(x) for x in day.split("/"))
        hh, mm = (int(x) for x in clock.split(":")) if clock else (0, 0)
        return datetime(y, m, d, hh, mm)

    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS_PORTAL)
    for row in HAND_ROWS:
        ws.append([row[0], row[1], int(row[2]), int(row[3]) if row[3] else None, *(native(v) for v in row[4:])])
    wb.save(tmp_path / "export.xlsx")
    bieu = count_bieu06a(load_dossiers([tmp_path / "export.xlsx"]).frame, parse_period("2026-02"))
    assert bieu.total.to_dict() == EXPECTED_2026_02


# ---------------------------------------------------------------- property tests

START = date(2025, 11, 1)


def oracle(rows, period):
    """Row-by-row reading of docs/counting.md, independent of the vectorised code."""
    counts = dict.fromkeys(BIEU06A_KEYS, 0)
    for status, channel, received, due, finished in rows:
        if status in (1, 3) or received > period.end or (finished is not None and finished < period.start):
            continue
        counts["total"] += 1
        if received < period.start:
            counts["carried_over"] += 1
        elif channel == 2:
            counts["online"] += 1
        else:
            counts["direct_postal"] += 1
        if finished is not None and finished <= period.end:
            counts["resolved"] += 1
            if status == 7 or due is None or finished == due:
                counts["resolved_on_time"] += 1
            elif finished < due:
                counts["resolved_early"] += 1
            else:
                counts["resolved_late"] += 1
        else:
            counts["in_progress"] += 1
            if status == 5 or due is None or due >= period.end:
                counts["in_progress_on_time"] += 1
            else:
                counts["in_progress_overdue"] += 1
    return counts


day = st.integers(min_value=0, max_value=200).map(lambda n: START + timedelta(days=n))
dossier = st.tuples(
    st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None]),
    st.sampled_from([1, 2, 3, None, 0]),
    day,
    st.one_of(st.none(), day),
    st.one_of(st.none(), day),
)
period_ids = st.sampled_from(["2025-12", "2026-01", "2026-02", "2026-03", "2026-Q1", "2026-H1"])


def frame_of(rows):
    return pd.DataFrame(
        {
            "status": pd.array([r[0] for r in rows], dtype="Int64"),
            "channel": pd.array([r[1] for r in rows], dtype="Int64"),
            "received": pd.to_datetime([r[2] for r in rows]),
            "due": pd.to_datetime([r[3] for r in rows]),
            "finished": pd.to_datetime([r[4] for r in rows]),
        }
    )


@given(st.lists(dossier, min_size=0, max_size=40), period_ids)
def test_identities_hold_and_match_the_row_by_row_reading(rows, period_id):
    period = parse_period(period_id)
    counts = count_bieu06a(frame_of(rows), period).total
    c = counts
    assert c.total == c.online + c.direct_postal + c.carried_over
    assert c.resolved == c.resolved_early + c.resolved_on_time + c.resolved_late
    assert c.in_progress == c.in_progress_on_time + c.in_progress_overdue
    assert c.total == c.resolved + c.in_progress
    assert counts.to_dict() == oracle(rows, period)


@given(st.lists(dossier, min_size=1, max_size=30), st.sampled_from(["2026-Q1", "2026-H1"]))
def test_a_dossier_is_counted_once_in_a_longer_period(rows, period_id):
    # Every dossier that takes part in a month of a quarter takes part in the quarter.
    period = parse_period(period_id)
    frame = frame_of(rows)
    in_quarter = classify(frame, period)["total"]
    for month in period.months():
        assert not (classify(frame, month)["total"] & ~in_quarter).any()


# ---------------------------------------------------------------- fields, columns, missing codes (hand-worked)

FEBRUARY = parse_period("2026-02")  # 15/01/2026 – 14/02/2026


def canonical(rows, *, columns=("field_code", "field_name")):
    """A canonical frame, one dossier a row: (field code, field name, status, channel, received, due, finished)."""
    frame = pd.DataFrame(
        {
            "field_code": pd.Series([r[0] for r in rows], dtype=object),
            "field_name": pd.Series([r[1] for r in rows], dtype=object),
            "status": pd.array([r[2] for r in rows], dtype="Int8"),
            "channel": pd.array([r[3] for r in rows], dtype="Int8"),
            "received": pd.to_datetime([r[4] for r in rows]),
            "due": pd.to_datetime([r[5] for r in rows]),
            "finished": pd.to_datetime([r[6] for r in rows]),
        }
    )
    return frame.drop(columns=[c for c in ("field_code", "field_name") if c not in columns])


D = date
FIELD_ROWS = [
    ("002", "Chứng thực", 4, 2, D(2026, 2, 3), D(2026, 2, 20), None),  # online, in progress, due after to: on time
    ("001", "Đất đai", 10, 1, D(2026, 2, 2), D(2026, 2, 10), D(2026, 2, 9)),  # direct, early
    ("003", None, 10, 3, D(2026, 2, 5), D(2026, 2, 6), D(2026, 2, 9)),  # a code, no name: named by its code; late
    (None, "Bảo trợ xã hội", 10, 2, D(2026, 2, 1), D(2026, 2, 5), D(2026, 2, 5)),  # a name, no code; on time
    (None, None, 4, 2, D(2026, 1, 20), D(2026, 2, 1), None),  # neither: the unknown field; overdue in progress
    ("000", "Hộ tịch", 1, 2, D(2026, 2, 3), None, None),  # only registered: no row for its field
]


def nonzero(counts) -> dict:
    return {k: v for k, v in counts.to_dict().items() if v}


def test_rows_by_code_then_codeless_then_the_unknown_field():
    # Rows with a code first, by code (001 Đất đai before 002 Chứng thực although "C" < "Đ"),
    # then the fields known by name only, the unknown field last; each with its one dossier.
    bieu = count_bieu06a(canonical(FIELD_ROWS), FEBRUARY)
    assert [(r.field_code, r.field_name, nonzero(r.counts)) for r in bieu.rows] == [
        ("001", "Đất đai", {"total": 1, "direct_postal": 1, "resolved": 1, "resolved_early": 1}),
        ("002", "Chứng thực", {"total": 1, "online": 1, "in_progress": 1, "in_progress_on_time": 1}),
        ("003", "003", {"total": 1, "direct_postal": 1, "resolved": 1, "resolved_late": 1}),
        (None, "Bảo trợ xã hội", {"total": 1, "online": 1, "resolved": 1, "resolved_on_time": 1}),
        (None, "Chưa xác định lĩnh vực", {"total": 1, "online": 1, "in_progress": 1, "in_progress_overdue": 1}),
    ]
    # Total row: 5 take part (the registered one does not), 3 online and 2 direct/postal, none carried over.
    assert nonzero(bieu.total) == {
        "total": 5,
        "online": 3,
        "direct_postal": 2,
        "resolved": 3,
        "resolved_early": 1,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "in_progress": 2,
        "in_progress_on_time": 1,
        "in_progress_overdue": 1,
    }
    assert bieu.period == FEBRUARY


def test_rows_by_code_alone_when_the_export_has_no_field_name():
    # Without a name column each field is named by its code; the two codeless dossiers
    # (Bảo trợ xã hội's and the unknown one) fall together in the unknown field, last.
    bieu = count_bieu06a(canonical(FIELD_ROWS, columns=("field_code",)), FEBRUARY)
    assert [(r.field_code, r.field_name, r.counts.total) for r in bieu.rows] == [
        ("001", "001", 1),
        ("002", "002", 1),
        ("003", "003", 1),
        (None, "Chưa xác định lĩnh vực", 2),
    ]


def test_no_field_column_no_rows():
    bieu = count_bieu06a(canonical(FIELD_ROWS, columns=()), FEBRUARY)
    assert bieu.rows == () and bieu.total.total == 5 and bieu.period == FEBRUARY


def test_columns_in_the_form_order_then_new():
    frame = canonical(FIELD_ROWS)
    assert list(classify(frame, FEBRUARY).columns) == [*BIEU06A_KEYS, "new"]
    without_channel = [k for k in BIEU06A_KEYS if k not in ("online", "direct_postal")]
    assert list(classify(frame.drop(columns="channel"), FEBRUARY).columns) == [*without_channel, "new"]


def test_a_dossier_without_status_is_classified_by_its_dates():
    # A missing status is neither 7 (withdrawn: always on time) nor 5 (waiting: never overdue).
    rows = [
        (None, None, None, 2, D(2026, 2, 2), D(2026, 2, 5), D(2026, 2, 9)),  # finished 4 days after due: late
        (None, None, None, 1, D(2026, 1, 20), D(2026, 2, 10), None),  # due 10/02 < to 14/02: overdue
    ]
    masks = classify(canonical(rows), FEBRUARY)
    columns = [{k for k in BIEU06A_KEYS if masks.loc[i, k]} for i in masks.index]
    assert columns == [
        {"total", "online", "resolved", "resolved_late"},
        {"total", "direct_postal", "in_progress", "in_progress_overdue"},
    ]
