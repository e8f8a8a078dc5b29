"""Section I.2 "Kết quả giải quyết TTHC" (tthc_analysis/report/resolution.py): rules the other tests
leave open, each pinned by sentences worked out by hand from the counts beside them.

Period 2026-02 runs from 15/01/2026 to 14/02/2026; counts under 10 are written with two digits
("01"), thousands with a dot ("1.234"); a computed rate has at most one decimal ("85,7%"), a
published one keeps its own ("83,33%").
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import SAMPLE

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.results import Bieu06a, Bieu06aCounts, Bieu06aRow, Indicators, Rate, UnitCount
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.report.resolution import section_resolution

PERIOD = parse_period("2026-02")
HEAD = "Kết quả giải quyết TTHC"
PERIOD_LINE = "- Kết quả giải quyết TTHC tháng 02 năm 2026 (số liệu từ ngày 15/01/2026 đến hết ngày 14/02/2026):"
OF_CITY = "Hệ thống thông tin giải quyết TTHC của thành phố"


@pytest.fixture(scope="module")
def commune():
    # Đặc khu Bạch Long Vĩ of thành phố Hải Phòng: "thành phố" is the level above it.
    return DataRoot(SAMPLE).commune("bach-long-vi")


def _ind(source: str = "dossiers", rows: tuple = (), **counts_and_fields) -> Indicators:
    fields = {k: counts_and_fields.pop(k) for k in list(counts_and_fields) if k not in Bieu06aCounts.__annotations__}
    counts = Bieu06aCounts(**counts_and_fields)
    return Indicators(
        commune="bach-long-vi", period=PERIOD, source=source, bieu06a=Bieu06a(PERIOD, rows, counts), **fields
    )


def _texts(ind: Indicators, commune) -> list[str]:
    return [b.display for b in section_resolution(ind, commune)]


def _results(ind: Indicators, commune) -> str:
    """The sentence of results: the bullet after the total's (or the only figure bullet)."""
    texts = _texts(ind, commune)
    return texts[texts.index(PERIOD_LINE) + 2]


# ---------------------------------------------------------------- the whole section


def test_every_figure_known_gives_each_sentence_in_order(commune):
    # 3 carried over + 4 online + 3 direct = 10; new 4 + 3 = 7, of which 6 on the city's system, 1 on a
    # ministry's. Resolved 7 = 2 early + 4 on time (6 in time) + 1 late; in progress 3 = 2 + 1 overdue;
    # overdue 1 + 1 = 2. Online 4/7 = 57,14% -> "57,1%"; on time 6/7 = 85,71% -> "85,7%"; city 6/7 -> "85,7%".
    ind = _ind(
        total=10,
        online=4,
        direct_postal=3,
        carried_over=3,
        resolved=7,
        resolved_early=2,
        resolved_on_time=4,
        resolved_late=1,
        in_progress=3,
        in_progress_on_time=2,
        in_progress_overdue=1,
        new_by_system={"TP": 6, "BO": 1},
        rates={"on_time": Rate(6, 7)},
        vertical_agencies=(UnitCount("Công an xã", 5, overdue=2), UnitCount("Chi nhánh VPĐK đất đai", 3, overdue=0)),
    )
    blocks = section_resolution(ind, commune)
    kinds = ["subheading", "bullet", "bullet", "bullet", "bullet", "bullet", "text", "bullet", "bullet"]
    assert [b.kind for b in blocks] == kinds
    assert [b.display for b in blocks] == [
        HEAD,
        "- 85,7% hồ sơ tiếp nhận mới (06/07 hồ sơ) được tiếp nhận trên Hệ thống thông tin giải quyết TTHC thành phố.",
        PERIOD_LINE,
        f"- Tổng số 10 hồ sơ (kỳ trước chuyển sang 03 hồ sơ; tiếp nhận mới 07 hồ sơ, trong đó có 06 hồ sơ được "
        f"tiếp nhận trên {OF_CITY} và 01 hồ sơ được tiếp nhận qua hệ thống của các bộ).",
        "- Tổng số hồ sơ tiếp nhận trực tuyến 04/07 hồ sơ, đạt tỷ lệ 57,1%; đã giải quyết 07 hồ sơ (đúng hạn 06 "
        "hồ sơ, gồm trước hạn 02 hồ sơ và đúng hạn 04 hồ sơ; quá hạn 01 hồ sơ), đang giải quyết 03 hồ sơ "
        "(trong hạn 02 hồ sơ; quá hạn 01 hồ sơ), tổng số hồ sơ quá hạn là 02 hồ sơ.",
        "- Tỷ lệ giải quyết hồ sơ đúng hạn đạt 85,7%.",
        "Kết quả giải quyết thủ tục hành chính của ngành dọc:",
        "- Công an xã tiếp nhận và xử lý: 05 hồ sơ, trong đó quá hạn 02 hồ sơ;",
        "- Chi nhánh VPĐK đất đai tiếp nhận và xử lý: 03 hồ sơ.",
    ]


