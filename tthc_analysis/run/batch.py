"""Every commune of a city for one period, in parallel (``tthc batch``).

Each commune runs the report notebook in a worker (run/executors.py, ``run_one``) — a local
process or a Dask worker — that keeps one warm kernel for all its communes; one failure never
stops the others, not even one that kills its worker process. A commune whose inputs did not
change since its last successful run is not run again (the manifest says it was reused). A
manifest (commune, status, seconds, error, products) is rewritten atomically after every
commune, so a run that is killed or stopped (Ctrl+C ends the workers and their kernels) still
accounts for what finished, and ``--only-failed`` reruns what did not. Two batches of one
period never run at once (a lock in ``<out>/<period>/``). The run ends with
``<out>/<period>/index.html`` linking every commune's report with its key figures.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from ..core.atomic import exclusive, write_json
from ..core.errors import InputError, TthcError
from ..core.periods import Period, parse_period, require_started
from ..core.sources import validate_source
from ..inputs.dataroot import DataRoot, resolve_data_root, validate_commune_id
from ..report.paths import ProductPaths, period_part
from .batch_index import write_index
from .city_ahead import CityAhead
from .executors import RunResult, dask_results, local_results, run_one
from .fingerprint import city_fingerprint, commune_fingerprint
from .notebook import NOTEBOOK, failure_text, remove_stale_parts, whole_products

if TYPE_CHECKING:
    from ..indicators.city import CityIndicators

LOCK = "batch.lock"  # in <out>/<period>/, while a batch of the period runs


@dataclass(frozen=True)
class BatchResult:
    period: str
    results: list[RunResult]
    manifest: Path
    index: Path
    city: Path | None = None  # the city's consolidated page, when it could be made
    city_error: str | None = None  # why it could not
    ran: frozenset[str] | None = None  # the communes this batch ran or reused (None: every one)
    kept: frozenset[str] = frozenset()  # of the others, those whose earlier report is whole

    def ran_now(self, commune: str) -> bool:
        return self.ran is None or commune in self.ran

    def standing(self, result: RunResult) -> str:
        """ "ok", "reused", "failed", or for a commune this batch did not run: "earlier" (its
        earlier report is whole), "not_run" (none yet; it failed before: "failed")."""
        if not self.ran_now(result.commune) and result.status != "failed":
            return "earlier" if result.commune in self.kept else "not_run"
        return "failed" if result.status != "ok" else "reused" if result.reused else "ok"

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if self.standing(r) == "failed"]


def manifest_path(out_dir: str | Path, period_id: str) -> Path:
    return Path(out_dir) / period_part(period_id) / "manifest.json"  # beside the city's products


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
    updated, communes = datetime.now().isoformat(timespec="seconds"), {cid: asdict(r) for cid, r in results.items()}
    write_json(path, {"period": period_id, "started": started, "updated": updated, "communes": communes})


def _check_communes(root: DataRoot, communes: list[str]) -> None:
    for cid in communes:
        validate_commune_id(cid)
        if cid not in root.communes():
            raise InputError(f"không có xã/phường '{cid}' trong communes.yaml", file=root.communes_file)


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
    _check_communes(root, todo)
    return todo, previous


def _reusable(previous: RunResult | None, fingerprint: str, paths: ProductPaths) -> bool:
    """The last run of this commune succeeded from the same inputs, and its products are still there, whole."""
    return (
        previous is not None
        and previous.status == "ok"
        and previous.fingerprint == fingerprint
        and bool(previous.products)
        and all(Path(p).exists() for p in previous.products)
        and whole_products(paths)
    )


@dataclass
class _Batch:
    """One batch's state: where it writes, and the manifest's communes as they finish."""

    root: DataRoot
    period: Period
    out_dir: str | Path
    manifest: Path
    source: str
    started: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    todo: list[str] = field(default_factory=list)  # the communes this batch runs or reuses
    results: dict[str, RunResult] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)

    def record(self) -> None:
        _write_manifest(self.manifest, self.period.id, self.started, self.results)

    def paths(self, commune: str) -> ProductPaths:
        return ProductPaths.for_run(self.out_dir, commune, self.period.id)


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
    While it runs no other batch of the period can start (``<out>/<period>/batch.lock``).
    """
    validate_source(source)
    period_obj = parse_period(period)
    require_started(period_obj)  # from the calendar: nothing is loaded, nothing written
    root = resolve_data_root(data_dir)
    _check_communes(root, list(communes or []))  # refused before anything is written
    manifest = manifest_path(out_dir, period_obj.id)
    if only_failed and not manifest.exists():
        read_manifest(manifest)  # refused: no earlier run to take the failures of
    manifest.parent.mkdir(parents=True, exist_ok=True)
    # Two batches of a period at once would write the same manifest and products: the second is refused.
    with exclusive(manifest.parent / LOCK, f"một lần chạy tthc batch khác của {period_obj.name}"):
        todo, previous = _plan(root, manifest, communes, only_failed)
        remove_stale_parts(manifest.parent)  # left by a killed run
        batch = _Batch(root, period_obj, out_dir, manifest, source, todo=todo)
        batch.fingerprints = {cid: commune_fingerprint(root, cid, period_obj, NOTEBOOK, source) for cid in todo}
        batch.results = _initial_results(todo, previous, batch, force)
        batch.record()
        return _run(batch, timeout=timeout, workers=workers, scheduler=scheduler, progress=progress)


