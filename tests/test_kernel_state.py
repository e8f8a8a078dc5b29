"""What a warm kernel does before each notebook (run/kernel_state.py), in this process: the
objects that outlive ``%reset`` leave the collector's scans, and a notebook's own garbage does not."""

from __future__ import annotations

import gc
import os
import weakref

from tthc_analysis.run import kernel_state


class Node:
    """An object in a reference cycle: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_what_outlives_reset_is_frozen_and_a_notebooks_garbage_is_still_collected(tmp_path):
    here = os.getcwd()
    try:
        before = Node()  # made before the notebook, like the modules pandas and matplotlib leave
        kernel_state.prepare(str(tmp_path))
        assert gc.get_freeze_count() > 0
        assert all(o is not before for o in gc.get_objects())  # frozen: no scan sees it
        during = Node()  # made by the notebook, then dropped: cyclic garbage
        seen = weakref.ref(during)
        del during
        gc.collect()  # what %reset does before the next prepare
        assert seen() is None
        assert os.getcwd() == str(tmp_path)
    finally:
        gc.unfreeze()
        os.chdir(here)


def test_garbage_left_by_a_notebook_is_collected_before_the_freeze(tmp_path):
    # A notebook that fails mid-chart leaves its figure open; prepare() closes it, and it must be
    # collected, not frozen for the kernel's life (a national batch runs 1.600 notebooks a kernel).
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    here = os.getcwd()
    try:
        kernel_state.prepare(str(tmp_path))
        figure = plt.figure()  # left open by the notebook
        left = Node()  # and a cycle the notebook dropped
        seen_figure, seen_left = weakref.ref(figure), weakref.ref(left)
        del figure, left
        frozen = gc.get_freeze_count()
        kernel_state.prepare(str(tmp_path))  # before the next notebook
        assert seen_figure() is None and seen_left() is None
        for _ in range(3):
            kernel_state.prepare(str(tmp_path))
        assert gc.get_freeze_count() - frozen < 1000  # what is frozen does not grow with the notebooks
    finally:
        gc.unfreeze()
        os.chdir(here)