def test_nothing_received_or_pending_says_none_of_each(commune):
    # Everything 0: no share of the city's system (0 new), no on-time rate (none published or counted).
    ind = _ind(
        total=0,
        online=0,
        direct_postal=0,
        carried_over=0,
        resolved=0,
        resolved_late=0,
        in_progress=0,
        in_progress_overdue=0,
        new_by_system={"TP": 0, "BO": 0},
    )
    assert _texts(ind, commune) == [
        HEAD,
        PERIOD_LINE,
        "- Tổng số 00 hồ sơ (không có hồ sơ kỳ trước chuyển sang; không có hồ sơ tiếp nhận mới).",
        "- Không có hồ sơ tiếp nhận mới, tỷ lệ tiếp nhận trực tuyến không phát sinh; chưa có hồ sơ được giải "
        "quyết, không còn hồ sơ đang giải quyết, không có hồ sơ quá hạn.",
    ]


def test_large_counts_are_grouped_with_a_dot(commune):
    # 1.000 carried + 1.234 new (all on the city's system, 0 on ministries') = 2.234: "100%", "đều".
    ind = _ind(total=2234, carried_over=1000, stated_new=1234, new_by_system={"TP": 1234, "BO": 0})
    assert _texts(ind, commune) == [
        HEAD,
        "- 100% hồ sơ tiếp nhận mới (1.234/1.234 hồ sơ) được tiếp nhận trên Hệ thống thông tin giải quyết "
        "TTHC thành phố.",
        PERIOD_LINE,
        f"- Tổng số 2.234 hồ sơ (kỳ trước chuyển sang 1.000 hồ sơ; tiếp nhận mới 1.234 hồ sơ, đều được tiếp "
        f"nhận trên {OF_CITY}).",
    ]


def test_a_province_is_named_a_province(commune):
    # A commune of tỉnh Quảng Trị: both system sentences say "tỉnh". 5 new, 3 on the province's: 60%.
    province = replace(commune, city="tỉnh Quảng Trị")
    texts = _texts(_ind(stated_new=5, new_by_system={"TP": 3, "BO": 2}), province)
    assert texts == [
        HEAD,
        "- 60% hồ sơ tiếp nhận mới (03/05 hồ sơ) được tiếp nhận trên Hệ thống thông tin giải quyết TTHC tỉnh.",
        PERIOD_LINE,
        "- Tiếp nhận mới 05 hồ sơ, trong đó có 03 hồ sơ được tiếp nhận trên Hệ thống thông tin giải quyết TTHC "
        "của tỉnh và 02 hồ sơ được tiếp nhận qua hệ thống của các bộ.",
    ]


# ---------------------------------------------------------------- the total and the new dossiers


def test_a_total_alone_is_said_without_parentheses(commune):
    # Only (3) = 12: carried over and new unknown.
    assert _texts(_ind(total=12), commune) == [HEAD, PERIOD_LINE, "- Tổng số 12 hồ sơ."]


def test_new_without_total_starts_with_a_capital(commune):
    # 1 carried over, new 8 published, total unknown; neither system known: the plain "tiếp nhận mới".
    texts = _texts(_ind(carried_over=1, stated_new=8, new_by_system={"BO": 0}), commune)
    assert texts == [HEAD, PERIOD_LINE, "- Kỳ trước chuyển sang 01 hồ sơ; tiếp nhận mới 08 hồ sơ."]


