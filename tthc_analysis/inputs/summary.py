"""Published figures: reading and validating summary-<period>.yaml (docs/published-figures.md).

Some communes only have the figures a report published, not the dossier export. A summary
file holds them for one period; its keys follow indicators.json and a key left out was not
published. This module only reads and checks the file; what the figures imply and how
they compare with dossier data is :mod:`tthc_analysis.indicators.published`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import InputError
from ..core.labels import BIEU06A_KEYS, RATE_NAMES
from ..core.periods import Period, parse_period
from ..core.vnformat import StatedPercent
from .dataroot import nfc_tree, read_yaml
from .files import read_text_file

# Sums a report may publish as one figure: key in the file -> key of the figures.
SUMS = {"new": "new", "resolved_in_time": "in_time", "overdue": "overdue"}
FEEDBACK_KEYS = ("received", "resolved", "resolved_on_time", "pending", "pending_overdue")


@dataclass(frozen=True)
class StatedPeriod:
    """A period as written in the text of a published report."""

    where: str
    start: date
    end: date


@dataclass(frozen=True)
class PublishedSummary:
    """The figures of a summary file, as published (None: not published)."""

    path: Path
    period: Period
    counts: dict[str, int | None]  # the eleven Biểu 06a keys and the sums new, in_time, overdue
    rates: dict[str, StatedPercent | None]  # percent as published, with the decimals it was written with
    new_by_system: dict[str, int | None] | None = None
    stated_online: tuple[int | None, int | None] | None = None  # "tiếp nhận trực tuyến X/Y"
    vertical_agencies: tuple[tuple[str, int], ...] | None = None
    catalogue: dict[str, Any] | None = None  # procedures, full_online, partial_online, published_percent (stated)
    feedback: dict[str, int | None] | None = None
    stated_periods: tuple[StatedPeriod, ...] = field(default=())
    document: str | None = None
    # Biểu 06a's rows by field (lĩnh vực) as published: each field's name and its eleven figures.
    fields: tuple[tuple[str, dict[str, int | None]], ...] = ()


def _count(value: Any, path: Path, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"'{value}' không phải số hồ sơ (số nguyên)", file=path, column=key)
    if value < 0:
        raise InputError(f"số âm {value} không hợp lệ", file=path, column=key)
    return value


class _WrittenFloats(yaml.SafeLoader):
    """YAML's safe loader, but a float keeps the decimals it was written with: ``98.50`` is
    ``StatedPercent(98.5, 2)`` (a float), where plain YAML gives 98.5 and loses the 0."""


def _written_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = loader.construct_yaml_float(node)
    try:
        exponent = Decimal(str(node.value).replace("_", "")).as_tuple().exponent
    except (InvalidOperation, ValueError):  # 1:30.5 (base 60), .inf, .nan
        return value
    if not isinstance(exponent, int) or not math.isfinite(value):
        return value
    return StatedPercent(value, max(0, -exponent))


_WrittenFloats.add_constructor("tag:yaml.org,2002:float", _written_float)


def _load(path: Path) -> Any:
    """The file's YAML, its floats as written (:class:`_WrittenFloats`); a file YAML cannot read
    fails as every YAML file of the data root does (:func:`read_yaml`: the file and line)."""
    try:
        return yaml.load(read_text_file(path), Loader=_WrittenFloats)  # a safe loader
    except yaml.YAMLError:
        return read_yaml(path)


def _percent(value: Any, path: Path, key: str) -> StatedPercent | None:
    """A percent as published, keeping the decimals it was written with (98.50 -> 2 decimals)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"'{value}' không phải tỷ lệ phần trăm (số)", file=path, column=key)
    if isinstance(value, StatedPercent):
        return value
    return StatedPercent(value, 0 if isinstance(value, int) else None)


