"""Indicators of a period: Biểu 06a by the counting rules of DESIGN §4.2, and §4.3–4.4.

Biểu số 06a/VPCP/KSTT counts at day precision. A dossier takes part in period
[from, to] when it was received (status not 1 "mới đăng ký" or 3 "không được tiếp
nhận"), received on or before ``to``, and not finished before ``from``. Only statuses
5 (waiting for the citizen's supplement) and 7 (withdrawn) change a dossier's
column; otherwise its dates decide.

Everything here is vectorised: :func:`classify` gives one boolean column per
Biểu 06a column, and every count is a sum over those masks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .load import LoadedTable
from .periods import Period
from .schema import (
    CHANNEL_DIRECT,
    CHANNEL_ONLINE,
    CHANNEL_POSTAL,
    LEVEL_FULL_ONLINE,
    LEVEL_PARTIAL_ONLINE,
    NOT_RECEIVED_STATUSES,
    SYSTEM_CITY,
    SYSTEM_MINISTRY,
    WAITING_SUPPLEMENT,
    WITHDRAWN,
)
from .text import fold

BIEU06A_KEYS: tuple[str, ...] = (
    "total",
    "online",
    "direct_postal",
    "carried_over",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress",
    "in_progress_on_time",
    "in_progress_overdue",
)
# The form's column numbers, (3) to (13).
BIEU06A_COLUMN_NUMBERS: dict[str, int] = {key: number for number, key in enumerate(BIEU06A_KEYS, start=3)}
UNKNOWN_FIELD = "Chưa xác định lĩnh vực"

# Units that are the commune's own (not a vertical agency, "ngành dọc"), folded prefixes.
OWN_UNIT_PREFIXES = ("ubnd", "uybannhandan", "trungtamphucvuhanhchinhcong", "bophanmotcua", "bophantiepnhan")


@dataclass(frozen=True)
class Bieu06aCounts:
    """The eleven counts of one row of Biểu 06a, columns (3) to (13).

    A value is ``None`` only when it was not published (figures from a summary file).
    """

    total: int | None = None  # (3) tổng số nhận giải quyết
    online: int | None = None  # (4) trực tuyến
    direct_postal: int | None = None  # (5) trực tiếp, bưu chính
    carried_over: int | None = None  # (6) từ kỳ trước
    resolved: int | None = None  # (7) đã giải quyết
    resolved_early: int | None = None  # (8) trước hạn
    resolved_on_time: int | None = None  # (9) đúng hạn
    resolved_late: int | None = None  # (10) quá hạn
    in_progress: int | None = None  # (11) đang giải quyết
    in_progress_on_time: int | None = None  # (12) trong hạn
    in_progress_overdue: int | None = None  # (13) quá hạn
    # Sums a report may publish without their parts (summary figures): "tiếp nhận mới",
    # "giải quyết đúng hạn" (8)+(9), "quá hạn" (10)+(13). Used only where the parts are unknown.
    stated_new: int | None = None
    stated_in_time: int | None = None
    stated_overdue: int | None = None

    @property
    def new(self) -> int | None:
        """Received in the period, "tiếp nhận mới": (4) + (5), or (3) − (6) when the channel is not known."""
        by_channel = _sum(self.online, self.direct_postal)
        if by_channel is None and self.total is not None and self.carried_over is not None:
            return self.total - self.carried_over
        return self.stated_new if by_channel is None else by_channel

    @property
    def resolved_in_time(self) -> int | None:
        """"Giải quyết đúng hạn" in the report's words: (8) + (9)."""
        parts = _sum(self.resolved_early, self.resolved_on_time)
        return self.stated_in_time if parts is None else parts

    @property
    def overdue(self) -> int | None:
        """"Quá hạn" in the report's words: (10) + (13)."""
        parts = _sum(self.resolved_late, self.in_progress_overdue)
        return self.stated_overdue if parts is None else parts

    def to_dict(self) -> dict[str, int | None]:
        """The eleven columns, by their stable keys (indicators.json "bieu06a")."""
        return {key: getattr(self, key) for key in BIEU06A_KEYS}


def _sum(*values: int | None) -> int | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Bieu06aRow:
    """One row of Biểu 06a: a field (lĩnh vực) and its counts."""

    field_code: str | None
    field_name: str
    counts: Bieu06aCounts


