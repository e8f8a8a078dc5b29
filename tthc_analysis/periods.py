"""Reporting periods (kỳ báo cáo) and their cut-off dates (chốt số liệu), DESIGN §3.

State reporting cuts data from the 15th of the previous month to the 14th of the
reporting month, both days included. A quarter, half year, nine months or year runs
from the 15th of the month before its first month to the 14th of its last month.

Identifiers: ``2026-02`` (month), ``2026-Q1`` (quarter), ``2026-H1`` / ``2026-H2``
(six months), ``2026-9M`` (nine months), ``2026`` (year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .errors import InputError

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERNS = [
    ("month", re.compile(r"^(\d{4})-(\d{1,2})$")),
    ("quarter", re.compile(r"^(\d{4})-Q(\d)$", re.IGNORECASE)),
    ("half", re.compile(r"^(\d{4})-H(\d)$", re.IGNORECASE)),
    ("nine_months", re.compile(r"^(\d{4})-9M$", re.IGNORECASE)),
    ("year", re.compile(r"^(\d{4})$")),
]
# For each kind: how many months it spans and how many of its index there are a year.
_SPAN = {"month": (1, 12), "quarter": (3, 4), "half": (6, 2), "nine_months": (9, 1), "year": (12, 1)}

PERIOD_ID_HELP = "2026-02 (tháng), 2026-Q1 (quý), 2026-H1 (6 tháng), 2026-9M (9 tháng), 2026 (năm)"


def _cut_off_start(year: int, month: int) -> date:
    """15th of the month before ``month`` (first day of a period ending in ``month``...)."""
    if month == 1:
        return date(year - 1, 12, 15)
    return date(year, month - 1, 15)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: ``start`` and ``end`` are both included (day precision)."""

    kind: str
    year: int
    index: int  # month 1-12, quarter 1-4, half 1-2; 1 for nine months and year

    @property
    def first_month(self) -> int:
        months, _ = _SPAN[self.kind]
        return (self.index - 1) * months + 1

    @property
    def last_month(self) -> int:
        months, _ = _SPAN[self.kind]
        return self.first_month + months - 1

    @property
    def start(self) -> date:
        """First day counted, "từ ngày"."""
        return _cut_off_start(self.year, self.first_month)

    @property
    def end(self) -> date:
        """Last day counted, "đến hết ngày"."""
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
        return f"{self.year}"

    @property
    def name(self) -> str:
        """The period as written in a report: "tháng 02 năm 2026", "quý I năm 2026" ..."""
        if self.kind == "month":
            return f"tháng {self.index:02d} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.index]} năm {self.year}"
        if self.kind == "half":
            half = "đầu" if self.index == 1 else "cuối"
            return f"6 tháng {half} năm {self.year}"
        if self.kind == "nine_months":
            return f"9 tháng năm {self.year}"
        return f"năm {self.year}"

    @property
    def short_name(self) -> str:
        """The period within its year, as in "Trong tháng 02, …": "tháng 02", "quý I", "6 tháng đầu năm"."""
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
    def unit_name(self) -> str:
        """What comes next in "nhiệm vụ trọng tâm của … tiếp theo": tháng, quý, năm."""
        return {"month": "tháng", "quarter": "quý", "half": "6 tháng", "nine_months": "quý", "year": "năm"}[self.kind]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> "Period":
        """The period of the same kind just before this one (kỳ trước)."""
        _, per_year = _SPAN[self.kind]
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, per_year)

    def same_period_last_year(self) -> "Period":
        """The same period one year earlier (cùng kỳ năm trước)."""
        return Period(self.kind, self.year - 1, self.index)

    def months(self) -> list["Period"]:
        """The monthly periods this period is made of."""
        return [Period("month", self.year, m) for m in range(self.first_month, self.last_month + 1)]

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "from": self.start.isoformat(), "to": self.end.isoformat(), "name": self.name}

    def __str__(self) -> str:
        return self.id


def parse_period(period_id: str) -> Period:
    """Parse a period id; raise :class:`InputError` with a clear message otherwise.

    >>> parse_period("2026-02").start
    datetime.date(2026, 1, 15)
    """
    text = str(period_id).strip()
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


def month_range(first: Period | str, last: Period | str) -> list[Period]:
    """Monthly periods from ``first`` to ``last`` inclusive (both months)."""
    a = parse_period(first) if isinstance(first, str) else first
    b = parse_period(last) if isinstance(last, str) else last
    if a.kind != "month" or b.kind != "month":
        raise InputError("month_range nhận hai kỳ tháng, ví dụ 2025-03 và 2026-02")
    out = []
    year, month = a.year, a.index
    while (year, month) <= (b.year, b.index):
        out.append(Period("month", year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
