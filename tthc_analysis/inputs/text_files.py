"""Text exports (CSV, TXT, TSV): encoding, separator, header, then a columnar read.

The first lines are read with Python's csv module to find the encoding, the separator and
the header row; the body is then read by pyarrow's multi-threaded CSV reader, only the
columns the header maps, all as text. Where the file does not suit a columnar read (not
UTF-8: UTF-16 or a legacy encoding; rows with fewer or more cells than the header), pandas
reads it row by row, as before, with the same result. A blank line is a row of empty cells
in both, numbered as a spreadsheet numbers it.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..core.errors import Finding, InputError
from .arrow_frames import frame_from_table
from .files import detect_encoding
from .headers import HEADER_SCAN_ROWS, Header, find_header
from .schema import Column
from .sheet import Sheet, no_header_error, sheet_from_cells

# Tried in order when a CSV is not UTF-8: Vietnamese Windows (cp1258, what older Excel
# writes on Vietnamese Windows), then Latin-1 (which reads any byte).
LEGACY_ENCODINGS = ("cp1258", "latin-1")
_COLUMNAR_ENCODINGS = {"utf-8": "utf8", "utf-8-sig": "utf8"}
_BLOCK = 1 << 22  # 4 MB: faster than 16 MB on two cores, and fewer bytes in flight
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


def is_id(column: Column) -> bool:
    """The row id (every value distinct): not worth a dictionary."""
    return column.kind == "text" and column.required


def _sniff_delimiter(text_head: str) -> tuple[str, int]:
    """The separator of a CSV and the most fields a line has in the first lines."""
    lines = [line for line in text_head.splitlines()[:HEADER_SCAN_ROWS] if line.strip()]
    if not lines:
        return ",", 1
    best, best_count = ",", 0
    for delimiter in (",", ";", "\t", "|"):
        count = max(len(next(csv.reader([line], delimiter=delimiter), [])) - 1 for line in lines)
        if count > best_count:
            best, best_count = delimiter, count
    return best, best_count + 1


def _pandas_cells(path: Path, encoding: str, delimiter: str, width: int) -> pd.DataFrame:
    """Every cell as text, row by row (blank lines kept, short rows padded)."""
    try:
        return pd.read_csv(
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


class _Fallback(Exception):
    """The file does not suit a columnar read: read it row by row."""


def _columnar_body(path: Path, header: Header, delimiter: str, width: int) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows under the header, only the mapped columns, read by pyarrow (all text): ids as
    pandas' "str" dtype, the rest categorical. The table is handed over, not kept here, so it
    is freed column by column as the frame is built."""
    body = frame_from_table(_csv_table(path, header, delimiter, width), list(header.mapping))
    first = header.position + 2  # rows are counted from 1, and the header is a row
    return body, np.arange(first, first + len(body))


def _csv_table(path: Path, header: Header, delimiter: str, width: int) -> pa.Table:
    names = [f"c{i}" for i in range(width)]
    wanted = [names[i] for i in header.mapping]
    try:
        return pacsv.read_csv(  # parses blocks on every core; memory stays a few blocks ahead
            path,
            read_options=pacsv.ReadOptions(skip_rows=header.position + 1, column_names=names, block_size=_BLOCK),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                # A blank line is a row of empty cells, as in a spreadsheet: the rows keep their numbers.
                ignore_empty_lines=False,
                # A row with more or fewer cells than the header stops the read at once (ArrowInvalid):
                # pandas reads the file row by row and names that row.
                invalid_row_handler=lambda row: "error",
            ),
            convert_options=pacsv.ConvertOptions(
                # Values repeat (names, codes, days): read them dictionary-encoded, except the ids.
                column_types={
                    name: pa.string() if is_id(header.mapping[int(name[1:])]) else _DICTIONARY for name in wanted
                },
                include_columns=wanted,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        ).unify_dictionaries()  # the blocks' dictionaries made one: a column has one set of categories
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise _Fallback(str(exc)) from None


def read_text_table(path: Path, columns: Sequence[Column]) -> Sheet:
    """A CSV / TXT / TSV export as a :class:`Sheet`."""
    with open(path, "rb") as handle:
        head = handle.read(65536)
    if not head.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise InputError("tệp rỗng, không có tiêu đề cột và dữ liệu", file=path)
    encoding = detect_encoding(head)
    candidates = [encoding] + (list(LEGACY_ENCODINGS) if encoding == "utf-8" else [])
    for number, candidate in enumerate(candidates):
        try:
            sheet = _read_with(path, head, candidate, columns)
        except UnicodeDecodeError as exc:
            if number + 1 < len(candidates):
                continue
            raise InputError(
                f"không đọc được mã hóa ký tự ({exc.reason} ở byte {exc.start}); "
                "hãy lưu tệp dạng CSV UTF-8 hoặc Unicode (UTF-16)",
                file=path,
            ) from None
        if candidate in LEGACY_ENCODINGS:
            name = "Windows-1258" if candidate == "cp1258" else "Latin-1"
            sheet.warnings.append(
                Finding(
                    "ENCODING_GUESSED",
                    f"tệp không phải UTF-8; đã đọc với bảng mã {name}. "
                    "Hãy kiểm tra chữ có dấu, và lưu lại dạng CSV UTF-8 nếu chữ bị lỗi",
                    file=str(path),
                )
            )
        return sheet
    raise AssertionError("unreachable")  # pragma: no cover


def _read_with(path: Path, head: bytes, encoding: str, columns: Sequence[Column]) -> Sheet:
    text_head = head.decode(encoding, errors="ignore")
    delimiter, width = _sniff_delimiter(text_head)
    if encoding in _COLUMNAR_ENCODINGS:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)  # not UTF-8: another encoding
        lines = text_head.splitlines()[:HEADER_SCAN_ROWS]
        parsed = list(csv.reader(lines, delimiter=delimiter))
        cells = pd.DataFrame([row + [""] * (width - len(row)) for row in parsed], dtype=object)
        header = find_header(cells, columns) if len(cells) else None
        if header is not None:
            try:
                body, rows = _columnar_body(path, header, delimiter, width)
                return Sheet(path, header, body, rows)
            except _Fallback:
                pass
        elif header is None:
            raise no_header_error(path, columns)
    frame = _pandas_cells(path, encoding, delimiter, width)
    return sheet_from_cells(path, frame, np.arange(1, len(frame) + 1), columns)
