"""communes.yaml read by the data root, rule by rule, against profiles worked out by hand.

Each test writes a small communes.yaml into a temporary data root. The defaults expected below
are read by eye from tthc_analysis/inputs/profile_defaults.yaml and docs/profile.md; the error
messages are the product's Vietnamese text, which a clerk reads with the file name.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import tthc_analysis
from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.inputs.dataroot import DataRoot

# profile_defaults.yaml with {tinh} = "thành phố" (the city is not a "tỉnh ...").
DEFAULT_DIRECTIVE_CITY = "Công văn của Ủy ban nhân dân thành phố về việc báo cáo cải cách thủ tục hành chính hàng tháng"
DEFAULT_TASKS_START = "- Bám sát những nhiệm vụ trọng tâm của Ủy ban nhân dân thành phố về công tác kiểm soát TTHC"


def _root(tmp_path, text: str) -> DataRoot:
    (tmp_path / "communes.yaml").write_text(text, encoding="utf-8")
    return DataRoot(tmp_path)


def _error(tmp_path, text: str):
    """The one finding the data root raises on reading ``text`` as communes.yaml."""
    with pytest.raises(InputError) as caught:
        _root(tmp_path, text).communes()
    (problem,) = caught.value.problems
    assert problem.file == str(tmp_path / "communes.yaml")
    return problem


ONE = "city: thành phố Hải Phòng\ncommunes:\n  - {id: hung-thang, name: Hùng Thắng, kind: xã}\n"


def test_a_commune_without_a_profile_takes_every_default(tmp_path):
    commune = _root(tmp_path, ONE).commune("hung-thang")
    assert (commune.id, commune.name, commune.kind, commune.city) == (
        "hung-thang",
        "Hùng Thắng",
        "xã",
        "thành phố Hải Phòng",
    )
    assert commune.full_name == "xã Hùng Thắng"
    assert commune.city_kind == "thành phố"
    assert commune.established is None
    profile = commune.profile
    # "xã Hùng Thắng".upper()
    assert profile.issuing_body == ("ỦY BAN NHÂN DÂN", "XÃ HÙNG THẮNG")
    assert profile.place == "Hùng Thắng"
    assert profile.symbol == "BC-UBND"
    assert profile.directives == {"*": DEFAULT_DIRECTIVE_CITY}
    assert profile.signer.authority == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert profile.signer.name == ""
    # {tinh} -> "thành phố", {xa} -> "xã"
    assert profile.recipients == ("Trung tâm Phục vụ hành chính công thành phố", "CT, các PCT UBND xã")
    assert profile.archive == "Lưu: VT, HCC."
    assert profile.own_units == ()
    assert profile.template is None
    assert profile.narrative["publicity"] == ""
    assert profile.narrative["assessment"] == ""
    assert profile.narrative["tasks"].startswith(DEFAULT_TASKS_START)
    assert "Hệ thống thông tin giải quyết TTHC thành phố." in profile.narrative["tasks"]
    assert "{tinh}" not in profile.narrative["tasks"]
    assert profile.narrative["recommendations"] == "Không có kiến nghị, đề xuất.\n"


def test_a_null_profile_is_the_default_profile(tmp_path):
    text = "communes:\n  - {id: a, name: An Lão, kind: phường, city: tỉnh Quảng Trị, profile: null}\n"
    profile = _root(tmp_path, text).commune("a").profile
    assert profile.issuing_body == ("ỦY BAN NHÂN DÂN", "PHƯỜNG AN LÃO")
    # {tinh} -> "tỉnh" for "tỉnh Quảng Trị", {xa} -> "phường"
    assert profile.recipients == ("Trung tâm Phục vụ hành chính công tỉnh", "CT, các PCT UBND phường")
    assert profile.directives["*"].startswith("Công văn của Ủy ban nhân dân tỉnh về việc")


def test_every_field_of_a_given_profile_is_kept(tmp_path):
    text = """city: tỉnh Quảng Trị
