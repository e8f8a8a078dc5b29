"""Every rate shown is the exact ratio rounded once (half up), by vnformat.rounded_percent; a
published rate keeps the decimals it was written with.

Every expected value here is worked out by hand:
- 1008/1088 = 0,926470…: 92,647…%, to one decimal 92,6 (92,65 to two: rounding 92,65 again
  gives 92,7, the bug of the index page);
- 1/16 = 6,25% exactly: half up 6,3 (Python's round(6.25, 1) gives 6.2);
- 1/80 = 1,25%: 1,3; 2/3 = 66,666…%: 66,7;
- 999/1000 = 99,9%; 1999/2000 = 99,95%: half up 100,0, but a shortfall is never 100%: 99,9;
- 1/2001 = 0,04997…%: 0,0, but a nonzero share is never 0%: 0,1.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction

import pytest

from tthc_analysis.core import vnformat as fmt
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.checks import check_rates_against_counts, rate_matches, stated_decimals
from tthc_analysis.indicators.city import (
    CityIndicators,
    CommuneResult,
    city_rate,
    largest_changes,
    ranked_value,
    ranking,
    sum_counts,
)
from tthc_analysis.indicators.published import summary_indicators
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Indicators, Rate
from tthc_analysis.inputs.dataroot import Commune
from tthc_analysis.inputs.summary import read_summary
from tthc_analysis.report import charts
from tthc_analysis.report.city.narrative import section_rankings, section_review
from tthc_analysis.report.city.page import changes_section, rankings_section, rates_section, review_section
from tthc_analysis.report.index_page import IndexEntry, index_page
from tthc_analysis.report.trend_tables import cell

PERIOD = parse_period("2026-02")

BY_HAND = [
    (1008, 1088, "92,6%"),
    (1, 16, "6,3%"),
    (1, 80, "1,3%"),
    (2, 3, "66,7%"),
    (999, 1000, "99,9%"),
    (1999, 2000, "99,9%"),  # never 100% for a shortfall
    (1, 2001, "0,1%"),  # never 0% for a nonzero share
    (0, 7, "0%"),
    (7, 7, "100%"),
]


@pytest.mark.parametrize("numerator, denominator, shown", BY_HAND)
def test_a_rate_is_its_exact_ratio_rounded_once_half_up(numerator, denominator, shown):
    assert fmt.rate(Rate(numerator, denominator)) == shown
    assert fmt.ratio(numerator, denominator) == shown


@pytest.mark.parametrize(
    "exact, decimals, shown",
    [
        (Fraction(100 * 1008, 1088), 1, "92.6"),
        (Fraction(100 * 1008, 1088), 2, "92.65"),
        (Fraction(100, 16), 1, "6.3"),
        (Fraction(100, 16), 2, "6.25"),
        (Fraction(100 * 1999, 2000), 1, "99.9"),
        (Fraction(100 * 99999, 100000), 2, "99.99"),  # 99,999%: not 100,00
        (Fraction(100, 2001), 1, "0.1"),
        (Fraction(100, 200001), 2, "0.01"),  # 0,0005%: not 0,00
        (Fraction(100), 1, "100.0"),
        (Fraction(0), 1, "0.0"),
    ],
)
def test_rounded_percent(exact, decimals, shown):
    assert str(fmt.rounded_percent(exact, decimals)) == shown


def test_no_rate_shows_why():
    assert fmt.rate(Rate(0, 0)) == "không phát sinh"
    assert fmt.rate(Rate(None, None)) == "không có số liệu"
    assert fmt.ratio(3, 0) == "không phát sinh"
    assert fmt.percent(None) == "không phát sinh"
    assert fmt.percent(float("nan")) == "không có số liệu"


def test_a_float_percent_goes_through_the_same_rounding():
    # 100 * 1008 / 1088 as a float is 92.64705882352942: 92,6; 6.25 (1/16): 6,3, not 6,2.
    assert fmt.percent(100 * 1008 / 1088) == "92,6%"
    assert fmt.percent(100 * 1 / 16) == "6,3%"
    assert fmt.percent(99.95) == "99,9%" and fmt.percent(0.04) == "0,1%"
    # The trends tables and a percent axis of a chart write a rate the same way.
    assert cell(100 * 1008 / 1088, rate=True) == "92,6%" and cell(6.25, rate=True) == "6,3%"
    assert charts._PERCENT(92.5, 0) == "92,5%" and charts._PERCENT(100.0, 0) == "100%"


def test_indicators_json_percent_is_rounded_once_to_two_decimals():
    assert Rate(1008, 1088).to_dict() == {"numerator": 1008, "denominator": 1088, "percent": 92.65, "status": "ok"}
    assert Rate(1, 16).to_dict()["percent"] == 6.25
    assert Rate(1, 8000).to_dict()["percent"] == 0.01  # 0,0125% → 0,01
    assert Rate(99999, 100000).to_dict()["percent"] == 99.99  # not 100
    assert Rate(None, None, 98.5, 2).to_dict() == {
        "numerator": None,
        "denominator": None,
        "percent": 98.5,
        "status": "ok",
        "stated_decimals": 2,
    }


# --- the batch's index page ------------------------------------------------------------------


def _index_cells(rates: dict) -> list[str]:
    """The cells of one commune's row on the index page, its figures as indicators.json has them."""
    figures = {
        "bieu06a": {"total": 1100},
        "new": 1088,
        "resolved_in_time": 1008,
        "overdue": 0,
        "rates": rates,
        "source": "dossiers",
        "findings": [],
    }
    page = index_page(PERIOD, [IndexEntry("xã Tiên Lãng", "tien-lang.html", figures)])
    row = re.search(r"<tr><td><a href[^>]*>.*?</tr>", page).group(0)
    return re.findall(r"<td>([^<]*)</td>", row)


