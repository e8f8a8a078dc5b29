"""A Biểu 06a workbook in a commune's folder is read as the published figures of its period
(docs/published-figures.md#a-biểu-06a-workbook)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import (
    EARLIER_ROW,
    EXPECTED_2026_02,
    EXPECTED_BY_FIELD_2026_02,
    HAND_ROWS,
    HEADERS_VN,
    SAMPLE,
    run_cli,
    write_csv,
    write_root,
)
from openpyxl import load_workbook

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.labels import BIEU06A_KEYS
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.inputs.published_files import published_period
from tthc_analysis.report.workbook import write_bieu06a_xlsx


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("bieu-06a-hung-thang-2026-02.xlsx", "2026-02"),
        ("Bieu-06a_2026-Q1.XLSX", "2026-Q1"),
        ("bieu-06a-xa-an-binh-2026-H1.ods", "2026-H1"),
        ("bieu-06a-2025-9M.xls", "2025-9M"),
        ("bieu-06a-2025.xlsx", "2025"),
        ("bieu-06a-thu-2025-07-01-den-2025-10-31.xlsx", "2025-07-01..2025-10-31"),
        ("summary-2026-02.yaml", "2026-02"),
        ("bieu-06a.xlsx", None),  # no period in the name
        ("bieu-06a-2026-13.xlsx", None),  # no such month
        ("bieu-06a-2026-02.csv", None),  # not a workbook
        ("bao-cao-2026-02.xlsx", None),  # not a Biểu 06a
        ("bieu-06a-12026-02.xlsx", None),
    ],
)
def test_the_period_of_a_published_file_is_read_from_its_name(name, period):
    assert published_period(Path(name)) == period


def _hand_root(tmp_path: Path) -> tuple[DataRoot, object]:
    """A commune whose February 2026 is the hand-worked month, and its figures counted from the rows."""
    root = write_root(tmp_path / "goc", ("thu", "Thử", "xã"))
    write_csv(root / "thu" / "dossiers.csv", HEADERS_VN, [*HAND_ROWS, EARLIER_ROW])
    return DataRoot(root), commune_indicators(root, "thu", parse_period("2026-02"))


def _workbook_only(tmp_path: Path, indicators, name: str = "bieu-06a-thu-2026-02.xlsx") -> tuple[DataRoot, Path]:
    """A data root whose commune has nothing but the project's own Biểu 06a workbook."""
    root = write_root(tmp_path / "chi-co-bieu", ("thu", "Thử", "xã"))
    return DataRoot(root), write_bieu06a_xlsx(indicators, root / "thu" / name)


def test_the_projects_own_workbook_gives_back_the_hand_worked_figures_and_rows(tmp_path):
    _, counted = _hand_root(tmp_path)
    root, path = _workbook_only(tmp_path, counted)
    read = commune_indicators(root, "thu", parse_period("2026-02"))
    assert read.source == "summary" and root.summary_file("thu", parse_period("2026-02")) == path
    assert {k: read.counts.to_dict()[k] for k in EXPECTED_2026_02} == EXPECTED_2026_02
    rows = {r.field_name: r.counts.to_dict() for r in read.bieu06a.rows}
    assert sorted(rows) == sorted(EXPECTED_BY_FIELD_2026_02)
    for field, figures in EXPECTED_BY_FIELD_2026_02.items():
        assert {k: rows[field][k] for k in figures} == figures, field
    assert [f.code for f in read.findings] == []


@pytest.mark.e2e  # fourteen workbooks written and read back: about 15 s
def test_every_sample_commune_round_trips_through_its_workbook(tmp_path):
    sample = DataRoot(SAMPLE)
    for commune_id in sample.communes():
        for period_id in ("2026-02", "2025-Q3"):
            period = parse_period(period_id)
            counted = commune_indicators(sample, commune_id, period, source="dossiers")
            root = write_root(tmp_path / commune_id / period_id, (commune_id, "Thử", "xã"))
            write_bieu06a_xlsx(counted, root / commune_id / f"bieu-06a-{period_id}.xlsx")
            read = commune_indicators(root, commune_id, period)
            assert read.counts.to_dict() == counted.counts.to_dict(), (commune_id, period_id)
            assert [(r.field_name, r.counts.to_dict()) for r in read.bieu06a.rows] == [
                (r.field_name, r.counts.to_dict()) for r in counted.bieu06a.rows
            ], (commune_id, period_id)


def _edit(path: Path, cells: dict[str, object]) -> None:
    workbook = load_workbook(path)
    for ref, value in cells.items():
        workbook.active[ref] = value
    workbook.save(path)


