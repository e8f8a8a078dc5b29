"""Files -> validated frames (DESIGN §4.1).

Reads dossier exports (CSV, XLSX, Parquet), feedback files and the procedure
catalogue; maps portal field names and Vietnamese headers to the canonical schema
of :mod:`tthc_analysis.schema`; parses dates (ISO, dd/mm/yyyy with or without a
time, native Excel dates) to calendar days; normalises text to NFC.

Values that cannot be used (a date that does not exist, a missing required column,
an unreadable file) raise :class:`~tthc_analysis.errors.InputError` naming file, row
and column. Values that can be used but look wrong (unknown codes, a dossier id seen
twice) are kept as warnings for :mod:`tthc_analysis.checks`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .schema import (
    CHANNEL_WORDS,
    DOSSIER_COLUMNS,
    NOT_RECEIVED_STATUSES,
    FEEDBACK_COLUMNS,
    PROCEDURE_COLUMNS,
    STATUS_CODES_EN,
    STATUS_NAMES,
    STATUS_WORDS,
    SYSTEM_WORDS,
    Column,
)
from .text import fold, nfc

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUPPORTED_SUFFIXES = (".csv", ".txt", ".tsv", *WORKBOOK_SUFFIXES, ".parquet")
_HEADER_SCAN_ROWS = 30  # title rows above the header that we look past
_MAX_PROBLEMS_PER_COLUMN = 200  # enough to see the pattern, not a flood
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
VIETNAM_TZ = "Asia/Ho_Chi_Minh"

_TIME = r"(?:,?(?:\s+|T)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?:[AaPp][Mm]|SA|CH)?)?"
_ISO_DATE = r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})" + _TIME + r"(?:Z|[+-]\d{2}:?\d{2})?$"
# e-par writes a due date with the half-day window: "05-01-2026\nTừ 13:30 đến 16:00".
_WINDOW = r"(?:\s+[Tt]ừ\s+\d{1,2}[:h]\d{2}\s+đến\s+\d{1,2}[:h]\d{2})?"
_VN_DATE = r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})" + _TIME + _WINDOW + "$"
# The national portal's sync writes yyyyMMddHHmmss (20260105081000); some lists yyyyMMdd.
_COMPACT_DATE = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?$"
_TRUE_WORDS = {"1", "co", "x", "true", "yes", "dung"}
_FALSE_WORDS = {"0", "khong", "false", "no", "sai"}


@dataclass
class RawTable:
    """A file read as text/native cells, before mapping: one row a record."""

    path: Path
    frame: pd.DataFrame  # columns named as in the file
    row_numbers: np.ndarray  # the row a person sees in a spreadsheet for each record
    warnings: list[Problem] = field(default_factory=list)  # e.g. the encoding had to be guessed


@dataclass
class LoadedTable:
    """Canonical rows from one or more files, with where each row came from.

    ``frame`` has the canonical columns that were present plus ``source_file`` and
    ``source_row``. ``columns`` lists the canonical columns the files provided (an
    indicator whose column is missing is "not available", never 0). ``warnings`` are
    usable-but-suspect values, turned into findings by :mod:`tthc_analysis.checks`.
    """

    frame: pd.DataFrame
    columns: frozenset[str]
    files: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.frame)

    def has(self, column: str) -> bool:
        return column in self.columns


# --------------------------------------------------------------------------- reading


def _detect_encoding(head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    # UTF-16 without a byte-order mark: every other byte of ASCII text is NUL.
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return "utf-16-le"
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4:
        return "utf-16-be"
    return "utf-8"


def _sniff_delimiter(text_head: str) -> tuple[str, int]:
    """The separator of a CSV and the most fields a line has in the first lines."""
    lines = [line for line in text_head.splitlines()[:_HEADER_SCAN_ROWS] if line.strip()]
    if not lines:
        return ",", 1
    best, best_count = ",", 0
    for delimiter in (",", ";", "\t", "|"):
        count = max(next(csv.reader([line], delimiter=delimiter), []).__len__() - 1 for line in lines)
        if count > best_count:
            best, best_count = delimiter, count
    return best, best_count + 1


# Tried in order when a CSV is not UTF-8: Vietnamese Windows (cp1258, what older Excel
# writes on Vietnamese Windows), then Latin-1 (which reads any byte).
LEGACY_ENCODINGS = ("cp1258", "latin-1")


def _read_csv(path: Path) -> RawTable:
    with open(path, "rb") as handle:
        head = handle.read(65536)
    if not head.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise InputError("tệp rỗng, không có tiêu đề cột và dữ liệu", file=path)
    encoding = _detect_encoding(head)
    candidates = [encoding] + (list(LEGACY_ENCODINGS) if encoding == "utf-8" else [])
    for number, candidate in enumerate(candidates):
        try:
            frame, delimiter = _parse_csv(path, head, candidate)
        except UnicodeDecodeError as exc:
            if number + 1 < len(candidates):
                continue
            raise InputError(
                f"không đọc được mã hóa ký tự ({exc.reason} ở byte {exc.start}); "
                "hãy lưu tệp dạng CSV UTF-8 hoặc Unicode (UTF-16)",
                file=path,
            ) from None
        warnings = []
        if candidate in LEGACY_ENCODINGS:
            warnings.append(Problem(
                f"tệp không phải UTF-8; đã đọc với bảng mã {'Windows-1258' if candidate == 'cp1258' else 'Latin-1'}. "
                "Hãy kiểm tra chữ có dấu, và lưu lại dạng CSV UTF-8 nếu chữ bị lỗi",
                str(path), None, None, "warning", "ENCODING_GUESSED",
            ))
        return RawTable(path, frame, np.arange(1, len(frame) + 1), warnings)
    raise AssertionError("unreachable")  # pragma: no cover


def _parse_csv(path: Path, head: bytes, encoding: str) -> tuple[pd.DataFrame, str]:
    text_head = head.decode(encoding, errors="ignore")
    delimiter, width = _sniff_delimiter(text_head)
    try:
        frame = pd.read_csv(
            path,
            header=None,
            names=range(width),  # title rows above the header have fewer fields
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            sep=delimiter,
            encoding=encoding,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        raise InputError("tệp rỗng, không có tiêu đề cột và dữ liệu", file=path) from None
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            expected, line, saw = (int(g) for g in found.groups())
            raise InputError(
                f"dòng có {saw} ô nhưng dòng tiêu đề chỉ có {expected} ô (thừa dấu phân cách '{delimiter}'?)",
                file=path, row=line,
            ) from None
        raise InputError(f"không đọc được tệp CSV: {exc}", file=path) from None
    return frame, delimiter


def _fill_merged_header(frame: pd.DataFrame, ranges) -> None:
    """Give every cell of a merged range near the top the range's value (merged header cells)."""
    for (top, left), (bottom, right) in ranges:
        if top >= _HEADER_SCAN_ROWS or top >= len(frame) or left >= frame.shape[1]:
            continue
        value = frame.iat[top, left]
        frame.iloc[top:bottom + 1, left:right + 1] = value


