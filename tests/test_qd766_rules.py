"""Bộ chỉ số QĐ 766/QĐ-TTg (tthc_analysis/indicators/qd766.py): rules tests/test_qd766.py leaves
open, each pinned by values worked out by hand in the comments beside them.

Points (docs/qd766.md#points): linear = max × R; threshold T = max when R ≥ T, else max × R / T.
Maxima and scales: 2.1 20 linear, 3.1 2 threshold 80%, 3.2 4 linear, 3.3 6 threshold 50%,
3.6 6 linear, 4.1 6 linear, 4.2 4 linear, 4.3 2 threshold 80%, 5.2 6 linear (6 with no PAKN).
Dossier tables are built in memory, flags and channel Int8 as the loader leaves them (empty = NA)."""

from __future__ import annotations

import pandas as pd
import pytest

from tthc_analysis.core.labels import QD766_NAMES
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.qd766 import (
    dossier_qd766,
    feedback_fraction,
    on_time_fraction,
    published_qd766,
    score,
)
from tthc_analysis.indicators.qd766_spec import SPECS
from tthc_analysis.indicators.results import Bieu06aCounts, Catalogue, FeedbackCounts, Rate
from tthc_analysis.inputs.tables import LoadedTable

FEBRUARY = parse_period("2026-02")
MARCH = parse_period("2026-03")
NA = pd.NA
CODES = ("2.1", "3.1", "3.2", "3.3", "3.6", "4.1", "4.2", "4.3", "5.2")


def _got(result, code):
    item = result.indicator(code)
    return item.numerator, item.denominator, None if item.points is None else round(item.points, 4), item.source


# One commune's dossiers: procedure, channel, e-result, digitised, received in the period ("new").
ROWS = [
    ("2.000101", 2, 1, 1, True),
    (" 2.000102 ", 2, 1, NA, True),  # the code is read stripped; digitised empty: not digitised
    ("2.000103", NA, 1, 1, True),  # empty channel: direct, not online
    ("2.000104", 1, NA, 1, True),  # e-result empty: no e-result
    ("2.000105", 2, 0, 1, True),  # online, no e-result; 2.000105 is not an online procedure
    ("2.000106", 2, 1, 1, False),  # not received in the period: in no ratio
    (None, 2, 1, 1, True),  # no procedure code
    ("", 2, 1, 0, True),  # an empty procedure code
]
# The catalogue: MucDo 4 and 3 are online; the empty and the missing codes are no procedure.
LEVELS = [("2.000101", 4), ("2.000102", 3), ("2.000103", 4), ("2.000104", 3), ("2.000105", 2), ("2.000106", 4)]
LEVELS += [("", 4), (None, 3)]


def _dossiers(rows=ROWS, columns=("procedure_code", "channel", "e_result", "digitised")):
    data = {
        "procedure_code": pd.Series([r[0] for r in rows], dtype=object),
        "channel": pd.array([r[1] for r in rows], dtype="Int8"),
        "e_result": pd.array([r[2] for r in rows], dtype="Int8"),
        "digitised": pd.array([r[3] for r in rows], dtype="Int8"),
    }
    frame = pd.DataFrame({c: data[c] for c in columns})
    masks = pd.DataFrame({"new": [r[4] for r in rows]})
    return LoadedTable(frame, frozenset(columns)), masks


def _catalogue_table(levels=LEVELS):
    frame = pd.DataFrame(
        {
            "procedure_code": pd.Series([c for c, _ in levels], dtype=object),
            "level": pd.array([lv for _, lv in levels], dtype="Int8"),
        }
    )
    return LoadedTable(frame, frozenset(frame.columns))


COUNTS = Bieu06aCounts(total=12, resolved_early=5, resolved_on_time=3, in_progress_on_time=1)
CATALOGUE = Catalogue(procedures=8, full_online=4, partial_online=2, published=Rate(None, None))
FEEDBACK = FeedbackCounts(received=5, resolved=4, resolved_on_time=3, pending=2, pending_overdue=1)
RATES = {"online_payment": Rate(3, 4), "reuse": Rate(7, 10)}


def _commune(commune="xa-a", *, rows=ROWS, columns=("procedure_code", "channel", "e_result", "digitised"), **kw):
    dossiers, masks = _dossiers(rows, columns)
    options = {"procedures": _catalogue_table(), "catalogue": CATALOGUE, "feedback": FEEDBACK} | kw
    return dossier_qd766(dossiers, masks, COUNTS, RATES, period=FEBRUARY, commune=commune, **options)


