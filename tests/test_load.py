"""Loading exports (docs/inputs.md): formats, header styles, dates, encodings, and bad input."""

from __future__ import annotations

import contextlib
import unicodedata
from datetime import date, datetime

import pandas as pd
import pytest
from conftest import HAND_ROWS, HEADERS_PORTAL, HEADERS_VN, to_cp1258, write_csv
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tthc_analysis.core.errors import ERROR, WARNING, InputError
from tthc_analysis.inputs import text_files, values
from tthc_analysis.inputs.schema import DOSSIER_COLUMNS, PROCEDURE_COLUMNS
from tthc_analysis.inputs.tables import load_dossiers, load_feedback

REQUIRED_VN = ["Mã hồ sơ", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Trạng thái"]


def one_row(path, headers, row, **kwargs):
    return load_dossiers([write_csv(path, headers, [row], **kwargs)]).frame.iloc[0]


def test_vietnamese_headers_utf8_bom_day_first_dates(hand_csv):
    frame = load_dossiers([hand_csv]).frame.set_index("dossier_id")
    assert frame.loc["P", "received"] == pd.Timestamp("2026-01-15")  # time of day dropped
    assert frame.loc["A", "due"] == pd.Timestamp("2026-02-05")  # 05/02 is 5 February, day first
    assert pd.isna(frame.loc["F", "finished"])
    assert frame.loc["D", "channel"] == 1  # empty channel means 1 (trực tiếp)


@pytest.mark.parametrize("encoding, sep", [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("utf-8", "\t")])
def test_encodings_and_separators(tmp_path, encoding, sep):
    path = write_csv(tmp_path / "x.csv", HEADERS_VN, HAND_ROWS, encoding=encoding, sep=sep)
    table = load_dossiers([path])
    assert len(table) == len(HAND_ROWS)
    assert set(table.frame["field_name"]) == {"Hộ tịch", "Chứng thực", "Đất đai"}


def test_utf16_unicode_text_as_excel_writes_it(tmp_path):
    # Excel's "Unicode text": UTF-16 LE with BOM, tab separated, .txt
    path = tmp_path / "export.txt"
    lines = ["\t".join(HEADERS_VN)] + ["\t".join(r) for r in HAND_ROWS]
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    assert len(load_dossiers([path])) == len(HAND_ROWS)


@pytest.mark.parametrize(
    "headers",
    [
        HEADERS_PORTAL,
        [h.upper() for h in HEADERS_VN],
        [h.lower() for h in HEADERS_PORTAL],
        ["Ma ho so", "Linh vuc", "Trang thai", "Kenh nop", "Ngay tiep nhan", "Ngay hen tra", "Ngay ket thuc xu ly"],
        ["Mã hồ sơ", "Lĩnh vực", "Trạng thái hồ sơ", "Hình thức nộp", "Ngày tiếp nhận", "Hạn xử lý", "Ngày có kết quả"],
    ],
)
def test_header_styles_are_matched_case_and_accent_insensitively(tmp_path, headers):
    table = load_dossiers([write_csv(tmp_path / "x.csv", headers, HAND_ROWS)])
    assert {"dossier_id", "field_name", "status", "channel", "received", "due", "finished"} <= set(table.columns)


def test_decomposed_headers_and_text_are_normalised_to_nfc(tmp_path):
    nfd = [unicodedata.normalize("NFD", h) for h in HEADERS_VN]
    rows = [tuple(unicodedata.normalize("NFD", v) for v in row) for row in HAND_ROWS[:2]]
    frame = load_dossiers([write_csv(tmp_path / "x.csv", nfd, rows)]).frame
    assert frame["field_name"].iloc[0] == "Hộ tịch"
    assert unicodedata.is_normalized("NFC", frame["field_name"].iloc[0])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-02-03", "2026-02-03"),
        ("2026-02-03 14:05:00", "2026-02-03"),
        ("2026-02-03T14:05:00", "2026-02-03"),
        ("03/02/2026", "2026-02-03"),
        ("3/2/2026", "2026-02-03"),
        ("03/02/2026 14:05", "2026-02-03"),
        ("03/02/2026 14:05:59", "2026-02-03"),
        ("03-02-2026", "2026-02-03"),
    ],
)
def test_date_forms(tmp_path, text, expected):
    row = one_row(tmp_path / "x.csv", REQUIRED_VN, ["X1", "2", text, "", "", "4"])
    assert row["received"] == pd.Timestamp(expected)


def test_native_excel_dates_and_serial_numbers(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS_PORTAL)
    ws.append(["X1", "Hộ tịch", 10, 2, datetime(2026, 2, 3, 14, 5), 46061, "05/02/2026"])  # 46061 = 2026-02-08
    wb.save(tmp_path / "x.xlsx")
    row = load_dossiers([tmp_path / "x.xlsx"]).frame.iloc[0]
    assert row["received"] == pd.Timestamp("2026-02-03")
    assert row["due"] == pd.Timestamp("2026-02-08")
    assert row["finished"] == pd.Timestamp("2026-02-05")


def test_workbook_with_title_rows_and_data_on_second_sheet(tmp_path):
    wb = Workbook()
    wb.active.append(["Hướng dẫn: xem trang sau"])
    ws = wb.create_sheet("Dữ liệu")
    ws.append(["ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG"])
    ws.append(["DANH SÁCH HỒ SƠ"])
    ws.append([])
    ws.append(HEADERS_VN)
    ws.append(list(HAND_ROWS[0]))
    ws.append(["Z9", "Hộ tịch", "10", "2", "31/02/2026", "", ""])  # row 6: a date that does not exist
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(InputError) as info:
        load_dossiers([tmp_path / "x.xlsx"])
    problem = info.value.errors[0]
    assert (problem.row, problem.column) == (6, "Ngày tiếp nhận")
    assert "31/02/2026" in problem.message


def test_parquet(tmp_path):
    frame = pd.DataFrame(list(HAND_ROWS), columns=HEADERS_PORTAL)
    frame["NgayTiepNhan"] = pd.to_datetime(frame["NgayTiepNhan"], format="mixed", dayfirst=True)
    frame.to_parquet(tmp_path / "x.parquet")
    table = load_dossiers([tmp_path / "x.parquet"])
    assert len(table) == len(HAND_ROWS)
    assert table.frame.set_index("dossier_id").loc["P", "received"] == pd.Timestamp("2026-01-15")


