"""Findings and the errors this package raises on purpose.

A :class:`Finding` is anything a person should know about the data: a value that cannot
be used (``severity="error"``: the run stops) or one that can be used but looks wrong,
and the consistency checks' results (``"warning"``). Each names where it is: the file,
the row as a person sees it in a spreadsheet (the header is row 1 in a CSV), and the
column as written in the file. The CLI prints them; no traceback reaches the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """One finding: a stable code, a Vietnamese message and where it is."""

    code: str
    message: str
    severity: str = WARNING
    file: str | None = None
    row: int | None = None
    column: str | None = None
    # The Biểu 06a figures it concerns, by their keys (core/labels.py BIEU06A_KEYS): the
    # workbook marks those cells of the total row.
    figures: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        """ "data/x.csv, dòng 4, cột 'Ngày tiếp nhận'"."""
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message, "severity": self.severity}
        for key in ("file", "row", "column"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.figures:
            out["figures"] = list(self.figures)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            data["code"],
            data["message"],
            data.get("severity", WARNING),
            data.get("file"),
            data.get("row"),
            data.get("column"),
            tuple(data.get("figures", ())),
        )


def error(
    message: str, file: str | Path | None = None, row: int | None = None, column: str | None = None, code: str = "INPUT"
) -> Finding:
    """A finding that stops the run."""
    return Finding(code, message, ERROR, None if file is None else str(file), row, column)


class TthcError(Exception):
    """Base class of the errors this package raises on purpose."""


class InputError(TthcError):
    """Bad input: one or more findings, each naming file, row and column."""

    def __init__(
        self,
        message: str | None = None,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        problems: list[Finding] | None = None,
    ) -> None:
        found = list(problems or [])
        if message is not None:
            found.insert(0, error(message, file, row, column))
        self.problems = found
        super().__init__(self.__str__())

    @property
    def errors(self) -> list[Finding]:
        """The findings that stop the run (warnings may ride along for ``tthc check``)."""
        return [p for p in self.problems if p.is_error] or self.problems

    def __str__(self) -> str:
        errors = self.errors
        shown = [str(p) for p in errors[:20]]
        more = len(errors) - len(shown)
        if more > 0:
            shown.append(f"... và {more} lỗi khác (chạy 'tthc check' để xem tất cả)")
        return "\n".join(shown)


# The errors of the later stages live here too, so that every error the package raises on
# purpose is in one module (the CLI maps them to exit codes).


class PdfError(TthcError):
    """LibreOffice is missing or could not convert the document (report/pdf.py)."""


class NotebookFailed(TthcError):
    """A cell raised (run/kernel.py): ``notebook`` holds the cells run so far, with the error."""

    def __init__(self, message: str, notebook: Any, interrupted: bool = False) -> None:
        super().__init__(message)
        self.notebook = notebook  # an nbformat.NotebookNode
        self.interrupted = interrupted


class ReportError(TthcError):
    """A report's notebook failed (run/notebook.py); ``notebook`` is the executed copy kept for debugging."""

    def __init__(self, message: str, notebook: Path | None = None) -> None:
        super().__init__(message)
        self.notebook = notebook


class TimeLimitReached(ReportError):
    """A commune's report took longer than its time limit (the kernel was interrupted)."""


class WorkerDied(TthcError):
    """The worker process running a commune stopped without a result (run/executors.py)."""
