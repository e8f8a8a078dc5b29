"""Writing a synthetic commune's exports in the formats and layouts the loader accepts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..inputs.schema import DOSSIER_COLUMNS, FEEDBACK_COLUMNS
from .communes import EXPORT_DAY, CommuneSpec

PORTAL = {c.name: c.portal for c in DOSSIER_COLUMNS}
VIETNAMESE = {c.name: c.headers[0] for c in DOSSIER_COLUMNS}
FEEDBACK_VIETNAMESE = {c.name: c.headers[0] for c in FEEDBACK_COLUMNS}


def export_frame(dossiers: pd.DataFrame, headers: str, dates: str) -> pd.DataFrame:
    """Dossiers as an export: portal or Vietnamese headers; native, ISO or dd/mm/yyyy dates."""
    out = pd.DataFrame(
        {
            "dossier_id": dossiers["dossier_id"],
            "procedure_code": dossiers["MaTTHC"],
            "procedure_name": dossiers["TenTTHC"],
            "field_code": dossiers["MaLinhVuc"],
            "field_name": dossiers["TenLinhVuc"],
            "channel": dossiers["channel"].astype(int),
            "received": dossiers["received_at"],
            "due": dossiers["due"],
            "finished": dossiers["finished_at"],
            "status": dossiers["status"].astype(int),
            "unit": dossiers["unit"],
            "system": dossiers["system"],
            "has_fee": dossiers["has_fee"].astype(int),
            "paid_online": dossiers["paid_online"].astype(int),
            "digitised": dossiers["digitised"].astype(int),
            "e_result": dossiers["e_result"].astype(int),
            "reused": dossiers["reused"].astype(int),
        }
    )
    if dates == "vn":
        for column, fmt in (("received", "%d/%m/%Y %H:%M"), ("due", "%d/%m/%Y"), ("finished", "%d/%m/%Y %H:%M")):
            out[column] = out[column].dt.strftime(fmt).fillna("")
    elif dates == "iso":
        for column, fmt in (("received", "%Y-%m-%d %H:%M:%S"), ("due", "%Y-%m-%d"), ("finished", "%Y-%m-%d %H:%M:%S")):
            out[column] = out[column].dt.strftime(fmt).fillna("")
    return out.rename(columns=PORTAL if headers == "portal" else VIETNAMESE)


def _write_xlsx(frame: pd.DataFrame, path: Path, title_rows: list[str] | None = None) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Hồ sơ"
    for line in title_rows or []:
        ws.append([line])
    ws.append(list(frame.columns))
    date_columns = [i for i, c in enumerate(frame.columns) if pd.api.types.is_datetime64_any_dtype(frame[c])]
    for row in frame.itertuples(index=False):
        values = list(row)
        for i in date_columns:
            values[i] = None if pd.isna(values[i]) else values[i].to_pydatetime()
        ws.append(values)
    for i in date_columns:
        for cell in ws.iter_cols(min_col=i + 1, max_col=i + 1, min_row=len(title_rows or []) + 2):
            for c in cell:
                c.number_format = "dd/mm/yyyy hh:mm"
    wb.properties.created = wb.properties.modified = pd.Timestamp(EXPORT_DAY).to_pydatetime()
    wb.save(path)


def _csv(frame: pd.DataFrame, path: Path, **kwargs) -> Path:
    frame.to_csv(path, index=False, lineterminator="\n", **kwargs)
    return path


def _xlsx(frame: pd.DataFrame, path: Path, title_rows: list[str] | None = None) -> Path:
    _write_xlsx(frame, path, title_rows)
    return path


def _parquet(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_parquet(path, index=False)
    return path


def _dossier_files(spec: CommuneSpec, dossiers: pd.DataFrame, folder: Path) -> list[Path]:
    """The commune's dossier exports in its format mix (``spec.file_format``)."""
    by_period = dict(tuple(dossiers.groupby("period", sort=True)))
    year_of = dossiers["period"].str[:4]
    fmt = spec.file_format
    if fmt == "csv-vn" and spec.volume < 100:
        return [_csv(export_frame(dossiers, "vn", "vn"), folder / "dossiers.csv", encoding="utf-8-sig")]
    if fmt == "csv-vn":
        return [
            _csv(export_frame(part, "vn", "vn"), folder / f"dossiers-{pid}.csv", encoding="utf-8-sig")
            for pid, part in by_period.items()
        ]
    if fmt == "xlsx-portal":
        return [
            _xlsx(export_frame(part, "portal", "native"), folder / f"dossiers-{year}.xlsx")
            for year, part in dossiers.groupby(year_of)
        ]
    if fmt == "parquet":
        return [_parquet(export_frame(dossiers, "portal", "native"), folder / "dossiers.parquet")]
    if fmt == "xlsx-title+utf16":
        title = [
            f"ỦY BAN NHÂN DÂN {spec.kind.upper()} {spec.name.upper()}",
            "DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH NĂM 2025",
            "",
        ]
        first = _xlsx(export_frame(dossiers[year_of == "2025"], "vn", "native"), folder / "dossiers-2025.xlsx", title)
        return [first] + [
            _csv(export_frame(part, "vn", "vn"), folder / f"dossiers-{pid}.txt", sep="\t", encoding="utf-16")
            for pid, part in by_period.items()
            if pid.startswith("2026")
        ]
    if fmt == "parquet+csv-iso":
        return [
            _parquet(export_frame(dossiers[year_of == "2025"], "portal", "native"), folder / "dossiers-2025.parquet"),
            _csv(
                export_frame(dossiers[year_of == "2026"], "portal", "iso"),
                folder / "dossiers-2026.csv",
                sep=";",
                encoding="utf-8",
            ),
        ]
    if fmt == "xlsx-vn":
        return [_xlsx(export_frame(dossiers, "vn", "native"), folder / "dossiers.xlsx")]
    raise ValueError(f"unknown format {fmt}")  # pragma: no cover - a spec error


def write_commune(spec: CommuneSpec, dossiers: pd.DataFrame, feedback: pd.DataFrame, folder: Path) -> list[Path]:
    """Write one commune's exports in its format mix; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = _dossier_files(spec, dossiers, folder)
    if len(feedback):
        out = feedback.rename(columns=FEEDBACK_VIETNAMESE).copy()
        for column in ("Ngày tiếp nhận", "Hạn xử lý", "Ngày xử lý"):
            out[column] = out[column].dt.strftime("%d/%m/%Y").fillna("")
        written.append(_csv(out, folder / "feedback.csv", encoding="utf-8-sig"))
    return written
