"""Drill-down (issue 11, point 3): the dossiers behind each count, in the HTML annex and a workbook."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import EXPECTED_2026_02, EXPECTED_2026_Q1, HAND_ROWS, HEADERS_VN, SAMPLE, write_csv, write_root
from openpyxl import load_workbook

from tthc_analysis.core.labels import DRILLDOWN_NO_DOSSIERS
from tthc_analysis.core.periods import Period, parse_period
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.indicators.drilldown import dossier_lists, no_lists
from tthc_analysis.inputs.tables import load_dossiers
from tthc_analysis.report import drilldown as html_drilldown
from tthc_analysis.report.detail_workbook import write_detail_xlsx
from tthc_analysis.report.paths import ProductPaths
from tthc_analysis.report.period_report import build_period_report, write_products

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


# ------------------------------------------------------------------ the workbook


def _sheet_rows(ws):
    """Data rows under the header (row 5) that have a dossier id."""
    return [row for row in ws.iter_rows(min_row=6, values_only=True) if row[0] is not None]


def test_workbook_layout_on_the_hand_rows(hand_lists, tmp_path):
    path = write_detail_xlsx(hand_lists, tmp_path / "ho-so.xlsx", unit_name="xã Thử")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "(10) Giải quyết quá hạn",
        "(13) Đang giải quyết quá hạn",
        "(12) Đang giải quyết trong hạn",
        "(9) Công dân xin rút hồ sơ",
        "Mã không rõ",
    ]
    ws = wb["(13) Đang giải quyết quá hạn"]
    assert [ws[f"A{n}"].value for n in (1, 2, 3)] == [
        "Hồ sơ đang giải quyết quá hạn – xã Thử, tháng 02 năm 2026 (từ ngày 15/01/2026 đến ngày 14/02/2026)",
        "Toàn bộ hồ sơ thuộc cột (13) Đang giải quyết quá hạn của Biểu 06a: 02 hồ sơ.",
        "Số ngày quá hạn = ngày cuối kỳ báo cáo − ngày hẹn trả, tính theo ngày lịch, kể cả thứ Bảy, Chủ nhật và "
        "ngày nghỉ lễ, tết. Hồ sơ kết thúc xử lý sau ngày cuối kỳ vẫn là hồ sơ đang giải quyết của kỳ này.",
    ]
    header = [c.value for c in ws[5]]
    assert header == [
        "Mã hồ sơ",
        "Thủ tục",
        "Lĩnh vực",
        "Đơn vị xử lý",
        "Trạng thái khi xuất dữ liệu",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày kết thúc xử lý",
        "Số ngày quá hạn (ngày lịch)",
        "Tệp dữ liệu",
        "Dòng trong tệp",
    ]
    assert ws.auto_filter.ref == "A5:K7" and ws.freeze_panes == "A6"
    f_row = _sheet_rows(ws)[0]
    assert f_row[0] == "F" and f_row[header.index("Số ngày quá hạn (ngày lịch)")] == 25
    received = ws.cell(6, header.index("Ngày tiếp nhận") + 1)
    assert received.value == datetime(2026, 1, 10) and received.is_date and received.number_format == "DD/MM/YYYY"
    assert [len(_sheet_rows(wb[name])) for name in wb.sheetnames] == [1, 2, 4, 1, 0]


@pytest.mark.parametrize(
    ("commune", "expected"),
    [
        # Tiên Lãng, February 2026, as `tthc indicators --commune tien-lang --period 2026-02` printed
        # it: (10) 13, (13) 2, (12) 14; one withdrawn dossier finished in the period (HP.TL-260121-0009,
        # finished 21/01/2026: read in dossiers-2026.xlsx, status 7).
        ("tien-lang", [13, 2, 14, 1, 0]),
        # Hùng Thắng: the published report says "không có hồ sơ quá hạn" and "đang giải quyết trong
        # hạn 02 hồ sơ"; its exports hold 7 withdrawn dossiers finished in the period.
        ("hung-thang", [0, 0, 2, 7, 0]),
    ],
)
def test_workbook_rows_per_sheet_are_the_sample_biểu_06a_counts(commune, expected, tmp_path):
    report = build_period_report(commune, "2026-02", SAMPLE)
    written = write_products(report, tmp_path)
    paths = ProductPaths.for_run(tmp_path, commune, "2026-02")
    assert paths.detail_xlsx in written and paths.detail_xlsx.name == f"ho-so-chi-tiet-{commune}-2026-02.xlsx"
    wb = load_workbook(paths.detail_xlsx)
    assert [len(_sheet_rows(wb[name])) for name in wb.sheetnames] == expected
    computed = report.indicators.computed or report.indicators
    assert expected[:3] == [
        computed.counts.resolved_late,
        computed.counts.in_progress_overdue,
        computed.counts.in_progress_on_time,
    ]
    assert not list(paths.folder.glob(".*part*"))


# ------------------------------------------------------------------ the HTML


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.links = [], [], []
        self._href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
            self._href = attrs["href"]

    def handle_data(self, data):
        if self._href:
            self.links.append((self._href, data))
            self._href = None


def _parse(text):
    parser = _Anchors()
    parser.feed(text)
    return parser


@pytest.fixture
def hand_root(tmp_path):
    root = write_root(tmp_path / "data", ("thu", "Thử", "xã"))
    write_csv(root / "thu" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    return root


def _page(report, **kwargs):
    return (
        html_drilldown.key_figures_html(report)
        + html_drilldown.bieu06a_html(report.indicators, report.drilldown)
        + html_drilldown.annex_html(report, **kwargs)
    )


def test_counts_link_to_their_annex_sections_and_every_link_has_a_target(hand_root):
    report = build_period_report("thu", "2026-02", hand_root)
    page = _parse(_page(report))
    assert all(href.startswith("#") for href in page.hrefs)
    assert {href[1:] for href in page.hrefs} <= set(page.ids)
    assert len(page.ids) == len(set(page.ids))  # ids are unique
    # The total row: (10) 1, (12) 4, (13) 2 (EXPECTED_2026_02); the key figure "Quá hạn" (10)+(13) = 3.
    assert ("#hs-giai-quyet-qua-han", "1") in page.links
    assert ("#hs-dang-giai-quyet-trong-han", "4") in page.links
    assert ("#hs-dang-giai-quyet-qua-han", "2") in page.links
    assert ("#hs-qua-han", "3") in page.links
    # Withdrawn: 01 dossier, part of (9); nothing has an unknown code, so no line for it.
    assert ("#hs-rut-ho-so", "01") in page.links
    assert not any(href == "#hs-ma-khong-ro" and text != "00" for href, text in page.links)


def test_annex_tables_hold_each_lists_dossiers(hand_root):
    annex = html_drilldown.annex_html(build_period_report("thu", "2026-02", hand_root))
    section = re.search(r'<section id="hs-dang-giai-quyet-qua-han".*?</section>', annex, re.S).group(0)
    assert re.findall(r"<tr><th>(\w)</th>", section) == ["F", "P"]
    assert "Số ngày quá hạn (ngày lịch)" in section and '<td class="num">25</td>' in section  # a figure: right
    assert "<td>10/01/2026</td><td>20/01/2026</td>" in section  # F received, due
    assert "ho-so-chi-tiet-thu-2026-02.xlsx" in annex


def test_a_long_list_is_cut_in_the_html_and_says_how_many_more(hand_root):
    annex = html_drilldown.annex_html(build_period_report("thu", "2026-02", hand_root), limit=2)
    section = re.search(r'<section id="hs-dang-giai-quyet-trong-han".*?</section>', annex, re.S).group(0)
    assert re.findall(r"<tr><th>(\w)</th>", section) == ["O", "H"]  # the first 2 of O, H, G, N
    assert (
        "Trang này chỉ hiển thị 02 hồ sơ đầu tiên; 02 hồ sơ còn lại có trong tệp ho-so-chi-tiet-thu-2026-02.xlsx "
        "(trang tính “(12) Đang giải quyết trong hạn”)." in section
    )


def _text(html: str) -> str:
    """The words of a piece of HTML: tags dropped, entities read."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_the_annex_reads_as_written_by_hand(hand_root):
    annex = html_drilldown.annex_html(build_period_report("thu", "2026-02", hand_root))
    intro = _text(re.search(r"<p>.*?</p>", annex).group(0)).strip()
    assert intro == (
        "Danh sách hồ sơ tương ứng với các số liệu của Biểu 06a tính từ dữ liệu hồ sơ xuất từ Hệ thống thông tin "
        "giải quyết TTHC, kỳ báo cáo tháng 02 năm 2026 (từ ngày 15/01/2026 đến ngày 14/02/2026). Số ngày quá hạn "
        "tính theo ngày lịch, kể cả thứ Bảy, Chủ nhật và ngày nghỉ lễ, tết. Các danh sách đầy đủ có trong tệp "
        "ho-so-chi-tiet-thu-2026-02.xlsx, mỗi danh sách một trang tính, lọc được theo từng cột."
    )
    # The index: (10) 1, (13) 2, (12) 4 whole; E withdrawn, part of (9); no unknown code, part of (3).
    index = re.findall(r'<tr><th>([^<]+)</th><td>([^<]+)</td><td class="num"><a [^>]+>(\d+)</a></td></tr>', annex)
    assert index == [
        ("Hồ sơ giải quyết quá hạn", "toàn bộ (10)", "01"),
        ("Hồ sơ đang giải quyết quá hạn", "toàn bộ (13)", "02"),
        ("Hồ sơ đang giải quyết trong hạn", "toàn bộ (12)", "04"),
        ("Hồ sơ công dân xin rút (được tính là giải quyết đúng hạn)", "một phần (9)", "01"),
        ("Hồ sơ có mã không rõ", "một phần (3)", "00"),
    ]
    withdrawn = _text(re.search(r'<section id="hs-rut-ho-so".*?</section>', annex, re.S).group(0))
    assert (
        "Một phần hồ sơ thuộc cột (9) Giải quyết đúng hạn của Biểu 06a: 01 hồ sơ. Hồ sơ công dân xin rút, đã kết "
        "thúc xử lý trong kỳ, được tính là giải quyết đúng hạn, không xét ngày hẹn trả." in withdrawn
    )
    assert "↑ Quay lại Biểu 06a" in withdrawn
    for awkward in ("theo ngày theo lịch", "ngày theo lịch", "rút hồ sơ (", "Hồ sơ sau", "ghi theo ngày", "cờ"):
        assert awkward not in _text(annex)


