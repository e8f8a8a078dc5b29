"""tthc-analysis: the administrative-procedure reform report (báo cáo cải cách TTHC) of a commune.

The packages follow the data (docs/layout.md):

- :mod:`.core` — errors and findings, periods, Vietnamese labels and number format, atomic writes;
- :mod:`.inputs` — files to validated frames: readers, headers, values, the data root, published summaries;
- :mod:`.indicators` — Biểu 06a, the other indicators, checks, published figures, history, trends;
- :mod:`.report` — sentences, charts, the formal .docx, the workbook, HTML pages, PDF;
- :mod:`.run` — notebook execution, batch, the ``tthc`` command.

Imports point only from a later stage to an earlier one.
"""

import importlib
from typing import Any

# The public names, imported when first used: ``tthc batch`` with nothing to redo, or a
# worker starting, does not pay for pandas.
_PUBLIC = {
    "Finding": "core.errors",
    "InputError": "core.errors",
    "TthcError": "core.errors",
    "Period": "core.periods",
    "parse_period": "core.periods",
    "count_bieu06a": "indicators.bieu06a",
    "commune_indicators": "indicators.commune",
    "files_indicators": "indicators.commune",
    "compute_indicators": "indicators.others",
    "Bieu06a": "indicators.results",
    "Bieu06aCounts": "indicators.results",
    "Indicators": "indicators.results",
    "Rate": "indicators.results",
    "Commune": "inputs.dataroot",
    "DataRoot": "inputs.dataroot",
    "load_dossiers": "inputs.tables",
    "load_feedback": "inputs.tables",
    "load_procedures": "inputs.tables",
}


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__version__ = "0.2.0"

__all__ = [
    "Bieu06a",
    "Bieu06aCounts",
    "Commune",
    "DataRoot",
    "Finding",
    "Indicators",
    "InputError",
    "Period",
    "Rate",
    "TthcError",
    "commune_indicators",
    "compute_indicators",
    "count_bieu06a",
    "files_indicators",
    "load_dossiers",
    "load_feedback",
    "load_procedures",
    "parse_period",
]
