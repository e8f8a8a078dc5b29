"""Published figures as indicators: what they imply exactly, and how they compare with dossier data.

Real reports publish only some figures. :func:`derive_counts` fills in those the published
ones imply exactly (docs/published-figures.md); :func:`summary_indicators` turns a
:class:`~tthc_analysis.inputs.summary.PublishedSummary` into :class:`Indicators` with
``source == "summary"``; :func:`reconcile` sets every published figure beside the one
computed from the dossier exports.
"""

from __future__ import annotations

from ..core.errors import InputError
from ..core.labels import BIEU06A_KEYS, RATE_NAMES, RECONCILIATION
from ..core.text import fold
from ..inputs.summary import SUMS, PublishedSummary
from .qd766 import published_qd766
from .results import (
    Bieu06a,
    Bieu06aCounts,
    Bieu06aRow,
    Catalogue,
    FeedbackCounts,
    Indicators,
    Rate,
    ReconciliationItem,
    UnitCount,
)

# The identities of Biểu 06a and the report's sums, as whole = sum of parts.
# "new" is (4)+(5), "in_time" is (8)+(9), "overdue" is (10)+(13).
IDENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new", ("online", "direct_postal")),
    ("total", ("new", "carried_over")),
    ("total", ("resolved", "in_progress")),
    ("in_time", ("resolved_early", "resolved_on_time")),
    ("resolved", ("in_time", "resolved_late")),
    ("in_progress", ("in_progress_on_time", "in_progress_overdue")),
    ("overdue", ("resolved_late", "in_progress_overdue")),
)
# Keys of the figures as indicators.json names them.
JSON_KEYS = {**{key: key for key in BIEU06A_KEYS}, **{key: name for name, key in SUMS.items()}}


def derive_counts(published: dict[str, int | None]) -> tuple[dict[str, int | None], tuple[str, ...]]:
    """Fill in the figures the published ones imply exactly; return (all figures, derived keys).

    A figure is derived from an identity whose other terms are all known (published or
    derived before), and only when the result is not negative; a sum of 0 makes every part
    0. Published figures that contradict each other derive nothing: the checks report them.
    """
    values = dict(published)
    derived: list[str] = []
    changed = True
    while changed:
        changed = False
        for whole, parts in IDENTITIES:
            unknown = [t for t in (whole, *parts) if values.get(t) is None]
            if values.get(whole) == 0:
                for term in unknown:  # counts are never negative: a sum of 0 has parts of 0
                    values[term] = 0
                    derived.append(term)
                changed = changed or bool(unknown)
                continue
            if len(unknown) != 1:
                continue
            target = unknown[0]
            if target == whole:
                value = sum(values[p] for p in parts)  # type: ignore[misc]
            else:
                value = values[whole] - sum(values[p] for p in parts if p != target)  # type: ignore[operator]
            if value >= 0:
                values[target] = value
                derived.append(target)
                changed = True
    return values, tuple(derived)


def _check_sums(summary: PublishedSummary) -> None:
    """A sum published together with all of its parts must equal them (a slip in the file)."""
    counts = summary.counts
    for whole, parts in IDENTITIES:
        terms = [counts.get(t) for t in (whole, *parts)]
        if whole in SUMS.values() and None not in terms and terms[0] != sum(terms[1:]):  # type: ignore[arg-type]
            name = JSON_KEYS[whole]
            raise InputError(
                f"{name} {terms[0]} khác {' + '.join(parts)} = {sum(terms[1:])}",  # type: ignore[arg-type]
                file=summary.path,
                column=name,
            )


def _rates(summary: PublishedSummary, counts: Bieu06aCounts) -> dict[str, Rate]:
    """Published rates beside the counts they are rates of (the counts may be unknown), each
    with the decimals it was written with."""
    from ..core.vnformat import written_decimals

    of_counts = {
        "on_time": (counts.resolved_in_time, counts.resolved),  # (8)+(9) / (7)
        "online": (counts.online, counts.new),  # (4) / ((4)+(5))
        "in_progress": (counts.in_progress, counts.total),  # (11) / (3)
    }
    rates = {}
    for name in RATE_NAMES:
        numerator, denominator = of_counts.get(name, (None, None))
        if numerator is None or denominator is None:
            numerator = denominator = None
        stated = summary.rates.get(name)  # with the decimals it was written with (98.50: 2)
        rates[name] = Rate(numerator, denominator, stated, None if stated is None else written_decimals(stated))
    return rates


