"""Exploring the indicators with widgets (JupyterLab, and ``tthc dashboard`` with Voilà).

:class:`Explorer` sets widgets over an :class:`~tthc_analysis.indicators.exploration.Exploration`
counted once: units (several), an indicator, a field (lĩnh vực) or all, a step (month, quarter,
year) and the first and last period. Any change redraws the chart and the table in place, from the
figures already counted (no notebook cell runs again). A target of the city (``targets:`` in
communes.yaml) is drawn as a line on its indicator's chart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from ..core import vnformat as fmt
from ..core.labels import NOT_AVAILABLE
from ..core.periods import STEPS
from ..indicators.exploration import ALL_FIELDS, ALL_FIELDS_NAME, INDICATORS, Exploration, period_label
from . import charts, downloads
from .html import esc, table_html
from .trend_tables import UNIT_HEADING, vn_frame

DEFAULT_INDICATOR = "rate_on_time"
DEFAULT_UNITS = 3  # units chosen at first: a chart of every unit of a city is unreadable
PERIOD_HEADING = "Kỳ"


def legend_html(entries: list[tuple[str, str, bool]]) -> str:
    """The chart's legend beside it: a coloured mark and the name of each line, escaped."""
    items = [
        f'<div><span style="color:{colour}">{"╌╌" if dashed else "━●━"}</span> {esc(label)}</div>'
        for label, colour, dashed in entries
    ]
    return f'<div class="legend note" style="columns: {1 + len(items) // 15}; font-size: 0.85em">{"".join(items)}</div>'


def _shown_percent(value: float) -> float:
    """A rate as the page shows it (rounded once, by the one rounding), NaN kept."""
    return value if pd.isna(value) else float(fmt.rounded_percent(fmt.exact_percent(value)))


