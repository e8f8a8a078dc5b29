"""The formal report as a .docx in the state format (Nghị định 30/2020/NĐ-CP, Phụ lục I).

Layout (DESIGN §6): A4 portrait; margins 20/20/30/15 mm; Times New Roman in every font
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

import unicodedata
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from . import vnformat as fmt
from .atomic import atomic_path
from .dataset import Commune
from .indicators import Indicators
from .narrative import Block, report_blocks, subject

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
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
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Advance widths of Times (Adobe core metrics, which Times New Roman matches), in 1/1000 em,
# to size the rules under the header lines: regular and bold, by base letter.
_WIDTHS = {
    False: dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                    [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556,
                     611, 722, 722, 944, 722, 722, 611, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278,
                     778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444])),
    True: dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                   [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556,
                    667, 722, 722, 1000, 722, 722, 667, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278,
                    833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444])),
}
_OTHER_WIDTHS = {" ": 250, "-": 333, ".": 250, ",": 250, ":": 278, "/": 278}


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Estimated printed width of ``text`` in Times New Roman (diacritics do not add width)."""
    widths = _WIDTHS[bold]
    total = 0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].replace("đ", "d").replace("Đ", "D")
        total += widths.get(base, _OTHER_WIDTHS.get(base, 500))
    return total / 1000 * size_pt * 25.4 / 72


# --------------------------------------------------------------------------- low-level helpers


def _fonts(rpr) -> None:
    """Times New Roman in every script slot (ascii, hAnsi, eastAsia, cs), no theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _size_cs(rpr, size: Pt) -> None:
    element = rpr.find(qn("w:szCs"))
    if element is None:
        element = OxmlElement("w:szCs")
        rpr.append(element)
    element.set(qn("w:val"), str(int(size.pt * 2)))


def add_run(paragraph, text: str, *, size: Pt = BODY_SIZE, bold: bool = False, italic: bool = False):
    """A run of plain text in Times New Roman, black, in every font slot."""
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = BLACK
    run.font.name = FONT
    rpr = run._r.get_or_add_rPr()
    _fonts(rpr)
    _size_cs(rpr, size)
    return run


def _format(paragraph, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=FIRST_LINE_INDENT, before=Pt(0),
            after=PARAGRAPH_SPACING, line=LINE_SPACING) -> None:
    pf = paragraph.paragraph_format
    pf.alignment = align
    pf.first_line_indent = indent
    pf.left_indent = Mm(0) if indent is not None else pf.left_indent
    pf.space_before = before
    pf.space_after = after
    pf.line_spacing = line


def _rule_paragraph(container, width_mm: float, available_mm: float):
    """An empty centred paragraph whose bottom border is a rule of ``width_mm``."""
    paragraph = container.add_paragraph()
    side = max(0.0, (available_mm - width_mm) / 2)
    pf = paragraph.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.left_indent = Mm(side)
    pf.right_indent = Mm(side)
    pf.first_line_indent = Mm(0)
    pf.space_before = Pt(1)
    pf.space_after = Pt(3)
    pf.line_spacing = Pt(1)
    # The empty paragraph's own mark is 1 pt, so the line box is only as tall as the rule needs.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(border, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                              "w:pPrChange")
    return paragraph


def _borderless_table(document, widths_mm: tuple[float, ...]):
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for cell, width in zip(table.rows[0].cells, widths_mm):
        cell.width = Mm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    return table


def _cell_line(cell, text: str, *, size: Pt, bold=False, italic=False, first=False,
               align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(0)):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    _format(paragraph, align=align, indent=Mm(0), after=after, line=1.0)
    add_run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _page_field(paragraph, size: Pt) -> None:
    """A PAGE field (the page number), as Word writes it: begin, instruction, separate, value, end."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
        run = add_run(paragraph, "", size=size)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


# --------------------------------------------------------------------------- footnotes


