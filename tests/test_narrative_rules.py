"""The commune report's sentences (report/narrative.py), each against a text written out by hand.

Indicators and the commune are built by hand here. The period 2026-02 runs from 15/01/2026 to
14/02/2026 and is named "tháng 02 năm 2026" ("tháng 02" within its year). Counts are written
as the report writes them: a leading zero under 10 ("03"), "." for thousands ("1.234"); a rate
from its counts at one decimal at most ("66,7%", "75%"), a published one with its decimals.
"""

from __future__ import annotations

import pytest

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.results import (
    Bieu06a,
    Bieu06aCounts,
    Catalogue,
    FeedbackCounts,
    Indicators,
    Rate,
)
from tthc_analysis.inputs.dataroot import Commune, ReportProfile, Signer
from tthc_analysis.report.blocks import Block
from tthc_analysis.report.narrative import (
    _numbered,
    assessment_from_figures,
    closing,
    data_period_note,
    opening,
    report_blocks,
    section_digitisation,
    section_feedback,
    section_online_services,
    section_profile,
    section_publicity,
    subject,
    tasks_heading,
)

PERIOD = parse_period("2026-02")
FEEDBACK_HEADING = Block(
    "subheading",
    "Kết quả tiếp nhận và xử lý phản ánh, kiến nghị về quy định và hành vi hành chính; tình hình tiếp nhận "
    "và xử lý PAKN về quy định kinh doanh theo mục IX Nghị quyết số 97/NQ-CP ngày 08/7/2023 của Chính phủ:",
)
PORTAL = "Cổng Dịch vụ công Quốc gia"


def _commune(**narrative: str) -> Commune:
    """Phường Thử: its directive ends in "-VX; ." ("; ." trimmed in the opening), its texts as given."""
    texts = {"publicity": "", "assessment": "", "tasks": "", "recommendations": ""} | narrative
    profile = ReportProfile(
        issuing_body=("ỦY BAN NHÂN DÂN", "PHƯỜNG THỬ"),
        place="Thử",
        symbol="BC-UBND",
        directives={"*": "Công văn số 12/UBND-VX; ."},
        signer=Signer(("CHỦ TỊCH",), ""),
        recipients=(),
        archive="Lưu: VT.",
        own_units=(),
        narrative=texts,
    )
    return Commune(id="thu", name="Thử", kind="phường", city="thành phố Hải Phòng", profile=profile)


def _ind(counts: Bieu06aCounts | None = None, **fields) -> Indicators:
    """No count known unless given (Section I.2 is then left out)."""
    return Indicators(
        commune="thu",
        period=PERIOD,
        source="dossiers",
        bieu06a=Bieu06a(PERIOD, (), counts or Bieu06aCounts()),
        **fields,
    )


def _catalogue(published: Rate | None = None, full: int | None = None, partial: int | None = None) -> Catalogue:
    """A catalogue; its published share unknown unless given."""
    published = Rate(None, None) if published is None else published
    return Catalogue(procedures=None, full_online=full, partial_online=partial, published=published)


# ---------------------------------------------------------------- the fixed sentences


def test_the_period_note_subject_opening_and_closing_word_for_word():
    assert data_period_note(PERIOD) == "Thời điểm lấy số liệu báo cáo từ ngày 15/01/2026 đến 14/02/2026."
    assert subject(PERIOD) == "Kết quả thực hiện công tác cải cách thủ tục hành chính tháng 02 năm 2026"
    # The directive's trailing "; ." is dropped, never its last letter "X"; a month's name does not say its days, so they follow.
    assert opening(_commune(), PERIOD) == (
        "Thực hiện Công văn số 12/UBND-VX; Ủy ban nhân dân phường Thử báo cáo kết quả thực hiện "
        "công tác cải cách thủ tục hành chính tháng 02 năm 2026 (số liệu từ ngày 15/01/2026 đến hết ngày "
        "14/02/2026) như sau:"
    )
    assert closing(_commune(), PERIOD) == (
        "Trên đây là báo cáo tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính tháng 02 năm 2026 "
        "trên địa bàn phường, Ủy ban nhân dân phường Thử trân trọng báo cáo./."
    )


