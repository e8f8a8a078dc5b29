"""What the ``tthc`` command writes to the console: Vietnamese that never crashes it.

On Windows a redirect or a pipe uses the ANSI code page, not UTF-8: cp1258 on Vietnamese
Windows (precomposed â ê ô ă ơ ư đ, tone marks as combining characters, so "ắ" is written
"ă" + U+0301), cp1252 elsewhere. :func:`use_console_encoding` gives stdout and stderr, when
they are not UTF-8, an error handler that writes a character the encoding lacks decomposed
when that encodes, else without its accents, else "?" — a report's output is never lost to a
``UnicodeEncodeError``.

:func:`without_class_names` and :func:`unexpected_message` keep Python class names
(``InputError: …``) out of what the clerk reads.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from functools import cache
from itertools import combinations

HANDLER_PREFIX = "tthc-vi-"
# Letters and signs with no decomposition, written as ASCII when the encoding lacks them.
_ASCII = {
    "đ": "d",
    "Đ": "D",
    "≠": "!=",
    "≤": "<=",
    "≥": ">=",
    "→": "->",
    "←": "<-",
    "−": "-",
    "×": "x",
    "–": "-",
    "—": "-",
    "…": "...",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "•": "*",
    "✓": "v",
}


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _decomposed(char: str):
    """``char`` fully decomposed (NFD), then with some of its marks composed onto the letter and
    the others after it as combining characters, most composed first: "ệ" → "e\u0323\u0302",
    "ẹ\u0302", "ê\u0323" (cp1258 has "ê" and a combining dot below, not a combining circumflex)."""
    nfd = unicodedata.normalize("NFD", char)
    yield nfd
    base, marks = nfd[0], nfd[1:]
    for size in range(len(marks) - 1, 0, -1):
        for chosen in combinations(range(len(marks)), size):
            head = unicodedata.normalize("NFC", base + "".join(marks[i] for i in chosen))
            yield head + "".join(m for i, m in enumerate(marks) if i not in chosen)


def _folded(char: str) -> str:
    """``char`` without its accents: "ắ" → "a", "Đ" → "D", "≠" → "!="; "" for a lone mark."""
    if char in _ASCII:
        return _ASCII[char]
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def replacement(char: str, encoding: str) -> str:
    """How ``char``, which ``encoding`` cannot write, is written: decomposed, unaccented or "?"."""
    for candidate in _decomposed(char):
        if _encodes(candidate, encoding):
            return candidate
    # Without accents; "?" for what is still missing. A lone combining mark folds to nothing.
    return "".join(c if _encodes(c, encoding) else "?" for c in _folded(char))


def _handler(encoding: str):
    def handle(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        unwritable = error.object[error.start : error.end]
        return "".join(replacement(c, encoding) for c in unwritable), error.end

    return handle


@cache
def error_handler(encoding: str) -> str:
    """The name of the codecs error handler for ``encoding`` (registered on first use)."""
    codec = codecs.lookup(encoding).name  # "cp1258" for "CP1258", "windows-1258"
    codecs.register_error(HANDLER_PREFIX + codec, _handler(codec))
    return HANDLER_PREFIX + codec


def is_utf(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


def use_console_encoding(streams=None) -> None:
    """Give every stream (stdout and stderr) that is not UTF-8 the error handler of its encoding.

    Progress bars (tqdm) write to stderr too, so they are covered."""
    for stream in (sys.stdout, sys.stderr) if streams is None else streams:
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if not encoding or reconfigure is None or is_utf(encoding):
            continue
        try:
            reconfigure(errors=error_handler(encoding))
        except (LookupError, ValueError, OSError):
            continue  # an unknown codec or a closed stream: leave it as it is


# A Python class name before a colon: "InputError: ", "zipfile.BadZipFile: ", "KilledWorker: ".
_CLASS_NAME = re.compile(
    r"(?<![\w.'\"/\\-])(?:[a-z_][a-z0-9_]*\.)*"
    r"(?:[A-Z][A-Za-z0-9]*(?:Error|Exception|Warning|Interrupt|Exit|Failed|Worker|Reached|Died|Timeout)|BadZipFile)"
    r":(?:\s+|$)"
)


def without_class_names(text: str) -> str:
    """``text`` without the Python class names a library or a notebook put before its message."""
    return _CLASS_NAME.sub("", text)


def unexpected_message(error: BaseException) -> str:
    """What the clerk reads about a bug: the text of the error and how to see more, no class name."""
    text = without_class_names(str(error)).strip()
    return (
        f"Lỗi không mong đợi{': ' + text if text else '.'}\n"
        "Chạy lại với TTHC_DEBUG=1 để xem chi tiết và báo lỗi cho nhóm phát triển."
    )
