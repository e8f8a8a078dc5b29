"""Tables of cells -> canonical frames (tthc_analysis/inputs/tables.py): rules the loading tests leave
open, each pinned by values worked out by hand in the comments beside them.

Row numbers are the file's: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import HAND_ROWS, HEADERS_VN, write_csv

from tthc_analysis.core.errors import InputError
from tthc_analysis.inputs.tables import all_distinct, load_dossiers, load_feedback, load_procedures

UNKNOWN_STATUS = "mã trạng thái không rõ '{value}' (1–10); hồ sơ được tính theo ngày tháng"
LEFT_OUT = "mã trạng thái không rõ '{value}' (1–10) và không có ngày tiếp nhận; hồ sơ không được tính"
UNKNOWN_CHANNEL = (
    "mã kênh nộp không rõ '{value}' (1 trực tiếp, 2 trực tuyến, 3 bưu chính); không được tính là trực tuyến"
)
A, B, C = HAND_ROWS[0], HAND_ROWS[1], HAND_ROWS[2]


def _load(tmp_path, rows, headers=HEADERS_VN, name="dossiers.csv"):
    return load_dossiers([write_csv(tmp_path / name, headers, rows)])


def _errors(tmp_path, rows, headers=HEADERS_VN):
    with pytest.raises(InputError) as caught:
        _load(tmp_path, rows, headers)
    return [(p.code, p.message, p.row, p.column) for p in caught.value.errors]  # warnings left aside


# ---------------------------------------------------------------- which rows are records


def test_a_row_numbering_the_columns_a_group_row_and_a_total_row_are_not_records(tmp_path):
    rows = [
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],  # row 2: the columns' numbers
        ["Lĩnh vực: Hộ tịch", "Lĩnh vực: Hộ tịch", "", "", "Lĩnh vực: Hộ tịch", "", ""],  # row 3: merged group title
        A,  # row 4
        ["", "Tổng cộng", "", "", "", "", ""],  # row 5: neither id nor received date
        B,  # row 6
    ]
    table = _load(tmp_path, rows)
    assert table.frame["dossier_id"].tolist() == ["A", "B"]
    assert table.frame["source_row"].tolist() == [4, 6]
    assert table.warnings == ()


def test_plain_numbers_number_the_columns_too_but_two_numbers_do_not(tmp_path):
    # "1".."7" (at least three cells, each of at most three digits, in brackets or not) number the columns.
    table = _load(tmp_path, [["1", "2", "3", "4", "5", "6", "7"], A])
    assert table.frame["source_row"].tolist() == [3]
    # Only two numbers: a record, whose received date "2" is not a date (row 2).
    errors = _errors(tmp_path, [["1", "", "", "", "2", "", ""], A])
    assert [(code, row) for code, _, row, _ in errors] == [("BAD_DATE", 2)]


def test_three_numbers_number_the_columns_of_a_three_column_file(tmp_path):
    # A catalogue of three columns (code, name, level), numbered "1", "2", "3" under its header.
    rows = [["1", "2", "3"], ["1.000001", "Thủ tục một", "4"]]
    path = write_csv(tmp_path / "procedures.csv", ["MaTTHC", "TenTTHC", "MucDo"], rows)
    table = load_procedures(path)
    assert table.frame["procedure_code"].tolist() == ["1.000001"] and table.frame["source_row"].tolist() == [3]


def test_ids_are_distinct_with_one_missing_and_unknown_with_several():
    # One empty id is no duplicate; two empty ones are left to pandas (None); a repeated id is False.
    assert all_distinct(pd.Series(["HS2", None, "HS1"], dtype=object)) is True
    assert all_distinct(pd.Series(["HS2", None, None], dtype=object)) is None
    assert all_distinct(pd.Series(["HS2", "HS1", "HS2"], dtype=object)) is False


def test_numbers_of_four_digits_do_not_number_the_columns(tmp_path):
    # "(1000)" has four digits: the row is a record, with "(1004)" as its received date -> BAD_DATE.
    errors = _errors(tmp_path, [["(1000)", "(1001)", "(1002)", "(1003)", "(1004)", "", ""], A])
    assert [(code, row, column) for code, _, row, column in errors] == [("BAD_DATE", 2, "Ngày tiếp nhận")]


def test_only_the_first_three_rows_may_number_the_columns(tmp_path):
    # Row 5 (the fourth under the header) is a record: "(5)", "(6)", "(7)" are not dates.
    errors = _errors(tmp_path, [A, B, C, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]])
    assert [(row, column) for _, _, row, column in errors] == [
        (5, "Ngày tiếp nhận"),
        (5, "Ngày hẹn trả"),
        (5, "Ngày kết thúc xử lý"),
    ]
    # Third under the header: left out.
    table = _load(tmp_path, [A, B, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"], C])
    assert table.frame["dossier_id"].tolist() == ["A", "B", "C"]
    assert table.frame["source_row"].tolist() == [2, 3, 5]


def test_blank_rows_anywhere_are_skipped_and_the_row_numbers_kept(tmp_path):
    blank = ["", "", "", "", "", "", ""]
    table = _load(tmp_path, [A, blank, B, blank, blank])
    assert table.frame["dossier_id"].tolist() == ["A", "B"]
    assert table.frame["source_row"].tolist() == [2, 4]


def test_a_row_with_only_its_id_is_a_record_whose_empty_date_is_reported(tmp_path):
    errors = _errors(tmp_path, [A, ["X", "Hộ tịch", "10", "2", "", "", ""]])
    assert errors == [("EMPTY_REQUIRED", "ô trống, cột này bắt buộc có ngày", 3, "Ngày tiếp nhận")]


def test_an_id_equal_to_another_key_text_is_a_group_row_only_when_not_empty(tmp_path):
    # Id and received date both empty but the field filled: no key value, not a record.
    table = _load(tmp_path, [["", "Hộ tịch", "10", "2", "", "", ""], A])
    assert table.frame["dossier_id"].tolist() == ["A"] and len(table) == 1


# ---------------------------------------------------------------- status and the received date


@pytest.mark.parametrize("status", ["1", "3"])
def test_a_dossier_never_received_may_lack_its_received_date(tmp_path, status):
    table = _load(tmp_path, [A, ["X", "Đất đai", status, "2", "", "", ""]])
    assert table.frame["dossier_id"].tolist() == ["A", "X"]
    assert table.frame["status"].tolist() == [10, int(status)]


def test_a_received_status_without_its_date_is_an_error(tmp_path):
    errors = _errors(tmp_path, [["X", "Đất đai", "4", "2", "", "", ""]])
    assert errors == [("EMPTY_REQUIRED", "ô trống, cột này bắt buộc có ngày", 2, "Ngày tiếp nhận")]


def test_an_unknown_status_is_counted_by_its_dates_or_left_out_without_a_received_date(tmp_path):
    rows = [
        A,  # row 2
        ["X", "Đất đai", "99", "2", "", "", ""],  # row 3: unknown, no received date -> left out
        ["Y", "Đất đai", "98", "2", "03/02/2026", "", ""],  # row 4: unknown, received -> counted
        ["W", "Đất đai", "97", "2", "", "", ""],  # row 5: left out
    ]
    table = _load(tmp_path, rows)
    assert {w.severity for w in table.warnings} == {"warning"}  # a warning, counted or left out
    assert table.frame["dossier_id"].tolist() == ["A", "Y"]
    assert table.frame["source_row"].tolist() == [2, 4]
    assert table.frame.attrs["left_out"] == 2
    # The counted one first, then those left out, each with its own cell and row.
    assert [(w.code, w.message, w.row, w.column) for w in table.warnings] == [
        ("UNKNOWN_STATUS", UNKNOWN_STATUS.format(value="98"), 4, "Trạng thái"),
        ("UNKNOWN_STATUS", LEFT_OUT.format(value="99"), 3, "Trạng thái"),
        ("UNKNOWN_STATUS", LEFT_OUT.format(value="97"), 5, "Trạng thái"),
    ]


def test_without_a_received_date_column_every_unknown_status_is_counted(tmp_path):
    # No received date column at all: the load stops on the missing column, so the status is read
    # with a file whose received date is there but every unknown has it.
    table = _load(tmp_path, [A, ["Y", "Đất đai", " 77 ", "2", "03/02/2026", "", ""]])
    assert [(w.message, w.row) for w in table.warnings] == [(UNKNOWN_STATUS.format(value="77"), 3)]
    assert table.frame.attrs["left_out"] == 0


def test_the_findings_of_the_status_keep_their_place_among_the_others(tmp_path):
    # An unknown channel (row 2) and an unknown status (row 3): the status column is read first,
    # so its finding comes first even though it waits for the received date.
    rows = [["X", "Hộ tịch", "10", "9", "01/02/2026", "", ""], ["Y", "Hộ tịch", "88", "2", "01/02/2026", "", ""]]
    table = _load(tmp_path, rows)
    assert [(w.code, w.row) for w in table.warnings] == [("UNKNOWN_STATUS", 3), ("UNKNOWN_CHANNEL", 2)]


# ---------------------------------------------------------------- findings of many cells


def test_at_most_two_hundred_findings_a_column_then_a_count(tmp_path):
    # 205 rows with channel "9": rows 2..201 named one by one, then "... và 5 dòng khác".
    rows = [[f"X{i}", "Hộ tịch", "10", " 9 ", "01/02/2026", "", ""] for i in range(205)]
    path = write_csv(tmp_path / "dossiers.csv", HEADERS_VN, rows)
    table = load_dossiers([path])
    warnings = [(w.code, w.message, w.row, w.column, w.file) for w in table.warnings]
    assert len(warnings) == 201
    assert warnings[0] == ("UNKNOWN_CHANNEL", UNKNOWN_CHANNEL.format(value="9"), 2, "Kênh nộp", str(path))
    assert warnings[199][2] == 201
    assert warnings[200] == ("UNKNOWN_CHANNEL", "... và 5 dòng khác có cùng lỗi", None, "Kênh nộp", str(path))
    assert table.warnings[200].severity == table.warnings[0].severity == "warning"


def test_two_hundred_findings_exactly_have_no_count(tmp_path):
    rows = [[f"X{i}", "Hộ tịch", "10", "9", "01/02/2026", "", ""] for i in range(200)]
    table = _load(tmp_path, rows)
    assert len(table.warnings) == 200 and table.warnings[-1].row == 201


# ---------------------------------------------------------------- several files


def test_a_duplicate_is_named_with_the_row_it_loses_to(tmp_path):
    first = write_csv(tmp_path / "a.csv", HEADERS_VN, [A, B])
    second = write_csv(tmp_path / "b.csv", HEADERS_VN, [C, B])
    table = load_dossiers([first, second])
    assert table.frame["dossier_id"].tolist() == ["A", "C", "B"]
    assert table.frame["source_row"].tolist() == [2, 2, 3]
    assert table.frame.index.tolist() == [0, 1, 2]  # renumbered, the old positions not kept as a column
    assert "index" not in table.frame.columns and table.frame.columns[0] == "dossier_id"
    assert [str(f) for f in table.frame["source_file"]] == [str(first), str(second), str(second)]
    (duplicate,) = table.warnings
    assert duplicate.code == "DUPLICATE_ID"
    assert duplicate.message == "mã hồ sơ 'B' trùng với b.csv, dòng 3; chỉ tính một lần (bản ghi sau)"
    assert (duplicate.file, duplicate.row, duplicate.column) == (str(first), 3, "Mã hồ sơ")


def test_a_duplicate_names_the_id_column_as_its_file_writes_it(tmp_path):
    portal = ["MaHoSo", *HEADERS_VN[1:]]
    first = write_csv(tmp_path / "a.csv", portal, [A])
    second = write_csv(tmp_path / "b.csv", HEADERS_VN, [A])
    (duplicate,) = load_dossiers([first, second]).warnings
    assert (duplicate.file, duplicate.row, duplicate.column) == (str(first), 2, "MaHoSo")


def test_more_than_two_hundred_duplicates_end_with_a_count(tmp_path):
    rows = [[f"X{i}", "Hộ tịch", "10", "2", "01/02/2026", "", ""] for i in range(203)]
    first = write_csv(tmp_path / "a.csv", HEADERS_VN, rows)
    second = write_csv(tmp_path / "b.csv", HEADERS_VN, rows)
    table = load_dossiers([first, second])
    assert len(table) == 203
    assert len(table.warnings) == 201  # 200 named, then "... và 3 mã trùng khác"
    assert table.warnings[-1].message == "... và 3 mã trùng khác"
    assert table.warnings[-1].row is None and table.warnings[-1].code == "DUPLICATE_ID"


def test_two_hundred_duplicates_exactly_have_no_count(tmp_path):
    rows = [[f"X{i}", "Hộ tịch", "10", "2", "01/02/2026", "", ""] for i in range(200)]
    first = write_csv(tmp_path / "a.csv", HEADERS_VN, rows)
    second = write_csv(tmp_path / "b.csv", HEADERS_VN, rows)
    warnings = load_dossiers([first, second]).warnings
    assert len(warnings) == 200 and warnings[-1].row == 201  # X199, row 201 of a.csv


def test_a_column_not_in_every_file_is_left_out_and_named(tmp_path):
    without = [h for h in HEADERS_VN if h != "Kênh nộp"]
    first = write_csv(tmp_path / "a.csv", HEADERS_VN, [A])
    second = write_csv(tmp_path / "b.csv", without, [[v for i, v in enumerate(B) if i != 3]])
    table = load_dossiers([first, second])
    assert not table.has("channel") and "channel" not in table.frame.columns
    assert table.has("field_name") and table.has("received")
    (finding,) = table.warnings
    assert finding.code == "COLUMN_NOT_IN_EVERY_FILE"
    assert finding.message == "cột 'Kênh nộp' không có trong b.csv; các chỉ tiêu cần cột này không được tính"
    assert finding.column == "KenhThucHien"
    assert table.headers == {
        str(first): dict(
            zip(["dossier_id", "field_name", "status", "channel", "received", "due", "finished"], HEADERS_VN)
        ),
        str(second): dict(zip(["dossier_id", "field_name", "status", "received", "due", "finished"], without)),
    }


def test_a_file_without_records_is_named_and_the_others_are_kept(tmp_path):
    first = write_csv(tmp_path / "a.csv", HEADERS_VN, [A])
    second = write_csv(tmp_path / "b.csv", HEADERS_VN, [])
    table = load_dossiers([first, second])
    assert table.frame["dossier_id"].tolist() == ["A"]
    assert [(w.code, w.message, w.file) for w in table.warnings] == [
        ("EMPTY_FILE", "tệp không có dòng hồ sơ nào", str(second))
    ]
    assert table.files == (first, second)


def test_no_file_at_all_gives_the_required_columns_and_no_row():
    table = load_dossiers([])
    assert len(table) == 0 and table.files == () and table.warnings == ()
    assert table.columns == frozenset({"dossier_id", "received", "due", "finished", "status"})
    assert list(table.frame.columns) == [
        "dossier_id",
        "received",
        "due",
        "finished",
        "status",
        "source_file",
        "source_row",
    ]
    assert table.frame["source_row"].dtype == "int64"


def test_the_errors_of_every_file_are_raised_together(tmp_path):
    first = write_csv(tmp_path / "a.csv", HEADERS_VN, [["X", "Hộ tịch", "10", "2", "31/02/2026", "", ""]])
    second = write_csv(tmp_path / "b.csv", HEADERS_VN, [["Y", "Hộ tịch", "4", "2", "", "", ""]])
    with pytest.raises(InputError) as caught:
        load_dossiers([first, second])
    assert [(p.code, p.file, p.row) for p in caught.value.problems] == [
        ("BAD_DATE", str(first), 2),
        ("EMPTY_REQUIRED", str(second), 2),
    ]


# ---------------------------------------------------------------- feedback and the catalogue


def test_feedback_and_the_catalogue_name_their_own_rows(tmp_path):
    headers = ["Mã phản ánh", "Ngày tiếp nhận", "Hạn xử lý", "Ngày trả lời"]
    rows = [["PA1", "01/02/2026", "10/02/2026", ""]]
    a = write_csv(tmp_path / "pakn-1.csv", headers, rows)
    b = write_csv(tmp_path / "pakn-2.csv", headers, rows)
    empty = write_csv(tmp_path / "pakn-3.csv", headers, [])
    feedback = load_feedback([a, b, empty])
    assert [w.message for w in feedback.warnings] == [
        "tệp không có dòng phản ánh nào",
        "mã phản ánh 'PA1' trùng với pakn-2.csv, dòng 2; chỉ tính một lần (bản ghi sau)",
    ]
    catalogue = write_csv(tmp_path / "procedures.csv", ["Mã thủ tục", "Tên thủ tục", "Mức độ"], [])
    assert [w.message for w in load_procedures(catalogue).warnings] == ["tệp không có dòng thủ tục nào"]


def test_a_procedure_code_seen_twice_in_the_catalogue_is_kept_once(tmp_path):
    rows = [["1.001", "Đăng ký khai sinh", "4"], ["1.001", "Đăng ký khai sinh (bản sau)", "3"]]
    catalogue = write_csv(tmp_path / "procedures.csv", ["Mã thủ tục", "Tên thủ tục", "Mức độ"], rows)
    table = load_procedures(catalogue)
    assert table.frame["procedure_name"].tolist() == ["Đăng ký khai sinh (bản sau)"]  # the later row wins
    assert [(w.code, w.message, w.row, w.column) for w in table.warnings] == [
        (
            "DUPLICATE_ID",
            "mã thủ tục '1.001' trùng với procedures.csv, dòng 3; chỉ tính một lần (bản ghi sau)",
            2,
            "Mã thủ tục",
        )
    ]


def test_a_file_read_again_from_the_cache_is_the_file_read_the_first_time(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TTHC_CACHE", raising=False)  # on, even where the run turns it off (mutation testing)
    path = write_csv(tmp_path / "dossiers.csv", HEADERS_VN, [A, ["X", "Hộ tịch", "10", "9", "01/02/2026", "", ""]])
    for _ in range(2):  # read, then from the cache
        table = load_dossiers([path])
        assert list(table.frame.columns) == [
            "dossier_id",
            "field_name",
            "channel",
            "received",
            "due",
            "finished",
            "status",
            "source_file",
            "source_row",
        ]
        assert table.frame["dossier_id"].tolist() == ["A", "X"]
        assert table.frame["source_row"].tolist() == [2, 3]
        assert [str(f) for f in table.frame["source_file"]] == [str(path)] * 2
        assert [(w.code, w.row) for w in table.warnings] == [("UNKNOWN_CHANNEL", 3)]
        assert table.headers[str(path)]["channel"] == "Kênh nộp"
    assert any((tmp_path / "cache").rglob("*"))


def test_the_fields_of_several_files_stay_with_their_rows(tmp_path):
    # a.csv: A, B, C (Hộ tịch); b.csv: F, G, H (Chứng thực); c.csv: K (Đất đai). Each file's field
    # column is categorical; combined, it stays categorical and each row keeps its own field.
    a = write_csv(tmp_path / "a.csv", HEADERS_VN, HAND_ROWS[0:3])
    b = write_csv(tmp_path / "b.csv", HEADERS_VN, HAND_ROWS[5:8])
    c = write_csv(tmp_path / "c.csv", HEADERS_VN, HAND_ROWS[10:11])
    frame = load_dossiers([a, b, c]).frame
    assert frame["dossier_id"].tolist() == ["A", "B", "C", "F", "G", "H", "K"]
    assert frame["field_name"].tolist() == ["Hộ tịch"] * 3 + ["Chứng thực"] * 3 + ["Đất đai"]
    assert isinstance(frame["field_name"].dtype, pd.CategoricalDtype)
    assert [str(f) for f in frame["source_file"]] == [str(a)] * 3 + [str(b)] * 3 + [str(c)]
    assert isinstance(frame["source_file"].dtype, pd.CategoricalDtype)
    assert frame["source_row"].tolist() == [2, 3, 4, 2, 3, 4, 2]


def test_a_field_categorical_in_one_file_and_text_in_another_becomes_text(tmp_path):
    # A CSV reads its fields as categories, a workbook as text: combined, plain text, the empty
    # fields (Z1, Z2) still missing, never the text "None" or "nan".
    from openpyxl import Workbook

    a = write_csv(tmp_path / "a.csv", HEADERS_VN, [A, ["Z1", "", "10", "2", "01/02/2026", "", ""]])
    book = Workbook()
    for row in (HEADERS_VN, HAND_ROWS[5], ("Z2", None, 4, 2, "01/02/2026", None, None)):
        book.active.append(list(row))
    book.save(tmp_path / "b.xlsx")
    frame = load_dossiers([a, tmp_path / "b.xlsx"]).frame
    assert frame["dossier_id"].tolist() == ["A", "Z1", "F", "Z2"]
    assert frame["field_name"].isna().tolist() == [False, True, False, True]
    assert frame["field_name"].dropna().tolist() == ["Hộ tịch", "Chứng thực"]
    assert not isinstance(frame["field_name"].dtype, pd.CategoricalDtype)
