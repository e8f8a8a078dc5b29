"""The city's figures, worked out beside a batch's last communes (``tthc batch``).

The city's consolidated figures (:func:`~tthc_analysis.indicators.city.city_indicators`) come
from the data root alone, not from the communes' products, so the batch need not wait for its
last commune to start them: as soon as a worker has no commune left, a core is free, and a
thread of the batch's own process works them out there. The city's page, which links the
reports made, is written after the last commune (run/batch.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..core.periods import Period
from ..inputs.dataroot import Commune, DataRoot

if TYPE_CHECKING:
    from ..indicators.city import CityIndicators


class CityAhead:
    """``city_indicators(root, period, communes)`` in a thread: :meth:`start` it, take its
    :meth:`figures`, and :meth:`close` it when the batch ends whether or not they were taken."""

    def __init__(self, root: DataRoot, period: Period, communes: list[str], source: str = "auto") -> None:
        self._arguments = (root, period, communes)
        self._source = source
        self._thread: threading.Thread | None = None
        self._figures: CityIndicators | None = None
        self._error: BaseException | None = None
        self._stop = threading.Event()

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="tthc-city", daemon=True)
            self._thread.start()

    def _communes(self, communes: Iterable[Commune]) -> Iterator[Commune]:
        for commune in communes:  # stops between two communes once the batch no longer wants the figures
            if self._stop.is_set():
                raise _Stopped
            yield commune

    def _work(self) -> None:
        try:
            from ..indicators.city import city_indicators

            self._figures = city_indicators(*self._arguments, progress=self._communes, source=self._source)
        except _Stopped:
            pass
        except BaseException as exc:  # raised again, in the batch's thread, by figures()
            self._error = exc

    def figures(self) -> CityIndicators:
        """The figures, waiting for the thread (started now if it was not)."""
        self.start()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._figures

    def close(self) -> None:
        """Stop the work if it still runs (the figures were not needed, or the batch failed) and
        wait for the thread: nothing of it outlives the batch."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


class _Stopped(Exception):
    """The batch ended without needing the figures."""