RESAVE_HINT = "hãy mở tệp bằng Excel rồi lưu lại dưới dạng .xlsx (Tệp → Lưu thành → Sổ làm việc Excel) và chạy lại"


def _workbook_kind(head: bytes) -> str:
    """What a file with a workbook's name really is: "zip" (.xlsx, .ods), "ole" (old .xls), "html", "text" or "other".

    Web systems' "Xuất Excel" often sends an HTML table (or tab-separated text) with an
    .xls name and the ``application/vnd.ms-excel`` type; Excel opens it, so users keep it.
    """
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    encoding = _detect_encoding(head)
    text = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if text.startswith("<") and ("<table" in text or "<html" in text or "<!doctype" in text or "<?xml" in text):
        return "html"
    try:
        decoded = head.decode(encoding)
    except UnicodeDecodeError:
        return "other"
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in decoded)
    if decoded and printable / len(decoded) > 0.98 and any(sep in decoded for sep in ("\t", ";", ",")):
        return "text"
    return "other"


def _sheets_table(path: Path, tables: list[RawTable], columns: Sequence[Column]) -> RawTable:
    """The first table (sheet) whose header we recognise, else the first one."""
    for table in tables:
        if len(table.frame) and find_header(table.frame, columns) is not None:
            return table
    return tables[0] if tables else RawTable(path, pd.DataFrame(), np.arange(0))


