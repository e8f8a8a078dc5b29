"""Ctrl+C and interrupted or concurrent batches lose nothing and never crash.

Fast: the summary and the index page of a batch whose manifest holds communes an earlier,
interrupted batch did not finish (hand-made results and products); the lock that keeps two
batches of a period apart; atomic writes stopped half way; local workers ended at once, with
their kernels, when the batch stops. End to end (``-m e2e``): SIGINT to ``tthc report`` and to
``tthc batch``'s process group at several moments, each synchronised on what the run has
written, then the next run succeeds.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import HAND_ROWS, HEADERS_VN, REPO, SAMPLE, FakeKernel, write_csv

from tthc_analysis.core.atomic import FileLock, atomic_path, exclusive
from tthc_analysis.core.errors import TthcError
from tthc_analysis.report.paths import ProductPaths
from tthc_analysis.run import batch
from tthc_analysis.run.batch import BatchResult, RunResult, summary_lines
from tthc_analysis.run.cli import run
from tthc_analysis.run.executors import local_results
from tthc_analysis.run.kernel import note_kernel
from tthc_analysis.run.notebook import run_report, whole_products

psutil = pytest.importorskip("psutil")  # installed with ipykernel

COMMUNES = ["an-binh", "binh-an", "dong-tam", "dong-hoa"]
INDEX_FIGURES = {  # what the index page reads of an indicators.json
    "bieu06a": {"total": 13},
    "new": 10,
    "resolved_in_time": 6,
    "overdue": 3,
    "rates": {
        "on_time": {"numerator": 6, "denominator": 7, "percent": 85.71, "status": "ok"},
        "online": {"numerator": 6, "denominator": 10, "percent": 60.0, "status": "ok"},
    },
    "findings": [],
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Four communes (one kind each), every one with the hand rows."""
    data = tmp_path / "data"
    lines = ["city: tỉnh Thử Nghiệm", "communes:"]
    for commune_id, kind in zip(COMMUNES, ("xã", "phường", "xã", "đặc khu"), strict=True):
        lines.append(f"  - {{id: {commune_id}, name: {commune_id}, kind: {kind}}}")
        (data / commune_id).mkdir(parents=True)
        write_csv(data / commune_id / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    (data / "communes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


@pytest.fixture
def stand_in_workers(monkeypatch) -> dict:
    """Workers that finish every commune at once, or, for the period ``hold``, once ``gate`` is set."""
    control = {"hold": None, "gate": threading.Event(), "entered": threading.Event()}

    def results(job, communes, arguments, workers):
        if arguments[0] == control["hold"]:
            control["entered"].set()
            control["gate"].wait(60)
        for commune in communes:
            yield commune, RunResult(commune, arguments[0], seconds=0.1), None

    monkeypatch.setattr(batch, "local_results", results)
    return control


def write_products(paths: ProductPaths, *, html_last: bool = True) -> None:
    """A commune's six products as one successful run leaves them: the notebook's own files, then
    the executed notebook, then the HTML page (``html_last=False``: the page of an older run)."""
    paths.folder.mkdir(parents=True, exist_ok=True)
    for product in paths.products():
        product.write_text(json.dumps(INDEX_FIGURES) if product == paths.indicators_json else "x", encoding="utf-8")
    base = time.time() - 100
    for product in paths.products():
        os.utime(product, (base, base))
    os.utime(paths.notebook, (base + 1, base + 1))
    os.utime(paths.report_html, (base + 2, base + 2) if html_last else (base - 50, base - 50))


def write_manifest(out: Path, communes: dict[str, dict]) -> None:
    rows = {c: {"commune": c, "period": "2026-02", **fields} for c, fields in communes.items()}
    manifest = out / "2026-02" / "manifest.json"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"period": "2026-02", "started": "2026-03-01T08:00:00", "communes": rows}))


# ---------------------------------------------------------------- products of one run, whole


def test_a_set_of_products_is_whole_only_when_one_run_made_all_of_it(tmp_path):
    paths = ProductPaths.for_run(tmp_path, "an-binh", "2026-02")
    write_products(paths)
    assert whole_products(paths)
    write_products(paths, html_last=False)  # a later run stopped during the HTML export
    assert not whole_products(paths)
    write_products(paths)
    later = time.time()
    os.utime(paths.indicators_json, (later, later))  # rewritten by a run stopped while cells ran
    assert not whole_products(paths)
    write_products(paths)
    paths.report_docx.unlink()
    assert not whole_products(paths)


