"""Wording that fits every unit (a xã, a phường or a đặc khu) and product names that never collide:
a date range's products are named without "..", and a trends report's name holds its communes."""

from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE, run_cli
from docx import Document

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.report import trend_tables
from tthc_analysis.report.index_page import IndexEntry, index_page
from tthc_analysis.report.paths import CityPaths, ProductPaths, TrendsPaths, detail_xlsx_name, period_part
from tthc_analysis.run.cli import run

RANGE = "2025-07-01..2025-10-31"
RANGE_PART = "2025-07-01-den-2025-10-31"
PACKAGE = REPO / "tthc_analysis"
# Phrases that call every unit of a city a xã: "các xã", "mỗi xã", "xã có số liệu" (but "các xã, phường" is right).
ONLY_XA = re.compile(r"\b(?:các|mỗi|từng|những|\d+) xã\b(?!, phường)|\bxã có số liệu|\bXã/phường", re.IGNORECASE)


def _names(paths: list[Path]) -> list[str]:
    return [part for path in paths for part in path.parts]


# ---------------------------------------------------------------- a range's products: no ".."


def test_a_range_periods_products_are_named_without_two_dots(tmp_path):
    commune = ProductPaths.for_run(tmp_path, "hung-thang", RANGE)
    city = CityPaths.for_period(tmp_path, RANGE)
    every = [
        commune.folder,
        *commune.products(),
        commune.failed_notebook,
        commune.report_pdf,
        city.folder,
        *city.products(),
        city.stamp,
    ]
    assert not [name for name in _names([p.relative_to(tmp_path) for p in every]) if ".." in name]
    assert commune.folder == tmp_path / "hung-thang" / RANGE_PART
    assert commune.report_html.name == f"bao-cao-hung-thang-{RANGE_PART}.html"
    assert commune.report_docx.name == f"bao-cao-cctthc-hung-thang-{RANGE_PART}.docx"
    assert commune.bieu06a_xlsx.name == f"bieu-06a-hung-thang-{RANGE_PART}.xlsx"
    assert commune.detail_xlsx.name == f"ho-so-chi-tiet-hung-thang-{RANGE_PART}.xlsx"
    assert detail_xlsx_name("hung-thang", RANGE) == commune.detail_xlsx.name  # as the HTML report links it
    assert city.folder == tmp_path / RANGE_PART
    assert [p.name for p in city.products()] == [
        f"tong-hop-{RANGE_PART}.html",
        f"bao-cao-tong-hop-{RANGE_PART}.docx",
        f"bieu-06a-tong-hop-{RANGE_PART}.xlsx",
        "city.json",
    ]
    # The city page's link reaches the commune's report where it is written.
    link = city.commune_report("hung-thang")
    assert link == f"../hung-thang/{RANGE_PART}/bao-cao-hung-thang-{RANGE_PART}.html"
    assert (city.folder / link).resolve() == commune.report_html.resolve()


@pytest.mark.parametrize("period_id", ["2026-02", "2026-Q1", "2026-H1", "2026-9M", "2026"])
def test_months_quarters_and_years_keep_their_names(tmp_path, period_id):
    assert period_part(period_id) == period_id
    paths = ProductPaths.for_run(tmp_path, "hung-thang", period_id)
    assert paths.folder == tmp_path / "hung-thang" / period_id
    assert paths.report_html.name == f"bao-cao-hung-thang-{period_id}.html"
    assert CityPaths.for_period(tmp_path, period_id).page_html == tmp_path / period_id / f"tong-hop-{period_id}.html"


def test_a_period_part_is_parsed_never_a_path(tmp_path):
    for bad in ("../etc", "2026-02/..", "2025-07-01..", ""):
        with pytest.raises(InputError):
            ProductPaths.for_run(tmp_path, "hung-thang", bad)


def test_tthc_indicators_still_takes_a_range_with_two_dots():
    result = run_cli("indicators", "--commune", "hung-thang", "--period", RANGE)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["period"]["id"] == RANGE  # the id itself is unchanged


