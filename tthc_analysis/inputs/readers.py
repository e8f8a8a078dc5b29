"""Files -> sheets, one reader per format (text, workbook, HTML table, Parquet).

:func:`read_sheet` picks the reader by the file's suffix (:data:`READERS`); a file named like
a workbook is first sniffed, since web systems' "Xuất Excel" often sends an HTML table or
tab-separated text with an ``.xls`` name. Every reader gives a
:class:`~tthc_analysis.inputs.sheet.Sheet`: the header found, the rows under it as the file
holds them (text, native dates or numbers), and each row's number as a person sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import InputError
from .arrow_frames import frame_from_table
from .files import PARQUET_SUFFIX, SUPPORTED_SUFFIXES, TEXT_SUFFIXES, WORKBOOK_SUFFIXES, detect_encoding
from .headers import fill_merged_header, find_header
from .schema import DOSSIER_COLUMNS, Column
from .sheet import Sheet, no_header_error, sheet_from_cells
from .text_files import is_id, read_text_table

RESAVE_HINT = "hãy mở tệp bằng Excel rồi lưu lại dưới dạng .xlsx (Tệp → Lưu thành → Sổ làm việc Excel) và chạy lại"


def workbook_kind(head: bytes) -> str:
    """What a file with a workbook's name really is: "zip" (.xlsx, .ods), "ole" (old .xls), "html", "text" or "other".

    Web systems' "Xuất Excel" often sends an HTML table (or tab-separated text) with an
    .xls name and the ``application/vnd.ms-excel`` type; Excel opens it, so users keep it.
    """
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    encoding = detect_encoding(head)
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


def _first_sheet(path: Path, tables: list[pd.DataFrame], columns: Sequence[Column]) -> Sheet:
    """The first table (sheet) whose header we recognise."""
    for frame in tables:
        if len(frame) and find_header(frame, columns) is not None:
            return sheet_from_cells(path, frame, np.arange(1, len(frame) + 1), columns)
    if not any(len(frame) for frame in tables):
        raise InputError("tệp rỗng, không có tiêu đề cột và dữ liệu", file=path)
    raise no_header_error(path, columns)


def html_tables(path: Path) -> list[pd.DataFrame]:
    """Every <table> of an HTML page saved as .xls, as the cells of a sheet (thead rows first).

    Merged cells (colspan, rowspan) repeat their value, as merged header cells of a workbook do.
    """
    from io import StringIO

    data = path.read_bytes()
    encoding = detect_encoding(data[:4096])
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
    return [_header_as_rows(frame).astype(object) for frame in frames]


def _read_html_table(path: Path, columns: Sequence[Column]) -> Sheet:
    """An HTML table saved as .xls: every <table> of the page is read like a sheet; title rows
    above the header are looked past as for a workbook."""
    return _first_sheet(path, html_tables(path), columns)


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


def _read_workbook(path: Path, columns: Sequence[Column]) -> Sheet:
    """Read a workbook (.xlsx, .xlsm, .xls, .ods) with calamine, a fast reader.

    The data may sit on any sheet, under title rows: take the first sheet whose
    header we recognise. Dates come back as native datetimes. An "Excel" file that is
    really an HTML table or text (what web systems export) is read as what it is.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    with open(path, "rb") as handle:
        kind = workbook_kind(handle.read(4096))
    if kind == "html":
        return _read_html_table(path, columns)
    if kind == "text":
        return read_text_table(path, columns)
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
            tables.append(frame)
    except (CalamineError, OSError, ValueError):
        raise InputError(f"không phải tệp Excel hợp lệ hoặc tệp bị hỏng; {RESAVE_HINT}", file=path) from None
    return _first_sheet(path, tables, columns)


def _read_parquet(path: Path, columns: Sequence[Column]) -> Sheet:
    """A Parquet file: its column names are the header; only the mapped columns are read, in their own types."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception as exc:  # pyarrow raises many types for a broken file
        raise InputError(f"không đọc được tệp Parquet: {exc}", file=path) from None
    names = schema.names
    header = find_header(pd.DataFrame([names], dtype=object), columns)
    if header is None:
        raise no_header_error(path, columns)
    wanted = [names[i] for i in header.mapping]
    # Values repeat (names, codes): read dictionary-encoded, each distinct text kept once.
    repeated = [
        name
        for name, column in zip(wanted, header.mapping.values())
        if not is_id(column)
        and (pa.types.is_string(schema.field(name).type) or pa.types.is_large_string(schema.field(name).type))
    ]
    # The table is handed over, not kept here: the conversion frees it column by column.
    body = frame_from_table(_read_table(path, wanted, repeated), list(header.mapping))
    return Sheet(path, header, body, np.arange(2, len(body) + 2))


def _read_table(path: Path, wanted: list[str], repeated: list[str]):
    import pyarrow.parquet as pq

    try:
        return _read_narrow(pq.ParquetFile(path, read_dictionary=repeated), wanted)
    except Exception as exc:
        raise InputError(f"không đọc được tệp Parquet: {exc}", file=path) from None


def _small_integer_columns(file, names: list[str]) -> set[str]:
    """Integer columns whose every row group's statistics fit in int8 (codes and flags)."""
    import pyarrow as pa

    schema, meta = file.schema_arrow, file.metadata
    small = {n for n in names if pa.types.is_integer(schema.field(n).type)}
    positions = {meta.schema.column(i).path: i for i in range(meta.num_columns)}
    for group in range(meta.num_row_groups):
        for name in list(small):
            stats = meta.row_group(group).column(positions[name]).statistics if name in positions else None
            if stats is None or not stats.has_min_max or not (stats.min >= -128 and stats.max <= 127):
                small.discard(name)
    return small


def _read_narrow(file, names: list[str]):
    """The columns ``names``, a row group at a time (each read on every core), small integer
    codes as int8: a 10M-row export never holds its 64-bit codes in memory all at once."""
    import pyarrow as pa

    small = _small_integer_columns(file, names)
    groups = []
    for group in range(file.metadata.num_row_groups):
        table = file.read_row_group(group, columns=names, use_threads=True)
        groups.append(
            pa.table(
                [table[n].cast(pa.int8()) if n in small else table[n] for n in table.column_names],
                names=table.column_names,
            )
        )
    if not groups:
        return file.schema_arrow.empty_table().select(names)
    return pa.concat_tables(groups)


READERS: dict[str, Callable[[Path, Sequence[Column]], Sheet]] = {
    **dict.fromkeys(TEXT_SUFFIXES, read_text_table),
    **dict.fromkeys(WORKBOOK_SUFFIXES, _read_workbook),
    PARQUET_SUFFIX: _read_parquet,
}


def read_sheet(path: str | Path, columns: Sequence[Column] = DOSSIER_COLUMNS) -> Sheet:
    """Read one file's table, whatever its format."""
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
