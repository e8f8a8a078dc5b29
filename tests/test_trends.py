"""Trends (xu hướng, tthc trends): changes against the month before and a year earlier, the seasonal
profile per field, the outlier rule, Vietnamese tables, the command's validation and one real run.

Every expected value is worked out by hand in the comments beside it."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from html.parser import HTMLParser

import nbformat
import pandas as pd
import pytest
from conftest import HAND_ROWS, HEADERS_VN, REPO, SAMPLE, FakeKernel, run_cli, write_csv, write_root

from tthc_analysis.core import vnformat as fmt
from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators import trends
from tthc_analysis.report import trend_tables
from tthc_analysis.run import notebook
from tthc_analysis.run.cli import run

NAN = float("nan")


def _history(rows: list[tuple]) -> pd.DataFrame:
    """A hand-made history: (commune, period, total, rate_on_time) a row; None: no figure."""
    frame = pd.DataFrame(rows, columns=["commune", "period", "total", "rate_on_time"])
    return frame.assign(commune_name="xã " + frame["commune"].str.upper())


# Commune a has no figures for 2025-12 (a gap) and no on-time rate in 2026-02 (nothing
# resolved: "không phát sinh"); commune b has one month only.
HISTORY = _history(
    [
        ("a", "2025-01", 100, 90.0),
        ("a", "2025-02", 110, 95.5),
        ("a", "2026-01", 130, 92.0),
        ("a", "2026-02", 120, None),
        ("b", "2026-02", 50, 80.0),
    ]
)


def _change(changes: pd.DataFrame, commune: str, period: str, indicator: str) -> dict:
    rows = changes[(changes.commune == commune) & (changes.period == period) & (changes.indicator == indicator)]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def _same(got: dict, expected: dict) -> None:
    for key, value in expected.items():
        assert (math.isnan(got[key]) and math.isnan(value)) or got[key] == value, (key, got[key], value)


# ---------------------------------------------------------------- month-over-month, year-over-year


def test_changes_against_the_month_before_and_a_year_earlier_worked_by_hand():
    changes = trends.month_changes(HISTORY, ("total", "rate_on_time"))
    assert len(changes) == 5 * 2  # a row per commune, month and indicator
    # a 2026-02: 120 against 130 in 2026-01 (-10) and 110 in 2025-02 (+10).
    _same(
        _change(changes, "a", "2026-02", "total"),
        {"value": 120, "previous": 130, "change_previous": -10, "last_year": 110, "change_last_year": 10},
    )
    # a 2026-01: the month before, 2025-12, has no figures: no change, not 0 and not the 2025-02 row
    # that comes before it in the frame; a year earlier, 2025-01: 130 - 100 = +30, 92 - 90 = +2 points.
    _same(
        _change(changes, "a", "2026-01", "total"),
        {"value": 130, "previous": NAN, "change_previous": NAN, "last_year": 100, "change_last_year": 30},
    )
    _same(
        _change(changes, "a", "2026-01", "rate_on_time"),
        {"value": 92.0, "previous": NAN, "change_previous": NAN, "last_year": 90.0, "change_last_year": 2.0},
    )
    # a 2025-02 against 2025-01: 110 - 100 = +10, 95.5 - 90 = +5.5 points; nothing a year earlier.
    _same(
        _change(changes, "a", "2025-02", "rate_on_time"),
        {"value": 95.5, "previous": 90.0, "change_previous": 5.5, "last_year": NAN, "change_last_year": NAN},
    )
    # a 2026-02 has no on-time rate: neither change is known, though both other months have a rate.
    _same(
        _change(changes, "a", "2026-02", "rate_on_time"),
        {"value": NAN, "previous": 92.0, "change_previous": NAN, "last_year": 95.5, "change_last_year": NAN},
    )
    # b never borrows a's months.
    _same(
        _change(changes, "b", "2026-02", "total"),
        {"value": 50, "previous": NAN, "change_previous": NAN, "last_year": NAN, "change_last_year": NAN},
    )


def test_changes_table_in_vietnamese_with_points_and_no_figure_never_zero():
    changes = trends.month_changes(HISTORY, ("total", "rate_on_time"))
    table = trend_tables.changes_table(changes, parse_period("2026-01"))
    assert list(table.columns) == [
        "tháng 01 năm 2026",
        "tháng 12 năm 2025",
        "So với kỳ trước",
        "tháng 01 năm 2025",
        "So với cùng kỳ năm trước",
    ]
    # Only commune a has 2026-01; its rows in the order of INDICATORS (total first).
    assert list(table.index) == [
        ("xã A", "Tổng số hồ sơ nhận giải quyết"),
        ("xã A", "Tỷ lệ giải quyết đúng hạn"),
    ]
    assert list(table.iloc[0]) == ["130", "không có số liệu", "không có số liệu", "100", "+30"]
    assert list(table.iloc[1]) == ["92%", "không có số liệu", "không có số liệu", "90%", "+2 điểm %"]
    february = trend_tables.changes_table(changes, parse_period("2026-02"))
    assert list(february.loc[("xã A", "Tổng số hồ sơ nhận giải quyết")]) == ["120", "130", "-10", "110", "+10"]
    rate = february.loc[("xã A", "Tỷ lệ giải quyết đúng hạn")]
    assert list(rate) == ["không có số liệu", "92%", "không có số liệu", "95,5%", "không có số liệu"]
    assert list(february.index.get_level_values(0).unique()) == ["xã A", "xã B"]  # communes as chosen


def test_a_data_root_month_without_dossiers_has_no_figures(tmp_path):
    # The hand-worked export (conftest.HAND_ROWS) holds dossiers of periods 2025-12 to 2026-03 only.
    root = write_root(tmp_path / "data", ("thu-nghiem", "Thử Nghiệm", "xã"))
    write_csv(root / "thu-nghiem" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    trend = trends.city_trends("thu-nghiem", "2026-01", "2026-02", root)
    assert list(trend.history["period"]) == ["2026-01", "2026-02"]
    # (3) of 2026-02 is 13 and of 2026-01 is 4 (conftest.EXPECTED_2026_02, EXPECTED_2026_01): +9.
    # 2025-02 had no dossier in the export: no change a year earlier (not 13 - 0).
    _same(
        _change(trend.changes, "thu-nghiem", "2026-02", "total"),
        {"value": 13, "previous": 4, "change_previous": 9, "last_year": NAN, "change_last_year": NAN},
    )
    # 2026-01 against 2025-12, loaded for the comparison though outside the window: the export starts
    # with O (received 01/12/2025), inside 2025-12 (15/11 - 14/12/2025), so what 2025-12 carried over,
    # and so its total, is unknown: no change (not 4 - 1).
    assert math.isnan(_change(trend.changes, "thu-nghiem", "2026-01", "total")["change_previous"])
    # Received in 2026-02 per field, (3) - (6) of conftest.EXPECTED_BY_FIELD_2026_02:
    # Hộ tịch 5 - 0, Chứng thực 4 - 2, Đất đai 4 - 1.
    february = trend.fields[trend.fields["period"] == "2026-02"].set_index("field")["received"].to_dict()
    assert february == {"Hộ tịch": 5, "Chứng thực": 2, "Đất đai": 3}


def test_months_after_the_exports_end_have_no_figures_never_zeros(tmp_path):
    # The hand-worked export (conftest.HAND_ROWS) covers 01/12/2025 (O received) to 20/02/2026 (N finished):
    # 2026-03 (15/02 - 14/03/2026) is reached, 2026-04 and 2026-05 are not.
    root = write_root(tmp_path / "data", ("thu-nghiem", "Thử Nghiệm", "xã"))
    write_csv(root / "thu-nghiem" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    trend = trends.city_trends("thu-nghiem", "2026-01", "2026-05", root)
    assert list(trend.history["period"]) == ["2026-01", "2026-02", "2026-03"]
    # 2026-03: carried over F, G, H, O, P (open) and N (finished 20/02), received M: (3) 7; overdue N
    # (finished 20/02, due 14/02) and F, G, P (open, due before 14/03): 4, 4/7 = 57,1%.
    march = trend.history.iloc[-1]
    assert (march["total"], march["overdue"]) == (7, 4)
    # Without the span, 2026-04 would count F, G, H, O, P as carried over (5), F, G, P overdue: 60%.
    assert trend.periods_without_figures() == ["2026-04", "2026-05"]
    _same(
        _change(trend.changes, "thu-nghiem", "2026-04", "total"),
        {"value": NAN, "previous": 7, "change_previous": NAN, "last_year": NAN, "change_last_year": NAN},
    )
    assert math.isnan(_change(trend.changes, "thu-nghiem", "2026-05", "overdue_share")["previous"])
    assert not set(trend.fields["period"]) & {"2026-04", "2026-05"}
    # As shown: the heading says which months have no figures; the tables say "không có số liệu".
    assert trend_tables.months_text(trend) == (
        "3 trong 5 tháng có số liệu; không có số liệu: tháng 04 năm 2026, tháng 05 năm 2026"
    )
    assert trend.last_with_figures.id == "2026-03"
    assert trend_tables.month_caption(trend) == (
        "Số liệu tháng 03 năm 2026, tháng cuối có số liệu (tháng 05 năm 2026 không có số liệu)."
    )
    may = trend_tables.compare_table(trends.compare_communes(trend.history, "2026-05", trend.units))
    assert list(may.index) == ["xã Thử Nghiệm"] and set(may.iloc[0]) == {"không có số liệu"}
    april = trend_tables.changes_table(trend.changes, parse_period("2026-04"))
    assert list(april.loc[("xã Thử Nghiệm", "Tổng số hồ sơ nhận giải quyết")]) == [
        "không có số liệu",
        "7",
        "không có số liệu",
        "không có số liệu",
        "không có số liệu",
    ]
    lines = trends.pivot(trend.history, "overdue_share", trend.periods)
    assert list(lines.index) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert lines["xã Thử Nghiệm"].iloc[3:].isna().all()  # a gap in the chart, not 0


def test_the_sample_to_2026_05_has_no_figures_and_no_outlier_after_its_exports_end():
    # Cát Hải's export runs from 16/12/2024 to 14/03/2026. Counted as if reached, 2026-04 and 2026-05 would
    # hold only the dossiers still open on 14/03, every one overdue by 14/04: an overdue share of 100%,
    # flagged as a jump. They have no figures: only the jump the sample generator put in 2026-02 is flagged.
    trend = trends.city_trends("cat-hai", "2025-06", "2026-05", SAMPLE)
    assert trend.periods_without_figures() == ["2026-04", "2026-05"]
    assert list(trend.history["period"])[-1] == "2026-03"
    flags = trends.outliers(trend.history)
    assert flags[["commune_name", "period"]].values.tolist() == [["đặc khu Cát Hải", "2026-02"]]


def test_a_commune_named_twice_is_counted_once(tmp_path):
    root = write_root(tmp_path / "data", ("thu-nghiem", "Thử Nghiệm", "xã"), ("khac", "Khác", "phường"))
    for commune in ("thu-nghiem", "khac"):
        write_csv(root / commune / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    once = trends.city_trends("thu-nghiem,khac", "2026-01", "2026-03", root)
    for twice in (
        trends.city_trends("thu-nghiem,khac,thu-nghiem", "2026-01", "2026-03", root),
        trends.city_trends(["thu-nghiem", "thu-nghiem", "khac"], "2026-01", "2026-03", root),
    ):
        assert twice.communes == ("thu-nghiem", "khac")
        assert twice.commune_names == ("xã Thử Nghiệm", "phường Khác")
        pd.testing.assert_frame_equal(twice.history, once.history)
        pd.testing.assert_frame_equal(twice.changes, once.changes)
        # 2026-02 per field: Hộ tịch 5, Chứng thực 2, Đất đai 3 for each unit (conftest.EXPECTED_BY_FIELD_2026_02),
        # so 10, 4 and 6 for the two, never 15, 6, 9.
        profile = trends.seasonal_profile(twice.fields)
        assert profile[2].to_dict() == {"Hộ tịch": 10, "Chứng thực": 4, "Đất đai": 6}
        lines = trends.pivot(twice.history, "total")  # one column a unit, no "duplicate entries" error
        assert list(lines.columns) == ["xã Thử Nghiệm", "phường Khác"]
        assert lines.loc["2026-02"].tolist() == [13, 13]


def test_two_units_with_the_same_name_are_two_lines():
    history = pd.DataFrame(
        [("a", "xã An Hòa", "2026-01", 10), ("b", "xã An Hòa", "2026-01", 20), ("a", "xã An Hòa", "2026-02", 12)],
        columns=["commune", "commune_name", "period", "total"],
    )
    lines = trends.pivot(history, "total")
    assert list(lines.columns) == ["xã An Hòa", "xã An Hòa"]
    assert lines.loc["2026-01"].tolist() == [10, 20]
    assert lines.iloc[1].tolist()[0] == 12 and math.isnan(lines.iloc[1].tolist()[1])


def test_a_range_without_any_dossier_is_a_clear_error(tmp_path):
    root = write_root(tmp_path / "data", ("thu-nghiem", "Thử Nghiệm", "xã"))
    write_csv(root / "thu-nghiem" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    with pytest.raises(
        InputError, match=r"không có hồ sơ nào của các đơn vị đã chọn từ tháng 01 năm 2024 đến tháng 06"
    ):
        trends.city_trends("thu-nghiem", "2024-01", "2024-06", root)


# ---------------------------------------------------------------- seasonal profile per field

FIELDS = pd.DataFrame(
    [
        ("a", "2025-01", "Hộ tịch", 10),
        ("a", "2025-01", "Chứng thực", 4),
        ("b", "2025-01", "Hộ tịch", 6),
        ("a", "2025-02", "Chứng thực", 8),
        ("a", "2026-01", "Hộ tịch", 20),
        ("a", "2026-01", "Chứng thực", 1),
    ],
    columns=["commune", "period", "field", "received"],
)


def test_seasonal_profile_worked_by_hand():
    profile = trends.seasonal_profile(FIELDS)
    # January: 2025 Hộ tịch 10 + 6 = 16, Chứng thực 4; 2026 Hộ tịch 20, Chứng thực 1
    #   -> means 18 and 2.5.
    # February: only 2025, Chứng thực 8, no Hộ tịch dossier in a month with data -> 0.
    # March to December: no data in any year.
    # Order: Hộ tịch 36 received in all, Chứng thực 13.
    assert list(profile.index) == ["Hộ tịch", "Chứng thực"]
    assert list(profile.columns) == list(range(1, 13))
    assert profile.loc["Hộ tịch", 1] == 18 and profile.loc["Chứng thực", 1] == 2.5
    assert profile.loc["Hộ tịch", 2] == 0 and profile.loc["Chứng thực", 2] == 8
    assert profile.loc[:, 3:].isna().all().all()
    assert list(trends.years_per_month(FIELDS)) == [2, 1] + [0] * 10


def test_seasonal_table_in_vietnamese():
    table = trend_tables.seasonal_table(trends.seasonal_profile(FIELDS), trends.years_per_month(FIELDS))
    assert table.index.name == "Lĩnh vực"
    # Months with two digits, as "tháng 01 năm 2026" writes them; the years the mean is over, where there are any.
    assert list(table.columns) == ["Tháng 01 (2 năm)", "Tháng 02 (1 năm)"] + [f"Tháng {m:02d}" for m in range(3, 13)]
    assert list(table.loc["Hộ tịch"][:3]) == ["18", "0", "không có số liệu"]
    assert list(table.loc["Chứng thực"][:3]) == ["2,5", "8", "không có số liệu"]


def test_text_from_data_is_escaped_in_the_trends_tables():
    hostile = "<script>alert(1)</script>"
    fields = FIELDS.assign(field=FIELDS["field"].replace("Hộ tịch", hostile))
    page = trend_tables.seasonal_table(trends.seasonal_profile(fields), trends.years_per_month(fields))._repr_html_()
    assert hostile not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    trend = trends.CityTrends(
        parse_period("2026-01"), parse_period("2026-02"), ("x",), (hostile,), HISTORY, HISTORY, FIELDS
    )
    heading = trend_tables.heading_html(trend)
    assert hostile not in heading and "&lt;script&gt;" in heading


# ---------------------------------------------------------------- Vietnamese number style


def test_a_frame_in_vietnamese_number_style():
    frame = pd.DataFrame({"total": [1103.0, 879.0, NAN], "rate_reuse": [95.66, 100.0, 99.96]}, index=["x", "y", "z"])
    shown = trend_tables.vn_frame(frame, rates=["rate_reuse"])
    assert shown.to_dict() == {
        "total": {"x": "1.103", "y": "879", "z": "không có số liệu"},  # never "879.0", never 0
        "rate_reuse": {"x": "95,7%", "y": "100%", "z": "99,9%"},  # a shortfall is never rounded up to 100%
    }


def test_compare_table_names_and_formats_every_column():
    table = pd.DataFrame(
        {"total": [1103.0], "new": [1088.0], "overdue_share": [1.36], "rate_on_time": [98.79]},
        index=pd.Index(["xã Tiên Lãng"], name="commune_name"),
    )
    shown = trend_tables.compare_table(table)
    assert shown.index.name == "Đơn vị"
    assert shown.loc["xã Tiên Lãng"].to_dict() == {
        "Tổng số hồ sơ nhận giải quyết": "1.103",
        "Tiếp nhận mới": "1.088",
        "Tỷ lệ quá hạn": "1,4%",
        "Tỷ lệ giải quyết đúng hạn": "98,8%",
    }


@pytest.mark.parametrize(
    ("delta", "points", "expected"),
    [
        (12, False, "+12"),
        (-1103, False, "-1.103"),
        (-3.46, True, "-3,5 điểm %"),
        (0, False, "không đổi"),
        (0.04, True, "không đổi"),  # 0,0 at one decimal
        (None, False, "không có số liệu"),
        (NAN, True, "không có số liệu"),
    ],
)
def test_a_change_in_vietnamese(delta, points, expected):
    assert fmt.change(delta, points=points) == expected


def test_the_indicator_list_names_every_indicator_in_vietnamese():
    shared = trend_tables.indicator_list()  # the shared page: no column name of the package
    assert "`" not in shared and "- Tỷ lệ quá hạn — tỷ lệ %" in shared.splitlines()
    text = trend_tables.indicator_list(keys=True)  # the analyst's cell in JupyterLab
    assert text.count("\n- ") + text.startswith("- ") == 15  # 7 counts, the overdue share, 7 rates
    for line in (
        "- Tổng số hồ sơ nhận giải quyết — số hồ sơ (`total`)",
        "- Tiếp nhận mới — số hồ sơ (`new`)",
        "- Tỷ lệ quá hạn — tỷ lệ % (`overdue_share`)",
        "- Tỷ lệ giải quyết đúng hạn — tỷ lệ % (`rate_on_time`)",
        "- Tỷ lệ tái sử dụng dữ liệu số hóa — tỷ lệ % (`rate_reuse`)",
    ):
        assert line in text.splitlines()


# ---------------------------------------------------------------- the outlier rule


def _overdue(rows: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"commune_name": name, "period": f"2025-{month:02d}", "overdue_share": value}
            for name, values in rows.items()
            for month, value in enumerate(values, start=1)
        ]
    )


def test_outliers_worked_by_hand():
    history = _overdue(
        {
            # median 1, deviations 0 0 1 0 8 -> MAD 0; threshold 1 + max(2, 3 × 0) = 3: 9 jumps by 8.
            "xã A": [1, 1, 2, 1, 9],
            # median 5, deviations 5 0 5 0 1 -> MAD 1; threshold 5 + max(2, 3 × 1) = 8: 10 jumps by 5.
            "xã B": [0, 5, 10, 5, 6],
            # median 1, MAD 0, threshold 3: 3 is not above it.
            "xã C": [1, 1, 1, 3],
            # two months only: no usual level.
            "xã D": [0, 50],
        }
    )
    flags = trends.outliers(history)
    assert flags[["commune_name", "period", "value", "usual", "excess"]].values.tolist() == [
        ["xã A", "2025-05", 9, 1, 8],
        ["xã B", "2025-03", 10, 5, 5],
    ]
    shown = trend_tables.outliers_table(flags)
    assert list(shown.columns) == ["Kỳ", "Tỷ lệ quá hạn", "Mức thường (trung vị)", "Vượt mức thường"]
    assert list(shown.loc["xã A"]) == ["tháng 05 năm 2025", "9%", "1%", "+8 điểm %"]
    assert list(shown.loc["xã B"]) == ["tháng 03 năm 2025", "10%", "5%", "+5 điểm %"]


def test_the_notebook_explains_the_outlier_rule_with_the_thresholds_the_code_uses():
    cells = nbformat.read(str(REPO / "notebooks" / "trends.ipynb"), as_version=4).cells
    rule = next(c.source for c in cells if c.cell_type == "markdown" and c.source.startswith("## Bất thường"))
    assert float(re.search(r"quá (\d+) điểm phần trăm", rule).group(1)) == trends.OUTLIER_MIN_JUMP
    assert float(re.search(r"quá (\d+) lần độ dao động", rule).group(1)) == trends.OUTLIER_SPREADS
    assert int(re.search(r"ít hơn (\d+) tháng", rule).group(1)) == trends.OUTLIER_MIN_MONTHS
    # The example in the cell follows the rule: 0,4% + max(2; 3 × 0,2) = 2,4%; 4,2% above, 2% not.
    example = _overdue({"xã X": [0.4, 0.4, 0.6, 0.2, 0.4, 4.2, 2.0]})  # median 0,4; MAD 0,2 (0 0 0,2 0,2 0 3,8 1,6)
    assert trends.outliers(example)["value"].tolist() == [4.2]


def test_the_notebook_never_says_xa_for_every_kind_of_unit():
    # The trends cover phường and đặc khu too: "đơn vị", or "xã, phường, đặc khu" in full, never "các xã" alone.
    cells = nbformat.read(str(REPO / "notebooks" / "trends.ipynb"), as_version=4).cells
    text = "\n".join(c.source for c in cells)
    assert re.findall(r"\bxã\b(?!, phường, đặc khu)", text) == []
    assert "So sánh các đơn vị trong kỳ cuối có số liệu" in text and "Tháng 01 là kỳ" in text


def test_the_notebook_has_a_parameters_cell_of_strings():
    cells = nbformat.read(str(REPO / "notebooks" / "trends.ipynb"), as_version=4).cells
    parameters = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    names = dict(re.findall(r'^(\w+) = "([^"]*)"', parameters[0].source, flags=re.MULTILINE))
    assert set(names) == {"communes", "first_period", "last_period", "step", "data_dir", "out_dir"}


# ---------------------------------------------------------------- tthc trends: validation, no kernel


class _NoKernel:
    """Fails the test if a kernel is started: validation must come first."""

    def __init__(self, *args, **kwargs) -> None:
        raise AssertionError("a kernel was started before the parameters were checked")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--communes", "hung-thang,khong-co", "--from", "2025-01", "--to", "2026-02"],
            "không có xã/phường 'khong-co'",
        ),
        (["--communes", "../etc", "--from", "2025-01", "--to", "2026-02"], "mã xã/phường không hợp lệ '../etc'"),
        (["--from", "2026-03", "--to", "2026-02"], "--from 2026-03 (tháng 03 năm 2026) sau --to 2026-02"),
        (
            ["--from", "2025-13", "--to", "2026-02"],
            "--from '2025-13' không phải một tháng, quý hay năm; dùng dạng 2025-01",
        ),
        (["--from", "2025-01", "--to", "2025-07-01..2025-10-31"], "--to '2025-07-01..2025-10-31' không phải một tháng"),
        (["--from", "tháng 1", "--to", "2026-02"], "--from 'tháng 1' không phải một tháng"),
    ],
    ids=["unknown-commune", "not-a-slug", "from-after-to", "month-13", "a-date-range", "words"],
)
def test_tthc_trends_bad_input_is_exit_2_with_a_message(args, message, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(notebook, "WarmKernel", _NoKernel)
    code = run(["trends", *args, "--data", str(SAMPLE), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())  # nothing written


def test_tthc_trends_bad_input_from_the_command_line_has_no_traceback(tmp_path):
    result = run_cli("trends", "--from", "2026-03", "--to", "2026-02", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "sau --to 2026-02" in result.stderr and "Traceback" not in result.stdout + result.stderr


def test_run_trends_passes_only_checked_parameters_through_the_shared_run(monkeypatch, tmp_path):
    """The kernel replaced: run_trends goes through run_notebook (papermill's injected cell, the
    executed notebook, the HTML export with its title) like run_report."""
    seen: dict = {}

    def kernel(cwd):  # the real one is made with the run's folder
        seen["cwd"] = cwd
        return FakeKernel([], on_run=seen.update)

    monkeypatch.setattr(notebook, "WarmKernel", kernel)

    def export(executed, target, title):
        seen["title"] = title
        return target.write_text("<html></html>", encoding="utf-8")

    monkeypatch.setattr(notebook, "notebook_to_html", export)
    paths = notebook.run_trends(" le-chan, hung-thang", "2025-1", "2026-02", data_dir=SAMPLE, out_dir=tmp_path)
    assert seen["communes"] == "le-chan,hung-thang"
    assert seen["cwd"].resolve() == (REPO / "notebooks").resolve()  # beside the notebook, as papermill runs it
    assert (seen["first_period"], seen["last_period"]) == ("2025-01", "2026-02")
    assert seen["data_dir"] == str(SAMPLE.resolve()) and seen["out_dir"] == str(tmp_path.resolve())
    assert seen["title"] == "Xu hướng cải cách TTHC từ tháng 01 năm 2025 đến tháng 02 năm 2026"
    assert paths.report_html == tmp_path / "trends" / "xu-huong-hung-thang_le-chan-2025-01-2026-02.html"
    assert paths.notebook == tmp_path / "trends" / "xu-huong-hung-thang_le-chan-2025-01-2026-02.ipynb"
    assert paths.notebook.exists()


# ---------------------------------------------------------------- one real run on the sample


class _Cells(HTMLParser):
    """The text of every table cell of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._open, self.cells = True, [*self.cells, ""]

    def handle_endtag(self, tag):
        self._open = self._open and tag not in ("td", "th")

    def handle_data(self, data):
        if self._open:
            self.cells[-1] += data


