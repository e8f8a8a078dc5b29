"""The tthc command on any console, in Vietnamese only (run/console.py, run/click_vi.py).

On Windows a redirect or a pipe is written in the ANSI code page: cp1258 on Vietnamese
Windows (precomposed â ê ô ă ơ ư đ, tone marks combining), cp1252 elsewhere. A character the
code page lacks is written decomposed, else without its accents, else "?" — never a crash.
Every help page and usage error is Vietnamese, and no Python class name reaches the clerk.
"""

from __future__ import annotations

import ast
import io
import os
import re
import string
import subprocess
import sys
import unicodedata
from pathlib import Path

import click
import pytest
from conftest import REPO, SAMPLE, run_cli

from tthc_analysis.run.click_vi import VIETNAMESE, VIETNAMESE_PLURALS
from tthc_analysis.run.console import (
    error_handler,
    replacement,
    unexpected_message,
    use_console_encoding,
    without_class_names,
)

ANSI = ("cp1252", "cp1258")
# Click's English, as it prints it: none of it may reach the clerk.
CLICK_ENGLISH = (
    "Usage:",
    "Options:",
    "Commands:",
    "Show this message",
    "Show the version",
    "[required]",
    "[default",
    "Error:",
    "Try '",
    "for help",
    "Missing option",
    "Missing argument",
    "Missing parameter",
    "No such command",
    "No such option",
    "Did you mean",
    "Invalid value",
    "is not a valid",
    "requires an argument",
    "Got unexpected extra",
    "[OPTIONS]",
    "COMMAND",
    "[ARGS]",
    "TEXT",
    "INTEGER",
    "DIRECTORY",
    "FILE",
    "PATH",
)
CLASS_NAMES = ("InputError", "TthcError", "ReportError", "ValueError", "UsageError", "Exception", "Traceback")
COMMANDS = ("indicators", "report", "check", "batch", "city", "trends")


def _fold(text: str) -> str:
    """Text without accents, to look for a word however a code page wrote it."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _run(encoding: str, *args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """``python -m tthc_analysis`` writing to a pipe (or ``stdout``) in ``encoding``, as bytes."""
    env = {k: v for k, v in os.environ.items() if k not in ("TTHC_DEBUG", "PYTHONUTF8")}
    env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "tthc_analysis", *args], cwd=REPO, env=env, stdout=stdout, stderr=subprocess.PIPE
    )


def _no_crash(done: subprocess.CompletedProcess, out: bytes, encoding: str) -> str:
    """The run's stdout and stderr as the console shows them (NFC); the run ended well."""
    text = unicodedata.normalize("NFC", out.decode(encoding) + done.stderr.decode(encoding))
    assert done.returncode == 0, text
    assert "UnicodeEncodeError" not in text and "khong mong doi" not in _fold(text)
    return text


# --- the error handler, worked out by hand ---------------------------------------------


@pytest.mark.parametrize(
    ("char", "encoding", "written"),
    [
        ("ắ", "cp1258", "ă\u0301"),  # cp1258 has ă and a combining acute, no combining breve
        ("Ấ", "cp1258", "Â\u0301"),
        ("ệ", "cp1258", "ê\u0323"),  # NFD puts the dot below first; cp1258 has no combining circumflex
        ("ặ", "cp1258", "ă\u0323"),
        ("ả", "cp1258", "a\u0309"),  # plain NFD encodes
        ("ỗ", "cp1258", "ô\u0303"),
        ("ắ", "cp1252", "a"),  # no combining marks in cp1252: without accents
        ("ơ", "cp1252", "o"),
        ("ỗ", "cp1252", "o"),
        ("đ", "cp1252", "d"),
        ("Đ", "cp1252", "D"),
        ("ệ", "ascii", "e"),
        ("≠", "cp1258", "!="),
        ("→", "cp1252", "->"),
        ("\u0302", "cp1258", ""),  # a lone combining circumflex: dropped
        ("中", "cp1252", "?"),
    ],
)
def test_a_character_the_code_page_lacks_is_decomposed_else_unaccented_else_a_question_mark(char, encoding, written):
    assert replacement(char, encoding) == written


def test_every_vietnamese_letter_survives_cp1258():
    letters = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    text = "đĐ " + " ".join(unicodedata.normalize("NFC", v + t) for v in letters for t in tones)
    written = text.encode("cp1258", errors=error_handler("cp1258"))
    assert unicodedata.normalize("NFC", written.decode("cp1258")) == text
    # In cp1252 the same text is still written, what cp1252 lacks without its accents.
    assert "Hùng Thắng".encode("cp1252", errors=error_handler("cp1252")) == "Hùng Thang".encode("cp1252")


