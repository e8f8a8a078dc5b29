"""tthc import: a city-wide export split into the commune folders (docs/inputs.md#a-city-wide-export)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import EARLIER_ROW, EXPECTED_2026_02, HAND_ROWS, HEADERS_VN, SAMPLE, run_cli, write_csv, write_root

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.inputs.city_export import import_exports
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.inputs.unit_names import UnitMatcher

RECEIVER = "Đơn vị tiếp nhận"
UNITS = [("an-binh", "An Bình", "xã"), ("phuong-liet", "Phương Liệt", "phường"), ("cat-hai", "Cát Hải", "đặc khu")]


@pytest.fixture
def root(tmp_path) -> DataRoot:
    return DataRoot(write_root(tmp_path / "du-lieu", *UNITS))


def _rows(prefix: str, unit: str) -> list[tuple]:
    """The hand-worked rows (tests/conftest.py) and the earlier row, received by ``unit``, ids prefixed."""
    return [(unit, f"{prefix}{r[0]}", *r[1:]) for r in [*HAND_ROWS, EARLIER_ROW]]


def _export(path: Path, rows: list[tuple], receiver: str = RECEIVER) -> Path:
    return write_csv(path, [receiver, *HEADERS_VN], rows)


def _data_rows(path: Path) -> int:
    """The export's data rows, counted by the csv module."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("UBND xã An Bình", ("an-binh",)),
        ("Ủy ban nhân dân xã An Bình", ("an-binh",)),
        ("Bộ phận một cửa xã An Bình", ("an-binh",)),
        ("Bộ phận một cửa UBND xã An Bình", ("an-binh",)),  # two office prefixes, one after the other
        ("Xã An Bình", ("an-binh",)),
        ("An Bình", ("an-binh",)),
        ("AN BINH", ("an-binh",)),
        ("  an  bình ", ("an-binh",)),
        ("Trung tâm Phục vụ hành chính công phường Phương Liệt", ("phuong-liet",)),
        ("Phường Phương Liệt", ("phuong-liet",)),  # the kind is compared whole, never cut off
        ("Phương Liệt", ("phuong-liet",)),
        ("Đặc khu Cát Hải", ("cat-hai",)),
        ("UBND đặc khu Cát Hải", ("cat-hai",)),
        ("phường An Bình", ()),  # An Bình is a xã
        ("Chi nhánh Văn phòng đăng ký đất đai Cát Hải", ()),  # a vertical agency, no commune
        ("Công an đặc khu Cát Hải", ()),
        ("Sở Tư pháp", ()),
        ("Liệt", ()),
    ],
)
def test_a_unit_name_matches_its_commune_whatever_the_spelling(root, name, expected):
    assert UnitMatcher(root.communes().values()).match(name).candidates == expected


def test_a_name_two_communes_share_matches_both_and_the_kind_tells_them_apart(tmp_path):
    both = DataRoot(write_root(tmp_path, ("an-binh-xa", "An Bình", "xã"), ("an-binh-phuong", "An Bình", "phường")))
    matcher = UnitMatcher(both.communes().values())
    assert matcher.match("UBND An Bình").candidates == ("an-binh-phuong", "an-binh-xa")
    assert matcher.match("UBND phường An Bình").commune == "an-binh-phuong"
    assert matcher.match("Xã An Bình").commune == "an-binh-xa"


def test_each_commune_gets_its_own_dossiers_and_counts_them_as_by_hand(root, tmp_path):
    rows = _rows("AB-", "UBND xã An Bình") + _rows("PL-", "Bộ phận một cửa phường Phương Liệt")
    rows += [("Sở Tư pháp", "STP-1", *HAND_ROWS[0][1:]), ("", "X-1", *HAND_ROWS[1][1:])]
    export = _export(tmp_path / "ho-so-thang-02.csv", rows)
    (result,) = import_exports([export], root)
    assert result.header == RECEIVER
    assert result.by_commune == {"an-binh": 18, "phuong-liet": 18}
    assert result.unmatched == {"Sở Tư pháp": 1, "(không ghi đơn vị)": 1}
    assert result.first_rows == {"Sở Tư pháp": 38, "(không ghi đơn vị)": 39}  # row 1 is the header
    # Every row of the export is in exactly one commune or among the units listed.
    assert sum(result.by_commune.values()) + sum(result.unmatched.values()) + result.left_out == _data_rows(export)
    assert result.rows == _data_rows(export) == 38
    written = {p.relative_to(root.path).as_posix() for p in result.written}
    assert written == {"an-binh/dossiers-ho-so-thang-02.parquet", "phuong-liet/dossiers-ho-so-thang-02.parquet"}
    assert not list((root.path / "cat-hai").iterdir())
    # The hand-worked month, counted in each commune's folder (tests/conftest.py EXPECTED_2026_02).
    for commune_id in ("an-binh", "phuong-liet"):
        counts = commune_indicators(root, commune_id, parse_period("2026-02"), source="dossiers").counts.to_dict()
        assert {k: counts[k] for k in EXPECTED_2026_02} == EXPECTED_2026_02, commune_id
    # The commune's file keeps the export's own headers: a person can open it and read it.
    columns = pd.read_parquet(root.path / "an-binh" / "dossiers-ho-so-thang-02.parquet").columns.tolist()
    assert columns == HEADERS_VN