def _cell(path: Path, row_name: str, column: int) -> str:
    """The reference of the cell of ``row_name``'s row in Biểu 06a's column (column) of the form."""
    sheet = load_workbook(path).active
    for row in sheet.iter_rows(min_col=2, max_col=2):
        if row[0].value == row_name:
            return f"{chr(ord('A') + column - 1)}{row[0].row}"
    raise AssertionError(row_name)


def test_slips_of_the_form_are_findings(tmp_path):
    _, counted = _hand_root(tmp_path)
    root, path = _workbook_only(tmp_path, counted)
    # Hộ tịch's (7) says 6 where its (8)+(9)+(10) are 5; the total's (4) says 7 where the fields' sum is 6.
    _edit(path, {_cell(path, "Hộ tịch", 7): 6, _cell(path, "Tổng cộng", 4): 7})
    read = commune_indicators(root, "thu", parse_period("2026-02"))
    found = {(f.code, f.message) for f in read.findings}
    assert any(code == "RESOLVED_NOT_SUM" and message.startswith("Lĩnh vực Hộ tịch: ") for code, message in found)
    assert (
        "TOTAL_NOT_SUM_OF_FIELDS",
        "Dòng tổng cộng, cột (4) Tiếp nhận trực tuyến: 7 hồ sơ, khác tổng của 3 lĩnh vực (6, chênh lệch 1).",
    ) in found
    # The total's own identity breaks too ((3) = (4)+(5)+(6)): the cells are marked in the report's workbook.
    assert {"online"} <= {key for f in read.findings for key in f.figures}
    # The marks: the total's (4), and its (7) (Hộ tịch's 6 makes the fields' (7) one more), each for
    # the sum of the fields; none for a field's own slip (the workbook marks the total row's cells).
    codes = ("TOTAL_NOT_SUM_OF_FIELDS", "RESOLVED_NOT_SUM")
    figures = sorted((f.code, f.figures) for f in read.findings if f.code in codes)
    assert figures == [
        ("RESOLVED_NOT_SUM", ()),
        ("TOTAL_NOT_SUM_OF_FIELDS", ("online",)),
        ("TOTAL_NOT_SUM_OF_FIELDS", ("resolved",)),
    ]


def test_a_field_figure_not_given_is_no_slip_of_the_total(tmp_path):
    _, counted = _hand_root(tmp_path)
    root, path = _workbook_only(tmp_path, counted)
    _edit(path, {_cell(path, "Hộ tịch", 4): "-"})  # (4) of one field not given: the total's (4) cannot be checked
    read = commune_indicators(root, "thu", parse_period("2026-02"))
    assert [f.code for f in read.findings if f.code == "TOTAL_NOT_SUM_OF_FIELDS"] == []
    assert {r.field_name: r.counts.online for r in read.bieu06a.rows}["Hộ tịch"] is None


def test_a_period_line_that_is_not_the_names_period_is_refused(tmp_path):
    _, counted = _hand_root(tmp_path)
    root, path = _workbook_only(tmp_path, counted, "bieu-06a-thu-2026-03.xlsx")
    with pytest.raises(InputError) as refused:
        commune_indicators(root, "thu", parse_period("2026-03"))
    (problem,) = refused.value.problems
    assert (problem.file, problem.row) == (str(path), 5)
    assert "biểu ghi từ ngày 15/01/2026 đến ngày 14/02/2026, nhưng tên tệp là của tháng 03 năm 2026" in problem.message


def test_a_cell_that_is_no_count_is_refused_naming_row_and_column(tmp_path):
    _, counted = _hand_root(tmp_path)
    root, path = _workbook_only(tmp_path, counted)
    ref = _cell(path, "Chứng thực", 9)
    _edit(path, {ref: "ba"})
    with pytest.raises(InputError) as refused:
        commune_indicators(root, "thu", parse_period("2026-02"))
    (problem,) = refused.value.problems
    assert (problem.file, problem.row, problem.column) == (str(path), int(ref[1:]), "(9)")
    assert "'ba' không phải một số hồ sơ" in problem.message


def test_a_summary_yaml_of_the_period_comes_before_a_workbook(tmp_path):
    root = DataRoot(write_root(tmp_path, ("hung-thang", "Hùng Thắng", "xã")))
    shutil.copy(SAMPLE / "hung-thang" / "summary-2026-02.yaml", root.path / "hung-thang")
    (root.path / "hung-thang" / "bieu-06a-2026-02.xlsx").write_bytes(b"")
    assert root.summary_file("hung-thang", parse_period("2026-02")).name == "summary-2026-02.yaml"
    assert [p.name for p in root.published_files("hung-thang")] == ["bieu-06a-2026-02.xlsx", "summary-2026-02.yaml"]