@pytest.mark.parametrize(
    ("period_id", "heading"),
    [
        ("2026-02", "III. NHIỆM VỤ TRỌNG TÂM CỦA THÁNG TIẾP THEO"),
        ("2026-Q1", "III. NHIỆM VỤ TRỌNG TÂM CỦA QUÝ TIẾP THEO"),
        ("2026-H1", "III. NHIỆM VỤ TRỌNG TÂM CỦA 6 THÁNG TIẾP THEO"),
        ("2025", "III. NHIỆM VỤ TRỌNG TÂM CỦA NĂM TIẾP THEO"),
        # A range of days has no "next" period of its kind.
        ("2025-07-01..2025-10-31", "III. NHIỆM VỤ TRỌNG TÂM TRONG THỜI GIAN TỚI"),
    ],
)
def test_the_tasks_heading_names_the_next_period_in_capitals(period_id, heading):
    assert tasks_heading(parse_period(period_id)) == heading


def test_a_profile_section_is_its_heading_then_one_block_a_line():
    assert section_profile("IV. KIẾN NGHỊ", "- Đề nghị một\n\nĐề nghị hai.") == [
        Block("heading", "IV. KIẾN NGHỊ"),
        Block("bullet", "Đề nghị một"),
        Block("text", "Đề nghị hai."),
    ]


def test_sub_sections_with_content_are_numbered_in_order_keeping_kind_and_footnote():
    first = [Block("subheading", "Một", "chú thích"), Block("bullet", "a")]
    second = [Block("heading", "Hai")]
    # The empty ones are skipped, so "Hai" is 2., not 4.
    assert _numbered([[], first, [], second]) == [
        Block("subheading", "1. Một", "chú thích"),
        Block("bullet", "a"),
        Block("heading", "2. Hai"),
    ]
    assert _numbered([[], []]) == []


# ---------------------------------------------------------------- I.1 publicity


PUBLICITY_HEADING = Block("subheading", "Kết quả công khai, minh bạch trong thực hiện thủ tục hành chính")
PUBLISHED = "Tỷ lệ TTHC trong danh mục đã được công khai đạt"


@pytest.mark.parametrize(
    ("published", "line"),
    [
        # 1234/2000 = 61,7% exactly; both counts with thousands dots.
        (Rate(1234, 2000), f"{PUBLISHED} 61,7% (1.234/2.000 TTHC)."),
        # 3/4 = 75%; counts under 10 padded.
        (Rate(3, 4), f"{PUBLISHED} 75% (03/04 TTHC)."),
        # Published as 98,50% with no counts: its two decimals, and no "(…/… TTHC)".
        (Rate(None, None, stated_percent=98.5, stated_decimals=2), f"{PUBLISHED} 98,50%."),
        # Published with a denominator of 0 beside it: still no "(00/00 TTHC)".
        (Rate(0, 0, stated_percent=61.0), f"{PUBLISHED} 61%."),
    ],
)
def test_publicity_from_the_catalogue_quotes_the_share_and_its_counts(published, line):
    ind = _ind(catalogue=_catalogue(published))
    assert section_publicity(ind, _commune()) == [PUBLICITY_HEADING, Block("bullet", line)]


@pytest.mark.parametrize(
    "catalogue",
    [None, _catalogue(Rate(None, None)), _catalogue(Rate(0, 0))],  # none, unknown, no procedure at all
)
def test_publicity_without_a_known_share_is_left_out(catalogue):
    assert section_publicity(_ind(catalogue=catalogue), _commune()) == []


def test_the_communes_own_publicity_text_wins_over_the_figures():
    ind = _ind(catalogue=_catalogue(Rate(3, 4)))
    commune = _commune(publicity="- Niêm yết đủ 100% TTHC\nCông khai trên trang điện tử.")
    assert section_publicity(ind, commune) == [
        PUBLICITY_HEADING,
        Block("bullet", "Niêm yết đủ 100% TTHC"),
        Block("text", "Công khai trên trang điện tử."),
    ]


# ---------------------------------------------------------------- I.3 online services