class Explorer:
    """Widgets, a chart and a table over the figures of ``exploration``.

    ``targets``: indicator key -> target (a rate in percent), drawn as a line. The current
    choice is read from the widgets; :meth:`frame`, :meth:`table` and :meth:`figure` give what
    is drawn, so tests drive the widgets and check those without a browser.
    """

    def __init__(self, exploration: Exploration, targets: Mapping[str, float] | None = None) -> None:
        self.exploration = exploration
        self.targets = dict(targets or {})
        units = list(exploration.units.items())
        self.communes = widgets.SelectMultiple(
            options=[(name, commune_id) for commune_id, name in units],
            value=tuple(commune_id for commune_id, _ in units[:DEFAULT_UNITS]),
            rows=min(len(units), 8),
            description="Đơn vị",
        )
        self.indicator = widgets.Dropdown(
            options=[(spec.name, key) for key, spec in INDICATORS.items()],
            value=DEFAULT_INDICATOR,
            description="Chỉ tiêu",
        )
        self.field = widgets.Dropdown(description="Lĩnh vực")
        self.step = widgets.ToggleButtons(
            options=[(name.capitalize(), step) for step, name in STEPS.items() if exploration.periods.get(step)],
            value="month",
            description="Theo",
        )
        self.first = widgets.Dropdown(description="Từ kỳ")
        self.last = widgets.Dropdown(description="Đến kỳ")
        self.chart = widgets.Image(format="png")
        self.grid = widgets.HTML()
        self.files = widgets.HTML()
        self.more_button = widgets.Button(description="Tạo tệp Excel, PNG, SVG", icon="download")
        self.more_button.layout.width = "auto"  # the whole label, not "Tạo tệp Excel, P…"
        self.legend = widgets.HTML()
        self.more = widgets.HTML()
        self.more_button.on_click(self.make_files)
        self.message = widgets.HTML()
        self._drawing = False
        self._fill_fields()
        self._fill_span()
        for control in (self.communes, self.field, self.first, self.last):
            control.observe(self._changed, names="value")
        self.indicator.observe(self._indicator_changed, names="value")
        self.step.observe(self._step_changed, names="value")
        for control in (self.communes, self.indicator, self.field, self.first, self.last):
            control.style.description_width = "6em"
            control.layout.width = "32em"
        self.redraw()

    # ---------------------------------------------------------------- the choice
    def _fill_fields(self) -> None:
        """The field list: every field of the data for an indicator counted by field; else only all."""
        spec = INDICATORS[self.indicator.value]
        fields = self.exploration.fields() if spec.by_field else []
        kept = self.field.value if self.field.value in fields else ALL_FIELDS
        self.field.options = [(ALL_FIELDS_NAME, ALL_FIELDS), *((name, name) for name in fields)]
        self.field.value = kept
        self.field.disabled = not spec.by_field

    def _fill_span(self) -> None:
        periods = self.exploration.periods[self.step.value]
        options = [(period_label(p.id), p.id) for p in periods]
        self.first.options, self.last.options = options, options
        self.first.value, self.last.value = periods[0].id, periods[-1].id

    def _changed(self, _change=None) -> None:
        if not self._drawing:
            self.redraw()

    def _indicator_changed(self, _change) -> None:
        with self._held():
            self._fill_fields()
        self.redraw()

    def _step_changed(self, _change) -> None:
        with self._held():
            self._fill_span()
        self.redraw()

    @contextmanager
    def _held(self) -> Iterator[None]:
        """Refill a control without a redraw for each value it passes through."""
        self._drawing = True
        try:
            yield
        finally:
            self._drawing = False

    # ---------------------------------------------------------------- what is drawn
    @property
    def title(self) -> str:
        """The chart's title: the indicator, and the field when one is chosen."""
        name = INDICATORS[self.indicator.value].name
        field = self.field.value
        return f"{name} – lĩnh vực {field}" if field != ALL_FIELDS else name

    def frame(self) -> pd.DataFrame:
        """The chosen figures: periods down (ids), units across (names); NaN where none."""
        first, last = self.first.value, self.last.value
        return self.exploration.table(
            self.communes.value,
            self.indicator.value,
            field=self.field.value,
            step=self.step.value,
            first=first or None,
            last=last or None,
        )

    def table(self, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """:meth:`frame` as the page shows it: period names, Vietnamese numbers, "không có số liệu"."""
        frame = self.frame() if frame is None else frame
        rate = INDICATORS[self.indicator.value].rate
        shown = vn_frame(frame, rates=frame.columns if rate else ())
        shown.index = pd.Index([period_label(p) for p in frame.index], name=PERIOD_HEADING)
        shown.columns = pd.Index(list(frame.columns), name=UNIT_HEADING)
        return shown

    def export_frame(self, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """The figures to download: numbers (a rate in percent, rounded as shown), period names down."""
        frame = self.frame() if frame is None else frame
        if INDICATORS[self.indicator.value].rate:
            frame = frame.apply(lambda column: column.map(_shown_percent))
        out = frame.copy()
        out.index = pd.Index([period_label(p) for p in frame.index], name=PERIOD_HEADING)
        out.columns = pd.Index(list(frame.columns), name=UNIT_HEADING)
        return out

    def figure(self, frame: pd.DataFrame | None = None, *, legend: bool = True) -> Figure:
        """The chart: a line per unit, a gap where a period has no figure, the target as a dashed
        line; without ``legend``, as the page shows it, its legend written beside it in HTML."""
        spec = INDICATORS[self.indicator.value]
        target = self.targets.get(self.indicator.value)
        frame = self.frame() if frame is None else frame
        return charts.trend_lines(frame, self.title, percent=spec.rate, target=target, quick=True, legend=legend)

    def file_name(self) -> str:
        """The downloads' name: indicator, step and span ("rate_on_time-quarter-2025-Q1-2026-Q1")."""
        first, last = sorted((self.first.value, self.last.value))  # ids of one step sort by time
        return "-".join(x for x in (self.indicator.value, self.step.value, first, last) if x)

    def redraw(self) -> None:
        """Draw the chart and the table of the current choice in place."""
        if not self.communes.value:
            self.message.value = '<p class="warn">Chọn ít nhất một đơn vị.</p>'
            self.chart.value, self.grid.value, self.files.value, self.more.value = b"", "", "", ""
            self.legend.value = ""
            return
        frame = self.frame()
        figure = self.figure(frame, legend=False)
        try:
            png = downloads.chart_file(figure, "png")
            self.legend.value = legend_html(charts.legend_entries(figure))
        finally:
            plt.close(figure)
        name = self.file_name()
        self.chart.value = png
        self.grid.value = table_html(self.table(frame))
        csv = downloads.table_files(self.export_frame(frame), xlsx=False)["csv"]
        csv_link = downloads.download_link(csv, f"{name}.csv", "text/csv", "CSV")
        self.files.value = f'<p class="downloads note">Tải bảng về: {csv_link}</p>'
        self.more.value = ""
        missing = int(frame.isna().to_numpy().sum())
        self.message.value = (
            # Why a cell is empty is not said cell by cell: each of these reasons can be the one.
            f'<p class="note">{fmt.number(missing)} ô {NOT_AVAILABLE}: kỳ mà dữ liệu xuất không phủ trọn, '
            "không có hồ sơ nào, hoặc số liệu phụ thuộc hồ sơ trước ngày đầu của dữ liệu xuất; "
            "không bao giờ tính là 0.</p>"
            if missing
            else ""
        )

    def make_files(self, _button=None) -> None:
        """The table as .xlsx, the chart as PNG and SVG with its legend drawn in, made when asked
        (at every change they would slow each redraw)."""
        figure = self.figure()
        try:
            self.more.value = downloads.table_links(self.export_frame(), self.file_name()) + downloads.chart_links(
                figure, self.file_name()
            )
        finally:
            plt.close(figure)

    # ---------------------------------------------------------------- the page
    @property
    def widget(self) -> widgets.Widget:
        """Everything, laid out: choices on top, then the chart, the downloads and the table."""
        choices = widgets.VBox([self.communes, self.indicator, self.field, self.step, self.first, self.last])
        more = widgets.HBox([self.more_button, self.more])
        chart = widgets.HBox([self.chart, self.legend])
        return widgets.VBox([choices, chart, self.message, self.files, more, self.grid])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


DATA_ENV = "TTHC_DATA"  # the data root `tthc dashboard --data` hands to the notebook it serves


def explore(communes: str | list[str] = "all", data_dir: str | None = None) -> Explorer:
    """Count the chosen units' figures once (with a progress bar) and give their widgets.

    ``data_dir``: the data root; empty, the one ``tthc dashboard --data`` set, else the sample.
    """
    import os

    from tqdm.auto import tqdm

    from ..indicators.exploration import city_targets, load_exploration

    data_dir = data_dir or os.environ.get(DATA_ENV) or None
    progress = lambda units: tqdm(units, desc="Đọc và tính số liệu", unit=" đơn vị")  # noqa: E731
    exploration = load_exploration(communes, data_dir, progress=progress)
    return Explorer(exploration, city_targets(data_dir))
