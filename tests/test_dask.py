"""The batch on a Dask cluster (``tthc batch --scheduler tcp://…``).

.ci/run starts a real ``dask scheduler`` and two ``dask worker`` processes on this machine and
gives their address in ``TTHC_DASK_SCHEDULER``; without it these tests are skipped (and with
``TTHC_REQUIRE_DASK=1``, as in CI, they fail instead).
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import SAMPLE

from tthc_analysis.run.batch import run_batch
from tthc_analysis.run.cli import run

SCHEDULER = os.environ.get("TTHC_DASK_SCHEDULER")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not SCHEDULER and not os.environ.get("TTHC_REQUIRE_DASK"),
        reason="no Dask cluster (.ci/run starts one and sets TTHC_DASK_SCHEDULER)",
    ),
]


def test_the_batch_runs_on_the_cluster_and_reruns_what_failed(tmp_path, capsys):
    assert SCHEDULER, "TTHC_DASK_SCHEDULER is not set"
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(SAMPLE / "procedures.csv", root)
    shutil.copy(SAMPLE / "communes.yaml", root)
    for commune in ("bach-long-vi", "cat-hai", "vinh-bao"):
        shutil.copytree(SAMPLE / commune, root / commune)
    (root / "vinh-bao" / "dossiers.parquet").write_bytes(b"not parquet")  # one commune fails
    out = tmp_path / "out"
    code = run(
        [
            "batch",
            "--period",
            "2026-02",
            "--communes",
            "bach-long-vi,cat-hai,vinh-bao",
            "--data",
            str(root),
            "--out",
            str(out),
            "--scheduler",
            SCHEDULER,
        ]
    )
    assert code == 1  # a commune failed
    manifest = json.loads((out / "2026-02" / "manifest.json").read_text(encoding="utf-8"))["communes"]
    assert {c: m["status"] for c, m in manifest.items()} == {
        "bach-long-vi": "ok",
        "cat-hai": "ok",
        "vinh-bao": "failed",
    }
    # The products are in the shared output folder.
    assert (out / "cat-hai" / "2026-02" / "bao-cao-cat-hai-2026-02.html").exists()
    assert "dossiers.parquet" in manifest["vinh-bao"]["error"]
    # Mended, only the failed commune runs again.
    shutil.copy(SAMPLE / "vinh-bao" / "dossiers.parquet", root / "vinh-bao")
    result = run_batch("2026-02", data_dir=root, out_dir=out, only_failed=True, scheduler=SCHEDULER, progress=False)
    assert [(r.commune, r.status) for r in result.results] == [
        ("vinh-bao", "ok"),
        ("cat-hai", "ok"),
        ("bach-long-vi", "ok"),
    ]
    assert (out / "2026-02" / "index.html").exists()


def test_an_unreachable_scheduler_is_a_clear_message(capsys):
    code = run(
        [
            "batch",
            "--period",
            "2026-02",
            "--communes",
            "bach-long-vi",
            "--data",
            str(SAMPLE),
            "--out",
            "/tmp/x",
            "--scheduler",
            "tcp://127.0.0.1:1",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "không kết nối được tới Dask scheduler tcp://127.0.0.1:1" in err and "Traceback" not in err
