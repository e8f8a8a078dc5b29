"""Which commune a unit name of a city-wide export means ("UBND xã Hùng Thắng" → hung-thang).

A city's one-stop-shop system names the receiving unit (đơn vị tiếp nhận) in many ways: "UBND
xã Hùng Thắng", "Bộ phận một cửa xã Hùng Thắng", "Xã Hùng Thắng", "Hùng Thắng", "Trung tâm
Phục vụ hành chính công phường Lê Chân". A name is compared with each commune's own forms —
its name, its kind and name, its ``own_units`` — without regard to case, accents, spaces or
punctuation, after the usual prefixes of an office are taken off. The kind is compared whole,
never cut off blindly: "Phường Phương Liệt" is the phường named "Phương Liệt".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..core.text import fold
from .dataroot import Commune

# The usual names of a commune's office in front of its name, longest first (folded).
OFFICE_PREFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            fold(p)
            for p in (
                "Ủy ban nhân dân",
                "Uỷ ban nhân dân",
                "UBND",
                "Bộ phận một cửa",
                "Bộ phận tiếp nhận và trả kết quả",
                "Bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính",
                "Bộ phận TN&TKQ",
                "Trung tâm Phục vụ hành chính công",
                "Trung tâm hành chính công",
                "Trung tâm PVHCC",
                "TTPVHCC",
                "Văn phòng HĐND và UBND",
                "Văn phòng UBND",
            )
        },
        key=len,
        reverse=True,
    )
)
KIND_WORDS: tuple[str, ...] = ("xã", "phường", "đặc khu", "thị trấn")


@dataclass(frozen=True)
class UnitMatch:
    """What a unit name matched: one commune id, none, or several (``candidates``)."""

    name: str
    candidates: tuple[str, ...]

    @property
    def commune(self) -> str | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


def name_forms(name: str) -> set[str]:
    """The folded forms a unit name may stand for: itself and itself without each office prefix."""
    forms = {fold(name)}
    pending = list(forms)
    while pending:
        form = pending.pop()
        for prefix in OFFICE_PREFIXES:
            if form.startswith(prefix) and len(form) > len(prefix):
                rest = form[len(prefix) :]
                if rest not in forms:
                    forms.add(rest)
                    pending.append(rest)
    return forms


def commune_forms(commune: Commune) -> set[str]:
    """The folded names a commune goes by: "hungthang", "xahungthang", and its own units' names."""
    forms = {fold(commune.name), fold(f"{commune.kind} {commune.name}")}
    for unit in commune.profile.own_units:
        forms |= name_forms(unit)
    return {form for form in forms if form}


class UnitMatcher:
    """Matches unit names to the communes of a data root (each distinct name once)."""

    def __init__(self, communes: Iterable[Commune]) -> None:
        self._by_form: dict[str, set[str]] = {}
        for commune in communes:
            for form in commune_forms(commune):
                self._by_form.setdefault(form, set()).add(commune.id)

    def match(self, name: str) -> UnitMatch:
        found: set[str] = set()
        for form in name_forms(name):
            found |= self._by_form.get(form, set())
        return UnitMatch(name, tuple(sorted(found)))
