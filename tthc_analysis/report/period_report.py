"""One commune's report for one period, as the report notebook shows it.

:func:`build_period_report` gathers everything the notebook displays: the indicators
(published or computed), the same from the previous period and the same period last
year, a 12-period history for the charts, the narrative and the drill-down lists (the
dossiers behind the counts); :func:`write_products` writes indicators.json, the Biểu 06a
workbook, the drill-down workbook and the formal .docx.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.periods import Period, parse_period
from ..indicators.commune import (
    CommuneData,
    commune_indicators,
    comparison_sources,
    indicators_if_any,
    load_commune,
)
from ..indicators.drilldown import Drilldown, dossier_lists
from ..indicators.history import indicator_history, last_months
from ..indicators.results import Indicators
from ..inputs.dataroot import REPOSITORY, Commune, resolve_data_root, validate_commune_id
from .blocks import Block
from .narrative import report_blocks, subject
from .products import ProductPaths, write_detail_workbook, write_formal_report, write_indicator_products

DEFAULT_OUT_DIR = REPOSITORY / "outputs"


@dataclass(frozen=True)
class PeriodReport:
    """Everything the report shows for one commune and period."""

    commune: Commune
    period: Period
    indicators: Indicators
    previous: Indicators | None
    last_year: Indicators | None
    history: pd.DataFrame
    blocks: list[Block]
    data: CommuneData
    drilldown: Drilldown  # the dossiers behind the counts computed from dossier data (none: summary only)

    @property
    def title(self) -> str:
        """ "Báo cáo cải cách TTHC tháng 02 năm 2026 – xã Hùng Thắng"."""
        return f"Báo cáo cải cách TTHC {self.period.name} – {self.commune.full_name}"

    @property
    def subject(self) -> str:
        return subject(self.period)


def _drilldown(data: CommuneData, indicators: Indicators) -> Drilldown:
    """The lists explain figures computed from dossier data: none when only published figures cover
    the period; only part of each column when the exports cannot show what was carried over."""
    counted = indicators if indicators.source == "dossiers" else indicators.computed
    if counted is None:
        return dossier_lists(None, indicators.period)
    return dossier_lists(data.dossiers, indicators.period, complete=counted.counts.carried_over is not None)


def build_period_report(
    commune: str,
    period: str | int | Period,
    data_dir: str | Path | None = None,
    history_periods: int = 12,
    source: str = "auto",
) -> PeriodReport:
    """Load a commune once and build its report for ``period`` (an id such as "2026-02"; a year
    may come as a number, as papermill passes ``-p period 2025``) from ``source`` ("auto",
    "dossiers" or "published": docs/published-figures.md#the-source-of-a-report)."""
    validate_commune_id(commune)
    period = period if isinstance(period, Period) else parse_period(str(period))
    data = load_commune(resolve_data_root(data_dir), commune)
    indicators = commune_indicators(data.root, commune, period, data=data, source=source)
    period = indicators.period  # counted from the establishment day when the unit started later
    return PeriodReport(
        commune=data.commune,
        period=period,
        indicators=indicators,
        previous=indicators_if_any(data, period.previous(), source),
        last_year=indicators_if_any(data, period.same_period_last_year(), source),
        history=indicator_history(data, last_months(period, history_periods)),
        blocks=report_blocks(indicators, data.commune),
        data=data,
        drilldown=_drilldown(data, indicators),
    )


def write_products(
    report: PeriodReport, out_dir: str | Path | None = None, *, template: str | Path | None = None
) -> list[Path]:
    """indicators.json, Biểu 06a (.xlsx), the drill-down lists (.xlsx) and the formal report (.docx) under
    ``out_dir``; the .docx from ``template`` (a Word template), else the commune's ``template:``, else
    the default layout."""
    paths = ProductPaths.for_run(out_dir or DEFAULT_OUT_DIR, report.commune.id, report.period.id)
    comparisons = comparison_sources(
        report.indicators, previous=report.previous, same_period_last_year=report.last_year
    )
    written = write_indicator_products(report.indicators, report.commune, paths, comparisons=comparisons)
    written += write_detail_workbook(report.drilldown, report.commune, paths)
    template = template or report.data.root.template_file(report.commune.id)
    return written + write_formal_report(report.indicators, report.commune, paths, template=template)
