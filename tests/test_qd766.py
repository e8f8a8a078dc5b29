"""Bộ chỉ số QĐ 766/QĐ-TTg (docs/qd766.md): a small commune worked out by hand, the scales'
edges, the no-PAKN rule, what is not available, published figures, the city combination,
indicators.json and the report's table."""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import SAMPLE
from qd766_example import CATALOGUE, FEBRUARY, FEEDBACK, HAND, hand_commune

from tthc_analysis.core.labels import QD766_NAMES
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import commune_indicators, files_indicators
from tthc_analysis.indicators.published import summary_indicators
from tthc_analysis.indicators.qd766 import combine_qd766
from tthc_analysis.indicators.qd766_spec import SPECS, points
from tthc_analysis.inputs.summary import read_summary
from tthc_analysis.report import tables


@pytest.fixture
def hand(tmp_path):
    return hand_commune(tmp_path / "xa-mot")


def _got(result, code):
    item = result.indicator(code)
    return item.numerator, item.denominator, None if item.points is None else round(item.points, 4)


def test_every_supported_indicator_by_hand(hand):
    q = hand.qd766
    # 2.1: ((8)+(9)+(12)) / (3) = (5 + 2 + 1) / 11 = 72,7%; linear: 20 × 8/11 = 14,5455.
    assert _got(q, "2.1") == (8, 11, 14.5455)
    # 3.1: MucDo 3/4 = 5 of 6 procedures = 83,3% ≥ 80%: the full 2.
    assert _got(q, "3.1") == (5, 6, 2.0)
    # 3.2: online procedures 101 102 103 104 106; with an online (channel 2) dossier received in the
    # period: 101 (D01), 102 (D03), 103 (D06), 104 (D07) = 4 of 5; 105 is not online, 106 only has C01.
    # Linear: 4 × 0.8 = 3,2.
    assert _got(q, "3.2") == (4, 5, 3.2)
    # 3.3: received in the period, channel 2 and an e-result: D01 D02 D03 D08 = 4 of 10 (D06 D07 have no
    # result yet; D09 is postal) = 40% < 50%: 6 × 0.4 / 0.5 = 4,8.
    assert _got(q, "3.3") == (4, 10, 4.8)
    # 3.6: received in the period with a fee: D01 D02 D03 D05 D09 = 5 (C01 is carried over); paid
    # online (1 or 2): D01 D02 D09 = 3; 60%, linear: 6 × 0.6 = 3,6.
    assert _got(q, "3.6") == (3, 5, 3.6)
    # 4.1: e-result among the 10 received: all but D06 D07 = 8; linear: 6 × 0.8 = 4,8.
    assert _got(q, "4.1") == (8, 10, 4.8)
    # 4.2: digitised AND e-result: D01 D02 D03 D04 D08 D09 D10 = 7 (D05 not digitised, D06 D07 no result);
    # linear (the portal's fit): 4 × 0.7 = 2,8 (an 80% threshold would give 3,5).
    assert _got(q, "4.2") == (7, 10, 2.8)
    # 4.3: reused: all but D05 D07 = 8 of 10 = exactly 80%: the full 2.
    assert _got(q, "4.3") == (8, 10, 2.0)
    # 5.2: taking part F1 F2 F3 F4 F6 F7 = 6; on time F1 F6 + pending within F3 F7 = 4; 6 × 4/6 = 4.
    assert _got(q, "5.2") == (4, 6, 4.0)
    assert hand.feedback.pending == 3 and hand.feedback.pending_overdue == 1  # F3 F4 F7; F4


