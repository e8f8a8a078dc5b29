"""The report's Vietnamese text (Sections I.1–I.5 from the indicators, II–IV from the profile).

One function per section, each returning :class:`Block` s that the formal document
(:mod:`tthc_analysis.report.formal`) and the HTML report lay out. With figures like the real
report's, the wording is the real report's; otherwise it says what the figures say
(overdue dossiers and where, feedback received and resolved, rates with no
denominator as "không phát sinh", no vertical agency, zero cases).
"""

from __future__ import annotations

from ..core import vnformat as fmt
from ..core.labels import from_to
from ..core.periods import Period
from ..indicators.results import NOT_AVAILABLE, FeedbackCounts, Indicators, Rate
from ..inputs.dataroot import Commune
from .blocks import Block, count, profile_blocks, with_days
from .resolution import section_resolution


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
        f"cải cách thủ tục hành chính {with_days(period)} như sau:"
    )


def closing(commune: Commune, period: Period) -> str:
    return (
        f"Trên đây là báo cáo tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính {period.name} "
        f"trên địa bàn {commune.kind}, Ủy ban nhân dân {commune.full_name} trân trọng báo cáo./."
    )


# ---------------------------------------------------------------- Section I
#
# A figure that was not published and cannot be derived exactly is None. Every clause
# below is written only when its figures are known; a sentence with no known figure is
# left out, and so is a sub-section with no sentence (the others are numbered in order).


def _publicity_from_figures(ind: Indicators) -> list[Block]:
    """I.1 without the commune's own text: the catalogue's published share, when it is known."""
    catalogue = ind.catalogue
    rate = NOT_AVAILABLE if catalogue is None else catalogue.published
    if rate.status != "ok":
        return []
    of = f" ({count(rate.numerator)}/{count(rate.denominator)} TTHC)" if rate.denominator else ""
    return [Block("bullet", f"Tỷ lệ TTHC trong danh mục đã được công khai đạt {fmt.rate(rate)}{of}.")]


def section_publicity(ind: Indicators, commune: Commune) -> list[Block]:
    """I.1 Công khai, minh bạch: the commune's own text, else what the catalogue shows (or nothing)."""
    text = commune.profile.narrative["publicity"]
    lines = profile_blocks(text) if text else _publicity_from_figures(ind)
    return (
        [Block("subheading", "Kết quả công khai, minh bạch trong thực hiện thủ tục hành chính"), *lines]
        if lines
        else []
    )


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
    levels = [
        f"{count(n)} TTHC mức độ {name}"
        for n, name in ((catalogue.full_online, "toàn trình"), (catalogue.partial_online, "một phần"))
        if n is not None
    ]
    if not levels:
        return []
    return [
        Block(
            "bullet", f"Đã triển khai cung cấp được {' và '.join(levels)} theo quy định lên Cổng dịch vụ công quốc gia."
        )
    ]


def section_online_services(ind: Indicators, commune: Commune) -> list[Block]:
    """I.3 Dịch vụ công trực tuyến."""
    lines = (
        _catalogue_line(ind)
        + _rate_line(f"Tỷ lệ hồ sơ trực tuyến {commune.kind}", ind.rates.get("online", NOT_AVAILABLE))
        + _rate_line("Tỷ lệ hồ sơ thanh toán trực tuyến", ind.rates.get("online_payment", NOT_AVAILABLE), verb="")
    )
    return [Block("subheading", "Kết quả thực hiện dịch vụ công trực tuyến (DVCTT)"), *lines] if lines else []


def section_digitisation(ind: Indicators) -> list[Block]:
    """I.4 Số hóa hồ sơ, kết quả giải quyết TTHC."""
    rates = [  # "số hoá" as the real reports write this line (tests/reference), "số hóa" elsewhere
        ("Tỷ lệ hồ sơ TTHC số hoá hồ sơ, kết quả TTHC", "digitisation"),
        ("Tỷ lệ hồ sơ cấp kết quả điện tử", "e_result"),
        ("Tỷ lệ tái sử dụng dữ liệu số hóa", "reuse"),
    ]
    known = [
        (label, ind.rates[name])
        for label, name in rates
        if ind.rates.get(name, NOT_AVAILABLE).status != "not_available"
    ]
    lines = [
        line
        for number, (label, rate) in enumerate(known, start=1)
        for line in _rate_line(label, rate, end="." if number == len(known) else ";")
    ]
    return [Block("subheading", "Kết quả số hóa hồ sơ, kết quả giải quyết TTHC"), *lines] if lines else []


