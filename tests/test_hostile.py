"""Hostile text from data never runs: not in a browser, a spreadsheet, a document or a kernel."""

from __future__ import annotations

import re

import pytest
from conftest import HAND_ROWS, write_csv
from docx import Document
from openpyxl import load_workbook

from tthc_analysis.run.notebook import run_report

pytestmark = pytest.mark.e2e  # each test runs the report notebook

SCRIPT = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil.example","bấm")'
IMAGE = "<img src=x onerror=alert(1)>"
CODE = '"; import os; os.system("echo pwned") #'


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    data = tmp / "data"
    (data / "thu-nghiem").mkdir(parents=True)
    (data / "communes.yaml").write_text(
        "communes:\n"
        "  - id: thu-nghiem\n"
        f"    name: 'Thử {IMAGE}'\n"
        "    kind: xã\n"
        "    profile:\n"
        f"      recipients: ['{FORMULA.replace(chr(39), chr(39) * 2)}', '{IMAGE}']\n"
        f"      narrative: {{assessment: '- {SCRIPT}'}}\n"
        f"      signer: {{name: '{CODE.replace(chr(39), chr(39) * 2)}'}}\n",
        encoding="utf-8",
    )
    rows = [list(r) for r in HAND_ROWS]
    for row in rows[:5]:
        row[1] = SCRIPT  # field name (lĩnh vực)
    for row in rows[5:10]:
        row[1] = FORMULA
    headers = [
        "Mã hồ sơ",
        "Lĩnh vực",
        "Trạng thái",
        "Kênh nộp",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày kết thúc xử lý",
    ]
    write_csv(
        data / "thu-nghiem" / "dossiers.csv",
        [*headers, "Đơn vị xử lý"],
        [r + ([IMAGE] if i % 2 else [FORMULA]) for i, r in enumerate(rows)],
    )
    paths = run_report("thu-nghiem", "2026-02", data_dir=data, out_dir=tmp / "out")
    return {p.suffix: p for p in paths.products() if p != paths.detail_xlsx} | {"detail": paths.detail_xlsx}


def test_html_shows_hostile_text_as_text(hostile_run):
    text = hostile_run[".html"].read_text(encoding="utf-8")
    # The page's one script is its own (the live tables), after the content; none comes from data.
    content = text[: text.index("</main>")]
    assert not re.search(r"<script", content, re.I)
    assert len(re.findall(r"<script", text, re.I)) == 1 and '<script type="module">' in text
    assert not re.search(r"<img[^>]*onerror", text, re.I)
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text or '&lt;script&gt;alert("x")&lt;/script&gt;' in text
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_docx_holds_it_as_plain_text(hostile_run):
    doc = Document(str(hostile_run[".docx"]))
    texts = [p.text for p in doc.paragraphs] + [p.text for t in doc.tables for c in t._cells for p in c.paragraphs]
    assert f"- {SCRIPT}" in texts
    assert any(IMAGE in t for t in texts)
    assert any(FORMULA in t for t in texts)
    # No field codes other than the page number.
    xml = doc.element.xml
    assert "HYPERLINK" not in re.sub(r"<w:t[^>]*>[^<]*</w:t>", "", xml)


def test_xlsx_never_holds_a_formula(hostile_run):
    ws = load_workbook(hostile_run[".xlsx"]).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == FORMULA for c in cells)
    assert all(c.data_type != "f" for c in cells)


def test_drilldown_workbook_never_holds_a_formula(hostile_run):
    wb = load_workbook(hostile_run["detail"])
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == FORMULA for c in cells)  # the unit of C (resolved late), among others
    assert all(c.data_type != "f" for c in cells)


def test_the_notebook_got_only_validated_parameters(hostile_run):
    import nbformat

    notebook = nbformat.read(str(hostile_run[".ipynb"]), as_version=4)
    injected = next(c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'commune = "thu-nghiem"' in injected.source and 'period = "2026-02"' in injected.source
    assert "pwned" not in injected.source
