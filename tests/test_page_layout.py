"""Print and page layout: the HTML pages on A4 paper, tables that read as tables (one header
row, words left, figures right), a chart legend that covers nothing, Biểu 06a's header rows
tall enough for their wrapped text, and .docx headings that never end a page."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
from html import unescape as html_text

import matplotlib
import pandas as pd
import pytest
from conftest import SAMPLE, needs_chromium

matplotlib.use("Agg")

from docx.shared import Mm
from openpyxl import load_workbook

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.city import city_indicators
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report import charts, html, tables
from tthc_analysis.report.city import page as city_page
from tthc_analysis.report.city.formal import build_city_document
from tthc_analysis.report.formal import build_document
from tthc_analysis.report.period_report import build_period_report
from tthc_analysis.report.text_metrics import text_width_mm
from tthc_analysis.report.workbook import write_bieu06a_xlsx

CELL_MARGIN_MM = 1.9  # Word's default left/right cell margin


@pytest.fixture(scope="module")
def report():
    return build_period_report("hung-thang", "2026-02", SAMPLE)


@pytest.fixture(scope="module")
def city():
    root = DataRoot(SAMPLE)
    return city_indicators(root, parse_period("2026-02")), root.centre()


# ---------------------------------------------------------------- the print style sheet


def _block(css: str, opening: str) -> str:
    """The body of the block that ``opening`` ("@media print") starts, braces balanced."""
    start = css.index("{", css.index(opening)) + 1
    depth, at = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(css[at], 0)
        at += 1
    return css[start : at - 1]


def _rules(css: str) -> dict[str, str]:
    """Each selector of a block's plain rules -> its declarations (nested blocks left out)."""
    flat = re.sub(r"@[\w-]+[^{]*\{[^{}]*\}", "", css)
    rules: dict[str, str] = {}
    for selectors, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", flat):
        for selector in selectors.split(","):
            rules[" ".join(selector.split())] = rules.get(" ".join(selector.split()), "") + declarations
    return rules


def _has(declarations: str, prop: str, value: str) -> bool:
    return any(
        name.strip() == prop and value in rest.replace("!important", "").strip()
        for name, _, rest in (d.partition(":") for d in declarations.split(";"))
    )


def test_print_is_on_a4_with_margins():
    printing = _block(html.PAGE_CSS, "@media print")
    page = _block(printing, "@page")
    assert _has(page, "size", "A4") and _has(page, "margin", "mm")


def test_print_keeps_headings_with_what_follows_and_rows_whole():
    rules = _rules(_block(html.PAGE_CSS, "@media print"))
    for heading in ("h1", "h2", "h3", ".narrative .heading", ".narrative .subheading", ".text_cell"):
        assert _has(rules[heading], "break-after", "avoid"), heading  # nbconvert: a markdown cell holds "## …"
    assert _has(rules["thead"], "display", "table-header-group")  # the header row on every page
    assert _has(rules["tr"], "break-inside", "avoid") and _has(rules["img"], "break-inside", "avoid")


def test_print_fits_wide_tables_to_the_page():
    rules = _rules(_block(html.PAGE_CSS, "@media print"))
    for wrapper in (".table-scroll", ".scroll", ".output_html", ".jp-OutputArea-output"):
        assert _has(rules[wrapper], "overflow", "visible"), wrapper  # a scroll box would clip on paper
    assert _has(rules["table"], "font-size", "pt") and _has(rules["table"], "table-layout", "auto")
    assert _has(rules["th"], "overflow-wrap", "break-word") and _has(rules["td"], "overflow-wrap", "break-word")
    assert _has(rules[".dossier-list td"], "min-width", "0")  # the screen's minimum widths would overflow A4


def test_words_are_left_aligned_and_figures_right():
    rules = _rules(html.PAGE_CSS)
    # More specific than pandas' own ".dataframe thead th { text-align: right }" printed with a frame.
    for selector in ("table.data thead th", "table.data tbody th", "table.data td"):
        assert _has(rules[selector], "text-align", "left"), selector
    for selector in ("table.data thead th.num", "table.data td.num"):
        assert _has(rules[selector], "text-align", "right"), selector


# ---------------------------------------------------------------- tables


