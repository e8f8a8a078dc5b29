"""The products of one run (commune × period) and where they go: ``<out>/<commune>/<period>/``.

Every product is written atomically (:mod:`tthc_analysis.core.atomic`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.atomic import write_json
from ..indicators.results import Indicators
from ..inputs.dataroot import Commune, validate_commune_id
from .formal import write_docx
from .workbook import write_bieu06a_xlsx


@dataclass(frozen=True)
class ProductPaths:
    """Where the products of one commune and period go."""

    folder: Path
    commune_id: str
    period_id: str

    @classmethod
    def for_run(cls, out_dir: str | Path, commune_id: str, period_id: str) -> ProductPaths:
        # Both ids are validated before they become path parts: nothing escapes out_dir.
        validate_commune_id(commune_id)
        return cls(Path(out_dir) / commune_id / period_id, commune_id, period_id)

    @property
    def indicators_json(self) -> Path:
        return self.folder / "indicators.json"

    @property
    def bieu06a_xlsx(self) -> Path:
        return self.folder / f"bieu-06a-{self.commune_id}-{self.period_id}.xlsx"

    @property
    def report_docx(self) -> Path:
        """The formal report, named so a person knows what it is."""
        return self.folder / f"bao-cao-cctthc-{self.commune_id}-{self.period_id}.docx"

    @property
    def report_pdf(self) -> Path:
        return self.report_docx.with_suffix(".pdf")

    @property
    def notebook(self) -> Path:
        """The executed notebook."""
        return self.folder / f"bao-cao-{self.commune_id}-{self.period_id}.ipynb"

    @property
    def failed_notebook(self) -> Path:
        """The executed notebook of a failed run, kept with its error for debugging."""
        return self.folder / f"bao-cao-{self.commune_id}-{self.period_id}-loi.ipynb"

    @property
    def kernel_log(self) -> Path:
        """What the kernel printed (kept only when a run fails)."""
        return self.folder / f"bao-cao-{self.commune_id}-{self.period_id}.kernel.log"

    @property
    def report_html(self) -> Path:
        """The shareable HTML report."""
        return self.folder / f"bao-cao-{self.commune_id}-{self.period_id}.html"

    def products(self) -> list[Path]:
        """Every product of a successful run, in the order a person reads them."""
        return [self.notebook, self.report_html, self.indicators_json, self.bieu06a_xlsx, self.report_docx]


def write_indicator_products(indicators: Indicators, commune: Commune | None, paths: ProductPaths) -> list[Path]:
    """indicators.json and the Biểu 06a workbook; return the paths written."""
    reporting = f"UBND {commune.full_name}" if commune else ""
    receiving = f"UBND {commune.city}" if commune and commune.city else ""
    return [
        write_json(paths.indicators_json, indicators.to_dict()),
        write_bieu06a_xlsx(indicators, paths.bieu06a_xlsx, reporting_unit=reporting, receiving_unit=receiving),
    ]


def write_formal_report(indicators: Indicators, commune: Commune, paths: ProductPaths) -> list[Path]:
    """The formal .docx; return the paths written (the PDF is ``tthc report --pdf``'s job)."""
    return [write_docx(indicators, commune, paths.report_docx)]
