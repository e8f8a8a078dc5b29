"""Comparing communes and following indicators over time (xu hướng, the trends notebook).

:func:`city_trends` loads the chosen communes once and gives, for a run of months: one row
per commune and month (:attr:`CityTrends.history`), the change of every indicator against
the month before and the same month a year earlier (:func:`month_changes`), and the
dossiers received per field (lĩnh vực), from which :func:`seasonal_profile` gives the mean
per calendar month across years. :func:`compare_communes` sets communes side by side in one
month; :func:`outliers` flags a commune whose share of overdue dossiers jumped against its
own usual level.

A month the exports do not reach has no figures ("không có số liệu"), never zeros: the
exports cover their first received day to their last activity
(:meth:`~tthc_analysis.indicators.commune.CommuneData.dossier_indicators` gives None
outside that span), so with the sample, whose exports start in period 2025-01 and end on
14/03/2026, neither 2024-12 nor 2026-04 is a month with nothing received (in 2026-04 the
dossiers still open on 14/03 would otherwise all look overdue). A month inside the span in
which no dossier takes part has no figures either. Such a month has no row in
:attr:`CityTrends.history`, its changes are NaN, and :func:`outliers` never sees it.

Everything here is numbers (floats, NaN where there is no figure); the Vietnamese display
is the report stage's (:mod:`tthc_analysis.report.trend_tables`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.errors import InputError
from ..core.labels import FIGURES, RATE_LONG, RATE_NAMES
from ..core.periods import STEPS, Period, month_containing, parse_period, step_periods
from ..inputs.dataroot import resolve_data_root
from .commune import load_commune
from .history import field_rows, indicator_row, period_indicators

# The outlier rule (notebooks/trends.ipynb explains it in words; a test keeps the two in step).
OUTLIER_MIN_JUMP = 2.0  # at least this many percentage points above the usual level …
OUTLIER_SPREADS = 3.0  # … and this many median absolute deviations above it
OUTLIER_MIN_MONTHS = 3  # a commune needs this many months with a figure to have a usual level
COMPARISON_MONTHS = 12  # loaded before the first month, for the changes against a year earlier


@dataclass(frozen=True)
class TrendIndicator:
    """An indicator followed over time: its key (a column of the history) and Vietnamese name."""

    key: str
    name: str
    rate: bool  # a percentage: its changes are in percentage points (điểm phần trăm)


COUNT_KEYS = ("total", "carried_over", "new", "resolved", "resolved_in_time", "in_progress", "overdue")
INDICATORS: dict[str, TrendIndicator] = {
    **{key: TrendIndicator(key, FIGURES[key], False) for key in COUNT_KEYS},
    "overdue_share": TrendIndicator("overdue_share", FIGURES["overdue_share"], True),
    **{f"rate_{name}": TrendIndicator(f"rate_{name}", RATE_LONG[name], True) for name in RATE_NAMES},
}
COMPARE_COLUMNS: tuple[str, ...] = (
    "total",
    "new",
    "overdue",
    "overdue_share",
    *(f"rate_{name}" for name in ("on_time", "online", "online_payment", "digitisation", "e_result", "reuse")),
)
CHANGE_COLUMNS = ("value", "previous", "change_previous", "last_year", "change_last_year")


@dataclass(frozen=True)
class CityTrends:
    """The chosen communes over the periods from ``first`` to ``last``, a month, quarter or year
    each (``step``).

    ``history``: a row per commune and period with dossiers (columns of
    :func:`~tthc_analysis.indicators.history.indicator_row`, and ``commune``, ``commune_name``);
    ``changes``: :func:`month_changes` of every chosen commune and period, NaN where a period
    has no figures; ``fields``: dossiers received per commune, period and field (``received``).
    """

    first: Period
    last: Period
    communes: tuple[str, ...]
    commune_names: tuple[str, ...]
    history: pd.DataFrame
    changes: pd.DataFrame
    fields: pd.DataFrame
    step: str = "month"

    @property
    def periods(self) -> list[str]:
        """The ids of the periods from ``first`` to ``last``."""
        months = month_containing(self.first.start), month_containing(self.last.end)
        return [p.id for p in step_periods(*months, self.step)]

    @property
    def units(self) -> dict[str, str]:
        """The chosen communes, id -> name, in the order chosen."""
        return dict(zip(self.communes, self.commune_names, strict=True))

    @property
    def last_with_figures(self) -> Period:
        """The last period of the window in which a chosen commune has figures (``last`` when the exports reach it)."""
        return parse_period(max(self.history["period"]))

    def periods_without_figures(self) -> list[str]:
        """The periods of the window in which no chosen commune has figures."""
        shown = set(self.history["period"])
        return [period for period in self.periods if period not in shown]


def parse_months(first: str, last: str, names: tuple[str, str] = ("kỳ đầu", "kỳ cuối")) -> tuple[Period, Period]:
    """The first and last month of a trend (``2025-01``, ``2026-02``); the first not after the last.

    A quarter, half year, nine months or year (``2025-Q1``, ``2025``) stands for its first month
    as ``first`` and its last month as ``last``. ``names`` name the two values in messages (the
    command line says ``--from``, ``--to``).
    """
    months = []
    for position, (name, value) in enumerate(zip(names, (first, last), strict=True)):
        try:
            period = parse_period(str(value))
        except InputError:
            period = None
        if period is None or period.is_range:
            raise InputError(
                f"{name} '{value}' không phải một tháng, quý hay năm; dùng dạng 2025-01 (tháng 01 năm 2025), "
                "2025-Q1 (quý I năm 2025) hoặc 2025"
            )
        months.append(month_containing(period.end if position else period.start))
    start, end = months
    if (start.year, start.index) > (end.year, end.index):
        raise InputError(f"{names[0]} {start.id} ({start.name}) sau {names[1]} {end.id} ({end.name})")
    return start, end


def months_before(period: Period, count: int) -> Period:
    """The month ``count`` months before ``period``."""
    for _ in range(count):
        period = period.previous()
    return period


def _history_frames(root, chosen: list[str], months: list[Period]) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """History rows and field rows of every chosen commune and month with dossiers; the communes' names."""
    rows, fields, names = [], [], []
    for commune_id in chosen:
        data = load_commune(root, commune_id)
        unit = {"commune": commune_id, "commune_name": data.commune.full_name}
        names.append(data.commune.full_name)
        for ind in period_indicators(data, months):
            if not (ind.counts.total or ind.counts.new):
                continue  # no dossier in the exports: no figures for this month, not zeros
            # (a month whose carried over is unknown keeps what is known: its new dossiers)
            rows.append({**unit, **indicator_row(ind)})
            fields.extend({**unit, **row} for row in field_rows(ind))
    field_frame = pd.DataFrame(fields, columns=["commune", "commune_name", "period", "field", "received"])
    return pd.DataFrame(rows), field_frame, names


