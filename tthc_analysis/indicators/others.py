"""The other indicators of a period (docs/counting.md#other-indicators): new dossiers by
system and channel, rates, processing units and vertical agencies, the procedure catalogue
and feedback (PAKN); :func:`compute_indicators` gathers them with Biểu 06a and the QĐ 766
indicators (:mod:`.qd766`).
"""

from __future__ import annotations

import pandas as pd

from ..core.periods import Period
from ..core.text import fold
from ..inputs.codes import (
    CHANNEL_DIRECT,
    CHANNEL_ONLINE,
    CHANNEL_POSTAL,
    LEVEL_FULL_ONLINE,
    LEVEL_PARTIAL_ONLINE,
    SYSTEM_CITY,
    SYSTEM_MINISTRY,
)
from ..inputs.tables import LoadedTable
from .bieu06a import classify, count_bieu06a
from .qd766 import dossier_qd766
from .results import NOT_AVAILABLE, Bieu06aCounts, Catalogue, FeedbackCounts, Indicators, Rate, UnitCount

# Units that are the commune's own (not a vertical agency, "ngành dọc"), folded prefixes.
OWN_UNIT_PREFIXES = ("ubnd", "uybannhandan", "trungtamphucvuhanhchinhcong", "bophanmotcua", "bophantiepnhan")


def is_own_unit(unit: str | None, own_units: tuple[str, ...] = ()) -> bool:
    """True for the commune's own UBND / service centre, and for an empty unit."""
    if unit is None or (isinstance(unit, float)) or not str(unit).strip():
        return True
    key = fold(unit)
    return key in {fold(u) for u in own_units} or key.startswith(OWN_UNIT_PREFIXES)


def _unit_counts(frame: pd.DataFrame, masks: pd.DataFrame) -> tuple[UnitCount, ...]:
    part = masks[masks["total"]]
    units = frame.loc[part.index, "unit"].astype(object).fillna("")
    table = (
        pd.DataFrame(
            {
                "total": 1,
                "resolved": part["resolved"].astype(int),
                "in_progress": part["in_progress"].astype(int),
                "overdue": (part["resolved_late"] | part["in_progress_overdue"]).astype(int),
            },
            index=part.index,
        )
        .groupby(units)
        .sum()
    )
    table = table.sort_values(["total"], ascending=False, kind="stable")
    return tuple(
        UnitCount(str(u), *(int(v) for v in row)) for u, row in zip(table.index, table.itertuples(index=False))
    )


def _rate(mask_num: pd.Series, mask_den: pd.Series) -> Rate:
    return Rate(int((mask_num & mask_den).sum()), int(mask_den.sum()))


def by_channel(dossiers: LoadedTable, new: pd.Series) -> dict[str, int] | None:
    """New dossiers by channel: trực tiếp, trực tuyến, bưu chính công ích (None without a channel column)."""
    if not dossiers.has("channel"):
        return None
    channel = dossiers.frame["channel"].fillna(CHANNEL_DIRECT)
    return {
        "direct": int((new & channel.ne(CHANNEL_ONLINE) & channel.ne(CHANNEL_POSTAL)).sum()),
        "online": int((new & channel.eq(CHANNEL_ONLINE)).sum()),
        "postal": int((new & channel.eq(CHANNEL_POSTAL)).sum()),
    }


def by_system(dossiers: LoadedTable, new: pd.Series) -> dict[str, int] | None:
    """New dossiers on the city's or province's system (TP) and on ministries' systems (BO); one
    whose system could not be read (UNKNOWN_SYSTEM) is in neither, so TP + BO may be less than new."""
    if not dossiers.has("system"):
        return None
    system = dossiers.frame["system"]
    city = system.eq(SYSTEM_CITY).fillna(False).to_numpy(dtype=bool)  # an empty cell reads as TP
    ministry = system.eq(SYSTEM_MINISTRY).fillna(False).to_numpy(dtype=bool)
    return {SYSTEM_CITY: int((new & city).sum()), SYSTEM_MINISTRY: int((new & ministry).sum())}


