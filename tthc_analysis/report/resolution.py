"""Section I.2 of the report, "Kết quả giải quyết TTHC": the sentences of the figures.

A figure that was not published and cannot be derived exactly is None. Every clause here
is written only when its figures are known; a sentence with no known figure is left out.
With figures like the real report's, the wording is the real report's.
"""

from __future__ import annotations

from ..core import vnformat as fmt
from ..indicators.results import NOT_AVAILABLE, Indicators, Rate
from ..inputs.dataroot import Commune
from .blocks import Block, capital, count, with_days


def _city_system(commune: Commune) -> str:
    return f"Hệ thống thông tin giải quyết TTHC {commune.city_kind}"


def _systems(ind: Indicators) -> tuple[int | None, int | None]:
    """New dossiers on the city's (province's) system and on ministries' systems; None: not known."""
    systems = ind.new_by_system or {}
    return systems.get("TP"), systems.get("BO")


def _all_on_city_system(ind: Indicators) -> bool:
    """True only when the figures show every new dossier on the city's system: new > 0,
    city = new and none on ministries' systems, all three known."""
    new = ind.counts.new
    city, ministries = _systems(ind)
    return bool(new) and city == new and ministries == 0


def _received_clause(ind: Indicators, commune: Commune) -> str | None:
    new = ind.counts.new
    city, ministries = _systems(ind)
    system = f"Hệ thống thông tin giải quyết TTHC của {commune.city_kind}"
    if new is None:
        return None
    if new == 0:
        return "không có hồ sơ tiếp nhận mới"
    if _all_on_city_system(ind):
        return f"tiếp nhận mới {count(new)} hồ sơ, đều được tiếp nhận trên {system}"
    parts = []
    if city is not None:
        parts.append(f"{count(city)} hồ sơ được tiếp nhận trên {system}")
    if ministries:
        parts.append(f"{count(ministries)} hồ sơ được tiếp nhận qua hệ thống của các bộ")
    if parts:
        return f"tiếp nhận mới {count(new)} hồ sơ, trong đó có {' và '.join(parts)}"
    return f"tiếp nhận mới {count(new)} hồ sơ"


def _total_sentence(ind: Indicators, commune: Commune) -> str | None:
    c = ind.counts
    clauses = []
    if c.carried_over is not None:
        clauses.append(
            f"kỳ trước chuyển sang {count(c.carried_over)} hồ sơ"
            if c.carried_over
            else "không có hồ sơ kỳ trước chuyển sang"
        )
    received = _received_clause(ind, commune)
    if received:
        clauses.append(received)
    if c.total is not None:
        return (
            f"Tổng số {count(c.total)} hồ sơ ({'; '.join(clauses)})." if clauses else f"Tổng số {count(c.total)} hồ sơ."
        )
    return f"{capital('; '.join(clauses))}." if clauses else None


def _online_clause(ind: Indicators) -> str | None:
    c = ind.counts
    rate = ind.rates.get("online", NOT_AVAILABLE)
    online, of = ind.stated_online if ind.stated_online is not None else (c.online, None if c.online is None else c.new)
    if online is not None and of:
        shown = rate if rate.stated_percent is not None else Rate(online, of)
        return f"Tổng số hồ sơ tiếp nhận trực tuyến {count(online)}/{count(of)} hồ sơ, đạt tỷ lệ {fmt.rate(shown)}"
    if c.new == 0:
        return "Không có hồ sơ tiếp nhận mới, tỷ lệ tiếp nhận trực tuyến không phát sinh"
    if online is not None:
        return f"Tiếp nhận trực tuyến {count(online)} hồ sơ"
    if rate.stated_percent is not None:
        return f"Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt {fmt.rate(rate)}"
    return None


def _resolved_clauses(ind: Indicators) -> list[str]:
    """Resolved dossiers: the seed's "giải quyết đúng hạn N hồ sơ" when all were in time,
    else "đã giải quyết N hồ sơ (đúng hạn …; quá hạn …)"; only the known figures."""
    c = ind.counts
    resolved, in_time, late = c.resolved, c.resolved_in_time, c.resolved_late
    early, on_time = c.resolved_early, c.resolved_on_time
    if resolved == 0:
        return ["chưa có hồ sơ được giải quyết"]
    split = early is not None and on_time is not None and bool(in_time)
    # (8) or (9) alone, when "đúng hạn" (8)+(9) is not known: said so that neither reads as the sum.
    alone = (
        []
        if in_time is not None
        else [
            f"{words} {count(n)} hồ sơ"
            for words, n in (("trước hạn", early), ("đúng hạn (không tính trước hạn)", on_time))
            if n is not None
        ]
    )
    if resolved is not None and resolved != in_time:
        items = list(alone)
        if in_time is not None:
            items.append(
                f"đúng hạn {count(in_time)} hồ sơ"
                + (f", gồm trước hạn {count(early)} hồ sơ và đúng hạn {count(on_time)} hồ sơ" if split else "")
            )
        if late is not None:
            items.append(f"quá hạn {count(late)} hồ sơ")
        return [f"đã giải quyết {count(resolved)} hồ sơ" + (f" ({'; '.join(items)})" if items else "")]
    parts = [f"giải quyết {item}" for item in alone]
    if in_time is not None:
        detail = f" (trước hạn {count(early)} hồ sơ, đúng hạn {count(on_time)} hồ sơ)" if split else ""
        parts.append(f"giải quyết đúng hạn {count(in_time)} hồ sơ{detail}")
    if late:
        parts.append(f"giải quyết quá hạn {count(late)} hồ sơ")
    elif late == 0 and c.overdue is None:
        parts.append("không có hồ sơ giải quyết quá hạn")
    return parts


