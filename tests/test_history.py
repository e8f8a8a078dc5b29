"""A report's history (12 months, one row a month) is counted without the detail no row shows —
Biểu 06a by field, units, QĐ 766, checks — and must be the same rows as full indicators give."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import HAND_ROWS, HEADERS_VN, SAMPLE, write_csv, write_root

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.commune import load_commune
from tthc_analysis.indicators.history import (
    field_rows,
    indicator_history,
    indicator_row,
    last_months,
    period_indicators,
)


def full_rows(data, periods) -> pd.DataFrame:
    """The history as it was built before: a row from each period's whole indicators."""
    return pd.DataFrame([indicator_row(ind) for ind in period_indicators(data, periods, detail=True)]).set_index(
        "period"
    )


@pytest.mark.parametrize("commune", ["hung-thang", "vinh-bao", "bach-long-vi", "cat-hai"])
def test_the_history_is_the_rows_of_full_indicators(commune):
    data = load_commune(SAMPLE, commune)
    periods = last_months(parse_period("2026-02"), 15)
    history = indicator_history(data, periods)
    assert len(history) >= 12
    pd.testing.assert_frame_equal(history, full_rows(data, periods))


def test_the_history_of_the_hand_rows(tmp_path):
    root = write_root(tmp_path, ("thu", "Thử", "xã"))
    write_csv(root / "thu" / "dossiers.csv", HEADERS_VN, HAND_ROWS)
    data = load_commune(root, "thu")
    periods = last_months(parse_period("2026-02"), 3)
    history = indicator_history(data, periods)
    pd.testing.assert_frame_equal(history, full_rows(data, periods))
    # By hand (tests/conftest.py): February takes 13 dossiers, 3 carried over, 6 + 4 new;
    # January (15/12/2025 – 14/01/2026): F, I and J received in it, and O (received 01/12/2025,
    # finished with no date) carried over: 4 = 1 + 3.
    assert history.loc["2026-02", ["total", "carried_over", "new"]].tolist() == [13, 3, 10]
    assert history.loc["2026-01", ["total", "carried_over", "new"]].tolist() == [4, 1, 3]


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
