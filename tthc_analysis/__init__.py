"""tthc-analysis: the administrative-procedure reform report (báo cáo cải cách TTHC) of a commune.

The packages follow the data (docs/layout.md):

- :mod:`.core` — errors and findings, periods, Vietnamese labels and number format, atomic writes;
- :mod:`.inputs` — files to validated frames: readers, headers, values, the data root, published summaries;
- :mod:`.indicators` — Biểu 06a, the other indicators, checks, published figures, history, trends;
- :mod:`.report` — sentences, charts, the formal .docx, the workbook, HTML pages, PDF;
- :mod:`.run` — notebook execution, batch, the ``tthc`` command.

Imports point only from a later stage to an earlier one.
"""

from .core.errors import Finding, InputError, TthcError
from .core.periods import Period, parse_period
from .indicators.bieu06a import count_bieu06a
from .indicators.commune import commune_indicators, files_indicators
from .indicators.others import compute_indicators
from .indicators.results import Bieu06a, Bieu06aCounts, Indicators, Rate
from .inputs.dataroot import Commune, DataRoot
from .inputs.tables import load_dossiers, load_feedback, load_procedures

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
