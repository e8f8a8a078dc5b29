"""The HTML report's pieces (tthc_analysis/report/html.py), called directly on small hand-made
inputs, against markup written out by hand.

The notebook builds its page from these helpers inside its kernel, where coverage cannot see;
here each is called in the test process. The period 2026-02 runs from 15/01/2026 to 14/02/2026.
Every text from data is escaped: ``<`` -> ``&lt;``, ``&`` -> ``&amp;``, ``"`` -> ``&quot;``,
``'`` -> ``&#x27;``.
"""

from __future__ import annotations

import nbformat
import pandas as pd

from tthc_analysis.core.errors import Finding
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.results import Indicators
from tthc_analysis.report import html
from tthc_analysis.report.blocks import Block

PERIOD = parse_period("2026-02")
TABLE_OPEN = '<div class="table-scroll"><table class="dataframe data">'
TABLE_CLOSE = "</table></div>"


# --- esc, plain ---------------------------------------------------------------------------------


def test_esc_escapes_tags_ampersands_and_both_quotes():
    # Both quotes escaped: the text may land inside an attribute (class="…", id="…").
    assert html.esc("<script>alert(\"x\" & 'y')</script>") == (
        "&lt;script&gt;alert(&quot;x&quot; &amp; &#x27;y&#x27;)&lt;/script&gt;"
    )


def test_esc_writes_numbers_and_none_as_their_text():
    assert html.esc(1234) == "1234"
    assert html.esc(None) == "None"
    assert html.esc("xã Hùng Thắng") == "xã Hùng Thắng"  # Vietnamese letters are not entities


def test_plain_drops_tags_and_reads_entities():
    # '<a href="#hs-1">HP&amp;01</a> <b>x</b>': tags gone, "&amp;" read as "&".
    assert html.plain('<a href="#hs-1">HP&amp;01</a> <b>x</b>') == "HP&01 x"
    assert html.plain("98,5&nbsp;%") == "98,5\xa0%"
    assert html.plain("không đổi") == "không đổi"


# --- is_number, numeric_columns ---------------------------------------------------------------


def test_is_number_ignores_spaces_around_a_figure():
    assert html.is_number(" 1.234 ")
    assert html.is_number("\t98,5%\n")
    assert html.is_number(" 891/893 ")  # a fraction only, not a plain figure
    assert not html.is_number(" ")


def test_a_figure_and_a_fraction_are_both_numbers_words_are_not():
    assert html.is_number("1.234")  # matches the figure pattern, not the fraction one
    assert html.is_number("4,00/10")  # matches the fraction pattern, not the figure one
    assert not html.is_number("xã 12")


def test_every_no_figure_text_leaves_a_column_of_figures_numeric():
    # "1" is a figure; each text meaning "no figure" beside it keeps the column right-aligned.
    for empty in ("", "–", "-", "không có số liệu", "không phát sinh", "không đổi"):
        assert html.numeric_columns([["1", empty]]) == [True], empty
        # ... and a column holding only that text has no figure: words, left-aligned.
        assert html.numeric_columns([[empty, empty]]) == [False], empty


def test_numeric_columns_reads_cells_as_stripped_text():
    # 1234 and 7.5 are not strings: "1234", "7.5" are figures; " – " stripped is a dash.
    assert html.numeric_columns([[1234, 7.5], [" 12 ", " – "], [" – ", "xã A"]]) == [True, True, False]


def test_numeric_columns_of_no_column_and_of_an_empty_column():
    assert html.numeric_columns([]) == []
    assert html.numeric_columns([[]]) == [False]  # no figure at all: not a column of figures
    assert html.numeric_columns(iter([["1"], ["a"]])) == [True, False]


# --- narrative_html ---------------------------------------------------------------------------


def test_narrative_is_one_paragraph_a_block_classed_by_kind():
    blocks = [
        Block("heading", "I. KẾT QUẢ GIẢI QUYẾT TTHC"),
        Block("bullet", "Tiếp nhận 1.234 hồ sơ", footnote="số liệu <tạm> & chưa đủ"),
        Block("text", "Tỷ lệ đúng hạn 98,5 %"),
    ]
    # A bullet shows its "- "; a footnote follows after a space, in brackets, as a note.
    assert html.narrative_html(blocks) == (
        '<div class="narrative"><p class="heading">I. KẾT QUẢ GIẢI QUYẾT TTHC</p>\n'
        '<p class="bullet">- Tiếp nhận 1.234 hồ sơ <span class="note">(số liệu &lt;tạm&gt; &amp; chưa đủ)</span></p>\n'
        '<p class="text">Tỷ lệ đúng hạn 98,5 %</p></div>'
    )


