"""Download links carried inside a page (report/downloads.py): each link's file name, type and
bytes, read back from its ``data:`` address."""

from __future__ import annotations

import base64
import io
import re

import matplotlib
import pandas as pd
from openpyxl import load_workbook

matplotlib.use("Agg")

from tthc_analysis.report import downloads

LINK = re.compile(r'<a class="download" download="([^"]*)" href="data:([^;]*);base64,([^"]*)">([^<]*)</a>')


def _links(html: str) -> list[tuple[str, str, bytes, str]]:
    return [(name, mime, base64.b64decode(data), text) for name, mime, data, text in LINK.findall(html)]


def test_a_tables_links_hold_its_workbook_and_its_csv():
    frame = pd.DataFrame({"Đúng hạn": [95.5, 88.0]}, index=pd.Index(["xã A", "phường B"], name="Đơn vị"))
    html = downloads.table_links(frame, "dung-han")
    assert html.startswith('<p class="downloads note">Tải bảng về: ')
    (xlsx_name, xlsx_mime, xlsx, xlsx_text), (csv_name, csv_mime, csv, csv_text) = _links(html)
    assert (xlsx_name, xlsx_mime, xlsx_text) == ("dung-han.xlsx", downloads.XLSX, "Excel (.xlsx)")
    assert (csv_name, csv_mime, csv_text) == ("dung-han.csv", "text/csv", "CSV")
    # The CSV: a byte-order mark for Excel, then the table with its index first.
    assert csv == "\ufeffĐơn vị,Đúng hạn\nxã A,95.5\nphường B,88.0\n".encode()
    sheet = load_workbook(io.BytesIO(xlsx))["Số liệu"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Đơn vị", "Đúng hạn"],
        ["xã A", 95.5],
        ["phường B", 88],
    ]


def test_a_charts_links_hold_a_png_and_an_svg():
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots()
    axes.plot([1, 2], [3, 4])
    (png_name, png_mime, png, _), (svg_name, svg_mime, svg, svg_text) = _links(
        downloads.chart_links(figure, "xu-huong")
    )
    plt.close(figure)
    assert (png_name, png_mime) == ("xu-huong.png", "image/png") and png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (svg_name, svg_mime, svg_text) == ("xu-huong.svg", "image/svg+xml", "SVG") and b"<svg" in svg[:1000]


def test_a_links_name_and_words_are_escaped():
    html = downloads.download_link(b"x", 'a"><script>.csv', "text/csv", "<b>CSV</b>")
    assert 'download="a&quot;&gt;&lt;script&gt;.csv"' in html and "&lt;b&gt;CSV&lt;/b&gt;</a>" in html
    assert "<script" not in html
