"""Reports from partial published figures tell the truth (docs/published-figures.md#what-the-report-says).

Real reports publish only some figures: a total and a resolved count, a total and an
on-time rate, a subset for the commune. The report states the published figures and
what they imply exactly, and nothing else: never a 0, "không có" or "chưa có" for a
figure nobody knows.
"""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from reference_count import BIEU06A
from sentence_claims import _claims

from tthc_analysis.indicators.checks import run_checks
from tthc_analysis.indicators.published import derive_counts, summary_indicators
from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.inputs.summary import read_summary
from tthc_analysis.report.narrative import report_blocks

COMMUNES = "city: thành phố Hải Phòng\ncommunes:\n  - {id: thu, name: Thử, kind: phường}\n"


def _root(tmp_path, summary: dict) -> DataRoot:
    (tmp_path / "communes.yaml").write_text(COMMUNES, encoding="utf-8")
    folder = tmp_path / "thu"
    folder.mkdir(exist_ok=True)
    (folder / "summary-2026-02.yaml").write_text(
        yaml.safe_dump({"period": "2026-02", **summary}, allow_unicode=True), encoding="utf-8"
    )
    return DataRoot(tmp_path)


def _section_one(root: DataRoot) -> list[str]:
    from tthc_analysis.core.periods import parse_period
    from tthc_analysis.indicators.commune import commune_indicators

    indicators = commune_indicators(root, "thu", parse_period("2026-02"))
    texts = [b.display for b in report_blocks(indicators, root.commune("thu"))]
    return texts[texts.index("I. KẾT QUẢ THỰC HIỆN") : texts.index("II. ĐÁNH GIÁ CHUNG")]


# Each case: the published figures, sentences the report must have (worked out by hand), and
# words it must not have.
CASES = [
    (
        "a total and a resolved count",
        {"bieu06a": {"total": 1103, "resolved": 1090}},
        ["- Tổng số 1.103 hồ sơ.", "- Đã giải quyết 1.090 hồ sơ, đang giải quyết 13 hồ sơ."],
        ["không có", "chưa có", "quá hạn", "trực tuyến"],
    ),
    (
        "a total and an on-time rate",
        {"bieu06a": {"total": 450}, "rates": {"on_time": 98.5}},
        ["- Tổng số 450 hồ sơ.", "- Tỷ lệ giải quyết hồ sơ đúng hạn đạt 98,5%."],
        ["không có", "chưa có", "giải quyết đúng hạn 0", "tiếp nhận mới"],
    ),
    (
        "a ward with a total and the new dossiers",
        {"bieu06a": {"total": 5000}, "new": 4950},
        ["- Tổng số 5.000 hồ sơ (kỳ trước chuyển sang 50 hồ sơ; tiếp nhận mới 4.950 hồ sơ)."],
        ["không có hồ sơ tiếp nhận mới", "chưa có", "đã giải quyết"],
    ),
    (
        "channels, in time and no overdue",  # overdue 0 implies none late and none in progress overdue
        {"bieu06a": {"carried_over": 20, "online": 700, "direct_postal": 83}, "resolved_in_time": 760, "overdue": 0},
        [
            "- Tổng số 803 hồ sơ (kỳ trước chuyển sang 20 hồ sơ; tiếp nhận mới 783 hồ sơ).",
            "- Tổng số hồ sơ tiếp nhận trực tuyến 700/783 hồ sơ, đạt tỷ lệ 89,4%; giải quyết đúng hạn 760 hồ sơ, "
            "đang giải quyết trong hạn 43 hồ sơ, không có hồ sơ quá hạn.",
            "- Tỷ lệ hồ sơ trực tuyến phường đạt 89,4%.",
        ],
        ["chưa có"],
    ),
    (
        "late dossiers without the in-progress figures",
        {"bieu06a": {"resolved": 300, "resolved_late": 4}},
        ["- Đã giải quyết 300 hồ sơ (đúng hạn 296 hồ sơ; quá hạn 04 hồ sơ)."],
        ["Tổng số", "không có", "chưa có", "đang giải quyết"],
    ),
    (
        "only feedback received",
        {"feedback": {"received": 3}},
        ["Trong tháng 02, phường Thử tiếp nhận 03 phản ánh, kiến nghị trên Cổng Dịch vụ công Quốc gia."],
        ["không còn", "đã xử lý", "Tổng số", "2. Kết quả giải quyết"],
    ),
    (
        "an in-progress share",
        {"bieu06a": {"total": 200, "in_progress": 10}, "rates": {"in_progress": 5}},
        ["- Tổng số 200 hồ sơ.", "- Đã giải quyết 190 hồ sơ, đang giải quyết 10 hồ sơ, chiếm 5% tổng số hồ sơ."],
        ["không có", "chưa có"],
    ),
    (
        "rates only",
        {"rates": {"online_payment": 35.5, "reuse": 80}},
        ["- Tỷ lệ hồ sơ thanh toán trực tuyến 35,5%.", "- Tỷ lệ tái sử dụng dữ liệu số hóa đạt 80%."],
        ["Tổng số", "không có", "chưa có", "số hoá hồ sơ, kết quả TTHC", "điện tử", "phản ánh"],
    ),
]