def _run(batch: _Batch, *, timeout: int, workers: int | None, scheduler: str | None, progress: bool) -> BatchResult:
    """The communes to run, in workers, the city's figures on a core that is free, and the end;
    Ctrl+C (or an error) half way ends the workers and their kernels and keeps what finished."""
    to_run = [cid for cid in batch.todo if batch.results[cid].status == "pending"]
    root, period = batch.root, batch.period
    arguments = (period.id, str(root.path.resolve()), str(Path(batch.out_dir).resolve()), timeout, batch.source)
    cpu = os.cpu_count() or 1
    finished = _jobs(to_run, arguments, scheduler, max(1, min(workers or cpu, len(to_run) or 1)))
    # A core of this machine is free when fewer communes are left than cores the workers keep
    # busy, and from the start when a Dask cluster runs them.
    busy = min(workers or cpu, cpu)
    city = CityAhead(root, period, _city_communes(root, batch.results), batch.source)
    try:
        if to_run and (scheduler or len(to_run) < busy):
            city.start()
        bar = tqdm(
            total=len(to_run), desc=f"Lập báo cáo {period.id}", unit=" đơn vị", disable=not progress or not to_run
        )
        with contextlib.closing(bar):
            for count, (cid, result, error) in enumerate(finished if to_run else (), start=1):
                if scheduler or len(to_run) - count < busy:  # a worker has no commune left: its core is free
                    city.start()
                _finish(batch, cid, result, error)
                bar.set_postfix_str(f"{cid}: {'xong' if batch.results[cid].status == 'ok' else 'LỖI'}")
                bar.update(1)
        return _conclude(batch, city.figures)
    except BaseException:
        _stopped(batch, finished)
        raise
    finally:
        city.close()  # not needed (the city's set was unchanged) or the batch failed: stop it


def _finish(batch: _Batch, cid: str, result: RunResult | None, error: BaseException | None) -> None:
    """Record a commune that finished, in the manifest at once."""
    if error is not None:  # the job could not report: its worker died, or a Dask task was lost
        message = str(error) if isinstance(error, TthcError) else f"{type(error).__name__}: {error}"
        result = RunResult(cid, batch.period.id, status="failed", error=message)
    fingerprint = batch.fingerprints[cid] if result.status == "ok" else None
    batch.results[cid] = replace(result, fingerprint=fingerprint)
    batch.record()


def _stopped(batch: _Batch, finished) -> None:
    """A batch stopped half way (Ctrl+C, or an error): its workers and their kernels are ended
    (the job generator's own end), what they were writing is removed, and the manifest holds
    every commune that finished; the others stay "pending" (``--only-failed`` runs them)."""
    finished.close()
    for cid, result in batch.results.items():
        if result.status == "pending":
            remove_stale_parts(batch.paths(cid).folder)
    batch.record()
    remove_stale_parts(batch.manifest.parent)


def _jobs(to_run: list[str], arguments: tuple, scheduler: str | None, workers: int):
    """The communes' reports as they finish: on a Dask cluster, or in ``workers`` local processes."""
    if scheduler:
        return dask_results(run_one, to_run, arguments, scheduler)
    return local_results(run_one, to_run, arguments, workers)


def _initial_results(
    todo: list[str], previous: dict[str, RunResult], batch: _Batch, force: bool
) -> dict[str, RunResult]:
    """Every commune of the manifest: reused when unchanged since its last success, else pending."""
    results = dict(previous)
    for cid in todo:
        fingerprint = batch.fingerprints[cid]
        if not force and _reusable(previous.get(cid), fingerprint, batch.paths(cid)):
            results[cid] = replace(previous[cid], reused=True, seconds=0.0)
        else:
            results[cid] = RunResult(cid, batch.period.id, status="pending", fingerprint=fingerprint)
    return results