@dataclass(frozen=True)
class Bieu06a:
    """Biểu 06a for a period: a row per field and the total row."""

    period: Period
    rows: tuple[Bieu06aRow, ...]
    total: Bieu06aCounts


@dataclass(frozen=True)
class Rate:
    """A share with its numerator and denominator.

    ``percent`` is ``None`` when the denominator is 0 ("không phát sinh") or when the
    data to compute it is missing ("not available"): never 0% or 100% by default.
    """

    numerator: int | None
    denominator: int | None
    stated_percent: float | None = None  # a rate published without its counts

    @property
    def available(self) -> bool:
        return self.stated_percent is not None or (self.numerator is not None and self.denominator is not None)

    @property
    def applicable(self) -> bool:
        return self.stated_percent is not None or bool(self.denominator)

    @property
    def percent(self) -> float | None:
        if self.stated_percent is not None:
            return float(self.stated_percent)
        if not self.available or not self.denominator:
            return None
        return 100.0 * self.numerator / self.denominator  # type: ignore[operator]

    @property
    def status(self) -> str:
        if not self.available:
            return "not_available"
        if not self.applicable:
            return "not_applicable"
        return "ok"

    def to_dict(self) -> dict[str, Any]:
        percent = self.percent
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": None if percent is None else round(percent, 2),
            "status": self.status,
        }


NOT_AVAILABLE = Rate(None, None)


@dataclass(frozen=True)
class UnitCount:
    """Dossiers a processing unit (đơn vị xử lý) handled in the period."""

    unit: str
    total: int
    resolved: int | None = None  # None: not published (summary figures)
    in_progress: int | None = None
    overdue: int | None = None


@dataclass(frozen=True)
class Catalogue:
    """The procedure catalogue: online procedures (DVCTT) and publication. None: not published."""

    procedures: int | None
    full_online: int | None  # mức độ toàn trình (MucDo 4)
    partial_online: int | None  # mức độ một phần (MucDo 3)
    published: Rate  # CongKhai = 1


@dataclass(frozen=True)
class FeedbackCounts:
    """Phản ánh, kiến nghị (PAKN) in the period. None: not published (summary figures)."""

    received: int | None
    resolved: int | None
    resolved_on_time: int | None
    pending: int | None

    @property
    def resolved_late(self) -> int | None:
        if self.resolved is None or self.resolved_on_time is None:
            return None
        return self.resolved - self.resolved_on_time


@dataclass(frozen=True)
class Finding:
    """A consistency finding (DESIGN §5): a stable code and a Vietnamese message."""

    code: str
    message: str
    severity: str = "warning"
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message, "severity": self.severity}
        for key in ("file", "row", "column"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class ReconciliationItem:
    """A published figure set against the one computed from dossier data."""

    key: str
    label: str
    published: float | None
    computed: float | None

    @property
    def matches(self) -> bool:
        return self.published == self.computed

    @property
    def difference(self) -> float | None:
        if self.published is None or self.computed is None:
            return None
        return self.published - self.computed

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "published": self.published,
            "computed": self.computed,
            "difference": self.difference,
            "matches": self.matches,
        }


