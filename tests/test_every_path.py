"""Every path a user takes, end to end, on the shipped sample data root (data/sample).

Every kind of period through `tthc batch` (the notebook, the HTML, the .docx, indicators.json,
Biểu 06a, the index page and the city's set), a commune established inside a period, `tthc
city` and `tthc trends` directly, the notebooks through papermill as an analyst runs them, and
every command on a Windows console (cp1252, cp1258) redirected to a file.

No number here is taken from the tool and compared with the tool itself. The periods' days and
names are worked out by hand from docs/periods.md. The figures are checked three ways:
- the identities of Biểu 06a (docs/counting.md) on every indicators.json;
- two communes whose exports are plain CSV (hung-thang, bach-long-vi) counted again here, row
  by row, with the rules of docs/counting.md (`_count_by_hand`), for every period;
- new dossiers (received in the period) add up over periods that partition a longer one: the
  months of a quarter, the quarters of a half year, the halves of a year, a date range cut at
  the months' cut-off days.

Slow (a batch a period kind): `pytest -m e2e -p no:xdist tests/test_every_path.py`.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from html import unescape
from itertools import pairwise
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import REPO, SAMPLE, run_cli
from reference_count import BIEU06A

# The units of data/sample/communes.yaml, as the reports name them (kind and name).
COMMUNES = {
    "hung-thang": "xã Hùng Thắng",
    "tien-lang": "xã Tiên Lãng",
    "vinh-bao": "xã Vĩnh Bảo",
    "hong-bang": "phường Hồng Bàng",
    "le-chan": "phường Lê Chân",
    "cat-hai": "đặc khu Cát Hải",
    "bach-long-vi": "đặc khu Bạch Long Vĩ",
}
BIEU06A_KEYS = BIEU06A  # the eleven columns, written once by hand (tests/reference_count.py)
NEW_KEYS = ("online", "direct_postal")  # known whether or not the exports reach back
# The sample's exports start on 15/12/2024 at the earliest (hung-thang, hong-bang; the others a
# day or three later): no dossier received before a period starting on 15/12/2024 can be seen.
SAMPLE_EXPORTS_START = date(2024, 12, 15)


@dataclass(frozen=True)
class Kind:
    """A period as docs/periods.md defines it, worked out by hand."""

    part: str  # its folder and file-name part (report/paths.py, period_part)
    start: date
    end: date
    name: str
    compared: tuple[str, ...]  # the names of the key-figures table's comparison columns

    def as_json(self, period_id: str) -> dict[str, str]:
        return {"id": period_id, "from": self.start.isoformat(), "to": self.end.isoformat(), "name": self.name}


# A month M runs from the 15th of M-1 to the 14th of M; a quarter, half, nine months or year from
# the 15th of the month before its first month to the 14th of its last. The key-figures table
# compares with the period of the same kind just before and with the same period a year earlier;
# for a year and nine months the two are the same period, so there is one comparison column.
PERIODS = {
    "2026-02": Kind(
        "2026-02", date(2026, 1, 15), date(2026, 2, 14), "tháng 02 năm 2026", ("tháng 01 năm 2026", "tháng 02 năm 2025")
    ),
    "2025-Q4": Kind(
        "2025-Q4", date(2025, 9, 15), date(2025, 12, 14), "quý IV năm 2025", ("quý III năm 2025", "quý IV năm 2024")
    ),
    "2026-Q1": Kind(
        "2026-Q1", date(2025, 12, 15), date(2026, 3, 14), "quý I năm 2026", ("quý IV năm 2025", "quý I năm 2025")
    ),
    "2025-H2": Kind(
        "2025-H2",
        date(2025, 6, 15),
        date(2025, 12, 14),
        "6 tháng cuối năm 2025",
        ("6 tháng đầu năm 2025", "6 tháng cuối năm 2024"),
    ),
    "2025-9M": Kind("2025-9M", date(2024, 12, 15), date(2025, 9, 14), "9 tháng năm 2025", ("9 tháng năm 2024",)),
    "2025": Kind("2025", date(2024, 12, 15), date(2025, 12, 14), "năm 2025", ("năm 2024",)),
    # A range: 123 days (31 + 31 + 30 + 31); the one before is the 123 days ending 30/06/2025,
    # from 28/02/2025 (1 + 31 + 30 + 31 + 30 = 123); last year's is the same days of 2024. Days
    # are written with two digits, the month without its zero except January and February.
    "2025-07-01..2025-10-31": Kind(
        "2025-07-01-den-2025-10-31",
        date(2025, 7, 1),
        date(2025, 10, 31),
        "từ ngày 01/7/2025 đến ngày 31/10/2025",
        ("từ ngày 28/02/2025 đến ngày 30/6/2025", "từ ngày 01/7/2024 đến ngày 31/10/2024"),
    ),
}
ESTABLISHED = date(2025, 8, 1)
ESTABLISHED_DAYS = "từ ngày 01/8/2025 đến ngày 14/12/2025"


# --- counting by hand, from docs/counting.md -------------------------------------------------


def _day(text: str) -> date | None:
    """A dd/mm/yyyy cell, its time of day ignored (day precision)."""
    text = text.strip()
    return datetime.strptime(text[:10], "%d/%m/%Y").date() if text else None


def _csv_rows(files: list[Path]) -> list[dict[str, str]]:
    """Files in name order, a dossier id seen twice counted once, the later file winning (profile.md)."""
    rows: dict[str, dict[str, str]] = {}
    for path in sorted(files, key=lambda p: p.name):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[row["Mã hồ sơ"]] = row
    return list(rows.values())


def _count_by_hand(commune: str, start: date, end: date, established: date | None = None) -> dict:
    """Biểu 06a, by field and in total, and the new dossiers by channel and by system, of a
    commune whose exports are CSV with the standard Vietnamese headers, counted row by row."""
    rows = _csv_rows(list((SAMPLE / commune).glob("dossiers*.csv")))
    first = min(_day(r["Ngày tiếp nhận"]) for r in rows)
    # Carried over is known when a dossier received before the first day is seen, or when the
    # unit was established on that day.
    known = first < start or (established is not None and start <= established)
    total, channels, systems = Counter(), Counter(), Counter()
    fields: dict[str, Counter] = {}
    for row in rows:
        status = row["Trạng thái"].strip()
        received, due, finished = (_day(row[k]) for k in ("Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý"))
        if status in ("1", "3") or received > end or (finished is not None and finished < start):
            continue  # only registered, refused, received after the period, finished before it
        counts = Counter(total=1)
        if received < start:
            counts["carried_over"] = 1
        else:
            channel = row["Kênh nộp"].strip() or "1"  # an empty channel cell is 1 (direct)
            counts["online" if channel == "2" else "direct_postal"] = 1
            channels[{"1": "direct", "2": "online", "3": "postal"}[channel]] += 1
            systems[row["Hệ thống"].strip()] += 1
        if finished is not None and finished <= end:
            counts["resolved"] = 1
            if status == "7" or due is None or finished == due:
                counts["resolved_on_time"] = 1
            elif finished < due:
                counts["resolved_early"] = 1
            else:
                counts["resolved_late"] = 1
        else:  # no finish date (whatever the status), or finished after the period
            counts["in_progress"] = 1
            if status == "5" or due is None or due >= end:
                counts["in_progress_on_time"] = 1
            else:
                counts["in_progress_overdue"] = 1
        total.update(counts)
        fields.setdefault(row["Mã lĩnh vực"].strip(), Counter()).update(counts)

    def columns(counts: Counter) -> dict:
        return {k: counts[k] if known or k in NEW_KEYS else None for k in BIEU06A_KEYS}

    return {
        "bieu06a": columns(total),
        "by_field": {code: columns(counts) for code, counts in fields.items()},
        "new_by_channel": {k: channels[k] for k in ("direct", "online", "postal")},
        "new_by_system": dict(systems),
    }


def _feedback_by_hand(commune: str, start: date, end: date, established: date | None = None) -> dict | None:
    """Phản ánh, kiến nghị (PAKN) of the period, counted like dossiers; None when the register does
    not reach back before the first day (FEEDBACK_UNKNOWN) and the unit was not established on it."""
    with open(SAMPLE / commune / "feedback.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    first = min(_day(r["Ngày tiếp nhận"]) for r in rows)
    if not (first < start or (established is not None and start <= established)):
        return None
    out = Counter()
    for row in rows:
        received, due, done = (_day(row[k]) for k in ("Ngày tiếp nhận", "Hạn xử lý", "Ngày xử lý"))
        if received > end or (done is not None and done < start):
            continue
        out["received"] += start <= received
        if done is not None and done <= end:
            out["resolved"] += 1
            out["resolved_on_time" if due is None or done <= due else "resolved_late"] += 1
        else:
            out["pending"] += 1
            out["pending_overdue"] += due is not None and due < end
    keys = ("received", "resolved", "resolved_on_time", "pending", "pending_overdue", "resolved_late")
    return {k: out[k] for k in keys}


def _percent_2(numerator: int, denominator: int) -> float:
    """indicators.json's percent: the exact ratio rounded once, half up, to 2 decimals; a shortfall
    never 100, a nonzero share never 0 (docs/counting.md, docs/indicators-json.md)."""
    exact = Fraction(100 * numerator, denominator)
    shown = Decimal(int(exact * 100 + Fraction(1, 2))) / 100
    if shown >= 100 and exact < 100:
        shown = Decimal("99.99")
    elif shown <= 0 < exact:
        shown = Decimal("0.01")
    return float(shown)


def _vn_percent_1(numerator: int, denominator: int) -> str:
    """A rate as the reports show it: one decimal, half up, decimal comma, no ",0" ("76,9%", "100%")."""
    exact = Fraction(100 * numerator, denominator)
    shown = Decimal(int(exact * 10 + Fraction(1, 2))) / 10
    if shown >= 100 and exact < 100:
        shown = Decimal("99.9")
    text = f"{shown:.1f}".replace(".", ",")
    return (text[:-2] if text.endswith(",0") else text) + "%"


def _vn_count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


# --- checks shared by the tests ---------------------------------------------------------------


def _bare_name(full_name: str) -> str:
    """ "Cát Hải" of "đặc khu Cát Hải": the name without the unit's kind."""
    return next(full_name.removeprefix(k) for k in ("xã ", "phường ", "đặc khu ") if full_name.startswith(k))


