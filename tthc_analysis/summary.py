"""Published figures (summary-<period>.yaml, DESIGN §4.6) and their reconciliation.

Some communes only have the figures that were published, not the dossier export.
A summary file holds them for one period; a report built from it says so
(``"source": "summary"``). Where dossier data also covers the period, every
published figure is set beside the computed one (reconciliation).

The file's keys follow indicators.json; a key left out was not published::

    period: "2026-02"
    document: "Báo cáo … tháng 02 năm 2026"
    stated_periods:                 # periods as written in the document's text
      - {where: "mục I.2", from: "15/01/2025", to: "14/02/2026"}
    bieu06a: {total: 921, carried_over: 14, online: 879, direct_postal: 0, …}
    resolved_in_time: 919           # "giải quyết đúng hạn", (8)+(9)
    new_by_system: {TP: 851, BO: 28}
    stated_online: {count: 921, of: 921}
    vertical_agencies: [{unit: "Bảo hiểm xã hội", total: 15}]
    catalogue: {full_online: 219, partial_online: 160, published_percent: 100}
    rates: {online: 100, online_payment: 100, digitisation: 100, e_result: 100, reuse: 95.7}
    feedback: {received: 0, resolved: 0, resolved_on_time: 0, pending: 0}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .dataset import nfc_tree, read_yaml
from .errors import InputError
from .indicators import (
    BIEU06A_KEYS,
    Bieu06a,
    Bieu06aCounts,
    Catalogue,
    FeedbackCounts,
    Indicators,
    Rate,
    ReconciliationItem,
    UnitCount,
)
from .periods import Period, parse_period
from .text import fold

RATE_NAMES = ("on_time", "online", "online_payment", "digitisation", "e_result", "reuse")
LABELS: dict[str, str] = {
    "total": "(3) Tổng số hồ sơ nhận giải quyết",
    "online": "(4) Tiếp nhận trực tuyến",
    "direct_postal": "(5) Tiếp nhận trực tiếp, bưu chính",
    "carried_over": "(6) Từ kỳ trước chuyển sang",
    "resolved": "(7) Đã giải quyết",
    "resolved_early": "(8) Giải quyết trước hạn",
    "resolved_on_time": "(9) Giải quyết đúng hạn",
    "resolved_late": "(10) Giải quyết quá hạn",
    "in_progress": "(11) Đang giải quyết",
    "in_progress_on_time": "(12) Đang giải quyết trong hạn",
    "in_progress_overdue": "(13) Đang giải quyết quá hạn",
    "new": "Tiếp nhận mới (4)+(5)",
    "resolved_in_time": "Giải quyết đúng hạn (8)+(9)",
    "overdue": "Quá hạn (10)+(13)",
    "new_by_system.TP": "Tiếp nhận mới trên Hệ thống của thành phố",
    "new_by_system.BO": "Tiếp nhận mới qua hệ thống của các bộ",
    "stated_online.count": "Hồ sơ tiếp nhận trực tuyến (số hồ sơ)",
    "stated_online.of": "Hồ sơ tiếp nhận trực tuyến (trên tổng số)",
    "catalogue.full_online": "TTHC trực tuyến toàn trình",
    "catalogue.partial_online": "TTHC trực tuyến một phần",
    "rates.on_time": "Tỷ lệ giải quyết đúng hạn (%)",
    "rates.online": "Tỷ lệ hồ sơ trực tuyến (%)",
    "rates.online_payment": "Tỷ lệ thanh toán trực tuyến (%)",
    "rates.digitisation": "Tỷ lệ số hóa hồ sơ (%)",
    "rates.e_result": "Tỷ lệ cấp kết quả điện tử (%)",
    "rates.reuse": "Tỷ lệ tái sử dụng dữ liệu số hóa (%)",
    "feedback.received": "Phản ánh, kiến nghị tiếp nhận",
    "feedback.resolved": "Phản ánh, kiến nghị đã xử lý",
    "feedback.pending": "Phản ánh, kiến nghị đang xử lý",
}


@dataclass(frozen=True)
class StatedPeriod:
    """A period as written in the text of a published report."""

    where: str
    start: date
    end: date


@dataclass
class Summary:
    """A summary file: the published indicators and the periods its text states."""

    path: Path
    indicators: Indicators
    stated_periods: list[StatedPeriod]
    document: str | None


def _count(value: Any, path: Path, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"'{value}' không phải số hồ sơ (số nguyên)", file=path, column=key)
    if value < 0:
        raise InputError(f"số âm {value} không hợp lệ", file=path, column=key)
    return value


def _percent(value: Any, path: Path, key: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"'{value}' không phải tỷ lệ phần trăm (số)", file=path, column=key)
    return float(value)


def _day(value: Any, path: Path, key: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(f"ngày không hợp lệ '{value}' (dùng dd/mm/yyyy)", file=path, column=key)


def _mapping(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise InputError(f"'{key}' phải là một bảng khóa–giá trị", file=path, column=key)
    return value


def read_summary(path: str | Path, commune: str | None = None, period: Period | None = None) -> Summary:
    """Read a summary-<period>.yaml file into indicators with ``source == "summary"``."""
    path = Path(path)
    data = nfc_tree(read_yaml(path))
    if not isinstance(data, dict):
        raise InputError("tệp số liệu đã công bố cần là một bảng khóa–giá trị", file=path)
    file_period = parse_period(str(data.get("period", period.id if period else "")))
    if period is not None and file_period != period:
        raise InputError(f"tệp ghi kỳ '{file_period.id}' nhưng đang lập báo cáo kỳ '{period.id}'", file=path, column="period")

    raw_counts = _mapping(data, "bieu06a", path)
    unknown = set(raw_counts) - set(BIEU06A_KEYS)
    if unknown:
        raise InputError(f"khóa không rõ {sorted(unknown)} trong bieu06a", file=path, column="bieu06a")
    counts = Bieu06aCounts(**{k: _count(raw_counts.get(k), path, f"bieu06a.{k}") for k in BIEU06A_KEYS})
    in_time = _count(data.get("resolved_in_time"), path, "resolved_in_time")
    if in_time is not None and counts.resolved_in_time is not None and in_time != counts.resolved_in_time:
        raise InputError(
            f"resolved_in_time {in_time} khác resolved_early + resolved_on_time = {counts.resolved_in_time}",
            file=path, column="resolved_in_time",
        )

    systems = _mapping(data, "new_by_system", path)
    new_by_system = {k: _count(v, path, f"new_by_system.{k}") for k, v in systems.items()} or None
    stated = _mapping(data, "stated_online", path)
    stated_online = None
    if stated:
        stated_online = (_count(stated.get("count"), path, "stated_online.count"), _count(stated.get("of"), path, "stated_online.of"))

    rates_raw = _mapping(data, "rates", path)
    unknown = set(rates_raw) - set(RATE_NAMES)
    if unknown:
        raise InputError(f"tỷ lệ không rõ {sorted(unknown)}; dùng {', '.join(RATE_NAMES)}", file=path, column="rates")
    rates = {
        "on_time": Rate(counts.resolved_in_time if in_time is None else in_time, counts.resolved),  # (8)+(9) / (7)
        "online": Rate(counts.online, counts.new),
    }
    for name in RATE_NAMES:
        if name in rates_raw:
            rates[name] = Rate(None, None, _percent(rates_raw[name], path, f"rates.{name}"))
        rates.setdefault(name, Rate(None, None))

    vertical = None
    if "vertical_agencies" in data:
        items = data.get("vertical_agencies") or []
        if not isinstance(items, list):
            raise InputError("'vertical_agencies' phải là danh sách {unit, total}", file=path, column="vertical_agencies")
        vertical = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict) or not item.get("unit"):
                raise InputError(f"mục thứ {number} cần 'unit' và 'total'", file=path, column="vertical_agencies")
            vertical.append(UnitCount(str(item["unit"]), _count(item.get("total"), path, f"vertical_agencies[{number}].total") or 0))

    catalogue = None
    if "catalogue" in data:
        cat = _mapping(data, "catalogue", path)
        catalogue = Catalogue(
            procedures=_count(cat.get("procedures"), path, "catalogue.procedures"),
            full_online=_count(cat.get("full_online"), path, "catalogue.full_online") or 0,
            partial_online=_count(cat.get("partial_online"), path, "catalogue.partial_online") or 0,
            published=Rate(None, None, _percent(cat.get("published_percent"), path, "catalogue.published_percent")),
        )

    feedback = None
    if "feedback" in data:
        fb = _mapping(data, "feedback", path)
        values = {k: _count(fb.get(k), path, f"feedback.{k}") or 0 for k in ("received", "resolved", "resolved_on_time", "pending")}
        feedback = FeedbackCounts(**values)

    stated_periods = []
    for number, item in enumerate(data.get("stated_periods") or [], start=1):
        if not isinstance(item, dict):
            raise InputError(f"mục thứ {number} cần 'from' và 'to'", file=path, column="stated_periods")
        stated_periods.append(StatedPeriod(
            str(item.get("where") or f"đoạn {number}"),
            _day(item.get("from"), path, f"stated_periods[{number}].from"),
            _day(item.get("to"), path, f"stated_periods[{number}].to"),
        ))

    indicators = Indicators(
        commune=commune,
        period=file_period,
        source="summary",
        bieu06a=Bieu06a(file_period, (), counts),
        new_by_system=new_by_system,
        rates=rates,
        vertical_agencies=vertical,
        catalogue=catalogue,
        feedback=feedback,
        stated_online=stated_online,  # type: ignore[arg-type]
        stated_resolved_in_time=in_time,
    )
    return Summary(path, indicators, stated_periods, data.get("document"))


def _flatten(indicators: Indicators) -> dict[str, float | None]:
    counts = indicators.counts
    out: dict[str, float | None] = {k: getattr(counts, k) for k in BIEU06A_KEYS}
    out.update(new=counts.new, resolved_in_time=indicators.resolved_in_time, overdue=counts.overdue)
    for system, value in (indicators.new_by_system or {}).items():
        out[f"new_by_system.{system}"] = value
    if indicators.catalogue is not None:
        out["catalogue.full_online"] = indicators.catalogue.full_online
        out["catalogue.partial_online"] = indicators.catalogue.partial_online
    for name, rate in indicators.rates.items():
        out[f"rates.{name}"] = None if rate.percent is None else round(rate.percent, 1)
    if indicators.feedback is not None:
        for key in ("received", "resolved", "pending"):
            out[f"feedback.{key}"] = getattr(indicators.feedback, key)
    for unit in indicators.vertical_agencies or []:
        out[f"unit.{fold(unit.unit)}"] = unit.total
    return out


def reconcile(published: Indicators, computed: Indicators) -> list[ReconciliationItem]:
    """Every published figure beside the one computed from dossier data.

    Figures the summary does not give are left out; a published figure the dossier data
    cannot give (a column missing) is listed with ``computed`` None.
    """
    mine, theirs = _flatten(published), _flatten(computed)
    # The stated "X/Y trực tuyến" is set against online (4) over new (4)+(5).
    if published.stated_online is not None:
        mine["stated_online.count"], mine["stated_online.of"] = published.stated_online
        theirs["stated_online.count"], theirs["stated_online.of"] = computed.counts.online, computed.counts.new
    names = {f"unit.{fold(u.unit)}": u.unit for u in (published.vertical_agencies or [])}
    items = []
    for key, value in mine.items():
        if value is None:
            continue
        label = LABELS.get(key) or (f"Ngành dọc: {names[key]}" if key in names else key)
        items.append(ReconciliationItem(key, label, value, theirs.get(key)))
    return items
