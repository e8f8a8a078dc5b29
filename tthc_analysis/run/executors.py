"""Where a batch's communes run: local worker processes, or the workers of a Dask cluster.

Both take the same job (:func:`tthc_analysis.run.batch.run_one`, a plain function of plain
arguments) and yield each commune's result as it finishes. A job that raises is reported as a
failed commune; the others go on.

Locally, each of the ``workers`` slots is a process pool of one worker process, which keeps
its warm kernel from commune to commune and is given one commune at a time. A job that kills
its worker (``os._exit``, a segfault, the OOM killer) breaks only its own slot, and only one
commune was in it: that commune fails with "tiến trình xử lý dừng đột ngột (…)" (the exit code
or signal), the kernel the dead worker had started is ended with every process it started
(a kernel notices its parent's death only while it can run Python: not when stuck in a long C
call, and never for its own subprocesses), and the slot gets a new worker for the next
commune. The other slots are not touched: their communes and kernels go on. A worker that
dies between two communes is replaced when the next one is handed to it.

On Dask a worker that dies is the scheduler's business: it gives the dead worker's tasks to
other workers, and a task that was running on
``distributed.scheduler.allowed-failures`` + 1 workers that died (4 by default) fails with
``KilledWorker``, which is reported as that commune's failure like any other error.
"""

from __future__ import annotations

import multiprocessing
import signal
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..core.errors import TthcError, WorkerDied
from .kernel import end_noted_kernels, note_kernels_in

DASK_HINT = "cần thư viện dask.distributed: pip install 'tthc-analysis[dask]'"


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


class _Slot:
    """A pool of one worker process, made again when the worker dies."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder  # where the worker notes the kernels it starts
        self.folder.mkdir()
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, job: Callable, commune: str, arguments: tuple) -> Future:
        if self.pool is None:
            # Spawned, not forked: a worker talks to its kernel over ZeroMQ and asyncio, which a
            # fork of a busy parent (a notebook, a test runner) can leave locked.
            self.pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=note_kernels_in,
                initargs=(str(self.folder),),
            )
        try:
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
        running: dict[Future, tuple[_Slot, str]] = {}

        def hand_out() -> None:
            busy = {slot for slot, _ in running.values()}
            for slot in slots:
                if todo and slot not in busy:
                    commune = todo.popleft()
                    running[slot.submit(job, commune, arguments)] = (slot, commune)

        try:
            hand_out()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                finished = [_outcome(future, *running.pop(future)) for future in done]
                hand_out()  # the free workers go on while the caller records what finished
                yield from finished
        finally:
            # Side by side: each worker ends its kernel and exits in about a third of a second.
            with ThreadPoolExecutor(len(slots)) as closing:
                list(closing.map(_Slot.close, slots))


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
