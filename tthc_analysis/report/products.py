"""The products of one run (commune × period) and where they go: ``<out>/<commune>/<period>/``.

Every product is written atomically (:mod:`tthc_analysis.core.atomic`).
"""

from __future__ import annotations

from pathlib import Path

from ..core.atomic import write_json
from ..indicators.drilldown import Drilldown
from ..indicators.results import Indicators
from ..inputs.dataroot import Commune
from .detail_workbook import write_detail_xlsx
from .formal import write_docx
from .paths import ProductPaths
from .workbook import write_bieu06a_xlsx


def write_indicator_products(
    indicators: Indicators, commune: Commune | None, paths: ProductPaths, *, comparisons: dict | None = None
) -> list[Path]:
    """indicators.json (with the source of each comparison, when given) and the Biểu 06a workbook;
    return the paths written."""
    reporting = f"UBND {commune.full_name}" if commune else ""
    receiving = f"UBND {commune.city}" if commune and commune.city else ""
    figures = indicators.to_dict()
    if comparisons is not None:
        figures["comparisons"] = comparisons
    return [
        write_json(paths.indicators_json, figures),
        write_bieu06a_xlsx(indicators, paths.bieu06a_xlsx, reporting_unit=reporting, receiving_unit=receiving),
    ]


def write_formal_report(
    indicators: Indicators, commune: Commune, paths: ProductPaths, *, template: str | Path | None = None
) -> list[Path]:
    """The formal .docx, in the default layout or from the commune's Word ``template``
    (report/template.py); return the paths written (the PDF is ``tthc report --pdf``'s job)."""
    if template is not None:
        from .template import render_template

        return [render_template(template, indicators, commune, paths.report_docx)]
    return [write_docx(indicators, commune, paths.report_docx)]


def write_detail_workbook(drilldown: Drilldown, commune: Commune, paths: ProductPaths) -> list[Path]:
    """The drill-down lists (danh sách hồ sơ chi tiết, .xlsx); a note sheet when there are none."""
    return [write_detail_xlsx(drilldown, paths.detail_xlsx, unit_name=commune.full_name)]
