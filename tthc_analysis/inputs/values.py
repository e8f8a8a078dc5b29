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
# Excel's serial dates run to 2958465 (31/12/9999), but a day is held in nanoseconds up to
# 11/04/2262: a larger number in a date cell is not a date (reported, never a crash).
EXCEL_LAST_SERIAL = 132320  # 11/04/2262
# The days pandas holds in nanoseconds (22/09/1677 to 11/04/2262): any other day in a cell
# (31/12/9999, a "no due date" some systems write) is not a date, reported as such.
FIRST_DAY, LAST_DAY = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")
VIETNAM_TZ = "Asia/Ho_Chi_Minh"

# The date part of a cell (a time of day after it is checked separately).
_ISO_DATE = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:Z|[+-]\d{2}:?\d{2})?$"
_VN_DATE = r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"
# A time of day after the date, checked then dropped; the zone of an ISO time is ignored
# (the day is the day written).
_TIME_OF_DAY = (
    r"^(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?:[AaPp][Mm]|SA|CH)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_WINDOW_ONLY = r"[Tt]ừ\s+\d{1,2}[:h]\d{2}\s+đến\s+\d{1,2}[:h]\d{2}"
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


def _categorical(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.CategoricalDtype)


# What str.strip() removes (str.isspace()), as a regular expression both Python and pyarrow's
# RE2 read: the characters themselves, not escapes.
_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
ONLY_WHITESPACE = f"[{_WHITESPACE}]*"
EDGE_WHITESPACE = f"^[{_WHITESPACE}]|[{_WHITESPACE}]$"  # a cell strip() would change


def blank(series: pd.Series) -> pd.Series:
    """True where a cell is empty (None, NaN, NaT or only spaces)."""
    if _categorical(series):
        empty = series.cat.categories.to_series().astype(str).str.strip().eq("").to_numpy()
        return pd.Series(np.append(empty, True)[series.cat.codes.to_numpy()], index=series.index)
    missing = series.isna()
    if _is_text(series):  # matched, not stripped: 10M ids are never copied
        missing |= series.str.fullmatch(ONLY_WHITESPACE).fillna(False).astype(bool)
    elif series.dtype == object:  # every other text dtype is matched above
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


def _is_text(series: pd.Series) -> bool:
    """A column of text cells (pandas' "str" dtype), not cells of mixed kinds."""
    return pd.api.types.is_string_dtype(series) and series.dtype != object


def as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped NFC text ("" when empty); numbers written as integers (2.0 -> "2")."""
    if _categorical(series):  # a columnar read: only the distinct texts are worked on
        texts = as_text(series.cat.categories.to_series(index=None).astype(object))
        values = pd.array(np.append(texts.to_numpy(), ""), dtype="str")  # texts are "str": an array of objects
        return pd.Series(values.take(series.cat.codes.to_numpy()), index=series.index)
    if _is_text(series):
        text = series.fillna("")
        if text.str.contains(EDGE_WHITESPACE).any():  # else stripping changes nothing: 10M ids are not copied
            text = text.str.strip()
    else:
        kind = pd.api.types.infer_dtype(series, skipna=True)
        if kind in ("string", "empty", "integer"):
            text = series.astype(object).where(series.notna(), "").astype(str)
        else:  # floats, mixed cells of a workbook: one by one
            text = series.astype(object).map(one_text).astype(str)
        text = text.astype("str").str.strip()
    if text.str.isascii().all():
        return text  # nothing to normalise (ids, codes, numbers)
    codes, uniques = pd.factorize(text)
    if len(uniques) < len(text) // 4:  # names repeat: normalise each distinct text once
        return pd.Series(pd.array([nfc(u) for u in uniques], dtype="str").take(codes), index=text.index)
    return text.str.normalize("NFC")


def by_distinct(text: pd.Series, function: Callable[[pd.Index], np.ndarray]) -> np.ndarray:
    """``function`` applied to each distinct value once, spread over the column (values repeat a lot)."""
    codes, uniques = pd.factorize(text)
    return np.asarray(function(uniques))[codes]


def map_unique(text: pd.Series, function: Callable) -> pd.Series:
    """Apply ``function`` once per distinct value (codes repeat a lot)."""
    uniques = pd.unique(text)
    return text.map(dict(zip(uniques, (function(u) for u in uniques))))


# --------------------------------------------------------------------------- text


def _clean_categories(series: pd.Series) -> pd.Series:
    """A categorical text column with its categories stripped and NFC (merged where they meet), "" as missing."""
    texts = as_text(series.cat.categories.to_series(index=None).astype(object))
    new_codes, categories = pd.factorize(texts.where(texts != ""))  # "" is missing: code -1
    codes = np.append(new_codes, -1)[series.cat.codes.to_numpy()]
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories), index=series.index)


def parse_text(series: pd.Series, column: Column) -> tuple[pd.Series, list[Issue]]:
    """Stripped NFC text, missing for an empty cell; a required text column (an id) needs a value.

    A column read dictionary-encoded stays categorical: names repeat, and each is kept once.
    """
    if _categorical(series):
        text = _clean_categories(series)
        empty = text.isna()
    else:
        text = as_text(series)
        empty = text.eq("")
        text = text.where(~empty)
    issues = []
    if column.required:
        issues.append(Issue(empty, "EMPTY_REQUIRED", "ô trống, cột này bắt buộc có giá trị", ERROR))
    return text, issues


# --------------------------------------------------------------------------- dates


def _days_of(values: pd.Series) -> pd.Series:
    """Calendar days of timestamps; zoned ones are read as Vietnam's wall-clock days; NaT out of range."""
    if values.dt.tz is not None:
        values = values.dt.tz_convert(VIETNAM_TZ).dt.tz_localize(None)
    days = values.dt.normalize()
    return days.where(days.between(FIRST_DAY, LAST_DAY)).astype("datetime64[ns]")


def _wall_clock(value: object) -> object:
    """A zoned timestamp as Vietnam's wall clock (naive); any other cell as it is."""
    if getattr(value, "tzinfo", None) is None:
        return value
    return pd.Timestamp(value).tz_convert(VIETNAM_TZ).tz_localize(None)


def _native_and_serial(series: pd.Series, result: pd.Series, todo: pd.Series) -> None:
    """Workbook cells: native dates (a zoned one as Vietnam's day) and Excel serial numbers go to
    ``result`` and leave ``todo``.

    Other numbers are then read as text (:func:`as_text` writes 20260105081000.0 as
    "20260105081000"): a compact date stored as a number parses there, anything else is
    reported as not a date.
    """
    native = series.map(lambda v: isinstance(v, (datetime, date))) & todo
    if native.any():
        result[native] = _days_of(pd.to_datetime(series[native].map(_wall_clock), errors="coerce"))
        todo &= ~native
    numeric = series.map(lambda v: isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool))
    numeric &= todo
    if not numeric.any():
        return
    serial = pd.to_numeric(series[numeric])  # numbers already: nothing to coerce
    ok = serial.between(1, EXCEL_LAST_SERIAL)
    result[serial[ok].index] = EXCEL_EPOCH + pd.to_timedelta(serial[ok].astype(float).floordiv(1), unit="D")
    todo[serial[ok].index] = False


