"""The synthetic procedure catalogue (procedures.csv), from the field list in procedures.yaml."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
import yaml

from .communes import rng_for

LEVEL_COUNTS = {4: 219, 3: 160}  # the catalogue's online procedures, as in the real report


def _catalogue_spec() -> list[dict]:
    text = resources.files("tthc_analysis.synthetic").joinpath("procedures.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["fields"]


def build_catalogue() -> pd.DataFrame:
    """The city-wide procedure catalogue (procedures.csv) with generator metadata.

    Levels are dealt so that exactly 219 procedures are "toàn trình" (MucDo 4) and 160
    "một phần" (MucDo 3); the rest are level 2 (information only).
    """
    rows = []
    for spec in _catalogue_spec():
        for pattern in spec["names"]:
            names = [pattern.format(case=c) for c in spec.get("cases", [])] if "{case}" in pattern else [pattern]
            for name in names:
                rows.append(
                    {
                        "TenTTHC": name,
                        "MaLinhVuc": spec["code"],
                        "TenLinhVuc": spec["name"],
                        "days": int(spec["days"]),
                        "field_weight": float(spec["weight"]),
                        "CoPhi": int(spec["fee"]),
                        "category": spec.get("unit", "own"),
                        "system": spec.get("system", "TP"),
                    }
                )
    catalogue = pd.DataFrame(rows)
    rng = rng_for("catalogue")
    catalogue["MaTTHC"] = [
        f"1.{code:06d}" for code in rng.choice(np.arange(1000, 14000), len(catalogue), replace=False)
    ]
    order = rng.permutation(len(catalogue))
    levels = np.full(len(catalogue), 2)
    levels[order[: LEVEL_COUNTS[4]]] = 4
    levels[order[LEVEL_COUNTS[4] : LEVEL_COUNTS[4] + LEVEL_COUNTS[3]]] = 3
    catalogue["MucDo"] = levels
    catalogue["CongKhai"] = 1
    # Popularity within a field is uneven: a few procedures take most of the dossiers.
    catalogue["weight"] = catalogue["field_weight"] / catalogue.groupby("MaLinhVuc")["field_weight"].transform("size")
    catalogue["weight"] *= rng.pareto(1.5, len(catalogue)) + 0.2
    return catalogue


def catalogue_csv(catalogue: pd.DataFrame) -> pd.DataFrame:
    return catalogue[["MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "MucDo", "CoPhi", "CongKhai"]]


# --------------------------------------------------------------------------- dossiers
