"""Drill-down lists (danh sách hồ sơ chi tiết): the dossiers behind the counts of Biểu 06a.

Each list is cut from the same masks :func:`~.bieu06a.classify` counts Biểu 06a with, so
its length is the count it explains by construction:

- ``resolved_late``: column (10), giải quyết quá hạn; days late = finished − due;
- ``in_progress_overdue``: column (13), đang giải quyết quá hạn; days late = the period's
  last day − due;
- ``in_progress_on_time``: column (12), đang giải quyết trong hạn;
- ``withdrawn``: status 7 (công dân rút hồ sơ) resolved in the period: part of column (9),
  where they count as on time whatever the dates (docs/counting.md);
- ``unknown_codes``: dossiers of column (3) with a code the loader flagged (unknown or
  empty status, channel, system, payment or flag: findings ``UNKNOWN_*`` with file and
  row), and, past the loader's cap on findings, an empty status (NA) or an unknown
  channel (0) read from the values.

Days late are calendar days (ngày lịch), weekends and holidays included. The status is the
one the loader read the export's cell as (a code, or words such as "Công dân yêu cầu rút hồ
sơ"), named as the portal names that code (:data:`STATUS_SHOWN`, "Công dân rút hồ sơ"): the
loader keeps the code, not the cell's words, and one name per code reads the same whatever
system the export came from. It is the status when the data were exported, which may be
after the period (a dossier finished after the period's last day is still in progress in
it). A commune whose figures come only from a published summary has no lists
(:func:`no_lists`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.labels import DRILLDOWN_HEADERS, DRILLDOWN_TITLES
from ..core.periods import Period
from ..inputs.codes import STATUS_NAMES, WITHDRAWN
from ..inputs.schema import DOSSIER_COLUMNS
from ..inputs.tables import LoadedTable
from .bieu06a import classify
from .results import BIEU06A_COLUMN_NUMBERS

# Loader findings of a code it could not read (inputs/codes.py).
UNKNOWN_CODE_FINDINGS = frozenset(
    {"UNKNOWN_STATUS", "UNKNOWN_CHANNEL", "UNKNOWN_SYSTEM", "UNKNOWN_FLAG", "UNKNOWN_CODE"}
)
LIST_KEYS: tuple[str, ...] = (
    "resolved_late",
    "in_progress_overdue",
    "in_progress_on_time",
    "withdrawn",
    "unknown_codes",
)
# The Biểu 06a column each list explains, and whether it holds all of that column's dossiers.
EXPLAINS: dict[str, tuple[str, bool]] = {
    "resolved_late": ("resolved_late", True),
    "in_progress_overdue": ("in_progress_overdue", True),
    "in_progress_on_time": ("in_progress_on_time", True),
    "withdrawn": ("resolved_on_time", False),
    "unknown_codes": ("total", False),
}
# The portal's name of each status code, as a table cell writes it (a capital first letter).
STATUS_SHOWN: dict[int, str] = {code: name[:1].upper() + name[1:] for code, name in STATUS_NAMES.items()}
ROW_COLUMNS: tuple[str, ...] = (
    "dossier_id",
    "procedure",
    "field",
    "unit",
    "status",
    "received",
    "due",
    "finished",
    "days_late",
    "source_file",
    "source_row",
)


@dataclass(frozen=True, eq=False)
class DossierList:
    """One drill-down list: the dossiers behind a count of Biểu 06a (danh sách hồ sơ).

    ``column`` is the Biểu 06a key it explains; ``whole`` says whether it holds every
    dossier of that column (its length is then the column's count) or some of them
    (withdrawn dossiers of (9), dossiers with unknown codes of (3)). ``rows`` has the
    columns of :data:`ROW_COLUMNS` (``unknown`` too for ``unknown_codes``); ``days_late``
    is in calendar days, empty where the list has none.
    """

    key: str
    title: str
    column: str
    whole: bool
    rows: pd.DataFrame

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def column_number(self) -> int:
        """The form's column number: (10) for ``resolved_late``."""
        return BIEU06A_COLUMN_NUMBERS[self.column]

    @property
    def has_days_late(self) -> bool:
        return self.key in ("resolved_late", "in_progress_overdue")

    @property
    def headers(self) -> dict[str, str]:
        """The Vietnamese header of each column of ``rows``, in order."""
        return {name: DRILLDOWN_HEADERS[name] for name in self.rows.columns}


@dataclass(frozen=True, eq=False)
class Drilldown:
    """The drill-down lists of one commune and period; none when there are no dossier data."""

    period: Period
    lists: tuple[DossierList, ...]
    from_dossiers: bool

    def get(self, key: str) -> DossierList | None:
        return next((item for item in self.lists if item.key == key), None)


def no_lists(period: Period) -> Drilldown:
    """A commune with only published figures (summary): no dossier, no list."""
    return Drilldown(period, (), from_dossiers=False)


def _text(part: pd.DataFrame, *names: str) -> pd.Series:
    """The first of ``names`` the frame has, as plain text (None where empty), filled from the next ones."""
    out = pd.Series(None, index=part.index, dtype=object)
    for name in names:
        if name in part.columns:
            out = out.fillna(part[name].astype(object).where(part[name].notna(), None))
    return out.where(out.notna(), None)


def _file_names(source: pd.Series) -> pd.Series:
    """Full source paths -> file names, each distinct path worked on once."""
    codes, uniques = pd.factorize(source.astype(object))
    names = np.array([Path(str(u)).name for u in uniques] + [None], dtype=object)
    return pd.Series(names[codes], index=source.index, dtype=object)


def _rows(frame: pd.DataFrame, mask: pd.Series, late_since: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """The list's rows: the dossiers of ``mask``, in the columns of :data:`ROW_COLUMNS`.

    ``late_since``: days late are counted from the due date to this column's day
    (``"finished"``) or this day (the period's end), in calendar days; None: no days late.
    """
    part = frame.loc[mask.to_numpy()]
    status = part["status"].astype("Int64")
    if late_since is None:
        days_late = pd.Series(pd.NA, index=part.index, dtype="Int64")
    else:
        until = part[late_since] if isinstance(late_since, str) else late_since
        days_late = (until - part["due"]).dt.days.astype("Int64")
    rows = pd.DataFrame(
        {
            "dossier_id": _text(part, "dossier_id"),
            "procedure": _text(part, "procedure_name", "procedure_code"),
            "field": _text(part, "field_name", "field_code"),
            "unit": _text(part, "unit"),
            "status": status.map(STATUS_SHOWN, na_action="ignore").astype(object).where(status.notna(), None),
            "received": part["received"],
            "due": part["due"],
            "finished": part["finished"],
            "days_late": days_late,
            "source_file": _file_names(part["source_file"]),
            "source_row": part["source_row"].astype("int64"),
        },
        index=part.index,
    )
    if late_since is not None:  # the longest delay first
        return rows.sort_values(["days_late", "received", "dossier_id"], ascending=[False, True, True], kind="stable")
    return rows.sort_values(["received", "dossier_id"], kind="stable")


def flagged_codes(dossiers: LoadedTable) -> pd.DataFrame:
    """Rows with a code the loader flagged: ``source_file``, ``source_row`` and ``unknown`` (the columns, as written).

    From the loader's findings (file, row and the column as the file names it); an empty
    status or an unknown channel past the loader's cap on findings is read from the values.
    """
    warned = pd.DataFrame(
        [
            (f.file, int(f.row), f.column or "", f.code)
            for f in dossiers.warnings
            if f.code in UNKNOWN_CODE_FINDINGS and f.row is not None and f.file
        ],
        columns=["source_file", "source_row", "unknown", "code"],
    )
    frame = dossiers.frame
    label = {column.name: column.label for column in DOSSIER_COLUMNS}
    by_value = [("UNKNOWN_STATUS", label["status"], frame["status"].isna())]
    if "channel" in frame.columns:
        by_value.append(("UNKNOWN_CHANNEL", label["channel"], frame["channel"].eq(0).fillna(False).astype(bool)))
    parts = [warned]
    for code, label, mask in by_value:
        hits = frame.loc[mask.to_numpy(), ["source_file", "source_row"]].astype({"source_file": object})
        parts.append(hits.assign(unknown=label, code=code))
    every = pd.concat(parts, ignore_index=True).astype({"source_file": str, "source_row": "int64"})
    every = every.drop_duplicates(["source_file", "source_row", "code"], keep="first")  # the finding's wording first
    grouped = every.groupby(["source_file", "source_row"], sort=False)["unknown"]
    return grouped.agg(lambda names: ", ".join(dict.fromkeys(names))).reset_index()


def _unknown_rows(frame: pd.DataFrame, takes_part: pd.Series, flagged: pd.DataFrame) -> pd.DataFrame:
    """Dossiers taking part in the period with a flagged code, and which columns."""
    part = frame.loc[takes_part.to_numpy(), ["source_file", "source_row"]]  # the period's dossiers only
    keys = pd.DataFrame(
        {
            "source_file": part["source_file"].astype(object).astype(str).to_numpy(),
            "source_row": part["source_row"].astype("int64").to_numpy(),
            "position": part.index,
        }
    )
    matched = keys.merge(flagged, on=["source_file", "source_row"], how="inner").set_index("position")
    mask = pd.Series(False, index=frame.index)
    mask[matched.index] = True
    rows = _rows(frame, mask)
    rows.insert(len(rows.columns) - 2, "unknown", matched["unknown"].reindex(rows.index))
    return rows


def dossier_lists(
    dossiers: LoadedTable | None, period: Period, masks: pd.DataFrame | None = None, *, complete: bool = True
) -> Drilldown:
    """The drill-down lists of ``period`` from a commune's loaded dossiers (no lists without them).

    ``masks`` reuses the period's :func:`~.bieu06a.classify` result when the caller has it.
    ``complete`` False (the exports start inside the period, carried over unknown): no list
    holds every dossier of its column, only those the exports show.
    """
    if dossiers is None:
        return no_lists(period)
    frame = dossiers.frame
    masks = classify(frame, period) if masks is None else masks
    withdrawn = masks["resolved"] & frame["status"].eq(WITHDRAWN).fillna(False).astype(bool)
    rows = {
        "resolved_late": _rows(frame, masks["resolved_late"], "finished"),
        "in_progress_overdue": _rows(frame, masks["in_progress_overdue"], pd.Timestamp(period.end)),
        "in_progress_on_time": _rows(frame, masks["in_progress_on_time"]),
        "withdrawn": _rows(frame, withdrawn),
        "unknown_codes": _unknown_rows(frame, masks["total"], flagged_codes(dossiers)),
    }
    lists = tuple(
        DossierList(
            key,
            DRILLDOWN_TITLES[key],
            EXPLAINS[key][0],
            EXPLAINS[key][1] and complete,
            rows[key].reset_index(drop=True),
        )
        for key in LIST_KEYS
    )
    return Drilldown(period, lists, from_dossiers=True)
