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

RATE_NAMES = ("on_time", "online", "in_progress", "online_payment", "digitisation", "e_result", "reuse")
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
    "rates.in_progress": "Tỷ lệ hồ sơ đang giải quyết (%)",
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


# The identities of Biểu 06a (DESIGN §4.2) and the report's sums, as whole = sum of parts.
# "new" is (4)+(5), "in_time" is (8)+(9), "overdue" is (10)+(13).
IDENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new", ("online", "direct_postal")),
    ("total", ("new", "carried_over")),
    ("total", ("resolved", "in_progress")),
    ("in_time", ("resolved_early", "resolved_on_time")),
    ("resolved", ("in_time", "resolved_late")),
    ("in_progress", ("in_progress_on_time", "in_progress_overdue")),
    ("overdue", ("resolved_late", "in_progress_overdue")),
)


def derive_counts(published: dict[str, int | None]) -> tuple[dict[str, int | None], tuple[str, ...]]:
    """Fill in the figures the published ones imply exactly; return (all figures, derived keys).

    A figure is derived from an identity whose other terms are all known (published or
    derived before), and only when the result is not negative: published figures that
    contradict each other derive nothing and are left for the checks to report.
    """
    values = dict(published)
    derived: list[str] = []
    changed = True
    while changed:
        changed = False
        for whole, parts in IDENTITIES:
            terms = (whole, *parts)
            unknown = [t for t in terms if values.get(t) is None]
            if values.get(whole) == 0:
                for term in unknown:  # counts are never negative: a sum of 0 has parts of 0
                    values[term] = 0
                    derived.append(term)
                changed = changed or bool(unknown)
                continue
            if len(unknown) != 1:
                continue
            target = unknown[0]
            if target == whole:
                value = sum(values[p] for p in parts)  # type: ignore[misc]
            else:
                value = values[whole] - sum(values[p] for p in parts if p != target)  # type: ignore[operator]
            if value < 0:
                continue
            values[target] = value
            derived.append(target)
            changed = True
    return values, tuple(derived)


def _rates(raw: dict[str, Any], counts: Bieu06aCounts, path: Path) -> dict[str, Rate]:
    """Published rates beside the counts they are rates of (the counts may be unknown)."""
    unknown = set(raw) - set(RATE_NAMES)
    if unknown:
        raise InputError(f"tỷ lệ không rõ {sorted(unknown)}; dùng {', '.join(RATE_NAMES)}", file=path, column="rates")
    stated = {name: _percent(raw.get(name), path, f"rates.{name}") for name in RATE_NAMES}
    of_counts = {
        "on_time": (counts.resolved_in_time, counts.resolved),  # (8)+(9) / (7)
        "online": (counts.online, counts.new),  # (4) / ((4)+(5))
        "in_progress": (counts.in_progress, counts.total),  # (11) / (3)
    }
    rates = {}
    for name in RATE_NAMES:
        numerator, denominator = of_counts.get(name, (None, None))
        if numerator is None or denominator is None:
            numerator = denominator = None
        rates[name] = Rate(numerator, denominator, stated[name])
    return rates


def _units(data: dict[str, Any], path: Path) -> list[UnitCount] | None:
    if "vertical_agencies" not in data:
        return None
    items = data.get("vertical_agencies") or []
    if not isinstance(items, list):
        raise InputError("'vertical_agencies' phải là danh sách {unit, total}", file=path, column="vertical_agencies")
    units = []
    for number, item in enumerate(items, start=1):
        where = f"vertical_agencies[{number}]"
        if not isinstance(item, dict) or not item.get("unit") or item.get("total") is None:
            raise InputError(f"mục thứ {number} cần 'unit' và 'total'", file=path, column=where)
        units.append(UnitCount(str(item["unit"]), _count(item["total"], path, f"{where}.total")))  # type: ignore[arg-type]
    return units


def _stated_periods(data: dict[str, Any], path: Path) -> list[StatedPeriod]:
    out = []
    for number, item in enumerate(data.get("stated_periods") or [], start=1):
        if not isinstance(item, dict):
            raise InputError(f"mục thứ {number} cần 'from' và 'to'", file=path, column="stated_periods")
        out.append(StatedPeriod(
            str(item.get("where") or f"đoạn {number}"),
            _day(item.get("from"), path, f"stated_periods[{number}].from"),
            _day(item.get("to"), path, f"stated_periods[{number}].to"),
        ))
    return out