def test_parquet_in_row_groups_with_native_integer_codes(tmp_path):
    # Integer codes are read as int8 only when every row group's statistics fit; a code of
    # 300 in the last row group must reach the parser as 300 (an unknown code), never wrap.
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [("A", 10, 2), ("B", 10, 1), ("C", 4, 2), ("D", 300, 2)]
    table = pa.table(
        {
            "MaHoSo": [r[0] for r in rows],
            "TrangThaiHoSo": pa.array([r[1] for r in rows], pa.int64()),
            "KenhThucHien": pa.array([r[2] for r in rows], pa.int64()),
            "NgayTiepNhan": pa.array([pd.Timestamp("2026-02-02")] * 4, pa.timestamp("ns")),
            "NgayHenTra": pa.array([pd.Timestamp("2026-02-06")] * 4, pa.timestamp("ns")),
            "NgayKetThucXuLy": pa.array([pd.Timestamp("2026-02-05"), None, None, None], pa.timestamp("ns")),
        }
    )
    pq.write_table(table, tmp_path / "x.parquet", row_group_size=2)
    assert pq.ParquetFile(tmp_path / "x.parquet").metadata.num_row_groups == 2
    loaded = load_dossiers([tmp_path / "x.parquet"])
    assert loaded.frame["status"].isna().tolist() == [False, False, False, True]  # 300 is no status
    [unknown] = [w for w in loaded.warnings if w.code == "UNKNOWN_STATUS"]
    assert (unknown.row, unknown.column) == (5, "TrangThaiHoSo") and "300" in unknown.message
    rows[3] = ("D", 7, 3)  # every code small: read narrow, counted as written
    table = table.set_column(1, "TrangThaiHoSo", pa.array([r[1] for r in rows], pa.int64()))
    table = table.set_column(2, "KenhThucHien", pa.array([r[2] for r in rows], pa.int64()))
    pq.write_table(table, tmp_path / "x.parquet", row_group_size=2)
    frame = load_dossiers([tmp_path / "x.parquet"]).frame.set_index("dossier_id")
    assert frame["status"].tolist() == [10, 10, 4, 7] and frame["channel"].tolist() == [2, 1, 2, 3]


def test_numbers_stored_as_text_and_codes_in_words(tmp_path):
    row = one_row(tmp_path / "x.csv", REQUIRED_VN, ["X1", "Trực tuyến", "03/02/2026", "", "", "10.0"])
    assert (row["channel"], row["status"]) == (2, 10)


def test_several_files_and_duplicates_counted_once(tmp_path):
    a = write_csv(tmp_path / "dossiers-1.csv", HEADERS_VN, HAND_ROWS[:5])
    b = write_csv(tmp_path / "dossiers-2.csv", HEADERS_VN, HAND_ROWS[3:8])
    table = load_dossiers([a, b])
    assert len(table) == 8
    duplicates = [w for w in table.warnings if w.code == "DUPLICATE_ID"]
    assert {w.message.split("'")[1] for w in duplicates} == {"D", "E"}
    assert all(w.file == str(a) for w in duplicates)
    assert {w.row for w in duplicates} == {5, 6}  # rows of D and E in the first file


def test_a_duplicate_id_counts_as_the_later_files_row(tmp_path):
    from tthc_analysis.core.periods import parse_period
    from tthc_analysis.indicators.commune import files_indicators

    # X1 was exported in January still in progress, and again in February when it was done:
    # the later file is the newer state. Period 2026-02 (15/01–14/02/2026), by hand:
    # - the later row: received 20/01, due 10/02, finished 05/02 -> resolved early, online;
    # - the earlier row, if it won: received 20/01, due 25/01, not finished -> in progress, overdue, direct.
    earlier = write_csv(
        tmp_path / "dossiers-2026-01.csv",
        HEADERS_VN,
        [
            ["X0", "Hộ tịch", "10", "1", "16/01/2026", "", "17/01/2026"],
            ["X1", "Hộ tịch", "4", "1", "20/01/2026", "25/01/2026", ""],
            # finished in 11/2025, in no February figure: the exports reach back, carried over is known
            ["X9", "Hộ tịch", "10", "1", "03/11/2025", "10/11/2025", "05/11/2025"],
        ],
    )
    later = write_csv(
        tmp_path / "dossiers-2026-02.csv",
        HEADERS_VN,
        [["X1", "Hộ tịch", "10", "2", "20/01/2026", "10/02/2026", "05/02/2026"]],
    )
    table = load_dossiers([earlier, later])
    assert len(table) == 3
    x1 = table.frame.set_index("dossier_id").loc["X1"]
    assert (x1["status"], x1["channel"], x1["source_file"], x1["source_row"]) == (10, 2, str(later), 2)
    counts = files_indicators([earlier, later], parse_period("2026-02")).counts
    # X0 (received 16/01, finished 17/01, no due: on time) and X1 (the later row: early).
    assert (counts.total, counts.online, counts.direct_postal) == (2, 1, 1)
    assert (counts.resolved, counts.resolved_early, counts.resolved_on_time) == (2, 1, 1)
    assert (counts.in_progress, counts.in_progress_overdue) == (0, 0)
    # The finding points at the row that was dropped (the earlier file's row 3) and names the kept one.
    [duplicate] = [w for w in table.warnings if w.code == "DUPLICATE_ID"]
    assert (duplicate.file, duplicate.row, duplicate.column) == (str(earlier), 3, "Mã hồ sơ")  # as the file writes it
    assert "'X1'" in duplicate.message and "dossiers-2026-02.csv, dòng 2" in duplicate.message


def test_unknown_codes_are_kept_as_warnings_with_row_and_column(tmp_path):
    path = write_csv(tmp_path / "x.csv", REQUIRED_VN, [["X1", "9", "03/02/2026", "", "", "12"]])
    table = load_dossiers([path])
    found = {(w.code, w.row, w.column) for w in table.warnings}
    assert found == {("UNKNOWN_CHANNEL", 2, "Kênh nộp"), ("UNKNOWN_STATUS", 2, "Trạng thái")}
    assert table.frame["channel"].iloc[0] == 0  # never counted as online


