"""One student's game, in a child of the zygote: the app locked to their name, on the
packs the teacher serves, recording into the teacher's progress store; and the game the
zygote plays headless, before any student joins, so that what Textual loads and caches
on a game's first start is loaded in the zygote, once, and shared by every fork."""

from __future__ import annotations

import contextlib
import inspect
import io
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from game.catalog import CatalogEntry
from game.i18n import _
from game.progress import Check, ProgressStore
from game.text import printable
from tui.app import ClaimSortApp, RoundOptions
from tui.compat import auto_focus

WARM_UP_PLAYER = "warm-up"
"""Whom the zygote's headless game plays for: its store is in memory, so no one."""
WARM_UP_SIZE = (80, 24)
WARM_UP_PAUSES = 200
"""The warm-up stops after this many passes of the app's queues if its first screen
never shows (it then has warmed what it could)."""


class ServedApp(ClaimSortApp):
    """A served student's game. It starts without the app's focus, as the web driver
    sets it at once (the page's terminal has no focus yet): started focused, the app
    would style and lay out its first screen, then restyle all of it for the loss of
    focus, a quarter of a forked game's CPU to its first claim (bench/serve.py, 30 at
    once: 0.15 CPU-s per game before, 0.11 after). Once the app has focus (the student
    touches or types in the terminal), what the screen focuses on its start is focused,
    as Textual does when focus comes back to a game that had it."""

    # Textual reads CSS_PATH next to the module of the app's class: the game's own files.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        Path(inspect.getfile(ClaimSortApp)).parent / path for path in ClaimSortApp.CSS_PATH
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(App.app_focus, False)

    def watch_app_focus(self, focus: bool) -> None:
        if focus and self.screen.focused is None:
            auto_focus(self.screen)


def student_app(
    entries: Sequence[CatalogEntry],
    name: str,
    class_name: str,
    shuffle: bool,
    limit: int | None,
    store: ProgressStore,
) -> ClaimSortApp:
    """A served student's game: with one pack, the round starts at once."""
    playable = [entry.pack for entry in entries if entry.pack is not None]
    return ServedApp(
        entries,
        start=playable[0] if len(playable) == 1 else None,
        # Served games ask how sure the student is, as `claimsort play` does by default.
        options=RoundOptions(shuffle=shuffle, limit=limit, confidence=True),
        store=store,
        player=name,
        locked=True,
        class_name=class_name,
    )


def run_student(
    entries: Sequence[CatalogEntry],
    name: str,
    class_name: str,
    shuffle: bool,
    limit: int | None,
) -> int:
    """Play until the student quits (or the server asks the game to), then close the
    store, which keeps any answer not yet written beside it for the next start."""
    store = ProgressStore.open(check=Check.DONE)
    try:
        app = student_app(entries, name, class_name, shuffle, limit, store)
        app.run()
        return app.return_code or 0
    finally:
        store.close()


class WarmUpError(Exception):
    """The zygote's headless game did not get to its first screen: every student's game
    would fail the same way, so the server must not open its doors."""


def warm_up(
    entries: Sequence[CatalogEntry], class_name: str, shuffle: bool, limit: int | None
) -> None:
    """Play a student's game headless up to its first screen, drawn, then stop: nothing
    is recorded (the store is in memory) and nothing is shown. WarmUpError, saying why,
    when the game fails on the way or never shows its first screen."""
    store = ProgressStore.in_memory()
    app = student_app(entries, WARM_UP_PLAYER, class_name, shuffle, limit, store)
    reached = False

    async def to_first_screen(pilot: Pilot[object]) -> None:
        nonlocal reached
        # The app opens on a blank screen and shows its first one (the round, or the
        # pack list) once mounted.
        for _pause in range(WARM_UP_PAUSES):
            await pilot.pause()
            if type(app.screen) is not Screen:
                break
        await pilot.pause()  # its first frame is drawn
        reached = type(app.screen) is not Screen
        app.exit()

    # What a failing game prints (its one line, `ClaimSortApp.fatal_error_message`,
    # wrapped to the width of a terminal it does not have) is told to the teacher by
    # the zygote as one line of its own.
    printed = io.StringIO()
    try:
        with contextlib.redirect_stderr(printed):
            app.run(headless=True, size=WARM_UP_SIZE, auto_pilot=to_first_screen)
    except Exception as error:
        raise WarmUpError(printable(f"{type(error).__name__}: {error}", 300)) from error
    finally:
        store.close()
    if not reached or app.return_code:
        said = " ".join(printed.getvalue().split())
        raise WarmUpError(
            printable(said, 300) if said else _("the game did not reach its first screen")
        )
