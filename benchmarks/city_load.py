"""Load benchmark: a generated city of N communes with a year of data each, through `tthc batch`.

Prints the wall time, seconds per commune, the peak memory of the whole process tree
(sampled from /proc), and the ratio against a single `tthc report` run measured in the
same script (the baseline). The manifest must account for every commune.

    .venv/bin/python benchmarks/city_load.py --communes 120 --workers 2
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

import yaml

from tthc_analysis.core.periods import month_range
from tthc_analysis.synthetic import (
    SAMPLE_COMMUNES,
    CommuneSpec,
    build_catalogue,
    catalogue_csv,
    generate_commune,
    write_commune,
)

FORMATS = ("csv-vn", "parquet", "xlsx-portal", "parquet+csv-iso")


def make_city(root: Path, count: int, first: str = "2025-03", last: str = "2026-02") -> None:
    """``count`` communes with data from month ``first`` to month ``last`` (a year by default)."""
    catalogue = build_catalogue()
    catalogue_csv(catalogue).to_csv(root / "procedures.csv", index=False)
    periods = month_range(first, last)
    communes = []
    for number in range(count):
        template = SAMPLE_COMMUNES[1 + number % (len(SAMPLE_COMMUNES) - 1)]
        spec = CommuneSpec(
            f"xa-{number + 1:03d}",
            f"Thử {number + 1:03d}",
            "xã",
            template.land_branch,
            volume=150 + (number * 37) % 600,
            file_format=FORMATS[number % len(FORMATS)],
            late_share=template.late_share,
            online_share=template.online_share,
        )
        dossiers, feedback = generate_commune(spec, catalogue, periods)
        write_commune(spec, dossiers, feedback, root / spec.id)
        communes.append({"id": spec.id, "name": spec.name, "kind": spec.kind})
    (root / "communes.yaml").write_text(
        yaml.safe_dump({"city": "thành phố Thử", "communes": communes}, allow_unicode=True), encoding="utf-8"
    )


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total / 2**20


def run(command: list[str]) -> tuple[float, float, int]:
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.5)
    return time.monotonic() - started, peak, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    tthc = [sys.executable, "-m", "tthc_analysis"]
    with tempfile.TemporaryDirectory(prefix="tthc-city-") as work:
        root, out = Path(work) / "data", Path(work) / "out"
        root.mkdir()
        started = time.monotonic()
        make_city(root, args.communes)
        print(f"generated {args.communes} communes in {time.monotonic() - started:.0f} s")
        single, single_peak, code = run(
            [
                *tthc,
                "report",
                "--commune",
                "xa-001",
                "--period",
                "2026-02",
                "--data",
                str(root),
                "--out",
                str(out / "single"),
            ]
        )
        print(f"baseline: one `tthc report` {single:.1f} s, peak {single_peak:.0f} MB, exit {code}")
        seconds, peak, code = run(
            [
                *tthc,
                "batch",
                "--period",
                "2026-02",
                "--workers",
                str(args.workers),
                "--data",
                str(root),
                "--out",
                str(out),
            ]
        )
        manifest = json.loads((out / "2026-02" / "manifest.json").read_text(encoding="utf-8"))["communes"]
        ok = sum(1 for r in manifest.values() if r["status"] == "ok")
        print(
            f"batch: {args.communes} communes, {args.workers} workers, {seconds:.0f} s "
            f"({seconds / args.communes:.1f} s a commune), peak {peak:.0f} MB for the whole process tree, exit {code}"
        )
        print(f"manifest: {len(manifest)} communes, {ok} ok, {len(manifest) - ok} failed")
        print(f"ratio batch / ({args.communes} x baseline) = {seconds / (args.communes * single):.2f}")


if __name__ == "__main__":
    main()
