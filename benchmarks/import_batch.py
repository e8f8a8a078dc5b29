"""``tthc batch --import`` over about a hundred communes, against the loop a user writes without it.

.venv/bin/python benchmarks/import_batch.py [--copies 15] [--loop 3] [--workers 2]

A city of ``7 × copies`` communes (the sample's seven, each copied with its own name) is written
as one city-wide export (tthc_analysis/synthetic/city_export.py); a fresh data root holding
only communes.yaml gets it through ``tthc batch --period 2026-02 --import EXPORT`` (the import,
every commune's report, the city's report). The naive loop, papermill's CLI then ``jupyter
nbconvert`` commune after commune on the imported folders, is timed over ``--loop`` communes;
both are given per commune. Each run has its own empty cache of loaded exports.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_speed import REPO, communes_of, naive_loop, timed

from tthc_analysis.inputs.dataroot import DataRoot
from tthc_analysis.synthetic.city_export import write_city_export

SAMPLE = REPO / "data" / "sample"


def city_of_copies(copies: int, work: Path) -> Path:
    """The sample's communes ``copies`` times, each copy named apart ("Hùng Thắng 2", …)."""
    root = work / "thanh-pho"
    shutil.copytree(SAMPLE, root)
    spec = yaml.safe_load((SAMPLE / "communes.yaml").read_text(encoding="utf-8"))
    originals = list(spec["communes"])
    for copy in range(2, copies + 1):
        for commune in originals:
            shutil.copytree(SAMPLE / commune["id"], root / f"{commune['id']}-{copy}")
            named = {k: v for k, v in commune.items() if k != "profile"}  # own_units name the original
            spec["communes"].append({**named, "id": f"{commune['id']}-{copy}", "name": f"{commune['name']} {copy}"})
    for commune in spec["communes"]:
        commune.pop("profile", None)
    (root / "communes.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=15)
    parser.add_argument("--loop", type=int, default=3, help="communes the naive loop is timed over")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        city = city_of_copies(args.copies, work)
        started = time.perf_counter()
        export = write_city_export(DataRoot(city), work / "ho-so-ca-thanh-pho.csv", department_rows=0)
        built = time.perf_counter() - started
        fresh = work / "du-lieu"
        fresh.mkdir()
        shutil.copy(city / "communes.yaml", fresh / "communes.yaml")
        shutil.copy(SAMPLE / "procedures.csv", fresh / "procedures.csv")
        communes = communes_of(fresh, None)
        command = [sys.executable, "-m", "tthc_analysis", "batch", "--period", "2026-02", "--data", str(fresh)]
        command += ["--out", str(work / "ra"), "--workers", str(args.workers), "--import", str(export)]
        batch = timed(command, work / "cache-batch")
        loop = naive_loop(communes[: args.loop], "2026-02", fresh, work / "loop", work / "cache-loop")
        rows = sum(1 for _ in export.open(encoding="utf-8-sig")) - 1
        per_batch, per_loop = batch / len(communes), loop / args.loop
        print(
            f"{len(communes)} communes, one export of {rows:,} dossiers ({export.stat().st_size / 2**20:.0f} MB, "
            f"built in {built:.0f} s)\n"
            f"tthc batch --import: {batch:.0f} s in all, {per_batch:.2f} s a commune (import and city report included)\n"
            f"naive loop (papermill + nbconvert) over {args.loop}: {per_loop:.2f} s a commune\n"
            f"= {per_loop / per_batch:.1f}× faster a commune"
        )


if __name__ == "__main__":
    main()
