"""The collector pause around reads that build many objects: it nests, overlaps across
threads, and always leaves the collector as it found it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from game.collector import collection_paused


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    gc.enable()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still on
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_an_error_inside_still_ends_the_pause() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("the read failed")
    assert gc.isenabled()


def test_pauses_in_two_threads_end_when_the_last_one_ends() -> None:
    gc.enable()
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collection_paused():
            inside.set()
            leave.wait()

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait()
    with collection_paused():
        pass
    assert not gc.isenabled()  # the other thread's pause is still on
    leave.set()
    thread.join()
    assert gc.isenabled()
