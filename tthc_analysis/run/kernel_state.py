"""What a warm kernel puts back before each notebook; imported inside the kernel (run/kernel.py).

``%reset -f`` empties the kernel's namespace but leaves the interpreter as the last notebook
left it. Before the first notebook, :func:`prepare` takes a snapshot of the pandas options, the
warnings filters and the environment variables, kept on this module (where ``%reset`` does not
reach: it empties the namespace, not ``sys.modules``); before every notebook it puts them
back, with matplotlib's default settings, no open figure and the working folder. A new kernel
(after a restart) takes its own snapshot.
"""

from __future__ import annotations

import gc
import os
import warnings
from typing import Any

_SNAPSHOT: dict[str, Any] | None = None


def _pandas_options() -> dict[str, Any]:
    """Every pandas option and its value."""
    import pandas as pd
    from pandas._config.config import _registered_options  # every option's key: pandas has no public list

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated options warn when they are read
        return {key: pd.get_option(key) for key in _registered_options}


def _restore_pandas(saved: dict[str, Any]) -> None:
    """Set back the options whose value changed (setting one may run its callback)."""
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, value in saved.items():
            current = pd.get_option(key)
            if current is not value and not bool(current == value):
                pd.set_option(key, value)


def _restore_environ(saved: dict[str, str]) -> None:
    for key in [key for key in os.environ if key not in saved]:
        del os.environ[key]
    for key, value in saved.items():
        if os.environ.get(key) != value:
            os.environ[key] = value


def _restore_warnings(saved: list) -> None:
    warnings.filters[:] = saved
    # What was already shown is forgotten, as in a new kernel (the registries check this version).
    warnings._filters_mutated()


def snapshot() -> dict[str, Any]:
    """The state to put back: taken once in this kernel, before its first notebook."""
    global _SNAPSHOT
    if _SNAPSHOT is None:
        _SNAPSHOT = {
            "pandas": _pandas_options(),
            "environ": dict(os.environ),
            "warnings": list(warnings.filters),
        }
    return _SNAPSHOT


def prepare(cwd: str) -> None:
    """Make the kernel as a new one before a notebook, working in ``cwd``."""
    import matplotlib
    import matplotlib.pyplot as plt

    saved = snapshot()
    plt.close("all")
    matplotlib.rcdefaults()
    _restore_pandas(saved["pandas"])
    _restore_environ(saved["environ"])
    _restore_warnings(saved["warnings"])  # last: the steps above may touch the filters
    os.chdir(cwd)
    # What outlives %reset (modules, their caches) lives as long as the kernel: leave it out of
    # the collector's scans, or every %reset and full collection walks all of pandas and matplotlib.
    # Garbage first (a figure the last notebook left open is garbage once closed above): what is
    # frozen is never collected. After the first freeze this pass walks only the new objects.
    gc.collect()
    gc.freeze()
