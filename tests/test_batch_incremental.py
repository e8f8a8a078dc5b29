"""Incremental batches: a commune whose inputs, notebook and code did not change is not run again."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import SAMPLE

from tthc_analysis.run.batch import run_batch

pytestmark = pytest.mark.e2e


@pytest.fixture
def city(tmp_path):
    """Two communes of the sample, copied so they can be edited."""
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(SAMPLE / "procedures.csv", root)
    for commune in ("bach-long-vi", "cat-hai"):
        shutil.copytree(SAMPLE / commune, root / commune)
    text = (SAMPLE / "communes.yaml").read_text(encoding="utf-8")
    (root / "communes.yaml").write_text(text, encoding="utf-8")
    return root


def _manifest(out):
    return json.loads((out / "2026-02" / "manifest.json").read_text(encoding="utf-8"))["communes"]


def test_an_unchanged_rerun_reuses_and_an_edit_is_run_again(city, tmp_path):
    out = tmp_path / "out"
    communes = ["bach-long-vi", "cat-hai"]
    first = run_batch("2026-02", communes=communes, data_dir=city, out_dir=out, workers=1, progress=False)
    assert [r.status for r in first.results] == ["ok", "ok"] and not any(r.reused for r in first.results)
    docx = out / "cat-hai" / "2026-02" / "bao-cao-cctthc-cat-hai-2026-02.docx"
    written = docx.stat().st_mtime_ns

    again = run_batch("2026-02", communes=communes, data_dir=city, out_dir=out, workers=1, progress=False)
    assert [(r.status, r.reused) for r in again.results] == [("ok", True), ("ok", True)]
    assert docx.stat().st_mtime_ns == written  # not rewritten
    assert all(m["reused"] for m in _manifest(out).values())

    # One export of Cát Hải edited: only Cát Hải runs again.
    feedback = city / "cat-hai" / "feedback.csv"
    feedback.write_text(feedback.read_text(encoding="utf-8-sig").rstrip("\n") + "\n", encoding="utf-8")
    edited = run_batch("2026-02", communes=communes, data_dir=city, out_dir=out, workers=1, progress=False)
    assert {r.commune: r.reused for r in edited.results} == {"bach-long-vi": True, "cat-hai": False}
    assert docx.stat().st_mtime_ns > written

    # A profile edited in communes.yaml counts too; --force runs everything.
    yaml = city / "communes.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Vũ Đức Thắng", "Vũ Đức Thành"), encoding="utf-8")
    profile = run_batch("2026-02", communes=communes, data_dir=city, out_dir=out, workers=1, progress=False)
    assert {r.commune: r.reused for r in profile.results} == {"bach-long-vi": True, "cat-hai": False}
    forced = run_batch("2026-02", communes=communes, data_dir=city, out_dir=out, workers=1, progress=False, force=True)
    assert not any(r.reused for r in forced.results)


def test_a_missing_product_is_made_again(city, tmp_path):
    out = tmp_path / "out"
    run_batch("2026-02", communes=["bach-long-vi"], data_dir=city, out_dir=out, workers=1, progress=False)
    (out / "bach-long-vi" / "2026-02" / "indicators.json").unlink()
    again = run_batch("2026-02", communes=["bach-long-vi"], data_dir=city, out_dir=out, workers=1, progress=False)
    assert not again.results[0].reused and (out / "bach-long-vi" / "2026-02" / "indicators.json").exists()
