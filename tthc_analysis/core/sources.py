"""Where a report's figures come from (``--source``; docs/published-figures.md#the-source-of-a-report).

- ``auto`` (default): the dossier exports when they cover the period (they reach back before
  its first day, so carried over is known); the published figures when the exports do not;
  the exports as far as they go when nothing was published. When the exports are the source
  and figures were published too, each published figure that differs is a finding.
- ``dossiers``: the exports, whatever was published.
- ``published``: the published figures (summary-<period>.yaml), slips included and flagged.

No pandas here: the batch's own process validates the choice.
"""

from __future__ import annotations

from .errors import InputError

SOURCES = ("auto", "dossiers", "published")
SOURCE_HELP = "Nguồn số liệu: auto (mặc định), dossiers (dữ liệu hồ sơ) hoặc published (số liệu đã công bố)"
# How a product names the source of a period's figures (Indicators.source).
SOURCE_WORDS = {"dossiers": "dữ liệu hồ sơ", "summary": "số liệu đã công bố"}


def validate_source(source: str) -> str:
    """``source`` when it is one of :data:`SOURCES`, else an :class:`InputError` saying which are."""
    if source not in SOURCES:
        raise InputError(f"nguồn số liệu --source '{source}' không hợp lệ: dùng auto, dossiers hoặc published")
    return source
