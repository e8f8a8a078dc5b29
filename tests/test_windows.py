"""Windows, simulated where it can be (docs/windows.md): a product open in Word, msvcrt locks,
spawned workers, kernels without process groups, paths written with "\\", a cp1258 console.

Nothing here runs on Windows: each test gives Linux the Windows behaviour it is about (an
``os.replace`` that raises PermissionError, a stand-in ``msvcrt``, a ``kernel32`` that records
its calls, ``os.killpg`` taken away, ``PureWindowsPath``) and checks what the code does with it.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path, PureWindowsPath

import psutil
import pytest
from conftest import HAND_ROWS, HEADERS_VN, REPO, write_csv, write_root

from tthc_analysis.core import atomic
from tthc_analysis.core.atomic import FileLock, atomic_path, exclusive, write_text
from tthc_analysis.core.errors import TthcError
from tthc_analysis.report import paths as product_paths
from tthc_analysis.run import batch, executors, kernel
from tthc_analysis.run.batch import RunResult
from tthc_analysis.run.cli import run
from tthc_analysis.run.console import use_console_encoding
from tthc_analysis.run.notebook import failure_text

SHARING_VIOLATION = "The process cannot access the file because it is being used by another process"


def in_use(path) -> str:
    return f"Đóng tệp {path} (đang mở trong chương trình khác, ví dụ Word hoặc Excel) rồi chạy lại."


@pytest.fixture
def held_open(monkeypatch):
    """``held_open(path)``: from now on ``path`` is refused as Windows refuses a file Word has open
    (PermissionError, errno 13): ``os.replace`` onto it, and opening it for writing (Word lets
    others read it only). Returns the list of refused renames (``times``: only the first ones)."""
    real_replace, real_open = os.replace, os.open

    def hold(path: Path, times: int | None = None) -> list:
        refused: list[Path] = []

        def replace(src, dst, *args, **kwargs):
            if Path(dst) == Path(path) and (times is None or len(refused) < times):
                refused.append(Path(dst))
                raise PermissionError(13, SHARING_VIOLATION, str(dst))
            return real_replace(src, dst, *args, **kwargs)

        def open_(file, flags, *args, **kwargs):
            if Path(file) == Path(path) and flags & (os.O_WRONLY | os.O_RDWR) and times is None:
                raise PermissionError(13, SHARING_VIOLATION, str(file))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "open", open_)
        return refused

    return hold


# ---------------------------------------------------------------- a product open in Word


def test_a_file_open_in_word_is_left_as_it_was_and_the_clerk_is_told_to_close_it(tmp_path, held_open):
    target = tmp_path / "bao-cao.docx"
    target.write_bytes(b"PK\x03\x04 ban cu")
    held_open(target)
    with pytest.raises(TthcError) as refused, atomic_path(target) as temp:
        temp.write_bytes(b"PK\x03\x04 ban moi")
    assert str(refused.value) == in_use(target)
    assert target.read_bytes() == b"PK\x03\x04 ban cu"
    assert sorted(tmp_path.iterdir()) == [target]  # no .part left


def test_a_new_file_refused_is_not_written_at_all(tmp_path, held_open):
    held_open(tmp_path / "city.json")
    with pytest.raises(TthcError, match=r"^Đóng tệp "):
        write_text(tmp_path / "city.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_windows_tries_the_rename_again_before_giving_up(tmp_path, held_open, monkeypatch):
    # An antivirus holds the new file for a moment: the third try goes through.
    pauses: list[float] = []
    monkeypatch.setattr(atomic, "REPLACE_PAUSES", (0.1, 0.3, 0.6))
    monkeypatch.setattr(atomic.time, "sleep", pauses.append)
    refused = held_open(tmp_path / "x.json", times=2)
    write_text(tmp_path / "x.json", "mới")
    assert (tmp_path / "x.json").read_text(encoding="utf-8") == "mới"
    assert (len(refused), pauses) == (2, [0.1, 0.3])
    # Word keeps it open: 4 tries (1 + 3 pauses, 1 s in all), then the message.
    pauses.clear()
    refused = held_open(tmp_path / "x.json")
    with pytest.raises(TthcError):
        write_text(tmp_path / "x.json", "mới hơn")
    assert (len(refused), pauses) == (4, [0.1, 0.3, 0.6])
    assert (tmp_path / "x.json").read_text(encoding="utf-8") == "mới"


def test_posix_does_not_wait_and_other_errors_are_not_called_open_files(tmp_path, monkeypatch):
    on_this_system = (0.1, 0.3, 0.6) if os.name == "nt" else ()  # POSIX: no pause
    assert on_this_system == atomic.REPLACE_PAUSES
    monkeypatch.setattr(atomic, "REPLACE_PAUSES", ())
    target = tmp_path / "x.json"
    target.write_text("cũ", encoding="utf-8")

    def full_disk(src, dst, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError) as stopped, atomic_path(target) as temp:
        temp.write_text("mới", encoding="utf-8")
    assert not isinstance(stopped.value, TthcError) and stopped.value.errno == 28
    assert target.read_text(encoding="utf-8") == "cũ" and sorted(tmp_path.iterdir()) == [target]


def test_tthc_city_with_its_report_open_in_word_exits_2_and_keeps_it(tmp_path, held_open, capsys):
    out = tmp_path / "bao cáo"  # a folder name with a space and accents, as clerks name them
    command = ["city", "--period", "2026-02", "--communes", "hung-thang", "--out", str(out)]
    assert run(command) == 0
    docx = out / "2026-02" / "bao-cao-tong-hop-2026-02.docx"
    before = docx.read_bytes()
    capsys.readouterr()
    held_open(docx)
    assert run(command) == 2
    err = capsys.readouterr().err
    assert f"Lỗi: {in_use(docx)}\n" in err
    assert not any(word in err for word in ("Traceback", "TthcError", "PermissionError", "WinError"))
    assert docx.read_bytes() == before
    assert not list(docx.parent.glob(".*part*"))


def test_on_windows_a_file_open_in_word_is_found_before_anything_is_written(tmp_path, held_open, monkeypatch):
    monkeypatch.setattr(atomic, "WINDOWS", True)
    free, open_in_word = tmp_path / "city.json", tmp_path / "bao-cao.docx"
    free.write_text("cũ", encoding="utf-8")
    os.utime(free, (1_000_000, 1_000_000))
    open_in_word.write_bytes(b"PK ban cu")
    held_open(open_in_word)
    written = []
    with pytest.raises(TthcError) as refused, atomic_path(open_in_word) as temp:
        written.append(temp)  # never reached: refused before the (long) write
    assert (str(refused.value), written) == (in_use(open_in_word), [])
    assert sorted(tmp_path.iterdir()) == [open_in_word, free]
    # The look changes nothing in a file no program holds; a file not there yet is no obstacle.
    with atomic_path(free) as temp:
        assert free.stat().st_mtime == 1_000_000 and free.read_text(encoding="utf-8") == "cũ"
        temp.write_text("mới", encoding="utf-8")
    write_text(tmp_path / "moi.json", "{}")
    assert (free.read_text(encoding="utf-8"), (tmp_path / "moi.json").read_text(encoding="utf-8")) == ("mới", "{}")


def test_on_windows_tthc_city_with_its_report_open_in_word_keeps_the_whole_earlier_set(
    tmp_path, held_open, monkeypatch, capsys
):
    # The four products are written together (report/city/report.py): the .docx open in Word is
    # found before any is renamed, so none of them is replaced, not only the .docx.
    out = tmp_path / "out"
    command = ["city", "--period", "2026-02", "--communes", "hung-thang", "--out", str(out)]
    assert run(command) == 0
    folder = out / "2026-02"
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in folder.iterdir()}
    assert len(before) == 4
    capsys.readouterr()
    monkeypatch.setattr(atomic, "WINDOWS", True)
    held_open(folder / "bao-cao-tong-hop-2026-02.docx")
    assert run(command) == 2
    assert f"Lỗi: {in_use(folder / 'bao-cao-tong-hop-2026-02.docx')}\n" in capsys.readouterr().err
    assert {p.name: (p.stat().st_ino, p.read_bytes()) for p in folder.iterdir()} == before


def test_the_message_reaches_a_vietnamese_windows_console_whole():
    # A redirect on Vietnamese Windows writes cp1258 (run/console.py): "ỗ", "ệ", "ạ" go decomposed.
    docx = PureWindowsPath(r"outputs\hung-thang\2026-02\bao-cao.docx")
    message = f"Lỗi: {in_use(docx)}"
    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1258")
    use_console_encoding([stream])
    print(message, file=stream, flush=True)
    written = stream.buffer.getvalue().decode("cp1258")
    assert written != message + "\n" and unicodedata.normalize("NFC", written) == message + "\n"
    assert r"outputs\hung-thang\2026-02\bao-cao.docx" in written


# ---------------------------------------------------------------- the same in a batch


@pytest.fixture
def two_communes(tmp_path) -> Path:
    root = write_root(tmp_path / "data", ("an-binh", "an-binh", "xã"), ("binh-an", "binh-an", "phường"))
    for commune in ("an-binh", "binh-an"):
        write_csv(root / commune / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    return root


@pytest.fixture
def quick_workers(monkeypatch):
    """Workers that finish every commune at once, with no products (as in tests/test_interrupt.py)."""

    def results(job, communes, arguments, workers):
        for commune in communes:
            yield commune, RunResult(commune, arguments[0], seconds=0.1), None

    monkeypatch.setattr(batch, "local_results", results)


def test_a_commune_whose_report_is_open_fails_alone_with_the_message():
    # What a worker records when the notebook's write of the .docx was refused (kernel cell error).
    docx = PureWindowsPath(r"outputs\an-binh\2026-02\bao-cao-cctthc-an-binh-2026-02.docx")
    assert failure_text(f"TthcError: {in_use(docx)}") == in_use(docx)


def test_a_batch_whose_city_report_is_open_keeps_its_communes_and_says_why(
    two_communes, tmp_path, held_open, quick_workers
):
    out = tmp_path / "out"
    docx = out / "2026-02" / "bao-cao-tong-hop-2026-02.docx"
    held_open(docx)
    done = batch.run_batch("2026-02", data_dir=two_communes, out_dir=out, progress=False)
    assert [r.status for r in done.results] == ["ok", "ok"]
    assert (done.city, done.city_error) == (None, in_use(docx))
    assert any(in_use(docx) in line for line in batch.summary_lines(done))
    assert (out / "2026-02" / "index.html").exists() and not docx.exists()


def test_a_batch_whose_manifest_is_open_stops_with_the_message(two_communes, tmp_path, held_open, quick_workers):
    out = tmp_path / "out"
    manifest = out / "2026-02" / "manifest.json"
    held_open(manifest)
    with pytest.raises(TthcError) as refused:
        batch.run_batch("2026-02", data_dir=two_communes, out_dir=out, progress=False)
    assert str(refused.value) == in_use(manifest)
    assert sorted(p.name for p in manifest.parent.iterdir()) == []  # no lock, no .part left


# ---------------------------------------------------------------- msvcrt locks


class FakeMsvcrt:
    """``msvcrt.locking`` as Windows does it: ``nbytes`` from the handle's position, per handle
    (two handles of one process exclude each other), a byte beyond the end of the file allowed."""

    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self) -> None:
        self.held: dict[tuple, int] = {}

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        about = os.fstat(fd)
        where = (about.st_dev, about.st_ino, os.lseek(fd, 0, os.SEEK_CUR), nbytes)
        if mode == self.LK_UNLCK:
            if self.held.get(where) != fd:
                raise PermissionError(13, "Permission denied")
            del self.held[where]
        elif where in self.held:
            raise PermissionError(13, "Permission denied")
        else:
            self.held[where] = fd


@pytest.fixture
def windows_locks(monkeypatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setattr(atomic, "WINDOWS", True)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    return fake


def test_a_windows_lock_writes_its_holder_where_another_process_reads_it(tmp_path, windows_locks):
    path = tmp_path / "batch.lock"
    about = {"pid": 4242, "host": "may-tinh-so-1", "started": "2026-03-01T08:05:09"}
    first, second = FileLock(path), FileLock(path)
    assert first.acquire(about) is None
    text = json.dumps(about, ensure_ascii=False)
    # The text is at the start of the file, not after the locked byte (1 GiB on): the bug this was.
    assert path.read_text(encoding="utf-8") == text and path.stat().st_size == len(text) == 72
    assert second.acquire({"pid": 1}) == about
    with pytest.raises(TthcError) as refused, exclusive(path, "một lần chạy thử"):
        pass
    assert str(refused.value).startswith(
        "một lần chạy thử đang chạy (tiến trình 4242 trên máy may-tinh-so-1, bắt đầu lúc 08:05:09 ngày 01/03/2026)"
    )
    first.release()
    assert windows_locks.held == {} and not path.exists()
    with exclusive(path, "một lần chạy thử"):
        assert json.loads(path.read_text(encoding="utf-8"))["pid"] == os.getpid()
        assert len(windows_locks.held) == 1
    assert windows_locks.held == {} and not path.exists()


# ---------------------------------------------------------------- spawned workers, Ctrl+C


def test_batch_workers_are_spawned_never_forked(tmp_path):
    slot = executors._Slot(tmp_path / "slot")
    try:
        assert slot.submit(str.upper, "hung-thang", ()).result(timeout=120) == "HUNG-THANG"
        assert slot.pool._mp_context.get_start_method() == "spawn"
    finally:
        slot.close()


def test_a_cheap_job_runs_in_local_workers_under_spawn():
    assert multiprocessing.get_context("spawn").get_start_method() == "spawn"
    done = {c: (r, e) for c, r, e in executors.local_results(str.upper, ["a", "b", "c"], (), 2)}
    assert done == {"a": ("A", None), "b": ("B", None), "c": ("C", None)}


class Kernel32:
    """``kernel32.SetConsoleCtrlHandler`` recording each call with the worker processes alive then."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def SetConsoleCtrlHandler(self, handler, ignore: bool) -> int:  # Windows' name
        self.calls.append((handler, ignore, len(multiprocessing.active_children())))
        return 1