@pytest.mark.parametrize(
    "systems",
    [
        {"TP": 9, "BO": 0},  # 9 of 10 new and none on ministries': the figures do not add up to 10
        {"TP": 11, "BO": 0},  # 11 on the city's system of 10 new: no share above 100%
    ],
)
def test_city_figures_that_are_not_all_are_never_all(commune, systems):
    texts = _texts(_ind(stated_new=10, new_by_system=systems), commune)
    joined = "\n".join(texts)
    assert "đều" not in joined and "100%" not in joined
    city = systems["TP"]
    assert f"- Tiếp nhận mới 10 hồ sơ, trong đó có {city:02d} hồ sơ được tiếp nhận trên {OF_CITY}." in texts
    if city == 9:
        # 9/10 = 90%.
        assert texts[1] == (
            "- 90% hồ sơ tiếp nhận mới (09/10 hồ sơ) được tiếp nhận trên Hệ thống thông tin giải quyết TTHC thành phố."
        )
    else:
        assert texts[1] == PERIOD_LINE


# ---------------------------------------------------------------- online


def test_the_published_online_figure_and_rate_are_quoted(commune):
    # Published: 50 of 60 online, at 83,33% (kept as published, not the counted 83,3%).
    ind = _ind(stated_online=(50, 60), rates={"online": Rate(None, None, stated_percent=83.33)})
    assert _texts(ind, commune)[2] == "- Tổng số hồ sơ tiếp nhận trực tuyến 50/60 hồ sơ, đạt tỷ lệ 83,33%."


def test_the_published_online_counts_without_rate_are_counted(commune):
    # 50/60 = 83,33…% -> "83,3%" (the channels' own counts, 1 of 2, are not what is quoted).
    ind = _ind(online=1, direct_postal=1, stated_online=(50, 60))
    assert _results(ind, commune) == "- Tổng số hồ sơ tiếp nhận trực tuyến 50/60 hồ sơ, đạt tỷ lệ 83,3%."


@pytest.mark.parametrize(
    "fields, said",
    [
        # Online count published without what it is out of.
        ({"stated_online": (5, None)}, "- Tiếp nhận trực tuyến 05 hồ sơ."),
        # (4) known but not (5): new unknown.
        ({"online": 5}, "- Tiếp nhận trực tuyến 05 hồ sơ."),
        # Only the published rate.
        ({"rates": {"online": Rate(None, None, stated_percent=12.5)}}, "- Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 12,5%."),
    ],
)
def test_online_says_only_what_is_known(commune, fields, said):
    texts = _texts(_ind(**fields), commune)
    assert texts == [HEAD, PERIOD_LINE, said]


# ---------------------------------------------------------------- resolved


@pytest.mark.parametrize(
    "counts, said",
    [
        # "đúng hạn" (8)+(9) = 6 published alone, 1 late, 7 resolved: no split into (8) and (9).
        (
            {"resolved": 7, "stated_in_time": 6, "resolved_late": 1},
            "đã giải quyết 07 hồ sơ (đúng hạn 06 hồ sơ; quá hạn 01 hồ sơ)",
        ),
        # (8) = (9) = 0, 3 late: "đúng hạn 00", and no "gồm" of nothing.
        (
            {"resolved": 3, "resolved_early": 0, "resolved_on_time": 0, "resolved_late": 3},
            "đã giải quyết 03 hồ sơ (đúng hạn 00 hồ sơ; quá hạn 03 hồ sơ)",
        ),
        # (8) = 2 known, (9) unknown, the sum 6 published: no "gồm" with an unknown (9).
        (
            {"resolved": 7, "resolved_early": 2, "stated_in_time": 6, "resolved_late": 1},
            "đã giải quyết 07 hồ sơ (đúng hạn 06 hồ sơ; quá hạn 01 hồ sơ)",
        ),
        # (8) alone known (9 unknown): said as "trước hạn", never as the in-time sum.
        (
            {"resolved": 5, "resolved_early": 2, "resolved_late": 1},
            "đã giải quyết 05 hồ sơ (trước hạn 02 hồ sơ; quá hạn 01 hồ sơ)",
        ),
        # (9) alone known.
        (
            {"resolved": 5, "resolved_on_time": 4},
            "đã giải quyết 05 hồ sơ (đúng hạn (không tính trước hạn) 04 hồ sơ)",
        ),
        # Only the number resolved.
        ({"resolved": 7}, "đã giải quyết 07 hồ sơ"),
    ],
)
def test_resolved_with_some_not_in_time_quotes_the_known_parts(commune, counts, said):
    assert _texts(_ind(**counts), commune) == [HEAD, PERIOD_LINE, f"- {said[0].upper()}{said[1:]}."]


