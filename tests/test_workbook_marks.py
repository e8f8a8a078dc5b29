"""Biểu 06a workbooks (a commune's and the city's) mark the figures the checks found inconsistent,
and their notes say only what is true.

Worked by hand on Hùng Thắng's published figures for February 2026 (data/sample/hung-thang/
summary-2026-02.yaml): (3) 921 published, (6) 14 carried over + (4) 879 online + (5) 0 = 893,
so (3) ≠ (4)+(5)+(6) by 28 (TOTAL_NOT_CARRIED_PLUS_NEW); (7) 919 + (11) 2 = 921 holds, and
(11) 2 = (12) 2 + (13) 0 holds, so (12) is not marked.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

from conftest import CONSISTENT_COUNTS, HAND_ROWS, HEADERS_VN, SAMPLE, write_csv, write_root
from openpyxl import load_workbook

from tthc_analysis.core.errors import Finding
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.checks import run_checks
from tthc_analysis.indicators.commune import files_indicators
from tthc_analysis.indicators.published import reconcile, summary_indicators
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Indicators
from tthc_analysis.inputs.summary import read_summary
from tthc_analysis.report.workbook import COMMENT_AUTHOR, LEGEND, write_bieu06a_rows, write_bieu06a_xlsx
from tthc_analysis.run.cli import run

FEBRUARY = parse_period("2026-02")
SUMMARY = SAMPLE / "hung-thang" / "summary-2026-02.yaml"
TOTAL_ROW = 11  # header rows 7–10, no field row: the total row comes first
COLUMNS = {"(3)": 3, "(4)": 4, "(5)": 5, "(6)": 6, "(7)": 7, "(12)": 12}
SLIP = (
    "Tổng số 921 hồ sơ khác số kỳ trước chuyển sang (14) cộng tiếp nhận mới (879): 14 + 879 = 893 "
    "(cột (3) ≠ (4)+(5)+(6), chênh lệch 28)."
)


def published_only() -> Indicators:
    """Hùng Thắng's published figures with their findings, as if it had no dossier exports."""
    summary = read_summary(SUMMARY, FEBRUARY)
    indicators = summary_indicators(summary, "hung-thang")
    return replace(indicators, findings=tuple(run_checks(indicators, stated_periods=summary.stated_periods)))


def published_beside(dossier_file) -> Indicators:
    """The published figures as the source, with dossier exports beside them (as commune.py sets them)."""
    summary = read_summary(SUMMARY, FEBRUARY)
    published = summary_indicators(summary, "hung-thang")
    computed = files_indicators([dossier_file], FEBRUARY)
    published = replace(published, computed=computed, reconciliation=reconcile(published, computed))
    return replace(published, findings=tuple(run_checks(published, stated_periods=summary.stated_periods)))


def sheet(path):
    return load_workbook(path).active


