"""Batch speed, side by side in one run, on the shipped sample (or a generated city):

- the loop a user writes without ``tthc batch`` (papermill's CLI, then ``jupyter nbconvert
  --to html --no-input``, commune after commune) against ``tthc batch``;
- an unchanged rerun of the batch against its first run;
- one ``tthc report`` against the floor: papermill's CLI on a notebook that only imports
  pandas, matplotlib and tthc_analysis;
- an estimate of a national run (3.321 communes) from the measured cost of a commune.

.venv/bin/python benchmarks/batch_speed.py [--period 2026-02] [--workers 2] [--communes N] [--copies K]

Every variant starts with an empty cache of loaded exports (its own TTHC_CACHE_DIR).
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

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "commune_report.ipynb"
BIN = Path(sys.executable).parent
NATIONAL = 3321  # communes, wards and special zones of Viet Nam after 01/07/2025


def timed(command: list[str], cache: Path) -> float:
    started = time.perf_counter()
    env = {**os.environ, "TTHC_CACHE_DIR": str(cache)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def communes_of(data: Path, count: int | None) -> list[str]:
    import yaml

    ids = [c["id"] for c in yaml.safe_load((data / "communes.yaml").read_text(encoding="utf-8"))["communes"]]
    return ids[:count] if count else ids


def bigger_city(data: Path, copies: int, work: Path) -> Path:
    """A data root with every commune of ``data`` ``copies`` times (ids ``<id>-2``, ``<id>-3``, …)."""
    import shutil

    import yaml

    root = work / "city"
    shutil.copytree(data, root)
    spec = yaml.safe_load((data / "communes.yaml").read_text(encoding="utf-8"))
    originals = list(spec["communes"])
    for copy in range(2, copies + 1):
        for commune in originals:
            shutil.copytree(data / commune["id"], root / f"{commune['id']}-{copy}")
            spec["communes"].append({**commune, "id": f"{commune['id']}-{copy}"})
    (root / "communes.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return root


def naive_loop(communes: list[str], period: str, data: Path, out: Path, cache: Path) -> float:
    total = 0.0
    out.mkdir(parents=True, exist_ok=True)
    for commune in communes:
        executed = out / f"{commune}.ipynb"
        total += timed(
            [
                str(BIN / "papermill"),
                str(NOTEBOOK),
                str(executed),
                "-p",
                "commune",
                commune,
                "-p",
                "period",
                period,
                "-p",
                "data_dir",
                str(data),
                "-p",
                "out_dir",
                str(out),
                "--cwd",
                str(NOTEBOOK.parent),
                "--no-progress-bar",
                "-k",
                "python3",
            ],
            cache,
        )
        total += timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)], cache)
    return total


def floor(work: Path, cache: Path) -> float:
    import nbformat

    notebook = work / "floor.ipynb"
    cell = nbformat.v4.new_code_cell("import pandas, matplotlib, tthc_analysis.report.charts")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), str(notebook))
    return timed(
        [str(BIN / "papermill"), str(notebook), str(work / "floor-out.ipynb"), "--no-progress-bar", "-k", "python3"],
        cache,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="2026-02")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--communes", type=int, help="only the first N communes of the sample")
    parser.add_argument("--copies", type=int, default=1, help="a bigger city: every sample commune K times")
    parser.add_argument("--data", default=str(REPO / "data" / "sample"))
    args = parser.parse_args()
    tthc = [str(BIN / "tthc")]
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        data = Path(args.data).resolve()
        if args.copies > 1:
            data = bigger_city(data, args.copies, work)
        communes = communes_of(data, args.communes)
        naive = naive_loop(communes, args.period, data, work / "naive", work / "cache-naive")
        batch = [
            *tthc,
            "batch",
            "--period",
            args.period,
            "--communes",
            ",".join(communes),
            "--workers",
            str(args.workers),
            "--data",
            str(data),
            "--out",
            str(work / "batch"),
        ]
        first = timed(batch, work / "cache-batch")
        rerun = timed(batch, work / "cache-batch")
        manifest = json.loads((work / "batch" / args.period / "manifest.json").read_text(encoding="utf-8"))
        ok = sum(1 for r in manifest["communes"].values() if r["status"] == "ok")
        single = timed(
            [
                *tthc,
                "report",
                "--commune",
                communes[0],
                "--period",
                args.period,
                "--data",
                str(data),
                "--out",
                str(work / "single"),
            ],
            work / "cache-single",
        )
        bottom = floor(work, work / "cache-floor")
    n = len(communes)
    print(f"{n} communes, period {args.period}, {args.workers} workers, {os.cpu_count()} cores")
    print(f"naive loop (papermill CLI + nbconvert): {naive:.1f} s = {naive / n:.1f} s a commune")
    print(
        f"tthc batch, first run: {first:.1f} s = {first / n:.1f} s a commune ({ok}/{n} ok) "
        f"→ {naive / first:.1f}× faster than the naive loop"
    )
    print(f"tthc batch, unchanged rerun: {rerun:.2f} s = {100 * rerun / first:.1f}% of the first run")
    print(
        f"one tthc report: {single:.1f} s; floor (papermill on a notebook that only imports): {bottom:.1f} s "
        f"→ {single / bottom:.2f}× the floor"
    )
    per_commune = first * args.workers / n  # seconds of one worker a commune (start-up included)
    for machines in (1, 4, 16):
        hours = NATIONAL * per_commune / (args.workers * machines) / 3600
        print(
            f"national run, {NATIONAL:,} communes on {machines} machine(s) of {args.workers} workers: "
            f"about {hours:.1f} h".replace(",", ".")
        )


if __name__ == "__main__":
    main()
