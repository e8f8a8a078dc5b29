"""Each option of ``tthc report``, ``tthc batch`` and ``tthc trends`` reaches the function that
does the work, unchanged: the notebook runs and the batch are stood in for (they are walked end
to end in the e2e tests), so a dropped or swapped option fails here, in the fast suite."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner
from conftest import SAMPLE

from tthc_analysis.report.paths import ProductPaths, TrendsPaths
from tthc_analysis.run import batch as batch_module
from tthc_analysis.run import notebook
from tthc_analysis.run.batch import BatchResult
from tthc_analysis.run.cli import cli
from tthc_analysis.run.executors import RunResult


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def report_calls(monkeypatch, tmp_path):
    """``run_report`` stood in for: records its arguments, writes an indicators.json with one finding."""
    calls = []

    def run_report(commune, period, **options):
        calls.append((commune, period, options))
        paths = ProductPaths.for_run(options["out_dir"], commune, period)
        paths.folder.mkdir(parents=True)
        finding = {
            "code": "EXPORT_ENDS_IN_PERIOD",
            "message": "Dữ liệu hồ sơ chỉ đến ngày 10/02/2026.",
            "severity": "warning",
        }
        paths.indicators_json.write_text(json.dumps({"source": "dossiers", "findings": [finding]}), encoding="utf-8")
        return paths

    monkeypatch.setattr(notebook, "run_report", run_report)
    return calls


def test_report_passes_every_option_to_the_notebook_run(report_calls, tmp_path):
    template = tmp_path / "mau.docx"
    out = tmp_path / "ket-qua"
    done = _invoke(
        "report", "--commune", "hung-thang", "--period", "2026-Q1", "--data", str(SAMPLE), "--out", str(out),
        "--timeout", "45", "--source", "published", "--template", str(template),
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert report_calls == [
        (
            "hung-thang",
            "2026-Q1",
            {
                "data_dir": str(SAMPLE),
                "out_dir": str(out),
                "timeout": 45,
                "source": "published",
                "template": str(template),
            },
        )
    ]
    assert "Đang lập báo cáo xã Hùng Thắng, quý I năm 2026 ..." in done.stderr
    assert "Báo cáo xã Hùng Thắng, quý I năm 2026 (nguồn: dữ liệu hồ sơ):" in done.stdout
    assert f"  {out / 'hung-thang' / '2026-Q1' / 'bao-cao-cctthc-hung-thang-2026-Q1.docx'}" in done.stdout
    assert "[EXPORT_ENDS_IN_PERIOD] Dữ liệu hồ sơ chỉ đến ngày 10/02/2026." in done.stderr


def test_report_defaults_and_strict(report_calls, tmp_path):
    done = _invoke("report", "--commune", "le-chan", "--period", "2026-02", "--out", str(tmp_path))
    assert done.exit_code == 0
    (_, _, options) = report_calls[0]
    assert (options["timeout"], options["source"], options["template"]) == (600, "auto", None)
    strict = _invoke("report", "--commune", "le-chan", "--period", "2026-01", "--out", str(tmp_path), "--strict")
    assert strict.exit_code == 1  # one finding


@pytest.fixture
def batch_calls(monkeypatch, tmp_path):
    calls = []
    outcome = {"failed": False}

    def run_batch(period_id, **options):
        calls.append((period_id, options))
        status = "failed" if outcome["failed"] else "ok"
        results = [RunResult(c, period_id, status=status) for c in options["communes"]]
        return BatchResult(period_id, results, tmp_path / "manifest.json", tmp_path / "index.html")

    monkeypatch.setattr(batch_module, "run_batch", run_batch)
    return calls, outcome


def test_batch_passes_every_option_to_the_batch(batch_calls, tmp_path):
    calls, _ = batch_calls
    out = tmp_path / "ket-qua"
    done = _invoke(
        "batch", "--period", "2026-02", "--communes", "le-chan,hung-thang", "--workers", "3", "--data", str(SAMPLE),
        "--out", str(out), "--timeout", "90", "--only-failed", "--force", "--source", "dossiers",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert calls == [
        (
            "2026-02",
            {
                "communes": ["le-chan", "hung-thang"],
                "workers": 3,
                "data_dir": str(SAMPLE),
                "out_dir": str(out),
                "timeout": 90,
                "only_failed": True,
                "force": True,
                "scheduler": None,
                "source": "dossiers",
            },
        )
    ]
    assert "2/2 đơn vị xong. Trang mục lục:" in done.stdout


def test_batch_defaults_every_commune_and_exits_1_on_a_failure(batch_calls, tmp_path):
    calls, outcome = batch_calls
    outcome["failed"] = True
    done = _invoke("batch", "--period", "2026-02", "--out", str(tmp_path), "--scheduler", "tcp://10.0.0.5:8786")
    assert done.exit_code == 1
    (_, options) = calls[0]
    listed = yaml.safe_load((SAMPLE / "communes.yaml").read_text(encoding="utf-8"))["communes"]
    assert options["communes"] == [c["id"] for c in listed]  # every commune, in communes.yaml's order
    assert (options["workers"], options["timeout"], options["only_failed"], options["force"]) == (
        None,
        600,
        False,
        False,
    )
    assert (options["scheduler"], options["source"]) == ("tcp://10.0.0.5:8786", "auto")


def test_trends_passes_its_window_step_and_communes(monkeypatch, tmp_path):
    calls = []

    def run_trends(communes, first, last, **options):
        calls.append((communes, first, last, options))
        return TrendsPaths.for_run(options["out_dir"], first, last, communes)

    monkeypatch.setattr(notebook, "run_trends", run_trends)
    done = _invoke(
        "trends", "--communes", "le-chan,bach-long-vi", "--from", "2025-Q2", "--to", "2026-Q1", "--step", "quarter",
        "--out", str(tmp_path), "--timeout", "30",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    communes, first, last, options = calls[0]
    assert (communes, first, last) == (["le-chan", "bach-long-vi"], "2025-Q2", "2026-Q1")
    assert (options["step"], options["timeout"], options["out_dir"]) == ("quarter", 30, str(tmp_path))
    # Le Chân is a phường, Bạch Long Vĩ a đặc khu: counted by kind, never all called "xã".
    assert "Đang lập báo cáo xu hướng của 1 phường, 1 đặc khu, từ quý II năm 2025 đến quý I năm 2026 ..." in done.stderr
