"""One student's game, in a child of the zygote: the app locked to their name, on the
packs the teacher serves, recording into the teacher's progress store; and the game the
zygote plays headless, before any student joins, so that what Textual loads and caches
on a game's first start is loaded in the zygote, once, and shared by every fork."""

from __future__ import annotations

from collections.abc import Sequence

from textual.pilot import Pilot
from textual.screen import Screen

from game.catalog import CatalogEntry
from game.progress import Check, ProgressStore
from tui.app import ClaimSortApp, RoundOptions

WARM_UP_PLAYER = "warm-up"
"""Whom the zygote's headless game plays for: its store is in memory, so no one."""
WARM_UP_SIZE = (80, 24)
WARM_UP_PAUSES = 200
"""The warm-up stops after this many passes of the app's queues if its first screen
never shows (it then has warmed what it could)."""


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
    return ClaimSortApp(
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


def warm_up(
    entries: Sequence[CatalogEntry], class_name: str, shuffle: bool, limit: int | None
) -> None:
    """Play a student's game headless up to its first screen, drawn, then stop: nothing
    is recorded (the store is in memory) and nothing is shown."""
    store = ProgressStore.in_memory()
    app = student_app(entries, WARM_UP_PLAYER, class_name, shuffle, limit, store)

    async def to_first_screen(pilot: Pilot[object]) -> None:
        # The app opens on a blank screen and shows its first one (the round, or the
        # pack list) once mounted.
        for _ in range(WARM_UP_PAUSES):
            await pilot.pause()
            if type(app.screen) is not Screen:
                break
        await pilot.pause()  # its first frame is drawn
        app.exit()

    try:
        app.run(headless=True, size=WARM_UP_SIZE, auto_pilot=to_first_screen)
    finally:
        store.close()
