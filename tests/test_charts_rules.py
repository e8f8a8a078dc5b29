"""What each chart draws, read back from the matplotlib figure: which bars, in which order, how
long, which labels, which lines and which words when there is nothing to draw.

The inputs are small and written by hand (a commune's fields and agencies as plain objects), so
every expected bar is the figure of the row it stands for."""

from __future__ import annotations

import math
from types import SimpleNamespace

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from tthc_analysis.report import charts

NAN = float("nan")


@pytest.fixture(autouse=True)
def _close_figures():
    """Each test's figures are closed after it (pyplot keeps them otherwise)."""
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def _field(name: str, total: int | None, overdue: int | None):
    return SimpleNamespace(field_name=name, counts=SimpleNamespace(total=total, overdue=overdue))


def _indicators(rows=(), agencies=None):
    return SimpleNamespace(bieu06a=SimpleNamespace(rows=list(rows)), vertical_agencies=agencies)


def _empty_text(figure) -> str:
    return next(t.get_text() for a in figure.axes for t in a.texts if t.get_gid() == "empty")


def _ticks(labels) -> list[str]:
    return [label.get_text() for label in labels]


LABELS = [
    ("2026-02", "02/2026"),
    ("2025-12", "12/2025"),
    ("2026-Q1", "Quý I/2026"),
    ("2025-Q4", "Quý IV/2025"),
    ("2025", "2025"),
    ("2025-H1", "6 tháng đầu năm 2025"),
    ("2025-9M", "9 tháng năm 2025"),
    ("2025-07-01..2025-10-31", "từ ngày 01/7/2025 đến ngày 31/10/2025"),
    ("Tổng", "Tổng"),  # not a period: as given
]


@pytest.mark.parametrize(("period_id", "label"), LABELS)
def test_a_period_is_labelled_as_a_clerk_writes_it(period_id, label):
    assert charts._label(period_id) == label


def test_axis_ticks_are_written_the_vietnamese_way():
    assert charts._THOUSANDS(1234.0, 0) == "1.234" and charts._THOUSANDS(2.5, 0) == ""  # no half dossier
    assert charts._PERCENT(92.5, 0) == "92,5%" and charts._PERCENT(100.0, 0) == "100%"


def test_the_largest_fields_come_largest_at_the_top_with_their_overdue_part():
    rows = [
        _field("Hộ tịch", 40, 2),
        _field("Đất đai", 90, 15),
        _field("Chứng thực", 12, None),  # overdue unknown: drawn as none overdue, total still 12
        _field("Xây dựng", None, None),  # no figure: counted as 0, last
    ]
    figure = charts.largest_fields(_indicators(rows), top=3)
    axes = figure.axes[0]
    # Top 3 by total, 90 > 40 > 12; barh draws bottom-up, so the largest is the last tick.
    assert _ticks(axes.get_yticklabels()) == ["Chứng thực", "Hộ tịch", "Đất đai"]
    widths = [bar.get_width() for bar in axes.patches]
    # In time (total − overdue) for the three, then overdue for the three: 12−0, 40−2, 90−15; 0, 2, 15.
    assert widths == [12, 38, 75, 0, 2, 15]
    assert [bar.get_x() for bar in axes.patches[3:]] == [12, 38, 75]  # overdue drawn after in time
    assert [t.get_text() for t in axes.texts] == [" 12", " 40", " 90"]  # the whole total at the end
    assert _ticks(axes.get_legend().get_texts()) == ["Trong hạn, đúng hạn", "Quá hạn"]
    assert axes.get_title() == "Lĩnh vực có nhiều hồ sơ nhất"


def test_the_largest_fields_of_a_thousand_dossiers_are_labelled_with_a_dot():
    figure = charts.largest_fields(_indicators([_field("Đất đai", 1234, 34)]))
    assert [t.get_text() for t in figure.axes[0].texts] == [" 1.234"]


def test_no_field_says_so():
    figure = charts.largest_fields(_indicators([]))
    assert _empty_text(figure) == "Không có số liệu theo lĩnh vực"


def test_vertical_agencies_are_drawn_in_their_order_with_their_totals():
    agencies = [SimpleNamespace(unit="Công an xã", total=120), SimpleNamespace(unit="Chi nhánh VP đất đai", total=7)]
    axes = charts.vertical_agencies(_indicators(agencies=agencies)).axes[0]
    assert _ticks(axes.get_yticklabels()) == ["Chi nhánh VP đất đai", "Công an xã"]  # the first on top
    assert [bar.get_width() for bar in axes.patches] == [7, 120]
    assert [t.get_text() for t in axes.texts] == [" 7", " 120"]


def test_no_vertical_agency_and_no_processing_unit_are_told_apart():
    none_there = charts.vertical_agencies(_indicators(agencies=[]))
    unknown = charts.vertical_agencies(_indicators(agencies=None))
    assert _empty_text(none_there) == "Không có hồ sơ của cơ quan ngành dọc"
    assert _empty_text(unknown) == "Không có số liệu đơn vị xử lý"


