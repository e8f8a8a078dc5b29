"""Reading a Biểu 06a workbook (inputs/bieu06a_form.py) on small sheets written cell by cell:
a form without a total row, a row without a name, a second total line, a long title block,
figures written with spaces, and a period line with a day that does not exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.inputs.bieu06a_form import read_bieu06a_workbook

FEB = parse_period("2026-02")  # 15/01/2026 – 14/02/2026
NUMBERS = ["(1)", "(2)", *(f"({n})" for n in range(3, 14))]


def _sheet(path: Path, rows: list[list[object]], *, title_rows: int = 3) -> Path:
    """A sheet: ``title_rows`` title lines (the period on the second), the column numbers, ``rows``."""
    wb = Workbook()
    ws = wb.active
    ws.append(["BIỂU 06a"])
    ws.append(["Từ ngày 15/01/2026 đến ngày 14/02/2026"])
    for _ in range(title_rows - 2):
        ws.append([])
    ws.append(NUMBERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _figures(total, online, direct, carried, early, on_time, late, on_time_pending, overdue):
    """The eleven figures (3)…(13) of a row from its parts: (3) = (4)+(5)+(6), (7) = (8)+(9)+(10)."""
    resolved, pending = early + on_time + late, on_time_pending + overdue
    assert total == online + direct + carried == resolved + pending
    return [total, online, direct, carried, resolved, early, on_time, late, pending, on_time_pending, overdue]


HO_TICH = _figures(10, 6, 2, 2, 3, 4, 1, 1, 1)
DAT_DAI = _figures(5, 1, 3, 1, 0, 2, 2, 0, 1)


def test_a_form_without_a_total_row_is_summed_and_an_unknown_cell_leaves_its_column_unknown(tmp_path):
    rows = [[1, "Hộ tịch", *HO_TICH], [2, "Đất đai", *DAT_DAI[:3], "-", *DAT_DAI[4:]]]
    summary = read_bieu06a_workbook(_sheet(tmp_path / "b.xlsx", rows), FEB)
    assert summary.counts["total"] == 15 and summary.counts["online"] == 7 and summary.counts["resolved"] == 12  # 8 + 4
    assert summary.counts["carried_over"] is None  # Đất đai's (6) is "-": the sum is not known
    assert summary.fields[1] == ("Đất đai", {**dict(zip(summary.counts, DAT_DAI)), "carried_over": None})


def test_a_row_without_a_name_is_named_by_its_row_in_the_sheet(tmp_path):
    # Title lines 1–3, the numbers on row 4, Hộ tịch on row 5, the nameless row on row 6.
    path = _sheet(tmp_path / "b.xlsx", [[1, "Hộ tịch", *HO_TICH], [2, None, *DAT_DAI], [None, "Tổng cộng", *HO_TICH]])
    assert [name for name, _ in read_bieu06a_workbook(path, FEB).fields] == ["Hộ tịch", "Dòng 6"]


def test_the_first_total_row_is_the_total(tmp_path):
    total = [a + b for a, b in zip(HO_TICH, DAT_DAI)]
    rows = [[1, "Hộ tịch", *HO_TICH], [2, "Đất đai", *DAT_DAI], [None, "Tổng cộng", *total]]
    rows.append([None, "Cộng lũy kế từ đầu năm", *(3 * v for v in total)])  # a second line of totals
    summary = read_bieu06a_workbook(_sheet(tmp_path / "b.xlsx", rows), FEB)
    assert summary.counts["total"] == 15 and summary.counts["in_progress_overdue"] == 2


def test_the_column_numbers_are_found_under_a_long_title_block(tmp_path):
    # 30 lines of titles and signatures above the table: the numbers on row 31, within the first 40.
    path = _sheet(tmp_path / "b.xlsx", [[1, "Hộ tịch", *HO_TICH], [None, "Tổng cộng", *HO_TICH]], title_rows=30)
    assert read_bieu06a_workbook(path, FEB).counts["total"] == 10


def test_figures_written_as_text_with_spaces_or_dots_between_thousands(tmp_path):
    big = ["1 234", "1 000", "200", "34", "1.200", "200", "1.000", "0", "34", "30", "4"]
    summary = read_bieu06a_workbook(_sheet(tmp_path / "b.xlsx", [[1, "Hộ tịch", *big]]), FEB)
    assert summary.counts["total"] == 1234 and summary.counts["online"] == 1000 and summary.counts["resolved"] == 1200


def test_a_period_line_with_a_day_that_does_not_exist_is_refused_with_its_row(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["BIỂU 06a"])
    ws.append(["Từ ngày 15/01/2026 đến ngày 31/02/2026"])
    ws.append(NUMBERS)
    ws.append([1, "Hộ tịch", *HO_TICH])
    wb.save(tmp_path / "b.xlsx")
    with pytest.raises(InputError) as refused:
        read_bieu06a_workbook(tmp_path / "b.xlsx", FEB)
    problem = refused.value.errors[0]
    assert problem.row == 2 and "ngày không có thật trong 'Từ ngày 15/01/2026 đến ngày 31/02/2026'" in problem.message