def _read_html_table(path: Path, columns: Sequence[Column]) -> RawTable:
    """An HTML table saved as .xls: every <table> of the page is read like a sheet.

    Merged cells (colspan, rowspan) repeat their value, as merged header cells of a
    workbook do; title rows above the header are looked past as for a workbook.
    """
    from io import StringIO

    data = path.read_bytes()
    encoding = _detect_encoding(data[:4096])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:4096])
        try:
            text = data.decode(declared.group(1).decode() if declared else "cp1258")
        except (LookupError, UnicodeDecodeError):
            raise InputError(f"không đọc được mã hóa ký tự của bảng HTML; {RESAVE_HINT}", file=path) from None
    try:
        frames = pd.read_html(StringIO(text), header=None, flavor="lxml", keep_default_na=False,
                              displayed_only=False, thousands=None, decimal="\x00")
    except (ValueError, ImportError) as exc:  # "No tables found", a page that is not a table
        raise InputError(f"tệp có tên bảng tính nhưng là trang HTML không có bảng dữ liệu ({exc}); {RESAVE_HINT}",
                         file=path) from None
    frames = [_header_as_rows(frame) for frame in frames]
    tables = [RawTable(path, frame.astype(object), np.arange(1, len(frame) + 1)) for frame in frames]
    return _sheets_table(path, tables, columns)


def _header_as_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """A table's <thead> rows become its first rows, as in a sheet (pandas makes them labels)."""
    labels = frame.columns
    if isinstance(labels, pd.MultiIndex):
        rows = [list(labels.get_level_values(level)) for level in range(labels.nlevels)]
    elif list(labels) == list(range(len(labels))):
        return frame
    else:
        rows = [list(labels)]
    # pandas names an empty header cell "Unnamed: 3" / "Unnamed: 3_level_0".
    rows = [["" if str(v).startswith("Unnamed:") else v for v in row] for row in rows]
    body = frame.copy()
    body.columns = range(len(labels))
    return pd.concat([pd.DataFrame(rows, columns=range(len(labels))), body], ignore_index=True)