# ---------------------------------------------------------------- summary and index page


def _result(commune: str, status: str = "ok", **fields) -> RunResult:
    return RunResult(commune, "2026-02", status=status, **fields)


def test_the_summary_counts_units_and_says_what_was_not_run(tmp_path):
    results = [
        _result("an-binh", findings=2, seconds=4.2),
        _result("binh-an", reused=True, findings=1),
        _result("dong-tam", "failed", error="InputError: tệp hồ sơ thiếu cột 'Ngày tiếp nhận'"),
        _result("dong-hoa", "failed", error="KeyError: 'Ngày tiếp nhận'"),
        _result("cat-hai", "pending"),  # an earlier batch did not get to it; none of it exists
        _result("bach-long-vi", "pending"),  # nor to this one, whose earlier report is whole
        _result("le-chan", "ok", findings=3),  # done by an earlier batch
        _result("hong-bang", "failed", error="không khởi động được kernel: RuntimeError: Kernel died"),
    ]
    done = BatchResult(
        "2026-02",
        results,
        tmp_path / "manifest.json",
        tmp_path / "index.html",
        city_error="ValueError: cannot reindex on an axis with duplicate labels",
        ran=frozenset({"an-binh", "binh-an", "dong-tam", "dong-hoa"}),
        kept=frozenset({"bach-long-vi", "le-chan", "hong-bang"}),
    )
    lines = summary_lines(done)
    text = "\n".join(lines)
    rows = {line.split()[0]: line for line in lines[1:-2]}
    assert lines[0].startswith("Đơn vị")
    assert rows["an-binh"].split()[1:] == ["xong", "4.2", "2", "phát", "hiện"]
    assert "dùng lại" in rows["binh-an"]
    assert "LỖI" in rows["dong-tam"] and "tệp hồ sơ thiếu cột 'Ngày tiếp nhận'" in rows["dong-tam"]
    assert "LỖI" in rows["dong-hoa"] and "lỗi không mong đợi" in rows["dong-hoa"]
    assert rows["cat-hai"].split()[1:] == ["chưa", "chạy", "0.0"]
    assert "xong" in rows["bach-long-vi"] and "báo cáo lần trước" in rows["bach-long-vi"]
    assert "xong" in rows["le-chan"] and "3 phát hiện" in rows["le-chan"]
    assert "không khởi động được kernel; còn báo cáo lần trước" in rows["hong-bang"]
    # 1 run now, 1 reused, 2 from before: 4 of 8 units; one not run yet; no "xã" for all of them.
    assert lines[-2].startswith("4/8 đơn vị xong (1 dùng lại vì dữ liệu không đổi), 1 chưa chạy.")
    assert lines[-1].startswith("Không lập được báo cáo tổng hợp: lỗi không mong đợi")
    assert "xã xong" not in text
    for english in ("InputError", "KeyError", "RuntimeError", "ValueError", "Kernel died", "reindex"):
        assert english not in text
    # Exit code 1 for the failures that stand, not for the communes no batch got to.
    assert [r.commune for r in done.failed] == ["dong-tam", "dong-hoa", "hong-bang"]


def test_a_pending_commune_of_this_run_is_no_index_error(tmp_path):
    # status "pending" and no error: the row that made summary_lines raise IndexError.
    done = BatchResult("2026-02", [_result("an-binh", "pending")], tmp_path / "m.json", tmp_path / "i.html")
    assert "LỖI" in summary_lines(done)[1] and "chưa chạy xong" in summary_lines(done)[1]


