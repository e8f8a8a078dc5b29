"""The city's consolidated report in words: the sentences its page and its .docx share.

As in a commune's report, a clause whose figure is not known is left out, and a city
rate counted over only some communes says over how many.
"""

from __future__ import annotations

from ...core import vnformat as fmt
from ...core.labels import FIGURES, RATE_LONG
from ...core.periods import Period
from ...indicators.city import CityIndicators, CityRate, Ranking
from ...indicators.results import Rate
from ...inputs.dataroot import Centre
from ..blocks import Block, capital, count, with_days
from ..narrative import data_period_note

RANKING_TITLES = {
    "on_time": "Tỷ lệ giải quyết đúng hạn",
    "online": "Tỷ lệ hồ sơ trực tuyến",
    "overdue": "Số hồ sơ quá hạn (đã và đang giải quyết)",
    "digitisation": "Tỷ lệ số hóa hồ sơ",
}
SHOWN_IN_RANKING = 3


def unit_words(city: CityIndicators) -> str:
    """ "xã, phường, đặc khu": the kinds of unit the city's communes are, in the usual order."""
    kinds = {result.commune.kind for result in city.communes}
    return ", ".join(k for k in ("xã", "phường", "đặc khu") if k in kinds) or "xã"


def city_subject(period: Period) -> str:
    """The subject line under "BÁO CÁO"."""
    return f"Tổng hợp tình hình, kết quả giải quyết thủ tục hành chính {period.name}"


def _names(city: CityIndicators, ids) -> str:
    by_id = {r.commune.id: r.commune.full_name for r in city.communes}
    return ", ".join(by_id[i] for i in ids)


def opening(city: CityIndicators, centre: Centre) -> str:
    directive = centre.profile.directive(city.period).rstrip(" ;.")
    return (
        f"Thực hiện {directive}; {centre.name} tổng hợp tình hình, kết quả giải quyết "
        f"thủ tục hành chính {with_days(city.period)} của {len(city.communes)} {unit_words(city)} "
        f"trên địa bàn {city.city} như sau:"
    )


def closing(city: CityIndicators) -> str:
    return (
        f"Trên đây là báo cáo tổng hợp tình hình, kết quả giải quyết thủ tục hành chính {city.period.name} "
        f"của các {unit_words(city)} trên địa bàn {city.city}./."
    )


def _clauses(*parts: tuple[str, int | None]) -> str:
    known = [f"{label} {count(value)}" for label, value in parts if value is not None]
    return f" ({'; '.join(known)})" if known else ""


def _rate_sentence(city: CityIndicators, name: str, rate: CityRate) -> list[Block]:
    if rate.rate.status != "ok":
        return []
    partial = ""
    if rate.missing:
        with_data = len(rate.covered) + len(rate.missing)
        by_id = {r.commune.id: r.indicators for r in city.with_data}
        published = [
            c for c in rate.missing if by_id[c].rates.get(name) and by_id[c].rates[name].stated_percent is not None
        ]
        others = [c for c in rate.missing if c not in published]
        reasons = []
        if published:
            reasons.append(f"{_names(city, published)} vì chỉ công bố tỷ lệ, không có số hồ sơ")
        if others:
            reasons.append(f"{_names(city, others)} vì không có số liệu")
        partial = f" (tính trên {len(rate.covered)}/{with_data} đơn vị; không tính {'; '.join(reasons)})"
    return [Block("bullet", f"{RATE_LONG[name]} đạt {fmt.rate(rate.rate)}{partial}.")]


def _identity_note(city: CityIndicators) -> list[Block]:
    """When the total is not carried over + new, say by how much and whose figures cause it."""
    t = city.total
    if t.total is None or t.carried_over is None or t.new is None or t.total == t.carried_over + t.new:
        return []
    causes = [
        r.commune.id
        for r in city.with_data
        if None not in (r.indicators.counts.total, r.indicators.counts.carried_over, r.indicators.counts.new)
        and r.indicators.counts.total != r.indicators.counts.carried_over + r.indicators.counts.new
    ]
    parts = t.carried_over + t.new
    side = "lớn hơn" if t.total > parts else "nhỏ hơn"
    text = (
        f"Tổng số {count(t.total)} hồ sơ {side} số kỳ trước chuyển sang cộng tiếp nhận mới "
        f"({count(t.carried_over)} + {count(t.new)} = {count(parts)}) là {count(abs(t.total - parts))} hồ sơ"
    )
    if causes:
        text += f", do số liệu của {_names(city, causes)}"
    return [Block("bullet", text + "; xem mục số liệu cần rà soát.")]