def test_every_indicator_from_a_hand_built_table():
    q = _commune()
    # 2.1: ((8) 5 + (9) 3 + (12) 1) / (3) 12 = 75%; 20 × 0.75 = 15.
    assert _got(q, "2.1") == (9, 12, 15.0, "dossiers")
    # 3.1: (4 + 2) / 8 = 75% < 80%: 2 × 0.75 / 0.8 = 1,875.
    assert _got(q, "3.1") == (6, 8, 1.875, "catalogue")
    # 3.2: online procedures 101 102 103 104 106 (105 is MucDo 2; "" and None are no code) = 5; with an
    # online dossier received in the period: 101, " 102 " = 102 → 2 (103 direct, 104 direct, 106 not new,
    # 105 not online). 4 × 2/5 = 1,6.
    assert _got(q, "3.2") == (2, 5, 1.6, "dossiers+catalogue")
    assert q.services_offered == {"2.000101", "2.000102", "2.000103", "2.000104", "2.000106"}
    assert q.services_used == {"2.000101", "2.000102", "2.000105"}
    # Received in the period: every row but 106 = 7. E-result 1: 101 102 103, None, "" = 5 (104 empty, 105 0).
    # 4.1: 6 × 5/7 = 4,2857.
    assert _got(q, "4.1") == (5, 7, 4.2857, "dossiers")
    # 3.3: e-result and channel 2: 101 102 None "" = 4 (103's channel is empty: direct). 4/7 ≥ 50%: 6.
    assert _got(q, "3.3") == (4, 7, 6.0, "dossiers")
    # 4.2: e-result and digitised 1: 101 103 None = 3 (102 empty, "" 0). 4 × 3/7 = 1,7143.
    assert _got(q, "4.2") == (3, 7, 1.7143, "dossiers")
    # 3.6 and 4.3 are the rates: 3/4 linear 6 × 0.75 = 4,5; 7/10 < 80%: 2 × 0.7 / 0.8 = 1,75.
    assert _got(q, "3.6") == (3, 4, 4.5, "dossiers")
    assert _got(q, "4.3") == (7, 10, 1.75, "dossiers")
    # 5.2: (on time 3 + pending 2 − overdue 1) / (resolved 4 + pending 2) = 4/6: 6 × 4/6 = 4.
    assert _got(q, "5.2") == (4, 6, 4.0, "feedback")
    assert [i.code for i in q.indicators] == list(CODES)
    assert q.communes == ("xa-a",) and q.period == FEBRUARY
    # 15 + 1,875 + 1,6 + 6 + 4,5 + 4,2857 + 1,7143 + 1,75 + 4 = 40,725 of 56.
    assert round(q.points, 4) == 40.725 and q.max_points == 56


def test_a_missing_column_leaves_only_its_indicators_not_available():
    # No channel: 3.3 and 3.2 (online dossiers) are not known; 4.1 and 4.2 still are.
    q = _commune(columns=("procedure_code", "e_result", "digitised"))
    assert _got(q, "3.3") == (None, None, None, "dossiers")
    assert _got(q, "3.2") == (None, None, None, "dossiers+catalogue")
    assert q.services_offered is None and q.services_used is None
    assert _got(q, "4.1")[:2] == (5, 7) and _got(q, "4.2")[:2] == (3, 7)
    # No procedure code: 3.2 not known, 3.3 known.
    q = _commune(columns=("channel", "e_result", "digitised"))
    assert _got(q, "3.2")[:3] == (None, None, None) and _got(q, "3.3")[:2] == (4, 7)
    # No digitised flag: only 4.2.
    q = _commune(columns=("procedure_code", "channel", "e_result"))
    assert _got(q, "4.2") == (None, None, None, "dossiers") and _got(q, "4.1")[:2] == (5, 7)
    assert _got(q, "3.3")[:2] == (4, 7)
    # No e-result: 3.3, 4.1 and 4.2 all need it.
    q = _commune(columns=("procedure_code", "channel", "digitised"))
    for code in ("3.3", "4.1", "4.2"):
        assert _got(q, code) == (None, None, None, "dossiers"), code
    assert _got(q, "3.2")[:2] == (2, 5)


def test_without_catalogue_and_feedback_and_without_a_commune_name():
    q = _commune(None, procedures=None, catalogue=None, feedback=None)
    assert _got(q, "3.1") == (None, None, None, "catalogue")
    assert _got(q, "3.2") == (None, None, None, "dossiers+catalogue")
    assert _got(q, "5.2") == (None, None, None, "feedback")
    assert q.services_offered is None and q.services_used is None and q.communes == ()
    assert _commune("").communes == ()


