"""Batch jobs for tests/test_executors.py and tests/test_warm_kernel.py, importable by the spawned worker processes.

Not a test module: the workers import it by name (the tests folder is on sys.path, which a
spawned process inherits).
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from tthc_analysis.run.batch import RunResult
from tthc_analysis.run.kernel import note_kernel, process_kernel


def job(commune: str, crash: str, how: str = "exit", slow: str = "") -> tuple[str, int]:
    """Return (commune, this worker's pid), after two seconds for ``slow``; the worker dies on ``crash``:
    ``os._exit(3)`` (``how="exit"``), SIGKILL as the OOM killer sends it (``how="kill"``), or
    ``os._exit(3)`` 0.3 seconds after returning, while idle (``how="later"``)."""
    if commune == slow:
        time.sleep(2)
    if commune == crash:
        if how == "later":
            threading.Timer(0.3, os._exit, (3,)).start()
        elif how == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        else:
            os._exit(3)
    return commune, os.getpid()


def kernel_job(commune: str, crash: str, folder: str) -> tuple[str, int]:
    """Like :func:`job`, but the crashing commune first starts a stand-in kernel (``sleep``, in a
    session of its own like a Jupyter kernel) with a child, notes it and writes its pid to
    ``<folder>/kernel.pid``."""
    if commune == crash:
        kernel = subprocess.Popen(["sh", "-c", "sleep 60 & sleep 60"], start_new_session=True)
        note_kernel(kernel.pid)
        with open(os.path.join(folder, "kernel.pid"), "w") as handle:
            handle.write(str(kernel.pid))
        os._exit(3)
    return commune, os.getpid()


def warm_kernel_job(commune: str, crash: str, folder: str) -> tuple[str, int]:
    """Like :func:`kernel_job` with this worker's real warm kernel, busy in a long C call (where
    its parent poller cannot run) when the worker dies."""
    if commune == crash:
        kernel = process_kernel(Path(folder))
        kernel.start()
        Path(folder, "kernel.pid").write_text(str(kernel.km.provisioner.process.pid))
        client = kernel.km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        client.execute("sum(range(10**13))")
        time.sleep(1)
        os._exit(3)
    return commune, os.getpid()


def group_members(pgid: int) -> list[int]:
    """The processes of a process group that are still running (not zombies), read from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            members.append(int(stat.parent.name))
    return members


def ended_within(pid_file: Path, seconds: float) -> bool:
    """Whether the process group whose leader's pid ``pid_file`` holds ends within ``seconds``;
    what is left of it then is killed, so that a failing test leaves nothing behind."""
    if not pid_file.exists():
        return False  # the job did not get as far as starting its kernel
    group = int(pid_file.read_text())
    deadline = time.monotonic() + seconds
    while group_members(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = group_members(group)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return not left


def batch_job(
    commune: str, period: str, data_dir: str | None, out_dir: str, timeout: int, source: str = "auto"
) -> RunResult:
    """A stand-in for run/batch.py's run_one: cat-hai's worker dies, every other commune is done."""
    if commune == "cat-hai":
        os._exit(3)
    return RunResult(commune, period, seconds=0.1)