_FOOTNOTES_XML = f"""<w:footnotes xmlns:w="{W_NS}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""


class Footnotes:
    """The document's footnotes part (word/footnotes.xml), created on first use."""

    def __init__(self, document) -> None:
        self.document = document
        self.part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, parse_xml(_FOOTNOTES_XML),
                            document.part.package)
        document.part.relate_to(self.part, RT.FOOTNOTES)
        self._ensure_styles()
        self._settings()
        self.next_id = 1

    def _ensure_styles(self) -> None:
        styles = self.document.styles
        names = {s.name for s in styles}
        if "Footnote Text" not in names:
            text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
            text.base_style = styles["Normal"]
            text.font.size = Pt(10)
            text.paragraph_format.space_after = Pt(0)
            text.paragraph_format.first_line_indent = Mm(0)
            text.paragraph_format.line_spacing = 1.0
            text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if "Footnote Reference" not in names:
            reference = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
            reference.font.superscript = True

    def _settings(self) -> None:
        settings = self.document.settings.element
        pr = OxmlElement("w:footnotePr")
        for number in ("-1", "0"):
            element = OxmlElement("w:footnote")
            element.set(qn("w:id"), number)
            pr.append(element)
        settings.append(pr)

    @staticmethod
    def _mark(paragraph, size: Pt, element) -> None:
        """A superscript run in the "Footnote Reference" style holding ``element``."""
        run = add_run(paragraph, "", size=size)
        rpr = run._r.get_or_add_rPr()
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "FootnoteReference")
        rpr.insert(0, style)
        vert = OxmlElement("w:vertAlign")
        vert.set(qn("w:val"), "superscript")
        rpr.append(vert)
        run._r.append(element)

    def add(self, paragraph, text: str, size: Pt = Pt(10)) -> int:
        """Anchor a footnote at the end of ``paragraph``; return its id."""
        note_id = self.next_id
        self.next_id += 1
        anchor = OxmlElement("w:footnoteReference")
        anchor.set(qn("w:id"), str(note_id))
        self._mark(paragraph, BODY_SIZE, anchor)

        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(note_id))
        body = OxmlElement("w:p")
        note.append(body)
        self.part.element.append(note)
        para = Paragraph(body, self.document.part)
        para.style = self.document.styles["Footnote Text"]
        _format(para, indent=Mm(0), after=Pt(0), line=1.0)
        self._mark(para, size, OxmlElement("w:footnoteRef"))
        add_run(para, f" {text}", size=size)
        return note_id


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
    _fonts(rpr)
    for fonts in styles.iter(qn("w:rFonts")):
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FONT)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = BLACK
    _fonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), PARAGRAPH_SPACING, LINE_SPACING
    for name in ("Header", "Footer"):
        style = document.styles[name]
        style.font.name = FONT
        _fonts(style.element.get_or_add_rPr())
    document.core_properties.language = "vi-VN"


def _header_block(document, commune: Commune, ind: Indicators) -> None:
    profile = commune.profile
    left_mm, right_mm = HEADER_COLUMNS_MM
    table = _borderless_table(document, HEADER_COLUMNS_MM)
    left, right = table.rows[0].cells

    body_lines = [line.upper() for line in profile.issuing_body]
    for number, line in enumerate(body_lines):
        _cell_line(left, line, size=Pt(13), bold=True, first=number == 0)
    widest = max(text_width_mm(line, 13, bold=True) for line in body_lines)
    _rule_paragraph(left, widest * 0.4, left_mm - 2 * CELL_MARGIN_MM)
    _cell_line(left, f"Số:        /{profile.symbol}", size=Pt(13), after=Pt(0)).paragraph_format.space_before = Pt(6)

    _cell_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=Pt(12), bold=True, first=True)
    motto = "Độc lập - Tự do - Hạnh phúc"
    _cell_line(right, motto, size=Pt(13), bold=True)
    _rule_paragraph(right, text_width_mm(motto, 13, bold=True), right_mm - 2 * CELL_MARGIN_MM)
    # The day stays blank for the clerk; the month of the period's end, padded only for 1 and 2.
    date_line = f"{profile.place}, ngày        tháng {fmt.month_of_date(ind.period.end.month)} năm {ind.period.end.year}"
    _cell_line(right, date_line, size=Pt(14), italic=True).paragraph_format.space_before = Pt(6)


