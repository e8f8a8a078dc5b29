"""Loading speed: a large export through `load_dossiers` and Biểu 06a, against pandas' raw CSV parse.

.venv/bin/python benchmarks/load_speed.py --megabytes 200
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from tthc_analysis.core.periods import parse_period
from tthc_analysis.indicators.bieu06a import count_bieu06a
from tthc_analysis.inputs.tables import load_dossiers

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "hung-thang" / "dossiers-2026-02.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=100)
    args = parser.parse_args()
    header, body = SAMPLE.read_bytes().split(b"\n", 1)
    lines = body.strip().split(b"\n")
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "big.csv"
        with open(path, "wb") as handle:
            handle.write(header + b"\n")
            copies = 0
            while handle.tell() < args.megabytes * 1_000_000:
                handle.write(b"\n".join(line.replace(b",", b"-%d," % copies, 1) for line in lines) + b"\n")
                copies += 1
        started = time.perf_counter()
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        baseline = time.perf_counter() - started
        rows = len(raw)
        del raw
        started = time.perf_counter()
        table = load_dossiers([path])
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        counts = count_bieu06a(table.frame, parse_period("2026-02")).total
        counted = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.megabytes} MB, {rows:,} rows")
    print(f"baseline pandas.read_csv: {baseline:.1f} s")
    print(f"load_dossiers: {loaded:.1f} s ({loaded / baseline:.1f}x the baseline), {rows / loaded:,.0f} rows/s")
    print(f"Biểu 06a for a month: {counted:.2f} s (total {counts.total:,})")
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
