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

from . import vnformat as fmt
from .dataset import Commune
from .indicators import Indicators, Rate
from .periods import Period

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
    return f"từ ngày {fmt.day(period.start)} đến hết ngày {fmt.day(period.end)}"


def data_period_note(period: Period) -> str:
    """The footnote on "I. KẾT QUẢ THỰC HIỆN"."""
    return f"Thời điểm lấy số liệu báo cáo từ ngày {fmt.day(period.start)} đến {fmt.day(period.end)}."


def subject(period: Period) -> str:
    """The subject line under "BÁO CÁO"."""
    return f"Kết quả thực hiện công tác cải cách thủ tục hành chính {period.name}"


def opening(commune: Commune, period: Period) -> str:
    directive = commune.profile.directive.rstrip(" ;.")
    return (
        f"Thực hiện {directive}; Ủy ban nhân dân {commune.full_name} báo cáo kết quả thực hiện công tác "
        f"cải cách thủ tục hành chính {period.name} (số liệu {period_range(period)}) như sau:"
    )


def closing(commune: Commune, period: Period) -> str:
    return (
        f"Trên đây là báo cáo tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính {period.name} "
        f"trên địa bàn {commune.kind}, Ủy ban nhân dân {commune.full_name} trân trọng báo cáo./."
    )


# ---------------------------------------------------------------- Section I


def section_publicity(commune: Commune) -> list[Block]:
    """I.1 Công khai, minh bạch: the commune's own text."""
    return [Block("subheading", "1. Kết quả công khai, minh bạch trong thực hiện thủ tục hành chính"),
            *profile_blocks(commune.profile.narrative["publicity"])]


def _total_sentence(ind: Indicators) -> str:
    c = ind.counts
    carried = (f"kỳ trước chuyển sang {_count(c.carried_over)} hồ sơ" if c.carried_over
               else "không có hồ sơ kỳ trước chuyển sang")
    new = c.new
    systems = ind.new_by_system
    if not new:
        received = "không có hồ sơ tiếp nhận mới"
    elif systems and systems.get("BO"):
        received = (
            f"tiếp nhận mới {_count(new)} hồ sơ, trong đó có {_count(systems.get('TP', 0))} hồ sơ được tiếp nhận "
            f"trên Hệ thống thông tin giải quyết TTHC của thành phố và {_count(systems['BO'])} hồ sơ được tiếp "
            f"nhận qua hệ thống của các bộ"
        )
    elif systems is not None:
        received = (f"tiếp nhận mới {_count(new)} hồ sơ, đều được tiếp nhận trên Hệ thống thông tin giải quyết "
                    f"TTHC của thành phố")
    else:
        received = f"tiếp nhận mới {_count(new)} hồ sơ"
    return f"Tổng số {_count(c.total)} hồ sơ ({carried}; {received})."


def _online_fraction(ind: Indicators) -> tuple[int | None, int | None, Rate]:
    if ind.stated_online is not None:  # as published: "921/921"
        count, of = ind.stated_online
        return count, of, ind.rates.get("online", Rate(count, of))
    c = ind.counts
    return c.online, c.new, ind.rates.get("online", Rate(c.online, c.new))


def _overdue_places(ind: Indicators) -> str:
    """Where the overdue dossiers are: by field (lĩnh vực) when the data says."""
    places = [
        f"lĩnh vực {row.field_name}: {_count(row.counts.overdue)} hồ sơ"
        for row in sorted(ind.bieu06a.rows, key=lambda r: -(r.counts.overdue or 0))
        if row.counts.overdue
    ]
    return f" ({'; '.join(places)})" if places else ""


def _results_sentence(ind: Indicators) -> str:
    c = ind.counts
    count, of, rate = _online_fraction(ind)
    if of:
        online = f"Tổng số hồ sơ tiếp nhận trực tuyến {_count(count)}/{_count(of)} hồ sơ, đạt tỷ lệ {fmt.rate(rate)}"
    else:
        online = "Không có hồ sơ tiếp nhận mới, tỷ lệ tiếp nhận trực tuyến không phát sinh"
    parts = []
    in_time = ind.resolved_in_time
    if c.resolved:
        parts.append(f"giải quyết đúng hạn {_count(in_time)} hồ sơ")
        if c.resolved_late:
            parts.append(f"giải quyết quá hạn {_count(c.resolved_late)} hồ sơ")
    else:
        parts.append("chưa có hồ sơ được giải quyết")
    if c.in_progress_on_time:
        parts.append(f"đang giải quyết trong hạn {_count(c.in_progress_on_time)} hồ sơ")
    if c.in_progress_overdue:
        parts.append(f"đang giải quyết quá hạn {_count(c.in_progress_overdue)} hồ sơ")
    overdue = c.overdue
    if overdue:
        tail = f"tổng số hồ sơ quá hạn là {_count(overdue)} hồ sơ{_overdue_places(ind)}"
    elif overdue == 0:
        tail = "không có hồ sơ quá hạn"
    else:
        tail = ""
    sentence = f"{online}; {', '.join(parts)}"
    return f"{sentence}, {tail}." if tail else f"{sentence}."


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
    blocks = [Block("subheading", "2. Kết quả giải quyết TTHC")]
    if ind.new_by_system is not None:
        blocks.append(Block("bullet", f"100% hồ sơ giải quyết TTHC {commune.full_name} được tiếp nhận và giải quyết "
                                      "trên Hệ thống thông tin giải quyết TTHC thành phố theo quy định."))
    blocks.append(Block("bullet", f"Kết quả giải quyết TTHC {ind.period.name} (số liệu {period_range(ind.period)}):"))
    blocks.append(Block("bullet", _total_sentence(ind)))
    blocks.append(Block("bullet", _results_sentence(ind)))
    return blocks + _vertical_blocks(ind)


