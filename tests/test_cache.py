"""The cache of loaded exports: a file is read once, and an edit is always seen."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import HAND_ROWS, HEADERS_VN, fresh_python, write_csv

from tthc_analysis.inputs import cache
from tthc_analysis.inputs.schema import DOSSIER_COLUMNS
from tthc_analysis.inputs.tables import load_dossiers


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TTHC_CACHE_DIR", str(folder))
    monkeypatch.delenv("TTHC_CACHE", raising=False)  # on, even where the run turns it off (mutation testing)
    return folder


def test_a_second_load_comes_from_the_cache_and_is_the_same(tmp_path, cache_dir, monkeypatch):
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS)
    first = load_dossiers([path])
    assert len(list(cache_dir.glob("*.parquet"))) == 1
    # The file is not parsed again: reading it would fail now.
    monkeypatch.setattr("tthc_analysis.inputs.tables.read_sheet", lambda *a: pytest.fail("read again"))
    second = load_dossiers([path])
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert (first.columns, first.warnings, first.headers) == (second.columns, second.warnings, second.headers)
    assert first.headers[str(path)]["received"] == "Ngày tiếp nhận"  # each column as the file writes it


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


def _damage_parquet(data, meta):
    data.write_bytes(b"not parquet")


def _warning_of_another_shape(data, meta):
    # A Finding stored by a code in which it had another field.
    meta.write_text('{"columns": [], "warnings": [{"code": "X", "message": "m", "hint": "h"}]}', encoding="utf-8")


def _no_columns(data, meta):
    meta.write_text('{"warnings": []}', encoding="utf-8")


def _not_an_object(data, meta):
    meta.write_text("[]", encoding="utf-8")


def _frame_without_a_column(data, meta):
    pd.read_parquet(data).drop(columns=["status"]).to_parquet(data, index=False)


@pytest.mark.parametrize(
    "damage", [_damage_parquet, _warning_of_another_shape, _no_columns, _not_an_object, _frame_without_a_column]
)
def test_an_entry_that_does_not_read_back_is_a_miss_and_removed(tmp_path, cache_dir, damage):
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS)
    load_dossiers([path])
    key, _ = cache.read_entry(path, DOSSIER_COLUMNS)
    data, meta = cache_dir / f"{key}.parquet", cache_dir / f"{key}.json"
    damage(data, meta)
    assert cache.read_entry(path, DOSSIER_COLUMNS) == (key, None)
    assert not data.exists() and not meta.exists()
    # The next load reads the file again and keeps a good entry.
    assert load_dossiers([path]).frame.set_index("dossier_id").loc["A", "status"] == 10
    assert cache.read_entry(path, DOSSIER_COLUMNS)[1] is not None


def test_the_loader_fingerprint_covers_core_text_and_the_readers_versions(tmp_path, monkeypatch):
    from tthc_analysis.core import text

    fingerprint = cache.loader_fingerprint.__wrapped__  # without functools.cache
    before = fingerprint()
    original = Path(text.__file__)
    same, edited = tmp_path / "same.py", tmp_path / "edited.py"
    same.write_bytes(original.read_bytes())
    edited.write_bytes(original.read_bytes() + b"\n# fold() changed\n")
    files = cache.LOADER_FILES
    for copy, changed in ((same, False), (edited, True)):
        monkeypatch.setattr(cache, "LOADER_FILES", tuple(copy if p == original else p for p in files))
        assert (fingerprint() != before) is changed
    monkeypatch.undo()
    versions = {"python-calamine": "0.9.1", "lxml": "6.1.3", "pandas": "3.1.1", "pyarrow": "26.0.1"}
    monkeypatch.setattr(cache, "library_version", versions.get)
    with_lxml_6 = fingerprint()
    versions["lxml"] = "5.4.0"
    assert fingerprint() != with_lxml_6
    versions["lxml"], versions["python-calamine"] = "6.1.3", "0.5.0"
    assert fingerprint() != with_lxml_6


def test_entries_not_used_for_60_days_are_removed_at_the_next_write(tmp_path, cache_dir):
    day = 86400
    now = time.time()
    files = {n: write_csv(tmp_path / f"{n}.csv", HEADERS_VN, HAND_ROWS[:size]) for n, size in zip("abcde", range(3, 8))}
    keys = {}
    for name in "abc":
        load_dossiers([files[name]])
        keys[name] = cache.read_entry(files[name], DOSSIER_COLUMNS)[0]
    foreign = cache_dir / "ghi-chu.txt"
    foreign.write_text("not the cache's", encoding="utf-8")

    def age(name, days):
        for suffix in ("parquet", "json"):
            os.utime(cache_dir / f"{keys[name]}.{suffix}", (now - days * day, now - days * day))

    age("a", 61)
    age("b", 59)
    age("c", 61)
    os.utime(foreign, (now - 100 * day, now - 100 * day))
    load_dossiers([files["c"]])  # c used (read from the cache): kept for another 60 days
    assert not list(cache_dir.glob(".*.part"))
    load_dossiers([files["d"]])  # a write: a, unused for 61 days, goes
    remaining = {p.name for p in cache_dir.iterdir()}
    assert {f"{keys[n]}.{s}" for n in "bc" for s in ("parquet", "json")} <= remaining
    assert not {f"{keys['a']}.parquet", f"{keys['a']}.json"} & remaining
    assert foreign.name in remaining  # not the cache's: never removed
    assert len([n for n in remaining if n.endswith(".parquet")]) == 3  # b, c, d


def test_every_module_the_loader_imports_is_in_its_digest():
    # An entry is valid for the code that made it: a module that decides what a file loads to and
    # is not in the digest could change without the entries made by the old code going stale.
    code = (
        "import sys, tthc_analysis.inputs.tables, tthc_analysis.inputs.cache as cache\n"
        "digested = {str(p) for p in cache.LOADER_FILES}\n"
        "used = {m.__file__ for name, m in list(sys.modules.items()) if name.startswith('tthc_analysis.')}\n"
        "print(sorted(f.split('tthc_analysis/')[1] for f in used - digested if not f.endswith('__init__.py')))\n"
    )
    # core/atomic.py only writes entries (a temporary file renamed into place): not what they hold.
    assert fresh_python(code) == "['core/atomic.py']"