def test_index_page_rounds_from_the_counts_not_from_the_rounded_percent():
    # indicators.json holds 92.65 (two decimals); 92.65 to one decimal would be 92,7.
    on_time = {"numerator": 1008, "denominator": 1088, "percent": 92.65, "status": "ok"}
    online = {"numerator": 1, "denominator": 16, "percent": 6.25, "status": "ok"}
    assert _index_cells({"on_time": on_time, "online": online}) == [
        "1.100",
        "1.088",
        "1.008",
        "0",
        "92,6%",
        "6,3%",
        "dữ liệu hồ sơ",
        "0",
    ]


def test_index_page_shows_a_published_rate_with_its_decimals():
    on_time = {"numerator": None, "denominator": None, "percent": 98.5, "status": "ok", "stated_decimals": 2}
    online = {"numerator": 0, "denominator": 0, "percent": None, "status": "not_applicable"}
    assert _index_cells({"on_time": on_time, "online": online})[4:6] == ["98,50%", "không phát sinh"]


# --- the city page ---------------------------------------------------------------------------


def _indicators(rates: dict[str, Rate]) -> Indicators:
    return Indicators("x", PERIOD, "dossiers", Bieu06a(PERIOD, (), Bieu06aCounts()), rates=rates)


def _city() -> CityIndicators:
    def commune(commune_id, name):
        return Commune(commune_id, name, "xã", "thành phố Hải Phòng", profile=None)  # type: ignore[arg-type]

    results = (
        CommuneResult(
            commune("tien-lang", "Tiên Lãng"),
            _indicators({"on_time": Rate(1008, 1088), "online": Rate(1, 16)}),
            previous=_indicators({"on_time": Rate(1, 16), "online": Rate(1, 16)}),
        ),
        CommuneResult(
            commune("hung-thang", "Hùng Thắng"),
            _indicators({"on_time": Rate(None, None, 98.5, 2), "online": Rate(1999, 2000)}),
            previous=_indicators({"on_time": Rate(1999, 2000), "online": Rate(1, 2001)}),
        ),
    )
    return CityIndicators(
        period=PERIOD,
        city="thành phố Hải Phòng",
        communes=results,
        total=sum_counts(r.indicators.counts for r in results),
        rates={name: city_rate(results, name) for name in ("on_time", "online")},
        rankings=(ranking(results, "on_time", "higher"), ranking(results, "online", "higher")),
        changes=largest_changes(results),
    )