def _header_rows(markup: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", re.search(r"<thead>(.*?)</thead>", markup, re.S).group(1), re.S)


def _cells(row: str) -> list[tuple[str, str]]:
    """(class attribute, text) of each cell of a row."""
    return [
        (cls, re.sub(r"<[^>]+>", "", text)) for cls, text in re.findall(r"<t[hd]( class=\"num\")?>(.*?)</t[hd]>", row)
    ]


def test_the_qd766_table_has_one_header_row_with_the_code_over_the_codes(report):
    markup = html.table_html(tables.qd766_table(report.indicators))
    [header] = _header_rows(markup)
    names = [text for _, text in _cells(header)]
    assert names[:3] == ["Mã", "Chỉ số", "Tỷ lệ"]
    rows = re.findall(r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", markup, re.S).group(1), re.S)
    first = dict(zip(names, _cells(rows[0])))
    assert first["Mã"] == ("", "2.1")  # a code, not a figure: left
    assert first["Chỉ số"][0] == "" and first["Cách tính điểm"][0] == "" and first["Ghi chú"][0] == ""
    assert first["Tỷ lệ"][0] and first["Tử số/mẫu số"][0] and first["Điểm"][0] and first["Điểm tối đa"][0]
    assert dict(zip(names, _cells(header)))["Điểm"][0]  # a column of figures is right-aligned under its header


def test_is_number_tells_figures_from_words_and_dates():
    for figure in ("1.234", "95,7%", "98,53%", "+3,5 điểm %", "-12", "+7 (+70%)", "891/893", "4,00/10", "02"):
        assert html.is_number(figure), figure
    for words in ("13/02/2026", "HP.HT-260213-0033", "toàn bộ (10)", "xã Hùng Thắng", "dossiers-2026-02.csv"):
        assert not html.is_number(words), words
    # A column of figures may hold "no figure"; a column with nothing but that is words.
    assert html.numeric_columns([["1", "–", "không có số liệu"], ["–", ""], ["1", "a"]]) == [True, False, False]


def test_the_city_pages_tables_have_one_header_row_and_align_by_content(city):
    indicators, _ = city
    ranking = city_page.rankings_section(indicators)
    for table in re.findall(r"<table.*?</table>", ranking, re.S):
        [header] = _header_rows(table)
        assert _cells(header) == [(' class="num"', "Hạng"), ("", "Đơn vị"), (' class="num"', "Giá trị")]
    qd766 = city_page.qd766_section(indicators)
    for table in re.findall(r"<table.*?</table>", qd766, re.S):
        assert len(_header_rows(table)) == 1
    assert "<th>Mã</th>" in qd766


# ---------------------------------------------------------------- the chart's legend


def test_the_on_time_charts_legend_covers_no_bar():
    history = pd.DataFrame(
        {"overdue": [5, 1, 4, 0, 2, 3], "rate_on_time": [99.4, 99.9, 99.5, 100.0, 99.8, 99.6]},
        index=["2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02"],
    )
    figure = charts.on_time_and_overdue(history)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    legends = [*figure.legends, *(a.get_legend() for a in figure.axes if a.get_legend())]
    assert legends
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for axes in figure.axes:
            assert not box.overlaps(axes.get_window_extent(renderer))  # outside the plot, bars and line
            assert not any(box.overlaps(t.get_window_extent(renderer)) for t in axes.get_xticklabels())


# ---------------------------------------------------------------- Biểu 06a's header rows


def _lines(text: str, width_mm: float, size: float, bold: bool) -> int:
    """Greedy wrapping at spaces, as a spreadsheet wraps a cell."""
    lines, line = 1, ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and text_width_mm(trial, size, bold) > width_mm:
            lines, line = lines + 1, word
        else:
            line = trial
    return lines


def test_bieu06a_header_rows_are_tall_enough_for_their_wrapped_text(report, tmp_path):
    ws = load_workbook(write_bieu06a_xlsx(report.indicators, tmp_path / "b.xlsx")).active
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}

    def width_mm(first: int, last: int) -> float:  # a column w characters wide is 7w + 5 pixels at 96 dpi
        pixels = sum(int(ws.column_dimensions[chr(64 + c)].width * 7 + 5) for c in range(first, last + 1))
        return (pixels - 6) * 25.4 / 96

    for row in (7, 8, 9):
        for cell in ws[row]:
            if not isinstance(cell.value, str):
                continue
            assert cell.alignment.wrap_text, cell.coordinate
            span = merged.get((row, cell.column))
            bottom, right = (span.max_row, span.max_col) if span else (row, cell.column)
            lines = _lines(cell.value, width_mm(cell.column, right), cell.font.sz, cell.font.b)
            height = sum(ws.row_dimensions[r].height or 0 for r in range(row, bottom + 1))
            assert height >= 15 * lines, (cell.value, lines, height)
    # "Trực tiếp, dịch vụ bưu chính" takes three lines in its 11-character column.
    assert ws["E9"].value == "Trực tiếp, dịch vụ bưu chính" and ws.row_dimensions[9].height >= 45


# ---------------------------------------------------------------- .docx headings and the city's header


def _headings(document) -> list:
    """Body paragraphs set wholly in bold: the title, the subject, headings, the table's title."""
    return [p for p in document.paragraphs if p.text.strip() and all(r.bold for r in p.runs if r.text.strip())]


def test_every_heading_of_the_commune_report_keeps_with_the_next_paragraph(report):
    document = build_document(report.indicators, DataRoot(SAMPLE).commune("hung-thang"))
    headings = _headings(document)
    assert any(p.text == "IV. KIẾN NGHỊ VÀ ĐỀ XUẤT" for p in headings)
    assert any(p.text.startswith("2. Kết quả giải quyết") for p in headings)
    assert [p.text for p in headings if not p.paragraph_format.keep_with_next] == []


def test_every_heading_of_the_city_report_keeps_with_the_next_paragraph(city):
    document = build_city_document(*city)
    headings = _headings(document)
    assert any(p.text.startswith("I. ") for p in headings) and any(p.text.startswith("Kết quả") for p in headings)
    assert [p.text for p in headings if not p.paragraph_format.keep_with_next] == []


def test_the_city_header_names_its_parent_body_on_one_line_not_bold(city):
    document = build_city_document(*city)
    left = document.tables[0].rows[0].cells[0]
    parent, body = left.paragraphs[0], left.paragraphs[1]
    assert parent.text == "UBND THÀNH PHỐ HẢI PHÒNG" and body.text == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    assert all(not r.bold for r in parent.runs) and all(r.bold for r in body.runs)
    size = parent.runs[0].font.size.pt
    assert 12 <= size <= 13 and all(r.font.size.pt == size for r in body.runs)
    # On one line: the parent body fits the column, less Word's cell margins.
    width = document.tables[0].columns[0].width.mm
    assert text_width_mm(parent.text, size) + 2 * CELL_MARGIN_MM < width
    # The issuing body wraps into two balanced lines: narrowed to "TRUNG TÂM PHỤC VỤ", too narrow for "… HÀNH".
    pf = body.paragraph_format
    room = width - 2 * CELL_MARGIN_MM - (pf.left_indent or Mm(0)).mm - (pf.right_indent or Mm(0)).mm
    assert (
        text_width_mm("TRUNG TÂM PHỤC VỤ", size, bold=True)
        <= room
        < text_width_mm("TRUNG TÂM PHỤC VỤ HÀNH", size, bold=True)
    )
    # The right column still holds the national title on one line.
    right = document.tables[0].columns[1].width.mm
    assert text_width_mm("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True) + 2 * CELL_MARGIN_MM < right


def test_the_commune_header_is_as_before(report):
    document = build_document(report.indicators, DataRoot(SAMPLE).commune("hung-thang"))
    left = document.tables[0].rows[0].cells[0]
    assert document.tables[0].columns[0].width.mm == pytest.approx(62, abs=0.1)
    assert [p.text for p in left.paragraphs[:2]] == ["ỦY BAN NHÂN DÂN", "XÃ HÙNG THẮNG"]
    assert all(r.bold and r.font.size.pt == 13 for p in left.paragraphs[:2] for r in p.runs)


# ---------------------------------------------------------------- printed with Chromium


def _words(pdf) -> list[tuple[int, float, float, float, str]]:
    """(page, right edge, top, page width, word) of every word, read by pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for number, (width, body) in enumerate(re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', out, re.S)):
        for top, right, text in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', body
        ):
            words.append((number, float(right), float(top), float(width), html_text(text)))
    return words


@pytest.mark.e2e
@needs_chromium
def test_the_printed_report_shows_every_column_of_the_annex(tmp_path):
    if not shutil.which("pdftotext") and not os.environ.get("TTHC_REQUIRE_BROWSER"):
        pytest.skip("pdftotext (poppler) is not installed")
    from tthc_analysis.run.notebook import run_report

    paths = run_report("hung-thang", "2026-02", data_dir=SAMPLE, out_dir=tmp_path / "out")
    pdf = tmp_path / "report.pdf"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                paths.report_html.resolve().as_uri(),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
    words = _words(pdf)
    assert words and all(math.isclose(w, 595.3, abs_tol=1) for _, _, _, w, _ in words)  # A4, 210 mm wide
    assert all(x <= w for _, x, _, w, _ in words)  # nothing past the page's edge
    # Each annex table's header row (repeated on a page it runs on to): "Mã hồ sơ" … "Dòng trong tệp",
    # the last column on the right of the same line.
    starts = [(page, y) for n, (page, _, y, _, text) in enumerate(words) if text == "Mã" and words[n + 1][4] == "hồ"]
    assert len(starts) >= 2  # the sample's lists of dossiers in progress on time, and withdrawn
    for page, y in starts:
        line = [(x, text) for p, x, top, _, text in words if p == page and abs(top - y) < 2]
        assert max(line)[1] == "Dòng", (page, line)
