"""Every commune of a city for one period, in parallel (``tthc batch``).

Each commune runs the report notebook in a worker (:func:`run_one`) — a local process or a
Dask worker — that keeps one warm kernel for all its communes; one failure never stops the
others, not even one that kills its worker process (run/executors.py). A commune whose inputs did not change since its last successful run is not run
again (the manifest says it was reused). A manifest (commune, status, seconds, error, products) is
rewritten atomically after every commune, so a run that is killed still accounts for
what finished, and ``--only-failed`` reruns what did not. The run ends with
``<out>/<period>/index.html`` linking every commune's report with its key figures.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from ..core.atomic import write_json, write_text
from ..core.errors import InputError, TthcError
from ..core.periods import Period, parse_period
from ..core.sources import validate_source
from ..inputs.dataroot import DataRoot, resolve_data_root, validate_commune_id
from ..report.index_page import IndexEntry, index_page
from ..report.paths import ProductPaths
from .city_ahead import CityAhead
from .executors import dask_results, local_results
from .fingerprint import city_fingerprint, commune_fingerprint
from .kernel import process_kernel
from .notebook import NOTEBOOK, remove_stale_parts, run_report

if TYPE_CHECKING:
    from ..indicators.city import CityIndicators


@dataclass
class RunResult:
    """What one commune's run produced (a row of the manifest)."""

    commune: str
    period: str
    status: str = "ok"  # "ok", "failed" or "pending"
    seconds: float = 0.0
    error: str | None = None
    products: list[str] = field(default_factory=list)
    findings: int = 0
    fingerprint: str | None = None  # what the report was made from (run/fingerprint.py)
    reused: bool = False  # its inputs had not changed: the last run's products were kept


@dataclass(frozen=True)
class BatchResult:
    period: str
    results: list[RunResult]
    manifest: Path
    index: Path
    city: Path | None = None  # the city's consolidated page, when it could be made
    city_error: str | None = None  # why it could not

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.status != "ok"]


def run_one(
    commune: str, period: str, data_dir: str | None, out_dir: str, timeout: int, source: str = "auto"
) -> RunResult:
    """A batch worker's job: never raises, reports what happened.

    The worker keeps one warm kernel for all its communes; ``timeout`` limits each commune
    (the kernel is interrupted when it is reached).
    """
    started = time.monotonic()
    result = RunResult(commune, period)
    try:
        kernel = process_kernel(NOTEBOOK.parent)
        paths = run_report(
            commune,
            period,
            data_dir=data_dir,
            out_dir=out_dir,
            timeout=timeout,
            time_limit=timeout,
            kernel=kernel,
            source=source,
        )
        result.products = [str(p) for p in paths.products()]
        result.findings = len(json.loads(paths.indicators_json.read_text(encoding="utf-8")).get("findings", []))
    except TthcError as exc:
        result.status, result.error = "failed", str(exc)
        notebook = getattr(exc, "notebook", None)
        if notebook is not None:
            result.products = [str(notebook)]
    except Exception as exc:
        result.status, result.error = "failed", f"{type(exc).__name__}: {exc}"
    result.seconds = round(time.monotonic() - started, 1)
    return result


def manifest_path(out_dir: str | Path, period_id: str) -> Path:
    return Path(out_dir) / period_id / "manifest.json"


def read_manifest(path: Path) -> dict[str, RunResult]:
    """The communes of an earlier run's manifest."""
    if not path.exists():
        raise InputError("chưa có manifest của lần chạy trước để chạy lại các xã bị lỗi", file=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {cid: RunResult(**r) for cid, r in data.get("communes", {}).items()}
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError, AttributeError) as exc:
        raise InputError(f"manifest hỏng: {exc}", file=path) from None


def _write_manifest(path: Path, period_id: str, started: str, results: dict[str, RunResult]) -> None:
    write_json(
        path,
        {
            "period": period_id,
            "started": started,
            "updated": datetime.now().isoformat(timespec="seconds"),
            "communes": {cid: asdict(r) for cid, r in results.items()},
        },
    )


def _plan(
    root: DataRoot, manifest: Path, communes: list[str] | None, only_failed: bool
) -> tuple[list[str], dict[str, RunResult]]:
    """Which communes to run, and what an earlier run of the period already did."""
    if only_failed:
        previous = read_manifest(manifest)
        todo = [cid for cid, r in previous.items() if r.status != "ok"]
    else:
        todo = list(communes) if communes else list(root.communes())
        previous = {}
        if manifest.exists():  # keep what an earlier, interrupted run of this period finished
            with contextlib.suppress(InputError):
                previous = read_manifest(manifest)
    for cid in todo:
        validate_commune_id(cid)
        if cid not in root.communes():
            raise InputError(f"không có xã/phường '{cid}' trong communes.yaml", file=root.communes_file)
    return todo, previous


