"""Split a city-wide dossier export into the data root's commune folders (``tthc import``).

A city's one-stop-shop system exports one list for every unit of the city. The commune of a
dossier is the unit that *received* it (đơn vị tiếp nhận): the processing unit (đơn vị xử lý)
names vertical agencies too, such as the land-registry branch that handles several communes'
land dossiers, so it is used only when the export has no receiving column. The export is read
and checked once, like any export (every error names file, row and column); each commune gets
its rows as ``<commune>/dossiers-<export name>.parquet``, written atomically, with the export's
own headers and the values already read, so the commune's reports count exactly those rows.
Importing the same export again replaces those files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.atomic import atomic_path
from ..core.errors import Finding, InputError
from ..core.text import fold, nfc
from .dataroot import DataRoot
from .readers import read_sheet
from .schema import DOSSIER_COLUMNS, Column
from .tables import canonical_frame
from .unit_names import UnitMatcher

# The receiving unit's column, as the systems head it (portal names first).
RECEIVER = Column(
    "receiver",
    "text",
    "DonViTiepNhan",
    (
        "Đơn vị tiếp nhận",
        "Nơi tiếp nhận",
        "Bộ phận tiếp nhận",
        "Cơ quan tiếp nhận",
        "NoiTiepNhan",
        "CoQuanTiepNhan",
        "BoPhanTiepNhan",
        "Tên đơn vị tiếp nhận",
        "Đơn vị nhận hồ sơ",
    ),
    label="Đơn vị tiếp nhận",
)
NO_NAME = "(không ghi đơn vị)"


@dataclass
class ImportedExport:
    """What one export gave: rows by commune, units that match no commune, files written."""

    export: Path
    header: str  # the column the units were read from, as the export heads it
    rows: int  # data rows read (left-out rows included)
    by_commune: dict[str, int] = field(default_factory=dict)
    unmatched: dict[str, int] = field(default_factory=dict)  # unit name -> dossiers
    first_rows: dict[str, int] = field(default_factory=dict)  # unit name -> its first row in the export
    left_out: int = 0  # rows the reading left out (an unknown status without a received date)
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # this export's files of communes it no longer reaches
    findings: list[Finding] = field(default_factory=list)


def unit_column(by: str | None) -> Column:
    """The column to read units from: ``--by HEADER`` or the receiving unit's usual headers.
    A header of a column the dossiers already have (e.g. "Đơn vị xử lý") is that column."""
    if by is None:
        return RECEIVER
    for column in DOSSIER_COLUMNS:
        if fold(by) in column.keys():  # noqa: SIM118 (Column.keys() is its folded headers, not a dict)
            return column
    return Column("receiver", "text", nfc(by.strip()), (), label=nfc(by.strip()))


def _columns(unit: Column) -> tuple[Column, ...]:
    return DOSSIER_COLUMNS if unit in DOSSIER_COLUMNS else (*DOSSIER_COLUMNS, unit)


def read_export(path: Path, by: str | None = None) -> tuple[pd.DataFrame, dict[str, str], list[Finding], str]:
    """The export's canonical frame, its headers, findings, and the unit column's name in the frame."""
    unit = unit_column(by)
    sheet = read_sheet(path, _columns(unit))
    if unit.name not in {c.name for c in sheet.header.mapping.values()} and by is None:
        unit = next(c for c in DOSSIER_COLUMNS if c.name == "unit")  # no receiving column: the processing unit
    if unit.name not in {c.name for c in sheet.header.mapping.values()}:
        wanted = f"'{by}'" if by else f"'{RECEIVER.headers[0]}' (hoặc '{RECEIVER.headers[1]}', 'Đơn vị xử lý')"
        raise InputError(
            f"không có cột đơn vị {wanted} để chia hồ sơ theo xã, phường, đặc khu; chỉ ra cột bằng --by TÊN_CỘT",
            file=path,
            row=sheet.header_row,
        )
    frame, headers, findings = canonical_frame(sheet, _columns(unit))
    errors = [f for f in findings if f.is_error]
    if errors:
        raise InputError(problems=findings)
    return frame, headers, findings, unit.name


@dataclass(frozen=True)
class _Units:
    """The unit column as categories: each row's category (-1: empty), each category's name and commune."""

    codes: np.ndarray  # per row
    names: list[str]  # per category, stripped and NFC
    communes: list[str | None]  # per category

    def row_communes(self, ids: list[str]) -> np.ndarray:
        """Each row's commune as its position in ``ids`` (-1: none)."""
        where = {commune_id: n for n, commune_id in enumerate(ids)}
        of_category = np.array([where.get(c, -1) if c else -1 for c in self.communes] + [-1], dtype=np.int32)
        return of_category[self.codes]  # code -1 takes the last entry: no commune