def read_summary(path: str | Path, commune: str | None = None, period: Period | None = None) -> Summary:
    """Read a summary-<period>.yaml file into indicators with ``source == "summary"``.

    ``period`` is the period being reported (a commune's period may start at its
    establishment day); the file must name the same period id.
    """
    path = Path(path)
    data = nfc_tree(read_yaml(path))
    if not isinstance(data, dict):
        raise InputError("tệp số liệu đã công bố cần là một bảng khóa–giá trị", file=path)
    file_period = parse_period(str(data.get("period", period.id if period else "")))
    if period is not None and file_period.id != period.id:
        raise InputError(f"tệp ghi kỳ '{file_period.id}' nhưng đang lập báo cáo kỳ '{period.id}'", file=path, column="period")
    period = period or file_period

    raw_counts = _mapping(data, "bieu06a", path)
    unknown = set(raw_counts) - set(BIEU06A_KEYS)
    if unknown:
        raise InputError(f"khóa không rõ {sorted(unknown)} trong bieu06a", file=path, column="bieu06a")
    published = {k: _count(raw_counts.get(k), path, f"bieu06a.{k}") for k in BIEU06A_KEYS}
    sums = {"new": "new", "in_time": "resolved_in_time", "overdue": "overdue"}
    for key, name in sums.items():
        published[key] = _count(data.get(name), path, name)
    for whole, parts in IDENTITIES:
        values = [published[t] for t in (whole, *parts)]
        if whole in sums and None not in values and values[0] != sum(values[1:]):
            raise InputError(
                f"{sums[whole]} {values[0]} khác {' + '.join(parts)} = {sum(values[1:])}", file=path, column=sums[whole],
            )
    systems = _mapping(data, "new_by_system", path)
    new_by_system = {k: _count(v, path, f"new_by_system.{k}") for k, v in systems.items()} or None
    if published["new"] is None and new_by_system and set(new_by_system) == {"TP", "BO"} \
            and None not in new_by_system.values():
        published["new"] = sum(new_by_system.values())  # type: ignore[arg-type]  # city + ministries' systems
    values, derived = derive_counts(published)
    counts = Bieu06aCounts(
        **{k: values[k] for k in BIEU06A_KEYS},
        stated_new=values["new"], stated_in_time=values["in_time"], stated_overdue=values["overdue"],
    )

    stated = _mapping(data, "stated_online", path)
    stated_online = None
    if stated:
        stated_online = (_count(stated.get("count"), path, "stated_online.count"), _count(stated.get("of"), path, "stated_online.of"))

    catalogue = None
    if "catalogue" in data:
        cat = _mapping(data, "catalogue", path)
        catalogue = Catalogue(
            procedures=_count(cat.get("procedures"), path, "catalogue.procedures"),
            full_online=_count(cat.get("full_online"), path, "catalogue.full_online"),
            partial_online=_count(cat.get("partial_online"), path, "catalogue.partial_online"),
            published=Rate(None, None, _percent(cat.get("published_percent"), path, "catalogue.published_percent")),
        )

    feedback = None
    if "feedback" in data:
        fb = _mapping(data, "feedback", path)
        feedback = FeedbackCounts(**{k: _count(fb.get(k), path, f"feedback.{k}")
                                     for k in ("received", "resolved", "resolved_on_time", "pending")})

    indicators = Indicators(
        commune=commune,
        period=period,
        source="summary",
        bieu06a=Bieu06a(period, (), counts),
        new_by_system=new_by_system,
        rates=_rates(_mapping(data, "rates", path), counts, path),
        vertical_agencies=_units(data, path),
        catalogue=catalogue,
        feedback=feedback,
        stated_online=stated_online,
        derived=tuple(sorted(set(derived) & set(BIEU06A_KEYS))),
    )
    return Summary(path, indicators, _stated_periods(data, path), data.get("document"))


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
        # A summary's rates are its published ones; dossier rates are counted.
        percent = rate.stated_percent if indicators.source == "summary" else rate.percent
        out[f"rates.{name}"] = None if percent is None else round(percent, 1)
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