def trend_window(first: str, last: str, step: str = "month") -> list[Period]:
    """The whole months, quarters or years (``step``) from ``first`` to ``last`` (as
    :func:`parse_months` reads them); none is refused, naming the span."""
    start, end = parse_months(first, last)
    window = step_periods(start, end, step)
    if not window:
        raise InputError(f"không có {STEPS[step]} trọn vẹn nào từ {start.name} đến {end.name}")
    return window


def city_trends(
    communes: str | list[str] = "all",
    first: str = "2025-03",
    last: str = "2026-02",
    data_dir: str | Path | None = None,
    step: str = "month",
) -> CityTrends:
    """Indicators, changes and fields of every chosen commune from ``first`` to ``last``, by
    month, quarter or year (``step``; each period counted on its own, as its report would be).

    The year before ``first`` is read too, so that the first periods of the window have their
    period-before and year-before figures where the exports go back that far.
    """
    root = resolve_data_root(data_dir)
    chosen = list(dict.fromkeys(root.select(communes)))  # a commune once, however often it is named
    periods = trend_window(first, last, step)
    start, end = periods[0], periods[-1]
    loaded = step_periods(
        months_before(month_containing(start.start), COMPARISON_MONTHS), month_containing(end.end), step
    )
    history, fields, names = _history_frames(root, chosen, loaded)
    if history.empty:
        raise InputError(f"không có hồ sơ nào của các đơn vị đã chọn từ {start.name} đến {end.name}")
    window = [p.id for p in periods]
    changes = month_changes(every_month(history, dict(zip(chosen, names)), [p.id for p in loaded]))
    return CityTrends(
        step=step,
        first=start,
        last=end,
        communes=tuple(chosen),
        commune_names=tuple(names),
        history=history[history["period"].isin(window)].reset_index(drop=True),
        changes=changes[changes["period"].isin(window)].reset_index(drop=True),
        fields=fields[fields["period"].isin(window)].reset_index(drop=True),
    )