def test_optional_columns_missing_are_not_present(hand_csv):
    table = load_dossiers([hand_csv])
    assert not table.has("digitised") and not table.has("unit")


# ---------------------------------------------------------------- bad input


def test_missing_required_column_names_it(tmp_path):
    path = write_csv(
        tmp_path / "x.csv",
        ["Mã hồ sơ", "Kênh nộp", "Ngày tiếp nhận", "Trạng thái", "Ngày hẹn trả"],
        [["X1", "2", "03/02/2026", "10", ""]],
    )
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    problem = info.value.errors[0]
    assert problem.file == str(path) and problem.row == 1 and problem.column == "NgayKetThucXuLy"
    assert "thiếu cột bắt buộc" in problem.message


def test_every_bad_date_is_reported_with_its_row(tmp_path):
    rows = [
        ["X1", "2", "31/02/2026", "", "", "4"],
        ["X2", "2", "03/02/2026", "hôm qua", "", "4"],
        ["X3", "2", "", "", "", "4"],
    ]
    with pytest.raises(InputError) as info:
        load_dossiers([write_csv(tmp_path / "x.csv", REQUIRED_VN, rows)])
    where = {(p.row, p.column) for p in info.value.errors}
    assert where == {(2, "Ngày tiếp nhận"), (3, "Ngày hẹn trả"), (4, "Ngày tiếp nhận")}


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "tệp rỗng"),
        (b"\xef\xbb\xbf", "tệp rỗng"),
        (b"a,b,c\n1,2,3\n", "không tìm thấy dòng tiêu đề"),
    ],
)
def test_empty_or_headerless_files(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    assert message in str(info.value) and str(path) in str(info.value)


def test_header_only_file_loads_with_no_rows_and_a_warning(tmp_path):
    table = load_dossiers([write_csv(tmp_path / "x.csv", REQUIRED_VN, [])])
    assert len(table) == 0 and [w.code for w in table.warnings] == ["EMPTY_FILE"]


def test_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    assert "không phải tệp Excel" in str(info.value)


def test_windows_1258_csv_is_read_correctly_with_a_warning(tmp_path):
    path = tmp_path / "x.csv"
    text = ",".join(HEADERS_VN) + "\n" + "\n".join(",".join(r) for r in HAND_ROWS) + "\n"
    path.write_bytes(to_cp1258(text))
    table = load_dossiers([path])
    assert set(table.frame["field_name"]) == {"Hộ tịch", "Chứng thực", "Đất đai"}
    assert [w.code for w in table.warnings] == ["ENCODING_GUESSED"] and "Windows-1258" in table.warnings[0].message


def test_latin1_csv_is_read_with_a_warning(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(",".join(HEADERS_PORTAL).encode() + "\nX1,Café\x8d,4,2,03/02/2026,,\n".encode("latin-1"))
    table = load_dossiers([path])
    assert table.frame["field_name"].iloc[0].startswith("Café")
    assert "Latin-1" in table.warnings[0].message


def test_broken_utf16_is_a_clear_error(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("\t".join(REQUIRED_VN).encode("utf-16") + b"\x00\xd8\x41\x00")  # a lone surrogate
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    assert "mã hóa" in str(info.value)


def test_row_with_more_fields_than_the_header(tmp_path):
    path = tmp_path / "x.csv"
    good = "".join(f"X{i},2,03/02/2026,,,4\n" for i in range(40))
    path.write_text(",".join(REQUIRED_VN) + "\n" + good + "Y,2,03/02/2026,,,4,extra\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    assert info.value.errors[0].row == 42 and "7 ô" in info.value.errors[0].message


@pytest.mark.parametrize(
    "between, newline",
    [("", "\n"), ("", "\r\n"), ("   ", "\n"), (",,,,,", "\n")],
    ids=["blank-lf", "blank-crlf", "spaces", "empty-cells"],
)
def test_a_line_between_records_counts_as_a_row(tmp_path, monkeypatch, between, newline):
    # As a spreadsheet numbers it: header row 1, A row 2, the blank or empty line row 3,
    # B row 4, and the bad date of C on row 5.
    lines = [
        ",".join(REQUIRED_VN),
        "A,2,03/02/2026,,,4",
        between,
        "B,2,04/02/2026,,,4",
        "C,2,31/02/2026,,,4",
    ]
    path = tmp_path / "x.csv"
    path.write_bytes(newline.join(lines).encode("utf-8") + newline.encode())
    if between != "   ":  # a line of spaces is a row of one cell: pandas reads that file row by row
        monkeypatch.setattr(text_files, "_pandas_cells", _not_row_by_row)
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    problem = info.value.errors[0]
    assert (problem.row, problem.column) == (5, "Ngày tiếp nhận") and "31/02/2026" in problem.message


def _not_row_by_row(*args, **kwargs):
    raise AssertionError("read row by row: the columnar read should have taken this file")


@pytest.mark.parametrize("tail", ["", "\n\n\n", "\r\n\r\n", "\n  \n"], ids=["no-newline", "lf", "crlf", "spaces"])
def test_blank_lines_after_the_last_record_change_nothing(tmp_path, monkeypatch, tail):
    rows = "\n".join(f"X{i},2,03/02/2026,,,4" for i in range(3)) + "\nC,2,31/02/2026,,,4"
    path = tmp_path / "x.csv"
    path.write_text(",".join(REQUIRED_VN) + "\n" + rows + tail, encoding="utf-8")
    if " " not in tail:  # no line of spaces (a row of one cell): the columnar read takes the file
        monkeypatch.setattr(text_files, "_pandas_cells", _not_row_by_row)
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    assert [(e.row, e.column) for e in info.value.errors] == [(5, "Ngày tiếp nhận")]


def test_unsupported_and_missing_files(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(InputError, match="không được hỗ trợ"):
        load_dossiers([tmp_path / "x.pdf"])
    with pytest.raises(InputError, match="không tìm thấy tệp"):
        load_dossiers([tmp_path / "missing.csv"])


def test_feedback_file(tmp_path):
    path = write_csv(
        tmp_path / "feedback.csv",
        ["Mã phản ánh", "Ngày tiếp nhận", "Hạn xử lý", "Ngày xử lý"],
        [["P1", "20/01/2026", "30/01/2026", "25/01/2026"], ["P2", "10/02/2026", "20/02/2026", ""]],
    )
    frame = load_feedback([path]).frame
    assert list(frame["feedback_id"]) == ["P1", "P2"] and pd.isna(frame["finished"].iloc[1])


# ---------------------------------------------------------------- fuzzing


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".parquet", ".txt"]))
def test_random_bytes_load_or_raise_input_error(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(InputError):
        load_dossiers([path])


cell = st.one_of(st.text(max_size=12), st.sampled_from(["", "2", "10", "31/02/2026", "03/02/2026", "2026-02-03", "x"]))


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cell, min_size=6, max_size=6), max_size=6))
@example([["", "", "", "", "", "INFINITY"]])
@example([["X", "1e30", "03/02/2026", "", "", "NaN"]])
def test_random_tables_under_a_valid_header_load_or_raise_input_error(tmp_path, rows):
    path = write_csv(tmp_path / "fuzz.csv", REQUIRED_VN, rows)
    try:
        table = load_dossiers([path])
    except InputError as exc:
        assert all(p.file == str(path) for p in exc.problems if p.file)
    else:
        assert len(table) <= len(rows)


