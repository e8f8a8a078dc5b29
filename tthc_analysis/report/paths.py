"""Where the products of one run (commune × period) go: ``<out>/<commune>/<period>/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..inputs.dataroot import validate_commune_id


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
    def report_html(self) -> Path:
        """The shareable HTML report."""
        return self.folder / f"bao-cao-{self.commune_id}-{self.period_id}.html"

    def products(self) -> list[Path]:
        """Every product of a successful run, in the order a person reads them."""
        return [self.notebook, self.report_html, self.indicators_json, self.bieu06a_xlsx, self.report_docx]


@dataclass(frozen=True)
class CityPaths:
    """Where the city's consolidated report of a period goes: ``<out>/<period>/``, beside the
    batch's index page."""

    folder: Path
    period_id: str

    @classmethod
    def for_period(cls, out_dir: str | Path, period_id: str) -> CityPaths:
        return cls(Path(out_dir) / period_id, period_id)

    @property
    def city_json(self) -> Path:
        return self.folder / "city.json"

    @property
    def page_html(self) -> Path:
        return self.folder / f"tong-hop-{self.period_id}.html"

    @property
    def bieu06a_xlsx(self) -> Path:
        return self.folder / f"bieu-06a-tong-hop-{self.period_id}.xlsx"

    @property
    def report_docx(self) -> Path:
        return self.folder / f"bao-cao-tong-hop-{self.period_id}.docx"

    def products(self) -> list[Path]:
        """The four products, in the order a person reads them."""
        return [self.page_html, self.report_docx, self.bieu06a_xlsx, self.city_json]

    def commune_report(self, commune_id: str) -> str:
        """A commune's HTML report, relative to the city page."""
        return (
            f"../{commune_id}/{self.period_id}/" + ProductPaths.for_run("", commune_id, self.period_id).report_html.name
        )
