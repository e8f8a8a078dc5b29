"""Trends by quarter and by year (tthc trends --step): each period counted on its own, checked
against the independent counter of tests/reference_count.py."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SAMPLE, run_cli
from reference_count import count_rows, sample_dossiers, shown_figures

from tthc_analysis.core.errors import InputError
from tthc_analysis.indicators import trends
from tthc_analysis.report import trend_tables

UNIT = "đặc khu Bạch Long Vĩ"
Q2, Q3 = (date(2025, 3, 15), date(2025, 6, 14)), (date(2025, 6, 15), date(2025, 9, 14))


@pytest.fixture(scope="module")
def by_quarter():
    return trends.city_trends("bach-long-vi", "2025-Q1", "2026-Q1", str(SAMPLE), step="quarter")


def test_quarters_are_counted_each_on_its_own_as_the_independent_counter_counts_them(by_quarter):
    assert by_quarter.periods == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    rows = sample_dossiers("bach-long-vi")
    q2, q3 = shown_figures(rows, *Q2), shown_figures(rows, *Q3)
    history = by_quarter.history.set_index("period")
    for key in ("total", "carried_over", "new", "resolved", "in_progress"):
        assert history.loc["2025-Q3", key] == q3[key], key
    # A quarter's carried over is what was open on its first day, not three months' sum.
    changes = by_quarter.changes.set_index(["period", "indicator"])
    new = changes.loc[("2025-Q3", "new")]
    assert (new["value"], new["previous"], new["change_previous"]) == (q3["new"], q2["new"], q3["new"] - q2["new"])
    assert new["last_year"] != new["last_year"]  # 2024-Q3: before the exports, no figure


def test_a_year_is_counted_on_its_own(tmp_path):
    by_year = trends.city_trends("bach-long-vi", "2025", "2025", str(SAMPLE), step="year")
    every, _, _ = count_rows(list(sample_dossiers("bach-long-vi")), date(2024, 12, 15), date(2025, 12, 14))
    assert by_year.periods == ["2025"]
    assert by_year.history.set_index("period").loc["2025", "new"] == every["new"]


def test_the_words_and_the_seasonal_profile_follow_the_step(by_quarter):
    assert trend_tables.months_text(by_quarter) == "5 quý có số liệu"
    assert trend_tables.month_caption(by_quarter) == "Số liệu quý I năm 2026."
    table = trend_tables.seasonal_table(
        trends.seasonal_profile(by_quarter.fields), trends.years_per_month(by_quarter.fields)
    )
    # Quarter I twice (2025, 2026), the others once.
    assert list(table.columns) == ["Quý I (2 năm)", "Quý II (1 năm)", "Quý III (1 năm)", "Quý IV (1 năm)"]


def test_a_span_without_a_whole_quarter_is_refused_naming_it():
    with pytest.raises(InputError, match="không có quý trọn vẹn nào từ tháng 02 năm 2025 đến tháng 04 năm 2025"):
        trends.trend_window("2025-02", "2025-04", "quarter")


@pytest.mark.e2e
def test_tthc_trends_by_quarter_names_its_report_by_its_quarters(tmp_path):
    done = run_cli(
        "trends", "--communes", "bach-long-vi", "--from", "2025-Q1", "--to", "2026-Q1", "--step", "quarter",
        "--data", str(SAMPLE), "--out", str(tmp_path),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = tmp_path / "trends" / "xu-huong-bach-long-vi-2025-Q1-2026-Q1.html"
    text = page.read_text(encoding="utf-8")
    assert "Xu hướng cải cách TTHC từ quý I năm 2025 đến quý I năm 2026" in text
    assert "Quý I (2 năm)" in text and "5 quý có số liệu" in text
