"""Bộ chỉ số QĐ 766/QĐ-TTg for a city (combine_qd766 in tthc_analysis/indicators/qd766.py): a ratio
of sums per indicator, the catalogue and a procedure counted once, sources joined; values worked out
by hand in the comments (scales as in tests/test_qd766_rules.py: 2.1 20 linear, 3.1 2 threshold 80%,
3.2 4 linear, 5.2 6 linear)."""

from __future__ import annotations

import pandas as pd
import pytest

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.qd766 import combine_qd766, dossier_qd766, published_qd766
from tthc_analysis.indicators.results import Bieu06aCounts, Catalogue, FeedbackCounts, Rate
from tthc_analysis.inputs.tables import LoadedTable

FEBRUARY = parse_period("2026-02")
MARCH = parse_period("2026-03")
NONE = Rate(None, None)
CATALOGUE = Catalogue(procedures=8, full_online=4, partial_online=2, published=NONE)  # 6/8


def _got(result, code):
    item = result.indicator(code)
    return item.numerator, item.denominator, None if item.points is None else round(item.points, 4), item.source


def _published(commune, total, early, on_time, pending_on_time, *, catalogue=CATALOGUE, feedback=None, period=FEBRUARY):
    counts = Bieu06aCounts(
        total=total, resolved_early=early, resolved_on_time=on_time, in_progress_on_time=pending_on_time
    )
    return published_qd766(counts, period=period, commune=commune, catalogue=catalogue, feedback=feedback)


def _counted(commune, online_codes, levels):
    """A commune counted from dossiers: one online dossier with an e-result per code, all received in
    the period; the catalogue ``levels`` (code, MucDo)."""
    frame = pd.DataFrame(
        {
            "procedure_code": pd.Series(online_codes, dtype=object),
            "channel": pd.array([2] * len(online_codes), dtype="Int8"),
            "e_result": pd.array([1] * len(online_codes), dtype="Int8"),
        }
    )
    masks = pd.DataFrame({"new": [True] * len(online_codes)})
    procedures = pd.DataFrame(
        {"procedure_code": [c for c, _ in levels], "level": pd.array([lv for _, lv in levels], dtype="Int8")}
    )
    n = len(online_codes)
    counts = Bieu06aCounts(total=n, resolved_early=n, resolved_on_time=0, in_progress_on_time=0)
    return dossier_qd766(
        LoadedTable(frame, frozenset(frame.columns)),
        masks,
        counts,
        {"online_payment": NONE, "reuse": NONE},
        period=FEBRUARY,
        commune=commune,
        procedures=LoadedTable(procedures, frozenset(procedures.columns)),
        catalogue=CATALOGUE,
    )


def test_the_city_is_a_ratio_of_sums_and_the_one_catalogue_counts_once():
    a = _published("xa-a", 10, 4, 2, 1, feedback=FeedbackCounts(6, 4, 3, 2, pending_overdue=1))
    b = _published("xa-b", 5, 3, 1, 1, feedback=FeedbackCounts(2, 2, 1, 0))
    city = combine_qd766([a, b], label="thanh-pho")
    # 2.1: (4 + 2 + 1) + (3 + 1 + 1) = 12 over 10 + 5 = 15: 80%, 20 × 0.8 = 16 (the mean of 70% and
    # 100% would give 17).
    assert _got(city, "2.1") == (12, 15, 16.0, "summary")
    # 3.1: the same catalogue (6/8) in both: counted once, 75% < 80%: 2 × 0.75 / 0.8 = 1,875.
    assert _got(city, "3.1") == (6, 8, 1.875, "summary")
    # 5.2: a (3 + 2 − 1)/(4 + 2) = 4/6, b (1 + 0)/(2 + 0) = 1/2: 5/8; 6 × 5/8 = 3,75.
    assert _got(city, "5.2") == (5, 8, 3.75, "summary")
    assert city.communes == ("thanh-pho",) and city.period == FEBRUARY
    assert combine_qd766([a, b]).communes == ("xa-a", "xa-b")
    assert combine_qd766([a, b], label="").communes == ("xa-a", "xa-b")
    # Several catalogues: summed like the rest, (6 + 2) / (8 + 4) = 66,7%: 2 × (2/3) / 0.8 = 1,6667.
    c = _published("xa-c", 5, 3, 1, 1, catalogue=Catalogue(4, 1, 1, NONE))
    assert _got(combine_qd766([a, c]), "3.1") == (8, 12, 1.6667, "summary")


