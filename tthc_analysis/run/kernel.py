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
cannot).
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
        with open(self.log, "ab") as log:  # start-up warnings go to a log, not the terminal
            self.km.start_kernel(cwd=str(self.cwd), stderr=log, stdout=log)
        note_kernel(getattr(self.km.provisioner, "pgid", None))

    def wait_ready(self) -> None:
        """Wait until the launched kernel answers (raises when it died or does not answer).

        The client that asked is kept for the kernel's life: connecting a new one and waiting
        for it costs about 0,2 s, twice a commune otherwise (the reset, then nbclient).
        """
        client = self.km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=START_TIMEOUT)
        except BaseException:
            client.stop_channels()
            raise
        client.allow_stdin = False
        self.kc, self.ready = client, True

    def shutdown(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None and self.km.has_kernel:
            group = getattr(self.km.provisioner, "pgid", None)
            self.km.shutdown_kernel(now=True)
            note_kernel(group, running=False)
        self.km = None
        self.ready = False

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
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, DeadKernelError

        if self.km is None or not self.km.is_alive():
            self.restart()
        self._reset()
        interrupted = threading.Event()

        def interrupt() -> None:
            interrupted.set()
            self.km.interrupt_kernel()

        watchdog = threading.Timer(time_limit, interrupt) if time_limit else None
        client = NotebookClient(
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
        self.runs += 1
        return renumber(notebook)


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
# processes the kernel started.
_NOTES: Path | None = None  # where this process notes its kernels, if it does


def note_kernels_in(folder: str) -> None:
    """From now on, note the kernels this process starts in ``folder`` (a batch worker's initializer)."""
    global _NOTES
    _NOTES = Path(folder)


def note_kernel(group: int | None, running: bool = True) -> None:
    """Note (or, once it is shut down, forget) a kernel's process group, when this process notes them."""
    if _NOTES is None or group is None:
        return
    path = _NOTES / f"kernel-{group}"
    with contextlib.suppress(OSError):
        path.touch() if running else path.unlink(missing_ok=True)


def end_noted_kernels(folder: Path) -> list[int]:
    """End the kernels noted in ``folder`` by a worker that died, each with its process group;
    return their groups."""
    ended = []
    for path in folder.glob("kernel-*"):
        group = int(path.name.removeprefix("kernel-"))
        # Never this process's own group (a kernel that was not given a session of its own).
        if hasattr(os, "killpg") and group != os.getpgrp():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
                ended.append(group)
        path.unlink(missing_ok=True)
    return ended
