"""An independent count of Biểu 06a, and an independent reader of the shipped sample's exports.

Not a test module: tests import it (``from reference_count import …``) to get expected figures
without the package's counting or reading code. ``count_rows`` is plain Python over
``Dossier`` records by the rules of docs/counting.md; ``sample_dossiers`` reads
data/sample/<commune>/dossiers* with the ``csv`` module, ``pyarrow.parquet`` and python-calamine
(the workbooks), never with ``tthc_analysis.inputs``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq
from python_calamine import CalamineWorkbook

# Period 2026-02 (docs/periods.md): the default period of count_rows.
START, END = date(2026, 1, 15), date(2026, 2, 14)
# Biểu 06a (3)–(13) in the form's order (docs/counting.md "The eleven columns"), then the report's
# sums (4)+(5), (8)+(9), (10)+(13), then new dossiers by system.
BIEU06A = (
    "total",
    "online",
    "direct_postal",
    "carried_over",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress",
    "in_progress_on_time",
    "in_progress_overdue",
)
SUMS = ("new", "in_time", "overdue")
KEYS = (*BIEU06A, *SUMS, "TP", "BO")
NEW_ONLY = ("online", "direct_postal", "new", "TP", "BO")  # known from dossiers received in the period alone


# ---------------------------------------------------------------- the independent method


@dataclass(frozen=True)
class Dossier:
    id: str
    field: str
    status: int
    channel: str  # "1", "2", "3" or "" (direct)
    system: str  # "TP" or "BO"
    received: date
    due: date | None
    finished: date | None

    def row(self, channel: bool, system: bool) -> list[str]:
        def day(value: date | None) -> str:
            return "" if value is None else value.strftime("%d/%m/%Y")

        cells = [self.id, self.field, str(self.status), self.channel, day(self.received), day(self.due)]
        cells.append(day(self.finished))
        if not channel:
            del cells[3]
        return cells + ([self.system] if system else [])


def count_rows(
    rows: list[Dossier], start: date = START, end: date = END
) -> tuple[dict[str, int], dict[str, dict[str, int]], dict[str, set]]:
    """The period ``start``–``end`` (default 2026-02) as it really was, by docs/counting.md, at day
    precision: every figure (whether the exports can show it or not), the same by field, and which
    fields' dossiers took part / were new."""
    every: dict[str, int] = dict.fromkeys(KEYS, 0)
    by_field: dict[str, dict[str, int]] = {}
    fields: dict[str, set] = {"part": set(), "new": set()}
    for r in rows:
        if r.status in (1, 3) or r.received > end or (r.finished is not None and r.finished < start):
            continue
        new = r.received >= start
        resolved = r.finished is not None and r.finished <= end
        hits = {"total"}
        if new:
            hits |= {"new", "online" if r.channel == "2" else "direct_postal", "BO" if r.system == "BO" else "TP"}
        else:
            hits.add("carried_over")
        if resolved:
            hits.add("resolved")
            if r.status == 7 or r.due is None or r.finished == r.due:
                hits |= {"resolved_on_time", "in_time"}
            elif r.finished < r.due:
                hits |= {"resolved_early", "in_time"}
            else:
                hits |= {"resolved_late", "overdue"}
        else:
            hits.add("in_progress")
            if r.status == 5 or r.due is None or r.due >= end:
                hits.add("in_progress_on_time")
            else:
                hits |= {"in_progress_overdue", "overdue"}
        row = by_field.setdefault(r.field, dict.fromkeys(KEYS, 0))
        for key in hits:
            every[key] += 1
            row[key] += 1
        fields["part"].add(r.field)
        if new:
            fields["new"].add(r.field)
    return every, by_field, fields


def knowable(figures: dict[str, int], *, reaches_back: bool, channel: bool, system: bool) -> dict[str, int | None]:
    """What the exports show: everything when they reach back before the period, else only what
    counts new dossiers; no channel column, no (4) and (5); no system column, no TP/BO."""
    out: dict[str, int | None] = {k: v if reaches_back or k in NEW_ONLY else None for k, v in figures.items()}
    if not channel:
        out["online"] = out["direct_postal"] = None
    if not system:
        out["TP"] = out["BO"] = None
    return out