@pytest.mark.parametrize("name, summary, must, never", CASES, ids=[c[0] for c in CASES])
def test_partial_published_figures(tmp_path, name, summary, must, never):
    texts = _section_one(_root(tmp_path, summary))
    joined = "\n".join(texts)
    for sentence in must:
        assert sentence in texts, (sentence, joined)
    for words in never:
        assert words not in joined, (words, joined)
    # Sub-sections with nothing known are left out; the others are numbered in order.
    numbers = [int(t.split(".")[0]) for t in texts if re.match(r"^\d\. ", t)]
    assert numbers == list(range(1, len(numbers) + 1))


def test_derivation_is_exact_and_never_negative():
    values, derived = derive_counts(
        {
            "total": 10,
            "resolved": 12,
            "in_progress": None,
            "new": None,
            "carried_over": None,
            "online": None,
            "direct_postal": None,
        }
    )
    assert values["in_progress"] is None and "in_progress" not in derived  # 10 − 12 is not a count
    values, derived = derive_counts({"total": 10, "resolved": 7, "in_progress": None})
    assert values["in_progress"] == 3 and derived == ("in_progress",)
    values, _ = derive_counts({"overdue": 0, "resolved_late": None, "in_progress_overdue": None})
    assert (values["resolved_late"], values["in_progress_overdue"]) == (0, 0)


# ---------------------------------------------------------------- property: every claim is true of the world


@st.composite
def worlds(draw):
    """A month as it really was (consistent figures), and the subset a report published."""
    buckets = {
        k: draw(st.integers(0, 40))
        for k in ("resolved_early", "resolved_on_time", "resolved_late", "in_progress_on_time", "in_progress_overdue")
    }
    total = sum(buckets.values())
    carried = draw(st.integers(0, total))
    online = draw(st.integers(0, total - carried))
    world = {
        **buckets,
        "total": total,
        "carried_over": carried,
        "online": online,
        "direct_postal": total - carried - online,
        "resolved": buckets["resolved_early"] + buckets["resolved_on_time"] + buckets["resolved_late"],
        "in_progress": buckets["in_progress_on_time"] + buckets["in_progress_overdue"],
        "new": total - carried,
        "in_time": buckets["resolved_early"] + buckets["resolved_on_time"],
        "overdue": buckets["resolved_late"] + buckets["in_progress_overdue"],
    }
    fb_resolved_on_time, fb_late, fb_pending = (draw(st.integers(0, 5)) for _ in range(3))
    feedback = {
        "received": draw(st.integers(0, 12)),
        "resolved": fb_resolved_on_time + fb_late,
        "resolved_on_time": fb_resolved_on_time,
        "pending": fb_pending,
    }
    world.update({f"fb_{k}": v for k, v in feedback.items()})
    keys = list(BIEU06A)  # written once by hand (tests/reference_count.py)
    published = draw(
        st.sets(
            st.sampled_from(
                [*keys, "new", "in_time", "overdue", "rate_on_time", "rate_online", "rate_in_progress", "feedback"]
            )
        )
    )
    summary: dict = {"bieu06a": {k: world[k] for k in keys if k in published}}
    for key, name in (("new", "new"), ("in_time", "resolved_in_time"), ("overdue", "overdue")):
        if key in published:
            summary[name] = world[key]
    rates = {}
    for name, (num, den) in {
        "on_time": ("in_time", "resolved"),
        "online": ("online", "new"),
        "in_progress": ("in_progress", "total"),
    }.items():
        if f"rate_{name}" in published and world[den]:
            rates[name] = round(100 * world[num] / world[den], 1)
    if rates:
        summary["rates"] = rates
    if "feedback" in published:
        chosen = draw(st.sets(st.sampled_from(sorted(feedback)), min_size=1))
        summary["feedback"] = {k: feedback[k] for k in chosen}
    return world, summary


@given(worlds())
def test_no_sentence_claims_what_the_published_figures_do_not_support(tmp_path_factory, case):
    world, summary = case
    texts = _section_one(_root(tmp_path_factory.mktemp("partial"), summary))
    figures = [
        t
        for t in texts
        if not t.startswith(
            (
                "- Kết quả giải quyết TTHC tháng",
                "5. Kết quả tiếp nhận",
                "4. Kết quả tiếp nhận",
                "3. Kết quả tiếp nhận",
                "2. Kết quả tiếp nhận",
                "1. Kết quả tiếp nhận",  # I.1 is left out without the commune's text or a catalogue
            )
        )
    ]
    counts, rates, rest = _claims("\n".join(figures).replace("Trong tháng 02, ", ""))
    for key, value in counts:
        assert world[key] == value, (key, value, world, summary, texts)
    for numerator, denominator, percent in rates:
        assert world[denominator], (numerator, world, texts)
        assert abs(100 * world[numerator] / world[denominator] - percent) <= 0.1 + 1e-9, (numerator, percent, world)
    # Every number of the figures' sentences was one of the claims above; the heading numbers aside.
    leftover = re.sub(r"^\d\. ", "", rest, flags=re.MULTILINE)
    assert not re.search(r"\d", leftover), (re.findall(r".{0,30}\d.{0,10}", leftover), figures)