def _reusable(previous: RunResult | None, fingerprint: str) -> bool:
    """The last run of this commune succeeded from the same inputs, and its products are still there."""
    return (
        previous is not None
        and previous.status == "ok"
        and previous.fingerprint == fingerprint
        and bool(previous.products)
        and all(Path(p).exists() for p in previous.products)
    )


def run_batch(
    period: str,
    *,
    communes: list[str] | None = None,
    workers: int | None = None,
    data_dir: str | Path | None = None,
    out_dir: str | Path = "outputs",
    timeout: int = 600,
    only_failed: bool = False,
    force: bool = False,
    scheduler: str | None = None,
    progress: bool = True,
    source: str = "auto",
) -> BatchResult:
    """Run the report of every listed commune (all of communes.yaml by default) for ``period``.

    A commune whose inputs, notebook and code are unchanged since its last successful run is
    not run again (``force`` reruns it). ``scheduler`` (``tcp://host:8786``) sends the
    communes to a Dask cluster instead of local worker processes. ``source`` chooses where each
    report's figures come from (core/sources.py); a commune run from another source runs again.
    """
    validate_source(source)
    period_obj = parse_period(period)
    period_id = period_obj.id
    root = resolve_data_root(data_dir)
    manifest = manifest_path(out_dir, period_id)
    todo, previous = _plan(root, manifest, communes, only_failed)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(manifest.parent)  # left by a killed run
    started = datetime.now().isoformat(timespec="seconds")
    fingerprints = {cid: commune_fingerprint(root, cid, period_obj, NOTEBOOK, source) for cid in todo}
    results = _initial_results(todo, previous, fingerprints, period_id, force)
    to_run = [cid for cid in todo if results[cid].status == "pending"]
    _write_manifest(manifest, period_id, started, results)

    arguments = (period_id, str(root.path.resolve()), str(Path(out_dir).resolve()), timeout, source)
    cpu = os.cpu_count() or 1
    finished = _jobs(to_run, arguments, scheduler, max(1, min(workers or cpu, len(to_run) or 1)))
    # A core of this machine is free when fewer communes are left than cores the workers keep
    # busy, and from the start when a Dask cluster runs them.
    busy = min(workers or cpu, cpu)
    city = CityAhead(root, period_obj, _city_communes(root, results), source)
    try:
        if to_run and (scheduler or len(to_run) < busy):
            city.start()
        bar = tqdm(total=len(to_run), desc=f"Lập báo cáo {period_id}", unit="xã", disable=not progress or not to_run)
        for count, (cid, result, error) in enumerate(finished if to_run else (), start=1):
            if scheduler or len(to_run) - count < busy:  # a worker has no commune left: its core is free
                city.start()
            if error is not None:  # the job could not report: its worker died, or a Dask task was lost
                message = str(error) if isinstance(error, TthcError) else f"{type(error).__name__}: {error}"
                result = RunResult(cid, period_id, status="failed", error=message)
            results[cid] = replace(result, fingerprint=fingerprints[cid] if result.status == "ok" else None)
            _write_manifest(manifest, period_id, started, results)
            bar.set_postfix_str(f"{cid}: {'xong' if result.status == 'ok' else 'LỖI'}")
            bar.update(1)
        bar.close()
        return _conclude(root, period_obj, results, fingerprints, out_dir, manifest, city.figures, source)
    finally:
        city.close()  # not needed (the city's set was unchanged) or the batch failed: stop it


def _jobs(to_run: list[str], arguments: tuple, scheduler: str | None, workers: int):
    """The communes' reports as they finish: on a Dask cluster, or in ``workers`` local processes."""
    if scheduler:
        return dask_results(run_one, to_run, arguments, scheduler)
    return local_results(run_one, to_run, arguments, workers)


def _initial_results(
    todo: list[str], previous: dict[str, RunResult], fingerprints: dict[str, str], period_id: str, force: bool
) -> dict[str, RunResult]:
    """Every commune of the manifest: reused when unchanged since its last success, else pending."""
    results = dict(previous)
    for cid in todo:
        if not force and _reusable(previous.get(cid), fingerprints[cid]):
            results[cid] = replace(previous[cid], reused=True, seconds=0.0)
        else:
            results[cid] = RunResult(cid, period_id, status="pending", fingerprint=fingerprints[cid])
    return results


def _city_communes(root: DataRoot, results: dict[str, RunResult]) -> list[str]:
    """The communes of the city's report: every commune of the manifest, in communes.yaml's order."""
    return [cid for cid in root.communes() if cid in results]