def test_total_is_of_the_indicators_computed_never_out_of_100(hand):
    q = hand.qd766
    # 14,5455 + 2 + 3,2 + 4,8 + 3,6 + 4,8 + 2,8 + 2 + 4 = 41,7455 of 20+2+4+6+6+6+4+2+6 = 56.
    assert round(q.points, 2) == 41.75 and q.max_points == 56
    table = tables.qd766_table(hand)
    assert table.loc["Cộng", "Chỉ số"] == "41,75 điểm trên 56 điểm tối đa của các chỉ số tính được"
    assert table.loc["2.1", "Tỷ lệ"] == "72,7%" and table.loc["2.1", "Điểm"] == "14,55"
    assert table.loc["2.1", "Tử số/mẫu số"] == "8/11" and table.loc["2.1", "Điểm tối đa"] == "20"
    assert table.loc["4.3", "Cách tính điểm"] == "Đạt 80% được điểm tối đa"
    assert table.loc["3.2", "Nguồn số liệu"] == "Dữ liệu hồ sơ, Danh mục TTHC"
    # Inferred scales are said to be unconfirmed, in the table and in indicators.json.
    assert [c for c in table.index if "chưa được xác nhận" in table.loc[c, "Ghi chú"]] == ["3.1", "3.2", "3.3"]
    assert hand.to_dict()["qd766"]["unconfirmed_scales"] == ["3.1", "3.2", "3.3"]
    assert "100" not in table.loc["Cộng", "Chỉ số"]


def test_threshold_edges():
    reuse, online = SPECS["4.3"], SPECS["3.3"]
    assert points(reuse, 4, 5) == 2.0  # exactly 80%: full points
    assert points(reuse, 79, 100) == pytest.approx(1.975)  # 79%: 2 × 0.79 / 0.8
    assert points(online, 1, 2) == 6.0  # exactly 50%
    assert points(online, 49, 100) == pytest.approx(5.88)  # 6 × 0.49 / 0.5
    assert points(SPECS["2.1"], 99, 100) == pytest.approx(19.8)  # linear: 20 × 0.99


def test_just_below_the_threshold_in_a_commune(tmp_path):
    # D10 no longer reused: 7 of 10 = 70% < 80%: 2 × 0.7 / 0.8 = 1,75.
    rows = [(*r[:-1], "0") if r[0] == "D10" else r for r in HAND]
    assert _got(hand_commune(tmp_path / "xa", rows).qd766, "4.3") == (7, 10, 1.75)
    # 2.000106 no longer online: 4 of 6 (66,7%) < 80%: 3.1 = 2 × (4/6) / 0.8 = 1,6667.
    catalogue = [*CATALOGUE[:5], ("2.000106", "Thủ tục sáu", "2")]
    assert _got(hand_commune(tmp_path / "xb", catalogue=catalogue).qd766, "3.1") == (4, 6, 1.6667)


def test_no_feedback_in_the_period_gives_full_points_by_the_portals_rule(tmp_path):
    # Only F5, finished before the period: no PAKN takes part, 0/0, and the portal gives 6.
    q = hand_commune(tmp_path / "xa", feedback=[FEEDBACK[4]]).qd766
    item = q.indicator("5.2")
    assert (item.numerator, item.denominator, item.points, item.value) == (0, 0, 6.0, None)
    assert item.status == "not_applicable" and item.rule == "no_feedback_full_points"
    assert (
        "Không có phản ánh, kiến nghị"
        in tables.qd766_table(hand_commune(tmp_path / "xc", feedback=[FEEDBACK[4]])).loc["5.2", "Ghi chú"]
    )
    # An empty register cannot show that nothing came before or in the period: not known, no points.
    empty = hand_commune(tmp_path / "xb", feedback=[])
    assert empty.qd766.indicator("5.2").points is None and "FEEDBACK_UNKNOWN" in [f.code for f in empty.findings]


def test_without_feedback_data_5_2_is_not_available_not_full_points(tmp_path):
    ind = hand_commune(tmp_path / "xa", feedback=None, catalogue=None)
    q = ind.qd766
    for code in ("5.2", "3.1", "3.2"):
        assert _got(q, code) == (None, None, None), code
        assert q.indicator(code).status == "not_available"
    # Not counted in the total nor in its maximum: 56 − 6 − 2 − 4 = 44; 41,7455 − 4 − 2 − 3,2 = 32,5455.
    assert q.max_points == 44 and round(q.points, 2) == 32.55
    assert tables.qd766_table(ind).loc["5.2", "Điểm"] == "–"