def _rate_line(label: str, rate: Rate, *, verb: str = "đạt ", end: str = ".") -> Block:
    if rate.status == "ok":
        return Block("bullet", f"{label} {verb}{fmt.rate(rate)}{end}")
    return Block("bullet", f"{label}: {fmt.rate(rate)}{end}")


def section_online_services(ind: Indicators, commune: Commune) -> list[Block]:
    """I.3 Dịch vụ công trực tuyến."""
    blocks = [Block("subheading", "3. Kết quả thực hiện dịch vụ công trực tuyến (DVCTT)")]
    if ind.catalogue is not None:
        blocks.append(Block("bullet", (
            f"Đã triển khai cung cấp được {_count(ind.catalogue.full_online)} TTHC mức độ toàn trình và "
            f"{_count(ind.catalogue.partial_online)} TTHC mức độ một phần theo quy định lên Cổng dịch vụ công quốc gia."
        )))
    blocks.append(_rate_line(f"Tỷ lệ hồ sơ trực tuyến {commune.kind}", ind.rates.get("online", Rate(None, None))))
    blocks.append(_rate_line("Tỷ lệ hồ sơ thanh toán trực tuyến", ind.rates.get("online_payment", Rate(None, None)), verb=""))
    return blocks


def section_digitisation(ind: Indicators) -> list[Block]:
    """I.4 Số hóa hồ sơ, kết quả giải quyết TTHC."""
    get = lambda name: ind.rates.get(name, Rate(None, None))  # noqa: E731
    return [
        Block("subheading", "4. Kết quả số hóa hồ sơ, kết quả giải quyết TTHC"),
        _rate_line("Tỷ lệ hồ sơ TTHC số hoá hồ sơ, kết quả TTHC", get("digitisation"), end=";"),
        _rate_line("Tỷ lệ hồ sơ cấp kết quả điện tử", get("e_result"), end=";"),
        _rate_line("Tỷ lệ tái sử dụng dữ liệu số hóa", get("reuse")),
    ]


def section_feedback(ind: Indicators, commune: Commune) -> list[Block]:
    """I.5 Phản ánh, kiến nghị (PAKN)."""
    heading = Block("subheading", (
        "5. Kết quả tiếp nhận và xử lý phản ánh, kiến nghị về quy định và hành vi hành chính; tình hình tiếp nhận "
        "và xử lý PAKN về quy định kinh doanh theo mục IX Nghị quyết số 97/NQ-CP ngày 08/7/2023 của Chính phủ:"
    ))
    when = f"Trong {ind.period.short_name}, {commune.full_name}"
    f = ind.feedback
    if f is None:
        return [heading, Block("text", f"{when} chưa có số liệu về phản ánh, kiến nghị.")]
    if not (f.received or f.resolved or f.pending):
        return [heading, Block("text", f"{when} không có phản ánh kiến nghị trên Cổng Dịch vụ công Quốc gia.")]
    parts = [f"tiếp nhận {_count(f.received)} phản ánh, kiến nghị trên Cổng Dịch vụ công Quốc gia"
             if f.received else "không tiếp nhận phản ánh, kiến nghị mới trên Cổng Dịch vụ công Quốc gia"]
    if f.resolved:
        late = f", quá hạn {_count(f.resolved_late)}" if f.resolved_late else ""
        parts.append(f"đã xử lý {_count(f.resolved)} phản ánh, kiến nghị (đúng hạn {_count(f.resolved_on_time)}{late})")
    parts.append(f"đang xử lý {_count(f.pending)} phản ánh, kiến nghị" if f.pending
                 else "không còn phản ánh, kiến nghị đang xử lý")
    return [heading, Block("text", f"{when} {'; '.join(parts)}.")]


# ---------------------------------------------------------------- Sections II–IV and the whole


def section_profile(heading: str, text: str) -> list[Block]:
    return [Block("heading", heading), *profile_blocks(text)]


def report_blocks(ind: Indicators, commune: Commune) -> list[Block]:
    """The body of the report, from the opening paragraph to the closing sentence."""
    narrative = commune.profile.narrative
    return [
        Block("text", opening(commune, ind.period)),
        Block("heading", "I. KẾT QUẢ THỰC HIỆN", footnote=data_period_note(ind.period)),
        *section_publicity(commune),
        *section_resolution(ind, commune),
        *section_online_services(ind, commune),
        *section_digitisation(ind),
        *section_feedback(ind, commune),
        *section_profile("II. ĐÁNH GIÁ CHUNG", narrative["assessment"]),
        *section_profile(f"III. NHIỆM VỤ TRỌNG TÂM CỦA {ind.period.unit_name.upper()} TIẾP THEO", narrative["tasks"]),
        *section_profile("IV. KIẾN NGHỊ VÀ ĐỀ XUẤT", narrative["recommendations"]),
        Block("text", closing(commune, ind.period)),
    ]
