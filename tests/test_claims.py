"""Every claim of a report is said only when its figures show it (no sentence fixed in advance).

Indicators are built by hand here, so each expected sentence is worked out from the counts
below, not from the package: a figure that is not known (None) is never written as 0,
"không có", "chưa có" or "100%", and a clause whose figure is unknown is left out.
"""

from __future__ import annotations

import re

import pytest
from conftest import SAMPLE

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.city import CityIndicators, CommuneResult
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Indicators, UnitCount
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report.city.narrative import section_review
from tthc_analysis.report.narrative import report_blocks
from tthc_analysis.report.resolution import section_resolution

PERIOD = parse_period("2026-02")
CITY_SYSTEM = "Hệ thống thông tin giải quyết TTHC thành phố"


@pytest.fixture(scope="module")
def commune():
    # Đặc khu Bạch Long Vĩ of thành phố Hải Phòng: "thành phố" is the level above it.
    return DataRoot(SAMPLE).commune("bach-long-vi")


def _indicators(counts: Bieu06aCounts, source: str = "dossiers", **fields) -> Indicators:
    return Indicators(
        commune="bach-long-vi", period=PERIOD, source=source, bieu06a=Bieu06a(PERIOD, (), counts), **fields
    )


def _twelve_new(**systems) -> Indicators:
    """12 new dossiers (8 online + 4 direct or postal), nothing carried over: 12 in all."""
    counts = Bieu06aCounts(total=12, online=8, direct_postal=4, carried_over=0)
    return _indicators(counts, new_by_system=systems or None)


def _resolution(ind: Indicators, commune) -> list[str]:
    return [b.display for b in section_resolution(ind, commune)]


def _report(ind: Indicators, commune) -> list[str]:
    return [b.display for b in report_blocks(ind, commune)]


# ---------------------------------------------------------------- new dossiers by system


def test_one_on_ministries_systems_says_the_share_never_100(commune):
    # 11 of the 12 new dossiers on the city's system, 1 on a ministry's: 11/12 = 91,67% -> "91,7%".
    ind = _twelve_new(TP=11, BO=1)
    texts = _resolution(ind, commune)
    assert f"- 91,7% hồ sơ tiếp nhận mới (11/12 hồ sơ) được tiếp nhận trên {CITY_SYSTEM}." in texts
    assert (
        "- Tổng số 12 hồ sơ (không có hồ sơ kỳ trước chuyển sang; tiếp nhận mới 12 hồ sơ, trong đó có 11 hồ sơ "
        "được tiếp nhận trên Hệ thống thông tin giải quyết TTHC của thành phố và 01 hồ sơ được tiếp nhận qua "
        "hệ thống của các bộ)."
    ) in texts
    whole = "\n".join(_report(ind, commune))
    assert "100%" not in whole
    assert "91,7%" in whole and "11/12" in whole
    # Where dossiers were received is what the figures show; not where they were resolved.
    assert "tiếp nhận và giải quyết trên" not in whole


def test_every_new_dossier_on_the_city_system_is_100(commune):
    # 12 of 12 on the city's system, none on ministries': 100%.
    texts = _resolution(_twelve_new(TP=12, BO=0), commune)
    assert f"- 100% hồ sơ tiếp nhận mới (12/12 hồ sơ) được tiếp nhận trên {CITY_SYSTEM}." in texts
    assert any("tiếp nhận mới 12 hồ sơ, đều được tiếp nhận trên" in t for t in texts)


def test_no_figures_by_system_say_nothing_of_the_systems(commune):
    texts = _resolution(_twelve_new(), commune)
    joined = "\n".join(texts)
    assert "100%" not in joined and "Hệ thống thông tin" not in joined
    assert "- Tổng số 12 hồ sơ (không có hồ sơ kỳ trước chuyển sang; tiếp nhận mới 12 hồ sơ)." in texts


@pytest.mark.parametrize(
    "systems, said",
    [
        # All 12 on the city's system by its own figure, ministries' not published: not shown to be all.
        ({"TP": 12, "BO": None}, "tiếp nhận mới 12 hồ sơ, trong đó có 12 hồ sơ được tiếp nhận trên"),
        ({"TP": 12}, "tiếp nhận mới 12 hồ sơ, trong đó có 12 hồ sơ được tiếp nhận trên"),
        # 12 + 1 = 13 is not the 12 new: the figures do not add up, no share is said.
        ({"TP": 12, "BO": 1}, "01 hồ sơ được tiếp nhận qua hệ thống của các bộ"),
    ],
)
def test_100_needs_ministries_known_to_be_zero(commune, systems, said):
    texts = _resolution(_twelve_new(**systems), commune)
    joined = "\n".join(texts)
    assert "100%" not in joined and "đều" not in joined
    assert said in joined


def test_only_ministries_known_says_them_and_no_share(commune):
    texts = _resolution(_twelve_new(BO=2), commune)
    joined = "\n".join(texts)
    assert "tiếp nhận mới 12 hồ sơ, trong đó có 02 hồ sơ được tiếp nhận qua hệ thống của các bộ" in joined
    # 12 − 2 = 10 is not the city's figure (a dossier may name no system): no share of it.
    assert "hồ sơ tiếp nhận mới (" not in joined and "Hệ thống thông tin" not in joined


