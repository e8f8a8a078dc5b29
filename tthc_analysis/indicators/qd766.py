"""Bộ chỉ số QĐ 766/QĐ-TTg (chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân,
doanh nghiệp): the indicators a commune's exports, the catalogue and feedback (PAKN) support.

Formulas, point scales and their sources are in docs/qd766.md. Each indicator is a ratio of
two counts; its points follow a scale: linear (max × ratio) or a threshold T (max from T
on, max × ratio / T below). A ratio that cannot be known has no points — never 0, never
full points — except where the portal's own rule gives them (5.2 with no PAKN: full points).
The total is "X điểm trên Y điểm tối đa của các chỉ số tính được", never a score out of 100.

For the city report (ratio of sums, then points)::

    combine_qd766(results: Iterable[Qd766Result], label: str | None = None) -> Qd766Result

``results`` are the communes' ``Indicators.qd766`` of one period (a summary commune's
dossier-based figures, when wanted, are ``Indicators.computed.qd766``). Numerators and
denominators are summed per indicator; an indicator not known for one commune is not known
for the city. Raises ``ValueError`` for an empty list or mixed periods.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction as Exact
from typing import Any

import pandas as pd

from ..core.labels import QD766_NAMES
from ..core.periods import Period
from ..core.vnformat import rounded_percent
from ..inputs.codes import CHANNEL_DIRECT, CHANNEL_ONLINE, LEVEL_FULL_ONLINE, LEVEL_PARTIAL_ONLINE
from ..inputs.tables import LoadedTable
from .qd766_spec import NO_FEEDBACK_RULE, NOT_SUPPORTED, SPECS, points
from .results import Bieu06aCounts, Catalogue, FeedbackCounts, Rate


def _two_decimals(numerator: int, denominator: int) -> float:
    """The ratio in percent to 2 decimals, rounded once from the exact ratio as every rate is
    (indicators.json's rates and QĐ 766 agree: 1/32 is 3.13 in both)."""
    return float(rounded_percent(Exact(100 * numerator, denominator), 2))


@dataclass(frozen=True)
class Qd766Indicator:
    """One indicator of QĐ 766 for a commune (or a city) and period.

    ``numerator``/``denominator`` None: not available (``points`` None). A denominator of 0
    is "không phát sinh": no points, except where the portal's rule gives them (``rule``).
    """

    code: str
    name: str
    numerator: int | None
    denominator: int | None
    points: float | None
    max_points: int
    scale: str  # "linear", "threshold 80%" …
    confirmed: bool
    source: str  # "dossiers", "catalogue", "feedback", "summary" (several joined by "+")
    reference: str
    approximation: str
    rule: str | None = None  # "no_feedback_full_points" when the portal's rule gave the points

    @property
    def value(self) -> float | None:
        """The ratio in percent, None when not available or the denominator is 0."""
        if self.numerator is None or not self.denominator:
            return None
        return 100.0 * self.numerator / self.denominator

    @property
    def status(self) -> str:
        """ "ok", "not_applicable" (denominator 0) or "not_available"."""
        return Rate(self.numerator, self.denominator).status

    def to_dict(self) -> dict[str, Any]:
        """The indicator in indicators.json (value and points with 2 decimals)."""
        value = self.value
        return {
            "code": self.code,
            "name": self.name,
            "value": None if value is None else _two_decimals(self.numerator, self.denominator),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "status": self.status,
            "points": None if self.points is None else round(self.points, 2),
            "max": self.max_points,
            "scale": self.scale,
            "confirmed": self.confirmed,
            "source": self.source,
            "reference": self.reference,
            "approximation": self.approximation,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Qd766Unsupported:
    """An indicator of QĐ 766 the data cannot support, and why."""

    code: str
    name: str
    max_points: int
    reason: str


@dataclass(frozen=True)
class Qd766Result:
    """The QĐ 766 indicators of one commune (or several combined) and one period."""

    period: Period
    communes: tuple[str, ...]
    indicators: tuple[Qd766Indicator, ...]
    not_supported: tuple[Qd766Unsupported, ...]
    # 3.2's sets (procedure codes offered online, and those with an online dossier): a city
    # counts a procedure once, however many communes used it.
    services_offered: frozenset[str] | None = None
    services_used: frozenset[str] | None = None

    def indicator(self, code: str) -> Qd766Indicator:
        """The indicator of ``code`` ("2.1" …)."""
        return next(i for i in self.indicators if i.code == code)

    @property
    def scored(self) -> tuple[Qd766Indicator, ...]:
        """The indicators that have points."""
        return tuple(i for i in self.indicators if i.points is not None)

    @property
    def points(self) -> float:
        """Points of the indicators that have points."""
        return float(sum(i.points for i in self.scored))  # type: ignore[misc]

    @property
    def max_points(self) -> int:
        """The maximum of the indicators that have points (not 100)."""
        return sum(i.max_points for i in self.scored)

    def to_dict(self) -> dict[str, Any]:
        """indicators.json "qd766" (docs/indicators-json.md)."""
        return {
            "communes": list(self.communes),
            "indicators": {i.code: i.to_dict() for i in self.indicators},
            "points": round(self.points, 2),
            "max_points": self.max_points,
            "scored": [i.code for i in self.scored],
            "unconfirmed_scales": [i.code for i in self.scored if not i.confirmed],
            "not_supported": [
                {"code": u.code, "name": u.name, "max": u.max_points, "reason": u.reason} for u in self.not_supported
            ],
        }


Fraction = tuple[int | None, int | None, str]  # numerator, denominator, source


def score(code: str, numerator: int | None, denominator: int | None, source: str) -> Qd766Indicator:
    """The indicator ``code`` from its counts (None: not available)."""
    spec = SPECS[code]
    value, rule = None, None
    if numerator is not None and denominator:
        value = points(spec, numerator, denominator)
    elif denominator == 0 and spec.full_points_when_none:
        value, rule = float(spec.max_points), NO_FEEDBACK_RULE
    return Qd766Indicator(
        code,
        QD766_NAMES[code],
        numerator if denominator is not None else None,
        denominator if numerator is not None else None,
        value,
        spec.max_points,
        spec.scale,
        spec.confirmed,
        source,
        spec.reference,
        spec.approximation,
        rule,
    )


def _result(
    period: Period,
    communes: tuple[str, ...],
    fractions: dict[str, Fraction],
    services: tuple[frozenset[str], frozenset[str]] | None = None,
) -> Qd766Result:
    return Qd766Result(
        period,
        communes,
        tuple(score(code, *fractions[code]) for code in SPECS),
        tuple(Qd766Unsupported(code, QD766_NAMES[code], top, why) for code, (top, why) in NOT_SUPPORTED.items()),
        *(services or (None, None)),
    )


def on_time_fraction(counts: Bieu06aCounts, source: str) -> Fraction:
    """2.1: ((8)+(9)+(12)) / (3) — finished on or before the due date, or in progress within it."""
    in_time, on_time_pending = counts.resolved_in_time, counts.in_progress_on_time
    if in_time is None or on_time_pending is None or counts.total is None:
        return None, None, source
    if in_time + on_time_pending > counts.total:  # published figures that contradict each other
        return None, None, source
    return in_time + on_time_pending, counts.total, source


def feedback_fraction(feedback: FeedbackCounts | None, source: str) -> Fraction:
    """5.2: PAKN resolved on time + pending within the due date / PAKN taking part in the period."""
    if feedback is None or feedback.resolved is None or feedback.pending is None:
        return None, None, source
    overdue = 0 if feedback.pending == 0 else feedback.pending_overdue
    if feedback.resolved_on_time is None or overdue is None:
        return None, None, source
    if feedback.resolved_on_time > feedback.resolved or overdue > feedback.pending:  # contradicting figures
        return None, None, source
    return feedback.resolved_on_time + feedback.pending - overdue, feedback.resolved + feedback.pending, source


def _catalogue_fraction(catalogue: Catalogue | None, source: str) -> Fraction:
    """3.1: procedures offered online (MucDo 3, 4) / procedures of the catalogue."""
    if catalogue is None or None in (catalogue.full_online, catalogue.partial_online, catalogue.procedures):
        return None, None, source
    return catalogue.full_online + catalogue.partial_online, catalogue.procedures, source  # type: ignore[operator]


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].eq(1).fillna(False).astype(bool)


def _online(dossiers: LoadedTable) -> pd.Series:
    """Submitted online (KenhThucHien 2; an empty channel is direct)."""
    return dossiers.frame["channel"].fillna(CHANNEL_DIRECT).eq(CHANNEL_ONLINE).astype(bool)


def _codes(values: pd.Series) -> set[str]:
    """Distinct procedure codes as text (unique first: an export may have millions of rows)."""
    return {str(v).strip() for v in values.dropna().unique()} - {""}


def _services(
    dossiers: LoadedTable, new: pd.Series, procedures: LoadedTable | None
) -> tuple[frozenset[str], frozenset[str]] | None:
    """3.2's sets: online procedures (MucDo 3, 4), and the procedures with a dossier submitted
    online in the period; None without the catalogue or the columns."""
    if procedures is None or not (dossiers.has("procedure_code") and dossiers.has("channel")):
        return None
    catalogue = procedures.frame
    offered = _codes(
        catalogue.loc[catalogue["level"].isin([LEVEL_FULL_ONLINE, LEVEL_PARTIAL_ONLINE]), "procedure_code"]
    )
    return frozenset(offered), frozenset(_codes(dossiers.frame.loc[new & _online(dossiers), "procedure_code"]))


def _services_fraction(services: tuple[frozenset[str], frozenset[str]] | None) -> Fraction:
    """3.2: online procedures with a dossier submitted online in the period / online procedures."""
    if services is None:
        return None, None, "dossiers+catalogue"
    offered, used = services
    return len(offered & used), len(offered), "dossiers+catalogue"


def _dossier_fractions(dossiers: LoadedTable, new: pd.Series) -> dict[str, Fraction]:
    """3.3, 4.1, 4.2 over dossiers received in the period; not available without their columns."""
    frame, received = dossiers.frame, int(new.sum())
    has = dossiers.has
    out: dict[str, Fraction] = dict.fromkeys(("3.3", "4.1", "4.2"), (None, None, "dossiers"))
    if has("e_result"):
        e_result = new & _flag(frame, "e_result")
        out["4.1"] = int(e_result.sum()), received, "dossiers"
        if has("channel"):
            out["3.3"] = int((e_result & _online(dossiers)).sum()), received, "dossiers"
        if has("digitised"):
            out["4.2"] = int((e_result & _flag(frame, "digitised")).sum()), received, "dossiers"
    return out


def dossier_qd766(
    dossiers: LoadedTable,
    masks: pd.DataFrame,
    counts: Bieu06aCounts,
    rates: dict[str, Rate],
    *,
    period: Period,
    commune: str | None = None,
    procedures: LoadedTable | None = None,
    catalogue: Catalogue | None = None,
    feedback: FeedbackCounts | None = None,
) -> Qd766Result:
    """QĐ 766 from dossier data (``masks`` of :func:`~.bieu06a.classify`, ``rates`` of
    :func:`~.others.dossier_rates`), the catalogue and feedback (None: not available)."""
    new = masks["new"]
    services = _services(dossiers, new, procedures)
    fractions: dict[str, Fraction] = {
        "2.1": on_time_fraction(counts, "dossiers"),
        "3.1": _catalogue_fraction(catalogue, "catalogue"),
        "3.2": _services_fraction(services),
        **_dossier_fractions(dossiers, new),
        # 3.6 and 4.3 are the rates online_payment and reuse of docs/counting.md.
        "3.6": (rates["online_payment"].numerator, rates["online_payment"].denominator, "dossiers"),
        "4.3": (rates["reuse"].numerator, rates["reuse"].denominator, "dossiers"),
        "5.2": feedback_fraction(feedback, "feedback"),
    }
    return _result(period, (commune,) if commune else (), fractions, services)


def published_qd766(
    counts: Bieu06aCounts,
    *,
    period: Period,
    commune: str | None = None,
    catalogue: Catalogue | None = None,
    feedback: FeedbackCounts | None = None,
) -> Qd766Result:
    """QĐ 766 from published figures (source "summary"): 2.1 from (8)+(9), (12), (3); 3.1 from
    the catalogue counts; 5.2 from the PAKN counts. Published rates have no counts: the rest is
    not available."""
    fractions: dict[str, Fraction] = dict.fromkeys(SPECS, (None, None, "summary"))
    fractions["2.1"] = on_time_fraction(counts, "summary")
    fractions["3.1"] = _catalogue_fraction(catalogue, "summary")
    fractions["5.2"] = feedback_fraction(feedback, "summary")
    return _result(period, (commune,) if commune else (), fractions)


def combine_qd766(results: Iterable[Qd766Result], label: str | None = None) -> Qd766Result:
    """Several communes of one period as one (a city): per indicator, the sum of the numerators
    over the sum of the denominators, then points — a ratio of sums, not a mean of ratios.

    What is the city's, not each commune's, is counted once: 3.1 comes from the one catalogue
    (the same fraction for every commune), and 3.2 counts a procedure once however many
    communes received an online dossier of it. An indicator not available for one commune is
    not available for all; ``label`` names the whole (``communes`` is then ``(label,)``).
    """
    items = list(results)
    if not items:
        raise ValueError("combine_qd766 needs at least one commune")
    if len({r.period.id for r in items}) != 1:
        raise ValueError(f"communes of different periods: {sorted({r.period.id for r in items})}")
    fractions = {code: _summed([r.indicator(code) for r in items]) for code in SPECS}
    catalogue = {(i.numerator, i.denominator) for i in (r.indicator("3.1") for r in items)}
    if len(catalogue) == 1:  # one catalogue for the city: counted once
        fractions["3.1"] = (*next(iter(catalogue)), fractions["3.1"][2])
    services = None
    if all(r.services_offered is not None and r.services_used is not None for r in items):
        services = (
            frozenset().union(*(r.services_offered for r in items)),  # type: ignore[misc]
            frozenset().union(*(r.services_used for r in items)),  # type: ignore[misc]
        )
        fractions["3.2"] = _services_fraction(services)
    communes = (label,) if label else tuple(c for r in items for c in r.communes)
    return _result(items[0].period, communes, fractions, services)


def _summed(parts: list[Qd766Indicator]) -> Fraction:
    sources = "+".join(sorted({s for p in parts for s in p.source.split("+")}))
    if any(p.numerator is None or p.denominator is None for p in parts):
        return None, None, sources
    return sum(p.numerator for p in parts), sum(p.denominator for p in parts), sources  # type: ignore[misc]