def test_export_without_flag_columns(hand_csv):
    # conftest.HAND_ROWS: no fee, payment, digitisation, result or reuse column.
    q = files_indicators([hand_csv], FEBRUARY).qd766
    for code in ("3.3", "3.6", "4.1", "4.2", "4.3", "3.1", "3.2", "5.2"):
        assert q.indicator(code).points is None and q.indicator(code).status == "not_available", code
    # 2.1 from docs/counting.md's worked example: ((8) 2 + (9) 4 + (12) 4) / (3) 13 = 10/13; 20 × 10/13 = 15,3846.
    assert _got(q, "2.1") == (10, 13, 15.3846)
    assert q.max_points == 20


def test_no_fee_dossier_is_not_applicable_not_zero(tmp_path):
    rows = [(*r[:7], "0", *r[8:]) for r in HAND]  # no dossier has a fee
    item = hand_commune(tmp_path / "xa", rows).qd766.indicator("3.6")
    assert (item.numerator, item.denominator, item.points, item.status) == (0, 0, None, "not_applicable")


def _summary(tmp_path, text: str):
    path = tmp_path / "summary-2026-02.yaml"
    path.write_text(text, encoding="utf-8")
    return summary_indicators(read_summary(path, FEBRUARY), "xa-cong-bo")


def test_published_figures(tmp_path):
    ind = _summary(
        tmp_path,
        'period: "2026-02"\n'
        "bieu06a: {total: 50, resolved_early: 20, resolved_on_time: 25, resolved_late: 1, in_progress_on_time: 3,"
        " in_progress_overdue: 1}\n"
        "feedback: {received: 0, resolved: 0, resolved_on_time: 0, pending: 0}\n"
        "rates: {reuse: 95.7, online_payment: 100}\n",
    )
    q = ind.qd766
    # 2.1: (20 + 25 + 3) / 50 = 96%; 20 × 0.96 = 19,2. Source "summary".
    assert _got(q, "2.1") == (48, 50, 19.2) and q.indicator("2.1").source == "summary"
    assert _got(q, "5.2") == (0, 0, 6.0)  # no PAKN published: the portal's rule
    # Published rates come without their counts: 3.6 and 4.3 are not available, nor the rest.
    for code in ("3.1", "3.2", "3.3", "3.6", "4.1", "4.2", "4.3"):
        assert _got(q, code) == (None, None, None), code
    assert q.max_points == 26 and round(q.points, 2) == 25.2


def test_published_figures_without_12_leave_2_1_not_available(tmp_path):
    # (12) neither published nor implied ((11) and (13) not published): 2.1 is not known.
    q = _summary(tmp_path, 'period: "2026-02"\nbieu06a: {total: 50, resolved: 45}\nresolved_in_time: 44\n').qd766
    assert _got(q, "2.1") == (None, None, None)
    assert _got(q, "5.2") == (None, None, None)  # no feedback published
    assert q.max_points == 0 and q.points == 0


def test_published_feedback_needs_the_overdue_count_when_some_is_pending(tmp_path):
    head = 'period: "2026-02"\nbieu06a: {total: 10}\n'
    # (on time 1 + pending within 2 − 1) / (resolved 2 + pending 2) = 2/4 = 50%: 6 × 0.5 = 3.
    ind = _summary(tmp_path, head + "feedback: {resolved: 2, resolved_on_time: 1, pending: 2, pending_overdue: 1}\n")
    assert _got(ind.qd766, "5.2") == (2, 4, 3.0)
    # Two pending, and whether they are overdue not published: not available.
    ind = _summary(tmp_path, head + "feedback: {resolved: 2, resolved_on_time: 1, pending: 2}\n")
    assert _got(ind.qd766, "5.2") == (None, None, None)


