"""Every product file is written whole or not at all: when the library writing it stops half-way
(a full disk, Ctrl+C, a crash), the earlier file stays as it was and no stray file is left.

Each writer is run with its library's save stood in for by one that writes part of the file it
is given and then fails, as a save interrupted half-way does. Written straight to the product's
path, the product would be that half; through a temporary file beside it, it is untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EARLIER_ROW, HAND_ROWS, HEADERS_VN, write_csv, write_root

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.city import city_indicators
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.indicators.drilldown import dossier_lists
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.inputs.tables import load_dossiers

EARLIER = b"the earlier, whole product"


class Interrupted(OSError):
    """The save stopped half-way."""


def _half_save(path_argument: int = 1):
    """A stand-in for a library's save: writes half a file at the path it is given, then fails."""

    def save(*args, **kwargs):
        target = args[path_argument] if len(args) > path_argument else next(iter(kwargs.values()))
        Path(str(target)).write_bytes(b"PK\x03\x04 half")
        raise Interrupted("đĩa đầy")

    return save


@pytest.fixture
def hand(tmp_path):
    root = write_root(tmp_path / "data", ("thu", "Thử", "xã"))
    write_csv(root / "thu" / "dossiers.csv", HEADERS_VN, [*HAND_ROWS, EARLIER_ROW])
    data = DataRoot(root)
    period = parse_period("2026-02")
    return data, commune_indicators(data, "thu", period), period


def _earlier(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(EARLIER)
    return path


def _left_whole(target: Path) -> None:
    assert target.read_bytes() == EARLIER
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


def test_the_biểu_06a_workbook(hand, tmp_path, monkeypatch):
    from openpyxl.workbook.workbook import Workbook

    from tthc_analysis.report.workbook import write_bieu06a_xlsx

    _, indicators, _ = hand
    target = _earlier(tmp_path / "out" / "bieu-06a-thu-2026-02.xlsx")
    monkeypatch.setattr(Workbook, "save", _half_save())
    with pytest.raises(Interrupted):
        write_bieu06a_xlsx(indicators, target, reporting_unit="UBND xã Thử")
    _left_whole(target)


def test_the_drill_down_workbook(hand, tmp_path, monkeypatch):
    from openpyxl.workbook.workbook import Workbook

    from tthc_analysis.report.detail_workbook import write_detail_xlsx

    data, _, period = hand
    lists = dossier_lists(load_dossiers(data.dossier_files("thu")), period)
    target = _earlier(tmp_path / "out" / "ho-so-chi-tiet-thu-2026-02.xlsx")
    monkeypatch.setattr(Workbook, "save", _half_save())
    with pytest.raises(Interrupted):
        write_detail_xlsx(lists, target, unit_name="xã Thử")
    _left_whole(target)


def test_the_formal_report(hand, tmp_path, monkeypatch):
    from docx.document import Document

    from tthc_analysis.report.formal import write_docx

    data, indicators, _ = hand
    target = _earlier(tmp_path / "out" / "bao-cao-cctthc-thu-2026-02.docx")
    monkeypatch.setattr(Document, "save", _half_save())
    with pytest.raises(Interrupted):
        write_docx(indicators, data.commune("thu"), target)
    _left_whole(target)


def test_the_report_from_a_communes_own_template(hand, tmp_path, monkeypatch):
    from docxtpl import DocxTemplate

    from tthc_analysis.report.template import render_template
    from tthc_analysis.report.template_default import write_default_template

    data, indicators, _ = hand
    template = write_default_template(tmp_path / "mau.docx")
    target = _earlier(tmp_path / "out" / "bao-cao-cctthc-thu-2026-02.docx")
    monkeypatch.setattr(DocxTemplate, "save", _half_save())
    with pytest.raises(Interrupted):
        render_template(template, indicators, data.commune("thu"), target)
    _left_whole(target)


def test_the_citys_formal_report(hand, tmp_path, monkeypatch):
    from docx.document import Document

    from tthc_analysis.report.city.formal import write_city_docx

    data, _, period = hand
    city = city_indicators(data, period, ["thu"])
    target = _earlier(tmp_path / "out" / "bao-cao-tong-hop-2026-02.docx")
    monkeypatch.setattr(Document, "save", _half_save())
    with pytest.raises(Interrupted):
        write_city_docx(city, data.centre(), target)
    _left_whole(target)


def test_a_communes_file_imported_from_a_city_export(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from tthc_analysis.inputs.city_export import import_exports

    root = DataRoot(write_root(tmp_path / "du-lieu", ("an-binh", "An Bình", "xã")))
    rows = [("UBND xã An Bình", *row) for row in HAND_ROWS]
    export = write_csv(tmp_path / "tp.csv", ["Đơn vị tiếp nhận", *HEADERS_VN], rows)
    target = _earlier(root.path / "an-binh" / "dossiers-tp.parquet")
    monkeypatch.setattr(pq, "write_table", _half_save())
    with pytest.raises(Interrupted):
        import_exports([export], root)
    _left_whole(target)