@pytest.mark.parametrize(
    "counts, said",
    [
        # All 5 in time (2 early + 3 on time), none late, none pending overdue: (10)+(13) = 0.
        (
            {"resolved": 5, "resolved_early": 2, "resolved_on_time": 3, "resolved_late": 0, "in_progress_overdue": 0},
            "Giải quyết đúng hạn 05 hồ sơ (trước hạn 02 hồ sơ, đúng hạn 03 hồ sơ), không có hồ sơ quá hạn",
        ),
        # Resolved unknown: 4 in time (1 + 3), 1 late; (13) unknown so overdue unknown.
        (
            {"resolved_early": 1, "resolved_on_time": 3, "resolved_late": 1},
            "Giải quyết đúng hạn 04 hồ sơ (trước hạn 01 hồ sơ, đúng hạn 03 hồ sơ), giải quyết quá hạn 01 hồ sơ",
        ),
        # 0 late, (13) unknown: the resolved are said none late, not the whole.
        (
            {"stated_in_time": 4, "resolved_late": 0},
            "Giải quyết đúng hạn 04 hồ sơ, không có hồ sơ giải quyết quá hạn",
        ),
        # Only (9) known, resolved unknown.
        ({"resolved_on_time": 3}, "Giải quyết đúng hạn (không tính trước hạn) 03 hồ sơ"),
        # (8) and (9) known, both 0, none resolved: "chưa có".
        ({"resolved": 0, "resolved_early": 0, "resolved_on_time": 0}, "Chưa có hồ sơ được giải quyết"),
    ],
)
def test_resolved_all_in_time_or_unknown_says_giai_quyet(commune, counts, said):
    assert _texts(_ind(**counts), commune) == [HEAD, PERIOD_LINE, f"- {said}."]


def test_a_late_resolved_with_overdue_known_elsewhere_is_not_said_none(commune):
    # 0 late resolved, overdue published as 2 (parts unknown): "không có … giải quyết quá hạn" not said.
    ind = _ind(stated_in_time=4, resolved_late=0, stated_overdue=2)
    assert _texts(ind, commune)[2] == "- Giải quyết đúng hạn 04 hồ sơ, tổng số hồ sơ quá hạn là 02 hồ sơ."


# ---------------------------------------------------------------- in progress


@pytest.mark.parametrize(
    "counts, share, said",
    [
        # 3 pending, all in time, published as 12,5% of all: the share makes the long form.
        (
            {"in_progress": 3, "in_progress_on_time": 3, "in_progress_overdue": 0},
            12.5,
            "Đang giải quyết 03 hồ sơ, chiếm 12,5% tổng số hồ sơ (trong hạn 03 hồ sơ; quá hạn 00 hồ sơ)",
        ),
        # 3 pending, parts unknown.
        ({"in_progress": 3}, None, "Đang giải quyết 03 hồ sơ"),
        # 3 pending, only the overdue 1 known.
        ({"in_progress": 3, "in_progress_overdue": 1}, None, "Đang giải quyết 03 hồ sơ (quá hạn 01 hồ sơ)"),
        # All 2 in time, (10) unknown: none pending overdue, the whole overdue unknown.
        (
            {"in_progress": 2, "in_progress_on_time": 2, "in_progress_overdue": 0},
            None,
            "Đang giải quyết trong hạn 02 hồ sơ, không có hồ sơ đang giải quyết quá hạn",
        ),
        # Total unknown: 2 in time, 1 overdue.
        (
            {"in_progress_on_time": 2, "in_progress_overdue": 1},
            None,
            "Đang giải quyết trong hạn 02 hồ sơ, đang giải quyết quá hạn 01 hồ sơ",
        ),
        # Total unknown, only the published share.
        ({}, 7.5, "Hồ sơ đang giải quyết chiếm 7,5% tổng số hồ sơ"),
        # None pending.
        ({"in_progress": 0, "in_progress_on_time": 0}, None, "Không còn hồ sơ đang giải quyết"),
    ],
)
def test_in_progress_says_the_known_parts(commune, counts, share, said):
    rates = {} if share is None else {"in_progress": Rate(None, None, stated_percent=share)}
    assert _texts(_ind(rates=rates, **counts), commune) == [HEAD, PERIOD_LINE, f"- {said}."]


