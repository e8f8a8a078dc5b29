"""Download links for a table (.xlsx, CSV) or a chart (PNG, SVG), carried inside the page.

Each link holds its file as a ``data:`` address, so a page saved, mailed or opened offline
still downloads without a server and without any other host. The CSV starts with a byte-order
mark so that Excel on Vietnamese Windows reads its accents; the workbook keeps numbers as
numbers (a rate in percent, as the page shows it before rounding).
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

from .html import esc

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LINK_CLASS = "download"


def download_link(data: bytes, filename: str, mime: str, text: str) -> str:
    """An ``<a download>`` holding ``data``."""
    encoded = base64.b64encode(data).decode("ascii")
    return f'<a class="{LINK_CLASS}" download="{esc(filename)}" href="data:{mime};base64,{encoded}">{esc(text)}</a>'


def table_files(frame: pd.DataFrame, *, xlsx: bool = True) -> dict[str, bytes]:
    """The table as a CSV (UTF-8 with a byte-order mark) and, with ``xlsx``, as an .xlsx workbook."""
    csv = frame.to_csv()  # the index (periods, units) is the first column
    files = {"csv": "\ufeff".encode() + csv.encode("utf-8")}
    if xlsx:
        workbook = io.BytesIO()
        frame.to_excel(workbook, sheet_name="Số liệu")
        files["xlsx"] = workbook.getvalue()
    return files


def table_links(frame: pd.DataFrame, name: str) -> str:
    """ "Tải về: Excel (.xlsx) · CSV" for a table; ``name`` the files' name without extension."""
    files = table_files(frame)
    links = (
        download_link(files["xlsx"], f"{name}.xlsx", XLSX, "Excel (.xlsx)"),
        download_link(files["csv"], f"{name}.csv", "text/csv", "CSV"),
    )
    return f'<p class="downloads note">Tải bảng về: {" · ".join(links)}</p>'


def chart_file(figure: Figure, kind: str) -> bytes:
    """The chart as a PNG or an SVG file (``kind`` "png" or "svg")."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=kind, dpi=figure.dpi)
    return buffer.getvalue()


def chart_links(figure: Figure, name: str, *, png: bytes | None = None) -> str:
    """ "Tải biểu đồ về: PNG · SVG"; ``name`` the files' name without extension; ``png`` the
    chart already drawn as PNG (drawn again otherwise)."""
    links = (
        download_link(png or chart_file(figure, "png"), f"{name}.png", "image/png", "PNG"),
        download_link(chart_file(figure, "svg"), f"{name}.svg", "image/svg+xml", "SVG"),
    )
    return f'<p class="downloads note">Tải biểu đồ về: {" · ".join(links)}</p>'
