"""The city's consolidated view (tổng hợp toàn thành phố, tỉnh) of one period.

Every commune of a data root is counted exactly as its own report counts it
(:func:`~tthc_analysis.indicators.commune.commune_indicators`), so a commune's row is its
own indicators.json and the city's total row is the sum of the rows. On top: the
city's rates as ratios of summed counts, rankings, the communes that changed most, the
communes whose published figures disagree with their exports or with themselves, and
the communes with no data. :meth:`CityIndicators.to_dict` is city.json (docs/city.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import Finding, InputError
from ..core.labels import BIEU06A_KEYS
from ..core.periods import Period
from ..core.text import fold
from ..inputs.dataroot import Commune, DataRoot
from .commune import commune_indicators, comparable, indicators_if_any, load_commune
from .qd766 import Qd766Result, combine_qd766
from .results import Bieu06aCounts, Indicators, Rate

# Findings that say published figures disagree with themselves (the identities and rates of
# docs/counting.md) or with the dossier exports of the same period.
SELF_DISAGREEMENT = (
    "TOTAL_NOT_CARRIED_PLUS_NEW",
    "TOTAL_NOT_RESOLVED_PLUS_IN_PROGRESS",
    "RESOLVED_NOT_SUM",
    "IN_PROGRESS_NOT_SUM",
    "NEW_NOT_SUM_OF_SYSTEMS",
    "ONLINE_STATED_EXCEEDS_NEW",
    "RATE_NOT_MATCHING_COUNTS",
    "RATE_OUT_OF_RANGE",
    "PERIOD_TEXT_MISMATCH",
)
EXPORT_DISAGREEMENT = ("RECONCILIATION_DIFFERENCE",)
# Rankings: (rate or count key, the better direction). Counts are Biểu 06a sums.
RANKED: tuple[tuple[str, str], ...] = (
    ("on_time", "higher"),
    ("online", "higher"),
    ("overdue", "lower"),
    ("digitisation", "higher"),
)
CITY_RATES = ("on_time", "online", "online_payment", "digitisation", "e_result", "reuse")
CHANGES_SHOWN = 5


@dataclass(frozen=True)
class CommuneResult:
    """One commune in the city's view: its indicators, or why it has none ("không có dữ liệu")."""

    commune: Commune
    indicators: Indicators | None
    previous: Indicators | None = None  # the previous period (kỳ trước)
    last_year: Indicators | None = None  # the same period last year (cùng kỳ năm trước)
    problem: str | None = None

    @property
    def has_data(self) -> bool:
        return self.indicators is not None


@dataclass(frozen=True)
class CityRate:
    """A city rate: the ratio of the summed counts of the communes that have both."""

    rate: Rate
    covered: tuple[str, ...]  # communes counted
    missing: tuple[str, ...]  # communes with data but without this rate's counts


@dataclass(frozen=True)
class Ranking:
    """Communes ordered best first on one indicator; equal values share a rank (1, 2, 2, 4)."""

    key: str
    better: str  # "higher" or "lower"
    entries: tuple[tuple[int, str, float], ...]  # (rank, commune id, value)
    missing: tuple[str, ...]  # communes without a value


@dataclass(frozen=True)
class Change:
    """A commune's indicator against an earlier period ("previous" or "last_year")."""

    commune: str
    key: str  # "new" (dossiers received) or "on_time" (rate, in percentage points)
    against: str
    now: int | float  # a count of dossiers stays an int (city.json says 13, not 13.0)
    before: int | float

    @property
    def delta(self) -> int | float:
        return self.now - self.before

    @property
    def relative(self) -> float | None:
        """The change as a share of the earlier value (counts); None for rates or from 0."""
        if self.key != "new" or not self.before:
            return None
        return self.delta / self.before


@dataclass(frozen=True)
class CityQd766:
    """The QĐ 766 index of the city: the communes' dossier-based figures combined (ratio of sums).

    The portal computes the index from the dossiers synced to it, not from published reports;
    so a commune whose report is published figures takes part with the figures counted from its
    exports, and one without exports is left out (and named).
    """

    result: Qd766Result
    communes: tuple[str, ...]  # taking part
    left_out: tuple[str, ...]  # with data, but no dossier-based QĐ 766 figures

    def to_dict(self) -> dict[str, Any]:
        return {**self.result.to_dict(), "communes": list(self.communes), "left_out": list(self.left_out)}


def dossier_qd766(indicators: Indicators) -> Qd766Result | None:
    """A commune's QĐ 766 figures counted from its dossier exports, when it has them."""
    if indicators.source == "dossiers":
        return indicators.qd766
    return None if indicators.computed is None else indicators.computed.qd766


