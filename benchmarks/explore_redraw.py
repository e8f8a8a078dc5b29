"""Exploration benchmark: how long a change of choice takes to redraw, with the figures counted once.

Generates a city of N communes with 15 months of data (2025-01 to 2026-03), counts it once
(``load_exploration``), then drives the widgets as a user would (units, indicator, field, step,
span) and prints each redraw's time. The baseline, measured in the same script, is what a
change cost before the widgets: counting the chosen units again and drawing (a notebook
re-run without its kernel start). Goal: each redraw <= 300 ms for 28 communes x 15 months.

    .venv/bin/python benchmarks/explore_redraw.py --communes 28
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from city_load import make_city

from tthc_analysis.indicators.exploration import load_exploration
from tthc_analysis.report.explore import Explorer


def changes(explorer: Explorer) -> list[tuple[str, object, object]]:
    """(what, control, value) in the order a user might try them."""
    units = [value for _, value in explorer.communes.options]
    fields = [value for _, value in explorer.field.options if value]
    return [
        ("3 đơn vị khác", explorer.communes, tuple(units[3:6])),
        ("mọi đơn vị", explorer.communes, tuple(units)),
        ("chỉ tiêu: tổng số", explorer.indicator, "total"),
        ("lĩnh vực", explorer.field, fields[0]),
        ("lĩnh vực khác", explorer.field, fields[-1]),
        ("chỉ tiêu: trực tuyến", explorer.indicator, "rate_online"),
        ("theo quý", explorer.step, "quarter"),
        ("theo năm", explorer.step, "year"),
        ("theo tháng", explorer.step, "month"),
        ("từ kỳ", explorer.first, "2025-07"),
        ("đến kỳ", explorer.last, "2026-01"),
        ("chỉ tiêu: điểm QĐ 766", explorer.indicator, "qd766_points"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=28)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        make_city(root, args.communes, "2025-01", "2026-03")
        print(f"dữ liệu: {args.communes} đơn vị × 15 tháng, tạo trong {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        exploration = load_exploration("all", root)
        loaded = time.perf_counter() - started
        print(f"đọc và tính một lần: {loaded:.1f} s ({len(exploration.values):,} dòng số liệu)")
        explorer = Explorer(exploration)

        times = []
        for what, control, value in changes(explorer):
            started = time.perf_counter()
            control.value = value
            spent = (time.perf_counter() - started) * 1000
            times.append(spent)
            print(f"  {what:<24} {spent:7.0f} ms")
        print(f"vẽ lại: trung vị {statistics.median(times):.0f} ms, lâu nhất {max(times):.0f} ms (mục tiêu <= 300 ms)")

        chosen = list(explorer.communes.value)[:3]
        started = time.perf_counter()
        again = load_exploration(chosen, root, steps=("month",))
        Explorer(again)
        baseline = (time.perf_counter() - started) * 1000
        print(
            f"cơ sở (tính lại 3 đơn vị rồi vẽ, như chạy lại sổ): {baseline:.0f} ms; "
            f"một lần vẽ lại nhanh hơn {baseline / statistics.median(times):.0f} lần"
        )


if __name__ == "__main__":
    main()