def test_a_procedure_code_empty_on_both_sides_is_no_procedure():
    # An empty code in the catalogue (MucDo 4) and an online dossier with an empty or missing code:
    # neither is a procedure, so they never meet in 3.2.
    rows = [("", 2, 1, 1, True), (None, 2, 1, 1, True), ("  ", 2, 1, 1, True)]
    q = _commune(rows=rows)
    assert q.services_used == frozenset()
    assert _got(q, "3.2") == (0, 5, 0.0, "dossiers+catalogue")


def test_on_time_fraction_needs_its_three_counts_and_refuses_contradictions():
    # (8)+(9) = 4 + 2, (12) 4, (3) 10: 10/10, the numerator may equal the total.
    full = Bieu06aCounts(total=10, resolved_early=4, resolved_on_time=2, in_progress_on_time=4)
    assert on_time_fraction(full, "summary") == (10, 10, "summary")
    # One more in (12) than (3) allows: the figures contradict each other.
    over = Bieu06aCounts(total=10, resolved_early=4, resolved_on_time=2, in_progress_on_time=5)
    assert on_time_fraction(over, "summary") == (None, None, "summary")
    # (8)+(9) published only as their sum: 7 + (12) 1 over 9.
    assert on_time_fraction(Bieu06aCounts(total=9, in_progress_on_time=1, stated_in_time=7), "x") == (8, 9, "x")
    for missing in (
        Bieu06aCounts(total=10, in_progress_on_time=1),
        Bieu06aCounts(total=10, resolved_early=4, resolved_on_time=2),
        Bieu06aCounts(resolved_early=4, resolved_on_time=2, in_progress_on_time=1),
    ):
        assert on_time_fraction(missing, "dossiers") == (None, None, "dossiers")


def test_feedback_fraction_by_hand():
    # (on time 3 + pending 2 − overdue 1) / (resolved 4 + pending 2).
    assert feedback_fraction(FEEDBACK, "feedback") == (4, 6, "feedback")
    # Nothing pending: the overdue count is not needed (0), even when not published.
    assert feedback_fraction(FeedbackCounts(4, 4, 3, 0), "summary") == (3, 4, "summary")
    assert feedback_fraction(FeedbackCounts(4, 4, 3, 0, pending_overdue=2), "s") == (3, 4, "s")
    # One pending and overdue: (3 + 1 − 1) / (4 + 1) = 3/5.
    assert feedback_fraction(FeedbackCounts(5, 4, 3, 1, pending_overdue=1), "s") == (3, 5, "s")
    # Every one resolved on time and every pending overdue: the edges are allowed; (4 + 2 − 2) / 6.
    assert feedback_fraction(FeedbackCounts(6, 4, 4, 2, pending_overdue=2), "s") == (4, 6, "s")


@pytest.mark.parametrize(
    "feedback",
    [
        None,
        FeedbackCounts(4, None, 3, 0),  # resolved not published
        FeedbackCounts(4, 4, 3, None),  # pending not published
        FeedbackCounts(4, 4, None, 0),  # on time not published
        FeedbackCounts(4, 4, 3, 2),  # two pending, overdue not published
        FeedbackCounts(4, 4, 5, 0),  # more on time than resolved
        FeedbackCounts(4, 4, 3, 2, pending_overdue=3),  # more overdue than pending
    ],
)
def test_feedback_fraction_not_known(feedback):
    assert feedback_fraction(feedback, "feedback") == (None, None, "feedback")


def test_score_passes_counts_only_in_pairs():
    # A numerator without its denominator (or the reverse) is not a ratio: neither is kept.
    for numerator, denominator in ((3, None), (None, 5), (None, None)):
        item = score("2.1", numerator, denominator, "dossiers")
        assert (item.numerator, item.denominator, item.points, item.value, item.rule) == (None,) * 5
        assert item.status == "not_available"
    # 5.2's rule is for a zero denominator only, not for counts not known.
    item = score("5.2", None, None, "feedback")
    assert (item.points, item.rule) == (None, None)
    # 0/0 without the rule (3.6): không phát sinh, no points.
    item = score("3.6", 0, 0, "dossiers")
    assert (item.numerator, item.denominator, item.points, item.rule) == (0, 0, None, None)
    assert item.status == "not_applicable"
    # 0/0 in 5.2: the portal's 6 points; 0/1: a real 0%, 0 points and no rule.
    item = score("5.2", 0, 0, "feedback")
    assert (item.points, item.rule, item.value) == (6.0, "no_feedback_full_points", None)
    item = score("5.2", 0, 1, "feedback")
    assert (item.points, item.rule, item.value, item.status) == (0.0, None, 0.0, "ok")


