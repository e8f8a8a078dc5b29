"""The drill-down lists' finer rules (indicators/drilldown.py), worked out by hand on the
hand rows of tests/conftest.py: which name a row shows, which column an unknown code names,
the lists' order and whether a list can hold every dossier of its column."""

from __future__ import annotations

from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_PORTAL, write_csv

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.drilldown import dossier_lists
from tthc_analysis.inputs.tables import load_dossiers

FEB = parse_period("2026-02")  # 15/01/2026 – 14/02/2026


def test_a_row_shows_the_procedures_name_and_its_code_only_when_it_has_no_name(tmp_path):
    # In progress on time in February (conftest): G, H, N, O; G has a name, H only a code, N and O neither.
    names = {"G": ("1.0001", "Chứng thực bản sao"), "H": ("1.0002", ""), "N": ("", "")}
    rows = [(*row, *names.get(row[0], ("", ""))) for row in HAND_ROWS]
    path = write_csv(tmp_path / "ten.csv", [*HEADERS_PORTAL, "MaTTHC", "TenTTHC"], rows)
    listed = dossier_lists(load_dossiers([path]), FEB).get("in_progress_on_time").rows
    shown = dict(zip(listed["dossier_id"], listed["procedure"]))
    assert shown == {"G": "Chứng thực bản sao", "H": "1.0002", "N": None, "O": None}


def test_in_progress_on_time_is_listed_by_received_date_then_id(tmp_path):
    # O received 01/12/2025, H 20/01, G 10/02, N 14/02; two more on 10/02 with ids before and after G.
    extra = [("GA", "Chứng thực", "4", "2", "10/02/2026", "14/02/2026", ""), ("F0", *HAND_ROWS[6][1:])]
    path = write_csv(tmp_path / "thu-tu.csv", HEADERS_PORTAL, [*HAND_ROWS, *extra])
    listed = dossier_lists(load_dossiers([path]), FEB).get("in_progress_on_time").rows
    assert listed["dossier_id"].tolist() == ["O", "H", "F0", "G", "GA", "N"]


def test_an_unknown_status_names_the_column_as_the_file_names_it(tmp_path):
    # The portal's headers: B's status "Đang chờ xem" is unknown; the list says "TrangThaiHoSo",
    # the file's own header (the loader's finding), not the schema's "Trạng thái".
    rows = [list(row) for row in HAND_ROWS]
    rows[1][2] = "Đang chờ xem"
    path = write_csv(tmp_path / "portal.csv", HEADERS_PORTAL, rows)
    unknown = dossier_lists(load_dossiers([path]), FEB).get("unknown_codes").rows
    assert unknown["dossier_id"].tolist() == ["B"]
    assert unknown["unknown"].tolist() == ["TrangThaiHoSo"]


def test_lists_of_exports_that_start_inside_the_period_never_claim_to_be_whole(tmp_path):
    path = write_csv(tmp_path / "du.csv", HEADERS_PORTAL, [*HAND_ROWS, EARLIER_ROW])
    table = load_dossiers([path])
    whole = {item.key: item.whole for item in dossier_lists(table, FEB).lists}
    # With the exports reaching back (EARLIER_ROW, 11/2025): the three lists of a column are whole.
    assert whole == {
        "resolved_late": True,
        "in_progress_overdue": True,
        "in_progress_on_time": True,
        "withdrawn": False,
        "unknown_codes": False,
    }
    partial = dossier_lists(table, FEB, complete=False)
    assert [item.whole for item in partial.lists] == [False] * 5