def parse_dates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates to calendar days; return (days, invalid mask).

    Accepts native datetimes, Excel serial numbers, ISO text, day-first Vietnamese text and
    the portal's compact yyyyMMdd[HHmm[ss]], each with or without a time of day (checked,
    then ignored).
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        days = _days_of(series)
        return days, series.notna() & days.isna()
    if _categorical(series):  # a columnar read: parse each distinct text once
        texts = as_text(series.cat.categories.to_series(index=None).astype(object))
        days = np.append(_days_of_texts(pd.Index(texts)), np.datetime64("NaT"))[series.cat.codes.to_numpy()]
        result = pd.Series(days, index=series.index, dtype="datetime64[ns]")
        return result, ~blank(series) & result.isna()
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    empty = blank(series)
    todo = ~empty
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if series.dtype == object and kind not in ("string", "empty"):  # workbook cells: dates, numbers, text
        _native_and_serial(series, result, todo)
    text = as_text(series[todo])
    if len(text):
        # Dates repeat a lot: parse each distinct text once, then spread the result.
        result[text.index] = by_distinct(text, _days_of_texts)
    return result, ~empty & result.isna()


def _days_of_texts(texts: pd.Index) -> np.ndarray:
    """Distinct date texts (of pandas' "str" dtype) -> days: the date part is parsed, the time part only checked."""
    if not len(texts):
        return np.array([], dtype="datetime64[ns]")
    spaced = pd.Series(texts).str.replace(r"(?<=\d)T(?=\d)|[\r\n\t]+", " ", regex=True)
    parts = spaced.str.strip().str.partition(" ")
    dates, times = parts[0].str.rstrip(","), parts[2].str.strip()
    date_codes, date_texts = pd.factorize(dates)
    days = parse_date_texts(pd.Series(date_texts)).to_numpy()[date_codes]
    time_ok = by_distinct(times, _valid_times)
    return np.where(time_ok, days, np.datetime64("NaT"))


