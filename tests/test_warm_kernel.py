"""Warm kernels: notebooks run one after another in one kernel, each as if in a new one."""

from __future__ import annotations

import json
import time
from pathlib import Path

import crashing_jobs
import nbformat
import pytest
from conftest import REPO, SAMPLE

from tthc_analysis.core.errors import NotebookFailed, TimeLimitReached, WorkerDied
from tthc_analysis.run.executors import local_results
from tthc_analysis.run.kernel import WarmKernel
from tthc_analysis.run.notebook import NOTEBOOK, run_report

pytestmark = pytest.mark.e2e


def _notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def test_a_notebook_that_leaves_state_behind_does_not_reach_the_next(tmp_path):
    leaving = _notebook(
        "leak = 42\nimport matplotlib.pyplot as plt\nplt.rcParams['lines.linewidth'] = 9\nfig = plt.figure()",
        "import os\nos.chdir('/')",
        "1 + 1",
    )
    checking = _notebook(
        "import matplotlib, matplotlib.pyplot as plt, os\n"
        "state = {'leak': 'leak' in globals(), 'fig': 'fig' in globals(), 'figures': plt.get_fignums(),\n"
        "         'linewidth': plt.rcParams['lines.linewidth'], 'cwd': os.getcwd()}\n"
        "print(state)",
    )
    with WarmKernel(tmp_path) as kernel:
        first = kernel.run(leaving, cell_timeout=60)
        second = kernel.run(checking, cell_timeout=60)
        assert kernel.runs == 2 and kernel.km is not None
    printed = second.cells[0].outputs[0]["text"]
    assert printed.strip() == str({"leak": False, "fig": False, "figures": [], "linewidth": 1.5, "cwd": str(tmp_path)})
    # Execution counts start at 1 in each notebook, as in a new kernel.
    assert [c.execution_count for c in first.cells] == [1, 2, 3]
    assert first.cells[2].outputs[0]["execution_count"] == 3
    assert second.cells[0].execution_count == 1


def test_pandas_options_environment_and_warnings_filters_do_not_reach_the_next_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_PROBE_KEPT", "yes")  # the kernel starts with it
    changing = _notebook(
        "import os, warnings\nimport pandas as pd\n"
        "pd.set_option('display.max_rows', 7)\n"
        "os.environ['TTHC_PROBE_NEW'] = 'leak'\n"
        "del os.environ['TTHC_PROBE_KEPT']\n"
        "warnings.filterwarnings('ignore', message='tthc-probe')",
        "print(pd.get_option('display.max_rows'), 'TTHC_PROBE_KEPT' in os.environ)",
    )
    checking = _notebook(
        "import os, warnings\nimport pandas as pd\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.warn('tthc-probe', UserWarning)\n"
        "print({'max_rows': pd.get_option('display.max_rows'), 'new': os.environ.get('TTHC_PROBE_NEW'),\n"
        "       'kept': os.environ.get('TTHC_PROBE_KEPT'), 'probe_shown': len(caught)})",
    )
    with WarmKernel(tmp_path) as kernel:
        changed = kernel.run(changing, cell_timeout=60)
        checked = kernel.run(checking, cell_timeout=60)
    assert changed.cells[1].outputs[0]["text"] == "7 False\n"  # the first notebook did change them
    # pandas' default of 60 rows, the variable gone and the one removed back, the warning shown.
    assert checked.cells[0].outputs[0]["text"].strip() == str(
        {"max_rows": 60, "new": None, "kept": "yes", "probe_shown": 1}
    )


def test_a_failing_cell_keeps_the_kernel_for_the_next_notebook(tmp_path):
    with WarmKernel(tmp_path) as kernel:
        with pytest.raises(NotebookFailed, match="ZeroDivisionError"):
            kernel.run(_notebook("x = 1", "1 / 0"), cell_timeout=60)
        done = kernel.run(_notebook("print('ok')"), cell_timeout=60)
    assert done.cells[0].outputs[0]["text"] == "ok\n"


def test_a_report_over_its_time_limit_is_interrupted_and_the_kernel_restarted(tmp_path):
    slow = nbformat.read(str(NOTEBOOK), as_version=4)
    slow.cells.insert(2, nbformat.v4.new_code_cell("import time\ntime.sleep(60)"))
    path = tmp_path / "slow.ipynb"
    nbformat.write(slow, str(path))
    (tmp_path / "outputs").mkdir()
    with WarmKernel(path.parent) as kernel:
        started = time.monotonic()
        with pytest.raises(TimeLimitReached, match="quá thời gian 3 giây"):
            run_report(
                "cat-hai",
                "2026-02",
                data_dir=SAMPLE,
                out_dir=tmp_path / "out",
                time_limit=3,
                kernel=kernel,
                notebook=path,
            )
        assert time.monotonic() - started < 30
        failed = tmp_path / "out" / "cat-hai" / "2026-02" / "bao-cao-cat-hai-2026-02-loi.ipynb"
        assert failed.exists() and not list(failed.parent.glob(".*part*"))
        # The same kernel (restarted) goes on with the next report.
        paths = run_report("bach-long-vi", "2026-02", data_dir=SAMPLE, out_dir=tmp_path / "out", kernel=kernel)
    assert json.loads(paths.indicators_json.read_text(encoding="utf-8"))["commune"] == "bach-long-vi"


def test_a_warm_run_writes_what_a_cold_run_writes(tmp_path):
    cold = run_report("vinh-bao", "2026-02", data_dir=SAMPLE, out_dir=tmp_path / "cold")
    with WarmKernel(REPO / "notebooks") as kernel:
        run_report("cat-hai", "2026-02", data_dir=SAMPLE, out_dir=tmp_path / "warm", kernel=kernel)
        warm = run_report("vinh-bao", "2026-02", data_dir=SAMPLE, out_dir=tmp_path / "warm", kernel=kernel)

    def cells(path, out):
        node = nbformat.read(str(path), as_version=4)
        return [
            (
                c.cell_type,
                c.source.replace(str(out), "OUT"),
                c.get("execution_count"),
                [
                    (o.get("output_type"), str(o.get("text", "")).replace(str(out), "OUT"), sorted(o.get("data", {})))
                    for o in c.get("outputs", [])
                ],
            )
            for c in node.cells
        ]

    assert cells(cold.notebook, tmp_path / "cold") == cells(warm.notebook, tmp_path / "warm")
    assert cold.indicators_json.read_text(encoding="utf-8") == warm.indicators_json.read_text(encoding="utf-8")
    html = [
        p.read_text(encoding="utf-8").replace(str(tmp_path / name), "OUT")
        for p, name in ((cold.report_html, "cold"), (warm.report_html, "warm"))
    ]
    assert html[0] == html[1]  # charts included: the same pixels, byte for byte


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_the_warm_kernel_of_a_worker_that_died_does_not_linger(tmp_path):
    # b's worker starts its warm kernel, sets it on a long C call (sum over a huge range: the
    # kernel's own parent poller cannot run) and dies; the batch ends the kernel.
    finished = {c: e for c, _, e in local_results(crashing_jobs.warm_kernel_job, ["a", "b"], ("b", str(tmp_path)), 2)}
    ended = crashing_jobs.ended_within(tmp_path / "kernel.pid", seconds=5)
    assert finished["a"] is None and isinstance(finished["b"], WorkerDied)
    assert ended
