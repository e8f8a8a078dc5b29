"""Indicators over a run of periods (for trends and charts), one row a period.

Computed from the dossier exports, loaded once (:class:`~tthc_analysis.indicators.commune.CommuneData`);
Biểu 06a of every period is a sum over vectorised masks, so a year of months is quick.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pandas as pd

from ..core.labels import BIEU06A_KEYS, RATE_NAMES
from ..core.periods import Period, month_containing, month_range
from .bieu06a import UNKNOWN_FIELD
from .commune import CommuneData
from .results import Indicators


def indicator_row(ind: Indicators) -> dict[str, object]:
    """One period's indicators as a flat row (rates in percent, None where not applicable)."""
    c = ind.counts
    row: dict[str, object] = {"period": ind.period.id, "period_name": ind.period.name, "source": ind.source}
    row.update({key: getattr(c, key) for key in BIEU06A_KEYS})
    row.update(new=c.new, resolved_in_time=ind.resolved_in_time, overdue=c.overdue)
    channels = ind.new_by_channel or {}
    row.update(new_direct=channels.get("direct"), new_online=channels.get("online"), new_postal=channels.get("postal"))
    for name in RATE_NAMES:
        rate = ind.rates.get(name)
        row[f"rate_{name}"] = None if rate is None else rate.percent
    row["overdue_share"] = None if not c.total or c.overdue is None else 100.0 * c.overdue / c.total
    row["feedback_received"] = None if ind.feedback is None else ind.feedback.received
    return row


def field_rows(ind: Indicators) -> list[dict[str, object]]:
    """Dossiers received in the period (tiếp nhận mới, (4) + (5)) per field (lĩnh vực), one row a field.

    Exports without a field column put every dossier under "Chưa xác định lĩnh vực", so a
    sum over fields is still the period's total.
    """
    if ind.history_only:
        raise ValueError("indicators counted for a history row have no rows by field")
    rows = [(r.field_name, r.counts) for r in ind.bieu06a.rows] or [(UNKNOWN_FIELD, ind.counts)]
    return [{"period": ind.period.id, "field": name, "received": c.new} for name, c in rows]


def period_indicators(data: CommuneData, periods: Iterable[Period], *, detail: bool = True) -> Iterator[Indicators]:
    """Dossier-based indicators of each period the unit existed in (nothing without exports);
    ``detail`` False gives only what :func:`indicator_row` reads."""
    established = data.commune.established
    for period in periods:
        if established is not None and period.end < established:
            continue  # the unit did not exist yet
        indicators = data.dossier_indicators(data.commune.period(period), detail=detail)
        if indicators is not None:
            yield indicators


def indicator_history(data: CommuneData, periods: Iterable[Period]) -> pd.DataFrame:
    """Dossier-based indicators of each period, indexed by period id (empty without exports)."""
    frame = pd.DataFrame([indicator_row(ind) for ind in period_indicators(data, periods, detail=False)])
    return frame.set_index("period") if len(frame) else frame


def last_months(period: Period, count: int = 12) -> list[Period]:
    """The ``count`` monthly periods ending with the last month of ``period``."""
    last = month_containing(period.end)
    first = last
    for _ in range(count - 1):
        first = first.previous()
    return month_range(first, last)
