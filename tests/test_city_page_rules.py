"""The city page's sections (report/city_page.py) on the small city of tests/test_city.py,
worked out by hand there: the header's count of units, the rates' notes, which way each
ranking is better, and the changes' cells."""

from __future__ import annotations

import re
from html import unescape

import pytest
from small_city import write_small_city

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.city import Change, city_indicators
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report.city import page as city_page


@pytest.fixture
def city_root(tmp_path):
    return write_small_city(tmp_path)


@pytest.fixture
def city(city_root):
    root = DataRoot(city_root)
    return city_indicators(root, parse_period("2026-02"), list(root.communes()))


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_header_counts_units_with_figures_among_all(city, city_root):
    # an-binh, binh-an, dong-tam (dossiers) and dong-hoa (published) have figures; cat-tien none: 4 of 5.
    page = city_page.city_page(city, DataRoot(city_root).centre())
    header = re.search(r"<h1>.*?</h1><p>.*?</p>", page).group(0)
    assert "· 4/5 xã, phường có số liệu</p>" in header


def test_a_rate_some_units_lack_says_over_how_many_it_is_taken(city):
    text = _text(city_page.rates_section(city))
    # Digitisation: none of the four has the flag column and dong-hoa published only a percent: 0 of 4.
    assert "Số hóa hồ sơ: tính trên 0/4 đơn vị có số liệu" in text
    # On time: all four have it (dong-hoa's published 919/919): no note for it.
    assert "Đúng hạn: tính trên" not in text


def test_each_ranking_says_which_way_is_better(city):
    html = city_page.rankings_section(city)
    headings = dict(re.findall(r"<h3>([^<]*) <span class=\"note\">\(([^)]*)\)</span></h3>", html))
    overdue = next(title for title in headings if "quá hạn" in title.lower())
    on_time = next(title for title in headings if "đúng hạn" in title.lower())
    assert headings[overdue] == "ít hơn là tốt hơn" and headings[on_time] == "cao hơn là tốt hơn"


def test_a_change_of_new_dossiers_gives_its_share_only_when_there_is_a_change(city):
    result = next(r for r in city.communes if r.commune.id == "an-binh")
    grew = city_page._change_cells(Change("an-binh", "new", "previous", 10, 8), "xã An Bình", result)
    assert grew == ["xã An Bình", "8", "10", "+2 (+25%)"]  # 2 of 8
    same = city_page._change_cells(Change("an-binh", "new", "previous", 8, 8), "xã An Bình", result)
    assert same == ["xã An Bình", "8", "8", "không đổi"]  # never "không đổi (không đổi%)"
