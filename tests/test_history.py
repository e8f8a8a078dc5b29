"""A report's history (one row a month) is counted without the detail no row shows — Biểu 06a
by field, units, QĐ 766, checks. Its rows must be each month's count of the exports as
tests/reference_count.py makes it, independently of the package, and the hand-worked values."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
from conftest import EXPECTED_2026_02, HAND_ROWS, HEADERS_VN, SAMPLE, write_csv, write_root
from reference_count import BIEU06A, Dossier, count_rows, export_span, month_days, sample_dossiers, shown_figures

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import load_commune
from tthc_analysis.indicators.history import (
    field_rows,
    indicator_history,
    indicator_row,
    last_months,
    period_indicators,
)

# The 15 months up to 2026-02, written out: 12/2024, 01–12/2025, 01–02/2026.
MONTHS = [(2024, 12), *((2025, m) for m in range(1, 13)), (2026, 1), (2026, 2)]
COUNTED = (*BIEU06A, "new", "resolved_in_time", "overdue", "new_direct", "new_online", "new_postal")
CHANNELS = {"new_direct": ("", "1"), "new_online": ("2",), "new_postal": ("3",)}  # an empty cell is direct
# The history's percent columns: 100 · numerator / denominator, none when the denominator is 0 or unknown.
PERCENTS = {
    "rate_on_time": ("resolved_in_time", "resolved"),
    "rate_online": ("new_online", "new"),
    "rate_in_progress": ("in_progress", "total"),
    "overdue_share": ("overdue", "total"),
}


def counted_row(rows, start, end) -> dict[str, int | None]:
    """A history row's counted columns for the period ``start``–``end``, by the independent count."""
    shown = shown_figures(rows, start, end)
    row = {key: shown[key] for key in BIEU06A}
    row.update(new=shown["new"], resolved_in_time=shown["in_time"], overdue=shown["overdue"])
    for column, codes in CHANNELS.items():  # new dossiers by channel: known whatever came before
        row[column] = count_rows([r for r in rows if r.channel in codes], start, end)[0]["new"]
    return row


def history_row(history: pd.DataFrame, period_id: str) -> dict[str, int | None]:
    values = history.loc[period_id]
    return {key: None if pd.isna(values[key]) else int(values[key]) for key in COUNTED}


def check_history(history: pd.DataFrame, rows, months) -> None:
    """Every month the exports reach has a row (docs/counting.md "Periods the exports do not
    reach"), and each row's counts and percents are that month's independent count."""
    first, last = export_span(rows)
    days = {f"{year}-{month:02d}": month_days(year, month) for year, month in months}
    covered = [period_id for period_id, (start, end) in days.items() if first <= end and last >= start]
    assert list(history.index) == covered
    for period_id in covered:
        wanted = counted_row(rows, *days[period_id])
        assert history.loc[period_id, "source"] == "dossiers", period_id
        assert history_row(history, period_id) == wanted, period_id
        for column, (numerator, denominator) in PERCENTS.items():
            a, b = wanted[numerator], wanted[denominator]
            got = history.loc[period_id, column]
            if a is None or not b:
                assert pd.isna(got), (period_id, column, got)
            else:
                assert got == pytest.approx(100 * a / b), (period_id, column)


@pytest.mark.parametrize(
    "commune", ["hung-thang", "vinh-bao", "bach-long-vi", "cat-hai", "le-chan", "hong-bang", "tien-lang"]
)
def test_the_history_is_the_independent_count_of_each_month(commune):
    history = indicator_history(load_commune(SAMPLE, commune), last_months(parse_period("2026-02"), 15))
    assert len(history) >= 12
    check_history(history, sample_dossiers(commune), MONTHS)


def full_rows(data, periods) -> pd.DataFrame:
    """The history as it was built before: a row from each period's whole indicators."""
    return pd.DataFrame([indicator_row(ind) for ind in period_indicators(data, periods, detail=True)]).set_index(
        "period"
    )


def test_the_history_of_the_hand_rows(tmp_path):
    root = write_root(tmp_path, ("thu", "Thử", "xã"))
    write_csv(root / "thu" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    data = load_commune(root, "thu")
    periods = last_months(parse_period("2026-02"), 3)
    history = indicator_history(data, periods)
    # By hand (tests/conftest.py): February takes 13 dossiers, 3 carried over, 6 + 4 new;
    # January (15/12/2025 – 14/01/2026): F, I and J received in it, and O (received 01/12/2025,
    # finished with no date) carried over: 4 = 1 + 3.
    assert history.loc["2026-02", ["total", "carried_over", "new"]].tolist() == [13, 3, 10]
    assert history.loc["2026-01", ["total", "carried_over", "new"]].tolist() == [4, 1, 3]
    assert {k: v for k, v in history_row(history, "2026-02").items() if k in BIEU06A} == EXPECTED_2026_02

    def day(text: str):
        return datetime.strptime(text, "%d/%m/%Y %H:%M" if " " in text else "%d/%m/%Y").date() if text else None

    hand = [Dossier(r[0], r[1], int(r[2]), r[3], "TP", day(r[4]), day(r[5]), day(r[6])) for r in HAND_ROWS]
    check_history(history, hand, [(2025, 12), (2026, 1), (2026, 2)])
    # A second check, of the light path against the full one: the columns no count above covers
    # (the other rates, feedback) must be what the period's whole indicators give.
    pd.testing.assert_frame_equal(history, full_rows(data, periods))


def test_a_history_row_leaves_out_what_it_does_not_show():
    data = load_commune(SAMPLE, "vinh-bao")
    light = data.dossier_indicators(parse_period("2026-02"), detail=False)
    full = data.dossier_indicators(parse_period("2026-02"))
    assert light.counts == full.counts and light.rates == full.rates and light.new_by_channel == full.new_by_channel
    assert light.bieu06a.rows == () and light.units is None and light.qd766 is None and light.findings == ()
    assert full.bieu06a.rows and full.units and full.qd766 is not None
    # What is left out must not read as "none": such indicators are never indicators.json or fields.
    assert light.history_only and not full.history_only
    with pytest.raises(ValueError):
        light.to_dict()
    with pytest.raises(ValueError):
        field_rows(light)
    assert field_rows(full)
