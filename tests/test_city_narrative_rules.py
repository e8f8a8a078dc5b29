"""The city report's sentences (report/city_narrative.py), each against a text written out by hand.

A small city is built by hand: xã An (a), phường Bình (b), xã Cát (c, no data) and phường
Dương (d), of thành phố Thử, for the period 2026-02 (15/01/2026 to 14/02/2026, "tháng 02 năm
2026"). Counts are written as the report writes them ("04", "1.234"); a rate from its counts at
one decimal at most ("66,7%"), a published one with its decimals ("98,50%").
"""

from __future__ import annotations

import pytest

from tthc_analysis.core.errors import Finding
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.city import CityIndicators, CityRate, CommuneResult, Ranking
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Indicators, Rate
from tthc_analysis.inputs.dataroot import Centre, Commune, ReportProfile, Signer
from tthc_analysis.report.blocks import Block
from tthc_analysis.report.city.narrative import (
    _ranking_line,
    city_blocks,
    city_subject,
    closing,
    opening,
    published_figures_checked,
    ranked_text,
    section_rankings,
    section_results,
    section_review,
    unit_words,
)

PERIOD = parse_period("2026-02")
PROFILE = ReportProfile(
    issuing_body=("TRUNG TÂM",),
    place="Thử",
    symbol="BC-TT",
    directives={"*": "Công văn số 5/UBND-VX ;"},
    signer=Signer(("GIÁM ĐỐC",), ""),
    recipients=(),
    archive="Lưu: VT.",
    own_units=(),
    narrative={"publicity": "", "assessment": "", "tasks": "", "recommendations": ""},
)
CENTRE = Centre(name="Trung tâm Phục vụ hành chính công thành phố Thử", profile=PROFILE)
NAMES = {
    "a": ("An", "xã"), "b": ("Bình", "phường"), "c": ("Cát", "xã"), "d": ("Dương", "phường"), "e": ("Én", "xã"),
    "f": ("Phú", "xã"), "g": ("Giang", "xã"), "h": ("Hà", "xã"), "z": ("Z", "đặc khu"), "t": ("T", "thị trấn"),
}  # fmt: skip


def _commune(commune_id: str) -> Commune:
    name, kind = NAMES[commune_id]
    return Commune(id=commune_id, name=name, kind=kind, city="thành phố Thử", profile=PROFILE)


def _ind(counts: Bieu06aCounts | None = None, **fields) -> Indicators:
    counts = counts or Bieu06aCounts()
    return Indicators(commune=None, period=PERIOD, source="dossiers", bieu06a=Bieu06a(PERIOD, (), counts), **fields)


def _city(results: dict, total: Bieu06aCounts | None = None, rates=None, rankings=()) -> CityIndicators:
    """``results``: commune id -> its indicators (None: no data), in the city's order."""
    return CityIndicators(
        period=PERIOD,
        city="thành phố Thử",
        communes=tuple(CommuneResult(_commune(i), ind) for i, ind in results.items()),
        total=total or Bieu06aCounts(),
        rates=rates or {},
        rankings=tuple(rankings),
        changes=(),
    )


def _texts(blocks: list[Block]) -> list[str]:
    return [b.display for b in blocks]


# ---------------------------------------------------------------- the fixed sentences


@pytest.mark.parametrize(
    ("ids", "words"),
    [
        (("b", "a"), "xã, phường"),  # the usual order, whatever the city's
        (("b", "d"), "phường"),
        (("z", "b"), "phường, đặc khu"),
        ((), "xã"),  # no commune: "xã"
        (("t",), "xã"),  # a kind not in the list: the default word
    ],
)
def test_unit_words_in_the_usual_order(ids, words):
    assert unit_words(_city(dict.fromkeys(ids))) == words


def test_subject_opening_and_closing_word_for_word():
    city = _city({"a": None, "b": None, "c": None})
    assert city_subject(PERIOD) == "Tổng hợp tình hình, kết quả giải quyết thủ tục hành chính tháng 02 năm 2026"
    # The directive's trailing " ;" is dropped (not its last letter "X"); 3 communes, all of them counted (with data or not).
    assert opening(city, CENTRE) == (
        "Thực hiện Công văn số 5/UBND-VX; Trung tâm Phục vụ hành chính công thành phố Thử "
        "tổng hợp tình hình, kết quả giải quyết thủ tục hành chính tháng 02 năm 2026 (số liệu từ ngày "
        "15/01/2026 đến hết ngày 14/02/2026) của 3 xã, phường trên địa bàn thành phố Thử như sau:"
    )
    assert closing(city) == (
        "Trên đây là báo cáo tổng hợp tình hình, kết quả giải quyết thủ tục hành chính tháng 02 năm 2026 "
        "của các xã, phường trên địa bàn thành phố Thử./."
    )


