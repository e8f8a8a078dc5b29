"""Text helpers: Unicode NFC and the accent-insensitive keys used to match headers."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC, the form Vietnamese text is stored in."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Accent-, case- and punctuation-insensitive key: ``"Mã hồ sơ"`` -> ``"mahoso"``.

    Vietnamese "đ" has no decomposition, so it is mapped to "d" by hand.
    """
    decomposed = unicodedata.normalize("NFD", str(value))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D").lower()
    return _NON_ALNUM.sub("", stripped)
