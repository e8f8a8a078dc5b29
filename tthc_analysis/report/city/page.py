"""The city's consolidated report as one self-contained HTML page (no script, offline,
phone and print), with the same sentences as its .docx and every table behind them."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ...core import vnformat as fmt
from ...core.labels import BIEU06A_KEYS, BIEU06A_SHORT, NOT_AVAILABLE, RATE_SHORT, UNIT_HEADING
from ...core.sources import SOURCE_WORDS
from ...indicators.city import Change, CityIndicators, CommuneResult, Ranking, dossier_qd766
from ...indicators.results import Bieu06aCounts
from ...inputs.dataroot import Centre, province_kind
from ..blocks import period_range
from ..html import esc, findings_html, grid_html, narrative_html, numeric_columns, page, plain, table_html
from ..tables import qd766_result_table
from .narrative import RANKING_TITLES, city_blocks, published_figures_checked, ranked_text, unit_words

CHANGE_TITLES = {
    ("previous", "new"): "Tiếp nhận mới so với kỳ trước",
    ("previous", "on_time"): "Tỷ lệ đúng hạn so với kỳ trước",
    ("last_year", "new"): "Tiếp nhận mới so với cùng kỳ năm trước",
    ("last_year", "on_time"): "Tỷ lệ đúng hạn so với cùng kỳ năm trước",
}


def _names(city: CityIndicators) -> dict[str, str]:
    """Commune id → "xã Hùng Thắng"."""
    return {r.commune.id: r.commune.full_name for r in city.communes}


def city_title(city: CityIndicators) -> str:
    return f"Tổng hợp cải cách TTHC {city.period.name} – {city.city}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], total: Sequence[str] | None = None) -> str:
    """A table; cells are HTML already escaped by the caller. Figures right-aligned, words left."""
    columns = [[plain(row[n]) for row in [*rows, *([total] if total else [])]] for n in range(len(header))]
    return grid_html(header, rows, numeric=numeric_columns(columns), footer=total)


def _counts(counts: Bieu06aCounts) -> list[str]:
    return [NOT_AVAILABLE if (v := getattr(counts, k)) is None else fmt.number(v) for k in BIEU06A_KEYS]


def bieu06a_section(city: CityIndicators, link: Callable[[str], str | None]) -> str:
    """Biểu 06a with a row per commune (its own indicators.json) and the city total."""
    rows = []
    for result in city.with_data:
        name = esc(result.commune.full_name)
        href = link(result.commune.id)
        shown = f'<a href="{esc(href)}">{name}</a>' if href else name
        source = esc(SOURCE_WORDS.get(result.indicators.source, result.indicators.source))
        rows.append([shown, source, *(esc(c) for c in _counts(result.indicators.counts))])
    header = [UNIT_HEADING, "Nguồn", *(esc(BIEU06A_SHORT[k]) for k in BIEU06A_KEYS)]
    total = ["Tổng cộng", "", *(esc(c) for c in _counts(city.total))]
    return f"<h2>Biểu 06a theo {esc(unit_words(city))}</h2>" + _table(header, rows, total)


def rates_section(city: CityIndicators) -> str:
    """Each commune's rates beside the city's (ratio of the summed counts)."""
    names = list(city.rates)
    rows = [
        [
            esc(r.commune.full_name),
            *(esc(fmt.rate(r.indicators.rates[n])) if n in r.indicators.rates else "–" for n in names),
        ]
        for r in city.with_data
    ]
    total = [f"Toàn {province_kind(city.city)}", *(esc(fmt.rate(city.rates[n].rate)) for n in names)]
    notes = [
        f"{RATE_SHORT[n]}: tính trên {len(r.covered)}/{len(r.covered) + len(r.missing)} đơn vị có số liệu"
        for n, r in city.rates.items()
        if r.missing
    ]
    note = f'<p class="note">{esc("; ".join(notes))}.</p>' if notes else ""
    header = [UNIT_HEADING, *(esc(RATE_SHORT[n]) for n in names)]
    return "<h2>Các tỷ lệ</h2>" + _table(header, rows, total) + note


def _ranking_table(city: CityIndicators, ranking: Ranking) -> str:
    names = _names(city)
    rates = {r.commune.id: r.indicators.rates.get(ranking.key) for r in city.with_data}
    rows = [[str(rank), esc(names[c]), esc(ranked_text(ranking, v, rates.get(c)))] for rank, c, v in ranking.entries]
    missing = (
        f'<p class="note">Không có số liệu: {esc(", ".join(names[c] for c in ranking.missing))}.</p>'
        if ranking.missing
        else ""
    )
    better = "ít hơn là tốt hơn" if ranking.better == "lower" else "cao hơn là tốt hơn"
    return (
        f'<h3>{esc(RANKING_TITLES[ranking.key])} <span class="note">({better})</span></h3>'
        + _table(["Hạng", UNIT_HEADING, "Giá trị"], rows)
        + missing
    )


def rankings_section(city: CityIndicators) -> str:
    return "<h2>Xếp hạng</h2>" + "".join(_ranking_table(city, r) for r in city.rankings)


def _change_cells(change: Change, name: str, result: CommuneResult) -> list[str]:
    if change.key == "new":
        relative = "" if change.relative is None or not change.delta else f" ({fmt.change(100 * change.relative)}%)"
        cells = [fmt.number(change.before), fmt.number(change.now), fmt.change(change.delta) + relative]
    else:
        # Each side as the report shows it (fmt.rate: from its counts, or with its published decimals).
        now, before = result.indicators.rates[change.key], getattr(result, change.against).rates[change.key]
        cells = [fmt.rate(before), fmt.rate(now), fmt.change(change.delta, points=True)]
    return [esc(name), *(esc(c) for c in cells)]


def changes_section(city: CityIndicators) -> str:
    """The communes that changed most against the previous period and the same period last year."""
    names = _names(city)
    results = {r.commune.id: r for r in city.communes}
    parts = []
    for (against, key), title in CHANGE_TITLES.items():
        found = [c for c in city.changes if c.against == against and c.key == key]
        if not found:
            parts.append(f'<h3>{esc(title)}</h3><p class="note">Không có đơn vị nào có số liệu của kỳ so sánh.</p>')
            continue
        rows = [_change_cells(c, names[c.commune], results[c.commune]) for c in found]
        parts.append(f"<h3>{esc(title)}</h3>" + _table([UNIT_HEADING, "Kỳ so sánh", "Kỳ này", "Thay đổi"], rows))
    return "<h2>Thay đổi lớn nhất</h2>" + "".join(parts)


def qd766_section(city: CityIndicators) -> str:
    """Bộ chỉ số QĐ 766: each commune's points by indicator and the city's combined table."""
    if city.qd766 is None:
        return ""
    names = _names(city)
    codes = [i.code for i in city.qd766.result.indicators]
    rows = []
    for result in city.with_data:
        qd766 = dossier_qd766(result.indicators)
        if qd766 is None:
            continue
        cells = [fmt.number(i.points, 2) if i.points is not None else NOT_AVAILABLE for i in qd766.indicators]
        total = f"{fmt.number(qd766.points, 2)}/{fmt.number(qd766.max_points)}"
        rows.append([esc(names[result.commune.id]), *(esc(c) for c in cells), esc(total)])
    header = [UNIT_HEADING, *(esc(c) for c in codes), "Cộng (điểm/tối đa của các chỉ số tính được)"]
    note = (
        "Tính từ dữ liệu hồ sơ của từng đơn vị (Cổng Dịch vụ công quốc gia cũng chấm điểm trên hồ sơ "
        'được đồng bộ, không trên số liệu báo cáo); thang điểm ghi "chưa xác nhận" được suy ra từ kết quả '
        f"chấm điểm công khai của Cổng; {len(city.qd766.communes)} đơn vị"
        + (
            f"; không tính (không có dữ liệu hồ sơ): {', '.join(names[c] for c in city.qd766.left_out)}"
            if city.qd766.left_out
            else ""
        )
        + "."
    )
    return (
        "<h2>Chỉ số QĐ 766/QĐ-TTg</h2>"
        f'<p class="note">{esc(note)}</p>'
        + _table(header, rows)
        + f"<h3>Toàn {esc(province_kind(city.city))} (tỷ số của tổng)</h3>"
        + table_html(qd766_result_table(city.qd766.result))
    )


def review_section(city: CityIndicators) -> str:
    """Published figures that disagree (with the findings themselves) and communes with no data.

    "No published figure disagrees" only when some commune's published figures were checked;
    the section is left out when there is nothing to say."""
    names = _names(city)
    parts = ["<h2>Số liệu cần rà soát</h2>"]
    disagreements = city.disagreements()
    if not disagreements and published_figures_checked(city):
        parts.append('<p class="ok">Không có đơn vị nào có số liệu công bố sai lệch.</p>')
    for commune_id, sides in disagreements.items():
        parts.append(f"<h3>{esc(names[commune_id])}</h3>")
        if sides["itself"]:
            parts.append("<p>Số liệu công bố không khớp với chính nó:</p>" + findings_html(sides["itself"]))
        if sides["exports"]:
            parts.append("<p>Số liệu công bố khác dữ liệu hồ sơ:</p>" + findings_html(sides["exports"]))
    if city.no_data:
        items = "".join(f"<li>{esc(r.commune.full_name)}: {esc(r.problem or '')}</li>" for r in city.no_data)
        parts.append(f'<h3>Chưa có số liệu</h3><ul class="findings">{items}</ul>')
    return "".join(parts) if len(parts) > 1 else ""  # nothing to review: no heading alone


def city_page(
    city: CityIndicators,
    centre: Centre,
    link: Callable[[str], str | None] = lambda commune_id: None,
    extra_sections: Sequence[str] = (),
) -> str:
    """The whole page. ``link`` gives a commune's report address relative to the page (or None)."""
    with_data = len(city.with_data)
    body = (
        f"<h1>{esc(city_title(city))}</h1>"
        f"<p>{esc(centre.name)} · số liệu {esc(period_range(city.period))} · "
        f"{with_data}/{len(city.communes)} {esc(unit_words(city))} có số liệu</p>"
        "<h2>Nội dung báo cáo</h2>"
        + narrative_html(city_blocks(city, centre))
        + bieu06a_section(city, link)
        + rates_section(city)
        + rankings_section(city)
        + changes_section(city)
        + qd766_section(city)
        + "".join(extra_sections)
        + review_section(city)
        + f'<p class="note">Lập lúc {time.strftime("%d/%m/%Y %H:%M")} bằng tthc-analysis.</p>'
    )
    return page(city_title(city), body)
