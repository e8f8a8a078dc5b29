"""Every finding code the package can give is provoked and asserted by a test.

The codes are found in the package's source (string literals written like ``BAD_DATE``), so
a new code without a test fails here. The inputs below are worked out by hand: the row a
finding names is the row a person sees in a spreadsheet (the header is row 1 of a CSV).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import HEADERS_VN, REPO, run_cli, write_csv, write_root

from tthc_analysis.core.errors import InputError
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.inputs.tables import load_dossiers, load_procedures
from tthc_analysis.run.check import check_root

CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
# Upper-case string literals of the package that are not finding codes, and what they are.
NOT_CODES = {
    "SAMPLE_COMMUNES": "the sample generator's table, named in a message",
    "XDG_CACHE_HOME": "an environment variable (where the cache of loaded exports goes)",
    "TTHC_CACHE": "an environment variable (0 turns the cache of loaded exports off)",
    "TTHC_CACHE_DIR": "an environment variable (the cache's folder)",
    "TTHC_DEBUG": "an environment variable (tracebacks for developers)",
    "O_BINARY": "an os flag, read with getattr where it exists (Windows)",
}


def _package_codes() -> set[str]:
    codes = set()
    for path in (REPO / "tthc_analysis").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
                codes.add(node.value)
    return codes - set(NOT_CODES)


def test_every_finding_code_is_asserted_by_a_test():
    tests = list(Path(__file__).parent.glob("test_*.py"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in tests)
    codes = _package_codes()
    assert len(codes) >= 25  # the scan finds the codes at all (29 on 29/11/2026)
    untested = sorted(c for c in codes if f'"{c}"' not in text)
    assert untested == [], f"finding codes no test names: {untested}"


def _problems(call, *args) -> list:
    with pytest.raises(InputError) as raised:
        call(*args)
    return raised.value.problems


def _row(ident: str, received: str = "02/02/2026") -> tuple:
    return (ident, "Hộ tịch", "10", "2", received, "05/02/2026", "03/02/2026")


def test_a_date_that_does_not_exist_is_bad_date_at_its_row_and_column(tmp_path):
    # The third dossier (row 4: header, A, B, C) was received on 30 February.
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, [_row("A"), _row("B"), _row("C", "30/02/2026")])
    problems = _problems(load_dossiers, [path])
    assert [(p.code, p.row, p.column, p.severity) for p in problems] == [("BAD_DATE", 4, "Ngày tiếp nhận", "error")]
    assert "30/02/2026" in problems[0].message


def test_an_empty_received_date_and_an_empty_id_are_empty_required(tmp_path):
    rows = [_row("A"), _row("B", ""), _row("")]  # row 3 has no received date, row 4 no id
    problems = _problems(load_dossiers, [write_csv(tmp_path / "ho-so.csv", HEADERS_VN, rows)])
    found = sorted((p.code, p.row, p.column) for p in problems)
    assert found == [("EMPTY_REQUIRED", 3, "Ngày tiếp nhận"), ("EMPTY_REQUIRED", 4, "Mã hồ sơ")]


def test_a_dossier_never_received_needs_no_received_date(tmp_path):
    # Status 1 (only registered) and 3 (not accepted) are not received: no date is fine.
    rows = [_row("A"), ("B", "Hộ tịch", "1", "2", "", "", ""), ("C", "Hộ tịch", "3", "2", "", "", "")]
    table = load_dossiers([write_csv(tmp_path / "ho-so.csv", HEADERS_VN, rows)])
    assert len(table) == 3 and not [w for w in table.warnings if w.code == "EMPTY_REQUIRED"]


def test_a_procedure_level_outside_1_to_4_is_bad_code(tmp_path):
    path = tmp_path / "procedures.csv"
    path.write_text(
        "MaTTHC,TenTTHC,MaLinhVuc,TenLinhVuc,MucDo,CoPhi,CongKhai\n"
        "1.005605,Đăng ký khai sinh,HT,Hộ tịch,3,1,1\n"
        "1.006039,Đăng ký khai sinh lưu động,HT,Hộ tịch,7,1,1\n",
        encoding="utf-8",
    )
    problems = _problems(load_procedures, path)
    assert [(p.code, p.row, p.column) for p in problems] == [("BAD_CODE", 3, "MucDo")]
    assert "'7'" in problems[0].message


def test_a_commune_with_neither_exports_nor_summaries_is_no_data(tmp_path):
    root = write_root(tmp_path / "data", ("xa-trong", "Xã Trống", "xã"))
    problems = check_root(DataRoot(root), None, None)
    assert [(p.code, p.file) for p in problems] == [("NO_DATA", str(root / "xa-trong"))]
    result = run_cli("check", "--data", str(root))
    # A warning, not an error: the other communes can still be checked and reported.
    assert "CẢNH BÁO" in result.stdout and "không có tệp hồ sơ" in result.stdout
    assert "0 lỗi, 1 cảnh báo." in result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