# ---------------------------------------------------------------- I. results


HEADING_I = Block(
    "heading",
    "I. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    "Thời điểm lấy số liệu báo cáo từ ngày 15/01/2026 đến 14/02/2026.",
)
FULL = Bieu06aCounts(
    total=1234, online=8, direct_postal=4, carried_over=1222, resolved=1000, resolved_early=100,
    resolved_on_time=850, resolved_late=50, in_progress=234, in_progress_on_time=230, in_progress_overdue=4,
)  # fmt: skip


def test_results_every_figure_known_in_order():
    # New 8 + 4 = 12; 1.222 + 12 = 1.234: the total holds, no note. In time 100 + 850 = 950.
    city = _city({"a": _ind(), "b": _ind(), "c": None}, FULL)
    assert section_results(city) == [
        HEADING_I,
        Block("bullet", "Số xã, phường có số liệu: 2/3; chưa có số liệu: xã Cát."),
        Block(
            "bullet",
            "Tổng số hồ sơ nhận giải quyết: 1.234 hồ sơ (kỳ trước chuyển sang 1.222; tiếp nhận mới 12; "
            "trong đó trực tuyến 08; trực tiếp, bưu chính 04).",
        ),
        Block("bullet", "Đã giải quyết: 1.000 hồ sơ (đúng hạn 950; quá hạn 50)."),
        Block("bullet", "Đang giải quyết: 234 hồ sơ (trong hạn 230; quá hạn 04)."),
    ]


def test_results_unknown_figures_are_left_out_not_zero():
    # Total and parts unknown: no total line. Resolved known alone: no brackets.
    total = Bieu06aCounts(resolved=7, in_progress=0, in_progress_on_time=0)
    city = _city({"a": _ind(), "c": None, "e": None}, total)
    assert _texts(section_results(city)) == [
        HEADING_I.text,
        "- Số xã có số liệu: 1/3; chưa có số liệu: xã Cát, xã Én.",
        "- Đã giải quyết: 07 hồ sơ.",
        "- Đang giải quyết: 00 hồ sơ (trong hạn 00).",
    ]


def test_a_total_with_carried_over_unknown_has_no_note():
    # New 2 + 3 = 5 known, carried over unknown: nothing to set the total against.
    total = Bieu06aCounts(total=5, online=2, direct_postal=3)
    assert _texts(section_results(_city({"a": _ind()}, total)))[1:] == [
        "- Số xã có số liệu: 1/1.",  # every commune with data: no "chưa có số liệu"
        "- Tổng số hồ sơ nhận giải quyết: 05 hồ sơ (tiếp nhận mới 05; trong đó trực tuyến 02; trực tiếp, bưu chính 03).",
    ]


def _off_total(total: int) -> Bieu06aCounts:
    """Carried over 10, new 50 + 30 = 80: parts 90."""
    return Bieu06aCounts(total=total, carried_over=10, online=50, direct_postal=30)


def test_a_total_that_is_not_carried_plus_new_says_by_how_much_and_whose():
    # a: 100 against 90 (disagrees); b: 90 = 90 (agrees); d: total unknown (cannot say).
    results = {"a": _ind(_off_total(100)), "b": _ind(_off_total(90)), "d": _ind(Bieu06aCounts(carried_over=3))}
    blocks = section_results(_city(results, _off_total(1100)))
    # 1.100 - 90 = 1.010 more.
    assert blocks[3] == Block(
        "bullet",
        "Tổng số 1.100 hồ sơ lớn hơn số kỳ trước chuyển sang cộng tiếp nhận mới (10 + 80 = 90) là 1.010 hồ sơ, "
        "do số liệu của xã An; xem mục số liệu cần rà soát.",
    )
    assert blocks[2].text.startswith("Tổng số hồ sơ nhận giải quyết: 1.100 hồ sơ (")