def test_published_systems_that_do_not_add_up_are_not_all(commune):
    # Published: 879 new, 800 on the city's system, 0 on ministries' (79 nowhere): 800/879 = 91,01% -> "91%".
    counts = Bieu06aCounts(stated_new=879)
    ind = _indicators(counts, source="summary", new_by_system={"TP": 800, "BO": 0})
    texts = _resolution(ind, commune)
    assert f"- 91% hồ sơ tiếp nhận mới (800/879 hồ sơ) được tiếp nhận trên {CITY_SYSTEM}." in texts
    assert (
        "- Tiếp nhận mới 879 hồ sơ, trong đó có 800 hồ sơ được tiếp nhận trên Hệ thống thông tin giải quyết TTHC "
        "của thành phố."
    ) in texts
    assert not any("đều" in t or "100%" in t for t in texts)


# ---------------------------------------------------------------- unknown counts


def test_only_the_channels_known(commune):
    # Only (4) = 5 and (5) = 3: 8 new; total, carried over and everything after unknown. Online 5/8 = 62,5%.
    ind = _indicators(Bieu06aCounts(online=5, direct_postal=3))
    texts = _report(ind, commune)
    resolution = _resolution(ind, commune)
    assert "- Tiếp nhận mới 08 hồ sơ." in texts
    assert "- Tổng số hồ sơ tiếp nhận trực tuyến 05/08 hồ sơ, đạt tỷ lệ 62,5%." in texts
    whole = "\n".join(texts)
    # No total ("Tổng số N hồ sơ") and no carried over: neither is known.
    assert not re.search(r"Tổng số \d", whole)
    assert "kỳ trước" not in whole
    joined = "\n".join(resolution)
    for words in ("không có", "chưa có", "không còn", "100%", "quá hạn", "đúng hạn", "ngành dọc", "Hệ thống"):
        assert words not in joined, words


def test_nothing_known_leaves_the_section_out(commune):
    assert section_resolution(_indicators(Bieu06aCounts()), commune) == []


# ---------------------------------------------------------------- vertical agencies


def test_no_vertical_agency_said_only_when_every_dossier_names_its_unit(commune):
    own = UnitCount("UBND đặc khu Bạch Long Vĩ", 12)
    none_said = "Trong kỳ không có hồ sơ thủ tục hành chính của các cơ quan ngành dọc."
    known = _indicators(Bieu06aCounts(total=12, carried_over=0, stated_new=12), units=(own,), vertical_agencies=())
    assert none_said in _resolution(known, commune)
    # 3 dossiers name no unit: they are counted as the commune's own, but could be a vertical agency's.
    blank = _indicators(
        Bieu06aCounts(total=15, carried_over=0, stated_new=15),
        units=(own, UnitCount("", 3)),
        vertical_agencies=(),
    )
    assert not any("ngành dọc" in t for t in _resolution(blank, commune))


# ---------------------------------------------------------------- the city's review


def _city(*indicators: Indicators) -> CityIndicators:
    root = DataRoot(SAMPLE)
    results = tuple(CommuneResult(root.commune(cid), ind) for cid, ind in zip(("cat-hai", "bach-long-vi"), indicators))
    return CityIndicators(PERIOD, "thành phố Hải Phòng", results, Bieu06aCounts(), {}, (), ())


def test_no_published_disagreement_said_only_when_figures_were_published():
    none_said = "- Không có đặc khu nào có số liệu công bố sai lệch."
    counts = Bieu06aCounts(total=12, carried_over=0, online=8, direct_postal=4)
    # Both from dossier exports: no published figure was checked, so nothing to say; no heading alone.
    from_dossiers = _city(_indicators(counts), _indicators(counts))
    assert section_review(from_dossiers, "III") == []
    # One published its figures, and they agree with themselves: now it is said.
    published = _city(_indicators(counts), _indicators(counts, source="summary"))
    assert [b.display for b in section_review(published, "III")] == ["III. SỐ LIỆU CẦN RÀ SOÁT", none_said]


# ---------------------------------------------------------------- overdue: done late, or still pending


@pytest.mark.parametrize(
    ("late", "pending", "said", "not_said"),
    [
        # 37 resolved late and none still overdue (an established commune's year): nothing "còn".
        (37, 0, "giải quyết quá hạn 37 hồ sơ", "còn"),
        (0, 2, "còn đang giải quyết quá hạn 02 hồ sơ, cần tập trung xử lý", "giải quyết quá hạn 00"),
        (3, 1, "giải quyết quá hạn 03 hồ sơ; còn đang giải quyết quá hạn 01 hồ sơ", "không có hồ sơ quá hạn"),
        (0, 0, "không có hồ sơ quá hạn", "còn"),
        (None, 0, "Chưa đủ số liệu để đánh giá", "quá hạn"),  # late unknown: no claim about overdue at all
    ],
)
def test_the_assessment_says_overdue_as_the_figures_show(commune, late, pending, said, not_said):
    from tthc_analysis.report.narrative import assessment_from_figures

    counts = Bieu06aCounts(
        total=60, online=40, direct_postal=20, carried_over=0, resolved=50,
        resolved_early=10, resolved_on_time=None if late is None else 40 - late, resolved_late=late,
        in_progress=10, in_progress_on_time=10 - pending, in_progress_overdue=pending,
    )  # fmt: skip
    (block,) = assessment_from_figures(_indicators(counts))
    assert said in block.display and not_said not in block.display, block.display