def _rows(html: str) -> list[list[str]]:
    return [re.findall(r"<t[dh](?: [^>]*)?>(.*?)</t[dh]>", row) for row in re.findall(r"<tr>(.*?)</tr>", html)]


def test_city_page_rates_rankings_and_changes_round_once():
    city = _city()
    # Rates: each commune's own, and the city's from the summed counts: on time only Tiên Lãng
    # has counts (1008/1088); online (1 + 1999)/(16 + 2000) = 2000/2016 = 99,206…%: 99,2.
    assert _rows(rates_section(city))[1:] == [
        ["xã Tiên Lãng", "92,6%", "6,3%"],
        ["xã Hùng Thắng", "98,50%", "99,9%"],
        ["Toàn thành phố", "92,6%", "99,2%"],
    ]
    # Rankings: online 99,95% (Hùng Thắng) before 6,25% (Tiên Lãng), shown 99,9% and 6,3%.
    rankings = _rows(rankings_section(city))
    assert ["1", "xã Hùng Thắng", "99,9%"] in rankings and ["2", "xã Tiên Lãng", "6,3%"] in rankings
    # Changes of the on-time rate: each side as the report writes it.
    changes = _rows(changes_section(city))
    assert any(row[:3] == ["xã Tiên Lãng", "6,3%", "92,6%"] for row in changes)
    assert any(row[:3] == ["xã Hùng Thắng", "99,9%", "98,50%"] for row in changes)


# --- published rates ------------------------------------------------------------------------


def _summary(tmp_path, rates: str):
    path = tmp_path / "summary-2026-02.yaml"
    path.write_text(f'period: "2026-02"\nrates:\n{rates}', encoding="utf-8")
    return read_summary(path, PERIOD)


def test_a_published_rate_is_shown_as_written(tmp_path):
    summary = _summary(tmp_path, "  on_time: 98.53\n  online: 98.50\n  reuse: 100\n  e_result: 98.5\n")
    shown = {
        name: fmt.rate(Rate(None, None, summary.rates[name])) for name in ("on_time", "online", "reuse", "e_result")
    }
    assert shown == {"on_time": "98,53%", "online": "98,50%", "reuse": "100%", "e_result": "98,5%"}
    # Through the published figures' indicators, the report's Rate, indicators.json and the index.
    indicators = summary_indicators(summary, "hung-thang")
    assert fmt.rate(indicators.rates["on_time"]) == "98,53%"
    assert fmt.rate(indicators.rates["online"]) == "98,50%"
    data = indicators.to_dict()["rates"]
    assert (data["online"]["percent"], data["online"]["stated_decimals"]) == (98.5, 2)
    assert _index_cells(data)[4:6] == ["98,53%", "98,50%"]


def test_a_published_rate_with_three_decimals_is_shown_with_two(tmp_path):
    summary = _summary(tmp_path, "  on_time: 98.535\n  online: 99.996\n")
    assert fmt.rate(Rate(None, None, summary.rates["on_time"])) == "98,54%"  # 98,535 half up
    assert fmt.rate(Rate(None, None, summary.rates["online"])) == "99,99%"  # never 100% for a shortfall


def test_a_published_rate_is_checked_at_the_decimals_it_was_written_with(tmp_path):
    summary = _summary(tmp_path, "  on_time: 98.50\n  online: 98.5\n")
    assert stated_decimals(summary.rates["on_time"]) == 2 and stated_decimals(summary.rates["online"]) == 1
    # 9847/10000 = 98,47%: 0,03 from 98,5 (within half of 0,1), not within half of 0,01.
    assert rate_matches(summary.rates["online"], 9847, 10000)
    assert not rate_matches(summary.rates["on_time"], 9847, 10000)
    # 9996/10000 = 99,96%: 0,06 from 99,9, but a report shows it as 99,9% (never 100%).
    assert rate_matches(99.9, 9996, 10000)
    assert not rate_matches(99.8, 9996, 10000)


