"""The city's consolidation (tthc_analysis/indicators/city.py) on a small data root made by hand:
each commune counted as its own report counts it, the city's total, rates, rankings, changes,
findings and QĐ 766 worked out in the comments beside them (tests/test_city_rules.py has the rules
on hand-made objects).

Period 2026-02 runs from 15/01/2026 to 14/02/2026, 2026-01 from 15/12/2025 to 14/01/2026 and
2025-02 from 15/01/2025 to 14/02/2025 (docs/periods.md)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import HAND_ROWS, HEADERS_VN, write_csv, write_root

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.city import Change, CityRate, Ranking, city_indicators, commune_result
from tthc_analysis.indicators.results import Bieu06aCounts, Rate
from tthc_analysis.inputs.dataroot import DataRoot

FEB = parse_period("2026-02")

# Dossier rows (conftest.HAND_ROWS A–E, all Hộ tịch, February 2026: 2 online, 3 direct or postal;
# resolved 1 early, 3 on time, 1 late; the last activity 12/02/2026, before the period's end):
X = ("X", "Hộ tịch", "10", "1", "20/01/2025", "30/01/2025", "25/01/2025")  # 2025-02: direct, early
W = ("W", "Hộ tịch", "10", "1", "02/01/2025", "10/01/2025", "05/01/2025")  # before 2025-02
Z = ("Z", "Hộ tịch", "10", "1", "03/11/2025", "10/11/2025", "05/11/2025")  # before 2026-01
Y = ("Y", "Hộ tịch", "10", "2", "05/01/2026", "10/01/2026", "08/01/2026")  # 2026-01: online, early


def _summary(folder, period_id: str, total, carried, online, direct, resolved, early, on_time, late, waiting, overdue):
    keys = (
        f"  total: {total}\n  carried_over: {carried}\n  online: {online}\n  direct_postal: {direct}\n"
        f"  resolved: {resolved}\n  resolved_early: {early}\n  resolved_on_time: {on_time}\n"
        f"  resolved_late: {late}\n  in_progress: {waiting + overdue}\n  in_progress_on_time: {waiting}\n"
        f"  in_progress_overdue: {overdue}\n"
    )
    (folder / f"summary-{period_id}.yaml").write_text(f'period: "{period_id}"\nbieu06a:\n{keys}', encoding="utf-8")


@pytest.fixture(scope="module")
def small_city(tmp_path_factory):
    """xã Một: exports only (X, Z, Y, A–E). phường Hai: nothing. xã Ba: exports (W, X, Y, A–E) and
    published figures of 2026-02, 2026-01 and 2025-02. xã Bốn: published figures of 2026-02 only."""
    root = write_root(
        tmp_path_factory.mktemp("city") / "data", ("mot", "Một", "xã"), ("hai", "Hai", "phường"), ("ba", "Ba", "xã"),
        ("bon", "Bốn", "xã"),
    )  # fmt: skip
    write_csv(root / "mot" / "dossiers.csv", HEADERS_VN, [X, Z, Y, *HAND_ROWS[:5]])
    write_csv(root / "ba" / "dossiers.csv", HEADERS_VN, [W, X, Y, *HAND_ROWS[:5]])
    # 10 = 2 carried + 5 online + 3 direct; 8 resolved (2 early, 5 on time, 1 late) + 1 waiting + 1 overdue.
    _summary(root / "ba", "2026-02", 10, 2, 5, 3, 8, 2, 5, 1, 1, 1)
    _summary(root / "ba", "2026-01", 6, 0, 4, 2, 4, 1, 2, 1, 2, 0)  # new 4 + 2 = 6
    _summary(root / "ba", "2025-02", 3, 0, 3, 0, 3, 3, 0, 0, 0, 0)  # new 3
    _summary(root / "bon", "2026-02", 4, 0, 4, 0, 4, 0, 4, 0, 0, 0)  # new 4, all on time
    return DataRoot(root)


def test_a_commune_result_holds_this_period_the_previous_one_and_last_year(small_city):
    # xã Một from its exports: February new 5 (A–E); January new 1 (Y); 2025-02 new 1 (X).
    mot = commune_result(small_city, small_city.commune("mot"), FEB)
    assert (mot.commune.id, mot.problem, mot.has_data) == ("mot", None, True)
    assert [(i.source, i.counts.new) for i in (mot.indicators, mot.previous, mot.last_year)] == [
        ("dossiers", 5),
        ("dossiers", 1),
        ("dossiers", 1),
    ]
    # xã Ba from what it published: each period from its own summary (6 and 3), where its exports
    # (which cover both periods) would say 1 and 1.
    ba = commune_result(small_city, small_city.commune("ba"), FEB, "published")
    assert [(i.source, i.counts.new) for i in (ba.indicators, ba.previous, ba.last_year)] == [
        ("summary", 8),
        ("summary", 6),
        ("summary", 3),
    ]


def test_a_commune_without_figures_has_a_problem_not_indicators(small_city):
    hai = commune_result(small_city, small_city.commune("hai"), FEB)
    assert (hai.commune.id, hai.indicators, hai.previous, hai.last_year, hai.has_data) == (
        "hai",
        None,
        None,
        None,
        False,
    )
    assert hai.problem == (
        f"{small_city.commune_dir('hai')}: không có dữ liệu hồ sơ (dossiers*.csv|xlsx|parquet) hay số liệu đã công bố "
        "(summary-2026-02.yaml) cho phường Hai"
    )


def test_the_small_city_by_hand(small_city):
    city = city_indicators(small_city, FEB)
    assert (city.period, city.city) == (FEB, "thành phố Thử")
    assert [(r.commune.id, r.has_data) for r in city.communes] == [
        ("mot", True),
        ("hai", False),
        ("ba", True),
        ("bon", True),
    ]
    # Ba's exports end 12/02/2026, inside the period: its published figures count (auto).
    assert [r.indicators.source for r in city.with_data] == ["dossiers", "summary", "summary"]
    # Một 5 | Ba 10 | Bốn 4, column by column.
    assert city.total == Bieu06aCounts(
        5 + 10 + 4, 2 + 5 + 4, 3 + 3 + 0, 0 + 2 + 0, 5 + 8 + 4, 1 + 2 + 0, 3 + 5 + 4, 1 + 1 + 0, 0 + 2 + 0,
        0 + 1 + 0, 0 + 1 + 0, stated_new=5 + 8 + 4, stated_in_time=4 + 7 + 4, stated_overdue=1 + 2 + 0,
    )  # fmt: skip
    # On time (8)+(9) over resolved: 4/5, 7/8, 4/4 -> 15/17; online over new: 2/5, 5/8, 4/4 -> 11/17.
    assert city.rates["on_time"] == CityRate(Rate(15, 17), ("mot", "ba", "bon"), ())
    assert city.rates["online"] == CityRate(Rate(11, 17), ("mot", "ba", "bon"), ())
    assert list(city.rates) == ["on_time", "online", "online_payment", "digitisation", "e_result", "reuse"]
    assert city.rates["reuse"] == CityRate(Rate(None, None), (), ("mot", "ba", "bon"))
    assert city.rankings == (
        Ranking("on_time", "higher", ((1, "bon", 100.0), (2, "ba", 87.5), (3, "mot", 80.0)), ()),
        Ranking("online", "higher", ((1, "bon", 100.0), (2, "ba", 62.5), (3, "mot", 40.0)), ()),
        Ranking("overdue", "lower", ((1, "bon", 0.0), (2, "mot", 1.0), (3, "ba", 2.0)), ()),
        Ranking("digitisation", "higher", (), ("mot", "ba", "bon")),
    )
    # Only Một compares like with like: new 1 -> 5, on time 1/1 -> 4/5 (100 -> 80); last year new
    # 1 -> 5 (its on time then unknown: the export starts inside 2025-02). Ba's earlier periods
    # come from its exports, its February from what it published: not set against each other.
    assert city.changes == (
        Change("mot", "new", "previous", 5, 1),
        Change("mot", "on_time", "previous", 80.0, 100.0),
        Change("mot", "new", "last_year", 5, 1),
    )
    codes = [(cid, f.code) for cid, f in city.findings]
    assert codes == [("mot", "EXPORT_ENDS_IN_PERIOD")] + [("ba", "RECONCILIATION_DIFFERENCE")] * 9 + [
        ("ba", "EXPORT_ENDS_IN_PERIOD")
    ]
    # QĐ 766 from the exports: Một's own, Ba's beside its published figures; Bốn has none.
    assert (city.qd766.communes, city.qd766.left_out) == (("mot", "ba"), ("bon",))
    assert city.qd766.result.communes == ("thành phố Thử",)


def test_the_city_over_chosen_communes_from_one_source(small_city):
    seen = []

    def progress(items):
        seen.append([c.id for c in items])
        return items

    city = city_indicators(small_city, FEB, communes=["ba", "mot"], progress=progress, source="dossiers")
    assert seen == [["ba", "mot"]]
    # From the exports both: Ba's February is A–E too (new 5), Một's the same.
    assert [(r.commune.id, r.indicators.source, r.indicators.counts.new) for r in city.communes] == [
        ("ba", "dossiers", 5),
        ("mot", "dossiers", 5),
    ]
    assert city.no_data == ()


def test_a_city_of_no_commune_has_no_name_and_no_figures():
    root = SimpleNamespace(communes=lambda: {})
    city = city_indicators(root, FEB)  # type: ignore[arg-type]
    assert (city.city, city.communes, city.total, city.changes, city.findings, city.qd766) == (
        "",
        (),
        Bieu06aCounts(),
        (),
        (),
        None,
    )
    assert city.rankings[0] == Ranking("on_time", "higher", (), ())


def test_a_city_without_a_name_labels_its_qd766_index_city(small_city):
    # communes.yaml always names the city (a file without one is refused); should a commune come
    # without it, the city is "" and the combined QĐ 766 index is labelled "city", never "".
    from dataclasses import replace

    root = DataRoot(small_city.path)
    root._communes = {"mot": replace(small_city.commune("mot"), city="")}
    city = city_indicators(root, FEB)
    assert (city.city, city.qd766.communes, city.qd766.result.communes) == ("", ("mot",), ("city",))
