"""Vietnamese number, rate and date formatting, in one place (Nghị định 30/2020 style).

- counts: "." for thousands, a leading zero under 10 as in the reports ("02 hồ sơ",
  "1.234 hồ sơ");
- rates: "," for decimals, at most one decimal ("95,7%", "100%"); a rate with no
  denominator is "không phát sinh";
- dates: "dd/mm/yyyy" and "ngày 05 tháng 02 năm 2026" (in a date line, days under 10 and
  months 1–2 take a leading 0, Nghị định 30/2020).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from babel.numbers import format_decimal

from .labels import NOT_APPLICABLE, NOT_AVAILABLE, POINTS, UNCHANGED, month_of_date, padded_day

LOCALE = "vi_VN"


class RateLike(Protocol):
    """A rate as :class:`tthc_analysis.indicators.results.Rate` gives it."""

    status: str
    percent: float | None


def count(value: int | None, *, pad: bool = True) -> str:
    """A count of dossiers: ``2`` -> "02", ``1234`` -> "1.234"."""
    if value is None:
        return NOT_AVAILABLE
    if pad and 0 <= value < 10:
        return f"{value:02d}"
    return format_decimal(value, locale=LOCALE, group_separator=True)


def number(value: int | float, decimals: int = 1) -> str:
    """A plain number in Vietnamese style, no padding: 219 -> "219", 1234 -> "1.234", 60.65 -> "60,7"."""
    return format_decimal(value, format="#,##0." + "#" * decimals, locale=LOCALE)


def percent(value: float | None) -> str:
    """A percentage with at most one decimal: 95.67 -> "95,7%", 100.0 -> "100%"."""
    if value is None:
        return NOT_APPLICABLE
    shown = round(value, 1)
    # Never round a shortfall up to 100% or a few dossiers down to 0%.
    if shown >= 100 and value < 100:
        shown = 99.9
    elif shown <= 0 < value:
        shown = 0.1
    return f"{format_decimal(shown, format='#,##0.#', locale=LOCALE)}%"


def change(delta: float | None, *, points: bool = False, missing: str = NOT_AVAILABLE) -> str:
    """A signed change: 12 -> "+12", -3.45 -> "-3,5 điểm %" (``points``: of a rate), 0 -> "không đổi".

    A change that rounds to 0 at one decimal is "không đổi"; ``None`` or NaN (a side
    without a figure) is ``missing``, never 0.
    """
    if delta is None or delta != delta:  # NaN
        return missing
    shown = round(float(delta), 1)
    if shown == 0:
        return UNCHANGED
    text = f"{'+' if shown > 0 else '-'}{number(abs(shown))}"
    return f"{text} {POINTS}" if points else text


def rate(value: RateLike) -> str:
    """A rate as written in a report, or why it has no value."""
    if value.status == "not_available":
        return NOT_AVAILABLE
    if value.status == "not_applicable":
        return NOT_APPLICABLE
    return percent(value.percent)


day = padded_day  # dd/mm/yyyy


def long_date(value: date) -> str:
    """ "ngày 05 tháng 02 năm 2026", "ngày 15 tháng 3 năm 2026" (days under 10 and months 1–2 padded)."""
    return f"ngày {value.day:02d} tháng {month_of_date(value.month)} năm {value.year}"