def _read_workbook(path: Path, columns: Sequence[Column]) -> RawTable:
    """Read a workbook (.xlsx, .xlsm, .xls, .ods) with calamine, a fast reader.

    The data may sit on any sheet, under title rows: take the first sheet whose
    header we recognise. Dates come back as native datetimes. An "Excel" file that is
    really an HTML table or text (what web systems export) is read as what it is.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    with open(path, "rb") as handle:
        kind = _workbook_kind(handle.read(4096))
    if kind == "html":
        return _read_html_table(path, columns)
    if kind == "text":
        return _read_csv(path)
    if kind == "other":
        raise InputError(f"không phải tệp Excel hợp lệ (cũng không phải bảng HTML hay văn bản CSV); {RESAVE_HINT}",
                         file=path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [workbook.get_sheet_by_index(i) for i in range(len(workbook.sheet_names))]
        tables = []
        for sheet in sheets:
            rows = sheet.to_python(skip_empty_area=False)
            frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame()
            _fill_merged_header(frame, sheet.merged_cell_ranges or [])
            # skip_empty_area=False keeps leading empty rows: row numbers start at 1.
            tables.append(RawTable(path, frame, np.arange(1, len(frame) + 1)))
    except (CalamineError, OSError, ValueError):
        raise InputError(f"không phải tệp Excel hợp lệ hoặc tệp bị hỏng; {RESAVE_HINT}", file=path) from None
    return _sheets_table(path, tables, columns)


def _read_parquet(path: Path) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for a broken file
        raise InputError(f"không đọc được tệp Parquet: {exc}", file=path) from None
    # Give it the same shape as the other readers: header as the first row.
    header = pd.DataFrame([list(frame.columns)], columns=range(frame.shape[1]), dtype=object)
    body = frame.copy()
    body.columns = range(frame.shape[1])
    return RawTable(path, pd.concat([header, body.astype(object)], ignore_index=True), np.arange(1, len(frame) + 2))


def read_raw(path: str | Path, columns: Sequence[Column] = DOSSIER_COLUMNS) -> RawTable:
    """Read one file as a table of cells, whatever its format."""
    path = Path(path)
    if not path.exists():
        raise InputError("không tìm thấy tệp", file=path)
    if path.is_dir():
        raise InputError("đây là thư mục, không phải tệp dữ liệu", file=path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path)
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(path, columns)
    if suffix == ".parquet":
        return _read_parquet(path)
    raise InputError(
        f"định dạng '{suffix or path.name}' không được hỗ trợ; dùng {', '.join(SUPPORTED_SUFFIXES)}",
        file=path,
    )


# --------------------------------------------------------------------------- headers


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


@dataclass(frozen=True)
class Header:
    """Where the header is and what it maps: row position, column index -> Column, and the texts."""

    position: int
    mapping: dict[int, Column]
    texts: dict[int, str]


def _map_cells(cells: list[str], lookup: dict[str, tuple[Column, int]]) -> dict[int, Column]:
    """Which cell holds which column: for each column the best-ranked header, leftmost on a tie."""
    best: dict[str, tuple[int, int, Column]] = {}
    for index, text in enumerate(cells):
        found = lookup.get(fold(text))
        if found is None:
            continue
        column, rank = found
        if column.name not in best or (rank, index) < best[column.name][:2]:
            best[column.name] = (rank, index, column)
    return {index: column for _, index, column in sorted(best.values(), key=lambda item: item[1])}


def find_header(frame: pd.DataFrame, columns: Sequence[Column]) -> Header | None:
    """The header row among the first rows: the one naming the most required columns.

    A header may span two rows (a group such as "Ngày" over "tiếp nhận", "hẹn trả", …):
    each row is also read joined with the row above it.
    """
    lookup = {key: (column, rank) for column in columns for key, rank in column.keys().items()}
    needed = min(2, sum(1 for c in columns if c.required))
    best: tuple[int, int] | None = None
    found: Header | None = None
    previous: list[str] | None = None
    for position in range(min(_HEADER_SCAN_ROWS, len(frame))):
        cells = [_cell_text(v).strip() for v in frame.iloc[position].tolist()]
        options = [(cells, _map_cells(cells, lookup))]
        if previous is not None:
            joined = [p if p == c else f"{p} {c}".strip() for p, c in zip(previous, cells)]
            options.append((joined, _map_cells(joined, lookup)))
        for texts, mapping in options:
            score = (sum(1 for c in mapping.values() if c.required), len(mapping))
            if score[0] >= needed and (best is None or score > best):
                best = score
                found = Header(position, mapping, {i: texts[i] for i in mapping})
        previous = cells
    return found


# --------------------------------------------------------------------------- values


def _blank(series: pd.Series) -> pd.Series:
    """True where a cell is empty (None, NaN, NaT or only spaces)."""
    missing = series.isna()
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        missing |= series.astype(str).str.strip().eq("")
    return missing


def _one_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()
    return str(value)


def _as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped NFC text; numbers written as integers (2.0 -> "2")."""
    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind in ("string", "empty"):
        text = series.astype(object).where(series.notna(), "").astype(str)
    elif kind == "integer":
        text = series.astype(object).where(series.notna(), "").astype(str)
    else:  # floats, mixed cells of a workbook: one by one
        text = series.astype(object).map(_one_text).astype(str)
    text = text.str.strip()
    if len(text) > 1000:  # names repeat: normalise each distinct text once
        uniques = pd.unique(text)
        if len(uniques) < len(text) // 4:
            return text.map(dict(zip(uniques, (nfc(u) for u in uniques))))
    return text.str.normalize("NFC")


def _map_unique(text: pd.Series, function) -> pd.Series:
    """Apply ``function`` once per distinct value (codes repeat a lot)."""
    uniques = pd.unique(text)
    return text.map(dict(zip(uniques, (function(u) for u in uniques))))


def _days_of(values: pd.Series) -> pd.Series:
    """Calendar days of timestamps; zoned ones are read as Vietnam's wall-clock days."""
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert(VIETNAM_TZ).dt.tz_localize(None)
    return values.dt.normalize().astype("datetime64[ns]")


