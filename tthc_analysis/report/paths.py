"""Where products go: a report (commune × period) under ``<out>/<commune>/<period>/``, the
city's under ``<out>/<period>/``, trends under ``<out>/trends/``.

A period is written in folder and file names by :func:`period_part`: its id, except that a
date range's two days are joined by "-den-" ("2025-07-01-den-2025-10-31"), never by "..".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.periods import parse_period
from ..inputs.dataroot import validate_commune_id

RANGE_JOINER = "-den-"  # "từ ngày … đến ngày …": "2025-07-01-den-2025-10-31"


def period_part(period_id: str) -> str:
    """A period in a folder or file name: "2026-02", "2026-Q1", "2026", and for a date range
    "2025-07-01-den-2025-10-31". The id is parsed: nothing else becomes a path part."""
    period = parse_period(period_id)
    if period.is_range:
        return f"{period.start.isoformat()}{RANGE_JOINER}{period.end.isoformat()}"
    return period.id


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
        return cls(Path(out_dir) / commune_id / period_part(period_id), commune_id, period_id)

    @property
    def stem(self) -> str:
        """ "hung-thang-2026-02": the commune and the period as the names write them."""
        return f"{self.commune_id}-{period_part(self.period_id)}"

    @property
    def indicators_json(self) -> Path:
        return self.folder / "indicators.json"

    @property
    def bieu06a_xlsx(self) -> Path:
        return self.folder / f"bieu-06a-{self.stem}.xlsx"

    @property
    def detail_xlsx(self) -> Path:
        """The drill-down lists (danh sách hồ sơ chi tiết), one sheet per list."""
        return self.folder / detail_xlsx_name(self.commune_id, self.period_id)

    @property
    def report_docx(self) -> Path:
        """The formal report, named so a person knows what it is."""
        return self.folder / f"bao-cao-cctthc-{self.stem}.docx"

    @property
    def report_pdf(self) -> Path:
        return self.report_docx.with_suffix(".pdf")

    @property
    def notebook(self) -> Path:
        """The executed notebook."""
        return self.folder / f"bao-cao-{self.stem}.ipynb"

    @property
    def failed_notebook(self) -> Path:
        """The executed notebook of a failed run, kept with its error for debugging."""
        return self.folder / f"bao-cao-{self.stem}-loi.ipynb"

    @property
    def report_html(self) -> Path:
        """The shareable HTML report."""
        return self.folder / f"bao-cao-{self.stem}.html"

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
    return f"ho-so-chi-tiet-{commune_id}-{period_part(period_id)}.xlsx"


@dataclass(frozen=True)
class CityPaths:
    """Where the city's consolidated report of a period goes: ``<out>/<period>/``, beside the
    batch's index page."""

    folder: Path
    period_id: str

    @classmethod
    def for_period(cls, out_dir: str | Path, period_id: str) -> CityPaths:
        return cls(Path(out_dir) / period_part(period_id), period_id)

    @property
    def city_json(self) -> Path:
        return self.folder / "city.json"

    @property
    def page_html(self) -> Path:
        return self.folder / f"tong-hop-{period_part(self.period_id)}.html"

    @property
    def bieu06a_xlsx(self) -> Path:
        return self.folder / f"bieu-06a-tong-hop-{period_part(self.period_id)}.xlsx"

    @property
    def report_docx(self) -> Path:
        return self.folder / f"bao-cao-tong-hop-{period_part(self.period_id)}.docx"

    @property
    def stamp(self) -> Path:
        """What the batch's set of products was made from (run/fingerprint.py)."""
        return self.folder / ".city-fingerprint"

    def products(self) -> list[Path]:
        """The four products, in the order a person reads them."""
        return [self.page_html, self.report_docx, self.bieu06a_xlsx, self.city_json]

    def commune_report(self, commune_id: str) -> str:
        """A commune's HTML report, relative to the city page."""
        return "../" + ProductPaths.for_run("", commune_id, self.period_id).report_html.as_posix()


ALL_COMMUNES = "tat-ca"  # the trends of every commune of communes.yaml
COMMUNES_PART_MAX = 60  # the longest file name, "xu-huong-<communes>-2025-01-2026-02-loi.ipynb", stays under 100
COMMUNE_JOINER = "_"  # not "-", which is inside ids: {"a-b", "c"} and {"a", "b-c"} get different names


def communes_part(communes: Sequence[str] | str, every: Iterable[str] | None = None) -> str:
    """The communes of a trends report in its file name: "hung-thang_le-chan" (sorted, so the
    same set gets the same name); "tat-ca" for "all" or for every commune of ``every``; a list
    too long for a name keeps the first ids that fit, the number of the others and a digest of
    them all: "an-binh_bach-dang_va-12-don-vi-khac-3f9a1c2b"."""
    if isinstance(communes, str):
        if communes.strip().lower() in ("", "all"):
            return ALL_COMMUNES
        communes = communes.split(",")
    ids = sorted({validate_commune_id(c.strip()) for c in communes if c.strip()})
    if not ids or (every is not None and set(ids) == set(every)):
        return ALL_COMMUNES
    joined = COMMUNE_JOINER.join(ids)
    if len(joined) <= COMMUNES_PART_MAX and joined != ALL_COMMUNES:
        return joined
    digest = hashlib.sha256("\n".join(ids).encode()).hexdigest()[:8]
    kept: list[str] = []
    for commune_id in ids:
        tail = f"{COMMUNE_JOINER}va-{len(ids) - len(kept) - 1}-don-vi-khac-{digest}"
        if len(COMMUNE_JOINER.join([*kept, commune_id]) + tail) > COMMUNES_PART_MAX:
            break
        kept.append(commune_id)
    if not kept:
        return f"{len(ids)}-don-vi-{digest}"
    if len(kept) == len(ids):  # one commune whose id is "tat-ca"
        return f"{joined}{COMMUNE_JOINER}{digest}"
    return COMMUNE_JOINER.join(kept) + f"{COMMUNE_JOINER}va-{len(ids) - len(kept)}-don-vi-khac-{digest}"


@dataclass(frozen=True)
class TrendsPaths:
    """Where the trends report of some communes over a run of months goes:
    ``<out>/trends/xu-huong-<communes>-<first>-<last>.*`` (:func:`communes_part`).

    The names hold the communes and the months: a run over other communes never replaces
    another's report; a later run over the same communes and months does.
    """

    folder: Path
    first: str
    last: str
    communes: str = ALL_COMMUNES

    @classmethod
    def for_run(
        cls,
        out_dir: str | Path,
        first: str,
        last: str,
        communes: Sequence[str] | str,
        *,
        every: Iterable[str] | None = None,
    ) -> TrendsPaths:
        """``communes``: "all" or the ids chosen; ``every``: all the ids of communes.yaml (a
        choice of all of them is "tat-ca" too)."""
        # Every part is checked first: only period ids that parse ("2025-01") and slugs get this far.
        part = communes_part(communes, every)
        return cls(Path(out_dir) / "trends", parse_period(first).id, parse_period(last).id, part)

    @property
    def stem(self) -> str:
        return f"xu-huong-{self.communes}-{self.first}-{self.last}"

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
