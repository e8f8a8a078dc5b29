"""The report's Vietnamese text (Sections I.1–I.5 from the indicators, II–IV from the profile).

One function per section, each returning :class:`Block` s that the formal document
(:mod:`tthc_analysis.formal`) and the HTML report lay out. With figures like the real
report's, the wording is the real report's; otherwise it says what the figures say
(overdue dossiers and where, feedback received and resolved, rates with no
denominator as "không phát sinh", no vertical agency, zero cases).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core import vnformat as fmt
from ..core.labels import from_to
from ..core.periods import Period
from ..indicators.results import NOT_AVAILABLE, FeedbackCounts, Indicators, Rate
from ..inputs.dataroot import Commune

_NUMBERED = re.compile(r"^\d+\.\s")


@dataclass(frozen=True)
class Block:
    """A paragraph of the report.

    ``kind``: "heading" (I. …), "subheading" (1. …), "bullet" (a "- " line), "text".
    ``footnote``: text of a footnote anchored at the end of the paragraph.
    """

    kind: str
    text: str
    footnote: str | None = None

    @property
    def display(self) -> str:
        """The paragraph as printed: bullets keep their "- "."""
        return f"- {self.text}" if self.kind == "bullet" else self.text


def _count(n: int | None) -> str:
    return fmt.count(n)


def profile_blocks(text: str) -> list[Block]:
    """Profile text: one paragraph a line; "- " starts a bullet; "1. " a sub-heading."""
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            blocks.append(Block("bullet", line[2:].strip()))
        elif _NUMBERED.match(line) and len(line) < 120:
            blocks.append(Block("subheading", line))
        else:
            blocks.append(Block("text", line))
    return blocks


def period_range(period: Period) -> str:
    """"từ ngày 15/01/2026 đến hết ngày 14/02/2026"."""
    return from_to(period.start, period.end, until="đến hết ngày")


def _with_days(period: Period) -> str:
    """The period's name, followed by its days unless the name already says them."""
    return period.name if period.states_days else f"{period.name} (số liệu {period_range(period)})"


def data_period_note(period: Period) -> str:
    """The footnote on "I. KẾT QUẢ THỰC HIỆN"."""
    return f"Thời điểm lấy số liệu báo cáo {from_to(period.start, period.end, until='đến')}."


def subject(period: Period) -> str:
    """The subject line under "BÁO CÁO"."""
    return f"Kết quả thực hiện công tác cải cách thủ tục hành chính {period.name}"


def opening(commune: Commune, period: Period) -> str:
    directive = commune.profile.directive(period).rstrip(" ;.")
    return (
        f"Thực hiện {directive}; Ủy ban nhân dân {commune.full_name} báo cáo kết quả thực hiện công tác "
        f"cải cách thủ tục hành chính {_with_days(period)} như sau:"
    )


