"""The trends page's tables as shown (report/trend_tables.py), from frames written by hand."""

from __future__ import annotations

import pandas as pd

from tthc_analysis.core.labels import FIGURES, RATE_LONG
from tthc_analysis.core.periods import parse_period
from tthc_analysis.report.trend_tables import changes_table

NAN = float("nan")


def _row(commune, name, indicator, value, previous, last_year):
    return {
        "period": "2026-03",
        "commune": commune,
        "commune_name": name,
        "indicator": indicator,
        "value": value,
        "previous": previous,
        "change_previous": value - previous,
        "last_year": last_year,
        "change_last_year": value - last_year,
    }


def test_changes_keep_the_units_in_the_order_chosen_and_the_indicators_in_theirs():
    changes = pd.DataFrame(
        [
            _row("xa-z", "xã Z", "rate_on_time", 95.0, 90.0, 97.5),
            _row("xa-z", "xã Z", "new", 120, 100, 150),
            _row("xa-a", "xã A", "new", 7, 9, 7),
            {**_row("xa-a", "xã A", "new", 7, 9, 7), "period": "2026-02"},  # another month: not shown
        ]
    )
    table = changes_table(changes, parse_period("2026-03"))
    # Xã Z was chosen first: it comes first, not sorted by name; its new dossiers before its rate.
    assert table.index.tolist() == [
        ("xã Z", FIGURES["new"]),
        ("xã Z", RATE_LONG["on_time"]),
        ("xã A", FIGURES["new"]),
    ]
    assert list(table.columns) == [
        "tháng 03 năm 2026",
        "tháng 02 năm 2026",
        "So với kỳ trước",
        "tháng 03 năm 2025",
        "So với cùng kỳ năm trước",
    ]
    # 120 against 100 (+20) and 150 (−30); 95 % against 90 % (+5 points) and 97,5 % (−2,5 points).
    assert table.iloc[0].tolist() == ["120", "100", "+20", "150", "-30"]
    assert table.iloc[1].tolist() == ["95%", "90%", "+5 điểm %", "97,5%", "-2,5 điểm %"]
    assert table.iloc[2].tolist() == ["7", "9", "-2", "7", "không đổi"]
