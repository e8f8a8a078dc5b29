"""``tthc import``'s finer rules (inputs/city_export.py), on exports written by hand: the units
that match no commune (most dossiers first, their first row, an empty name), Unicode forms of
names and file names, and the rows of each commune kept in the export's order."""

from __future__ import annotations

import unicodedata

import pandas as pd
from conftest import HAND_ROWS, HEADERS_VN, write_csv, write_root

from tthc_analysis.inputs.city_export import NO_NAME, import_exports
from tthc_analysis.inputs.dataroot import DataRoot

RECEIVER = "Đơn vị tiếp nhận"


def _root(tmp_path) -> DataRoot:
    return DataRoot(write_root(tmp_path / "du-lieu", ("an-binh", "An Bình", "xã"), ("binh-an", "Bình An", "phường")))


def _rows(units: list[str]) -> list[tuple]:
    """One hand row (A, received 01/02/2026) per unit, ids numbered in the export's order."""
    return [(unit, f"HS{n:03d}", *HAND_ROWS[0][1:]) for n, unit in enumerate(units, start=1)]


def test_units_matching_no_commune_most_dossiers_first_with_their_first_row(tmp_path):
    # Data rows start on row 2 (An Bình). Sở Tư pháp: rows 3 and 8 (two spellings, one name once
    # stripped); Công an tỉnh: rows 4, 5, 6; a blank unit (spaces only): row 7.
    units = ["UBND xã An Bình", "Sở Tư pháp  ", "Công an tỉnh", "Công an tỉnh", "Công an tỉnh", "   ", "Sở Tư pháp"]
    export = write_csv(tmp_path / "tp.csv", [RECEIVER, *HEADERS_VN], _rows(units))
    (result,) = import_exports([export], _root(tmp_path))
    assert list(result.unmatched.items()) == [("Công an tỉnh", 3), ("Sở Tư pháp", 2), (NO_NAME, 1)]
    assert result.first_rows == {"Công an tỉnh": 4, "Sở Tư pháp": 3, NO_NAME: 7}
    assert result.by_commune == {"an-binh": 1} and result.rows == 7


def test_a_name_in_decomposed_unicode_is_reported_and_matched_as_composed(tmp_path):
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp")
    units = [unicodedata.normalize("NFD", "UBND phường Bình An"), nfd]
    export = write_csv(tmp_path / "tp.csv", [RECEIVER, *HEADERS_VN], _rows(units))
    (result,) = import_exports([export], _root(tmp_path))
    assert result.by_commune == {"binh-an": 1}
    assert list(result.unmatched) == ["Sở Tư pháp"]  # composed (NFC), as every message writes names
    assert unicodedata.is_normalized("NFC", next(iter(result.unmatched)))


def test_the_written_file_is_named_in_composed_unicode(tmp_path):
    name = unicodedata.normalize("NFD", "hồ-sơ-thành-phố") + ".csv"
    export = write_csv(tmp_path / name, [RECEIVER, *HEADERS_VN], _rows(["UBND xã An Bình"]))
    root = _root(tmp_path)
    (result,) = import_exports([export], root)
    assert [p.name for p in result.written] == ["dossiers-hồ-sơ-thành-phố.parquet"]
    assert unicodedata.is_normalized("NFC", result.written[0].name)


def test_each_communes_rows_keep_the_exports_order(tmp_path):
    # 120 rows alternating between the two communes in runs of 1 to 3: each file keeps its rows' order.
    pattern = ["UBND xã An Bình", "UBND phường Bình An", "UBND phường Bình An", "UBND xã An Bình"] * 10
    pattern += ["UBND phường Bình An"] * 3 + ["UBND xã An Bình"] * 2
    units = (pattern * 3)[:120]
    export = write_csv(tmp_path / "tp.csv", [RECEIVER, *HEADERS_VN], _rows(units))
    root = _root(tmp_path)
    import_exports([export], root)
    for commune_id, unit in (("an-binh", "UBND xã An Bình"), ("binh-an", "UBND phường Bình An")):
        written = pd.read_parquet(root.path / commune_id / "dossiers-tp.parquet")
        expected = [f"HS{n:03d}" for n, u in enumerate(units, start=1) if u == unit]
        assert written["Mã hồ sơ"].tolist() == expected
