"""How wide a line of Times New Roman prints, to size the short rules of the formal document
(under the issuing body, the motto and the subject) as Nghị định 30 asks."""

from __future__ import annotations

import unicodedata

# Advance widths of Times (Adobe core metrics, which Times New Roman matches), in 1/1000 em,
# to size the rules under the header lines: regular and bold, by base letter.
_WIDTHS = {
    False: dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            [
                722,
                667,
                667,
                722,
                611,
                556,
                722,
                722,
                333,
                389,
                722,
                611,
                889,
                722,
                722,
                556,
                722,
                667,
                556,
                611,
                722,
                722,
                944,
                722,
                722,
                611,
                444,
                500,
                444,
                500,
                444,
                333,
                500,
                500,
                278,
                278,
                500,
                278,
                778,
                500,
                500,
                500,
                500,
                333,
                389,
                278,
                500,
                500,
                722,
                500,
                500,
                444,
            ],
        )
    ),
    True: dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            [
                722,
                667,
                722,
                722,
                667,
                611,
                778,
                778,
                389,
                500,
                778,
                667,
                944,
                722,
                778,
                611,
                778,
                722,
                556,
                667,
                722,
                722,
                1000,
                722,
                722,
                667,
                500,
                556,
                444,
                556,
                444,
                333,
                500,
                556,
                278,
                333,
                556,
                278,
                833,
                556,
                500,
                556,
                556,
                444,
                389,
                333,
                556,
                500,
                722,
                500,
                500,
                444,
            ],
        )
    ),
}
_OTHER_WIDTHS = {" ": 250, "-": 333, ".": 250, ",": 250, ":": 278, "/": 278}


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Estimated printed width of ``text`` in Times New Roman (diacritics do not add width)."""
    widths = _WIDTHS[bold]
    total = 0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].replace("đ", "d").replace("Đ", "D")
        total += widths.get(base, _OTHER_WIDTHS.get(base, 500))
    return total / 1000 * size_pt * 25.4 / 72