@pytest.mark.parametrize(
    "text, code",
    [
        ("Trực tuyến", 2),
        ("Nộp trực tuyến", 2),
        ("Dịch vụ bưu chính công ích", 3),
        ("Trực tiếp", 1),
        ("TRUC TIEP", 1),
        ("2", 2),
    ],
)
def test_channel_words(tmp_path, text, code):
    assert one_row(tmp_path / "x.csv", REQUIRED_VN, ["X1", text, "03/02/2026", "", "", "4"])["channel"] == code


@pytest.mark.parametrize("text", ["2026/02/03", "03/02/2026 2:05 PM", "2026-02-03T14:05:00+07:00", "03/02/2026, 14:05"])
def test_more_date_forms(tmp_path, text):
    row = one_row(tmp_path / "x.csv", REQUIRED_VN, ["X1", "2", text, "", "", "4"])
    assert row["received"] == pd.Timestamp("2026-02-03")


def test_dossiers_never_received_may_have_no_received_date(tmp_path):
    rows = [["X1", "2", "", "", "", "1"], ["X2", "2", "", "", "", "3"], ["X3", "2", "03/02/2026", "", "", "4"]]
    assert len(load_dossiers([write_csv(tmp_path / "x.csv", REQUIRED_VN, rows)])) == 3


def test_time_zone_aware_timestamps_are_read_as_vietnam_days(tmp_path):
    frame = pd.DataFrame({h: ["X1"] if h == "MaHoSo" else [None] for h in HEADERS_PORTAL})
    frame["TrangThaiHoSo"], frame["KenhThucHien"] = 4, 2
    frame["NgayTiepNhan"] = pd.to_datetime(["2026-02-02T17:30:00Z"])  # 00:30 on 3 February in Vietnam
    frame.to_parquet(tmp_path / "x.parquet")
    assert load_dossiers([tmp_path / "x.parquet"]).frame["received"].iloc[0] == pd.Timestamp("2026-02-03")


# ---------------------------------------------------------------- values.py cell by cell (issue 9, mutation testing)
# Each expected value is worked out by hand: the date a text names, the code a cell means.

NAT = pd.NaT
DAY = pd.Timestamp


def _column(name):
    return next(c for c in DOSSIER_COLUMNS if c.name == name)


def _days(values, index=None):
    return pd.Series([DAY(v) if v else NAT for v in values], index=index, dtype="datetime64[ns]")


def _mask(values, index=None):
    return pd.Series(values, index=index, dtype=bool)


@pytest.mark.parametrize(
    "value, text",
    [(None, ""), (float("nan"), ""), ("x", "x"), (2.5, "2.5"), (2.0, "2.0"), (0, "0"), ("", "")],
)
def test_cell_text(value, text):
    assert values.cell_text(value) == text


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        (float("nan"), ""),
        (2.0, "2"),  # a whole number stored as a float
        (2.5, "2.5"),
        (-3.0, "-3"),
        (20260105081000.0, "20260105081000"),
        (7, "7"),
        ("  x ", "  x "),
        (date(2026, 2, 3), "2026-02-03"),
        (datetime(2026, 2, 3, 14, 5), "2026-02-03T14:05:00"),
        (pd.Timestamp("2026-02-03"), "2026-02-03T00:00:00"),
    ],
)
def test_one_text(value, text):
    assert values.one_text(value) == text


def test_blank_of_a_categorical_column_keeps_its_index():
    series = pd.Series(pd.Categorical(["a", "  ", None, "b"]), index=[10, 11, 12, 13])
    pd.testing.assert_series_equal(values.blank(series), _mask([False, True, True, False], [10, 11, 12, 13]))


EVERY_SPACE = [chr(c) for c in range(0x110000) if chr(c).isspace()]


def test_whitespace_is_what_strip_removes():
    assert set(values.ONLY_WHITESPACE[1:-2]) == set(EVERY_SPACE)


@pytest.mark.parametrize("space", EVERY_SPACE, ids=[f"U+{ord(c):04X}" for c in EVERY_SPACE])
def test_every_kind_of_space_is_blank_and_stripped(space):
    # As pyarrow's regular expressions (RE2) read the pattern, for each character strip() removes.
    cells = pd.Series([space, space * 3, "a" + space, space + "a"], dtype="str")
    assert values.blank(cells).tolist() == [True, True, False, False]
    assert values.as_text(cells).tolist() == ["", "", "a", "a"]


@given(st.lists(st.text(alphabet=" \t\xa0\u3000\x1cab\u2028", max_size=4) | st.none(), max_size=20))
@settings(max_examples=300, deadline=None)
def test_blank_of_text_is_what_strip_gives(cells):
    # A cell is blank when strip() leaves nothing: matched with a regular expression on pyarrow's
    # text ("str"), never stripped (a copy of 10M ids); the same answer as stripping.
    expected = [cell is None or cell.strip() == "" for cell in cells]
    for dtype in ("str", object):
        assert values.blank(pd.Series(cells, dtype=dtype)).tolist() == expected, dtype