def test_on_windows_a_worker_is_created_while_ctrl_c_is_ignored(tmp_path, monkeypatch):
    # Windows has no signal masks: the worker inherits "ignore Ctrl+C" from the moment it is created.
    recorder = Kernel32()
    monkeypatch.setattr(executors, "WINDOWS", True)
    monkeypatch.setattr(executors, "_kernel32", lambda: recorder)
    slot = executors._Slot(tmp_path / "slot")
    try:
        assert slot.submit(str.upper, "a", ()).result(timeout=120) == "A"
    finally:
        slot.close()
    assert recorder.calls == [(None, True, 0), (None, False, 1)]


def test_a_worker_start_needs_no_posix_signal_masks(monkeypatch):
    set_to, noted = [], []
    monkeypatch.delattr(signal, "pthread_sigmask", raising=False)
    monkeypatch.setattr(signal, "signal", lambda number, handler: set_to.append((number, handler)))
    monkeypatch.setattr(executors, "note_kernels_in", noted.append)
    executors._worker_start("ghi-chu")
    with executors._sigint_held():
        pass
    assert (set_to, noted) == ([(signal.SIGINT, signal.SIG_IGN)], ["ghi-chu"])


def test_how_a_worker_ended_on_windows_in_words():
    # Windows exit codes: os._exit(3) is 3; Process.kill() (TerminateProcess) reads as -SIGTERM.
    assert executors.exit_reason(3) == "mã thoát 3"
    assert executors.exit_reason(-signal.SIGTERM) == "bị dừng bằng SIGTERM"


