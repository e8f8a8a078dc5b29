"""Finding codes, each built by hand: the code appears on inconsistent input and not on consistent input.

Published figures go through a summary-<period>.yaml of a data root made in a temporary
folder (the way a commune brings them); loading findings through an export file.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import CONSISTENT_COUNTS, HAND_ROWS, HEADERS_VN, SAMPLE, write_csv, write_root

from tthc_analysis.core.errors import Finding
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.checks import (
    check_channel_known,
    check_dossier_rows,
    check_identities,
    check_no_data,
    check_other_sums,
    check_rates,
    check_rates_against_counts,
    check_stated_periods,
    rate_matches,
    run_checks,
    stated_decimals,
)
from tthc_analysis.indicators.commune import commune_indicators, files_indicators
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Catalogue, Indicators, Rate
from tthc_analysis.inputs.summary import StatedPeriod
from tthc_analysis.inputs.tables import load_dossiers

FEBRUARY = parse_period("2026-02")


def published(tmp_path, summary: str, *, dossiers: bool = False, source: str = "published"):
    """Indicators of a commune whose source is ``summary`` (beside HAND_ROWS with ``dossiers``)."""
    root = write_root(tmp_path / "data", ("thu-nghiem", "Thử Nghiệm", "xã"))
    (root / "thu-nghiem" / "summary-2026-02.yaml").write_text(f'period: "2026-02"\n{summary}', encoding="utf-8")
    if dossiers:
        write_csv(root / "thu-nghiem" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    return commune_indicators(root, "thu-nghiem", FEBRUARY, source=source)


def codes(indicators) -> list[str]:
    return [f.code for f in indicators.findings]


# ---------------------------------------------------------------- published figures


def test_new_not_sum_of_systems(tmp_path):
    # New = online + direct = 10 + 0 = 10; the systems say 7 + 2 = 9.
    found = published(tmp_path, "bieu06a: {online: 10, direct_postal: 0}\nnew_by_system: {TP: 7, BO: 2}\n")
    assert codes(found) == ["NEW_NOT_SUM_OF_SYSTEMS"]
    message = found.findings[0].message
    assert "10" in message and "7 + 2 = 9" in message


def test_new_equal_to_the_sum_of_systems_is_no_finding(tmp_path):
    found = published(tmp_path, "bieu06a: {online: 10, direct_postal: 0}\nnew_by_system: {TP: 8, BO: 2}\n")
    assert codes(found) == []


def test_new_not_sum_of_systems_against_a_published_new(tmp_path):
    # "Tiếp nhận mới 12 hồ sơ", 9 on the city's system and 2 on ministries': 9 + 2 = 11 ≠ 12.
    found = published(tmp_path, "new: 12\nnew_by_system: {TP: 9, BO: 2}\n")
    assert "NEW_NOT_SUM_OF_SYSTEMS" in codes(found)


def test_online_stated_exceeds_new(tmp_path):
    # 12 in all, 2 carried over: 10 new, all online; the text says "trực tuyến 12/12".
    figures = "bieu06a: {total: 12, carried_over: 2, online: 10, direct_postal: 0}\n"
    found = published(tmp_path, figures + "stated_online: {count: 12, of: 12}\n")
    assert codes(found) == ["ONLINE_STATED_EXCEEDS_NEW"]
    assert "12/12" in found.findings[0].message and "10" in found.findings[0].message
    # "10/10" is what the figures say: no finding.
    assert codes(published(tmp_path / "ok", figures + "stated_online: {count: 10, of: 10}\n")) == []


def test_total_not_resolved_plus_in_progress(tmp_path):
    # 10 in all, 7 resolved, 4 in progress: 7 + 4 = 11 ≠ 10.
    found = published(tmp_path, "bieu06a: {total: 10, resolved: 7, in_progress: 4}\n")
    assert codes(found) == ["TOTAL_NOT_RESOLVED_PLUS_IN_PROGRESS"]
    assert all(n in found.findings[0].message for n in ("10", "7", "4", "11"))
    assert codes(published(tmp_path / "ok", "bieu06a: {total: 11, resolved: 7, in_progress: 4}\n")) == []


def test_identity_total_resolved_in_progress_alone():
    # (7) 8 = (8) 2 + (9) 5 + (10) 1 still holds; only (3) 10 ≠ (7) 8 + (11) 3 breaks.
    counts = Bieu06aCounts(**{**CONSISTENT_COUNTS, "resolved": 8, "resolved_on_time": 5})
    assert [f.code for f in check_identities(counts)] == ["TOTAL_NOT_RESOLVED_PLUS_IN_PROGRESS"]
    assert check_identities(Bieu06aCounts(**CONSISTENT_COUNTS)) == []


def test_reconciliation_difference_on_the_shipped_sample():
    # Hùng Thắng published 921 for February 2026; its exports count 893 (14 carried + 879 new).
    found = commune_indicators(SAMPLE, "hung-thang", FEBRUARY, source="published")
    differences = [f for f in found.findings if f.code == "RECONCILIATION_DIFFERENCE"]
    assert any("921" in f.message and "893" in f.message for f in differences)
    assert len(differences) == 5  # total, resolved, in time, and the two sides of "921/921"
    # Only (3) and (7) are figures of Biểu 06a; "in time" is (8)+(9), "921/921" is no column.
    assert [f.figures for f in differences] == [("total",), ("resolved",), (), (), ()]
    # From the dossiers (the default), the same differences mark no cell: 893 is right.
    counted = commune_indicators(SAMPLE, "hung-thang", FEBRUARY)
    again = [f for f in counted.findings if f.code == "RECONCILIATION_DIFFERENCE"]
    assert len(again) == 5 and all(f.figures == () for f in again)


def test_reconciliation_difference_built_by_hand(tmp_path):
    # HAND_ROWS count 13 in February (conftest.EXPECTED_2026_02); a summary saying 14 differs by one.
    found = published(tmp_path, "bieu06a: {total: 14}\n", dossiers=True)
    differences = [f for f in found.findings if f.code == "RECONCILIATION_DIFFERENCE"]
    assert len(differences) == 1
    assert "14" in differences[0].message and "13" in differences[0].message and "+1" in differences[0].message
    assert differences[0].figures == ("total",)  # a Biểu 06a figure: the workbook marks (3)
    same = published(tmp_path / "ok", "bieu06a: {total: 13}\n", dossiers=True)
    assert "RECONCILIATION_DIFFERENCE" not in codes(same)


# ---------------------------------------------------------------- codes found while loading

CODE_HEADERS = ["Mã hồ sơ", "Trạng thái", "Kênh nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý"]


def dossiers_with(tmp_path, header: str, values: list[str]):
    """One dossier a value, each received on 03/02/2026 (new in February), with ``header`` as an extra column."""
    rows = [[f"X{i}", "4", "2", "03/02/2026", "", "", value] for i, value in enumerate(values, start=1)]
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = write_csv(tmp_path / "ho-so.csv", [*CODE_HEADERS, header], rows)
    return path, files_indicators([path], FEBRUARY)


def found_rows(indicators, code: str) -> list[tuple[int, str]]:
    return [(f.row, f.column) for f in indicators.findings if f.code == code]


def test_unknown_system(tmp_path):
    # Rows 2–5: TP, BO, an empty cell (TP), and "XYZ" (unknown: on neither system, never the city's by guess).
    _, found = dossiers_with(tmp_path, "Hệ thống", ["TP", "BO", "", "XYZ"])
    assert found_rows(found, "UNKNOWN_SYSTEM") == [(5, "Hệ thống")]
    assert "XYZ" in next(f.message for f in found.findings if f.code == "UNKNOWN_SYSTEM")
    assert found.new_by_system == {"TP": 2, "BO": 1}
    _, clean = dossiers_with(tmp_path / "ok", "Hệ thống", ["TP", "BO", "", "tp"])
    assert found_rows(clean, "UNKNOWN_SYSTEM") == []


def test_unknown_flag(tmp_path):
    # Rows 2–9: 1, có, x, TRUE (yes); 0, không, empty (no); row 9 "5" is no flag: counted as 0.
    _, found = dossiers_with(tmp_path, "Số hóa hồ sơ", ["1", "có", "x", "TRUE", "0", "không", "", "5"])
    assert found_rows(found, "UNKNOWN_FLAG") == [(9, "Số hóa hồ sơ")]
    rate = found.rates["digitisation"]
    assert (rate.numerator, rate.denominator) == (4, 8)
    _, clean = dossiers_with(tmp_path / "ok", "Số hóa hồ sơ", ["1", "có", "x", "TRUE", "0", "không", ""])
    assert [f.code for f in clean.findings if f.code.startswith("UNKNOWN")] == []


def test_unknown_code_for_online_payment(tmp_path):
    # DuocThanhToanTrucTuyen: 0 no, 1 and 2 paid online; 7 is no such code (counted as not paid).
    headers = [*CODE_HEADERS, "Có phí, lệ phí", "DuocThanhToanTrucTuyen"]
    rows = [
        ["X1", "4", "2", "03/02/2026", "", "", "1", "1"],
        ["X2", "4", "2", "03/02/2026", "", "", "1", "2"],
        ["X3", "4", "2", "03/02/2026", "", "", "1", "0"],
        ["X4", "4", "2", "03/02/2026", "", "", "1", "7"],  # row 5
    ]
    found = files_indicators([write_csv(tmp_path / "a.csv", headers, rows)], FEBRUARY)
    assert found_rows(found, "UNKNOWN_CODE") == [(5, "DuocThanhToanTrucTuyen")]
    assert "'7'" in next(f.message for f in found.findings if f.code == "UNKNOWN_CODE")
    rate = found.rates["online_payment"]
    assert (rate.numerator, rate.denominator) == (2, 4)
    clean = files_indicators([write_csv(tmp_path / "b.csv", headers, rows[:3])], FEBRUARY)
    assert found_rows(clean, "UNKNOWN_CODE") == []


@pytest.mark.parametrize(
    "code, header, value",
    [
        ("UNKNOWN_SYSTEM", "Hệ thống", "XYZ"),
        ("UNKNOWN_FLAG", "Tái sử dụng", "có lẽ"),
        ("UNKNOWN_CODE", "Thanh toán trực tuyến", "9"),
    ],
)
def test_loading_codes_reach_the_command_line(tmp_path, capsys, code, header, value):
    import json

    from tthc_analysis.run.cli import run

    path, _ = dossiers_with(tmp_path, header, [value])
    assert run(["indicators", "--period", "2026-02", "--dossiers", str(path)]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {"code": code, "row": 2, "column": header} in [
        {k: f.get(k) for k in ("code", "row", "column")} for f in findings
    ]
    assert run(["check", "--dossiers", str(path)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert f"CẢNH BÁO {path}, dòng 2, cột '{header}'" in out and f"'{value}'" in out


def test_an_export_that_ends_inside_the_period_is_a_finding(tmp_path):
    # Rows A–E: the last activity is E, finished on 12/02/2026, two days before the end of
    # 2026-02 (14/02/2026): the figures may miss what happened after the export.
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS[:5])
    [finding] = [
        f for f in files_indicators([path], parse_period("2026-02")).findings if f.code == "EXPORT_ENDS_IN_PERIOD"
    ]
    assert "chỉ đến ngày 12/02/2026, trước ngày cuối kỳ 14/02/2026" in finding.message
    # Every hand row: N finished on 20/02/2026, after the period: no finding.
    full = write_csv(tmp_path / "day-du.csv", HEADERS_VN, HAND_ROWS)
    assert not [
        f for f in files_indicators([full], parse_period("2026-02")).findings if f.code == "EXPORT_ENDS_IN_PERIOD"
    ]


def test_an_export_that_does_not_reach_the_period_is_refused(tmp_path):
    from tthc_analysis.core.errors import InputError

    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS[:5])  # received 01–02/02/2026
    with pytest.raises(InputError, match=r"có từ ngày 01/02/2026 đến ngày 12/02/2026, không phủ tháng 04 năm 2026"):
        files_indicators([path], parse_period("2026-04"))
    with pytest.raises(InputError, match="không phủ tháng 12 năm 2025"):  # 15/11–14/12/2025: before the first
        files_indicators([path], parse_period("2025-12"))


# ---------------------------------------------------------------- each check on hand-built indicators


def built(counts: Bieu06aCounts | None = None, *, source: str = "summary", **fields) -> Indicators:
    """Indicators for February 2026 with ``counts`` as the total row and no field rows."""
    return Indicators(None, FEBRUARY, source, Bieu06a(FEBRUARY, (), counts or Bieu06aCounts()), **fields)


def test_total_not_carried_plus_new():
    # (3) 11, (4) 4 + (5) 3 = 7 new, (6) 3 carried: 3 + 7 = 10 ≠ 11; (7) 8 = 2 + 5 + 1 and (3) 11 = 8 + 3 hold.
    counts = Bieu06aCounts(**{**CONSISTENT_COUNTS, "total": 11, "resolved": 8, "resolved_on_time": 5})
    assert check_identities(counts) == [
        Finding(
            "TOTAL_NOT_CARRIED_PLUS_NEW",
            "Tổng số 11 hồ sơ khác số kỳ trước chuyển sang (3) cộng tiếp nhận mới (7): 3 + 7 = 10 "
            "(cột (3) ≠ (4)+(5)+(6), chênh lệch 1).",
            figures=("total", "online", "direct_postal", "carried_over"),
        )
    ]


def test_total_not_carried_plus_a_published_new():
    # No channels, "tiếp nhận mới 8" published: 3 carried + 8 = 11 ≠ 10, one short. With 7 it holds.
    base = {**CONSISTENT_COUNTS, "online": None, "direct_postal": None}
    [finding] = check_identities(Bieu06aCounts(**base, stated_new=8))
    assert finding.code == "TOTAL_NOT_CARRIED_PLUS_NEW"
    assert "3 + 8 = 11" in finding.message and "chênh lệch -1" in finding.message
    assert finding.figures == ("total", "carried_over")  # (4) and (5) not published: not marked
    assert check_identities(Bieu06aCounts(**base, stated_new=7)) == []


def test_resolved_not_sum():
    # (7) 7 resolved; (8) 2 + (9) 4 = 6 in time, (10) 2 late: 6 + 2 = 8 ≠ 7. (3) 10 = 7 + 3 still holds.
    counts = Bieu06aCounts(**{**CONSISTENT_COUNTS, "resolved_late": 2})
    assert check_identities(counts) == [
        Finding(
            "RESOLVED_NOT_SUM",
            "Đã giải quyết 7 hồ sơ khác trước hạn và đúng hạn (6) cộng quá hạn (2) = 8 (cột (7) ≠ (8)+(9)+(10)).",
            figures=("resolved", "resolved_early", "resolved_on_time", "resolved_late"),
        )
    ]


def test_resolved_not_sum_with_only_the_published_in_time():
    # "Giải quyết đúng hạn 5" published without (8) and (9): 5 + 1 late = 6 ≠ 7; with 6 it holds.
    base = {**CONSISTENT_COUNTS, "resolved_early": None, "resolved_on_time": None}
    [finding] = check_identities(Bieu06aCounts(**base, stated_in_time=5))
    assert finding.code == "RESOLVED_NOT_SUM" and "(5) cộng quá hạn (1) = 6" in finding.message
    assert finding.figures == ("resolved", "resolved_late")  # (8) and (9) not published: not marked
    assert check_identities(Bieu06aCounts(**base, stated_in_time=6)) == []


def test_in_progress_not_sum():
    # (11) 3 in progress; (12) 2 + (13) 2 = 4.
    counts = Bieu06aCounts(**{**CONSISTENT_COUNTS, "in_progress_overdue": 2})
    assert check_identities(counts) == [
        Finding(
            "IN_PROGRESS_NOT_SUM",
            "Đang giải quyết 3 hồ sơ khác trong hạn (2) cộng quá hạn (2) = 4 (cột (11) ≠ (12)+(13)).",
            figures=("in_progress", "in_progress_on_time", "in_progress_overdue"),
        )
    ]


def test_total_not_resolved_plus_in_progress_message():
    # (3) 10, (7) 8, (11) 3: 8 + 3 = 11.
    [finding] = check_identities(Bieu06aCounts(**{**CONSISTENT_COUNTS, "resolved": 8, "resolved_on_time": 5}))
    assert finding.message == (
        "Tổng số 10 hồ sơ khác đã giải quyết (8) cộng đang giải quyết (3) = 11 (cột (3) ≠ (7)+(11))."
    )
    assert finding.figures == ("total", "resolved", "in_progress")


@pytest.mark.parametrize(
    "rate, out",
    [
        (Rate(0, 10), False),  # 0%: the lower bound is in range
        (Rate(1, 200), False),  # 0,5%
        (Rate(10, 10), False),  # 100%: the upper bound is in range
        (Rate(None, None, stated_percent=100.5), True),
        (Rate(None, None, stated_percent=-0.5), True),
        (Rate(None, None, stated_percent=100.25), True),  # two decimals, as published
        (Rate(None, None), False),  # not available: nothing to check
    ],
)
def test_rate_out_of_range(rate, out):
    found = check_rates(built(rates={"on_time": rate}))
    assert [f.code for f in found] == (["RATE_OUT_OF_RANGE"] if out else [])
    published_rate = check_rates(built(catalogue=Catalogue(None, None, None, published=rate)))
    assert [f.code for f in published_rate] == (["RATE_OUT_OF_RANGE"] if out else [])
    if out:  # the rate's Vietnamese name and the published value as the user wrote it, decimal comma
        written = {100.5: "100,5%", -0.5: "-0,5%", 100.25: "100,25%"}[rate.stated_percent]
        assert found[0].message == f"Tỷ lệ giải quyết đúng hạn bằng {written} nằm ngoài khoảng 0–100%."
        assert published_rate[0].message == f"Tỷ lệ TTHC công khai bằng {written} nằm ngoài khoảng 0–100%."


@pytest.mark.parametrize("percent, decimals", [(61, 0), (60.0, 0), (100, 0), (96.2, 1), (0.5, 1), (95.75, 2)])
def test_stated_decimals(percent, decimals):
    assert stated_decimals(percent) == decimals


@pytest.mark.parametrize(
    "stated, numerator, denominator, matches",
    [
        (0, 0, 10, True),  # 0%: no dossier
        (0, 4, 1000, False),  # 0,4% would round to 0%, but 0% claims none at all
        (100, 10, 10, True),
        (100, 999, 1000, False),  # 99,9% is not every dossier
        (1, 1, 101, True),  # 0,990…% rounds to 1%: 1% is no exact claim
        (61, 121, 200, True),  # 60,5%: exactly half a step from 61 (either rounding way) still matches
        (61, 1205, 2000, False),  # 60,25% rounds to 60
        (96.2, 12031, 12500, True),  # 96,248%: 0,048 from 96,2, within half of 0,1
        (96.2, 9427, 10000, False),  # 94,27% (the module's example)
    ],
)
def test_rate_matches(stated, numerator, denominator, matches):
    assert rate_matches(stated, numerator, denominator) is matches


def test_stated_online_against_its_own_counts():
    # "Tỷ lệ trực tuyến 96,2%" with "245/260 trực tuyến": 245/260 = 94,2307…% ≈ 94,23%.
    found = check_rates_against_counts(
        built(rates={"online": Rate(None, None, stated_percent=96.2)}, stated_online=(245, 260))
    )
    assert found == [
        Finding(
            "RATE_NOT_MATCHING_COUNTS",
            "Tỷ lệ hồ sơ trực tuyến ghi 96,2% nhưng theo số hồ sơ 245/260 = 94,23% (đã tính làm tròn).",
        )
    ]
    # 250/260 = 96,15…% rounds to 96,2%: no finding; nor without a stated rate or a stated denominator.
    assert check_rates_against_counts(built(rates={"online": Rate(None, None, 96.2)}, stated_online=(250, 260))) == []
    assert check_rates_against_counts(built(rates={"online": Rate(None, None, 96.2)}, stated_online=(245, None))) == []
    assert check_rates_against_counts(built(rates={"on_time": Rate(None, None, 96.2)}, stated_online=(245, 260))) == []


def test_rate_not_matching_counts_message():
    # 5/11 = 45,4545…% shown 45,45 (rounded once, to two decimals); 95,75% shown as written.
    [finding] = check_rates_against_counts(built(rates={"on_time": Rate(5, 11, stated_percent=95.75)}))
    assert finding.message == (
        "Tỷ lệ giải quyết đúng hạn ghi 95,75% nhưng theo số hồ sơ 5/11 = 45,45% (đã tính làm tròn)."
    )
    # A rate with no long name is named by its key: 1/4 = 25%, stated 30%.
    [other] = check_rates_against_counts(built(rates={"other": Rate(1, 4, stated_percent=30)}))
    assert other.message.startswith("other ghi 30% nhưng theo số hồ sơ 1/4 = 25%")


def test_stated_rate_without_dossiers_is_not_compared():
    # "không phát sinh": 0 dossiers, so a stated 95% has nothing to be checked against.
    assert check_rates_against_counts(built(rates={"on_time": Rate(0, 0, stated_percent=95)})) == []


def test_rate_not_matching_counts_names_its_figures():
    # CONSISTENT_COUNTS: on time 6/7 = 85,71%, online 4/7 = 57,14%, in progress 3/10 = 30%; each stated 50%.
    counts = Bieu06aCounts(**CONSISTENT_COUNTS)
    rates = {
        "on_time": Rate(6, 7, stated_percent=50),
        "online": Rate(4, 7, stated_percent=50),
        "in_progress": Rate(3, 10, stated_percent=50),
    }
    found = check_rates_against_counts(built(counts, rates=rates))
    assert [f.figures for f in found] == [
        ("resolved", "resolved_early", "resolved_on_time"),  # (8)+(9) / (7)
        ("online", "direct_postal"),  # (4) / ((4)+(5))
        ("total", "in_progress"),  # (11) / (3)
    ]
    # "Giải quyết đúng hạn 6" published without (8) and (9): only (7) is marked.
    partial = Bieu06aCounts(**{**CONSISTENT_COUNTS, "resolved_early": None, "resolved_on_time": None}, stated_in_time=6)
    [on_time] = check_rates_against_counts(built(partial, rates={"on_time": Rate(6, 7, stated_percent=50)}))
    assert on_time.figures == ("resolved",)
    # "245/260 trực tuyến" as published is no figure of Biểu 06a, even beside known channels.
    stated = built(counts, rates={"online": Rate(None, None, 96.2)}, stated_online=(245, 260))
    assert [f.figures for f in check_rates_against_counts(stated)] == [()]


def test_channel_not_available():
    [finding] = check_channel_known(built(Bieu06aCounts(total=3), source="dossiers"))
    assert finding.code == "CHANNEL_NOT_AVAILABLE"
    assert finding.message == (
        "Dữ liệu hồ sơ không có cột kênh nộp (KenhThucHien / Hình thức nộp / Loại tiếp nhận): cột (4) trực tuyến "
        "và (5) trực tiếp, bưu chính của Biểu 06a không có số liệu; các cột khác vẫn được tính."
    )
    assert check_channel_known(built(Bieu06aCounts(total=3))) == []  # published figures: not our columns
    assert check_channel_known(built(Bieu06aCounts(total=3, online=0), source="dossiers")) == []


NEW_10 = Bieu06aCounts(online=10, direct_postal=0)


def test_online_stated_exceeds_new_message():
    # "trực tuyến 12/15" but only 10 new dossiers.
    [finding] = check_other_sums(built(NEW_10, stated_online=(12, 15)))
    assert finding.message == (
        "Số hồ sơ tiếp nhận trực tuyến ghi 12/15 nhưng chỉ có 10 hồ sơ tiếp nhận mới "
        "trong kỳ (hồ sơ kỳ trước chuyển sang không được tiếp nhận lại)."
    )
    # 9 of 12 online: 9 ≤ 10, whatever the denominator.
    assert check_other_sums(built(NEW_10, stated_online=(9, 12))) == []


def test_stated_period_mismatch():
    good = StatedPeriod("tiêu đề", date(2026, 1, 15), date(2026, 2, 14))
    bad = StatedPeriod("đoạn mở đầu", date(2026, 1, 15), date(2026, 2, 15))  # the end alone differs
    assert check_stated_periods([good, bad, good], FEBRUARY) == [
        Finding(
            "PERIOD_TEXT_MISMATCH",
            "Kỳ số liệu ghi ở đoạn mở đầu là từ ngày 15/01/2026 đến ngày 15/02/2026, "
            "nhưng tháng 02 năm 2026 là từ ngày 15/01/2026 đến ngày 14/02/2026.",
        )
    ]


def test_no_data_in_period():
    assert check_no_data(built(Bieu06aCounts(total=0), source="dossiers")) == [
        Finding(
            "NO_DATA_IN_PERIOD",
            "Không có hồ sơ nào trong tháng 02 năm 2026 (từ ngày 15/01/2026 đến ngày 14/02/2026); "
            "kiểm tra lại tệp dữ liệu hoặc kỳ báo cáo.",
        )
    ]
    assert check_no_data(built(Bieu06aCounts(total=0))) == []  # a summary publishing 0 is no missing data
    assert check_no_data(built(Bieu06aCounts(total=1), source="dossiers")) == []


# ---------------------------------------------------------------- row checks

FINISHED_WITHOUT_DATE_O = (
    "Hồ sơ O có trạng thái đã xử lý xong/đã trả kết quả nhưng không có ngày kết thúc xử lý "
    "(được tính là đang giải quyết)."
)


def test_row_checks_on_the_hand_rows(hand_csv):
    # Of HAND_ROWS only O (row 16: status 9, no finish date) is found. Q (received 23:59, finished
    # 17:00, same day) and N (due = received) are no impossible dates: days, not times, are compared.
    findings = check_dossier_rows(load_dossiers([hand_csv]).frame)
    assert findings == [
        Finding("FINISHED_WITHOUT_DATE", FINISHED_WITHOUT_DATE_O, "warning", str(hand_csv), 16, "NgayKetThucXuLy")
    ]


def test_impossible_dates_name_the_row_and_column(tmp_path):
    rows = [
        ("X1", "Hộ tịch", "10", "2", "05/02/2026", "10/02/2026", "04/02/2026"),  # row 2: finished before received
        ("X2", "Hộ tịch", "4", "2", "05/02/2026", "03/02/2026", ""),  # row 3: due before received
        ("X3", "Hộ tịch", "10", "2", "05/02/2026", "05/02/2026", "05/02/2026"),  # row 4: all the same day: fine
    ]
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, rows)
    assert check_dossier_rows(load_dossiers([path]).frame) == [
        Finding(
            "FINISHED_BEFORE_RECEIVED",
            "Hồ sơ X1 có ngày kết thúc xử lý trước ngày tiếp nhận.",
            "warning",
            str(path),
            2,
            "NgayKetThucXuLy",
        ),
        Finding(
            "DUE_BEFORE_RECEIVED",
            "Hồ sơ X2 có ngày hẹn trả trước ngày tiếp nhận.",
            "warning",
            str(path),
            3,
            "NgayHenTra",
        ),
    ]


def due_before_received(n: int) -> pd.DataFrame:
    """``n`` dossiers, rows 2 to n + 1 of one file, each due the day before it was received."""
    return pd.DataFrame(
        {
            "dossier_id": [f"X{i}" for i in range(1, n + 1)],
            "source_file": "ho-so.csv",
            "source_row": range(2, n + 2),
            "status": pd.array([4] * n, dtype="Int8"),
            "received": pd.to_datetime(["2026-02-05"] * n),
            "due": pd.to_datetime(["2026-02-04"] * n),
            "finished": pd.to_datetime([None] * n),
        }
    )


def test_fifty_rows_a_code_then_one_line_for_the_rest():
    findings = check_dossier_rows(due_before_received(52))
    # 52 dossiers: the first 50 by row (2 … 51), then "… and 2 others".
    assert [f.row for f in findings[:50]] == list(range(2, 52))
    assert findings[50:] == [Finding("DUE_BEFORE_RECEIVED", "... và 2 hồ sơ khác cùng lỗi.")]
    exactly = check_dossier_rows(due_before_received(50))
    assert len(exactly) == 50 and all(f.row is not None for f in exactly)  # no "… and 0 others"


def test_row_checks_only_for_the_dossiers_given():
    frame = due_before_received(3)
    only_second = pd.Series([False, True, False])
    found = run_checks(built(NEW_10), dossiers=frame, dossier_rows=only_second)
    assert [(f.code, f.row) for f in found] == [("DUE_BEFORE_RECEIVED", 3)]


def test_online_stated_exceeds_new_without_its_denominator(tmp_path):
    # A summary may give "stated_online: {count: 12}" without "of": 12 online but 10 new is
    # still a finding, and the message shows the 12 alone (it used to read "ghi 12/None").
    [finding] = check_other_sums(built(NEW_10, stated_online=(12, None)))
    assert finding.code == "ONLINE_STATED_EXCEEDS_NEW"
    assert "ghi 12 nhưng chỉ có 10 hồ sơ tiếp nhận mới" in finding.message and "None" not in finding.message
    figures = "bieu06a: {total: 12, carried_over: 2, online: 10, direct_postal: 0}\nstated_online: {count: 12}\n"
    assert [f.message for f in published(tmp_path, figures).findings] == [finding.message]


@pytest.mark.parametrize(
    "headers, finished, due",
    [
        (HEADERS_VN, "Ngày kết thúc xử lý", "Ngày hẹn trả"),
        (
            ["Mã hồ sơ", "Lĩnh vực", "Trạng thái", "Kênh nộp", "Ngày nhận", "Hạn xử lý", "Ngày trả thực tế"],
            "Ngày trả thực tế",
            "Hạn xử lý",
        ),  # another system's words for the same columns
    ],
)
def test_row_findings_name_the_column_as_the_file_writes_it(tmp_path, headers, finished, due):
    # Row 3 (header, then A, B): B finished on 02/02 though received on 04/02, and was due on 03/02.
    rows = [
        ("A", "Hộ tịch", "10", "2", "01/02/2026", "05/02/2026", "03/02/2026"),
        ("B", "Hộ tịch", "10", "2", "04/02/2026", "03/02/2026", "02/02/2026"),
    ]
    path = write_csv(tmp_path / "ho-so.csv", headers, rows)
    expected = [("FINISHED_BEFORE_RECEIVED", 3, finished), ("DUE_BEFORE_RECEIVED", 3, due)]
    for _ in range(2):  # the second load comes from the cache of loaded exports, with the same headers
        table = load_dossiers([path])
        assert table.headers == {
            str(path): dict(
                zip(["dossier_id", "field_name", "status", "channel", "received", "due", "finished"], headers)
            )
        }
        found = check_dossier_rows(table.frame, headers=table.headers)
        assert [(f.code, f.row, f.column) for f in found] == expected
    report = files_indicators([path], parse_period("2026-02"))
    assert [(f.code, f.row, f.column) for f in report.findings if f.row] == expected
    # Without the headers (a frame built in code), the portal's name.
    plain = check_dossier_rows(table.frame)
    assert [f.column for f in plain] == ["NgayKetThucXuLy", "NgayHenTra"]


@pytest.mark.parametrize(
    "systems, found",
    [
        ({"TP": 851}, False),  # the ministries' figure not published: nothing to add up
        ({"TP": 851, "BO": None}, False),
        ({"TP": 851, "BO": 28}, False),  # 851 + 28 = 879
        ({"TP": 851, "BO": 20}, True),  # 871 ≠ 879
    ],
)
def test_new_is_set_against_the_systems_only_when_both_are_known(systems, found):
    period = parse_period("2026-02")
    ind = Indicators(None, period, "summary", Bieu06a(period, (), Bieu06aCounts(stated_new=879)), new_by_system=systems)
    codes = [f.code for f in check_other_sums(ind)]
    assert ("NEW_NOT_SUM_OF_SYSTEMS" in codes) is found
