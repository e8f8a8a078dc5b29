"""Tables of a report, ready to display: Vietnamese labels, numbers in Vietnamese style."""

from __future__ import annotations

import pandas as pd

from ..core import vnformat as fmt
from ..core.labels import (
    BIEU06A_KEYS,
    BIEU06A_SHORT,
    FIELD_HEADING,
    FIGURES,
    INDICATOR_HEADING,
    QD766_FULL_POINTS_NO_FEEDBACK,
    QD766_LINEAR,
    QD766_NO_DATA,
    QD766_SOURCES,
    QD766_UNCONFIRMED,
    RATE_LONG,
    RATE_NAMES,
    VERSUS_LAST_YEAR,
    VERSUS_PREVIOUS,
    qd766_threshold,
    qd766_total,
)
from ..core.sources import SOURCE_WORDS
from ..indicators.commune import comparable
from ..indicators.qd766 import Qd766Indicator, Qd766Result
from ..indicators.qd766_spec import SPECS
from ..indicators.results import Indicators, Rate
from .html import table_html
from .period_report import PeriodReport


def _key_values(ind: Indicators | None) -> dict[str, tuple[float | None, bool]]:
    """Label -> (value, whether it is a rate in percent)."""
    if ind is None:
        return {}
    c = ind.counts
    keys = ("total", "carried_over", "new", "resolved", "resolved_in_time", "in_progress", "overdue")
    values = {FIGURES[key]: (getattr(c, key), False) for key in keys}
    for name in RATE_NAMES:
        rate = ind.rates.get(name)
        values[RATE_LONG[name]] = (None if rate is None else rate.percent, True)
    return values


def _change(now: float | None, before: float | None, percent: bool) -> str:
    delta = None if now is None or before is None else now - before
    return fmt.change(delta, points=percent, missing="–")


def _shown(value: float | None, percent: bool, missing: str = "–") -> str:
    if value is None:
        return missing
    return fmt.percent(value) if percent else fmt.number(value)


def _heading(name: str, ind: Indicators | None, now: Indicators) -> str:
    """A column's period, with its source when it is not the report's own (never compared then)."""
    if ind is None or ind.source == now.source:
        return name
    return f"{name} ({SOURCE_WORDS[ind.source]}, không so sánh)"


def key_figures_table(report: PeriodReport) -> pd.DataFrame:
    """Key figures with the change against the previous period and the same period last year.

    A comparison from another source than the report's own (published figures beside dossier
    data) is labelled and its change is not computed: the two do not count the same way.
    """
    ind = report.indicators
    now = _key_values(ind)
    before, year = (_key_values(x) if comparable(ind, x) else {} for x in (report.previous, report.last_year))
    shown_before, shown_year = (_key_values(x) for x in (report.previous, report.last_year))
    rows = []
    for label, (value, percent) in now.items():
        then, last = before.get(label, (None, percent))[0], year.get(label, (None, percent))[0]
        rows.append(
            {
                INDICATOR_HEADING: label,
                "Kỳ này": _shown(value, percent, fmt.NOT_AVAILABLE),
                "Kỳ trước": _shown(shown_before.get(label, (None, percent))[0], percent),
                VERSUS_PREVIOUS: _change(value, then, percent),
                "Cùng kỳ năm trước": _shown(shown_year.get(label, (None, percent))[0], percent),
                VERSUS_LAST_YEAR: _change(value, last, percent),
            }
        )
    table = pd.DataFrame(rows).set_index(INDICATOR_HEADING)
    period = report.period
    table.columns = [
        period.name,
        _heading(period.previous().name, report.previous, ind),
        VERSUS_PREVIOUS,
        _heading(period.same_period_last_year().name, report.last_year, ind),
        VERSUS_LAST_YEAR,
    ]
    if period.previous() == period.same_period_last_year():  # a year: the period before is last year's
        table = table.iloc[:, :3]
    return table


def bieu06a_table(ind: Indicators) -> pd.DataFrame:
    """Biểu 06a as a table: a row per field and the total row, the form's numbered columns."""
    rows = [
        {FIELD_HEADING: r.field_name, **{BIEU06A_SHORT[k]: getattr(r.counts, k) for k in BIEU06A_KEYS}}
        for r in ind.bieu06a.rows
    ]
    rows.append({FIELD_HEADING: "Tổng cộng", **{BIEU06A_SHORT[k]: getattr(ind.counts, k) for k in BIEU06A_KEYS}})
    table = pd.DataFrame(rows).set_index(FIELD_HEADING)
    return table.map(lambda v: fmt.NOT_AVAILABLE if v is None or pd.isna(v) else fmt.number(int(v)))


