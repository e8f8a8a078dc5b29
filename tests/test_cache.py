"""The cache of loaded exports: a file is read once, and an edit is always seen."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import HAND_ROWS, HEADERS_VN, write_csv

from tthc_analysis.inputs import cache
from tthc_analysis.inputs.schema import DOSSIER_COLUMNS
from tthc_analysis.inputs.tables import load_dossiers


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TTHC_CACHE_DIR", str(folder))
    return folder


def test_a_second_load_comes_from_the_cache_and_is_the_same(tmp_path, cache_dir, monkeypatch):
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS)
    first = load_dossiers([path])
    assert len(list(cache_dir.glob("*.parquet"))) == 1
    # The file is not parsed again: reading it would fail now.
    monkeypatch.setattr("tthc_analysis.inputs.tables.read_sheet", lambda *a: pytest.fail("read again"))
    second = load_dossiers([path])
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert (first.columns, first.warnings) == (second.columns, second.warnings)


def test_an_edited_export_is_read_again(tmp_path, cache_dir):
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS)
    assert load_dossiers([path]).frame.set_index("dossier_id").loc["A", "status"] == 10
    rows = [list(r) for r in HAND_ROWS]
    rows[0][2] = "4"  # A: đã trả kết quả -> đang xử lý
    write_csv(path, HEADERS_VN, rows)
    assert load_dossiers([path]).frame.set_index("dossier_id").loc["A", "status"] == 4


def test_the_same_content_elsewhere_names_its_own_file(tmp_path, cache_dir):
    # Dossier A twice: a DUPLICATE_ID warning, kept with the entry, must name the file read now.
    first = write_csv(tmp_path / "a.csv", HEADERS_VN, [*HAND_ROWS[:3], ("A", *HAND_ROWS[0][1:])])
    load_dossiers([first])
    second = tmp_path / "b.csv"
    second.write_bytes(first.read_bytes())
    table = load_dossiers([second])
    assert set(table.frame["source_file"]) == {str(second)}
    assert {w.file for w in table.warnings if w.file} == {str(second)}  # the duplicate id, named in b.csv


def test_a_file_with_errors_is_not_kept(tmp_path, cache_dir):
    rows = [list(r) for r in HAND_ROWS]
    rows[1][4] = "30/02/2026"
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, rows)
    with pytest.raises(Exception, match="30/02/2026"):
        load_dossiers([path])
    assert not list(cache_dir.glob("*.parquet"))


def test_a_change_of_loader_gives_another_key(tmp_path, cache_dir, monkeypatch):
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS)
    load_dossiers([path])
    monkeypatch.setattr(cache, "loader_fingerprint", lambda: "another loader")
    key, entry = cache.read_entry(path, DOSSIER_COLUMNS)
    assert entry is None and not (cache_dir / f"{key}.parquet").exists()


def test_the_cache_can_be_turned_off(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("TTHC_CACHE", "0")
    load_dossiers([write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS)])
    assert not cache_dir.exists()