def test_a_rate_that_is_not_a_number_is_refused(tmp_path):
    from tthc_analysis.core.errors import InputError

    with pytest.raises(InputError, match="không phải tỷ lệ phần trăm"):
        _summary(tmp_path, "  on_time: .nan\n")


# --- rankings, their sentences, the rate check's message, the review section -----------------
# By hand: 1/1 = 100%; 1999/2000 = 99,95%, shown 99,9 (never 100 for a shortfall); 98,50% as
# published (two decimals); 1/16 = 6,25%, half up 6,3; 63/1000 = 6,3%; 31/500 = 6,2%. Ranked as
# shown: 1/16 and 63/1000 tie at 6,3 (Python's round(6.25, 1) is 6.2, which would tie 1/16 with
# 31/500 instead), and 1999/2000 is below 1/1 (round(99.95, 1) is 100.0, a tie at the top).


def _ranked_city(
    online: dict[str, Rate], *, source: str = "dossiers", published: Indicators | None = None
) -> CityIndicators:
    results = tuple(
        CommuneResult(
            Commune(name.lower(), name, "xã", "thành phố Hải Phòng", profile=None),  # type: ignore[arg-type]
            replace(_indicators({"online": rate}), source=source, published=published),
        )
        for name, rate in online.items()
    )
    return CityIndicators(
        period=PERIOD,
        city="thành phố Hải Phòng",
        communes=results,
        total=sum_counts(r.indicators.counts for r in results),
        rates={"online": city_rate(results, "online")},
        rankings=(ranking(results, "online", "higher"),),
        changes=(),
    )


RANKED_ONLINE = {
    "Lâm": Rate(31, 500),
    "Hà": Rate(63, 1000),
    "Dương": Rate(1, 16),
    "Bình": Rate(None, None, 98.5, 2),
    "Cát": Rate(1999, 2000),
    "An": Rate(1, 1),
}


@pytest.mark.parametrize(
    "rate, value",
    [
        (Rate(1, 16), 6.3),  # 6,25%: half up
        (Rate(1999, 2000), 99.9),  # 99,95%: a shortfall is never 100
        (Rate(1, 2001), 0.1),  # 0,0499…%: a nonzero share is never 0
        (Rate(1008, 1088), 92.6),
        (Rate(None, None, 98.53), 98.53),  # as published, with its two decimals
        (Rate(None, None, 98.5, 2), 98.5),
        (Rate(None, None, 98.535), 98.54),  # three decimals: shown (and ranked) with two
        (Rate(197, 200, 98.0), 98.5),  # the counts when it has them
        (Rate(0, 0), None),  # không phát sinh
        (Rate(None, None), None),
    ],
)
def test_ranked_value_is_the_rate_as_shown(rate, value):
    assert ranked_value(_indicators({"online": rate}), "online") == value


def test_a_ranking_orders_and_ties_by_the_rate_as_shown():
    [online] = _ranked_city(RANKED_ONLINE).rankings
    assert online.entries == (
        (1, "an", 100.0),
        (2, "cát", 99.9),
        (3, "bình", 98.5),
        (4, "dương", 6.3),  # 1/16 and 63/1000 share the rank, listed by name
        (4, "hà", 6.3),
        (6, "lâm", 6.2),
    )
    # A published 98,53% is above a counted 98,5% (197/200): what is shown differs, so no tie.
    [two] = _ranked_city({"Bình": Rate(197, 200), "An": Rate(None, None, 98.53)}).rankings
    assert two.entries == ((1, "an", 98.53), (2, "bình", 98.5))