def _units(values: pd.Series, matcher: UnitMatcher, rows: np.ndarray, path: Path, header: str) -> _Units:
    """Match each distinct unit name once (a 10M-row export has a few hundred); a name matching two
    communes stops the import before anything is written."""
    values = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    names = [nfc(str(c)).strip() for c in values.cat.categories]
    codes = values.cat.codes.to_numpy()
    matches = [matcher.match(name) if name else None for name in names]
    ambiguous = [(n, m) for n, m in enumerate(matches) if m is not None and len(m.candidates) > 1]
    if ambiguous:
        first = _first_rows(codes)
        raise InputError(
            problems=[
                Finding(
                    "AMBIGUOUS_UNIT",
                    f"đơn vị '{m.name}' khớp với nhiều đơn vị trong communes.yaml ({', '.join(m.candidates)}); "
                    "ghi rõ loại (xã, phường, đặc khu) trong tên, hoặc thêm tên này vào own_units của đúng đơn vị",
                    file=str(path),
                    row=int(rows[first[n]]),
                    column=header,
                    severity="error",
                )
                for n, m in ambiguous
            ]
        )
    return _Units(codes, names, [None if m is None else m.commune for m in matches])


def _first_rows(codes: np.ndarray) -> dict[int, int]:
    """Each category's first row (position)."""
    found, first = np.unique(codes, return_index=True)
    return dict(zip(found.tolist(), first.tolist()))


def _unmatched(units: _Units, rows: np.ndarray, result: ImportedExport) -> None:
    """The units that match no commune, with their dossiers and first row (an empty name as one unit)."""
    lost = [n for n, commune in enumerate(units.communes) if commune is None] + [-1]
    counts = np.bincount(units.codes + 1, minlength=len(units.names) + 1)  # code -1 counted at 0
    first = _first_rows(units.codes)
    by_name: dict[str, list[int]] = {}
    for n in lost:
        if counts[n + 1]:
            by_name.setdefault(units.names[n] if n >= 0 and units.names[n] else NO_NAME, []).append(n)
    for name, codes in sorted(by_name.items(), key=lambda item: -sum(counts[c + 1] for c in item[1])):
        result.unmatched[name] = int(sum(counts[c + 1] for c in codes))
        result.first_rows[name] = int(rows[min(first[c] for c in codes)])


def import_export(path: str | Path, root: DataRoot, *, by: str | None = None) -> ImportedExport:
    """Split one city-wide export into ``root``'s commune folders (see the module's docstring)."""
    path = Path(path)
    frame, headers, findings, unit = read_export(path, by)
    header, rows = headers[unit], frame["source_row"].to_numpy()
    units = _units(frame[unit], UnitMatcher(root.communes().values()), rows, path, header)
    left_out = int(frame.attrs.get("left_out", 0))
    result = ImportedExport(path, header, len(frame) + left_out, findings=findings, left_out=left_out)
    _unmatched(units, rows, result)
    ids = list(root.communes())
    commune_of_row = units.row_communes(ids)
    del units
    table = _arrow(frame, [c for c in headers if c != "receiver"], headers)  # the frame's columns are given up
    order = np.argsort(commune_of_row, kind="stable")  # the rows of each commune together, in their order
    bounds = np.searchsorted(commune_of_row[order], np.arange(len(ids) + 1))
    target = f"dossiers-{nfc(path.stem)}.parquet"
    for n, commune_id in enumerate(ids):
        destination = root.commune_dir(commune_id) / target
        if bounds[n + 1] > bounds[n]:
            _write(table.take(order[bounds[n] : bounds[n + 1]]), destination)
            result.by_commune[commune_id] = int(bounds[n + 1] - bounds[n])
            result.written.append(destination)
        elif destination.exists():
            destination.unlink()
            result.removed.append(destination)
    return result


def _arrow(frame: pd.DataFrame, columns: list[str], headers: dict[str, str]):
    """The columns to write as an Arrow table under the export's own headers, each column taken
    out of ``frame`` as it is converted: a 10M-row export is never held twice whole."""
    import pyarrow as pa

    arrays = {}
    for name in columns:
        arrays[headers[name]] = pa.Array.from_pandas(frame.pop(name))
    return pa.table(arrays)


def _write(table, destination: Path) -> None:
    import pyarrow.parquet as pq

    with atomic_path(destination) as temp:
        pq.write_table(table, temp)


def import_exports(paths: Sequence[str | Path], root: DataRoot, *, by: str | None = None) -> list[ImportedExport]:
    """Import several exports; the file names must differ (each gives ``dossiers-<name>.parquet``)."""
    stems: dict[str, Path] = {}
    for path in map(Path, paths):
        other = stems.setdefault(fold(path.stem), path)
        if other != path:
            raise InputError(f"hai tệp cùng tên '{path.stem}' ({other}): đổi tên một tệp rồi nhập lại", file=path)
    return [import_export(path, root, by=by) for path in stems.values()]