def _add(*values):
    """A sum, unknown (None) when any term is unknown: never a partial sum."""
    return None if any(v is None for v in values) else sum(values)


def _assert_form_identities(figures: dict, where: str) -> None:
    """The identities of Biểu 06a and of the figures built on it (docs/counting.md) on one indicators.json."""
    b = figures["bieu06a"]
    codes = {f["code"] for f in figures["findings"]}
    assert b["online"] is not None and b["direct_postal"] is not None, where  # the sample has a channel column
    if b["carried_over"] is None:
        # Everything that counts earlier dossiers is unknown too, and a finding says why.
        assert "CARRIED_OVER_UNKNOWN" in codes, where
        assert {k: b[k] for k in BIEU06A_KEYS if k not in NEW_KEYS} == dict.fromkeys(
            (k for k in BIEU06A_KEYS if k not in NEW_KEYS), None
        ), where
    else:
        assert "CARRIED_OVER_UNKNOWN" not in codes, where
        assert b["total"] == b["online"] + b["direct_postal"] + b["carried_over"], where  # (3) = (4)+(5)+(6)
        assert b["resolved"] == b["resolved_early"] + b["resolved_on_time"] + b["resolved_late"], where  # (7)
        assert b["in_progress"] == b["in_progress_on_time"] + b["in_progress_overdue"], where  # (11)
        assert b["total"] == b["resolved"] + b["in_progress"], where  # (3) = (7)+(11)
    assert figures["new"] == b["online"] + b["direct_postal"], where
    assert figures["resolved_in_time"] == _add(b["resolved_early"], b["resolved_on_time"]), where
    assert figures["overdue"] == _add(b["resolved_late"], b["in_progress_overdue"]), where
    channel = figures["new_by_channel"]
    assert channel["online"] == b["online"] and channel["direct"] + channel["postal"] == b["direct_postal"], where
    assert sum(figures["new_by_system"].values()) == figures["new"], where
    # The total row of the form is the sum of its field rows.
    rows = figures["bieu06a_by_field"]
    assert rows, where
    for key in BIEU06A_KEYS:
        assert _add(*(r[key] for r in rows)) == b[key], (where, key)
    # Rates from their counts: numerator, denominator, status, one rounding.
    for name, numerator, denominator in (
        ("on_time", _add(b["resolved_early"], b["resolved_on_time"]), b["resolved"]),
        ("online", b["online"], b["online"] + b["direct_postal"]),
        ("in_progress", b["in_progress"], b["total"]),
    ):
        rate = figures["rates"][name]
        if denominator is None:
            assert (rate["numerator"], rate["denominator"], rate["status"]) == (None, None, "not_available"), where
        elif denominator == 0:
            assert rate["status"] == "not_applicable" and rate["percent"] is None, where
        else:
            assert (rate["numerator"], rate["denominator"], rate["status"]) == (numerator, denominator, "ok"), where
            assert rate["percent"] == _percent_2(numerator, denominator), (where, name)