ONLINE_HEADING = Block("subheading", "Kết quả thực hiện dịch vụ công trực tuyến (DVCTT)")
LEVELS = "Đã triển khai cung cấp được {} theo quy định lên Cổng dịch vụ công quốc gia."


def test_online_services_catalogue_then_online_share_then_payment_without_dat():
    ind = _ind(
        catalogue=_catalogue(full=1234, partial=3),
        rates={"online": Rate(2, 3), "online_payment": Rate(1, 4)},
    )
    # 2/3 = 66,67% -> "66,7%"; 1/4 = 25%; payment takes no "đạt".
    assert section_online_services(ind, _commune()) == [
        ONLINE_HEADING,
        Block("bullet", LEVELS.format("1.234 TTHC mức độ toàn trình và 03 TTHC mức độ một phần")),
        Block("bullet", "Tỷ lệ hồ sơ trực tuyến phường đạt 66,7%."),
        Block("bullet", "Tỷ lệ hồ sơ thanh toán trực tuyến 25%."),
    ]


@pytest.mark.parametrize(
    ("full", "partial", "levels"),
    [
        (0, None, "00 TTHC mức độ toàn trình"),  # 0 is a known figure: said, padded
        (None, 7, "07 TTHC mức độ một phần"),
    ],
)
def test_only_the_known_levels_of_the_catalogue_are_said(full, partial, levels):
    ind = _ind(catalogue=_catalogue(full=full, partial=partial))
    assert section_online_services(ind, _commune()) == [ONLINE_HEADING, Block("bullet", LEVELS.format(levels))]


def test_online_shares_with_no_dossier_say_khong_phat_sinh_and_unknown_ones_are_left_out():
    ind = _ind(catalogue=_catalogue(), rates={"online": Rate(0, 0), "online_payment": Rate(None, 5)})
    assert section_online_services(ind, _commune()) == [
        ONLINE_HEADING,
        Block("bullet", "Tỷ lệ hồ sơ trực tuyến phường: không phát sinh."),
    ]
    # Nothing known at all: no heading alone.
    assert section_online_services(_ind(catalogue=_catalogue(), rates={"online": Rate(None, 5)}), _commune()) == []
    assert section_online_services(_ind(), _commune()) == []


def test_payment_with_no_dossier_is_said_with_a_colon():
    ind = _ind(rates={"online_payment": Rate(0, 0)})
    assert section_online_services(ind, _commune()) == [
        ONLINE_HEADING,
        Block("bullet", "Tỷ lệ hồ sơ thanh toán trực tuyến: không phát sinh."),
    ]


# ---------------------------------------------------------------- I.4 digitisation


DIGITISATION_HEADING = Block("subheading", "Kết quả số hóa hồ sơ, kết quả giải quyết TTHC")
DIGITISED = "Tỷ lệ hồ sơ TTHC số hoá hồ sơ, kết quả TTHC"
E_RESULT = "Tỷ lệ hồ sơ cấp kết quả điện tử"
REUSE = "Tỷ lệ tái sử dụng dữ liệu số hóa"


def test_digitisation_three_rates_in_order_with_semicolons_and_a_final_full_stop():
    # 1/2 = 50%; 1/3 = 33,33% -> "33,3%"; 0/0 -> "không phát sinh".
    ind = _ind(rates={"reuse": Rate(0, 0), "e_result": Rate(1, 3), "digitisation": Rate(1, 2)})
    assert section_digitisation(ind) == [
        DIGITISATION_HEADING,
        Block("bullet", f"{DIGITISED} đạt 50%;"),
        Block("bullet", f"{E_RESULT} đạt 33,3%;"),
        Block("bullet", f"{REUSE}: không phát sinh."),
    ]


def test_digitisation_an_unknown_rate_is_left_out_and_the_last_known_ends_the_sentence():
    # e_result unknown (no denominator), reuse absent: digitisation is the last, with ".".
    ind = _ind(rates={"digitisation": Rate(1, 2), "e_result": Rate(3, None)})
    assert section_digitisation(ind) == [DIGITISATION_HEADING, Block("bullet", f"{DIGITISED} đạt 50%.")]
    # Only the middle one known: it ends with ".".
    assert section_digitisation(_ind(rates={"e_result": Rate(3, 4)})) == [
        DIGITISATION_HEADING,
        Block("bullet", f"{E_RESULT} đạt 75%."),
    ]
    assert section_digitisation(_ind(rates={"e_result": Rate(None, None)})) == []