def _split_subject(text: str, size: float, width_mm: float) -> list[str]:
    """Break a long subject into two balanced lines, as reports set it."""
    if text_width_mm(text, size, bold=True) <= width_mm:
        return [text]
    words = text.split()
    best = min(range(1, len(words)), key=lambda i: abs(
        text_width_mm(" ".join(words[:i]), size, True) - text_width_mm(" ".join(words[i:]), size, True)))
    return [" ".join(words[:best]), " ".join(words[best:])]


def _title(document, ind: Indicators) -> None:
    title = document.add_paragraph()
    _format(title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Mm(0), before=Pt(18), after=Pt(0), line=1.0)
    add_run(title, "BÁO CÁO", size=Pt(14), bold=True)
    lines = _split_subject(subject(ind.period), 14, TEXT_WIDTH_MM - 10)
    paragraph = document.add_paragraph()
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Mm(0), after=Pt(0), line=1.0)
    for number, line in enumerate(lines):
        run = add_run(paragraph, line, size=Pt(14), bold=True)
        if number < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    widest = max(text_width_mm(line, 14, bold=True) for line in lines)
    _rule_paragraph(document, widest * 0.4, TEXT_WIDTH_MM).paragraph_format.space_after = Pt(12)


def _body(document, blocks: list[Block], footnotes: Footnotes) -> None:
    for block in blocks:
        paragraph = document.add_paragraph()
        _format(paragraph)
        bold = block.kind in ("heading", "subheading")
        if block.kind == "heading":
            paragraph.paragraph_format.space_before = Pt(6)
        add_run(paragraph, block.display, bold=bold)
        if block.footnote:
            footnotes.add(paragraph, block.footnote)
    # The closing sentence stays on the page of the signature.
    paragraph.paragraph_format.keep_with_next = True


def _closing(document, commune: Commune) -> None:
    profile = commune.profile
    spacer = document.add_paragraph()
    _format(spacer, indent=Mm(0), after=Pt(0), line=1.0)
    spacer.paragraph_format.keep_with_next = True
    table = _borderless_table(document, CLOSING_COLUMNS_MM)
    # The closing is one block: "Nơi nhận" and the signature never split across pages.
    row_pr = table.rows[0]._tr.get_or_add_trPr()
    row_pr.append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    _cell_line(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True, first=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = [f"- {r.rstrip(';. ')};" for r in profile.recipients] + [f"- {profile.archive.rstrip('. ')}."]
    for line in lines:
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
    _page_field(paragraph, Pt(13))
    first = section.first_page_header.paragraphs[0]
    _format(first, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Mm(0), after=Pt(0), line=1.0)


def build_document(ind: Indicators, commune: Commune):
    """The formal report of ``ind`` for ``commune`` as a python-docx Document."""
    document = Document()
    _setup(document)
    _header_block(document, commune, ind)
    _title(document, ind)
    _body(document, report_blocks(ind, commune), Footnotes(document))
    _closing(document, commune)
    _page_numbers(document)
    document.core_properties.title = f"Báo cáo {subject(ind.period).lower()} – {commune.full_name}"
    document.core_properties.author = f"Ủy ban nhân dân {commune.full_name}"
    return document


def write_docx(ind: Indicators, commune: Commune, target: str | Path) -> Path:
    """Write the formal report to ``target`` atomically."""
    target = Path(target)
    with atomic_path(target) as temp:
        build_document(ind, commune).save(str(temp))
    return target


__all__ = ["build_document", "text_width_mm", "write_docx"]