def test_the_status_is_the_portals_name_of_the_code_read(tmp_path):
    # E status 7, F 4, H 5 (conftest.HAND_ROWS); R the words of a real export, read as 7 and named as the
    # portal names 7: the list shows one name per code, with a capital, not the export's words.
    rows = [*HAND_ROWS, ("R", "Hộ tịch", "Công dân yêu cầu rút hồ sơ", "2", "03/02/2026", "20/02/2026", "10/02/2026")]
    lists = dossier_lists(load_dossiers([write_csv(tmp_path / "r.csv", HEADERS_VN, rows)]), FEB)
    status = {
        row.dossier_id: row.status
        for key in ("withdrawn", "in_progress_overdue", "in_progress_on_time")
        for row in lists.get(key).rows.itertuples()
    }
    assert (status["E"], status["R"]) == ("Công dân rút hồ sơ", "Công dân rút hồ sơ")
    assert (status["F"], status["H"], status["O"]) == ("Đang xử lý", "Yêu cầu bổ sung", "Đã xử lý xong")


def test_a_period_that_states_its_days_says_them_once(tmp_path):
    # A unit established on 01/07/2025 reports "từ ngày 01/7/2025 đến ngày 31/10/2025": its name is its days.
    period = Period.between(date(2025, 7, 1), date(2025, 10, 31))
    wb = load_workbook(write_detail_xlsx(no_lists(period), tmp_path / "ho-so.xlsx", unit_name="xã Thử"))
    assert wb["Ghi chú"]["A1"].value == "Danh sách hồ sơ chi tiết – xã Thử, từ ngày 01/7/2025 đến ngày 31/10/2025"
    assert wb["Ghi chú"]["A2"].value == (
        "Số liệu kỳ này là số liệu đã công bố (tệp summary), không kèm dữ liệu hồ sơ, nên không có danh sách "
        "hồ sơ chi tiết."
    )