@given(st.lists(st.text(alphabet=" \t\n\xa0\u3000ab\u0301", max_size=4) | st.none(), max_size=20))
@settings(max_examples=300, deadline=None)
def test_text_is_stripped_as_strip_does(cells):
    # Stripped only when some cell starts or ends with whitespace (a 10M-id column is not copied
    # for nothing); the result is what strip() and NFC give, "" for a missing cell.
    import unicodedata

    expected = ["" if cell is None else unicodedata.normalize("NFC", cell.strip()) for cell in cells]
    assert values.as_text(pd.Series(cells, dtype="str")).tolist() == expected


def test_blank_of_text_and_numbers():
    pd.testing.assert_series_equal(values.blank(pd.Series(["a", " ", None, ""], dtype=object)), _mask([0, 1, 1, 1]))
    pd.testing.assert_series_equal(values.blank(pd.Series([1.0, float("nan")])), _mask([0, 1]))


NFD_HANOI = unicodedata.normalize("NFD", "Hà Nội")


@pytest.mark.parametrize(
    "series, expected",
    [
        (pd.Series([" a ", None], dtype="str", index=[4, 5]), ["a", ""]),
        (pd.Series([" a ", None, 7], dtype=object, index=[4, 5, 6]), ["a", "", "7"]),
        (pd.Series([7, None, 12], dtype=object, index=[4, 5, 6]), ["7", "", "12"]),
        (pd.Series([2.0, 2.5, float("nan")], index=[4, 5, 6]), ["2", "2.5", ""]),
        (pd.Series([1, 20], index=[4, 5]), ["1", "20"]),
        (pd.Series([None, None], dtype=object, index=[4, 5]), ["", ""]),
        (pd.Series([f" {NFD_HANOI}", "x"], dtype="str", index=[4, 5]), ["Hà Nội", "x"]),
        (pd.Series([NFD_HANOI] * 8, dtype=object, index=range(8, 16)), ["Hà Nội"] * 8),  # one distinct name
        (pd.Series(pd.Categorical([f"{NFD_HANOI} ", None, "x", "x"]), index=[4, 5, 6, 7]), ["Hà Nội", "", "x", "x"]),
    ],
)
def test_as_text_strips_normalises_and_keeps_the_index(series, expected):
    pd.testing.assert_series_equal(values.as_text(series), pd.Series(expected, index=series.index, dtype="str"))
    assert all(unicodedata.is_normalized("NFC", t) for t in values.as_text(series))


def test_map_unique_calls_the_function_once_per_distinct_value():
    seen = []

    def upper(text):
        seen.append(text)
        return text.upper()

    result = values.map_unique(pd.Series(["a", "b", "a", "a"], index=[3, 4, 5, 6]), upper)
    assert result.tolist() == ["A", "B", "A", "A"] and result.index.tolist() == [3, 4, 5, 6]
    assert sorted(seen) == ["a", "b"]


def test_parse_text_of_a_plain_column():
    series = pd.Series([" X1 ", "", None, f"{NFD_HANOI}"], dtype=object, index=[2, 3, 4, 5])
    text, issues = values.parse_text(series, _column("dossier_id"))
    assert text.tolist()[0] == "X1" and text.tolist()[3] == "Hà Nội"
    assert text.isna().tolist() == [False, True, True, False]
    [issue] = issues
    assert (issue.code, issue.message, issue.severity) == (
        "EMPTY_REQUIRED",
        "ô trống, cột này bắt buộc có giá trị",
        ERROR,
    )
    pd.testing.assert_series_equal(issue.mask, _mask([0, 1, 1, 0], [2, 3, 4, 5]))
    assert values.parse_text(series, _column("unit"))[1] == []  # not required: no finding


def test_parse_text_of_a_categorical_column_merges_categories_that_meet():
    series = pd.Series(pd.Categorical([" A ", "A", "", None, "b", "  "]), index=[3, 4, 5, 6, 7, 8])
    text, [issue] = values.parse_text(series, _column("dossier_id"))
    expected = pd.Series(
        pd.Categorical(["A", "A", None, None, "b", None], categories=pd.Index(["A", "b"], dtype="str")),
        index=[3, 4, 5, 6, 7, 8],
    )
    pd.testing.assert_series_equal(text, expected)
    pd.testing.assert_series_equal(issue.mask, _mask([0, 0, 1, 1, 0, 1], [3, 4, 5, 6, 7, 8]))


# Dates: 03/02/2026 is 3 February 2026 (day first); Excel counts days from 30/12/1899, so
# 45658 is 01/01/2025 (a known anchor), 46023 = 45658 + 365 is 01/01/2026 and 46057 = 46023 + 31 + 3 is 04/02/2026.
@pytest.mark.parametrize(
    "text, day",
    [
        ("2026-02-03", "2026-02-03"),
        ("2026/2/3", "2026-02-03"),
        ("2026.02.03", "2026-02-03"),
        ("2026-02-03Z", "2026-02-03"),
        ("2026-02-03+07:00", "2026-02-03"),
        ("03/02/2026", "2026-02-03"),
        ("3-2-2026", "2026-02-03"),
        ("03.02.2026", "2026-02-03"),
        ("20260203", "2026-02-03"),
        ("202602031405", "2026-02-03"),
        ("20260203235959", "2026-02-03"),
        ("20260203000000", "2026-02-03"),
        ("29/02/2024", "2024-02-29"),
        ("29/02/2026", None),  # 2026 is not a leap year
        ("31/04/2026", None),
        ("2026-13-01", None),
        ("20260203240000", None),  # hour 24
        ("20260203236000", None),  # minute 60
        ("20260203235960", None),  # second 60
        ("202602031260", None),  # minute 60, no seconds
        ("2026020312", None),  # an hour without minutes is not a form
        ("03/02/26", None),
        ("46057", None),  # a serial number written as text is not a date
        ("x", None),
        ("03/02/2026X", None),
    ],
)
def test_parse_date_texts_one_by_one(text, day):
    result = values.parse_date_texts(pd.Series([text], index=[7], dtype="str"))
    pd.testing.assert_series_equal(result, _days([day], [7]))