def test_only_a_console_that_is_not_utf8_gets_the_handler():
    ansi = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    use_console_encoding([ansi, utf8])
    assert ansi.errors == "tthc-vi-cp1252" and utf8.errors == "strict"
    ansi.write("Thắng ≠ 14/03/2026")
    ansi.flush()
    assert ansi.buffer.getvalue() == b"Thang != 14/03/2026"


# --- the commands on an ANSI console -----------------------------------------------------


@pytest.mark.parametrize("encoding", ANSI)
def test_indicators_to_a_pipe_in_an_ansi_code_page(encoding):
    done = _run(encoding, "indicators", "--commune", "hung-thang", "--period", "2026-02")
    text = _no_crash(done, done.stdout, encoding)
    assert ("Hùng Thắng" if encoding == "cp1258" else "Hùng Thang") in text  # "UBND xã Hùng Thắng"
    assert '"total": 893' in text


@pytest.mark.parametrize("encoding", ANSI)
def test_check_to_a_file_in_an_ansi_code_page(tmp_path, encoding):
    with open(tmp_path / "out.txt", "wb") as out:
        done = _run(encoding, "check", "--commune", "hung-thang", "--period", "2026-02", stdout=out)
    text = _no_crash(done, (tmp_path / "out.txt").read_bytes(), encoding)
    if encoding == "cp1258":
        assert "0 lỗi, 8 cảnh báo." in text and "CẢNH BÁO" in text and "Tổng số hồ sơ" in text
    else:  # ỗ, ả, ổ are not in cp1252; á, ó, ô are
        assert "0 loi, 8 canh báo." in text and "CANH BÁO" in text and "Tong so ho so" in text


@pytest.mark.e2e
@pytest.mark.parametrize("encoding", ANSI)
def test_report_to_a_pipe_in_an_ansi_code_page(tmp_path, encoding):
    done = _run(encoding, "report", "--commune", "hung-thang", "--period", "2026-02", "--out", str(tmp_path))
    text = _no_crash(done, done.stdout, encoding)
    assert ("Hùng Thắng" if encoding == "cp1258" else "Hùng Thang") in text
    assert (tmp_path / "hung-thang" / "2026-02" / "indicators.json").exists()


# --- Vietnamese only ---------------------------------------------------------------------


def _assert_vietnamese(text: str) -> None:
    assert text.strip()
    found = [phrase for phrase in (*CLICK_ENGLISH, *CLASS_NAMES) if phrase in text]
    assert not found, (found, text)
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("args", [("-h",), ("--help",), *[(c, "--help") for c in COMMANDS], ("report", "-h")])
def test_every_help_page_is_vietnamese(capsys, args):
    from tthc_analysis.run.cli import run

    assert run(list(args)) == 0
    out = capsys.readouterr().out
    _assert_vietnamese(out)
    assert "Cách dùng: tthc" in out and "Hiện hướng dẫn này rồi thoát." in out
    # A unit is a xã, a phường or a đặc khu: no help calls them all "xã".
    assert not re.search(r"(mọi|các|mỗi|một|mã) xã(?!, phường)", out.replace("\n", " ")), out


def test_the_help_names_values_in_vietnamese(capsys):
    from tthc_analysis.run.cli import run

    assert run(["report", "--help"]) == 0
    out = capsys.readouterr().out
    assert "Cách dùng: tthc report [TÙY CHỌN]" in out
    assert "--commune MÃ" in out and "--period KỲ" in out and "--out THƯ_MỤC" in out
    assert "[bắt buộc]" in out and "[mặc định: outputs]" in out
    assert run(["indicators", "--help"]) == 0
    assert "Cách dùng: tthc indicators [TÙY CHỌN] [TỆP]..." in capsys.readouterr().out
    assert run(["-h"]) == 0
    out = capsys.readouterr().out
    assert "Cách dùng: tthc [TÙY CHỌN] LỆNH [THAM SỐ]..." in out and "Lệnh:" in out and "Tùy chọn:" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("reprot",), "Không có lệnh 'reprot'. Có phải ý bạn là 'report'?"),
        (("report",), "Thiếu tùy chọn '--commune'."),
        (("report", "--period", "x"), "Thiếu tùy chọn '--commune'."),
        (("report", "--commune", "hung-thang"), "Thiếu tùy chọn '--period'."),
        (("batch", "--period", "2026-02", "--workers", "x"), "'x' không phải là một số hợp lệ."),
        (("batch", "--period", "2026-02", "--workers", "0"), "0 nằm ngoài khoảng 1<=x<=64."),
        (("indicators", "--period", "2026-02", "--bogus"), "Không có tùy chọn '--bogus'."),
        (("indicators", "--period"), "Tùy chọn '--period' cần một giá trị."),
        (("city", "--period", "2026-02", "thừa"), "Thừa tham số (thừa)"),
    ],
)
def test_usage_errors_are_vietnamese(args, said):
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert said in result.stderr and result.stderr.startswith(("Cách dùng: tthc", "Lỗi: "))
    _assert_vietnamese(result.stderr)
    assert not result.stdout