def test_a_batch_after_an_interrupted_one_keeps_earlier_reports_and_says_what_never_ran(
    root, tmp_path, stand_in_workers
):
    out = tmp_path / "out"
    # What an interrupted batch left: an-binh done, binh-an pending but whole from a batch
    # before it, dong-tam never run, dong-hoa failed with a library's English.
    write_manifest(
        out,
        {
            "an-binh": {"status": "ok", "products": []},
            "binh-an": {"status": "pending"},
            "dong-tam": {"status": "pending"},
            "dong-hoa": {"status": "failed", "error": "KeyError: 'Ngày tiếp nhận'"},
        },
    )
    for commune in ("an-binh", "binh-an"):  # an-binh's as this batch's stand-in worker will leave them
        write_products(ProductPaths.for_run(out, commune, "2026-02"))
    write_products(ProductPaths.for_run(out, "dong-tam", "2026-02"), html_last=False)  # half rewritten: not whole
    result = batch.run_batch("2026-02", communes=["an-binh"], data_dir=root, out_dir=out, workers=1, progress=False)
    lines = summary_lines(result)
    assert lines[-2].startswith("2/4 đơn vị xong, 1 chưa chạy.")
    assert [r.commune for r in result.failed] == ["dong-hoa"]
    page = result.index.read_text(encoding="utf-8")
    rows = {c: next(row for row in page.split("<tr>") if f" {c}<" in row) for c in COMMUNES}
    assert 'href="../binh-an/2026-02/bao-cao-binh-an-2026-02.html"' in rows["binh-an"]
    assert ">xong<" in rows["binh-an"] and "báo cáo lần chạy trước" in rows["binh-an"] and "85,7%" in rows["binh-an"]
    assert "chưa chạy" in rows["dong-tam"] and "href" not in rows["dong-tam"] and "lỗi" not in rows["dong-tam"]
    assert ">lỗi<" in rows["dong-hoa"] and "KeyError" not in rows["dong-hoa"]
    assert "2/4 báo cáo đã lập" in page and "1 lỗi" in page and "1 chưa chạy" in page
    # The manifest keeps what it knew: binh-an and dong-tam still to run (--only-failed runs them).
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))["communes"]
    assert {c: m["status"] for c, m in manifest.items()} == {
        "an-binh": "ok",
        "binh-an": "pending",
        "dong-tam": "pending",
        "dong-hoa": "failed",
    }


def test_a_reused_commune_needs_its_products_whole(root, tmp_path, stand_in_workers, monkeypatch):
    out = tmp_path / "out"
    first = batch.run_batch("2026-02", communes=["an-binh"], data_dir=root, out_dir=out, progress=False)
    paths = ProductPaths.for_run(out, "an-binh", "2026-02")
    write_products(paths)  # as its run left them
    manifest = json.loads(first.manifest.read_text(encoding="utf-8"))
    manifest["communes"]["an-binh"]["products"] = [str(p) for p in paths.products()]
    first.manifest.write_text(json.dumps(manifest), encoding="utf-8")
    again = batch.run_batch("2026-02", communes=["an-binh"], data_dir=root, out_dir=out, progress=False)
    assert again.results[0].reused
    now = time.time()
    os.utime(paths.bieu06a_xlsx, (now, now))  # a `tthc report` stopped half way rewrote it
    third = batch.run_batch("2026-02", communes=["an-binh"], data_dir=root, out_dir=out, progress=False)
    assert not third.results[0].reused


# ---------------------------------------------------------------- two batches of one period


