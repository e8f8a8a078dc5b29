"""Notebooks, the HTML report and batch runs (papermill), as analysts and the city use them."""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser

import nbformat
import pytest
import yaml
from conftest import REPO, SAMPLE, needs_chromium, open_offline_on_a_phone, run_cli

from tthc_analysis.run.batch import run_batch
from tthc_analysis.run.notebook import run_report

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_committed_notebooks_have_no_outputs_and_validate_without_a_warning():
    import warnings

    assert {p.name for p in NOTEBOOKS} >= {"commune_report.ipynb", "trends.ipynb"}
    for path in NOTEBOOKS:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a cell without an id: nbformat's English warning on every run
            notebook = nbformat.read(str(path), as_version=4)
            nbformat.validate(notebook)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


def test_report_notebook_has_a_parameters_cell_of_strings():
    notebook = nbformat.read(str(REPO / "notebooks" / "commune_report.ipynb"), as_version=4)
    cells = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    names = dict(re.findall(r'^(\w+) = "([^"]*)"', cells[0].source, flags=re.MULTILINE))
    assert set(names) == {"commune", "period", "data_dir", "out_dir", "source", "template"}
    assert names["source"] == "auto"


def test_notebooks_are_thin():
    # Logic lives in the package: no cell defines functions or loops over data.
    for path in NOTEBOOKS:
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type == "code":
                assert "def " not in cell.source and "import pandas" not in cell.source, path.name
                assert len(cell.source.splitlines()) <= 8, path.name


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.title, self.images, self.urls, self.classes, self._in_title = "", [], [], [], False
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes += (attrs.get("class") or "").split()
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "title":
            self._in_title = True
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        for key in ("src", "href", "action", "data"):
            if attrs.get(key):
                self.urls.append(attrs[key])

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def hung_thang_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    paths = run_report("hung-thang", "2026-02", data_dir=SAMPLE, out_dir=out)
    return out, paths.products()


@pytest.mark.e2e
def test_report_run_writes_every_product(hung_thang_run):
    out, products = hung_thang_run
    folder = out / "hung-thang" / "2026-02"
    names = {p.name for p in products}
    assert names == {
        "bao-cao-hung-thang-2026-02.ipynb",
        "bao-cao-hung-thang-2026-02.html",
        "indicators.json",
        "bieu-06a-hung-thang-2026-02.xlsx",
        "ho-so-chi-tiet-hung-thang-2026-02.xlsx",
        "bao-cao-cctthc-hung-thang-2026-02.docx",
    }
    assert all((folder / n).stat().st_size > 0 for n in names)
    executed = nbformat.read(str(folder / "bao-cao-hung-thang-2026-02.ipynb"), as_version=4)
    assert any(c.get("outputs") for c in executed.cells if c.cell_type == "code")
    figures = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))
    assert figures["source"] == "dossiers" and figures["bieu06a"]["total"] == 893  # 14 + 879
    assert figures["comparisons"]["previous"] == {"period": "2026-01", "source": "dossiers", "compared": True}
    assert not list(folder.glob(".*part*"))


@pytest.mark.e2e
def test_html_is_self_contained_with_hidden_inputs(hung_thang_run):
    out, _ = hung_thang_run
    text = (out / "hung-thang" / "2026-02" / "bao-cao-hung-thang-2026-02.html").read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(text)
    assert parser.title == "Báo cáo cải cách TTHC tháng 02 năm 2026 – xã Hùng Thắng"
    assert "monthly_report" not in parser.title
    # No input cells and no code.
    assert not {"jp-InputArea", "input_area", "jp-InputArea-editor"} & set(parser.classes)
    assert "build_monthly_report" not in text and "charts.show" not in text
    # Charts embedded; nothing fetched from another host.
    assert len(parser.images) >= 5 and all(src.startswith("data:image/png;base64,") for src in parser.images)
    # Each chart's text for screen readers is its Vietnamese title, not nbconvert's English default.
    assert "No description has been provided" not in text
    assert 'alt="Lĩnh vực có nhiều hồ sơ nhất"' in text
    assert [u for u in parser.urls if not u.startswith(("data:", "#"))] == []
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text.replace("http://www.w3.org", ""), re.I)
    # One script, the page's own (its live tables), nothing loaded from an address.
    assert text.lower().count("<script") == 1 and '<script type="module">' in text and "<script src" not in text
    # The Vietnamese sections, the narrative and the findings.
    for heading in ("Số liệu chính", "Biểu 06a", "Diễn biến 12 kỳ gần nhất", "Chuyển đổi số", "Kiểm tra số liệu"):
        assert heading in text
    assert "Tổng số 893 hồ sơ (kỳ trước chuyển sang 14 hồ sơ" in text
    assert "Tổng số 921" not in text.split("Kiểm tra số liệu")[0]  # the published slip is only a finding
    assert "TOTAL_NOT_CARRIED_PLUS_NEW" in text and "RECONCILIATION_DIFFERENCE" in text
    assert 'name="viewport"' in text and "@media print" in text
    # The drill-down: counts link to the annex at the end of the page, every link has its target.
    assert {u[1:] for u in parser.urls if u.startswith("#")} <= set(parser.ids)
    assert "Phụ lục: danh sách hồ sơ" in text and text.index('id="phu-luc-ho-so"') > text.index("Kiểm tra số liệu")
    # Hùng Thắng: 02 dossiers in progress on time, published and in the exports alike.
    assert '<a href="#hs-dang-giai-quyet-trong-han">2</a>' in text
    assert "ho-so-chi-tiet-hung-thang-2026-02.xlsx" in text


