"""Charts draw what is known: a period or commune without a figure gets no bar, never a 0 bar."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd

matplotlib.use("Agg")

from tthc_analysis.report import charts

NAN = float("nan")
# Three months; February's exports are missing, so none of its figures is known.
HISTORY = pd.DataFrame(
    {
        "new_online": [5, NAN, 3],
        "new_direct": [2, NAN, 1],
        "new_postal": [0, NAN, 1],
        "new": [7, NAN, 5],
        "carried_over": [1, NAN, 2],
        "overdue": [1, NAN, 0],
        "rate_on_time": [90.0, NAN, 95.0],
    },
    index=["2026-01", "2026-02", "2026-03"],
)


def _heights(axes) -> list[float]:
    return [bar.get_height() for bar in axes.patches]


def test_a_month_without_figures_has_no_channel_bars():
    figure = charts.volume_by_channel(HISTORY)
    heights = _heights(figure.axes[0])  # online ×3, direct ×3, postal ×3
    assert heights[0::3] == [5, 2, 0] and heights[2::3] == [3, 1, 1]
    assert all(math.isnan(h) for h in heights[1::3])  # February: no bar (a 0 would say "none received")
    # March stacks: direct starts on the 3 online, postal on 3 + 1.
    assert [bar.get_y() for bar in figure.axes[0].patches[2::3]] == [0, 3, 4]


def test_a_month_without_figures_has_no_overdue_bar():
    figure = charts.on_time_and_overdue(HISTORY)
    overdue = next(ax for ax in figure.axes if ax.patches)
    heights = _heights(overdue)
    assert heights[0] == 1 and heights[2] == 0 and math.isnan(heights[1])


def test_a_commune_without_the_figure_has_no_bar():
    table = pd.DataFrame({"on_time": [95.5, NAN, 80.0]}, index=["xã A", "xã B", "xã C"])
    figure = charts.compare_communes(table, "on_time", "Đúng hạn", percent=True)
    bars = {
        label.get_text(): bar.get_width()
        for label, bar in zip(figure.axes[0].get_yticklabels(), figure.axes[0].patches)
    }
    assert bars["xã A"] == 95.5 and bars["xã C"] == 80.0 and math.isnan(bars["xã B"])


def test_show_displays_one_png_at_the_figures_own_size_and_closes_it(monkeypatch):
    import base64
    import re
    import struct

    import IPython.display
    import matplotlib.pyplot as plt

    from tthc_analysis.report import charts

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects: shown.extend(objects))
    figure, axes = plt.subplots(figsize=(8.5, 4.0), dpi=100)
    axes.bar(["a", "b"], [1, 2])
    axes.set_title('Hồ sơ "quá hạn" <theo lĩnh vực>')
    charts.show(figure)
    assert len(shown) == 1 and not plt.fignum_exists(figure.number)
    found = re.fullmatch(r'<img alt="([^"]*)" src="data:image/png;base64,([A-Za-z0-9+/=]+)">', shown[0].data)
    assert found and found[1] == "Hồ sơ &quot;quá hạn&quot; &lt;theo lĩnh vực&gt;"  # the title, escaped
    png = base64.b64decode(found[2])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (850, 400)  # 8,5 × 4 inches at 100 dots an inch, uncropped


def test_an_empty_chart_says_what_it_is_and_why_it_is_empty(monkeypatch):
    import IPython.display
    import pandas as pd

    from tthc_analysis.report import charts

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects: shown.extend(objects))
    figure = charts.volume_by_channel(pd.DataFrame())
    assert figure.axes[0].get_title() == "Hồ sơ tiếp nhận mới theo kênh nộp"
    charts.show(figure)
    assert shown[0].data.startswith('<img alt="Hồ sơ tiếp nhận mới theo kênh nộp: Không có dữ liệu" ')
