"""Atomic writes: a product is written to a temporary file beside it and renamed into place.

A run that fails, is stopped (Ctrl+C) or is killed leaves either the previous file or the new
one, never a half-written file that looks complete. :class:`FileLock` keeps two processes
from working on the same folder at once.

On Windows a file another program holds open (a report open in Word, a workbook in Excel, an
antivirus scanning it) cannot be replaced: that is found before the new file is written (so a
set of files written together is refused whole), the rename is tried again a few times, and
the previous file is left as it was; the clerk is told to close it (docs/windows.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .errors import TthcError

WINDOWS = os.name == "nt"
# Seconds to wait before each new try of what Windows refused on a file another program holds
# (an antivirus or the search indexer holds a new file for a moment; Word holds it until closed).
REPLACE_PAUSES = (0.1, 0.3, 0.6) if WINDOWS else ()
IN_USE = "Đóng tệp {path} (đang mở trong chương trình khác, ví dụ Word hoặc Excel) rồi chạy lại."


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it to ``target``.

    On any way out but success (an error, Ctrl+C) the temporary file is removed. A ``target``
    that cannot be replaced (Windows: another program has it open) is left as it was, and a
    :class:`TthcError` asks to close it: on Windows before the block runs, when Word or Excel
    holds it (they refuse other writers), so that nothing of a set entered together is replaced.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if WINDOWS:
        _patiently(lambda: _open_for_writing(target), target)
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        temp = Path(name)
        os.close(handle)
        yield temp
        os.chmod(temp, 0o644)
        _patiently(lambda: os.replace(temp, target), target)
        temp = None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):  # never hide why the write stopped
                temp.unlink(missing_ok=True)


def _patiently(action: Callable[[], object], target: Path) -> None:
    """Do ``action`` on ``target``, again after each of :data:`REPLACE_PAUSES` while it is refused
    (PermissionError: WinError 32 or 5 on Windows, a file another program has open); then ask
    the clerk to close it."""
    for pause in (*REPLACE_PAUSES, None):
        try:
            action()
            return
        except PermissionError as exc:
            if pause is None:
                raise TthcError(IN_USE.format(path=target)) from exc
        time.sleep(pause)


def _open_for_writing(target: Path) -> None:
    """Open ``target`` for writing and close it, changing nothing: Windows refuses it while Word
    or Excel has the file open. A file not there yet is no obstacle."""
    try:
        handle = os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    except (FileNotFoundError, IsADirectoryError):
        return
    os.close(handle)


def write_text(target: str | Path, text: str) -> Path:
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8")
    return Path(target)


def write_json(target: str | Path, data: Any) -> Path:
    return write_text(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@contextlib.contextmanager
def exclusive(path: str | Path, other: str) -> Iterator[None]:
    """Hold the lock ``path`` (:class:`FileLock`) for the block; when another process holds it,
    refuse with a :class:`TthcError` naming it: ``other`` ("một lần chạy … khác") is running
    in that process, on that machine, since then."""
    lock = FileLock(path)
    started = datetime.now().isoformat(timespec="seconds")
    holder = lock.acquire({"pid": os.getpid(), "host": socket.gethostname(), "started": started})
    if holder is not None:
        when = holder.get("started")
        with contextlib.suppress(TypeError, ValueError):
            when = datetime.fromisoformat(when).strftime("%H:%M:%S ngày %d/%m/%Y")
        where = f" trên máy {holder['host']}" if holder.get("host") else ""
        raise TthcError(
            f"{other} đang chạy (tiến trình {holder.get('pid', '?')}{where}, bắt đầu lúc {when or '?'}) "
            f"và dùng cùng thư mục {lock.path.parent}; chờ lần chạy đó xong (hoặc dừng nó) rồi chạy lại"
        )
    try:
        yield
    finally:
        lock.release()


class FileLock:
    """An exclusive lock on ``path``, held by this process until :meth:`release` or until it ends.

    The operating system holds the lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows), so
    a process that is killed never leaves a stale lock behind. The file holds what the holder
    wrote (:meth:`acquire`'s ``about``), for the message of a process that did not get it.
    """

    _WINDOWS_BYTE = 1 << 30  # Windows locks a byte beyond the text, which stays readable

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._handle: int | None = None

    def acquire(self, about: dict[str, Any]) -> dict[str, Any] | None:
        """Take the lock and write ``about`` into the file; None when taken, else what the
        holder wrote (``{}`` when it could not be read)."""
        while True:
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
            if not _try_lock(handle, self._WINDOWS_BYTE):
                holder = _read_holder(handle)
                os.close(handle)
                return holder
            if _same_file(handle, self.path):
                break
            os.close(handle)  # the holder removed the file as we opened it: lock the new one
        os.ftruncate(handle, 0)
        os.lseek(handle, 0, os.SEEK_SET)  # Windows: _try_lock left the position at the locked byte
        os.write(handle, json.dumps(about, ensure_ascii=False).encode("utf-8"))
        self._handle = handle
        return None

    def release(self) -> None:
        """Give the lock up and remove the file (if no other process holds it open)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        if not WINDOWS:  # removed while still locked: whoever opened it meanwhile tries again
            with contextlib.suppress(OSError):
                self.path.unlink()
        _unlock(handle, self._WINDOWS_BYTE)
        os.close(handle)
        if WINDOWS:
            with contextlib.suppress(OSError):  # another process has it open: it stays
                self.path.unlink()


def _try_lock(handle: int, windows_byte: int) -> bool:
    if WINDOWS:  # msvcrt.locking locks bytes from the file's position, here one beyond the text
        import msvcrt

        os.lseek(handle, windows_byte, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError: another process holds it
        return False
    return True


def _unlock(handle: int, windows_byte: int) -> None:
    with contextlib.suppress(OSError):
        if WINDOWS:
            import msvcrt

            os.lseek(handle, windows_byte, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_UN)


def _same_file(handle: int, path: Path) -> bool:
    """Whether ``path`` is still the file ``handle`` opened (POSIX: it may have been removed)."""
    if WINDOWS:
        return True  # an open file cannot be removed there
    try:
        mine, there = os.fstat(handle), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _read_holder(handle: int) -> dict[str, Any]:
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        data = json.loads(os.read(handle, 4096).decode("utf-8"))
    except (OSError, ValueError):  # being written, or not ours
        return {}
    return data if isinstance(data, dict) else {}
