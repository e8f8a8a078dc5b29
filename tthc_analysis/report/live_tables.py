"""Tables that sort, filter and search in the browser, with no network (the shared HTML pages).

The page carries DataTables — the copy itables ships for its offline mode
(``itables/html/dt_bundle.js`` and ``.css``) — inside itself, and turns every table of figures
the report writes (``table.data``, :func:`~tthc_analysis.report.html.grid_html`) into a live
one: a search box ("Tìm trong bảng"), a click on a header sorts by that column. Every row stays
on the page (no pages of ten rows), so a printed page shows the whole table; before printing, a
search typed in is cleared. Figures sort by their value, written as the report writes them
("1.234", "98,5%", "+3,5 điểm %"); a cell with no figure ("không có số liệu") sorts first.

Nothing is fetched: the script is loaded from the page's own text (a ``blob:`` address). A
page with no such table gets nothing.
"""

from __future__ import annotations

import base64
from functools import cache
from importlib import resources

TABLE_MARK = '<table class="dataframe data"'  # the tables grid_html writes

# The interface in Vietnamese (DataTables' "language"); a column of figures sorts by the value each cell writes.
_SCRIPT = r"""
(async () => {
  const bytes = Uint8Array.from(atob("@BUNDLE@"), c => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], {type: "text/javascript"}));
  const {default: DataTable} = await import(url);
  URL.revokeObjectURL(url);
  // A figure's value as the report writes it ("1.234", "98,5%", "−2,5 điểm %"); no figure: lowest.
  const figure = /^([+\-\u2212]?)(\d[\d.]*)(?:,(\d+))?/;
  const value = text => {
    const found = text.trim().match(figure);
    if (!found) return -1e15;  // written "-1000000000000000": no exponent for DataTables to misread
    const number = parseFloat(found[2].replace(/\./g, "") + "." + (found[3] || "0"));
    return found[1] && found[1] !== "+" ? -number : number;
  };
  const language = {
    search: "Tìm trong bảng:", zeroRecords: "Không có dòng nào khớp", emptyTable: "Bảng trống",
    info: "", infoEmpty: "", infoFiltered: "",
    aria: {sortAscending: ": sắp xếp tăng dần", sortDescending: ": sắp xếp giảm dần"},
  };
  const tables = [];
  for (const table of document.querySelectorAll("table.data")) {
    const head = table.tHead;
    if (!head || head.rows.length !== 1 || table.querySelector("[rowspan],[colspan]")) continue;
    const figures = [...head.rows[0].cells].map((cell, n) => cell.classList.contains("num") ? n : -1)
      .filter(n => n >= 0);
    for (const row of table.tBodies[0]?.rows || []) {  // DataTables sorts by data-order when a cell has one
      for (const n of figures) row.cells[n]?.setAttribute("data-order", value(row.cells[n].textContent));
    }
    tables.push(new DataTable(table, {paging: false, info: false, order: [], autoWidth: false, language}));
  }
  window.addEventListener("beforeprint", () => tables.forEach(t => t.search("").draw()));
  document.documentElement.dataset.liveTables = String(tables.length);
})();
"""
_PRINT_CSS = "@media print { .dt-search, .dt-column-order { display: none !important; } }"


@cache
def _bundle() -> tuple[str, str]:
    """DataTables' script (base64) and style sheet, as itables ships them for offline use."""
    folder = resources.files("itables") / "html"
    script = base64.b64encode((folder / "dt_bundle.js").read_bytes()).decode("ascii")
    return script, (folder / "dt_bundle.css").read_text(encoding="utf-8")


def live_tables(page_html: str) -> str:
    """``page_html`` with the live-table script and style before ``</body>``, when it has a
    table of figures; unchanged otherwise."""
    if TABLE_MARK not in page_html:
        return page_html
    script, style = _bundle()
    block = (
        f'<style>{style}\n{_PRINT_CSS}</style>\n<script type="module">{_SCRIPT.replace("@BUNDLE@", script)}</script>\n'
    )
    head, tail = page_html.rsplit("</body>", 1)
    return head + block + "</body>" + tail
