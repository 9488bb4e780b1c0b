"""The app `claimsort report --live` opens: one screen, the class as it plays."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from game.report.live import LiveClass
from game.report.sources import Filters
from tui.screens.live import LiveScreen


class LiveApp(App[None]):
    CSS_PATH = "live.tcss"
    TITLE = "ClaimSort"

    def __init__(self, path: Path, live: LiveClass, *, anonymize: bool = False) -> None:
        super().__init__()
        self.path = path
        self.live = live
        self.anonymize = anonymize

    def on_mount(self) -> None:
        self.push_screen(LiveScreen(self.path, self.live, anonymize=self.anonymize))


def run_live(
    path: Path, filters: Filters, claim_counts: dict[str, int], *, anonymize: bool = False
) -> None:
    """Open the live view on the progress file at `path` until the teacher quits."""
    LiveApp(path, LiveClass(filters, claim_counts), anonymize=anonymize).run()
