"""Narrative sentences when the figures are not like the seed's, and Vietnamese formatting."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import HAND_ROWS, HEADERS_VN, SAMPLE, write_csv

from tthc_analysis.core import vnformat as fmt
from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.indicators.results import Rate
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report.narrative import report_blocks


@pytest.mark.parametrize(
    "value, text", [(0, "00"), (2, "02"), (9, "09"), (10, "10"), (921, "921"), (1234, "1.234"), (1234567, "1.234.567")]
)
def test_counts(value, text):
    assert fmt.count(value) == text


@pytest.mark.parametrize(
    "value, text",
    [
        (95.67, "95,7%"),
        (100.0, "100%"),
        (60.0, "60%"),
        (99.96, "99,9%"),
        (0.01, "0,1%"),
        (0.0, "0%"),
        (12.34, "12,3%"),
        (None, "không phát sinh"),
    ],
)
def test_percentages(value, text):
    assert fmt.percent(value) == text


def test_rates_without_denominator_or_data():
    assert fmt.rate(Rate(0, 0)) == "không phát sinh"
    assert fmt.rate(Rate(None, None)) == "không có số liệu"
    assert fmt.rate(Rate(841, 879)) == "95,7%"


def test_dates():
    assert fmt.day(date(2026, 2, 5)) == "05/02/2026"
    assert fmt.long_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert fmt.long_date(date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert fmt.long_date(date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"


@pytest.fixture
def test_root(tmp_path):
    (tmp_path / "communes.yaml").write_text(
        "city: thành phố Thử\ncommunes:\n  - {id: thu-nghiem, name: Thử Nghiệm, kind: xã}\n", encoding="utf-8"
    )
    write_csv(tmp_path / "procedures.csv", ["MaTTHC", "TenTTHC", "MucDo"], [["1", "A", "4"], ["2", "B", "3"]])
    folder = tmp_path / "thu-nghiem"
    folder.mkdir()
    write_csv(folder / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    write_csv(
        folder / "feedback.csv",
        ["Mã phản ánh", "Ngày tiếp nhận", "Hạn xử lý", "Ngày xử lý"],
        [
            ["P1", "20/01/2026", "30/01/2026", "25/01/2026"],
            ["P2", "01/02/2026", "05/02/2026", "10/02/2026"],
            ["P3", "10/02/2026", "20/02/2026", ""],
            ["P4", "05/01/2026", "15/01/2026", "20/01/2026"],
        ],
    )
    return DataRoot(tmp_path)


def _texts(root, period_id):
    indicators = commune_indicators(root, "thu-nghiem", parse_period(period_id))
    return [b.display for b in report_blocks(indicators, root.commune("thu-nghiem"))]


def test_overdue_dossiers_say_how_many_and_where(test_root):
    texts = _texts(test_root, "2026-02")
    # Hand-worked (conftest.HAND_ROWS): 13 in all, 3 carried over, 10 new of which 6 online;
    # 6 resolved in time and 1 late (Hộ tịch); 4 in progress on time, 2 overdue (Chứng thực, Đất đai).
    assert "- Tổng số 13 hồ sơ (kỳ trước chuyển sang 03 hồ sơ; tiếp nhận mới 10 hồ sơ)." in texts
    # In time: A early; B (finished = due), D (no due date), E (withdrawn), J (carried over, early) and
    # Q (same day) — A, J early; B, D, E, Q on time.
    assert (
        "- Tổng số hồ sơ tiếp nhận trực tuyến 06/10 hồ sơ, đạt tỷ lệ 60%; đã giải quyết 07 hồ sơ "
        "(đúng hạn 06 hồ sơ, gồm trước hạn 02 hồ sơ và đúng hạn 04 hồ sơ; quá hạn 01 hồ sơ), "
        "đang giải quyết 06 hồ sơ (trong hạn 04 hồ sơ; quá hạn 02 hồ sơ), "
        "tổng số hồ sơ quá hạn là 03 hồ sơ (lĩnh vực Chứng thực: 01 hồ sơ; lĩnh vực Hộ tịch: 01 hồ sơ; "
        "lĩnh vực Đất đai: 01 hồ sơ)."
    ) in texts
    # No unit column: the vertical agencies are left out rather than claimed to be none.
    assert not any("ngành dọc" in t for t in texts)
    assert "- Tỷ lệ hồ sơ trực tuyến xã đạt 60%." in texts
    # 6 of 7 resolved in time: 85,7%.
    assert "- Tỷ lệ giải quyết hồ sơ đúng hạn đạt 85,7%." in texts
    # No fee or payment column: the payment rate is not known, so no sentence states it.
    assert not any("thanh toán trực tuyến" in t for t in texts)
    assert (
        "- Đã triển khai cung cấp được 01 TTHC mức độ toàn trình và 01 TTHC mức độ một phần theo quy định "
        "lên Cổng dịch vụ công quốc gia." in texts
    )


def test_feedback_received_resolved_pending(test_root):
    texts = _texts(test_root, "2026-02")
    # P1 on time, P2 late, P4 (from January) late; P3 pending; received in the period: P1, P2, P3.
    assert (
        "Trong tháng 02, xã Thử Nghiệm tiếp nhận 03 phản ánh, kiến nghị trên Cổng Dịch vụ công Quốc gia; "
        "đã xử lý 03 phản ánh, kiến nghị (đúng hạn 01, quá hạn 02); đang xử lý 01 phản ánh, kiến nghị."
    ) in texts


def test_a_period_the_exports_do_not_reach_is_not_a_period_of_zeros(test_root):
    # The hand rows' last activity is N, finished 20/02/2026: an export taken then says nothing
    # of 15/03–14/04/2026; the report refuses it instead of writing "không có hồ sơ tiếp nhận mới".
    with pytest.raises(InputError, match="có từ ngày 01/12/2025 đến ngày 20/02/2026, không phủ tháng 04 năm 2026"):
        _texts(test_root, "2026-04")


def test_a_period_with_nothing_new(test_root):
    # An export taken after the period: Z, received on 20/04/2026, takes no part in it.
    later = [("Z", "Hộ tịch", "2", "2", "20/04/2026", "25/04/2026", "")]
    write_csv(test_root.path / "thu-nghiem" / "dossiers-2026-04.csv", HEADERS_VN, later)
    texts = _texts(test_root, "2026-04")  # 15/03–14/04/2026: only O (no due) and the overdue F, P, H, G still open
    assert "- Tổng số 05 hồ sơ (kỳ trước chuyển sang 05 hồ sơ; không có hồ sơ tiếp nhận mới)." in texts
    assert any(
        t.startswith(
            "- Không có hồ sơ tiếp nhận mới, tỷ lệ tiếp nhận trực tuyến không phát sinh; chưa có hồ sơ được giải quyết"
        )
        for t in texts
    )
    assert "- Tỷ lệ hồ sơ trực tuyến xã: không phát sinh." in texts
    # P3 (received 10/02, not answered) is still pending.
    assert (
        "Trong tháng 04, xã Thử Nghiệm không tiếp nhận phản ánh, kiến nghị mới trên Cổng Dịch vụ công Quốc gia; "
        "đang xử lý 01 phản ánh, kiến nghị."
    ) in texts


def test_quarter_wording(test_root):
    texts = _texts(test_root, "2026-Q1")
    assert any("quý I năm 2026 (số liệu từ ngày 15/12/2025 đến hết ngày 14/03/2026)" in t for t in texts)
    assert "III. NHIỆM VỤ TRỌNG TÂM CỦA QUÝ TIẾP THEO" in texts


def test_another_sample_commune_reads_its_own_figures():
    # Đặc khu Cát Hải, February 2026 (15/01–14/02/2026), counted from data/sample/cat-hai/dossiers.xlsx
    # with plain pandas (read_excel, the rules of docs/counting.md written out on the columns), not
    # with the package: 214 take part = 165 online + 46 direct or postal + 3 carried over;
    # 211 new = 204 on the city's system + 7 on ministries'; 211 resolved = 99 early + 93 on time
    # + 19 late; 3 in progress, all in time. Overdue by field: Chứng thực 7, Hộ tịch 5, and 1 in each
    # of seven others. Units other than the UBND: Chi nhánh VPĐKĐĐ Cát Hải 11 (1 late), Bảo hiểm xã
    # hội 3 (1 late), Công an đặc khu Cát Hải 1 (1 late). Rates: online 165/211 = 78,20%; on time
    # 192/211 = 90,99%; payment 104/140 = 74,29%; digitised 207/211 = 98,10%; e-result 204/211 =
    # 96,68%; reuse 167/211 = 79,15%.
    root = DataRoot(SAMPLE)
    indicators = commune_indicators(root, "cat-hai", parse_period("2026-02"))
    texts = [b.display for b in report_blocks(indicators, root.commune("cat-hai"))]
    assert (
        "- Tổng số 214 hồ sơ (kỳ trước chuyển sang 03 hồ sơ; tiếp nhận mới 211 hồ sơ, trong đó có 204 hồ sơ "
        "được tiếp nhận trên Hệ thống thông tin giải quyết TTHC của thành phố và 07 hồ sơ được tiếp nhận qua "
        "hệ thống của các bộ)." in texts
    )
    resolution = next(t for t in texts if t.startswith("- Tổng số hồ sơ tiếp nhận trực tuyến"))
    assert resolution.startswith(
        "- Tổng số hồ sơ tiếp nhận trực tuyến 165/211 hồ sơ, đạt tỷ lệ 78,2%; đã giải quyết 211 hồ sơ "
        "(đúng hạn 192 hồ sơ, gồm trước hạn 99 hồ sơ và đúng hạn 93 hồ sơ; quá hạn 19 hồ sơ), "
        "đang giải quyết trong hạn 03 hồ sơ, tổng số hồ sơ quá hạn là 19 hồ sơ ("
    )
    for field, count in (("Chứng thực", "07"), ("Hộ tịch", "05"), ("Đất đai", "01"), ("Cư trú, căn cước", "01")):
        assert f"lĩnh vực {field}: {count} hồ sơ" in resolution
    assert resolution.count("lĩnh vực ") == 9
    assert "- Tỷ lệ giải quyết hồ sơ đúng hạn đạt 91%." in texts
    assert [t for t in texts if "tiếp nhận và xử lý:" in t] == [
        "- Chi nhánh Văn phòng đăng ký đất đai Cát Hải tiếp nhận và xử lý: 11 hồ sơ, trong đó quá hạn 01 hồ sơ;",
        "- Bảo hiểm xã hội tiếp nhận và xử lý: 03 hồ sơ, trong đó quá hạn 01 hồ sơ;",
        "- Công an đặc khu Cát Hải tiếp nhận và xử lý: 01 hồ sơ, trong đó quá hạn 01 hồ sơ.",
    ]
    for sentence in (
        "- Tỷ lệ hồ sơ trực tuyến đặc khu đạt 78,2%.",
        "- Tỷ lệ hồ sơ thanh toán trực tuyến 74,3%.",
        "- Tỷ lệ hồ sơ TTHC số hoá hồ sơ, kết quả TTHC đạt 98,1%;",
        "- Tỷ lệ hồ sơ cấp kết quả điện tử đạt 96,7%;",
        "- Tỷ lệ tái sử dụng dữ liệu số hóa đạt 79,1%.",
    ):
        assert sentence in texts
    assert any("đặc khu Cát Hải" in t for t in texts)


def test_the_cat_hai_figures_above_are_the_exports_own():
    """The literal figures of the test above, recounted from the export with plain pandas (not the package)."""
    import pandas as pd

    d = pd.read_excel(SAMPLE / "cat-hai" / "dossiers.xlsx", engine="openpyxl", dtype=object)

    def day(column):
        return pd.to_datetime(d[column]).dt.normalize()

    received, due, finished = day("Ngày tiếp nhận"), day("Ngày hẹn trả"), day("Ngày kết thúc xử lý")
    status, channel = d["Trạng thái"].astype(int), d["Kênh nộp"].astype(int)
    start, end = pd.Timestamp("2026-01-15"), pd.Timestamp("2026-02-14")
    part = ~status.isin([1, 3]) & (received <= end) & ~(finished < start)
    new = part & (received >= start)
    resolved = part & (finished <= end)
    early = resolved & (finished < due) & (status != 7)
    late = resolved & (finished > due) & (status != 7)
    in_progress = part & ~resolved
    overdue_open = in_progress & (due < end) & (status != 5)
    assert d["Mã hồ sơ"].is_unique
    assert [int(m.sum()) for m in (part, new & (channel == 2), new & (channel != 2), part & ~new)] == [214, 165, 46, 3]
    assert [int(m.sum()) for m in (resolved, early, resolved & ~early & ~late, late)] == [211, 99, 93, 19]
    assert [int(in_progress.sum()), int(overdue_open.sum())] == [3, 0]
    assert [int((new & d["Hệ thống"].eq(system)).sum()) for system in ("TP", "BO")] == [204, 7]
    overdue_by_field = d.loc[late | overdue_open, "Lĩnh vực"].value_counts()
    assert (overdue_by_field["Chứng thực"], overdue_by_field["Hộ tịch"], len(overdue_by_field)) == (7, 5, 9)
    units = d.loc[part, "Đơn vị xử lý"].value_counts()
    assert units.drop("UBND đặc khu Cát Hải").to_dict() == {
        "Chi nhánh Văn phòng đăng ký đất đai Cát Hải": 11,
        "Bảo hiểm xã hội": 3,
        "Công an đặc khu Cát Hải": 1,
    }
    fee, paid = d["Có phí, lệ phí"].astype(int), d["Thanh toán trực tuyến"].astype(int)
    assert (int((new & fee.eq(1) & paid.isin([1, 2])).sum()), int((new & fee.eq(1)).sum())) == (104, 140)
    flags = {c: d[c].astype(int).eq(1) for c in ("Số hóa hồ sơ", "Kết quả điện tử", "Tái sử dụng dữ liệu")}
    assert int((new & flags["Số hóa hồ sơ"]).sum()) == 207
    assert int((resolved & flags["Kết quả điện tử"]).sum()) == 204
    assert int((new & flags["Tái sử dụng dữ liệu"]).sum()) == 167


def test_the_fields_with_overdue_dossiers_are_named_the_most_first(tmp_path):
    # Third round of injected bugs: the fields were named the fewest first. By hand, period 2026-02:
    # Hộ tịch X1 resolved late (1); Đất đai X2 resolved late and X3 in progress past its due day (2).
    from conftest import EARLIER_ROW, write_root

    root = DataRoot(write_root(tmp_path / "goc", ("thu", "Thử", "xã")))
    rows = [
        ("X1", "Hộ tịch", "10", "1", "01/02/2026", "03/02/2026", "05/02/2026"),
        ("X2", "Đất đai", "10", "1", "01/02/2026", "03/02/2026", "06/02/2026"),
        ("X3", "Đất đai", "4", "1", "01/02/2026", "03/02/2026", ""),
        EARLIER_ROW,
    ]
    write_csv(root.path / "thu" / "dossiers.csv", HEADERS_VN, rows)
    ind = commune_indicators(root, "thu", parse_period("2026-02"))
    text = " ".join(b.display for b in report_blocks(ind, root.commune("thu")))
    assert "tổng số hồ sơ quá hạn là 03 hồ sơ (lĩnh vực Đất đai: 02 hồ sơ; lĩnh vực Hộ tịch: 01 hồ sơ)" in text