def test_sample_published_and_counted(tmp_path):
    # data/sample/hung-thang/summary-2026-02.yaml: (8)+(9) published as 919, (12) 2, (3) 921 → 921/921;
    # feedback all 0 → 5.2 full points. README: from the exports 14 carried over + 879 new, 2 in progress
    # on time, none overdue → 893/893; reuse 95,7% ≥ 80% → the full 2.
    ind = commune_indicators(SAMPLE, "hung-thang", FEBRUARY, source="published")
    assert _got(ind.qd766, "2.1") == (921, 921, 20.0) and _got(ind.qd766, "5.2") == (0, 0, 6.0)
    assert ind.qd766.max_points == 26
    counted = ind.computed.qd766
    assert _got(counted, "2.1") == (893, 893, 20.0)
    assert counted.indicator("4.3").points == 2.0 and round(counted.indicator("4.3").value, 1) == 95.7
    for item in counted.indicators:
        assert item.points is not None and 0 <= item.points <= item.max_points, item.code


def test_city_is_a_ratio_of_sums(tmp_path):
    a = hand_commune(tmp_path / "xa-a")
    # Commune B: one dossier, online, early, fee paid online, digitised, e-result, reused; no catalogue, no PAKN file.
    # Its export also holds a dossier finished in 11/2025 (in no February figure): it reaches back
    # before the period, so carried over (none) and 2.1 are known.
    earlier = ("D00", "2.000101", "2", "01/11/2025", "10/11/2025", "05/11/2025", "10", "1", "1", "1", "1", "1")
    b = hand_commune(tmp_path / "xa-b", [earlier, HAND[0]], catalogue=None, feedback=None)
    city = combine_qd766([a.qd766, b.qd766], label="thanh-pho")
    # 2.1: (8 + 1) / (11 + 1) = 75%: 20 × 0.75 = 15. The mean of ratios, (72,7% + 100%) / 2 = 86,4%,
    # would give 17,27.
    assert _got(city, "2.1") == (9, 12, 15.0)
    # 3.3: (4 + 1) / (10 + 1) = 45,5% < 50%: 6 × (5/11) / 0.5 = 5,4545. The mean of ratios, (40% + 100%) / 2
    # = 70%, would give the full 6.
    assert _got(city, "3.3") == (5, 11, 5.4545)
    assert _got(city, "3.6") == (4, 6, 4.0)  # (3 + 1) / (5 + 1): 6 × 4/6
    assert _got(city, "4.3") == (9, 11, 2.0)  # 81,8% ≥ 80%
    # Not known for B (no catalogue, no feedback file): not known for the city.
    for code in ("3.1", "3.2", "5.2"):
        assert _got(city, code) == (None, None, None), code
    assert city.communes == ("thanh-pho",)
    assert combine_qd766([a.qd766, b.qd766]).communes == ("xa-a", "xa-b")


def test_city_without_any_pakn_keeps_the_rule_and_refuses_mixed_periods(tmp_path):
    a = hand_commune(tmp_path / "xa-a", feedback=[FEEDBACK[4]])  # F5 finished before the period: none in it
    b = hand_commune(tmp_path / "xa-b", feedback=[FEEDBACK[4]])
    assert _got(combine_qd766([a.qd766, b.qd766]), "5.2") == (0, 0, 6.0)
    march = files_indicators([tmp_path / "xa-a" / "ho-so.csv"], parse_period("2026-03")).qd766
    with pytest.raises(ValueError):
        combine_qd766([a.qd766, march])
    with pytest.raises(ValueError):
        combine_qd766([])