def _valid_times(texts: pd.Index) -> np.ndarray:
    """Whether each time-of-day text ("str" dtype) is a time (or e-par's half-day window, or nothing)."""
    texts = pd.Series(texts)
    parts = texts.str.extract(_TIME_OF_DAY)
    hours, minutes, seconds = (pd.to_numeric(parts[k], errors="coerce").fillna(0) for k in ("H", "M", "S"))
    ok = parts["H"].notna() & (hours < 24) & (minutes < 60) & (seconds < 60)
    return (ok | texts.eq("") | texts.str.fullmatch(_WINDOW_ONLY)).to_numpy()


def parse_date_texts(text: pd.Series) -> pd.Series:
    """Date texts (ISO, day-first, or compact with an optional time, checked then dropped) -> days, NaT if not a date."""
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for pattern in (_ISO_DATE, _VN_DATE, _COMPACT_DATE):
        parts = text.str.extract(pattern)
        matched = parts["y"].notna()
        if not matched.any():
            continue
        found = parts[matched]
        time_ok = pd.Series(True, index=found.index)
        if "H" in found:
            hours, minutes, seconds = (pd.to_numeric(found[k], errors="coerce").fillna(0) for k in ("H", "M", "S"))
            time_ok = (hours < 24) & (minutes < 60) & (seconds < 60)
        days = pd.to_datetime(
            pd.DataFrame(
                {"year": found["y"], "month": found["m"], "day": found["d"]}  # digits: pandas reads them as numbers
            ),
            errors="coerce",
        )
        days[~time_ok] = pd.NaT
        result[days.index] = _days_of(days)
        text = text[~matched]
    return result


def parse_date_column(series: pd.Series, column: Column) -> tuple[pd.Series, list[Issue]]:
    days, invalid = parse_dates(series)
    # A day that does not exist, or one pandas cannot hold (31/12/9999, a placeholder): one message for both.
    message = (
        "ngày không hợp lệ '{value}' (cần một ngày có thật, từ năm 1678 đến năm 2261, ghi dd/mm/yyyy hoặc yyyy-mm-dd)"
    )
    return days, [Issue(invalid, "BAD_DATE", message, ERROR)]


# --------------------------------------------------------------------------- codes


_EMPTY = object()  # an empty cell, as a code lookup sees it


def _code_of(text: str, codes: Codes) -> object:
    """One distinct cell text -> its code, :data:`_EMPTY`, or None when not a known code."""
    if text == "":
        return _EMPTY
    if codes.numeric:
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is not None and np.isfinite(number) and abs(number) < 1e9 and number == int(number):
            return int(number) if int(number) in codes.valid else None
    found = codes.words(text) if codes.words is not None else None
    return found if found in codes.valid else None


def parse_codes(series: pd.Series, column: Column) -> tuple[pd.Series, list[Issue]]:
    """Codes written as numbers ("2", "2.0") or words, read by the column's code table.

    An empty cell counts as the table's ``empty`` value, an unknown one as its ``unknown``
    value; each gives the table's finding where the table says one is worth it. Each
    distinct text is read once.
    """
    codes: Codes = column.codes  # type: ignore[assignment]
    positions, uniques = pd.factorize(series)  # any dtype: numbers, text, mixed cells; NaN is -1
    found = [_code_of(nfc(one_text(u)).strip(), codes) for u in uniques]
    empty_u = np.array([f is _EMPTY for f in found] + [True])  # the last: a missing cell
    unknown_u = np.array([f is None for f in found] + [False])
    value_u = [codes.empty if f is _EMPTY else codes.unknown if f is None else f for f in found] + [codes.empty]
    integer = all(isinstance(v, int) for v in codes.valid)
    # Codes that are words (systems: "TP", "BO") are categorical: a byte a row, not a string.
    table = pd.array(value_u, dtype="Int8") if integer else pd.Categorical(value_u)
    values = pd.Series(table.take(positions), index=series.index)
    # (positions of -1 take the last value: the missing cell's)
    empty, unknown = (
        pd.Series(empty_u[positions], index=series.index),
        pd.Series(unknown_u[positions], index=series.index),
    )
    issues = [Issue(unknown, codes.finding, codes.message, codes.severity)]
    if codes.empty_message:
        issues.append(Issue(empty, codes.finding, codes.empty_message, codes.severity))
    return values, issues


PARSERS = {"text": parse_text, "date": parse_date_column, "code": parse_codes}
