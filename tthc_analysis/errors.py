"""The one error type for bad input, and the problem records it carries.

Every problem names where it is: the file, the row as a person sees it in a
spreadsheet (the header is row 1 in a CSV), and the column as written in the file.
The CLI prints these and exits non-zero; no traceback reaches the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in the input: where it is and what is wrong (in Vietnamese).

    ``severity`` is ``"error"`` when the value cannot be used (the run stops) and
    ``"warning"`` when the data can be used but a person should look (a finding).
    """

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = "error"
    code: str = "INPUT"

    def location(self) -> str:
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


class TthcError(Exception):
    """Base class of the errors this package raises on purpose."""


class InputError(TthcError):
    """Bad input: one or more problems, each naming file, row and column."""

    def __init__(
        self,
        message: str | None = None,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        found = list(problems or [])
        if message is not None:
            found.insert(
                0,
                Problem(message, str(file) if file is not None else None, row, column),
            )
        self.problems = found
        super().__init__(self.__str__())

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the run (warnings may ride along for ``tthc check``)."""
        return [p for p in self.problems if p.severity == "error"] or self.problems

    def __str__(self) -> str:
        errors = self.errors
        shown = [str(p) for p in errors[:20]]
        more = len(errors) - len(shown)
        if more > 0:
            shown.append(f"... và {more} lỗi khác (chạy 'tthc check' để xem tất cả)")
        return "\n".join(shown)