def test_a_total_below_its_parts_with_no_commune_to_blame():
    # 85 against 90: 5 fewer, "05"; no commune's own figures disagree.
    blocks = section_results(_city({"b": _ind(_off_total(90))}, _off_total(85)))
    assert blocks[3] == Block(
        "bullet",
        "Tổng số 85 hồ sơ nhỏ hơn số kỳ trước chuyển sang cộng tiếp nhận mới (10 + 80 = 90) là 05 hồ sơ; "
        "xem mục số liệu cần rà soát.",
    )
    # Equal: nothing more than the total line.
    assert len(section_results(_city({"b": _ind(_off_total(90))}, _off_total(90)))) == 3


def test_a_city_rate_counted_over_some_communes_says_which_are_left_out_and_why():
    results = {
        "a": _ind(rates={"online": Rate(8, 12)}),
        "b": _ind(rates={"online": Rate(None, None, stated_percent=98.5, stated_decimals=2)}),  # published only
        "c": None,
        "d": _ind(rates={"online": Rate(None, None)}),  # no figure at all
        "e": _ind(),  # no such rate
    }
    rates = {
        # 950/1000 = 95%, every commune counted: no brackets.
        "on_time": CityRate(Rate(950, 1000), covered=("a", "b", "d", "e"), missing=()),
        # 8/12 = 66,67% -> 66,7%, over a alone of the 4 with data.
        "online": CityRate(Rate(8, 12), covered=("a",), missing=("e", "b", "d")),
        "digitisation": CityRate(Rate(0, 0), covered=("a",), missing=()),  # no dossier: not said
        "reuse": CityRate(Rate(None, None), covered=(), missing=("a",)),  # unknown: not said
    }
    blocks = section_results(_city(results, rates=rates))
    assert _texts(blocks)[2:] == [
        "- Tỷ lệ giải quyết đúng hạn đạt 95%.",
        "- Tỷ lệ hồ sơ trực tuyến đạt 66,7% (tính trên 1/4 đơn vị; không tính phường Bình vì chỉ công bố tỷ lệ, "
        "không có số hồ sơ; xã Én, phường Dương vì không có số liệu).",
    ]


def test_a_city_rate_left_out_only_for_published_shares():
    results = {"a": _ind(), "b": _ind(rates={"on_time": Rate(None, None, stated_percent=97.0)})}
    rates = {"on_time": CityRate(Rate(1, 3), covered=("a",), missing=("b",))}  # 1/3 -> 33,3%
    assert _texts(section_results(_city(results, rates=rates)))[-1] == (
        "- Tỷ lệ giải quyết đúng hạn đạt 33,3% (tính trên 1/2 đơn vị; không tính phường Bình vì chỉ công bố "
        "tỷ lệ, không có số hồ sơ)."
    )


# ---------------------------------------------------------------- II. rankings


@pytest.mark.parametrize(
    ("key", "value", "rate", "text"),
    [
        ("overdue", 5.0, None, "5"),  # a count, not padded
        ("overdue", 1234.0, None, "1.234"),
        ("on_time", 95.04, None, "95%"),  # no rate beside it: the value, one decimal at most
        ("on_time", 66.7, Rate(2, 3), "66,7%"),  # from its counts: 2/3
        ("on_time", 98.5, Rate(None, None, stated_percent=98.5, stated_decimals=2), "98,50%"),  # as published
        ("on_time", 98.53, Rate(0, 0, stated_percent=98.53), "98,53%"),  # a 0 denominator: as published
        ("on_time", 98.5, Rate(None, 10, 98.5, 2), "98,50%"),  # a denominator without numerator: as published
    ],
)
def test_a_ranked_value_is_written_from_what_it_ranks(key, value, rate, text):
    assert ranked_text(Ranking(key, "higher", (), ()), value, rate) == text


def _ranking(key: str, values: dict[str, float], better: str = "higher") -> Ranking:
    return Ranking(key, better, tuple((n, i, v) for n, (i, v) in enumerate(values.items(), start=1)), ())


FIVE = {i: _ind() for i in "abcde"}  # no rates of their own: the ranked value is written


