"""Headers nobody knows and status words the table does not know: never silent, never a stop.

Every file below is small and worked out by hand. Period 2026-02 runs from 15/01/2026 to
14/02/2026; the header is row 1 of a CSV, its first dossier row 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_csv

from tthc_analysis.core.errors import InputError
from tthc_analysis.inputs import codes
from tthc_analysis.inputs.headers import edit_distance
from tthc_analysis.inputs.schema import DOSSIER_COLUMNS, UNUSED_HEADERS
from tthc_analysis.inputs.tables import load_dossiers, load_procedures, load_table
from tthc_analysis.run.cli import run

REAL_LAYOUTS = Path(__file__).parent / "fixtures" / "real_layouts"
ID, STATUS, RECEIVED, DUE, FINISHED = "Mã hồ sơ", "Trạng thái", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý"
REQUIRED = [ID, STATUS, RECEIVED, DUE, FINISHED]
ROW = ["A", "10", "01/02/2026", "05/02/2026", "03/02/2026"]
# No phrase of the status table is in it (checked below): a word the table does not know.
UNKNOWN_WORD = "Trả lại hồ sơ do sai thẩm quyền"


def _codes(table) -> list[tuple[str, str | None]]:
    return [(w.code, w.column) for w in table.warnings]


def _problems(path: Path) -> list:
    with pytest.raises(InputError) as raised:
        load_dossiers([path])
    return raised.value.problems


# ---------------------------------------------------------------- headers that name no column


def test_a_misspelt_channel_header_is_named_with_the_column_it_probably_meant(tmp_path):
    path = write_csv(tmp_path / "x.csv", [*REQUIRED, "Kênh nôp hs"], [[*ROW, "2"]])
    table = load_dossiers([path])
    assert not table.has("channel")  # not read: Biểu 06a (4), (5) are not known ...
    [finding] = table.warnings  # ... and said so
    assert (finding.code, finding.severity, finding.file, finding.row, finding.column) == (
        "UNMAPPED_COLUMN",
        "warning",
        str(path),
        1,
        "Kênh nôp hs",
    )
    assert finding.message.startswith("cột 'Kênh nôp hs' không khớp cột nào được biết")
    assert "có phải là 'Kênh nộp' (KenhThucHien)?" in finding.message


def test_tthc_check_names_the_misspelt_header(tmp_path, capsys):
    path = write_csv(tmp_path / "x.csv", [*REQUIRED, "Kênh nôp hs"], [[*ROW, "2"]])
    assert run(["check", "--dossiers", str(path)]) == 0
    out = capsys.readouterr().out
    assert "cột 'Kênh nôp hs' không khớp cột nào được biết" in out and "có phải là 'Kênh nộp'" in out
    assert out.strip().endswith("0 lỗi, 1 cảnh báo.")


def test_the_reports_carry_the_finding_too(tmp_path, capsys):
    path = write_csv(tmp_path / "x.csv", [*REQUIRED, "Kênh nôp hs"], [[*ROW, "2"]])
    assert run(["indicators", "--period", "2026-02", "--dossiers", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    codes_found = [f["code"] for f in data["findings"]]
    assert "UNMAPPED_COLUMN" in codes_found and "CHANNEL_NOT_AVAILABLE" in codes_found
    assert data["bieu06a"]["online"] is None  # unknown, never 0


def test_a_header_with_nothing_close_gets_no_suggestion(tmp_path):
    table = load_dossiers([write_csv(tmp_path / "x.csv", [*REQUIRED, "Cột lạ"], [[*ROW, "?"]])])
    [finding] = table.warnings
    assert (finding.code, finding.column) == ("UNMAPPED_COLUMN", "Cột lạ")
    assert "có phải" not in finding.message


@pytest.mark.parametrize(
    "header, meant",
    [
        ("Phí", None),  # 3 letters: two off "cophi" is no match for so short a name
        ("Đơn vịx", "Đơn vị xử lý"),  # 6 letters: one off "donvi"
        ("Đơn vịxy", None),  # ... but not two
        ("Tên thủ tụx hc", "Tên thủ tục"),  # 12 letters: two off "tenthutuc", "tenthutuchanhchinh" far
    ],
)
def test_how_many_letters_off_depends_on_the_length(tmp_path, header, meant):
    [finding] = load_dossiers([write_csv(tmp_path / "x.csv", [*REQUIRED, header], [[*ROW, "x"]])]).warnings
    assert finding.column == header
    assert ("có phải" in finding.message) == (meant is not None)
    assert meant is None or f"có phải là '{meant}'" in finding.message


def test_a_header_close_to_a_column_the_file_has_gets_no_suggestion(tmp_path):
    # The file has its channel: "Kênh nôp hs" is some other column, not a misspelt channel.
    path = write_csv(tmp_path / "x.csv", [*REQUIRED, "Kênh nộp", "Kênh nôp hs"], [[*ROW, "2", "x"]])
    table = load_dossiers([path])
    assert table.frame["channel"].tolist() == [2]
    [finding] = table.warnings
    assert (finding.code, finding.column) == ("UNMAPPED_COLUMN", "Kênh nôp hs") and "có phải" not in finding.message


@pytest.mark.parametrize("header, meant", [("HinhThucN", None), ("HinhThucNo", "Kênh nộp")])
def test_a_header_nearer_an_unused_one_is_not_taken_for_a_column(tmp_path, header, meant):
    # "hinhthucn" is one letter off HinhThuc (how the result is handed back, deliberately unused)
    # and two off "Hình thức nộp" (the channel); "hinhthucno" is two and one off.
    table = load_dossiers([write_csv(tmp_path / "x.csv", [*REQUIRED, header], [[*ROW, "2"]])])
    [finding] = table.warnings
    assert (finding.code, finding.column) == ("UNMAPPED_COLUMN", header)
    assert ("có phải" in finding.message) == (meant is not None)
    assert meant is None or f"có phải là '{meant}'" in finding.message


def test_known_but_unused_headers_are_not_noise(tmp_path):
    headers = ["STT", *REQUIRED, "Chủ hồ sơ", "Địa chỉ", "Ghi chú", "Ngày nộp hồ sơ", "HinhThuc", "NgayTra"]
    table = load_dossiers([write_csv(tmp_path / "x.csv", headers, [["1", *ROW, "B", "C", "", "", "1", ""]])])
    assert table.warnings == ()
    assert len(UNUSED_HEADERS) == len(set(UNUSED_HEADERS))


def test_empty_header_cells_and_known_duplicates_are_not_noise(tmp_path):
    # A second received-date header loses to the first (docs/inputs.md): known, not unmapped;
    # "#" has no letter or digit to tell anything by.
    headers = [*REQUIRED, "", "Ngày nhận", "#"]
    table = load_dossiers([write_csv(tmp_path / "x.csv", headers, [[*ROW, "", "09/02/2026", "1"]])])
    assert table.warnings == () and table.frame["received"].tolist() == [pd.Timestamp("2026-02-01")]


def test_each_unknown_text_is_named_once(tmp_path):
    table = load_dossiers([write_csv(tmp_path / "x.csv", [*REQUIRED, "Cột lạ", "Cột lạ"], [[*ROW, "", ""]])])
    assert _codes(table) == [("UNMAPPED_COLUMN", "Cột lạ")]


@pytest.mark.parametrize(
    "name", ["epar_bao_cao_tien_do_biff8.xls", "opencps_dvcqg_sync.csv", "paseto_danh_sach_ho_so.xlsx"]
)
def test_real_layouts_have_no_header_nobody_knows(name):
    # Their other headers (STT, Người đăng ký, ChuHoSo, NgayTra, HinhThuc, …) are known as unused.
    assert "UNMAPPED_COLUMN" not in [w.code for w in load_dossiers([REAL_LAYOUTS / name]).warnings]


def test_a_parquet_column_nobody_knows_is_named(tmp_path):
    frame = pd.DataFrame({"MaHoSo": ["A"], "TrangThaiHoSo": [10], "NgayTiepNhan": ["2026-02-01"]})
    frame = frame.assign(NgayHenTra="2026-02-05", NgayKetThucXuLy="2026-02-03", KenhThucHienn=[2])
    frame.to_parquet(tmp_path / "x.parquet")
    [finding] = load_dossiers([tmp_path / "x.parquet"]).warnings
    assert (finding.code, finding.row, finding.column) == ("UNMAPPED_COLUMN", 1, "KenhThucHienn")
    assert "có phải là 'Kênh nộp' (KenhThucHien)?" in finding.message


def test_a_parquet_index_written_by_pandas_is_not_noise(tmp_path):
    frame = pd.DataFrame({"MaHoSo": ["A"], "TrangThaiHoSo": [10], "NgayTiepNhan": ["2026-02-01"]}, index=[7])
    frame.assign(NgayHenTra="2026-02-05", NgayKetThucXuLy="2026-02-03").to_parquet(tmp_path / "x.parquet")
    assert load_dossiers([tmp_path / "x.parquet"]).warnings == ()


def test_a_cached_reload_still_names_the_header(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TTHC_CACHE", raising=False)  # on, even where the tests turn it off
    path = write_csv(tmp_path / "x.csv", [*REQUIRED, "Kênh nôp hs"], [[*ROW, "2"]])
    first = load_dossiers([path])
    assert len(list((tmp_path / "cache").glob("*.parquet"))) == 1
    monkeypatch.setattr("tthc_analysis.inputs.tables.read_sheet", lambda *a: pytest.fail("read again"))
    second = load_dossiers([path])
    assert second.warnings == first.warnings and _codes(second) == [("UNMAPPED_COLUMN", "Kênh nôp hs")]


# ---------------------------------------------------------------- required columns misspelt or missing


@pytest.mark.parametrize("typo", ["Ngày tiếp nhậm", "Ngay tiep nahn", "Ngày tiêp nhạnn", "NgayTiepNhann"])
def test_a_misspelt_required_header_is_named_in_the_error(tmp_path, typo):
    path = write_csv(tmp_path / "x.csv", [ID, STATUS, typo, DUE, FINISHED], [ROW])
    [problem] = _problems(path)
    assert (problem.code, problem.severity, problem.file, problem.row, problem.column) == (
        "INPUT",
        "error",
        str(path),
        1,
        "NgayTiepNhan",
    )
    assert problem.message.startswith("thiếu cột bắt buộc 'NgayTiepNhan' (Ngày tiếp nhận)")
    assert f"có phải là cột '{typo}'?" in problem.message


def test_accents_spaces_and_case_are_no_typo(tmp_path):
    # "Ngày tiêp nhạn" folds to "ngaytiepnhan": it is the received date, with nothing to say.
    path = write_csv(tmp_path / "x.csv", [ID, STATUS, "Ngày tiêp nhạn", DUE, "NGÀY KẾT THÚC  XỬ LÝ"], [ROW])
    table = load_dossiers([path])
    assert table.warnings == () and table.headers[str(path)]["received"] == "Ngày tiêp nhạn"


def test_a_missing_required_column_without_a_near_header_has_no_suggestion(tmp_path):
    path = write_csv(tmp_path / "x.csv", [ID, STATUS, "Ngày nộp hồ sơ", DUE, FINISHED], [ROW])
    [problem] = _problems(path)
    assert problem.column == "NgayTiepNhan" and "có phải" not in problem.message


def test_a_file_without_status_is_told_only_that_and_what_was_found(tmp_path):
    path = write_csv(tmp_path / "x.csv", [ID, RECEIVED, DUE, FINISHED], [ROW[:1] + ROW[2:]])
    [problem] = _problems(path)
    assert problem.column == "TrangThaiHoSo"
    assert problem.message == (
        "thiếu cột bắt buộc 'TrangThaiHoSo' (Trạng thái) (các cột bắt buộc đã thấy: "
        "'Mã hồ sơ', 'Ngày tiếp nhận', 'Ngày hẹn trả', 'Ngày kết thúc xử lý')"
    )


def test_each_missing_column_gets_its_own_probable_header(tmp_path):
    path = write_csv(tmp_path / "x.csv", [ID, "Trang thai hs", "Ngày tiếp nhậm", DUE, FINISHED], [ROW])
    problems = {p.column: p.message for p in _problems(path)}
    assert set(problems) == {"NgayTiepNhan", "TrangThaiHoSo"}
    assert "có phải là cột 'Ngày tiếp nhậm'?" in problems["NgayTiepNhan"]
    assert "có phải là cột 'Trang thai hs'?" in problems["TrangThaiHoSo"]
    assert "đã thấy: 'Mã hồ sơ', 'Ngày hẹn trả', 'Ngày kết thúc xử lý')" in problems["TrangThaiHoSo"]


def test_a_register_lacking_a_required_column_is_told_which(tmp_path):
    path = write_csv(tmp_path / "procedures.csv", ["Mã thủ tục", "Tên thủ tục", "Mức độ DVC"], [["1.1", "A", "4"]])
    with pytest.raises(InputError) as raised:
        load_procedures(path)
    [problem] = raised.value.problems
    assert problem.column == "MucDo" and "có phải là cột 'Mức độ DVC'?" in problem.message
    assert "đã thấy: 'Mã thủ tục', 'Tên thủ tục')" in problem.message


def test_a_file_with_no_header_row_is_not_told_its_columns_are_missing(tmp_path):
    path = write_csv(tmp_path / "x.csv", [ID, "Ngay tiep nahn"], [["A", "01/02/2026"]])
    [problem] = _problems(path)
    assert "không tìm thấy dòng tiêu đề cột" in problem.message and "thiếu" not in problem.message
    assert "không có dòng nào chứa ít nhất 2 cột bắt buộc" in problem.message


def test_tthc_check_names_the_probable_header(tmp_path, capsys):
    path = write_csv(tmp_path / "x.csv", [ID, STATUS, "Ngày tiếp nhậm", DUE, FINISHED], [ROW])
    assert run(["check", "--dossiers", str(path)]) == 1
    out = capsys.readouterr().out
    assert "cột 'NgayTiepNhan': thiếu cột bắt buộc" in out and "có phải là cột 'Ngày tiếp nhậm'?" in out
    assert out.strip().endswith("1 lỗi, 0 cảnh báo.")


@pytest.mark.parametrize(
    "a, b, limit, distance",
    [
        ("ngaytiepnhan", "ngaytiepnhan", 2, 0),
        ("ngaytiepnham", "ngaytiepnhan", 2, 1),  # one letter changed
        ("ngaytiepnahn", "ngaytiepnhan", 2, 1),  # two neighbours swapped: one edit
        ("kenhnophs", "kenhnophoso", 2, 2),  # two letters left out
        ("kenhnophs", "kenhnop", 2, 2),  # two letters more
        ("kenhnophs", "kenhnop", 1, 2),  # past the limit: limit + 1
        ("abcdef", "abcxyz", 2, 3),  # past the limit in the middle of the word
        ("ab", "abcde", 2, 3),  # the lengths alone tell
        ("tt", "ma", 0, 1),
    ],
)
def test_edit_distance(a, b, limit, distance):
    assert edit_distance(a, b, limit) == distance


# ---------------------------------------------------------------- status words the table does not know


def test_the_unknown_word_is_not_in_the_status_table():
    assert codes.STATUS.words(UNKNOWN_WORD) is None


def _four_rows(tmp_path: Path, received: str = "", due: str = "", finished: str = "") -> Path:
    """Four dossiers of period 2026-02; B's status is a word the table does not know."""
    headers = [ID, STATUS, "Kênh nộp", RECEIVED, DUE, FINISHED]
    rows = [
        ["A", "Đã trả kết quả", "1", "10/01/2026", "20/01/2026", "18/01/2026"],  # carried over; resolved early
        ["B", UNKNOWN_WORD, "1", received, due, finished],
        ["C", "Đang xử lý", "2", "02/02/2026", "20/02/2026", ""],  # online; in progress, due after 14/02: on time
        ["D", "Được tiếp nhận", "3", "03/02/2026", "05/02/2026", ""],  # postal; in progress, overdue
    ]
    return write_csv(tmp_path / "x.csv", headers, rows)


