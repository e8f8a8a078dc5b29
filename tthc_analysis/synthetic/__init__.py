"""The deterministic generator of the sample data (``python -m tthc_analysis.synthetic --out data/sample``).

Not imported by any report: it only writes input files, as a one-stop-shop system would.
"""

from .communes import SAMPLE_COMMUNES, CommuneSpec, Pin
from .generator import build_catalogue, catalogue_csv, generate_commune, generate_sample
from .writers import write_commune

__all__ = [
    "SAMPLE_COMMUNES",
    "CommuneSpec",
    "Pin",
    "build_catalogue",
    "catalogue_csv",
    "generate_commune",
    "generate_sample",
    "write_commune",
]