def _city_communes(root: DataRoot, results: dict[str, RunResult]) -> list[str]:
    """The communes of the city's report: every commune of the manifest, in communes.yaml's order."""
    return [cid for cid in root.communes() if cid in results]


def _conclude(batch: _Batch, city_figures: Callable[[], CityIndicators] | None = None) -> BatchResult:
    """The batch's end: its results in communes.yaml's order, the city's report and the index page."""
    root, results, fingerprints, period = batch.root, batch.results, batch.fingerprints, batch.period
    known = root.communes()
    ordered = [results[cid] for cid in known if cid in results] + [r for c, r in results.items() if c not in known]
    for cid in results:
        if cid in known and cid not in fingerprints:
            fingerprints[cid] = commune_fingerprint(root, cid, period, NOTEBOOK, batch.source)
    ran = frozenset(batch.todo)
    kept = frozenset(r.commune for r in ordered if r.commune not in ran and whole_products(batch.paths(r.commune)))
    succeeded = {r.commune for r in ordered if r.status == "ok" and r.commune in ran} | kept
    communes = _city_communes(root, results)
    city, error = write_city(
        root, period, communes, batch.out_dir, fingerprints, succeeded, city_figures, source=batch.source
    )
    done = BatchResult(period.id, ordered, batch.manifest, batch.manifest, city, error, ran, kept)
    return replace(done, index=write_index(batch.out_dir, period.id, ordered, root, done, city))


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
    from ..report.city.report import write_city_products

    try:
        city = figures() if figures else city_indicators(root, period, communes, source=source)
        if not city.with_data:
            return None, f"không xã, phường, đặc khu nào có số liệu {period.name}"
        write_city_products(city, root.centre(), out_dir, stamp=digest, linkable=set(linked))
    except Exception as exc:  # the batch's communes are done: a failure here must not lose them
        return None, f"{type(exc).__name__}: {exc}" if not isinstance(exc, TthcError) else str(exc)
    return paths.page_html, None


STATES = {"ok": "xong", "reused": "dùng lại", "failed": "LỖI", "earlier": "xong", "not_run": "chưa chạy"}
CITY_UNEXPECTED = "lỗi không mong đợi (lệnh tthc city của kỳ này cho biết chi tiết)"


def _note(result: RunResult, state: str, batch: BatchResult) -> str:
    if state == "failed":
        note = failure_text(result.error, result.status == "pending").splitlines()[0][:100]
        return note + ("; còn báo cáo lần trước" if result.commune in batch.kept else "")
    if state == "not_run":
        return "sản phẩm lần trước không còn đủ" if result.status == "ok" else ""
    findings = f"{result.findings} phát hiện" if result.status == "ok" else ""
    return ", ".join(filter(None, [findings, "báo cáo lần trước" if state == "earlier" else ""]))


def summary_lines(result: BatchResult) -> list[str]:
    """A plain-text summary table for the terminal, in Vietnamese: a commune, ward or special
    zone is an "đơn vị"; one the batch did not get to is "chưa chạy", not an error."""
    width = max([len(r.commune) for r in result.results] + [8])
    lines = [f"{'Đơn vị':<{width}}  {'Trạng thái':<10}  {'Giây':>6}  Ghi chú"]
    states = [result.standing(r) for r in result.results]
    for r, state in zip(result.results, states, strict=True):
        lines.append(
            f"{r.commune:<{width}}  {STATES[state]:<10}  {r.seconds:>6.1f}  {_note(r, state, result)}".rstrip()
        )
    done = sum(1 for s in states if s in ("ok", "reused", "earlier"))
    reused = f" ({states.count('reused')} dùng lại vì dữ liệu không đổi)" if "reused" in states else ""
    waiting = f", {states.count('not_run')} chưa chạy" if "not_run" in states else ""
    lines.append(f"{done}/{len(states)} đơn vị xong{reused}{waiting}. Trang mục lục: {result.index}")
    if result.city is not None:
        lines.append(f"Báo cáo tổng hợp: {result.city}")
    elif result.city_error:
        lines.append(f"Không lập được báo cáo tổng hợp: {failure_text(result.city_error, unexpected=CITY_UNEXPECTED)}")
    return lines