def test_importing_again_replaces_and_a_commune_left_out_loses_this_exports_file(root, tmp_path):
    export = _export(tmp_path / "xuat.csv", _rows("AB-", "Xã An Bình") + _rows("CH-", "Đặc khu Cát Hải"))
    import_exports([export], root)
    first = {p: p.read_bytes() for p in root.path.rglob("*.parquet")}
    (again,) = import_exports([export], root)
    assert {p: p.read_bytes() for p in root.path.rglob("*.parquet")} == first  # the same files, not more
    assert again.removed == []
    # The export corrected: Cát Hải's rows were An Bình's. Cát Hải's file of this export goes.
    _export(export, _rows("AB-", "Xã An Bình") + _rows("CH-", "An Bình"))
    (third,) = import_exports([export], root)
    assert third.by_commune == {"an-binh": 36}
    assert [p.relative_to(root.path).as_posix() for p in third.removed] == ["cat-hai/dossiers-xuat.parquet"]
    assert sorted(p.relative_to(root.path).as_posix() for p in root.path.rglob("*.parquet")) == [
        "an-binh/dossiers-xuat.parquet"
    ]
    # Another commune's file of another export is not touched.
    other = _export(tmp_path / "khac.csv", _rows("CH-", "Cát Hải"))
    import_exports([other], root)
    import_exports([export], root)
    assert (root.path / "cat-hai" / "dossiers-khac.parquet").exists()


def test_without_a_receiving_column_the_processing_unit_is_used(root, tmp_path):
    rows = _rows("AB-", "UBND xã An Bình") + _rows("VP-", "Chi nhánh Văn phòng đăng ký đất đai An Bình")
    export = _export(tmp_path / "xu-ly.csv", rows, receiver="Đơn vị xử lý")
    (result,) = import_exports([export], root)
    assert result.header == "Đơn vị xử lý"
    assert result.by_commune == {"an-binh": 18}
    assert result.unmatched == {"Chi nhánh Văn phòng đăng ký đất đai An Bình": 18}
    assert result.first_rows == {"Chi nhánh Văn phòng đăng ký đất đai An Bình": 20}
    # The column the dossiers were split by is a column of the report too: it is kept.
    written = pd.read_parquet(root.path / "an-binh" / "dossiers-xu-ly.parquet")
    assert written.columns.tolist() == ["Đơn vị xử lý", *HEADERS_VN]
    assert set(written["Đơn vị xử lý"]) == {"UBND xã An Bình"}


def test_by_names_the_column_by_hand(root, tmp_path):
    rows = [("UBND xã An Bình", *r) for r in _rows("AB-", "Phương Liệt")]  # two unit columns
    export = write_csv(tmp_path / "hai-cot.csv", ["Nơi nộp", "Cơ quan tiếp nhận", *HEADERS_VN], rows)
    assert import_exports([export], root)[0].by_commune == {"phuong-liet": 18}
    (by_hand,) = import_exports([export], root, by="nơi nộp")
    assert by_hand.header == "Nơi nộp" and by_hand.by_commune == {"an-binh": 18}
    with pytest.raises(InputError, match="không có cột đơn vị 'Đơn vị gửi'") as refused:
        import_exports([export], root, by="Đơn vị gửi")
    assert refused.value.problems[0].row == 1 and refused.value.problems[0].file == str(export)


def test_a_unit_matching_two_communes_stops_before_anything_is_written(tmp_path):
    both = DataRoot(
        write_root(tmp_path / "r", ("an-binh-xa", "An Bình", "xã"), ("an-binh-phuong", "An Bình", "phường"))
    )
    export = _export(tmp_path / "x.csv", _rows("A-", "Xã An Bình") + _rows("B-", "UBND An Bình"))
    with pytest.raises(InputError) as refused:
        import_exports([export], both)
    (problem,) = refused.value.problems
    assert problem.code == "AMBIGUOUS_UNIT" and "an-binh-phuong, an-binh-xa" in problem.message
    assert (problem.file, problem.row, problem.column) == (str(export), 20, RECEIVER)
    assert not list(both.path.rglob("*.parquet"))


