"""Where products go: a report (commune × period) under ``<out>/<commune>/<period>/``, trends under ``<out>/trends/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.periods import parse_period
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
    def detail_xlsx(self) -> Path:
        """The drill-down lists (danh sách hồ sơ chi tiết), one sheet per list."""
        return self.folder / detail_xlsx_name(self.commune_id, self.period_id)

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
        return [
            self.notebook,
            self.report_html,
            self.indicators_json,
            self.bieu06a_xlsx,
            self.detail_xlsx,
            self.report_docx,
        ]


def detail_xlsx_name(commune_id: str, period_id: str) -> str:
    """ "ho-so-chi-tiet-hung-thang-2026-02.xlsx": the drill-down workbook, as the HTML report names it."""
    return f"ho-so-chi-tiet-{commune_id}-{period_id}.xlsx"


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

    @property
    def stamp(self) -> Path:
        """What the batch's set of products was made from (run/fingerprint.py)."""
        return self.folder / ".city-fingerprint"

    def products(self) -> list[Path]:
        """The four products, in the order a person reads them."""
        return [self.page_html, self.report_docx, self.bieu06a_xlsx, self.city_json]

    def commune_report(self, commune_id: str) -> str:
        """A commune's HTML report, relative to the city page."""
        return (
            f"../{commune_id}/{self.period_id}/" + ProductPaths.for_run("", commune_id, self.period_id).report_html.name
        )


@dataclass(frozen=True)
class TrendsPaths:
    """Where the trends report of a run of months goes: ``<out>/trends/xu-huong-<first>-<last>.*``.

    The names depend on the months only: a later run over the same months, with other
    communes, replaces the earlier report.
    """

    folder: Path
    first: str
    last: str

    @classmethod
    def for_run(cls, out_dir: str | Path, first: str, last: str) -> TrendsPaths:
        # Both become path parts: only period ids that parse ("2025-01") get this far.
        return cls(Path(out_dir) / "trends", parse_period(first).id, parse_period(last).id)

    @property
    def stem(self) -> str:
        return f"xu-huong-{self.first}-{self.last}"

    @property
    def notebook(self) -> Path:
        """The executed trends notebook."""
        return self.folder / f"{self.stem}.ipynb"

    @property
    def failed_notebook(self) -> Path:
        """The executed notebook of a failed run, kept with its error for debugging."""
        return self.folder / f"{self.stem}-loi.ipynb"

    @property
    def report_html(self) -> Path:
        """The shareable HTML trends report."""
        return self.folder / f"{self.stem}.html"

    def products(self) -> list[Path]:
        """Every product of a successful run, in the order a person reads them."""
        return [self.notebook, self.report_html]
