"""The batch's index page, piece by piece, against pages written out by hand.

Every expected string below is worked out by hand from small hand-made ``IndexEntry`` objects:
the period 2026-02 runs from 15/01/2026 to 14/02/2026 and is named "tháng 02 năm 2026".
"""

from __future__ import annotations

import importlib
import re
import time
import types

import pytest

from tthc_analysis.core.periods import parse_period
from tthc_analysis.report.index_page import IndexEntry, index_page

PERIOD = parse_period("2026-02")
DASHES = "<td>–</td>" * 8  # a commune without figures: a dash in each of the 8 figure columns
HEADER = (
    "<tr><th>Đơn vị</th><th>Trạng thái</th><th>Tổng số hồ sơ</th><th>Tiếp nhận mới</th>"
    "<th>Đúng hạn</th><th>Quá hạn</th><th>Tỷ lệ đúng hạn</th><th>Tỷ lệ trực tuyến</th>"
    "<th>Nguồn số liệu</th><th>Phát hiện</th></tr>"
)
DONE = '<span class="ok">xong</span>'
EARLIER_NOTE = '<br><span class="note">báo cáo lần chạy trước</span>'
NOT_RUN = '<span class="note">chưa chạy</span>'
CITY_TEXT = "Báo cáo tổng hợp: Biểu 06a theo từng đơn vị, xếp hạng, số liệu cần rà soát"


def _figures(**changes) -> dict:
    """An indicators.json as the index reads it: 1.234 in all, 10 new, 6 in time, 3 overdue,
    6/7 on time (85,714…% -> 85,7%), 3/5 online (60%), from the dossiers, 2 findings."""
    figures = {
        "bieu06a": {"total": 1234},
        "new": 10,
        "resolved_in_time": 6,
        "overdue": 3,
        "rates": {
            "on_time": {"numerator": 6, "denominator": 7, "percent": 85.71, "status": "ok"},
            "online": {"numerator": 3, "denominator": 5, "percent": 60.0, "status": "ok"},
        },
        "source": "dossiers",
        "findings": [{"code": "A"}, {"code": "B"}],
    }
    figures.update(changes)
    return figures


FIGURE_CELLS = "<td>1.234</td><td>10</td><td>6</td><td>3</td><td>85,7%</td><td>60%</td><td>dữ liệu hồ sơ</td><td>2</td>"


def _failed(note: str) -> str:
    return f'<span class="warn">lỗi</span><br><span class="note">{note}</span>'


def _part(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.DOTALL)
    assert found, pattern
    return found.group(1)


def _body(page: str) -> str:
    return _part(page, r"<tbody>(.*)</tbody>")


def _summary(page: str) -> str:
    """From the heading's end to the table: the summary line and the city's link, if any."""
    return _part(page, r"</h1>(.*)<div class=\"jp-OutputArea-output\">")


def _rows(*entries: IndexEntry) -> str:
    return _body(index_page(PERIOD, list(entries)))


# --- each state's row ---------------------------------------------------------------------------


def test_a_done_commune_of_this_batch_links_its_report_without_the_earlier_note():
    row = _rows(IndexEntry("xã A", "a/bao-cao.html", _figures()))
    assert row == f'<tr><td><a href="a/bao-cao.html">xã A</a></td><td>{DONE}</td>{FIGURE_CELLS}</tr>'


def test_a_commune_kept_from_an_earlier_run_says_so():
    row = _rows(IndexEntry("xã B", "b/bao-cao.html", _figures(), earlier=True))
    assert row == f'<tr><td><a href="b/bao-cao.html">xã B</a></td><td>{DONE}{EARLIER_NOTE}</td>{FIGURE_CELLS}</tr>'


def test_a_commune_not_run_yet_has_no_link_and_dashes():
    row = _rows(IndexEntry("phường C", None, None, earlier=True))
    assert row == f"<tr><td>phường C</td><td>{NOT_RUN}</td>{DASHES}</tr>"


def test_a_failed_commune_shows_its_error_and_dashes():
    row = _rows(IndexEntry("xã D", None, None, error="ValueError: hỏng"))
    assert row == f"<tr><td>xã D</td><td>{_failed('ValueError: hỏng')}</td>{DASHES}</tr>"


def test_a_commune_failed_without_an_error_text_has_an_empty_note():
    # Run by this batch (not earlier), no report and no error given: failed, nothing to say.
    row = _rows(IndexEntry("xã E", None, None))
    assert row == f"<tr><td>xã E</td><td>{_failed('')}</td>{DASHES}</tr>"