def test_indicators_json(hand):
    data = json.loads(json.dumps(hand.to_dict(), ensure_ascii=False))["qd766"]
    assert set(data) == {
        "communes",
        "indicators",
        "points",
        "max_points",
        "scored",
        "unconfirmed_scales",
        "not_supported",
    }
    assert list(data["indicators"]) == ["2.1", "3.1", "3.2", "3.3", "3.6", "4.1", "4.2", "4.3", "5.2"]
    one = data["indicators"]["2.1"]
    assert set(one) == {
        "code", "name", "value", "numerator", "denominator", "status", "points", "max", "scale", "confirmed",
        "source", "reference", "approximation", "rule",
    }  # fmt: skip
    # 8/11 = 72,727…% and 14,5454… points, two decimals.
    assert (one["value"], one["points"], one["max"], one["scale"], one["source"]) == (
        72.73,
        14.55,
        20,
        "linear",
        "dossiers",
    )
    assert data["indicators"]["4.3"]["scale"] == "threshold 80%" and data["indicators"]["4.2"]["scale"] == "linear"
    assert data["points"] == 41.75 and data["max_points"] == 56 and data["communes"] == ["xa-mot"]
    assert [u["code"] for u in data["not_supported"]] == [
        "1.1", "1.2", "1.3", "1.4", "3.TT", "3.5", "3.5b", "4.CT", "4.4", "4.5a", "4.5b", "5.3", "5.4",
    ]  # fmt: skip
    assert all(u["reason"] and u["max"] > 0 for u in data["not_supported"])
    assert json.loads(json.dumps(hand.to_dict()))["feedback"]["pending_overdue"] == 1


def test_names_are_vietnamese_nfc():
    for name in QD766_NAMES.values():
        assert unicodedata.normalize("NFC", name) == name
    assert QD766_NAMES["2.1"] == "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"


@pytest.mark.e2e
def test_report_shows_the_index(tmp_path):
    from tthc_analysis.run.notebook import run_report

    run_report("hung-thang", "2026-02", data_dir=SAMPLE, out_dir=tmp_path, source="published")
    folder = tmp_path / "hung-thang" / "2026-02"
    text = (folder / "bao-cao-hung-thang-2026-02.html").read_text(encoding="utf-8")
    assert "Bộ chỉ số QĐ 766/QĐ-TTg" in text and "Các chỉ số chưa tính được" in text
    # Published figures: 2.1 20 + 5.2 6 (no PAKN) = 26 of 26.
    assert "26 điểm trên 26 điểm tối đa của các chỉ số tính được" in text
    # Notes are shown whole, not cut at 50 characters as a notebook's display would.
    assert "hồ sơ công dân rút tính đúng hạn." in text
    data = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))["qd766"]
    assert (data["points"], data["max_points"]) == (26, 26)


def test_city_counts_the_catalogue_once_and_a_procedure_once(tmp_path):
    a = hand_commune(tmp_path / "xa-a")  # online procedures with an online dossier: 101, 102, 103, 104 of 5
    # Commune B: online dossiers of 2.000101 and 2.000106 only (both received in February).
    rows_b = [
        ("B01", "2.000101", "2", "02/02/2026", "05/02/2026", "04/02/2026", "10", "0", "0", "1", "1", "1"),
        ("B02", "2.000106", "2", "03/02/2026", "06/02/2026", "05/02/2026", "10", "0", "0", "1", "1", "1"),
    ]
    b = hand_commune(tmp_path / "xa-b", rows_b)
    assert _got(a.qd766, "3.2")[:2] == (4, 5) and _got(b.qd766, "3.2")[:2] == (2, 5)
    city = combine_qd766([a.qd766, b.qd766], label="thanh-pho")
    # 3.2: a procedure counts once for the city: {101, 102, 103, 104} ∪ {101, 106} = all 5 online
    # procedures → 100%, 4 points. Summing the communes would say (4 + 2) / (5 + 5) = 60%.
    assert _got(city, "3.2") == (5, 5, 4.0)
    # 3.1: one catalogue for the city, 5 of 6 procedures online, counted once (not 10 of 12).
    assert _got(city, "3.1")[:2] == (5, 6)
