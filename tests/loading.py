"""Waiting, as the player does, for what the app reads from the progress store in a
worker: the home screen's review count and the stats screen."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from ui import screen_text, wait_until

from tui.screens.home import HomeScreen
from tui.screens.stats import StatsScreen


async def home_counted(pilot: Pilot[Any]) -> None:
    """Until the home screen shows its count of claims due for review."""
    app = pilot.app

    def counted() -> bool:
        screen = app.screen
        return (
            isinstance(screen, HomeScreen)
            and screen.due is not None
            and "Review: counting…" not in screen_text(app)
        )

    await wait_until(pilot, counted, "the home screen's review count")


async def stats_loaded(pilot: Pilot[Any]) -> None:
    """Until the stats screen shows the stats (or why there are none)."""
    app = pilot.app

    def loaded() -> bool:
        screen = app.screen
        return (
            isinstance(screen, StatsScreen)
            and screen.loaded
            and "Adding up your answers…" not in screen_text(app)
        )

    await wait_until(pilot, loaded, "the stats")