def test_narrative_escapes_the_kind_and_the_text_and_skips_an_empty_footnote():
    blocks = [Block('x" onclick="a', "<script>Hộ tịch</script>", footnote="")]
    assert html.narrative_html(blocks) == (
        '<div class="narrative"><p class="x&quot; onclick=&quot;a">&lt;script&gt;Hộ tịch&lt;/script&gt;</p></div>'
    )
    assert html.narrative_html([]) == '<div class="narrative"></div>'


# --- findings_html ----------------------------------------------------------------------------


def test_no_findings_says_none_were_found():
    assert html.findings_html([]) == '<p class="ok">Không phát hiện sai lệch nào trong số liệu.</p>'
    assert html.findings_html(iter(())) == '<p class="ok">Không phát hiện sai lệch nào trong số liệu.</p>'


def test_findings_are_counted_and_listed_with_where_each_is():
    findings = [
        # The file by its name only (the folder left out), the row, the column in quotes as every message.
        Finding("A01", "Ngày <b>sai</b>", file="data/xuat/ho-so.csv", row=4, column="Ngày tiếp nhận"),
        Finding("B02", "Thiếu cột", column="Kênh nộp"),
        Finding("C03", "Dòng trùng", row=17),
        Finding("D04", "Tệp lạ", file="du-lieu/<x>.xlsx"),
        Finding("E05", "Chung & riêng"),
    ]
    assert html.findings_html(findings) == (
        '<p class="warn">Có 5 phát hiện cần xem lại:</p><ul class="findings">'
        '<li><code>A01</code> Ngày &lt;b&gt;sai&lt;/b&gt; <span class="note">(ho-so.csv, dòng 4, cột &#x27;Ngày tiếp nhận&#x27;)</span></li>'
        '<li><code>B02</code> Thiếu cột <span class="note">(cột &#x27;Kênh nộp&#x27;)</span></li>'
        '<li><code>C03</code> Dòng trùng <span class="note">(dòng 17)</span></li>'
        '<li><code>D04</code> Tệp lạ <span class="note">(&lt;x&gt;.xlsx)</span></li>'
        "<li><code>E05</code> Chung &amp; riêng</li>"
        "</ul>"
    )


def test_a_single_finding_escapes_its_code():
    finding = Finding("<X>", "Lỗi", file="a.csv")
    assert html.findings_html(f for f in [finding]) == (
        '<p class="warn">Có 1 phát hiện cần xem lại:</p><ul class="findings">'
        '<li><code>&lt;X&gt;</code> Lỗi <span class="note">(a.csv)</span></li></ul>'
    )


# --- grid_html --------------------------------------------------------------------------------


def test_a_grid_classes_the_cells_of_a_column_of_figures_num():
    markup = html.grid_html(["Đơn vị", "Số hồ sơ"], [["xã A", "1.234"], ["xã B", "–"]], numeric=[False, True])
    assert markup == (
        TABLE_OPEN + '<thead><tr><th>Đơn vị</th><th class="num">Số hồ sơ</th></tr></thead>'
        '<tbody><tr><td>xã A</td><td class="num">1.234</td></tr><tr><td>xã B</td><td class="num">–</td></tr>'
        "</tbody>" + TABLE_CLOSE
    )


def test_a_grid_with_row_headers_a_footer_and_an_escaped_id():
    markup = html.grid_html(
        ["Kỳ", "Đơn vị", "Tỷ lệ"],
        [["1", "xã A", "98,5%"], ["2", "xã B", "100%"]],
        numeric=[True, False, True],
        row_headers=True,
        footer=["Tổng", "", "99,2%"],
        table_id='bang"1',
    )
    # Each row's first cell a <th> (classed num: the first column holds figures); the others
    # <td>; the footer all <th>.
    assert markup == (
        '<div class="table-scroll"><table class="dataframe data" id="bang&quot;1">'
        '<thead><tr><th class="num">Kỳ</th><th>Đơn vị</th><th class="num">Tỷ lệ</th></tr></thead><tbody>'
        '<tr><th class="num">1</th><td>xã A</td><td class="num">98,5%</td></tr>'
        '<tr><th class="num">2</th><td>xã B</td><td class="num">100%</td></tr></tbody>'
        '<tfoot><tr><th class="num">Tổng</th><th></th><th class="num">99,2%</th></tr></tfoot>' + TABLE_CLOSE
    )