def test_a_count_that_differs_from_its_list_is_not_linked(hand_root):
    report = build_period_report("thu", "2026-02", hand_root)
    counts = replace(report.indicators.counts, resolved_late=5)  # say, a published 5 for a list of 1
    changed = replace(report.indicators, bieu06a=replace(report.indicators.bieu06a, total=counts))
    links = html_drilldown.column_links(changed, report.drilldown)
    assert "resolved_late" not in links and links["in_progress_overdue"] == "hs-dang-giai-quyet-qua-han"


SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","x")'


def test_hostile_text_is_escaped_in_the_annex_and_text_in_the_workbook(tmp_path):
    root = write_root(tmp_path / "data", ("thu", "Thử", "xã"))
    rows = [[*row, "UBND"] for row in HAND_ROWS]
    rows[2][0], rows[2][1], rows[2][7] = IMAGE, SCRIPT, FORMULA  # C: resolved late
    write_csv(root / "thu" / "dossiers.csv", [*HEADERS_VN, "Đơn vị xử lý"], rows)
    report = build_period_report("thu", "2026-02", root)
    text = html_drilldown.annex_html(report)
    assert "<script" not in text.lower() and not re.search(r"<img", text, re.I)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in text
    write_products(report, tmp_path / "out")
    ws = load_workbook(ProductPaths.for_run(tmp_path / "out", "thu", "2026-02").detail_xlsx)["(10) Giải quyết quá hạn"]
    row = ws[6]
    assert [row[0].value, row[2].value, row[3].value] == [IMAGE, SCRIPT, FORMULA]
    assert all(cell.data_type != "f" for cell in row)


