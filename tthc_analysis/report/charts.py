"""Charts of the report (matplotlib), with Vietnamese labels and one set of colours.

Every function takes indicators or a history frame (:mod:`tthc_analysis.history`) and
returns a :class:`matplotlib.figure.Figure`; the notebook displays it, nbconvert embeds it.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..core import vnformat as fmt
from ..core.errors import InputError
from ..core.labels import CHANNELS, RATE_SHORT
from ..core.periods import parse_period
from ..indicators.results import Indicators

DIGITAL_RATES = ("online", "online_payment", "digitisation", "e_result", "reuse")

COLORS = {
    "online": "#1f6fb4",
    "direct": "#f28e2b",
    "postal": "#59a14f",
    "in_time": "#59a14f",
    "overdue": "#d62728",
    "carried_over": "#9c9c9c",
    "bar": "#1f6fb4",
    "rates": {
        "on_time": "#59a14f",
        "online": "#1f6fb4",
        "online_payment": "#b07aa1",
        "digitisation": "#f28e2b",
        "e_result": "#76b7b2",
        "reuse": "#9c755f",
    },
}
# The charts' look, set for every figure (a warm kernel resets matplotlib between reports).
STYLE = {
    "font.family": "DejaVu Sans",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "axes.titleweight": "bold",
}

_THOUSANDS = FuncFormatter(lambda value, _: fmt.number(int(value)) if float(value).is_integer() else "")
# A percent axis's ticks as every rate is written ("92,5%", "100%"), never truncated (92.5 is not "92%").
_PERCENT = FuncFormatter(lambda value, _: fmt.percent(value))


def _text(value: object) -> str:
    """Text from data as a plain label: "$" would otherwise start matplotlib's math mode."""
    return str(value).replace("$", r"\$")


def _label(period_id: str) -> str:
    """ "2026-02" -> "02/2026", "2026-Q1" -> "Quý I/2026", "2025" -> "2025"; another period by its
    name ("2025-H1" -> "6 tháng đầu năm 2025"), never its id."""
    if len(period_id) == 7 and period_id[4] == "-" and period_id[5:].isdigit():
        return f"{period_id[5:]}/{period_id[:4]}"
    if len(period_id) == 7 and period_id[4:6] == "-Q":
        return f"Quý {parse_period(period_id).short_name.split()[-1]}/{period_id[:4]}"
    if period_id.isdigit():
        return period_id
    try:
        return parse_period(period_id).name
    except InputError:  # not a period: a label drawn as given
        return period_id


def _figure(width: float = 8.5, height: float = 4.0) -> tuple[Figure, plt.Axes]:
    plt.rcParams.update(STYLE)
    figure, axes = plt.subplots(figsize=(width, height), layout="constrained")
    return figure, axes


def _empty(axes, title: str, text: str = "Không có dữ liệu") -> None:
    """A chart with nothing to draw still says what it is, and why it is empty."""
    axes.set_title(title)
    axes.text(0.5, 0.5, text, ha="center", va="center", transform=axes.transAxes, color="#666666", gid="empty")
    axes.set_xticks([])
    axes.set_yticks([])


def volume_by_channel(history: pd.DataFrame, title: str = "Hồ sơ tiếp nhận mới theo kênh nộp") -> Figure:
    """Stacked bars of new dossiers per period: online, direct, postal (and carried over)."""
    figure, axes = _figure()
    if history.empty:
        _empty(axes, title)
        return figure
    labels = [_label(p) for p in history.index]
    bottom = pd.Series(0, index=history.index, dtype=float)
    by_channel = tuple((f"new_{key}", CHANNELS[key], COLORS[key]) for key in ("online", "direct", "postal"))
    if history["new_online"].isna().all():  # exports without a channel: the new dossiers, undivided
        by_channel = (("new", "Tiếp nhận mới (không có số liệu kênh nộp)", COLORS["bar"]),)
    for column, name, colour in by_channel:
        values = history[column].astype(float)  # a period without the figure gets no bar, not a 0 bar
        axes.bar(labels, values, bottom=bottom, color=colour, label=name)
        bottom += values
    axes.plot(
        labels,
        history["carried_over"].astype(float),
        color=COLORS["carried_over"],
        marker="o",
        linewidth=1.5,
        label="Kỳ trước chuyển sang",
    )
    axes.set_title(title)
    axes.set_ylabel("Số hồ sơ")
    axes.yaxis.set_major_formatter(_THOUSANDS)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    axes.tick_params(axis="x", rotation=45)
    return figure


