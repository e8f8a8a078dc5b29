"""Where a batch's communes run: local worker processes, or the workers of a Dask cluster.

Both take the same job (:func:`run_one`, a plain function of plain arguments, which runs one
commune's report and returns its :class:`RunResult`) and yield each commune's result as it
finishes. A job that raises is reported as a failed commune; the others go on.

Locally, each of the ``workers`` slots is a process pool of one worker process, which keeps
its warm kernel from commune to commune and is given one commune at a time. A job that kills
its worker (``os._exit``, a segfault, the OOM killer) breaks only its own slot, and only one
commune was in it: that commune fails with "tiến trình xử lý dừng đột ngột (…)" (the exit code
or signal), the kernel the dead worker had started is ended with every process it started
(a kernel notices its parent's death only while it can run Python: not when stuck in a long C
call, and never for its own subprocesses), and the slot gets a new worker for the next
commune. The other slots are not touched: their communes and kernels go on. A worker that
dies between two communes is replaced when the next one is handed to it.

Ctrl+C is the batch's alone: a worker process ignores it from its start, and when the batch
stops (the generator of :func:`local_results` is closed) the workers whose commune still runs
are killed at once with their kernels, the idle ones end as usual.

Workers are spawned, never forked, on every system: Windows has no fork, and POSIX runs the
same way (docs/windows.md).

On Dask a worker that dies is the scheduler's business: it gives the dead worker's tasks to
other workers, and a task that was running on
``distributed.scheduler.allowed-failures`` + 1 workers that died (4 by default) fails with
``KilledWorker``, which is reported as that commune's failure like any other error.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import TthcError, WorkerDied
from .kernel import end_noted_kernels, note_kernels_in, process_kernel
from .notebook import NOTEBOOK, run_report

WINDOWS = sys.platform == "win32"
DASK_HINT = "cần thư viện dask.distributed: pip install 'tthc-analysis[dask]'"


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


def exit_reason(code: int | None) -> str:
    """How a worker process ended, in Vietnamese: its exit code, or the signal that stopped it."""
    if code is None:
        return "không rõ mã thoát"
    if code >= 0:
        return f"mã thoát {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"tín hiệu {-code}"
    if -code == getattr(signal, "SIGKILL", None):
        return f"bị dừng bằng {name}, thường do hết bộ nhớ"
    return f"bị dừng bằng {name}"


def _worker_start(folder: str) -> None:
    """A worker process's first act: Ctrl+C is the batch's business (it ends the workers and
    their kernels, :meth:`_Slot.stop`), not the worker's, which would die with a traceback; and
    the kernels it starts are noted in ``folder``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked since its start (_sigint_held): dropped now
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    note_kernels_in(folder)


@contextlib.contextmanager
def _sigint_held():
    """While a worker process is started: its Ctrl+C waits. The new process starts with SIGINT
    blocked (a mask is inherited), so that a Ctrl+C before :func:`_worker_start` ignores it does
    not kill it with a traceback; here a Ctrl+C is raised once the start is done, never half way.
    Windows has no signal masks: :func:`_ctrl_c_ignored` instead."""
    if WINDOWS:
        with _ctrl_c_ignored():
            yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *_: caught.append(True))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


@contextlib.contextmanager
def _ctrl_c_ignored():
    """Windows: the console's Ctrl+C is ignored while a worker process is created, and the
    worker inherits that (``SetConsoleCtrlHandler(NULL, TRUE)`` is inherited), so a Ctrl+C
    while it starts does not kill it with a traceback. A Ctrl+C in these milliseconds is lost."""
    kernel32 = _kernel32()
    kernel32.SetConsoleCtrlHandler(None, True)
    try:
        yield
    finally:
        kernel32.SetConsoleCtrlHandler(None, False)


def _kernel32():
    import ctypes

    return ctypes.WinDLL("kernel32")


