"""Cells -> values: text, calendar days and codes, each with the issues a person should see.

Every parser takes a column of cells as a file gave them (text, numbers or native dates)
and returns the parsed values and a list of :class:`Issue` (which cells, what finding).
Values repeat a lot in an export, so each distinct text is parsed once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from ..core.errors import ERROR
from ..core.text import nfc
from .codes import Codes
from .schema import Column

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_LAST_SERIAL = 2958465  # 31/12/9999, Excel's own range of serial dates
VIETNAM_TZ = "Asia/Ho_Chi_Minh"

_TIME = r"(?:,?(?:\s+|T)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?:[AaPp][Mm]|SA|CH)?)?"
_ISO_DATE = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + r"(?:Z|[+-]\d{2}:?\d{2})?$"
# e-par writes a due date with the half-day window: "05-01-2026\nTừ 13:30 đến 16:00".
_WINDOW = r"(?:\s+[Tt]ừ\s+\d{1,2}[:h]\d{2}\s+đến\s+\d{1,2}[:h]\d{2})?"
_VN_DATE = r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})" + _TIME + _WINDOW + "$"
# The national portal's sync writes yyyyMMddHHmmss (20260105081000); some lists yyyyMMdd.
_COMPACT_DATE = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?$"


@dataclass(frozen=True)
class Issue:
    """Cells of a column worth a finding: ``mask`` marks them; ``message`` may say ``{value}``."""

    mask: pd.Series
    code: str
    message: str
    severity: str


def cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def blank(series: pd.Series) -> pd.Series:
    """True where a cell is empty (None, NaN, NaT or only spaces)."""
    missing = series.isna()
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        missing |= series.astype(str).str.strip().eq("")
    return missing


def one_text(value: object) -> str:
    """A cell as text; a whole number stored as a float is written as an integer (2.0 -> "2")."""
    if value is None:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()
    return str(value)


def as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped NFC text; numbers written as integers (2.0 -> "2")."""
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind in ("string", "empty", "integer"):
        text = series.astype(object).where(series.notna(), "").astype(str)
    else:  # floats, mixed cells of a workbook: one by one
        text = series.astype(object).map(one_text).astype(str)
    text = text.str.strip()
    if len(text) > 1000:  # names repeat: normalise each distinct text once
        uniques = pd.unique(text)
        if len(uniques) < len(text) // 4:
            return text.map(dict(zip(uniques, (nfc(u) for u in uniques))))
    return text.str.normalize("NFC")


def map_unique(text: pd.Series, function: Callable) -> pd.Series:
    """Apply ``function`` once per distinct value (codes repeat a lot)."""
    uniques = pd.unique(text)
    return text.map(dict(zip(uniques, (function(u) for u in uniques))))


# --------------------------------------------------------------------------- text


def parse_text(series: pd.Series, column: Column) -> tuple[pd.Series, list[Issue]]:
    """Stripped NFC text, None for an empty cell; a required text column (an id) needs a value."""
    text = as_text(series)
    issues = []
    if column.required:
        issues.append(Issue(text.eq(""), "EMPTY_REQUIRED", "ô trống, cột này bắt buộc có giá trị", ERROR))
    return text.where(text.ne(""), None), issues


# --------------------------------------------------------------------------- dates


def _days_of(values: pd.Series) -> pd.Series:
    """Calendar days of timestamps; zoned ones are read as Vietnam's wall-clock days."""
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert(VIETNAM_TZ).dt.tz_localize(None)
    return values.dt.normalize().astype("datetime64[ns]")


def _native_and_serial(series: pd.Series, result: pd.Series, todo: pd.Series) -> pd.Series:
    """Workbook cells: native dates and Excel serial numbers go to ``result``; return the cells left as text."""
    native = series.map(lambda v: isinstance(v, (datetime, date))) & todo
    if native.any():
        result[native] = pd.to_datetime(series[native].map(lambda v: pd.Timestamp(v).normalize()))
        todo &= ~native
    numeric = series.map(lambda v: isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool))
    numeric &= todo
    if not numeric.any():
        return series
    serial = pd.to_numeric(series[numeric], errors="coerce")
    ok = serial.between(1, EXCEL_LAST_SERIAL)
    result[serial[ok].index] = EXCEL_EPOCH + pd.to_timedelta(serial[ok].astype(float).floordiv(1), unit="D")
    todo[serial[ok].index] = False
    # Other numbers go on as text: a compact date stored as a number (20260105081000)
    # parses there, anything else is reported as not a date.
    others = serial[~ok].index
    series = series.copy()
    series[others] = series[others].map(one_text)
    return series