def _parse_dates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates to calendar days; return (days, invalid mask).

    Accepts native datetimes, Excel serial numbers (from workbooks), ISO text and
    day-first Vietnamese text, each with or without a time of day (ignored).
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        return _days_of(series), pd.Series(False, index=series.index)

    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    blank = _blank(series)
    todo = ~blank

    kind = pd.api.types.infer_dtype(series, skipna=True)
    if kind in ("datetime", "date", "datetime64"):
        try:
            values = _days_of(pd.to_datetime(series.where(todo), errors="coerce"))
        except (TypeError, ValueError):  # naive and zoned timestamps mixed: one by one
            values = _days_of(pd.to_datetime(series.where(todo), errors="coerce", utc=True))
        return values, todo & values.isna()
    if series.dtype == object and kind not in ("string", "empty"):
        native = series.map(lambda v: isinstance(v, (datetime, date))) & todo
        if native.any():
            result[native] = pd.to_datetime(series[native].map(lambda v: pd.Timestamp(v).normalize()))
            todo &= ~native
        numeric = series.map(lambda v: isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool))
        numeric &= todo
        if numeric.any():
            serial = pd.to_numeric(series[numeric], errors="coerce")
            ok = serial.between(1, 2958465)  # Excel's own range of serial dates
            days = _EXCEL_EPOCH + pd.to_timedelta(serial[ok].astype(float).floordiv(1), unit="D")
            result[serial[ok].index] = days
            todo[serial[ok].index] = False
            # Other numbers go on as text: a compact date stored as a number (20260105081000)
            # parses there, anything else is reported as not a date.
            others = serial[~ok].index
            series = series.copy()
            series[others] = series[others].map(_one_text)

    text = series[todo].astype(str).str.strip()
    if len(text):
        # Dates repeat a lot: parse each distinct text once, then spread the result.
        uniques = pd.Series(pd.unique(text))
        parsed = _parse_date_texts(uniques.str.normalize("NFC"))
        result[text.index] = parsed.to_numpy()[pd.Index(uniques).get_indexer(text)]
    invalid = ~blank & result.isna()
    return result, invalid


def _parse_date_texts(text: pd.Series) -> pd.Series:
    """ISO or day-first dates (an optional time of day is checked, then dropped) -> days, NaT if not a date."""
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for pattern in (_ISO_DATE, _VN_DATE, _COMPACT_DATE):
        parts = text.str.extract(pattern)
        matched = parts["y"].notna()
        if not matched.any():
            continue
        found = parts[matched]
        hours = pd.to_numeric(found["H"], errors="coerce").fillna(0)
        minutes = pd.to_numeric(found["M"], errors="coerce").fillna(0)
        seconds = pd.to_numeric(found["S"], errors="coerce").fillna(0)
        time_ok = (hours < 24) & (minutes < 60) & (seconds < 60)
        days = pd.to_datetime(
            pd.DataFrame({"year": found["y"].astype(int), "month": found["m"].astype(int), "day": found["d"].astype(int)}),
            errors="coerce",
        )
        days[~time_ok] = pd.NaT
        result[days.index] = days
        text = text[~matched]
    return result


def _word_code(phrases: dict[str, int], exact: dict[str, int] | None = None):
    """A lookup of a code written in words: a whole-cell code word, else the longest known
    phrase the folded text contains.

    Longest first, so "Không được tiếp nhận" (3) wins over "được tiếp nhận" (2) and
    "Đã bổ sung - chờ tiếp nhận" (5) over "chờ tiếp nhận" (1).
    """
    ordered = sorted(phrases.items(), key=lambda item: -len(item[0]))
    exact = exact or {}

    def lookup(value: str) -> int | None:
        key = fold(value)
        if key in exact:
            return exact[key]
        return next((code for phrase, code in ordered if phrase in key), None)

    return lookup


_CODE_LOOKUPS = {"status": _word_code(STATUS_WORDS, STATUS_CODES_EN), "channel": _word_code(CHANNEL_WORDS)}


def _parse_codes(series: pd.Series, lookup) -> tuple[pd.Series, pd.Series]:
    """Integer codes (also written as "2.0" or in words); return (codes, unrecognised mask)."""
    text = _as_text(series)
    blank = text.eq("")
    numbers = pd.to_numeric(text.where(~blank), errors="coerce")
    finite = numbers.notna() & np.isfinite(numbers.fillna(0)) & (numbers.abs() < 1e9)
    integral = finite & (numbers == np.floor(numbers.where(finite, 0)))
    codes = pd.Series(pd.NA, index=series.index, dtype="Int64")
    codes[integral] = numbers[integral].astype("int64")
    rest = ~blank & ~integral
    if rest.any():
        mapped = _map_unique(text[rest], lookup)
        codes[mapped.dropna().index] = mapped.dropna().astype("int64")
    unrecognised = ~blank & codes.isna()
    return codes, unrecognised