def _in_progress_clauses(ind: Indicators) -> list[str]:
    """Dossiers in progress: the seed's "đang giải quyết trong hạn N hồ sơ" when none is overdue,
    else "đang giải quyết N hồ sơ (trong hạn …; quá hạn …)"; only the known figures."""
    c = ind.counts
    total, on_time, overdue = c.in_progress, c.in_progress_on_time, c.in_progress_overdue
    share = ind.rates.get("in_progress", NOT_AVAILABLE).stated_percent
    if total == 0:
        return ["không còn hồ sơ đang giải quyết"]
    if total is not None and (total != on_time or share is not None):
        items = [
            f"{name} {count(n)} hồ sơ" for name, n in (("trong hạn", on_time), ("quá hạn", overdue)) if n is not None
        ]
        head = f"đang giải quyết {count(total)} hồ sơ"
        if share is not None:
            head += f", chiếm {fmt.percent(share)} tổng số hồ sơ"
        return [head + (f" ({'; '.join(items)})" if items else "")]
    parts = []
    if on_time:
        parts.append(f"đang giải quyết trong hạn {count(on_time)} hồ sơ")
    if overdue:
        parts.append(f"đang giải quyết quá hạn {count(overdue)} hồ sơ")
    elif overdue == 0 and c.overdue is None:
        parts.append("không có hồ sơ đang giải quyết quá hạn")
    if total is None and share is not None:
        parts.append(f"hồ sơ đang giải quyết chiếm {fmt.percent(share)} tổng số hồ sơ")
    return parts


def _overdue_places(ind: Indicators) -> str:
    """Where the overdue dossiers are: by field (lĩnh vực) when the data says."""
    places = [
        f"lĩnh vực {row.field_name}: {count(row.counts.overdue)} hồ sơ"
        for row in sorted(ind.bieu06a.rows, key=lambda r: -(r.counts.overdue or 0))
        if row.counts.overdue
    ]
    return f" ({'; '.join(places)})" if places else ""


def _results_sentence(ind: Indicators) -> str | None:
    overdue = ind.counts.overdue
    parts = _resolved_clauses(ind) + _in_progress_clauses(ind)
    if overdue:
        parts.append(f"tổng số hồ sơ quá hạn là {count(overdue)} hồ sơ{_overdue_places(ind)}")
    elif overdue == 0:
        parts.append("không có hồ sơ quá hạn")
    online = _online_clause(ind)
    if online and parts:
        return f"{online}; {', '.join(parts)}."
    if online or parts:
        return f"{online or capital(', '.join(parts))}."
    return None


def _on_time_rate_line(ind: Indicators) -> Block | None:
    """The on-time rate ((8)+(9))/(7): when it was published, or counted from dossiers."""
    rate = ind.rates.get("on_time", NOT_AVAILABLE)
    if rate.stated_percent is not None or (ind.source == "dossiers" and rate.status == "ok"):
        return Block("bullet", f"Tỷ lệ giải quyết hồ sơ đúng hạn đạt {fmt.rate(rate)}.")
    return None


def _vertical_blocks(ind: Indicators) -> list[Block]:
    agencies = ind.vertical_agencies
    if agencies is None:
        return []
    if not agencies:
        # Dossiers with no processing unit are counted as the commune's own; they could be a
        # vertical agency's, so "none" is said only when every dossier names its unit.
        if any(not unit.unit.strip() for unit in ind.units or ()):
            return []
        return [Block("text", "Trong kỳ không có hồ sơ thủ tục hành chính của các cơ quan ngành dọc.")]
    blocks = [Block("text", "Kết quả giải quyết thủ tục hành chính của ngành dọc:")]
    for number, unit in enumerate(agencies, start=1):
        end = "." if number == len(agencies) else ";"
        overdue = f", trong đó quá hạn {count(unit.overdue)} hồ sơ" if unit.overdue else ""
        blocks.append(Block("bullet", f"{unit.unit} tiếp nhận và xử lý: {count(unit.total)} hồ sơ{overdue}{end}"))
    return blocks


def _city_system_line(ind: Indicators, commune: Commune) -> Block | None:
    """The share of new dossiers received on the city's system: "100% …" only when the figures
    show every one there; the share with its counts when some were on ministries' systems;
    nothing when it is not known. The figures say where dossiers were received, not where they
    were resolved."""
    new = ind.counts.new
    city, _ = _systems(ind)
    if not new or city is None or city > new:
        return None
    if city == new and not _all_on_city_system(ind):
        return None  # "100%" with ministries' figure unknown (or not adding up): not shown to be all
    share = fmt.rate(Rate(city, new))
    return Block(
        "bullet",
        f"{share} hồ sơ tiếp nhận mới ({count(city)}/{count(new)} hồ sơ) được tiếp nhận trên {_city_system(commune)}.",
    )


def section_resolution(ind: Indicators, commune: Commune) -> list[Block]:
    """I.2 Kết quả giải quyết TTHC."""
    figures = [Block("bullet", text) for text in (_total_sentence(ind, commune), _results_sentence(ind)) if text]
    rate = _on_time_rate_line(ind)
    figures += [rate] if rate else []
    figures += _vertical_blocks(ind)
    if not figures:
        return []
    blocks = [Block("subheading", "Kết quả giải quyết TTHC")]
    system_line = _city_system_line(ind, commune)
    blocks += [system_line] if system_line else []
    blocks.append(Block("bullet", f"Kết quả giải quyết TTHC {with_days(ind.period)}:"))
    return blocks + figures
