"""The run stage without notebooks: exit codes for bugs, tthc check over a data root, the batch's
--only-failed, and the retry of a kernel that did not start (the kernel replaced in-process)."""

from __future__ import annotations

import json

import pytest
from conftest import HAND_ROWS, HEADERS_VN, SAMPLE, FakeKernel, fresh_python, write_csv, write_root

from tthc_analysis.indicators import commune
from tthc_analysis.run import check
from tthc_analysis.run.cli import run

# ---------------------------------------------------------------- exit code 3 and TTHC_DEBUG


def _boom(*args, **kwargs):
    raise RuntimeError("hỏng ở giữa chừng")


def test_an_unexpected_error_is_exit_3_with_a_message_and_no_traceback(hand_csv, monkeypatch, capsys):
    monkeypatch.delenv("TTHC_DEBUG", raising=False)
    monkeypatch.setattr(commune, "files_indicators", _boom)  # cli imports it per command
    code = run(["indicators", "--period", "2026-02", "--dossiers", str(hand_csv)])
    err = capsys.readouterr().err
    assert code == 3
    assert "Lỗi không mong đợi: hỏng ở giữa chừng" in err and "TTHC_DEBUG=1" in err
    assert "RuntimeError" not in err  # no Python class name reaches the clerk
    assert "Traceback" not in err


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_ctrl_c_is_exit_130_with_a_message_and_no_traceback(hand_csv, monkeypatch, capsys):
    monkeypatch.setattr(commune, "files_indicators", _interrupt)
    code = run(["indicators", "--period", "2026-02", "--dossiers", str(hand_csv)])
    err = capsys.readouterr().err
    assert code == 130 and "Đã dừng." in err and "Traceback" not in err


def test_tthc_debug_lets_the_exception_through(hand_csv, monkeypatch):
    monkeypatch.setenv("TTHC_DEBUG", "1")
    monkeypatch.setattr(commune, "files_indicators", _boom)  # cli imports it per command
    with pytest.raises(RuntimeError, match="hỏng ở giữa chừng"):
        run(["indicators", "--period", "2026-02", "--dossiers", str(hand_csv)])


def test_a_bug_in_check_is_exit_3_too(monkeypatch, capsys):
    monkeypatch.delenv("TTHC_DEBUG", raising=False)
    monkeypatch.setattr(check, "check_root", _boom)
    assert run(["check", "--data", str(SAMPLE)]) == 3
    assert "Traceback" not in capsys.readouterr().err


# ---------------------------------------------------------------- tthc check over a data root

BROKEN = [["Y1", "Hộ tịch", "4", "2", "31/02/2026", "", ""]]  # row 2: a day that does not exist