def test_a_second_batch_of_the_period_is_refused_while_the_first_runs(root, tmp_path, stand_in_workers, capsys):
    out = tmp_path / "out"
    stand_in_workers["hold"] = "2026-02"  # the first batch's workers wait
    first: dict = {}
    thread = threading.Thread(
        target=lambda: first.update(result=batch.run_batch("2026-02", data_dir=root, out_dir=out, progress=False))
    )
    thread.start()
    try:
        assert stand_in_workers["entered"].wait(30)
        lock = out / "2026-02" / "batch.lock"
        assert lock.exists()
        with pytest.raises(TthcError) as refused:
            batch.run_batch("2026-02", communes=["an-binh"], data_dir=root, out_dir=out, progress=False)
        message = str(refused.value)
        assert f"tiến trình {os.getpid()}" in message and "bắt đầu lúc" in message and "tháng 02 năm 2026" in message
        # From the command: exit 2, the message in Vietnamese, nothing of the first batch touched.
        code = run(["batch", "--period", "2026-02", "--data", str(root), "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2 and "một lần chạy tthc batch khác của tháng 02 năm 2026 đang chạy" in err
        assert "Traceback" not in err
        # Another period is another folder: it runs.
        other = batch.run_batch("2026-01", communes=["an-binh"], data_dir=root, out_dir=out, progress=False)
        assert other.results[0].status == "ok"
    finally:
        stand_in_workers["gate"].set()
        thread.join(60)
    assert [r.status for r in first["result"].results] == ["ok"] * 4
    assert not (out / "2026-02" / "batch.lock").exists()  # released, and removed
    again = batch.run_batch("2026-02", data_dir=root, out_dir=out, progress=False)
    assert len(again.results) == 4


def test_a_lock_held_by_another_process_names_it_and_dies_with_it(tmp_path):
    path = tmp_path / "batch.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom tthc_analysis.core.atomic import FileLock\n"
            f"lock = FileLock({str(path)!r})\n"
            "assert lock.acquire({'pid': 4242, 'host': 'may-tinh-so-1', 'started': '2026-03-01T08:05:09'}) is None\n"
            "print('held', flush=True)\nsys.stdin.read()\n",
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(TthcError) as refused, exclusive(path, "một lần chạy thử"):
            pass
        assert str(refused.value).startswith(
            "một lần chạy thử đang chạy (tiến trình 4242 trên máy may-tinh-so-1, bắt đầu lúc 08:05:09 ngày 01/03/2026)"
        )
    finally:
        holder.kill()  # killed, as a batch killed by the OOM killer: no stale lock is left
        holder.wait()
    assert path.exists()  # its file is still there, with its text, but no process holds it
    with exclusive(path, "một lần chạy thử"):
        assert json.loads(path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert not path.exists()


def test_a_lock_is_taken_once(tmp_path):
    first, second = FileLock(tmp_path / "x.lock"), FileLock(tmp_path / "x.lock")
    assert first.acquire({"pid": 1}) is None
    assert second.acquire({"pid": 2}) == {"pid": 1}
    first.release()
    assert second.acquire({"pid": 2}) is None
    second.release()


# ---------------------------------------------------------------- atomic writes stopped half way


def test_an_atomic_write_stopped_half_way_leaves_the_old_file_and_no_part(tmp_path):
    target = tmp_path / "indicators.json"
    target.write_text("cũ", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as temp:
        temp.write_text("mới, nửa chừng", encoding="utf-8")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "cũ"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_an_atomic_write_is_readable_by_others_as_a_file_written_directly(tmp_path):
    # Second round of injected bugs: the temporary file's 0600 (mkstemp) was kept by the rename,
    # so a web server or a colleague sharing outputs/ could not read a report. Reports are
    # written rw-r--r-- (0644), as the rename's target always was.
    target = tmp_path / "bao-cao.html"
    with atomic_path(target) as temp:
        temp.write_text("<p>báo cáo</p>", encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


# ---------------------------------------------------------------- Ctrl+C in a report, in a batch


def test_ctrl_c_in_a_report_leaves_no_part_of_what_the_kernel_was_writing(tmp_path):
    paths = ProductPaths.for_run(tmp_path / "out", "hung-thang", "2026-02")
    write_products(paths)  # an earlier run's report

    def killed_while_writing(parameters):  # the kernel was writing a workbook when Ctrl+C came
        (paths.folder / ".bieu-06a-hung-thang-2026-02.xlsx.k3x9q.part").write_bytes(b"PK\x03")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_report(
            "hung-thang",
            "2026-02",
            data_dir=SAMPLE,
            out_dir=tmp_path / "out",
            kernel=FakeKernel([], killed_while_writing),
        )
    assert not list(paths.folder.glob(".*part*"))
    assert whole_products(paths)  # the earlier report, untouched


def test_ctrl_c_in_a_batch_keeps_what_finished_and_removes_what_was_being_written(root, tmp_path, monkeypatch):
    out = tmp_path / "out"
    closed = []

    def workers(job, communes, arguments, workers):
        try:
            yield communes[0], RunResult(communes[0], arguments[0], seconds=0.1), None
            yield communes[1], RunResult(communes[1], arguments[0], seconds=0.1), None
        finally:  # local_results ends its workers here; a killed kernel leaves its temporary file
            leftover = ProductPaths.for_run(out, communes[1], arguments[0]).folder
            leftover.mkdir(parents=True)
            (leftover / ".indicators.json.x1y2.part").write_text("{", encoding="utf-8")
            closed.append(True)

    record, calls = batch._Batch.record, []

    def ctrl_c_while_the_first_is_recorded(self):  # the first write is the batch's plan
        calls.append(True)
        if len(calls) == 2:
            raise KeyboardInterrupt
        record(self)

    monkeypatch.setattr(batch, "local_results", workers)
    monkeypatch.setattr(batch._Batch, "record", ctrl_c_while_the_first_is_recorded)
    with pytest.raises(KeyboardInterrupt):
        batch.run_batch("2026-02", data_dir=root, out_dir=out, workers=2, progress=False)
    assert closed  # the workers were ended before the batch gave up, then their leftovers removed
    assert not list(out.rglob(".*part*"))
    manifest = json.loads((out / "2026-02" / "manifest.json").read_text(encoding="utf-8"))["communes"]
    assert {c: m["status"] for c, m in manifest.items()} == {
        "an-binh": "ok",
        "binh-an": "pending",
        "dong-tam": "pending",
        "dong-hoa": "pending",
    }
    assert not (out / "2026-02" / "batch.lock").exists()


# ---------------------------------------------------------------- local workers ended at once


def sleepy_job(commune: str, folder: str) -> tuple[str, int]:
    """A batch job for the workers below: "a" returns at once; "b" starts a stand-in kernel (a
    shell and its child, in a session of their own, noted as WarmKernel.launch notes a kernel),
    writes its pid and the worker's, and runs for a minute (noting it if it ends early)."""
    if commune == "b":
        kernel = subprocess.Popen(["sh", "-c", "sleep 60 & sleep 60"], start_new_session=True)
        note_kernel(kernel.pid)
        Path(folder, "pids").write_text(f"{os.getpid()} {kernel.pid}")
        try:
            time.sleep(60)
        finally:  # not reached when the worker is killed
            Path(folder, "ended").write_text("the commune ended early")
    return commune, os.getpid()


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_a_stopped_batch_ends_its_workers_and_their_kernels_at_once(tmp_path):
    results = local_results(sleepy_job, ["a", "b"], (str(tmp_path),), 2)
    try:
        commune, _value, error = next(results)
        assert commune == "a" and error is None
        deadline = time.monotonic() + 60
        while not (tmp_path / "pids").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        worker, kernel = map(int, (tmp_path / "pids").read_text().split())
        os.kill(worker, signal.SIGINT)  # Ctrl+C reaches the workers too: they leave it to the batch
        time.sleep(0.5)
        assert _running(worker) and not (tmp_path / "ended").exists()
        started = time.monotonic()
    finally:
        results.close()  # what run_batch does when Ctrl+C stops it
    assert time.monotonic() - started < 15  # not the minute the commune would take
    assert not _running(worker)
    assert not [p for p in psutil.process_iter() if _in_group(p, kernel)]


def _in_group(process, group: int) -> bool:
    try:
        return os.getpgid(process.pid) == group and process.status() != psutil.STATUS_ZOMBIE
    except (OSError, psutil.Error):
        return False


# ---------------------------------------------------------------- end to end: SIGINT to the command

TTHC = (sys.executable, "-m", "tthc_analysis")


def _as_a_terminal_starts_it() -> None:
    """Ctrl+C at its default, as a terminal's job has it: a test run started in the background of
    a shell (``cmd &``, as a CI script may start it) ignores SIGINT, and its children inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(*args: str) -> subprocess.Popen:
    """``tthc`` as a user starts it, in a process group of its own (as a terminal's job is)."""
    return subprocess.Popen(
        [*TTHC, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,
        preexec_fn=_as_a_terminal_starts_it,
    )


def _wait_for(process: subprocess.Popen, moment, seconds: float = 180) -> None:
    """Wait until ``moment()`` is true while the command still runs (it must not end first)."""
    deadline = time.monotonic() + seconds
    while not moment():
        assert process.poll() is None, f"the command ended before the moment: {process.communicate()}"
        assert time.monotonic() < deadline, "the moment never came"
        time.sleep(0.01)


def _descendants(process: subprocess.Popen) -> list:
    try:
        return psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _cmdline(process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:  # ended meanwhile
        return ""


def _is_kernel(child) -> bool:
    return "ipykernel" in _cmdline(child)


def _stop(process: subprocess.Popen, *, group: bool) -> tuple[int, str, list]:
    """Ctrl+C as a terminal sends it (to the whole group), or to the command alone; returns its
    exit code, its stderr and the processes it had started then."""
    assert process.poll() is None, "the command ended before it was stopped"
    children = _descendants(process)
    if group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    return process.returncode, err, children


def _assert_stopped_cleanly(code: int, err: str, children: list, out: Path) -> None:
    assert code == 130, err
    assert "Đã dừng." in err
    for word in ("Traceback", "AssertionError", "Error", "Exception", "Task was destroyed", "never awaited"):
        assert word not in err, err
    assert not list(out.rglob(".*.part*"))  # nothing half-written is left
    deadline = time.monotonic() + 15
    while [c for c in children if _running(c.pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [c.pid for c in children if _running(c.pid)], "a worker or a kernel outlived the command"
    for product in out.rglob("*"):  # every product there is whole: the old one, or the new one
        if product.suffix in (".json", ".ipynb"):
            json.loads(product.read_text(encoding="utf-8"))
        elif product.suffix in (".xlsx", ".docx"):
            assert zipfile.ZipFile(product).testzip() is None
        elif product.suffix == ".html":
            assert product.read_text(encoding="utf-8").rstrip().endswith("</html>")


def _changed(path: Path, before: dict) -> bool:
    try:
        return path.stat().st_mtime_ns != before.get(path)
    except OSError:
        return False


def _times(folder: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in folder.glob("*")} if folder.exists() else {}


@pytest.mark.e2e
def test_ctrl_c_stops_a_report_at_any_moment_and_the_next_run_works(tmp_path):
    out = tmp_path / "out"
    report = ("report", "--commune", "hung-thang", "--period", "2026-02", "--out", str(out))
    first = subprocess.run([*TTHC, *report], cwd=REPO, capture_output=True)
    assert first.returncode == 0
    paths = ProductPaths.for_run(out, "hung-thang", "2026-02")
    moments = {
        # The kernel was launched and is starting (it answers a second or so later).
        "kernel start": lambda p, before: any(_is_kernel(c) for c in _descendants(p)),
        # The notebook's cells write indicators.json first, then the workbooks and the .docx.
        "cells": lambda p, before: _changed(paths.indicators_json, before),
        # The executed notebook is saved just before the HTML export.
        "HTML export": lambda p, before: _changed(paths.notebook, before),
    }
    for name, moment in moments.items():
        for attempt in range(3):
            before = _times(paths.folder)
            process = _start(*report)
            _wait_for(process, lambda process=process, moment=moment, before=before: moment(process, before))
            code, err, children = _stop(process, group=False)
            if code != 0 or attempt == 2:
                break  # on a loaded machine the run may end as the signal comes: once more, at most twice
        _assert_stopped_cleanly(code, err, children, out)
        assert paths.report_html.exists(), name  # the earlier report was not lost
    again = subprocess.run([*TTHC, *report], cwd=REPO, capture_output=True, text=True, encoding="utf-8")
    assert again.returncode == 0, again.stderr
    assert whole_products(paths) and not list(out.rglob(".*.part*"))


BATCH_COMMUNES = "hung-thang,tien-lang,cat-hai,bach-long-vi"


def _manifest(out: Path) -> dict:
    try:
        return json.loads((out / "2026-02" / "manifest.json").read_text(encoding="utf-8"))["communes"]
    except (OSError, ValueError, KeyError):
        return {}


@pytest.mark.e2e
@pytest.mark.skipif(not hasattr(os, "killpg"), reason="Ctrl+C to a POSIX process group")
def test_ctrl_c_stops_a_batch_at_any_moment_and_the_next_batch_works(tmp_path):
    seen: dict[int, float] = {}

    def workers_starting(after: float):  # a worker started ``after`` seconds ago imports what it needs
        def moment(p, out):
            if p.pid not in seen and any("multiprocessing" in _cmdline(c) for c in _descendants(p)):
                seen[p.pid] = time.monotonic()
            return p.pid in seen and time.monotonic() - seen[p.pid] > after

        return moment

    def cells_running(p, out):
        return any(out.glob("*/2026-02/indicators.json"))

    def one_finished(p, out):
        return any(r["status"] == "ok" for r in _manifest(out).values())

    moments = (workers_starting(0.1), workers_starting(0.2), workers_starting(0.35), cells_running, one_finished)
    for number, moment in enumerate(moments):
        for attempt in range(3):
            out = tmp_path / f"out-{number}-{attempt}"
            process = _start(
                "batch", "--period", "2026-02", "--communes", BATCH_COMMUNES, "--workers", "2", "--out", str(out)
            )
            _wait_for(process, lambda process=process, moment=moment, out=out: moment(process, out))
            code, err, children = _stop(process, group=True)
            if code != 0 or attempt == 2:
                break  # on a loaded machine the batch may end as the signal comes: once more, at most twice
        _assert_stopped_cleanly(code, err, children, out)
        assert not (out / "2026-02" / "batch.lock").exists()
        manifest = _manifest(out)
        assert set(manifest) == set(BATCH_COMMUNES.split(","))  # every commune accounted for
        for commune, row in manifest.items():  # what finished is recorded, with whole products
            assert row["status"] in ("ok", "pending"), row
            if row["status"] == "ok":
                assert whole_products(ProductPaths.for_run(out, commune, "2026-02"))
    # A batch of one commune after the interrupted one: the others are "chưa chạy" or done.
    single = subprocess.run(
        [*TTHC, "batch", "--period", "2026-02", "--communes", "bach-long-vi", "--workers", "1", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert single.returncode == 0, single.stderr
    assert "Traceback" not in single.stderr and "LỖI" not in single.stdout and "/4 đơn vị xong" in single.stdout
    # And the whole batch again: what finished is reused, the rest runs.
    full = subprocess.run(
        [*TTHC, "batch", "--period", "2026-02", "--communes", BATCH_COMMUNES, "--workers", "2", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert full.returncode == 0, full.stderr
    assert "4/4 đơn vị xong" in full.stdout and "dùng lại" in full.stdout
    assert all(row["status"] == "ok" for row in _manifest(out).values())


@pytest.mark.e2e
def test_two_batches_of_one_period_started_by_hand_the_second_is_refused_naming_the_first(tmp_path):
    out = tmp_path / "out"
    first = _start("batch", "--period", "2026-02", "--communes", BATCH_COMMUNES, "--workers", "2", "--out", str(out))
    try:
        _wait_for(first, lambda: (out / "2026-02" / "batch.lock").exists())
        second = subprocess.run(
            [*TTHC, "batch", "--period", "2026-02", "--communes", "bach-long-vi", "--out", str(out)],
            cwd=REPO,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert second.returncode == 2, second.stderr
        said = f"một lần chạy tthc batch khác của tháng 02 năm 2026 đang chạy (tiến trình {first.pid} trên máy"
        assert said in second.stderr and "Traceback" not in second.stderr
        assert second.stdout == ""  # it wrote nothing: the manifest and the index are the first's
    finally:
        stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    assert "4/4 đơn vị xong" in stdout
    assert all(row["status"] == "ok" for row in _manifest(out).values())
    assert not (out / "2026-02" / "batch.lock").exists()
    # Once the first has ended, the same command runs: the commune is unchanged, so reused (the
    # summary still lists the first's communes, as earlier reports).
    again = subprocess.run(
        [*TTHC, "batch", "--period", "2026-02", "--communes", "bach-long-vi", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert again.returncode == 0 and "4/4 đơn vị xong (1 dùng lại vì dữ liệu không đổi)" in again.stdout, again.stdout


KERNEL_SCRIPT = """
import sys
from pathlib import Path
import nbformat
from tthc_analysis.run.kernel import WarmKernel

def notebook(source):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])

with WarmKernel(Path(sys.argv[1])) as kernel:
    kernel.start()
    print("kernel", kernel.km.provisioner.process.pid, flush=True)
    try:
        kernel.run(notebook(f"import time, pathlib\\npathlib.Path({sys.argv[1]!r}, 'running').touch()\\ntime.sleep(120)"), cell_timeout=300)
    except KeyboardInterrupt:
        print("stopped", kernel.km is None, flush=True)
    done = kernel.run(notebook("print(6 * 7)"), cell_timeout=120)
    print("next", done.cells[0].outputs[0]["text"].strip(), flush=True)
"""


@pytest.mark.e2e
def test_a_warm_kernel_stopped_in_a_cell_is_ended_and_the_next_notebook_runs(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-c", KERNEL_SCRIPT, str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_as_a_terminal_starts_it,
    )
    first = process.stdout.readline().split()
    assert first[0] == "kernel", process.communicate()
    deadline = time.monotonic() + 120  # the cell has started (it touches a file), then it sleeps
    while not (tmp_path / "running").exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    assert out.splitlines() == ["stopped True", "next 42"]
    assert not _running(int(first[1]))  # the kernel that ran the cell is gone
    assert "Traceback" not in err and "Task" not in err and "never awaited" not in err, err
