"""The batch's index page, ``<out>/<period>/index.html``: every commune, its state, key figures and link."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.atomic import write_text
from ..core.periods import parse_period
from ..inputs.dataroot import DataRoot
from ..report.index_page import IndexEntry, index_page
from ..report.paths import ProductPaths, period_part
from .executors import RunResult
from .notebook import failure_text

if TYPE_CHECKING:
    from .batch import BatchResult


def _figures(paths: ProductPaths) -> dict | None:
    try:
        return json.loads(paths.indicators_json.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def write_index(
    out_dir: str | Path,
    period_id: str,
    results: list[RunResult],
    root: DataRoot,
    batch: BatchResult,
    city: Path | None = None,
) -> Path:
    """``<out>/<period>/index.html``: every commune, its status, key figures and report link,
    and the city's consolidated page. A commune ``batch`` did not run keeps the link to its
    earlier report when that is whole (``batch.kept``), else it has not run yet."""
    out_dir, communes, entries = Path(out_dir), root.communes(), []
    folder = out_dir / period_part(period_id)

    def link(path: Path) -> str:  # a URL: "/" on Windows too
        return Path(os.path.relpath(path, folder)).as_posix()

    for result in results:
        commune, paths = communes.get(result.commune), ProductPaths.for_run(out_dir, result.commune, period_id)
        state, earlier = batch.standing(result), not batch.ran_now(result.commune)
        linked = state in ("ok", "reused") or (earlier and result.commune in batch.kept)
        entries.append(
            IndexEntry(
                name=commune.full_name if commune else result.commune,
                link=link(paths.report_html) if linked else None,
                figures=_figures(paths) if linked else None,
                error=failure_text(result.error, result.status == "pending") if state == "failed" else None,
                earlier=earlier,
            )
        )
    city_link = None if city is None else link(city)
    return write_text(folder / "index.html", index_page(parse_period(period_id), entries, city_link))
