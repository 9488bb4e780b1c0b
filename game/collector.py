"""Pausing Python's cyclic garbage collector while a read builds many objects that all
stay alive.

The review queue of a player with thousands of missed claims builds tens of thousands
of records, tuples and datetimes, none of them in a reference cycle. While they are
built the collector runs again and again (every 700 new objects), and its older
generations' runs walk the objects built so far, again: work that finds nothing to free
and, walking ever more memory, costs more per object the more there are
(`bench/scale.py`: the queue's growth from 500 to 5,000 missed claims, 14.5x with the
collector and 10.3-11.3x without, in CPU time). Pausing it for the read makes the cost
follow what is read; the collector runs as usual once the pause ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_resume = False
"""Whether the outermost pause found the collector on (and so turns it back on)."""


@contextmanager
def collection_paused() -> Iterator[None]:
    """The cyclic collector paused for the block, in this and every other thread (it is
    one per process): for reads that build many lasting objects and no cycles. Pauses
    nest, and overlap across threads: the collector is back on once the last one ends,
    unless it was off before the first."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
