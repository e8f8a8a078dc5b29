"""Tables of cells -> validated canonical frames: dossiers, feedback, the procedure catalogue.

:func:`canonical_frame` maps one file's table to the canonical columns of
:mod:`.schema`, parsing every column with the parser of its kind (:mod:`.values`);
:func:`load_table` combines files. Values that cannot be used (a date that does not
exist, a missing required column, an unreadable file) raise
:class:`~tthc_analysis.core.errors.InputError` naming file, row and column; values that can
be used but look wrong (unknown codes, a dossier id seen twice) are kept as warnings,
which the checks turn into findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

from ..core.errors import ERROR, Finding, InputError
from .cache import read_entry, write_entry
from .codes import NOT_RECEIVED_STATUSES, UNKNOWN_STATUS_LEFT_OUT
from .headers import missing_columns, probable_columns, unmapped_findings
from .readers import read_sheet
from .schema import DOSSIER_COLUMNS, FEEDBACK_COLUMNS, PROCEDURE_COLUMNS, Column
from .sheet import Sheet
from .values import PARSERS, Issue, as_text, blank, cell_text

MAX_FINDINGS_PER_COLUMN = 200  # enough to see the pattern, not a flood
_COLUMN_NUMBER = r"\(?\d{1,3}\)?"


@dataclass(frozen=True)
class LoadedTable:
    """Canonical rows from one or more files, with where each row came from.

    ``frame`` has the canonical columns every file provided plus ``source_file`` and
    ``source_row``; ``columns`` names them (an indicator whose column is missing is "not
    available", never 0). ``warnings`` are usable-but-suspect values, turned into findings
    by the checks. ``headers`` gives, for each file (as in ``source_file``), each canonical
    column's header as that file writes it, so that a finding names the column the user sees.
    """

    frame: pd.DataFrame
    columns: frozenset[str]
    files: tuple[Path, ...] = ()
    warnings: tuple[Finding, ...] = field(default=())
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.frame)

    def has(self, column: str) -> bool:
        return column in self.columns


def _findings(issue: Issue, rows: np.ndarray, values: pd.Series, path: Path, header: str) -> list[Finding]:
    """One finding a cell of ``issue`` (at most :data:`MAX_FINDINGS_PER_COLUMN`, then a count)."""
    positions = np.flatnonzero(issue.mask.to_numpy())
    out = [
        Finding(
            issue.code,
            issue.message.format(value=cell_text(values.iloc[p]).strip()),
            issue.severity,
            str(path),
            int(rows[p]),
            header,
        )
        for p in positions[:MAX_FINDINGS_PER_COLUMN]
    ]
    if len(positions) > MAX_FINDINGS_PER_COLUMN:
        out.append(
            Finding(
                issue.code,
                f"... và {len(positions) - MAX_FINDINGS_PER_COLUMN} dòng khác có cùng lỗi",
                issue.severity,
                str(path),
                None,
                header,
            )
        )
    return out


def _stripped(series: pd.Series) -> pd.Series:
    """Cells as stripped text ("" for an empty cell), vectorised for text columns."""
    if isinstance(series.dtype, pd.CategoricalDtype) or (
        pd.api.types.is_string_dtype(series) and series.dtype != object
    ):
        return as_text(series)
    return series.map(cell_text).str.strip()


def _records(body: pd.DataFrame, mapping: dict[int, Column]) -> np.ndarray:
    """Which rows under the header are records, not the other rows report exports carry.

    Left out: a row numbering the columns ("(1)", "(2)", … right under the header), and rows
    with none of the key values (id and received date) or with one text merged across
    them: group rows ("Lĩnh vực: Hộ tịch"), total rows ("Tổng cộng") and the signer block
    under the table. A row with only some key values is a record, and its empty cells are
    reported.
    """
    keep = np.ones(len(body), dtype=bool)
    keys = [
        index
        for index, column in mapping.items()
        if column.required and (column.kind == "text" or (column.kind == "date" and not column.allow_empty))
    ]
    if keys and len(body):
        key_cells = body[keys]
        keep &= ~key_cells.apply(blank).all(axis=1).to_numpy()
        textual = [i for i in range(len(keys)) if not pd.api.types.is_datetime64_any_dtype(key_cells.iloc[:, i])]
        if len(textual) >= 2:
            # A cell merged across the row (a group title) repeats its text in every column:
            # no dossier has its id equal to its received date.
            first, second = (_stripped(key_cells.iloc[:, i]) for i in textual[:2])
            keep &= ~(first.eq(second) & first.ne("")).to_numpy()
    for position in range(min(3, len(body))):
        filled = [c for c in (cell_text(v).strip() for v in body.iloc[position].tolist()) if c]
        if len(filled) >= 3 and all(re.fullmatch(_COLUMN_NUMBER, c) for c in filled):
            keep[position] = False
    return keep


def _records_of(sheet: Sheet) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows under the header that are records, and their row numbers."""
    body, rows = sheet.body, sheet.rows
    # Rows with no value at all (trailing blank rows of an export) are not records.
    present = (~body.apply(blank).all(axis=1)).to_numpy() if len(body) else np.zeros(0, dtype=bool)
    if not present.all():
        body, rows = body[present], rows[present]
    records = _records(body, sheet.header.mapping)
    if not records.all():
        body, rows = body[records], rows[records]
    return body, rows


def canonical_frame(sheet: Sheet, columns: Sequence[Column]) -> tuple[pd.DataFrame, dict[str, str], list[Finding]]:
    """Map a sheet to canonical columns; return (frame, present columns with their headers as
    written, findings of the cells)."""
    path, header = sheet.path, sheet.header
    probable = probable_columns(header, columns)
    missing = missing_columns(header, columns, path, sheet.header_row, probable)
    if missing:
        raise InputError(problems=missing)
    findings: list[Finding] = unmapped_findings(path, sheet.header_row, probable)
    body, rows = _records_of(sheet)
    pa.default_memory_pool().release_unused()  # the texts stripped to find blank rows
    # The rows now live in `body` alone, and each column is dropped from it once parsed: a large
    # export never holds its cells and its canonical frame whole at the same time.
    sheet.body = body.iloc[:0].copy()  # a copy: a view, even of no rows, would keep every column alive
    out = pd.DataFrame(index=pd.RangeIndex(len(body)))
    held: _Unknown | None = None  # the unknown statuses, until the received date says which are counted
    left_out = np.zeros(len(body), dtype=bool)
    # The status first: whether a dossier was received decides whether it needs a received date.
    for index, column in sorted(header.mapping.items(), key=lambda item: item[1].name != "status"):
        values = body.pop(index).reset_index(drop=True)
        parsed, issues = PARSERS[column.kind](values, column)
        out[column.name] = parsed
        if column.name == "status" and column.codes is not None:
            issues, held = _hold_unknown(issues, column, values, rows, header.texts[index], len(findings))
        if column.kind == "date" and not column.allow_empty:
            empty = blank(values)
            if "status" in out.columns:  # a dossier never received (status 1 or 3) may have no received date
                empty &= ~out["status"].isin(list(NOT_RECEIVED_STATUSES)).fillna(False).astype(bool)
            if held is not None:  # an unknown status without a received date: left out, not an error
                left_out[held.positions] = empty.to_numpy()[held.positions]
                empty &= ~left_out
                findings[held.at : held.at] = held.findings(path, left_out[held.positions])
                held = None
            issues.append(Issue(empty, "EMPTY_REQUIRED", "ô trống, cột này bắt buộc có ngày", ERROR))
        for issue in issues:
            findings += _findings(issue, rows, values, path, header.texts[index])
        del values, parsed, issues
        # A column read by pyarrow (Parquet, CSV) goes back to pyarrow's allocator, which keeps it
        # for its own later use; give it back to the system, where the next parsed column can use it.
        pa.default_memory_pool().release_unused()
    if held is not None:  # no received date column: every unknown status is counted by its dates
        findings[held.at : held.at] = held.findings(path, np.zeros(len(held.positions), dtype=bool))
    if left_out.any():
        out, rows = out[~left_out].reset_index(drop=True), rows[~left_out]
    out["source_file"] = _source_file(path, len(out))
    out["source_row"] = rows.astype("int64")
    out.attrs["left_out"] = int(left_out.sum())  # records read but not kept (tthc import accounts for every row)
    return out, {c.name: header.texts[i] for i, c in header.mapping.items()}, findings


@dataclass(frozen=True)
class _Unknown:
    """A status column's unknown words, held until the received date is read: the rows (positions
    and row numbers), their cells, the column's header and where its findings go among the others."""

    issue: Issue
    positions: np.ndarray
    rows: np.ndarray
    cells: pd.Series
    header: str
    at: int

    def findings(self, path: Path, no_date: np.ndarray) -> list[Finding]:
        """``UNKNOWN_STATUS`` of each row: counted by its dates, or left out (``no_date``)."""
        counted = Issue(pd.Series(~no_date), self.issue.code, self.issue.message, self.issue.severity)
        left = Issue(pd.Series(no_date), self.issue.code, UNKNOWN_STATUS_LEFT_OUT, self.issue.severity)
        return [f for i in (counted, left) for f in _findings(i, self.rows, self.cells, path, self.header)]


def _hold_unknown(
    issues: list[Issue], column: Column, values: pd.Series, rows: np.ndarray, header: str, at: int
) -> tuple[list[Issue], _Unknown | None]:
    """The status's issues but its unknown words, held (when there are some) until the received
    date says which are counted; the few cells they are in are kept, not the column."""
    unknown = next((i for i in issues if i.message == column.codes.message), None)  # type: ignore[union-attr]
    if unknown is None or not unknown.mask.any():
        return issues, None
    positions = np.flatnonzero(unknown.mask.to_numpy())
    cells = values.iloc[positions].reset_index(drop=True)
    held = _Unknown(unknown, positions, rows[positions], cells, header, at)
    return [i for i in issues if i is not unknown], held


SORTED_BLOCK = 1 << 20  # ids compared a million at a time


def all_distinct(ids: pd.Series) -> bool | None:
    """Whether no id is seen twice, by sorting them: equal ids are then neighbours. None when the
    ids are not all text, or several are missing (pandas then decides, as for duplicates).

    The sorted ids are taken a block at a time, so 10M ids never have a second full copy: 0,2 to
    0,5 GB more and 2 s, where pandas' ``duplicated`` takes 1,1 GB more and 4 s (its hash table
    holds every id as a Python string).
    """
    if len(ids) < 2:
        return True
    try:
        values = pa.array(ids, from_pandas=True)  # no copy for pandas' "str" dtype, which pyarrow holds
    except (pa.ArrowException, TypeError, ValueError):
        return None
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)) or values.null_count > 1:
        return None
    order = pc.sort_indices(values)
    for start in range(0, max(len(values) - 1, 0), SORTED_BLOCK):
        block = values.take(order[start : start + SORTED_BLOCK + 1])  # one more: the next block's first
        if pc.any(pc.equal(block[1:], block[:-1])).as_py():
            return False
    return True


