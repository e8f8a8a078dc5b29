"""The city's consolidation (tthc_analysis/indicators/city.py): rules the other city tests leave
open, each pinned on small inputs made by hand, with the arithmetic in the comments beside them.

Period 2026-02 runs from 15/01/2026 to 14/02/2026, 2026-01 from 15/12/2025 to 14/01/2026 and
2025-02 from 15/01/2025 to 14/02/2025 (docs/periods.md)."""

from __future__ import annotations

import pytest

from tthc_analysis.core.errors import Finding
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators import city as city_module
from tthc_analysis.indicators.city import (
    Change,
    CityIndicators,
    CityQd766,
    CityRate,
    CommuneResult,
    Ranking,
    city_qd766,
    city_rate,
    dossier_qd766,
    largest_changes,
    ranked_value,
    ranking,
    sum_counts,
)
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Indicators, Rate
from tthc_analysis.inputs.dataroot import Commune

FEB = parse_period("2026-02")
CITY = "thành phố Thử"


def _commune(commune_id: str, name: str) -> Commune:
    return Commune(commune_id, name, "xã", CITY, profile=None)  # type: ignore[arg-type]


def _indicators(source: str = "dossiers", counts: Bieu06aCounts | None = None, **kwargs) -> Indicators:
    return Indicators(None, FEB, source, Bieu06a(FEB, (), counts or Bieu06aCounts()), **kwargs)


def _result(commune_id: str, indicators: Indicators | None, name: str | None = None, **kwargs) -> CommuneResult:
    return CommuneResult(_commune(commune_id, name or commune_id), indicators, **kwargs)


# ---------------------------------------------------------------- sum_counts


# Row a agrees with itself (conftest.CONSISTENT_COUNTS); row b published (8) and (9) only as their
# sum, 10 ("giải quyết đúng hạn 10").
ROW_A = Bieu06aCounts(10, 4, 3, 3, 7, 2, 4, 1, 3, 2, 1)
ROW_B = Bieu06aCounts(20, 5, 5, 10, 12, None, None, 2, 8, 8, 0, stated_in_time=10)


def test_the_total_row_is_the_sum_of_every_column_an_unknown_part_stays_unknown():
    # Column by column: 10+20, 4+5, 3+5, 3+10, 7+12, (8) and (9) unknown in b, 1+2, 3+8, 2+8, 1+0.
    # The report's sums: new (4)+(5) 7 + 10 = 17; in time (8)+(9) 6 + 10 (stated) = 16;
    # overdue (10)+(13) (1+1) + (2+0) = 4.
    assert sum_counts([ROW_A, ROW_B]) == Bieu06aCounts(
        30, 9, 8, 13, 19, None, None, 3, 11, 10, 1, stated_new=17, stated_in_time=16, stated_overdue=4
    )
    total = sum_counts(iter([ROW_A, ROW_B]))  # any iterable, read once
    assert (total.new, total.resolved_in_time, total.overdue) == (17, 16, 4)


def test_the_total_new_comes_from_the_rows_new_where_a_row_lacks_the_channels():
    # Row c published only its total 5 and carried over 1: new 5 − 1 = 4. Channels unknown in the
    # total, but new is known: 7 + 4 = 11; in time and overdue of c unknown, so of the total too.
    row_c = Bieu06aCounts(total=5, carried_over=1)
    total = sum_counts([ROW_A, row_c])
    assert (total.total, total.carried_over, total.online, total.direct_postal) == (15, 4, None, None)
    assert (total.new, total.stated_new, total.stated_in_time, total.stated_overdue) == (11, 11, None, None)


def test_no_row_gives_a_total_that_knows_nothing_not_zeros():
    assert sum_counts([]) == Bieu06aCounts()


# ---------------------------------------------------------------- city_rate


