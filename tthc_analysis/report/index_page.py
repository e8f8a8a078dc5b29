"""The batch's index page: every commune of a period, its status, key figures and report link."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core import vnformat as fmt
from ..core.labels import NOT_AVAILABLE, UNIT_HEADING, from_to
from ..core.periods import Period
from ..core.sources import SOURCE_WORDS
from .html import esc, page

COLUMNS = (
    UNIT_HEADING,
    "Trạng thái",
    "Tổng số hồ sơ",
    "Tiếp nhận mới",
    "Đúng hạn",
    "Quá hạn",
    "Tỷ lệ đúng hạn",
    "Tỷ lệ trực tuyến",
    "Nguồn số liệu",  # the communes' figures may come from different sources: each says its own
    "Phát hiện",
)


CITY_LINK_TEXT = "Báo cáo tổng hợp: Biểu 06a theo từng đơn vị, xếp hạng, số liệu cần rà soát"


@dataclass(frozen=True)
class IndexEntry:
    """One commune on the index page."""

    name: str  # "xã Hùng Thắng"
    link: str | None  # the report's HTML, relative to the index page; None when the run failed
    figures: dict[str, Any] | None  # its indicators.json
    error: str | None = None
    # Not run by this batch: the link, if any, is to an earlier run's report, still whole;
    # without one (and without an error) the commune has not been run yet.
    earlier: bool = False

    @property
    def state(self) -> str:
        """ "done", "failed" or "not_run"."""
        if self.error or not (self.earlier or (self.link and self.figures)):
            return "failed"
        return "done" if self.link and self.figures else "not_run"


def _cells(figures: dict[str, Any]) -> list[str]:
    def number(value: int | None) -> str:
        return NOT_AVAILABLE if value is None else fmt.number(value)

    def rate(value: dict[str, Any]) -> str:
        # As the report shows it: as published (its decimals), else rounded once from the
        # counts, never from "percent", which is rounded already (92,647% -> 92,65 -> 92,7%).
        if value["status"] == "not_available":
            return NOT_AVAILABLE
        percent, decimals = value.get("percent"), value.get("stated_decimals")
        if percent is not None and decimals is not None:
            return fmt.percent(fmt.StatedPercent(percent, decimals))
        if value.get("numerator") is not None and value.get("denominator") is not None:
            return fmt.ratio(value["numerator"], value["denominator"])
        # A published rate without its counts, in an indicators.json older than "stated_decimals".
        return fmt.percent(None if percent is None else fmt.StatedPercent(percent))

    b, rates = figures["bieu06a"], figures["rates"]
    return [
        number(b["total"]),
        number(figures["new"]),
        number(figures["resolved_in_time"]),
        number(figures["overdue"]),
        rate(rates["on_time"]),
        rate(rates["online"]),
        SOURCE_WORDS.get(figures.get("source"), NOT_AVAILABLE),
        str(len(figures["findings"])),
    ]


def _row(entry: IndexEntry) -> str:
    status = {
        "done": '<span class="ok">xong</span>',
        "failed": f'<span class="warn">lỗi</span><br><span class="note">{esc((entry.error or "")[:300])}</span>',
        "not_run": '<span class="note">chưa chạy</span>',
    }[entry.state]
    if entry.link and entry.figures:  # a failed commune of an earlier batch keeps its whole report too
        title, cells = f'<a href="{esc(entry.link)}">{esc(entry.name)}</a>', _cells(entry.figures)
        status += '<br><span class="note">báo cáo lần chạy trước</span>' if entry.earlier else ""
    else:
        title, cells = esc(entry.name), ["–"] * (len(COLUMNS) - 2)
    return f"<tr><td>{title}</td><td>{status}</td>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>"


def index_page(period: Period, entries: Sequence[IndexEntry], city_link: str | None = None) -> str:
    """The index page as a self-contained HTML page (text from data escaped); ``city_link``
    is the city's consolidated page, relative to this one."""
    states = [e.state for e in entries]
    failed, not_run = states.count("failed"), states.count("not_run")
    header = "".join(f"<th>{esc(c)}</th>" for c in COLUMNS)
    rows = "".join(_row(e) for e in entries)
    body = (
        f"<h1>Báo cáo cải cách TTHC {esc(period.name)}</h1>"
        f"<p>Số liệu {from_to(period.start, period.end, until='đến hết ngày')} · "
        f"{states.count('done')}/{len(entries)} báo cáo đã lập"
        + (f' · <span class="warn">{failed} lỗi</span>' if failed else "")
        + (f" · {not_run} chưa chạy" if not_run else "")
        + "</p>"
        + (f'<p><a href="{esc(city_link)}">{CITY_LINK_TEXT}</a></p>' if city_link else "")
        + f'<div class="jp-OutputArea-output"><table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table></div>'
        f'<p class="note">Cập nhật {time.strftime("%d/%m/%Y %H:%M")}.</p>'
    )
    return page(f"Báo cáo cải cách TTHC {period.name}", body)
