"""Local batch workers: a commune that kills its worker process fails alone, the others go on.

The jobs (tests/crashing_jobs.py) are plain functions, so these run in seconds without Jupyter.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import crashing_jobs
import pytest
from conftest import SAMPLE

from tthc_analysis.core.errors import WorkerDied
from tthc_analysis.run import batch
from tthc_analysis.run.executors import _Slot, exit_reason, local_results


def _results(job, communes, arguments, workers) -> dict:
    return {commune: (result, error) for commune, result, error in local_results(job, communes, arguments, workers)}


def test_a_job_that_kills_its_worker_fails_alone_and_the_others_go_on():
    # Two workers: a (slow, 2 s) on one, b dies at once on the other; c, d and e follow.
    results = _results(crashing_jobs.job, list("abcde"), ("b", "exit", "a"), 2)
    assert {c: r[0] for c, (r, e) in results.items() if e is None} == {"a": "a", "c": "c", "d": "d", "e": "e"}
    error = results["b"][1]
    assert isinstance(error, WorkerDied) and str(error) == "tiến trình xử lý dừng đột ngột (mã thoát 3)"
    # a, running on the other worker when b's died, finished there; c went to b's replacement.
    pids = {c: r[1] for c, (r, e) in results.items() if e is None}
    assert pids["c"] != pids["a"]


def test_a_worker_killed_like_the_oom_killer_does_is_replaced():
    results = _results(crashing_jobs.job, ["a", "b", "c"], ("b", "kill"), 1)
    assert str(results["b"][1]) == "tiến trình xử lý dừng đột ngột (bị dừng bằng SIGKILL, thường do hết bộ nhớ)"
    (a, _), (c, _) = results["a"], results["c"]
    assert (a[0], c[0]) == ("a", "c") and a[1] != c[1]  # c ran in a new worker


def test_a_worker_that_dies_between_two_communes_is_replaced(tmp_path):
    slot = _Slot(tmp_path / "slot")
    try:
        first = slot.submit(crashing_jobs.job, "a", ("a", "later")).result(timeout=60)
        time.sleep(1.5)  # the worker has died, idle, 0.3 s after returning a
        second = slot.submit(crashing_jobs.job, "b", ("a",)).result(timeout=60)
    finally:
        slot.close()
    assert first[0] == "a" and second[0] == "b" and second[1] != first[1]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_the_kernel_of_a_dead_worker_is_ended_with_its_processes(tmp_path):
    # b's worker starts a stand-in kernel (a shell and its child, in a session of their own, noted
    # as WarmKernel.start notes a kernel) and dies.
    results = _results(crashing_jobs.kernel_job, ["a", "b", "c"], ("b", str(tmp_path)), 2)
    ended = crashing_jobs.ended_within(tmp_path / "kernel.pid", seconds=5)
    assert isinstance(results["b"][1], WorkerDied) and results["a"][1] is None and results["c"][1] is None
    assert ended


def test_how_a_worker_ended_in_words():
    assert exit_reason(3) == "mã thoát 3"
    assert exit_reason(-9) == "bị dừng bằng SIGKILL, thường do hết bộ nhớ"
    assert exit_reason(-11) == "bị dừng bằng SIGSEGV"
    assert exit_reason(None) == "không rõ mã thoát"


def test_a_batch_whose_worker_dies_records_that_commune_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "run_one", crashing_jobs.batch_job)
    communes = ["bach-long-vi", "cat-hai", "vinh-bao"]
    result = batch.run_batch(
        "2026-02", communes=communes, data_dir=SAMPLE, out_dir=tmp_path / "out", workers=2, progress=False
    )
    assert {r.commune: (r.status, r.error) for r in result.results} == {
        "bach-long-vi": ("ok", None),
        "cat-hai": ("failed", "tiến trình xử lý dừng đột ngột (mã thoát 3)"),
        "vinh-bao": ("ok", None),
    }
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))["communes"]
    assert {c: m["status"] for c, m in manifest.items()} == {
        "bach-long-vi": "ok",
        "cat-hai": "failed",
        "vinh-bao": "ok",
    }
