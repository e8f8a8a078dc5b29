"""The cache of loaded exports, rule by rule: where it lives, what an entry keeps, when it goes.

Each expected value is worked out by hand: the folder from the environment, a digest with
``hashlib`` from the bytes written, the ages of entries in whole days of 86 400 seconds.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import HAND_ROWS, HEADERS_VN, write_csv

from tthc_analysis.core.errors import Finding
from tthc_analysis.inputs import cache
from tthc_analysis.inputs.schema import DOSSIER_COLUMNS

DAY = 86400
NOW = 1_800_000_000  # a whole second (15/01/2027), so that mtimes compare exactly


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TTHC_CACHE_DIR", str(folder))
    monkeypatch.delenv("TTHC_CACHE", raising=False)  # on, even where the run turns it off (mutation testing)
    return folder


def _frame(index=None) -> pd.DataFrame:
    """A loaded file as load_file keeps it: its columns, source_file, then source_row last."""
    frame = pd.DataFrame({"dossier_id": ["A", "B"], "source_file": "x.csv", "source_row": [2, 3]})
    return frame if index is None else frame.set_axis(index)


# ---------------------------------------------------------------- where the cache lives


def test_the_folder_is_tthc_cache_dir_else_under_xdg_cache_home_else_under_home(tmp_path, monkeypatch):
    for name in ("TTHC_CACHE", "TTHC_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "tthc-analysis"
    monkeypatch.setenv("XDG_CACHE_HOME", "")  # set but empty: as if not set
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "tthc-analysis"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "tthc-analysis"
    monkeypatch.setenv("TTHC_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"  # as given: no tthc-analysis below it
    monkeypatch.setenv("TTHC_CACHE", "1")
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("TTHC_CACHE", "0")
    assert cache.cache_dir() is None


def test_a_cache_that_is_off_gives_no_key_and_keeps_nothing(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("TTHC_CACHE", "0")
    path = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS)
    assert cache.read_entry(path, DOSSIER_COLUMNS) == (None, None)
    cache.write_entry("0" * 40, _frame(), {"dossier_id": "Mã hồ sơ"}, [])
    assert not cache_dir.exists()


def test_a_library_that_is_not_installed_is_absent():
    assert cache.library_version("tthc-analysis-no-such-distribution") == "absent"
    assert cache.library_version("pandas") == pd.__version__


def test_a_files_digest_is_blake2b_of_20_bytes_of_its_content(tmp_path):
    path = tmp_path / "ho-so.csv"
    path.write_bytes(b"MaHoSo,TrangThaiHoSo\nA,10\n")
    expected = hashlib.blake2b(b"MaHoSo,TrangThaiHoSo\nA,10\n", digest_size=20).hexdigest()
    assert cache.file_digest(path) == expected and len(expected) == 40  # 20 bytes, two hex digits each


def test_a_suffixs_case_does_not_change_the_key(tmp_path, cache_dir):
    lower = write_csv(tmp_path / "ho-so.csv", HEADERS_VN, HAND_ROWS)
    upper = tmp_path / "HO-SO.CSV"
    upper.write_bytes(lower.read_bytes())
    assert cache.read_entry(lower, DOSSIER_COLUMNS)[0] == cache.read_entry(upper, DOSSIER_COLUMNS)[0]


# ---------------------------------------------------------------- what an entry keeps


def _written(tmp_path, name="a.csv", index=None, warnings=()) -> tuple[Path, str]:
    """An export and the key its entry is kept under, with a hand-made entry written there."""
    path = write_csv(tmp_path / name, HEADERS_VN, HAND_ROWS)
    key, entry = cache.read_entry(path, DOSSIER_COLUMNS)
    assert key is not None and entry is None  # nothing kept yet
    cache.write_entry(key, _frame(index), {"dossier_id": "Mã hồ sơ"}, list(warnings))
    return path, key


def test_an_entry_reads_back_its_rows_headers_and_warnings_named_in_the_file_read_now(tmp_path, cache_dir):
    unmapped = Finding("UNMAPPED_COLUMN", "cột 'Kênh nôp hs' không khớp", file="a.csv", row=1, column="Kênh nôp hs")
    loose = Finding("NOTE", "không gắn với tệp nào")  # no file: stays without one
    first, key = _written(tmp_path, warnings=[unmapped, loose])
    second = tmp_path / "copy" / "b.csv"
    second.parent.mkdir()
    second.write_bytes(first.read_bytes())  # the same bytes elsewhere: the same entry
    found, entry = cache.read_entry(second, DOSSIER_COLUMNS)
    assert found == key and entry is not None
    assert entry.frame.columns.tolist() == ["dossier_id", "source_row"]  # source_file is not kept
    assert entry.frame["dossier_id"].tolist() == ["A", "B"] and entry.frame["source_row"].tolist() == [2, 3]
    assert entry.headers == {"dossier_id": "Mã hồ sơ"}
    assert entry.warnings == (
        Finding("UNMAPPED_COLUMN", "cột 'Kênh nôp hs' không khớp", file=str(second), row=1, column="Kênh nôp hs"),
        Finding("NOTE", "không gắn với tệp nào"),
    )


def test_an_entry_reads_back_as_utf8_whatever_the_locale(tmp_path, cache_dir, monkeypatch):
    # On a machine whose locale is not UTF-8 (Windows: cp1258), text read without an encoding
    # is decoded in the locale's: "Mã hồ sơ" in the entry's record must still read as written.
    # Here an ASCII locale is played: read_text decodes as ASCII when given no encoding.
    path, _ = _written(tmp_path)
    read_text = Path.read_text
    monkeypatch.setattr(
        Path, "read_text", lambda self, encoding=None, errors=None: read_text(self, encoding or "ascii")
    )
    assert cache.read_entry(path, DOSSIER_COLUMNS)[1].headers == {"dossier_id": "Mã hồ sơ"}


def test_an_entry_reads_back_whatever_index_the_frame_had(tmp_path, cache_dir):
    path, _ = _written(tmp_path, index=[7, 8])  # rows 7 and 8 of a larger frame: the index is not kept
    entry = cache.read_entry(path, DOSSIER_COLUMNS)[1]
    assert entry is not None and entry.frame.columns.tolist() == ["dossier_id", "source_row"]
    assert entry.frame["dossier_id"].tolist() == ["A", "B"]


def test_nothing_is_kept_without_a_key(tmp_path, cache_dir):
    cache.write_entry(None, _frame(), {"dossier_id": "Mã hồ sơ"}, [])
    assert not cache_dir.exists()


def test_a_cache_folder_not_there_yet_is_made_with_its_parents(tmp_path, monkeypatch):
    monkeypatch.setenv("TTHC_CACHE_DIR", str(tmp_path / "a" / "b" / "cache"))
    monkeypatch.delenv("TTHC_CACHE", raising=False)
    path, key = _written(tmp_path)
    assert sorted(p.name for p in (tmp_path / "a" / "b" / "cache").iterdir()) == [f"{key}.json", f"{key}.parquet"]
    assert cache.read_entry(path, DOSSIER_COLUMNS)[1] is not None


def test_an_entry_that_cannot_be_marked_used_is_still_read(tmp_path, cache_dir, monkeypatch):
    # A cache on a read-only share: the entry reads, its modification time cannot be set.
    path, _ = _written(tmp_path)

    def refused(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(os, "utime", refused)
    assert cache.read_entry(path, DOSSIER_COLUMNS)[1].headers == {"dossier_id": "Mã hồ sơ"}


def test_a_damaged_entry_that_cannot_be_removed_is_still_a_miss(tmp_path, cache_dir, monkeypatch):
    path, key = _written(tmp_path)
    (cache_dir / f"{key}.parquet").write_bytes(b"not parquet")

    def refused(self, missing_ok=False):
        raise PermissionError("read-only")

    monkeypatch.setattr(Path, "unlink", refused)
    assert cache.read_entry(path, DOSSIER_COLUMNS) == (key, None)
    assert (cache_dir / f"{key}.json").exists()  # left, since it could not go


# ---------------------------------------------------------------- when an entry goes


def _aged(folder: Path, name: str, seconds: int) -> Path:
    path = folder / name
    path.write_text("x", encoding="utf-8")
    os.utime(path, (NOW - seconds, NOW - seconds))
    return path


def test_an_entry_goes_when_unused_for_more_than_60_days_to_the_second(tmp_path, monkeypatch):
    monkeypatch.setattr(time, "time", lambda: NOW)
    folder = tmp_path / "cache"
    folder.mkdir()
    # 60 days = 5 184 000 s: exactly that old stays (not older than the limit), a second more goes.
    _aged(folder, f"{1:040x}.parquet", 60 * DAY)
    _aged(folder, f"{2:040x}.json", 60 * DAY + 1)
    _aged(folder, f"{3:040x}.parquet", 0)
    _aged(folder, f".{4:040x}.parquet.k3j9.part", 60 * DAY + 1)  # a killed write's temporary file
    cache.remove_unused(folder)
    assert sorted(p.name for p in folder.iterdir()) == [f"{1:040x}.parquet", f"{3:040x}.parquet"]


def test_a_days_argument_other_than_60_counts_whole_days(tmp_path, monkeypatch):
    monkeypatch.setattr(time, "time", lambda: NOW)
    folder = tmp_path / "cache"
    folder.mkdir()
    _aged(folder, f"{1:040x}.parquet", 2 * DAY)  # 172 800 s: kept by days=2
    _aged(folder, f"{2:040x}.parquet", 2 * DAY + 1)
    cache.remove_unused(folder, days=2)
    assert [p.name for p in folder.iterdir()] == [f"{1:040x}.parquet"]


def test_every_old_entry_goes_among_files_that_are_not_the_caches(tmp_path, monkeypatch):
    # Six old entries among six old files of the user's: whatever order the folder lists them in,
    # the entries go and the others stay.
    monkeypatch.setattr(time, "time", lambda: NOW)
    folder = tmp_path / "cache"
    folder.mkdir()
    foreign = ["ghi-chu.txt", "notes.part", "ABCDEF.parquet", f"{9:039x}.json", f"{9:040x}.csv", f"x{9:040x}.json"]
    for name in foreign:
        _aged(folder, name, 100 * DAY)
    for number in range(6):
        _aged(folder, f"{number:040x}.{('parquet', 'json')[number % 2]}", 100 * DAY)
    cache.remove_unused(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(foreign)


def test_an_entry_gone_while_the_folder_is_read_is_passed_over(tmp_path, monkeypatch):
    # A name listed but no longer there when its age is asked (another run removed it): a dangling link.
    monkeypatch.setattr(time, "time", lambda: NOW)
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / f"{1:040x}.parquet").symlink_to(tmp_path / "gone")
    _aged(folder, f"{2:040x}.parquet", 61 * DAY)
    cache.remove_unused(folder)
    assert [p.name for p in folder.iterdir()] == [f"{1:040x}.parquet"]
