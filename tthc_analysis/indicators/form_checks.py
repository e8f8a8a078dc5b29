"""Checks of a published Biểu 06a's rows by field: each row's own identities, and the total row
as the sum of the rows (a slip of the form is a finding, as for the summary's figures).

Codes: the row identities of :func:`~.checks.check_identities` (``TOTAL_NOT_CARRIED_PLUS_NEW``,
``RESOLVED_NOT_SUM``, …) with the field named; ``TOTAL_NOT_SUM_OF_FIELDS``: a column of the
total row differs from the sum of the fields' rows.
"""

from __future__ import annotations

from dataclasses import replace

from ..core.errors import Finding
from ..core.labels import BIEU06A_KEYS, BIEU06A_LONG
from .checks import check_identities
from .results import Indicators


def check_field_rows(indicators: Indicators) -> list[Finding]:
    """The findings of the rows by field of published figures (none for figures counted from dossiers)."""
    if indicators.source != "summary" or not indicators.bieu06a.rows:
        return []
    rows = indicators.bieu06a.rows
    findings = [
        replace(f, message=f"Lĩnh vực {row.field_name}: {f.message}", figures=())
        for row in rows
        for f in check_identities(row.counts)
    ]
    total = indicators.counts
    for key in BIEU06A_KEYS:
        values = [getattr(row.counts, key) for row in rows]
        stated = getattr(total, key)
        if stated is None or None in values or sum(values) == stated:
            continue
        findings.append(
            Finding(
                "TOTAL_NOT_SUM_OF_FIELDS",
                f"Dòng tổng cộng, cột {BIEU06A_LONG[key]}: {stated} hồ sơ, khác tổng của {len(rows)} lĩnh vực "
                f"({sum(values)}, chênh lệch {stated - sum(values)}).",
                figures=(key,),
            )
        )
    return findings