def on_time_and_overdue(history: pd.DataFrame, title: str = "Tỷ lệ giải quyết đúng hạn và hồ sơ quá hạn") -> Figure:
    """On-time rate (line, left axis) and overdue dossiers (bars, right axis) per period."""
    figure, axes = _figure()
    if history.empty:
        _empty(axes, title)
        return figure
    labels = [_label(p) for p in history.index]
    right = axes.twinx()
    right.bar(labels, history["overdue"].astype(float), color=COLORS["overdue"], alpha=0.55, label="Hồ sơ quá hạn")
    right.set_ylabel("Hồ sơ quá hạn")
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    right.spines["right"].set_visible(True)
    axes.plot(
        labels,
        history["rate_on_time"].astype(float),
        color=COLORS["in_time"],
        marker="o",
        linewidth=2,
        label="Tỷ lệ đúng hạn",
    )
    axes.set_zorder(right.get_zorder() + 1)
    axes.patch.set_visible(False)
    low = history["rate_on_time"].dropna()
    axes.set_ylim(max(0, (low.min() if len(low) else 0) - 5), 100.5)
    axes.yaxis.set_major_formatter(_PERCENT)
    axes.set_ylabel("Tỷ lệ đúng hạn")
    axes.set_title(title)
    handles = axes.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    # Below the plot, under the months: inside it, the legend covered the bars.
    figure.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False)
    axes.tick_params(axis="x", rotation=45)
    return figure


def largest_fields(ind: Indicators, top: int = 10, title: str = "Lĩnh vực có nhiều hồ sơ nhất") -> Figure:
    """Horizontal bars of the fields (lĩnh vực) with the most dossiers in the period."""
    rows = sorted(ind.bieu06a.rows, key=lambda r: -(r.counts.total or 0))[:top]
    figure, axes = _figure(8.5, 0.45 * max(len(rows), 3) + 1.2)
    if not rows:
        _empty(axes, title, "Không có số liệu theo lĩnh vực")
        return figure
    names = [_text(r.field_name) for r in reversed(rows)]
    in_time = [(r.counts.total or 0) - (r.counts.overdue or 0) for r in reversed(rows)]
    overdue = [r.counts.overdue or 0 for r in reversed(rows)]
    axes.barh(names, in_time, color=COLORS["bar"], label="Trong hạn, đúng hạn")
    axes.barh(names, overdue, left=in_time, color=COLORS["overdue"], label="Quá hạn")
    for y, (a, b) in enumerate(zip(in_time, overdue)):
        axes.text(a + b, y, f" {fmt.number(a + b)}", va="center", fontsize=9)
    axes.xaxis.set_major_formatter(_THOUSANDS)
    axes.set_xlabel("Số hồ sơ")
    axes.set_title(title)
    axes.legend(loc="lower right", frameon=False)
    return figure


def vertical_agencies(ind: Indicators, title: str = "Hồ sơ của các cơ quan ngành dọc") -> Figure:
    """Bars of the dossiers each vertical agency received and processed."""
    agencies = ind.vertical_agencies or []
    figure, axes = _figure(8.5, 0.5 * max(len(agencies), 2) + 1.2)
    if not agencies:
        _empty(
            axes,
            title,
            "Không có hồ sơ của cơ quan ngành dọc"
            if ind.vertical_agencies is not None
            else "Không có số liệu đơn vị xử lý",
        )
        return figure
    names = [_text(a.unit) for a in reversed(agencies)]
    totals = [a.total for a in reversed(agencies)]
    axes.barh(names, totals, color=COLORS["bar"])
    for y, value in enumerate(totals):
        axes.text(value, y, f" {fmt.number(value)}", va="center", fontsize=9)
    axes.set_xlabel("Số hồ sơ")
    axes.set_title(title)
    return figure


def digital_indicators(history: pd.DataFrame, title: str = "Chỉ số chuyển đổi số theo kỳ") -> Figure:
    """Lines of the online, payment, digitisation, e-result and reuse rates per period."""
    figure, axes = _figure()
    if history.empty:
        _empty(axes, title)
        return figure
    labels = [_label(p) for p in history.index]
    drawn = 0
    for name in DIGITAL_RATES:
        values = history[f"rate_{name}"].astype(float)
        if values.notna().any():
            axes.plot(labels, values, marker="o", linewidth=1.8, color=COLORS["rates"][name], label=RATE_SHORT[name])
            drawn += 1
    if not drawn:
        _empty(axes, title, "Không có số liệu chuyển đổi số")
        return figure
    axes.yaxis.set_major_formatter(_PERCENT)
    axes.set_ylim(top=101)
    axes.set_ylabel("Tỷ lệ")
    axes.set_title(title)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    axes.tick_params(axis="x", rotation=45)
    return figure