def texts(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def marked(cell) -> bool:
    return cell.fill.fill_type == "solid"


def marks(ws) -> list[str]:
    """Every filled or commented cell of the sheet."""
    return [c.coordinate for row in ws.iter_rows() for c in row if marked(c) or c.comment is not None]


# ---------------------------------------------------------------- a commune's workbook


def test_the_slip_is_marked_on_the_cells_it_concerns(tmp_path):
    indicators = published_only()
    assert [f.figures for f in indicators.findings if f.code == "TOTAL_NOT_CARRIED_PLUS_NEW"] == [
        ("total", "online", "direct_postal", "carried_over")
    ]
    ws = sheet(write_bieu06a_xlsx(indicators, tmp_path / "b.xlsx"))
    assert ws.cell(TOTAL_ROW, 2).value == "Tổng cộng"
    assert [ws.cell(TOTAL_ROW, c).value for c in range(3, 7)] == [921, 879, 0, 14]
    for column in ("(3)", "(4)", "(5)", "(6)"):
        cell = ws.cell(TOTAL_ROW, COLUMNS[column])
        assert marked(cell), column
        assert cell.comment is not None and cell.comment.author == COMMENT_AUTHOR
        assert "921" in cell.comment.text and "893" in cell.comment.text
        assert cell.comment.text == SLIP  # only this finding concerns (3) to (6)
    unrelated = ws.cell(TOTAL_ROW, COLUMNS["(12)"])
    assert unrelated.value == 2 and not marked(unrelated) and unrelated.comment is None
    # Only those four cells: no other finding of the month names a figure of Biểu 06a.
    assert marks(ws) == ["C11", "D11", "E11", "F11"]
    assert LEGEND in texts(ws)


def test_several_findings_of_a_cell_are_one_comment_a_line_each(tmp_path, hand_csv):
    # The hand rows as the exports beside the published figures: February counts EXPECTED_2026_02
    # (13 in all, 6 online, 4 direct or postal, 3 carried, 7 resolved of which 1 late, 6 in progress:
    # 4 on time, 2 overdue). Every published figure of Biểu 06a differs from them; (8) and (9) were
    # not published (only their sum), so they are neither reconciled nor marked.
    ws = sheet(write_bieu06a_xlsx(published_beside(hand_csv), tmp_path / "b.xlsx"))
    assert marks(ws) == ["C11", "D11", "E11", "F11", "G11", "J11", "K11", "L11", "M11"]
    assert ws["C11"].comment.text.split("\n") == [
        SLIP,
        "(3) Tổng số hồ sơ nhận giải quyết: số đã công bố 921 khác số tính từ dữ liệu hồ sơ 13 (chênh lệch +908).",
    ]
    assert ws["F11"].comment.text.split("\n") == [
        SLIP,
        "(6) Từ kỳ trước chuyển sang: số đã công bố 14 khác số tính từ dữ liệu hồ sơ 3 (chênh lệch +11).",
    ]
    assert ws["L11"].comment.text == (
        "(12) Đang giải quyết trong hạn: số đã công bố 2 khác số tính từ dữ liệu hồ sơ 4 (chênh lệch -2)."
    )
    assert ws["H11"].comment is None and not marked(ws["H11"])


def test_a_consistent_month_has_no_mark_and_no_legend(tmp_path, hand_csv):
    consistent = Indicators(None, FEBRUARY, "summary", Bieu06a(FEBRUARY, (), Bieu06aCounts(**CONSISTENT_COUNTS)))
    assert run_checks(consistent) == []
    ws = sheet(write_bieu06a_xlsx(consistent, tmp_path / "a.xlsx"))
    assert marks(ws) == [] and LEGEND not in texts(ws)
    # Dossier data: the identities hold by construction; row findings name no figure.
    dossiers = files_indicators([hand_csv], FEBRUARY)
    ws = sheet(write_bieu06a_xlsx(dossiers, tmp_path / "b.xlsx"))
    assert marks(ws) == [] and LEGEND not in texts(ws)


def test_a_finding_without_figures_marks_nothing(tmp_path):
    # "921/921 trực tuyến" exceeds the 879 new dossiers: a finding, but about no cell of the form.
    indicators = published_only()
    others = tuple(f for f in indicators.findings if not f.figures)
    assert "ONLINE_STATED_EXCEEDS_NEW" in [f.code for f in others]
    ws = sheet(write_bieu06a_xlsx(replace(indicators, findings=others), tmp_path / "b.xlsx"))
    assert marks(ws) == [] and LEGEND not in texts(ws)


def test_rows_are_marked_by_their_own_findings(tmp_path):
    # write_bieu06a_rows: row 0 (first commune) marked at (11)–(13), the total row at (7); row 1 not at all.
    finding = Finding("IN_PROGRESS_NOT_SUM", "Đang giải quyết 3 ≠ 2 + 2.", figures=("in_progress",))
    city = Finding("RESOLVED_NOT_SUM", "Đã giải quyết 7 ≠ 8.", figures=("resolved",))
    counts = Bieu06aCounts(**CONSISTENT_COUNTS)
    path = write_bieu06a_rows(
        FEBRUARY,
        [("xã A", counts), ("xã B", counts)],
        counts,
        tmp_path / "c.xlsx",
        findings={0: [finding, finding], None: [city]},  # the same finding twice is said once
    )
    ws = sheet(path)
    assert marks(ws) == ["K11", "G13"]
    assert ws["K11"].comment.text == "Đang giải quyết 3 ≠ 2 + 2."
    assert ws["G13"].comment.text == "Đã giải quyết 7 ≠ 8."
    assert texts(ws)[-1] == LEGEND  # the last line under the table
    plain = sheet(write_bieu06a_rows(FEBRUARY, [("xã A", counts)], counts, tmp_path / "d.xlsx"))
    assert marks(plain) == [] and LEGEND not in texts(plain)


# ---------------------------------------------------------------- the note


def test_note_of_published_figures_without_dossier_data(tmp_path):
    ws = sheet(write_bieu06a_xlsx(published_only(), tmp_path / "b.xlsx"))
    [note] = [t for t in texts(ws) if t.startswith("Ghi chú")]
    assert note == (
        "Ghi chú: số liệu đã công bố không có số liệu theo lĩnh vực (không có dữ liệu hồ sơ của kỳ này); "
        '"không có số liệu": số liệu không được công bố và không suy ra được.'
    )


def test_note_of_published_figures_beside_dossier_data(tmp_path, hand_csv):
    indicators = published_beside(hand_csv)
    assert indicators.source == "summary" and not indicators.bieu06a.rows and indicators.computed is not None
    ws = sheet(write_bieu06a_xlsx(indicators, tmp_path / "b.xlsx"))
    [note] = [t for t in texts(ws) if t.startswith("Ghi chú")]
    assert note == (
        "Ghi chú: số liệu đã công bố không có số liệu theo lĩnh vực; "
        '"không có số liệu": số liệu không được công bố và không suy ra được.'
    )
    assert "không có dữ liệu hồ sơ" not in note


def test_no_note_on_fields_when_there_are_rows(tmp_path, hand_csv):
    indicators = files_indicators([hand_csv], FEBRUARY)
    assert indicators.bieu06a.rows
    ws = sheet(write_bieu06a_xlsx(indicators, tmp_path / "b.xlsx"))
    assert not [t for t in texts(ws) if t.startswith("Ghi chú")]
    # Dossier data without the field column: no row by field, and the note says why.
    no_field = replace(indicators, bieu06a=replace(indicators.bieu06a, rows=()))
    ws = sheet(write_bieu06a_xlsx(no_field, tmp_path / "c.xlsx"))
    assert [t for t in texts(ws) if t.startswith("Ghi chú")] == ["Ghi chú: dữ liệu hồ sơ không có thông tin lĩnh vực."]
    # New dossiers known, the total not (exports that start inside the period): still no field column.
    new_only = Indicators(None, FEBRUARY, "dossiers", Bieu06a(FEBRUARY, (), Bieu06aCounts(online=2, direct_postal=3)))
    ws = sheet(write_bieu06a_xlsx(new_only, tmp_path / "e.xlsx"))
    assert [t for t in texts(ws) if t.startswith("Ghi chú")] == ["Ghi chú: dữ liệu hồ sơ không có thông tin lĩnh vực."]
    # No dossier in the period: nothing to break down, no note.
    empty = Indicators(None, FEBRUARY, "dossiers", Bieu06a(FEBRUARY, (), Bieu06aCounts(total=0, online=0)))
    ws = sheet(write_bieu06a_xlsx(empty, tmp_path / "d.xlsx"))
    assert not [t for t in texts(ws) if t.startswith("Ghi chú")]


# ---------------------------------------------------------------- the city's workbook


def test_city_workbook_marks_each_commune_and_names_sources_truly(tmp_path):
    # dong-hoa: Hùng Thắng's published figures, with exports of rows A–E (received in February only,
    # so they cannot be the source); cat-hai: the published figures alone; an-binh: the hand rows alone.
    communes = (("dong-hoa", "Đông Hòa", "xã"), ("cat-hai", "Cát Hải", "xã"), ("an-binh", "An Bình", "xã"))
    root = write_root(tmp_path / "data", *communes)
    for commune in ("dong-hoa", "cat-hai"):
        shutil.copy(SUMMARY, root / commune / "summary-2026-02.yaml")
    write_csv(root / "dong-hoa" / "dossiers.csv", HEADERS_VN, HAND_ROWS[:5])
    write_csv(root / "an-binh" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    out = tmp_path / "out"
    assert run(["city", "--period", "2026-02", "--data", str(root), "--out", str(out)]) == 0
    ws = sheet(out / "2026-02" / "bieu-06a-tong-hop-2026-02.xlsx")
    names = {ws.cell(r, 2).value: r for r in range(11, 15)}
    assert list(names) == ["xã Đông Hòa", "xã Cát Hải", "xã An Bình", "Tổng cộng"]

    dong_hoa, cat_hai, an_binh, total = names.values()
    for row in (dong_hoa, cat_hai):  # each commune's row: its own slip, 921 ≠ 14 + 879 = 893
        assert [ws.cell(row, c).value for c in range(3, 7)] == [921, 879, 0, 14]
        for column in ("(3)", "(4)", "(5)", "(6)"):
            cell = ws.cell(row, COLUMNS[column])
            assert marked(cell) and SLIP in cell.comment.text.split("\n")
    assert [ws.cell(cat_hai, c).comment.text for c in range(3, 7)] == [SLIP] * 4
    assert not marked(ws.cell(cat_hai, COLUMNS["(12)"])) and ws.cell(cat_hai, COLUMNS["(12)"]).comment is None
    assert [ws.cell(an_binh, c).comment for c in range(3, 14)] == [None] * 11
    assert not any(marked(ws.cell(an_binh, c)) for c in range(3, 14))
    # The city's total: 13 + 921 + 921 = 1855 ≠ carried 3 + 14 + 14 = 31 plus new (6 + 879 + 879) + (4 + 0 + 0) = 1768.
    assert [ws.cell(total, c).value for c in range(3, 7)] == [1855, 1764, 4, 31]
    comment = ws.cell(total, COLUMNS["(3)"]).comment.text
    assert comment == (
        "Tổng số 1855 hồ sơ khác số kỳ trước chuyển sang (31) cộng tiếp nhận mới (1768): 31 + 1768 = 1799 "
        "(cột (3) ≠ (4)+(5)+(6), chênh lệch 56)."
    )
    assert not marked(ws.cell(total, COLUMNS["(12)"]))

    lines = texts(ws)
    assert LEGEND in lines
    [note] = [t for t in lines if t.startswith("Ghi chú")]
    # dong-hoa has dossier exports: only cat-hai has none.
    assert note == "Ghi chú: Số liệu đã công bố: xã Đông Hòa, xã Cát Hải (không có dữ liệu hồ sơ)."


# ---------------------------------------------------------------- findings keep their figures


def test_figures_round_trip_and_are_written_only_when_named():
    named = Finding("TOTAL_NOT_CARRIED_PLUS_NEW", "…", figures=("total", "carried_over"))
    assert named.to_dict()["figures"] == ["total", "carried_over"]
    assert Finding.from_dict(named.to_dict()) == named
    plain = Finding("PERIOD_TEXT_MISMATCH", "…", file="a.yaml")
    assert "figures" not in plain.to_dict()
    assert Finding.from_dict(plain.to_dict()) == plain


def test_city_workbook_marks_the_right_row_when_a_commune_without_data_comes_first(tmp_path):
    # "Không Có" has no file: it is no row of the workbook, and must not shift the marks onto the
    # next commune's row. An Bình's hand rows are consistent; Đông Hòa's published figures are not
    # (921 ≠ 14 + 879).
    communes = (("khong-co", "Không Có", "xã"), ("an-binh", "An Bình", "xã"), ("dong-hoa", "Đông Hòa", "xã"))
    root = write_root(tmp_path / "data", *communes)
    write_csv(root / "an-binh" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    shutil.copy(SUMMARY, root / "dong-hoa" / "summary-2026-02.yaml")
    out = tmp_path / "out"
    assert run(["city", "--period", "2026-02", "--data", str(root), "--out", str(out)]) == 0
    ws = sheet(out / "2026-02" / "bieu-06a-tong-hop-2026-02.xlsx")
    names = {ws.cell(r, 2).value: r for r in range(11, 14)}
    assert list(names) == ["xã An Bình", "xã Đông Hòa", "Tổng cộng"]
    assert not any(marked(ws.cell(names["xã An Bình"], c)) for c in range(3, 14))
    assert marked(ws.cell(names["xã Đông Hòa"], COLUMNS["(3)"]))
    assert SLIP in ws.cell(names["xã Đông Hòa"], COLUMNS["(3)"]).comment.text.split("\n")
