"""Run a parameterised notebook in a (warm) kernel and export it as a shareable HTML page.

One path for every notebook (:func:`run_notebook`): parameters injected as papermill does,
a warm kernel (retried once when it does not start), a time limit per cell and per run,
the executed notebook kept (as ``…-loi.ipynb`` when it fails), the HTML export with a title.

- :func:`run_report`, one commune × period (``tthc report``, the batch), writes under
  ``<out>/<commune>/<period>/``: the executed notebook, the HTML report, and, from inside
  the notebook through the package, indicators.json, the Biểu 06a workbook and the .docx;
- :func:`run_trends`, several communes over a run of months (``tthc trends``), writes
  ``<out>/trends/xu-huong-<communes>-<first>-<last>.ipynb`` and ``.html``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Protocol

from ..core import errors
from ..core.atomic import atomic_path
from ..core.errors import NotebookFailed, ReportError, TimeLimitReached, TthcError
from ..core.periods import parse_period, require_started
from ..core.sources import validate_source
from ..inputs.dataroot import REPOSITORY, resolve_data_root, validate_commune_id
from ..report.html import notebook_to_html
from ..report.paths import ProductPaths, TrendsPaths
from .kernel import WarmKernel

NOTEBOOK = REPOSITORY / "notebooks" / "commune_report.ipynb"
TRENDS_NOTEBOOK = REPOSITORY / "notebooks" / "trends.ipynb"
_KERNEL_START_FAILURES = (
    "kernel died",
    "kernel didn't respond",
    "kernel_info",
    "no such kernel",
    "timeout waiting for kernel",
    "kernel failed to start",
)


class RunPaths(Protocol):
    """Where a notebook run's products go (:class:`ProductPaths`, :class:`TrendsPaths`)."""

    @property
    def folder(self) -> Path: ...

    @property
    def notebook(self) -> Path: ...

    @property
    def failed_notebook(self) -> Path: ...

    @property
    def report_html(self) -> Path: ...

    def products(self) -> list[Path]: ...


def whole_products(paths: RunPaths) -> bool:
    """Every product of one successful run is there and none was written after it: the files
    the notebook writes are not newer than the executed notebook, saved once every cell had run,
    nor that newer than the HTML page made from it. A later run stopped half way leaves some
    newer, and a mix of two runs is not a report."""
    try:
        times = {path: path.stat().st_mtime_ns for path in paths.products()}
    except OSError:
        return False
    notebook, html = times.pop(paths.notebook), times.pop(paths.report_html)
    return max(times.values(), default=notebook) <= notebook <= html


# A Python class name before a colon ("KeyError: ", "zipfile.BadZipFile: "), not inside a quoted name.
_CLASS_NAME = re.compile(
    r"(?<![\w.'\"/\\-])(?:[a-z_][a-z0-9_]*\.)*"
    r"([A-Z][A-Za-z0-9]*(?:Error|Exception|Warning|Interrupt|Exit|Failed|Worker|Reached|Died|Timeout)|BadZipFile)"
    r":(?:\s+|$)"
)
_OWN_ERRORS = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, TthcError)}
UNEXPECTED = "lỗi không mong đợi khi lập báo cáo (chi tiết trong manifest.json)"
DASK_LOST = "tiến trình xử lý trên cụm Dask dừng đột ngột nhiều lần"


def failure_text(error: str | None, pending: bool = False, unexpected: str = UNEXPECTED) -> str:
    """Why a commune failed, as the clerk reads it: the package's Vietnamese message, without
    the class name a notebook puts before it; a library's English (a bug: "KeyError: 'x'") is
    left in the manifest and named only as an unexpected error."""
    text = (error or "").strip()
    for match in reversed(list(_CLASS_NAME.finditer(text))):
        name = match.group(1)
        if name in _OWN_ERRORS:
            text = text[: match.start()] + text[match.end() :]
        else:
            head = text[: match.start()].rstrip(" :")
            text = head or (DASK_LOST if name == "KilledWorker" else unexpected)
    return text or ("chưa chạy xong" if pending else unexpected)


