"""The data root's folders and names, rule by rule: which data root, which commune ids, which
export files belong to a commune and which published file to a period, the commune's own
template, and the centre that signs the city's report.

Every expected value is worked out by hand from the small data roots written here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tthc_analysis
from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.inputs.dataroot import (
    DataRoot,
    fill_unit_words,
    province_kind,
    resolve_data_root,
    validate_commune_id,
)

TWO = "city: thành phố Hải Phòng\ncommunes:\n  - {id: hung-thang, name: Hùng Thắng, kind: xã}\n  - {id: an-lao, name: An Lão, kind: xã}\n"


def _root(tmp_path, text: str = TWO) -> DataRoot:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "communes.yaml").write_text(text, encoding="utf-8")
    return DataRoot(tmp_path)


def _touch(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")


def test_the_data_root_given_else_the_working_folder_s_sample_else_the_repository_s(tmp_path, monkeypatch):
    assert resolve_data_root(tmp_path).path == tmp_path
    assert resolve_data_root(str(tmp_path)).path == tmp_path
    (tmp_path / "data" / "sample").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert resolve_data_root().path == tmp_path / "data" / "sample"
    assert resolve_data_root("").path == tmp_path / "data" / "sample"  # an empty path is no path
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    # the package is <checkout>/tthc_analysis/__init__.py: the checkout is two levels up
    checkout = Path(tthc_analysis.__file__).resolve().parents[1]
    assert resolve_data_root(None).path == checkout / "data" / "sample"


def test_the_paths_of_a_data_root(tmp_path):
    root = DataRoot(str(tmp_path))
    assert isinstance(root.path, Path) and root.path == tmp_path
    assert root.communes_file == tmp_path / "communes.yaml"
    assert root.procedures_file == tmp_path / "procedures.csv"
    assert root.commune_dir("hung-thang") == tmp_path / "hung-thang"


@pytest.mark.parametrize("good", ["hung-thang", "a", "xa-1", "2026", "a-b-c"])
def test_a_commune_id_is_a_slug(good):
    assert validate_commune_id(good) == good


@pytest.mark.parametrize("bad", ["Hung-thang", "hung--thang", "-a", "a-", "../a", "a/b", "a b", "hùng", "", "a_b"])
def test_anything_else_is_refused_with_an_example(bad):
    with pytest.raises(InputError) as caught:
        validate_commune_id(bad)
    assert caught.value.problems[0].message == (
        f"mã xã/phường không hợp lệ '{bad}': chỉ gồm chữ thường không dấu, số và dấu '-' (ví dụ hung-thang)"
    )


def test_an_id_that_is_no_text_is_refused_too():
    with pytest.raises(InputError) as caught:
        validate_commune_id(12)  # type: ignore[arg-type]
    assert caught.value.problems[0].message.startswith("mã xã/phường không hợp lệ '12': chỉ gồm chữ thường")


def test_a_folder_outside_the_data_root_is_never_built(tmp_path):
    with pytest.raises(InputError):
        DataRoot(tmp_path).commune_dir("../etc")


def test_an_unknown_commune_names_the_known_ones(tmp_path):
    root = _root(tmp_path)
    assert root.commune("an-lao").name == "An Lão"
    with pytest.raises(InputError) as caught:
        root.commune("kien-an")
    (problem,) = caught.value.problems
    assert problem.message == "không có xã/phường 'kien-an' trong communes.yaml; có: hung-thang, an-lao"
    assert problem.file == str(tmp_path / "communes.yaml")
    empty = _root(tmp_path / "empty", "communes: []\n")
    with pytest.raises(InputError) as caught:
        empty.commune("kien-an")
    assert caught.value.problems[0].message == "không có xã/phường 'kien-an' trong communes.yaml; có: (không có)"


@pytest.mark.parametrize("value", [None, "", "  ", "all", " ALL ", "All"])
def test_all_or_nothing_selects_every_commune_in_file_order(tmp_path, value):
    assert _root(tmp_path).select(value) == ["hung-thang", "an-lao"]


def test_a_list_of_ids_keeps_each_once_in_the_order_given(tmp_path):
    root = _root(tmp_path)
    assert root.select(" an-lao , hung-thang,an-lao,, ") == ["an-lao", "hung-thang"]
    assert root.select("hung-thang") == ["hung-thang"]
    assert root.select(["an-lao", "", "an-lao"]) == ["an-lao"]
    assert root.select([]) == []


def test_an_unknown_id_in_a_selection_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        _root(tmp_path).select("hung-thang,kien-an")
    assert caught.value.problems[0].message.startswith("không có xã/phường 'kien-an' trong communes.yaml")
    with pytest.raises(InputError) as caught:
        _root(tmp_path).select(["Hung-Thang"])
    assert caught.value.problems[0].message.startswith("mã xã/phường không hợp lệ 'Hung-Thang'")


def test_the_export_files_of_a_commune(tmp_path):
    root = _root(tmp_path)
    folder = tmp_path / "hung-thang"
    _touch(
        folder,
        "dossiers-2026-02.xlsx",
        "DOSSIERS-2026-01.CSV",  # the prefix and the suffix in any case
        "dossiers.parquet",
        "dossiers-a.tsv",
        "dossiers-b.txt",
        "dossiers-c.xls",
        "dossiers-d.xlsm",
        "dossiers-e.ods",
        "dossiers-notes.yaml",  # no reader for .yaml
        "dossiers.pdf",
        "old-dossiers.csv",  # the name must start with the prefix
        "feedback.csv",
        "Feedback-2.xlsx",
        "summary-2026-02.yaml",
    )
    (folder / "dossiers-folder.csv").mkdir()  # a folder is no file
    # sorted by path: upper-case "D" (0x44) comes before lower-case "d" (0x64)
    assert [p.name for p in root.dossier_files("hung-thang")] == [
        "DOSSIERS-2026-01.CSV",
        "dossiers-2026-02.xlsx",
        "dossiers-a.tsv",
        "dossiers-b.txt",
        "dossiers-c.xls",
        "dossiers-d.xlsm",
        "dossiers-e.ods",
        "dossiers.parquet",
    ]
    assert [p.parent for p in root.dossier_files("hung-thang")] == [folder] * 8
    assert [p.name for p in root.feedback_files("hung-thang")] == ["Feedback-2.xlsx", "feedback.csv"]
    assert root.dossier_files("an-lao") == []  # no folder: no files
    assert root.feedback_files("an-lao") == []
    (tmp_path / "an-lao").write_text("x", encoding="utf-8")  # a file where the folder should be
    assert root.dossier_files("an-lao") == []


def test_the_published_files_and_the_one_of_a_period(tmp_path):
    root = _root(tmp_path)
    folder = tmp_path / "hung-thang"
    _touch(folder, "bieu-06a-xa-2026-02.xlsx", "bieu-06a-2026-02.xlsx", "bieu-06a-2026-Q1.xlsx", "dossiers.csv")
    assert [p.name for p in root.published_files("hung-thang")] == [
        "bieu-06a-2026-02.xlsx",
        "bieu-06a-2026-Q1.xlsx",
        "bieu-06a-xa-2026-02.xlsx",
    ]
    # two workbooks of 2026-02: the first by name ("2" sorts before "x")
    assert root.summary_file("hung-thang", parse_period("2026-02")) == folder / "bieu-06a-2026-02.xlsx"
    assert root.summary_file("hung-thang", parse_period("2026-Q1")) == folder / "bieu-06a-2026-Q1.xlsx"
    assert root.summary_file("hung-thang", parse_period("2026-01")) is None
    _touch(folder, "summary-2026-02.yaml")  # a summary wins over a workbook
    assert root.summary_file("hung-thang", parse_period("2026-02")) == folder / "summary-2026-02.yaml"
    assert root.published_files("an-lao") == []
    assert root.summary_file("an-lao", parse_period("2026-02")) is None


TEMPLATE = "communes:\n  - {id: a, name: A, kind: xã, profile: {template: %s}}\n  - {id: b, name: B, kind: xã}\n"


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("'mau/bao-cao.docx'", ("mau", "bao-cao.docx")),
        ("'mau\\bao-cao.docx'", ("mau", "bao-cao.docx")),  # written on Windows
        ("'  bao-cao.docx '", ("bao-cao.docx",)),
    ],
)
def test_a_commune_s_own_template_is_relative_to_the_data_root(tmp_path, written, parts):
    root = _root(tmp_path, TEMPLATE % written)
    assert root.template_file("a") == tmp_path.joinpath(*parts)
    assert root.template_file("b") is None


def test_an_absolute_template_path_is_kept(tmp_path):
    posix = tmp_path / "mau.docx"
    assert _root(tmp_path, TEMPLATE % f"'{posix}'").template_file("a") == posix
    # a Windows path with a drive letter is absolute even where it is not the machine's kind
    assert _root(tmp_path, TEMPLATE % "'D:\\mau\\bao-cao.docx'").template_file("a") == Path("D:\\mau\\bao-cao.docx")


@pytest.mark.parametrize(
    ("city", "kind"),
    [
        ("tỉnh Quảng Trị", "tỉnh"),
        ("TỈNH NGHỆ AN", "tỉnh"),
        ("thành phố Hải Phòng", "thành phố"),
        ("Hải Phòng", "thành phố"),
        ("", "thành phố"),
    ],
)
def test_the_level_above_the_commune(city, kind):
    assert province_kind(city) == kind


def test_the_unit_words_of_a_profile_text():
    text = "UBND {tinh}; UBND {xa}; {tinh}"
    assert fill_unit_words(text, "tỉnh Quảng Trị", "phường") == "UBND tỉnh; UBND phường; tỉnh"
    assert fill_unit_words(text, "Hải Phòng", "đặc khu") == "UBND thành phố; UBND đặc khu; thành phố"


def test_the_centre_by_default(tmp_path):
    centre = _root(tmp_path).centre()  # centre() reads communes.yaml itself
    assert centre.name == "Trung tâm Phục vụ hành chính công thành phố Hải Phòng"
    profile = centre.profile
    assert profile.issuing_body == ("UBND THÀNH PHỐ HẢI PHÒNG", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG")
    assert profile.place == "Hải Phòng"  # "thành phố Hải Phòng" without its level
    assert profile.symbol == "BC-TTPVHCC"
    assert profile.signer.authority == ("GIÁM ĐỐC",)
    assert profile.signer.name == ""
    assert profile.recipients == ("UBND thành phố", "Văn phòng UBND thành phố", "Sở Khoa học và Công nghệ")
    assert profile.archive == "Lưu: VT."
    assert profile.directives["*"].startswith("Công văn của Ủy ban nhân dân thành phố về việc")
    assert profile.narrative["tasks"].startswith("- Bám sát những nhiệm vụ trọng tâm của Ủy ban nhân dân thành phố")


def test_the_centre_of_a_province_and_of_no_city(tmp_path):
    text = "city: tỉnh Quảng Trị\ncentre: null\ncommunes: []\n"
    centre = _root(tmp_path, text).centre()
    assert centre.name == "Trung tâm Phục vụ hành chính công tỉnh Quảng Trị"
    assert centre.profile.place == "Quảng Trị"
    assert centre.profile.issuing_body[0] == "UBND TỈNH QUẢNG TRỊ"
    assert centre.profile.recipients[:2] == ("UBND tỉnh", "Văn phòng UBND tỉnh")
    bare = _root(tmp_path / "bare", "communes: []\n")
    centre = bare.centre()
    assert centre.name == "Trung tâm Phục vụ hành chính công"  # no city: no trailing space
    assert centre.profile.place == "…"
    assert centre.profile.issuing_body == ("ỦY BAN NHÂN DÂN", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG")
    named = _root(tmp_path / "named", "city: Hải Phòng\ncommunes: []\n")
    assert named.centre().profile.place == "Hải Phòng"  # no level written: the name is the place


def test_the_centre_s_own_texts_win(tmp_path):
    text = """city: thành phố Hải Phòng