communes:
  - id: dong-ha
    name: Đông Hà
    kind: phường
    profile:
      issuing_body: "UBND PHƯỜNG ĐÔNG HÀ"
      place: Quảng Trị
      symbol: BC-UBP
      directive: "  Công văn 12 của UBND {tinh} gửi {xa}  "
      signer: {authority: "CHỦ TỊCH", name: Lê Văn A}
      recipients: ["Sở Nội vụ {tinh}", "UBND {xa}"]
      archive: "Lưu: VT."
      own_units: [Bộ phận một cửa, 12]
      narrative: {tasks: "  Nhiệm vụ của {xa} ở {tinh}  ", assessment: ""}
      template: "  mau/bao-cao.docx  "
"""
    profile = _root(tmp_path, text).commune("dong-ha").profile
    assert profile.issuing_body == ("UBND PHƯỜNG ĐÔNG HÀ",)  # one text: one line
    assert profile.place == "Quảng Trị"
    assert profile.symbol == "BC-UBP"
    assert profile.directives == {"*": "Công văn 12 của UBND tỉnh gửi phường"}  # stripped, words filled
    assert profile.signer.authority == ("CHỦ TỊCH",)
    assert profile.signer.name == "Lê Văn A"
    assert profile.recipients == ("Sở Nội vụ tỉnh", "UBND phường")
    assert profile.archive == "Lưu: VT."
    assert profile.own_units == ("Bộ phận một cửa", "12")  # a number is a name too
    assert profile.narrative["tasks"] == "Nhiệm vụ của phường ở tỉnh"
    assert profile.narrative["assessment"] == ""  # empty: the default (empty) stays
    assert profile.narrative["recommendations"] == "Không có kiến nghị, đề xuất.\n"
    assert profile.template == "mau/bao-cao.docx"


def test_each_narrative_section_can_be_given(tmp_path):
    text = """communes:
  - id: a
    name: A
    kind: xã
    profile:
      narrative: {publicity: P1, assessment: A2, tasks: T3, recommendations: R4}
"""
    narrative = _root(tmp_path, text).commune("a").profile.narrative
    assert narrative == {"publicity": "P1", "assessment": "A2", "tasks": "T3", "recommendations": "R4"}


def test_a_directive_by_period_kind_and_the_cadence_of_other_periods(tmp_path):
    text = """communes:
  - id: a
    name: A
    kind: xã
    profile:
      directive:
        month: " CV tháng của {tinh} "
        quarter: CV quý
        half: CV 6 tháng
        nine_months: CV 9 tháng
        year: CV năm
        range: ""
"""
    profile = _root(tmp_path, text).commune("a").profile
    assert profile.directives == {
        "*": DEFAULT_DIRECTIVE_CITY,  # the default stays for kinds not given (range: empty)
        "month": "CV tháng của thành phố",
        "quarter": "CV quý",
        "half": "CV 6 tháng",
        "nine_months": "CV 9 tháng",
        "year": "CV năm",
    }
    assert profile.directive(parse_period("2026-02")) == "CV tháng của thành phố"
    assert profile.directive(parse_period("2026-Q1")) == "CV quý"
    # a range takes "*": "hàng tháng" becomes the cadence of a range, "định kỳ"
    assert profile.directive(parse_period("2025-07-01..2025-10-31")) == DEFAULT_DIRECTIVE_CITY.replace(
        "hàng tháng", "định kỳ"
    )


def test_one_directive_for_every_period_says_the_cadence_of_each(tmp_path):
    text = "communes:\n  - id: a\n    name: A\n    kind: xã\n    profile: {directive: ' báo cáo hàng tháng '}\n"
    profile = _root(tmp_path, text).commune("a").profile
    assert profile.directives == {"*": "báo cáo hàng tháng"}
    assert profile.directive(parse_period("2026-02")) == "báo cáo hàng tháng"
    assert profile.directive(parse_period("2026-Q1")) == "báo cáo hàng quý"
    assert profile.directive(parse_period("2026-H1")) == "báo cáo 6 tháng"
    assert profile.directive(parse_period("2026")) == "báo cáo hàng năm"


def test_an_empty_directive_is_the_default(tmp_path):
    text = "communes:\n  - id: a\n    name: A\n    kind: xã\n    profile: {directive: ''}\n"
    assert _root(tmp_path, text).commune("a").profile.directives == {"*": DEFAULT_DIRECTIVE_CITY}


def test_an_unknown_period_kind_in_a_directive_is_refused(tmp_path):
    text = "communes:\n  - id: a\n    name: A\n    kind: xã\n    profile: {directive: {week: x, month: y}}\n"
    problem = _error(tmp_path, text)
    assert problem.message == (
        "xã/phường thứ 1: loại kỳ không rõ ['week'] trong 'directive'; "
        "dùng half, month, nine_months, quarter, range, year"
    )
    assert problem.column == "directive"


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("[a, b]", "xã/phường thứ 1: 'profile' phải là một bảng khóa–giá trị"),
        ("{signer: [a]}", "xã/phường thứ 1: 'signer' phải có 'authority' và 'name'"),
        ("{narrative: [a]}", "xã/phường thứ 1: 'narrative' phải là một bảng khóa–giá trị"),
        (
            "{narrative: {summary: x, intro: y}}",
            "xã/phường thứ 1: phần văn bản không rõ ['intro', 'summary']; "
            "dùng publicity, assessment, tasks, recommendations",
        ),
    ],
)
def test_a_profile_of_the_wrong_shape_is_refused(tmp_path, profile, message):
    text = f"communes:\n  - id: a\n    name: A\n    kind: xã\n    profile: {profile}\n"
    problem = _error(tmp_path, text)
    assert problem.message == message
    assert problem.column is None


def test_the_established_day_in_each_spelling(tmp_path):
    text = """communes:
  - {id: a, name: A, kind: xã, established: 2025-07-01}
  - {id: b, name: B, kind: xã, established: "01/07/2025"}
  - {id: c, name: C, kind: xã, established: " 2025-07-01 "}
  - {id: d, name: D, kind: xã, established: 2025-07-01 08:30:00}
  - {id: e, name: E, kind: xã, established: ""}
  - {id: f, name: F, kind: xã, established: null}
