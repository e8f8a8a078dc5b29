"""The city's targets (chỉ tiêu) in communes.yaml, drawn as lines on the trend charts.

```yaml
targets:
  rate_on_time: 98      # tỷ lệ giải quyết đúng hạn 98 %
  rate_online: "80,5%"  # a rate may be written as the reports write it
```

A key is an indicator's column (``tthc_analysis.indicators.exploration.INDICATORS``); a value
is a number, a rate in percent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..core.errors import InputError
from .dataroot import DataRoot
from .yaml_files import read_yaml

_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")


def _value(raw: object, key: str, path) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise InputError(f"chỉ tiêu '{key}': '{raw}' không phải một số", file=path, column=f"targets.{key}")
    if isinstance(raw, str):
        match = _PERCENT.match(raw)
        if not match:
            raise InputError(
                f"chỉ tiêu '{key}': '{raw}' không phải một số (ví dụ 98 hoặc \"98,5%\")",
                file=path,
                column=f"targets.{key}",
            )
        raw = float(match.group(1).replace(",", "."))
    return float(raw)


def read_targets(root: DataRoot, known: Mapping[str, str]) -> dict[str, float]:
    """The ``targets`` of communes.yaml, indicator key -> value; ``known``: key -> name of the
    indicators a target may be set for (an unknown key is refused, naming those)."""
    path = root.communes_file
    data = read_yaml(path) if path.exists() else None
    raw = data.get("targets") if isinstance(data, dict) else None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError("'targets' cần là một danh sách 'chỉ tiêu: giá trị'", file=path, column="targets")
    targets = {}
    for key, value in raw.items():
        if str(key) not in known:
            names = "; ".join(f"{k} ({name})" for k, name in known.items())
            raise InputError(f"không có chỉ tiêu '{key}'; dùng một trong: {names}", file=path, column="targets")
        targets[str(key)] = _value(value, str(key), path)
    return targets