def test_a_city_rate_is_the_ratio_of_the_sums_over_the_communes_with_both_counts():
    # a 3/4 and d 5/6 are counted: (3 + 5)/(4 + 6) = 8/10. b published 90% without counts, c has no
    # such rate, e lacks its denominator, f its numerator: all four listed as missing, in order.
    results = [
        _result("a", _indicators(rates={"on_time": Rate(3, 4)})),
        _result("b", _indicators("summary", rates={"on_time": Rate(None, None, 90.0)})),
        _result("c", _indicators(rates={"online": Rate(1, 2)})),
        _result("d", _indicators(rates={"on_time": Rate(5, 6)})),
        _result("e", _indicators(rates={"on_time": Rate(2, None)})),
        _result("f", _indicators(rates={"on_time": Rate(None, 4)})),
    ]
    assert city_rate(iter(results), "on_time") == CityRate(Rate(8, 10), ("a", "d"), ("b", "c", "e", "f"))
    # Only c counted online: 1/2.
    assert city_rate(results, "online") == CityRate(Rate(1, 2), ("c",), ("a", "b", "d", "e", "f"))


def test_a_city_rate_over_no_commune_is_unknown_not_zero_over_zero():
    assert city_rate([], "on_time") == CityRate(Rate(None, None), (), ())
    only_published = [_result("b", _indicators("summary", rates={"on_time": Rate(None, None, 90.0)}))]
    assert city_rate(only_published, "on_time") == CityRate(Rate(None, None), (), ("b",))


# ---------------------------------------------------------------- ranked_value and ranking


@pytest.mark.parametrize(
    ("rate", "shown"),
    [
        (Rate(None, None, 98.537), 98.54),  # three decimals published: shown with two, half up
        (Rate(None, None, 61.0), 61.0),
        (Rate(None, 5), None),  # a denominator without its numerator: not known
        (Rate(3, 0), None),  # nothing to count: not ranked
        (Rate(1, 8), 12.5),  # 100 × 1/8 = 12,5 exactly
    ],
)
def test_the_ranked_value_of_a_rate(rate, shown):
    assert ranked_value(_indicators(rates={"on_time": rate}), "on_time") == shown


def test_the_ranked_value_of_a_count_is_the_biểu_06a_sum():
    # overdue (10)+(13) = 1 + 2 = 3; a count that is not a rate is read from the counts.
    indicators = _indicators(
        counts=Bieu06aCounts(resolved_late=1, in_progress_overdue=2), rates={"on_time": Rate(1, 2)}
    )
    assert ranked_value(indicators, "overdue") == 3.0 and type(ranked_value(indicators, "overdue")) is float
    assert ranked_value(indicators, "in_progress") is None


def test_a_ranking_orders_by_value_then_by_the_folded_name_and_starts_at_rank_1():
    # All three at 50% (1/2, 2/4, 3/6). By name without marks: "dong" (Đông) < "em" (Em) < "gia" (Gia);
    # by code point Đ (U+0110) would come after E and G. Equal values share rank 1.
    results = [
        _result("gia", _indicators(rates={"on_time": Rate(3, 6)}), "Gia"),
        _result("em", _indicators(rates={"on_time": Rate(2, 4)}), "Em"),
        _result("dong", _indicators(rates={"on_time": Rate(1, 2)}), "Đông"),
    ]
    got = ranking(iter(results), "on_time", "higher")
    assert got == Ranking("on_time", "higher", ((1, "dong", 50.0), (1, "em", 50.0), (1, "gia", 50.0)), ())


def test_a_ranking_gives_the_next_rank_after_a_tie_by_position():
    # 90, 80, 80, 70, 70, 60 (9/10, 4/5, 8/10, 7/10, 14/20, 3/5): ranks 1, 2, 2, 4, 4, 6.
    values = {"a": Rate(9, 10), "b": Rate(4, 5), "c": Rate(8, 10), "d": Rate(7, 10), "e": Rate(14, 20), "f": Rate(3, 5)}
    results = [_result(cid, _indicators(rates={"online": rate})) for cid, rate in values.items()]
    assert ranking(results, "online", "higher").entries == (
        (1, "a", 90.0),
        (2, "b", 80.0),
        (2, "c", 80.0),
        (4, "d", 70.0),
        (4, "e", 70.0),
        (6, "f", 60.0),
    )
    # Fewer is better: 60 first; a value of 0 ranks too (0/5).
    results.append(_result("g", _indicators(rates={"online": Rate(0, 5)})))
    lower = ranking(results, "online", "lower")
    assert [entry[:2] for entry in lower.entries] == [
        (1, "g"),
        (2, "f"),
        (3, "d"),
        (3, "e"),
        (5, "b"),
        (5, "c"),
        (7, "a"),
    ]
    assert (lower.key, lower.better, lower.missing) == ("online", "lower", ())


