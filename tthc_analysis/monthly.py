"""One commune's report for one period, as the monthly notebook shows it.

:func:`build_monthly_report` gathers everything the notebook displays: the indicators
(published or computed), the same from the previous period and the same period last
year, a 12-period history for the charts, and the narrative. The tables here are
ready to display, with Vietnamese labels and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import vnformat as fmt
from .dataset import REPOSITORY, Commune, resolve_data_root, validate_commune_id
from .errors import InputError
from .history import RATE_LABELS, indicator_history, last_months
from .indicators import BIEU06A_KEYS, Indicators
from .narrative import Block, report_blocks, subject
from .periods import Period, parse_period
from .pipeline import CommuneData, commune_indicators, load_commune
from .products import ProductPaths, write_formal_report, write_indicator_products

DEFAULT_OUT_DIR = REPOSITORY / "outputs"
BIEU06A_LABELS = {
    "total": "(3) Tổng số",
    "online": "(4) Trực tuyến",
    "direct_postal": "(5) Trực tiếp, bưu chính",
    "carried_over": "(6) Từ kỳ trước",
    "resolved": "(7) Đã giải quyết",
    "resolved_early": "(8) Trước hạn",
    "resolved_on_time": "(9) Đúng hạn",
    "resolved_late": "(10) Quá hạn",
    "in_progress": "(11) Đang giải quyết",
    "in_progress_on_time": "(12) Trong hạn",
    "in_progress_overdue": "(13) Quá hạn",
}


@dataclass
class MonthlyReport:
    """Everything the monthly report shows for one commune and period."""

    commune: Commune
    period: Period
    indicators: Indicators
    previous: Indicators | None
    last_year: Indicators | None
    history: pd.DataFrame
    blocks: list[Block]
    data: CommuneData

    @property
    def title(self) -> str:
        """"Báo cáo cải cách TTHC tháng 02 năm 2026 – xã Hùng Thắng"."""
        return f"Báo cáo cải cách TTHC {self.period.name} – {self.commune.full_name}"

    @property
    def subject(self) -> str:
        return subject(self.period)


def _other_period(data: CommuneData, period: Period) -> Indicators | None:
    """Indicators of another period for comparison, or None when nothing covers it."""
    try:
        indicators = commune_indicators(data.root, data.commune.id, period, data=data)
    except InputError:
        return None
    return indicators if indicators.counts.total else None


def build_monthly_report(commune: str, period: str | Period, data_dir: str | Path | None = None,
                         history_periods: int = 12) -> MonthlyReport:
    """Load a commune once and build its report for ``period`` (an id such as "2026-02")."""
    validate_commune_id(commune)
    period = parse_period(period) if isinstance(period, str) else period
    data = load_commune(resolve_data_root(data_dir), commune)
    indicators = commune_indicators(data.root, commune, period, data=data)
    period = indicators.period  # counted from the establishment day when the unit started later
    return MonthlyReport(
        commune=data.commune,
        period=period,
        indicators=indicators,
        previous=_other_period(data, period.previous()),
        last_year=_other_period(data, period.same_period_last_year()),
        history=indicator_history(data, last_months(period, history_periods)),
        blocks=report_blocks(indicators, data.commune),
        data=data,
    )


# --------------------------------------------------------------------------- tables


def _key_values(ind: Indicators | None) -> dict[str, float | None]:
    if ind is None:
        return {}
    c = ind.counts
    values: dict[str, float | None] = {
        "Tổng số hồ sơ nhận giải quyết": c.total,
        "Kỳ trước chuyển sang": c.carried_over,
        "Tiếp nhận mới": c.new,
        "Đã giải quyết": c.resolved,
        "Giải quyết đúng hạn": ind.resolved_in_time,
        "Đang giải quyết": c.in_progress,
        "Quá hạn (đã và đang giải quyết)": c.overdue,
    }
    for name, label in RATE_LABELS.items():
        rate = ind.rates.get(name)
        values[f"Tỷ lệ {label.lower()}"] = None if rate is None else rate.percent
    return values


def _change(now: float | None, before: float | None, percent: bool) -> str:
    if now is None or before is None:
        return "–"
    delta = now - before
    if percent:
        return f"{'+' if delta > 0 else ''}{fmt.number(round(delta, 1))} điểm %" if delta else "không đổi"
    return f"{'+' if delta > 0 else ''}{fmt.number(delta)}" if delta else "không đổi"


def key_figures_table(report: MonthlyReport) -> pd.DataFrame:
    """Key figures with the change against the previous period and the same period last year."""
    now, before, year = (_key_values(x) for x in (report.indicators, report.previous, report.last_year))
    rows = []
    for label, value in now.items():
        percent = label.startswith("Tỷ lệ")
        show = (lambda v: fmt.percent(v)) if percent else (lambda v: fmt.number(v))
        rows.append({
            "Chỉ tiêu": label,
            "Kỳ này": fmt.NOT_AVAILABLE if value is None else show(value),
            "Kỳ trước": "–" if before.get(label) is None else show(before[label]),
            "So với kỳ trước": _change(value, before.get(label), percent),
            "Cùng kỳ năm trước": "–" if year.get(label) is None else show(year[label]),
            "So với cùng kỳ": _change(value, year.get(label), percent),
        })
    table = pd.DataFrame(rows).set_index("Chỉ tiêu")
    table.columns = [
        f"{report.period.name}",
        f"{report.period.previous().name}",
        "So với kỳ trước",
        f"{report.period.same_period_last_year().name}",
        "So với cùng kỳ năm trước",
    ]
    return table


def bieu06a_table(ind: Indicators) -> pd.DataFrame:
    """Biểu 06a as a table: a row per field and the total row, the form's numbered columns."""
    rows = [{"Lĩnh vực": r.field_name, **{BIEU06A_LABELS[k]: getattr(r.counts, k) for k in BIEU06A_KEYS}}
            for r in ind.bieu06a.rows]
    rows.append({"Lĩnh vực": "Tổng cộng", **{BIEU06A_LABELS[k]: getattr(ind.counts, k) for k in BIEU06A_KEYS}})
    table = pd.DataFrame(rows).set_index("Lĩnh vực")
    return table.map(lambda v: fmt.NOT_AVAILABLE if v is None or pd.isna(v) else fmt.number(int(v)))


def reconciliation_table(ind: Indicators) -> pd.DataFrame | None:
    """Published figures beside the dossier data, or None when there is nothing to set beside."""
    if not ind.reconciliation:
        return None
    return pd.DataFrame([
        {"Chỉ tiêu": i.label, "Đã công bố": fmt.number(i.published),
         "Tính từ dữ liệu hồ sơ": "–" if i.computed is None else fmt.number(i.computed),
         "Chênh lệch": "" if i.matches or i.difference is None else f"{i.difference:+g}".replace(".", ",")}
        for i in ind.reconciliation
    ]).set_index("Chỉ tiêu")


# --------------------------------------------------------------------------- products


def write_products(report: MonthlyReport, out_dir: str | Path | None = None, *, pdf: bool = False) -> list[Path]:
    """indicators.json, Biểu 06a (.xlsx) and the formal report (.docx) under ``out_dir``."""
    paths = ProductPaths.for_run(out_dir or DEFAULT_OUT_DIR, report.commune.id, report.period.id)
    written = write_indicator_products(report.indicators, report.commune, paths)
    return written + write_formal_report(report.indicators, report.commune, paths, pdf=pdf)