@pytest.mark.e2e
@needs_chromium
def test_html_opens_offline_in_chromium_without_errors(hung_thang_run, preview_dir):
    out, _ = hung_thang_run
    page_path = out / "hung-thang" / "2026-02" / "bao-cao-hung-thang-2026-02.html"
    seen = open_offline_on_a_phone(page_path, preview_dir / "html-hung-thang-2026-02-dien-thoai.png")
    errors, failed, outside, images, wide = (seen[k] for k in ("errors", "failed", "outside", "images", "wide"))
    assert errors == [] and failed == [] and outside == []
    assert len(images) >= 5 and all(images)
    assert wide <= 400  # readable on a phone: no page-wide horizontal scrolling
    assert seen["scripts"] == 1 and seen["live"] >= 4  # Biểu 06a by field and the annex lists sort and search


@pytest.mark.e2e
def test_trends_notebook_runs_and_flags_the_jumps(tmp_path):
    import papermill as pm

    target = tmp_path / "trends.ipynb"
    pm.execute_notebook(
        str(REPO / "notebooks" / "trends.ipynb"),
        str(target),
        cwd=str(REPO / "notebooks"),
        parameters={"data_dir": str(SAMPLE), "communes": "le-chan,cat-hai,hung-thang"},
        progress_bar=False,
        kernel_name="python3",
    )
    outputs = nbformat.read(str(target), as_version=4).cells[-1].outputs
    text = json.dumps([o.get("data", {}).get("text/html", "") for o in outputs], ensure_ascii=False)
    # The generator put a jump in overdue dossiers in Lê Chân 2025-11 and Cát Hải 2026-02, nowhere else.
    assert "phường Lê Chân" in text and "tháng 11 năm 2025" in text
    assert "đặc khu Cát Hải" in text and "tháng 02 năm 2026" in text
    assert "Hùng Thắng" not in text