def closing(commune: Commune, period: Period) -> str:
    return (
        f"Trên đây là báo cáo tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính {period.name} "
        f"trên địa bàn {commune.kind}, Ủy ban nhân dân {commune.full_name} trân trọng báo cáo./."
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- Section I
#
# A figure that was not published and cannot be derived exactly is None. Every clause
# below is written only when its figures are known; a sentence with no known figure is
# left out, and so is a sub-section with no sentence (the others are numbered in order).


def section_publicity(commune: Commune) -> list[Block]:
    """I.1 Công khai, minh bạch: the commune's own text."""
    return [Block("subheading", "Kết quả công khai, minh bạch trong thực hiện thủ tục hành chính"),
            *profile_blocks(commune.profile.narrative["publicity"])]


def _received_clause(ind: Indicators, commune: Commune) -> str | None:
    new = ind.counts.new
    systems = ind.new_by_system or {}
    city, ministries = systems.get("TP"), systems.get("BO")
    system = f"Hệ thống thông tin giải quyết TTHC của {commune.city_kind}"
    if new is None:
        return None
    if new == 0:
        return "không có hồ sơ tiếp nhận mới"
    if city is not None and ministries:
        return (f"tiếp nhận mới {_count(new)} hồ sơ, trong đó có {_count(city)} hồ sơ được tiếp nhận trên {system} "
                f"và {_count(ministries)} hồ sơ được tiếp nhận qua hệ thống của các bộ")
    if city is not None and ministries == 0:
        return f"tiếp nhận mới {_count(new)} hồ sơ, đều được tiếp nhận trên {system}"
    return f"tiếp nhận mới {_count(new)} hồ sơ"


def _total_sentence(ind: Indicators, commune: Commune) -> str | None:
    c = ind.counts
    clauses = []
    if c.carried_over is not None:
        clauses.append(f"kỳ trước chuyển sang {_count(c.carried_over)} hồ sơ" if c.carried_over
                       else "không có hồ sơ kỳ trước chuyển sang")
    received = _received_clause(ind, commune)
    if received:
        clauses.append(received)
    if c.total is not None:
        return f"Tổng số {_count(c.total)} hồ sơ ({'; '.join(clauses)})." if clauses else f"Tổng số {_count(c.total)} hồ sơ."
    return f"{_capital('; '.join(clauses))}." if clauses else None


def _online_clause(ind: Indicators) -> str | None:
    c = ind.counts
    rate = ind.rates.get("online", NOT_AVAILABLE)
    count, of = ind.stated_online if ind.stated_online is not None else (c.online, None if c.online is None else c.new)
    if count is not None and of:
        shown = rate if rate.stated_percent is not None else Rate(count, of)
        return f"Tổng số hồ sơ tiếp nhận trực tuyến {_count(count)}/{_count(of)} hồ sơ, đạt tỷ lệ {fmt.rate(shown)}"
    if c.new == 0:
        return "Không có hồ sơ tiếp nhận mới, tỷ lệ tiếp nhận trực tuyến không phát sinh"
    if count is not None:
        return f"Tiếp nhận trực tuyến {_count(count)} hồ sơ"
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
    alone = [] if in_time is not None else [
        f"{words} {_count(n)} hồ sơ" for words, n in (("trước hạn", early), ("đúng hạn (không tính trước hạn)", on_time))
        if n is not None]
    if resolved is not None and resolved != in_time:
        items = list(alone)
        if in_time is not None:
            items.append(f"đúng hạn {_count(in_time)} hồ sơ"
                         + (f", gồm trước hạn {_count(early)} hồ sơ và đúng hạn {_count(on_time)} hồ sơ" if split else ""))
        if late is not None:
            items.append(f"quá hạn {_count(late)} hồ sơ")
        return [f"đã giải quyết {_count(resolved)} hồ sơ" + (f" ({'; '.join(items)})" if items else "")]
    parts = [f"giải quyết {item}" for item in alone]
    if in_time is not None:
        detail = f" (trước hạn {_count(early)} hồ sơ, đúng hạn {_count(on_time)} hồ sơ)" if split else ""
        parts.append(f"giải quyết đúng hạn {_count(in_time)} hồ sơ{detail}")
    if late:
        parts.append(f"giải quyết quá hạn {_count(late)} hồ sơ")
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
        items = [f"{name} {_count(n)} hồ sơ" for name, n in (("trong hạn", on_time), ("quá hạn", overdue)) if n is not None]
        head = f"đang giải quyết {_count(total)} hồ sơ"
        if share is not None:
            head += f", chiếm {fmt.percent(share)} tổng số hồ sơ"
        return [head + (f" ({'; '.join(items)})" if items else "")]
    parts = []
    if on_time:
        parts.append(f"đang giải quyết trong hạn {_count(on_time)} hồ sơ")
    if overdue:
        parts.append(f"đang giải quyết quá hạn {_count(overdue)} hồ sơ")
    elif overdue == 0 and c.overdue is None:
        parts.append("không có hồ sơ đang giải quyết quá hạn")
    if total is None and share is not None:
        parts.append(f"hồ sơ đang giải quyết chiếm {fmt.percent(share)} tổng số hồ sơ")
    return parts


def _overdue_places(ind: Indicators) -> str:
    """Where the overdue dossiers are: by field (lĩnh vực) when the data says."""
    places = [
        f"lĩnh vực {row.field_name}: {_count(row.counts.overdue)} hồ sơ"
        for row in sorted(ind.bieu06a.rows, key=lambda r: -(r.counts.overdue or 0))
        if row.counts.overdue
    ]
    return f" ({'; '.join(places)})" if places else ""


def _results_sentence(ind: Indicators) -> str | None:
    overdue = ind.counts.overdue
    parts = _resolved_clauses(ind) + _in_progress_clauses(ind)
    if overdue:
        parts.append(f"tổng số hồ sơ quá hạn là {_count(overdue)} hồ sơ{_overdue_places(ind)}")
    elif overdue == 0:
        parts.append("không có hồ sơ quá hạn")
    online = _online_clause(ind)
    if online and parts:
        return f"{online}; {', '.join(parts)}."
    if online or parts:
        return f"{online or _capital(', '.join(parts))}."
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
        return [Block("text", "Trong kỳ không có hồ sơ thủ tục hành chính của các cơ quan ngành dọc.")]
    blocks = [Block("text", "Kết quả giải quyết thủ tục hành chính của ngành dọc:")]
    for number, unit in enumerate(agencies, start=1):
        end = "." if number == len(agencies) else ";"
        overdue = f", trong đó quá hạn {_count(unit.overdue)} hồ sơ" if unit.overdue else ""
        blocks.append(Block("bullet", f"{unit.unit} tiếp nhận và xử lý: {_count(unit.total)} hồ sơ{overdue}{end}"))
    return blocks


def section_resolution(ind: Indicators, commune: Commune) -> list[Block]:
    """I.2 Kết quả giải quyết TTHC."""
    figures = [Block("bullet", text) for text in (_total_sentence(ind, commune), _results_sentence(ind)) if text]
    rate = _on_time_rate_line(ind)
    figures += [rate] if rate else []
    figures += _vertical_blocks(ind)
    if not figures:
        return []
    blocks = [Block("subheading", "Kết quả giải quyết TTHC")]
    if ind.new_by_system is not None:
        blocks.append(Block("bullet", f"100% hồ sơ giải quyết TTHC {commune.full_name} được tiếp nhận và giải quyết "
                                      f"trên Hệ thống thông tin giải quyết TTHC {commune.city_kind} theo quy định."))
    blocks.append(Block("bullet", f"Kết quả giải quyết TTHC {_with_days(ind.period)}:"))
    return blocks + figures


def _rate_line(label: str, rate: Rate, *, verb: str = "đạt ", end: str = ".") -> list[Block]:
    """A rate as a bullet; nothing when its figures are not known."""
    if rate.status == "ok":
        return [Block("bullet", f"{label} {verb}{fmt.rate(rate)}{end}")]
    if rate.status == "not_applicable":
        return [Block("bullet", f"{label}: {fmt.rate(rate)}{end}")]
    return []


def _catalogue_line(ind: Indicators) -> list[Block]:
    catalogue = ind.catalogue
    if catalogue is None:
        return []
    levels = [f"{_count(n)} TTHC mức độ {name}" for n, name in
              ((catalogue.full_online, "toàn trình"), (catalogue.partial_online, "một phần")) if n is not None]
    if not levels:
        return []
    return [Block("bullet", f"Đã triển khai cung cấp được {' và '.join(levels)} theo quy định lên Cổng dịch vụ công quốc gia.")]


def section_online_services(ind: Indicators, commune: Commune) -> list[Block]:
    """I.3 Dịch vụ công trực tuyến."""
    lines = (_catalogue_line(ind)
             + _rate_line(f"Tỷ lệ hồ sơ trực tuyến {commune.kind}", ind.rates.get("online", NOT_AVAILABLE))
             + _rate_line("Tỷ lệ hồ sơ thanh toán trực tuyến", ind.rates.get("online_payment", NOT_AVAILABLE), verb=""))
    return [Block("subheading", "Kết quả thực hiện dịch vụ công trực tuyến (DVCTT)"), *lines] if lines else []


def section_digitisation(ind: Indicators) -> list[Block]:
    """I.4 Số hóa hồ sơ, kết quả giải quyết TTHC."""
    rates = [("Tỷ lệ hồ sơ TTHC số hoá hồ sơ, kết quả TTHC", "digitisation"),
             ("Tỷ lệ hồ sơ cấp kết quả điện tử", "e_result"), ("Tỷ lệ tái sử dụng dữ liệu số hóa", "reuse")]
    known = [(label, ind.rates[name]) for label, name in rates if ind.rates.get(name, NOT_AVAILABLE).status != "not_available"]
    lines = [line for number, (label, rate) in enumerate(known, start=1)
             for line in _rate_line(label, rate, end="." if number == len(known) else ";")]
    return [Block("subheading", "Kết quả số hóa hồ sơ, kết quả giải quyết TTHC"), *lines] if lines else []


def _feedback_parts(f: FeedbackCounts) -> list[str]:
    parts = []
    if f.received is not None:
        parts.append(f"tiếp nhận {_count(f.received)} phản ánh, kiến nghị trên Cổng Dịch vụ công Quốc gia" if f.received
                     else "không tiếp nhận phản ánh, kiến nghị mới trên Cổng Dịch vụ công Quốc gia")
    if f.resolved:
        detail = ""
        if f.resolved_on_time is not None:
            late = f", quá hạn {_count(f.resolved_late)}" if f.resolved_late else ""
            detail = f" (đúng hạn {_count(f.resolved_on_time)}{late})"
        parts.append(f"đã xử lý {_count(f.resolved)} phản ánh, kiến nghị{detail}")
    if f.pending is not None:
        parts.append(f"đang xử lý {_count(f.pending)} phản ánh, kiến nghị" if f.pending
                     else "không còn phản ánh, kiến nghị đang xử lý")
    return parts


def section_feedback(ind: Indicators, commune: Commune) -> list[Block]:
    """I.5 Phản ánh, kiến nghị (PAKN); left out when nothing about it is known."""
    heading = Block("subheading", (
        "Kết quả tiếp nhận và xử lý phản ánh, kiến nghị về quy định và hành vi hành chính; tình hình tiếp nhận "
        "và xử lý PAKN về quy định kinh doanh theo mục IX Nghị quyết số 97/NQ-CP ngày 08/7/2023 của Chính phủ:"
    ))
    when = f"Trong {ind.period.short_name}, {commune.full_name}"
    f = ind.feedback
    if f is None:
        return []
    if (f.received, f.resolved, f.pending) == (0, 0, 0):
        return [heading, Block("text", f"{when} không có phản ánh kiến nghị trên Cổng Dịch vụ công Quốc gia.")]
    parts = _feedback_parts(f)
    return [heading, Block("text", f"{when} {'; '.join(parts)}.")] if parts else []


# ---------------------------------------------------------------- Sections II–IV and the whole


def section_profile(heading: str, text: str) -> list[Block]:
    return [Block("heading", heading), *profile_blocks(text)]


def tasks_heading(period: Period) -> str:
    """"III. NHIỆM VỤ TRỌNG TÂM CỦA THÁNG TIẾP THEO" (of the next quarter, year …)."""
    if period.unit_name is None:
        return "III. NHIỆM VỤ TRỌNG TÂM TRONG THỜI GIAN TỚI"
    return f"III. NHIỆM VỤ TRỌNG TÂM CỦA {period.unit_name.upper()} TIẾP THEO"


def _numbered(sections: list[list[Block]]) -> list[Block]:
    """Sub-sections of Section I that have content, numbered 1., 2., … in order."""
    out: list[Block] = []
    for number, blocks in enumerate((s for s in sections if s), start=1):
        head, *rest = blocks
        out += [Block(head.kind, f"{number}. {head.text}", head.footnote), *rest]
    return out


def report_blocks(ind: Indicators, commune: Commune) -> list[Block]:
    """The body of the report, from the opening paragraph to the closing sentence."""
    narrative = commune.profile.narrative
    return [
        Block("text", opening(commune, ind.period)),
        Block("heading", "I. KẾT QUẢ THỰC HIỆN", footnote=data_period_note(ind.period)),
        *_numbered([
            section_publicity(commune),
            section_resolution(ind, commune),
            section_online_services(ind, commune),
            section_digitisation(ind),
            section_feedback(ind, commune),
        ]),
        *section_profile("II. ĐÁNH GIÁ CHUNG", narrative["assessment"]),
        *section_profile(tasks_heading(ind.period), narrative["tasks"]),
        *section_profile("IV. KIẾN NGHỊ VÀ ĐỀ XUẤT", narrative["recommendations"]),
        Block("text", closing(commune, ind.period)),
    ]
