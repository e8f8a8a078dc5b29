"""Header matching, rule by rule, on small hand-made grids and a small hand-made schema.

Each expected header is worked out by hand: ``fold`` drops accents, case, spaces and
punctuation ("Ngày tiếp nhận" -> "ngaytiepnhan"); a column's keys rank its portal name 0,
then its headers 1, 2, … (a header folding like an earlier key keeps the earlier rank).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tthc_analysis.inputs.headers import (
    HEADER_SCAN_ROWS,
    Header,
    _letters_off,
    edit_distance,
    fill_merged_header,
    find_header,
    missing_columns,
    probable_columns,
    unmapped_findings,
)
from tthc_analysis.inputs.schema import Column

# Keys: mahoso 0, sohoso 2 | trangthaihoso 0, trangthai 1 | ngaytiepnhan 0, ngaynhan 2 |
# ngayhentra 0 | kenhthuchien 0, kenhnop 1, hinhthucnop 2, kenhnophoso 3 | tenlinhvuc 0, linhvuc 1.
ID = Column("dossier_id", "text", "MaHoSo", ("Mã hồ sơ", "Số hồ sơ"), True, "Mã hồ sơ")
STATUS = Column("status", "code", "TrangThaiHoSo", ("Trạng thái",), True, "Trạng thái")
RECEIVED = Column("received", "date", "NgayTiepNhan", ("Ngày tiếp nhận", "Ngày nhận"), True, "Ngày tiếp nhận")
DUE = Column("due", "date", "NgayHenTra", ("Ngày hẹn trả",), True, "Ngày hẹn trả")
CHANNEL = Column("channel", "code", "KenhThucHien", ("Kênh nộp", "Hình thức nộp", "Kênh nộp hồ sơ"), label="Kênh nộp")
FIELD = Column("field_name", "text", "TenLinhVuc", ("Lĩnh vực",))  # no label: named by its first header
COLUMNS = (ID, STATUS, RECEIVED, DUE, CHANNEL, FIELD)
PATH = Path("du-lieu/ho-so.csv")


def _grid(*rows) -> pd.DataFrame:
    width = max(len(r) for r in rows)
    return pd.DataFrame([list(r) + [""] * (width - len(r)) for r in rows], dtype=object)


# ---------------------------------------------------------------- merged header cells


def test_a_merged_range_gives_its_value_to_each_of_its_cells_and_no_other():
    frame = _grid(["Ngày", "", "", ""], ["", "", "", ""], ["", "", "", ""])
    fill_merged_header(frame, [((0, 0), (0, 1)), ((1, 2), (2, 2))])
    # The first range: row 0, columns 0-1; the second: rows 1-2 of column 2, whose value is empty.
    assert frame.values.tolist() == [["Ngày", "Ngày", "", ""], ["", "", "", ""], ["", "", "", ""]]
    frame.iat[1, 2] = "Mã"
    fill_merged_header(frame, [((1, 2), (2, 3))])
    assert frame.values.tolist() == [["Ngày", "Ngày", "", ""], ["", "", "Mã", "Mã"], ["", "", "Mã", "Mã"]]


def test_ranges_outside_the_header_rows_or_the_grid_are_passed_over():
    rows = HEADER_SCAN_ROWS + 2  # 32 rows of 2 cells, each "r.c"
    frame = pd.DataFrame([[f"{r}.{c}" for c in range(2)] for r in range(rows)], dtype=object)
    ranges = [
        ((HEADER_SCAN_ROWS, 0), (HEADER_SCAN_ROWS, 1)),  # row 30: below the rows scanned
        ((rows, 0), (rows, 1)),  # below the grid
        ((0, 2), (0, 3)),  # right of the grid
        ((HEADER_SCAN_ROWS - 1, 0), (HEADER_SCAN_ROWS - 1, 1)),  # row 29, the last scanned: filled
    ]
    fill_merged_header(frame, ranges)
    assert frame.iloc[HEADER_SCAN_ROWS - 1].tolist() == ["29.0", "29.0"]
    assert frame.iloc[HEADER_SCAN_ROWS].tolist() == ["30.0", "30.1"]
    assert frame.iloc[0].tolist() == ["0.0", "0.1"] and frame.shape == (rows, 2)


def test_a_range_on_a_grid_shorter_than_the_scan_is_passed_over_at_its_end():
    frame = _grid(["a", "b"], ["c", "d"])
    fill_merged_header(frame, [((2, 0), (3, 1)), ((0, 0), (1, 0))])  # row 2 is past the grid's two rows
    assert frame.values.tolist() == [["a", "b"], ["a", "d"]]


# ---------------------------------------------------------------- the header row


def test_the_header_is_found_below_title_rows_with_its_other_cells():
    frame = _grid(
        ["UBND xã An Bình"],
        ["Danh sách hồ sơ"],
        ["STT", "Mã hồ sơ", "Trạng thái", "Ngày nhận", ""],
        ["1", "A", "10", "01/02/2026", "x"],
    )
    header = find_header(frame, COLUMNS)
    # Row 2 names 3 required columns; joined with row 1 it names the same 3: the row alone is kept.
    assert header == Header(
        2, {1: ID, 2: STATUS, 3: RECEIVED}, {1: "Mã hồ sơ", 2: "Trạng thái", 3: "Ngày nhận"}, {0: "STT"}
    )


def test_a_header_over_two_rows_is_read_joined():
    frame = _grid(
        ["Mã hồ sơ", "Trạng thái", "Ngày", "Ngày", ""],
        ["Mã hồ sơ", "Trạng thái", "tiếp nhận", "hẹn trả", "Ghi chú"],
        ["A", "10", "01/02/2026", "05/02/2026", ""],
    )
    header = find_header(frame, COLUMNS)
    # Alone, rows 0 and 1 name 2 required columns; joined, row 1 names 4. Equal cells are not doubled.
    assert header.position == 1
    assert list(header.mapping.items()) == [(0, ID), (1, STATUS), (2, RECEIVED), (3, DUE)]
    assert header.texts == {0: "Mã hồ sơ", 1: "Trạng thái", 2: "Ngày tiếp nhận", 3: "Ngày hẹn trả"}
    assert header.others == {4: "Ghi chú"}  # "" over "Ghi chú": no leading space


def test_of_two_rows_naming_as_many_required_columns_the_one_naming_more_columns_wins():
    frame = _grid(["Mã hồ sơ", "Trạng thái", "", ""], ["Mã hồ sơ", "Trạng thái", "Kênh nộp", "Lĩnh vực"])
    header = find_header(frame, COLUMNS)
    # Row 0: (2 required, 2 in all); row 1: (2, 4) alone, and joined (2, 4) as well.
    assert header.position == 1 and list(header.mapping.values()) == [ID, STATUS, CHANNEL, FIELD]
    assert header.texts[2] == "Kênh nộp" and header.others == {}


def test_of_two_equal_header_rows_the_first_wins():
    frame = _grid(["Mã hồ sơ", "Trạng thái"], ["A", "10"], ["Mã hồ sơ", "Trạng thái"], ["B", "4"])
    assert find_header(frame, COLUMNS).position == 0


def test_two_required_columns_make_a_header_and_one_does_not():
    assert find_header(_grid(["Mã hồ sơ", "Kênh nộp", "Lĩnh vực"], ["A", "2", "x"]), COLUMNS) is None
    header = find_header(_grid(["Mã hồ sơ", "Ngày hẹn trả"], ["A", "05/02/2026"]), COLUMNS)
    assert header.position == 0 and header.mapping == {0: ID, 1: DUE}


def test_a_schema_with_one_required_column_needs_only_that_one():
    header = find_header(_grid(["Ghi chú", "Mã hồ sơ"], ["x", "A"]), (ID, CHANNEL, FIELD))
    assert header == Header(0, {1: ID}, {1: "Mã hồ sơ"}, {0: "Ghi chú"})


def test_the_header_is_looked_for_in_the_first_30_rows_only():
    def frame(position):
        rows = [[f"tiêu đề {r}", ""] for r in range(position)]
        return _grid(*rows, ["Mã hồ sơ", "Trạng thái"], ["A", "10"])

    assert find_header(frame(HEADER_SCAN_ROWS - 1), COLUMNS).position == 29  # row 29: the 30th
    assert find_header(frame(HEADER_SCAN_ROWS), COLUMNS) is None


def test_of_a_columns_headers_the_best_ranked_is_taken_the_leftmost_on_a_tie():
    # "Ngày nhận" (rank 2), "Mã hồ sơ" twice (rank 0), an unknown cell first, "Ngày tiếp nhận" (rank 0).
    frame = _grid(["Cột lạ", "Ngày nhận", "Mã hồ sơ", "Mã hồ sơ", "Ngày tiếp nhận"])
    header = find_header(frame, COLUMNS)
    assert list(header.mapping.items()) == [(2, ID), (4, RECEIVED)]  # in the order of the cells
    assert header.others == {0: "Cột lạ", 1: "Ngày nhận", 3: "Mã hồ sơ"}


# ---------------------------------------------------------------- how far off a header may be


@pytest.mark.parametrize("length, letters", [(0, 0), (3, 0), (4, 1), (7, 1), (8, 2), (20, 2)])
def test_letters_off_grow_with_the_length(length, letters):
    assert _letters_off(length) == letters


@pytest.mark.parametrize(
    "a, b, limit, distance",
    [
        ("", "", 0, 0),
        ("", "ab", 2, 2),  # two inserted
        ("abc", "", 3, 3),  # three removed
        ("a", "b", 1, 1),  # one changed
        ("ab", "ba", 1, 1),  # the first two swapped: one edit
        ("abc", "acb", 1, 1),  # the last two swapped
        ("abcd", "badc", 2, 2),  # two swaps
        ("ca", "abc", 3, 3),  # a swap is not edited again: 3, not 2 (restricted swaps)
        ("abcd", "wxyz", 2, 3),  # four changes: past the limit, limit + 1
        ("abcdef", "abcdxy", 1, 2),  # two changes at the end, limit 1: 2
        ("kitten", "sitting", 3, 3),  # k->s, e->i, +g
        ("kitten", "sitting", 2, 3),
        ("abc", "abd", 0, 1),
        ("aaa", "a", 2, 2),  # two removed; the last letter of "a" is no neighbour to swap with
        ("aa", "bbbb", 2, 3),  # 2 changed + 2 inserted = 4, found only at the end: limit + 1
    ],
)
def test_edit_distance_worked_by_hand(a, b, limit, distance):
    assert edit_distance(a, b, limit) == distance


# ---------------------------------------------------------------- headers that name no column


def _header(others: dict[int, str], mapping=None) -> Header:
    mapping = {0: ID, 1: STATUS} if mapping is None else mapping
    return Header(0, mapping, {i: c.headers[0] for i, c in mapping.items()}, others)


def test_each_unknown_header_gets_the_missing_column_it_probably_meant():
    others = {
        2: "Kênh nôp hs",  # kenhnophs: 2 off kenhnophoso (9 and 11 letters: 2 allowed) -> channel
        3: "Ngay tiep nahn",  # ngaytiepnahn: two neighbours swapped from ngaytiepnhan -> received
        4: "Cột lạ",  # cotla: nothing within 1
        5: "Ghi chus",  # ghichus: 1 off the unused "Ghi chú" -> None, no column
        6: "STT",  # known as unused: not reported
        7: "Số hồ sơ",  # the id's second header: known, not reported
        8: "#",  # folds to nothing: not reported
    }
    assert probable_columns(_header(others), COLUMNS) == {
        2: ("Kênh nôp hs", CHANNEL),
        3: ("Ngay tiep nahn", RECEIVED),
        4: ("Cột lạ", None),
        5: ("Ghi chus", None),
    }


def test_headers_known_or_without_letters_do_not_stop_the_ones_after_them():
    # "#" folds to nothing and "STT" is known as unused: both passed over, "Cột lạ" still told.
    assert probable_columns(_header({2: "#", 3: "STT", 4: "Cột lạ"}), COLUMNS) == {4: ("Cột lạ", None)}


def test_a_header_near_a_column_the_file_has_is_not_taken_for_it():
    # "Trang thai hs" (trangthaihs) is 2 off trangthaihoso, but the status is mapped already.
    assert probable_columns(_header({2: "Trang thai hs"}), COLUMNS) == {2: ("Trang thai hs", None)}
    assert probable_columns(_header({2: "Trang thai hs"}, {0: ID}), COLUMNS) == {2: ("Trang thai hs", STATUS)}


def test_the_nearer_column_wins_the_earlier_on_a_tie():
    first = Column("first", "text", "HanXuLyA", ())  # hanxulya, 8 letters
    second = Column("second", "text", "HanXuLyBC", ())  # hanxulybc, 9 letters
    # hanxulyb: 1 off each (a changed; c left out) -> the earlier, first.
    # hanxulybd: 2 off hanxulya (a->b, +d), 1 off hanxulybc (c->d) -> second, though later.
    # hanxulyxyz: 3 off hanxulya (a->x, +y, +z) and 3 off hanxulybc (b->x, c->y, +z): neither.
    others = {0: "HanXuLyB", 1: "HanXuLyBD", 2: "HanXuLyXYZ"}
    assert probable_columns(Header(5, {}, {}, others), (first, second)) == {
        0: ("HanXuLyB", first),
        1: ("HanXuLyBD", second),
        2: ("HanXuLyXYZ", None),
    }


def test_a_short_header_must_be_exact():
    # "Mã" folds to ma, 2 letters: none allowed; "TTx" (ttx, 3 letters): none either.
    short = Column("code", "text", "Ma", ())
    assert probable_columns(Header(0, {}, {}, {0: "Mb", 1: "TTx"}), (short,)) == {0: ("Mb", None), 1: ("TTx", None)}


# ---------------------------------------------------------------- what the clerk is told


def test_a_missing_required_column_names_the_header_probably_meant_and_what_was_found():
    header = Header(1, {0: ID, 2: CHANNEL}, {0: "Số hồ sơ", 2: "Kênh nộp"}, {1: "Trang thai hs", 3: "Ngay nhan x"})
    probable = {1: ("Trang thai hs", STATUS), 3: ("Ngay nhan x", RECEIVED), 4: ("Ngay nhan y", RECEIVED)}
    problems = missing_columns(header, COLUMNS, PATH, 2, probable)
    # Missing: status, received, due (required, in the schema's order); the channel is not required.
    assert [(p.code, p.severity, p.file, p.row, p.column) for p in problems] == [
        ("INPUT", "error", str(PATH), 2, "TrangThaiHoSo"),
        ("INPUT", "error", str(PATH), 2, "NgayTiepNhan"),
        ("INPUT", "error", str(PATH), 2, "NgayHenTra"),
    ]
    found = " (các cột bắt buộc đã thấy: 'Số hồ sơ')"  # the id as the file writes it; not the channel
    assert [p.message for p in problems] == [
        "thiếu cột bắt buộc 'TrangThaiHoSo' (Trạng thái); có phải là cột 'Trang thai hs'? "
        "Hãy sửa tên cột đó thành 'Trạng thái'" + found,
        "thiếu cột bắt buộc 'NgayTiepNhan' (Ngày tiếp nhận); có phải là cột 'Ngay nhan x'? "
        "Hãy sửa tên cột đó thành 'Ngày tiếp nhận'" + found,  # the first of two
        "thiếu cột bắt buộc 'NgayHenTra' (Ngày hẹn trả)" + found,
    ]


def test_a_header_with_no_required_column_found_says_none_was():
    required_field = Column("field_name", "text", "TenLinhVuc", ("Lĩnh vực",), True)  # no label
    [problem] = missing_columns(Header(0, {0: CHANNEL}, {0: "Kênh nộp"}, {}), (CHANNEL, required_field), PATH, 1, {})
    assert problem.column == "TenLinhVuc"
    assert problem.message == "thiếu cột bắt buộc 'TenLinhVuc' (Lĩnh vực) (các cột bắt buộc đã thấy: không có)"


def test_each_unknown_text_is_one_warning_with_its_probable_column():
    probable = {2: ("Kênh nôp hs", CHANNEL), 3: ("Cột lạ", None), 5: ("Kênh nôp hs", CHANNEL), 6: ("Linh vuc x", FIELD)}
    findings = unmapped_findings(PATH, 3, probable)
    assert [(f.code, f.severity, f.file, f.row, f.column) for f in findings] == [
        ("UNMAPPED_COLUMN", "warning", str(PATH), 3, "Kênh nôp hs"),
        ("UNMAPPED_COLUMN", "warning", str(PATH), 3, "Cột lạ"),
        ("UNMAPPED_COLUMN", "warning", str(PATH), 3, "Linh vuc x"),
    ]
    read = " không khớp cột nào được biết nên không được đọc"
    assert [f.message for f in findings] == [
        f"cột 'Kênh nôp hs'{read}; có phải là 'Kênh nộp' (KenhThucHien)? Nếu đúng, hãy sửa tên cột rồi chạy lại",
        f"cột 'Cột lạ'{read}",
        f"cột 'Linh vuc x'{read}; có phải là 'Lĩnh vực' (TenLinhVuc)? Nếu đúng, hãy sửa tên cột rồi chạy lại",
    ]