def remove_stale_parts(folder: Path) -> None:
    """Delete temporary files a killed run left behind (products are renamed into place when done)."""
    for stale in folder.glob(".*.part*"):
        stale.unlink(missing_ok=True)


def is_kernel_start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}".lower()
    return any(s in text for s in _KERNEL_START_FAILURES)


def _start(kernel: WarmKernel, retries: int, early_error: Exception | None = None) -> None:
    """Start the kernel if it is not running and wait until it answers; a kernel that did not
    start is retried (``early_error``: the launch before the notebook was read failed, which
    counts as the first try)."""
    error = early_error
    for attempt in range(retries + 1):
        if error is None:
            try:
                if kernel.km is None or not kernel.km.is_alive():
                    kernel.launch()
                if not kernel.ready:
                    kernel.wait_ready()
                return
            except Exception as exc:
                error = exc
        kernel.shutdown()
        if attempt < retries and is_kernel_start_failure(error):
            time.sleep(2)
            error = None
            continue
        raise ReportError(f"không khởi động được kernel: {type(error).__name__}: {error}") from None


def _launch_early(kernel: WarmKernel) -> Exception | None:
    """Launch a kernel that is not running, without waiting for it; return what went wrong."""
    if kernel.km is not None and kernel.km.is_alive():
        return None
    try:
        kernel.launch()
    except Exception as exc:
        return exc
    return None


def execute(
    notebook: Path,
    parameters: dict[str, str],
    paths: RunPaths,
    kernel: WarmKernel,
    *,
    timeout: int,
    time_limit: float | None = None,
    kernel_retries: int = 1,
) -> None:
    """Execute ``notebook`` with ``parameters`` (injected as papermill does) into ``paths.notebook``.

    A notebook that fails is kept, with its error, as ``paths.failed_notebook``.
    """
    early_error = _launch_early(kernel)  # the kernel boots while papermill is imported and the notebook read
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    node = load_notebook_node(str(notebook))  # as papermill reads it (every cell has its tags)
    node = parameterize_notebook(node, parameters, report_mode=False, kernel_name="python3", language="python")
    _start(kernel, kernel_retries, early_error)
    try:
        executed = kernel.run(node, cell_timeout=timeout, time_limit=time_limit)
    except NotebookFailed as exc:
        with atomic_path(paths.failed_notebook) as temp:
            nbformat.write(exc.notebook, str(temp))
        if exc.interrupted:
            raise TimeLimitReached(f"quá thời gian {time_limit:g} giây cho một đơn vị", paths.failed_notebook) from None
        raise ReportError(str(exc), paths.failed_notebook) from None
    with atomic_path(paths.notebook) as temp:
        nbformat.write(executed, str(temp))


def run_notebook(
    notebook: Path,
    parameters: dict[str, str],
    paths: RunPaths,
    title: str,
    *,
    timeout: int = 600,
    time_limit: float | None = None,
    kernel: WarmKernel | None = None,
    kernel_retries: int = 1,
) -> RunPaths:
    """Execute ``notebook`` with (already validated) ``parameters`` and export its HTML page titled ``title``.

    ``kernel`` keeps one kernel for many runs (a batch worker's); without it a kernel is
    started for this run alone. ``timeout`` limits each cell, ``time_limit`` the run. Every
    product of ``paths`` must exist afterwards.
    """
    if not notebook.exists():
        raise TthcError(f"không tìm thấy sổ tay {notebook}; lệnh cần thư mục notebooks/ của kho mã")
    paths.folder.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(paths.folder)
    options = {"timeout": timeout, "time_limit": time_limit, "kernel_retries": kernel_retries}
    try:
        if kernel is None:
            with WarmKernel(notebook.parent) as own:
                execute(notebook, parameters, paths, own, **options)
        else:
            execute(notebook, parameters, paths, kernel, **options)
        paths.failed_notebook.unlink(missing_ok=True)
        notebook_to_html(paths.notebook, paths.report_html, title)
    except (KeyboardInterrupt, SystemExit):
        # Stopped (Ctrl+C): the kernel that ran the cells is ended by now (WarmKernel.run), and
        # what it was writing when it was killed goes too. Finished products stay whole.
        remove_stale_parts(paths.folder)
        raise
    missing = [p for p in paths.products() if not p.exists()]
    if missing:
        raise ReportError(
            f"sổ tay chạy xong nhưng thiếu sản phẩm: {', '.join(p.name for p in missing)}", paths.notebook
        )
    return paths