def test_one_commune_not_knowing_an_indicator_leaves_the_city_not_knowing_it():
    a = _published("xa-a", 10, 4, 2, 1, feedback=FeedbackCounts(6, 4, 3, 2, pending_overdue=1))
    b = _published("xa-b", 5, 3, 1, 1)  # no feedback published
    city = combine_qd766([a, b])
    assert _got(city, "5.2") == (None, None, None, "summary")
    assert _got(city, "2.1")[:2] == (12, 15) and city.max_points == 20 + 2
    # A single commune: its own figures.
    assert _got(combine_qd766([a]), "5.2") == (4, 6, 4.0, "summary")


def test_a_procedure_counts_once_for_the_city_over_the_union_of_catalogues():
    levels = [("2.000101", 4), ("2.000102", 3), ("2.000103", 4), ("2.000104", 3), ("2.000105", 2)]
    a = _counted("xa-a", ["2.000101", "2.000102", "2.000105"], levels)
    b = _counted("xa-b", ["2.000101", "2.000103", "2.000107"], [*levels, ("2.000107", 4)])
    # a: offered 101 102 103 104 (105 is MucDo 2) = 4, used 101 102 → 2/4. b: offered those and 107 = 5,
    # used 101 103 107 → 3/5.
    assert _got(a, "3.2")[:2] == (2, 4) and _got(b, "3.2")[:2] == (3, 5)
    city = combine_qd766([a, b])
    # The city: offered {101 102 103 104 107} = 5, used {101 102 103 105 107} ∩ offered = 4: 4 × 4/5 = 3,2.
    # Summing the communes would say (2 + 3) / (4 + 5).
    assert _got(city, "3.2") == (4, 5, 3.2, "dossiers+catalogue")
    assert city.services_offered == {"2.000101", "2.000102", "2.000103", "2.000104", "2.000107"}
    assert city.services_used == {"2.000101", "2.000102", "2.000103", "2.000105", "2.000107"}
    # 3.3: online with an e-result, 3 of 3 in each: 6/6 ≥ 50%, 6 points; source kept.
    assert _got(city, "3.3") == (6, 6, 6.0, "dossiers")


def test_sources_are_joined_and_3_2_needs_every_communes_sets():
    levels = [("2.000101", 4), ("2.000102", 3)]
    counted = _counted("xa-a", ["2.000101"], levels)
    published = _published("xa-b", 5, 3, 1, 1)
    city = combine_qd766([counted, published])
    # Published figures have no procedure sets: 3.2 is not known, and no sets are kept.
    assert city.services_offered is None and city.services_used is None
    # "dossiers+catalogue" and "summary", each part once, sorted.
    assert _got(city, "3.2") == (None, None, None, "catalogue+dossiers+summary")
    # 2.1: 1/1 and (3 + 1 + 1)/5: 6/6, 20 points, "dossiers" and "summary".
    assert _got(city, "2.1") == (6, 6, 20.0, "dossiers+summary")
    # 3.1: the same 6/8 from "catalogue" and "summary": counted once, both sources named.
    assert _got(city, "3.1") == (6, 8, 1.875, "catalogue+summary")
    # The other way round, the published commune first: same sources, the first's period.
    again = combine_qd766([published, counted])
    assert _got(again, "2.1") == (6, 6, 20.0, "dossiers+summary") and again.period == FEBRUARY


def test_combining_nothing_or_several_periods_is_refused_with_its_reason():
    with pytest.raises(ValueError, match=r"^combine_qd766 needs at least one commune$"):
        combine_qd766([])
    with pytest.raises(ValueError, match=r"^combine_qd766 needs at least one commune$"):
        combine_qd766(iter([]))
    february = _published("xa-a", 5, 3, 1, 1)
    march = _published("xa-b", 5, 3, 1, 1, period=MARCH)
    with pytest.raises(ValueError) as caught:
        combine_qd766([march, february, february])
    assert str(caught.value) == "communes of different periods: ['2026-02', '2026-03']"
    # A generator is read once: the communes of one period combine.
    assert _got(combine_qd766(r for r in [march, march]), "2.1")[:2] == (10, 10)
    assert combine_qd766(r for r in [march]).period == MARCH
