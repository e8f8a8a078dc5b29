"""The bad-input corpus: every kind of messy input a month of real use brings.

Each case builds its input, runs the ``tthc`` command in-process, and states what the
analyst gets: either a correct result with a finding (exit 0), or a clear message naming
file, row and column (exit 1 or 2) — never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import HAND_ROWS, HEADERS_PORTAL, HEADERS_VN, to_cp1258, write_csv
from openpyxl import Workbook

from tthc_analysis.run.cli import run

GOOD = [list(r) for r in HAND_ROWS]


@dataclass
class Case:
    name: str
    build: Callable[[Path], list[str]]  # writes the input, returns the command's arguments
    exit_code: int
    expect: tuple[str, ...]  # what the output must say


def dossiers(tmp: Path, rows=GOOD, headers=HEADERS_VN, name="ho-so.csv", **kw) -> Path:
    return write_csv(tmp / name, headers, rows, **kw)


def indicators(*files: Path, period="2026-02") -> list[str]:
    return ["indicators", "--period", period, "--dossiers", *map(str, files)]


def root(tmp: Path, communes_yaml: str | None = None, rows=GOOD, summary: str | None = None) -> Path:
    data = tmp / "data"
    (data / "thu-nghiem").mkdir(parents=True)
    (data / "communes.yaml").write_text(
        communes_yaml or ("city: thành phố Thử\ncommunes:\n  - id: thu-nghiem\n    name: Thử Nghiệm\n    kind: xã\n"),
        encoding="utf-8",
    )
    if rows is not None:
        write_csv(data / "thu-nghiem" / "dossiers.csv", HEADERS_VN, rows)
    if summary is not None:
        (data / "thu-nghiem" / "summary-2026-02.yaml").write_text(summary, encoding="utf-8")
    return data


def commune(data: Path, period="2026-02", commune_id="thu-nghiem") -> list[str]:
    return ["indicators", "--commune", commune_id, "--period", period, "--data", str(data)]


def with_row(change: dict[int, str], index: int = 0) -> list[list[str]]:
    rows = [list(r) for r in GOOD]
    for column, value in change.items():
        rows[index][column] = value
    return rows


def workbook(tmp: Path, sheets: list[list[list]], merges=()) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for number, rows in enumerate(sheets):
        ws = wb.create_sheet(f"Trang {number + 1}")
        for row in rows:
            ws.append(row)
        for merge in merges if number == len(sheets) - 1 else ():
            ws.merge_cells(merge)
    path = tmp / "ho-so.xlsx"
    wb.save(path)
    return path


def _bytes(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


CASES = [
    Case("empty file", lambda t: indicators(_bytes(t, "a.csv", b"")), 2, ("a.csv", "tệp rỗng")),
    Case("byte-order mark only", lambda t: indicators(_bytes(t, "a.csv", b"\xef\xbb\xbf")), 2, ("tệp rỗng",)),
    Case("header only", lambda t: indicators(dossiers(t, rows=[])), 0, ("EMPTY_FILE", "NO_DATA_IN_PERIOD")),
    Case(
        "missing required column",
        lambda t: indicators(dossiers(t, rows=[r[:6] for r in GOOD], headers=HEADERS_VN[:6])),
        2,
        ("dòng 1", "cột 'NgayKetThucXuLy'", "thiếu cột bắt buộc"),
    ),
    Case(
        "date that does not exist",
        lambda t: indicators(dossiers(t, with_row({4: "31/02/2026"}))),
        2,
        ("dòng 2, cột 'Ngày tiếp nhận'", "31/02/2026"),
    ),
    Case(
        "date that cannot be read",
        lambda t: indicators(dossiers(t, with_row({5: "hôm qua"}, 3))),
        2,
        ("dòng 5, cột 'Ngày hẹn trả'", "hôm qua"),
    ),
    Case(
        "empty dossier id",
        lambda t: indicators(dossiers(t, with_row({0: ""}, 2))),
        2,
        ("dòng 4, cột 'Mã hồ sơ'", "ô trống"),
    ),
    Case(
        "empty received date",
        lambda t: indicators(dossiers(t, with_row({4: ""}, 1))),
        2,
        ("dòng 3, cột 'Ngày tiếp nhận'", "ô trống"),
    ),
    Case(
        "finished before received",
        lambda t: indicators(dossiers(t, with_row({6: "30/01/2026"}))),
        0,
        ("FINISHED_BEFORE_RECEIVED", "dòng 2"),
    ),
    Case(
        "due before received",
        lambda t: indicators(dossiers(t, with_row({5: "20/01/2026"}))),
        0,
        ("DUE_BEFORE_RECEIVED", "Hồ sơ A"),
    ),
    Case(
        "unknown status code",
        lambda t: indicators(dossiers(t, with_row({2: "12"}))),
        0,
        ("UNKNOWN_STATUS", "'12'", "dòng 2"),
    ),
    Case(
        "unknown channel code",
        lambda t: indicators(dossiers(t, with_row({3: "9"}))),
        0,
        ("UNKNOWN_CHANNEL", "'9'", "không được tính là trực tuyến"),
    ),
    Case("finished status without a date", lambda t: indicators(dossiers(t)), 0, ("FINISHED_WITHOUT_DATE", "Hồ sơ O")),
    Case(
        "duplicate ids across files",
        lambda t: indicators(dossiers(t, GOOD[:5], name="a.csv"), dossiers(t, GOOD[4:], name="b.csv")),
        0,
        ("DUPLICATE_ID", "a.csv", "b.csv", "'E'"),
    ),
    Case(
        "Windows-1258 CSV",
        lambda t: indicators(
            _bytes(t, "a.csv", to_cp1258(",".join(HEADERS_VN) + "\n" + "\n".join(",".join(r) for r in GOOD) + "\n"))
        ),
        0,
        ("ENCODING_GUESSED", "Windows-1258", '"total": 13'),
    ),
    Case(
        "Latin-1 CSV",
        lambda t: indicators(
            _bytes(t, "a.csv", (",".join(HEADERS_PORTAL) + "\nX,Café,4,2,03/02/2026,,\n").encode("latin-1"))
        ),
        0,
        ("ENCODING_GUESSED", '"field_name": "Café"', '"online": 1'),
    ),
    Case(
        "UTF-16 with tabs",
        lambda t: indicators(dossiers(t, name="a.txt", encoding="utf-16", sep="\t")),
        0,
        ('"total": 13',),
    ),
    Case(
        "broken UTF-16",
        lambda t: indicators(_bytes(t, "a.txt", "\t".join(HEADERS_VN).encode("utf-16") + b"\x00\xd8A\x00")),
        2,
        ("mã hóa",),
    ),
    Case(
        "xlsx that is not a workbook",
        lambda t: indicators(_bytes(t, "a.xlsx", b"PK\x03\x04 not really")),
        2,
        ("a.xlsx", "không phải tệp Excel"),
    ),
    Case(
        "data on the second sheet",
        lambda t: indicators(workbook(t, [[["Ghi chú"]], [HEADERS_VN, *GOOD]])),
        0,
        ('"total": 13',),
    ),
    Case(
        "title rows above the header",
        lambda t: indicators(workbook(t, [[["UBND XÃ THỬ NGHIỆM"], ["DANH SÁCH HỒ SƠ"], [], HEADERS_VN, *GOOD]])),
        0,
        ('"total": 13',),
    ),
    Case(
        "merged two-row header",
        lambda t: indicators(
            workbook(
                t,
                [
                    [
                        ["Mã hồ sơ", "Lĩnh vực", "Trạng thái", "Kênh nộp", "Ngày", None, None],
                        [None, None, None, None, "tiếp nhận", "hẹn trả", "kết thúc xử lý"],
                        *GOOD,
                    ]
                ],
                merges=("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:G1"),
            )
        ),
        0,
        ('"total": 13',),
    ),
    Case(
        "extra unknown columns",
        lambda t: indicators(
            dossiers(t, [[*r, "x", "y"] for r in GOOD], headers=[*HEADERS_VN, "Ghi chú", "Người nhập"])
        ),
        0,
        ('"total": 13',),
    ),
    Case(
        "numbers stored as text",
        lambda t: indicators(dossiers(t, [[r[0], r[1], f"{r[2]}.0", f" {r[3]} ", *r[4:]] for r in GOOD])),
        0,
        ('"total": 13', '"online": 6'),
    ),
    Case("trailing blank rows", lambda t: indicators(dossiers(t, GOOD + [[""] * 7] * 5)), 0, ('"total": 13',)),
    Case(
        "row with more cells than the header",
        lambda t: indicators(dossiers(t, GOOD * 3 + [GOOD[0] + ["thừa"]])),
        2,
        ("dòng 53", "8 ô"),
    ),
    Case("unsupported format", lambda t: indicators(_bytes(t, "a.pdf", b"%PDF-1.4")), 2, ("không được hỗ trợ",)),
    Case("missing file", lambda t: indicators(t / "khong-co.csv"), 2, ("khong-co.csv", "không tìm thấy tệp")),
    Case(
        "period the exports do not reach",
        lambda t: commune(root(t), period="2024-06"),
        2,
        ("có từ ngày 01/12/2025 đến ngày 20/02/2026, không phủ tháng 06 năm 2024",),
    ),
    Case("commune with no data files", lambda t: commune(root(t, rows=None)), 2, ("không có dữ liệu hồ sơ",)),
    Case(
        "summary with a negative count",
        lambda t: commune(root(t, summary='period: "2026-02"\nbieu06a: {total: -3}\n')),
        2,
        ("summary-2026-02.yaml", "bieu06a.total", "số âm"),
    ),
    Case(
        "summary with a rate above 100%",
        lambda t: commune(root(t, summary='period: "2026-02"\nrates: {reuse: 120}\n')),
        0,
        ("RATE_OUT_OF_RANGE", "120%"),
    ),
    Case("summary for another period", lambda t: commune(root(t, summary='period: "2026-03"\n')), 2, ("2026-03",)),
    Case(
        "broken YAML",
        lambda t: commune(root(t, communes_yaml="communes:\n  - id: [thu\n")),
        2,
        ("communes.yaml", "YAML không hợp lệ"),
    ),
    Case(
        "communes.yaml without a name",
        lambda t: commune(root(t, communes_yaml="communes:\n  - {id: thu-nghiem, kind: xã}\n")),
        2,
        ("communes.yaml", "thiếu name"),
    ),
    Case(
        "communes.yaml with an unknown kind",
        lambda t: commune(root(t, communes_yaml="communes:\n  - {id: thu-nghiem, name: Thử Nghiệm, kind: thôn}\n")),
        2,
        ("communes.yaml", "cột 'kind'", "loại 'thôn' không hợp lệ", "xã, phường, đặc khu"),
    ),
    Case(
        "communes.yaml with an id given twice",
        lambda t: commune(
            root(
                t,
                communes_yaml=(
                    "communes:\n  - {id: thu-nghiem, name: Thử Nghiệm, kind: xã}\n"
                    "  - {id: thu-nghiem, name: Thử Nghiệm Hai, kind: phường}\n"
                ),
            )
        ),
        2,
        ("communes.yaml", "cột 'id'", "xã/phường thứ 2", "mã 'thu-nghiem' đã có"),
    ),
    Case(
        "profile fields missing take defaults",
        lambda t: commune(
            root(
                t,
                communes_yaml=(
                    "communes:\n  - {id: thu-nghiem, name: Thử Nghiệm, kind: xã, profile: {signer: {name: A}}}\n"
                ),
            )
        ),
        0,
        ('"total": 13',),
    ),
    Case("commune id with ../", lambda t: commune(root(t), commune_id="../etc"), 2, ("mã xã/phường không hợp lệ",)),
    Case(
        "period id that does not parse", lambda t: commune(root(t), period="2026-13"), 2, ("kỳ báo cáo không hợp lệ",)
    ),
    Case(
        "hostile text in names",
        lambda t: indicators(dossiers(t, with_row({1: '<script>alert("x")</script>'}))),
        0,
        ('"field_name": "<script>alert(\\"x\\")</script>"',),
    ),
]


def test_the_corpus_has_at_least_thirty_cases():
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case, tmp_path, capsys):
    argv = case.build(tmp_path)
    code = run(argv)
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    assert code == case.exit_code, text
    for expected in case.expect:
        assert expected in text, (expected, text[-2000:])
    if code == 0 and argv[0] == "indicators":
        json.loads(out.out)  # the JSON on stdout stays valid JSON


@pytest.mark.e2e
def test_a_200_mb_export_is_counted(tmp_path, capsys):
    """A city-size export (200 MB, about a million rows) loads and counts like a small one."""
    from conftest import SAMPLE

    source = (SAMPLE / "hung-thang" / "dossiers-2026-02.csv").read_bytes()
    header, body = source.split(b"\n", 1)
    lines = body.strip().split(b"\n")
    path = tmp_path / "big.csv"
    copies = 0
    with open(path, "wb") as handle:
        handle.write(header + b"\n")
        while handle.tell() < 200_000_000:
            suffix = b"-%d," % copies  # every copy gets its own dossier ids
            handle.write(b"\n".join(line.replace(b",", suffix, 1) for line in lines) + b"\n")
            copies += 1
    assert path.stat().st_size >= 200_000_000
    code = run(indicators(path))
    out = capsys.readouterr().out
    assert code == 0
    one = json.loads((run(indicators(SAMPLE / "hung-thang" / "dossiers-2026-02.csv")), capsys.readouterr().out)[1])
    many = json.loads(out)
    # Only the dossiers received in the file's own month count as new; each copy adds the same.
    assert many["bieu06a"]["online"] == one["bieu06a"]["online"] * copies
    assert many["new"] == one["new"] * copies
