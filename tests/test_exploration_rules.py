"""Exploration (tthc_analysis/indicators/exploration.py): rules the widget tests leave open, each
pinned by values worked out by hand in the comments beside them.

The month as a period: ``2026-02`` runs from 15/01/2026 to 14/02/2026 (docs/periods.md); a
quarter is three such months (quý I 2026: 15/12/2025 – 14/03/2026). The exports of a unit cover
the months from the one of their first received day to the last one they reach to its end.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_VN, write_csv, write_root

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import ExportSpan, load_commune
from tthc_analysis.indicators.exploration import (
    ID_COLUMNS,
    INDICATORS,
    indicator_rows,
    load_exploration,
    period_label,
    whole_months,
)
from tthc_analysis.indicators.history import period_indicators

NAN = float("nan")
# xã Ba: X received 20/03/2026 and finished 25/03 (month 2026-04, 15/03–14/04); nothing in
# 2026-05 (15/04–14/05); Y received 20/05 and finished 15/06 (received in 2026-06, 15/05–14/06,
# still in progress at its end). The exports reach 15/06, inside 2026-07: months 2026-04..2026-06.
BA_ROWS = [
    ("X", "Hộ tịch", "10", "2", "20/03/2026", "30/03/2026", "25/03/2026"),
    ("Y", "Hộ tịch", "10", "1", "20/05/2026", "30/06/2026", "15/06/2026"),
]


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """xã Thử: the hand-worked rows and the earlier row (months 2025-11..2026-02); phường Hai: rows
    A–E only (no whole month); xã Ba: BA_ROWS; xã Trống: no export at all."""
    path = tmp_path_factory.mktemp("exploration")
    root = write_root(
        path / "goc", ("thu", "Thử", "xã"), ("hai", "Hai", "phường"), ("ba", "Ba", "xã"), ("trong", "Trống", "xã")
    )
    write_csv(root / "thu" / "dossiers.csv", HEADERS_VN, [*HAND_ROWS, EARLIER_ROW])
    write_csv(root / "hai" / "dossiers.csv", HEADERS_VN, HAND_ROWS[:5])
    write_csv(root / "ba" / "dossiers.csv", HEADERS_VN, BA_ROWS)
    return root


@pytest.fixture
def every(root):
    # Loaded in each test (not once a module): mutation testing runs a test only when that test
    # itself calls the code changed.
    return load_exploration("all", root)


def _column(table, name) -> list[float]:
    return table[name].tolist()


# ---------------------------------------------------------------- the periods of several units


def test_the_periods_run_from_the_earliest_unit_to_the_latest(every):
    # xã Thử: 2025-11..2026-02; xã Ba: 2026-04..2026-06; the others add nothing.
    months = [p.id for p in every.periods["month"]]
    assert months == ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    # Whole quarters inside 2025-11..2026-06: Q1 (01–03) and Q2 (04–06); 2025-Q4 lacks 2025-10.
    assert [p.id for p in every.periods["quarter"]] == ["2026-Q1", "2026-Q2"]
    assert every.periods["year"] == ()


def test_every_unit_is_kept_in_the_order_chosen_even_without_figures(every):
    assert every.communes == ("thu", "hai", "ba", "trong")
    assert every.commune_names == ("xã Thử", "phường Hai", "xã Ba", "xã Trống")
    assert every.units == {"thu": "xã Thử", "hai": "phường Hai", "ba": "xã Ba", "trong": "xã Trống"}
    # Only xã Thử and xã Ba have rows; phường Hai has no whole month and xã Trống no export.
    assert sorted(set(every.values["commune"])) == ["ba", "thu"]


def test_a_period_without_any_dossier_has_no_figures_never_zeros(every):
    # xã Ba, 2026-05: X finished 25/03, Y received 20/05: no dossier takes part -> NaN, not 0.
    # 2026-04: X new; 2026-06: Y new; xã Thử has no month after 2026-02.
    table = every.table(["ba", "thu"], "new", first="2026-03")
    assert list(table.index) == ["2026-03", "2026-04", "2026-05", "2026-06"]
    assert _column(table, "xã Ba") == pytest.approx([NAN, 1, NAN, 1], nan_ok=True)
    assert table["xã Thử"].isna().all()
    # 2026-06: Y received in it and still open at 14/06; nothing carried over (X finished 25/03).
    assert every.table(["ba"], "total", first="2026-06")["xã Ba"].tolist() == [1]
    assert every.table(["ba"], "in_progress", first="2026-06")["xã Ba"].tolist() == [1]


def test_a_quarter_is_counted_only_from_the_months_a_unit_covers_whole(every):
    # Q2 2026 (15/03–14/06): X and Y both received in it; xã Thử does not reach it.
    # Q1 2026: xã Thử stops in 2026-02, xã Ba starts in 2026-04: neither covers it whole.
    table = every.table(["thu", "ba"], "new", step="quarter")
    assert list(table.index) == ["2026-Q1", "2026-Q2"]
    assert _column(table, "xã Ba") == pytest.approx([NAN, 2], nan_ok=True)
    assert table["xã Thử"].isna().all()


def test_the_values_hold_a_float_column_per_indicator_after_the_ids(every):
    assert list(every.values.columns) == [*ID_COLUMNS, *INDICATORS]
    assert ID_COLUMNS == ["commune", "commune_name", "step", "period", "field"]
    assert all(every.values[key].dtype == float for key in INDICATORS)
    # The row of a unit's whole figures has the empty field; xã Ba's 2026-04 row names its unit.
    whole = every.values[(every.values["commune"] == "ba") & (every.values["period"] == "2026-04")]
    assert whole.iloc[0][["commune_name", "step", "field"]].tolist() == ["xã Ba", "month", ""]
    assert whole.iloc[1]["field"] == "Hộ tịch"


def test_steps_are_counted_only_as_asked_and_may_be_any_iterable(root):
    exploration = load_exploration(["ba"], root, steps=iter(["quarter"]))
    assert list(exploration.periods) == ["quarter"]
    assert set(exploration.values["step"]) == {"quarter"}
    assert [p.id for p in exploration.periods["quarter"]] == ["2026-Q2"]


def test_progress_wraps_the_units_as_they_are_read(root):
    seen = []

    def progress(units):
        for unit in units:
            seen.append(unit)
            yield unit

    exploration = load_exploration(["ba", "thu", "ba"], root, steps=("month",), progress=progress)
    assert seen == ["ba", "thu"]  # a unit chosen twice is read once
    assert exploration.communes == ("ba", "thu")
    # The earliest month is xã Thử's (2025-11) though xã Ba is read first; the latest is xã Ba's.
    months = [p.id for p in exploration.periods["month"]]
    assert (months[0], months[-1], len(months)) == ("2025-11", "2026-06", 8)


def test_every_unit_of_the_data_root_is_read_by_default(root):
    exploration = load_exploration(data_dir=root, steps=("month",))
    assert exploration.communes == ("thu", "hai", "ba", "trong")


def test_units_without_a_whole_month_are_refused_with_a_message(root):
    with pytest.raises(InputError) as caught:
        load_exploration(["hai", "trong"], root)
    assert [p.message for p in caught.value.problems] == [
        "các đơn vị đã chọn không có hồ sơ nào trong một tháng trọn vẹn của dữ liệu xuất"
    ]


def test_a_period_counted_without_its_details_has_no_qd766_points(root):
    # period_indicators(detail=False) counts neither QĐ 766 nor the fields: one row, the whole
    # unit's, without points (None); xã Ba's 2026-04 has X alone, received in it.
    data = load_commune(root, "ba")
    (ind,) = period_indicators(data, [parse_period("2026-04")], detail=False)
    rows = indicator_rows(ind, {"commune": "ba", "commune_name": "xã Ba"}, "month")
    assert [(r["commune"], r["step"], r["period"], r["field"]) for r in rows] == [("ba", "month", "2026-04", "")]
    assert rows[0]["qd766_points"] is None and rows[0]["new"] == 1


# ---------------------------------------------------------------- the figures of a field


def test_a_field_has_its_own_rates_from_its_own_counts(every):
    # 2026-02 (conftest.EXPECTED_BY_FIELD_2026_02). In time = early + on time; new = online +
    # direct/postal; overdue = resolved late + in progress overdue.
    # Hộ tịch: 1+3 of 5 resolved = 80 %; online 2 of 2+3 = 40 %; overdue 1+0 of 5 = 20 %.
    # Chứng thực: 1+0 of 1 = 100 %; 2 of 2+0 = 100 %; 0+1 of 4 = 25 %.
    # Đất đai: 0+1 of 1 = 100 %; 2 of 2+1 = 200/3 %; 0+1 of 4 = 25 %.
    expected = {
        "rate_on_time": [80, 100, 100],
        "rate_online": [40, 100, 200 / 3],
        "overdue_share": [20, 25, 25],
        "resolved_in_time": [4, 1, 1],
        "overdue": [1, 1, 1],
        "in_progress_overdue": [0, 1, 1],
    }
    for key, values in expected.items():
        got = [
            every.table(["thu"], key, field=field, first="2026-02", last="2026-02").iloc[0, 0]
            for field in ("Hộ tịch", "Chứng thực", "Đất đai")
        ]
        assert got == pytest.approx(values), key


def test_the_whole_unit_has_its_rates_and_a_field_without_resolved_has_none(every):
    # 2026-02, whole: 6 of 7 resolved in time; 6 online of 10 new; overdue 1+2 of 13.
    def one(key, first="2026-02", last="2026-02", **choice):
        return every.table(["thu"], key, first=first, last=last, **choice).iloc[0, 0]

    assert one("rate_on_time") == pytest.approx(600 / 7)
    assert one("rate_online") == pytest.approx(60)
    assert one("overdue_share") == pytest.approx(300 / 13)
    # 2026-01 (15/12–14/01), Chứng thực: F, I, J; only I finished in it (14/01, due 12/01: late)
    # -> 0 of 1 = 0 %. 2025-11 has no Đất đai dossier and in 2025-12 O resolves nothing: no rate.
    assert one("rate_on_time", field="Chứng thực", first="2026-01", last="2026-01") == 0
    assert every.table(["thu"], "rate_on_time", field="Đất đai", last="2025-12").iloc[:, 0].tolist() == pytest.approx(
        [NAN, NAN], nan_ok=True
    )


def test_an_indicator_of_the_whole_unit_only_is_refused_for_a_field(every):
    for key, name in [
        ("qd766_points", "Điểm chỉ số QĐ 766 (phần tính được từ dữ liệu)"),
        ("rate_in_progress", "Tỷ lệ hồ sơ đang giải quyết"),
        ("rate_digitisation", "Tỷ lệ số hóa hồ sơ"),
    ]:
        with pytest.raises(InputError, match=re.escape(f"chỉ tiêu '{name}' không tính được cho từng lĩnh vực")):
            every.table(["thu"], key, field="Hộ tịch")
    assert [k for k, spec in INDICATORS.items() if spec.rate] == [
        "rate_on_time",
        "rate_online",
        "rate_in_progress",
        "rate_online_payment",
        "rate_digitisation",
        "rate_e_result",
        "rate_reuse",
        "overdue_share",
    ]
    assert [k for k, spec in INDICATORS.items() if not spec.by_field] == [
        "rate_in_progress",
        "rate_online_payment",
        "rate_digitisation",
        "rate_e_result",
        "rate_reuse",
        "qd766_points",
    ]
    # The whole unit has QĐ 766 points; a field never does (its row leaves them empty).
    rows = every.values[(every.values["commune"] == "thu") & (every.values["period"] == "2026-02")]
    assert rows["qd766_points"].notna().tolist() == [True, False, False, False]


# ---------------------------------------------------------------- the table and its choices


def test_the_table_keeps_known_units_once_in_the_order_given(every):
    table = every.table(["ba", "khong-co", "thu", "ba"], "new", last="2025-12")
    assert list(table.columns) == ["xã Ba", "xã Thử"]
    assert table.columns.name == "commune_name" and table.index.name == "period"
    assert list(table.index) == ["2025-11", "2025-12"]
    assert _column(table, "xã Thử") == [1, 1]  # Z in 2025-11, O in 2025-12
    assert table.dtypes.tolist() == [float, float]


def test_a_span_runs_from_first_to_last_in_either_order(every):
    assert [p.id for p in every.span("month", "2026-01", "2026-03")] == ["2026-01", "2026-02", "2026-03"]
    assert [p.id for p in every.span("month", "2026-03", "2026-01")] == ["2026-01", "2026-02", "2026-03"]
    assert [p.id for p in every.span("month", "2026-05")] == ["2026-05", "2026-06"]
    assert [p.id for p in every.span("month", last="2025-12")] == ["2025-11", "2025-12"]
    assert [p.id for p in every.span("month", "2026-02", "2026-02")] == ["2026-02"]
    assert len(every.span("month")) == 8
    assert [p.id for p in every.span("quarter")] == ["2026-Q1", "2026-Q2"]


def test_the_fields_are_those_of_the_chosen_units_sorted_by_name(every):
    # Python sorts "Đ" (U+0110) after the Latin letters.
    assert every.fields() == ["Chứng thực", "Hộ tịch", "Đất đai"]
    assert every.fields(["ba"]) == ["Hộ tịch"]
    assert every.fields(iter(["hai", "trong"])) == []


# ---------------------------------------------------------------- whole months of a span


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # 14/02/2026 is the last day of 2026-02: that month is whole.
        (date(2025, 12, 1), date(2026, 2, 14), ("2025-12", "2026-02")),
        # 13/02 stops inside 2026-02: the month before is the last whole one.
        (date(2025, 12, 1), date(2026, 2, 13), ("2025-12", "2026-01")),
        # 15/01 opens 2026-02, 14/01 closes 2026-01.
        (date(2026, 1, 15), date(2026, 2, 14), ("2026-02", "2026-02")),
        (date(2026, 1, 14), date(2026, 2, 14), ("2026-01", "2026-02")),
        # Inside one month, not to its end: nothing whole.
        (date(2026, 1, 20), date(2026, 2, 10), None),
        # From 15/01 to 14/02 is 2026-02 alone; a span ending the day before has nothing whole.
        (date(2026, 1, 15), date(2026, 2, 13), None),
        # Across a year: 2025-12 (15/11–14/12) to 2026-01 (15/12–14/01).
        (date(2025, 11, 15), date(2026, 1, 14), ("2025-12", "2026-01")),
    ],
)
def test_whole_months_of_a_span(first, last, expected):
    got = whole_months(ExportSpan(first, last))
    assert (None if got is None else (got[0].id, got[1].id)) == expected


def test_a_span_without_a_day_has_no_whole_month():
    assert whole_months(ExportSpan(None, None)) is None
    assert whole_months(ExportSpan(date(2026, 1, 1), None)) is None
    assert whole_months(ExportSpan(None, date(2026, 3, 1))) is None


def test_a_period_is_labelled_in_vietnamese():
    assert period_label("2026-02") == "tháng 02 năm 2026"
    assert period_label("2026-Q1") == "quý I năm 2026"
    assert period_label("2025") == "năm 2025"
