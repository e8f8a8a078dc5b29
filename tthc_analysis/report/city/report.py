"""The city's consolidated products of a period, in ``<out>/<period>/`` (docs/city.md):
the HTML page, the .docx for the centre, Biểu 06a with a row per commune, and city.json.

Every product is written atomically; the page links each commune's own report when it
has been written (``tthc batch``) and the batch's index page links the city page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from ...core.atomic import atomic_path, write_json, write_text
from ...indicators.checks import check_identities
from ...indicators.city import CityIndicators
from ...inputs.dataroot import Centre
from ..paths import CityPaths
from ..workbook import COMMUNE_ROWS, write_bieu06a_rows
from .formal import write_city_docx
from .page import city_page


def write_city_products(
    city: CityIndicators,
    centre: Centre,
    out_dir: str | Path,
    extra_sections: Sequence[str] = (),
    stamp: str | None = None,
    linkable: set[str] | None = None,
) -> list[Path]:
    """Write the four products as one set; return their paths in reading order.

    Each is written to a temporary file first and all are renamed into place only when every
    one was written: a failure leaves the earlier set whole. ``stamp`` is what the set was made
    from (``tthc batch`` keeps a set whose stamp has not changed); without it any earlier stamp
    is removed, so a batch never mistakes this set for its own. ``linkable`` limits the
    communes whose reports the page links (a batch: those whose run succeeded).
    """
    paths = CityPaths.for_period(out_dir, city.period.id)
    paths.folder.mkdir(parents=True, exist_ok=True)

    def link(commune_id: str) -> str | None:
        """A commune's report, when it exists (and, in a batch, when its run succeeded)."""
        address = paths.commune_report(commune_id)
        allowed = linkable is None or commune_id in linkable
        return address if allowed and (paths.folder / address).exists() else None

    page = city_page(city, centre, link, extra_sections)
    rows = [(r.commune.full_name, r.indicators.counts) for r in city.with_data]
    # Each commune's row is marked by its own findings; the total row by the city's own sums.
    marks = {i: r.indicators.findings for i, r in enumerate(city.with_data)} | {None: check_identities(city.total)}
    paths.stamp.unlink(missing_ok=True)
    with contextlib.ExitStack() as stack:
        temp = {p: stack.enter_context(atomic_path(p)) for p in paths.products()}
        write_text(temp[paths.page_html], page)
        write_city_docx(city, centre, temp[paths.report_docx])
        write_bieu06a_rows(
            city.period,
            rows,
            city.total,
            temp[paths.bieu06a_xlsx],
            reporting_unit=centre.name,
            receiving_unit=f"UBND {city.city}" if city.city else "",
            row_title=COMMUNE_ROWS,
            note=_workbook_note(city),
            findings=marks,
        )
        write_json(temp[paths.city_json], city.to_dict())
    if stamp is not None:
        write_text(paths.stamp, stamp)
    return paths.products()


def _workbook_note(city: CityIndicators) -> str | None:
    notes = []
    # "(không có dữ liệu hồ sơ)" only for a commune that has none for the period (no computed figures).
    published = [
        r.commune.full_name + (" (không có dữ liệu hồ sơ)" if r.indicators.computed is None else "")
        for r in city.with_data
        if r.indicators.source == "summary"
    ]
    if published:
        notes.append(f"Số liệu đã công bố: {', '.join(published)}.")
    if city.no_data:
        notes.append(f"Chưa có số liệu: {', '.join(r.commune.full_name for r in city.no_data)}.")
    return ("Ghi chú: " + " ".join(notes)) if notes else None