def summary_indicators(summary: PublishedSummary, commune: str | None = None) -> Indicators:
    """The published figures as indicators (without findings), with what they imply filled in."""
    _check_sums(summary)
    published = dict(summary.counts)
    systems = summary.new_by_system or {}
    implied: tuple[str, ...] = ()
    if published["new"] is None and set(systems) == {"TP", "BO"} and None not in systems.values():
        published["new"] = sum(systems.values())  # type: ignore[arg-type]  # city + ministries' systems
        implied = ("new",)  # implied by the systems, not published as a figure
    values, derived = derive_counts(published)
    derived = implied + derived
    counts = Bieu06aCounts(
        **{k: values[k] for k in BIEU06A_KEYS},
        stated_new=values["new"],
        stated_in_time=values["in_time"],
        stated_overdue=values["overdue"],
    )
    catalogue = summary.catalogue
    if catalogue is not None:
        catalogue = Catalogue(
            catalogue["procedures"],
            catalogue["full_online"],
            catalogue["partial_online"],
            Rate(None, None, catalogue["published_percent"]),
        )
    feedback = None if summary.feedback is None else FeedbackCounts(**summary.feedback)
    return Indicators(
        commune=commune,
        period=summary.period,
        source="summary",
        bieu06a=Bieu06a(summary.period, _field_rows(summary), counts),
        new_by_system=summary.new_by_system,
        rates=_rates(summary, counts),
        vertical_agencies=None
        if summary.vertical_agencies is None
        else tuple(UnitCount(unit, total) for unit, total in summary.vertical_agencies),
        catalogue=catalogue,
        feedback=feedback,
        stated_online=summary.stated_online,
        derived=tuple(sorted({JSON_KEYS[k] for k in derived})),
        qd766=published_qd766(counts, period=summary.period, commune=commune, catalogue=catalogue, feedback=feedback),
    )


def _field_rows(summary: PublishedSummary) -> tuple[Bieu06aRow, ...]:
    """The rows by field of a published Biểu 06a (a workbook's), each as published."""
    return tuple(Bieu06aRow(None, name, Bieu06aCounts(**figures)) for name, figures in summary.fields)


def _flatten(indicators: Indicators) -> dict[str, float | None]:
    counts = indicators.counts
    out: dict[str, float | None] = {k: getattr(counts, k) for k in BIEU06A_KEYS}
    out.update(new=counts.new, resolved_in_time=counts.resolved_in_time, overdue=counts.overdue)
    for system, value in (indicators.new_by_system or {}).items():
        out[f"new_by_system.{system}"] = value
    if indicators.catalogue is not None:
        out["catalogue.full_online"] = indicators.catalogue.full_online
        out["catalogue.partial_online"] = indicators.catalogue.partial_online
    if indicators.feedback is not None:
        for key in ("received", "resolved", "pending"):
            out[f"feedback.{key}"] = getattr(indicators.feedback, key)
    for unit in indicators.vertical_agencies or ():
        out[f"unit.{fold(unit.unit)}"] = unit.total
    return out


def _rates_as_published(published: Indicators, computed: Indicators) -> tuple[dict, dict]:
    """Each published rate as written, beside the counted one rounded once to the same decimals
    (vnformat.rounded_percent): 96 beside 95,677 % is 96 against 96, a match; 95,66 beside it is
    95,66 against 95,68, a difference."""
    from ..core.vnformat import rounded_percent

    mine, theirs = {}, {}
    for name, rate in published.rates.items():
        if rate.stated_percent is None:
            continue
        decimals = 1 if rate.stated_decimals is None else rate.stated_decimals
        counted = computed.rates.get(name)
        exact = None if counted is None else counted.exact
        mine[f"rates.{name}"] = float(rate.stated_percent)
        theirs[f"rates.{name}"] = None if exact is None else float(rounded_percent(exact, decimals))
    return mine, theirs


def reconcile(published: Indicators, computed: Indicators) -> tuple[ReconciliationItem, ...]:
    """Every published figure beside the one computed from dossier data.

    Figures the summary neither gives nor implies are left out, and so are the implied
    ones (they are not published); a published figure the dossier data cannot give (a
    column missing) is listed with ``computed`` None.
    """
    mine, theirs = _flatten(published), _flatten(computed)
    mine_rates, their_rates = _rates_as_published(published, computed)
    mine.update(mine_rates)
    theirs.update(their_rates)
    # The stated "X/Y trực tuyến" is set against online (4) over new (4)+(5).
    if published.stated_online is not None:
        mine["stated_online.count"], mine["stated_online.of"] = published.stated_online
        theirs["stated_online.count"], theirs["stated_online.of"] = computed.counts.online, computed.counts.new
    names = {f"unit.{fold(u.unit)}": u.unit for u in (published.vertical_agencies or ())}
    return tuple(
        ReconciliationItem(key, RECONCILIATION.get(key) or f"Ngành dọc: {names.get(key, key)}", value, theirs.get(key))
        for key, value in mine.items()
        if value is not None and key not in published.derived
    )
