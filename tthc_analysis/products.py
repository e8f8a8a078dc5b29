"""The products of one run (DESIGN §7), written atomically under ``<out>/<commune>/<period>/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .atomic import write_json
from .formal import write_docx
from .dataset import Commune, validate_commune_id
from .indicators import Indicators
from .workbook import write_bieu06a_xlsx


@dataclass(frozen=True)
class ProductPaths:
    """Where the products of one commune and period go."""

    folder: Path
    commune_id: str
    period_id: str

    @classmethod
    def for_run(cls, out_dir: str | Path, commune_id: str, period_id: str) -> "ProductPaths":
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


def write_indicator_products(indicators: Indicators, commune: Commune | None, paths: ProductPaths) -> list[Path]:
    """indicators.json and the Biểu 06a workbook; return the paths written."""
    reporting = f"UBND {commune.full_name}" if commune else ""
    receiving = f"UBND {commune.city}" if commune and commune.city else ""
    return [
        write_json(paths.indicators_json, indicators.to_dict()),
        write_bieu06a_xlsx(indicators, paths.bieu06a_xlsx, reporting_unit=reporting, receiving_unit=receiving),
    ]


def write_formal_report(indicators: Indicators, commune: Commune, paths: ProductPaths, *, pdf: bool = False) -> list[Path]:
    """The formal .docx (and with ``pdf`` its PDF through LibreOffice); return the paths written."""
    written = [write_docx(indicators, commune, paths.report_docx)]
    if pdf:
        from .pdf import docx_to_pdf

        written.append(docx_to_pdf(paths.report_docx, paths.report_pdf))
    return written