# ---------------------------------------------------------------- the shipped sample, read by hand

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
# The two header sets the sample's exports use (every commune's files carry all eight): the lists'
# Vietnamese headers (hung-thang, bach-long-vi, cat-hai, hong-bang) and the portal's field names
# (vinh-bao, le-chan, tien-lang). Only the columns Biểu 06a needs.
HEADER = {
    "Mã hồ sơ": "id",
    "MaHoSo": "id",
    "Lĩnh vực": "field",
    "TenLinhVuc": "field",
    "Trạng thái": "status",
    "TrangThaiHoSo": "status",
    "Kênh nộp": "channel",
    "KenhThucHien": "channel",
    "Hệ thống": "system",
    "NguonHeThong": "system",
    "Ngày tiếp nhận": "received",
    "NgayTiepNhan": "received",
    "Ngày hẹn trả": "due",
    "NgayHenTra": "due",
    "Ngày kết thúc xử lý": "finished",
    "NgayKetThucXuLy": "finished",
}
# Days written as text in the sample: "15/01/2026 11:39", "16/12/2024" (the lists), "2025-12-15 08:19:00",
# "2025-12-15" (le-chan's 2026 CSV). Parquet and workbooks hold native dates. The time of day is dropped.
DAY_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
# TrangThaiHoSo: the portal's codes 1–10 (docs/inputs.md "Status words"); the sample writes only numbers.
STATUSES = range(1, 11)
# KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích; an empty cell is 1 (kept as "", direct).
CHANNELS = ("", "1", "2", "3")


def _table(path: Path) -> list[list]:
    """A file's cells, row by row, header included."""
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return [table.column_names, *map(list, zip(*(c.to_pylist() for c in table.columns)))]
    if path.suffix == ".xlsx":
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    raw = path.read_bytes()  # .csv (UTF-8 with BOM) or hong-bang's .txt (Excel's "Unicode text": UTF-16, tabs)
    text = raw.decode("utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig")
    header = text.partition("\n")[0]
    return list(csv.reader(io.StringIO(text), delimiter=max(",;\t", key=header.count)))


def _day(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # pandas' Timestamp too
        return value.date()
    if isinstance(value, date):
        return value
    for form in DAY_FORMATS:
        try:
            return datetime.strptime(str(value), form).date()
        except ValueError:
            pass
    raise ValueError(f"not a day: {value!r}")


def _code(value: object) -> str:
    """A code cell ("2", 2, 2.0 or empty) as text."""
    if value is None or value == "":
        return ""
    number = float(value)  # type: ignore[arg-type]
    assert number == int(number), value
    return str(int(number))


@cache
def sample_dossiers(commune: str) -> tuple[Dossier, ...]:
    """Every dossier of data/sample/<commune>/dossiers*: files by name, a dossier id in two files is
    the later file's (docs/inputs.md "Several files"). The header is the first row whose first cell
    names the dossier id (hong-bang's 2025 workbook has three title rows above it)."""
    found: dict[str, Dossier] = {}
    for path in sorted((SAMPLE / commune).glob("dossiers*")):
        rows = _table(path)
        at = next(i for i, row in enumerate(rows) if row and HEADER.get(str(row[0]).strip()) == "id")
        names = [HEADER.get(str(cell).strip()) for cell in rows[at]]
        assert sorted(n for n in names if n) == sorted(set(HEADER.values())), (path, rows[at])
        for cells in rows[at + 1 :]:
            r = {name: cell for name, cell in zip(names, cells) if name}
            if r.get("id") in (None, ""):
                continue
            status, channel, system = int(_code(r["status"])), _code(r["channel"]), str(r["system"])
            assert status in STATUSES and channel in CHANNELS and system in ("TP", "BO"), (path, r)
            received = _day(r["received"])
            assert received is not None, (path, r)
            found[str(r["id"])] = Dossier(
                str(r["id"]), str(r["field"]), status, channel, system, received, _day(r["due"]), _day(r["finished"])
            )
    return tuple(found.values())


def month_days(year: int, month: int) -> tuple[date, date]:
    """Month ``year-month`` as reported (docs/periods.md): the 15th of the month before to the 14th."""
    before = (year, month - 1) if month > 1 else (year - 1, 12)
    return date(*before, 15), date(year, month, 14)


def export_span(rows: tuple[Dossier, ...] | list[Dossier]) -> tuple[date, date]:
    """The days the exports cover (docs/counting.md): first received day, last day received or finished."""
    return min(r.received for r in rows), max(d for r in rows for d in (r.received, r.finished) if d is not None)


def shown_figures(rows: tuple[Dossier, ...] | list[Dossier], start: date, end: date) -> dict[str, int | None]:
    """What an export with every column (channel and system included) shows of ``start``–``end``:
    carried over and all that depends on it only when a dossier was received before ``start``."""
    first, _ = export_span(rows)
    return knowable(count_rows(list(rows), start, end)[0], reaches_back=first < start, channel=True, system=True)