@pytest.mark.e2e
def test_tthc_trends_on_the_sample_writes_a_vietnamese_html_report(tmp_path):
    out = tmp_path / "out"
    args = ("--communes", "tien-lang,le-chan,cat-hai", "--from", "2025-01", "--to", "2026-02")
    result = run_cli("trends", *args, "--data", str(SAMPLE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = out / "trends" / "xu-huong-cat-hai_le-chan_tien-lang-2025-01-2026-02.html"
    assert str(page) in result.stdout
    assert (out / "trends" / "xu-huong-cat-hai_le-chan_tien-lang-2025-01-2026-02.ipynb").exists()
    assert not list((out / "trends").glob("*-loi.ipynb")) and not list((out / "trends").glob(".*part*"))
    text = page.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert "<title>Xu hướng cải cách TTHC từ tháng 01 năm 2025 đến tháng 02 năm 2026</title>" in text
    for name in ("Tổng số hồ sơ nhận giải quyết", "Tỷ lệ giải quyết đúng hạn", "Tỷ lệ tái sử dụng dữ liệu số hóa"):
        assert name in text
    assert "quá 2 điểm phần trăm" in text  # the outlier rule
    cells = _Cells()
    cells.feed(text)
    shown = [c.strip() for c in cells.cells]
    # Tiên Lãng's (3) of February 2026 as the dossier data give it, read independently by tthc indicators.
    indicators = run_cli("indicators", "--commune", "tien-lang", "--period", "2026-02", "--data", str(SAMPLE))
    total = json.loads(indicators.stdout)["bieu06a"]["total"]
    assert total == 1103 and "1.103" in shown
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+", c) for c in shown)
    assert any(re.fullmatch(r"\d{1,3},\d%", c) for c in shown)  # "95,7%"-style rates
    floats = [c for c in shown if re.search(r"\d\.\d{1,2}(?!\d)|\bnan\b|\bNone\b", c, re.IGNORECASE)]
    assert floats == []  # never "879.0", "95.66", "nan"
    assert "Tháng 01 (2 năm)" in shown  # the seasonal profile
    # The shared page speaks to readers: no column name of the package, no code hint.
    assert "trends.pivot" not in text and "rate_on_time" not in text and "overdue_share" not in text
    # The sample generator put a jump in overdue dossiers in Cát Hải 2026-02 and Lê Chân 2025-11.
    flagged = text[text.index("quá 2 điểm phần trăm") :]
    assert "đặc khu Cát Hải" in flagged and "tháng 02 năm 2026" in flagged and "tháng 11 năm 2025" in flagged
    assert not re.search(r"\b20\d\d-\d\d\b", flagged.split("</table>")[0])  # months by name, never "2026-02"


@pytest.mark.parametrize(
    "first, last, months",
    [
        ("2025-Q1", "2026-Q1", ("2025-01", "2026-03")),  # a quarter: its first month, its last month
        ("2025", "2025-H1", ("2025-01", "2025-06")),
        ("2025-9M", "2026-02", ("2025-01", "2026-02")),
        ("2025-03", "2025-03", ("2025-03", "2025-03")),
    ],
)
def test_trends_accept_quarters_and_years_as_their_months(first, last, months):
    start, end = trends.parse_months(first, last)
    assert (start.id, end.id) == months


def test_trends_refuse_a_date_range_and_say_what_is_accepted():
    with pytest.raises(InputError, match="2025-Q1"):
        trends.parse_months("2025-07-01..2025-10-31", "2026-02")
