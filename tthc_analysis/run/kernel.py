"""A kernel kept warm: notebooks run one after another in one Jupyter kernel.

Starting a kernel and importing pandas, matplotlib and the package take longer than most
reports; papermill starts a new kernel for every notebook (its issues #326 and #583). A
:class:`WarmKernel` starts one and runs notebook after notebook in it with nbclient, each
parameterised the way papermill does it (the same "injected-parameters" cell). Before each
notebook the kernel gets a fresh namespace (``%reset -f``), the pandas options, warnings
filters and environment variables it had before its first notebook (:mod:`.kernel_state`),
matplotlib's default settings and no open figure, and its working folder back; execution
counts are numbered from 1, so an executed notebook is the same as one from a new kernel. A
time limit interrupts the kernel (this works in a thread, as Dask runs tasks, where signals
cannot). Ctrl+C stays a KeyboardInterrupt (nbclient's own SIGINT handler, which shut the kernel
down under the running cell, is left out) and ends the kernel, whatever it was doing.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing.util
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import NotebookFailed, TthcError

# nbformat imports jsonschema, which imports rfc3987_syntax when it is installed, and that builds
# a Lark grammar at import (~0.8 s on the CI machine) only to check "iri" formats, which no
# notebook schema uses. A process that runs notebooks skips it: jsonschema then treats it as
# not installed. (Measured in benchmarks/batch_speed.py: one `tthc report` against the floor.)
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]

if TYPE_CHECKING:
    import nbformat

KERNEL_NAME = "python3"
START_TIMEOUT = 120
# A fresh namespace, then pandas options, warnings filters, environment variables, matplotlib
# and the working folder as before the first notebook (run/kernel_state.py).
_RESET = """\
%reset -f
from tthc_analysis.run.kernel_state import prepare as _prepare
_prepare({cwd!r})
del _prepare
"""


class WarmKernel:
    """One Jupyter kernel that runs notebook after notebook (``with WarmKernel(cwd) as kernel: …``)."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = Path(cwd)
        self.km = None
        self.kc = None  # the client connected to it, kept for its life
        self.ready = False  # the kernel answered since it was launched
        self.runs = 0
        self.log = Path(tempfile.gettempdir()) / f"tthc-kernel-{id(self):x}.log"

    def __enter__(self) -> WarmKernel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def start(self) -> None:
        """Start the kernel and wait until it answers."""
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start the kernel's process without waiting for it: the caller's own work (reading
        the notebook) runs on the other core while the kernel boots."""
        from jupyter_client.manager import KernelManager

        self.ready = False
        self.km = KernelManager(kernel_name=KERNEL_NAME)
        with self._ended_on_ctrl_c(), open(self.log, "ab") as log:  # start-up warnings go to a log
            self.km.start_kernel(cwd=str(self.cwd), stderr=log, stdout=log)
        note_kernel(kernel_key(self.km), connection_file=self.km.connection_file)

    def wait_ready(self) -> None:
        """Wait until the launched kernel answers (raises when it died or does not answer).

        The client that asked is kept for the kernel's life: connecting a new one and waiting
        for it costs about 0,2 s, twice a commune otherwise (the reset, then nbclient).
        """
        client = self.km.client()
        client.start_channels()
        try:
            with self._ended_on_ctrl_c():
                client.wait_for_ready(timeout=START_TIMEOUT)
        except BaseException:
            client.stop_channels()
            raise
        client.allow_stdin = False
        self.kc, self.ready = client, True

    def shutdown(self) -> None:
        """End the kernel, busy or not, and forget it. Stopped half way (a second Ctrl+C), it
        still kills the kernel's processes: a kernel never outlives the process that started it."""
        km, kc, self.km, self.kc, self.ready = self.km, self.kc, None, None, False
        if kc is not None:
            kc.stop_channels()
        if km is None or not km.has_kernel:
            return
        key = kernel_key(km)
        try:
            km.shutdown_kernel(now=True)
        except BaseException:
            _abandon_event_loop()
            end_kernel(key, km.connection_file)
            with contextlib.suppress(Exception):
                km.cleanup_resources()  # its connection file
            raise
        finally:
            note_kernel(key, running=False)

    @contextlib.contextmanager
    def _ended_on_ctrl_c(self) -> Iterator[None]:
        """Ctrl+C (KeyboardInterrupt) or SystemExit in the block cut a cell or a jupyter_client
        call short, whose tasks are left in the event loop: the kernel is ended (:meth:`stop`)."""
        try:
            yield
        except Exception:
            raise
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """End the kernel now, in the middle of a cell (after Ctrl+C): its process is killed and
        the tasks nbclient left waiting on it are dropped, so the next run starts clean."""
        try:
            _abandon_event_loop()
        finally:
            self.shutdown()

    def restart(self) -> None:
        """A new kernel (after a time limit, or a kernel that died)."""
        self.shutdown()
        self.start()

    def _reset(self) -> None:
        if self.kc is None:
            self.wait_ready()
        reply = self.kc.execute_interactive(_RESET.format(cwd=str(self.cwd)), timeout=60, store_history=False)
        if reply["content"]["status"] != "ok":
            raise TthcError(f"không làm mới được kernel: {reply['content'].get('evalue')}")

    def run(
        self, notebook: nbformat.NotebookNode, *, cell_timeout: int, time_limit: float | None = None
    ) -> nbformat.NotebookNode:
        """Execute ``notebook`` (already parameterised) in this kernel; return it executed.

        Raises :class:`NotebookFailed` when a cell raises, or when ``time_limit`` seconds pass.
        """
        with self._ended_on_ctrl_c():
            if self.km is None or not self.km.is_alive():
                self.restart()
            self._reset()
            executed = self._execute(notebook, cell_timeout, time_limit)
        self.runs += 1
        return renumber(executed)

    def _execute(
        self, notebook: nbformat.NotebookNode, cell_timeout: int, time_limit: float | None
    ) -> nbformat.NotebookNode:
        from nbclient.exceptions import CellExecutionError, DeadKernelError

        interrupted = threading.Event()

        def interrupt() -> None:
            interrupted.set()
            km = self.km  # None once Ctrl+C ended the kernel (stop)
            if km is not None:
                km.interrupt_kernel()

        watchdog = threading.Timer(time_limit, interrupt) if time_limit else None
        client = _client_class()(
            notebook,
            km=self.km,
            timeout=cell_timeout,
            kernel_name=KERNEL_NAME,
            resources={"metadata": {"path": str(self.cwd)}},
        )
        client.kc = self.kc  # this kernel's client, already connected (nbclient keeps a given one)
        try:
            if watchdog:
                watchdog.start()
            client.execute()
        except (CellExecutionError, DeadKernelError) as exc:
            if interrupted.is_set() or isinstance(exc, DeadKernelError):
                self.restart()  # the kernel may be anywhere in a cell: start clean
            name = getattr(exc, "ename", type(exc).__name__)
            raise NotebookFailed(f"{name}: {getattr(exc, 'evalue', exc)}", notebook, interrupted.is_set()) from None
        finally:
            if watchdog:
                watchdog.cancel()
        return notebook