def test_a_grid_without_rows_or_footer_keeps_its_header_and_an_empty_body():
    markup = html.grid_html(["Mã"], [], numeric=[False], footer=[], table_id="")
    assert markup == TABLE_OPEN + "<thead><tr><th>Mã</th></tr></thead><tbody></tbody>" + TABLE_CLOSE


# --- table_html -------------------------------------------------------------------------------


def _communes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Tổng số": ["1.234", "5"],
            "Tỷ lệ": ["98,5%", None],
            "Ghi chú": ["", "quá hạn"],
            "Kỳ": [1, 2],
        },
        index=pd.Index(["xã An Lư", "phường <Hải> & Sơn"], name="Đơn vị"),
    )


def test_a_table_in_full_its_text_escaped_and_aligned_by_content():
    # Columns: index words (left); "1.234"/"5" figures; "98,5%"/missing (empty) figures;
    # ""/"quá hạn" words; 1/2 integers written "1", "2" (not "1.0"), figures.
    assert html.table_html(_communes()) == (
        TABLE_OPEN + '<thead><tr><th>Đơn vị</th><th class="num">Tổng số</th><th class="num">Tỷ lệ</th>'
        '<th>Ghi chú</th><th class="num">Kỳ</th></tr></thead><tbody>'
        '<tr><th>xã An Lư</th><td class="num">1.234</td><td class="num">98,5%</td><td></td>'
        '<td class="num">1</td></tr>'
        '<tr><th>phường &lt;Hải&gt; &amp; Sơn</th><td class="num">5</td><td class="num"></td><td>quá hạn</td>'
        '<td class="num">2</td></tr>'
        "</tbody>" + TABLE_CLOSE
    )


def test_a_table_without_an_index_name_has_an_empty_corner_and_its_id():
    table = pd.DataFrame({"<Số>": ["không có số liệu"]}, index=[2026])
    # The index 2026 is a figure (right); the column holds no figure at all: words (left).
    assert html.table_html(table, table_id="ho-so") == (
        '<div class="table-scroll"><table class="dataframe data" id="ho-so">'
        '<thead><tr><th class="num"></th><th>&lt;Số&gt;</th></tr></thead>'
        '<tbody><tr><th class="num">2026</th><td>không có số liệu</td></tr></tbody>' + TABLE_CLOSE
    )


def test_a_tables_cells_may_be_rewritten_by_position():
    seen = []

    def link(row: int, column: int, cell: str) -> str:
        seen.append((row, column, cell))
        return f'<a href="#hs-{row}">{cell}</a>' if column == 2 else cell

    markup = html.table_html(_communes(), cell=link)
    # Called with the escaped text of each data cell (not the row header), row by row.
    assert seen == [
        (0, 0, "1.234"),
        (0, 1, "98,5%"),
        (0, 2, ""),
        (0, 3, "1"),
        (1, 0, "5"),
        (1, 1, ""),
        (1, 2, "quá hạn"),
        (1, 3, "2"),
    ]
    assert '<td><a href="#hs-1">quá hạn</a></td>' in markup
    assert '<td><a href="#hs-0"></a></td>' in markup


def test_no_table_is_no_markup():
    assert html.table_html(None) == ""


# --- heading_html, history_note, page ----------------------------------------------------------


def _indicators(source: str, **others) -> Indicators:
    return Indicators(commune="hung-thang", period=PERIOD, source=source, bieu06a=None, **others)


def test_the_heading_of_published_figures_checked_against_the_dossiers():
    indicators = _indicators("summary", computed=_indicators("dossiers"))
    assert html.heading_html("Báo cáo <tháng 02>", indicators, "xã Hùng Thắng & Co") == (
        "<h1>Báo cáo &lt;tháng 02&gt;</h1>"
        "<p>xã Hùng Thắng &amp; Co · số liệu từ ngày 15/01/2026 đến hết ngày 14/02/2026"
        '<br><span class="note">Nguồn: số liệu đã công bố (tệp summary), đối chiếu với dữ liệu hồ sơ</span></p>'
    )