def test_tthc_report_takes_a_range_and_writes_its_products_without_two_dots(tmp_path, monkeypatch, capsys):
    """`tthc report --period FROM..TO`: the products the package writes (indicators.json, both
    workbooks, the .docx) land under the "-den-" names; the notebook run itself is left out."""
    from tthc_analysis.report import period_report
    from tthc_analysis.run import notebook

    def run_report(commune, period, *, data_dir, out_dir, **_):
        paths = ProductPaths.for_run(out_dir, commune, period)
        period_report.write_products(period_report.build_period_report(commune, period, data_dir), out_dir)
        for made_by_the_notebook in (paths.notebook, paths.report_html):
            made_by_the_notebook.write_text("{}", encoding="utf-8")
        return paths

    monkeypatch.setattr(notebook, "run_report", run_report)
    out = tmp_path / "out"
    args = ["report", "--commune", "hung-thang", "--period", RANGE, "--data", str(SAMPLE), "--out", str(out)]
    assert run(args) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    written = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert written and not [name for name in _names(written) if ".." in name]
    paths = ProductPaths.for_run(out, "hung-thang", RANGE)
    for product in paths.products():
        assert product.exists() and str(product) in printed


# ---------------------------------------------------------------- trends: the communes are in the name


def test_two_trends_runs_over_other_communes_get_two_names(tmp_path):
    one = TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", ["hung-thang", "le-chan"])
    other = TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", ["tien-lang"])
    assert one.report_html != other.report_html and one.notebook != other.notebook
    assert one.report_html == tmp_path / "trends" / "xu-huong-hung-thang_le-chan-2025-01-2026-02.html"
    assert other.report_html.name == "xu-huong-tien-lang-2025-01-2026-02.html"
    # The same set in another order is the same report; ids with "-" never run into each other.
    assert TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", "le-chan,hung-thang").stem == one.stem
    split = [TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", c).stem for c in (["a-b", "c"], ["a", "b-c"])]
    assert split[0] != split[1]


def test_every_commune_is_tat_ca(tmp_path):
    every = ["hung-thang", "le-chan", "tien-lang"]
    for chosen in ("all", " ALL ", ["tien-lang", "hung-thang", "le-chan"]):
        paths = TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", chosen, every=every)
        assert paths.report_html.name == "xu-huong-tat-ca-2025-01-2026-02.html"
    some = TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", ["hung-thang"], every=every)
    assert "tat-ca" not in some.stem
    # A commune whose id happens to be "tat-ca" is not every commune.
    assert TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", ["tat-ca"], every=every).stem != paths.stem


def test_a_long_list_of_communes_is_shortened_with_a_digest(tmp_path):
    many = [f"phuong-so-{n:02d}-ten-rat-dai" for n in range(40)]
    long = TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", many)
    one_less = TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", many[:-1])
    other_last = TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", [*many[:-1], "xa-khac"])
    names = [p.name for t in (long, one_less, other_last) for p in (*t.products(), t.failed_notebook)]
    assert max(len(name) for name in names) < 100
    assert len({long.stem, one_less.stem, other_last.stem}) == 3
    assert long.stem.startswith("xu-huong-phuong-so-00-ten-rat-dai_") and "-don-vi-khac-" in long.stem
    assert re.search(r"_va-\d+-don-vi-khac-[0-9a-f]{8}-2025-01-2026-02$", long.stem)
    one_long_id = TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", ["x" * 90, "y"])
    assert len(one_long_id.failed_notebook.name) < 100


def test_a_bad_commune_id_never_reaches_a_trends_name(tmp_path):
    for bad in (["../etc"], ["hung-thang", "a/b"], "Hung Thang"):
        with pytest.raises(InputError):
            TrendsPaths.for_run(tmp_path, "2025-01", "2026-02", bad)


@pytest.mark.e2e
def test_tthc_trends_over_other_communes_keeps_both_reports(tmp_path):
    out = tmp_path / "out"
    for communes in ("le-chan", "cat-hai,tien-lang"):
        months = ("--from", "2026-01", "--to", "2026-02")
        result = run_cli("trends", "--communes", communes, *months, "--data", str(SAMPLE), "--out", str(out))
        assert result.returncode == 0, result.stderr
    pages = sorted(p.name for p in (out / "trends").glob("*.html"))
    assert pages == ["xu-huong-cat-hai_tien-lang-2026-01-2026-02.html", "xu-huong-le-chan-2026-01-2026-02.html"]


# ---------------------------------------------------------------- headings and words that fit every unit


class _Headings(HTMLParser):
    """The first heading cell of every table of a page, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.first: list[str] = []
        self.text: list[str] = []
        self._th: list[str] | None = None
        self._row = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._row = 0
        if tag == "th" and not self._row:
            self._th = []

    def handle_endtag(self, tag):
        if tag == "th" and self._th is not None:
            self.first.append("".join(self._th).strip())
            self._th, self._row = None, 1

    def handle_data(self, data):
        self.text.append(data)
        if self._th is not None:
            self._th.append(data)


def test_no_text_of_the_package_says_xa_phuong():
    said = [
        f"{path.relative_to(REPO)}:{n}"
        for path in sorted(PACKAGE.rglob("*"))
        if path.suffix in (".py", ".yaml", ".html", ".ipynb", ".css")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "Xã/phường" in unicodedata.normalize("NFC", line)
    ]
    assert said == []


def test_what_the_city_and_the_batch_write_never_calls_every_unit_a_xa():
    """The modules of the index page, the city's page, .docx and sentences, and the trends tables."""
    modules = ["core/labels.py", "report/index_page.py", "report/trend_tables.py"]
    modules += [f"report/city/{name}.py" for name in ("page", "narrative", "formal", "report")]
    said = [
        f"{module}:{n}: {line.strip()}"
        for module in modules
        for n, line in enumerate((PACKAGE / module).read_text(encoding="utf-8").splitlines(), start=1)
        if ONLY_XA.search(line)
    ]
    assert said == []


def test_the_index_page_heads_its_units_don_vi():
    page = index_page(parse_period("2026-02"), [IndexEntry("phường Lê Chân", None, None, error="lỗi")])
    headings = _Headings()
    headings.feed(page)
    assert headings.first == ["Đơn vị"]


def test_the_trends_tables_head_their_units_don_vi():
    import pandas as pd

    table = pd.DataFrame({"total": [1103.0]}, index=pd.Index(["đặc khu Cát Hải"], name="commune_name"))
    assert trend_tables.compare_table(table).index.name == "Đơn vị"
    assert trend_tables.OUTLIER_COLUMNS["commune_name"] == "Đơn vị"


def test_the_city_of_a_range_heads_its_units_don_vi_in_its_page_and_docx(tmp_path, capsys):
    """tthc city over the sample (xã, phường and đặc khu) for a range: its folder and names, every
    table's unit heading, and no sentence that calls every unit a xã."""
    out = tmp_path / "out"
    assert run(["city", "--period", RANGE, "--data", str(SAMPLE), "--out", str(out)]) == 0, capsys.readouterr().err
    paths = CityPaths.for_period(out, RANGE)
    assert sorted(p.name for p in out.iterdir()) == [RANGE_PART] and all(p.exists() for p in paths.products())
    headings = _Headings()
    headings.feed(paths.page_html.read_text(encoding="utf-8"))
    units = [h for h in headings.first if h not in ("Hạng", "Chỉ tiêu", "Mã", "Chỉ số")]
    assert len(units) >= 4 and set(units) == {"Đơn vị"}, headings.first
    text = unicodedata.normalize("NFC", "".join(headings.text))
    assert not ONLY_XA.search(text), ONLY_XA.search(text)
    document = Document(str(paths.report_docx))
    communes = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")  # after the letterhead's
    assert communes.rows[0].cells[1].text == "Đơn vị"
    body = "\n".join(p.text for p in document.paragraphs)
    assert not ONLY_XA.search(body), ONLY_XA.search(body)