def _conclude(
    root: DataRoot,
    period: Period,
    results: dict[str, RunResult],
    fingerprints: dict[str, str],
    out_dir: str | Path,
    manifest: Path,
    city_figures: Callable[[], CityIndicators] | None = None,
    source: str = "auto",
) -> BatchResult:
    """The batch's end: its results in communes.yaml's order, the city's report and the index page."""
    known = root.communes()
    ordered = [results[cid] for cid in known if cid in results] + [r for c, r in results.items() if c not in known]
    for cid in results:
        if cid in known and cid not in fingerprints:
            fingerprints[cid] = commune_fingerprint(root, cid, period, NOTEBOOK, source)
    communes_done = _city_communes(root, results)
    succeeded = {r.commune for r in ordered if r.status == "ok"}
    city, city_error = write_city(
        root, period, communes_done, out_dir, fingerprints, succeeded, city_figures, source=source
    )
    index = write_index(out_dir, period.id, ordered, root, city)
    return BatchResult(period.id, ordered, manifest, index, city, city_error)


def write_city(
    root: DataRoot,
    period: Period,
    communes: list[str],
    out_dir: str | Path,
    fingerprints: dict[str, str],
    succeeded: set[str] | None = None,
    figures: Callable[[], CityIndicators] | None = None,
    *,
    source: str = "auto",
) -> tuple[Path | None, str | None]:
    """The city's consolidated report over the batch's communes (``tthc city``), kept as it is
    when none of its inputs changed. Returns its page (None when it could not be made) and why not.
    ``figures`` gives the city's figures when they were worked out already (:class:`CityAhead`)."""
    from ..report.paths import CityPaths

    paths = CityPaths.for_period(out_dir, period.id)
    # The page links each commune's report that exists: which ones do is an input too.
    linked = [
        c
        for c in communes
        if (succeeded is None or c in succeeded) and (paths.folder / paths.commune_report(c)).exists()
    ]
    digest = city_fingerprint(root, {c: fingerprints[c] for c in communes}, linked)
    if all(p.exists() for p in paths.products()) and paths.stamp.exists() and paths.stamp.read_text() == digest:
        return paths.page_html, None
    from ..indicators.city import city_indicators  # imported only when the set is written again
    from ..report.city_report import write_city_products

    try:
        city = figures() if figures else city_indicators(root, period, communes, source=source)
        if not city.with_data:
            return None, f"không xã, phường, đặc khu nào có số liệu {period.name}"
        write_city_products(city, root.centre(), out_dir, stamp=digest, linkable=set(linked))
    except Exception as exc:  # the batch's communes are done: a failure here must not lose them
        return None, f"{type(exc).__name__}: {exc}" if not isinstance(exc, TthcError) else str(exc)
    return paths.page_html, None


def _figures(paths: ProductPaths) -> dict | None:
    try:
        return json.loads(paths.indicators_json.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def write_index(
    out_dir: str | Path, period_id: str, results: list[RunResult], root: DataRoot, city: Path | None = None
) -> Path:
    """``<out>/<period>/index.html``: every commune, its status, key figures and report link,
    and the city's consolidated page."""
    out_dir = Path(out_dir)
    communes = root.communes()
    entries = []
    for result in results:
        commune = communes.get(result.commune)
        paths = ProductPaths.for_run(out_dir, result.commune, period_id)
        ok = result.status == "ok"
        entries.append(
            IndexEntry(
                name=commune.full_name if commune else result.commune,
                link=os.path.relpath(paths.report_html, out_dir / period_id) if ok else None,
                figures=_figures(paths) if ok else None,
                error=result.error,
            )
        )
    city_link = None if city is None else os.path.relpath(city, out_dir / period_id)
    return write_text(out_dir / period_id / "index.html", index_page(parse_period(period_id), entries, city_link))


def summary_lines(result: BatchResult) -> list[str]:
    """A plain-text summary table for the terminal."""
    width = max([len(r.commune) for r in result.results] + [8])
    lines = [f"{'Xã/phường':<{width}}  {'Trạng thái':<10}  {'Giây':>6}  Ghi chú"]
    for r in result.results:
        note = (r.error or "").splitlines()[0][:100] if r.status != "ok" else f"{r.findings} phát hiện"
        state = "LỖI" if r.status != "ok" else "dùng lại" if r.reused else "xong"
        lines.append(f"{r.commune:<{width}}  {state:<10}  {r.seconds:>6.1f}  {note}")
    ok = len(result.results) - len(result.failed)
    reused = sum(1 for r in result.results if r.reused)
    kept = f" ({reused} dùng lại vì dữ liệu không đổi)" if reused else ""
    lines.append(f"{ok}/{len(result.results)} xã xong{kept}. Trang mục lục: {result.index}")
    if result.city is not None:
        lines.append(f"Báo cáo tổng hợp: {result.city}")
    elif result.city_error:
        lines.append(f"Không lập được báo cáo tổng hợp: {result.city_error}")
    return lines
