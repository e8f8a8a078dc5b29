"""The trends report's tables and texts (xu hướng): numbers in Vietnamese style, never float repr.

:mod:`tthc_analysis.indicators.trends` computes numbers (NaN where there is no figure);
this module turns them into what the notebook displays: "1.103", "95,7%", "+3,5 điểm %",
"không có số liệu". A month is written with two digits everywhere in the trends report, as
:attr:`Period.name` writes it: "tháng 04 năm 2026", "Tháng 01" … "Tháng 12" over the seasonal
profile (the charts' axes: "04/2026").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..core import vnformat as fmt
from ..core.labels import (
    DOSSIER_SOURCE,
    FIELD_HEADING,
    INDICATOR_HEADING,
    NOT_AVAILABLE,
    UNIT_HEADING,
    VERSUS_LAST_YEAR,
    VERSUS_PREVIOUS,
)
from ..core.periods import STEPS, Period, parse_period
from ..indicators.trends import INDICATORS, CityTrends, TrendIndicator
from .html import esc

OUTLIER_COLUMNS = {  # "value" is headed by the indicator's name
    "commune_name": UNIT_HEADING,
    "period": "Kỳ",
    "usual": "Mức thường (trung vị)",
    "excess": "Vượt mức thường",
}


def trends_title(first: Period, last: Period) -> str:
    """ "Xu hướng cải cách TTHC từ tháng 01 năm 2025 đến tháng 02 năm 2026" (quarters, years alike)."""
    return f"Xu hướng cải cách TTHC từ {first.name} đến {last.name}"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def month_heading(month: int, step: str = "month") -> str:
    """A calendar month over a column: "Tháng 01" … "Tháng 12" (two digits, as in "tháng 01 năm
    2026"); a quarter: "Quý I" … "Quý IV"."""
    if step == "quarter":
        return _first_upper(parse_period(f"2000-Q{month}").short_name)
    return f"Tháng {month:02d}"


def period_name(period_id: str) -> str:
    """ "2026-04" -> "tháng 04 năm 2026"."""
    return parse_period(period_id).name


def months_text(trends: CityTrends) -> str:
    """ "12 tháng có số liệu", or "5 trong 7 tháng có số liệu; không có số liệu: tháng 04 năm 2026, …"
    ("5 quý có số liệu" by quarter)."""
    word = STEPS[trends.step]
    missing = trends.periods_without_figures()
    shown = len(trends.periods) - len(missing)
    if not missing:
        return f"{fmt.number(shown)} {word} có số liệu"
    names = ", ".join(period_name(period) for period in missing)
    return f"{fmt.number(shown)} trong {fmt.number(len(trends.periods))} {word} có số liệu; không có số liệu: {names}"


def month_caption(trends: CityTrends) -> str:
    """The period the comparison and the changes are of: "Số liệu tháng 03 năm 2026, tháng cuối có số liệu."."""
    period = trends.last_with_figures
    if period == trends.last:
        return f"Số liệu {period.name}."
    word = STEPS[trends.step]
    return f"Số liệu {period.name}, {word} cuối có số liệu ({trends.last.name} không có số liệu)."


def heading_html(trends: CityTrends) -> str:
    """The page's title block: title, the communes, the months with and without figures, the source."""
    return (
        f"<h1>{esc(trends_title(trends.first, trends.last))}</h1>"
        f"<p>{esc(', '.join(trends.commune_names))} · {esc(months_text(trends))}"
        f'<br><span class="note">Nguồn: {esc(DOSSIER_SOURCE)}, tính theo Biểu 06a</span></p>'
    )


def cell(value: object, *, rate: bool = False) -> str:
    """One figure as a table shows it: 1103 -> "1.103", 95.66 -> "95,7%" (``rate``), NaN -> "không có số liệu"."""
    if value is None or pd.isna(value):
        return NOT_AVAILABLE
    return fmt.percent(float(value)) if rate else fmt.number(float(value))


def vn_frame(frame: pd.DataFrame, rates: Iterable[str] = ()) -> pd.DataFrame:
    """A frame of numbers as text in Vietnamese style: columns in ``rates`` as percentages, others as numbers."""
    rates = set(rates)
    return frame.apply(lambda column: column.map(lambda v: cell(v, rate=column.name in rates)))


def indicator_list(indicators: Mapping[str, TrendIndicator] = INDICATORS, *, keys: bool = False) -> str:
    """The indicators that can be followed, as a Markdown list: Vietnamese name, unit, and with
    ``keys`` the package's column name (for an analyst in JupyterLab, never on the shared page)."""
    lines = [
        f"- {i.name} — {'tỷ lệ %' if i.rate else 'số hồ sơ'}" + (f" (`{i.key}`)" if keys else "")
        for i in indicators.values()
    ]
    return "\n".join(lines) + "\n\nThay đổi của một tỷ lệ tính bằng điểm phần trăm (điểm %)."


def compare_table(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`~tthc_analysis.indicators.trends.compare_communes` with Vietnamese names and numbers."""
    shown = vn_frame(table, rates=[k for k in table.columns if INDICATORS[k].rate])
    shown.columns = [INDICATORS[k].name for k in table.columns]
    shown.index.name = UNIT_HEADING
    return shown


def changes_table(changes: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Every commune's indicators in ``period`` against the month before and the same month a year earlier."""
    rows = changes[changes["period"] == period.id]
    units = {commune: n for n, commune in enumerate(dict.fromkeys(changes["commune"]))}  # as chosen
    indicators = {key: n for n, key in enumerate(INDICATORS)}
    rows = rows.assign(_unit=rows["commune"].map(units), _indicator=rows["indicator"].map(indicators))
    rows = rows.sort_values(["_unit", "_indicator"])
    records = []
    for row in rows.itertuples(index=False):
        rate = INDICATORS[row.indicator].rate
        records.append(
            [
                row.commune_name,
                INDICATORS[row.indicator].name,
                cell(row.value, rate=rate),
                cell(row.previous, rate=rate),
                fmt.change(row.change_previous, points=rate),
                cell(row.last_year, rate=rate),
                fmt.change(row.change_last_year, points=rate),
            ]
        )
    columns = [
        UNIT_HEADING,
        INDICATOR_HEADING,
        period.name,
        period.previous().name,
        VERSUS_PREVIOUS,
        period.same_period_last_year().name,
        VERSUS_LAST_YEAR,
    ]
    return pd.DataFrame(records, columns=columns).set_index([UNIT_HEADING, INDICATOR_HEADING])


def seasonal_table(profile: pd.DataFrame, years: pd.Series) -> pd.DataFrame:
    """:func:`~tthc_analysis.indicators.trends.seasonal_profile` as shown: "Tháng 01 (2 năm)", "723,5"
    (by quarter: "Quý I (2 năm)")."""
    step = profile.columns.name  # "month" or "quarter" (seasonal_profile names them)
    shown = vn_frame(profile)
    headings = {m: month_heading(m, step) for m in profile.columns}
    shown.columns = [f"{headings[m]} ({years[m]} năm)" if years[m] else headings[m] for m in profile.columns]
    shown.index.name = FIELD_HEADING
    return shown


def outliers_table(flags: pd.DataFrame, column: str = "overdue_share") -> pd.DataFrame:
    """:func:`~tthc_analysis.indicators.trends.outliers` as shown: the month by its name ("tháng 04 năm
    2026"), the value under the indicator's name, the excess in points for a rate."""
    indicator = INDICATORS[column]
    shown = flags[["commune_name", "period", "value", "usual", "excess"]].copy()
    shown["period"] = flags["period"].map(period_name)
    for name in ("value", "usual"):
        shown[name] = flags[name].map(lambda v: cell(v, rate=indicator.rate))
    shown["excess"] = flags["excess"].map(lambda v: fmt.change(v, points=indicator.rate))
    return shown.rename(columns={**OUTLIER_COLUMNS, "value": indicator.name}).set_index(UNIT_HEADING)


def shown_table(table: pd.DataFrame, name: str) -> str:
    """A table of the trends page as HTML that sorts and searches in the browser (every index
    level but the first becomes a column), with links to download it as .xlsx and CSV
    (``name``: the files' name, without extension)."""
    from . import downloads
    from .html import table_html

    flat = table.reset_index(level=list(range(1, table.index.nlevels))) if table.index.nlevels > 1 else table
    return table_html(flat) + downloads.table_links(table, name)


def show(table: pd.DataFrame, name: str) -> None:
    """Display :func:`shown_table` in the notebook (and so on the exported page)."""
    from IPython.display import HTML, display

    display(HTML(shown_table(table, name)))
