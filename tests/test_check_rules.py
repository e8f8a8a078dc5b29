"""``tthc check``'s rules (run/check.py) on small data roots written by hand: which published
files a period reads, a row's finding said once whatever the number of periods, the feedback
file's warnings, and nothing counted from inputs that do not load."""

from __future__ import annotations

from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_VN, write_csv, write_root

from tthc_analysis.core.periods import parse_period
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.run.check import check_root

SUMMARY = "period: '{period}'\nbieu06a: {{total: 13}}\n"


def _root(tmp_path, rows=(*HAND_ROWS, EARLIER_ROW), headers=HEADERS_VN):
    root = write_root(tmp_path / "data", ("thu", "Thử", "xã"))
    write_csv(root / "thu" / "dossiers.csv", headers, rows)
    return root


def _codes(problems):
    return [(p.code, p.file.rsplit("/", 1)[-1] if p.file else None) for p in problems]


def test_a_period_reads_only_its_own_published_file(tmp_path):
    root = _root(tmp_path)
    (root / "thu" / "summary-2026-02.yaml").write_text(SUMMARY.format(period="2026-02"), encoding="utf-8")
    (root / "thu" / "summary-2026-01.yaml").write_text("period: '2026-01'\nbieu06a: [hỏng\n", encoding="utf-8")
    february = check_root(DataRoot(root), "thu", parse_period("2026-02"))
    assert not any(p.file and p.file.endswith("summary-2026-01.yaml") for p in february)
    every = check_root(DataRoot(root), "thu", None)  # without --period: every file, the broken one too
    assert any(p.is_error and p.file.endswith("summary-2026-01.yaml") for p in every)


def test_a_rows_finding_is_said_once_over_every_period(tmp_path):
    # Q2 finished on 01/02, the day before it was received: one row finding, whatever the periods checked.
    odd = ("Q2", "Hộ tịch", "10", "2", "02/02/2026", "05/02/2026", "01/02/2026")
    root = _root(tmp_path, (*HAND_ROWS, EARLIER_ROW, odd))
    for period in ("2026-01", "2026-02"):
        (root / "thu" / f"summary-{period}.yaml").write_text(SUMMARY.format(period=period), encoding="utf-8")
    problems = check_root(DataRoot(root), "thu", None)
    rows = [p for p in problems if p.code == "FINISHED_BEFORE_RECEIVED"]
    assert [(p.file.rsplit("/", 1)[-1], p.row) for p in rows] == [("dossiers.csv", 20)]  # 19 data rows + header


def test_a_periods_own_findings_name_the_period(tmp_path):
    root = _root(tmp_path)
    # January published 13 received, against none of HAND_ROWS in the exports' January: a difference.
    (root / "thu" / "summary-2026-01.yaml").write_text(SUMMARY.format(period="2026-01"), encoding="utf-8")
    problems = check_root(DataRoot(root), "thu", None)
    differences = [p for p in problems if p.code == "RECONCILIATION_DIFFERENCE"]
    assert differences and all(p.message.startswith("tháng 01 năm 2026: ") for p in differences)
    assert all(p.file.endswith("summary-2026-01.yaml") for p in differences)


def test_the_feedback_files_warnings_are_listed(tmp_path):
    root = _root(tmp_path)
    write_csv(
        root / "thu" / "feedback.csv",
        ["MaPAKN", "NgayTiepNhan", "HanXuLy", "NgayXuLy", "Cột lạ"],
        [("F1", "20/12/2025", "30/12/2025", "28/12/2025", "x"), ("F2", "01/02/2026", "10/02/2026", "", "")],
    )
    problems = check_root(DataRoot(root), "thu", parse_period("2026-02"))
    feedback = [p for p in problems if p.file and p.file.endswith("feedback.csv")]
    assert [(p.code, p.row, p.column) for p in feedback] == [("UNMAPPED_COLUMN", 1, "Cột lạ")]
    # Without a period and with no published file there is no period to count: the file's own check says it.
    files_only = [p for p in check_root(DataRoot(root), "thu", None) if p.file and p.file.endswith("feedback.csv")]
    assert [(p.code, p.column) for p in files_only] == [("UNMAPPED_COLUMN", "Cột lạ")]
    headers = ["MaPAKN", "NgayTiepNhan", "HanXuLy", "NgayXuLy"]
    broken = write_csv(root / "thu" / "feedback.csv", headers, [("F3", "31/02/2026", "", "")])
    errors = [p for p in check_root(DataRoot(root), "thu", parse_period("2026-02")) if p.is_error]
    assert [(p.file, p.row, p.column) for p in errors] == [(str(broken), 2, "NgayTiepNhan")]  # 31/02: no date


def test_inputs_that_do_not_load_are_not_counted(tmp_path):
    # No received date column: the load error, and nothing counted from the file (no second error).
    headers = [h for h in HEADERS_VN if h != "Ngày tiếp nhận"]
    rows = [tuple(v for n, v in enumerate(row) if n != 4) for row in HAND_ROWS]
    root = _root(tmp_path, rows, headers)
    problems = check_root(DataRoot(root), "thu", parse_period("2026-02"))
    errors = [p for p in problems if p.is_error]
    assert len(errors) == 1 and "Ngày tiếp nhận" in errors[0].message
    assert len(problems) == 1
