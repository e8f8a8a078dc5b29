"""The commune's own Word template (docs/template.md): rendered with docxtpl, every figure in it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EARLIER_ROW, EXPECTED_2026_02, HAND_ROWS, HEADERS_VN, REPO, SAMPLE, write_csv, write_root
from docx import Document

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report.formal import build_document
from tthc_analysis.report.template import render_template
from tthc_analysis.report.template_default import write_default_template

SHIPPED = REPO / "templates" / "mau-bao-cao.docx"


def _cells(document) -> list[list[str]]:
    return [[p.text for p in cell.paragraphs] for table in document.tables for cell in table.rows[0].cells]


def test_the_shipped_template_is_the_default_report_and_is_up_to_date(tmp_path):
    # The committed file is what the generator writes (the same paragraphs and cells).
    fresh = Document(write_default_template(tmp_path / "moi.docx"))
    shipped = Document(SHIPPED)
    assert [p.text for p in shipped.paragraphs] == [p.text for p in fresh.paragraphs]
    assert _cells(shipped) == _cells(fresh)


@pytest.mark.parametrize(("commune_id", "period_id"), [("hung-thang", "2026-02"), ("bach-long-vi", "2025-Q4")])
def test_the_shipped_template_renders_the_default_reports_text(tmp_path, commune_id, period_id):
    root = DataRoot(SAMPLE)
    commune = root.commune(commune_id)
    ind = commune_indicators(root, commune_id, parse_period(period_id))
    rendered = Document(render_template(SHIPPED, ind, commune, tmp_path / "bao-cao.docx"))
    default = build_document(ind, commune)
    got = [p.text for p in rendered.paragraphs]
    want = [p.text for p in default.paragraphs]
    # Two differences, by design: the subject on one line (Word wraps it), and the data period of
    # section I as a paragraph under its heading (docxtpl does not render footnotes).
    want[1] = want[1].replace("\n", " ")
    note = f"({ind.period.start:%d/%m/%Y}"
    assert [t for t in got if not t.startswith("(Thời điểm lấy số liệu")] == want
    assert any(t.startswith("(Thời điểm lấy số liệu báo cáo từ ngày") and note[1:] in t for t in got)
    assert _cells(rendered) == _cells(default)
    # Every figure of Biểu 06a the text states is the figure of indicators.json.
    text = "\n".join(got)
    assert f"Tổng số {ind.counts.total} hồ sơ" in text or ind.counts.total is None


def _hand_commune(tmp_path: Path, rows) -> tuple[DataRoot, object]:
    root = DataRoot(write_root(tmp_path / "goc", ("thu", "Thử", "xã")))
    write_csv(root.path / "thu" / "dossiers.csv", HEADERS_VN, rows)
    return root, commune_indicators(root, "thu", parse_period("2026-02"))


def _template(path: Path, *paragraphs: str, table: bool = False) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:  # docxtpl's row loop: {%tr %} tags in rows of their own, the repeated row between them
        rows = [
            ["Lĩnh vực", "Tổng số", "Trực tuyến"],
            ["{%tr for row in fields %}", "", ""],
            ["{{ row.name }}", "{{ row.total }}", "{{ row.online }}"],
            ["{%tr endfor %}", "", ""],
            ["Cộng", "{{ bieu06a.total }}", "{{ bieu06a.online }}"],
        ]
        grid = document.add_table(rows=len(rows), cols=3)
        for cells, texts in zip(grid.rows, rows):
            for cell, text in zip(cells.cells, texts):
                cell.text = text
    document.save(path)
    return path


def test_a_communes_template_gets_its_figures_in_vietnamese_style(tmp_path):
    root, ind = _hand_commune(tmp_path, [*HAND_ROWS, EARLIER_ROW])
    template = _template(
        tmp_path / "mau.docx",
        "{{ commune.full_name|upper }} – {{ period.name }} ({{ period.from }} – {{ period.to }})",
        "Tổng số {{ bieu06a.total }} hồ sơ, kỳ trước {{ bieu06a.carried_over }}, mới {{ bieu06a.new }}.",
        "Đúng hạn {{ rates.on_time }}; trực tuyến {{ rates.online }} ({{ rates.online.numerator }}/{{ rates.online.denominator }}).",
        "{% if rates.on_time.value >= 98 %}Đạt chỉ tiêu.{% else %}Chưa đạt chỉ tiêu 98%.{% endif %}",
        "{%p for s in sentences.resolution %}",
        "{{ s }}",
        "{%p endfor %}",
        table=True,
    )
    out = Document(render_template(template, ind, root.commune("thu"), tmp_path / "ra.docx"))
    text = [p.text for p in out.paragraphs]
    # By hand (tests/conftest.py): 13 dossiers, 3 carried over, 10 new (6 online of 10).
    assert text[0] == "XÃ THỬ – tháng 02 năm 2026 (15/01/2026 – 14/02/2026)"
    assert text[1] == "Tổng số 13 hồ sơ, kỳ trước 03, mới 10."
    # On time: (8)+(9) of (7) = 6 of 7 = 85,7 %; online: 6 of 10 new = 60 %.
    assert text[2] == "Đúng hạn 85,7%; trực tuyến 60% (06/10)."
    assert text[3] == "Chưa đạt chỉ tiêu 98%."
    assert any(t.startswith("- Tổng số 13 hồ sơ (kỳ trước chuyển sang 03 hồ sơ") for t in text[4:]), text
    rows = [[c.text for c in row.cells] for row in out.tables[0].rows]
    assert rows[0] == ["Lĩnh vực", "Tổng số", "Trực tuyến"] and rows[-1] == ["Cộng", "13", "06"]
    assert sorted(r[:2] for r in rows[1:-1]) == [["Chứng thực", "04"], ["Hộ tịch", "05"], ["Đất đai", "04"]]
    assert EXPECTED_2026_02["total"] == 13 and EXPECTED_2026_02["online"] == 6


def test_an_unknown_figure_is_said_unknown_and_can_be_left_out(tmp_path):
    # Dossiers A–E, all received in February: nothing shows what was carried over.
    root, ind = _hand_commune(tmp_path, HAND_ROWS[:5])
    assert ind.counts.carried_over is None
    template = _template(
        tmp_path / "mau.docx",
        "Kỳ trước: {{ bieu06a.carried_over }}.",
        "{% if bieu06a.total is not none %}Tổng số {{ bieu06a.total }} hồ sơ.{% else %}Chưa rõ tổng số.{% endif %}",
        "Mới {{ bieu06a.new }}; đúng hạn {{ rates.on_time }}.",
    )
    text = [
        p.text for p in Document(render_template(template, ind, root.commune("thu"), tmp_path / "ra.docx")).paragraphs
    ]
    assert text == ["Kỳ trước: không có số liệu.", "Chưa rõ tổng số.", "Mới 05; đúng hạn không có số liệu."]


@pytest.mark.parametrize(
    ("placeholder", "said"),
    [
        ("{{ bieu06a.tong }}", "mẫu báo cáo dùng biến không có: 'tong'"),
        ("{{ xa.ten }}", "mẫu báo cáo dùng biến không có: 'xa'"),
        ("{% if bieu06a.total %}không đóng", "mẫu báo cáo có lỗi cú pháp Jinja"),
        ("{{ bieu06a.total }", "mẫu báo cáo có lỗi cú pháp Jinja"),
    ],
)
def test_a_bad_placeholder_names_itself_and_the_template_and_writes_nothing(tmp_path, placeholder, said):
    root, ind = _hand_commune(tmp_path, [*HAND_ROWS, EARLIER_ROW])
    template = _template(tmp_path / "mau-loi.docx", "Đầu", placeholder)
    target = tmp_path / "ra.docx"
    with pytest.raises(InputError) as refused:
        render_template(template, ind, root.commune("thu"), target)
    (problem,) = refused.value.problems
    assert problem.file == str(template) and said in problem.message, problem.message
    assert not target.exists() and not list(tmp_path.glob(".ra.docx*"))


def test_a_file_that_is_no_word_document_is_refused(tmp_path):
    root, ind = _hand_commune(tmp_path, [*HAND_ROWS, EARLIER_ROW])
    bad = tmp_path / "mau.docx"
    bad.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(InputError, match="không đọc được mẫu báo cáo như một tệp Word"):
        render_template(bad, ind, root.commune("thu"), tmp_path / "ra.docx")
    with pytest.raises(InputError, match="không tìm thấy mẫu báo cáo"):
        render_template(tmp_path / "khong-co.docx", ind, root.commune("thu"), tmp_path / "ra.docx")


@pytest.mark.parametrize("written", ["mau/bao-cao.docx", "mau\\bao-cao.docx", ".\\mau\\bao-cao.docx"])
def test_a_profiles_template_is_relative_to_the_data_root_with_either_separator(tmp_path, written):
    root = write_root(tmp_path, ("thu", "Thử", "xã"))
    text = (
        (root / "communes.yaml")
        .read_text(encoding="utf-8")
        .replace("kind: xã}", f"kind: xã, profile: {{template: '{written}'}}}}")
    )
    (root / "communes.yaml").write_text(text, encoding="utf-8")
    assert DataRoot(root).template_file("thu") == root / "mau" / "bao-cao.docx"


def test_the_batch_runs_a_commune_again_when_its_template_changes(tmp_path):
    from tthc_analysis.run.fingerprint import commune_fingerprint
    from tthc_analysis.run.notebook import NOTEBOOK

    root = write_root(tmp_path, ("thu", "Thử", "xã"))
    text = (
        (root / "communes.yaml")
        .read_text(encoding="utf-8")
        .replace("kind: xã}", "kind: xã, profile: {template: mau.docx}}")
    )
    (root / "communes.yaml").write_text(text, encoding="utf-8")
    shutil.copy(SHIPPED, root / "mau.docx")
    period = parse_period("2026-02")
    before = commune_fingerprint(DataRoot(root), "thu", period, NOTEBOOK)
    _template(root / "mau.docx", "{{ commune.full_name }}")
    assert commune_fingerprint(DataRoot(root), "thu", period, NOTEBOOK) != before


def test_every_variable_the_docs_name_is_in_the_context():
    from tthc_analysis.report.template import template_context

    root = DataRoot(SAMPLE)
    context = template_context(
        commune_indicators(root, "hung-thang", parse_period("2026-02")), root.commune("hung-thang")
    )
    named = set(
        re.findall(
            r"`\{\{ ([a-z_][a-z_0-9]*(?:\.[a-z_0-9]+)*)", (REPO / "docs" / "template.md").read_text(encoding="utf-8")
        )
    )
    assert len(named) > 20
    for name in named - {"s", "row.name", "row.total", "row.online", "line"}:  # loop variables of the examples
        value = context
        for part in name.split("."):
            assert part in value, name
            value = value[part]


@pytest.mark.e2e
def test_tthc_report_writes_the_docx_from_a_template_given_or_in_the_profile(tmp_path):
    from conftest import run_cli

    template = _template(tmp_path / "mau.docx", "{{ commune.full_name }}: tổng số {{ bieu06a.total }} hồ sơ.")
    out = tmp_path / "ra"
    done = run_cli(
        "report", "--commune", "bach-long-vi", "--period", "2026-02", "--out", str(out), "--template", str(template)
    )
    assert done.returncode == 0, done.stderr
    figures = __import__("json").loads(
        (out / "bach-long-vi" / "2026-02" / "indicators.json").read_text(encoding="utf-8")
    )
    docx = out / "bach-long-vi" / "2026-02" / "bao-cao-cctthc-bach-long-vi-2026-02.docx"
    total = figures["bieu06a"]["total"]
    assert [p.text for p in Document(docx).paragraphs] == [f"đặc khu Bạch Long Vĩ: tổng số {total:02d} hồ sơ."]
    # The same from the profile, written with Windows separators, in a copy of the sample.
    root = tmp_path / "du-lieu"
    shutil.copytree(SAMPLE, root)
    (root / "mau").mkdir()
    shutil.copy(template, root / "mau" / "bao-cao.docx")
    yaml_text = (root / "communes.yaml").read_text(encoding="utf-8")
    yaml_text = yaml_text.replace(
        "  - id: bach-long-vi\n", "  - id: bach-long-vi\n    profile: {template: 'mau\\bao-cao.docx'}\n", 1
    )
    (root / "communes.yaml").write_text(yaml_text, encoding="utf-8")
    done = run_cli(
        "report", "--commune", "bach-long-vi", "--period", "2026-02", "--data", str(root), "--out", str(out / "2")
    )
    assert done.returncode == 0, done.stderr
    docx = out / "2" / "bach-long-vi" / "2026-02" / "bao-cao-cctthc-bach-long-vi-2026-02.docx"
    assert [p.text for p in Document(docx).paragraphs] == [f"đặc khu Bạch Long Vĩ: tổng số {total:02d} hồ sơ."]
    # A bad placeholder: exit 2, the placeholder and the template named, no traceback.
    bad = _template(tmp_path / "mau-loi.docx", "{{ bieu06a.tong }}")
    done = run_cli(
        "report", "--commune", "bach-long-vi", "--period", "2026-02", "--out", str(out / "3"), "--template", str(bad)
    )
    assert (
        done.returncode == 2
        and "mẫu báo cáo dùng biến không có: 'tong'" in done.stderr
        and "mau-loi.docx" in done.stderr
    )
    assert "Traceback" not in done.stderr and "InputError" not in done.stderr, done.stderr
    missing = run_cli(
        "report", "--commune", "bach-long-vi", "--period", "2026-02", "--template", str(tmp_path / "khong.docx")
    )
    assert missing.returncode == 2 and "khong.docx: không tìm thấy mẫu báo cáo (.docx)" in missing.stderr


def test_in_time_is_early_plus_on_time_in_the_total_and_by_field(tmp_path):
    # Second round of injected bugs: `in_time` was (9) alone. By hand (tests/conftest.py):
    # early A, J + on time B, D, E, Q = 2 + 4 = 6 in time, of which (9) alone is 4;
    # Hộ tịch: early A + on time B, D, E = 4 (of which (9) alone is 3).
    root, ind = _hand_commune(tmp_path, [*HAND_ROWS, EARLIER_ROW])
    template = _template(
        tmp_path / "mau.docx",
        "Trong hạn {{ bieu06a.in_time }}, trong đó trước hạn {{ bieu06a.resolved_early }}.",
        "{% for row in fields %}{{ row.name }}: {{ row.in_time }}; {% endfor %}",
    )
    text = [
        p.text for p in Document(render_template(template, ind, root.commune("thu"), tmp_path / "ra.docx")).paragraphs
    ]
    assert text[0] == "Trong hạn 06, trong đó trước hạn 02."
    assert "Hộ tịch: 04;" in text[1], text[1]


def test_a_unit_established_inside_the_period_is_counted_from_its_first_day(tmp_path):
    # Second round of injected bugs: `period.from` was the month's usual first day (15/01/2026)
    # for a unit established on 01/02/2026; its period runs 01/02/2026 – 14/02/2026.
    path = write_root(tmp_path / "goc", ("thu", "Thử", "xã"))
    communes = (path / "communes.yaml").read_text(encoding="utf-8")
    (path / "communes.yaml").write_text(
        communes.replace("kind: xã}", "kind: xã, established: 01/02/2026}"), encoding="utf-8"
    )
    root = DataRoot(path)
    rows = [r for r in HAND_ROWS if r[0] in "ABCDEGKLNQ"]  # those received from 01/02/2026 to 14/02/2026
    write_csv(root.path / "thu" / "dossiers.csv", HEADERS_VN, rows)
    ind = commune_indicators(root, "thu", parse_period("2026-02"))
    template = _template(tmp_path / "mau.docx", "Từ {{ period.from }} đến {{ period.to }}.")
    out = Document(render_template(template, ind, root.commune("thu"), tmp_path / "ra.docx"))
    assert out.paragraphs[0].text == "Từ 01/02/2026 đến 14/02/2026."


def test_a_name_with_ampersand_or_angle_brackets_is_written_as_it_is(tmp_path):
    # Found by mutation testing: without escaping, "&" and "<1" vanished from the Word file.
    root = DataRoot(write_root(tmp_path / "goc", ("thu", "Hòa & Bình <1>", "xã")))
    write_csv(root.path / "thu" / "dossiers.csv", HEADERS_VN, [*HAND_ROWS, EARLIER_ROW])
    ind = commune_indicators(root, "thu", parse_period("2026-02"))
    template = _template(tmp_path / "mau.docx", "Tên: {{ commune.name }}; đúng hạn {{ rates.on_time }}.")
    out = Document(render_template(template, ind, root.commune("thu"), tmp_path / "ra.docx"))
    assert out.paragraphs[0].text == "Tên: Hòa & Bình <1>; đúng hạn 85,7%."


def test_a_missing_or_broken_template_names_the_file_and_the_place(tmp_path):
    root, ind = _hand_commune(tmp_path, [*HAND_ROWS, EARLIER_ROW])
    commune = root.commune("thu")
    missing = tmp_path / "khong-co.docx"
    with pytest.raises(InputError) as refused:
        render_template(missing, ind, commune, tmp_path / "ra.docx")
    assert [(p.message, p.file) for p in refused.value.problems] == [
        ("không tìm thấy mẫu báo cáo (.docx)", str(missing))
    ]
    broken = tmp_path / "hong.docx"
    broken.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        render_template(broken, ind, commune, tmp_path / "ra.docx")
    (problem,) = refused.value.problems
    assert problem.file == str(broken)
    assert problem.message.startswith("không đọc được mẫu báo cáo như một tệp Word (.docx): ")
    # A syntax error says where: the text of the paragraphs around it.
    template = _template(tmp_path / "mau.docx", "Đầu trang", "Tổng {{ bieu06a.total }")
    with pytest.raises(InputError) as refused:
        render_template(template, ind, commune, tmp_path / "ra.docx")
    assert refused.value.problems[0].message == (
        "mẫu báo cáo có lỗi cú pháp Jinja: unexpected '}' (ở chỗ: Đầu trang Tổng {{ bieu06a.total })"
    )
    template = _template(tmp_path / "mau2.docx", "{{ xa.ten }}")
    with pytest.raises(InputError) as refused:
        render_template(template, ind, commune, tmp_path / "ra.docx")
    assert refused.value.problems[0].message == "mẫu báo cáo dùng biến không có: 'xa' (xem docs/template.md)"


def test_a_rate_keeps_the_decimals_it_was_published_with(tmp_path):
    # Published figures (summary-2026-02.yaml): on time 97,25 % keeps its two decimals, as
    # text and as value; a rate counted from dossiers is rounded to one (6/7 = 85,714… -> 85.7).
    root, ind = _hand_commune(tmp_path, [*HAND_ROWS, EARLIER_ROW])
    template = _template(tmp_path / "mau.docx", "{{ rates.on_time }} = {{ rates.on_time.value }}")
    out = Document(render_template(template, ind, root.commune("thu"), tmp_path / "ra.docx"))
    assert out.paragraphs[0].text == "85,7% = 85.7"
    (root.path / "thu" / "summary-2026-02.yaml").write_text(
        'period: "2026-02"\nrates:\n  on_time: 97.25\n', encoding="utf-8"
    )
    published = commune_indicators(root, "thu", parse_period("2026-02"), source="published")
    out = Document(render_template(template, published, root.commune("thu"), tmp_path / "ra2.docx"))
    assert out.paragraphs[0].text == "97,25% = 97.25"


def test_section_one_sub_sections_come_without_their_heading_and_an_own_assessment_wins(tmp_path):
    path = write_root(tmp_path / "goc", ("thu", "Thử", "xã"))
    text = (path / "communes.yaml").read_text(encoding="utf-8")
    own = "kind: xã, profile: {narrative: {assessment: Xã hoàn thành tốt nhiệm vụ.}}}"
    (path / "communes.yaml").write_text(text.replace("kind: xã}", own), encoding="utf-8")
    root = DataRoot(path)
    write_csv(root.path / "thu" / "dossiers.csv", HEADERS_VN, [*HAND_ROWS, EARLIER_ROW])
    ind = commune_indicators(root, "thu", parse_period("2026-02"))
    template = _template(
        tmp_path / "mau.docx",
        "{% for r in results %}[{{ r.heading }}] {{ r.paragraphs[0][:9] }} {% endfor %}",
        "{{ sentences.assessment|join(' ') }}",
        "{{ sentences.resolution[0][:9] }}",
    )
    out = [
        p.text for p in Document(render_template(template, ind, root.commune("thu"), tmp_path / "ra.docx")).paragraphs
    ]
    # Each sub-section of I: its numbered heading, then its first sentence (not the heading again);
    # without a publicity text in the profile, I.1 is the results of resolution.
    assert out[0].startswith("[1. Kết quả giải quyết TTHC] - Kết quả [2. Kết quả thực hiện dịch vụ công")
    assert out[2] == "- Kết quả"
    assert out[1] == "Xã hoàn thành tốt nhiệm vụ."


def test_the_body_findings_and_the_profiles_texts_reach_the_template(tmp_path):
    path = write_root(tmp_path / "goc", ("thu", "Thử", "xã"))
    profile = (
        "profile: {narrative: {tasks: '- Làm việc A.', recommendations: Đề nghị B.},"
        " recipients: ['UBND thành phố;', 'Văn phòng.'], archive: 'Lưu: VT.'}"
    )
    text = (path / "communes.yaml").read_text(encoding="utf-8").replace("kind: xã}", f"kind: xã, {profile}}}")
    (path / "communes.yaml").write_text(text, encoding="utf-8")
    root = DataRoot(path)
    write_csv(root.path / "thu" / "dossiers.csv", HEADERS_VN, HAND_ROWS)  # O: finished, without a date
    ind = commune_indicators(root, "thu", parse_period("2026-02"))
    assert "FINISHED_WITHOUT_DATE" in [f.code for f in ind.findings]
    template = _template(
        tmp_path / "mau.docx",
        "{{ sentences.tasks|join('|') }} / {{ sentences.recommendations|join('|') }}",
        "{{ profile.recipients|join('|') }}",
        "{% for f in findings %}{{ f.code }}={{ f.message == '' }}{{ f.where is string }};{% endfor %}",
        "{% for b in body %}{% if b.bold %}[{{ b.text[:3] }}]{% endif %}{% endfor %}",
        "{{ body|selectattr('bold')|selectattr('text', 'equalto', '- Tổng số')|list|length }}",
    )
    out = [
        p.text for p in Document(render_template(template, ind, root.commune("thu"), tmp_path / "ra.docx")).paragraphs
    ]
    assert out[0] == "- Làm việc A. / Đề nghị B."
    # Each recipient once with its own ending stripped, ";" after each, "." after the archive line.
    assert out[1] == "- UBND thành phố;|- Văn phòng;|- Lưu: VT."
    assert "FINISHED_WITHOUT_DATE=FalseTrue;" in out[2]
    # The headings are bold: I., II., III., IV. and the sub-sections "1." …; no sentence is.
    assert out[3].startswith("[I. ") and "[II." in out[3] and "[1. " in out[3] and "[- " not in out[3]