@pytest.mark.parametrize(
    ("values", "line"),
    [
        # 4 units: the first 2 and the last 2, worst first.
        ({"a": 100, "b": 90, "d": 80, "e": 70}, "cao nhất xã An (100%), phường Bình (90%); thấp nhất xã Én (70%), phường Dương (80%)"),
        # 5 units, 2 shown each side; phường Dương ties with phường Bình (the 2nd): among the best.
        ({"a": 100, "b": 90, "d": 90, "c": 80, "e": 70}, "cao nhất xã An (100%), phường Bình (90%), phường Dương (90%); "
         "thấp nhất xã Én (70%), xã Cát (80%)"),
        # A tie with the 2nd from the end: three among the worst.
        ({"a": 100, "b": 90, "d": 80, "c": 80, "e": 70}, "cao nhất xã An (100%), phường Bình (90%); thấp nhất xã Én (70%), "
         "xã Cát (80%), phường Dương (80%)"),
        # 3 units: one each side, the middle one not named.
        ({"a": 100, "b": 90, "d": 80}, "cao nhất xã An (100%); thấp nhất phường Dương (80%)"),
        # The first two tie, the last does not: not "all equal".
        ({"a": 100, "b": 100, "d": 90}, "cao nhất xã An (100%), phường Bình (100%); thấp nhất phường Dương (90%)"),
        # 2 units.
        ({"a": 60.5, "b": 60.4}, "cao nhất xã An (60,5%); thấp nhất phường Bình (60,4%)"),
        # Everyone after the first ties with the 2nd: all among the best, nobody named twice.
        ({"a": 100, "b": 90, "d": 90, "e": 90}, "cao nhất xã An (100%), phường Bình (90%), phường Dương (90%), xã Én (90%)"),
    ],
)  # fmt: skip
def test_a_ranking_names_the_best_then_the_worst_with_ties(values, line):
    city = _city(FIVE)
    assert _ranking_line(city, _ranking("on_time", values)) == [Block("bullet", f"Tỷ lệ giải quyết đúng hạn: {line}.")]


def test_eight_units_show_three_on_each_side_never_four():
    # 8 // 2 = 4, but at most 3 each side: phường Dương (4th) and xã Én (5th) not named.
    results = {i: _ind() for i in "abcdefgh"}
    values = {"a": 8, "b": 7, "c": 6, "d": 5, "e": 4, "f": 3, "g": 2, "h": 1}
    line = _ranking_line(_city(results), _ranking("digitisation", values))
    assert line == [
        Block(
            "bullet",
            "Tỷ lệ số hóa hồ sơ: cao nhất xã An (8%), phường Bình (7%), xã Cát (6%); "
            "thấp nhất xã Hà (1%), xã Giang (2%), xã Phú (3%).",
        )
    ]


def test_an_overdue_ranking_says_fewest_and_most_as_counts():
    city = _city(FIVE)
    values = {"a": 0, "b": 2, "d": 1234}
    assert _ranking_line(city, _ranking("overdue", values, "lower")) == [
        Block("bullet", "Số hồ sơ quá hạn (đã và đang giải quyết): ít nhất xã An (0); nhiều nhất phường Dương (1.234).")
    ]


def test_a_ranking_of_one_unit_all_tied_or_empty():
    city = _city(FIVE)
    assert _ranking_line(city, _ranking("online", {"b": 60})) == [
        Block("bullet", "Tỷ lệ hồ sơ trực tuyến: phường Bình (60%).")
    ]
    assert _ranking_line(city, _ranking("online", {"a": 50, "b": 50, "e": 50})) == [
        Block("bullet", "Tỷ lệ hồ sơ trực tuyến: cả 3 đơn vị bằng nhau (50%).")
    ]
    assert _ranking_line(city, _ranking("online", {})) == []
    # Tied at 50, written from the first one's own counts (1/2), not the second's published 50,00%.
    tied = _city({"a": _ind(rates={"online": Rate(1, 2)}), "b": _ind(rates={"online": Rate(None, None, 50.0, 2)})})
    assert _ranking_line(tied, _ranking("online", {"a": 50, "b": 50})) == [
        Block("bullet", "Tỷ lệ hồ sơ trực tuyến: cả 2 đơn vị bằng nhau (50%).")
    ]


def test_a_ranked_rate_is_written_from_the_communes_own_counts():
    # The ranking holds 66.67, rounded already; the commune's counts 2/3 give "66,7%", and its
    # published 98,50% keeps both decimals.
    city = _city({"a": _ind(rates={"online": Rate(None, None, 98.5, 2)}), "b": _ind(rates={"online": Rate(2, 3)})})
    assert _ranking_line(city, _ranking("online", {"a": 98.5, "b": 66.67})) == [
        Block("bullet", "Tỷ lệ hồ sơ trực tuyến: cao nhất xã An (98,50%); thấp nhất phường Bình (66,7%).")
    ]


