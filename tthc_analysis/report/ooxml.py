"""A little OOXML for what python-docx has no API for: fonts in every script slot, rules
(paragraph borders), borderless tables, the PAGE field and real footnotes.

Every text from data goes into runs as plain text (never as fields or markup).
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTE_SIZE = Pt(10)  # footnote text


def set_fonts(rpr) -> None:
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


def add_run(paragraph, text: str, *, size: Pt, bold: bool = False, italic: bool = False):
    """A run of plain text in Times New Roman, black, in every font slot."""
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = BLACK
    run.font.name = FONT
    rpr = run._r.get_or_add_rPr()
    set_fonts(rpr)
    _size_cs(rpr, size)
    return run


def rule_paragraph(container, width_mm: float, available_mm: float):
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
    ppr.insert_element_before(
        border,
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:kinsoku",
        "w:wordWrap",
        "w:overflowPunct",
        "w:topLinePunct",
        "w:autoSpaceDE",
        "w:autoSpaceDN",
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )
    return paragraph


def borderless_table(document, widths_mm: tuple[float, ...]):
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


def page_field(paragraph, size: Pt) -> None:
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


_FOOTNOTES_XML = f"""<w:footnotes xmlns:w="{W_NS}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
</w:footnotes>"""


class Footnotes:
    """The document's footnotes part (word/footnotes.xml), created on first use."""

    def __init__(self, document) -> None:
        self.document = document
        self.part = XmlPart(
            PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, parse_xml(_FOOTNOTES_XML), document.part.package
        )
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

    def add(self, paragraph, text: str, *, anchor_size: Pt, size: Pt = NOTE_SIZE) -> int:
        """Anchor a footnote at the end of ``paragraph`` (its mark ``anchor_size``); return its id."""
        note_id = self.next_id
        self.next_id += 1
        anchor = OxmlElement("w:footnoteReference")
        anchor.set(qn("w:id"), str(note_id))
        self._mark(paragraph, anchor_size, anchor)

        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(note_id))
        body = OxmlElement("w:p")
        note.append(body)
        self.part.element.append(note)
        para = Paragraph(body, self.document.part)
        para.style = self.document.styles["Footnote Text"]
        pf = para.paragraph_format
        pf.alignment, pf.first_line_indent, pf.left_indent = WD_ALIGN_PARAGRAPH.JUSTIFY, Mm(0), Mm(0)
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
        self._mark(para, size, OxmlElement("w:footnoteRef"))
        add_run(para, f" {text}", size=size)
        return note_id
