"""Comparing communes and following indicators over time (the trends notebook).

:func:`city_history` gives one row per commune and period from the dossier exports;
:func:`compare_communes` a table of one period across communes; :func:`outliers` flags
a commune whose share of overdue dossiers jumped against its own usual level.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.errors import InputError
from ..core.labels import FIGURES, RATE_LONG
from ..core.periods import month_range
from ..inputs.dataroot import resolve_data_root, validate_commune_id
from .commune import load_commune
from .history import indicator_history

COMPARE_COLUMNS = {
    "total": FIGURES["total"],
    "new": FIGURES["new"],
    "overdue": FIGURES["overdue"],
    "overdue_share": f"{FIGURES['overdue_share']} (%)",
    **{
        f"rate_{name}": f"{RATE_LONG[name]} (%)"
        for name in ("on_time", "online", "online_payment", "digitisation", "e_result", "reuse")
    },
}


def parse_communes(value: str | list[str], available: list[str]) -> list[str]:
    """ "all" or a comma-separated list of commune ids, checked against communes.yaml."""
    if isinstance(value, str):
        wanted = (
            available if value.strip().lower() in ("", "all") else [v.strip() for v in value.split(",") if v.strip()]
        )
    else:
        wanted = list(value)
    for commune in wanted:
        validate_commune_id(commune)
        if commune not in available:
            raise InputError(f"không có xã/phường '{commune}' trong communes.yaml; có: {', '.join(available)}")
    return wanted


def city_history(
    communes: str | list[str] = "all", first: str = "2025-03", last: str = "2026-02", data_dir: str | Path | None = None
) -> pd.DataFrame:
    """Indicators of every chosen commune and month from ``first`` to ``last`` (long format)."""
    root = resolve_data_root(data_dir)
    chosen = parse_communes(communes, list(root.communes()))
    periods = month_range(first, last)
    frames = []
    for commune_id in chosen:
        data = load_commune(root, commune_id)
        history = indicator_history(data, periods)
        if history.empty:
            continue
        history = history.reset_index()
        history.insert(0, "commune", commune_id)
        history.insert(1, "commune_name", data.commune.full_name)
        frames.append(history)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def compare_communes(history: pd.DataFrame, period: str) -> pd.DataFrame:
    """One period across communes, indexed by commune name, with Vietnamese column names."""
    rows = history[history["period"] == period].set_index("commune_name")
    table = rows[list(COMPARE_COLUMNS)].rename(columns=COMPARE_COLUMNS)
    return table.astype(float).round(1)


def pivot(history: pd.DataFrame, column: str) -> pd.DataFrame:
    """Periods down, communes across, for one indicator."""
    return history.pivot(index="period", columns="commune_name", values=column).astype(float)


def outliers(history: pd.DataFrame, column: str = "overdue_share", min_jump: float = 2.0) -> pd.DataFrame:
    """Commune-periods where ``column`` jumped above the commune's usual level.

    Usual level: the commune's median over the window; a jump is at least ``min_jump``
    points and three median absolute deviations above it.
    """
    rows = []
    for name, group in history.groupby("commune_name", sort=False):
        values = group.set_index("period")[column].astype(float).dropna()
        if len(values) < 3:
            continue
        median = values.median()
        spread = (values - median).abs().median()
        threshold = median + max(min_jump, 3 * spread)
        for period, value in values[values > threshold].items():
            rows.append(
                {
                    "Xã, phường, đặc khu": name,
                    "Kỳ": period,
                    "Giá trị": round(value, 1),
                    "Mức thường (trung vị)": round(median, 1),
                    "Vượt": round(value - median, 1),
                }
            )
    return pd.DataFrame(rows, columns=["Xã, phường, đặc khu", "Kỳ", "Giá trị", "Mức thường (trung vị)", "Vượt"])