# ---------------------------------------------------------------- I.5 feedback


WHEN = "Trong tháng 02, phường Thử"


def _feedback(f: FeedbackCounts | None) -> list[Block]:
    return section_feedback(_ind(feedback=f), _commune())


@pytest.mark.parametrize(
    ("received", "resolved", "on_time", "pending", "sentence"),
    [
        # 4 resolved, 3 on time: 4 - 3 = 1 late.
        (
            5, 4, 3, 1,
            f"tiếp nhận 05 phản ánh, kiến nghị trên {PORTAL}; đã xử lý 04 phản ánh, kiến nghị (đúng hạn 03, "
            "quá hạn 01); đang xử lý 01 phản ánh, kiến nghị",
        ),
        # All resolved on time: no "quá hạn 00".
        (
            0, 2, 2, 0,
            f"không tiếp nhận phản ánh, kiến nghị mới trên {PORTAL}; đã xử lý 02 phản ánh, kiến nghị (đúng hạn "
            "02); không còn phản ánh, kiến nghị đang xử lý",
        ),
        # Only the resolved count known: no detail, nothing about received or pending.
        (None, 1234, None, None, "đã xử lý 1.234 phản ánh, kiến nghị"),
        # None received, none resolved, pending unknown: not "không có phản ánh" (pending is not 0).
        (0, 0, None, None, f"không tiếp nhận phản ánh, kiến nghị mới trên {PORTAL}"),
        (1234, None, None, 12, f"tiếp nhận 1.234 phản ánh, kiến nghị trên {PORTAL}; đang xử lý 12 phản ánh, kiến nghị"),
    ],
)  # fmt: skip
def test_feedback_says_the_known_figures_in_order(received, resolved, on_time, pending, sentence):
    f = FeedbackCounts(received=received, resolved=resolved, resolved_on_time=on_time, pending=pending)
    assert _feedback(f) == [FEEDBACK_HEADING, Block("text", f"{WHEN} {sentence}.")]


def test_feedback_none_at_all_is_one_sentence_and_unknown_feedback_is_left_out():
    assert _feedback(FeedbackCounts(received=0, resolved=0, resolved_on_time=None, pending=0)) == [
        FEEDBACK_HEADING,
        Block("text", f"{WHEN} không có phản ánh kiến nghị trên {PORTAL}."),
    ]
    assert _feedback(None) == []
    assert _feedback(FeedbackCounts(received=None, resolved=None, resolved_on_time=None, pending=None)) == []


# ---------------------------------------------------------------- II assessment from the figures


ASSESSED = "Kết quả giải quyết TTHC tháng 02 năm 2026: "


def _late(late: int | None, pending: int | None) -> Bieu06aCounts:
    return Bieu06aCounts(resolved_late=late, in_progress_overdue=pending)


@pytest.mark.parametrize(
    ("counts", "rates", "parts"),
    [
        # 9/10 = 90% on time; none late; 1/3 = 33,3% online: in that order.
        (_late(0, 0), {"online": Rate(1, 3), "on_time": Rate(9, 10)}, "tỷ lệ giải quyết hồ sơ đúng hạn đạt 90%; "
         "không có hồ sơ quá hạn; tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 33,3%"),
        (_late(1234, 2), {}, "giải quyết quá hạn 1.234 hồ sơ; còn đang giải quyết quá hạn 02 hồ sơ, cần tập trung xử lý"),
        # Overdue unknown, a published 98,50% online: only the rate.
        (_late(None, None), {"online": Rate(None, None, 98.5, 2)}, "tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 98,50%"),
        # Late 0 but pending unknown: no claim that nothing is overdue.
        (_late(0, None), {"on_time": Rate(1, 8)}, "tỷ lệ giải quyết hồ sơ đúng hạn đạt 12,5%"),
        (_late(None, 0), {"on_time": Rate(1, 16)}, "tỷ lệ giải quyết hồ sơ đúng hạn đạt 6,3%"),  # 6,25 half up
    ],
)  # fmt: skip
def test_the_assessment_from_figures_says_each_known_part_in_order(counts, rates, parts):
    assert assessment_from_figures(_ind(counts, rates=rates)) == [Block("bullet", f"{ASSESSED}{parts}.")]


