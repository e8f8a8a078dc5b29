"""Published figures, their checks and reconciliation, on the shipped sample (docs/published-figures.md)."""

from __future__ import annotations

import pytest
from conftest import CONSISTENT_COUNTS, SAMPLE

from tthc_analysis.core.errors import InputError
from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.checks import check_identities, check_stated_periods
from tthc_analysis.indicators.commune import commune_indicators
from tthc_analysis.indicators.published import summary_indicators
from tthc_analysis.indicators.results import Bieu06aCounts
from tthc_analysis.inputs.summary import StatedPeriod, read_summary


@pytest.fixture(scope="module")
def hung_thang():
    """The published report reproduced (--source published): its figures, slips included."""
    return commune_indicators(SAMPLE, "hung-thang", parse_period("2026-02"), source="published")


def test_source_is_summary_with_the_seeds_figures(hung_thang):
    data = hung_thang.to_dict()
    assert data["source"] == "summary"
    b = data["bieu06a"]
    # The real report: 921 total, 14 carried over, 879 new, 919 resolved in time, 2 in progress, 0 overdue.
    assert (b["total"], b["carried_over"], b["online"] + b["direct_postal"]) == (921, 14, 879)
    assert (data["resolved_in_time"], b["in_progress"], b["in_progress_on_time"], data["overdue"]) == (919, 2, 2, 0)
    assert data["new_by_system"] == {"TP": 851, "BO": 28}
    assert data["catalogue"]["full_online"] == 219 and data["catalogue"]["partial_online"] == 160
    assert data["rates"]["reuse"]["percent"] == 95.7
    assert [(u["unit"], u["total"]) for u in data["vertical_agencies"]] == [
        ("Chi nhánh Văn phòng đăng ký đất đai Tiên Lãng", 45),
        ("Bảo hiểm xã hội", 15),
    ]
    assert data["feedback"]["received"] == 0


def test_finding_921_is_not_14_plus_879(hung_thang):
    codes = [f.code for f in hung_thang.findings]
    assert "TOTAL_NOT_CARRIED_PLUS_NEW" in codes
    message = next(f.message for f in hung_thang.findings if f.code == "TOTAL_NOT_CARRIED_PLUS_NEW")
    assert "921" in message and "14 + 879 = 893" in message


def test_period_written_with_the_wrong_year_is_found(hung_thang):
    mismatches = [f for f in hung_thang.findings if f.code == "PERIOD_TEXT_MISMATCH"]
    assert len(mismatches) == 1 and "15/01/2025" in mismatches[0].message


def test_reconciliation_shows_exactly_the_seeds_slips(hung_thang):
    # The dossier exports agree with the seed wherever the seed agrees with itself:
    # the differences are the total (921 vs 893) and what follows from it.
    differences = {i.key: (i.published, i.computed) for i in hung_thang.reconciliation if not i.matches}
    assert differences == {
        "total": (921, 893),
        "resolved": (919, 891),
        "resolved_in_time": (919, 891),
        "stated_online.count": (921, 879),
        "stated_online.of": (921, 879),
    }
    matched = {i.key for i in hung_thang.reconciliation if i.matches}
    assert {
        "carried_over",
        "online",
        "new_by_system.TP",
        "new_by_system.BO",
        "rates.reuse",
        "catalogue.full_online",
        "in_progress_on_time",
    } <= matched
    assert hung_thang.to_dict()["computed_from_dossiers"]["total"] == 893


def test_identities_on_consistent_counts_find_nothing():
    counts = Bieu06aCounts(10, 4, 3, 3, 7, 2, 4, 1, 3, 2, 1)
    assert check_identities(counts) == []


@pytest.mark.parametrize(
    "change, code",
    [
        ({"total": 11}, "TOTAL_NOT_CARRIED_PLUS_NEW"),
        ({"resolved_late": 2}, "RESOLVED_NOT_SUM"),
        ({"in_progress_overdue": 0}, "IN_PROGRESS_NOT_SUM"),
    ],
)
def test_each_identity_is_checked(change, code):
    values = dict(CONSISTENT_COUNTS)
    values.update(change)
    assert code in [f.code for f in check_identities(Bieu06aCounts(**values))]


def test_stated_period_check():
    from datetime import date

    period = parse_period("2026-02")
    good = StatedPeriod("x", date(2026, 1, 15), date(2026, 2, 14))
    bad = StatedPeriod("y", date(2025, 1, 15), date(2026, 2, 14))
    assert check_stated_periods([good], period) == []
    assert [f.code for f in check_stated_periods([bad], period)] == ["PERIOD_TEXT_MISMATCH"]


def test_rates_out_of_range_and_negative_counts(tmp_path):
    path = tmp_path / "summary-2026-02.yaml"
    path.write_text('period: "2026-02"\nbieu06a: {total: 5}\nrates: {reuse: 120}\n', encoding="utf-8")
    from tthc_analysis.indicators.checks import run_checks

    summary = summary_indicators(read_summary(path))
    assert [f.code for f in run_checks(summary)] == ["RATE_OUT_OF_RANGE"]
    path.write_text('period: "2026-02"\nbieu06a: {total: -5}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_summary(path)
    assert info.value.errors[0].column == "bieu06a.total" and "âm" in info.value.errors[0].message


def test_summary_for_another_period_is_refused(tmp_path):
    path = tmp_path / "summary-2026-02.yaml"
    path.write_text('period: "2026-03"\n', encoding="utf-8")
    with pytest.raises(InputError, match="2026-03"):
        read_summary(path, period=parse_period("2026-02"))


def test_other_commune_uses_dossier_data():
    result = commune_indicators(SAMPLE, "tien-lang", parse_period("2026-02"))
    assert result.source == "dossiers"
    c = result.counts
    assert c.total == c.online + c.direct_postal + c.carried_over == c.resolved + c.in_progress
    assert len(result.bieu06a.rows) > 5
