"""Every indicator of every chosen unit, period and field (lĩnh vực), counted once, for exploring.

:func:`load_exploration` reads each unit's exports once and counts Biểu 06a for every month,
quarter and year the exports cover in full; :meth:`Exploration.table` then answers any choice
(units, indicator, field, span, step) from that table, without counting again, so a page of
widgets redraws at once (``report/explore.py``).

A period the exports do not cover to its last day, or in which no dossier takes part, has no
figures (NaN, "không có số liệu"), never zeros. Rates are exact here (floats); they are rounded
once, where they are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.errors import InputError
from ..core.labels import BIEU06A_LONG, FIGURES, RATE_LONG, RATE_NAMES, SUMS
from ..core.periods import STEPS, Period, month_containing, parse_period, step_periods
from ..inputs.dataroot import resolve_data_root
from .commune import ExportSpan, load_commune
from .history import indicator_row, period_indicators
from .results import Bieu06aCounts, Indicators, Rate

ALL_FIELDS = ""  # the field value of a unit's whole figures (every field together)
ALL_FIELDS_NAME = "Tất cả lĩnh vực"


@dataclass(frozen=True)
class ExploreIndicator:
    """An indicator that can be explored: its column, Vietnamese name, and whether it is a rate
    (in percent) and exists for one field (lĩnh vực) as well as for the whole unit."""

    key: str
    name: str
    rate: bool
    by_field: bool


COUNT_KEYS = (*BIEU06A_LONG, *SUMS)  # (3)–(13), then (4)+(5), (8)+(9), (10)+(13)
FIELD_RATES = {"on_time": ("resolved_in_time", "resolved"), "online": ("online", "new")}
INDICATORS: dict[str, ExploreIndicator] = {
    **{key: ExploreIndicator(key, BIEU06A_LONG[key], False, True) for key in BIEU06A_LONG},
    **{key: ExploreIndicator(key, SUMS[key], False, True) for key in SUMS},
    **{
        f"rate_{name}": ExploreIndicator(f"rate_{name}", RATE_LONG[name], True, name in FIELD_RATES)
        for name in RATE_NAMES
    },
    "overdue_share": ExploreIndicator("overdue_share", FIGURES["overdue_share"], True, True),
    "qd766_points": ExploreIndicator("qd766_points", "Điểm chỉ số QĐ 766 (phần tính được từ dữ liệu)", False, False),
}
ID_COLUMNS = ["commune", "commune_name", "step", "period", "field"]


def _field_values(counts: Bieu06aCounts) -> dict[str, float | None]:
    """One field's figures and the rates its own counts give."""
    values: dict[str, float | None] = {key: getattr(counts, key) for key in COUNT_KEYS}
    for name, (numerator, denominator) in FIELD_RATES.items():
        values[f"rate_{name}"] = Rate(values[numerator], values[denominator]).percent  # type: ignore[arg-type]
    values["overdue_share"] = Rate(counts.overdue, counts.total).percent
    return values


def indicator_rows(ind: Indicators, unit: dict[str, str], step: str) -> list[dict[str, object]]:
    """A period's rows: the unit's whole figures (field ``ALL_FIELDS``), then one row per field."""
    whole = {key: value for key, value in indicator_row(ind).items() if key in INDICATORS}
    whole["qd766_points"] = None if ind.qd766 is None else ind.qd766.points
    rows = [{**unit, "step": step, "period": ind.period.id, "field": ALL_FIELDS, **whole}]
    for row in ind.bieu06a.rows:
        rows.append(
            {**unit, "step": step, "period": ind.period.id, "field": row.field_name, **_field_values(row.counts)}
        )
    return rows