def test_the_assessment_with_nothing_known_says_so_as_plain_text():
    # Rates with no dossier are not "ok": nothing to say about them either.
    ind = _ind(_late(None, 0), rates={"on_time": Rate(0, 0), "online": Rate(0, 0)})
    assert assessment_from_figures(ind) == [
        Block("text", "Chưa đủ số liệu để đánh giá kết quả giải quyết TTHC tháng 02 năm 2026.")
    ]


# ---------------------------------------------------------------- the whole body


TASKS = Block("heading", "III. NHIỆM VỤ TRỌNG TÂM CỦA THÁNG TIẾP THEO")
RECOMMENDATIONS = Block("heading", "IV. KIẾN NGHỊ VÀ ĐỀ XUẤT")


def test_the_body_in_order_with_sub_sections_numbered_as_they_come():
    commune = _commune(publicity="Đã niêm yết 100% TTHC.", tasks="- Nhiệm vụ một", recommendations="Kiến nghị một.")
    feedback = FeedbackCounts(received=0, resolved=0, resolved_on_time=None, pending=0)
    ind = _ind(rates={"online": Rate(1, 2), "digitisation": Rate(3, 4)}, feedback=feedback)
    # No count known: I.2 (resolution) is left out, so online services are 2., not 3.
    assert report_blocks(ind, commune) == [
        Block("text", opening(commune, PERIOD)),
        Block("heading", "I. KẾT QUẢ THỰC HIỆN", "Thời điểm lấy số liệu báo cáo từ ngày 15/01/2026 đến 14/02/2026."),
        Block("subheading", "1. Kết quả công khai, minh bạch trong thực hiện thủ tục hành chính"),
        Block("text", "Đã niêm yết 100% TTHC."),
        Block("subheading", "2. Kết quả thực hiện dịch vụ công trực tuyến (DVCTT)"),
        Block("bullet", "Tỷ lệ hồ sơ trực tuyến phường đạt 50%."),
        Block("subheading", "3. Kết quả số hóa hồ sơ, kết quả giải quyết TTHC"),
        Block("bullet", f"{DIGITISED} đạt 75%."),
        Block("subheading", f"4. {FEEDBACK_HEADING.text}"),
        Block("text", f"{WHEN} không có phản ánh kiến nghị trên {PORTAL}."),
        Block("heading", "II. ĐÁNH GIÁ CHUNG"),
        Block("bullet", f"{ASSESSED}tỷ lệ hồ sơ tiếp nhận trực tuyến đạt 50%."),  # from the figures: no own text
        TASKS,
        Block("bullet", "Nhiệm vụ một"),
        RECOMMENDATIONS,
        Block("text", "Kiến nghị một."),
        Block("text", closing(commune, PERIOD)),
    ]


def test_the_communes_own_assessment_replaces_the_one_from_figures():
    commune = _commune(assessment="- Hoàn thành tốt nhiệm vụ")
    ind = _ind(rates={"online": Rate(1, 2)})  # 1/2 = 50% would be said from the figures
    body = report_blocks(ind, commune)
    at = body.index(Block("heading", "II. ĐÁNH GIÁ CHUNG"))
    # Empty tasks and recommendations: their headings alone.
    assert body[at:] == [
        Block("heading", "II. ĐÁNH GIÁ CHUNG"),
        Block("bullet", "Hoàn thành tốt nhiệm vụ"),
        TASKS,
        RECOMMENDATIONS,
        Block("text", closing(commune, PERIOD)),
    ]
    # Without publicity text or catalogue, online services are sub-section 1.
    assert body[2] == Block("subheading", "1. Kết quả thực hiện dịch vụ công trực tuyến (DVCTT)")