def _feedback_parts(f: FeedbackCounts) -> list[str]:
    parts = []
    if f.received is not None:
        parts.append(
            f"tiếp nhận {count(f.received)} phản ánh, kiến nghị trên Cổng Dịch vụ công Quốc gia"
            if f.received
            else "không tiếp nhận phản ánh, kiến nghị mới trên Cổng Dịch vụ công Quốc gia"
        )
    if f.resolved:
        detail = ""
        if f.resolved_on_time is not None:
            late = f", quá hạn {count(f.resolved_late)}" if f.resolved_late else ""
            detail = f" (đúng hạn {count(f.resolved_on_time)}{late})"
        parts.append(f"đã xử lý {count(f.resolved)} phản ánh, kiến nghị{detail}")
    if f.pending is not None:
        parts.append(
            f"đang xử lý {count(f.pending)} phản ánh, kiến nghị"
            if f.pending
            else "không còn phản ánh, kiến nghị đang xử lý"
        )
    return parts


def section_feedback(ind: Indicators, commune: Commune) -> list[Block]:
    """I.5 Phản ánh, kiến nghị (PAKN); left out when nothing about it is known."""
    heading = Block(
        "subheading",
        (
            "Kết quả tiếp nhận và xử lý phản ánh, kiến nghị về quy định và hành vi hành chính; tình hình tiếp nhận "
            "và xử lý PAKN về quy định kinh doanh theo mục IX Nghị quyết số 97/NQ-CP ngày 08/7/2023 của Chính phủ:"
        ),
    )
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


def assessment_from_figures(ind: Indicators) -> list[Block]:
    """II without the commune's own text: what the figures of the period show, and only that."""
    c, on_time = ind.counts, ind.rates.get("on_time", NOT_AVAILABLE)
    parts = [f"tỷ lệ giải quyết hồ sơ đúng hạn đạt {fmt.rate(on_time)}"] if on_time.status == "ok" else []
    # Resolved late (10) are done; only those in progress past their due day (13) are still "còn".
    late, pending = c.resolved_late, c.in_progress_overdue
    if late == 0 and pending == 0:
        parts.append("không có hồ sơ quá hạn")
    if late:
        parts.append(f"giải quyết quá hạn {count(late)} hồ sơ")
    if pending:
        parts.append(f"còn đang giải quyết quá hạn {count(pending)} hồ sơ, cần tập trung xử lý")
    online = ind.rates.get("online", NOT_AVAILABLE)
    if online.status == "ok":
        parts.append(f"tỷ lệ hồ sơ tiếp nhận trực tuyến đạt {fmt.rate(online)}")
    if not parts:
        return [Block("text", f"Chưa đủ số liệu để đánh giá kết quả giải quyết TTHC {ind.period.name}.")]
    return [Block("bullet", f"Kết quả giải quyết TTHC {ind.period.name}: {'; '.join(parts)}.")]


def tasks_heading(period: Period) -> str:
    """ "III. NHIỆM VỤ TRỌNG TÂM CỦA THÁNG TIẾP THEO" (of the next quarter, year …)."""
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
        *_numbered(
            [
                section_publicity(ind, commune),
                section_resolution(ind, commune),
                section_online_services(ind, commune),
                section_digitisation(ind),
                section_feedback(ind, commune),
            ]
        ),
        Block("heading", "II. ĐÁNH GIÁ CHUNG"),
        *(profile_blocks(narrative["assessment"]) if narrative["assessment"] else assessment_from_figures(ind)),
        *section_profile(tasks_heading(ind.period), narrative["tasks"]),
        *section_profile("IV. KIẾN NGHỊ VÀ ĐỀ XUẤT", narrative["recommendations"]),
        Block("text", closing(commune, ind.period)),
    ]