@dataclass
class Indicators:
    """Every indicator of one commune and period, and the findings of the checks."""

    commune: str | None
    period: Period
    source: str  # "dossiers" or "summary"
    bieu06a: Bieu06a
    new_by_system: dict[str, int] | None = None  # {"TP": …, "BO": …}
    new_by_channel: dict[str, int] | None = None  # {"direct": …, "online": …, "postal": …}
    rates: dict[str, Rate] = field(default_factory=dict)
    units: list[UnitCount] | None = None
    vertical_agencies: list[UnitCount] | None = None
    catalogue: Catalogue | None = None
    feedback: FeedbackCounts | None = None
    findings: list[Finding] = field(default_factory=list)
    reconciliation: list[ReconciliationItem] = field(default_factory=list)
    stated_online: tuple[int | None, int | None] | None = None  # "tiếp nhận trực tuyến X/Y" as published
    computed: "Indicators | None" = None  # dossier-based figures beside a summary
    derived: tuple[str, ...] = ()  # figures not published but implied exactly by those that were

    @property
    def counts(self) -> Bieu06aCounts:
        return self.bieu06a.total

    @property
    def resolved_in_time(self) -> int | None:
        """"Giải quyết đúng hạn", (8)+(9), also where only the sum was published."""
        return self.counts.resolved_in_time

    def to_dict(self) -> dict[str, Any]:
        """The indicators.json structure of DESIGN §8 (stable keys first)."""
        counts = self.counts
        out: dict[str, Any] = {
            "commune": self.commune,
            "period": self.period.to_dict(),
            "source": self.source,
            "bieu06a": counts.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "new": counts.new,
            "resolved_in_time": self.resolved_in_time,
            "overdue": counts.overdue,
            "bieu06a_by_field": [
                {"field_code": r.field_code, "field_name": r.field_name, **r.counts.to_dict()} for r in self.bieu06a.rows
            ],
            "new_by_system": self.new_by_system,
            "new_by_channel": self.new_by_channel,
            "rates": {name: rate.to_dict() for name, rate in self.rates.items()},
            "vertical_agencies": None if self.vertical_agencies is None else [u.__dict__ for u in self.vertical_agencies],
            "units": None if self.units is None else [u.__dict__ for u in self.units],
            "catalogue": None if self.catalogue is None else {
                "procedures": self.catalogue.procedures,
                "full_online": self.catalogue.full_online,
                "partial_online": self.catalogue.partial_online,
                "published": self.catalogue.published.to_dict(),
            },
            "feedback": None if self.feedback is None else {
                **self.feedback.__dict__, "resolved_late": self.feedback.resolved_late,
            },
        }
        if self.stated_online is not None:
            out["stated_online"] = {"count": self.stated_online[0], "of": self.stated_online[1]}
        if self.source == "summary":
            out["derived"] = list(self.derived)
            out["reconciliation"] = [item.to_dict() for item in self.reconciliation]
            out["computed_from_dossiers"] = None if self.computed is None else self.computed.counts.to_dict()
        return out


# --------------------------------------------------------------------------- Biểu 06a


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

    is_received = ~status.isin(list(NOT_RECEIVED_STATUSES)).fillna(False).astype(bool)
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
    """Counts from column sums; a column that could not be counted (no channel) stays None."""
    return Bieu06aCounts(**{key: int(sums[key]) if key in sums.index else None for key in BIEU06A_KEYS})


def count_bieu06a(dossiers: pd.DataFrame, period: Period, masks: pd.DataFrame | None = None) -> Bieu06a:
    """Biểu 06a for ``period``: a row per field (lĩnh vực) with dossiers, and the total row."""
    if masks is None:
        masks = classify(dossiers, period)
    counted = masks[[key for key in BIEU06A_KEYS if key in masks.columns]].astype("int64")
    total = _counts(counted.sum())
    rows: list[Bieu06aRow] = []
    if "field_name" in dossiers.columns or "field_code" in dossiers.columns:
        code = dossiers["field_code"] if "field_code" in dossiers.columns else pd.Series(None, index=dossiers.index, dtype=object)
        name = dossiers["field_name"] if "field_name" in dossiers.columns else code
        name = name.fillna(code).fillna(UNKNOWN_FIELD)
        keys = pd.DataFrame({"code": code.fillna(""), "name": name})
        grouped = counted[masks["total"]].groupby([keys["code"][masks["total"]], keys["name"][masks["total"]]], sort=False).sum()
        # The form lists fields by their code, then by name; the unknown field last.
        ordered = sorted(grouped.index, key=lambda k: (k[1] == UNKNOWN_FIELD, k[0] == "", k[0], k[1]))
        rows = [Bieu06aRow(c or None, n, _counts(grouped.loc[(c, n)])) for c, n in ordered]
    return Bieu06a(period, tuple(rows), total)


# --------------------------------------------------------------------------- others


def is_own_unit(unit: str | None, own_units: tuple[str, ...] = ()) -> bool:
    """True for the commune's own UBND / service centre, and for an empty unit."""
    if unit is None or (isinstance(unit, float)) or not str(unit).strip():
        return True
    key = fold(unit)
    return key in {fold(u) for u in own_units} or key.startswith(OWN_UNIT_PREFIXES)


def _unit_counts(frame: pd.DataFrame, masks: pd.DataFrame) -> list[UnitCount]:
    part = masks[masks["total"]]
    units = frame.loc[part.index, "unit"].fillna("")
    table = pd.DataFrame({
        "total": 1,
        "resolved": part["resolved"].astype(int),
        "in_progress": part["in_progress"].astype(int),
        "overdue": (part["resolved_late"] | part["in_progress_overdue"]).astype(int),
    }, index=part.index).groupby(units).sum()
    table = table.sort_values(["total"], ascending=False, kind="stable")
    return [UnitCount(str(u), *(int(v) for v in row)) for u, row in zip(table.index, table.itertuples(index=False))]


