"""What real one-stop-shop systems write (docs/inputs.md): portal dates, status and channel words,
lists without a channel, and "Excel" files that are HTML tables or text."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import HAND_ROWS, HEADERS_VN, write_csv

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import files_indicators
from tthc_analysis.inputs.tables import load_dossiers
from tthc_analysis.run.cli import run

REQUIRED = ["Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Trạng thái"]


def _one(tmp_path, headers, row):
    return load_dossiers([write_csv(tmp_path / "x.csv", headers, [row])]).frame.iloc[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20260105081000", "2026-01-05"),  # the national portal's sync: yyyyMMddHHmmss
        ("20260105", "2026-01-05"),  # yyyyMMdd
        ("202601050810", "2026-01-05"),  # yyyyMMddHHmm
        ("05/01/2026 08:10:00", "2026-01-05"),  # with seconds
        ("2026-01-05T08:10:00.000+07:00", "2026-01-05"),
    ],
)
def test_portal_date_forms(tmp_path, text, expected):
    assert _one(tmp_path, REQUIRED, ["X", text, "", "", "4"])["received"] == pd.Timestamp(expected)


@pytest.mark.parametrize("text", ["20261305081000", "20260230", "2026010508", "20260105256000"])
def test_compact_dates_that_do_not_exist_are_errors(tmp_path, text):
    with pytest.raises(InputError) as info:
        _one(tmp_path, REQUIRED, ["X", text, "", "", "4"])
    assert info.value.errors[0].column == "Ngày tiếp nhận" and text in info.value.errors[0].message


def test_compact_dates_stored_as_numbers_in_a_workbook(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["MaHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "TrangThaiHoSo"])
    wb.active.append(["X", 20260105081000, 20260112, 46061, 4])  # 46061: an Excel serial day, 08/02/2026
    wb.save(tmp_path / "x.xlsx")
    row = load_dossiers([tmp_path / "x.xlsx"]).frame.iloc[0]
    assert (row["received"], row["due"], row["finished"]) == (
        pd.Timestamp("2026-01-05"),
        pd.Timestamp("2026-01-12"),
        pd.Timestamp("2026-02-08"),
    )


# Words found in real systems (sources in docs/inputs.md), with their portal codes.
STATUS_WORDS = [
    ("Mới đăng ký", 1),
    ("Chờ tiếp nhận", 1),
    ("Được tiếp nhận", 2),
    ("Đã tiếp nhận", 2),
    ("Không được tiếp nhận", 3),
    ("Từ chối tiếp nhận", 3),
    ("Đang xử lý", 4),
    ("Đang giải quyết", 4),
    ("Yêu cầu bổ sung giấy tờ", 5),
    ("Chờ bổ sung", 5),
    ("Yêu cầu thực hiện nghĩa vụ tài chính", 6),
    ("Công dân yêu cầu rút hồ sơ", 7),
    ("Rút hồ sơ", 7),
    ("Dừng xử lý", 8),
    ("Đã xử lý xong", 9),
    ("Chờ trả kết quả", 9),
    ("Đã trả kết quả", 10),
    ("ĐÃ TRẢ KẾT QUẢ", 10),
    ("da tra ket qua", 10),
    # e-par's own words, PASETO's supplement sub-states, ATTP-ĐN's words, the portal's English codes
    ("Mới tiếp nhận", 2),
    ("Bị từ chối", 3),
    ("Đang thụ lý", 4),
    ("Đang trình ký", 4),
    ("Đã ký", 4),
    ("Chờ trả KQ", 9),
    ("Đã trả KQ", 10),
    ("Công dân rút", 7),
    ("Tạm dừng", 6),
    ("Hồ sơ đang tạm dừng", 6),
    ("Đã bổ sung - chờ tiếp nhận", 5),
    ("Công dân đã gửi bổ sung", 5),
    ("Hoàn thành bổ sung", 4),
    ("Chờ xác nhận (nộp qua Internet)", 1),
    ("Hồ sơ không xử lý được", 8),
    ("Chờ thực hiện liên thông", 4),
    ("Chờ trả thông báo nghĩa vụ tài chính", 6),
    ("Đã rút hồ sơ", 7),
    ("processing", 4),
    ("releasing", 9),
    ("done", 10),
    ("denied", 3),
    ("receiving", 1),
    ("new", 2),
]


@pytest.mark.parametrize("word, code", STATUS_WORDS)
def test_status_words_of_real_systems(tmp_path, word, code):
    assert _one(tmp_path, REQUIRED, ["X", "05/01/2026", "", "", word])["status"] == code


def test_an_unknown_status_word_stays_a_finding(tmp_path):
    path = write_csv(tmp_path / "x.csv", REQUIRED, [["X", "05/01/2026", "", "", "Đang chờ phép màu"]])
    table = load_dossiers([path])
    assert pd.isna(table.frame["status"].iloc[0])
    assert [(w.code, w.row) for w in table.warnings] == [("UNKNOWN_STATUS", 2)]


@pytest.mark.parametrize(
    "header", ["Loại tiếp nhận", "Hình thức tiếp nhận", "Kênh tiếp nhận", "Hình thức nộp", "Kênh nộp"]
)
@pytest.mark.parametrize(
    "word, code",
    [("Qua bưu chính công ích", 3), ("Nộp trực tuyến", 2), ("Trực tiếp", 1), ("Trực tuyến", 2), ("BCCI", 3), ("", 1)],
)
def test_channel_headers_and_words(tmp_path, header, word, code):
    assert _one(tmp_path, [*REQUIRED, header], ["X", "05/01/2026", "", "", "4", word])["channel"] == code


# ---------------------------------------------------------------- lists with no channel column


@pytest.fixture
def no_channel(tmp_path):
    headers = [h for h in HEADERS_VN if h != "Kênh nộp"]
    rows = [[v for i, v in enumerate(r) if i != 3] for r in HAND_ROWS]
    return write_csv(tmp_path / "danh-sach.csv", headers, rows)


def test_a_list_without_channel_counts_everything_else(no_channel):
    indicators = files_indicators([no_channel], parse_period("2026-02"))
    data = indicators.to_dict()
    b = data["bieu06a"]
    # conftest.HAND_ROWS, hand-worked: 13 in all, 3 carried over, 10 new; 7 resolved
    # (2 early, 4 on time, 1 late); 6 in progress (4 on time, 2 overdue).
    assert (b["online"], b["direct_postal"]) == (None, None)
    assert (b["total"], b["carried_over"], data["new"]) == (13, 3, 10)
    assert (b["resolved"], b["resolved_early"], b["resolved_on_time"], b["resolved_late"]) == (7, 2, 4, 1)
    assert (b["in_progress"], b["in_progress_on_time"], b["in_progress_overdue"]) == (6, 4, 2)
    assert data["rates"]["online"]["status"] == "not_available" and data["new_by_channel"] is None
    assert [f["code"] for f in data["findings"]].count("CHANNEL_NOT_AVAILABLE") == 1


def test_a_list_without_channel_says_so_in_tables_and_leaves_it_out_of_sentences(no_channel, tmp_path):
    from tthc_analysis.inputs.dataroot import Commune, ReportProfile, Signer
    from tthc_analysis.report.narrative import report_blocks
    from tthc_analysis.report.tables import bieu06a_table

    indicators = files_indicators([no_channel], parse_period("2026-02"))
    table = bieu06a_table(indicators)
    assert table.loc["Tổng cộng", "(4) Trực tuyến"] == "không có số liệu"
    assert table.loc["Tổng cộng", "(3) Tổng số"] == "13"
    profile = ReportProfile(
        ("UBND",),
        "A",
        "BC-UBND",
        {"*": "Công văn"},
        Signer(("CHỦ TỊCH",), "B"),
        (),
        "Lưu: VT.",
        (),
        dict.fromkeys(("publicity", "assessment", "tasks", "recommendations"), ""),
    )
    text = " ".join(b.display for b in report_blocks(indicators, Commune("a", "A", "xã", "thành phố X", profile)))
    assert "trực tuyến" not in text
    assert "- Tổng số 13 hồ sơ (kỳ trước chuyển sang 03 hồ sơ; tiếp nhận mới 10 hồ sơ)." in text


def test_a_channel_column_in_only_some_files_is_not_counted(tmp_path, no_channel):
    with_channel = write_csv(
        tmp_path / "co-kenh.csv", HEADERS_VN, [("Z1", "Hộ tịch", "10", "2", "01/02/2026", "", "02/02/2026")]
    )
    table = load_dossiers([with_channel, no_channel])
    assert not table.has("channel") and "channel" not in table.frame.columns
    assert "COLUMN_NOT_IN_EVERY_FILE" in [w.code for w in table.warnings]


def test_the_cli_prints_null_channels(no_channel, capsys):
    assert run(["indicators", "--period", "2026-02", "--dossiers", str(no_channel)]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert data["bieu06a"]["online"] is None and "CHANNEL_NOT_AVAILABLE" in out.err


# ---------------------------------------------------------------- "Excel" files that are not workbooks

HTML_EXPORT = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
<table border="1">
<tr><td colspan="6" align="center"><b>DANH SÁCH HỒ SƠ</b></td></tr>
<tr><td colspan="6">Từ ngày 15/01/2026 đến ngày 14/02/2026</td></tr>
<tr><th>STT</th><th>Số hồ sơ</th><th>Loại tiếp nhận</th><th colspan="3">Ngày</th><th>Trạng thái</th></tr>
<tr><th></th><th></th><th></th><th>tiếp nhận</th><th>hẹn trả</th><th>có kết quả</th><th></th></tr>
<tr><td>1</td><td>000.00.12.H23-260201-0001</td><td>Trực tuyến</td><td>01/02/2026 08:10:00</td><td>05/02/2026</td><td>03/02/2026</td><td>Đã trả kết quả</td></tr>
<tr><td>2</td><td>000.00.12.H23-260202-0002</td><td>Qua bưu chính công ích</td><td>02/02/2026 09:00:00</td><td>04/02/2026</td><td>06/02/2026</td><td>Đã trả kết quả</td></tr>
<tr><td>3</td><td>000.00.12.H23-260110-0003</td><td>Trực tiếp</td><td>10/01/2026 14:00:00</td><td>20/01/2026</td><td></td><td>Yêu cầu bổ sung giấy tờ</td></tr>
</table></body></html>
"""