def test_score_carries_the_spec_and_the_name():
    item = score("4.3", 2, 3, "summary")
    assert (item.code, item.name, item.max_points, item.scale, item.confirmed) == (
        "4.3",
        "Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa",
        2,
        "threshold 80%",
        True,
    )
    assert (item.source, item.reference, item.approximation) == (
        "summary",
        SPECS["4.3"].reference,
        SPECS["4.3"].approximation,
    )
    # 2/3 = 66,67% < 80%: 2 × (2/3) / 0.8 = 1,6667.
    assert round(item.points, 4) == 1.6667 and item.value == pytest.approx(200 / 3)


def test_indicator_to_dict_by_hand():
    # 1/8 = 12,5%; 2.1 linear: 20 × 1/8 = 2,5.
    assert score("2.1", 1, 8, "dossiers").to_dict() == {
        "code": "2.1",
        "name": QD766_NAMES["2.1"],
        "value": 12.5,
        "numerator": 1,
        "denominator": 8,
        "status": "ok",
        "points": 2.5,
        "max": 20,
        "scale": "linear",
        "confirmed": True,
        "source": "dossiers",
        "reference": SPECS["2.1"].reference,
        "approximation": SPECS["2.1"].approximation,
        "rule": None,
    }
    # 2/3 = 66,666…% → 66.67; 4.1 linear: 6 × 2/3 = 4 exactly. 1/3 of 2.1: 20/3 = 6,666… → 6.67.
    assert score("4.1", 2, 3, "dossiers").to_dict()["value"] == 66.67
    assert score("2.1", 1, 3, "dossiers").to_dict()["points"] == 6.67
    # 5.2 with no PAKN: no value, the 6 points and the rule named.
    got = score("5.2", 0, 0, "summary").to_dict()
    assert (got["value"], got["points"], got["status"]) == (None, 6.0, "not_applicable")
    assert got["rule"] == "no_feedback_full_points"
    got = score("3.1", None, None, "catalogue").to_dict()
    assert (got["value"], got["points"], got["status"], got["max"], got["confirmed"]) == (
        None,
        None,
        "not_available",
        2,
        False,
    )


def test_published_figures_are_all_of_source_summary():
    q = published_qd766(COUNTS, period=FEBRUARY, commune="xa-b", catalogue=CATALOGUE, feedback=FEEDBACK)
    assert _got(q, "2.1") == (9, 12, 15.0, "summary")
    assert _got(q, "3.1") == (6, 8, 1.875, "summary")
    assert _got(q, "5.2") == (4, 6, 4.0, "summary")
    for code in ("3.2", "3.3", "3.6", "4.1", "4.2", "4.3"):
        assert _got(q, code) == (None, None, None, "summary"), code
    assert q.communes == ("xa-b",) and q.period == FEBRUARY and q.services_offered is None
    assert published_qd766(COUNTS, period=FEBRUARY).communes == ()
    # 15 + 1,875 + 4 = 20,875 of 20 + 2 + 6 = 28.
    assert q.points == 20.875 and q.max_points == 28


def test_result_to_dict_by_hand():
    q = published_qd766(COUNTS, period=FEBRUARY, commune="xa-b", catalogue=CATALOGUE)
    data = q.to_dict()
    assert data["communes"] == ["xa-b"] and list(data["indicators"]) == list(CODES)
    assert data["indicators"]["3.1"]["points"] == 1.88  # 1,875 → 1.88
    # 15 + 1,875 = 16,875 → 16.88 (round of the float 16.875, exact in binary: to even, 16.88).
    assert (data["points"], data["max_points"]) == (16.88, 22)
    assert data["scored"] == ["2.1", "3.1"] and data["unconfirmed_scales"] == ["3.1"]
    assert len(data["not_supported"]) == 13
    assert data["not_supported"][0] == {
        "code": "1.1",
        "name": "Tỷ lệ TTHC công bố đúng hạn",
        "max": 6,
        "reason": "Cần ngày ban hành quyết định công bố và ngày có hiệu lực của văn bản quy định TTHC (CSDL quốc gia "
        "về TTHC); cấp xã nhận số liệu của tỉnh.",
    }
    assert data["not_supported"][-1]["code"] == "5.4" and data["not_supported"][-1]["max"] == 6
    unsupported = q.not_supported[4]
    assert (unsupported.code, unsupported.name, unsupported.max_points) == ("3.TT", QD766_NAMES["3.TT"], 12)
    assert q.indicator("3.1").code == "3.1" and q.indicator("5.2").points is None