def _duplicates(
    combined: pd.DataFrame, id_column: str, what: str, portal: str, headers: dict[str, dict[str, str]]
) -> tuple[pd.DataFrame, list[Finding]]:
    """A row id seen twice is kept once: the later file's row wins, and each earlier one is reported
    (its id column named as its file writes it, else ``portal``)."""
    if all_distinct(combined[id_column]):
        return combined, []
    duplicated = combined.duplicated(id_column, keep="last")
    if not duplicated.any():
        return combined, []
    kept = combined.drop_duplicates(id_column, keep="last").set_index(id_column)
    findings = []
    for row in combined[duplicated].head(MAX_FINDINGS_PER_COLUMN).itertuples(index=False):
        row = row._asdict()
        other = kept.loc[row[id_column]]
        findings.append(
            Finding(
                "DUPLICATE_ID",
                f"mã {what} '{row[id_column]}' trùng với {Path(str(other['source_file'])).name}, dòng {other['source_row']}; "
                "chỉ tính một lần (bản ghi sau)",
                file=str(row["source_file"]),
                row=int(row["source_row"]),
                column=headers.get(str(row["source_file"]), {}).get(id_column, portal),
            )
        )
    if duplicated.sum() > MAX_FINDINGS_PER_COLUMN:
        findings.append(
            Finding("DUPLICATE_ID", f"... và {int(duplicated.sum()) - MAX_FINDINGS_PER_COLUMN} mã trùng khác")
        )
    return combined[~duplicated].reset_index(drop=True), findings