# ---------------------------------------------------------------- changes


def test_a_change_counts_relative_only_for_dossiers_received_and_never_from_zero():
    assert Change("a", "new", "previous", 15, 10).relative == 0.5  # (15 − 10)/10
    assert Change("a", "new", "previous", 5, 0).relative is None  # from nothing: no share
    assert Change("a", "on_time", "previous", 90.0, 60.0).relative is None  # points, not a share
    assert Change("a", "on_time", "previous", 90.0, 60.0).delta == 30.0


def test_a_change_needs_both_figures():
    # a: new not known now (no channels, no total) but 3 + 1 = 4 before; b: on time not known now (0/0);
    # c: not known before. None of them is a change. d: 4 -> 6, +50%; on time 1/2 -> 3/4: +25 points.
    def result(commune_id, now, before):
        return _result(commune_id, now, previous=before)

    results = [
        result("a", _indicators(rates={"on_time": Rate(1, 2)}),
               _indicators(counts=Bieu06aCounts(4, 3, 1, 0), rates={"on_time": Rate(None, None)})),
        result("b", _indicators(counts=Bieu06aCounts(online=2, direct_postal=0), rates={"on_time": Rate(0, 0)}),
               _indicators(counts=Bieu06aCounts(online=2, direct_postal=0), rates={"on_time": Rate(1, 2)})),
        result("c", _indicators(counts=Bieu06aCounts(online=3, direct_postal=0), rates={"on_time": Rate(1, 2)}),
               _indicators(rates={"on_time": Rate(None, None)})),
        result("d", _indicators(counts=Bieu06aCounts(online=6, direct_postal=0), rates={"on_time": Rate(3, 4)}),
               _indicators(counts=Bieu06aCounts(online=4, direct_postal=0), rates={"on_time": Rate(1, 2)})),
    ]  # fmt: skip
    changes = [(c.commune, c.key, c.before, c.now) for c in largest_changes(results)]
    # b's new 2 -> 2 is a change of 0 (listed: "không đổi"); c's on time is not.
    assert changes == [("d", "new", 4, 6), ("b", "new", 2, 2), ("d", "on_time", 50.0, 75.0)]


def test_a_published_rate_changes_as_a_plain_number_and_a_count_stays_whole():
    # Both periods published: on time 98,50% -> 96,2%: −2,3 points; new 40 -> 50 (+25%).
    now = _indicators("summary", Bieu06aCounts(online=50, direct_postal=0), rates={"on_time": Rate(None, None, 96.2)})
    before = _indicators(
        "summary", Bieu06aCounts(online=40, direct_postal=0), rates={"on_time": Rate(None, None, 98.5, 2)}
    )
    new, on_time = largest_changes([_result("a", now, previous=before)])
    assert (new.now, new.before, type(new.now), type(new.before)) == (50, 40, int, int)
    assert (on_time.now, on_time.before, type(on_time.now), type(on_time.before)) == (96.2, 98.5, float, float)
    assert on_time.delta == pytest.approx(-2.3)