def compare_communes(table: pd.DataFrame, column: str, title: str, percent: bool = False) -> Figure:
    """Bars of one indicator across communes (``table`` indexed by commune name)."""
    figure, axes = _figure(8.5, 0.45 * max(len(table), 3) + 1.2)
    values = table[column].astype(float).sort_values()
    axes.barh([_text(v) for v in values.index], values, color=COLORS["bar"])  # no figure: no bar
    if percent:
        axes.xaxis.set_major_formatter(_PERCENT)
    else:
        axes.xaxis.set_major_formatter(_THOUSANDS)
    axes.set_title(title)
    return figure


TARGET_COLOR = "#d62728"


LEGEND_ROWS = 14  # a legend of more series than this takes a second column


def trend_lines(
    frame: pd.DataFrame,
    title: str,
    percent: bool = False,
    target: float | None = None,
    *,
    quick: bool = False,
    legend: bool = True,
) -> Figure:
    """One line per column (commune) over periods (index); ``target`` a dashed line ("Chỉ tiêu").

    ``quick``: fixed margins instead of the constrained layout, which measures every label
    twice (the exploration widgets redraw at each choice). ``legend`` False: no legend (the
    widgets write it beside the picture, from :func:`legend_entries`: drawing 28 names is most
    of a chart's time).
    """
    columns = 1 + (len(frame.columns) + (target is not None)) // (LEGEND_ROWS + 1) if legend else 0
    figure, axes = _figure(8.5 + 3.0 * max(columns - 1, 0), 4.0)
    if quick:
        figure.set_layout_engine(None)
    labels = [_label(p) for p in frame.index]
    for column in frame.columns:
        axes.plot(labels, frame[column].astype(float), marker="o", linewidth=1.5, label=_text(column))
    if target is not None:
        shown = fmt.percent(target) if percent else fmt.number(target)
        axes.axhline(target, color=TARGET_COLOR, linestyle="--", linewidth=1.2, label=f"Chỉ tiêu {shown}", gid="target")
    if percent and axes.get_ylim()[1] > 100:  # a rate is never over 100 %: no "104%" tick
        bottom, _ = axes.get_ylim()
        axes.set_ylim(min(bottom, 99), 100.5)
    if percent:
        axes.yaxis.set_major_formatter(_PERCENT)
    axes.set_title(title)
    if legend:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, ncols=columns, fontsize="small")
    axes.tick_params(axis="x", rotation=45)
    if quick:
        right = 1 - 0.25 * columns * 8.5 / figure.get_figwidth() if legend else 0.97
        figure.subplots_adjust(left=0.09, right=right, bottom=0.2, top=0.9)
    return figure


def legend_entries(figure: Figure) -> list[tuple[str, str, bool]]:
    """What a legend would say: (label as the data writes it, colour as #rrggbb, dashed) for each
    line drawn (a "$" the chart escaped for matplotlib is a "$" again)."""
    from matplotlib.colors import to_hex

    return [
        (line.get_label().replace(r"\$", "$"), to_hex(line.get_color()), line.get_linestyle() == "--")
        for axes in figure.axes
        for line in axes.lines
    ]


def show(figure: Figure, name: str | None = None) -> None:
    """Display a figure once in a notebook, as a PNG at its own size with its title as the
    picture's text (for screen readers, in Vietnamese), and free it; with ``name``, links under
    it download the chart as PNG and SVG (``name``: the files' name without extension).

    The charts lay themselves out (constrained layout), so the inline backend's tight bounding
    box, which draws every figure a second time to measure it, is not needed. Shown as an
    ``<img>`` with ``alt``: a bare PNG gets nbconvert's English "No description has been provided".
    """
    from IPython.display import HTML, display

    from .downloads import chart_links

    png = io.BytesIO()
    links = ""
    try:
        figure.savefig(png, format="png", dpi=figure.dpi)  # the inline backend's resolution
        said = [a.get_title() for a in figure.axes] + [
            t.get_text() for a in figure.axes for t in a.texts if t.get_gid() == "empty"
        ]
        title = ": ".join(t for t in said if t) or "Biểu đồ"
        if name:
            links = chart_links(figure, name, png=png.getvalue())
    finally:
        plt.close(figure)
    data = base64.b64encode(png.getvalue()).decode("ascii")
    display(HTML(f'<img alt="{html.escape(title)}" src="data:image/png;base64,{data}">{links}'))