def test_a_failed_commune_of_an_earlier_batch_keeps_its_whole_report():
    row = _rows(IndexEntry("xã F", "f/bao-cao.html", _figures(), error="hết giờ", earlier=True))
    assert row == (
        f'<tr><td><a href="f/bao-cao.html">xã F</a></td><td>{_failed("hết giờ")}{EARLIER_NOTE}</td>{FIGURE_CELLS}</tr>'
    )


def test_an_error_is_cut_at_300_characters_before_it_is_escaped():
    # 301 characters: 299 "a", then "b", then "c"; only the first 300 show (… "ab", no "c").
    assert _rows(IndexEntry("xã G", None, None, error="a" * 299 + "bc")) == (
        f"<tr><td>xã G</td><td>{_failed('a' * 299 + 'b')}</td>{DASHES}</tr>"
    )
    # Exactly 300 characters show whole; the cut falls before escaping, so "<&" stays whole entities.
    assert _rows(IndexEntry("xã H", None, None, error="x" * 298 + "<&" + "đuôi")) == (
        f"<tr><td>xã H</td><td>{_failed('x' * 298 + '&lt;&amp;')}</td>{DASHES}</tr>"
    )


@pytest.mark.parametrize(
    ("entry", "state"),
    [
        (IndexEntry("a", "r.html", {"x": 1}), "done"),
        (IndexEntry("a", "r.html", {"x": 1}, earlier=True), "done"),
        (IndexEntry("a", None, None, earlier=True), "not_run"),
        (IndexEntry("a", "r.html", None, earlier=True), "not_run"),
        (IndexEntry("a", None, None), "failed"),
        (IndexEntry("a", "r.html", None), "failed"),
        (IndexEntry("a", "r.html", {"x": 1}, error="e"), "failed"),
        (IndexEntry("a", None, None, error="e", earlier=True), "failed"),
    ],
)
def test_the_state_of_an_entry(entry, state):
    assert entry.state == state


# --- the figure cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "shown"),
    [
        # From the counts, rounded once: 6/7 = 85,714…%.
        ({"numerator": 6, "denominator": 7, "percent": 85.71, "status": "ok"}, "85,7%"),
        # As published, with the decimals it was written with.
        ({"numerator": None, "denominator": None, "percent": 98.5, "status": "ok", "stated_decimals": 2}, "98,50%"),
        # Published, in an older indicators.json without "stated_decimals": its own decimals.
        ({"numerator": None, "denominator": None, "percent": 98.53, "status": "ok"}, "98,53%"),
        ({"percent": 92.5, "status": "ok"}, "92,5%"),
        # One count only is not a ratio: the published percent still shows.
        ({"numerator": 5, "denominator": None, "percent": 98.53, "status": "ok"}, "98,53%"),
        ({"numerator": None, "denominator": 8, "percent": 92.5, "status": "ok"}, "92,5%"),
        # No denominator: "không phát sinh", from 0/0 or with no counts written at all.
        ({"numerator": 0, "denominator": 0, "percent": None, "status": "not_applicable"}, "không phát sinh"),
        ({"percent": None, "status": "not_applicable"}, "không phát sinh"),
        ({"numerator": None, "denominator": None, "percent": None, "status": "not_available"}, "không có số liệu"),
    ],
)
def test_a_rate_cell(rate, shown):
    figures = _figures(rates={"on_time": rate, "online": {"numerator": 1, "denominator": 4, "status": "ok"}})
    cells = re.findall(r"<td>([^<]*)</td>", _rows(IndexEntry("xã A", "a.html", figures)))
    assert cells[4:6] == [shown, "25%"]


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("dossiers", "dữ liệu hồ sơ"),
        ("summary", "số liệu đã công bố"),
        (None, "không có số liệu"),
        ("x", "không có số liệu"),
    ],
)
def test_the_source_cell(source, words):
    figures = _figures(source=source)
    cells = re.findall(r"<td>([^<]*)</td>", _rows(IndexEntry("xã A", "a.html", figures)))
    assert cells[-2:] == [words, "2"]


def test_an_indicators_json_without_a_source_says_the_source_is_not_available():
    figures = _figures()
    del figures["source"]
    cells = re.findall(r"<td>([^<]*)</td>", _rows(IndexEntry("xã A", "a.html", figures)))
    assert cells == ["1.234", "10", "6", "3", "85,7%", "60%", "không có số liệu", "2"]


def test_a_missing_count_is_not_available():
    figures = _figures(new=None, bieu06a={"total": None})
    cells = re.findall(r"<td>([^<]*)</td>", _rows(IndexEntry("xã A", "a.html", figures)))
    assert cells[:4] == ["không có số liệu", "không có số liệu", "6", "3"]