def test_the_largest_changes_keep_the_number_asked_for_each_comparison():
    # new 10 -> 11, 12, 13, 14 (a–d: +10 %, +20 %, +30 %, +40 %); last year 10 -> the same.
    def result(commune_id, now):
        counts = Bieu06aCounts(online=now, direct_postal=0)
        earlier = _indicators(counts=Bieu06aCounts(online=10, direct_postal=0), rates={"on_time": Rate(None, None)})
        return _result(commune_id, _indicators(counts=counts, rates={"on_time": Rate(None, None)}), previous=earlier,
                       last_year=earlier)  # fmt: skip

    results = [result("a", 11), result("b", 12), result("c", 13), result("d", 14)]
    got = [(c.against, c.commune) for c in largest_changes(iter(results), shown=2)]
    assert got == [("previous", "d"), ("previous", "c"), ("last_year", "d"), ("last_year", "c")]


def test_a_count_from_zero_outranks_any_share_and_an_unchanged_zero_comes_last():
    # new dossiers: x 0 -> 3 (from nothing: first) | y 10 -> 30 (+200 %) | v 10 -> 15 (+50 %) |
    # w 8 -> 8 and z 0 -> 0, both unchanged (size 0), by id. On time not known: no such change.
    def result(commune_id, before, now):
        def indicators(new):
            return _indicators(counts=Bieu06aCounts(online=new, direct_postal=0), rates={"on_time": Rate(None, None)})

        return _result(commune_id, indicators(now), previous=indicators(before))

    results = [result("z", 0, 0), result("w", 8, 8), result("y", 10, 30), result("x", 0, 3), result("v", 10, 15)]
    assert [(c.commune, c.key) for c in largest_changes(results)] == [
        ("x", "new"),
        ("y", "new"),
        ("v", "new"),
        ("w", "new"),
        ("z", "new"),
    ]


# ---------------------------------------------------------------- disagreements and city.json

SLIP = Finding("RATE_OUT_OF_RANGE", "tỷ lệ 120%")  # the published figures disagree with themselves
DIFFERENCE = Finding("RECONCILIATION_DIFFERENCE", "(3) khác")  # … with the dossier exports
OTHER = Finding("EXPORT_ENDS_IN_PERIOD", "chỉ đến ngày 12/02/2026")  # neither


def _city(communes, **kwargs) -> CityIndicators:
    fields = {"total": Bieu06aCounts(), "rates": {}, "rankings": (), "changes": ()}
    return CityIndicators(period=FEB, city=CITY, communes=tuple(communes), **{**fields, **kwargs})


def test_disagreements_name_each_commune_with_a_slip_or_a_difference_on_its_side():
    city = _city(
        [
            _result("both", _indicators("summary", findings=(OTHER, SLIP, DIFFERENCE))),
            _result("other", _indicators(findings=(OTHER,))),
            _result("exports", _indicators(findings=(DIFFERENCE,))),
            _result("none", None, problem="không có dữ liệu"),
            _result("itself", _indicators("summary", findings=(SLIP, OTHER))),
        ]
    )
    assert city.disagreements() == {
        "both": {"itself": (SLIP,), "exports": (DIFFERENCE,)},
        "exports": {"itself": (), "exports": (DIFFERENCE,)},
        "itself": {"itself": (SLIP,), "exports": ()},
    }
    assert [r.commune.id for r in city.with_data] == ["both", "other", "exports", "itself"]
    assert [r.commune.id for r in city.no_data] == ["none"]


class _Qd766:
    """A stand-in for a combined QĐ 766 result: city.json takes its dict as it is."""

    def to_dict(self):
        return {"communes": ["thành phố Thử"], "points": 12.5}


def test_the_city_qd766_dict_names_the_communes_taking_part_and_those_left_out():
    qd766 = CityQd766(_Qd766(), ("a", "c"), ("b",))  # type: ignore[arg-type]
    assert qd766.to_dict() == {"communes": ["a", "c"], "points": 12.5, "left_out": ["b"]}


