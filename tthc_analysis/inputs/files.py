"""Which files the inputs read, and small text files, without pandas: the data root's listing
(inputs/dataroot.py) needs them in processes that load no export, such as a batch that
finds every commune unchanged."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
PARQUET_SUFFIX = ".parquet"
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *WORKBOOK_SUFFIXES, PARQUET_SUFFIX)  # each has its reader (inputs/readers.py)


def detect_encoding(head: bytes) -> str:
    """The encoding a file's first bytes show: a byte-order mark, UTF-16's NUL bytes, else UTF-8."""
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


def read_text_file(path: Path) -> str:
    """Read a small text file (YAML) as UTF-8 or UTF-16, with a clear error otherwise."""
    data = path.read_bytes()
    encoding = detect_encoding(data[:4096])
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"không đọc được mã hóa ký tự ({exc.reason}); hãy lưu tệp dạng UTF-8", file=path) from None
