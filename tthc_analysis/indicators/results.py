"""Result types of the indicators stage: Biểu 06a counts, rates, units, and one period's indicators.

All are immutable; :class:`Indicators` is built once, with its findings, by
:mod:`tthc_analysis.indicators.commune` (or :mod:`.published` for published figures).
:meth:`Indicators.to_dict` is indicators.json (docs/indicators-json.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.errors import Finding
from ..core.labels import BIEU06A_KEYS
from ..core.periods import Period

if TYPE_CHECKING:
    from .qd766 import Qd766Result

# The form's column numbers, (3) to (13).
BIEU06A_COLUMN_NUMBERS: dict[str, int] = {key: number for number, key in enumerate(BIEU06A_KEYS, start=3)}


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
        """Received in the period, "tiếp nhận mới": (4) + (5); else the figure published as one
        (a report that says "tiếp nhận mới 879" without the channels); else (3) − (6)."""
        by_channel = _sum(self.online, self.direct_postal)
        if by_channel is not None:
            return by_channel
        if self.stated_new is not None:
            return self.stated_new
        if self.total is not None and self.carried_over is not None:
            return self.total - self.carried_over
        return None

    @property
    def resolved_in_time(self) -> int | None:
        """ "Giải quyết đúng hạn" in the report's words: (8) + (9)."""
        parts = _sum(self.resolved_early, self.resolved_on_time)
        return self.stated_in_time if parts is None else parts

    @property
    def overdue(self) -> int | None:
        """ "Quá hạn" in the report's words: (10) + (13)."""
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

    A rate as published (``stated_percent``) is shown as it was written, with
    ``stated_decimals`` decimals (98.50 -> "98,50%"; ``None``: those of the number, 98.53 ->
    2); it becomes a :class:`~tthc_analysis.core.vnformat.StatedPercent` that carries them.
    Every rate is shown, and written to indicators.json, rounded once from :attr:`exact`
    by :func:`~tthc_analysis.core.vnformat.rounded_percent`.
    """

    numerator: int | None
    denominator: int | None
    stated_percent: float | None = None  # a rate published without its counts
    stated_decimals: int | None = None  # the decimals it was published with (98.50 -> 2)

    def __post_init__(self) -> None:
        if self.stated_percent is not None:
            from ..core.vnformat import StatedPercent

            stated = StatedPercent(self.stated_percent, self.stated_decimals)
            object.__setattr__(self, "stated_percent", stated)

    @property
    def available(self) -> bool:
        return self.stated_percent is not None or (self.numerator is not None and self.denominator is not None)

    @property
    def applicable(self) -> bool:
        return self.stated_percent is not None or bool(self.denominator)

    @property
    def percent(self) -> float | None:
        """The percent: as published (a StatedPercent, with its decimals), else counted (a float)."""
        if self.stated_percent is not None:
            return self.stated_percent
        if not self.available or not self.denominator:
            return None
        return 100.0 * self.numerator / self.denominator  # type: ignore[operator]

    @property
    def exact(self) -> Any:
        """The percent as an exact :class:`fractions.Fraction`, what a shown rate is rounded from:
        as published (98.53 -> 9853/100), else 100 · numerator / denominator (1008/1088 ->
        1575/17); ``None`` without one."""
        from fractions import Fraction

        from ..core.vnformat import exact_percent

        if self.stated_percent is not None:
            return exact_percent(self.stated_percent)
        if not self.available or not self.denominator:
            return None
        return Fraction(100 * self.numerator, self.denominator)  # type: ignore[operator]

    @property
    def status(self) -> str:
        if not self.available:
            return "not_available"
        if not self.applicable:
            return "not_applicable"
        return "ok"

    def to_dict(self) -> dict[str, Any]:
        """indicators.json: ``percent`` rounded once from :attr:`exact` to 2 decimals; a rate as
        published also gives ``stated_decimals``, the decimals a report shows it with."""
        from ..core.vnformat import rounded_percent

        exact = self.exact
        out = {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": None if exact is None else float(rounded_percent(exact, 2)),
            "status": self.status,
        }
        if self.stated_percent is not None:
            out["stated_decimals"] = self.stated_percent.decimals  # type: ignore[attr-defined]
        return out


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
    pending_overdue: int | None = None  # pending at the period's end and past its due date

    @property
    def resolved_late(self) -> int | None:
        if self.resolved is None or self.resolved_on_time is None:
            return None
        return self.resolved - self.resolved_on_time


@dataclass(frozen=True)
class ReconciliationItem:
    """A published figure set against the one computed from dossier data."""

    key: str
    label: str
    published: float | None
    computed: float | None

    @property
    def matches(self) -> bool | None:
        """None when the dossier data cannot give the figure: neither a match nor a difference."""
        return None if self.computed is None else self.published == self.computed

    @property
    def difference(self) -> float | None:
        if self.published is None or self.computed is None:
            return None
        return round(self.published - self.computed, 6)  # 95.66 − 95.68, not −0.0200000000000102

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "published": self.published,
            "computed": self.computed,
            "difference": self.difference,
            "matches": self.matches,
        }


@dataclass(frozen=True)
class Indicators:
    """Every indicator of one commune and period, and the findings of the checks.

    Built whole: :func:`dataclasses.replace` gives a copy with findings or reconciliation added.
    """

    commune: str | None
    period: Period
    source: str  # "dossiers" or "summary" (published figures): where this period's figures come from
    bieu06a: Bieu06a
    new_by_system: dict[str, int] | None = None  # {"TP": …, "BO": …}
    new_by_channel: dict[str, int] | None = None  # {"direct": …, "online": …, "postal": …}
    rates: dict[str, Rate] = field(default_factory=dict)
    units: tuple[UnitCount, ...] | None = None
    vertical_agencies: tuple[UnitCount, ...] | None = None
    catalogue: Catalogue | None = None
    feedback: FeedbackCounts | None = None
    findings: tuple[Finding, ...] = ()
    reconciliation: tuple[ReconciliationItem, ...] = ()
    stated_online: tuple[int | None, int | None] | None = None  # "tiếp nhận trực tuyến X/Y" as published
    computed: Indicators | None = None  # dossier-based figures beside a summary
    published: Indicators | None = None  # published figures beside dossier-based ones (reconciled)
    derived: tuple[str, ...] = ()  # figures not published but implied exactly by those that were
    qd766: Qd766Result | None = None  # Bộ chỉ số QĐ 766/QĐ-TTg (indicators/qd766.py)
    # Counted only for a row of the history (indicators/history.py): no Biểu 06a rows by field,
    # units, QĐ 766 or findings, which would otherwise read as "none"; never indicators.json.
    history_only: bool = False

    @property
    def counts(self) -> Bieu06aCounts:
        return self.bieu06a.total

    @property
    def resolved_in_time(self) -> int | None:
        """ "Giải quyết đúng hạn", (8)+(9), also where only the sum was published."""
        return self.counts.resolved_in_time

    def to_dict(self) -> dict[str, Any]:
        """The indicators.json structure (docs/indicators-json.md; stable keys first)."""
        if self.history_only:
            raise ValueError("indicators counted for a history row lack the detail of indicators.json")
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
                {"field_code": r.field_code, "field_name": r.field_name, **r.counts.to_dict()}
                for r in self.bieu06a.rows
            ],
            "new_by_system": self.new_by_system,
            "new_by_channel": self.new_by_channel,
            "rates": {name: rate.to_dict() for name, rate in self.rates.items()},
            "vertical_agencies": None
            if self.vertical_agencies is None
            else [asdict(u) for u in self.vertical_agencies],
            "units": None if self.units is None else [asdict(u) for u in self.units],
            "catalogue": None
            if self.catalogue is None
            else {
                "procedures": self.catalogue.procedures,
                "full_online": self.catalogue.full_online,
                "partial_online": self.catalogue.partial_online,
                "published": self.catalogue.published.to_dict(),
            },
            "feedback": None
            if self.feedback is None
            else {
                **asdict(self.feedback),
                "resolved_late": self.feedback.resolved_late,
            },
            "qd766": None if self.qd766 is None else self.qd766.to_dict(),
        }
        if self.stated_online is not None:
            out["stated_online"] = {"count": self.stated_online[0], "of": self.stated_online[1]}
        if self.source == "summary":
            out["derived"] = list(self.derived)
            out["computed_from_dossiers"] = None if self.computed is None else self.computed.counts.to_dict()
        if self.published is not None:
            out["published_figures"] = self.published.counts.to_dict()
        if self.source == "summary" or self.published is not None:
            out["reconciliation"] = [item.to_dict() for item in self.reconciliation]
        return out