@dataclass(frozen=True)
class Exploration:
    """The indicators of the chosen units over every whole month, quarter and year of their exports.

    ``values``: a row per unit, step, period and field (``ALL_FIELDS`` for the whole unit), a
    column per :data:`INDICATORS` key, NaN where there is no figure; ``periods``: per step, the
    periods from the first to the last month the exports reach.
    """

    communes: tuple[str, ...]
    commune_names: tuple[str, ...]
    periods: dict[str, tuple[Period, ...]]
    values: pd.DataFrame

    @property
    def units(self) -> dict[str, str]:
        """The units, id -> name, in the order chosen."""
        return dict(zip(self.communes, self.commune_names, strict=True))

    def fields(self, communes: Iterable[str] | None = None) -> list[str]:
        """The fields (lĩnh vực) with dossiers in any of ``communes`` (all by default), by name."""
        rows = self.values if communes is None else self.values[self.values["commune"].isin(list(communes))]
        return sorted(set(rows["field"]) - {ALL_FIELDS})

    def span(self, step: str, first: str | None = None, last: str | None = None) -> list[Period]:
        """The periods of ``step`` from ``first`` to ``last`` (ids of that step; the whole span by default)."""
        periods = list(self.periods[step])
        ids = [p.id for p in periods]
        start = ids.index(first) if first is not None else 0
        end = ids.index(last) if last is not None else len(ids) - 1
        if start > end:
            start, end = end, start
        return periods[start : end + 1]

    def table(
        self,
        communes: Iterable[str],
        indicator: str,
        *,
        field: str = ALL_FIELDS,
        step: str = "month",
        first: str | None = None,
        last: str | None = None,
    ) -> pd.DataFrame:
        """Periods down (ids), units across (by name, in the order given), one indicator: NaN where a
        unit has no figure, so a gap is a gap and never 0."""
        chosen = [c for c in dict.fromkeys(communes) if c in self.units]
        periods = [p.id for p in self.span(step, first, last)]
        spec = INDICATORS[indicator]
        if field != ALL_FIELDS and not spec.by_field:
            raise InputError(f"chỉ tiêu '{spec.name}' không tính được cho từng lĩnh vực")
        rows = self.values[
            (self.values["step"] == step)
            & (self.values["field"] == field)
            & self.values["commune"].isin(chosen)
            & self.values["period"].isin(periods)
        ]
        table = rows.pivot(index="period", columns="commune", values=indicator).astype(float)
        table = table.reindex(index=periods, columns=chosen)
        table.columns = pd.Index([self.units[c] for c in chosen], name="commune_name")
        table.index.name = "period"
        return table


def whole_months(span: ExportSpan) -> tuple[Period, Period] | None:
    """The months of an export's span: from the one of its first received day (as every product
    counts it) to the last one it reaches to the end (a month it stops inside is not whole: its
    open dossiers would all look overdue)."""
    if span.first is None or span.last is None:
        return None
    first, last = month_containing(span.first), month_containing(span.last)
    if last.end > span.last:
        last = last.previous()  # the exports stop inside it: not a whole month
    return (first, last) if (first.year, first.index) <= (last.year, last.index) else None


def _unit_rows(data, steps: tuple[str, ...]) -> tuple[list[dict[str, object]], tuple[Period, Period] | None]:
    """A unit's rows for every step, and its first and last whole month (None: no dated dossier)."""
    if data.dossiers is None:
        return [], None
    months = whole_months(ExportSpan.of(data.dossiers))
    if months is None:
        return [], None
    unit = {"commune": data.commune.id, "commune_name": data.commune.full_name}
    rows: list[dict[str, object]] = []
    for step in steps:
        for ind in period_indicators(data, step_periods(*months, step)):
            if ind.counts.total or ind.counts.new:  # no dossier in the period: no figures, not zeros
                rows.extend(indicator_rows(ind, unit, step))
    return rows, months


def load_exploration(
    communes: str | list[str] = "all",
    data_dir: str | Path | None = None,
    *,
    steps: Iterable[str] = tuple(STEPS),
    progress: Callable[[Iterable], Iterable] | None = None,
) -> Exploration:
    """Read the chosen units' exports once and count every whole month, quarter and year they cover.

    ``progress`` wraps the units as they are read and counted (``tqdm``, in a notebook).
    """
    root = resolve_data_root(data_dir)
    chosen = list(dict.fromkeys(root.select(communes)))
    steps = tuple(steps)
    names, rows, spans = [], [], []
    for commune_id in (progress or (lambda units: units))(chosen):
        data = load_commune(root, commune_id)
        names.append(data.commune.full_name)
        unit_rows, months = _unit_rows(data, steps)
        rows.extend(unit_rows)
        spans.extend([months] if months else [])
    if not rows:
        raise InputError("các đơn vị đã chọn không có hồ sơ nào trong một tháng trọn vẹn của dữ liệu xuất")
    first = min((m[0] for m in spans), key=lambda p: (p.year, p.index))
    last = max((m[1] for m in spans), key=lambda p: (p.year, p.index))
    values = pd.DataFrame(rows, columns=[*ID_COLUMNS, *INDICATORS]).astype(dict.fromkeys(INDICATORS, float))
    return Exploration(
        communes=tuple(chosen),
        commune_names=tuple(names),
        periods={step: tuple(step_periods(first, last, step)) for step in steps},
        values=values,
    )


def period_label(period_id: str) -> str:
    """A period as a table's row or a chart's axis names it: "tháng 02 năm 2026", "quý I năm 2026", "năm 2025"."""
    return parse_period(period_id).name


def city_targets(data_dir: str | Path | None = None) -> dict[str, float]:
    """The targets of communes.yaml (``targets:``), indicator key -> value, checked against :data:`INDICATORS`."""
    from ..inputs.targets import read_targets

    return read_targets(resolve_data_root(data_dir), {key: spec.name for key, spec in INDICATORS.items()})