def _client_class():
    """nbclient's NotebookClient for a kernel it does not own, without the SIGINT and SIGTERM
    handlers it adds while it runs: its handler shuts the kernel down and lets the cell go on
    without a client (an ``AssertionError`` instead of Ctrl+C). Ctrl+C is a KeyboardInterrupt
    again, and :meth:`WarmKernel.run` ends the kernel."""
    from nbclient import NotebookClient

    class _Client(NotebookClient):
        @contextlib.asynccontextmanager
        async def async_setup_kernel(self, **kwargs):  # the kernel and its client are given
            yield

    return _Client


def _abandon_event_loop() -> None:
    """Close this thread's event loop, with the tasks a KeyboardInterrupt left in it (nbclient
    polls the kernel in tasks): none of them wakes in a later run of the loop (shutting the
    kernel down runs one), and none is reported when it is collected. The next use of the
    loop makes a new one (jupyter_core's ``ensure_event_loop``)."""
    from jupyter_core.utils import ensure_event_loop

    loop = ensure_event_loop()
    if loop.is_running():  # a loop this code did not stop (an IPython session's): not ours
        return
    import asyncio
    import inspect

    for task in asyncio.all_tasks(loop):
        coroutine = task.get_coro()
        if inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED:
            coroutine.close()  # never started: not "never awaited" either
    loop.set_exception_handler(lambda _loop, _context: None)
    loop.close()