# ---------------------------------------------------------------- kernels without process groups


class _Provisioner:
    def __init__(self, pgid, pid) -> None:
        self.pgid, self.pid = pgid, pid


class _Manager:
    def __init__(self, pgid, pid) -> None:
        self.provisioner = _Provisioner(pgid, pid)


def test_a_kernel_is_noted_by_its_group_on_posix_and_by_its_pid_on_windows(monkeypatch):
    if hasattr(os, "killpg"):
        assert kernel.kernel_key(_Manager(4100, 4100)) == 4100
    assert kernel.kernel_key(_Manager(None, None)) is None
    for posix_only in ("killpg", "getpgrp", "getpgid"):  # Windows: jupyter_client leaves pgid None
        monkeypatch.delattr(os, posix_only, raising=False)
    assert kernel.kernel_key(_Manager(None, 5200)) == "pid-5200"
    assert kernel.kill_group(4100) is False and kernel.end_kernel(4100) is False
    assert kernel.end_kernel(f"pid-{os.getpid()}") is False  # never the batch itself


def _stand_in_kernel(*argv: str) -> tuple[subprocess.Popen, list[int]]:
    """A shell and its child, the shell's command line naming ``argv`` (as a kernel's names its connection file)."""
    shell = subprocess.Popen(["sh", "-c", "sleep 60 & wait", *argv])
    deadline = time.monotonic() + 10
    while not (children := psutil.Process(shell.pid).children()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return shell, [shell.pid, *(c.pid for c in children)]


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.skipif(not shutil.which("sh"), reason="a POSIX shell stands in for the kernel")
def test_without_process_groups_a_dead_workers_kernel_is_ended_with_its_children(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "killpg", raising=False)
    notes = tmp_path / "notes"
    notes.mkdir()
    monkeypatch.setattr(kernel, "_NOTES", notes)
    connection = tmp_path / "kernel-1.json"
    connection.write_text("{}", encoding="utf-8")
    shell, pids = _stand_in_kernel("-f", str(connection))
    other, other_pids = _stand_in_kernel("-f", str(tmp_path / "kernel-2.json"))
    try:
        assert len(pids) == 2
        kernel.note_kernel(f"pid-{shell.pid}", connection_file=str(connection))
        # A pid noted for a kernel long gone, now another program's (its command line differs): spared.
        kernel.note_kernel(f"pid-{other.pid}", connection_file=str(tmp_path / "kernel-9.json"))
        assert sorted(p.name for p in notes.iterdir()) == sorted([f"kernel-pid-{shell.pid}", f"kernel-pid-{other.pid}"])
        assert kernel.end_noted_kernels(notes) == [f"pid-{shell.pid}"]
        shell.wait(5)
        assert not any(_alive(pid) for pid in pids) and all(_alive(pid) for pid in other_pids)
        assert list(notes.iterdir()) == [] and not connection.exists()
    finally:
        for process in (shell, other):
            kernel.kill_tree(process.pid)
            process.wait(5)


# ---------------------------------------------------------------- paths written with "\"


def test_products_paths_are_built_by_parts_so_windows_paths_come_out_whole(monkeypatch):
    monkeypatch.setattr(product_paths, "Path", PureWindowsPath)
    report = product_paths.ProductPaths.for_run(r"D:\bao-cao", "hung-thang", "2026-02")
    assert str(report.report_docx) == r"D:\bao-cao\hung-thang\2026-02\bao-cao-cctthc-hung-thang-2026-02.docx"
    assert str(report.bieu06a_xlsx) == r"D:\bao-cao\hung-thang\2026-02\bieu-06a-hung-thang-2026-02.xlsx"
    city = product_paths.CityPaths.for_period(r"ket-qua\thang-02", "2026-02")
    assert str(city.page_html) == r"ket-qua\thang-02\2026-02\tong-hop-2026-02.html"
    # A link inside a page is a URL: "/" on every system.
    assert city.commune_report("hung-thang") == "../hung-thang/2026-02/bao-cao-hung-thang-2026-02.html"
    trends = product_paths.TrendsPaths.for_run(r"D:\bao-cao", "2025-01", "2026-02", "hung-thang")
    assert str(trends.report_html) == r"D:\bao-cao\trends\xu-huong-hung-thang-2025-01-2026-02.html"


def test_a_date_range_never_puts_a_separator_or_colon_in_a_windows_name():
    part = product_paths.period_part("2025-07-01..2025-10-31")
    assert part == "2025-07-01-den-2025-10-31"
    assert PureWindowsPath(part).name == part and not set(part) & set('<>:"/\\|?*')


# ---------------------------------------------------------------- end to end (Windows' write refused in the kernel)

HOOK = """\
import os
_replace = os.replace
def _refused(src, dst, *args, **kwargs):
    if os.path.basename(os.fspath(dst)) == os.environ.get("TTHC_TEST_HELD_OPEN"):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process", os.fspath(dst))
    return _replace(src, dst, *args, **kwargs)
os.replace = _refused
"""


@pytest.mark.e2e
def test_tthc_report_with_its_docx_open_in_word_exits_2_and_keeps_it(tmp_path):
    # The .docx is written by the notebook, in the kernel: every process of the run (the command,
    # its kernel) gets the refusing os.replace through a sitecustomize on PYTHONPATH.
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tthc_analysis", "report", "--commune", "hung-thang", "--period", "2026-02"]
    command += ["--out", str(out)]
    env = {k: v for k, v in os.environ.items() if k != "TTHC_DEBUG"}
    first = subprocess.run(command, cwd=REPO, capture_output=True, text=True, encoding="utf-8", env=env)
    assert first.returncode == 0, first.stderr
    name = "bao-cao-cctthc-hung-thang-2026-02.docx"
    docx = out / "hung-thang" / "2026-02" / name
    before = docx.read_bytes()
    env |= {"PYTHONPATH": str(tmp_path / "hook"), "TTHC_TEST_HELD_OPEN": name}
    again = subprocess.run(command, cwd=REPO, capture_output=True, text=True, encoding="utf-8", env=env)
    assert again.returncode == 2, again.stderr
    assert in_use(docx) in again.stderr and "Traceback" not in again.stderr and "TthcError" not in again.stderr
    assert docx.read_bytes() == before and not list(docx.parent.glob(".*part*"))
