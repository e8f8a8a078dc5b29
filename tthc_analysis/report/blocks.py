"""Paragraphs of a report (:class:`Block`), and the profile's texts as paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core import vnformat as fmt
from ..core.labels import from_to
from ..core.periods import Period

_NUMBERED = re.compile(r"^\d+\.\s")


@dataclass(frozen=True)
class Block:
    """A paragraph of the report.

    ``kind``: "heading" (I. …), "subheading" (1. …), "bullet" (a "- " line), "text".
    ``footnote``: text of a footnote anchored at the end of the paragraph.
    """

    kind: str
    text: str
    footnote: str | None = None

    @property
    def display(self) -> str:
        """The paragraph as printed: bullets keep their "- "."""
        return f"- {self.text}" if self.kind == "bullet" else self.text


def count(n: int | None) -> str:
    """A count of dossiers as the report writes it ("02", "1.234")."""
    return fmt.count(n)


def profile_blocks(text: str) -> list[Block]:
    """Profile text: one paragraph a line; "- " starts a bullet; "1. " a sub-heading."""
    blocks = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            blocks.append(Block("bullet", line[2:].strip()))
        elif _NUMBERED.match(line) and len(line) < 120:
            blocks.append(Block("subheading", line))
        else:
            blocks.append(Block("text", line))
    return blocks


def period_range(period: Period) -> str:
    """ "từ ngày 15/01/2026 đến hết ngày 14/02/2026"."""
    return from_to(period.start, period.end, until="đến hết ngày")


def with_days(period: Period) -> str:
    """The period's name, followed by its days unless the name already says them."""
    return period.name if period.states_days else f"{period.name} (số liệu {period_range(period)})"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def date_line(place: str, period: Period) -> str:
    """A formal document's date line (Nghị định 30): "Hải Phòng, ngày        tháng 02 năm 2026".
    The day stays blank for the clerk; the month is the period's last, padded only for 1 and 2."""
    return f"{place}, ngày        tháng {fmt.month_of_date(period.end.month)} năm {period.end.year}"


def recipient_lines(recipients: tuple[str, ...], archive: str) -> list[str]:
    """ "Nơi nhận" as a document lists it: "- UBND thành phố;" for each recipient, "- Lưu: VT." last."""
    return [f"- {r.rstrip(';. ')};" for r in recipients] + [f"- {archive.rstrip('. ')}."]