def city_qd766(results: Iterable[CommuneResult], label: str) -> CityQd766 | None:
    """The city's QĐ 766 index over the communes with dossier data (None when none has)."""
    found, left_out = [], []
    for result in results:
        qd766 = dossier_qd766(result.indicators)
        (left_out.append(result.commune.id) if qd766 is None else found.append((result.commune.id, qd766)))
    if not found:
        return None
    combined = combine_qd766([q for _, q in found], label=label)
    return CityQd766(combined, tuple(c for c, _ in found), tuple(left_out))


@dataclass(frozen=True)
class CityIndicators:
    """The consolidated view of one period over the communes of a data root."""

    period: Period
    city: str  # "thành phố Hải Phòng"
    communes: tuple[CommuneResult, ...]
    total: Bieu06aCounts
    rates: dict[str, CityRate]
    rankings: tuple[Ranking, ...]
    changes: tuple[Change, ...]
    findings: tuple[tuple[str, Finding], ...] = field(default=())  # (commune id, finding)
    qd766: CityQd766 | None = None

    @property
    def with_data(self) -> tuple[CommuneResult, ...]:
        return tuple(c for c in self.communes if c.has_data)

    @property
    def no_data(self) -> tuple[CommuneResult, ...]:
        return tuple(c for c in self.communes if not c.has_data)

    def disagreements(self) -> dict[str, dict[str, tuple[Finding, ...]]]:
        """Communes whose published figures disagree: {"id": {"itself": …, "exports": …}}."""
        out: dict[str, dict[str, tuple[Finding, ...]]] = {}
        for result in self.with_data:
            findings = result.indicators.findings
            itself = tuple(f for f in findings if f.code in SELF_DISAGREEMENT)
            exports = tuple(f for f in findings if f.code in EXPORT_DISAGREEMENT)
            if itself or exports:
                out[result.commune.id] = {"itself": itself, "exports": exports}
        return out

    def to_dict(self) -> dict[str, Any]:
        """city.json (docs/city.md): the keys of indicators.json per commune, and the total."""
        communes: dict[str, Any] = {}
        for result in self.communes:
            if result.indicators is None:
                communes[result.commune.id] = {
                    "name": result.commune.full_name,
                    "source": None,
                    "problem": result.problem,
                }
                continue
            data = result.indicators.to_dict()
            communes[result.commune.id] = {"name": result.commune.full_name, **data}
        return {
            "period": self.period.to_dict(),
            "city": self.city,
            "communes": communes,
            "total": {
                "bieu06a": self.total.to_dict(),
                "new": self.total.new,
                "resolved_in_time": self.total.resolved_in_time,
                "overdue": self.total.overdue,
                "rates": {
                    k: {**r.rate.to_dict(), "communes": list(r.covered), "missing": list(r.missing)}
                    for k, r in self.rates.items()
                },
                "qd766": None if self.qd766 is None else self.qd766.to_dict(),
            },
            "rankings": {
                r.key: {
                    "better": r.better,
                    "order": [{"rank": n, "commune": c, "value": v} for n, c, v in r.entries],
                    "missing": list(r.missing),
                }
                for r in self.rankings
            },
            "changes": [
                {
                    "commune": c.commune,
                    "key": c.key,
                    "against": c.against,
                    "now": c.now,
                    "before": c.before,
                    "delta": c.delta,
                }
                for c in self.changes
            ],
            "disagreements": {
                cid: {side: [f.to_dict() for f in found] for side, found in sides.items()}
                for cid, sides in self.disagreements().items()
            },
            "no_data": [c.commune.id for c in self.no_data],
            "findings": [{"commune": cid, **f.to_dict()} for cid, f in self.findings],
        }


def commune_result(root: DataRoot, commune: Commune, period: Period, source: str = "auto") -> CommuneResult:
    """One commune for the city: this period, the previous one and the same one last year, each
    from ``source`` (core/sources.py)."""
    try:
        data = load_commune(root, commune.id)
        indicators = commune_indicators(root, commune.id, period, data=data, source=source)
    except InputError as exc:
        return CommuneResult(commune, None, problem=str(exc))
    return CommuneResult(
        commune,
        indicators,
        previous=indicators_if_any(data, period.previous(), source),
        last_year=indicators_if_any(data, period.same_period_last_year(), source),
    )


def sum_counts(counts: Iterable[Bieu06aCounts]) -> Bieu06aCounts:
    """Column by column; a column some row does not know is not known in the total either."""
    rows = list(counts)
    total: dict[str, int | None] = {}
    for key in BIEU06A_KEYS:
        values = [getattr(c, key) for c in rows]
        total[key] = None if not rows or any(v is None for v in values) else sum(values)
    # The report's sums, (4)+(5), (8)+(9), (10)+(13), also where a row published only the sum.
    stated = {}
    for key, sum_key in (("new", "stated_new"), ("resolved_in_time", "stated_in_time"), ("overdue", "stated_overdue")):
        values = [getattr(c, key) for c in rows]
        stated[sum_key] = None if not rows or any(v is None for v in values) else sum(values)
    return Bieu06aCounts(**total, **stated)