def load_file(path: Path, columns: Sequence[Column]) -> tuple[pd.DataFrame, dict[str, str], list[Finding]]:
    """One file's canonical frame, its columns and findings — from the cache when it was loaded before."""
    if not path.exists() or path.is_dir():
        read_sheet(path, columns)  # the reader's message: no such file, a folder
    key, entry = read_entry(path, columns)
    if entry is not None:
        frame = entry.frame
        frame.insert(len(frame.columns) - 1, "source_file", _source_file(path, len(frame)))
        return frame, dict(entry.headers), list(entry.warnings)
    sheet = read_sheet(path, columns)
    frame, names, cells = canonical_frame(sheet, columns)
    findings = sheet.warnings + cells
    del sheet
    # pyarrow's allocator keeps what the read table used for later reads; give it back now,
    # before the counting needs memory of its own.
    pa.default_memory_pool().release_unused()
    if not any(f.is_error for f in findings):
        write_entry(key, frame, names, findings)
    return frame, names, findings


def _source_file(path: Path, rows: int) -> pd.Categorical:
    return pd.Categorical.from_codes(np.zeros(rows, dtype=np.int8), categories=[str(path)])


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames of several files as one; a text column categorical in every file stays categorical."""
    if len(frames) == 1:
        return frames[0]
    for name in frames[0].columns:
        having = [f for f in frames if name in f.columns]
        kinds = [isinstance(f[name].dtype, pd.CategoricalDtype) for f in having]
        if all(kinds):
            merged = union_categoricals([f[name] for f in having])
            offsets = np.cumsum([0] + [len(f) for f in having])
            for number, frame in enumerate(having):
                frame[name] = pd.Categorical(merged[offsets[number] : offsets[number + 1]])
        elif any(kinds):
            for frame in having:
                frame[name] = frame[name].astype(object).where(frame[name].notna(), None).astype("str")
    return pd.concat(frames, ignore_index=True)


def load_table(
    paths: Iterable[str | Path], columns: Sequence[Column], id_column: str, what: str = "hồ sơ"
) -> LoadedTable:
    """Load and combine files of one kind; a row id seen twice is kept once (the last).

    Raises :class:`InputError` carrying every error found in every file.
    """
    files = tuple(Path(p) for p in paths)
    frames: list[pd.DataFrame] = []
    present: set[str] | None = None
    headers: dict[str, dict[str, str]] = {}
    findings: list[Finding] = []
    for path in files:
        try:
            frame, names, cells = load_file(path, columns)
        except InputError as exc:
            findings += exc.problems
            continue
        findings += cells
        if frame.empty:
            findings.append(Finding("EMPTY_FILE", f"tệp không có dòng {what} nào", file=str(path)))
        frames.append(frame)
        headers[str(path)] = names
        present = set(names) if present is None else present & set(names)  # present only when every file has it
    if any(f.is_error for f in findings):
        raise InputError(problems=findings)
    if not frames:
        empty = pd.DataFrame({c.name: pd.Series(dtype=object) for c in columns if c.required})
        empty["source_file"], empty["source_row"] = pd.Series(dtype=object), pd.Series(dtype="int64")
        return LoadedTable(empty, frozenset(c.name for c in columns if c.required), files, tuple(findings))
    combined = _concat(frames)
    present = present or set()
    # A column some files lack cannot be counted over all of them: it is left out, never
    # filled in (an empty channel would otherwise read as "trực tiếp").
    for column in columns:
        if column.name in combined.columns and column.name not in present:
            lacking = [f.name for f, frame in zip(files, frames) if column.name not in frame.columns]
            findings.append(
                Finding(
                    "COLUMN_NOT_IN_EVERY_FILE",
                    f"cột '{column.label or column.portal}' không có trong "
                    f"{', '.join(lacking[:5])}; các chỉ tiêu cần cột này không được tính",
                    column=column.portal,
                )
            )
    combined = combined[[c.name for c in columns if c.name in present] + ["source_file", "source_row"]]
    if not isinstance(combined["source_file"].dtype, pd.CategoricalDtype):  # files of different paths
        combined["source_file"] = combined["source_file"].astype("category")
    combined, duplicates = _duplicates(combined, id_column, what, columns[0].portal, headers)
    pa.default_memory_pool().release_unused()  # what sorting the ids used
    return LoadedTable(combined, frozenset(present), files, tuple(findings + duplicates), headers)


def load_dossiers(paths: Iterable[str | Path]) -> LoadedTable:
    """Load dossier exports (hồ sơ) of any accepted format into the canonical schema."""
    return load_table(paths, DOSSIER_COLUMNS, "dossier_id", "hồ sơ")


def load_feedback(paths: Iterable[str | Path]) -> LoadedTable:
    """Load feedback files (phản ánh, kiến nghị — PAKN)."""
    return load_table(paths, FEEDBACK_COLUMNS, "feedback_id", "phản ánh")


def load_procedures(path: str | Path) -> LoadedTable:
    """Load the city-wide procedure catalogue (procedures.csv)."""
    return load_table([path], PROCEDURE_COLUMNS, "procedure_code", "thủ tục")