def _assert_counted_by_hand(figures: dict, hand: dict, where: str) -> None:
    assert figures["bieu06a"] == hand["bieu06a"], where
    by_field = {r["field_code"]: {k: r[k] for k in BIEU06A_KEYS} for r in figures["bieu06a_by_field"]}
    assert by_field == hand["by_field"], where
    assert figures["new_by_channel"] == hand["new_by_channel"], where
    assert {k: v for k, v in figures["new_by_system"].items() if v} == hand["new_by_system"], where


def _assert_whole(path: Path) -> None:
    """A product that exists, is not empty and opens with the library that reads its kind."""
    assert path.is_file() and path.stat().st_size > 0, path
    if path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    elif path.suffix == ".html":
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>"), path
    elif path.suffix == ".docx":
        from docx import Document

        Document(str(path))
    elif path.suffix == ".xlsx":
        from openpyxl import load_workbook

        load_workbook(path, read_only=True).close()
    elif path.suffix == ".ipynb":
        notebook = nbformat.read(str(path), as_version=4)
        errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, (path, errors)


def _commune_products(folder: Path, commune: str, part: str) -> list[Path]:
    """The six products of a report run (docs/cli.md, report/paths.py ProductPaths), named by hand."""
    stem = f"{commune}-{part}"
    return [
        folder / f"bao-cao-{stem}.ipynb",
        folder / f"bao-cao-{stem}.html",
        folder / "indicators.json",
        folder / f"bieu-06a-{stem}.xlsx",
        folder / f"ho-so-chi-tiet-{stem}.xlsx",
        folder / f"bao-cao-cctthc-{stem}.docx",
    ]


def _city_products(folder: Path, part: str) -> list[Path]:
    """The city's set (docs/city.md)."""
    return [
        folder / f"tong-hop-{part}.html",
        folder / f"bao-cao-tong-hop-{part}.docx",
        folder / f"bieu-06a-tong-hop-{part}.xlsx",
        folder / "city.json",
    ]


