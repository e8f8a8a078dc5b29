"""The drill-down in the HTML report: counts that link to the dossiers behind them.

The key-figures table and the total row of Biểu 06a link each count that a drill-down
list explains (:mod:`tthc_analysis.indicators.drilldown`) to the list's section in the
annex (phụ lục) at the end of the page: a table of its dossiers, the first
:data:`HTML_ROW_LIMIT` of a long list, the whole list being in the drill-down workbook.
A count links only when it equals the number of dossiers listed (and is not 0). Every
text from data is escaped; links stay inside the page (``href="#…"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from ..core import vnformat as fmt
from ..core.labels import (
    BIEU06A_LONG,
    CALENDAR_DAYS,
    DOSSIER_SOURCE,
    DRILLDOWN_NO_DOSSIERS,
    DRILLDOWN_SHEETS,
    EVERY_DAY,
    FIGURES,
)
from ..indicators.drilldown import DossierList, Drilldown
from ..indicators.results import Indicators
from .detail_workbook import NO_DOSSIER_IN_PERIOD, explanation, note, period_text
from .html import esc
from .html import table_html as frame_html
from .paths import detail_xlsx_name
from .tables import bieu06a_table, key_figures_table

if TYPE_CHECKING:
    from .period_report import PeriodReport

HTML_ROW_LIMIT = 200  # a longer list shows its first rows; the workbook has them all
ANNEX_ID = "phu-luc-ho-so"
BIEU06A_ID = "bieu-06a"  # the Biểu 06a table computed from dossier data
OVERDUE_ID = "hs-qua-han"  # resolved late (10) and in progress overdue (13), one after the other
ANCHORS: dict[str, str] = {
    "resolved_late": "hs-giai-quyet-qua-han",
    "in_progress_overdue": "hs-dang-giai-quyet-qua-han",
    "in_progress_on_time": "hs-dang-giai-quyet-trong-han",
    "withdrawn": "hs-rut-ho-so",
    "unknown_codes": "hs-ma-khong-ro",
}


def link(anchor: str, text: str) -> str:
    """A link inside the page; ``text`` is already HTML."""
    return f'<a href="#{esc(anchor)}">{text}</a>'


def table_html(
    table: pd.DataFrame, links: Mapping[tuple[int, str], str] | None = None, *, table_id: str | None = None
) -> str:
    """A table with its index as row headers, every cell escaped; ``links`` maps (row position, column) to an anchor.

    One header row (the index's name over the row headers); figures right-aligned, words left
    (:func:`tthc_analysis.report.html.table_html`)."""
    columns = list(table.columns)
    anchors = {(position, columns.index(column)): anchor for (position, column), anchor in (links or {}).items()}

    def linked(row: int, column: int, text: str) -> str:
        anchor = anchors.get((row, column))
        return link(anchor, text) if anchor else text

    return frame_html(table, cell=linked, table_id=table_id)


def column_links(indicators: Indicators, drilldown: Drilldown) -> dict[str, str]:
    """Biểu 06a key -> anchor, for each list holding every dossier of its column whose count it equals (not 0)."""
    return {
        item.column: ANCHORS[item.key]
        for item in drilldown.lists
        if item.whole and item.count and getattr(indicators.counts, item.column) == item.count
    }


def _overdue(drilldown: Drilldown) -> int | None:
    """Dossiers listed as overdue: (10) + (13), None without lists."""
    parts = [drilldown.get("resolved_late"), drilldown.get("in_progress_overdue")]
    return None if None in parts else sum(p.count for p in parts)  # type: ignore[union-attr]


def key_figures_html(report: PeriodReport) -> str:
    """The key-figures table; "Quá hạn" links to the overdue dossiers when their number is the figure."""
    table = key_figures_table(report)
    links = {}
    overdue = _overdue(report.drilldown)
    if overdue and report.indicators.counts.overdue == overdue:
        links[(list(table.index).index(FIGURES["overdue"]), table.columns[0])] = OVERDUE_ID
    return table_html(table, links)


def _part_notes(drilldown: Drilldown) -> str:
    """Sentences under the dossier-based Biểu 06a for lists that hold part of a column (withdrawn, unknown codes)."""
    notes = []
    for item in (drilldown.get("withdrawn"), drilldown.get("unknown_codes")):
        if item is None or not item.count:
            continue
        count = link(ANCHORS[item.key], esc(fmt.count(item.count)))
        notes.append(f"<li>{esc(item.title)}: {count} hồ sơ, thuộc cột {esc(BIEU06A_LONG[item.column])}.</li>")
    return f'<ul class="note">{"".join(notes)}</ul>' if notes else ""


def bieu06a_html(indicators: Indicators, drilldown: Drilldown) -> str:
    """Biểu 06a with the counts of its total row linked to the dossiers behind them.

    The table computed from dossier data (the one the lists explain) carries the id the
    annex links back to, and a line for each list that is part of a column.
    """
    table = bieu06a_table(indicators)
    total = len(table) - 1
    short = dict(zip(indicators.counts.to_dict(), table.columns))
    links = {(total, short[key]): anchor for key, anchor in column_links(indicators, drilldown).items()}
    explained = indicators.source == "dossiers" and drilldown.from_dossiers
    html = table_html(table, links, table_id=BIEU06A_ID if explained else None)
    return html + (_part_notes(drilldown) if explained else "")


def _cells(item: DossierList, limit: int) -> pd.DataFrame:
    """The first ``limit`` rows as text: dates dd/mm/yyyy, days late a number, empty cells empty."""
    rows = item.rows.head(limit)
    out = rows.astype(object).where(rows.notna(), "")
    for name in ("received", "due", "finished"):
        out[name] = rows[name].map(lambda d: fmt.day(d) if pd.notna(d) else "")
    out["days_late"] = rows["days_late"].map(lambda n: fmt.number(int(n)) if pd.notna(n) else "")
    out.columns = list(item.headers.values())
    return out.set_index(out.columns[0])


def list_section_html(item: DossierList, workbook: str, *, back: bool, limit: int = HTML_ROW_LIMIT) -> str:
    """One list of the annex: title, what it explains, what it holds or how days count, its dossiers."""
    parts = [f"<h3>{esc(item.title)}</h3>", f"<p>{esc(explanation(item))} {esc(note(item))}</p>"]
    if item.count:
        parts.append(table_html(_cells(item, limit)))
    else:
        parts.append(f"<p>{esc(NO_DOSSIER_IN_PERIOD)}</p>")
    if item.count > limit:
        parts.append(
            f'<p class="note">Trang này chỉ hiển thị {fmt.count(limit)} hồ sơ đầu tiên; '
            f"{fmt.count(item.count - limit)} hồ sơ còn lại có trong tệp {esc(workbook)} "
            f"(trang tính “{esc(DRILLDOWN_SHEETS[item.key])}”).</p>"
        )
    if back:
        parts.append(f'<p class="note">{link(BIEU06A_ID, "↑ Quay lại Biểu 06a")}</p>')
    return f'<section id="{ANCHORS[item.key]}" class="dossier-list">{"".join(parts)}</section>'


def annex_html(report: PeriodReport, limit: int = HTML_ROW_LIMIT) -> str:
    """The annex (phụ lục) at the end of the page: an index of the lists, then each list."""
    drilldown = report.drilldown
    if not drilldown.from_dossiers:
        return f'<section id="{ANNEX_ID}" class="annex"><p>{esc(DRILLDOWN_NO_DOSSIERS)}</p></section>'
    period, workbook = drilldown.period, detail_xlsx_name(report.commune.id, report.period.id)
    intro = (
        f"<p>Danh sách hồ sơ tương ứng với các số liệu của Biểu 06a tính từ {esc(DOSSIER_SOURCE)}, kỳ báo cáo "
        f"{esc(period_text(period))}. Số ngày quá hạn tính theo {CALENDAR_DAYS}, {EVERY_DAY}. Các danh sách "
        f"đầy đủ có trong tệp <b>{esc(workbook)}</b>, mỗi danh sách một trang tính, lọc được theo từng cột.</p>"
    )
    index = pd.DataFrame(
        {
            "Cột Biểu 06a": [
                f"{'toàn bộ' if item.whole else 'một phần'} ({item.column_number})" for item in drilldown.lists
            ],
            "Số hồ sơ": [fmt.count(item.count) for item in drilldown.lists],
        },
        index=pd.Index([item.title for item in drilldown.lists], name="Danh sách"),
    )
    links = {(n, "Số hồ sơ"): ANCHORS[item.key] for n, item in enumerate(drilldown.lists)}
    sections = {item.key: list_section_html(item, workbook, back=True, limit=limit) for item in drilldown.lists}
    overdue = sections.pop("resolved_late") + sections.pop("in_progress_overdue")
    body = f'<div id="{OVERDUE_ID}">{overdue}</div>' + "".join(sections.values())
    return f'<section id="{ANNEX_ID}" class="annex">{intro}{table_html(index, links)}{body}</section>'