def test_parse_date_texts_mixed_forms_in_one_column():
    texts = pd.Series(["2026-02-03", "04/02/2026", "x", "20260205", "2026-02-06", "07/02/2026"], dtype="str")
    expected = _days(["2026-02-03", "2026-02-04", None, "2026-02-05", "2026-02-06", "2026-02-07"])
    pd.testing.assert_series_equal(values.parse_date_texts(texts), expected)


@pytest.mark.parametrize(
    "text, valid",
    [
        ("03/02/2026 23:59", True),
        ("03/02/2026 23:59:59", True),
        ("03/02/2026 00:00:00.5", True),
        ("03/02/2026 2:05 PM", True),
        ("03/02/2026 14:05 CH", True),
        ("03/02/2026, 14:05", True),
        ("2026-02-03T14:05:00+07:00", True),
        ("2026-02-03T14:05:00Z", True),
        ("03/02/2026\t14:05", True),
        ("03/02/2026 Từ 7h30 đến 11h30", True),  # e-par's half-day window
        ("03/02/2026 24:00", False),
        ("03/02/2026 12:60", False),
        ("03/02/2026 12:30:60", False),
        ("03/02/2026 25:00", False),
        ("03/02/2026 noon", False),
        ("03/02/2026X 14:05", False),  # only a comma may end the date part
    ],
)
def test_a_time_of_day_is_checked_then_dropped(text, valid):
    days, invalid = values.parse_dates(pd.Series([text], dtype="str"))
    assert (days.iloc[0] == DAY("2026-02-03")) is valid
    assert bool(invalid.iloc[0]) is not valid


def test_parse_dates_of_workbook_cells():
    cells = [
        datetime(2026, 2, 3, 14, 5),  # native: the day
        date(2026, 2, 4),
        46057,  # Excel serial: 04/02/2026
        46058.75,  # 05/02/2026 at 18:00
        1,  # the first serial: 31/12/1899
        132320,  # 11/04/2262: the last day a day in nanoseconds can hold
        132321,  # past it (Excel would go on to 31/12/9999): not a date, and no crash
        2958465,
        0,
        20260105081000,  # the portal's compact date stored as a number
        20260106.0,
        10**30,  # too large for any reading, and no crash
        "07/02/2026",
        "46057",  # text, not a serial
        True,  # a check box is not serial 1
        None,
        "  ",
    ]
    series = pd.Series(cells, dtype=object, index=range(100, 100 + len(cells)))
    days, invalid = values.parse_dates(series)
    expected = [
        "2026-02-03",
        "2026-02-04",
        "2026-02-04",
        "2026-02-05",
        "1899-12-31",
        "2262-04-11",
        None,
        None,
        None,
        "2026-01-05",
        "2026-01-06",
        None,
        "2026-02-07",
        None,
        None,
        None,
        None,
    ]
    pd.testing.assert_series_equal(days, _days(expected, series.index))
    pd.testing.assert_series_equal(invalid, _mask([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0], series.index))


def test_parse_dates_of_native_datetime_cells():
    series = pd.Series([datetime(2026, 2, 3, 23, 59), None, date(2026, 2, 4)], dtype=object, index=[5, 6, 7])
    days, invalid = values.parse_dates(series)
    pd.testing.assert_series_equal(days, _days(["2026-02-03", None, "2026-02-04"], [5, 6, 7]))
    pd.testing.assert_series_equal(invalid, _mask([0, 0, 0], [5, 6, 7]))


def test_parse_dates_of_a_datetime_column():
    series = pd.Series(pd.to_datetime(["2026-02-03 23:59", None]), index=[8, 9])
    days, invalid = values.parse_dates(series)
    pd.testing.assert_series_equal(days, _days(["2026-02-03", None], [8, 9]))
    pd.testing.assert_series_equal(invalid, _mask([0, 0], [8, 9]))
    zoned = pd.Series(pd.to_datetime(["2026-02-02T17:30:00Z"]))  # 00:30 on 3 February in Vietnam
    assert values.parse_dates(zoned)[0].tolist() == [DAY("2026-02-03")]


def test_parse_dates_of_a_categorical_column():
    series = pd.Series(
        pd.Categorical(["03/02/2026", None, "x", "2026-02-04 10:00", "03/02/2026", " "]), index=[4, 5, 6, 7, 8, 9]
    )
    days, invalid = values.parse_dates(series)
    pd.testing.assert_series_equal(
        days, _days(["2026-02-03", None, None, "2026-02-04", "2026-02-03", None], series.index)
    )
    pd.testing.assert_series_equal(invalid, _mask([0, 0, 1, 0, 0, 0], series.index))
    empty = pd.Series(pd.Categorical([None, None], categories=[]), index=[1, 2])
    pd.testing.assert_series_equal(values.parse_dates(empty)[0], _days([None, None], [1, 2]))


def test_parse_date_column_names_a_bad_date():
    series = pd.Series(["03/02/2026", "31/02/2026", "", None], dtype="str", index=[1, 2, 3, 4])
    days, [issue] = values.parse_date_column(series, _column("received"))
    pd.testing.assert_series_equal(days, _days(["2026-02-03", None, None, None], series.index))
    assert (issue.code, issue.severity) == ("BAD_DATE", ERROR)
    assert issue.message.format(value="31/02/2026") == (
        "ngày không hợp lệ '31/02/2026' (cần một ngày có thật, từ năm 1678 đến năm 2261, ghi dd/mm/yyyy hoặc yyyy-mm-dd)"
    )
    pd.testing.assert_series_equal(issue.mask, _mask([0, 1, 0, 0], series.index))