def _no_leftovers(out: Path) -> None:
    """No failed notebook, no temporary file of an atomic write, no batch lock left behind."""
    left = [p for p in out.rglob("*") if p.name.endswith("-loi.ipynb") or ".part" in p.name or p.name == "batch.lock"]
    assert left == [], left


def _docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


def _key_figures_headings(page: str) -> list[str]:
    """The column headings of the report's key-figures table (the first table after "Số liệu chính")."""
    at = page.index(">Số liệu chính")
    table = page[page.index("<table", at) : page.index("</table>", at)]
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    return [_text_of(cell) for cell in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", head, re.S)]


def _key_figures_cell(page: str, row: str) -> str:
    """The current period's value of a row of the key-figures table."""
    at = page.index(">Số liệu chính")
    table = page[page.index("<table", at) : page.index("</table>", at)]
    found = re.search(rf"<th>{re.escape(row)}</th>\s*<td[^>]*>(.*?)</td>", table, re.S)
    assert found, row
    return _text_of(found.group(1))


def _expected_headings(kind: Kind, name: str | None = None) -> list[str]:
    headings = ["Chỉ tiêu", name or kind.name, kind.compared[0], "So với kỳ trước"]
    if len(kind.compared) == 2:
        headings += [kind.compared[1], "So với cùng kỳ năm trước"]
    return headings


def _assert_city_sums_its_rows(city: dict, communes: list[str], where: str) -> None:
    """city.json: a row per commune; the total row is the sum of the rows, column by column, and
    unknown where some row does not know the column (docs/city.md)."""
    assert sorted(city["communes"]) == sorted(communes) and city["no_data"] == [], where
    rows = [city["communes"][c] for c in communes]
    for key in BIEU06A_KEYS:
        assert city["total"]["bieu06a"][key] == _add(*(r["bieu06a"][key] for r in rows)), (where, key)
    assert city["total"]["new"] == sum(r["new"] for r in rows), where
    online = city["total"]["rates"]["online"]
    assert online["numerator"] == sum(r["bieu06a"]["online"] for r in rows), where
    assert online["denominator"] == sum(r["bieu06a"]["online"] + r["bieu06a"]["direct_postal"] for r in rows), where


def _batch(period: str, data: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli("batch", "--period", period, "--data", str(data), "--out", str(out), "--workers", "2", *extra)


# --- 1. a batch of every kind of period --------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.parametrize("period", list(PERIODS))
def test_a_batch_of_every_period_kind_writes_every_commune_whole_and_right(period, tmp_path):
    kind = PERIODS[period]
    out = tmp_path / "out"
    done = _batch(period, SAMPLE, out)
    # No --strict for a batch: 1 would mean a commune failed, and none may.
    assert done.returncode == 0, done.stdout + done.stderr
    assert "7/7 đơn vị xong" in done.stdout and "Traceback" not in done.stdout + done.stderr
    _no_leftovers(out)

    manifest = json.loads((out / kind.part / "manifest.json").read_text(encoding="utf-8"))
    assert {c: m["status"] for c, m in manifest["communes"].items()} == dict.fromkeys(COMMUNES, "ok")

    for commune, full_name in COMMUNES.items():
        folder = out / commune / kind.part
        products = _commune_products(folder, commune, kind.part)
        for path in products:
            _assert_whole(path)
        assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in products)

        figures = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))
        where = f"{commune} {period}"
        assert figures["commune"] == commune and figures["source"] == "dossiers", where
        assert figures["period"] == kind.as_json(period), where
        assert (figures["bieu06a"]["carried_over"] is None) == (kind.start <= SAMPLE_EXPORTS_START), where
        _assert_form_identities(figures, where)

        page = (folder / f"bao-cao-{commune}-{kind.part}.html").read_text(encoding="utf-8")
        assert f"<title>Báo cáo cải cách TTHC {kind.name} – {full_name}</title>" in page, where
        # One comparison column for a year and nine months (the period before is last year's).
        assert _key_figures_headings(page) == _expected_headings(kind), where
        new = figures["new"]
        assert _key_figures_cell(page, "Tiếp nhận mới") in (_vn_count(new), f"{new:02d}"), where
        assert kind.name in _docx_text(folder / f"bao-cao-cctthc-{commune}-{kind.part}.docx"), where

    # Two communes counted again here, row by row, from their CSV exports.
    for commune in ("hung-thang", "bach-long-vi"):
        figures = json.loads((out / commune / kind.part / "indicators.json").read_text(encoding="utf-8"))
        _assert_counted_by_hand(figures, _count_by_hand(commune, kind.start, kind.end), f"{commune} {period}")
    figures = json.loads((out / "bach-long-vi" / kind.part / "indicators.json").read_text(encoding="utf-8"))
    assert figures["feedback"] == _feedback_by_hand("bach-long-vi", kind.start, kind.end), period

    # The index page lists every commune with a link to its report, and the city's page.
    index = (out / kind.part / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', index))
    assert f"tong-hop-{kind.part}.html" in links
    for commune, full_name in COMMUNES.items():
        assert f"../{commune}/{kind.part}/bao-cao-{commune}-{kind.part}.html" in links, commune
        assert _bare_name(full_name) in _text_of(index), commune

    # The city's set, over the same communes: each row is the commune's own indicators.json.
    for path in _city_products(out / kind.part, kind.part):
        _assert_whole(path)
    city = json.loads((out / kind.part / "city.json").read_text(encoding="utf-8"))
    assert city["period"] == kind.as_json(period)
    _assert_city_sums_its_rows(city, list(COMMUNES), period)
    page = (out / kind.part / f"tong-hop-{kind.part}.html").read_text(encoding="utf-8")
    for commune in COMMUNES:
        own = json.loads((out / commune / kind.part / "indicators.json").read_text(encoding="utf-8"))
        assert city["communes"][commune]["bieu06a"] == own["bieu06a"], commune
        assert f"../{commune}/{kind.part}/bao-cao-{commune}-{kind.part}.html" in page, commune


# New dossiers are those received in the period; periods whose days follow one another without a
# gap or an overlap and cover a longer period receive, together, what it receives.
PARTITIONS = [
    ("2026-Q1", ["2026-01", "2026-02", "2026-03"]),
    ("2025-Q4", ["2025-10", "2025-11", "2025-12"]),
    ("2025-H2", ["2025-Q3", "2025-Q4"]),
    ("2025-9M", ["2025-H1", "2025-Q3"]),
    ("2025", ["2025-H1", "2025-H2"]),
    ("2025", ["2025-9M", "2025-Q4"]),
    (
        "2025-07-01..2025-10-31",
        ["2025-07-01..2025-07-14", "2025-08", "2025-09", "2025-10", "2025-10-15..2025-10-31"],
    ),
]


def _received_figures(figures: dict) -> Counter:
    """Every figure that counts dossiers received in the period (docs/counting.md)."""
    b, rates = figures["bieu06a"], figures["rates"]
    out = Counter({"new": figures["new"], "(4)": b["online"], "(5)": b["direct_postal"]})
    out.update({f"channel {k}": v for k, v in figures["new_by_channel"].items()})
    out.update({f"system {k}": v for k, v in figures["new_by_system"].items()})
    for row in figures["bieu06a_by_field"]:
        out[f"{row['field_code']} (4)"] += row["online"]
        out[f"{row['field_code']} (5)"] += row["direct_postal"]
    for name in ("online", "online_payment", "digitisation", "reuse"):  # rates among new dossiers
        out[f"{name} numerator"] = rates[name]["numerator"]
        out[f"{name} denominator"] = rates[name]["denominator"]
    return Counter({k: v for k, v in out.items() if v})


@pytest.mark.e2e
def test_new_dossiers_add_up_over_the_periods_that_make_a_longer_one():
    from tthc_analysis.core.periods import parse_period
    from tthc_analysis.indicators.commune import commune_indicators, load_commune

    for commune in COMMUNES:
        data = load_commune(SAMPLE, commune)

        def figures(period_id: str, data=data, commune=commune) -> dict:
            return commune_indicators(SAMPLE, commune, parse_period(period_id), data=data, source="dossiers").to_dict()

        for whole, parts in PARTITIONS:
            aggregate, pieces = figures(whole), [figures(p) for p in parts]
            # The premise, from the days the periods state: no gap, no overlap, the same ends.
            days = [(date.fromisoformat(p["period"]["from"]), date.fromisoformat(p["period"]["to"])) for p in pieces]
            assert days[0][0] == date.fromisoformat(aggregate["period"]["from"]), (commune, whole)
            assert days[-1][1] == date.fromisoformat(aggregate["period"]["to"]), (commune, whole)
            assert all(a[1] + timedelta(days=1) == b[0] for a, b in pairwise(days)), days
            summed = sum((_received_figures(p) for p in pieces), Counter())
            assert summed == _received_figures(aggregate), (commune, whole, parts)
            assert aggregate["new"] > 0, (commune, whole)


# --- 2. a commune established inside the period ------------------------------------------------


@pytest.fixture
def established_root(tmp_path) -> Path:
    """The sample, with Lê Chân and Bạch Long Vĩ established on 01/08/2025 (a YAML date)."""
    root = tmp_path / "data"
    shutil.copytree(SAMPLE, root)
    config = yaml.safe_load((root / "communes.yaml").read_text(encoding="utf-8"))
    for entry in config["communes"]:
        if entry["id"] in ("le-chan", "bach-long-vi"):
            entry["established"] = date(ESTABLISHED.year, ESTABLISHED.month, ESTABLISHED.day)  # no YAML alias
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    assert text.count("established: 2025-08-01\n") == 2
    (root / "communes.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.e2e
def test_a_commune_established_inside_the_period_is_counted_from_that_day(established_root, tmp_path):
    out = tmp_path / "out"
    communes = ("le-chan", "bach-long-vi", "hung-thang")
    clipped: dict[str, dict] = {}
    for period in ("2025", "2025-H2"):
        kind = PERIODS[period]
        done = _batch(period, established_root, out, "--communes", ",".join(communes))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "3/3 đơn vị xong" in done.stdout
        for commune in ("le-chan", "bach-long-vi"):
            folder = out / commune / kind.part  # the period keeps its id and its folder
            for path in _commune_products(folder, commune, kind.part):
                _assert_whole(path)
            figures = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))
            name = f"{kind.name} ({ESTABLISHED_DAYS})"
            assert figures["period"] == {"id": period, "from": "2025-08-01", "to": "2025-12-14", "name": name}
            # Established on the first day counted: nothing came before, so carried over is known.
            assert figures["bieu06a"]["carried_over"] is not None, commune
            _assert_form_identities(figures, f"{commune} {period}")
            assert name in _docx_text(folder / f"bao-cao-cctthc-{commune}-{kind.part}.docx"), commune
            page = (folder / f"bao-cao-{commune}-{kind.part}.html").read_text(encoding="utf-8")
            assert f"{name} – {COMMUNES[commune]}" in _text_of(page), commune  # the report's heading
            assert f"<title>Báo cáo cải cách TTHC {name} – {COMMUNES[commune]}</title>" in page, commune
            assert _key_figures_headings(page) == _expected_headings(kind, name), commune
            clipped.setdefault(commune, {})[period] = figures
        # Counted by hand over 01/08/2025 – 14/12/2025, feedback included (known by the same rule).
        hand = _count_by_hand("bach-long-vi", ESTABLISHED, kind.end, ESTABLISHED)
        _assert_counted_by_hand(clipped["bach-long-vi"][period], hand, period)
        feedback = _feedback_by_hand("bach-long-vi", ESTABLISHED, kind.end, ESTABLISHED)
        assert feedback is not None and feedback["received"] == 1  # 06/08/2025, the register's first
        assert clipped["bach-long-vi"][period]["feedback"] == feedback
        # A commune not established later keeps the whole period.
        other = json.loads((out / "hung-thang" / kind.part / "indicators.json").read_text(encoding="utf-8"))
        assert other["period"] == kind.as_json(period)
        city = json.loads((out / kind.part / "city.json").read_text(encoding="utf-8"))
        assert city["communes"]["le-chan"]["period"]["from"] == "2025-08-01"
        assert city["communes"]["hung-thang"]["period"]["from"] == kind.start.isoformat()
        _assert_city_sums_its_rows(city, list(communes), period)
    # 2025 and its second half both run from 01/08/2025 to 14/12/2025 for these units: the same days.
    for commune in ("le-chan", "bach-long-vi"):
        assert clipped[commune]["2025"]["bieu06a"] == clipped[commune]["2025-H2"]["bieu06a"], commune
        assert clipped[commune]["2025"]["new_by_channel"] == clipped[commune]["2025-H2"]["new_by_channel"], commune