def renumber(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Execution counts from 1 in cell order, as a new kernel numbers them."""
    count = 0
    for cell in notebook.cells:
        if cell.cell_type != "code" or cell.get("execution_count") is None:
            continue
        count += 1
        cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = count
    return notebook


_KERNELS = threading.local()  # a kernel per thread: a Dask worker may run tasks in threads


def process_kernel(cwd: Path) -> WarmKernel:
    """This worker's warm kernel (a batch worker keeps one for all its communes)."""
    kernel = getattr(_KERNELS, "kernel", None)
    if kernel is None or kernel.cwd != Path(cwd):
        if kernel is not None:
            kernel.shutdown()
        kernel = _KERNELS.kernel = WarmKernel(cwd)
        atexit.register(kernel.shutdown)
        # A worker process of a pool exits without atexit: its finalizers shut the kernel down.
        multiprocessing.util.Finalize(kernel, kernel.shutdown, exitpriority=10)
    return kernel


# A batch worker notes the process group of each kernel it starts (jupyter_client starts a kernel
# in a session of its own), so that the batch can end them if the worker dies: the kernel's
# parent poller notices the death only while the kernel can run Python, and never ends the
# processes the kernel started. Windows has no process groups: there the kernel's process id is
# noted ("pid-<pid>"), and it is ended with the processes it started (psutil).
_NOTES: Path | None = None  # where this process notes its kernels, if it does


def note_kernels_in(folder: str) -> None:
    """From now on, note the kernels this process starts in ``folder`` (a batch worker's initializer)."""
    global _NOTES
    _NOTES = Path(folder)


def kernel_key(km) -> int | str | None:
    """How a started kernel is noted and ended: its process group where there are process groups,
    else "pid-<its process id>" (Windows)."""
    provisioner = getattr(km, "provisioner", None)
    group = getattr(provisioner, "pgid", None)
    if group is not None and hasattr(os, "killpg"):
        return group
    pid = getattr(provisioner, "pid", None)
    return None if pid is None else f"pid-{pid}"


def note_kernel(group: int | str | None, running: bool = True, connection_file: str | None = None) -> None:
    """Note (or, once it is shut down, forget) a kernel (its :func:`kernel_key`: a process group,
    or "pid-<pid>") and its connection file, when this process notes them."""
    if _NOTES is None or group is None:
        return
    path = _NOTES / f"kernel-{group}"
    with contextlib.suppress(OSError):
        path.write_text(connection_file or "", encoding="utf-8") if running else path.unlink(missing_ok=True)


def end_noted_kernels(folder: Path) -> list[int | str]:
    """End the kernels noted in ``folder`` by a worker that died or was stopped, each with the
    processes it started, and remove their connection files; return their keys once they are
    gone (a kernel killed in the middle of a write must not write on while its folder is tidied)."""
    ended: list[int | str] = []
    for path in folder.glob("kernel-*"):
        key = path.name.removeprefix("kernel-")
        connection = ""
        with contextlib.suppress(OSError):
            connection = path.read_text(encoding="utf-8").strip()
        if end_kernel(key, connection):
            ended.append(key if key.startswith("pid-") else int(key))
        if connection:
            with contextlib.suppress(OSError):
                Path(connection).unlink(missing_ok=True)
        path.unlink(missing_ok=True)
    _wait_gone([key for key in ended if isinstance(key, int)], seconds=5)
    return ended


def end_kernel(key: int | str | None, connection_file: str = "") -> bool:
    """End a kernel noted as ``key`` (:func:`kernel_key`) with the processes it started."""
    if isinstance(key, str) and key.startswith("pid-"):
        return kill_tree(int(key.removeprefix("pid-")), connection_file)
    return kill_group(None if key is None else int(key))


def kill_tree(pid: int, connection_file: str = "", seconds: float = 5) -> bool:
    """Kill process ``pid`` and every process it started, and wait until they are gone (where
    there are no process groups). A process whose command line does not name ``connection_file``
    is not that kernel (its id was given to another process since): it is left alone."""
    if pid == os.getpid():
        return False
    try:
        import psutil
    except ImportError:  # ipykernel needs psutil: only a stripped installation lacks it
        return False
    try:
        kernel = psutil.Process(pid)
        if connection_file and not any(connection_file in part for part in kernel.cmdline()):
            return False
        processes = [kernel, *kernel.children(recursive=True)]
    except (psutil.Error, OSError):
        return False
    for process in processes:
        with contextlib.suppress(psutil.Error, OSError):
            process.kill()
    psutil.wait_procs(processes, timeout=seconds)
    return True


def kill_group(group: int | None) -> bool:
    """Kill a kernel's process group (POSIX); never this process's own group (a kernel that was
    not given a session of its own). Whether it was killed."""
    if group is None or not hasattr(os, "killpg") or group == os.getpgrp():
        return False
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _wait_gone(groups: list[int], seconds: float) -> None:
    """Wait until no process of ``groups`` is left (zombies aside: they no longer run)."""
    deadline = time.monotonic() + seconds
    for group in groups:
        while _group_running(group) and time.monotonic() < deadline:
            time.sleep(0.02)


def _group_running(group: int) -> bool:
    try:
        import psutil
    except ImportError:  # without psutil: a SIGKILL was sent, and that is all that can be known
        return False
    for process in psutil.process_iter(["status"]):
        with contextlib.suppress(psutil.Error, OSError):
            if process.info["status"] != psutil.STATUS_ZOMBIE and os.getpgid(process.pid) == group:
                return True
    return False
