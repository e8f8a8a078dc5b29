"""Importing a city-wide export (``tthc import``) against DuckDB writing the same partitioned Parquet.

.venv/bin/pip install -e '.[bench]'
.venv/bin/python benchmarks/import_speed.py                      # 1M rows CSV and xlsx, 10M Parquet
.venv/bin/python benchmarks/import_speed.py --sizes csv:100000   # a quick run

One export holds the dossiers of 100 communes, each received by a unit named one of the ways
systems name it ("UBND xã Thử 001", "Bộ phận một cửa xã Thử 001", …). ``tthc import`` reads and
checks it, matches the names to communes.yaml and writes one Parquet file a commune; DuckDB,
given the names already matched (a table of unit -> commune), reads the same file and writes
the same rows partitioned by commune. Both run as processes, timed from start to exit with their
peak memory read from the kernel, side by side; the rows each commune gets must agree.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "vinh-bao" / "dossiers.parquet"
RECEIVER = "Đơn vị tiếp nhận"
SPELLINGS = ("UBND xã Thử {n:03d}", "Bộ phận một cửa xã Thử {n:03d}", "Xã Thử {n:03d}", "Thử {n:03d}")
DUCKDB_RUN = """
import sys, duckdb
source, mapping, out, reader = sys.argv[1:5]
con = duckdb.connect()
if reader == "read_xlsx":
    con.sql("INSTALL excel; LOAD excel;")
con.sql(f'''COPY (SELECT e.*, m.commune FROM {reader}('{source}') e JOIN read_csv('{mapping}') m
              ON e."{RECEIVER}" = m.unit)
            TO '{out}' (FORMAT parquet, PARTITION_BY (commune))''')
""".replace("{RECEIVER}", RECEIVER)


def make_frame(rows: int, communes: int) -> pd.DataFrame:
    """``rows`` dossiers: the sample's Vĩnh Bảo exports repeated with their own ids, spread over ``communes``."""
    sample = pd.read_parquet(SAMPLE)
    copies = -(-rows // len(sample))
    frame = pd.concat([sample] * copies, ignore_index=True).iloc[:rows].copy()
    frame["MaHoSo"] = frame["MaHoSo"] + "-" + pd.Series(np.arange(rows) // len(sample)).astype(str).to_numpy()
    number = np.arange(rows) % communes + 1
    names = [s.format(n=n) for n in range(1, communes + 1) for s in SPELLINGS]
    spelling = (np.arange(rows) // communes) % len(SPELLINGS)
    frame.insert(0, RECEIVER, pd.Categorical.from_codes((number - 1) * len(SPELLINGS) + spelling, categories=names))
    return frame


def write_root(folder: Path, communes: int) -> tuple[Path, Path]:
    """A data root of ``communes`` communes, and the unit -> commune table DuckDB is given."""
    folder.mkdir(parents=True)
    lines = ["city: thành phố Thử", "communes:"]
    lines += [f"  - {{id: thu-{n:03d}, name: Thử {n:03d}, kind: xã}}" for n in range(1, communes + 1)]
    (folder / "communes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = folder.parent / "units.csv"
    pd.DataFrame(
        [(s.format(n=n), f"thu-{n:03d}") for n in range(1, communes + 1) for s in SPELLINGS],
        columns=["unit", "commune"],
    ).to_csv(mapping, index=False)
    return folder, mapping


def write_export(frame: pd.DataFrame, path: Path) -> None:
    dated = ("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy")
    if path.suffix == ".parquet":
        frame.to_parquet(path, index=False, row_group_size=1_000_000)
        return
    out = frame.copy()
    for column in dated:
        out[column] = out[column].dt.strftime("%d/%m/%Y %H:%M:%S").fillna("")
    if path.suffix == ".csv":
        out.to_csv(path, index=False)
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hồ sơ")
    sheet.append(list(out.columns))
    for row in out.itertuples(index=False, name=None):
        sheet.append(["" if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in row])
    book.save(path)


def measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MB) and stdout of a child process."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, env=os.environ)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return seconds, float("nan"), f"FAILED: {done.stderr.strip().splitlines()[-2:]}"
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024, done.stdout


def commune_rows(folder: Path, pattern: str) -> dict[str, int]:
    import pyarrow.parquet as pq

    counts: dict[str, int] = {}
    for path in folder.rglob(pattern):
        commune = next(p for p in path.parts if p.startswith(("thu-", "commune=thu-"))).removeprefix("commune=")
        counts[commune] = counts.get(commune, 0) + pq.ParquetFile(path).metadata.num_rows
    return counts


def run(kind: str, rows: int, communes: int, work: Path) -> str:
    folder = work / f"{kind}-{rows}"
    root, mapping = write_root(folder / "du-lieu", communes)
    export = folder / f"ho-so-ca-thanh-pho.{kind}"
    started = time.perf_counter()
    write_export(make_frame(rows, communes), export)
    made = time.perf_counter() - started
    reader = {"csv": "read_csv", "xlsx": "read_xlsx", "parquet": "read_parquet"}[kind]
    duck_s, duck_mb, said = measure(
        [sys.executable, "-c", DUCKDB_RUN, str(export), str(mapping), str(folder / "duckdb"), reader]
    )
    ours_s, ours_mb, _ = measure([sys.executable, "-m", "tthc_analysis", "import", str(export), "--data", str(root)])
    ours = commune_rows(root, "dossiers-*.parquet")
    line = (
        f"{kind:8} {rows:>11,} rows, {export.stat().st_size / 2**20:6.0f} MB (written in {made:.0f} s): "
        f"tthc import {ours_s:6.1f} s, {ours_mb:6.0f} MB peak"
    )
    if said.startswith("FAILED"):
        return f"{line}; DuckDB could not run: {said}"
    theirs = commune_rows(folder / "duckdb", "*.parquet")
    assert ours == theirs, "the two disagree on the rows of a commune"
    assert sum(ours.values()) == rows and len(ours) == communes
    return f"{line}; DuckDB {duck_s:6.1f} s, {duck_mb:6.0f} MB peak; tthc = {ours_s / duck_s:.1f}× DuckDB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="csv:1000000,xlsx:1000000,parquet:10000000")
    parser.add_argument("--communes", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        for item in args.sizes.split(","):
            kind, rows = item.split(":")
            print(run(kind, int(rows), args.communes, Path(work)), flush=True)


if __name__ == "__main__":
    main()