@pytest.mark.e2e
def test_a_date_range_keeps_its_folder_for_a_commune_established_inside_it(established_root, tmp_path):
    out = tmp_path / "out"
    period, part = "2025-07-01..2025-10-31", "2025-07-01-den-2025-10-31"
    done = _batch(period, established_root, out, "--communes", "le-chan,cat-hai")
    assert done.returncode == 0, done.stdout + done.stderr
    # docs/periods.md: the period keeps its id (and its output folder) but is counted from that day.
    figures = json.loads((out / "le-chan" / part / "indicators.json").read_text(encoding="utf-8"))
    assert (figures["period"]["from"], figures["period"]["to"]) == ("2025-08-01", "2025-10-31")
    assert [p.name for p in (out / "le-chan").iterdir()] == [part]
    city = json.loads((out / part / "city.json").read_text(encoding="utf-8"))
    assert city["communes"]["le-chan"]["period"]["from"] == "2025-08-01"


# --- 3. tthc city and tthc trends, directly ----------------------------------------------------


def _first_row(page: str, unit: str) -> list[str]:
    """The cells of the first table row headed by ``unit`` (the communes side by side)."""
    found = re.search(rf"<th[^>]*>{re.escape(unit)}</th>\s*((?:<td[^>]*>.*?</td>\s*)+)", page, re.S)
    assert found, unit
    return [_text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)]