def city_history(
    communes: str | list[str] = "all", first: str = "2025-03", last: str = "2026-02", data_dir: str | Path | None = None
) -> pd.DataFrame:
    """Indicators of every chosen commune and month from ``first`` to ``last`` (long format)."""
    return city_trends(communes, first, last, data_dir).history


def every_month(history: pd.DataFrame, units: dict[str, str], months: list[str]) -> pd.DataFrame:
    """``history`` with a row for every commune of ``units`` (id -> name) and month: NaN figures where
    it has none, so that the month is shown as "không có số liệu", not left out."""
    grid = pd.DataFrame(
        [(commune, name, month) for commune, name in units.items() for month in months],
        columns=["commune", "commune_name", "period"],
    )
    return grid.merge(history.drop(columns="commune_name"), on=["commune", "period"], how="left", validate="1:1")


def _per_year(period_ids: pd.Series) -> int:
    """How many periods of the ids' step make a year: 12 months ("2026-02"), 4 quarters ("2026-Q1"), 1 year ("2026")."""
    first = str(period_ids.iloc[0]) if len(period_ids) else "0000-00"
    return 1 if len(first) == 4 else 4 if first[5] == "Q" else 12


def within_year(period_ids: pd.Series) -> pd.Series:
    """A period's place in its year: the month (1–12), the quarter (1–4), or 1 for a year."""
    return pd.to_numeric(period_ids.str[5:].str.lstrip("Q"), errors="coerce").fillna(1).astype(int)


def _month_number(period_ids: pd.Series) -> pd.Series:
    """ "2026-02" -> 2026 × 12 + 2 ("2026-Q1" -> 2026 × 4 + 1): periods one apart are numbers one apart."""
    return period_ids.str[:4].astype(int) * _per_year(period_ids) + within_year(period_ids)