def test_a_ranking_sentence_writes_each_rate_from_the_communes_own_rate():
    [line] = [b.display for b in section_rankings(_ranked_city(RANKED_ONLINE)) if "trực tuyến" in b.display]
    assert line == (
        "- Tỷ lệ hồ sơ trực tuyến: cao nhất xã An (100%), xã Cát (99,9%), xã Bình (98,50%); "
        "thấp nhất xã Lâm (6,2%), xã Hà (6,3%), xã Dương (6,3%)."
    )
    # The same on the page's table.
    assert _rows(rankings_section(_ranked_city(RANKED_ONLINE)))[1:] == [
        ["1", "xã An", "100%"],
        ["2", "xã Cát", "99,9%"],
        ["3", "xã Bình", "98,50%"],
        ["4", "xã Dương", "6,3%"],
        ["4", "xã Hà", "6,3%"],
        ["6", "xã Lâm", "6,2%"],
    ]
    # Tied as shown: "cả … bằng nhau" with the value as written.
    [tied] = section_rankings(_ranked_city({"Dương": Rate(1, 16), "Hà": Rate(63, 1000)}))[1:]
    assert tied.display == "- Tỷ lệ hồ sơ trực tuyến: cả 2 đơn vị bằng nhau (6,3%)."


@pytest.mark.parametrize(
    "rate, message",
    [
        # 1/16 = 6,25% exactly; the published 98,50 keeps its trailing zero.
        (Rate(1, 16, 98.5, 2), "ghi 98,50% nhưng theo số hồ sơ 1/16 = 6,25%"),
        (Rate(1, 16, 98.5), "ghi 98,5% nhưng theo số hồ sơ 1/16 = 6,25%"),
        # 1/800 = 0,125%: half up 0,13 (Python's round(0.125, 2) is 0.12).
        (Rate(1, 800, 5), "ghi 5% nhưng theo số hồ sơ 1/800 = 0,13%"),
        # 199999/200000 = 99,9995%: half up 100,00, but a shortfall is never 100: 99,99.
        (Rate(199999, 200000, 98.5, 2), "ghi 98,50% nhưng theo số hồ sơ 199999/200000 = 99,99%"),
        # 1/200001 = 0,000499…%: 0,00, but a nonzero share is never 0: 0,01.
        (Rate(1, 200001, 2), "ghi 2% nhưng theo số hồ sơ 1/200001 = 0,01%"),
    ],
)
def test_a_rate_not_matching_its_counts_is_written_rounded_once(rate, message):
    [finding] = check_rates_against_counts(_indicators({"on_time": rate}))
    assert finding.message == f"Tỷ lệ giải quyết đúng hạn {message} (đã tính làm tròn)."


NO_DISAGREEMENT = "Không có đơn vị nào có số liệu công bố sai lệch."


def test_the_city_page_says_no_published_figure_disagrees_only_when_some_were_checked():
    # Only dossier exports, every commune with data: nothing was published, nothing to review.
    dossiers = _ranked_city({"An": Rate(1, 2), "Bình": Rate(1, 4)})
    assert review_section(dossiers) == ""
    assert section_review(dossiers, "III") == []
    # Published figures as a commune's source, or set beside its dossiers, and none disagrees.
    published = _indicators({"online": Rate(1, 2)})
    for city in (
        _ranked_city({"An": Rate(1, 2)}, source="summary"),
        _ranked_city({"An": Rate(1, 2)}, published=published),
    ):
        assert NO_DISAGREEMENT in review_section(city)
        assert [b.display for b in section_review(city, "III")][1:] == [
            "- Không có xã nào có số liệu công bố sai lệch."
        ]


def test_a_change_rounds_half_up_like_every_rate():
    from tthc_analysis.core import vnformat as fmt

    # 6,25 points is +6,3 (half up), as 1/16 = 6,25 % is 6,3 %; round() gave +6,2.
    assert fmt.change(6.25, points=True) == "+6,3 điểm %" and fmt.change(-0.25) == "-0,3"
    assert fmt.change(0.04) == "không đổi"


def test_qd766_values_in_json_round_once_like_the_rates():
    from tthc_analysis.indicators.qd766 import score

    # 1/32 = 3,125 %: 3.13 to two decimals, half up, as in "rates"; round() gave 3.12.
    assert score("2.1", 1, 32, "dossiers").to_dict()["value"] == 3.13