@pytest.mark.e2e
def test_city_and_trends_for_a_quarter_a_month_and_a_subset_of_communes(tmp_path):
    out = tmp_path / "out"
    # The city's report of a quarter, every commune.
    done = run_cli("city", "--period", "2026-Q1", "--out", str(out))
    assert done.returncode == 0, done.stderr
    products = _city_products(out / "2026-Q1", "2026-Q1")
    for path in products:
        _assert_whole(path)
        assert str(path) in done.stdout
    city = json.loads((out / "2026-Q1" / "city.json").read_text(encoding="utf-8"))
    assert city["period"] == PERIODS["2026-Q1"].as_json("2026-Q1")
    _assert_city_sums_its_rows(city, list(COMMUNES), "2026-Q1")
    hand = _count_by_hand("bach-long-vi", PERIODS["2026-Q1"].start, PERIODS["2026-Q1"].end)
    assert city["communes"]["bach-long-vi"]["bieu06a"] == hand["bieu06a"]

    # A month, two communes whose figures raise nothing to review: --strict is still 0.
    done = run_cli("city", "--period", "2026-01", "--communes", "tien-lang,le-chan", "--out", str(out), "--strict")
    assert done.returncode == 0, done.stderr
    city = json.loads((out / "2026-01" / "city.json").read_text(encoding="utf-8"))
    assert city["period"] == {"id": "2026-01", "from": "2025-12-15", "to": "2026-01-14", "name": "tháng 01 năm 2026"}
    _assert_city_sums_its_rows(city, ["tien-lang", "le-chan"], "2026-01")

    # Trends from quarters: 2025-Q1 stands for 2025-01 in --from, 2026-Q1 for 2026-03 in --to.
    done = run_cli("trends", "--from", "2025-Q1", "--to", "2026-Q1", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "từ tháng 01 năm 2025 đến tháng 03 năm 2026" in done.stdout
    stem = out / "trends" / "xu-huong-tat-ca-2025-01-2026-03"
    for path in (stem.with_suffix(".html"), stem.with_suffix(".ipynb")):
        _assert_whole(path)
        assert str(path) in done.stdout
    text = _text_of(stem.with_suffix(".html").read_text(encoding="utf-8"))
    assert "Xu hướng cải cách TTHC từ tháng 01 năm 2025 đến tháng 03 năm 2026" in text
    assert all(name in text for name in COMMUNES.values())

    # Two communes: the file name holds them in alphabetical order; the others are not in it.
    done = run_cli(
        "trends", "--communes", "le-chan,hung-thang", "--from", "2025-Q4", "--to", "2026-Q1", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    stem = out / "trends" / "xu-huong-hung-thang_le-chan-2025-10-2026-03"
    for path in (stem.with_suffix(".html"), stem.with_suffix(".ipynb")):
        _assert_whole(path)
    page = stem.with_suffix(".html").read_text(encoding="utf-8")
    text = _text_of(page)
    assert "từ tháng 10 năm 2025 đến tháng 03 năm 2026" in text and "phường Lê Chân" in text
    assert not [n for c, n in COMMUNES.items() if c not in ("hung-thang", "le-chan") and n in text]
    # The last month side by side: Hùng Thắng's total and new dossiers of 2026-03, counted by hand.
    march = _count_by_hand("hung-thang", date(2026, 2, 15), date(2026, 3, 14))["bieu06a"]
    cells = _first_row(page, "xã Hùng Thắng")
    assert cells[:2] == [_vn_count(march["total"]), _vn_count(march["online"] + march["direct_postal"])]
    assert not list((out / "trends").glob("*-loi.ipynb"))


# --- 4. the notebooks through papermill ---------------------------------------------------------


def _papermill(notebook: str, target: Path, parameters: dict) -> nbformat.NotebookNode:
    import papermill as pm

    pm.execute_notebook(
        str(REPO / "notebooks" / notebook),
        str(target),
        cwd=str(REPO / "notebooks"),
        parameters=parameters,
        progress_bar=False,
        kernel_name="python3",
    )
    executed = nbformat.read(str(target), as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    return executed


def _injected(executed: nbformat.NotebookNode) -> str:
    return next(c.source for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))


@pytest.mark.e2e
def test_report_notebook_with_every_parameter_a_string(tmp_path):
    out = tmp_path / "out"
    kind = PERIODS["2025-07-01..2025-10-31"]
    parameters = {
        "commune": "cat-hai",
        "period": "2025-07-01..2025-10-31",
        "data_dir": str(SAMPLE),
        "out_dir": str(out),
        "source": "auto",
    }
    executed = _papermill("commune_report.ipynb", tmp_path / "cat-hai.ipynb", parameters)
    assert 'period = "2025-07-01..2025-10-31"' in _injected(executed)
    folder = out / "cat-hai" / kind.part
    products = _commune_products(folder, "cat-hai", kind.part)[2:]  # the notebook writes these four
    for path in products:
        _assert_whole(path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in products)
    figures = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))
    assert figures["period"] == kind.as_json("2025-07-01..2025-10-31") and figures["commune"] == "cat-hai"
    _assert_form_identities(figures, "cat-hai range")
    assert kind.name in _docx_text(folder / f"bao-cao-cctthc-cat-hai-{kind.part}.docx")