def _rate(mask_num: pd.Series, mask_den: pd.Series) -> Rate:
    return Rate(int((mask_num & mask_den).sum()), int(mask_den.sum()))


def compute_indicators(
    dossiers: LoadedTable,
    period: Period,
    *,
    commune: str | None = None,
    own_units: tuple[str, ...] = (),
    procedures: LoadedTable | None = None,
    feedback: LoadedTable | None = None,
    masks: pd.DataFrame | None = None,
) -> Indicators:
    """All indicators of ``period`` from dossier data (``"source": "dossiers"``).

    ``masks`` reuses :func:`classify` of the same frame and period when the caller has it.
    """
    frame = dossiers.frame
    if masks is None:
        masks = classify(frame, period)
    bieu = count_bieu06a(frame, period, masks)
    counts = bieu.total
    new = masks["new"]

    new_by_channel = None
    if dossiers.has("channel"):
        channel = frame["channel"].fillna(CHANNEL_DIRECT)
        new_by_channel = {
            "direct": int((new & channel.ne(CHANNEL_ONLINE) & channel.ne(CHANNEL_POSTAL)).sum()),
            "online": int((new & channel.eq(CHANNEL_ONLINE)).sum()),
            "postal": int((new & channel.eq(CHANNEL_POSTAL)).sum()),
        }
    new_by_system = None
    if dossiers.has("system"):
        system = frame["system"].fillna(SYSTEM_CITY)
        new_by_system = {
            SYSTEM_CITY: int((new & system.ne(SYSTEM_MINISTRY)).sum()),
            SYSTEM_MINISTRY: int((new & system.eq(SYSTEM_MINISTRY)).sum()),
        }

    rates: dict[str, Rate] = {
        "on_time": Rate(counts.resolved_in_time, counts.resolved),
        "online": Rate(counts.online, None if counts.online is None else counts.new),
        "in_progress": Rate(counts.in_progress, counts.total),
    }
    if dossiers.has("has_fee") and dossiers.has("paid_online"):
        with_fee = new & frame["has_fee"].eq(1)
        rates["online_payment"] = _rate(frame["paid_online"].isin([1, 2]), with_fee)
    else:
        rates["online_payment"] = NOT_AVAILABLE
    rates["digitisation"] = _rate(frame["digitised"].eq(1), new) if dossiers.has("digitised") else NOT_AVAILABLE
    rates["e_result"] = _rate(frame["e_result"].eq(1), masks["resolved"]) if dossiers.has("e_result") else NOT_AVAILABLE
    rates["reuse"] = _rate(frame["reused"].eq(1), new) if dossiers.has("reused") else NOT_AVAILABLE

    units = vertical = None
    if dossiers.has("unit"):
        units = _unit_counts(frame, masks)
        vertical = [u for u in units if not is_own_unit(u.unit, own_units)]

    return Indicators(
        commune=commune,
        period=period,
        source="dossiers",
        bieu06a=bieu,
        new_by_system=new_by_system,
        new_by_channel=new_by_channel,
        rates=rates,
        units=units,
        vertical_agencies=vertical,
        catalogue=catalogue_indicators(procedures) if procedures is not None else None,
        feedback=feedback_counts(feedback, period) if feedback is not None else None,
    )


def catalogue_indicators(procedures: LoadedTable) -> Catalogue:
    """Online procedures by level and the share published, from procedures.csv."""
    frame = procedures.frame
    level = frame["level"]
    published = (
        Rate(int(frame["published"].eq(1).sum()), len(frame)) if procedures.has("published") else NOT_AVAILABLE
    )
    return Catalogue(
        procedures=len(frame),
        full_online=int(level.eq(LEVEL_FULL_ONLINE).sum()),
        partial_online=int(level.eq(LEVEL_PARTIAL_ONLINE).sum()),
        published=published,
    )


def feedback_counts(feedback: LoadedTable, period: Period) -> FeedbackCounts:
    """PAKN of the period: received in it, resolved in it (on time or not), still pending at its end.

    A feedback takes part like a dossier: received on or before ``to`` and not
    finished before ``from``; on time when finished on or before its due date (or it
    has none).
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
    )