"""
    communes = _root(tmp_path, text).communes()
    for commune_id in "abcd":
        day = communes[commune_id].established
        assert type(day) is date and day == date(2025, 7, 1), commune_id  # a YAML timestamp keeps its day only
    assert communes["e"].established is None
    assert communes["f"].established is None
    # 2025-07 runs 15/06/2025 – 14/07/2025: a unit established on 01/07/2025 counts from that day
    period = communes["b"].period(parse_period("2025-07"))
    assert period.start == date(2025, 7, 1) and period.end == date(2025, 7, 14)
    assert communes["f"].period(parse_period("2025-07")).start == date(2025, 6, 15)


def test_an_established_day_that_is_no_day_is_refused(tmp_path):
    problem = _error(tmp_path, "communes:\n  - {id: a, name: A, kind: xã, established: '31/06/2025'}\n")
    assert problem.message == "xã/phường thứ 1: ngày thành lập không hợp lệ '31/06/2025' (dùng dd/mm/yyyy)"
    assert problem.column == "established"


def test_the_commune_kinds_and_the_message_for_another(tmp_path):
    text = "communes:\n  - {id: a, name: A, kind: xã}\n  - {id: b, name: B, kind: phường}\n  - {id: c, name: C, kind: đặc khu}\n"
    communes = _root(tmp_path, text).communes()
    assert [c.full_name for c in communes.values()] == ["xã A", "phường B", "đặc khu C"]  # file order
    bad = "communes:\n  - {id: a, name: A, kind: xã}\n  - {id: b, name: B, kind: huyện}\n"
    problem = _error(tmp_path, bad)
    assert problem.message == "xã/phường thứ 2: loại 'huyện' không hợp lệ; dùng xã, phường, đặc khu"
    assert problem.column == "kind"


def test_a_missing_key_is_named_with_the_commune_s_number(tmp_path):
    problem = _error(tmp_path, "communes:\n  - {id: a, name: A, kind: xã}\n  - {id: b}\n")
    assert problem.message == "xã/phường thứ 2: thiếu name, kind"
    assert problem.column == "name"
    problem = _error(tmp_path, "communes:\n  - {name: A, kind: xã}\n")
    assert (problem.message, problem.column) == ("xã/phường thứ 1: thiếu id", "id")


def test_an_entry_that_is_not_a_mapping_is_refused(tmp_path):
    problem = _error(tmp_path, "communes:\n  - {id: a, name: A, kind: xã}\n  - hung-thang\n")
    assert problem.message == "xã/phường thứ 2: cần các khóa id, name, kind"


def test_a_repeated_id_is_refused(tmp_path):
    problem = _error(tmp_path, "communes:\n  - {id: a, name: A, kind: xã}\n  - {id: a, name: B, kind: xã}\n")
    assert problem.message == "xã/phường thứ 2: mã 'a' đã có"
    assert problem.column == "id"


def test_a_bad_id_in_communes_yaml_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        _root(tmp_path, "communes:\n  - {id: Hung Thang, name: A, kind: xã}\n").communes()
    assert caught.value.problems[0].message.startswith("mã xã/phường không hợp lệ 'Hung Thang'")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "communes.yaml cần khóa 'communes' là một danh sách"),
        ("communes: {a: 1}\n", "communes.yaml cần khóa 'communes' là một danh sách"),
        ("city: x\n", "communes.yaml cần khóa 'communes' là một danh sách"),
    ],
)
def test_communes_yaml_needs_a_list_of_communes(tmp_path, text, message):
    assert _error(tmp_path, text).message == message


def test_a_control_character_is_named_by_its_code_and_text(tmp_path):
    name = "A" * 70 + "\x07"
    text = f'communes:\n  - {{id: a, name: "{name[:70]}\\a", kind: xã}}\n'
    problem = _error(tmp_path, text)
    # the text is cut to its first 60 characters; \a is BEL, code 7, written 0x07
    assert problem.message == f"có ký tự điều khiển (mã 0x07) trong '{'A' * 60}': xóa ký tự này trong communes.yaml"


def test_a_missing_communes_yaml_and_a_missing_folder(tmp_path):
    with pytest.raises(InputError) as caught:
        DataRoot(tmp_path).communes()
    (problem,) = caught.value.problems
    assert problem.message == "không tìm thấy tệp danh sách xã/phường communes.yaml"
    assert problem.file == str(tmp_path / "communes.yaml")
    with pytest.raises(InputError) as caught:
        DataRoot(tmp_path / "khong-co")
    (problem,) = caught.value.problems
    assert problem.message == "không tìm thấy thư mục dữ liệu"
    assert problem.file == str(tmp_path / "khong-co")


def test_the_communes_are_read_once(tmp_path):
    root = _root(tmp_path, ONE)
    first = root.communes()
    (tmp_path / "communes.yaml").write_text("communes: []\n", encoding="utf-8")
    assert root.communes() is first
    assert list(root.communes()) == ["hung-thang"]


def test_a_commune_s_own_city_wins_over_the_file_s(tmp_path):
    text = "city: thành phố Hải Phòng\ncommunes:\n  - {id: a, name: A, kind: xã}\n  - {id: b, name: B, kind: xã, city: tỉnh Nghệ An}\n"
    communes = _root(tmp_path, text).communes()
    assert communes["a"].city == "thành phố Hải Phòng"
    assert (communes["b"].city, communes["b"].city_kind) == ("tỉnh Nghệ An", "tỉnh")
    assert communes["b"].profile.recipients[0] == "Trung tâm Phục vụ hành chính công tỉnh"
    assert _root(tmp_path, "communes:\n  - {id: a, name: A, kind: xã}\n").commune("a").city == ""


def test_the_default_texts_are_read_as_utf8_whatever_the_machine_s_locale(tmp_path):
    """On a machine whose locale is not UTF-8 (Vietnamese Windows: cp1258) the defaults must not
    turn into mojibake. Here the C locale without UTF-8 mode reads text as ASCII by default."""
    expected = [["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lưu: VT, HCC."]  # profile_defaults.yaml
    here = _root(tmp_path, ONE).commune("hung-thang").profile
    assert [list(here.signer.authority), here.archive] == expected  # read in this process
    script = (
        "import json, sys\n"
        "from tthc_analysis.inputs.dataroot import DataRoot\n"
        "profile = DataRoot(sys.argv[1]).commune('hung-thang').profile\n"
        "print(json.dumps([profile.signer.authority, profile.archive]))\n"
    )
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env["PYTHONPATH"] = str(Path(tthc_analysis.__file__).resolve().parents[1])  # this very package
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        encoding="ascii",
        errors="replace",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected  # json.dumps writes ASCII escapes