@pytest.mark.e2e
def test_report_notebook_with_a_year_given_as_a_number(tmp_path):
    out = tmp_path / "out"
    kind = PERIODS["2025"]
    parameters = {"commune": "bach-long-vi", "period": 2025, "data_dir": str(SAMPLE), "out_dir": str(out)}
    executed = _papermill("commune_report.ipynb", tmp_path / "bach-long-vi.ipynb", parameters)
    assert re.search(r"^period = 2025$", _injected(executed), re.M)  # a number, as papermill -p passes it
    folder = out / "bach-long-vi" / "2025"
    for path in _commune_products(folder, "bach-long-vi", "2025")[2:]:
        _assert_whole(path)
    figures = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))
    assert figures["period"] == kind.as_json("2025")
    _assert_form_identities(figures, "bach-long-vi 2025")
    _assert_counted_by_hand(figures, _count_by_hand("bach-long-vi", kind.start, kind.end), "bach-long-vi 2025")


@pytest.mark.e2e
def test_trends_notebook_with_string_parameters(tmp_path):
    parameters = {
        "communes": "bach-long-vi,cat-hai",
        "first_period": "2026-01",
        "last_period": "2026-02",
        "data_dir": str(SAMPLE),
        "out_dir": str(tmp_path / "out"),
    }
    executed = _papermill("trends.ipynb", tmp_path / "trends.ipynb", parameters)
    shown = "\n".join(
        o.get("data", {}).get("text/html", "") + o.get("data", {}).get("text/plain", "") + o.get("text", "")
        for c in executed.cells
        for o in c.get("outputs", [])
    )
    assert "đặc khu Bạch Long Vĩ" in shown and "đặc khu Cát Hải" in shown and "Hùng Thắng" not in shown
    # The communes side by side in February 2026: Bạch Long Vĩ's figures, counted by hand.
    feb = _count_by_hand("bach-long-vi", date(2026, 1, 15), date(2026, 2, 14))["bieu06a"]
    cells = _first_row(shown, "đặc khu Bạch Long Vĩ")
    new = feb["online"] + feb["direct_postal"]
    overdue = feb["resolved_late"] + feb["in_progress_overdue"]
    assert cells[:3] == [_vn_count(feb["total"]), _vn_count(new), _vn_count(overdue)]
    assert cells[5] == _vn_percent_1(feb["online"], new)  # Tỷ lệ hồ sơ trực tuyến, (4) / ((4)+(5))


