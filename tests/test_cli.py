"""The tthc command as a user runs it: outputs, messages, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXPECTED_2026_02, EXPECTED_2026_Q1, HAND_ROWS, HEADERS_PORTAL, SAMPLE, run_cli, write_csv
from openpyxl import Workbook


def test_indicators_for_hung_thang_february():
    # By default (--source auto) the dossiers cover February: 14 carried over + 879 new = 893, the
    # figures the seed's report should have said; its published 921 is named as differing.
    result = run_cli("indicators", "--commune", "hung-thang", "--period", "2026-02")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"] == "dossiers"
    assert data["commune"] == "hung-thang"
    assert data["period"] == {"id": "2026-02", "from": "2026-01-15", "to": "2026-02-14", "name": "tháng 02 năm 2026"}
    assert data["bieu06a"]["total"] == 893 and data["bieu06a"]["carried_over"] == 14
    assert data["published_figures"]["total"] == 921
    differences = [f["message"] for f in data["findings"] if f["code"] == "RECONCILIATION_DIFFERENCE"]
    assert any("921" in m and "893" in m for m in differences), differences
    # The published document's own slip is said as the published figures' one.
    slip = next(f for f in data["findings"] if f["code"] == "TOTAL_NOT_CARRIED_PLUS_NEW")
    assert slip["message"].startswith("Số liệu đã công bố:") and "figures" not in slip
    assert "RECONCILIATION_DIFFERENCE" in result.stderr  # findings also on the command line
    # January from the dossiers too (877 = February's 893 − 16): compared, no source mixed.
    assert data["comparisons"]["previous"] == {"period": "2026-01", "source": "dossiers", "compared": True}


def test_indicators_from_the_published_figures_reproduce_the_seed():
    result = run_cli("indicators", "--commune", "hung-thang", "--period", "2026-02", "--source", "published")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"] == "summary"
    assert data["bieu06a"]["total"] == 921 and data["bieu06a"]["carried_over"] == 14
    assert any(f["code"] == "TOTAL_NOT_CARRIED_PLUS_NEW" for f in data["findings"])
    assert data["computed_from_dossiers"]["total"] == 893
    # No published figures for January: not compared (a dossier figure is another source).
    assert data["comparisons"]["previous"] is None
    assert "TOTAL_NOT_CARRIED_PLUS_NEW" in result.stderr


def test_one_months_export_does_not_know_what_was_carried_over():
    export = SAMPLE / "hung-thang" / "dossiers-2026-02.csv"  # dossiers received 15/01–14/02/2026 only
    result = run_cli("indicators", "--period", "2026-02", "--dossiers", str(export))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    bieu = data["bieu06a"]
    assert bieu["online"] == 879 and bieu["direct_postal"] == 0 and data["new"] == 879
    # (3), (6) and (7)–(13) count dossiers received before 15/01/2026, which this file cannot show.
    assert {k: v for k, v in bieu.items() if k not in ("online", "direct_postal")} == dict.fromkeys(
        ("total", "carried_over", "resolved", "resolved_early", "resolved_on_time", "resolved_late",
         "in_progress", "in_progress_on_time", "in_progress_overdue"), None
    )  # fmt: skip
    assert data["rates"]["on_time"]["status"] == "not_available"
    assert data["rates"]["online"]["percent"] == 100.0
    unknown = [f for f in data["findings"] if f["code"] == "CARRIED_OVER_UNKNOWN"]
    assert len(unknown) == 1 and "15/01/2026" in unknown[0]["message"]
    assert "không phát hiện sai lệch" not in result.stderr
    # With the months before it, the same February is known: 14 carried over.
    january = SAMPLE / "hung-thang" / "dossiers-2026-01.csv"
    both = json.loads(run_cli("indicators", "--period", "2026-02", "--dossiers", str(january), str(export)).stdout)
    assert both["bieu06a"]["carried_over"] == 14 and both["bieu06a"]["total"] == 893


def test_source_must_be_one_of_three():
    result = run_cli("indicators", "--commune", "hung-thang", "--period", "2026-02", "--source", "tự chọn")
    assert result.returncode == 2 and "auto, dossiers hoặc published" in result.stderr
    assert "Traceback" not in result.stderr


def test_indicators_straight_from_a_users_csv(hand_csv):
    for period, expected in (("2026-02", EXPECTED_2026_02), ("2026-Q1", EXPECTED_2026_Q1)):
        result = run_cli("indicators", "--period", period, "--dossiers", str(hand_csv))
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["source"] == "dossiers" and data["bieu06a"] == expected


def test_indicators_from_several_files_split_across_formats(tmp_path):
    a = write_csv(tmp_path / "a.csv", HEADERS_PORTAL, HAND_ROWS[:9], encoding="utf-8")
    wb = Workbook()
    wb.active.append(HEADERS_PORTAL)
    for row in HAND_ROWS[9:]:
        wb.active.append(list(row))
    wb.save(tmp_path / "b.xlsx")
    result = run_cli("indicators", "--period", "2026-02", "--dossiers", str(a), str(tmp_path / "b.xlsx"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["bieu06a"] == EXPECTED_2026_02


def test_strict_fails_on_findings():
    result = run_cli("indicators", "--commune", "hung-thang", "--period", "2026-02", "--strict")
    assert result.returncode == 1


def test_check_on_a_broken_export_names_file_row_column(tmp_path):
    rows = [list(r) for r in HAND_ROWS[:4]]
    rows[2][4] = "31/02/2026"  # row 4 of the file
    rows[3][5] = "ngày mai"  # row 5
    path = write_csv(tmp_path / "broken.csv", HEADERS_PORTAL, rows)
    result = run_cli("check", "--dossiers", str(path))
    assert result.returncode == 1
    assert f"{path}, dòng 4, cột 'NgayTiepNhan'" in result.stdout
    assert f"{path}, dòng 5, cột 'NgayHenTra'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_on_the_sample_passes():
    result = run_cli("check", "--commune", "hung-thang")
    assert result.returncode == 0, result.stdout
    assert "0 lỗi" in result.stdout


def test_check_of_a_period_prints_its_consistency_findings(capsys):
    from tthc_analysis.run.cli import run

    # The shipped sample's published total is wrong (921 ≠ 14 + 879): a warning, not an error.
    assert run(["check", "--commune", "hung-thang", "--period", "2026-02"]) == 0
    out = capsys.readouterr().out
    assert "14 + 879 = 893" in out and "15/01/2025" in out
    assert "summary-2026-02.yaml: tháng 02 năm 2026:" in out
    assert "0 lỗi, 8 cảnh báo." in out
    # Without --period, every period with published figures is checked; March has none of them.
    assert run(["check", "--commune", "hung-thang"]) == 0 and "14 + 879 = 893" in capsys.readouterr().out
    assert run(["check", "--commune", "hung-thang", "--period", "2026-03"]) == 0
    assert "0 lỗi, 0 cảnh báo." in capsys.readouterr().out


def test_bad_input_gives_a_message_and_exit_2_never_a_traceback(tmp_path):
    cases = [
        ("indicators", "--period", "2026-13", "--commune", "hung-thang"),
        ("indicators", "--period", "2026-02", "--commune", "../etc"),
        ("indicators", "--period", "2026-02", "--commune", "khong-co"),
        ("indicators", "--period", "2026-02", "--dossiers", str(tmp_path / "missing.csv")),
        ("indicators", "--period", "2026-02"),
        ("report", "--commune", "hung-thang", "--period", "2026-02", "--data", str(tmp_path / "nowhere")),
    ]
    for args in cases:
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and result.stderr.strip(), args


@pytest.mark.e2e
def test_report_writes_indicators_and_workbook(tmp_path):
    result = run_cli("report", "--commune", "hung-thang", "--period", "2026-02", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "hung-thang" / "2026-02"
    figures = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))
    # From the dossiers by default (14 + 879 = 893); the published 921 beside them, named as differing.
    assert figures["bieu06a"]["total"] == 893 and figures["published_figures"]["total"] == 921
    assert "RECONCILIATION_DIFFERENCE" in result.stderr and "(nguồn: dữ liệu hồ sơ)" in result.stdout
    assert (folder / "bieu-06a-hung-thang-2026-02.xlsx").exists()
    assert str(folder / "indicators.json") in result.stdout
    assert not list(folder.glob("*.part"))  # nothing half-written left behind


@pytest.mark.e2e
def test_report_strict_fails_on_the_samples_findings(tmp_path):
    # Hùng Thắng's published February 2026 figures have slips (921 ≠ 14 + 879, a wrong year):
    # --strict makes them fail the run, after the products are written.
    result = run_cli("report", "--commune", "hung-thang", "--period", "2026-02", "--out", str(tmp_path), "--strict")
    assert result.returncode == 1, result.stderr
    assert "[TOTAL_NOT_CARRIED_PLUS_NEW]" in result.stderr and "Traceback" not in result.stderr
    folder = tmp_path / "hung-thang" / "2026-02"
    assert (folder / "bao-cao-cctthc-hung-thang-2026-02.docx").exists()
    assert json.loads((folder / "indicators.json").read_text(encoding="utf-8"))["findings"]


def test_python_dash_m_and_version():
    assert run_cli("--version").returncode == 0
    assert "indicators" in run_cli("--help").stdout


def test_the_installed_tthc_script_starts():
    """The console script pip writes (pyproject [project.scripts]) points at a real function."""
    script = Path(sys.executable).with_name("tthc")
    if not script.exists():
        pytest.skip("tthc is not installed next to this Python")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "tthc" in result.stdout.lower()