def test_the_rankings_section_heading_in_capitals_or_nothing():
    # One line a ranking with entries, in order; an empty ranking adds none (and drops none).
    city = _city(FIVE, rankings=[_ranking("online", {"b": 60}), _ranking("online", {})])
    assert section_rankings(city) == [
        Block("heading", "II. XẾP HẠNG CÁC XÃ, PHƯỜNG"),
        Block("bullet", "Tỷ lệ hồ sơ trực tuyến: phường Bình (60%)."),
    ]
    assert section_rankings(_city(FIVE, rankings=[_ranking("online", {})])) == []


# ---------------------------------------------------------------- III. review, and the whole


def _finding(code: str) -> Finding:
    return Finding(code, "…")


def test_review_names_disagreements_then_communes_without_data():
    results = {
        "a": _ind(findings=(_finding("RATE_NOT_MATCHING_COUNTS"), _finding("RESOLVED_NOT_SUM"))),
        "b": _ind(findings=(*(_finding("RECONCILIATION_DIFFERENCE") for _ in range(12)), _finding("X"))),
        "c": None,
        "d": _ind(findings=(_finding("PERIOD_TEXT_MISMATCH"), _finding("RECONCILIATION_DIFFERENCE"))),
        "e": _ind(findings=(_finding("OTHER"),)),  # not a disagreement
    }
    assert section_review(_city(results), "III") == [
        Block("heading", "III. SỐ LIỆU CẦN RÀ SOÁT"),
        Block("bullet", "Xã An: số liệu công bố có 02 điểm không thống nhất."),
        Block("bullet", "Phường Bình: 12 số liệu công bố khác dữ liệu hồ sơ xuất từ hệ thống."),
        Block(
            "bullet",
            "Phường Dương: số liệu công bố có 01 điểm không thống nhất; 01 số liệu công bố khác dữ liệu hồ sơ "
            "xuất từ hệ thống.",
        ),
        Block("bullet", "Xã Cát: chưa có số liệu của kỳ báo cáo."),
    ]


def test_review_says_none_disagree_only_when_published_figures_were_checked():
    summary = Indicators(commune=None, period=PERIOD, source="summary", bieu06a=Bieu06a(PERIOD, (), Bieu06aCounts()))
    checked = _city({"a": _ind(), "b": summary})
    assert published_figures_checked(checked)
    assert section_review(checked, "II") == [
        Block("heading", "II. SỐ LIỆU CẦN RÀ SOÁT"),
        Block("bullet", "Không có xã, phường nào có số liệu công bố sai lệch."),
    ]
    beside = _city({"a": _ind(published=_ind())})  # dossiers with published figures beside them
    assert published_figures_checked(beside)
    unchecked = _city({"a": _ind(), "b": None})
    assert not published_figures_checked(unchecked)
    assert section_review(unchecked, "II") == [
        Block("heading", "II. SỐ LIỆU CẦN RÀ SOÁT"),
        Block("bullet", "Phường Bình: chưa có số liệu của kỳ báo cáo."),
    ]
    assert section_review(_city({"a": _ind()}), "II") == []  # nothing to review: no heading alone


def test_the_whole_report_numbers_review_after_the_rankings():
    city = _city({"a": _ind(), "b": None}, rankings=[_ranking("online", {"a": 60})])
    blocks = city_blocks(city, CENTRE)
    assert blocks[0] == Block("text", opening(city, CENTRE))
    assert blocks[-1] == Block("text", closing(city))
    assert _texts(blocks[1:]) == [
        HEADING_I.text,
        "- Số xã, phường có số liệu: 1/2; chưa có số liệu: phường Bình.",
        "II. XẾP HẠNG CÁC XÃ, PHƯỜNG",
        "- Tỷ lệ hồ sơ trực tuyến: xã An (60%).",
        "III. SỐ LIỆU CẦN RÀ SOÁT",
        "- Phường Bình: chưa có số liệu của kỳ báo cáo.",
        closing(city),
    ]
    # No ranking: the review is II.
    without = _city({"a": _ind(), "b": None})
    assert "II. SỐ LIỆU CẦN RÀ SOÁT" in _texts(city_blocks(without, CENTRE))