# --- the whole page -----------------------------------------------------------------------------


def test_the_whole_table_and_summary_of_a_mixed_batch():
    entries = [
        IndexEntry("xã A", "a/bao-cao.html", _figures()),
        IndexEntry("xã B", "b/bao-cao.html", _figures(), earlier=True),
        IndexEntry("phường C", None, None, earlier=True),
        IndexEntry("xã D", None, None, error="boom"),
        IndexEntry("xã E", None, None),
    ]
    page = index_page(PERIOD, entries)
    assert f"<thead>{HEADER}</thead>" in page
    assert _body(page) == (
        f'<tr><td><a href="a/bao-cao.html">xã A</a></td><td>{DONE}</td>{FIGURE_CELLS}</tr>'
        f'<tr><td><a href="b/bao-cao.html">xã B</a></td><td>{DONE}{EARLIER_NOTE}</td>{FIGURE_CELLS}</tr>'
        f"<tr><td>phường C</td><td>{NOT_RUN}</td>{DASHES}</tr>"
        f"<tr><td>xã D</td><td>{_failed('boom')}</td>{DASHES}</tr>"
        f"<tr><td>xã E</td><td>{_failed('')}</td>{DASHES}</tr>"
    )
    # 2 done of 5; 2 failed (D, E); 1 not run (C).
    assert _summary(page) == (
        "<p>Số liệu từ ngày 15/01/2026 đến hết ngày 14/02/2026 · 2/5 báo cáo đã lập"
        ' · <span class="warn">2 lỗi</span> · 1 chưa chạy</p>'
    )


def test_heading_title_and_a_summary_with_nothing_failed_or_pending():
    page = index_page(PERIOD, [IndexEntry("xã A", "a.html", _figures())])
    assert "<title>Báo cáo cải cách TTHC tháng 02 năm 2026</title>" in page
    assert "<h1>Báo cáo cải cách TTHC tháng 02 năm 2026</h1>" in page
    # No failure, none pending, no city page: the line stops at the count, no link follows.
    assert _summary(page) == "<p>Số liệu từ ngày 15/01/2026 đến hết ngày 14/02/2026 · 1/1 báo cáo đã lập</p>"
    assert "lỗi" not in page and "chưa chạy" not in page and CITY_TEXT not in page


def test_only_failures_or_only_pending_in_the_summary():
    failed = index_page(PERIOD, [IndexEntry("xã A", None, None, error="e")])
    assert _summary(failed) == (
        '<p>Số liệu từ ngày 15/01/2026 đến hết ngày 14/02/2026 · 0/1 báo cáo đã lập · <span class="warn">1 lỗi</span></p>'
    )
    pending = index_page(PERIOD, [IndexEntry("xã A", None, None, earlier=True)] * 3)
    assert (
        _summary(pending)
        == "<p>Số liệu từ ngày 15/01/2026 đến hết ngày 14/02/2026 · 0/3 báo cáo đã lập · 3 chưa chạy</p>"
    )


def test_the_city_link_follows_the_summary():
    page = index_page(PERIOD, [IndexEntry("xã A", "a.html", _figures())], "../thanh-pho/tong-hop.html")
    assert _summary(page) == (
        "<p>Số liệu từ ngày 15/01/2026 đến hết ngày 14/02/2026 · 1/1 báo cáo đã lập</p>"
        f'<p><a href="../thanh-pho/tong-hop.html">{CITY_TEXT}</a></p>'
    )


def test_a_quarter_is_named_and_dated_as_such():
    page = index_page(parse_period("2026-Q1"), [])
    assert "<title>Báo cáo cải cách TTHC quý I năm 2026</title>" in page
    assert "<h1>Báo cáo cải cách TTHC quý I năm 2026</h1>" in page
    assert _summary(page) == "<p>Số liệu từ ngày 15/12/2025 đến hết ngày 14/03/2026 · 0/0 báo cáo đã lập</p>"
    assert _body(page) == ""


def test_the_update_time_is_day_month_year_hours_minutes(monkeypatch):
    # The page is stamped with the local time: fixed here at 05/02/2026 09:07:30.
    fixed = time.struct_time((2026, 2, 5, 9, 7, 30, 3, 36, 0))
    module = importlib.import_module("tthc_analysis.report.index_page")
    monkeypatch.setattr(module, "time", types.SimpleNamespace(strftime=lambda pattern: time.strftime(pattern, fixed)))
    page = index_page(PERIOD, [])
    assert '</table></div><p class="note">Cập nhật 05/02/2026 09:07.</p>' in page
