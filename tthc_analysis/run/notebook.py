"""Run the parameterised report notebook in a (warm) kernel and export the HTML report.

One run (commune × period) writes, under ``<out>/<commune>/<period>/``: the executed
notebook, the HTML report, and, from inside the notebook through the package,
indicators.json, the Biểu 06a workbook and the formal .docx.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..core.atomic import atomic_path
from ..core.errors import TthcError
from ..core.periods import parse_period
from ..inputs.dataroot import REPOSITORY, resolve_data_root, validate_commune_id
from ..report.html import notebook_to_html
from ..report.paths import ProductPaths
from .kernel import NotebookFailed, WarmKernel

NOTEBOOK = REPOSITORY / "notebooks" / "commune_report.ipynb"
_KERNEL_START_FAILURES = (
    "kernel died",
    "kernel didn't respond",
    "kernel_info",
    "no such kernel",
    "timeout waiting for kernel",
    "kernel failed to start",
)


class ReportError(TthcError):
    """The notebook failed; ``notebook`` is the executed copy kept for debugging."""

    def __init__(self, message: str, notebook: Path | None = None) -> None:
        super().__init__(message)
        self.notebook = notebook


class TimeLimitReached(ReportError):
    """A commune's report took longer than its time limit (the kernel was interrupted)."""


def remove_stale_parts(folder: Path) -> None:
    """Delete temporary files a killed run left behind (products are renamed into place when done)."""
    for stale in folder.glob(".*.part*"):
        stale.unlink(missing_ok=True)


def is_kernel_start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}".lower()
    return any(s in text for s in _KERNEL_START_FAILURES)


def _start(kernel: WarmKernel, retries: int) -> None:
    """Start the kernel if it is not running; a kernel that did not start is retried."""
    for attempt in range(retries + 1):
        if kernel.km is not None and kernel.km.is_alive():
            return
        try:
            kernel.start()
            return
        except Exception as exc:
            kernel.shutdown()
            if attempt < retries and is_kernel_start_failure(exc):
                time.sleep(2)
                continue
            raise ReportError(f"không khởi động được kernel: {type(exc).__name__}: {exc}") from None


def execute(
    notebook: Path,
    parameters: dict[str, str],
    paths: ProductPaths,
    kernel: WarmKernel,
    *,
    timeout: int,
    time_limit: float | None = None,
    kernel_retries: int = 1,
) -> None:
    """Execute ``notebook`` with ``parameters`` (injected as papermill does) into ``paths.notebook``.

    A notebook that fails is kept, with its error, as ``paths.failed_notebook``.
    """
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    node = load_notebook_node(str(notebook))  # as papermill reads it (every cell has its tags)
    node = parameterize_notebook(node, parameters, report_mode=False, kernel_name="python3", language="python")
    _start(kernel, kernel_retries)
    try:
        executed = kernel.run(node, cell_timeout=timeout, time_limit=time_limit)
    except NotebookFailed as exc:
        with atomic_path(paths.failed_notebook) as temp:
            nbformat.write(exc.notebook, str(temp))
        if exc.interrupted:
            raise TimeLimitReached(f"quá thời gian {time_limit:g} giây cho một xã", paths.failed_notebook) from None
        raise ReportError(str(exc), paths.failed_notebook) from None
    with atomic_path(paths.notebook) as temp:
        nbformat.write(executed, str(temp))


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
) -> ProductPaths:
    """Execute the report notebook for one commune and period; return where its products are.

    ``kernel`` keeps one kernel for many reports (a batch worker's); without it a kernel is
    started for this report alone. ``timeout`` limits each cell, ``time_limit`` the report.
    Parameters are validated before they reach the notebook: the commune id is a slug and
    the period parses, so no value can become code or a path outside ``out_dir``.
    """
    validate_commune_id(commune)
    period_id = parse_period(period).id
    root = resolve_data_root(data_dir)
    unit = root.commune(commune)  # fails early, with a clear message, for an unknown commune
    if not notebook.exists():
        raise TthcError(f"không tìm thấy sổ tay {notebook}; tthc report cần thư mục notebooks/ của kho mã")
    paths = ProductPaths.for_run(out_dir, commune, period_id)
    paths.folder.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(paths.folder)
    parameters = {
        "commune": commune,
        "period": period_id,
        "data_dir": str(root.path.resolve()),
        "out_dir": str(Path(out_dir).resolve()),
    }
    if kernel is None:
        with WarmKernel(notebook.parent) as own:
            execute(
                notebook, parameters, paths, own, timeout=timeout, time_limit=time_limit, kernel_retries=kernel_retries
            )
    else:
        execute(
            notebook, parameters, paths, kernel, timeout=timeout, time_limit=time_limit, kernel_retries=kernel_retries
        )
    paths.failed_notebook.unlink(missing_ok=True)
    notebook_to_html(
        paths.notebook, paths.report_html, f"Báo cáo cải cách TTHC {parse_period(period_id).name} – {unit.full_name}"
    )
    missing = [p for p in paths.products() if not p.exists()]
    if missing:
        raise ReportError(
            f"sổ tay chạy xong nhưng thiếu sản phẩm: {', '.join(p.name for p in missing)}", paths.notebook
        )
    return paths
