"""Live tables in the shared pages (report/live_tables.py): sort, search, offline, and whole on paper."""

from __future__ import annotations

import contextlib
import shutil

import pytest
from conftest import needs_chromium, refusing_route

from tthc_analysis.report.html import grid_html, page
from tthc_analysis.report.live_tables import live_tables

ROWS = [
    ["xã A", "1.234", "98,5%"],
    ["xã B", "987", "không có số liệu"],
    ["xã C", "10.001", "100%"],
    ["xã D", "5", "-2,5 điểm %"],
]


def _page() -> str:
    return page("Thử <bảng>", grid_html(["Đơn vị", "Tổng số", "Tỷ lệ"], ROWS, numeric=[False, True, True]))


def test_only_a_page_with_a_table_of_figures_gets_the_script():
    plain = page("Thử", "<p>Không có bảng.</p>")
    assert "<script" not in plain and live_tables(plain) == plain
    text = _page()
    assert text.count("<script") == 1 and text.index('<script type="module">') > text.index("</main>")
    # Carried inside the page: no address of another host, DataTables' own style inline.
    assert "http://" not in text.split("<script", 1)[1] and "https://" not in text.split("<script", 1)[1]
    assert ".dt-search" in text and text.rstrip().endswith("</html>")


@pytest.mark.e2e
@needs_chromium
def test_a_table_sorts_by_value_searches_and_prints_whole_offline(tmp_path):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    path = tmp_path / "bang.html"
    path.write_text(_page(), encoding="utf-8")
    outside, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or shutil.which("chromium-browser"))
        context = browser.new_context(offline=True)

        context.route("**/*", refusing_route(outside))
        tab = context.new_page()
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(path.as_uri())
        tab.wait_for_function("document.documentElement.dataset.liveTables === '1'", timeout=20_000)

        def units():
            return tab.eval_on_selector_all("tbody tr td:first-child", "cells => cells.map(c => c.textContent)")

        def sorted_as(expected):  # DataTables redraws after the click's event: wait for it, then compare
            script = "e => JSON.stringify([...document.querySelectorAll('tbody tr td:first-child')]"
            script += ".map(c => c.textContent)) === JSON.stringify(e)"
            with contextlib.suppress(PlaywrightTimeout):  # the comparison below says what came instead
                tab.wait_for_function(script, arg=expected, timeout=5_000)
            return units()

        assert units() == ["xã A", "xã B", "xã C", "xã D"]  # as written until a header is clicked
        tab.click("th:has-text('Tổng số')")
        # 5 < 987 < 1.234 < 10.001, not as text
        assert sorted_as(["xã D", "xã B", "xã A", "xã C"]) == ["xã D", "xã B", "xã A", "xã C"]
        tab.click("th:has-text('Tỷ lệ')")
        # no figure first, then −2,5 < 98,5 < 100
        assert sorted_as(["xã B", "xã D", "xã A", "xã C"]) == ["xã B", "xã D", "xã A", "xã C"]
        assert tab.inner_text(".dt-search label") == "Tìm trong bảng:"
        tab.fill(".dt-search input", "10.001")
        assert units() == ["xã C"]
        tab.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what printing does first
        tab.emulate_media(media="print")
        assert len(units()) == 4 and not tab.is_visible(".dt-search")
        browser.close()
    assert outside == [] and errors == []


def test_a_trends_table_is_shown_live_with_its_downloads():
    import base64
    import re

    import pandas as pd

    from tthc_analysis.report.trend_tables import shown_table

    index = pd.MultiIndex.from_tuples([("xã A", "Tổng số"), ("xã A", "Tỷ lệ")], names=["Đơn vị", "Chỉ tiêu"])
    table = pd.DataFrame({"tháng 02 năm 2026": ["1.234", "98,5%"]}, index=index)
    shown = shown_table(table, "thay-doi-2026-02")
    # The unit heads each row; the indicator becomes a column, so the table sorts (one header row).
    assert '<thead><tr><th>Đơn vị</th><th>Chỉ tiêu</th><th class="num">tháng 02 năm 2026</th></tr></thead>' in shown
    assert shown.startswith('<div class="table-scroll"><table class="dataframe data">')
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', shown))
    assert set(links) == {"thay-doi-2026-02.xlsx", "thay-doi-2026-02.csv"}
    assert base64.b64decode(links["thay-doi-2026-02.csv"]).decode("utf-8").splitlines() == [
        "\ufeffĐơn vị,Chỉ tiêu,tháng 02 năm 2026",
        "xã A,Tổng số,1.234",
        'xã A,Tỷ lệ,"98,5%"',
    ]