def test_a_bad_export_is_refused_naming_file_row_and_column_and_nothing_is_written(root, tmp_path):
    rows = _rows("AB-", "Xã An Bình")
    rows[3] = (*rows[3][:5], "31/02/2026", *rows[3][6:])  # no such day
    export = _export(tmp_path / "hong.csv", rows)
    with pytest.raises(InputError) as refused:
        import_exports([export], root)
    bad = [p for p in refused.value.problems if p.is_error]
    assert [(p.file, p.row, p.column) for p in bad] == [(str(export), 5, "Ngày tiếp nhận")]
    assert not list(root.path.rglob("*.parquet"))


def test_two_exports_of_one_name_are_refused(root, tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first = _export(tmp_path / "a" / "xuat.csv", _rows("A-", "An Bình"))
    second = _export(tmp_path / "b" / "Xuat.csv", _rows("B-", "An Bình"))
    with pytest.raises(InputError, match="hai tệp cùng tên"):
        import_exports([first, second], root)
    other_format = write_csv(tmp_path / "a" / "xuat.txt", [RECEIVER, *HEADERS_VN], _rows("C-", "An Bình"))
    with pytest.raises(InputError, match="hai tệp cùng tên"):  # both would write dossiers-xuat.parquet
        import_exports([first, other_format], root)
    assert not list(root.path.rglob("*.parquet"))


def test_an_unknown_status_without_a_received_date_is_accounted_for(root, tmp_path):
    rows = [*_rows("AB-", "Xã An Bình"), ("Xã An Bình", "AB-lạ", "Hộ tịch", "Đã hủy hẳn", "1", "", "", "")]
    export = _export(tmp_path / "la.csv", rows)
    (result,) = import_exports([export], root)
    assert result.left_out == 1 and result.by_commune == {"an-binh": 18}
    assert sum(result.by_commune.values()) + sum(result.unmatched.values()) + result.left_out == _data_rows(export)
    # Third round of injected bugs: the export's row count left the left-out row out. 17 + 1 + 1.
    assert result.rows == _data_rows(export) == 19
    done = run_cli("import", str(export), "--data", str(root.path))
    assert "la.csv: 19 hồ sơ" in done.stdout and "Đã nhập 18/19 hồ sơ vào 1 đơn vị." in done.stdout


def test_the_command_says_where_every_dossier_went(root, tmp_path):
    rows = [*_rows("AB-", "UBND xã An Bình"), ("Sở Tư pháp", "STP-1", *HAND_ROWS[0][1:])]
    export = _export(tmp_path / "ho-so.csv", rows)
    done = run_cli("import", str(export), "--data", str(root.path))
    assert done.returncode == 0, done.stderr
    assert "ho-so.csv: 19 hồ sơ, chia theo cột 'Đơn vị tiếp nhận'" in done.stdout
    assert "  xã An Bình: 18 hồ sơ" in done.stdout and "Đã nhập 18/19 hồ sơ vào 1 đơn vị." in done.stdout
    assert "'Sở Tư pháp': 1 hồ sơ (dòng đầu tiên: 20)" in done.stderr
    missing = run_cli("import", str(tmp_path / "khong-co.csv"), "--data", str(root.path))
    assert missing.returncode == 2 and "khong-co.csv: không tìm thấy tệp" in missing.stderr
    assert "Traceback" not in missing.stderr
    no_root = run_cli("import", str(export))
    assert no_root.returncode == 2 and "Thiếu tùy chọn '--data'." in no_root.stderr


@pytest.fixture(scope="module")
def sample_imported(tmp_path_factory):
    """The sample's seven communes as one city-wide export, imported into a fresh data root."""
    from tthc_analysis.synthetic.city_export import DEPARTMENT, write_city_export

    folder = tmp_path_factory.mktemp("thanh-pho")
    export = write_city_export(DataRoot(SAMPLE), folder / "ho-so-ca-thanh-pho.csv")
    root = folder / "du-lieu"
    root.mkdir()
    for name in ("communes.yaml", "procedures.csv"):
        shutil.copy(SAMPLE / name, root / name)
    return DataRoot(root), import_exports([export], DataRoot(root))[0], export, DEPARTMENT


@pytest.mark.e2e  # the whole sample written as one export and read back: about 30 s
def test_the_sample_as_one_city_export_gives_every_commune_its_own_figures(sample_imported):
    root, result, export, department = sample_imported
    assert result.unmatched == {department: 25}
    assert sum(result.by_commune.values()) + 25 + result.left_out == _data_rows(export)
    sample = DataRoot(SAMPLE)
    for commune_id in sample.communes():
        for period in ("2026-02", "2025-Q3"):
            want = commune_indicators(sample, commune_id, parse_period(period), source="dossiers")
            got = commune_indicators(root, commune_id, parse_period(period), source="dossiers")
            assert got.counts.to_dict() == want.counts.to_dict(), (commune_id, period)


@pytest.mark.e2e
def test_batch_imports_first_then_reports_from_the_imported_folders(sample_imported, tmp_path):
    _, _, export, department = sample_imported
    root = tmp_path / "du-lieu"
    root.mkdir()
    for name in ("communes.yaml", "procedures.csv"):
        shutil.copy(SAMPLE / name, root / name)
    out = tmp_path / "ra"
    args = ["batch", "--period", "2026-02", "--data", str(root), "--out", str(out), "--workers", "2"]
    done = run_cli(*args, "--communes", "bach-long-vi,cat-hai", "--import", str(export))
    assert done.returncode == 0, done.stderr
    assert "Đã nhập 63.931/63.956 hồ sơ vào 7 đơn vị." in done.stdout and f"'{department}': 25 hồ sơ" in done.stderr
    assert "2/2 đơn vị xong" in done.stdout, done.stdout
    for commune_id in ("bach-long-vi", "cat-hai"):
        figures = (out / commune_id / "2026-02" / "indicators.json").read_text(encoding="utf-8")
        want = commune_indicators(DataRoot(SAMPLE), commune_id, parse_period("2026-02"), source="dossiers")
        assert f'"total": {want.counts.total},' in figures, commune_id


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_import_to_a_file_in_a_windows_code_page(root, tmp_path, encoding):
    import os
    import subprocess
    import sys
    import unicodedata

    export = _export(
        tmp_path / "ho-so.csv", [*_rows("AB-", "UBND xã An Bình"), ("Sở Tư pháp", "STP-1", *HAND_ROWS[0][1:])]
    )
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONUTF8"}, "PYTHONIOENCODING": encoding}
    with open(tmp_path / "ra.txt", "wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "tthc_analysis", "import", str(export), "--data", str(root.path)],
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
        )
    assert done.returncode == 0, done.stderr
    said = unicodedata.normalize("NFC", (tmp_path / "ra.txt").read_bytes().decode(encoding))
    said += unicodedata.normalize("NFC", done.stderr.decode(encoding))
    # cp1252 has no "ậ" or "ơ": written without the marks it lacks, never a crash.
    assert ("Đã nhập 18/19 hồ sơ" if encoding == "cp1258" else "Dã nhap 18/19 ho so") in said, said
    assert "Traceback" not in said


def test_a_communes_own_units_are_its_names_too_beside_its_own_name(tmp_path):
    # The profile's own units ("đơn vị của xã") name the commune as well as "xã An Bình" does.
    path = write_root(tmp_path / "goc", ("an-binh", "An Bình", "xã"))
    text = (path / "communes.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: xã}", "kind: xã, profile: {own_units: [Tổ tiếp nhận Bình Minh, Điểm phục vụ Đông Hòa]}}")
    (path / "communes.yaml").write_text(text, encoding="utf-8")
    matcher = UnitMatcher(DataRoot(path).communes().values())
    for name in ("Tổ tiếp nhận Bình Minh", "UBND Điểm phục vụ Đông Hòa", "xã An Bình", "An Bình"):
        found = matcher.match(name)
        assert (found.name, found.commune) == (name, "an-binh")
    unknown = matcher.match("Tổ tiếp nhận Hòa Bình")
    assert (unknown.name, unknown.candidates, unknown.commune) == ("Tổ tiếp nhận Hòa Bình", (), None)


def test_a_name_that_is_only_an_office_word_has_no_empty_form():
    # "UBND" alone names no unit; cutting its prefix would leave "", which no name may match.
    from tthc_analysis.inputs.unit_names import name_forms

    assert name_forms("UBND") == {"ubnd"}
    assert name_forms("UBND xã An Bình") == {"ubndxaanbinh", "xaanbinh"}


def test_an_own_unit_written_with_an_office_prefix_matches_the_unit_without_it(tmp_path):
    # Third round of injected bugs: an own unit was kept only as written, so "UBND xã Đông Hòa cũ"
    # in the profile did not match the export's "xã Đông Hòa cũ" or "Bộ phận một cửa xã Đông Hòa cũ".
    path = write_root(tmp_path / "goc", ("an-binh", "An Bình", "xã"))
    text = (path / "communes.yaml").read_text(encoding="utf-8")
    text = text.replace("kind: xã}", "kind: xã, profile: {own_units: [UBND xã Đông Hòa cũ]}}")
    (path / "communes.yaml").write_text(text, encoding="utf-8")
    matcher = UnitMatcher(DataRoot(path).communes().values())
    for name in ("xã Đông Hòa cũ", "Bộ phận một cửa xã Đông Hòa cũ", "UBND xã Đông Hòa cũ"):
        assert matcher.match(name).commune == "an-binh", name