def test_the_heading_of_dossier_figures_checked_against_published_ones():
    indicators = _indicators("dossiers", published=_indicators("summary"))
    assert html.heading_html("Báo cáo", indicators, "xã A") == (
        "<h1>Báo cáo</h1><p>xã A · số liệu từ ngày 15/01/2026 đến hết ngày 14/02/2026"
        '<br><span class="note">Nguồn: dữ liệu hồ sơ xuất từ Hệ thống thông tin giải quyết TTHC, '
        "đối chiếu với số liệu đã công bố</span></p>"
    )


def test_the_heading_of_figures_from_one_source_only():
    dossiers = html.heading_html("B", _indicators("dossiers"), "xã A")
    assert dossiers.endswith(
        '<span class="note">Nguồn: dữ liệu hồ sơ xuất từ Hệ thống thông tin giải quyết TTHC</span></p>'
    )
    summary = html.heading_html("B", _indicators("summary"), "xã A")
    assert summary.endswith('<span class="note">Nguồn: số liệu đã công bố (tệp summary)</span></p>')


def test_the_history_note_shows_only_under_published_figures():
    assert html.history_note(_indicators("summary")) == (
        '<p class="note">Các biểu đồ dưới đây tính từ dữ liệu hồ sơ, kể cả kỳ này; số liệu của báo cáo '
        "là số liệu đã công bố.</p>"
    )
    assert html.history_note(_indicators("dossiers")) == ""


def test_a_page_is_whole_in_vietnamese_with_its_style_inline_and_its_title_escaped():
    assert html.page("Báo cáo <x> & y", "<p>nội dung</p>") == (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Báo cáo &lt;x&gt; &amp; y</title>\n<style>" + html.PAGE_CSS + "</style>\n</head>\n"
        "<body>\n<main>\n<p>nội dung</p>\n</main>\n</body>\n</html>\n"
    )


# --- notebook_to_html -------------------------------------------------------------------------


def _cell(source: str, printed: str, tags: list[str] | None = None, count: int = 1):
    metadata = {"tags": tags} if tags is not None else {}
    output = nbformat.v4.new_output("stream", name="stdout", text=printed)
    return nbformat.v4.new_code_cell(source, metadata=metadata, execution_count=count, outputs=[output])


def test_a_notebook_exports_to_a_page_without_inputs_prompts_or_parameter_cells(tmp_path):
    result = nbformat.v4.new_output("execute_result", data={"text/plain": "'KẾT QUẢ 1.234'"}, execution_count=6)
    notebook = nbformat.v4.new_notebook(
        cells=[
            _cell("period = '2026-02'", "THAM_SO", ["parameters"]),
            _cell("period = '2026-03'", "TIEM_VAO", ["injected-parameters"], 2),
            _cell("print('BO_QUA')", "BO_QUA", ["remove"], 3),
            _cell("print('MA_NGUON')", "GIU_LAI", ["hide-input"], 4),
            _cell("print('x')", "KHONG_THE", None, 5),
            nbformat.v4.new_code_cell("'KẾT QUẢ'", metadata={"tags": []}, execution_count=6, outputs=[result]),
            nbformat.v4.new_markdown_cell("## Tóm tắt"),
        ]
    )
    source = tmp_path / "bao-cao.ipynb"
    nbformat.write(notebook, str(source))
    target = tmp_path / "bao-cao.html"
    written = html.notebook_to_html(source, str(target), "Báo cáo <tháng 02>")
    assert written == target
    text = target.read_text(encoding="utf-8")
    assert text.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert "<title>Báo cáo &lt;tháng 02&gt;</title>" in text
    # The tagged cells' outputs never reach the page; the others' do.
    for removed in ("THAM_SO", "TIEM_VAO", "BO_QUA"):
        assert removed not in text, removed
    for kept in ("GIU_LAI", "KHONG_THE", "<pre>'KẾT QUẢ 1.234'</pre>", 'Tóm tắt<a class="anchor-link"'):
        assert kept in text, kept
    # Inputs hidden; no "In [4]:" before a markdown cell, no "Out[6]:" before a result.
    assert "MA_NGUON" not in text and "input_area" not in text
    assert "input_prompt" not in text and "output_prompt" not in text and "Out[" not in text
    # The "basic" template: the cells only, inside our one page, with no script of nbconvert's.
    assert text.count("<html") == 1 and "<script" not in text