def dossier_rates(dossiers: LoadedTable, masks: pd.DataFrame, counts: Bieu06aCounts) -> dict[str, Rate]:
    """The rates of docs/counting.md; a rate whose columns are missing is not available."""
    frame, new = dossiers.frame, masks["new"]
    rates: dict[str, Rate] = {
        "on_time": Rate(counts.resolved_in_time, counts.resolved),
        "online": Rate(counts.online, None if counts.online is None else counts.new),
        "in_progress": Rate(counts.in_progress, counts.total),
        "online_payment": NOT_AVAILABLE,
        "digitisation": NOT_AVAILABLE,
        "e_result": NOT_AVAILABLE,
        "reuse": NOT_AVAILABLE,
    }
    if dossiers.has("has_fee") and dossiers.has("paid_online"):
        rates["online_payment"] = _rate(frame["paid_online"].isin([1, 2]), new & frame["has_fee"].eq(1))
    for name, column, among in (
        ("digitisation", "digitised", new),
        ("e_result", "e_result", masks["resolved"]),
        ("reuse", "reused", new),
    ):
        if dossiers.has(column):
            rates[name] = _rate(frame[column].eq(1), among)
    return rates


def compute_indicators(
    dossiers: LoadedTable,
    period: Period,
    *,
    commune: str | None = None,
    own_units: tuple[str, ...] = (),
    procedures: LoadedTable | None = None,
    feedback: LoadedTable | None = None,
    masks: pd.DataFrame | None = None,
    detail: bool = True,
    carried_over_known: bool = True,
) -> Indicators:
    """All indicators of ``period`` from dossier data (``"source": "dossiers"``), without findings.

    ``masks`` reuses :func:`classify` of the same frame and period when the caller has it.
    ``detail`` False leaves out what a row of the history does not show (about a third of a
    month's counting): Biểu 06a's rows by field, the units and QĐ 766 (``history_only``).
    ``carried_over_known`` False: the exports start inside the period, so what counts dossiers
    received before it (Biểu 06a (3), (6)–(13), the units, the e-result rate) is unknown.
    """
    frame = dossiers.frame
    if masks is None:
        masks = classify(frame, period)
    bieu = count_bieu06a(frame, period, masks, by_field=detail, carried_over_known=carried_over_known)
    units = vertical = None
    if detail and dossiers.has("unit") and carried_over_known:
        units = _unit_counts(frame, masks)
        vertical = tuple(u for u in units if not is_own_unit(u.unit, own_units))
    rates = dossier_rates(dossiers, masks, bieu.total)
    if not carried_over_known:
        rates["e_result"] = NOT_AVAILABLE  # among the resolved dossiers, earlier ones included
    catalogue = catalogue_indicators(procedures) if procedures is not None else None
    pakn = feedback_counts(feedback, period) if feedback is not None else None
    qd766 = None if not detail else dossier_qd766(
        dossiers, masks, bieu.total, rates, period=period, commune=commune, procedures=procedures,
        catalogue=catalogue, feedback=pakn,
    )  # fmt: skip
    return Indicators(
        commune=commune,
        period=period,
        source="dossiers",
        bieu06a=bieu,
        new_by_system=by_system(dossiers, masks["new"]),
        new_by_channel=by_channel(dossiers, masks["new"]),
        rates=rates,
        units=units,
        vertical_agencies=vertical,
        catalogue=catalogue,
        feedback=pakn,
        qd766=qd766,
        history_only=not detail,
    )


def catalogue_indicators(procedures: LoadedTable) -> Catalogue:
    """Online procedures by level and the share published, from procedures.csv."""
    frame = procedures.frame
    level = frame["level"]
    published = Rate(int(frame["published"].eq(1).sum()), len(frame)) if procedures.has("published") else NOT_AVAILABLE
    return Catalogue(
        procedures=len(frame),
        full_online=int(level.eq(LEVEL_FULL_ONLINE).sum()),
        partial_online=int(level.eq(LEVEL_PARTIAL_ONLINE).sum()),
        published=published,
    )


def feedback_counts(feedback: LoadedTable, period: Period) -> FeedbackCounts:
    """PAKN of the period: received in it, resolved in it (on time or not), still pending at its end
    (and of those, past their due date).

    A feedback takes part like a dossier: received on or before ``to`` and not
    finished before ``from``; on time when finished on or before its due date (or it
    has none); pending and overdue when its due date is before ``to`` (as Biểu 06a (13)).
    """
    frame = feedback.frame
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    takes_part = (frame["received"] <= end) & ~(frame["finished"] < start)
    resolved = takes_part & (frame["finished"] <= end)
    on_time = resolved & (frame["due"].isna() | (frame["finished"] <= frame["due"]))
    return FeedbackCounts(
        received=int((takes_part & (frame["received"] >= start)).sum()),
        resolved=int(resolved.sum()),
        resolved_on_time=int(on_time.sum()),
        pending=int((takes_part & ~resolved).sum()),
        pending_overdue=int((takes_part & ~resolved & (frame["due"] < end)).sum()),
    )
