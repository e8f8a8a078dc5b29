"""Reporting periods (kỳ báo cáo) and their cut-off dates (chốt số liệu), docs/periods.md.

State reporting cuts data from the 15th of the previous month to the 14th of the
reporting month, both days included. A quarter, half year, nine months or year runs
from the 15th of the month before its first month to the 14th of its last month.

Identifiers: ``2026-02`` (month), ``2026-Q1`` (quarter), ``2026-H1`` / ``2026-H2``
(six months), ``2026-9M`` (nine months), ``2026`` (year), and a date range
``2025-07-01..2025-10-31`` (any from ≤ to) for units created on 01/07/2025 that report
"từ ngày 01/7/2025 đến ngày 31/10/2025".

A commune established inside a period counts it from its establishment date
(:meth:`Period.starting_from`): the period keeps its id, and its name states the days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .errors import InputError
from .labels import from_to, padded_day, text_day

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERNS = [
    ("month", re.compile(r"^(\d{4})-(\d{1,2})$")),
    ("quarter", re.compile(r"^(\d{4})-Q(\d)$", re.IGNORECASE)),
    ("half", re.compile(r"^(\d{4})-H(\d)$", re.IGNORECASE)),
    ("nine_months", re.compile(r"^(\d{4})-9M$", re.IGNORECASE)),
    ("year", re.compile(r"^(\d{4})$")),
]
_RANGE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4})-(\d{2})-(\d{2})$")
# For each kind: how many months it spans and how many of its index there are a year.
_SPAN = {"month": (1, 12), "quarter": (3, 4), "half": (6, 2), "nine_months": (9, 1), "year": (12, 1)}
# How often a report of each kind is made, as a directive says it ("báo cáo … hàng tháng").
_CADENCE = {
    "month": "hàng tháng",
    "quarter": "hàng quý",
    "half": "6 tháng",
    "nine_months": "9 tháng",
    "year": "hàng năm",
    "range": "định kỳ",
}

PERIOD_ID_HELP = (
    "2026-02 (tháng), 2026-Q1 (quý), 2026-H1 (6 tháng), 2026-9M (9 tháng), 2026 (năm), "
    "2025-07-01..2025-10-31 (từ ngày đến ngày)"
)


def _cut_off_start(year: int, month: int) -> date:
    """15th of the month before ``month`` (first day of a period ending in ``month``...)."""
    if month == 1:
        return date(year - 1, 12, 15)
    return date(year, month - 1, 15)


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """A reporting period: ``start`` and ``end`` are both included (day precision).

    ``kind`` is month, quarter, half, nine_months, year or range. ``range_start`` and
    ``range_end`` hold the days of a range as asked. A period clipped at a commune's
    establishment day (``counted_from``) keeps its kind and id: only its start moves.
    """

    kind: str
    year: int
    index: int  # month 1-12, quarter 1-4, half 1-2; 1 for nine months and year; 0 for a range
    range_start: date | None = None
    range_end: date | None = None
    counted_from: date | None = None  # the unit's establishment day, inside the period

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        """The date range from ``start`` to ``end``, both included."""
        if start > end:
            raise InputError(f"kỳ báo cáo không hợp lệ: ngày đầu {start:%d/%m/%Y} sau ngày cuối {end:%d/%m/%Y}")
        return cls("range", end.year, 0, start, end)

    @property
    def is_range(self) -> bool:
        return self.kind == "range"

    @property
    def clipped(self) -> bool:
        """A standard period counted from a later day (a commune established inside it)."""
        return self.counted_from is not None

    @property
    def states_days(self) -> bool:
        """The name already says its days ("từ ngày … đến ngày …")."""
        return self.is_range or self.clipped

    @property
    def first_month(self) -> int:
        months, _ = _SPAN[self.kind]
        return (self.index - 1) * months + 1

    @property
    def last_month(self) -> int:
        months, _ = _SPAN[self.kind]
        return self.first_month + months - 1

    @property
    def standard_start(self) -> date:
        return self.range_start if self.is_range else _cut_off_start(self.year, self.first_month)

    @property
    def start(self) -> date:
        """First day counted, "từ ngày"."""
        return self.counted_from or self.standard_start

    @property
    def end(self) -> date:
        """Last day counted, "đến hết ngày"."""
        if self.is_range:
            return self.range_end  # type: ignore[return-value]
        return date(self.year, self.last_month, 14)

    @property
    def id(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        if self.kind == "nine_months":
            return f"{self.year}-9M"
        if self.is_range:
            return f"{self.standard_start.isoformat()}..{self.end.isoformat()}"
        return f"{self.year}"

    @property
    def days_text(self) -> str:
        """ "từ ngày 01/7/2025 đến ngày 31/10/2025"."""
        return from_to(self.start, self.end, day=text_day)

    @property
    def standard_name(self) -> str:
        """The name of the period as a kind of period, without clipping: "tháng 02 năm 2026"."""
        if self.kind == "month":
            return f"tháng {self.index:02d} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.index]} năm {self.year}"
        if self.kind == "half":
            half = "đầu" if self.index == 1 else "cuối"
            return f"6 tháng {half} năm {self.year}"
        if self.kind == "nine_months":
            return f"9 tháng năm {self.year}"
        if self.is_range:
            return from_to(self.standard_start, self.end, day=text_day)
        return f"năm {self.year}"

    @property
    def name(self) -> str:
        """The period as written in a report: "tháng 02 năm 2026", "quý I năm 2026",
        "từ ngày 01/7/2025 đến ngày 31/10/2025", "năm 2025 (từ ngày 01/7/2025 đến ngày 14/12/2025)"."""
        if self.is_range:
            return self.days_text  # the days counted
        if self.clipped:
            return f"{self.standard_name} ({self.days_text})"
        return self.standard_name

    @property
    def short_name(self) -> str:
        """The period within its year, as in "Trong tháng 02, …": "tháng 02", "quý I", "6 tháng đầu năm"."""
        if self.clipped or self.is_range:
            return f"thời gian {self.days_text}"
        if self.kind == "month":
            return f"tháng {self.index:02d}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.index]}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm"
        if self.kind == "nine_months":
            return "9 tháng"
        return f"năm {self.year}"

    @property
    def unit_name(self) -> str | None:
        """What comes next in "nhiệm vụ trọng tâm của … tiếp theo": tháng, quý, năm (None for a range)."""
        return {"month": "tháng", "quarter": "quý", "half": "6 tháng", "nine_months": "quý", "year": "năm"}.get(
            self.kind
        )

    @property
    def cadence(self) -> str:
        """How often such a report is made: "hàng tháng", "hàng quý", "6 tháng", "9 tháng", "hàng năm", "định kỳ"."""
        return _CADENCE[self.kind]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def starting_from(self, established: date | None) -> Period:
        """This period as counted by a unit established on ``established``.

        A period that starts before the unit existed is counted from its establishment
        day; a period that ends before it is refused with a clear message.
        """
        if established is None or established <= self.start:
            return self
        if established > self.end:
            raise InputError(
                f"{self.name} kết thúc ngày {self.end:%d/%m/%Y}, trước ngày thành lập {established:%d/%m/%Y}"
            )
        return replace(self, counted_from=established)

    def previous(self) -> Period:
        """The period of the same kind just before this one (kỳ trước); a range: as long, just before."""
        if self.is_range:
            length = self.end - self.standard_start  # the range as asked, not as clipped
            end = self.standard_start - timedelta(days=1)
            return Period.between(end - length, end)
        _, per_year = _SPAN[self.kind]
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, per_year)

    def same_period_last_year(self) -> Period:
        """The same period one year earlier (cùng kỳ năm trước)."""
        if self.is_range:
            return Period.between(_shift_year(self.standard_start, -1), _shift_year(self.end, -1))
        return Period(self.kind, self.year - 1, self.index)

    def months(self) -> list[Period]:
        """The monthly periods this period is made of (for a range: those it overlaps)."""
        if self.is_range:
            return month_range(month_containing(self.start), month_containing(self.end))
        return [Period("month", self.year, m) for m in range(self.first_month, self.last_month + 1)]

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "from": self.start.isoformat(), "to": self.end.isoformat(), "name": self.name}

    def __str__(self) -> str:
        return self.id


def month_containing(day: date) -> Period:
    """The monthly period whose days include ``day`` (15 January belongs to February)."""
    if day.day >= 15:
        year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    else:
        year, month = day.year, day.month
    return Period("month", year, month)


def _parse_range(text: str) -> Period | None:
    match = _RANGE.match(text)
    if not match:
        return None
    numbers = [int(g) for g in match.groups()]
    try:
        start, end = date(*numbers[:3]), date(*numbers[3:])
    except ValueError:
        return None
    if start > end:
        raise InputError(f"kỳ báo cáo không hợp lệ '{text}': ngày đầu {start:%d/%m/%Y} sau ngày cuối {end:%d/%m/%Y}")
    return Period.between(start, end)


def parse_period(period_id: str) -> Period:
    """Parse a period id; raise :class:`InputError` with a clear message otherwise.

    >>> parse_period("2026-02").start
    datetime.date(2026, 1, 15)
    >>> parse_period("2025-07-01..2025-10-31").name
    'từ ngày 01/7/2025 đến ngày 31/10/2025'
    """
    text = str(period_id).strip()
    found = _parse_range(text)
    if found is not None:
        return found
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match.group(1))
        index = int(match.group(2)) if kind in ("month", "quarter", "half") else 1
        _, per_year = _SPAN[kind]
        if not 1 <= index <= per_year:
            break
        if not 1900 <= year <= 2999:
            break
        return Period(kind, year, index)
    raise InputError(f"kỳ báo cáo không hợp lệ '{period_id}'; dùng dạng {PERIOD_ID_HELP}")


def require_started(period: Period, today: date | None = None) -> None:
    """Refuse a period that has not begun: no export can hold a dossier of it yet.

    Decided from the calendar alone, so a batch refuses it before loading anything.
    """
    today = today or date.today()
    if period.start > today:
        raise InputError(
            f"kỳ báo cáo {period.name} bắt đầu từ ngày {padded_day(period.start)}, sau hôm nay ({padded_day(today)}): "
            "chưa có dữ liệu nào của kỳ này; chọn một kỳ đã bắt đầu"
        )


def month_range(first: Period | str, last: Period | str) -> list[Period]:
    """Monthly periods from ``first`` to ``last`` inclusive (both months)."""
    a, b = parse_period(str(first)), parse_period(str(last))  # a Period reads back from its id
    if a.kind != "month" or b.kind != "month":
        raise InputError("month_range nhận hai kỳ tháng, ví dụ 2025-03 và 2026-02")
    first_month, last_month = a.year * 12 + a.index - 1, b.year * 12 + b.index - 1  # months since year 0
    return [Period("month", m // 12, m % 12 + 1) for m in range(first_month, last_month + 1)]


STEPS: dict[str, str] = {"month": "tháng", "quarter": "quý", "year": "năm"}  # a trend's step (--step)


def step_periods(first: Period, last: Period, step: str = "month") -> list[Period]:
    """The whole months, quarters or years (``step``) from the month ``first`` to the month ``last``.

    A quarter or year only partly inside the months is left out: its figures would be those of
    fewer months than its name says.
    """
    months = month_range(first, last)
    if step not in STEPS:
        raise InputError(f"bước '{step}' không hợp lệ; dùng {', '.join(STEPS)}")
    if step == "month":
        return months
    ids = dict.fromkeys(f"{m.year}-Q{(m.index - 1) // 3 + 1}" if step == "quarter" else str(m.year) for m in months)
    periods = [parse_period(i) for i in ids]
    return [p for p in periods if p.start >= months[0].start and p.end <= months[-1].end]
