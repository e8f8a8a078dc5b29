"""tthc-analysis: the monthly administrative-procedure reform report (báo cáo cải cách TTHC).

Data flow: :mod:`periods` → :mod:`load` → :mod:`indicators` → :mod:`checks` →
products (:mod:`workbook`, …), tied together for a commune by :mod:`pipeline`.
"""

from .dataset import Commune, DataRoot
from .errors import InputError, Problem, TthcError
from .indicators import Bieu06a, Bieu06aCounts, Finding, Indicators, Rate, compute_indicators, count_bieu06a
from .load import load_dossiers, load_feedback, load_procedures
from .periods import Period, parse_period
from .pipeline import commune_indicators, files_indicators

__version__ = "0.1.0"

__all__ = [
    "Bieu06a",
    "Bieu06aCounts",
    "Commune",
    "DataRoot",
    "Finding",
    "Indicators",
    "InputError",
    "Period",
    "Problem",
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
