"""Drill-down (issue 11, point 3): the dossiers behind each count, in the HTML annex and a workbook."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import EXPECTED_2026_02, EXPECTED_2026_Q1, HAND_ROWS, HEADERS_VN, write_csv

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.drilldown import dossier_lists
from tthc_analysis.inputs.tables import load_dossiers

FEB = parse_period("2026-02")  # 15/01/2026 – 14/02/2026


def _ids(drilldown, key):
    return drilldown.get(key).rows["dossier_id"].tolist()


def _days(drilldown, key):
    return drilldown.get(key).rows["days_late"].tolist()


@pytest.fixture
def hand_lists(hand_csv):
    return dossier_lists(load_dossiers([hand_csv]), FEB)


# ------------------------------------------------------------------ the lists, worked out by hand


def test_each_list_holds_the_dossiers_worked_out_by_hand(hand_lists):
    # conftest.HAND_ROWS: C finished 09/02 after its due 05/02 -> (10).
    assert _ids(hand_lists, "resolved_late") == ["C"]
    # F (due 20/01) and P (due 13/02) not finished, due before 14/02, not waiting -> (13);
    # the longest delay first.
    assert _ids(hand_lists, "in_progress_overdue") == ["F", "P"]
    # (12): O no due date (received 01/12/2025), H waiting for a supplement (20/01), G due on
    # 14/02 itself (10/02), N finished 20/02 after the period, due 14/02 (14/02): by received date.
    assert _ids(hand_lists, "in_progress_on_time") == ["O", "H", "G", "N"]
    # E status 7, finished 12/02 after its due 03/02: withdrawn, counted on time in (9).
    assert _ids(hand_lists, "withdrawn") == ["E"]
    assert _ids(hand_lists, "unknown_codes") == []  # every code of HAND_ROWS is known


def test_days_late_are_calendar_days_worked_out_by_hand(hand_lists):
    # C: 09/02 − 05/02 = 4 days.
    assert _days(hand_lists, "resolved_late") == [4]
    # In progress: the period's last day 14/02 − due. F: 20/01 -> 11 days left in January + 14 = 25; P: 13/02 -> 1.
    assert _days(hand_lists, "in_progress_overdue") == [25, 1]
    # Lists that are not late have no days late.
    assert hand_lists.get("in_progress_on_time").rows["days_late"].isna().all()
    assert hand_lists.get("withdrawn").rows["days_late"].isna().all()


def test_a_longer_period_counts_days_to_its_own_end(hand_csv):
    # Quarter I: 15/12/2025 – 14/03/2026. Resolved late: N 20/02 − 14/02 = 6, C 4, I 14/01 − 12/01 = 2.
    # In progress overdue at 14/03: F from 20/01 = 11 + 28 + 14 = 53; P from 13/02 = 15 + 14 = 29;
    # G from 14/02 = 14 + 14 = 28.
    lists = dossier_lists(load_dossiers([hand_csv]), parse_period("2026-Q1"))
    assert (_ids(lists, "resolved_late"), _days(lists, "resolved_late")) == (["N", "C", "I"], [6, 4, 2])
    assert (_ids(lists, "in_progress_overdue"), _days(lists, "in_progress_overdue")) == (["F", "P", "G"], [53, 29, 28])
    assert lists.get("resolved_late").count == EXPECTED_2026_Q1["resolved_late"]
    assert lists.get("in_progress_overdue").count == EXPECTED_2026_Q1["in_progress_overdue"]


def test_each_whole_list_has_as_many_rows_as_its_biểu_06a_count(hand_lists):
    whole = {item.column: item.count for item in hand_lists.lists if item.whole}
    assert whole == {
        key: EXPECTED_2026_02[key] for key in ("resolved_late", "in_progress_overdue", "in_progress_on_time")
    }
    assert {item.key: item.column_number for item in hand_lists.lists} == {
        "resolved_late": 10,
        "in_progress_overdue": 13,
        "in_progress_on_time": 12,
        "withdrawn": 9,
        "unknown_codes": 3,
    }


def test_a_withdrawn_dossier_still_in_progress_is_not_in_the_withdrawn_list(tmp_path):
    # R: status 7 but no finish date -> its dates decide: in progress, due 20/02 after 14/02 -> (12).
    rows = [*HAND_ROWS, ("R", "Hộ tịch", "7", "2", "03/02/2026", "20/02/2026", "")]
    lists = dossier_lists(load_dossiers([write_csv(tmp_path / "r.csv", HEADERS_VN, rows)]), FEB)
    assert _ids(lists, "withdrawn") == ["E"]
    assert "R" in _ids(lists, "in_progress_on_time")


@pytest.fixture
def unknown_codes_csv(tmp_path):
    """HAND_ROWS with a digitisation column; A has an unknown flag, B an unknown status, G an unknown
    channel, and M (received after the period) and K (refused) unknown values too."""
    rows = [[*row, "1"] for row in HAND_ROWS]
    rows[0][7] = "có lẽ"  # A: flag not 1/0
    rows[1][2] = "Đang chờ xem"  # B: no status word
    rows[6][3] = "fax"  # G: no channel word
    rows[12][3] = "fax"  # M: out of the period
    rows[10][7] = "??"  # K: not received, out
    return write_csv(tmp_path / "ma.csv", [*HEADERS_VN, "Số hóa hồ sơ"], rows)


def test_dossiers_with_unknown_codes_are_linked_by_file_and_row(unknown_codes_csv):
    table = load_dossiers([unknown_codes_csv])
    lists = dossier_lists(table, FEB)
    unknown = lists.get("unknown_codes").rows
    # A, B received 01/02, G 10/02; M and K do not take part in February.
    assert unknown["dossier_id"].tolist() == ["A", "B", "G"]
    assert unknown["unknown"].tolist() == ["Số hóa hồ sơ", "Trạng thái", "Kênh nộp"]
    # Rows as a spreadsheet shows them: the header is row 1, A is row 2.
    assert unknown["source_row"].tolist() == [2, 3, 8]
    assert set(unknown["source_file"]) == {"ma.csv"}
    # B's unknown status counts by its dates: still (9), not a withdrawn or waiting dossier.
    assert _ids(lists, "withdrawn") == ["E"]


def test_unknown_status_and_channel_past_the_findings_cap_come_from_the_values(unknown_codes_csv):
    # The loader reports at most 200 cells a column; past that, an empty status (NA) and an
    # unknown channel (0) are still found in the values. A flag has no such trace.
    table = replace(load_dossiers([unknown_codes_csv]), warnings=())
    unknown = dossier_lists(table, FEB).get("unknown_codes").rows
    assert unknown["dossier_id"].tolist() == ["B", "G"]
    assert unknown["unknown"].tolist() == ["Trạng thái", "Kênh nộp"]