def test_a_pending_overdue_with_overdue_known_elsewhere_is_not_said_none(commune):
    # 0 pending overdue, 1 resolved late: overdue 1 + 0 = 1 is known, so no "không có … đang giải quyết quá hạn".
    ind = _ind(resolved_late=1, in_progress=2, in_progress_on_time=2, in_progress_overdue=0)
    assert _texts(ind, commune)[2] == (
        "- Giải quyết quá hạn 01 hồ sơ, đang giải quyết trong hạn 02 hồ sơ, tổng số hồ sơ quá hạn là 01 hồ sơ."
    )


# ---------------------------------------------------------------- overdue by field


def _row(name: str, late: int | None, pending: int | None) -> Bieu06aRow:
    return Bieu06aRow(None, name, Bieu06aCounts(resolved_late=late, in_progress_overdue=pending))


def test_overdue_fields_largest_first_ties_in_form_order(commune):
    # Hộ tịch 1 + 0 = 1, Đất đai 2 + 1 = 3, Chứng thực 0, Tư pháp 0 + 3 = 3, Xây dựng unknown:
    # 3 (Đất đai), 3 (Tư pháp, after it in the form), 1 (Hộ tịch); 0 and unknown left out. Whole 3 + 4 = 7.
    rows = (
        _row("Hộ tịch", 1, 0),
        _row("Đất đai", 2, 1),
        _row("Chứng thực", 0, 0),
        _row("Tư pháp", 0, 3),
        _row("Xây dựng", None, None),
    )
    ind = _ind(rows=rows, resolved_late=3, in_progress_overdue=4)
    assert _texts(ind, commune)[2] == (
        "- Giải quyết quá hạn 03 hồ sơ, đang giải quyết quá hạn 04 hồ sơ, tổng số hồ sơ quá hạn là 07 hồ sơ "
        "(lĩnh vực Đất đai: 03 hồ sơ; lĩnh vực Tư pháp: 03 hồ sơ; lĩnh vực Hộ tịch: 01 hồ sơ)."
    )


# ---------------------------------------------------------------- the on-time rate


@pytest.mark.parametrize(
    "source, rate, said",
    [
        ("summary", Rate(None, None, stated_percent=98.5, stated_decimals=2), "98,50%"),  # as published
        ("dossiers", Rate(7, 8), "87,5%"),  # counted: 7/8 = 87,5%
        ("summary", Rate(7, 8), None),  # derived from a summary, not published: not said
        ("dossiers", Rate(0, 0), None),  # nothing resolved: no rate
    ],
)
def test_the_on_time_rate_is_said_when_published_or_counted(commune, source, rate, said):
    texts = _texts(_ind(source=source, total=8, rates={"on_time": rate}), commune)
    expected = [HEAD, PERIOD_LINE, "- Tổng số 08 hồ sơ."]
    assert texts == expected + ([f"- Tỷ lệ giải quyết hồ sơ đúng hạn đạt {said}."] if said else [])


# ---------------------------------------------------------------- vertical agencies


def test_one_vertical_agency_ends_with_a_full_stop_and_no_zero_overdue(commune):
    ind = _ind(vertical_agencies=(UnitCount("Công an xã", 1, overdue=0),))
    assert _texts(ind, commune) == [
        HEAD,
        PERIOD_LINE,
        "Kết quả giải quyết thủ tục hành chính của ngành dọc:",
        "- Công an xã tiếp nhận và xử lý: 01 hồ sơ.",
    ]


@pytest.mark.parametrize(
    "units, said",
    [
        (None, True),  # no unit figures at all: every named dossier is known to be the commune's
        ((UnitCount("UBND đặc khu", 4),), True),
        ((UnitCount("UBND đặc khu", 4), UnitCount("  ", 1)), False),  # a blank unit may be an agency's
    ],
)
def test_no_vertical_agency_is_said_unless_a_unit_is_blank(commune, units, said):
    blocks = section_resolution(_ind(units=units, vertical_agencies=()), commune)
    none = "Trong kỳ không có hồ sơ thủ tục hành chính của các cơ quan ngành dọc."
    expected = [("subheading", HEAD), ("bullet", PERIOD_LINE[2:]), ("text", none)] if said else []
    assert [(b.kind, b.text) for b in blocks] == expected


def test_unknown_vertical_agencies_say_nothing(commune):
    assert _texts(_ind(vertical_agencies=None, units=()), commune) == []