def test_an_html_table_saved_as_xls(tmp_path):
    path = tmp_path / "DanhSachHoSo.xls"
    path.write_text(HTML_EXPORT, encoding="utf-8")
    table = load_dossiers([path])
    frame = table.frame.set_index("dossier_id")
    assert list(frame.index) == ["000.00.12.H23-260201-0001", "000.00.12.H23-260202-0002", "000.00.12.H23-260110-0003"]
    assert list(frame["channel"]) == [2, 3, 1] and list(frame["status"]) == [10, 10, 5]
    assert list(table.frame["source_row"]) == [5, 6, 7]  # rows of the table as Excel shows them
    counts = files_indicators([path], parse_period("2026-02")).counts
    # Hand count for 15/01–14/02/2026: 1 online early, 1 postal late (06 > 04), 1 carried over,
    # waiting for the citizen's supplement: in progress on time although due 20/01.
    assert (counts.total, counts.online, counts.direct_postal, counts.carried_over) == (3, 1, 1, 1)
    assert (counts.resolved_early, counts.resolved_late, counts.in_progress_on_time) == (1, 1, 1)


def test_tab_separated_text_saved_as_xls(tmp_path):
    path = write_csv(tmp_path / "export.xls", HEADERS_VN, HAND_ROWS, encoding="utf-16", sep="\t")
    assert len(load_dossiers([path])) == len(HAND_ROWS)


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02garbage\xff\xfe\x00" * 50, b"%PDF-1.4 not a sheet", "<html><body>Lỗi 500</body></html>".encode()],
)
def test_a_file_that_is_no_table_says_what_to_do(tmp_path, data, capsys):
    path = tmp_path / "ho-so.xls"
    path.write_bytes(data)
    assert run(["indicators", "--period", "2026-02", "--dossiers", str(path)]) == 2
    err = capsys.readouterr().err
    assert "ho-so.xls" in err and "mở tệp bằng Excel rồi lưu lại dưới dạng .xlsx" in err
    assert "Traceback" not in err


