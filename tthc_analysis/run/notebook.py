"""Run the parameterised report notebook with papermill and export the HTML report.

One run (commune × period) writes, under ``<out>/<commune>/<period>/``: the executed
notebook, the HTML report, and, from inside the notebook through the package,
indicators.json, the Biểu 06a workbook and the formal .docx.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import TthcError
from ..core.periods import parse_period
from ..inputs.dataroot import REPOSITORY, resolve_data_root, validate_commune_id
from ..report.html import notebook_to_html
from ..report.products import ProductPaths

NOTEBOOK = REPOSITORY / "notebooks" / "commune_report.ipynb"
KERNEL_START_TIMEOUT = 120
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


@contextlib.contextmanager
def kernel_messages_to(log: Path) -> Iterator[None]:
    """Send what the kernel process prints (start-up warnings, crashes) to ``log``, not the terminal."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log, "ab") as target:
        os.dup2(target.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def remove_stale_parts(folder: Path) -> None:
    """Delete temporary files a killed run left behind (products are renamed into place when done)."""
    for stale in folder.glob(".*.part*"):
        stale.unlink(missing_ok=True)


def is_kernel_start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}".lower()
    return any(s in text for s in _KERNEL_START_FAILURES)


def execute(
    notebook: Path,
    target: Path,
    parameters: dict[str, str],
    paths: ProductPaths,
    *,
    timeout: int,
    kernel_retries: int = 1,
) -> None:
    """Execute ``notebook`` into ``target`` with papermill; a kernel that did not start is retried.

    A notebook that fails is kept, with its error, as ``paths.failed_notebook``.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    for attempt in range(kernel_retries + 1):
        try:
            with kernel_messages_to(paths.kernel_log):
                pm.execute_notebook(
                    str(notebook),
                    str(target),
                    parameters=parameters,
                    cwd=str(notebook.parent),
                    kernel_name="python3",
                    progress_bar=False,
                    log_output=False,
                    execution_timeout=timeout,
                    start_timeout=KERNEL_START_TIMEOUT,
                    report_mode=False,
                )
            return
        except PapermillExecutionError as exc:
            shutil.move(str(target), paths.failed_notebook)
            raise ReportError(f"{exc.ename}: {exc.evalue}", paths.failed_notebook) from None
        except Exception as exc:
            if attempt < kernel_retries and is_kernel_start_failure(exc):
                time.sleep(2)
                continue
            raise ReportError(f"không chạy được sổ tay: {type(exc).__name__}: {exc}") from None


def run_report(
    commune: str,
    period: str,
    *,
    data_dir: str | Path | None = None,
    out_dir: str | Path = "outputs",
    timeout: int = 600,
    kernel_retries: int = 1,
    notebook: Path = NOTEBOOK,
) -> ProductPaths:
    """Execute the report notebook for one commune and period; return where its products are.

    Parameters are validated before they reach papermill: the commune id is a slug and
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
    handle, name = tempfile.mkstemp(prefix=f".{paths.notebook.stem}.", suffix=".part.ipynb", dir=paths.folder)
    os.close(handle)
    temp = Path(name)
    try:
        execute(notebook, temp, parameters, paths, timeout=timeout, kernel_retries=kernel_retries)
        os.chmod(temp, 0o644)
        os.replace(temp, paths.notebook)
    finally:
        temp.unlink(missing_ok=True)
    paths.kernel_log.unlink(missing_ok=True)  # kept only when the run failed
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