# --- 5. every command on a Windows console, redirected to a file -------------------------------

ANSI = ("cp1252", "cp1258")


def _fold(text: str) -> str:
    """Text without accents, to look for words however a code page wrote them."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _run_to_file(encoding: str, args: list[str], target: Path) -> tuple[int, str]:
    """``python -m tthc_analysis`` with stdout redirected to a file and stderr to a pipe, both in
    ``encoding``; returns the exit code and what was written, decoded strictly in that code page."""
    env = {k: v for k, v in os.environ.items() if k not in ("TTHC_DEBUG", "PYTHONUTF8")}
    env["PYTHONIOENCODING"] = encoding
    with open(target, "wb") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "tthc_analysis", *args], cwd=REPO, env=env, stdout=handle, stderr=subprocess.PIPE
        )
    text = target.read_bytes().decode(encoding) + done.stderr.decode(encoding)  # strict: it decodes
    return done.returncode, unicodedata.normalize("NFC", text)


# (name, arguments, exit code as docs/cli.md says, words the output must hold)
CONSOLE_RUNS = [
    (
        "indicators",
        ["indicators", "--commune", "le-chan", "--period", "2025-9M"],
        0,
        ['"name": "9 tháng năm 2025"', "CARRIED_OVER_UNKNOWN", "chưa biết số hồ sơ kỳ trước chuyển sang"],
    ),
    (
        "indicators-strict",  # findings and --strict: 1
        ["indicators", "--commune", "le-chan", "--period", "2025-9M", "--strict"],
        1,
        ["Kiểm tra số liệu: 2 phát hiện", "FEEDBACK_UNKNOWN"],
    ),
    (
        "batch",
        ["batch", "--period", "2026-Q1", "--communes", "bach-long-vi", "--workers", "1"],
        0,
        ["1/1 đơn vị xong", "Trang mục lục", "Báo cáo tổng hợp", "bach-long-vi"],
    ),
    (
        "city-strict",  # Hùng Thắng's published figures of 2026-02 disagree with themselves: 1 with --strict
        ["city", "--period", "2026-02", "--strict"],
        1,
        ["Số liệu cần rà soát: xã Hùng Thắng", "tong-hop-2026-02.html"],
    ),
    (
        "trends",
        ["trends", "--communes", "bach-long-vi,cat-hai", "--from", "2026-01", "--to", "2026-02"],
        0,
        ["Báo cáo xu hướng từ tháng 01 năm 2026 đến tháng 02 năm 2026", "2 đặc khu"],
    ),
]


@pytest.mark.e2e
@pytest.mark.parametrize("encoding", ANSI)
@pytest.mark.parametrize(("name", "args", "code", "words"), CONSOLE_RUNS, ids=[r[0] for r in CONSOLE_RUNS])
def test_every_command_redirected_to_a_file_on_a_windows_console(tmp_path, encoding, name, args, code, words):
    out = tmp_path / "out"
    needs_out = args[0] in ("batch", "city", "trends")
    returncode, text = _run_to_file(encoding, [*args, *(["--out", str(out)] if needs_out else [])], tmp_path / "o.txt")
    assert returncode == code, text
    assert "Traceback" not in text and "UnicodeEncodeError" not in text
    assert "khong mong doi" not in _fold(text).lower()
    for word in words:
        # cp1258 writes every Vietnamese letter (decomposed); cp1252 writes what it lacks unaccented.
        assert (word in text) if encoding == "cp1258" else (_fold(word) in _fold(text)), (word, text)
    if needs_out:
        assert out.exists() and not list(out.rglob("*-loi.ipynb"))


@pytest.mark.e2e
def test_trends_prints_no_python_warning(tmp_path):
    done = run_cli(
        "trends", "--communes", "bach-long-vi", "--from", "2026-02", "--to", "2026-02", "--out", str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "validator.py" not in done.stderr, done.stderr