@given(worlds())
def test_every_published_figure_appears_in_the_report(tmp_path_factory, case):
    world, summary = case
    texts = _section_one(_root(tmp_path_factory.mktemp("shown"), summary))
    counts, rates, _ = _claims("\n".join(texts))
    stated = {key for key, _ in counts}
    names = {"resolved_in_time": "in_time"}
    published = set(summary["bieu06a"]) | {
        names.get(k, k) for k in ("new", "resolved_in_time", "overdue") if k in summary
    }
    published -= {"direct_postal"}  # said as new and online, never on its own
    if "new" in stated and "online" in stated:
        stated.add("direct_postal")
    # A zero in-progress breakdown is said by "không còn hồ sơ đang giải quyết".
    if ("in_progress", 0) in counts:
        stated |= {"in_progress_on_time", "in_progress_overdue"}
    if world["in_time"] == 0 and ("resolved", 0) in counts:
        stated |= {"in_time", "resolved_early", "resolved_on_time", "resolved_late"}
    # The seed's form: "giải quyết đúng hạn N" when all resolved were in time, "đang giải quyết
    # trong hạn N" when none in progress is overdue — the total is said by its only part.
    if any(k == "in_time" and v == world["resolved"] for k, v in counts):
        stated.add("resolved")
    if any(k == "in_progress_on_time" and v == world["in_progress"] for k, v in counts):
        stated.add("in_progress")
    missing = {k for k in published if k not in stated}
    # (8) and (9) apart are said only when some dossier was resolved in time.
    if world["in_time"] == 0:
        missing -= {"resolved_early", "resolved_on_time"}
    # A figure of 0 is said through the sum it belongs to ("không có hồ sơ quá hạn", "đúng hạn …").
    missing = {k for k in missing if world[k] != 0}
    assert not missing, (missing, summary, texts)
    said = {r[0] if r[0] != "in_time" else "on_time" for r in rates}
    if ("in_progress", 0) in counts:
        said.add("in_progress")  # 0% in progress: "không còn hồ sơ đang giải quyết"
    for name in summary.get("rates", {}):
        assert name in said, (name, summary, texts[-3:])


def test_a_published_rate_that_its_counts_do_not_round_to_is_found(tmp_path):
    root = _root(tmp_path, {"bieu06a": {"resolved": 10000, "resolved_late": 573}, "rates": {"on_time": 96.2}})
    summary = summary_indicators(read_summary(root.path / "thu" / "summary-2026-02.yaml"))
    # 9.427 of 10.000 resolved in time is 94,27%, not 96,2%.
    findings = [f for f in run_checks(summary) if f.code == "RATE_NOT_MATCHING_COUNTS"]
    assert len(findings) == 1 and "96,2%" in findings[0].message and "94,27%" in findings[0].message


@pytest.mark.parametrize(
    "stated, numerator, denominator, matches",
    [
        (61, 6065, 10000, True),  # 60,65% is written 61%
        (60, 6065, 10000, False),
        (96.2, 9427, 10000, False),
        (94.3, 9427, 10000, True),
        (100, 879, 879, True),
        (100, 998, 1000, False),  # 99,8% is never written 100%
    ],
)
def test_rounding_is_respected(tmp_path, stated, numerator, denominator, matches):
    root = _root(
        tmp_path,
        {"bieu06a": {"online": numerator, "direct_postal": denominator - numerator}, "rates": {"online": stated}},
    )
    summary = summary_indicators(read_summary(root.path / "thu" / "summary-2026-02.yaml"))
    codes = [f.code for f in run_checks(summary)]
    assert ("RATE_NOT_MATCHING_COUNTS" not in codes) == matches


def test_derived_figures_are_named_as_indicators_json_names_them(tmp_path):
    # Second round of injected bugs: `derived` listed the inner key "in_time". Published (7) = 300
    # and (10) = 4 imply in time (8)+(9) = 300 − 4 = 296, written "resolved_in_time" in
    # indicators.json; nothing else follows from these two figures.
    summary = read_summary(
        _root(tmp_path, {"bieu06a": {"resolved": 300, "resolved_late": 4}}).path / "thu" / "summary-2026-02.yaml"
    )
    out = summary_indicators(summary, "thu").to_dict()
    assert out["derived"] == ["resolved_in_time"]
    assert out["resolved_in_time"] == 296
