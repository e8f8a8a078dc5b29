"""Trends (tthc_analysis/indicators/trends.py): rules the other trends tests leave open, each pinned by
values worked out by hand in the comments beside them.

The month as a period: ``2026-02`` runs from 15/01/2026 to 14/02/2026 (docs/periods.md); the
exports reach from their first received day to their last activity (module docstring)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import HEADERS_VN, write_csv, write_root

from tthc_analysis.core.errors import InputError
from tthc_analysis.indicators import trends

NAN = float("nan")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _same(got: list, expected: list) -> None:
    """Two lists of rows equal; NaN (expected) matches NaN or None (got): no figure."""
    assert len(got) == len(expected), (got, expected)
    for got_row, expected_row in zip(got, expected, strict=True):
        assert len(got_row) == len(expected_row), (got_row, expected_row)
        for a, b in zip(got_row, expected_row, strict=True):
            same = (_missing(a) and _missing(b)) or (not _missing(a) and not _missing(b) and a == b)
            assert same, (got_row, expected_row)


# ---------------------------------------------------------------- parse_months


def test_a_wrong_month_gets_the_whole_message_of_what_is_accepted():
    with pytest.raises(InputError) as caught:
        trends.parse_months("2025-13", "2026-02")
    assert str(caught.value) == (
        "kỳ đầu '2025-13' không phải một tháng, quý hay năm; dùng dạng 2025-01 (tháng 01 năm 2025), "
        "2025-Q1 (quý I năm 2025) hoặc 2025"
    )


def test_parse_months_names_exactly_two_values():
    # ``names`` names the first and the last month: a third name is a mistake of the caller, refused
    # (zip(strict=True)), not silently dropped.
    with pytest.raises(ValueError, match="zip"):
        trends.parse_months("2025-01", "2025-02", names=("--from", "--to", "--extra"))
    assert [p.id for p in trends.parse_months("2025-01", "2025-02", names=("--from", "--to"))] == ["2025-01", "2025-02"]


# ---------------------------------------------------------------- city_trends and city_history on a data root

# xã Một: one dossier X (Hộ tịch), received 20/12/2025, due 10/01/2026, finished 20/02/2026.
#   Its export reaches 20/12/2025 - 20/02/2026.
#   2026-01 (15/12/2025 - 14/01/2026): X received: new 1; the export starts inside the month, so what it
#     carried over, and so its total, is unknown (NaN) - the month keeps what is known, its new dossier.
#   2026-02 (15/01 - 14/02/2026): X carried over, nothing new: total 1, new 0, overdue 1 (due 10/01, open).
#   2026-03 (15/02 - 14/03/2026): X carried over, finished 20/02 (late): total 1, new 0.
# phường Hai: one dossier Y (Đất đai), received 20/01/2026, finished 25/01/2026: its export reaches
#   only 2026-02 (new 1, carried over and total unknown); 2026-01 and 2026-03 have no row.
ONE = [("X", "Hộ tịch", "10", "2", "20/12/2025", "10/01/2026", "20/02/2026")]
TWO = [("Y", "Đất đai", "10", "1", "20/01/2026", "30/01/2026", "25/01/2026")]


@pytest.fixture
def two_units(tmp_path):
    root = write_root(tmp_path / "data", ("mot", "Một", "xã"), ("hai", "Hai", "phường"))
    write_csv(root / "mot" / "dossiers.csv", HEADERS_VN, ONE)
    write_csv(root / "hai" / "dossiers.csv", HEADERS_VN, TWO)
    return root


def test_a_month_with_only_dossiers_carried_over_or_only_new_ones_has_figures(two_units):
    trend = trends.city_trends("all", "2026-01", "2026-03", two_units)
    rows = trend.history[["commune", "commune_name", "period", "total", "new"]].values.tolist()
    _same(
        rows,
        [
            ["mot", "xã Một", "2026-01", NAN, 1],  # total unknown, one new: kept
            ["mot", "xã Một", "2026-02", 1.0, 0],  # carried over only: kept, not "no figures"
            ["mot", "xã Một", "2026-03", 1.0, 0],
            ["hai", "phường Hai", "2026-02", NAN, 1],
        ],
    )
    assert trend.history.loc[1, "overdue"] == 1  # X open on 14/02, due 10/01


def test_the_frames_of_city_trends_have_their_columns_and_a_fresh_index(two_units):
    trend = trends.city_trends("all", "2026-01", "2026-03", two_units)
    # Received per commune, month and field (none received in 2026-02 and 2026-03 for xã Một: 0).
    assert list(trend.fields.columns) == ["commune", "commune_name", "period", "field", "received"]
    assert trend.fields.values.tolist() == [
        ["mot", "xã Một", "2026-01", "Hộ tịch", 1],
        ["mot", "xã Một", "2026-02", "Hộ tịch", 0],
        ["mot", "xã Một", "2026-03", "Hộ tịch", 0],
        ["hai", "phường Hai", "2026-02", "Đất đai", 1],
    ]
    # The loaded months before the window (2025-01 - 2025-12) are cut off and nothing of the cut stays.
    assert list(trend.changes.columns) == [
        "commune",
        "commune_name",
        "period",
        "indicator",
        "value",
        "previous",
        "change_previous",
        "last_year",
        "change_last_year",
    ]
    assert list(trend.history.columns[:3]) == ["commune", "commune_name", "period"]
    assert "index" not in trend.history.columns
    for frame in (trend.history, trend.changes, trend.fields):
        assert list(frame.index) == list(range(len(frame)))
    # 2 communes × 3 months × 15 indicators (7 counts, the overdue share, 7 rates).
    assert len(trend.changes) == 2 * 3 * 15
    new = trend.changes[trend.changes["indicator"] == "new"]
    _same(
        new[["commune", "period", "value", "previous", "change_previous"]].values.tolist(),
        [
            ["mot", "2026-01", 1.0, NAN, NAN],  # 2025-12 is before the export
            ["mot", "2026-02", 0.0, 1.0, -1.0],
            ["mot", "2026-03", 0.0, 0.0, 0.0],
            ["hai", "2026-01", NAN, NAN, NAN],
            ["hai", "2026-02", 1.0, NAN, NAN],
            ["hai", "2026-03", NAN, 1.0, NAN],
        ],
    )


def test_city_trends_by_default_every_commune_from_2025_03_to_2026_02(two_units):
    trend = trends.city_trends(data_dir=two_units)
    assert (trend.first.id, trend.last.id) == ("2025-03", "2026-02")
    assert trend.communes == ("mot", "hai") and trend.commune_names == ("xã Một", "phường Hai")
    # Inside 2025-03 - 2026-02: xã Một 2026-01 and 2026-02, phường Hai 2026-02.
    assert trend.history[["commune", "period"]].values.tolist() == [
        ["mot", "2026-01"],
        ["mot", "2026-02"],
        ["hai", "2026-02"],
    ]


def test_city_history_is_the_history_of_city_trends(two_units):
    # Defaults: every commune, 2025-03 to 2026-02 (as city_trends).
    default = trends.city_history(data_dir=two_units)
    assert default[["commune", "period"]].values.tolist() == [
        ["mot", "2026-01"],
        ["mot", "2026-02"],
        ["hai", "2026-02"],
    ]
    # One commune, 2026-02 to 2026-03: phường Hai has 2026-02 only (new 1, total unknown).
    one = trends.city_history("hai", "2026-02", "2026-03", two_units)
    _same(
        one[["commune", "commune_name", "period", "total", "new"]].values.tolist(),
        [["hai", "phường Hai", "2026-02", NAN, 1]],
    )
    # 2026-03 only for xã Một: total 1 (X carried over), new 0.
    march = trends.city_history(["mot"], "2026-03", "2026-03", two_units)
    assert march[["commune", "period", "total", "new"]].values.tolist() == [["mot", "2026-03", 1.0, 0]]


# ---------------------------------------------------------------- every_month, month_changes


def test_every_month_refuses_a_commune_month_given_twice():
    # Two rows for a 2026-01 would give two rows of the grid, the month counted twice.
    history = pd.DataFrame(
        [("a", "xã A", "2026-01", 10), ("a", "xã A", "2026-01", 11)],
        columns=["commune", "commune_name", "period", "total"],
    )
    with pytest.raises(pd.errors.MergeError):
        trends.every_month(history, {"a": "xã A"}, ["2026-01", "2026-02"])


def test_every_month_worked_by_hand():
    history = pd.DataFrame([("a", "tên cũ", "2026-02", 10)], columns=["commune", "commune_name", "period", "total"])
    grid = trends.every_month(history, {"a": "xã A", "b": "xã B"}, ["2026-01", "2026-02"])
    # a row per commune and month, the names of ``units``; only a 2026-02 has a figure.
    _same(
        grid[["commune", "commune_name", "period", "total"]].values.tolist(),
        [
            ["a", "xã A", "2026-01", NAN],
            ["a", "xã A", "2026-02", 10.0],
            ["b", "xã B", "2026-01", NAN],
            ["b", "xã B", "2026-02", NAN],
        ],
    )


def test_changes_of_an_indicator_without_any_figure_are_nan_floats():
    # A rate with no denominator in every month (None throughout: an object column) and a figure written
    # as text (a hand-edited history) are "no figure": NaN, never an error and never 0.
    history = pd.DataFrame(
        {
            "commune": ["a", "a"],
            "commune_name": ["xã A", "xã A"],
            "period": ["2026-01", "2026-02"],
            "total": [10, 13],
            "rate_reuse": [None, None],
            "overdue": ["không có số liệu", 4],
        }
    )
    changes = trends.month_changes(history, ("total", "rate_reuse", "overdue"))
    assert changes["value"].dtype == float and changes["change_previous"].dtype == float
    _same(
        changes[["period", "indicator", "value", "previous", "change_previous"]].values.tolist(),
        [
            ["2026-01", "total", 10.0, NAN, NAN],
            ["2026-02", "total", 13.0, 10.0, 3.0],  # 13 - 10
            ["2026-01", "rate_reuse", NAN, NAN, NAN],
            ["2026-02", "rate_reuse", NAN, NAN, NAN],
            ["2026-01", "overdue", NAN, NAN, NAN],
            ["2026-02", "overdue", 4.0, NAN, NAN],  # the month before has no figure
        ],
    )


# ---------------------------------------------------------------- compare_communes, pivot

HISTORY = pd.DataFrame(
    [
        {"commune": "a", "commune_name": "xã A", "period": "2026-01", "total": 10},
        {"commune": "b", "commune_name": "xã B", "period": "2026-01", "total": 20},
        {"commune": "a", "commune_name": "xã A", "period": "2026-02", "total": 12},
    ]
).assign(**{column: 1.0 for column in trends.COMPARE_COLUMNS if column != "total"})


def test_compare_communes_takes_the_month_asked_for():
    # Without units: the communes with figures in 2026-02, only xã A (12); in 2026-01 both (10, 20).
    february = trends.compare_communes(HISTORY, "2026-02")
    assert list(february.index) == ["xã A"] and february["total"].tolist() == [12.0]
    january = trends.compare_communes(HISTORY, "2026-01")
    assert list(january.index) == ["xã A", "xã B"] and january["total"].tolist() == [10.0, 20.0]
    assert list(january.columns) == list(trends.COMPARE_COLUMNS)
    # With units: every unit, xã B without figures in 2026-02.
    both = trends.compare_communes(HISTORY, "2026-02", {"a": "xã A", "b": "xã B"})
    _same([both["total"].tolist()], [[12.0, NAN]])


def test_pivot_columns_are_named_commune_name():
    lines = trends.pivot(HISTORY, "total")
    assert lines.columns.name == "commune_name" and list(lines.columns) == ["xã A", "xã B"]
    _same(lines.values.tolist(), [[10.0, 20.0], [12.0, NAN]])
    months = trends.pivot(HISTORY, "total", ["2025-12", "2026-01"])
    _same(months.values.tolist(), [[NAN, NAN], [10.0, 20.0]])


# ---------------------------------------------------------------- seasonal profile, years per month


def _fields(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [("a", "xã A", *row) for row in rows], columns=["commune", "commune_name", "period", "field", "received"]
    )


def test_december_and_february_are_two_calendar_months():
    # The calendar month is the two digits after the year: "12" and "02", never the last digit alone.
    fields = _fields(
        [
            ("2025-02", "Hộ tịch", 4),
            ("2025-12", "Hộ tịch", 10),
            ("2026-02", "Hộ tịch", 6),
            ("2025-11", "Chứng thực", 3),
            ("2026-01", "Chứng thực", 5),
        ]
    )
    profile = trends.seasonal_profile(fields)
    # Hộ tịch: February (4 + 6) / 2 = 5, December 10, January 0 (a month with data, no dossier).
    # Chứng thực: November 3, January 5; February (2 years, none) 0, December 0.
    # Order: Hộ tịch 20 received, Chứng thực 8.
    assert (profile.index.name, profile.columns.name) == ("field", "month")
    assert list(profile.index) == ["Hộ tịch", "Chứng thực"]
    _same(
        profile.values.tolist(),
        [
            [0.0, 5.0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 0.0, 10.0],
            [5.0, 0.0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, 3.0, 0.0],
        ],
    )
    years = trends.years_per_month(fields)
    # Periods 2025-02, 2025-12, 2026-02, 2025-11, 2026-01: January 1, February 2, November 1, December 1.
    assert years.name == "years"
    assert list(years.index) == list(range(1, 13))
    assert years.tolist() == [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]


def test_fields_as_busy_as_each_other_keep_the_order_of_their_names():
    # 17 fields in one month, "Lĩnh vực 01" … "Lĩnh vực 17": the odd ones received 2 dossiers, the even
    # ones 1. Busiest first; fields with as many keep the order of their names (a stable sort): 01, 03,
    # …, 17, then 02, 04, …, 16.
    fields = _fields([("2026-02", f"Lĩnh vực {n:02d}", 2 if n % 2 else 1) for n in range(1, 18)])
    profile = trends.seasonal_profile(fields)
    expected = [f"Lĩnh vực {n:02d}" for n in range(1, 18, 2)] + [f"Lĩnh vực {n:02d}" for n in range(2, 17, 2)]
    assert list(profile.index) == expected
    assert profile[2].tolist() == [2.0] * 9 + [1.0] * 8


# ---------------------------------------------------------------- outliers


def test_three_months_are_enough_for_a_usual_level():
    # xã A: 1, 1, 9: median 1, deviations 0 0 8 -> MAD 0; threshold 1 + max(2, 0) = 3: 9 jumps by 8.
    # (OUTLIER_MIN_MONTHS is 3: three months are judged.)
    history = pd.DataFrame(
        {"commune_name": ["xã A"] * 3, "period": ["2025-01", "2025-02", "2025-03"], "overdue_share": [1.0, 1.0, 9.0]}
    )
    flags = trends.outliers(history)
    assert flags.values.tolist() == [["xã A", "2025-03", 9.0, 1.0, 8.0]]


def test_a_figure_written_as_text_is_no_figure_for_the_outlier_rule():
    # xã A: 1, "không có số liệu", 1, 2, 9 -> the text is no figure: 1, 1, 2, 9; median (1 + 2) / 2 = 1.5,
    # deviations 0.5 0.5 0.5 7.5 -> MAD 0.5; threshold 1.5 + max(2, 1.5) = 3.5: 9 jumps by 7.5.
    history = pd.DataFrame(
        {
            "commune_name": ["xã A"] * 5,
            "period": [f"2025-0{m}" for m in range(1, 6)],
            "overdue_share": [1, "không có số liệu", 1, 2, 9],
        }
    )
    assert trends.outliers(history).values.tolist() == [["xã A", "2025-05", 9, 1.5, 7.5]]


def test_two_communes_of_one_name_are_judged_apart():
    # a: 1, 1, 1, 1 then 9 (median 1, spread 0: a jump of 8 > 5 points); b: 10 every month.
    # Pooled by name, the median would be 9,5 and nothing would be flagged.
    rows = [
        {"commune": c, "commune_name": "xã An Hòa", "period": f"2025-{m:02d}", "overdue_share": float(v)}
        for c, values in (("an-hoa", [1, 1, 1, 1, 9]), ("an-hoa-2", [10] * 5))
        for m, v in enumerate(values, 1)
    ]
    flagged = trends.outliers(pd.DataFrame(rows))
    assert flagged[["commune_name", "period", "value", "usual", "excess"]].values.tolist() == [
        ["xã An Hòa", "2025-05", 9.0, 1.0, 8.0]
    ]
