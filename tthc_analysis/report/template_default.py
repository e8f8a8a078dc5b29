"""Write ``templates/mau-bao-cao.docx``: the default formal report as a Word template.

The default document (report/formal.py) is built with marker texts where the data go, then
each marker becomes a Jinja placeholder or a docxtpl paragraph loop (``{%p for … %}``). A
commune copies the file, edits its wording in Word and points ``--template`` or ``template:``
at it (docs/template.md).

    python -m tthc_analysis.report.template_default templates/mau-bao-cao.docx
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from ..core.atomic import atomic_path
from ..core.periods import parse_period
from ..inputs.dataroot import ReportProfile, Signer
from .blocks import Block
from .formal import formal_document

MARK = {
    "issuing": "MARKISSUING",
    "symbol": "MARKSYMBOL",
    "place": "MARKPLACE",
    "subject": "MARKSUBJECT",
    "body": "MARKBODY",
    "recipient": "MARKRECIPIENT",
    "archive": "MARKARCHIVE",
    "authority": "MARKAUTHORITY",
    "signer": "MARKSIGNER",
}


def _marked_document():
    profile = ReportProfile(
        issuing_body=(MARK["issuing"],),
        place=MARK["place"],
        symbol=MARK["symbol"],
        directives={"*": ""},
        signer=Signer((MARK["authority"],), MARK["signer"]),
        recipients=(MARK["recipient"],),
        archive=MARK["archive"],
        own_units=(),
        narrative={},
    )
    return formal_document(
        profile,
        parse_period("2026-02"),
        MARK["subject"],
        [Block("text", MARK["body"])],
        title="{{ subject }} – {{ commune.full_name }}",
        author="{{ commune.full_name }}",
    )


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _set_text(paragraph, text: str, *, bold: bool | None = None) -> None:
    """Keep the paragraph's format and its first run's; the text becomes ``text``."""
    runs = paragraph.runs
    for run in runs[1:]:
        run._r.getparent().remove(run._r)
    runs[0].text = text
    if bold is not None:
        runs[0].bold = bold


def _around(paragraph, before: list[str], after: list[str]) -> None:
    """Paragraphs of Jinja tags before and after ``paragraph``, as copies of it (docxtpl removes them)."""
    for text in before:
        twin = copy.deepcopy(paragraph._p)
        paragraph._p.addprevious(twin)
        _set_text(type(paragraph)(twin, paragraph._parent), text)
    for text in reversed(after):
        twin = copy.deepcopy(paragraph._p)
        paragraph._p.addnext(twin)
        _set_text(type(paragraph)(twin, paragraph._parent), text)


def _body(paragraph) -> None:
    """The body: every paragraph of the default report, bold where it is a heading, its footnote
    (the data period of section I) as a paragraph under it."""
    bold = copy.deepcopy(paragraph._p)
    paragraph._p.addprevious(bold)
    heading = type(paragraph)(bold, paragraph._parent)
    _set_text(heading, "{{ b.text }}", bold=True)
    heading.paragraph_format.keep_with_next = True
    _set_text(paragraph, "{{ b.text }}", bold=False)
    _around(heading, ["{%p for b in body %}", "{%p if b.bold %}"], [])
    _around(
        paragraph,
        ["{%p else %}"],
        ["{%p endif %}", "{%p if b.footnote %}", "({{ b.footnote }})", "{%p endif %}", "{%p endfor %}"],
    )


def write_default_template(target: str | Path) -> Path:
    """Write the default report's template to ``target`` (atomically)."""
    document = _marked_document()
    for paragraph in list(_paragraphs(document)):
        text = paragraph.text
        if text == MARK["issuing"]:
            _set_text(paragraph, "{{ line|upper }}")
            _around(paragraph, ["{%p for line in profile.issuing_body %}"], ["{%p endfor %}"])
        elif MARK["symbol"] in text:
            _set_text(paragraph, text.replace(MARK["symbol"], "{{ profile.symbol }}"))
        elif text.startswith(MARK["place"]):
            _set_text(paragraph, "{{ profile.date_line }}")
        elif text == MARK["subject"]:
            _set_text(paragraph, "{{ subject }}")
        elif text == MARK["body"]:
            _body(paragraph)
        elif MARK["recipient"] in text:
            _set_text(paragraph, "{{ line }}")
            _around(paragraph, ["{%p for line in profile.recipients %}"], ["{%p endfor %}"])
        elif MARK["archive"] in text:
            paragraph._p.getparent().remove(paragraph._p)  # the archive line is the recipients' last
        elif text == MARK["authority"]:
            _set_text(paragraph, "{{ line|upper }}")
            _around(paragraph, ["{%p for line in profile.signer.authority %}"], ["{%p endfor %}"])
        elif text == MARK["signer"]:
            _set_text(paragraph, "{{ profile.signer.name }}")
    left = [p.text for p in _paragraphs(document) if "MARK" in p.text]
    assert not left, left  # every marker became a placeholder
    target = Path(target)
    with atomic_path(target) as temp:
        document.save(str(temp))
    return target


if __name__ == "__main__":  # pragma: no cover
    print(write_default_template(sys.argv[1] if len(sys.argv) > 1 else "templates/mau-bao-cao.docx"))
