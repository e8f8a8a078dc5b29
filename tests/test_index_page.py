"""The batch's index page with hostile text from data: names and error texts show as text, never as markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tthc_analysis.core.periods import parse_period
from tthc_analysis.report.index_page import IndexEntry, index_page

SCRIPT = "<script>alert('x')</script>"
IMAGE = '"><img src=x onerror=alert(1)>'


def _figures() -> dict:
    """An indicators.json as the index reads it (only the keys it shows), written by hand."""
    rate = {"numerator": 6, "denominator": 7, "percent": 85.71, "status": "ok"}
    return {
        "bieu06a": {"total": 13},
        "new": 10,
        "resolved_in_time": 6,
        "overdue": 3,
        # The index shows a rate from its counts (as the report does): 6/7 on time, 6/10 online.
        "rates": {"on_time": rate, "online": {**rate, "denominator": 10, "percent": 60.0}},
        "source": "summary",
        "findings": [{"code": "FINISHED_WITHOUT_DATE", "message": SCRIPT}],
    }


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_names_and_errors_are_escaped():
    entries = [
        IndexEntry(f"xã Thử {SCRIPT}", "../thu/2026-02/bao-cao.html", _figures()),
        IndexEntry(f"phường {IMAGE}", None, None, error=f"ValueError: {SCRIPT} {IMAGE}"),
    ]
    page = index_page(parse_period("2026-02"), entries)
    assert not re.search(r"<script", page, re.IGNORECASE)
    assert not re.search(r"<img", page, re.IGNORECASE)
    parsed = _Tags()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert "onerror" not in parsed.attributes  # the quote did not close the link's attribute
    text = "".join(parsed.text)
    # Shown as text, whole: the name in the link, the name and the error of the failed commune.
    assert f"xã Thử {SCRIPT}" in text
    assert f"phường {IMAGE}" in text
    assert f"ValueError: {SCRIPT} {IMAGE}" in text
    # The good commune's figures (by hand from _figures): 13 in all, 10 new, 6 in time, 3 overdue,
    # 85,7% on time, 60% online, 1 finding; the failed one has none.
    row = re.search(r"<tr><td><a href[^>]*>.*?</tr>", page).group(0)
    cells = re.findall(r"<td>([^<]*)</td>", row)
    assert cells == ["13", "10", "6", "3", "85,7%", "60%", "số liệu đã công bố", "1"]  # its source, said
    assert "1/2 báo cáo đã lập" in text and "1 lỗi" in text


def test_a_link_cannot_leave_its_attribute():
    page = index_page(parse_period("2026-02"), [IndexEntry("xã A", 'a.html" onclick="alert(1)', _figures())])
    parsed = _Tags()
    parsed.feed(page)
    assert "onclick" not in parsed.attributes