def _bieu06a(path: Path, capsys) -> tuple[dict, list[dict]]:
    assert run(["indicators", "--period", "2026-02", "--dossiers", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    return data["bieu06a"], data["findings"]


def test_an_unknown_status_without_a_received_date_is_left_out_and_listed(tmp_path, capsys):
    path = _four_rows(tmp_path)
    table = load_dossiers([path])
    assert table.frame["dossier_id"].tolist() == ["A", "C", "D"]
    assert table.frame["source_row"].tolist() == [2, 4, 5]  # the rows a person sees
    [finding] = table.warnings
    assert (finding.code, finding.severity, finding.file, finding.row, finding.column) == (
        "UNKNOWN_STATUS",
        "warning",
        str(path),
        3,
        "Trạng thái",
    )
    assert finding.message == (
        f"mã trạng thái không rõ '{UNKNOWN_WORD}' (1–10) và không có ngày tiếp nhận; hồ sơ không được tính"
    )
    bieu, findings = _bieu06a(path, capsys)
    # By hand: A carried over (received 10/01, before 15/01), C online and D postal received in
    # the period; A resolved early (18/01 < 20/01); C in progress on time (due 20/02 after 14/02),
    # D overdue (due 05/02). B is in none of them.
    assert (bieu["total"], bieu["carried_over"], bieu["online"], bieu["direct_postal"]) == (3, 1, 1, 1)
    assert (bieu["resolved"], bieu["resolved_early"], bieu["resolved_on_time"], bieu["resolved_late"]) == (1, 1, 0, 0)
    assert (bieu["in_progress"], bieu["in_progress_on_time"], bieu["in_progress_overdue"]) == (2, 1, 1)
    assert [(f["code"], f.get("row")) for f in findings if f["code"] == "UNKNOWN_STATUS"] == [("UNKNOWN_STATUS", 3)]


def test_an_unknown_status_with_dates_is_counted_by_them(tmp_path, capsys):
    path = _four_rows(tmp_path, "05/02/2026", "10/02/2026", "08/02/2026")
    table = load_dossiers([path])
    assert table.frame["dossier_id"].tolist() == ["A", "B", "C", "D"]
    [finding] = table.warnings
    assert (finding.code, finding.row, finding.column) == ("UNKNOWN_STATUS", 3, "Trạng thái")
    assert finding.message.endswith("hồ sơ được tính theo ngày tháng")
    bieu, _ = _bieu06a(path, capsys)
    # B is a received dossier whose dates decide: direct, finished 08/02 before its due 10/02: early.
    assert (bieu["total"], bieu["carried_over"], bieu["online"], bieu["direct_postal"]) == (4, 1, 1, 2)
    assert (bieu["resolved"], bieu["resolved_early"], bieu["in_progress"]) == (2, 2, 2)


def test_tthc_check_goes_on_past_an_unknown_status_without_a_date(tmp_path, capsys):
    path = _four_rows(tmp_path)
    assert run(["check", "--dossiers", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"dòng 3, cột 'Trạng thái': mã trạng thái không rõ '{UNKNOWN_WORD}'" in out
    assert "hồ sơ không được tính" in out and out.strip().endswith("0 lỗi, 1 cảnh báo.")


def test_a_refusal_in_a_systems_own_words_is_a_refusal(tmp_path):
    # "Từ chối tiếp nhận do sai thẩm quyền" contains "từ chối tiếp nhận": 3, never received,
    # so it needs no received date and is not counted.
    path = write_csv(tmp_path / "x.csv", REQUIRED, [ROW, ["B", "Từ chối tiếp nhận do sai thẩm quyền", "", "", ""]])
    table = load_dossiers([path])
    assert table.warnings == () and table.frame["status"].tolist() == [10, 3]


def test_the_unknown_statuses_counted_and_left_out_are_told_apart_row_by_row(tmp_path):
    rows = [
        ["A", UNKNOWN_WORD, "", "", ""],  # left out
        ["B", UNKNOWN_WORD, "02/02/2026", "", ""],  # counted by its dates
        ["C", "", "03/02/2026", "", ""],  # no status at all: counted by its dates, as before
        ["D", "99", "", "", ""],  # left out
    ]
    table = load_dossiers([write_csv(tmp_path / "x.csv", REQUIRED, rows)])
    assert table.frame["dossier_id"].tolist() == ["B", "C"]
    found = [(w.row, w.message.split("; ")[-1]) for w in table.warnings]
    assert found == [
        (3, "hồ sơ được tính theo ngày tháng"),
        (2, "hồ sơ không được tính"),
        (5, "hồ sơ không được tính"),
        (4, "hồ sơ được tính theo ngày tháng"),
    ]


def test_a_table_without_a_received_date_column_counts_every_unknown_status_by_its_dates(tmp_path):
    columns = [c for c in DOSSIER_COLUMNS if c.name in ("dossier_id", "status")]
    path = write_csv(tmp_path / "x.csv", [ID, STATUS], [["A", UNKNOWN_WORD], ["B", "4"]])
    table = load_table([path], columns, "dossier_id")
    assert table.frame["dossier_id"].tolist() == ["A", "B"]
    [finding] = table.warnings
    assert (finding.code, finding.row) == ("UNKNOWN_STATUS", 2)
    assert finding.message.endswith("hồ sơ được tính theo ngày tháng")


def test_an_empty_status_without_a_received_date_is_still_an_error(tmp_path):
    # Nothing says what such a row is; only a word the table does not know is left out.
    [problem] = [
        p for p in _problems(write_csv(tmp_path / "x.csv", REQUIRED, [ROW, ["B", "", "", "", ""]])) if p.is_error
    ]
    assert (problem.code, problem.row, problem.column) == ("EMPTY_REQUIRED", 3, "Ngày tiếp nhận")


def test_every_unknown_status_of_a_file_without_dates_is_left_out(tmp_path):
    table = load_dossiers([write_csv(tmp_path / "x.csv", REQUIRED, [["A", UNKNOWN_WORD, "", "", ""]])])
    assert len(table) == 0 and [(w.code, w.row) for w in table.warnings] == [
        ("UNKNOWN_STATUS", 2),
        ("EMPTY_FILE", None),
    ]