def _two_communes(tmp_path, *, broken_first: bool):
    """Commune "dung" has correct dossiers and published figures that disagree with themselves for
    2026-02 and 2026-01; commune "hong" has an export with an impossible date."""
    ids = [("hong", "Hỏng", "xã"), ("dung", "Đúng", "phường")]
    root = write_root(tmp_path / "data", *(ids if broken_first else ids[::-1]))
    write_csv(root / "hong" / "dossiers.csv", HEADERS_VN, BROKEN)
    write_csv(root / "dung" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    # HAND_ROWS count 13 in 2026-02 and 4 in 2026-01 (conftest); 10 ≠ 7 + 4 and 5 ≠ 1 + 3.
    for period, figures in (("2026-02", (10, 7, 4)), ("2026-01", (5, 1, 3))):
        (root / "dung" / f"summary-{period}.yaml").write_text(
            f'period: "{period}"\nbieu06a: {{total: {figures[0]}, resolved: {figures[1]}, in_progress: {figures[2]}}}\n',
            encoding="utf-8",
        )
    return root


def test_check_over_a_whole_data_root(tmp_path, capsys):
    root = _two_communes(tmp_path, broken_first=False)
    assert run(["check", "--data", str(root)]) == 1  # an error in one commune
    out = capsys.readouterr().out
    assert f"LỖI      {root / 'hong' / 'dossiers.csv'}, dòng 2, cột 'Ngày tiếp nhận'" in out
    # Without --period, every period with published figures of the other commune is checked.
    summary = root / "dung" / "summary-2026-02.yaml"
    assert f"CẢNH BÁO {summary}: tháng 02 năm 2026: Số liệu đã công bố: Tổng số 10 hồ sơ khác đã giải quyết (7)" in out
    assert (
        f"{root / 'dung' / 'summary-2026-01.yaml'}: tháng 01 năm 2026: Số liệu đã công bố: Tổng số 5 hồ sơ khác" in out
    )
    assert "1 lỗi," in out


def test_check_of_a_data_root_for_one_period(tmp_path, capsys):
    root = _two_communes(tmp_path, broken_first=False)
    assert run(["check", "--data", str(root), "--period", "2026-02"]) == 1
    out = capsys.readouterr().out
    assert "tháng 02 năm 2026: Số liệu đã công bố: Tổng số 10 hồ sơ khác đã giải quyết (7)" in out
    assert "tháng 01 năm 2026" not in out  # only the period asked for
    # The 2026-02 figures beside the dossiers: 10 published, 13 counted.
    assert "số đã công bố 10 khác số tính từ dữ liệu hồ sơ 13" in out
    assert run(["check", "--data", str(root), "--commune", "dung", "--period", "2026-02"]) == 0
    assert "hong" not in capsys.readouterr().out


def test_a_broken_commune_does_not_hide_the_next_communes_findings(tmp_path, capsys):
    root = _two_communes(tmp_path, broken_first=True)
    assert run(["check", "--data", str(root)]) == 1
    out = capsys.readouterr().out
    assert "cột 'Ngày tiếp nhận'" in out
    assert "tháng 02 năm 2026: Số liệu đã công bố: Tổng số 10 hồ sơ khác đã giải quyết (7)" in out


def test_the_same_slip_in_two_periods_is_reported_for_both(tmp_path, capsys):
    root = write_root(tmp_path / "data", ("thu-nghiem", "Thử Nghiệm", "xã"))
    for period in ("2026-01", "2026-02"):  # both months published a reuse rate of 120%
        (root / "thu-nghiem" / f"summary-{period}.yaml").write_text(
            f'period: "{period}"\nrates: {{reuse: 120}}\n', encoding="utf-8"
        )
    assert run(["check", "--data", str(root)]) == 0
    out = capsys.readouterr().out
    assert "tháng 01 năm 2026: Tỷ lệ tái sử dụng dữ liệu số hóa bằng 120%" in out
    assert "tháng 02 năm 2026: Tỷ lệ tái sử dụng dữ liệu số hóa bằng 120%" in out


# ---------------------------------------------------------------- batch --only-failed without a manifest


def test_only_failed_without_a_manifest_is_a_clear_message(tmp_path, capsys):
    out_dir = tmp_path / "out"
    code = run(["batch", "--period", "2026-02", "--only-failed", "--data", str(SAMPLE), "--out", str(out_dir)])
    captured = capsys.readouterr()
    assert code == 2
    assert "chưa có manifest" in captured.err and str(out_dir / "2026-02" / "manifest.json") in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert not (out_dir / "2026-02" / "index.html").exists()  # nothing was run


def test_only_failed_with_a_broken_manifest_is_a_clear_message(tmp_path, capsys):
    manifest = tmp_path / "out" / "2026-02" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text("{không phải JSON", encoding="utf-8")
    code = run(["batch", "--period", "2026-02", "--only-failed", "--data", str(SAMPLE), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and "manifest hỏng" in err and "Traceback" not in err


# ---------------------------------------------------------------- a kernel that does not start is retried once


@pytest.fixture
def fake_kernel(monkeypatch, tmp_path):
    """notebook.execute with a FakeKernel; returns (execute, outcomes, kernel)."""
    from tthc_analysis.report.paths import ProductPaths
    from tthc_analysis.run import notebook

    monkeypatch.setattr(notebook.time, "sleep", lambda seconds: None)  # no 2 s pause between tries
    paths = ProductPaths.for_run(tmp_path / "out", "thu-nghiem", "2026-02")
    paths.folder.mkdir(parents=True)
    outcomes: list[BaseException | None] = []
    kernel = FakeKernel(outcomes)

    def execute():
        notebook.execute(notebook.NOTEBOOK, {"commune": "thu-nghiem"}, paths, kernel, timeout=5)

    return execute, outcomes, kernel


def _dead_kernel(message: str) -> BaseException:
    from nbclient.exceptions import DeadKernelError

    return DeadKernelError(message)


@pytest.mark.parametrize(
    "failure",
    [
        lambda: RuntimeError("Kernel didn't respond in 120 seconds"),  # jupyter_client, a slow start
        lambda: _dead_kernel("Kernel died"),  # nbclient, the kernel process exited at start
        lambda: RuntimeError("No such kernel named python3"),
    ],
    ids=["did-not-respond", "died", "no-such-kernel"],
)
def test_a_kernel_that_did_not_start_is_retried_once(fake_kernel, failure):
    execute, outcomes, kernel = fake_kernel
    outcomes += [failure(), None]
    execute()
    assert kernel.starts == 2


def test_a_kernel_that_dies_twice_is_a_report_error(fake_kernel):
    from tthc_analysis.core.errors import ReportError

    execute, outcomes, kernel = fake_kernel
    outcomes += [RuntimeError("Kernel died before replying to kernel_info")] * 3
    with pytest.raises(ReportError, match="Kernel died"):
        execute()
    assert kernel.starts == 2  # retried once, not more


def test_another_failure_is_not_retried(fake_kernel):
    from tthc_analysis.core.errors import ReportError

    execute, outcomes, kernel = fake_kernel
    outcomes += [FileNotFoundError("python3"), None]
    with pytest.raises(ReportError, match="FileNotFoundError"):
        execute()
    assert kernel.starts == 1


# ---------------------------------------------------------------- tthc report with the kernel replaced


@pytest.fixture
def fake_report(monkeypatch):
    """``tthc report`` without a kernel: the stand-in kernel writes the products the notebook would
    (indicators.json with the findings given), and the HTML export writes a page."""
    import json
    from pathlib import Path

    from tthc_analysis.run import notebook

    state = {"calls": 0, "failures": [], "findings": [], "left_out": ()}

    def products(parameters: dict) -> None:
        folder = Path(parameters["out_dir"]) / parameters["commune"] / parameters["period"]
        data = {"source": "summary", "findings": state["findings"]}
        (folder / "indicators.json").write_text(json.dumps(data), encoding="utf-8")
        for name in ("bieu-06a-{c}-{p}.xlsx", "ho-so-chi-tiet-{c}-{p}.xlsx", "bao-cao-cctthc-{c}-{p}.docx"):
            if name not in state["left_out"]:
                (folder / name.format(c=parameters["commune"], p=parameters["period"])).write_bytes(b"x")

    class CountingKernel(FakeKernel):
        def __init__(self, cwd) -> None:
            super().__init__(state["failures"], products)

        def launch(self) -> None:
            state["calls"] += 1
            super().launch()

    monkeypatch.setattr(notebook, "WarmKernel", CountingKernel)
    monkeypatch.setattr(notebook, "notebook_to_html", lambda nb, target, title: Path(target).write_text(title))
    monkeypatch.setattr(notebook.time, "sleep", lambda seconds: None)
    return state


def _report(tmp_path, *extra):
    return run(
        [
            "report",
            "--commune",
            "hung-thang",
            "--period",
            "2026-02",
            "--data",
            str(SAMPLE),
            "--out",
            str(tmp_path),
            *extra,
        ]
    )


def test_tthc_report_retries_a_kernel_that_did_not_start(tmp_path, fake_report, capsys):
    fake_report["failures"] = [RuntimeError("Kernel didn't respond in 120 seconds")]
    assert _report(tmp_path) == 0
    assert fake_report["calls"] == 2
    assert str(tmp_path / "hung-thang" / "2026-02" / "bao-cao-hung-thang-2026-02.html") in capsys.readouterr().out


def test_tthc_report_twice_failed_kernel_is_exit_2_with_a_message(tmp_path, fake_report, capsys):
    fake_report["failures"] = [RuntimeError("Kernel didn't respond in 120 seconds")] * 2
    assert _report(tmp_path) == 2
    err = capsys.readouterr().err
    assert fake_report["calls"] == 2 and "không khởi động được kernel" in err and "Traceback" not in err


def test_tthc_report_strict_fails_on_findings_only(tmp_path, fake_report, capsys):
    assert _report(tmp_path, "--strict") == 0  # no findings
    fake_report["findings"] = [{"code": "TOTAL_NOT_CARRIED_PLUS_NEW", "message": "921 ≠ 14 + 879"}]
    assert _report(tmp_path, "--strict") == 1
    assert "[TOTAL_NOT_CARRIED_PLUS_NEW] 921 ≠ 14 + 879" in capsys.readouterr().err
    assert _report(tmp_path) == 0  # without --strict a finding is reported, not a failure


def test_tthc_report_fails_when_the_notebook_left_out_the_drilldown_workbook(tmp_path, fake_report, capsys):
    # Every run writes the drill-down workbook (a note sheet for a summary-only commune): a run
    # without it is incomplete, and the message names it.
    fake_report["left_out"] = ("ho-so-chi-tiet-{c}-{p}.xlsx",)
    assert _report(tmp_path) == 2
    err = capsys.readouterr().err
    assert "thiếu sản phẩm: ho-so-chi-tiet-hung-thang-2026-02.xlsx" in err and "Traceback" not in err


def test_a_process_that_runs_notebooks_skips_jsonschemas_slow_optional_import():
    # rfc3987_syntax builds a grammar at import (~0.8 s) for a format no notebook schema uses;
    # nbformat must still validate notebooks without it.
    code = (
        "import sys, tthc_analysis.run.kernel, nbformat\n"
        "nbformat.validate(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')]))\n"
        "print(sys.modules.get('rfc3987_syntax') is None)\n"
    )
    assert fresh_python(code) == "True"


def test_a_batch_imports_neither_pandas_nor_pyarrow_before_it_needs_them():
    # The batch's own process lists communes and fingerprints their inputs; an unchanged rerun
    # does nothing else, and a first run spawns its workers from it: importing pandas there
    # (0,25 s) made a rerun 0,46 s instead of 0,17 s, and every worker start later.
    code = (
        "import sys, tthc_analysis.run.cli, tthc_analysis.run.batch\n"
        "print(sorted(m for m in ('pandas', 'pyarrow', 'numpy', 'matplotlib') if m in sys.modules))\n"
    )
    assert fresh_python(code) == "[]"


def test_only_failed_runs_the_communes_a_stopped_batch_left_pending(tmp_path):
    # Third round of injected bugs: only "failed" communes were run again, not those a Ctrl+C left
    # "pending" (the manifest marks both as not done).

    from tthc_analysis.inputs.dataroot import DataRoot
    from tthc_analysis.run.batch import _plan

    root = DataRoot(write_root(tmp_path / "goc", ("a", "A", "xã"), ("b", "B", "xã"), ("c", "C", "xã")))
    manifest = tmp_path / "manifest.json"
    statuses = {"a": "ok", "b": "pending", "c": "failed"}
    communes = {c: {"commune": c, "period": "2026-02", "status": s} for c, s in statuses.items()}
    manifest.write_text(json.dumps({"communes": communes}), encoding="utf-8")
    todo, previous = _plan(root, manifest, None, only_failed=True)
    assert todo == ["b", "c"] and previous["a"].status == "ok"


def test_city_strict_exits_1_when_a_communes_figures_need_review(tmp_path, capsys):
    # Third round of injected bugs: --strict ignored the communes whose figures need review.
    # Hùng Thắng's published figures of 2026-02 have slips (14 + 879 stated as 921).
    args = ["city", "--period", "2026-02", "--communes", "hung-thang", "--data", str(SAMPLE), "--out", str(tmp_path)]
    assert run(args) == 0
    assert run([*args, "--strict"]) == 1
    assert "Số liệu cần rà soát: xã Hùng Thắng" in capsys.readouterr().err
