"""The formal report as a .docx in the state format (Nghị định 30/2020/NĐ-CP, Phụ lục I).

Layout (docs/formal-document.md): A4 portrait; margins 20/20/30/15 mm; Times New Roman in every font
slot; a borderless two-column header (issuing body with a short rule, "Số: …/BC-UBND";
quốc hiệu, tiêu ngữ with a rule as long as it, italic place and date); "BÁO CÁO" and
the subject with a short rule; a justified 14 pt body with a 1,27 cm first-line indent
and 6 pt between paragraphs; the data period as a real footnote on "I. KẾT QUẢ THỰC
HIỆN"; page numbers centred in the top margin from page 2 on; the closing as a
borderless two-column table ("Nơi nhận:" and recipients; the signer).

python-docx has no API for footnotes or fields: both are written as a little OOXML.
Every text from data goes into runs as plain text (never as fields or markup).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..core.atomic import atomic_path
from ..core.periods import Period
from ..indicators.results import Indicators
from ..inputs.dataroot import Commune, ReportProfile
from .blocks import Block, date_line, recipient_lines
from .narrative import report_blocks, subject
from .ooxml import BLACK, FONT, Footnotes, add_run, borderless_table, page_field, rule_paragraph, set_fonts
from .text_metrics import text_width_mm

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
# Word stores margins in twentieths of a point: 15 mm would round to 14,99 mm, so 15,05 mm.
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15.05)}
TEXT_WIDTH_MM = 210 - 30 - 15.05
HEADER_COLUMNS_MM = (62, TEXT_WIDTH_MM - 62)
CLOSING_COLUMNS_MM = (80, TEXT_WIDTH_MM - 80)
BODY_SIZE = Pt(14)
FIRST_LINE_INDENT = Cm(1.27)
PARAGRAPH_SPACING = Pt(6)
LINE_SPACING = 1.15
CELL_MARGIN_MM = 1.9  # Word's default left/right cell margin

# --------------------------------------------------------------------------- layout helpers


NO_SPACE = Pt(0)


def _format(
    paragraph,
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent=FIRST_LINE_INDENT,
    before=NO_SPACE,
    after=PARAGRAPH_SPACING,
    line=LINE_SPACING,
) -> None:
    pf = paragraph.paragraph_format
    pf.alignment = align
    pf.first_line_indent = indent
    pf.left_indent = Mm(0) if indent is not None else pf.left_indent
    pf.space_before = before
    pf.space_after = after
    pf.line_spacing = line


def _cell_line(
    cell, text: str, *, size: Pt, bold=False, italic=False, first=False, align=WD_ALIGN_PARAGRAPH.CENTER, after=NO_SPACE
):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    _format(paragraph, align=align, indent=Mm(0), after=after, line=1.0)
    add_run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


# --------------------------------------------------------------------------- the document


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # Times New Roman everywhere: document defaults and every style that names a font.
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    for fonts in styles.iter(qn("w:rFonts")):
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FONT)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = BLACK
    set_fonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), PARAGRAPH_SPACING, LINE_SPACING
    for name in ("Header", "Footer"):
        style = document.styles[name]
        style.font.name = FONT
        set_fonts(style.element.get_or_add_rPr())
    document.core_properties.language = "vi-VN"


QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BODY_NAME_PT = 13  # the issuing body; its parent body 13 pt too, or 12 pt when 13 pt would not fit on a line
FIT_SLACK_MM = 1.5  # room left beside a line that must not wrap


def _header_columns(profile: ReportProfile, dated: str, parent_lines: int) -> tuple[tuple[float, float], int]:
    """The header's column widths and the left column's size in points.

    The left column is 62 mm, or wider so that each line of the parent body (cơ quan chủ
    quản, "UBND THÀNH PHỐ HẢI PHÒNG") stays on one line, as far as the right column's lines
    (quốc hiệu, tiêu ngữ, place and date) leave room; 12 pt when 13 pt would still wrap."""
    right = max(text_width_mm(QUOC_HIEU, 12, bold=True), text_width_mm(MOTTO, 13, bold=True), text_width_mm(dated, 14))
    widest_left = TEXT_WIDTH_MM - right - 2 * CELL_MARGIN_MM - FIT_SLACK_MM
    parents = [line.upper() for line in profile.issuing_body[:parent_lines]]

    def need(size: int) -> float:
        return max((text_width_mm(line, size) for line in parents), default=0) + 2 * CELL_MARGIN_MM + FIT_SLACK_MM

    size = BODY_NAME_PT if need(BODY_NAME_PT) <= widest_left else 12
    left = max(HEADER_COLUMNS_MM[0], min(need(size), widest_left))
    return (left, TEXT_WIDTH_MM - left), size


def _balanced_indent(paragraph, text: str, size: int, width_mm: float) -> float:
    """A bold line too long for its column wraps into two balanced lines ("TRUNG TÂM PHỤC VỤ /
    HÀNH CHÍNH CÔNG", not "… HÀNH / CHÍNH CÔNG"): the centred paragraph is narrowed to its
    wider half. Return the widest printed line."""
    lines = _split_subject(text, size, width_mm)
    widest = max(text_width_mm(line, size, bold=True) for line in lines)
    if len(lines) > 1 and widest + FIT_SLACK_MM <= width_mm:
        side = Mm((width_mm - widest - FIT_SLACK_MM) / 2)
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    return min(widest, width_mm)


def _header_block(document, profile: ReportProfile, period: Period, parent_lines: int = 0) -> None:
    """The header table. ``parent_lines``: how many first lines of the issuing body name its
    parent body (cơ quan chủ quản), upright capitals, not bold; the issuing body is bold."""
    dated = date_line(profile.place, period)
    columns, size = _header_columns(profile, dated, parent_lines)
    left_mm, right_mm = columns
    table = borderless_table(document, columns)
    left, right = table.rows[0].cells

    widest = 0.0
    for number, line in enumerate(line.upper() for line in profile.issuing_body):
        bold = number >= parent_lines
        paragraph = _cell_line(left, line, size=Pt(size), bold=bold, first=number == 0)
        if bold:
            widest = max(widest, _balanced_indent(paragraph, line, size, left_mm - 2 * CELL_MARGIN_MM))
    rule_paragraph(left, widest * 0.4, left_mm - 2 * CELL_MARGIN_MM)
    _cell_line(left, f"Số:        /{profile.symbol}", size=Pt(13), after=Pt(0)).paragraph_format.space_before = Pt(6)

    _cell_line(right, QUOC_HIEU, size=Pt(12), bold=True, first=True)
    _cell_line(right, MOTTO, size=Pt(13), bold=True)
    rule_paragraph(right, text_width_mm(MOTTO, 13, bold=True), right_mm - 2 * CELL_MARGIN_MM)
    _cell_line(right, dated, size=Pt(14), italic=True).paragraph_format.space_before = Pt(6)


def _split_subject(text: str, size: float, width_mm: float) -> list[str]:
    """Break a long subject into two balanced lines, as reports set it."""
    if text_width_mm(text, size, bold=True) <= width_mm:
        return [text]
    words = text.split()
    best = min(
        range(1, len(words)),
        key=lambda i: abs(
            text_width_mm(" ".join(words[:i]), size, True) - text_width_mm(" ".join(words[i:]), size, True)
        ),
    )
    return [" ".join(words[:best]), " ".join(words[best:])]


def _title(document, subject_line: str) -> None:
    title = document.add_paragraph()
    _format(title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Mm(0), before=Pt(18), after=Pt(0), line=1.0)
    title.paragraph_format.keep_with_next = True
    add_run(title, "BÁO CÁO", size=Pt(14), bold=True)
    lines = _split_subject(subject_line, 14, TEXT_WIDTH_MM - 10)
    paragraph = document.add_paragraph()
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Mm(0), after=Pt(0), line=1.0)
    paragraph.paragraph_format.keep_with_next = True
    for number, line in enumerate(lines):
        run = add_run(paragraph, line, size=Pt(14), bold=True)
        if number < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    widest = max(text_width_mm(line, 14, bold=True) for line in lines)
    rule = rule_paragraph(document, widest * 0.4, TEXT_WIDTH_MM)
    rule.paragraph_format.space_after = Pt(12)
    rule.paragraph_format.keep_with_next = True


def _body(document, blocks: list[Block], footnotes: Footnotes) -> None:
    for block in blocks:
        paragraph = document.add_paragraph()
        _format(paragraph)
        bold = block.kind in ("heading", "subheading")
        if block.kind == "heading":
            paragraph.paragraph_format.space_before = Pt(6)
        if bold:  # a heading never ends a page: "IV. KIẾN NGHỊ VÀ ĐỀ XUẤT" stays with its first paragraph
            paragraph.paragraph_format.keep_with_next = True
        add_run(paragraph, block.display, size=BODY_SIZE, bold=bold)
        if block.footnote:
            footnotes.add(paragraph, block.footnote, anchor_size=BODY_SIZE)
    # The closing sentence stays on the page of the signature.
    paragraph.paragraph_format.keep_with_next = True


def _closing(document, profile: ReportProfile) -> None:
    spacer = document.add_paragraph()
    _format(spacer, indent=Mm(0), after=Pt(0), line=1.0)
    spacer.paragraph_format.keep_with_next = True
    table = borderless_table(document, CLOSING_COLUMNS_MM)
    # The closing is one block: "Nơi nhận" and the signature never split across pages.
    row_pr = table.rows[0]._tr.get_or_add_trPr()
    row_pr.append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    _cell_line(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in recipient_lines(profile.recipients, profile.archive):
        _cell_line(left, line, size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    for number, line in enumerate(profile.signer.authority):
        _cell_line(right, line.upper(), size=Pt(14), bold=True, first=number == 0)
    for _ in range(4):  # room for the signature and the seal
        _cell_line(right, "", size=Pt(14))
    _cell_line(right, profile.signer.name, size=Pt(14), bold=True)


def _page_numbers(document) -> None:
    section = document.sections[0]
    section.different_first_page_header_footer = True  # no number on the first page
    paragraph = section.header.paragraphs[0]
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Mm(0), after=Pt(0), line=1.0)
    page_field(paragraph, Pt(13))
    first = section.first_page_header.paragraphs[0]
    _format(first, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Mm(0), after=Pt(0), line=1.0)


def formal_document(
    profile: ReportProfile,
    period: Period,
    subject_line: str,
    blocks: list[Block],
    *,
    title: str,
    author: str,
    after_body: Callable[[Any], None] | None = None,
    last_blocks: list[Block] | None = None,
    parent_lines: int = 0,
):
    """A report in the Nghị định 30 layout: header, "BÁO CÁO" and subject, body, closing.

    ``after_body`` adds content (a table) after ``blocks``; ``last_blocks`` (the closing
    sentence) follow it, on the page of the signature. ``parent_lines``: how many first lines
    of ``profile.issuing_body`` name the parent body (cơ quan chủ quản), not bold.
    """
    document = Document()
    _setup(document)
    _header_block(document, profile, period, parent_lines)
    _title(document, subject_line)
    footnotes = Footnotes(document)
    _body(document, blocks, footnotes)
    if after_body is not None:
        after_body(document)
    if last_blocks:
        _body(document, last_blocks, footnotes)
    _closing(document, profile)
    _page_numbers(document)
    document.core_properties.title = title
    document.core_properties.author = author
    return document


def build_document(ind: Indicators, commune: Commune):
    """The formal report of ``ind`` for ``commune`` as a python-docx Document."""
    return formal_document(
        commune.profile,
        ind.period,
        subject(ind.period),
        report_blocks(ind, commune),
        title=f"Báo cáo {subject(ind.period).lower()} – {commune.full_name}",
        author=f"Ủy ban nhân dân {commune.full_name}",
    )


def write_docx(ind: Indicators, commune: Commune, target: str | Path) -> Path:
    """Write the formal report to ``target`` atomically."""
    target = Path(target)
    with atomic_path(target) as temp:
        build_document(ind, commune).save(str(temp))
    return target


__all__ = ["build_document", "formal_document", "text_width_mm", "write_docx"]
