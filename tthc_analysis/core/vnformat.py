"""Vietnamese number, rate and date formatting, in one place (Nghị định 30/2020 style).

- counts: "." for thousands, a leading zero under 10 as in the reports ("02 hồ sơ",
  "1.234 hồ sơ");
- rates: "," for decimals, at most one decimal ("95,7%", "100%"); a rate with no
  denominator is "không phát sinh". Every rate shown is rounded once, by
  :func:`rounded_percent`: half up from the exact ratio of its counts (1/16 -> "6,3%",
  1008/1088 -> "92,6%"), never a shortfall shown as 100% nor a nonzero share as 0%. A rate
  as published (:class:`StatedPercent`) keeps the decimals it was written with, up to two
  ("98,53%", "98,50%", "100%");
- dates: "dd/mm/yyyy" and "ngày 05 tháng 02 năm 2026" (in a date line, days under 10 and
  months 1–2 take a leading 0, Nghị định 30/2020).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Protocol

from babel.numbers import format_decimal

from .labels import NOT_APPLICABLE, NOT_AVAILABLE, POINTS, UNCHANGED, month_of_date, padded_day

LOCALE = "vi_VN"
RATE_DECIMALS = 1  # a rate computed from counts: "95,7%"
STATED_DECIMALS = 2  # a published rate keeps its decimals, up to this many: "98,53%"
# A float is a rate computed in floating point (100 * n / d): its last bits are noise, so it is
# snapped to this many decimals before rounding (99.99999999999999 is 100, 6.25 stays 6.25).
_FLOAT_DECIMALS = Decimal("1e-9")


class StatedPercent(float):
    """A percent as published, with the number of decimals it was written with.

    ``StatedPercent(98.5, 2)`` is "98,50%"; it is a float everywhere else. Without
    ``decimals``, they are those of the float's shortest form (98.53 -> 2, 61.0 -> 0).
    """

    decimals: int

    def __new__(cls, value: float, decimals: int | None = None) -> StatedPercent:
        self = super().__new__(cls, value)
        self.decimals = written_decimals(value) if decimals is None else int(decimals)
        return self

    def __reduce__(self) -> tuple:
        return (StatedPercent, (float(self), self.decimals))


class RateLike(Protocol):
    """A rate as :class:`tthc_analysis.indicators.results.Rate` gives it."""

    status: str
    numerator: int | None
    denominator: int | None
    stated_percent: float | None  # as published; shown with its own decimals
    stated_decimals: int | None


def written_decimals(value: float) -> int:
    """How many decimals a percent was written with: 61 -> 0, 60.0 -> 0, 96.2 -> 1, 95.75 -> 2,
    ``StatedPercent(98.5, 2)`` -> 2."""
    if isinstance(value, StatedPercent):
        return value.decimals
    if isinstance(value, int) or not math.isfinite(value):
        return 0
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def exact_percent(value: float | Fraction | Decimal) -> Fraction:
    """A percent as an exact fraction: a float as its shortest decimal form, snapped to 9
    decimals (floating-point noise); a published one exactly as written."""
    if isinstance(value, StatedPercent):
        return Fraction(Decimal(repr(float(value))))
    if isinstance(value, (int, Fraction, Decimal)):
        return Fraction(value)
    number = float(value)  # also numpy's floats, whose repr is not a number
    if abs(number) < 1e12:
        return Fraction(Decimal(repr(number)).quantize(_FLOAT_DECIMALS, rounding=ROUND_HALF_EVEN))
    return Fraction(number)


def rounded_percent(exact: Fraction | int, decimals: int = RATE_DECIMALS) -> Decimal:
    """The one rounding of a rate for display: the exact percent, half up, to ``decimals``.

    ``Fraction(100 * 1008, 1088)`` (92,647…%) -> 92.6, ``Fraction(100, 16)`` (6,25%) -> 6.3.
    A shortfall is never shown as 100 (1999/2000 -> 99.9) and a nonzero share never as 0
    (1/2001 -> 0.1): one step below or above instead.
    """
    exact = Fraction(exact)
    scaled = abs(exact) * 10**decimals
    units = math.floor(scaled + Fraction(1, 2))  # half up, away from zero
    shown = Decimal(-units if exact < 0 else units).scaleb(-decimals)
    step = Decimal(1).scaleb(-decimals)
    if shown >= 100 and exact < 100:
        shown = Decimal(100) - step
    elif shown <= 0 < exact:
        shown = step
    return shown


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


def _percent_text(exact: Fraction, decimals: int, *, stated: bool) -> str:
    shown = rounded_percent(exact, decimals)
    # Computed: "95,7%", "100%" (no ",0"); published: every decimal it was written with ("98,50%").
    decimal_part = ("0" if stated else "#") * decimals
    pattern = "#,##0" + (f".{decimal_part}" if decimals else "")
    return f"{format_decimal(shown, format=pattern, locale=LOCALE)}%"


def percent(value: float | None) -> str:
    """A percentage with at most one decimal: 95.67 -> "95,7%", 100.0 -> "100%"; a published one
    (:class:`StatedPercent`) with its own decimals, up to two: "98,53%", "98,50%".

    Rounded by :func:`rounded_percent` (half up, a shortfall never 100%, a few dossiers never
    0%). A rate with counts is better shown by :func:`ratio` or :func:`rate`: a float has lost
    the exact ratio. ``None`` (no denominator) is "không phát sinh", NaN "không có số liệu".
    """
    if value is None:
        return NOT_APPLICABLE
    if not math.isfinite(float(value)):
        return NOT_AVAILABLE
    if isinstance(value, StatedPercent):
        return _percent_text(exact_percent(value), min(value.decimals, STATED_DECIMALS), stated=True)
    return _percent_text(exact_percent(value), RATE_DECIMALS, stated=False)


def ratio(numerator: int | None, denominator: int | None) -> str:
    """A rate from its counts, rounded once from the exact ratio: 1008/1088 -> "92,6%",
    1/16 -> "6,3%"; no denominator -> "không phát sinh", a count missing -> "không có số liệu"."""
    if numerator is None or denominator is None:
        return NOT_AVAILABLE
    if not denominator:
        return NOT_APPLICABLE
    return _percent_text(Fraction(100 * numerator, denominator), RATE_DECIMALS, stated=False)


def signed(value: float, decimals: int = 2) -> str:
    """A difference with its sign, as :func:`number` writes it: 0.02 -> "+0,02", -1000 -> "-1.000"."""
    return f"{'+' if value > 0 else '-' if value < 0 else ''}{number(abs(value), decimals)}"


def change(delta: float | None, *, points: bool = False, missing: str = NOT_AVAILABLE) -> str:
    """A signed change: 12 -> "+12", -3.45 -> "-3,5 điểm %" (``points``: of a rate), 0 -> "không đổi".

    A change that rounds to 0 at one decimal is "không đổi"; ``None`` or NaN (a side
    without a figure) is ``missing``, never 0.
    """
    if delta is None or delta != delta:  # NaN
        return missing
    # Half up from the figure as written (repr), like every rate: 6,25 -> +6,3, not round()'s +6,2.
    shown = float(Decimal(repr(float(delta))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    if shown == 0:
        return UNCHANGED
    text = signed(shown, 1)
    return f"{text} {POINTS}" if points else text


def rate(value: RateLike) -> str:
    """A rate as written in a report, or why it has no value: as published when it was
    published (its own decimals), else from the exact ratio of its counts."""
    if value.status == "not_available":
        return NOT_AVAILABLE
    if value.status == "not_applicable":
        return NOT_APPLICABLE
    if value.stated_percent is not None:
        return percent(StatedPercent(value.stated_percent, value.stated_decimals))
    return ratio(value.numerator, value.denominator)


day = padded_day  # dd/mm/yyyy


def long_date(value: date) -> str:
    """ "ngày 05 tháng 02 năm 2026", "ngày 15 tháng 3 năm 2026" (days under 10 and months 1–2 padded)."""
    return f"ngày {value.day:02d} tháng {month_of_date(value.month)} năm {value.year}"