def test_every_text_click_can_print_has_a_vietnamese_one():
    """Every ``_("…")`` and ``ngettext("…", "…", n)`` of the installed Click, read from its source."""
    singles, plurals = set(), set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                singles.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) == 2:
                plurals.add(tuple(texts))
    singles.add("required")  # core.py: _(extra["required"])
    assert len(singles) > 60 and len(plurals) >= 7  # the source was read
    assert singles - VIETNAMESE.keys() == set()
    assert plurals - VIETNAMESE_PLURALS.keys() == set()


def _placeholders(text: str) -> set[str]:
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return fields | set(re.findall(r"%\((\w+)\)s", text))


def test_translations_keep_the_placeholders():
    pairs = list(VIETNAMESE.items())
    pairs += [(e, v) for key, value in VIETNAMESE_PLURALS.items() for e, v in zip(key, value, strict=True)]
    for english, vietnamese in pairs:
        assert unicodedata.is_normalized("NFC", vietnamese), english
        missing = _placeholders(english) - _placeholders(vietnamese)
        assert _placeholders(vietnamese) <= _placeholders(english), english
        # Left out only where Click fills in an English word ("integer", "option", "Directory").
        assert missing <= {"number_type", "param_type", "name"}, english
        assert "name" not in missing or "{filename!r}" in english, english


# --- no Python class name ----------------------------------------------------------------


def test_a_corrupt_workbook_is_named_without_a_class(tmp_path):
    bad = tmp_path / "ho-so.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    check = run_cli("check", "--dossiers", str(bad))
    assert check.returncode == 1 and str(bad) in check.stdout
    indicators = run_cli("indicators", "--period", "2026-02", "--dossiers", str(bad))
    assert indicators.returncode == 2 and indicators.stderr.startswith("Lỗi dữ liệu đầu vào:")
    for result in (check, indicators):
        text = result.stdout + result.stderr
        assert "Error:" not in text and not [n for n in CLASS_NAMES if n in text], text


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("InputError: không có dữ liệu", "không có dữ liệu"),
        ("không khởi động được kernel: RuntimeError: no kernel", "không khởi động được kernel: no kernel"),
        ("zipfile.BadZipFile: File is not a zip file", "File is not a zip file"),
        ("KilledWorker: ('hung-thang', 3)", "('hung-thang', 3)"),
        ("x.csv, dòng 4, cột 'MaHoSoError': trống", "x.csv, dòng 4, cột 'MaHoSoError': trống"),
        ("không tìm thấy LibreOffice: cài soffice", "không tìm thấy LibreOffice: cài soffice"),
    ],
)
def test_class_names_are_taken_out_of_messages(text, said):
    assert without_class_names(text) == said


def test_errors_print_their_message_only(capsys, monkeypatch):
    from tthc_analysis.core.errors import ReportError
    from tthc_analysis.run import cli

    monkeypatch.delenv("TTHC_DEBUG", raising=False)
    args = ["indicators", "--commune", "hung-thang", "--period", "2026-02"]

    def failing(error):
        def parse(_text):
            raise error

        return parse

    # A notebook that raised InputError: the kernel names it, the clerk does not see it.
    monkeypatch.setattr(cli, "parse_period", failing(ReportError("InputError: dữ liệu hỏng")))
    assert cli.run(args) == 2
    assert capsys.readouterr().err == "Lỗi: dữ liệu hỏng\n"
    monkeypatch.setattr(cli, "parse_period", failing(ValueError("số âm")))
    assert cli.run(args) == 3
    err = capsys.readouterr().err
    assert err.startswith("Lỗi không mong đợi: số âm\n") and "TTHC_DEBUG=1" in err and "ValueError" not in err
    monkeypatch.setenv("TTHC_DEBUG", "1")  # the class and the traceback, for the developer
    with pytest.raises(ValueError, match="số âm"):
        cli.run(args)
    assert unexpected_message(KeyError()).startswith("Lỗi không mong đợi.\n")


