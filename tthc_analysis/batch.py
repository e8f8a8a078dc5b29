"""Every commune of a city for one period, in parallel worker processes (``tthc batch``).

Each commune runs the monthly notebook in its own worker (:func:`execute.run_one`); one
failure never stops the others. A manifest (commune, status, seconds, error, products)
is rewritten atomically after every commune, so a run that is killed still accounts
for what finished, and ``--only-failed`` reruns what did not. The run ends with
``<out>/<period>/index.html`` linking every commune's report with its key figures.
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tqdm import tqdm

from . import vnformat as fmt
from .atomic import write_json, write_text
from .dataset import resolve_data_root, validate_commune_id
from .errors import InputError
from .execute import RunResult, html_path, remove_stale_parts, run_one
from .htmlreport import esc, page
from .periods import parse_period
from .products import ProductPaths


@dataclass
class BatchResult:
    period: str
    results: list[RunResult]
    manifest: Path
    index: Path

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.status != "ok"]


def manifest_path(out_dir: str | Path, period_id: str) -> Path:
    return Path(out_dir) / period_id / "manifest.json"


def read_manifest(path: Path) -> dict:
    if not path.exists():
        raise InputError("chưa có manifest của lần chạy trước để chạy lại các xã bị lỗi", file=path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"manifest hỏng: {exc}", file=path) from None


def _write_manifest(path: Path, period_id: str, started: str, results: dict[str, RunResult]) -> None:
    write_json(path, {
        "period": period_id,
        "started": started,
        "updated": datetime.now().isoformat(timespec="seconds"),
        "communes": {cid: r.to_dict() for cid, r in results.items()},
    })


def run_batch(period: str, *, communes: list[str] | None = None, workers: int | None = None,
              data_dir: str | Path | None = None, out_dir: str | Path = "outputs", timeout: int = 600,
              only_failed: bool = False, progress: bool = True) -> BatchResult:
    """Run the report of every listed commune (all of communes.yaml by default) for ``period``."""
    period_id = parse_period(period).id
    root = resolve_data_root(data_dir)
    known = root.communes()
    manifest = manifest_path(out_dir, period_id)
    previous: dict[str, RunResult] = {}
    if only_failed:
        data = read_manifest(manifest)
        previous = {cid: RunResult(**r) for cid, r in data.get("communes", {}).items()}
        todo = [cid for cid, r in previous.items() if r.status != "ok"]
    else:
        todo = list(communes) if communes else list(known)
        if manifest.exists():  # keep what an earlier, interrupted run of this period finished
            try:
                previous = {cid: RunResult(**r) for cid, r in read_manifest(manifest).get("communes", {}).items()}
            except (InputError, TypeError):
                previous = {}
    for cid in todo:
        validate_commune_id(cid)
        if cid not in known:
            raise InputError(f"không có xã/phường '{cid}' trong communes.yaml", file=root.communes_file)

    manifest.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(manifest.parent)  # left by a killed run
    started = datetime.now().isoformat(timespec="seconds")
    results: dict[str, RunResult] = dict(previous)
    for cid in todo:
        results[cid] = RunResult(cid, period_id, status="pending")
    _write_manifest(manifest, period_id, started, results)

    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    data_arg = str(root.path.resolve())
    out_arg = str(Path(out_dir).resolve())
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_one, cid, period_id, data_arg, out_arg, timeout): cid for cid in todo}
        bar = tqdm(total=len(futures), desc=f"Lập báo cáo {period_id}", unit="xã", disable=not progress)
        for future in as_completed(futures):
            cid = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker that died (killed, out of memory)
                result = RunResult(cid, period_id, status="failed", error=f"{type(exc).__name__}: {exc}")
            results[cid] = result
            _write_manifest(manifest, period_id, started, results)
            bar.set_postfix_str(f"{cid}: {'xong' if result.status == 'ok' else 'LỖI'}")
            bar.update(1)
        bar.close()

    ordered = [results[cid] for cid in known if cid in results] + [r for c, r in results.items() if c not in known]
    index = write_index(out_dir, period_id, ordered, root)
    return BatchResult(period_id, ordered, manifest, index)


def _key_figures(out_dir: Path, commune: str, period_id: str) -> dict | None:
    path = ProductPaths.for_run(out_dir, commune, period_id).indicators_json
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def write_index(out_dir: str | Path, period_id: str, results: list[RunResult], root) -> Path:
    """``<out>/<period>/index.html``: every commune, its status, key figures and report link."""
    out_dir = Path(out_dir)
    period = parse_period(period_id)
    communes = root.communes()
    rows = []
    for result in results:
        commune = communes.get(result.commune)
        name = commune.full_name if commune else result.commune
        data = _key_figures(out_dir, result.commune, period_id) if result.status == "ok" else None
        link = html_path(ProductPaths.for_run(out_dir, result.commune, period_id))
        relative = os.path.relpath(link, out_dir / period_id)
        if data:
            b = data["bieu06a"]
            number = lambda v: fmt.NOT_AVAILABLE if v is None else fmt.number(v)  # noqa: E731
            rate = lambda r: fmt.NOT_AVAILABLE if r["status"] == "not_available" else fmt.percent(r["percent"])  # noqa: E731
            cells = [number(b["total"]), number(data["new"]), number(data["resolved_in_time"]), number(data["overdue"]),
                     rate(data["rates"]["on_time"]), rate(data["rates"]["online"]), str(len(data["findings"]))]
            status = '<span class="ok">xong</span>'
            title = f'<a href="{esc(relative)}">{esc(name)}</a>'
        else:
            cells = ["–"] * 7
            status = f'<span class="warn">lỗi</span><br><span class="note">{esc((result.error or "")[:300])}</span>'
            title = esc(name)
        rows.append(f"<tr><td>{title}</td><td>{status}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = ("<tr><th>Xã, phường, đặc khu</th><th>Trạng thái</th><th>Tổng số hồ sơ</th><th>Tiếp nhận mới</th>"
              "<th>Đúng hạn</th><th>Quá hạn</th><th>Tỷ lệ đúng hạn</th><th>Tỷ lệ trực tuyến</th><th>Phát hiện</th></tr>")
    failed = sum(1 for r in results if r.status != "ok")
    body = (f"<h1>Báo cáo cải cách TTHC {esc(period.name)}</h1>"
            f"<p>Số liệu từ ngày {period.start:%d/%m/%Y} đến hết ngày {period.end:%d/%m/%Y} · "
            f"{len(results) - failed}/{len(results)} báo cáo đã lập"
            + (f' · <span class="warn">{failed} lỗi</span>' if failed else "") + "</p>"
            f"<div class=\"jp-OutputArea-output\"><table><thead>{header}</thead><tbody>{''.join(rows)}</tbody></table></div>"
            f"<p class=\"note\">Cập nhật {time.strftime('%d/%m/%Y %H:%M')}.</p>")
    return write_text(out_dir / period_id / "index.html", page(f"Báo cáo cải cách TTHC {period.name}", body))


def summary_lines(result: BatchResult) -> list[str]:
    """A plain-text summary table for the terminal."""
    width = max([len(r.commune) for r in result.results] + [8])
    lines = [f"{'Xã/phường':<{width}}  {'Trạng thái':<10}  {'Giây':>6}  Ghi chú"]
    for r in result.results:
        note = (r.error or "").splitlines()[0][:100] if r.status != "ok" else f"{r.findings} phát hiện"
        lines.append(f"{r.commune:<{width}}  {('xong' if r.status == 'ok' else 'LỖI'):<10}  {r.seconds:>6.1f}  {note}")
    ok = len(result.results) - len(result.failed)
    lines.append(f"{ok}/{len(result.results)} xã xong. Trang tổng hợp: {result.index}")
    return lines