centre:
  name: Sở Nội vụ
  symbol: BC-SNV
  signer: {authority: [KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC], name: Nguyễn Văn B}
  recipients: ["UBND {tinh}", "{xa}"]
communes: []
"""
    centre = _root(tmp_path, text).centre()
    assert centre.name == "Sở Nội vụ"
    assert centre.profile.symbol == "BC-SNV"
    assert centre.profile.signer.authority == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert centre.profile.signer.name == "Nguyễn Văn B"
    # the centre's {xa} is its own level, "thành phố"
    assert centre.profile.recipients == ("UBND thành phố", "thành phố")
    assert centre.profile.place == "Hải Phòng"


def test_an_empty_place_of_the_centre_is_the_city_s_name(tmp_path):
    # "thành phố Hải Phòng" without its level "thành phố" is "Hải Phòng"
    centre = _root(tmp_path, "city: thành phố Hải Phòng\ncentre: {place: ''}\ncommunes: []\n").centre()
    assert centre.profile.place == "Hải Phòng"


@pytest.mark.parametrize(
    ("centre", "message"),
    [
        ("[a]", "'centre': phải là một bảng khóa–giá trị (hồ sơ của báo cáo tổng hợp)"),
        (
            "{narrative: {intro: x}}",
            "centre: phần văn bản không rõ ['intro']; dùng publicity, assessment, tasks, recommendations",
        ),
    ],
)
def test_a_centre_of_the_wrong_shape_is_refused(tmp_path, centre, message):
    with pytest.raises(InputError) as caught:
        _root(tmp_path, f"centre: {centre}\ncommunes: []\n").centre()
    (problem,) = caught.value.problems
    assert problem.message == message
    assert problem.file == str(tmp_path / "communes.yaml")
