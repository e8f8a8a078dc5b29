"""A city-wide export built from a data root's commune folders, as a city's system writes one.

Every commune's dossiers in one CSV, with the receiving unit (đơn vị tiếp nhận) spelt the many
ways systems spell it, the processing unit (đơn vị xử lý) as the exports give it (the
land-registry branch of a neighbouring commune, social insurance…), and dossiers of city
departments that are no commune of the root. ``tthc import`` must give every commune back
its own dossiers (tests/test_import.py).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..inputs.dataroot import DataRoot
from ..inputs.schema import DOSSIER_COLUMNS
from ..inputs.tables import load_dossiers

RECEIVER_HEADER = "Đơn vị tiếp nhận"
# How systems name a commune's receiving unit; row n of a commune takes spelling n mod 5.
SPELLINGS = (
    "UBND {kind} {name}",
    "Bộ phận một cửa {kind} {name}",
    "{Kind} {name}",
    "{name}",
    "Trung tâm Phục vụ hành chính công {kind} {name}",
)
DEPARTMENT = "Sở Tư pháp thành phố Hải Phòng"  # receives dossiers too, and is no commune


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The canonical frame as a CSV writes it: dates dd/mm/yyyy hh:mm:ss, codes as digits."""
    out = pd.DataFrame(index=frame.index)
    for column in DOSSIER_COLUMNS:
        if column.name not in frame.columns:
            continue
        values = frame[column.name]
        if column.kind == "date":
            text = values.dt.strftime("%d/%m/%Y %H:%M:%S")
        else:
            text = values.astype("string")
        out[column.headers[0]] = text.fillna("")
    return out


def city_export_frame(root: DataRoot, *, department_rows: int = 25) -> pd.DataFrame:
    """Every commune's dossiers with a receiving-unit column, and ``department_rows`` of a department."""
    parts = []
    for commune in root.communes().values():
        files = root.dossier_files(commune.id)
        if not files:
            continue
        rows = _as_text(load_dossiers(files).frame)
        spelt = [s.format(kind=commune.kind, Kind=commune.kind.capitalize(), name=commune.name) for s in SPELLINGS]
        rows.insert(0, RECEIVER_HEADER, [spelt[n % len(spelt)] for n in range(len(rows))])
        parts.append(rows)
    export = pd.concat(parts, ignore_index=True)
    if department_rows:
        extra = export.head(department_rows).copy()
        extra[RECEIVER_HEADER] = DEPARTMENT
        extra[DOSSIER_COLUMNS[0].headers[0]] = [f"STP-{n:05d}" for n in range(len(extra))]
        export = pd.concat([export, extra], ignore_index=True)
    return export


def write_city_export(root: DataRoot, path: str | Path, *, department_rows: int = 25) -> Path:
    """Write :func:`city_export_frame` as a UTF-8 CSV (with BOM, as Excel saves it)."""
    path = Path(path)
    city_export_frame(root, department_rows=department_rows).to_csv(path, index=False, encoding="utf-8-sig")
    return path