@pytest.fixture
def three_communes(tmp_path):
    """A data root with three sample communes, the third with a corrupt export."""
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(SAMPLE / "procedures.csv", root)
    config = yaml.safe_load((SAMPLE / "communes.yaml").read_text(encoding="utf-8"))
    config["communes"] = [c for c in config["communes"] if c["id"] in ("cat-hai", "bach-long-vi", "vinh-bao")]
    (root / "communes.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for commune in ("cat-hai", "bach-long-vi", "vinh-bao"):
        shutil.copytree(SAMPLE / commune, root / commune)
    (root / "vinh-bao" / "dossiers.parquet").write_bytes(b"PAR1 this is not a parquet file")
    return root


@pytest.mark.e2e
def test_batch_survives_a_broken_commune_and_reruns_it(three_communes, tmp_path):
    out = tmp_path / "out"
    result = run_batch("2026-02", data_dir=three_communes, out_dir=out, workers=2, progress=False)
    status = {r.commune: r.status for r in result.results}
    assert status == {"cat-hai": "ok", "bach-long-vi": "ok", "vinh-bao": "failed"}
    broken = next(r for r in result.results if r.commune == "vinh-bao")
    assert "dossiers.parquet" in broken.error and "Parquet" in broken.error
    # The export is read, and refused, before any notebook runs: nothing to keep for debugging.
    assert broken.products == [] and not list((out / "vinh-bao").rglob("*.ipynb"))
    manifest = json.loads((out / "2026-02" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["communes"]) == {"cat-hai", "bach-long-vi", "vinh-bao"}
    assert all({"status", "seconds", "error", "products"} <= set(v) for v in manifest["communes"].values())
    index = (out / "2026-02" / "index.html").read_text(encoding="utf-8")
    assert 'href="../cat-hai/2026-02/bao-cao-cat-hai-2026-02.html"' in index
    assert 'href="../bach-long-vi/2026-02/bao-cao-bach-long-vi-2026-02.html"' in index
    assert "Vĩnh Bảo" in index and "lỗi" in index
    for commune in ("cat-hai", "bach-long-vi"):
        assert (out / commune / "2026-02" / f"bao-cao-{commune}-2026-02.html").exists()

    # Fix the export and rerun only the failures: everything is there, nothing redone.
    shutil.copy(SAMPLE / "vinh-bao" / "dossiers.parquet", three_communes / "vinh-bao" / "dossiers.parquet")
    before = (out / "cat-hai" / "2026-02" / "indicators.json").stat().st_mtime_ns
    again = run_batch("2026-02", data_dir=three_communes, out_dir=out, only_failed=True, progress=False)
    first_seconds = {r.commune: r.seconds for r in result.results if r.commune != "vinh-bao"}
    assert {r.commune: r.seconds for r in again.results if r.commune != "vinh-bao"} == first_seconds
    assert {r.status for r in again.results} == {"ok"}
    assert (out / "cat-hai" / "2026-02" / "indicators.json").stat().st_mtime_ns == before
    assert not (out / "vinh-bao" / "2026-02" / "bao-cao-vinh-bao-2026-02-loi.ipynb").exists()


@pytest.mark.e2e
def test_batch_cli_exits_non_zero_when_a_commune_fails(three_communes, tmp_path):
    result = run_cli(
        "batch",
        "--period",
        "2026-02",
        "--communes",
        "vinh-bao",
        "--data",
        str(three_communes),
        "--out",
        str(tmp_path / "out"),
        "--workers",
        "1",
    )
    assert result.returncode == 1
    assert "vinh-bao" in result.stdout and "LỖI" in result.stdout and "Traceback" not in result.stdout


@pytest.mark.e2e
def test_killing_a_batch_midway_loses_nothing_and_a_rerun_finishes(three_communes, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from docx import Document
    from openpyxl import load_workbook

    shutil.copy(SAMPLE / "vinh-bao" / "dossiers.parquet", three_communes / "vinh-bao" / "dossiers.parquet")
    out = tmp_path / "out"
    manifest = out / "2026-02" / "manifest.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tthc_analysis",
            "batch",
            "--period",
            "2026-02",
            "--workers",
            "1",
            "--data",
            str(three_communes),
            "--out",
            str(out),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    done: list[str] = []
    while time.monotonic() < deadline and not done:
        time.sleep(0.5)
        if manifest.exists():
            state = json.loads(manifest.read_text(encoding="utf-8"))["communes"]
            done = [c for c, r in state.items() if r["status"] == "ok"]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert done, "no commune finished before the time allowed"
    state = json.loads(manifest.read_text(encoding="utf-8"))["communes"]
    assert len(state) == 3 and [c for c, r in state.items() if r["status"] != "ok"]  # killed midway

    # Every product that exists is whole: nothing that looks complete is half-written.
    for path in out.rglob("*"):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".docx":
            Document(str(path))
        elif path.suffix == ".xlsx":
            load_workbook(path)
        elif path.suffix == ".ipynb":
            nbformat.read(str(path), as_version=4)
        elif path.suffix == ".html":
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>")
    finished = {c: (out / c / "2026-02" / "indicators.json").stat().st_mtime_ns for c in done}

    again = run_batch("2026-02", data_dir=three_communes, out_dir=out, only_failed=True, progress=False)
    assert {r.commune: r.status for r in again.results} == {"cat-hai": "ok", "bach-long-vi": "ok", "vinh-bao": "ok"}
    assert {c: (out / c / "2026-02" / "indicators.json").stat().st_mtime_ns for c in done} == finished
    assert not list(out.rglob(".*.part*"))
