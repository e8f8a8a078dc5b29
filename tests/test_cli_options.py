"""Options of the commands that no other test hands on: each is read and reaches what it names.

The commands run in this process (Click's runner), so a swapped or dropped option fails here
quickly; the figures are the hand-worked ones of tests/test_qd766.py and tests/test_import.py."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_VN, write_csv, write_root
from qd766_example import CATALOGUE, DOSSIER_HEADERS, FEEDBACK, FEEDBACK_HEADERS, HAND

from tthc_analysis.run.cli import cli


def _rows(prefix: str, unit: str) -> list[tuple]:
    """The hand-worked rows and the earlier row (tests/conftest.py), received by ``unit``, ids prefixed."""
    return [(unit, f"{prefix}{r[0]}", *r[1:]) for r in [*HAND_ROWS, EARLIER_ROW]]


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def files(tmp_path):
    """The QĐ 766 hand example as three files: dossiers in two halves, the catalogue, feedback."""
    first = write_csv(tmp_path / "ho-so-1.csv", DOSSIER_HEADERS, HAND[:6])
    second = write_csv(tmp_path / "ho-so-2.csv", DOSSIER_HEADERS, HAND[6:])
    catalogue = write_csv(tmp_path / "procedures.csv", ["MaTTHC", "TenTTHC", "MucDo"], CATALOGUE)
    feedback = write_csv(tmp_path / "pakn.csv", FEEDBACK_HEADERS, FEEDBACK)
    return str(first), str(second), str(catalogue), str(feedback)


def test_indicators_from_files_reads_every_dossier_file_the_catalogue_and_the_feedback(files):
    first, second, catalogue, feedback = files
    done = _invoke(
        "indicators",
        "--period",
        "2026-02",
        "--dossiers",
        first,
        second,
        "--procedures",
        catalogue,
        "--feedback",
        feedback,
    )
    assert done.exit_code == 0, done.output
    figures = json.loads(done.stdout)
    # Both halves are read: (3) 11 = 10 received + C01 carried over; (8) 5, (9) 2, (10) 1, (13) 2.
    assert figures["bieu06a"]["total"] == 11 and figures["bieu06a"]["carried_over"] == 1
    assert figures["bieu06a"]["resolved_early"] == 5 and figures["bieu06a"]["in_progress_overdue"] == 2
    # The catalogue: 6 procedures, level 4: 101 104 106 = 3, level 3: 102 103 = 2.
    assert figures["catalogue"]["procedures"] == 6
    assert (figures["catalogue"]["full_online"], figures["catalogue"]["partial_online"]) == (3, 2)
    # Feedback: pending at 14/02 F3 F4 F7 (3), of which F4 (due 05/02) overdue (1).
    assert figures["feedback"]["pending"] == 3 and figures["feedback"]["pending_overdue"] == 1
    assert figures["feedback"]["resolved_late"] == 1  # F2: due 10/02, resolved 12/02
    assert figures["qd766"]["indicators"]["5.2"]["numerator"] == 4  # F1 F6 on time, F3 F7 within
    assert figures["qd766"]["indicators"]["3.1"]["numerator"] == 5  # levels 3 and 4: 5 of 6


def test_indicators_from_files_without_a_catalogue_or_feedback_says_they_are_unknown(files):
    first, second, _, _ = files
    done = _invoke("indicators", "--period", "2026-02", "--dossiers", first, second)
    figures = json.loads(done.stdout)
    assert figures["bieu06a"]["total"] == 11
    assert figures["catalogue"] is None and figures["feedback"] is None
    assert figures["qd766"]["indicators"]["3.1"]["numerator"] is None


def test_more_files_after_the_dossiers_option_are_dossier_files_too(files):
    first, second, _, _ = files
    done = _invoke("indicators", "--period", "2026-02", "--dossiers", first, second)
    only_first = json.loads(_invoke("indicators", "--period", "2026-02", "--dossiers", first).stdout)
    # The first half alone (D01–D06) starts on 01/02: nothing received before 15/01, so what was
    # carried over is unknown and so is the total; the 6 received are known (4 online, 2 direct).
    assert only_first["new"] == 6 and only_first["bieu06a"]["online"] == 4
    assert only_first["bieu06a"]["carried_over"] is None and only_first["bieu06a"]["total"] is None
    assert json.loads(done.stdout)["bieu06a"]["total"] == 11


def test_strict_exits_1_only_when_there_are_findings(files):
    first, second, _, _ = files
    clean = _invoke("indicators", "--period", "2026-02", "--dossiers", first, second, "--strict")
    assert clean.exit_code == 0, clean.output  # the whole hand example has no finding
    # The first half alone has two (the carried-over figure unknown, the export ending in the period).
    lenient = _invoke("indicators", "--period", "2026-02", "--dossiers", first)
    assert lenient.exit_code == 0 and "Kiểm tra số liệu: 2 phát hiện" in lenient.stderr
    assert "[CARRIED_OVER_UNKNOWN]" in lenient.stderr and "[EXPORT_ENDS_IN_PERIOD]" in lenient.stderr
    flagged = _invoke("indicators", "--period", "2026-02", "--dossiers", first, "--strict")
    assert flagged.exit_code == 1


def test_strict_exits_1_on_a_single_finding_named_with_file_row_and_column(tmp_path):
    # Z01 finished on 04/02, the day before it was received: one finding, on data row 14 (line 15).
    odd = ("Z01", "2.000101", "2", "05/02/2026", "10/02/2026", "04/02/2026", *HAND[0][6:])
    path = write_csv(tmp_path / "lech.csv", DOSSIER_HEADERS, [*HAND, odd])
    done = _invoke("indicators", "--period", "2026-02", "--dossiers", str(path), "--strict")
    assert done.exit_code == 1 and "Kiểm tra số liệu: 1 phát hiện" in done.stderr
    assert f"[FINISHED_BEFORE_RECEIVED] {path}, dòng 15, cột 'NgayKetThucXuLy': Hồ sơ Z01" in done.stderr


def test_import_by_splits_by_the_column_named(tmp_path):
    root = write_root(tmp_path / "du-lieu", ("an-binh", "An Bình", "xã"), ("phuong-liet", "Phương Liệt", "phường"))
    # Two unit columns: by default the receiving one ("Cơ quan tiếp nhận": Phương Liệt); --by takes the other.
    rows = [("UBND xã An Bình", *r) for r in _rows("AB-", "Phương Liệt")]
    export = write_csv(tmp_path / "hai-cot.csv", ["Nơi nộp", "Cơ quan tiếp nhận", *HEADERS_VN], rows)
    done = _invoke("import", str(export), "--data", str(root), "--by", "Nơi nộp")
    assert done.exit_code == 0, done.output
    assert "hai-cot.csv: 18 hồ sơ, chia theo cột 'Nơi nộp'" in done.stdout
    assert "  xã An Bình: 18 hồ sơ" in done.stdout
    assert (root / "an-binh").is_dir() and not any((root / "phuong-liet").glob("dossiers-*"))