def _parse_flags(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """0/1 flags (also "có"/"không", "x", TRUE/FALSE); empty means 0."""
    text = _as_text(series)
    folded = _map_unique(text, fold)
    true = folded.isin(_TRUE_WORDS)
    false = folded.isin(_FALSE_WORDS) | text.eq("")
    flags = pd.Series(0, index=series.index, dtype="int8")
    flags[true] = 1
    return flags, ~(true | false)


# --------------------------------------------------------------------------- mapping


def _problem_rows(mask: pd.Series, rows: np.ndarray, values: pd.Series, path: Path, header: str,
                  message: str, severity: str, code: str) -> list[Problem]:
    positions = np.flatnonzero(mask.to_numpy())
    out = []
    for position in positions[:_MAX_PROBLEMS_PER_COLUMN]:
        value = _cell_text(values.iloc[position]).strip()
        out.append(Problem(message.format(value=value), str(path), int(rows[position]), header, severity, code))
    if len(positions) > _MAX_PROBLEMS_PER_COLUMN:
        out.append(Problem(
            f"... và {len(positions) - _MAX_PROBLEMS_PER_COLUMN} dòng khác có cùng lỗi",
            str(path), None, header, severity, code,
        ))
    return out


_COLUMN_NUMBER = r"\(?\d{1,3}\)?"


def _records(body: pd.DataFrame, mapping: dict[int, Column]) -> np.ndarray:
    """Which rows under the header are records, not the other rows report exports carry.

    Left out: a row numbering the columns ("(1)", "(2)", … right under the header), and rows
    with none of the key values (id and received date): group rows ("Lĩnh vực: Hộ tịch"),
    total rows ("Tổng cộng") and the signer block under the table. A row with only some key
    values is a record, and its empty cells are reported.
    """
    keep = np.ones(len(body), dtype=bool)
    keys = [index for index, column in mapping.items()
            if column.required and (column.kind == "text" or (column.kind == "date" and not column.allow_empty))]
    if keys and len(body):
        key_cells = body.iloc[:, keys]
        keep &= ~key_cells.apply(_blank).all(axis=1).to_numpy()
        if len(keys) >= 2:
            # A cell merged across the row (a group title) repeats its text in every column:
            # no dossier has its id equal to its received date.
            first, second = (key_cells.iloc[:, i].map(_cell_text).str.strip() for i in (0, 1))
            keep &= ~(first.eq(second) & first.ne("")).to_numpy()
    for position in range(min(3, len(body))):
        cells = [_cell_text(v).strip() for v in body.iloc[position].tolist()]
        filled = [c for c in cells if c]
        if len(filled) >= 3 and all(re.fullmatch(_COLUMN_NUMBER, c) for c in filled):
            keep[position] = False
    return keep


def canonical_frame(raw: RawTable, columns: Sequence[Column]) -> tuple[pd.DataFrame, set[str], list[Problem], list[Problem]]:
    """Map a raw table to canonical columns; return (frame, present columns, errors, warnings)."""
    path = raw.path
    if raw.frame.empty:
        raise InputError("tệp rỗng, không có tiêu đề cột và dữ liệu", file=path)
    header = find_header(raw.frame, columns)
    if header is None:
        names = ", ".join(f"'{c.portal}' / '{c.headers[0]}'" for c in columns if c.required)
        raise InputError(f"không tìm thấy dòng tiêu đề cột; cần các cột {names}", file=path, row=1)
    position, mapping = header.position, header.mapping
    header_row = int(raw.row_numbers[position])
    missing = [c for c in columns if c.required and c not in mapping.values()]
    if missing:
        raise InputError(problems=[
            Problem(f"thiếu cột bắt buộc '{c.portal}' ({c.label or c.headers[0]})", str(path), header_row, c.portal)
            for c in missing
        ])
    body = raw.frame.iloc[position + 1:]
    rows = raw.row_numbers[position + 1:]
    # Rows with no value at all (trailing blank rows of an export) are not records.
    present = ~body.apply(_blank).all(axis=1) if len(body) else pd.Series(dtype=bool)
    body, rows = body[present.to_numpy()], rows[present.to_numpy()]
    records = _records(body, mapping)
    body, rows = body[records], rows[records]
    headers = {column.name: header.texts[index] for index, column in mapping.items()}

    errors: list[Problem] = []
    warnings: list[Problem] = []
    empty_dates: dict[str, tuple[pd.Series, pd.Series, str]] = {}
    out = pd.DataFrame(index=pd.RangeIndex(len(body)))
    for index, column in mapping.items():
        values = body.iloc[:, index].reset_index(drop=True)
        header = headers[column.name]
        if column.kind == "text":
            text = _as_text(values)
            out[column.name] = text.where(text.ne(""), None)
            if column.required:  # an id column: every row needs one
                errors += _problem_rows(text.eq(""), rows, values, path, header, "ô trống, cột này bắt buộc có giá trị", "error", "EMPTY_REQUIRED")
        elif column.kind == "date":
            days, invalid = _parse_dates(values)
            out[column.name] = days
            if not column.allow_empty:
                empty_dates[column.name] = (_blank(values), values, header)
            errors += _problem_rows(invalid, rows, values, path, header,
                                    "ngày không hợp lệ '{value}' (dùng dd/mm/yyyy hoặc yyyy-mm-dd)", "error", "BAD_DATE")
        elif column.kind == "code":
            if column.name == "system":
                text = _as_text(values)
                mapped = _map_unique(text, lambda v: SYSTEM_WORDS.get(fold(v)) if v else "TP")
                out[column.name] = mapped.fillna("TP")
                warnings += _problem_rows(mapped.isna(), rows, values, path, header,
                                          "hệ thống không rõ '{value}' (TP hoặc BO); được tính là hệ thống thành phố", "warning", "UNKNOWN_SYSTEM")
                continue
            codes, unrecognised = _parse_codes(values, _CODE_LOOKUPS.get(column.name, lambda v: None))
            if column.name == "status":
                unknown = unrecognised | (codes.notna() & ~codes.isin(list(STATUS_NAMES)))
                missing = codes.isna() & ~unrecognised
                warnings += _problem_rows(unknown, rows, values, path, header,
                                          "mã trạng thái không rõ '{value}' (1–10); hồ sơ được tính theo ngày tháng",
                                          "warning", "UNKNOWN_STATUS")
                warnings += _problem_rows(missing, rows, values, path, header,
                                          "thiếu mã trạng thái; hồ sơ được tính theo ngày tháng", "warning", "UNKNOWN_STATUS")
                codes = codes.where(~unknown, pd.NA)
            elif column.name == "channel":
                unknown = unrecognised | (codes.notna() & ~codes.isin([1, 2, 3]))
                warnings += _problem_rows(unknown, rows, values, path, header,
                                          "mã kênh nộp không rõ '{value}' (1 trực tiếp, 2 trực tuyến, 3 bưu chính); "
                                          "không được tính là trực tuyến", "warning", "UNKNOWN_CHANNEL")
                codes = codes.fillna(1)  # empty means 1, trực tiếp
                codes = codes.where(~unknown, 0)
            elif column.name == "paid_online":
                unknown = unrecognised | (codes.notna() & ~codes.isin([0, 1, 2]))
                warnings += _problem_rows(unknown, rows, values, path, header,
                                          "giá trị không rõ '{value}' (0, 1 hoặc 2); được tính là chưa thanh toán trực tuyến", "warning", "UNKNOWN_CODE")
                codes = codes.where(~unknown, 0).fillna(0)
            elif column.name == "level":
                errors += _problem_rows(unrecognised | codes.isna(), rows, values, path, header,
                                        "mức độ không hợp lệ '{value}'", "error", "BAD_CODE")
            out[column.name] = codes
        elif column.kind == "flag":
            flags, unknown = _parse_flags(values)
            out[column.name] = flags
            warnings += _problem_rows(unknown, rows, values, path, header,
                                      "giá trị không rõ '{value}' (1 có, 0 không); được tính là 0", "warning", "UNKNOWN_FLAG")
    for name, (blank, values, header) in empty_dates.items():
        # A dossier never received (status 1 or 3) may have no received date.
        if "status" in out.columns:
            blank = blank & ~out["status"].isin(list(NOT_RECEIVED_STATUSES)).fillna(False).astype(bool)
        errors += _problem_rows(blank, rows, values, path, header, "ô trống, cột này bắt buộc có ngày",
                                "error", "EMPTY_REQUIRED")
    out["source_file"] = str(path)
    out["source_row"] = rows.astype("int64")
    return out, {c.name for c in mapping.values()}, errors, warnings


def load_table(
    paths: Iterable[str | Path],
    columns: Sequence[Column],
    id_column: str,
    what: str = "hồ sơ",
) -> LoadedTable:
    """Load and combine files of one kind; a row id seen twice is kept once (the last).

    Raises :class:`InputError` carrying every error found in every file.
    """
    files = [Path(p) for p in paths]
    frames: list[pd.DataFrame] = []
    present: set[str] | None = None
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for path in files:
        try:
            raw = read_raw(path, columns)
            frame, names, file_errors, file_warnings = canonical_frame(raw, columns)
        except InputError as exc:
            errors += exc.problems
            continue
        errors += file_errors
        warnings += raw.warnings + file_warnings
        if frame.empty:
            warnings.append(Problem(f"tệp không có dòng {what} nào", str(path), None, None, "warning", "EMPTY_FILE"))
        frames.append(frame)
        # A column counts as present only when every file has it.
        present = names if present is None else present & names
    if errors:
        raise InputError(problems=errors + warnings)
    if not frames:
        empty = pd.DataFrame({c.name: pd.Series(dtype=object) for c in columns if c.required})
        empty["source_file"], empty["source_row"] = pd.Series(dtype=object), pd.Series(dtype="int64")
        return LoadedTable(empty, frozenset(c.name for c in columns if c.required), files, warnings)
    combined = pd.concat(frames, ignore_index=True)
    present = present or set()
    # A column some files lack cannot be counted over all of them: it is left out, never
    # filled in (an empty channel would otherwise read as "trực tiếp").
    for column in columns:
        if column.name in combined.columns and column.name not in present:
            lacking = [f.name for f, frame in zip(files, frames) if column.name not in frame.columns]
            warnings.append(Problem(
                f"cột '{column.label or column.portal}' không có trong {', '.join(lacking[:5])}; "
                "các chỉ tiêu cần cột này không được tính", None, None, column.portal, "warning", "COLUMN_NOT_IN_EVERY_FILE",
            ))
    combined = combined[[c.name for c in columns if c.name in present] + ["source_file", "source_row"]]
    combined["source_file"] = combined["source_file"].astype("category")

    duplicated = combined.duplicated(id_column, keep="last")
    if duplicated.any():
        kept = combined.drop_duplicates(id_column, keep="last").set_index(id_column)
        for _, row in combined[duplicated].head(_MAX_PROBLEMS_PER_COLUMN).iterrows():
            other = kept.loc[row[id_column]]
            warnings.append(Problem(
                f"mã {what} '{row[id_column]}' trùng với {Path(str(other['source_file'])).name}, dòng {other['source_row']}; "
                "chỉ tính một lần (bản ghi sau)",
                str(row["source_file"]), int(row["source_row"]), columns[0].portal, "warning", "DUPLICATE_ID",
            ))
        if duplicated.sum() > _MAX_PROBLEMS_PER_COLUMN:
            warnings.append(Problem(f"... và {int(duplicated.sum()) - _MAX_PROBLEMS_PER_COLUMN} mã trùng khác",
                                    None, None, None, "warning", "DUPLICATE_ID"))
        combined = combined[~duplicated].reset_index(drop=True)
    return LoadedTable(combined, frozenset(present), files, warnings)


def load_dossiers(paths: Iterable[str | Path]) -> LoadedTable:
    """Load dossier exports (hồ sơ) from CSV, XLSX or Parquet files into the canonical schema."""
    return load_table(paths, DOSSIER_COLUMNS, "dossier_id", "hồ sơ")


def load_feedback(paths: Iterable[str | Path]) -> LoadedTable:
    """Load feedback files (phản ánh, kiến nghị — PAKN)."""
    return load_table(paths, FEEDBACK_COLUMNS, "feedback_id", "phản ánh")


def load_procedures(path: str | Path) -> LoadedTable:
    """Load the city-wide procedure catalogue (procedures.csv)."""
    return load_table([path], PROCEDURE_COLUMNS, "procedure_code", "thủ tục")


def read_text_file(path: Path) -> str:
    """Read a small text file (YAML) as UTF-8 or UTF-16, with a clear error otherwise."""
    data = path.read_bytes()
    encoding = _detect_encoding(data[:4096])
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"không đọc được mã hóa ký tự ({exc.reason}); hãy lưu tệp dạng UTF-8", file=path) from None


__all__ = [
    "LoadedTable",
    "RawTable",
    "load_dossiers",
    "load_feedback",
    "load_procedures",
    "load_table",
    "read_raw",
    "canonical_frame",
]