@pytest.mark.parametrize(
    "column, cells, codes, unknown, empty",
    [
        # Status: a number, a number stored as a float, words; 11 and "x" unknown, an empty cell reported.
        (
            "status",
            ["4", 10.0, "Đã trả kết quả", "11", "x", None, "", " 2.0 ", 3],
            [4, 10, 10, None, None, None, None, 2, 3],
            [0, 0, 0, 1, 1, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 1, 1, 0, 0],
        ),
        # Channel: empty means 1 (trực tiếp), unknown counts as 0 (never online), no finding for empty.
        ("channel", ["2", None, "9", "Trực tuyến", 2.5, "1e30"], [2, 1, 0, 2, 0, 0], [0, 0, 1, 0, 1, 1], None),
        # Payment has no words: "x" is unknown, counted 0.
        ("paid_online", ["2", "x", None, "inf"], [2, 0, 0, 0], [0, 1, 0, 1], None),
        # Flags read words too ("x" is a tick: yes).
        ("has_fee", ["có", "không", "1", "0", "x", "abc"], [1, 0, 1, 0, 1, 0], [0, 0, 0, 0, 0, 1], None),
    ],
)
def test_parse_codes(column, cells, codes, unknown, empty):
    column = _column(column)
    index = range(20, 20 + len(cells))
    series = pd.Series(cells, dtype=object, index=index)
    parsed, issues = values.parse_codes(series, column)
    pd.testing.assert_series_equal(parsed, pd.Series(pd.array(codes, dtype="Int8"), index=index))
    assert (issues[0].code, issues[0].message, issues[0].severity) == (
        column.codes.finding,
        column.codes.message,
        column.codes.severity,
    )
    pd.testing.assert_series_equal(issues[0].mask, _mask(unknown, index))
    if empty is None:
        assert len(issues) == 1
    else:
        [_, missing] = issues
        assert (missing.code, missing.message, missing.severity) == (
            "UNKNOWN_STATUS",
            "thiếu mã trạng thái; hồ sơ được tính theo ngày tháng",
            WARNING,
        )
        pd.testing.assert_series_equal(missing.mask, _mask(empty, index))


def test_parse_codes_of_words_only_codes():
    series = pd.Series(["TP", "BO", "x", None, "2"], dtype=object, index=[5, 6, 7, 8, 9])
    parsed, [issue] = values.parse_codes(series, _column("system"))
    # An unknown system is neither (never the city's by guess); an empty cell is the city's, the portal's default.
    assert parsed.isna().tolist() == [False, False, True, False, True]
    assert parsed.dropna().tolist() == ["TP", "BO", "TP"] and parsed.index.tolist() == [5, 6, 7, 8, 9]
    pd.testing.assert_series_equal(issue.mask, _mask([0, 0, 1, 0, 1], series.index))
    assert (issue.code, issue.severity) == ("UNKNOWN_SYSTEM", WARNING)


def test_a_bad_level_is_an_error():
    column = next(c for c in PROCEDURE_COLUMNS if c.name == "level")
    parsed, [unknown, empty] = values.parse_codes(pd.Series([4.0, float("nan"), 7.0, 3.0]), column)
    assert parsed.tolist() == [4, pd.NA, pd.NA, 3]
    assert (unknown.code, unknown.message, unknown.severity) == ("BAD_CODE", "mức độ không hợp lệ '{value}'", ERROR)
    assert (empty.code, empty.message, empty.severity) == ("BAD_CODE", "thiếu mức độ", ERROR)
    pd.testing.assert_series_equal(unknown.mask, _mask([0, 0, 1, 0]))
    pd.testing.assert_series_equal(empty.mask, _mask([0, 1, 0, 0]))


def test_a_huge_number_in_a_workbook_date_cell_is_a_bad_date_named_by_row_and_column(tmp_path):
    # It used to stop the load with pandas' OutOfBoundsDatetime (serial 500000 is a day in 3268).
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["MaHoSo", "KenhThucHien", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "TrangThaiHoSo"])
    sheet.append(["X1", 2, 46057, None, None, 4])
    sheet.append(["X2", 2, 500000, None, None, 4])
    path = tmp_path / "x.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    [problem] = [p for p in info.value.errors if p.code == "BAD_DATE"]
    assert (problem.file, problem.row, problem.column) == (str(path), 3, "NgayTiepNhan")
    assert "'500000" in problem.message  # as the workbook holds it (500000.0)


@pytest.mark.parametrize("zoned_first", [True, False])
def test_naive_and_zoned_timestamps_mixed_in_a_column_are_each_read_as_vietnam_days(zoned_first):
    # The minority kind used to be dropped (pandas 3) and each of its cells reported as a bad date.
    zoned = pd.Timestamp("2026-02-02T17:30:00Z")  # 00:30 on 3 February in Vietnam
    naive = [datetime(2026, 2, 3, 20, 0), datetime(2026, 2, 4, 1, 0)]  # wall clock already: the day written
    cells = [zoned, *naive, None] if zoned_first else [*naive, zoned, None]
    days, invalid = values.parse_dates(pd.Series(cells, dtype=object))
    expected = ["2026-02-03", "2026-02-03", "2026-02-04"] if zoned_first else ["2026-02-03", "2026-02-04", "2026-02-03"]
    pd.testing.assert_series_equal(days, _days([*expected, None]))
    pd.testing.assert_series_equal(invalid, _mask([0, 0, 0, 0]))


@pytest.mark.parametrize(
    "cells, days",
    [
        (["31/12/9999", "9999-12-31", "99991231"], [None, None, None]),  # a "no due date" some systems write
        (["11/04/2262", "12/04/2262", "22/09/1677", "21/09/1677"], ["2262-04-11", None, "1677-09-22", None]),
        ([datetime(9999, 12, 31), datetime(2026, 2, 3, 10, 0)], [None, "2026-02-03"]),  # native, one kind
        ([date(9999, 12, 31), "03/02/2026", 46057], [None, "2026-02-03", "2026-02-04"]),  # workbook cells mixed
    ],
)
def test_a_day_pandas_cannot_hold_is_a_bad_date_not_a_crash(cells, days):
    # Days are held in nanoseconds, 22/09/1677 to 11/04/2262; each of these cells used to stop
    # the load with pandas' OutOfBoundsDatetime.
    parsed, invalid = values.parse_dates(pd.Series(cells, dtype=object))
    pd.testing.assert_series_equal(parsed, _days(days))
    pd.testing.assert_series_equal(invalid, _mask([day is None for day in days]))


def test_a_timestamp_column_past_2262_is_a_bad_date():
    column = pd.Series(pd.to_datetime(["9999-12-31", "2026-02-03T10:00", None], format="ISO8601").as_unit("us"))
    parsed, invalid = values.parse_dates(column)
    pd.testing.assert_series_equal(parsed, _days([None, "2026-02-03", None]))
    pd.testing.assert_series_equal(invalid, _mask([1, 0, 0]))


