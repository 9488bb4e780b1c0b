"""Waiting, as the player does, for what the app reads from the progress store in a
worker: the home screen's review count and the stats screen."""

from __future__ import annotations

import time
from collections.abc import Callable

from conftest import screen_text
from textual.pilot import Pilot

from tui.screens.home import HomeScreen
from tui.screens.stats import StatsScreen

LOAD_TIMEOUT = 30.0
"""Seconds a test waits for a worker's result before it fails (a shared machine can be
slow; a result that never comes is a bug)."""


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition()` holds; fail after LOAD_TIMEOUT seconds."""
    deadline = time.monotonic() + LOAD_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause()


async def home_counted(pilot: Pilot[None]) -> None:
    """Until the home screen shows its count of claims due for review."""
    app = pilot.app

    def counted() -> bool:
        screen = app.screen
        return (
            isinstance(screen, HomeScreen)
            and screen.due is not None
            and "Review: counting…" not in screen_text(app)
        )

    await until(pilot, counted, "the home screen's review count")


async def stats_loaded(pilot: Pilot[None]) -> None:
    """Until the stats screen shows the stats (or why there are none)."""
    app = pilot.app

    def loaded() -> bool:
        screen = app.screen
        return (
            isinstance(screen, StatsScreen)
            and screen.loaded
            and "Adding up your answers…" not in screen_text(app)
        )

    await until(pilot, loaded, "the stats")
