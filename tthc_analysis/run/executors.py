"""Where a batch's communes run: local worker processes, or the workers of a Dask cluster.

Both take the same job (:func:`tthc_analysis.run.batch.run_one`, a plain function of plain
arguments) and yield each commune's result as it finishes. A job that raises (a worker that
died, was killed or ran out of memory) is reported as a failed commune; the others go on.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from ..core.errors import TthcError

DASK_HINT = "cần thư viện dask.distributed: pip install 'tthc-analysis[dask]'"


def local_results(
    job: Callable, communes: Sequence[str], arguments: tuple, workers: int
) -> Iterator[tuple[str, Any, BaseException | None]]:
    """Run ``job(commune, *arguments)`` in ``workers`` processes; yield (commune, result, error)."""
    # Spawned, not forked: a worker talks to its kernel over ZeroMQ and asyncio, which a fork of a
    # busy parent (a notebook, a test runner) can leave locked.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(job, commune, *arguments): commune for commune in communes}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result(), None
            except Exception as exc:
                yield futures[future], None, exc


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
