"""Biểu số 06a/VPCP/KSTT by the counting rules of docs/counting.md.

A dossier takes part in period [from, to] when it was received (status not 1 "mới đăng
ký" or 3 "không được tiếp nhận"), received on or before ``to``, and not finished before
``from``. Only statuses 5 (waiting for the citizen's supplement) and 7 (withdrawn) change
a dossier's column; otherwise its dates decide. Everything is vectorised: :func:`classify`
gives one boolean column per Biểu 06a column, and every count is a sum over those masks.
"""

from __future__ import annotations

import pandas as pd

from ..core.labels import BIEU06A_KEYS
from ..core.periods import Period
from ..inputs.codes import CHANNEL_DIRECT, CHANNEL_ONLINE, NOT_RECEIVED_STATUSES, WAITING_SUPPLEMENT, WITHDRAWN
from .results import Bieu06a, Bieu06aCounts, Bieu06aRow

UNKNOWN_FIELD = "Chưa xác định lĩnh vực"
# Columns known from the dossiers received in the period alone: (4) and (5). Every other column
# counts dossiers received earlier too, which exports that start inside the period cannot show.
NEW_KEYS = ("online", "direct_postal")


def classify(dossiers: pd.DataFrame, period: Period) -> pd.DataFrame:
    """One boolean column per Biểu 06a column (and ``new``), a row per dossier.

    ``dossiers`` has the canonical columns ``received``, ``due``, ``finished`` (days),
    ``status`` and, when the export has it, ``channel`` (codes; an unknown channel is 0
    and never online). Without a channel there are no ``online`` and ``direct_postal``
    columns: Biểu 06a (4) and (5) are then not known.
    """
    start = pd.Timestamp(period.start)
    end = pd.Timestamp(period.end)
    received = dossiers["received"]
    due = dossiers["due"]
    finished = dossiers["finished"]
    status = dossiers["status"]

    is_received = ~status.isin(list(NOT_RECEIVED_STATUSES)).astype(bool)  # isin is never NA
    takes_part = is_received & (received <= end) & ~(finished < start)
    new = takes_part & (received >= start)
    is_withdrawn = status.eq(WITHDRAWN).fillna(False).astype(bool)
    is_waiting = status.eq(WAITING_SUPPLEMENT).fillna(False).astype(bool)
    no_due = due.isna()

    resolved = takes_part & (finished <= end)
    in_progress = takes_part & ~resolved  # not finished, or finished after `to`
    by_channel = {}
    if "channel" in dossiers.columns:
        online = dossiers["channel"].fillna(CHANNEL_DIRECT).eq(CHANNEL_ONLINE).astype(bool)
        by_channel = {"online": new & online, "direct_postal": new & ~online}
    masks = pd.DataFrame(
        {
            **by_channel,
            "carried_over": takes_part & (received < start),
            "resolved": resolved,
            "resolved_early": resolved & ~is_withdrawn & (finished < due),
            "resolved_on_time": resolved & (is_withdrawn | no_due | (finished == due)),
            "resolved_late": resolved & ~is_withdrawn & (finished > due),
            "in_progress": in_progress,
            "in_progress_on_time": in_progress & (is_waiting | no_due | (due >= end)),
            "in_progress_overdue": in_progress & ~is_waiting & (due < end),
        },
        index=dossiers.index,
    )
    masks.insert(0, "total", takes_part)
    masks["new"] = new
    return masks


def _counts(sums: pd.Series) -> Bieu06aCounts:
    """Counts from column sums; a column that could not be counted (no channel, or carried over not
    knowable) stays None. New dossiers are known without their channel: ``stated_new``."""
    return Bieu06aCounts(
        **{key: int(sums[key]) if key in sums.index else None for key in BIEU06A_KEYS},
        stated_new=int(sums["new"]),
    )


def _field_rows(part: pd.DataFrame, counted: pd.DataFrame) -> list[Bieu06aRow]:
    """A row per field (lĩnh vực) of the dossiers taking part: by code, then name; the unknown field last."""

    def text(name: str) -> pd.Series:  # the column as plain text (it may be categorical); all missing when absent
        if name not in part.columns:
            return pd.Series(None, index=part.index, dtype=object)
        return part[name].astype(object)

    code = text("field_code")
    name = text("field_name").fillna(code).fillna(UNKNOWN_FIELD)  # no name: the code; neither: unknown
    grouped = counted.groupby([code.fillna("").to_numpy(), name.to_numpy()], sort=False).sum()
    ordered = sorted(grouped.index, key=lambda k: (k[1] == UNKNOWN_FIELD, k[0] == "", k[0], k[1]))
    return [Bieu06aRow(c or None, n, _counts(grouped.loc[(c, n)])) for c, n in ordered]


def count_bieu06a(
    dossiers: pd.DataFrame,
    period: Period,
    masks: pd.DataFrame | None = None,
    *,
    by_field: bool = True,
    carried_over_known: bool = True,
) -> Bieu06a:
    """Biểu 06a for ``period``: a row per field (lĩnh vực) with dossiers (none with ``by_field``
    False), and the total row.

    ``carried_over_known`` False (the exports start inside the period, so a dossier received
    before it cannot be seen): only (4), (5) and the new dossiers are counted; (3), (6) and (7)
    to (13), which count earlier dossiers too, stay None.
    """
    if masks is None:
        masks = classify(dossiers, period)
    keys = [key for key in BIEU06A_KEYS if key in masks.columns and (carried_over_known or key in NEW_KEYS)]
    counted = masks[[*keys, "new"]]  # booleans: a sum counts them
    total = _counts(counted.sum())
    rows: list[Bieu06aRow] = []
    fields = [name for name in ("field_code", "field_name") if name in dossiers.columns]
    if by_field and fields:
        part = masks["total" if carried_over_known else "new"].to_numpy()
        rows = _field_rows(dossiers.loc[part, fields], counted[part])  # only the columns it reads
    return Bieu06a(period, tuple(rows), total)
