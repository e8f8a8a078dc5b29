"""The drill-down workbook (danh sách hồ sơ chi tiết, ``ho-so-chi-tiet-<commune>-<period>.xlsx``).

One sheet per list of :mod:`tthc_analysis.indicators.drilldown`: a title saying what the
list is, which Biểu 06a count it explains and what it holds or how its days late count
(calendar days, ngày lịch); then a header row with an autofilter, frozen, and a row per dossier with its dates
as real Excel dates. A commune with only published figures gets one sheet saying why
there is no list, so every run has the same products.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..core import vnformat as fmt
from ..core.atomic import atomic_path
from ..core.labels import BIEU06A_LONG, DRILLDOWN_NO_DOSSIERS, DRILLDOWN_NOTES, DRILLDOWN_SHEETS, from_to
from ..core.periods import Period
from ..indicators.drilldown import DossierList, Drilldown
from .workbook import set_text

NOTE_SHEET = "Ghi chú"
NO_DOSSIER_IN_PERIOD = "Không có hồ sơ nào trong kỳ."
DATE_FORMAT = "DD/MM/YYYY"
HEADER_ROW = 5  # rows 1–3: the title; row 5: the header; the dossiers from row 6
_WIDTHS = {"procedure": 48, "field": 22, "unit": 28, "status": 18, "days_late": 16, "unknown": 24, "source_file": 24}
_DATES = ("received", "due", "finished")


def explanation(dossiers: DossierList) -> str:
    """What the list explains: "Toàn bộ hồ sơ thuộc cột (10) Giải quyết quá hạn của Biểu 06a: 13 hồ sơ."."""
    share = "Toàn bộ" if dossiers.whole else "Một phần"
    return f"{share} hồ sơ thuộc cột {BIEU06A_LONG[dossiers.column]} của Biểu 06a: {fmt.count(dossiers.count)} hồ sơ."


def note(dossiers: DossierList) -> str:
    """What the list holds, or how its days late count (calendar days)."""
    return DRILLDOWN_NOTES[dossiers.key]


def period_text(period: Period) -> str:
    """ "tháng 02 năm 2026 (từ ngày 15/01/2026 đến ngày 14/02/2026)"; a name that states its days once."""
    return period.name if period.states_days else f"{period.name} ({from_to(period.start, period.end)})"


def _cell_values(rows: pd.DataFrame) -> list[list[object]]:
    """The rows as cell values: dates as datetime.date (real Excel dates), empty cells as None."""
    out = rows.astype(object).where(rows.notna(), None)
    for name in _DATES:
        days = rows[name]
        out[name] = pd.Series(days.dt.date.to_numpy(dtype=object), index=rows.index).where(days.notna(), None)
    return out.to_numpy().tolist()


def _list_sheet(wb: Workbook, dossiers: DossierList, heading: str) -> None:
    ws = wb.create_sheet(DRILLDOWN_SHEETS[dossiers.key])
    set_text(ws.cell(1, 1), f"{dossiers.title} – {heading}").font = Font(bold=True, size=13)
    set_text(ws.cell(2, 1), explanation(dossiers))
    set_text(ws.cell(3, 1), note(dossiers)).font = Font(italic=True)
    headers = list(dossiers.headers.values())
    names = list(dossiers.headers)
    for column, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, column, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(column)].width = _WIDTHS.get(names[column - 1], 14)
    dates = {names.index(name) + 1 for name in _DATES}
    for number, values in enumerate(_cell_values(dossiers.rows[names]), start=HEADER_ROW + 1):
        for column, value in enumerate(values, start=1):
            cell = set_text(ws.cell(number, column), value)
            if column in dates:
                cell.number_format = DATE_FORMAT
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + dossiers.count}"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    if not dossiers.count:
        set_text(ws.cell(HEADER_ROW - 1, 1), NO_DOSSIER_IN_PERIOD).font = Font(italic=True)


def write_detail_xlsx(drilldown: Drilldown, target: str | Path, *, unit_name: str = "") -> Path:
    """Write the drill-down lists to ``target`` (atomically); a note sheet when there are none."""
    heading = ", ".join(x for x in (unit_name, period_text(drilldown.period)) if x)
    wb = Workbook()
    wb.remove(wb.active)
    for dossiers in drilldown.lists:
        _list_sheet(wb, dossiers, heading)
    if not drilldown.from_dossiers:
        ws = wb.create_sheet(NOTE_SHEET)
        set_text(ws.cell(1, 1), f"Danh sách hồ sơ chi tiết – {heading}").font = Font(bold=True, size=13)
        set_text(ws.cell(2, 1), DRILLDOWN_NO_DOSSIERS)
        ws.column_dimensions["A"].width = 120
    target = Path(target)
    with atomic_path(target) as temp:
        wb.save(temp)
    return target
