"""YAML files of a data root (communes.yaml, summaries): read safely, texts in NFC, control characters found."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import InputError
from ..core.text import nfc
from .files import read_text_file


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely; errors name the file and line."""
    text = read_text_file(path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"YAML không hợp lệ: {problem}", file=path, row=row) from None
    except ValueError:  # a date YAML reads but no calendar has (2025-02-30): not a YAMLError
        raise InputError("YAML không hợp lệ: có một ngày không có thật (ví dụ 30/02)", file=path) from None


def nfc_tree(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc_tree(v) for k, v in value.items()}
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_character(value: Any) -> tuple[str, str] | None:
    """The first text with a control character (none can go into a .docx or an .xlsx), and that character."""
    if isinstance(value, str):
        found = _CONTROL.search(value)
        return (value, found.group()) if found else None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        found = _control_character(item)
        if found:
            return found
    return None