# ---------------------------------------------------------------- report exports around the table


def test_rows_that_are_not_dossiers_are_left_out(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["UỶ BAN NHÂN DÂN XÃ A", None, None, None, None, None])
    ws.append(["DANH SÁCH HỒ SƠ TIẾP NHẬN VÀ TIẾN ĐỘ GIẢI QUYẾT"])
    ws.append(["STT", "Mã hồ sơ", "Ngày giờ\ntiếp nhận", "Ngày giờ\nhẹn trả", "Ngày trả thực tế", "Tình trạng"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])  # the row numbering the columns
    ws.append(["Lĩnh vực: Hộ tịch"] * 6)  # a group row, merged across the table
    ws.merge_cells("A5:F5")
    ws.append(["1", "HT-01", "05-01-2026\n08:10:00", "07-01-2026\nTừ 13:30 đến 16:00", None, "Đang thụ lý"])
    ws.append(["Tổng cộng", None, None, None, None, None])
    ws.append([None, None, None, None, None, None])
    ws.append(["Nơi nhận:\n- Lưu VT.", None, None, None, "LÃNH ĐẠO ĐƠN VỊ", None])
    wb.save(tmp_path / "bao-cao.xlsx")
    frame = load_dossiers([tmp_path / "bao-cao.xlsx"]).frame
    assert list(frame["dossier_id"]) == ["HT-01"] and list(frame["source_row"]) == [6]
    assert (frame["received"].iloc[0], frame["due"].iloc[0]) == (pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-07"))


def test_a_row_with_an_id_but_no_received_date_is_still_an_error(tmp_path):
    path = write_csv(tmp_path / "x.csv", REQUIRED, [["X1", "", "", "", "4"]])
    with pytest.raises(InputError) as info:
        load_dossiers([path])
    assert (info.value.errors[0].row, info.value.errors[0].column) == (2, "Ngày tiếp nhận")


def test_the_finish_of_processing_wins_over_the_hand_back_day(tmp_path):
    headers = ["Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả thực tế", "Ngày kết thúc xử lý", "Trạng thái"]
    row = _one(tmp_path, headers, ["X", "05/01/2026", "", "20/01/2026", "12/01/2026", "10"])
    assert row["finished"] == pd.Timestamp("2026-01-12")
    # e-par's lists have only the hand-back day, which its own reports count as finished.
    row = _one(
        tmp_path, [*REQUIRED[:3], "Ngày trả thực tế", "Tình trạng"], ["X", "05/01/2026", "", "20/01/2026", "Đã trả KQ"]
    )
    assert (row["finished"], row["status"]) == (pd.Timestamp("2026-01-20"), 10)


def test_hinh_thuc_is_how_the_result_is_handed_back_not_the_channel(tmp_path):
    table = load_dossiers(
        [
            write_csv(
                tmp_path / "x.csv",
                ["MaHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "TrangThaiHoSo", "HinhThuc"],
                [["X", "20260105", "", "", "4", "1"]],
            )
        ]
    )
    assert not table.has("channel")