def city_rate(results: Iterable[CommuneResult], name: str) -> CityRate:
    """The ratio of summed numerators and denominators over communes that have both."""
    covered, missing, numerator, denominator = [], [], 0, 0
    for result in results:
        rate = result.indicators.rates.get(name)
        if rate is None or rate.numerator is None or rate.denominator is None:
            missing.append(result.commune.id)
            continue
        covered.append(result.commune.id)
        numerator += rate.numerator
        denominator += rate.denominator
    rate = Rate(numerator, denominator) if covered else Rate(None, None)
    return CityRate(rate, tuple(covered), tuple(missing))


def ranked_value(indicators: Indicators, key: str) -> float | None:
    """The value a ranking orders by, as the page shows it, so that what looks equal ties: a rate
    rounded once by :func:`~tthc_analysis.core.vnformat.rounded_percent`, from the exact ratio of
    its counts when it has them (1/16 -> 6.3, 1999/2000 -> 99.9, never 100), else as published
    with its own decimals (98.53 -> 98.53); or a Biểu 06a sum."""
    from fractions import Fraction

    from ..core.vnformat import STATED_DECIMALS, exact_percent, rounded_percent, written_decimals

    if key in indicators.rates:
        rate = indicators.rates[key]
        if rate.numerator is not None and rate.denominator:
            return float(rounded_percent(Fraction(100 * rate.numerator, rate.denominator)))
        if rate.stated_percent is None:
            return None
        decimals = min(written_decimals(rate.stated_percent), STATED_DECIMALS)
        return float(rounded_percent(exact_percent(rate.stated_percent), decimals))
    value = getattr(indicators.counts, key)
    return None if value is None else float(value)


def ranking(results: Iterable[CommuneResult], key: str, better: str) -> Ranking:
    """Best first; equal values (as shown) share the rank and are listed by name."""
    values, missing = [], []
    for result in results:
        value = ranked_value(result.indicators, key)
        (missing.append(result.commune.id) if value is None else values.append((value, result.commune)))
    sign = -1 if better == "higher" else 1
    values.sort(key=lambda item: (sign * item[0], fold(item[1].name)))
    entries, rank = [], 0
    for position, (value, commune) in enumerate(values, start=1):
        if not entries or value != entries[-1][2]:
            rank = position
        entries.append((rank, commune.id, value))
    return Ranking(key, better, tuple(entries), tuple(missing))


def _change(result: CommuneResult, key: str, against: str) -> Change | None:
    earlier = getattr(result, against)
    if not comparable(result.indicators, earlier):
        return None  # nothing then, or figures from another source: not set against each other
    if key == "new":
        now, before = result.indicators.counts.new, earlier.counts.new
    else:
        now, before = result.indicators.rates[key].percent, earlier.rates[key].percent
    if now is None or before is None:
        return None
    if key != "new":
        now, before = float(now), float(before)
    return Change(result.commune.id, key, against, now, before)


def largest_changes(results: Iterable[CommuneResult], shown: int = CHANGES_SHOWN) -> tuple[Change, ...]:
    """Per comparison and indicator, the communes that changed most (by relative change for
    dossiers received, by percentage points for the on-time rate); unchanged ones included
    when fewer changed, so "không đổi" is said, not "no data"."""
    results = list(results)
    out: list[Change] = []
    for against in ("previous", "last_year"):
        for key in ("new", "on_time"):
            found = [c for c in (_change(r, key, against) for r in results) if c is not None]
            size: Callable[[Change], float] = (
                (lambda c: abs(c.relative) if c.relative is not None else (float("inf") if c.delta else 0.0))
                if key == "new"
                else (lambda c: abs(c.delta))
            )
            out += sorted(found, key=lambda c: (-size(c), c.commune))[:shown]
    return tuple(out)


def city_indicators(
    root: DataRoot,
    period: Period,
    communes: Iterable[str] | None = None,
    progress: Callable[[Iterable[Commune]], Iterable[Commune]] = lambda items: items,
    source: str = "auto",
) -> CityIndicators:
    """The consolidated view of ``period`` over ``communes`` (default: every commune of the root),
    each commune's figures from ``source`` (core/sources.py)."""
    known = root.communes()
    chosen = [root.commune(c) for c in communes] if communes else list(known.values())
    results = tuple(commune_result(root, commune, period, source) for commune in progress(chosen))
    with_data = [r for r in results if r.has_data]
    city = next((c.city for c in chosen if c.city), "")
    return CityIndicators(
        period=period,
        city=city,
        communes=results,
        total=sum_counts(r.indicators.counts for r in with_data),
        rates={name: city_rate(with_data, name) for name in CITY_RATES},
        rankings=tuple(ranking(with_data, key, better) for key, better in RANKED),
        changes=largest_changes(with_data),
        findings=tuple((r.commune.id, f) for r in with_data for f in r.indicators.findings),
        qd766=city_qd766(with_data, city or "city"),
    )
