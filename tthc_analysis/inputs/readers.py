"""Files -> tables of cells, one reader per format (CSV/text, workbook, HTML table, Parquet).

:func:`read_raw` picks the reader by the file's suffix (:data:`READERS`); a file named like a
workbook is first sniffed, since web systems' "Xuất Excel" often sends an HTML table or
tab-separated text with an ``.xls`` name. Every reader gives a :class:`RawTable`: the cells
as the file holds them, and for each row the row number a person sees in a spreadsheet.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import Finding, InputError
from .headers import HEADER_SCAN_ROWS, fill_merged_header, find_header
from .schema import DOSSIER_COLUMNS, Column

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
# Tried in order when a CSV is not UTF-8: Vietnamese Windows (cp1258, what older Excel
# writes on Vietnamese Windows), then Latin-1 (which reads any byte).
LEGACY_ENCODINGS = ("cp1258", "latin-1")
RESAVE_HINT = "hãy mở tệp bằng Excel rồi lưu lại dưới dạng .xlsx (Tệp → Lưu thành → Sổ làm việc Excel) và chạy lại"


@dataclass
class RawTable:
    """A file read as text/native cells, before mapping: one row a record."""

    path: Path
    frame: pd.DataFrame  # columns numbered, the header among the first rows
    row_numbers: np.ndarray  # the row a person sees in a spreadsheet for each row of ``frame``
    warnings: list[Finding] = field(default_factory=list)  # e.g. the encoding had to be guessed


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
    lines = [line for line in text_head.splitlines()[:HEADER_SCAN_ROWS] if line.strip()]
    if not lines:
        return ",", 1
    best, best_count = ",", 0
    for delimiter in (",", ";", "\t", "|"):
        count = max(next(csv.reader([line], delimiter=delimiter), []).__len__() - 1 for line in lines)
        if count > best_count:
            best, best_count = delimiter, count
    return best, best_count + 1


def _read_csv(path: Path) -> RawTable:
    with open(path, "rb") as handle:
        head = handle.read(65536)
    if not head.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise InputError("tệp rỗng, không có tiêu đề cột và dữ liệu", file=path)
    encoding = _detect_encoding(head)
    candidates = [encoding] + (list(LEGACY_ENCODINGS) if encoding == "utf-8" else [])
    for number, candidate in enumerate(candidates):
        try:
            frame = _parse_csv(path, head, candidate)
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
            warnings.append(
                Finding(
                    "ENCODING_GUESSED",
                    f"tệp không phải UTF-8; đã đọc với bảng mã {'Windows-1258' if candidate == 'cp1258' else 'Latin-1'}. "
                    "Hãy kiểm tra chữ có dấu, và lưu lại dạng CSV UTF-8 nếu chữ bị lỗi",
                    file=str(path),
                )
            )
        return RawTable(path, frame, np.arange(1, len(frame) + 1), warnings)
    raise AssertionError("unreachable")  # pragma: no cover


def _parse_csv(path: Path, head: bytes, encoding: str) -> pd.DataFrame:
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
                file=path,
                row=line,
            ) from None
        raise InputError(f"không đọc được tệp CSV: {exc}", file=path) from None
    return frame


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
        frames = pd.read_html(
            StringIO(text),
            header=None,
            flavor="lxml",
            keep_default_na=False,
            displayed_only=False,
            thousands=None,
            decimal="\x00",
        )
    except (ValueError, ImportError) as exc:  # "No tables found", a page that is not a table
        raise InputError(
            f"tệp có tên bảng tính nhưng là trang HTML không có bảng dữ liệu ({exc}); {RESAVE_HINT}", file=path
        ) from None
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
        raise InputError(
            f"không phải tệp Excel hợp lệ (cũng không phải bảng HTML hay văn bản CSV); {RESAVE_HINT}", file=path
        )
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [workbook.get_sheet_by_index(i) for i in range(len(workbook.sheet_names))]
        tables = []
        for sheet in sheets:
            rows = sheet.to_python(skip_empty_area=False)
            frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame()
            fill_merged_header(frame, sheet.merged_cell_ranges or [])
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


READERS: dict[str, Callable[[Path, Sequence[Column]], RawTable]] = {
    **{suffix: lambda path, columns: _read_csv(path) for suffix in TEXT_SUFFIXES},
    **dict.fromkeys(WORKBOOK_SUFFIXES, _read_workbook),
    ".parquet": lambda path, columns: _read_parquet(path),
}
SUPPORTED_SUFFIXES = tuple(READERS)


def read_raw(path: str | Path, columns: Sequence[Column] = DOSSIER_COLUMNS) -> RawTable:
    """Read one file as a table of cells, whatever its format."""
    path = Path(path)
    if not path.exists():
        raise InputError("không tìm thấy tệp", file=path)
    if path.is_dir():
        raise InputError("đây là thư mục, không phải tệp dữ liệu", file=path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(
            f"định dạng '{path.suffix.lower() or path.name}' không được hỗ trợ; dùng {', '.join(SUPPORTED_SUFFIXES)}",
            file=path,
        )
    return reader(path, columns)


def read_text_file(path: Path) -> str:
    """Read a small text file (YAML) as UTF-8 or UTF-16, with a clear error otherwise."""
    data = path.read_bytes()
    encoding = _detect_encoding(data[:4096])
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"không đọc được mã hóa ký tự ({exc.reason}); hãy lưu tệp dạng UTF-8", file=path) from None