def month_changes(history: pd.DataFrame, keys: tuple[str, ...] = tuple(INDICATORS)) -> pd.DataFrame:
    """Every indicator of every commune and month against the month before and the same month a year earlier.

    A row per commune, month and indicator: ``value``, ``previous`` (the month before),
    ``change_previous``, ``last_year`` (the same month a year earlier), ``change_last_year``.
    Changes are differences: dossiers for counts, percentage points for rates. A side
    without a figure (a month not in ``history``, a rate with no denominator) leaves the
    change NaN — "không có số liệu", never 0.
    """
    keys = tuple(k for k in keys if k in history.columns)
    frame = history[["commune", "commune_name", "period", *keys]].copy()
    frame["month"] = _month_number(frame["period"])
    long = frame.melt(id_vars=["commune", "commune_name", "period", "month"], var_name="indicator", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce").astype(float)
    reference = long[["commune", "month", "indicator", "value"]]
    on = ["commune", "month", "indicator"]
    for name, lag in (("previous", 1), ("last_year", _per_year(frame["period"]))):
        shifted = reference.assign(month=reference["month"] + lag).rename(columns={"value": name})
        long = long.merge(shifted, on=on, how="left")
        long[f"change_{name}"] = long["value"] - long[name]
    return long.drop(columns="month")[["commune", "commune_name", "period", "indicator", *CHANGE_COLUMNS]]


def compare_communes(history: pd.DataFrame, period: str, units: dict[str, str] | None = None) -> pd.DataFrame:
    """One month across communes, indexed by commune name, columns :data:`COMPARE_COLUMNS` (numbers).

    ``units`` (id -> name, :attr:`CityTrends.units`): every one of them, in that order, NaN
    for a commune without figures that month; without it, the communes that have figures.
    """
    rows = history[history["period"] == period]
    if units is not None:
        rows = every_month(rows, units, [period])
    return rows.set_index("commune_name")[list(COMPARE_COLUMNS)].astype(float)


def pivot(history: pd.DataFrame, column: str, months: list[str] | None = None) -> pd.DataFrame:
    """Periods down, communes across (by name, in the order of ``history``), for one indicator.

    ``months``: a row for every one of them, NaN where no commune has figures (a gap in a
    chart, never 0). Communes are told apart by id, so two with the same name do not collide.
    """
    order = list(dict.fromkeys(history["commune"]))
    names = history.drop_duplicates("commune").set_index("commune")["commune_name"]
    table = history.pivot(index="period", columns="commune", values=column).astype(float)[order]
    table.columns = pd.Index(names[order], name="commune_name")
    return table if months is None else table.reindex(months)


def seasonal_profile(fields: pd.DataFrame) -> pd.DataFrame:
    """Mean dossiers received per field (lĩnh vực) and calendar month (or quarter) across years (mùa vụ).

    ``fields`` as :attr:`CityTrends.fields`. The chosen communes are added up in each month;
    a field with no dossier in a month that has data counts 0 there. Rows: fields, the
    busiest first; columns: months 1–12 (named "month") or quarters 1–4 ("quarter"), NaN for
    one with no data in any year.
    """
    per_month = fields.groupby(["period", "field"])["received"].sum().unstack("field", fill_value=0)
    place = within_year(pd.Series(per_month.index, index=per_month.index))
    means = per_month.groupby(place).mean().T.reindex(columns=range(1, _per_year(fields["period"]) + 1))
    order = per_month.sum().sort_values(ascending=False, kind="stable").index
    means = means.loc[order]
    means.index.name, means.columns.name = "field", "quarter" if len(means.columns) == 4 else "month"
    return means


def years_per_month(fields: pd.DataFrame) -> pd.Series:
    """How many years the mean of each calendar month (1–12) or quarter (1–4) is taken over (0: no data)."""
    periods = pd.Series(fields["period"].unique(), dtype=str)
    counts = within_year(periods).value_counts()
    return counts.reindex(range(1, _per_year(periods) + 1), fill_value=0).rename("years")


def outliers(
    history: pd.DataFrame,
    column: str = "overdue_share",
    min_jump: float = OUTLIER_MIN_JUMP,
    spreads: float = OUTLIER_SPREADS,
) -> pd.DataFrame:
    """Commune-months where ``column`` jumped above the commune's usual level (bất thường).

    Usual level: the commune's median over the months shown; a jump is more than
    ``min_jump`` (points, for a rate) and more than ``spreads`` median absolute deviations
    above it. A commune with fewer than :data:`OUTLIER_MIN_MONTHS` months is not judged.
    Columns: ``commune_name``, ``period``, ``value``, ``usual``, ``excess``.
    """
    # Each commune by its id: two units may share a name (two "xã An Hòa" of different districts).
    unit = "commune" if "commune" in history.columns else "commune_name"
    values = history[list(dict.fromkeys([unit, "commune_name", "period"]))]
    values = values.assign(value=pd.to_numeric(history[column], errors="coerce")).dropna(subset=["value"])
    by_commune = values.groupby(unit, sort=False)["value"]
    usual = by_commune.transform("median")
    spread = (values["value"] - usual).abs().groupby(values[unit], sort=False).transform("median")
    threshold = usual + (spreads * spread).clip(lower=min_jump)
    jumped = (values["value"] > threshold) & (by_commune.transform("size") >= OUTLIER_MIN_MONTHS)
    flagged = values.assign(usual=usual, excess=values["value"] - usual)[jumped]
    return flagged.reset_index(drop=True)[["commune_name", "period", "value", "usual", "excess"]]
