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
