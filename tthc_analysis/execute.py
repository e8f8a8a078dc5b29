"""Run the parameterised monthly notebook with papermill and export the HTML report.

One run (commune × period) writes, under ``<out>/<commune>/<period>/``: the executed
notebook, the HTML report, and, from inside the notebook through the package,
indicators.json, the Biểu 06a workbook and the formal .docx (DESIGN §7).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .dataset import REPOSITORY, resolve_data_root, validate_commune_id
from .errors import InputError, TthcError
from .periods import parse_period
from .products import ProductPaths

NOTEBOOK = REPOSITORY / "notebooks" / "monthly_report.ipynb"
KERNEL_START_TIMEOUT = 120


class ReportError(TthcError):
    """The notebook failed; ``notebook`` is the executed copy kept for debugging."""

    def __init__(self, message: str, notebook: Path | None = None, bad_input: bool = False) -> None:
        super().__init__(message)
        self.notebook = notebook
        self.bad_input = bad_input


@dataclass
class RunResult:
    """What one commune's run produced."""

    commune: str
    period: str
    status: str = "ok"  # "ok" or "failed"
    seconds: float = 0.0
    error: str | None = None
    products: list[str] = field(default_factory=list)
    findings: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _kernel_messages_to(log: Path):
    """Send what the kernel process prints (start-up warnings, crashes) to ``log``, not the terminal."""
    import contextlib
    import sys

    @contextlib.contextmanager
    def redirect():
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

    return redirect()


def remove_stale_parts(folder: Path) -> None:
    """Delete temporary files a killed run left behind (products are renamed into place when done)."""
    for stale in folder.glob(".*.part*"):
        stale.unlink(missing_ok=True)


def executed_notebook_path(paths: ProductPaths) -> Path:
    return paths.folder / f"bao-cao-{paths.commune_id}-{paths.period_id}.ipynb"


def html_path(paths: ProductPaths) -> Path:
    return paths.folder / f"bao-cao-{paths.commune_id}-{paths.period_id}.html"


def _is_kernel_start_failure(exc: BaseException) -> bool:
    text = f"{type(exc).__name__}: {exc}".lower()
    return any(s in text for s in ("kernel died", "kernel didn't respond", "kernel_info", "no such kernel",
                                   "timeout waiting for kernel", "kernel failed to start"))


def run_report(commune: str, period: str, *, data_dir: str | Path | None = None, out_dir: str | Path = "outputs",
               timeout: int = 600, kernel_retries: int = 1, notebook: Path = NOTEBOOK) -> list[Path]:
    """Execute the monthly notebook for one commune and period; return the products written.

    Parameters are validated before they reach papermill: the commune id is a slug and
    the period parses, so no value can become code or a path outside ``out_dir``.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    validate_commune_id(commune)
    period_id = parse_period(period).id
    root = resolve_data_root(data_dir)
    title_commune = root.commune(commune)  # fails early, with a clear message, for an unknown commune
    if not notebook.exists():
        raise TthcError(f"không tìm thấy sổ tay {notebook}; tthc report cần thư mục notebooks/ của kho mã")
    paths = ProductPaths.for_run(out_dir, commune, period_id)
    paths.folder.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(paths.folder)
    executed = executed_notebook_path(paths)
    parameters = {"commune": commune, "period": period_id, "data_dir": str(root.path.resolve()),
                  "out_dir": str(Path(out_dir).resolve())}
    kernel_log = paths.folder / f"bao-cao-{commune}-{period_id}.kernel.log"
    handle, temp_name = tempfile.mkstemp(prefix=f".{executed.stem}.", suffix=".part.ipynb", dir=paths.folder)
    os.close(handle)
    temp = Path(temp_name)
    try:
        for attempt in range(kernel_retries + 1):
            try:
                with _kernel_messages_to(kernel_log):
                    pm.execute_notebook(
                        str(notebook), str(temp), parameters=parameters, cwd=str(notebook.parent),
                        kernel_name="python3", progress_bar=False, log_output=False,
                        execution_timeout=timeout, start_timeout=KERNEL_START_TIMEOUT, report_mode=False,
                    )
                break
            except PapermillExecutionError as exc:
                # Keep the executed notebook, with its error, for debugging.
                failed = executed.with_name(executed.stem + "-loi.ipynb")
                shutil.move(str(temp), failed)
                bad_input = exc.ename in ("InputError", "PdfError")
                raise ReportError(f"{exc.ename}: {exc.evalue}", failed, bad_input=bad_input) from None
            except Exception as exc:  # noqa: BLE001 - a kernel that did not start is retried once
                if attempt < kernel_retries and _is_kernel_start_failure(exc):
                    time.sleep(2)
                    continue
                raise ReportError(f"không chạy được sổ tay: {type(exc).__name__}: {exc}") from None
        os.chmod(temp, 0o644)
        os.replace(temp, executed)
        kernel_log.unlink(missing_ok=True)  # kept only when the run failed
        stale = executed.with_name(executed.stem + "-loi.ipynb")
        if stale.exists():
            stale.unlink()
    finally:
        if temp.exists():
            temp.unlink()

    from .htmlreport import notebook_to_html

    title = f"Báo cáo cải cách TTHC {parse_period(period_id).name} – {title_commune.full_name}"
    page = notebook_to_html(executed, html_path(paths), title)
    products = [executed, page, paths.indicators_json, paths.bieu06a_xlsx, paths.report_docx]
    missing = [p for p in products if not p.exists()]
    if missing:
        raise ReportError(f"sổ tay chạy xong nhưng thiếu sản phẩm: {', '.join(p.name for p in missing)}", executed)
    return products


class CommuneTimeout(TthcError):
    """A commune's run took longer than its time limit."""


def _time_limit(seconds: int):
    """Raise :class:`CommuneTimeout` in this (worker) process after ``seconds`` (POSIX; else no limit)."""
    import contextlib
    import signal

    @contextlib.contextmanager
    def limit():
        if not hasattr(signal, "SIGALRM") or seconds <= 0:
            yield
            return

        def stop(signum, frame):
            raise CommuneTimeout(f"quá thời gian {seconds} giây cho một xã")

        previous = signal.signal(signal.SIGALRM, stop)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    return limit()


def run_one(commune: str, period: str, data_dir: str | None, out_dir: str, timeout: int) -> RunResult:
    """A batch worker's job: never raises, reports what happened.

    ``timeout`` limits the whole commune (the kernel is shut down when it is reached).
    """
    started = time.monotonic()
    result = RunResult(commune, period)
    try:
        with _time_limit(timeout):
            products = run_report(commune, period, data_dir=data_dir, out_dir=out_dir, timeout=timeout)
        result.products = [str(p) for p in products]
        indicators = json.loads(products[2].read_text(encoding="utf-8"))
        result.findings = len(indicators.get("findings", []))
    except (TthcError, InputError) as exc:
        result.status, result.error = "failed", str(exc)
        notebook = getattr(exc, "notebook", None)
        if notebook is not None:
            result.products = [str(notebook)]
    except Exception as exc:  # noqa: BLE001 - one commune never stops the others
        result.status, result.error = "failed", f"{type(exc).__name__}: {exc}"
    result.seconds = round(time.monotonic() - started, 1)
    return result