def parse_dates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates to calendar days; return (days, invalid mask).

    Accepts native datetimes, Excel serial numbers, ISO text, day-first Vietnamese text and
    the portal's compact yyyyMMdd[HHmm[ss]], each with or without a time of day (checked,
    then ignored).
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        return _days_of(series), pd.Series(False, index=series.index)
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    empty = blank(series)
    todo = ~empty
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind in ("datetime", "date", "datetime64"):
        try:
            values = _days_of(pd.to_datetime(series.where(todo), errors="coerce"))
        except (TypeError, ValueError):  # naive and zoned timestamps mixed: one by one
            values = _days_of(pd.to_datetime(series.where(todo), errors="coerce", utc=True))
        return values, todo & values.isna()
    if series.dtype == object and kind not in ("string", "empty"):
        series = _native_and_serial(series, result, todo)
    text = series[todo].astype(str).str.strip()
    if len(text):
        # Dates repeat a lot: parse each distinct text once, then spread the result.
        uniques = pd.Series(pd.unique(text))
        parsed = parse_date_texts(uniques.str.normalize("NFC"))
        result[text.index] = parsed.to_numpy()[pd.Index(uniques).get_indexer(text)]
    return result, ~empty & result.isna()


def parse_date_texts(text: pd.Series) -> pd.Series:
    """ISO, day-first or compact dates (an optional time of day is checked, then dropped) -> days, NaT if not a date."""
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for pattern in (_ISO_DATE, _VN_DATE, _COMPACT_DATE):
        parts = text.str.extract(pattern)
        matched = parts["y"].notna()
        if not matched.any():
            continue
        found = parts[matched]
        hours, minutes, seconds = (pd.to_numeric(found[k], errors="coerce").fillna(0) for k in ("H", "M", "S"))
        time_ok = (hours < 24) & (minutes < 60) & (seconds < 60)
        days = pd.to_datetime(
            pd.DataFrame(
                {"year": found["y"].astype(int), "month": found["m"].astype(int), "day": found["d"].astype(int)}
            ),
            errors="coerce",
        )
        days[~time_ok] = pd.NaT
        result[days.index] = days
        text = text[~matched]
    return result


def parse_date_column(series: pd.Series, column: Column) -> tuple[pd.Series, list[Issue]]:
    days, invalid = parse_dates(series)
    message = "ngày không hợp lệ '{value}' (dùng dd/mm/yyyy hoặc yyyy-mm-dd)"
    return days, [Issue(invalid, "BAD_DATE", message, ERROR)]


# --------------------------------------------------------------------------- codes


def parse_codes(series: pd.Series, column: Column) -> tuple[pd.Series, list[Issue]]:
    """Codes written as numbers ("2", "2.0") or words, read by the column's code table.

    An empty cell counts as the table's ``empty`` value, an unknown one as its ``unknown``
    value; each gives the table's finding where the table says one is worth it.
    """
    codes: Codes = column.codes  # type: ignore[assignment]
    text = as_text(series)
    empty = text.eq("")
    integer = all(isinstance(v, int) for v in codes.valid)
    values = pd.Series(pd.NA, index=series.index, dtype="Int64" if integer else object)
    if codes.numeric:
        numbers = pd.to_numeric(text.where(~empty), errors="coerce")
        finite = numbers.notna() & np.isfinite(numbers.fillna(0)) & (numbers.abs() < 1e9)
        integral = finite & (numbers == np.floor(numbers.where(finite, 0)))
        values[integral] = numbers[integral].astype("int64")
    rest = ~empty & values.isna()
    if rest.any() and codes.words is not None:
        mapped = map_unique(text[rest], codes.words).dropna()
        values[mapped.index] = mapped.astype("int64") if integer else mapped
    unknown = ~empty & ~values.isin(list(codes.valid)).fillna(False).astype(bool)
    issues = [Issue(unknown, codes.finding, codes.message, codes.severity)]
    if codes.empty_message:
        issues.append(Issue(empty, codes.finding, codes.empty_message, codes.severity))
    values[unknown] = pd.NA if codes.unknown is None else codes.unknown
    values[empty] = pd.NA if codes.empty is None else codes.empty
    return values, issues


PARSERS = {"text": parse_text, "date": parse_date_column, "code": parse_codes}