def run_report(
    commune: str,
    period: str,
    *,
    data_dir: str | Path | None = None,
    out_dir: str | Path = "outputs",
    timeout: int = 600,
    time_limit: float | None = None,
    kernel: WarmKernel | None = None,
    kernel_retries: int = 1,
    notebook: Path = NOTEBOOK,
    source: str = "auto",
    template: str | Path | None = None,
) -> ProductPaths:
    """Execute the report notebook for one commune and period; return where its products are.
    ``template``: a Word template for the formal .docx (else the commune's ``template:``).

    Parameters are validated before they reach the notebook: the commune id is a slug, the
    period parses and ``source`` is one of :data:`~tthc_analysis.core.sources.SOURCES`, so no value can become code or a
    path outside ``out_dir``.
    """
    validate_commune_id(commune)
    validate_source(source)
    period_id = parse_period(period).id
    require_started(parse_period(period_id))
    root = resolve_data_root(data_dir)
    unit = root.commune(commune)  # fails early, with a clear message, for an unknown commune
    # A period the data do not cover is refused here, naming the days they cover, before a
    # notebook runs and leaves a …-loi.ipynb (imported here: a batch's parent never loads pandas).
    from ..indicators.commune import require_figures

    require_figures(root, commune, parse_period(period_id), source=source)
    template = template or root.template_file(commune)
    if template is not None and not Path(template).is_file():
        raise errors.InputError("không tìm thấy mẫu báo cáo (.docx)", file=template)
    parameters = {
        "commune": commune,
        "period": period_id,
        "data_dir": str(root.path.resolve()),
        "out_dir": str(Path(out_dir).resolve()),
        "source": source,
        "template": str(Path(template).resolve()) if template else "",
    }
    title = f"Báo cáo cải cách TTHC {unit.period(parse_period(period_id)).name} – {unit.full_name}"
    paths = ProductPaths.for_run(out_dir, commune, period_id)
    run_notebook(
        notebook,
        parameters,
        paths,
        title,
        timeout=timeout,
        time_limit=time_limit,
        kernel=kernel,
        kernel_retries=kernel_retries,
    )
    return paths


def run_trends(
    communes: str | list[str] = "all",
    first: str = "2025-01",
    last: str = "2026-02",
    *,
    data_dir: str | Path | None = None,
    out_dir: str | Path = "outputs",
    timeout: int = 600,
    kernel: WarmKernel | None = None,
    notebook: Path = TRENDS_NOTEBOOK,
    step: str = "month",
) -> TrendsPaths:
    """Execute the trends notebook for ``communes`` ("all" or ids) from ``first`` to ``last`` by
    month, quarter or year (``step``).

    The communes are checked against communes.yaml and the periods parse (the first not
    after the last, at least one whole of the step) before a kernel starts; only those checked
    values reach the notebook.
    """
    from ..indicators.trends import trend_window  # pandas: only when trends run
    from ..report.trend_tables import trends_title

    root = resolve_data_root(data_dir)
    chosen = root.select(communes)
    window = trend_window(first, last, step)
    start, end = window[0], window[-1]
    parameters = {
        "communes": ",".join(chosen),
        "first_period": start.id,
        "last_period": end.id,
        "step": step,
        "data_dir": str(root.path.resolve()),
        "out_dir": str(Path(out_dir).resolve()),
    }
    paths = TrendsPaths.for_run(out_dir, start.id, end.id, chosen, every=root.communes())
    run_notebook(notebook, parameters, paths, trends_title(start, end), timeout=timeout, kernel=kernel)
    return paths