def test_city_json_by_hand():
    # A commune without data first (its row says why), then one with data (its indicators.json).
    counts = Bieu06aCounts(5, 2, 3, 0, 5, 1, 3, 1, 0, 0, 0)
    with_data = _indicators(counts=counts, rates={"on_time": Rate(4, 5)}, findings=(DIFFERENCE,))
    city = _city(
        [_result("hai", None, "Hai", problem="không có dữ liệu"), _result("mot", with_data, "Một")],
        total=counts,
        rates={"on_time": CityRate(Rate(4, 5), ("mot",), ("ba",))},
        rankings=(Ranking("overdue", "lower", ((1, "mot", 1.0),), ("ba",)),),
        changes=(Change("mot", "new", "previous", 5, 1),),
        findings=(("mot", DIFFERENCE),),
        qd766=CityQd766(_Qd766(), ("mot",), ("ba",)),  # type: ignore[arg-type]
    )
    data = city.to_dict()
    row = data["communes"]["mot"]
    assert (row["name"], row["source"], row["bieu06a"]["online"], row["rates"]["on_time"]["percent"]) == (
        "xã Một",
        "dossiers",
        2,
        80.0,
    )
    del data["communes"]["mot"]
    difference = {"code": "RECONCILIATION_DIFFERENCE", "message": "(3) khác", "severity": "warning"}
    assert data == {
        "period": {"id": "2026-02", "from": "2026-01-15", "to": "2026-02-14", "name": "tháng 02 năm 2026"},
        "city": CITY,
        "communes": {"hai": {"name": "xã Hai", "source": None, "problem": "không có dữ liệu"}},
        "total": {
            "bieu06a": {
                "total": 5,
                "online": 2,
                "direct_postal": 3,
                "carried_over": 0,
                "resolved": 5,
                "resolved_early": 1,
                "resolved_on_time": 3,
                "resolved_late": 1,
                "in_progress": 0,
                "in_progress_on_time": 0,
                "in_progress_overdue": 0,
            },
            "new": 5,  # 2 + 3
            "resolved_in_time": 4,  # 1 + 3
            "overdue": 1,  # 1 + 0
            "rates": {
                "on_time": {
                    "numerator": 4,
                    "denominator": 5,
                    "percent": 80.0,
                    "status": "ok",
                    "communes": ["mot"],
                    "missing": ["ba"],
                }
            },
            "qd766": {"communes": ["mot"], "points": 12.5, "left_out": ["ba"]},
        },
        "rankings": {
            "overdue": {"better": "lower", "order": [{"rank": 1, "commune": "mot", "value": 1.0}], "missing": ["ba"]}
        },
        "changes": [{"commune": "mot", "key": "new", "against": "previous", "now": 5, "before": 1, "delta": 4}],
        "disagreements": {"mot": {"itself": [], "exports": [difference]}},
        "no_data": ["hai"],
        "findings": [{"commune": "mot", **difference}],
    }


def test_city_json_without_a_qd766_index_says_null():
    assert _city([]).to_dict()["total"]["qd766"] is None


# ---------------------------------------------------------------- QĐ 766 of the city


def test_a_communes_qd766_is_the_one_counted_from_its_exports():
    counted, beside = object(), object()
    assert dossier_qd766(_indicators("dossiers", qd766=counted)) is counted
    # Published figures: their own QĐ 766 (none) is not the portal's; the exports' beside them is.
    assert dossier_qd766(_indicators("summary", qd766=object(), computed=_indicators(qd766=beside))) is beside
    assert dossier_qd766(_indicators("summary", qd766=object())) is None


def test_the_city_qd766_combines_the_communes_with_exports_and_names_those_left_out(monkeypatch):
    calls = []

    def combine(results, label=None):
        calls.append((list(results), label))
        return "combined"

    monkeypatch.setattr(city_module, "combine_qd766", combine)
    q1, q3 = object(), object()
    results = [
        _result("a", _indicators("dossiers", qd766=q1)),
        _result("b", _indicators("summary")),  # published only: left out
        _result("c", _indicators("summary", computed=_indicators(qd766=q3))),
    ]
    assert city_qd766(iter(results), "thành phố Thử") == CityQd766("combined", ("a", "c"), ("b",))  # type: ignore[arg-type]
    assert calls == [([q1, q3], "thành phố Thử")]
    # No commune with exports: no index at all (and nothing combined).
    assert city_qd766(results[1:2], "thành phố Thử") is None and len(calls) == 1
