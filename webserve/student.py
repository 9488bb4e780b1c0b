"""One student's game, in a child of the zygote: the app locked to their name, on the
packs the teacher serves, recording into the teacher's progress store."""

from __future__ import annotations

from collections.abc import Sequence

from game.catalog import CatalogEntry
from game.progress import ProgressStore
from tui.app import ClaimSortApp, RoundOptions


def run_student(
    entries: Sequence[CatalogEntry],
    name: str,
    class_name: str,
    shuffle: bool,
    limit: int | None,
) -> int:
    """Play until the student quits (or the server asks the game to), then close the
    store, which keeps any answer not yet written beside it for the next start."""
    playable = [entry.pack for entry in entries if entry.pack is not None]
    store = ProgressStore.open()
    try:
        app = ClaimSortApp(
            entries,
            start=playable[0] if len(playable) == 1 else None,
            options=RoundOptions(shuffle=shuffle, limit=limit),
            store=store,
            player=name,
            locked=True,
            class_name=class_name,
        )
        app.run()
        return app.return_code or 0
    finally:
        store.close()