class _Slot:
    """A pool of one worker process, made again when the worker dies."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder  # where the worker notes the kernels it starts
        self.folder.mkdir()
        self.pool: ProcessPoolExecutor | None = None
        self.commune: str | None = None  # handed to the worker and not yet reported

    def submit(self, job: Callable, commune: str, arguments: tuple) -> Future:
        if self.pool is None:
            # Spawned, not forked: a worker talks to its kernel over ZeroMQ and asyncio, which a
            # fork of a busy parent (a notebook, a test runner) can leave locked.
            self.pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_start,
                initargs=(str(self.folder),),
            )
        try:
            with _sigint_held():  # the worker process is started by the first submit
                return self.pool.submit(job, commune, *arguments)
        except BrokenProcessPool:  # the worker died between two communes
            self.died()
            return self.submit(job, commune, arguments)

    def died(self) -> str:
        """After the worker died: end its kernels, drop the pool; return how the worker ended."""
        pool, self.pool = self.pool, None
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=True)
        end_noted_kernels(self.folder)
        codes = [p.exitcode for p in processes if p.exitcode]
        return exit_reason(codes[0] if codes else None)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def stop(self) -> None:
        """End the worker now, in the middle of its commune (the batch was stopped): the worker
        first, so that it starts no other kernel, then its kernels with their processes."""
        pool, self.pool = self.pool, None
        if pool is not None:
            processes = list((getattr(pool, "_processes", None) or {}).values())
            for process in processes:
                with contextlib.suppress(OSError, ValueError):
                    process.kill()
            for process in processes:
                with contextlib.suppress(OSError, ValueError, AssertionError):
                    process.join(10)
            pool.shutdown(wait=True, cancel_futures=True)
        end_noted_kernels(self.folder)


def _outcome(future: Future, slot: _Slot, commune: str) -> tuple[str, Any, BaseException | None]:
    try:
        return commune, future.result(), None
    except BrokenProcessPool:  # its worker died: only this commune was in it
        return commune, None, WorkerDied(f"tiến trình xử lý dừng đột ngột ({slot.died()})")
    except Exception as exc:
        return commune, None, exc


def local_results(
    job: Callable, communes: Sequence[str], arguments: tuple, workers: int
) -> Iterator[tuple[str, Any, BaseException | None]]:
    """Run ``job(commune, *arguments)`` in ``workers`` processes; yield (commune, result, error).

    A commune whose worker process dies fails alone: the worker is replaced and the batch goes on.
    """
    todo = deque(communes)
    with tempfile.TemporaryDirectory(prefix="tthc-workers-") as notes:
        slots = [_Slot(Path(notes) / str(number)) for number in range(max(1, min(workers, len(todo))))]
        running: dict[Future, _Slot] = {}

        def hand_out() -> None:
            for slot in slots:
                if todo and slot.commune is None:
                    slot.commune = todo.popleft()  # before the worker has it: a stop ends it
                    running[slot.submit(job, slot.commune, arguments)] = slot

        def reported(future: Future) -> tuple[str, Any, BaseException | None]:
            slot = running.pop(future)
            commune, slot.commune = slot.commune, None
            return _outcome(future, slot, commune)

        try:
            hand_out()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                finished = [reported(future) for future in done]
                hand_out()  # the free workers go on while the caller records what finished
                yield from finished
        finally:
            # Side by side: a worker whose commune still runs (Ctrl+C, or the caller gave up) is
            # ended at once with its kernels; an idle one ends its kernel and exits (~0.3 s).
            with ThreadPoolExecutor(len(slots)) as closing:
                list(closing.map(lambda slot: slot.stop() if slot.commune else slot.close(), slots))


def dask_results(
    job: Callable, communes: Sequence[str], arguments: tuple, scheduler: str
) -> Iterator[tuple[str, Any, BaseException | None]]:
    """Run ``job(commune, *arguments)`` on the Dask cluster at ``scheduler``; yield (commune, result, error)."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise TthcError(DASK_HINT) from None
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise TthcError(f"không kết nối được tới Dask scheduler {scheduler}: {exc}") from None
    with client:
        # pure=False: a rerun of the same commune is a new task, never a cached result.
        futures = {client.submit(job, commune, *arguments, pure=False): commune for commune in communes}
        for future in dask_completed(futures):
            try:
                yield futures[future], future.result(), None
            except Exception as exc:
                yield futures[future], None, exc
