"""The shareable HTML report: pieces the notebook displays, and the export with nbconvert.

The exported page is self-contained: inputs hidden, charts embedded as PNG data, styles
inline, no script, font or style from any other host, so it reads the same offline, on a
phone and on paper; its tables of figures sort and search with a script carried inside the
page (:mod:`~tthc_analysis.report.live_tables`). Every text that comes from data is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.atomic import write_text
from ..core.errors import Finding
from ..core.labels import DOSSIER_SOURCE, NOT_APPLICABLE, NOT_AVAILABLE, UNCHANGED, from_to
from ..indicators.results import Indicators
from .blocks import Block
from .live_tables import live_tables

if TYPE_CHECKING:
    import pandas as pd

PAGE_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1d1d1f;
       background: #f5f6f8; line-height: 1.5; }
main { max-width: 980px; margin: 0 auto; padding: 16px; background: #fff; }
h1 { font-size: 1.6rem; margin: 0.4em 0; color: #0b3d6e; }
h2 { font-size: 1.25rem; margin: 1.2em 0 0.5em; color: #0b3d6e; border-bottom: 2px solid #dbe4ee; padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 1em 0 0.4em; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5em 0; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: right; vertical-align: top; }
th:first-child, td:first-child, thead th { text-align: left; }
thead th { background: #eef3f8; }
tfoot th { background: #eef3f8; text-align: right; }
table.data thead th, table.data tbody th, table.data td, table.data tfoot th { text-align: left; vertical-align: top; }
table.data thead th.num, table.data tbody th.num, table.data td.num, table.data tfoot th.num { text-align: right; }
td.num { white-space: nowrap; }
img { max-width: 100%; height: auto; }
.jp-OutputArea-output, .output_html, .scroll, .table-scroll { overflow-x: auto; max-width: 100%; }
.jp-Cell, .cell { margin: 0 0 8px; }
.jp-InputPrompt, .jp-OutputPrompt, .prompt, .anchor-link { display: none; }
.narrative p { margin: 0.35em 0; text-align: justify; }
.narrative .heading { font-weight: bold; margin-top: 0.9em; }
.narrative .subheading { font-weight: bold; font-style: italic; }
.findings li { margin: 0.3em 0; }
.findings code { background: #f6f8fa; padding: 0 4px; border-radius: 3px; font-size: 0.85em; }
.ok { color: #1a7f37; }
.warn { color: #9a6700; }
.note { color: #57606a; font-size: 0.9rem; }
td a, .annex a, .note a { color: #0b3d6e; font-weight: 600; }
.dossier-list td { min-width: 6.5em; }
.dossier-list td:nth-child(2) { min-width: 14em; }
.dossier-list h3 { scroll-margin-top: 8px; }
@media (max-width: 600px) { main { padding: 10px; } h1 { font-size: 1.3rem; } table { font-size: 0.8rem; } }
@media print {
  @page { size: A4; margin: 15mm 12mm 15mm 12mm; }
  html, body { background: #fff; font-size: 10pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h1, h2, h3, h4, .narrative .heading, .narrative .subheading, .text_cell, .jp-MarkdownCell {
    break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
  .jp-OutputArea-output, .output_html, .output_subarea, .scroll, .table-scroll {
    overflow: visible !important; max-width: none; }
  table { max-width: 100%; table-layout: auto; font-size: 7.5pt; break-inside: auto; }
  th, td { padding: 2px 3px; overflow-wrap: break-word; word-break: normal; }
  .dossier-list td, .dossier-list td:nth-child(2) { min-width: 0; }
  thead { display: table-header-group; } tfoot { display: table-footer-group; }
  tr, img, svg { break-inside: avoid; page-break-inside: avoid; }
  .output_area:has(> .output_subarea > img), .jp-OutputArea-child:has(img) { break-inside: avoid; }
}
"""


def esc(text: object) -> str:
    """Escape text from data for HTML (a ``<script>`` in a procedure name shows as text)."""
    return html.escape(str(text), quote=True)


def narrative_html(blocks: Sequence[Block]) -> str:
    """The report's sentences as HTML paragraphs (the same text as the formal document)."""
    parts = []
    for block in blocks:
        note = f' <span class="note">({esc(block.footnote)})</span>' if block.footnote else ""
        parts.append(f'<p class="{esc(block.kind)}">{esc(block.display)}{note}</p>')
    return '<div class="narrative">' + "\n".join(parts) + "</div>"


def findings_html(findings: Iterable[Finding]) -> str:
    """The consistency findings as a list, or a line saying there are none."""
    items = []
    for f in findings:
        where = ", ".join(
            x
            for x in (
                f.file and Path(f.file).name,
                f.row is not None and f"dòng {f.row}",
                f.column and f"cột '{f.column}'",  # quoted, as every message names a column
            )
            if x
        )
        where_html = f' <span class="note">({esc(where)})</span>' if where else ""
        items.append(f"<li><code>{esc(f.code)}</code> {esc(f.message)}{where_html}</li>")
    if not items:
        return '<p class="ok">Không phát hiện sai lệch nào trong số liệu.</p>'
    return f'<p class="warn">Có {len(items)} phát hiện cần xem lại:</p><ul class="findings">{"".join(items)}</ul>'


