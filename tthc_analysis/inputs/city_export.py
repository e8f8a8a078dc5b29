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


def _assign(
    frame: pd.DataFrame, unit: str, matcher: UnitMatcher, path: Path, header: str
) -> tuple[pd.Series, pd.Series]:
    """Each row's commune id (NaN where its unit matches none) and unit name ("" when empty);
    a name matching two communes stops the import."""
    names = frame[unit].astype("string").str.strip().fillna("").map(nfc)
    matches = {name: matcher.match(name) for name in names.unique() if name}
    ambiguous = [m for m in matches.values() if len(m.candidates) > 1]
    if ambiguous:
        raise InputError(
            problems=[
                Finding(
                    "AMBIGUOUS_UNIT",
                    f"đơn vị '{m.name}' khớp với nhiều đơn vị trong communes.yaml ({', '.join(m.candidates)}); "
                    "ghi rõ loại (xã, phường, đặc khu) trong tên, hoặc thêm tên này vào own_units của đúng đơn vị",
                    file=str(path),
                    row=int(frame.loc[names == m.name, "source_row"].iloc[0]),
                    column=header,
                    severity="error",
                )
                for m in ambiguous
            ]
        )
    return names.map({name: m.commune for name, m in matches.items()}), names


def import_export(path: str | Path, root: DataRoot, *, by: str | None = None) -> ImportedExport:
    """Split one city-wide export into ``root``'s commune folders (see the module's docstring)."""
    path = Path(path)
    frame, headers, findings, unit = read_export(path, by)
    header = headers[unit]
    communes, names = _assign(frame, unit, UnitMatcher(root.communes().values()), path, header)
    left_out = int(frame.attrs.get("left_out", 0))
    result = ImportedExport(path, header, len(frame) + left_out, findings=findings, left_out=left_out)
    lost = communes.isna()
    for name, count in names[lost].replace("", NO_NAME).value_counts(sort=True).items():
        result.unmatched[str(name)] = int(count)
        first = names[lost].replace("", NO_NAME) == name
        result.first_rows[str(name)] = int(frame.loc[first[first].index[0], "source_row"])
    kept = [c for c in headers if c != "receiver"]
    table = _arrow(frame[kept].rename(columns={c: headers[c] for c in kept}))
    target = f"dossiers-{nfc(path.stem)}.parquet"
    groups = pd.Series(np.arange(len(frame))).groupby(communes.to_numpy(), sort=True).indices
    for commune_id in root.communes():
        destination = root.commune_dir(commune_id) / target
        if commune_id in groups:
            rows = groups[commune_id]
            _write(table.take(rows), destination)
            result.by_commune[commune_id] = len(rows)
            result.written.append(destination)
        elif destination.exists():
            destination.unlink()
            result.removed.append(destination)
    return result


def _arrow(frame: pd.DataFrame):
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


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
