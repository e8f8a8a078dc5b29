"""The city's consolidated report as a .docx in the Nghị định 30 layout, signed for the
city's centre (communes.yaml ``centre``): the sentences of the city page, then a table of
every commune's main figures (the whole Biểu 06a is in the workbook beside it)."""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ...core import vnformat as fmt
from ...core.atomic import atomic_path
from ...core.labels import NOT_AVAILABLE, UNIT_HEADING
from ...indicators.city import CityIndicators
from ...inputs.dataroot import Centre
from ..formal import TEXT_WIDTH_MM, formal_document
from ..ooxml import add_run
from .narrative import city_blocks, city_subject, unit_words

TABLE_COLUMNS = (
    ("TT", 9),
    (UNIT_HEADING, 41),
    ("Tổng số", 18),
    ("Tiếp nhận mới", 19),
    ("Đã giải quyết", 19),
    ("Tỷ lệ đúng hạn", 20),
    ("Quá hạn", 17),
)
TABLE_SIZE = Pt(11)


def _row_values(number: str, name: str, counts, on_time) -> list[str]:
    def n(value: int | None) -> str:
        return NOT_AVAILABLE if value is None else fmt.number(value)

    return [number, name, n(counts.total), n(counts.new), n(counts.resolved), fmt.rate(on_time), n(counts.overdue)]


def _cell(cell, text: str, *, bold: bool = False, left: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Mm(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    add_run(paragraph, text, size=TABLE_SIZE, bold=bold)


def communes_table(city: CityIndicators):
    """A function that adds the table of communes to a document (after the body)."""

    def add(document) -> None:
        caption = document.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.first_line_indent = Mm(0)
        caption.paragraph_format.keep_with_next = True  # the table's title stays over it
        add_run(caption, f"Kết quả giải quyết TTHC theo từng {unit_words(city)}", size=Pt(13), bold=True)
        # Figures from another source than the dossiers are marked, never mixed in silently.
        published = {r.commune.id for r in city.with_data if r.indicators.source == "summary"}
        rows = [
            _row_values(
                str(i),
                r.commune.full_name + (" (*)" if r.commune.id in published else ""),
                r.indicators.counts,
                r.indicators.rates["on_time"],
            )
            for i, r in enumerate(city.with_data, start=1)
        ]
        rows.append(_row_values("", "Tổng cộng", city.total, city.rates["on_time"].rate))
        table = document.add_table(rows=len(rows) + 1, cols=len(TABLE_COLUMNS))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        scale = TEXT_WIDTH_MM / sum(w for _, w in TABLE_COLUMNS)
        for column, (title, width) in enumerate(TABLE_COLUMNS):
            table.columns[column].width = Mm(width * scale)
            _cell(table.cell(0, column), title, bold=True)
        for r, values in enumerate(rows, start=1):
            last = r == len(rows)
            for column, value in enumerate(values):
                table.cell(r, column).width = Mm(TABLE_COLUMNS[column][1] * scale)
                _cell(table.cell(r, column), value, bold=last, left=column == 1)
        note = document.add_paragraph()
        note.paragraph_format.first_line_indent = Mm(0)
        sources = " (*) Số liệu đã công bố; các đơn vị khác: tính từ dữ liệu hồ sơ." if published else ""
        add_run(note, f"Biểu 06a đầy đủ theo từng đơn vị: tệp Excel kèm theo.{sources}", size=Pt(11), italic=True)

    return add


def build_city_document(city: CityIndicators, centre: Centre):
    """The city's report as a python-docx Document."""
    blocks = city_blocks(city, centre)
    return formal_document(
        centre.profile,
        city.period,
        city_subject(city.period),
        blocks[:-1],  # the closing sentence goes after the table
        title=f"Báo cáo {city_subject(city.period).lower()} – {city.city}",
        author=centre.name,
        after_body=communes_table(city),
        last_blocks=blocks[-1:],
        # "UBND THÀNH PHỐ HẢI PHÒNG" over "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG": the first line names
        # the parent body (cơ quan chủ quản), not bold; the centre itself is bold (Nghị định 30).
        parent_lines=1 if len(centre.profile.issuing_body) > 1 else 0,
    )


def write_city_docx(city: CityIndicators, centre: Centre, target: str | Path) -> Path:
    """Write the city's report to ``target`` atomically."""
    target = Path(target)
    with atomic_path(target) as temp:
        build_city_document(city, centre).save(str(temp))
    return target