def _day(value: Any, path: Path, key: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(str(value).strip(), layout).date()
        except ValueError:
            continue
    raise InputError(f"ngày không hợp lệ '{value}' (dùng dd/mm/yyyy)", file=path, column=key)


def _mapping(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise InputError(f"'{key}' phải là một bảng khóa–giá trị", file=path, column=key)
    return value


def _counts(data: dict[str, Any], path: Path) -> dict[str, int | None]:
    raw = _mapping(data, "bieu06a", path)
    unknown = set(raw) - set(BIEU06A_KEYS)
    if unknown:
        raise InputError(f"khóa không rõ {sorted(unknown)} trong bieu06a", file=path, column="bieu06a")
    counts = {k: _count(raw.get(k), path, f"bieu06a.{k}") for k in BIEU06A_KEYS}
    for name, key in SUMS.items():
        counts[key] = _count(data.get(name), path, name)
    return counts


def _rates(data: dict[str, Any], path: Path) -> dict[str, StatedPercent | None]:
    raw = _mapping(data, "rates", path)
    unknown = set(raw) - set(RATE_NAMES)
    if unknown:
        raise InputError(f"tỷ lệ không rõ {sorted(unknown)}; dùng {', '.join(RATE_NAMES)}", file=path, column="rates")
    return {name: _percent(raw.get(name), path, f"rates.{name}") for name in RATE_NAMES}


def _units(data: dict[str, Any], path: Path) -> tuple[tuple[str, int], ...] | None:
    if "vertical_agencies" not in data:
        return None
    items = data.get("vertical_agencies") or []
    if not isinstance(items, list):
        raise InputError("'vertical_agencies' phải là danh sách {unit, total}", file=path, column="vertical_agencies")
    units = []
    for number, item in enumerate(items, start=1):
        where = f"vertical_agencies[{number}]"
        if not isinstance(item, dict) or not item.get("unit") or item.get("total") is None:
            raise InputError(f"mục thứ {number} cần 'unit' và 'total'", file=path, column=where)
        units.append((str(item["unit"]), _count(item["total"], path, f"{where}.total")))
    return tuple(units)  # type: ignore[arg-type]


def _stated_periods(data: dict[str, Any], path: Path) -> tuple[StatedPeriod, ...]:
    out = []
    for number, item in enumerate(data.get("stated_periods") or [], start=1):
        if not isinstance(item, dict):
            raise InputError(f"mục thứ {number} cần 'from' và 'to'", file=path, column="stated_periods")
        out.append(
            StatedPeriod(
                str(item.get("where") or f"đoạn {number}"),
                _day(item.get("from"), path, f"stated_periods[{number}].from"),
                _day(item.get("to"), path, f"stated_periods[{number}].to"),
            )
        )
    return tuple(out)


def _optional_counts(data: dict[str, Any], key: str, keys: tuple[str, ...] | None, path: Path) -> dict | None:
    if key not in data:
        return None
    raw = _mapping(data, key, path)
    return {k: _count(raw.get(k), path, f"{key}.{k}") for k in (keys or tuple(raw))}


def read_summary(path: str | Path, period: Period | None = None) -> PublishedSummary:
    """Read and check a summary-<period>.yaml file (or a Biểu 06a workbook, bieu-06a…<period>.xlsx).

    ``period`` is the period being reported (a commune's period may start at its
    establishment day); the file must name the same period id.
    """
    path = Path(path)
    if path.suffix.lower() != ".yaml":  # the system's Biểu 06a workbook (inputs/bieu06a_form.py)
        from .bieu06a_form import read_bieu06a_workbook
        from .published_files import published_period

        return read_bieu06a_workbook(path, period or parse_period(str(published_period(path))))
    data = nfc_tree(_load(path))
    if not isinstance(data, dict):
        raise InputError("tệp số liệu đã công bố cần là một bảng khóa–giá trị", file=path)
    file_period = parse_period(str(data.get("period", period.id if period else "")))
    if period is not None and file_period.id != period.id:
        raise InputError(
            f"tệp ghi kỳ '{file_period.id}' nhưng đang lập báo cáo kỳ '{period.id}'", file=path, column="period"
        )
    catalogue = None
    if "catalogue" in data:
        raw = _mapping(data, "catalogue", path)
        catalogue = {
            k: _count(raw.get(k), path, f"catalogue.{k}") for k in ("procedures", "full_online", "partial_online")
        }
        catalogue["published_percent"] = _percent(raw.get("published_percent"), path, "catalogue.published_percent")
    stated = _mapping(data, "stated_online", path)
    return PublishedSummary(
        path=path,
        period=period or file_period,
        counts=_counts(data, path),
        rates=_rates(data, path),
        new_by_system=_optional_counts(data, "new_by_system", None, path) or None,
        stated_online=(
            _count(stated.get("count"), path, "stated_online.count"),
            _count(stated.get("of"), path, "stated_online.of"),
        )
        if stated
        else None,
        vertical_agencies=_units(data, path),
        catalogue=catalogue,
        feedback=_optional_counts(data, "feedback", FEEDBACK_KEYS, path),
        stated_periods=_stated_periods(data, path),
        document=data.get("document"),
    )