def test_tthc_check_reads_the_workbook_and_names_its_problems(tmp_path):
    _, counted = _hand_root(tmp_path)
    root, path = _workbook_only(tmp_path, counted)
    _edit(path, {_cell(path, "Tổng cộng", 4): 7})
    done = run_cli("check", "--data", str(root.path))
    said = f"CẢNH BÁO {path}: tháng 02 năm 2026: Dòng tổng cộng, cột (4) Tiếp nhận trực tuyến: 7 hồ sơ, khác tổng"
    assert said in done.stdout and "0 lỗi, 2 cảnh báo." in done.stdout, done.stdout
    assert "Traceback" not in done.stderr


def test_fields_whose_names_start_like_a_total_are_fields(tmp_path):
    from tthc_analysis.indicators.results import Bieu06aCounts
    from tthc_analysis.report.workbook import write_bieu06a_rows

    religion = Bieu06aCounts(2, 1, 1, 0, 2, 1, 1, 0, 0, 0, 0)
    trade = Bieu06aCounts(4, 3, 0, 1, 1, 0, 1, 0, 3, 2, 1)
    both = Bieu06aCounts(6, 4, 1, 1, 3, 1, 2, 0, 3, 2, 1)
    root = DataRoot(write_root(tmp_path, ("thu", "Thử", "xã")))
    period = parse_period("2026-Q1")
    rows = [("Tôn giáo", religion), ("Công thương", trade)]
    write_bieu06a_rows(period, rows, both, root.path / "thu" / "bieu-06a-2026-Q1.xlsx")
    read = commune_indicators(root, "thu", period)
    assert [(r.field_name, r.counts.to_dict()) for r in read.bieu06a.rows] == [
        ("Tôn giáo", religion.to_dict()),
        ("Công thương", trade.to_dict()),
    ]
    assert read.counts.total == 6 and read.findings == ()


# ---------------------------------------------------------------- layouts real systems export

# Three fields counted by hand: each row keeps (3) = (4)+(5)+(6) = (7)+(11), (7) = (8)+(9)+(10),
# (11) = (12)+(13); Chứng thực passes a thousand, which some systems write "1.500".
REAL_ROWS = [
    ("Hộ tịch", [120, 80, 30, 10, 110, 50, 55, 5, 10, 8, 2]),
    ("Chứng thực", [1500, 1400, 100, 0, 1500, 1500, 0, 0, 0, 0, 0]),
    ("Đất đai", [45, 20, 15, 10, 30, 10, 15, 5, 15, 12, 3]),
]
REAL_TOTAL = [1665, 1500, 145, 20, 1640, 1560, 70, 10, 25, 20, 5]  # the columns' sums, by hand


def _layouts():
    import bieu06a_layouts as real

    return {
        # PASETO "Báo cáo 06a" by field ("07a"), as Excel keeps it in a Vietnamese locale, an English
        # one (1.500 becomes the decimal 1.5) and as the text sent.
        "paseto-vi": lambda p: real.write_paseto_06a(p, *DAYS, REAL_ROWS, None, row_title=FIELD_TITLE),
        "paseto-en": lambda p: real.write_paseto_06a(p, *DAYS, REAL_ROWS, None, row_title=FIELD_TITLE, numbers="en"),
        "paseto-raw": lambda p: real.write_paseto_06a(p, *DAYS, REAL_ROWS, None, row_title=FIELD_TITLE, numbers="raw"),
        # The same export as the file the browser saves: an HTML table named .xls.
        "paseto-html": lambda p: real.write_paseto_06a_html(p.with_suffix(".xls"), *DAYS, REAL_ROWS, None),
        # PASETO "06 các cấp": the fields under a group row of their level, numbered from 2.
        "paseto-cac-cap": lambda p: real.write_paseto_06_cac_cap(p, *DAYS, REAL_ROWS, None, unit_name="UBND xã Thử"),
        # A department's system filling its template: numbers row (1)…(13), no total row.
        "so-cong-thuong": lambda p: real.write_sct_quarter(p, *DAYS, REAL_ROWS, None),
        "so-cong-thuong-total": lambda p: real.write_sct_quarter(p, *DAYS, REAL_ROWS, REAL_TOTAL, with_total=True),
    }


DAYS = ("15/12/2025", "14/03/2026")  # quý I năm 2026
FIELD_TITLE = "Lĩnh vực, công việc giải quyết theo cấp"


@pytest.mark.parametrize("layout", list(_layouts()))
def test_a_workbook_in_a_real_systems_layout_gives_the_figures_counted_by_hand(tmp_path, layout):
    root = DataRoot(write_root(tmp_path, ("thu", "Thử", "xã")))
    path = _layouts()[layout](root.path / "thu" / "bieu-06a-2026-Q1.xlsx")
    read = commune_indicators(root, "thu", parse_period("2026-Q1"))
    assert read.source == "summary" and root.summary_file("thu", parse_period("2026-Q1")) == path
    assert [read.counts.to_dict()[k] for k in BIEU06A_KEYS] == REAL_TOTAL
    assert [(r.field_name, [r.counts.to_dict()[k] for k in BIEU06A_KEYS]) for r in read.bieu06a.rows] == REAL_ROWS
    assert read.findings == ()