def test_digital_rates_draw_a_line_for_each_rate_with_a_figure():
    history = pd.DataFrame(
        {
            "rate_online": [60.0, 75.5],
            "rate_online_payment": [NAN, NAN],  # never known: no line, no legend entry
            "rate_digitisation": [NAN, 40.0],
            "rate_e_result": [10.0, 20.0],
            "rate_reuse": [NAN, NAN],
        },
        index=["2026-01", "2026-02"],
    )
    axes = charts.digital_indicators(history).axes[0]
    assert _ticks(axes.get_legend().get_texts()) == ["Trực tuyến", "Số hóa hồ sơ", "Kết quả điện tử"]
    assert list(axes.lines[0].get_ydata()) == [60.0, 75.5]
    assert list(axes.lines[2].get_xdata()) == ["01/2026", "02/2026"]
    assert axes.get_ylim()[1] == 101
    empty = charts.digital_indicators(
        history[["rate_online_payment", "rate_reuse"]].assign(rate_online=NAN, rate_digitisation=NAN, rate_e_result=NAN)
    )
    assert _empty_text(empty) == "Không có số liệu chuyển đổi số"
    assert _empty_text(charts.digital_indicators(pd.DataFrame())) == "Không có dữ liệu"


def test_communes_are_compared_smallest_first_on_the_right_scale():
    table = pd.DataFrame({"new": [1200, 35, 480]}, index=["xã A", "phường B", "đặc khu C"])
    axes = charts.compare_communes(table, "new", "Hồ sơ tiếp nhận mới").axes[0]
    assert _ticks(axes.get_yticklabels()) == ["phường B", "đặc khu C", "xã A"]  # ascending: largest on top
    assert [bar.get_width() for bar in axes.patches] == [35, 480, 1200]
    assert axes.xaxis.get_major_formatter() is charts._THOUSANDS
    rates = charts.compare_communes(table.assign(rate=[99.0, 80.0, NAN]), "rate", "Đúng hạn", percent=True)
    assert rates.axes[0].xaxis.get_major_formatter() is charts._PERCENT
    assert rates.axes[0].get_title() == "Đúng hạn"


def test_without_channels_the_new_dossiers_are_one_undivided_bar():
    history = pd.DataFrame(
        {"new_online": [NAN, NAN], "new_direct": [NAN, NAN], "new_postal": [NAN, NAN], "new": [7, 9]}
        | {"carried_over": [2, NAN], "overdue": [0, 1], "rate_on_time": [100.0, 88.0]},
        index=["2026-01", "2026-02"],
    )
    axes = charts.volume_by_channel(history).axes[0]
    assert [bar.get_height() for bar in axes.patches] == [7, 9]
    legend = _ticks(axes.get_legend().get_texts())
    assert legend == ["Kỳ trước chuyển sang", "Tiếp nhận mới (không có số liệu kênh nộp)"]  # lines first
    carried = list(axes.lines[0].get_ydata())
    assert carried[0] == 2 and math.isnan(carried[1])  # February's carried over unknown: no point


def test_the_on_time_axis_starts_five_points_under_the_lowest_rate_and_never_below_zero():
    history = pd.DataFrame({"overdue": [3, 1], "rate_on_time": [82.0, 97.0]}, index=["2026-01", "2026-02"])
    figure = charts.on_time_and_overdue(history)
    line_axes = next(a for a in figure.axes if a.lines)
    assert line_axes.get_ylim() == (77.0, 100.5)
    low = charts.on_time_and_overdue(history.assign(rate_on_time=[3.0, NAN]))
    assert next(a for a in low.axes if a.lines).get_ylim() == (0, 100.5)
    legend = _ticks(figure.legends[0].get_texts())
    assert legend == ["Tỷ lệ đúng hạn", "Hồ sơ quá hạn"]


def test_the_legend_beside_the_chart_writes_names_as_they_are_and_escaped():
    from tthc_analysis.report.explore import legend_html

    frame = pd.DataFrame(
        {'xã <b>A</b> & "B"': [90.0, 95.0], "phường $5 nghìn": [80.0, 85.0]}, index=["2026-01", "2026-02"]
    )
    figure = charts.trend_lines(frame, "Đúng hạn", percent=True, target=98.0, legend=False)
    entries = charts.legend_entries(figure)
    assert [label for label, _, _ in entries] == ['xã <b>A</b> & "B"', "phường $5 nghìn", "Chỉ tiêu 98%"]
    assert [dashed for _, _, dashed in entries] == [False, False, True]
    html = legend_html(entries)
    assert "xã &lt;b&gt;A&lt;/b&gt; &amp; &quot;B&quot;" in html and "<b>" not in html
    assert "phường $5 nghìn" in html and "\\$" not in html
    assert html.count("<div>") == 3 and html.count("╌╌") == 1  # the target, dashed