def section_results(city: CityIndicators) -> list[Block]:
    """I. The city's totals: received, resolved, in progress, and the rates."""
    t = city.total
    blocks = [Block("heading", "I. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", footnote=data_period_note(city.period))]
    with_data, n = len(city.with_data), len(city.communes)
    line = f"Số {unit_words(city)} có số liệu: {with_data}/{n}"
    if city.no_data:
        line += f"; chưa có số liệu: {_names(city, [r.commune.id for r in city.no_data])}"
    blocks.append(Block("bullet", line + "."))
    if t.total is not None:
        parts = _clauses(
            ("kỳ trước chuyển sang", t.carried_over),
            ("tiếp nhận mới", t.new),
            ("trong đó trực tuyến", t.online),
            ("trực tiếp, bưu chính", t.direct_postal),
        )
        blocks.append(Block("bullet", f"{FIGURES['total']}: {count(t.total)} hồ sơ{parts}."))
        blocks += _identity_note(city)
    if t.resolved is not None:
        parts = _clauses(("đúng hạn", t.resolved_in_time), ("quá hạn", t.resolved_late))
        blocks.append(Block("bullet", f"Đã giải quyết: {count(t.resolved)} hồ sơ{parts}."))
    if t.in_progress is not None:
        parts = _clauses(("trong hạn", t.in_progress_on_time), ("quá hạn", t.in_progress_overdue))
        blocks.append(Block("bullet", f"Đang giải quyết: {count(t.in_progress)} hồ sơ{parts}."))
    for name, rate in city.rates.items():
        blocks += _rate_sentence(city, name, rate)
    return blocks


def ranked_text(ranking: Ranking, value: float, rate: Rate | None) -> str:
    """A ranked value as the page and the report write it. A rate is rounded once, from what the
    ranking is of (:func:`~tthc_analysis.indicators.city.ranked_value`: its counts when it has
    them, else as published, with its decimals), never by formatting the value the ranking
    holds again: that is rounded already, and a published 98,50% or 98,53% would lose its
    decimals."""
    if ranking.key == "overdue":
        return fmt.count(int(value), pad=False)
    if rate is None:
        return fmt.percent(value)
    if rate.numerator is not None and rate.denominator:
        return fmt.ratio(rate.numerator, rate.denominator)
    return fmt.rate(rate)


def _ranking_line(city: CityIndicators, ranking: Ranking) -> list[Block]:
    if not ranking.entries:
        return []
    rates = {r.commune.id: r.indicators.rates.get(ranking.key) for r in city.with_data}

    def value(entry: tuple[int, str, float]) -> str:
        _, commune_id, v = entry
        return ranked_text(ranking, v, rates.get(commune_id))

    def names(entries) -> str:
        return ", ".join(f"{_names(city, [e[1]])} ({value(e)})" for e in entries)

    entries = ranking.entries
    title = RANKING_TITLES[ranking.key]
    if len(entries) == 1:
        return [Block("bullet", f"{title}: {names(entries)}.")]
    if entries[0][2] == entries[-1][2]:
        return [Block("bullet", f"{title}: cả {len(entries)} đơn vị bằng nhau ({value(entries[0])}).")]
    # The first few (three, or half of a small city), with every unit tied with the last of
    # them; the same from the end, worst first; nobody named twice.
    size = max(1, min(SHOWN_IN_RANKING, len(entries) // 2))
    best = [e for e in entries if e[2] == entries[size - 1][2] or entries.index(e) < size]
    tail = list(reversed(entries))
    worst = [e for e in tail if e not in best and (e[2] == tail[size - 1][2] or tail.index(e) < size)]
    words = ("ít nhất", "nhiều nhất") if ranking.key == "overdue" else ("cao nhất", "thấp nhất")
    text = f"{title}: {words[0]} {names(best)}"
    if worst:
        text += f"; {words[1]} {names(worst)}"
    return [Block("bullet", text + ".")]


def section_rankings(city: CityIndicators) -> list[Block]:
    """II. Rankings: the best and the last on each ranked indicator."""
    blocks: list[Block] = []
    for ranking in city.rankings:
        blocks += _ranking_line(city, ranking)
    if not blocks:
        return []
    return [Block("heading", f"II. XẾP HẠNG CÁC {unit_words(city).upper()}"), *blocks]


def section_review(city: CityIndicators, number: str) -> list[Block]:
    """III. Figures to review: published figures that disagree, communes with no data; left out
    when there is nothing to say (no published figures and every commune has data)."""
    blocks = [Block("heading", f"{number}. SỐ LIỆU CẦN RÀ SOÁT")]
    disagreements = city.disagreements()
    for commune_id, sides in disagreements.items():
        parts = []
        if sides["itself"]:
            parts.append(f"số liệu công bố có {count(len(sides['itself']))} điểm không thống nhất")
        if sides["exports"]:
            parts.append(f"{count(len(sides['exports']))} số liệu công bố khác dữ liệu hồ sơ xuất từ hệ thống")
        blocks.append(Block("bullet", f"{capital(_names(city, [commune_id]))}: {'; '.join(parts)}."))
    if not disagreements and published_figures_checked(city):
        blocks.append(Block("bullet", f"Không có {unit_words(city)} nào có số liệu công bố sai lệch."))
    for result in city.no_data:
        blocks.append(Block("bullet", f"{capital(result.commune.full_name)}: chưa có số liệu của kỳ báo cáo."))
    return blocks if len(blocks) > 1 else []  # nothing to review: no heading alone


def published_figures_checked(city: CityIndicators) -> bool:
    """True when some commune's published figures were checked: its report's source, or set
    beside the figures counted from its dossiers. With none, "no published figure disagrees"
    would say nothing true."""
    return any(r.indicators.source == "summary" or r.indicators.published is not None for r in city.with_data)


def city_blocks(city: CityIndicators, centre: Centre) -> list[Block]:
    """Every paragraph of the city's report, in order."""
    rankings = section_rankings(city)
    review_number = "III" if rankings else "II"
    return [
        Block("text", opening(city, centre)),
        *section_results(city),
        *rankings,
        *section_review(city, review_number),
        Block("text", closing(city)),
    ]