def test_a_due_date_of_31_12_9999_is_named_by_row_and_column(tmp_path):
    rows = [["X1", "2", "03/02/2026", "05/02/2026", "", "4"], ["X2", "2", "03/02/2026", "31/12/9999", "", "4"]]
    path = write_csv(tmp_path / "x.csv", REQUIRED_VN, rows)
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    [problem] = [p for p in info.value.errors if p.code == "BAD_DATE"]
    assert (problem.file, problem.row, problem.column) == (str(path), 3, "Ngày hẹn trả")
    assert problem.message.startswith("ngày không hợp lệ '31/12/9999' (cần một ngày có thật, từ năm 1678 đến năm 2261")


def test_a_number_is_an_excel_serial_only_in_a_workbook(tmp_path):
    """Excel's serials are a workbook's way to store a day; a typed integer column (Parquet) is
    not a workbook: 46057 there is not 04/02/2026 but a bad date, while the portal's compact
    yyyyMMdd stored as an integer still reads (20260204 = 04/02/2026)."""
    base = {"MaHoSo": ["A", "B"], "TenLinhVuc": ["Hộ tịch"] * 2, "TrangThaiHoSo": [10, 10], "KenhThucHien": [2, 2]}
    compact = pd.DataFrame(
        {**base, "NgayTiepNhan": [20260204, 20260204], "NgayHenTra": [20260206] * 2, "NgayKetThucXuLy": [20260205] * 2}
    )
    compact.to_parquet(tmp_path / "compact.parquet")
    frame = load_dossiers([tmp_path / "compact.parquet"]).frame
    assert list(frame["received"]) == [pd.Timestamp("2026-02-04")] * 2
    serial = compact.assign(NgayTiepNhan=[46057, 20260204])
    serial.to_parquet(tmp_path / "serial.parquet")
    with pytest.raises(InputError) as raised:
        load_dossiers([tmp_path / "serial.parquet"])
    assert [(p.code, p.row, p.column) for p in raised.value.problems] == [("BAD_DATE", 2, "NgayTiepNhan")]


@pytest.mark.parametrize(
    "ids, expected",
    [
        (["A", "B", "C", "D"], True),
        (["A", "B", "A", "D"], False),
        (["A", "B", "C", "A"], False),  # first and last: neighbours only once sorted
        ([], True),
        (["A"], True),
        (["A", None, "B"], True),  # one missing id: nothing to compare it with
        (["A", None, None], None),  # several missing: pandas decides, as for duplicates
        ([1, "A"], None),  # not all text
        ([1, 2], None),
    ],
)
def test_all_distinct_by_hand(ids, expected):
    from tthc_analysis.inputs.tables import all_distinct

    assert all_distinct(pd.Series(ids, dtype=object)) is expected


@given(st.lists(st.text(alphabet="AB-1 ", min_size=0, max_size=4), max_size=40), st.integers(1, 5))
@settings(max_examples=200, deadline=None)
def test_all_distinct_agrees_with_pandas_whatever_the_block(ids, block):
    # Compared a block of sorted ids at a time: a pair split across two blocks must still be seen.
    from tthc_analysis.inputs import tables

    original = tables.SORTED_BLOCK
    tables.SORTED_BLOCK = block
    half = len(ids) // 2  # ids of two files: their text comes in two pieces
    try:
        found = tables.all_distinct(pd.Series(ids, dtype="str"))
        pieces = tables.all_distinct(
            pd.concat([pd.Series(ids[:half], dtype="str"), pd.Series(ids[half:], dtype="str")], ignore_index=True)
        )
    finally:
        tables.SORTED_BLOCK = original
    expected = not pd.Series(ids, dtype=object).duplicated().any()
    assert found is expected and pieces is expected


def test_a_table_becomes_the_frame_pyarrow_makes_of_it(tmp_path):
    # frame_from_table converts a column at a time; pyarrow's whole-table conversion is the reference,
    # on a cache-like file (pandas' metadata: nullable Int8, zoned and naive times, categories over
    # several row groups, text, integers) and on an empty one.
    import pyarrow.parquet as pq

    from tthc_analysis.inputs.arrow_frames import frame_from_table

    frame = pd.DataFrame(
        {
            "status": pd.array([10, None, 4, 7, 5], dtype="Int8"),
            "received": pd.to_datetime(["2026-02-01", None, "2026-02-03", "2026-02-04", "2026-02-05"]),
            "zoned": pd.to_datetime(["2026-02-01"] * 5).tz_localize("Asia/Ho_Chi_Minh"),
            "field": pd.Categorical(["Hộ tịch", "Đất đai", "Hộ tịch", "Chứng thực", "Đất đai"]),
            "dossier_id": pd.array(["A", "B", "C", "D", "E"], dtype="str"),
            "source_row": [2, 3, 4, 5, 6],
        }
    )
    for rows, name in ((frame, "full.parquet"), (frame.iloc[:0], "empty.parquet")):
        rows.to_parquet(tmp_path / name, row_group_size=2, index=False)
        expected = pq.read_table(tmp_path / name).to_pandas()
        pd.testing.assert_frame_equal(frame_from_table(pq.read_table(tmp_path / name)), expected)


def test_a_parquet_file_in_row_groups_loads_as_written_in_one(tmp_path):
    # Converted a column at a time (arrow_frames.py): the frame must be the one a single row group gives,
    # text columns (dictionary-encoded per row group) included.
    frame = pd.DataFrame(list(HAND_ROWS), columns=HEADERS_PORTAL)
    for column in ("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy"):
        frame[column] = pd.to_datetime(frame[column], format="mixed", dayfirst=True)
    frame.to_parquet(tmp_path / "one.parquet", row_group_size=len(frame))
    frame.to_parquet(tmp_path / "groups.parquet", row_group_size=3)
    one = load_dossiers([tmp_path / "one.parquet"]).frame.drop(columns="source_file")
    groups = load_dossiers([tmp_path / "groups.parquet"]).frame.drop(columns="source_file")
    pd.testing.assert_frame_equal(one, groups)
    assert groups["dossier_id"].tolist() == [r[0] for r in HAND_ROWS]
    assert groups["field_name"].tolist() == [r[1] for r in HAND_ROWS]