# A figure as the tables write it: "1.234", "95,7%", "+3,5 điểm %", "+7 (+70%)", "891/893", "4,00/10".
_NUMBER = re.compile(r"[+\-−]?\d[\d.]*(?:,\d+)?(?:%| điểm %)?(?: \([+\-−]?\d[\d.]*(?:,\d+)?%?\))?")
_FRACTION = re.compile(r"\d[\d.]*(?:,\d+)?/\d[\d.]*(?:,\d+)?")
# What a column of figures holds where there is no figure.
NO_FIGURE = frozenset({"", "–", "-", NOT_AVAILABLE, NOT_APPLICABLE, UNCHANGED})


def is_number(text: str) -> bool:
    """Whether a cell's text is a figure (right-aligned), not words or a date (left-aligned)."""
    text = text.strip()
    return bool(_NUMBER.fullmatch(text) or _FRACTION.fullmatch(text))


def numeric_columns(columns: Iterable[Iterable[object]]) -> list[bool]:
    """For each column (its cells' text), whether it holds figures: every cell a figure or no
    figure ("–", "không có số liệu" …), and at least one a figure."""
    flags = []
    for column in columns:
        filled = [text for text in (str(cell).strip() for cell in column) if text not in NO_FIGURE]
        flags.append(bool(filled) and all(is_number(text) for text in filled))
    return flags


def plain(cell_html: str) -> str:
    """The text of a cell given as HTML (tags dropped, entities read), to tell figures from words."""
    return html.unescape(re.sub(r"<[^>]+>", "", cell_html))


def grid_html(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[bool],
    row_headers: bool = False,
    footer: Sequence[str] | None = None,
    table_id: str | None = None,
) -> str:
    """A table of cells that are HTML already: one header row; the cells of a column of figures
    (``numeric``) classed "num" (right-aligned), the others left-aligned; ``row_headers``: each
    row's first cell a ``<th>``; ``footer``: a total row."""

    def cells(values: Sequence[str], tag: str, first: str) -> str:
        parts = []
        for n, value in enumerate(values):
            name = first if n == 0 else tag
            parts.append(f'<{name} class="num">{value}</{name}>' if numeric[n] else f"<{name}>{value}</{name}>")
        return "".join(parts)

    head = cells(header, "th", "th")
    body = "".join(f"<tr>{cells(row, 'td', 'th' if row_headers else 'td')}</tr>" for row in rows)
    foot = f"<tfoot><tr>{cells(footer, 'th', 'th')}</tr></tfoot>" if footer else ""
    attribute = f' id="{esc(table_id)}"' if table_id else ""
    return (
        f'<div class="table-scroll"><table class="dataframe data"{attribute}><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody>{foot}</table></div>"
    )


def table_html(
    table: pd.DataFrame | None,
    *,
    cell: Callable[[int, int, str], str] | None = None,
    table_id: str | None = None,
) -> str:
    """A table in full — a notebook's display cuts cells at 50 characters — its text escaped:
    one header row, the index's name over the row headers; figures right-aligned, words left.
    ``cell(row, column, html)`` may rewrite a cell's HTML (a link), by position."""
    if table is None:
        return ""
    text = table.astype(object).where(table.notna(), "")
    index = [str(value) for value in table.index]
    columns = [[str(value) for value in text.iloc[:, n]] for n in range(text.shape[1])]
    rows = []
    for r, name in enumerate(index):
        values = [esc(column[r]) for column in columns]
        if cell is not None:
            values = [cell(r, n, value) for n, value in enumerate(values)]
        rows.append([esc(name), *values])
    header = [esc(table.index.name or ""), *(esc(c) for c in table.columns)]
    return grid_html(header, rows, numeric=numeric_columns([index, *columns]), row_headers=True, table_id=table_id)


def heading_html(title: str, indicators: Indicators, commune_name: str) -> str:
    """The report's title block: title, period, source of the figures."""
    period = indicators.period
    source = "số liệu đã công bố (tệp summary)" if indicators.source == "summary" else DOSSIER_SOURCE
    if indicators.computed is not None:
        source += ", đối chiếu với dữ liệu hồ sơ"
    elif indicators.published is not None:
        source += ", đối chiếu với số liệu đã công bố"
    return (
        f"<h1>{esc(title)}</h1>"
        f"<p>{esc(commune_name)} · số liệu {from_to(period.start, period.end, until='đến hết ngày')}"
        f'<br><span class="note">Nguồn: {esc(source)}</span></p>'
    )


def history_note(indicators: Indicators) -> str:
    """Under the charts of a report whose figures are published ones: the charts are counted from
    the dossier exports (the history has no published figures), and say so."""
    if indicators.source != "summary":
        return ""
    return (
        '<p class="note">Các biểu đồ dưới đây tính từ dữ liệu hồ sơ, kể cả kỳ này; số liệu của báo cáo '
        "là số liệu đã công bố.</p>"
    )


def page(title: str, body: str) -> str:
    """A complete, self-contained HTML page; its tables of figures live (sort, search)."""
    return live_tables(
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def notebook_to_html(notebook: str | Path, target: str | Path, title: str) -> Path:
    """Export an executed notebook to a self-contained HTML report, inputs hidden (atomically)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_unknown = True
    import nbformat  # imported here: it is slow to import, and most commands never export HTML

    node = nbformat.read(str(notebook), as_version=4)
    # Cells tagged "remove" (the parameters) never reach the page.
    node.cells = [
        c
        for c in node.cells
        if "remove" not in c.get("metadata", {}).get("tags", [])
        and "parameters" not in c.get("metadata", {}).get("tags", [])
        and "injected-parameters" not in c.get("metadata", {}).get("tags", [])
    ]
    body, _ = exporter.from_notebook_node(node)
    return write_text(target, page(title, body))