def reconciliation_table(ind: Indicators) -> pd.DataFrame | None:
    """Published figures beside the dossier data, or None when there is nothing to set beside."""
    if not ind.reconciliation:
        return None
    return pd.DataFrame(
        [
            {
                INDICATOR_HEADING: i.label,
                # Two decimals, as published ("98,53"), and as the finding of the difference says them.
                "Đã công bố": fmt.number(i.published, 2),
                "Tính từ dữ liệu hồ sơ": "–" if i.computed is None else fmt.number(i.computed, 2),
                "Chênh lệch": "" if i.matches or i.difference is None else fmt.signed(i.difference),
            }
            for i in ind.reconciliation
        ]
    ).set_index(INDICATOR_HEADING)


def _qd766_row(item: Qd766Indicator) -> dict[str, str]:
    threshold = SPECS[item.code].threshold
    has_counts = item.numerator is not None and item.denominator is not None
    notes = [item.approximation if has_counts else f"{QD766_NO_DATA}."]
    if not item.confirmed:
        notes.insert(0, f"{QD766_UNCONFIRMED}.")
    if item.rule:
        notes.insert(0, f"{QD766_FULL_POINTS_NO_FEEDBACK}.")
    return {
        "Mã": item.code,
        "Chỉ số": item.name,
        "Tỷ lệ": fmt.rate(Rate(item.numerator, item.denominator)),
        "Tử số/mẫu số": f"{fmt.count(item.numerator, pad=False)}/{fmt.count(item.denominator, pad=False)}"
        if has_counts
        else "–",
        "Điểm": "–" if item.points is None else fmt.number(item.points, 2),
        "Điểm tối đa": fmt.number(item.max_points),
        "Cách tính điểm": QD766_LINEAR if threshold is None else qd766_threshold(threshold),
        "Nguồn số liệu": ", ".join(QD766_SOURCES[s] for s in item.source.split("+")),
        "Ghi chú": " ".join(notes),
    }


def qd766_table(ind: Indicators) -> pd.DataFrame | None:
    """Bộ chỉ số QĐ 766/QĐ-TTg: a row per indicator computed, and the total of those that
    have points ("X điểm trên Y điểm tối đa của các chỉ số tính được"); None without it."""
    return None if ind.qd766 is None else qd766_result_table(ind.qd766)


def qd766_result_table(result: Qd766Result) -> pd.DataFrame:
    """The table of :func:`qd766_table` for any result (a commune's, or a city's combined)."""
    rows = [_qd766_row(item) for item in result.indicators]
    points, top = fmt.number(result.points, 2), fmt.number(result.max_points)
    total = dict.fromkeys(rows[0], "")
    total.update({"Mã": "Cộng", "Chỉ số": qd766_total(points, top), "Điểm": points, "Điểm tối đa": top})
    return pd.DataFrame([*rows, total]).set_index("Mã")


def qd766_not_supported_table(ind: Indicators) -> pd.DataFrame | None:
    """The indicators of QĐ 766 the data cannot support, with their maximum and why."""
    if ind.qd766 is None:
        return None
    return pd.DataFrame(
        [
            {"Mã": u.code, "Chỉ số": u.name, "Điểm tối đa": fmt.number(u.max_points), "Lý do chưa tính": u.reason}
            for u in ind.qd766.not_supported
        ]
    ).set_index("Mã")


def qd766_html(indicators: Indicators) -> str:
    """Bộ chỉ số QĐ 766/QĐ-TTg: the table of the report's figures, the one counted from the
    dossier exports when the figures are published ones, and the indicators not computed."""
    parts = [table_html(qd766_table(indicators))]
    if indicators.computed is not None:
        parts += ["<h3>Tính từ dữ liệu hồ sơ</h3>", table_html(qd766_table(indicators.computed))]
    parts += ["<h3>Các chỉ số chưa tính được</h3>", table_html(qd766_not_supported_table(indicators))]
    return "\n".join(parts)