# --- a period after the data ---------------------------------------------------------------


def test_a_period_after_the_data_is_refused_before_the_notebook(tmp_path):
    result = run_cli("report", "--commune", "hung-thang", "--period", "2026-06", "--out", str(tmp_path))
    assert result.returncode == 2, result.stderr
    # The sample's last activity: a dossier received on 14/03/2026 (dossiers-2026-03.csv).
    assert "đến ngày 14/03/2026" in result.stderr and "tháng 06 năm 2026" in result.stderr
    assert "từ ngày 15/05/2026 đến ngày 14/06/2026" in result.stderr
    assert not list(tmp_path.rglob("*")), list(tmp_path.rglob("*"))  # no notebook ran, no -loi.ipynb
    _assert_vietnamese(result.stderr)


def test_a_period_not_yet_begun_is_refused_by_report_and_batch_from_the_calendar(tmp_path):
    # 2999-01 runs from 15/12/2998: after any today. The batch refuses it in its own process,
    # which must not import pandas for it (sys.modules["pandas"] = None makes importing it fail).
    for args in (("report", "--commune", "hung-thang"), ("batch",)):
        out = tmp_path / args[0]
        code = (
            "import sys\nsys.modules['pandas'] = None\nfrom tthc_analysis.run.cli import run\n"
            f"sys.exit(run({[*args, '--period', '2999-01', '--out', str(out)]!r}))\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8")
        assert done.returncode == 2, done.stderr
        assert "tháng 01 năm 2999 bắt đầu từ ngày 15/12/2998, sau hôm nay" in done.stderr, done.stderr
        assert not out.exists() or not list(out.rglob("*"))  # nothing written, no lock left
        _assert_vietnamese(done.stderr)


def test_a_batch_worker_refuses_a_period_after_the_data_without_a_notebook(tmp_path):
    from tthc_analysis.core.errors import InputError
    from tthc_analysis.run.notebook import run_report

    with pytest.raises(InputError, match=r"có từ ngày 16/12/2024 đến ngày 14/03/2026, không phủ tháng 06 năm 2026"):
        run_report("vinh-bao", "2026-06", data_dir=SAMPLE, out_dir=tmp_path)
    assert not list(tmp_path.rglob("*"))  # no kernel ran, no …-loi.ipynb
    with pytest.raises(InputError, match=r"không có số liệu đã công bố \(summary-2026-03.yaml\)"):
        run_report("vinh-bao", "2026-03", data_dir=SAMPLE, out_dir=tmp_path, source="published")
    assert not list(tmp_path.rglob("*"))
    # What is covered passes: exports reaching the period, or a published summary of it.
    from tthc_analysis.core.periods import parse_period
    from tthc_analysis.indicators.commune import require_figures

    for commune, period, source in [("vinh-bao", "2026-03", "dossiers"), ("hung-thang", "2026-02", "published")]:
        assert require_figures(SAMPLE, commune, parse_period(period), source=source) is None
    with pytest.raises(InputError, match="không phủ tháng 02 năm 2024"):
        require_figures(SAMPLE, "hung-thang", parse_period("2024-02"), source="auto")


# --- a unit is a xã, a phường or a đặc khu ---------------------------------------------------


def test_trends_counts_units_by_kind(capsys, monkeypatch, tmp_path):
    from tthc_analysis.run import notebook
    from tthc_analysis.run.cli import run

    def no_notebook(*_args, **_kwargs):
        raise notebook.ReportError("không chạy sổ tay trong phép thử")

    monkeypatch.setattr(notebook, "run_trends", no_notebook)
    communes = "tien-lang,le-chan,cat-hai,vinh-bao"  # xã, phường, đặc khu, xã (communes.yaml)
    assert run(["trends", "--communes", communes, "--from", "2026-01", "--to", "2026-02", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Đang lập báo cáo xu hướng của 2 xã, 1 phường, 1 đặc khu, từ tháng 01 năm 2026" in err