def test_a_real_layouts_slip_and_period_are_checked(tmp_path):
    import bieu06a_layouts as real

    root = DataRoot(write_root(tmp_path, ("thu", "Thử", "xã")))
    slipped = [*REAL_TOTAL[:4], 1641, *REAL_TOTAL[5:]]  # (7) one more than its fields, and than (8)+(9)+(10)
    real.write_paseto_06a_html(root.path / "thu" / "bieu-06a-2026-Q1.xls", *DAYS, REAL_ROWS, slipped)
    codes = {f.code for f in commune_indicators(root, "thu", parse_period("2026-Q1")).findings}
    assert {"TOTAL_NOT_SUM_OF_FIELDS", "RESOLVED_NOT_SUM", "TOTAL_NOT_RESOLVED_PLUS_IN_PROGRESS"} <= codes
    # The same file named for another quarter: its own line says quý I.
    (root.path / "thu" / "bieu-06a-2026-Q1.xls").rename(root.path / "thu" / "bieu-06a-2026-Q2.xls")
    with pytest.raises(
        InputError, match="biểu ghi từ ngày 15/12/2025 đến ngày 14/03/2026, nhưng tên tệp là của quý II"
    ):
        commune_indicators(root, "thu", parse_period("2026-Q2"))


def test_an_older_form_without_its_columns_is_refused_naming_what_is_missing(tmp_path):
    import bieu06a_layouts as real

    root = DataRoot(write_root(tmp_path, ("thu", "Thử", "xã")))
    real.write_lethuy_rates(root.path / "thu" / "bieu-06a-2026-Q1.xlsx", *DAYS, REAL_ROWS, None)
    with pytest.raises(InputError) as refused:
        commune_indicators(root, "thu", parse_period("2026-Q1"))
    message = str(refused.value)
    assert "bieu-06a-2026-Q1.xlsx" in message and "thiếu: " in message and "(8) Giải quyết trước hạn" in message, (
        message
    )


@pytest.mark.e2e
def test_a_report_from_a_folder_holding_only_the_systems_workbook_has_its_rows_by_field(tmp_path):
    import bieu06a_layouts as real
    from docx import Document

    root = tmp_path / "du-lieu"
    shutil.copytree(SAMPLE, root)
    for path in (root / "vinh-bao").iterdir():
        path.unlink()  # no export, no feedback: the system's statistics alone
    real.write_paseto_06a_html(root / "vinh-bao" / "bieu-06a-vinh-bao-2026-Q1.xls", *DAYS, REAL_ROWS, None)
    out = tmp_path / "ra"
    done = run_cli("report", "--commune", "vinh-bao", "--period", "2026-Q1", "--data", str(root), "--out", str(out))
    assert done.returncode == 0, done.stderr
    folder = out / "vinh-bao" / "2026-Q1"
    page = (folder / "bao-cao-vinh-bao-2026-Q1.html").read_text(encoding="utf-8")
    for name, figures in REAL_ROWS:  # the table by field: each field's row, in Vietnamese number style
        row = page[page.index(f">{name}<") :].split("</tr>")[0]
        cells = [re.sub(r"<[^>]+>", "", "<td" + c).strip() for c in row.split("<td")[1:]]
        assert cells[:3] == [f"{v:,}".replace(",", ".") for v in figures[:3]], (name, cells)
    text = "\n".join(p.text for p in Document(folder / "bao-cao-cctthc-vinh-bao-2026-Q1.docx").paragraphs)
    assert "Tổng số 1.665 hồ sơ (kỳ trước chuyển sang 20 hồ sơ; tiếp nhận mới 1.645 hồ sơ" in text, text


def test_only_files_named_as_published_figures_are_read_as_such(tmp_path):
    from tthc_analysis.inputs.published_files import published_in, published_period

    names = ["dossiers.csv", "ghi-chu.yaml", "summary-2026-02.yaml", "summary-2026-02.csv", "bieu-06a-2026-Q1.xlsx"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "bieu-06a-2026-01.xlsx").mkdir()  # a folder, not a file
    assert [p.name for p in published_in(tmp_path)] == ["bieu-06a-2026-Q1.xlsx", "summary-2026-02.yaml"]
    assert [published_period(tmp_path / n) for n in names] == [None, None, "2026-02", None, "2026-Q1"]