# ------------------------------------------------------------------ a commune with published figures only


@pytest.fixture
def summary_only(tmp_path):
    root = tmp_path / "data"
    (root / "hung-thang").mkdir(parents=True)
    shutil.copy(SAMPLE / "communes.yaml", root)
    shutil.copy(SAMPLE / "hung-thang" / "summary-2026-02.yaml", root / "hung-thang")
    return root


def test_a_summary_only_commune_has_no_lists_and_says_so(summary_only, tmp_path):
    report = build_period_report("hung-thang", "2026-02", summary_only)
    assert report.indicators.source == "summary" and not report.drilldown.from_dossiers
    assert report.drilldown.lists == ()
    page = _page(report)
    assert DRILLDOWN_NO_DOSSIERS in page
    assert _parse(page).hrefs == []  # no count links to a list that is not there
    written = write_products(report, tmp_path / "out")
    paths = ProductPaths.for_run(tmp_path / "out", "hung-thang", "2026-02")
    assert paths.detail_xlsx in written
    wb = load_workbook(paths.detail_xlsx)
    assert wb.sheetnames == ["Ghi chú"] and wb["Ghi chú"]["A2"].value == DRILLDOWN_NO_DOSSIERS
    # Every product the notebook writes is there, the drill-down workbook included.
    assert {p for p in paths.products() if p.suffix in (".json", ".xlsx", ".docx")} == set(written)


def test_the_drilldown_workbook_is_a_product_of_every_run():
    paths = ProductPaths.for_run(Path("out"), "hung-thang", "2026-02")
    assert paths.detail_xlsx == Path("out/hung-thang/2026-02/ho-so-chi-tiet-hung-thang-2026-02.xlsx")
    assert paths.detail_xlsx in paths.products()


def test_sample_counts_are_those_the_indicators_give():
    # The same counts through the indicators' own path (count_bieu06a over classify), for the record.
    computed = commune_indicators(SAMPLE, "tien-lang", FEB)
    assert (
        computed.counts.resolved_late,
        computed.counts.in_progress_overdue,
        computed.counts.in_progress_on_time,
    ) == (
        13,
        2,
        14,
    )
