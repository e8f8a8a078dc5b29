"""Finding codes, each built by hand: the code appears on inconsistent input and not on consistent input.

Published figures go through a summary-<period>.yaml of a data root made in a temporary
folder (the way a commune brings them); loading findings through an export file.
"""

from __future__ import annotations

import pytest
from conftest import HAND_ROWS, HEADERS_VN, SAMPLE, write_csv, write_root

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.checks import check_identities
from tthc_analysis.indicators.commune import commune_indicators, files_indicators
from tthc_analysis.indicators.results import Bieu06aCounts

FEBRUARY = parse_period("2026-02")


def published(tmp_path, summary: str, *, dossiers: bool = False):
    """Indicators of a commune whose only source (or the source beside HAND_ROWS) is ``summary``."""
    root = write_root(tmp_path / "data", ("thu-nghiem", "Thử Nghiệm", "xã"))
    (root / "thu-nghiem" / "summary-2026-02.yaml").write_text(f'period: "2026-02"\n{summary}', encoding="utf-8")
    if dossiers:
        write_csv(root / "thu-nghiem" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    return commune_indicators(root, "thu-nghiem", FEBRUARY)


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


CONSISTENT = {
    "total": 10,
    "online": 4,
    "direct_postal": 3,
    "carried_over": 3,
    "resolved": 7,
    "resolved_early": 2,
    "resolved_on_time": 4,
    "resolved_late": 1,
    "in_progress": 3,
    "in_progress_on_time": 2,
    "in_progress_overdue": 1,
}


def test_identity_total_resolved_in_progress_alone():
    # (7) 8 = (8) 2 + (9) 5 + (10) 1 still holds; only (3) 10 ≠ (7) 8 + (11) 3 breaks.
    counts = Bieu06aCounts(**{**CONSISTENT, "resolved": 8, "resolved_on_time": 5})
    assert [f.code for f in check_identities(counts)] == ["TOTAL_NOT_RESOLVED_PLUS_IN_PROGRESS"]
    assert check_identities(Bieu06aCounts(**CONSISTENT)) == []


def test_reconciliation_difference_on_the_shipped_sample():
    # Hùng Thắng published 921 for February 2026; its exports count 893 (14 carried + 879 new).
    found = commune_indicators(SAMPLE, "hung-thang", FEBRUARY)
    differences = [f for f in found.findings if f.code == "RECONCILIATION_DIFFERENCE"]
    assert any("921" in f.message and "893" in f.message for f in differences)
    assert len(differences) == 5  # total, resolved, in time, and the two sides of "921/921"


def test_reconciliation_difference_built_by_hand(tmp_path):
    # HAND_ROWS count 13 in February (conftest.EXPECTED_2026_02); a summary saying 14 differs by one.
    found = published(tmp_path, "bieu06a: {total: 14}\n", dossiers=True)
    differences = [f for f in found.findings if f.code == "RECONCILIATION_DIFFERENCE"]
    assert len(differences) == 1
    assert "14" in differences[0].message and "13" in differences[0].message and "+1" in differences[0].message
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
    # Rows 2–5: TP, BO, an empty cell (TP), and "XYZ" (unknown, counted as the city's system).
    _, found = dossiers_with(tmp_path, "Hệ thống", ["TP", "BO", "", "XYZ"])
    assert found_rows(found, "UNKNOWN_SYSTEM") == [(5, "Hệ thống")]
    assert "XYZ" in next(f.message for f in found.findings if f.code == "UNKNOWN_SYSTEM")
    assert found.new_by_system == {"TP": 3, "BO": 1}
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
