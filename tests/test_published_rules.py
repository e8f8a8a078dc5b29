"""Published figures (indicators/published.py): the figures they imply, worked out by hand; a
published sum that contradicts its own parts; the rates beside the counts they are rates of."""

from __future__ import annotations

import pytest

from tthc_analysis.core.errors import InputError
from tthc_analysis.indicators.published import derive_counts, summary_indicators
from tthc_analysis.inputs.summary import read_summary

KEYS = (
    "total", "online", "direct_postal", "carried_over", "resolved", "resolved_early", "resolved_on_time",
    "resolved_late", "in_progress", "in_progress_on_time", "in_progress_overdue", "new", "in_time", "overdue",
)  # fmt: skip


def _derived(**published):
    return derive_counts({key: published.get(key) for key in KEYS})


def test_a_part_that_comes_out_0_is_derived_as_0():
    # new 3 = online 3 + direct/postal: direct/postal is 0, a figure, not unknown.
    values, derived = _derived(new=3, online=3)
    assert values["direct_postal"] == 0 and derived == ("direct_postal",)


def test_a_sum_of_0_makes_its_parts_0_and_what_they_imply_is_derived_next():
    # overdue 0: resolved late 0 and in progress overdue 0; then resolved = in time 4 + late 0 = 4,
    # an identity listed before the overdue one, so only a second pass finds it.
    values, derived = _derived(overdue=0, in_time=4)
    assert (values["resolved_late"], values["in_progress_overdue"], values["resolved"]) == (0, 0, 4)
    assert derived == ("resolved_late", "in_progress_overdue", "resolved")


def test_a_negative_result_derives_nothing():
    # total 5 < new 7: carried over would be −2; it stays unknown (the checks report the slip).
    values, derived = _derived(total=5, new=7)
    assert values["carried_over"] is None and derived == ()


def _summary(tmp_path, body):
    path = tmp_path / "summary-2026-02.yaml"
    path.write_text('period: "2026-02"\n' + body, encoding="utf-8")
    return read_summary(path)


def test_a_published_sum_that_is_not_its_own_parts_is_refused(tmp_path):
    summary = _summary(tmp_path, "new: 10\nbieu06a: {online: 6, direct_postal: 3}\n")
    with pytest.raises(InputError) as refused:
        summary_indicators(summary)
    problem = refused.value.errors[0]
    assert problem.column == "new" and "new 10 khác online + direct_postal = 9" in problem.message


def test_published_rates_sit_beside_the_counts_they_are_rates_of(tmp_path):
    summary = _summary(
        tmp_path,
        "bieu06a: {total: 10, online: 6, direct_postal: 2, carried_over: 2, resolved: 8, in_progress: 2}\n"
        "resolved_in_time: 7\nrates: {in_progress: 20.0, on_time: 87.50, online: 75}\n",
    )
    rates = summary_indicators(summary).rates
    assert (rates["in_progress"].numerator, rates["in_progress"].denominator) == (2, 10)  # (11) / (3)
    assert (rates["on_time"].numerator, rates["on_time"].denominator) == (7, 8)  # (8)+(9) / (7)
    assert (rates["online"].numerator, rates["online"].denominator) == (6, 8)  # (4) / ((4)+(5))
    # Each as written: 20.0 with one decimal, 87.50 with two, 75 with none.
    assert [rates[n].stated_decimals for n in ("in_progress", "on_time", "online")] == [1, 2, 0]
