"""Loading speed against DuckDB: a 1M-dossier export, as CSV and as Parquet, through a whole
``tthc indicators`` process, beside a DuckDB process running the same Biểu 06a rules.

.venv/bin/python benchmarks/loading_vs_duckdb.py --rows 1000000

Both processes are timed from start to exit (Python start-up and imports included) and their
peak memory is read from the kernel; the two results must agree (an independent count).
``tthc indicators`` runs twice: a first load with the cache of loaded exports off (what the
goals are about), then a run that reads the export's canonical frame from a fresh cache
(filled by a run before it, not timed) — what a second report over the same file costs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tthc_analysis.core.labels import BIEU06A_KEYS

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "vinh-bao" / "dossiers.parquet"
PERIOD, START, END = "2026-02", "2026-01-15", "2026-02-14"
KEYS = BIEU06A_KEYS  # the eleven columns, in the form's order

DUCKDB_SQL = """
WITH d AS (
  SELECT TrangThaiHoSo AS status, KenhThucHien AS channel,
         {received} AS r, {due} AS du, {finished} AS f
  FROM {source}
), p AS (
  SELECT *, (f IS NOT NULL AND f <= DATE '{end}') AS done FROM d
  WHERE status NOT IN (1, 3) AND r <= DATE '{end}' AND NOT coalesce(f < DATE '{start}', false)
)
SELECT count(*) AS total,
  count(*) FILTER (WHERE r >= DATE '{start}' AND channel = 2) AS online,
  count(*) FILTER (WHERE r >= DATE '{start}' AND channel <> 2) AS direct_postal,
  count(*) FILTER (WHERE r < DATE '{start}') AS carried_over,
  count(*) FILTER (WHERE done) AS resolved,
  count(*) FILTER (WHERE done AND status <> 7 AND f < du) AS resolved_early,
  count(*) FILTER (WHERE done AND (status = 7 OR du IS NULL OR f = du)) AS resolved_on_time,
  count(*) FILTER (WHERE done AND status <> 7 AND f > du) AS resolved_late,
  count(*) FILTER (WHERE NOT done) AS in_progress,
  count(*) FILTER (WHERE NOT done AND (status = 5 OR du IS NULL OR du >= DATE '{end}')) AS in_progress_on_time,
  count(*) FILTER (WHERE NOT done AND status <> 5 AND du < DATE '{end}') AS in_progress_overdue
FROM p
"""
DUCKDB_RUN = """
import json, sys, duckdb
sql = sys.argv[1]
row = duckdb.sql(sql).fetchall()[0]
print(json.dumps(dict(zip(sys.argv[2].split(","), row))))
"""


def make_frame(rows: int) -> pd.DataFrame:
    """``rows`` dossiers: the sample's Vĩnh Bảo exports repeated, each copy with its own ids."""
    sample = pd.read_parquet(SAMPLE)
    copies = -(-rows // len(sample))
    frame = pd.concat([sample] * copies, ignore_index=True).iloc[:rows].copy()
    copy = np.repeat(np.arange(copies), len(sample))[:rows]
    frame["MaHoSo"] = frame["MaHoSo"] + "-" + pd.Series(copy).astype(str).to_numpy()
    return frame


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """As the PASETO lists write dates: dd/mm/yyyy HH:MM:SS."""
    out = frame.copy()
    for column in ("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy"):
        out[column] = out[column].dt.strftime("%d/%m/%Y %H:%M:%S").fillna("")
    out.to_csv(path, index=False)


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MB) and stdout of a child process (``env``: added variables)."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {done.stderr[-2000:]}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--formats", default="csv,parquet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        frame = make_frame(args.rows)
        files = {"parquet": Path(work) / "ho-so.parquet", "csv": Path(work) / "ho-so.csv"}
        frame.to_parquet(files["parquet"], index=False)
        write_csv(frame, files["csv"])
        del frame
        for fmt in args.formats.split(","):
            path = files[fmt]
            if fmt == "csv":
                day = "CAST(strptime(nullif({0}, ''), '%d/%m/%Y %H:%M:%S') AS DATE)"
                source = f"read_csv('{path}', header=true, all_varchar=false, types={{'NgayTiepNhan': 'VARCHAR', 'NgayHenTra': 'VARCHAR', 'NgayKetThucXuLy': 'VARCHAR'}})"
            else:
                day = "CAST({0} AS DATE)"
                source = f"read_parquet('{path}')"
            sql = DUCKDB_SQL.format(
                received=day.format("NgayTiepNhan"),
                due=day.format("NgayHenTra"),
                finished=day.format("NgayKetThucXuLy"),
                source=source,
                start=START,
                end=END,
            )
            duck_s, duck_mb, duck_out = measure([sys.executable, "-c", DUCKDB_RUN, sql, ",".join(KEYS)])
            tthc = [sys.executable, "-m", "tthc_analysis", "indicators", "--period", PERIOD, "--dossiers", str(path)]
            ours_s, ours_mb, ours_out = measure(tthc, {"TTHC_CACHE": "0"})
            cache = {"TTHC_CACHE": "1", "TTHC_CACHE_DIR": str(Path(work) / f"cache-{fmt}")}
            measure(tthc, cache)  # fills the cache
            cached_s, cached_mb, cached_out = measure(tthc, cache)
            theirs, ours = json.loads(duck_out), json.loads(ours_out)["bieu06a"]
            agree = theirs == ours == json.loads(cached_out)["bieu06a"]
            size = path.stat().st_size / 1e6
            print(
                f"{fmt}: {args.rows:,} rows, {size:.0f} MB — DuckDB {duck_s:.2f} s, {duck_mb:.0f} MB peak; "
                f"tthc indicators {ours_s:.2f} s, {ours_mb:.0f} MB peak = {ours_s / duck_s:.1f}× DuckDB; "
                f"from the cache {cached_s:.2f} s, {cached_mb:.0f} MB peak = {cached_s / duck_s:.1f}× DuckDB; "
                + ("the counts agree" if agree else f"COUNTS DIFFER: {theirs} vs {ours}")
            )


if __name__ == "__main__":
    main()
