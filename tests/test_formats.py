"""Every file format the README promises, each counted to the hand-worked month.

The hand-worked month (conftest.HAND_ROWS) counts to EXPECTED_2026_02 over 2026-02; a format
that is read right gives exactly those counts, and its rows keep the numbers a person sees.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import (
    EXPECTED_2026_02,
    HAND_ROWS,
    HEADERS_PORTAL,
    HEADERS_VN,
    typed_hand_rows,
    write_csv,
    write_ods,
    write_root,
)
from openpyxl import Workbook

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators, files_indicators
from tthc_analysis.inputs.tables import load_dossiers

FORMATS = Path(__file__).parent / "fixtures" / "formats"
FEBRUARY = parse_period("2026-02")


def counts(*paths: Path) -> dict:
    return files_indicators(list(paths), FEBRUARY).counts.to_dict()


# ---------------------------------------------------------------- workbooks


def test_biff8_xls_with_native_dates_and_numeric_codes():
    # A real BIFF8 workbook (OLE2 header D0 CF 11 E0), written by xlwt from HAND_ROWS with
    # date cells (serial numbers with a date format) and numeric codes: see
    # fixtures/formats/make_hand_rows_biff8.py.
    path = FORMATS / "hand_rows_biff8.xls"
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    assert counts(path) == EXPECTED_2026_02
    frame = load_dossiers([path]).frame.set_index("dossier_id")
    assert frame.loc["P", "received"].isoformat() == "2026-01-15T00:00:00"  # 15/01/2026 08:30, time dropped
    assert frame.loc["Q", "source_row"] == 18  # header row 1, A on row 2, Q the 17th dossier


def _xlsm(path: Path, rows) -> Path:
    """A macro-enabled workbook: an .xlsx package whose main part is declared macroEnabled, as Excel saves .xlsm."""
    plain = path.with_suffix(".tmp.xlsx")
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
                assert b"macroEnabled" in data
            target.writestr(item, data)
    plain.unlink()
    return path


def test_xlsm(tmp_path):
    path = _xlsm(tmp_path / "ho-so.xlsm", [["DANH SÁCH HỒ SƠ"], HEADERS_PORTAL, *typed_hand_rows()])
    assert counts(path) == EXPECTED_2026_02
    # A title row above the header: A is on row 3 of the sheet.
    assert load_dossiers([path]).frame.set_index("dossier_id").loc["A", "source_row"] == 3


def test_ods_with_native_dates(tmp_path):
    path = write_ods(tmp_path / "ho-so.ods", [HEADERS_PORTAL, *typed_hand_rows()])
    assert counts(path) == EXPECTED_2026_02


def test_ods_bad_date_names_its_row_and_column(tmp_path):
    rows = [list(r) for r in HAND_ROWS]
    rows[3][4] = "31/02/2026"  # D, the 4th dossier: row 5 under the header on row 1
    path = write_ods(tmp_path / "ho-so.ods", [HEADERS_VN, *rows])
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    problem = info.value.errors[0]
    assert (problem.file, problem.row, problem.column) == (str(path), 5, "Ngày tiếp nhận")
    assert "31/02/2026" in problem.message


# ---------------------------------------------------------------- text


def test_tsv(tmp_path):
    assert counts(write_csv(tmp_path / "ho-so.tsv", HEADERS_VN, HAND_ROWS, sep="\t")) == EXPECTED_2026_02


@pytest.mark.parametrize("name", ["ho-so.csv", "ho-so.txt"])
def test_pipe_separated_text(tmp_path, name):
    path = write_csv(tmp_path / name, HEADERS_VN, HAND_ROWS, sep="|")
    assert counts(path) == EXPECTED_2026_02
    first = load_dossiers([path]).frame.iloc[0]
    assert (first["dossier_id"], first["field_name"], first["status"]) == ("A", "Hộ tịch", 10)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(tmp_path, encoding):
    # Excel's "Unicode text" without its BOM (some tools strip it): tab separated, CRLF.
    lines = ["\t".join(HEADERS_VN)] + ["\t".join(r) for r in HAND_ROWS]
    data = "\r\n".join(lines).encode(encoding)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    path = tmp_path / "ho-so.txt"
    path.write_bytes(data)
    table = load_dossiers([path])
    assert set(table.frame["field_name"]) == {"Hộ tịch", "Chứng thực", "Đất đai"}  # accents read right
    assert not table.warnings  # not a guessed encoding
    assert counts(path) == EXPECTED_2026_02


# ---------------------------------------------------------------- feedback in a workbook


def test_feedback_in_xlsx_is_found_and_counted(tmp_path):
    root = write_root(tmp_path / "data", ("thu-nghiem", "Thử Nghiệm", "xã"))
    write_csv(root / "thu-nghiem" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã phản ánh", "Ngày tiếp nhận", "Hạn xử lý", "Ngày xử lý"])
    # Period 2026-02 (15/01–14/02/2026), worked out by hand:
    ws.append(["P1", "20/01/2026", "30/01/2026", "25/01/2026"])  # received in it, resolved on time
    ws.append(["P2", "01/02/2026", "05/02/2026", "10/02/2026"])  # received in it, resolved late
    ws.append(["P3", "10/02/2026", "20/02/2026", None])  # received in it, pending
    ws.append(["P4", "05/01/2026", "15/01/2026", "20/01/2026"])  # from before, resolved late in it
    ws.append(["P5", "01/01/2026", "10/01/2026", "12/01/2026"])  # finished before the period: out
    wb.save(root / "thu-nghiem" / "feedback.xlsx")
    feedback = commune_indicators(root, "thu-nghiem", FEBRUARY).feedback
    assert feedback is not None, "feedback.xlsx was not read"
    assert (feedback.received, feedback.resolved, feedback.resolved_on_time, feedback.pending) == (3, 3, 1, 1)


def test_every_promised_suffix_is_found_in_a_commune_folder(tmp_path):
    # docs/profile.md: dossiers*.csv|txt|tsv|xlsx|xlsm|xls|ods|parquet. Each file holds one dossier
    # received in February; all eight count as new.
    root = write_root(tmp_path / "data", ("thu-nghiem", "Thử Nghiệm", "xã"))
    folder = root / "thu-nghiem"
    row = ["{id}", "Hộ tịch", "4", "2", "03/02/2026", "", ""]

    def one(number: int) -> list[str]:
        return [row[0].format(id=f"X{number}"), *row[1:]]

    write_csv(folder / "dossiers-1.csv", HEADERS_VN, [one(1)])
    write_csv(folder / "dossiers-2.txt", HEADERS_VN, [one(2)], sep=";")
    write_csv(folder / "dossiers-3.tsv", HEADERS_VN, [one(3)], sep="\t")
    wb = Workbook()
    wb.active.append(HEADERS_VN)
    wb.active.append(one(4))
    wb.save(folder / "dossiers-4.xlsx")
    _xlsm(folder / "dossiers-5.xlsm", [HEADERS_VN, one(5)])
    write_ods(folder / "dossiers-6.ods", [HEADERS_VN, one(6)])
    import pandas as pd

    pd.DataFrame([one(7)], columns=HEADERS_PORTAL).to_parquet(folder / "dossiers-7.parquet")
    # What web systems' "Xuất Excel" sends: an HTML table with an .xls name.
    cells = "".join(f"<td>{v}</td>" for v in one(8))
    header = "".join(f"<th>{h}</th>" for h in HEADERS_VN)
    (folder / "dossiers-8.xls").write_text(
        f"<html><body><table><tr>{header}</tr><tr>{cells}</tr></table></body></html>", encoding="utf-8"
    )
    found = commune_indicators(root, "thu-nghiem", FEBRUARY)
    assert found.counts.online == 8 and found.counts.new == 8  # (3) unknown: the exports start in February
    assert not [f for f in found.findings if re.match("UNKNOWN|EMPTY", f.code)]
