"""The ClaimSort Textual app: takes packs already loaded, shows rounds, forwards input.

Game state and rules live in `game.round.Round`; the screens only show a round and
call its methods. The command line (`tui.play`) does the loading, so tests build the
app straight from `Pack` objects.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App
from textual.screen import Screen

from game.i18n import _
from game.pack import Pack
from game.round import Round
from tui.screens.base import MIN_HEIGHT, MIN_WIDTH
from tui.screens.home import HomeScreen, PackEntry
from tui.screens.round import RoundScreen
from tui.screens.summary import SummaryScreen

ERROR_LIMIT = 200
"""An error message shown to the player is cut to this many characters."""


@dataclass(frozen=True)
class RoundOptions:
    """How rounds are set up: the claims' order and how many are played."""

    shuffle: bool = False
    seed: int | None = None
    """Makes a shuffle repeatable."""
    limit: int | None = None
    """Play at most this many claims."""


def short_error(error: BaseException) -> str:
    """One line about an error, for the player: its kind and message, cut short."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    if len(text) > ERROR_LIMIT:
        text = text[: ERROR_LIMIT - 1] + "…"
    return text


class ClaimSortApp(App[None]):
    """Home (the packs found) → a round → its summary, with help and the article reader."""

    CSS_PATH = "app.tcss"
    TITLE = "ClaimSort"
    ENABLE_COMMAND_PALETTE = False
    # Breakpoint classes on every screen: below the minimum size the CSS hides the
    # screen's body and shows its "terminal too small" notice instead.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-too-narrow"),
        (MIN_WIDTH, "-narrow"),
        (70, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-too-short"),
        (MIN_HEIGHT, "-short"),
        (20, "-tall"),
    ]

    def __init__(
        self,
        entries: Sequence[PackEntry] = (),
        *,
        start: Pack | None = None,
        options: RoundOptions | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """`entries` are listed on the home screen; `start` skips it and plays that pack."""
        super().__init__()
        self.entries = tuple(entries)
        self.start = start
        self.options = options or RoundOptions()
        self.clock = clock
        self.now = now

    def get_default_screen(self) -> Screen[Any]:
        return HomeScreen(self.entries)

    def on_mount(self) -> None:
        if self.start is not None:
            try:
                self.start_pack(self.start)
            except Exception as error:
                self.report_error(error)

    # -- moving between screens ----------------------------------------------

    def new_round(self, pack: Pack) -> Round:
        """A round over `pack` with the app's options."""
        extra: dict[str, Any] = {"clock": self.clock}
        if self.now is not None:
            extra["now"] = self.now
        return Round(
            pack,
            shuffle=self.options.shuffle,
            seed=self.options.seed,
            limit=self.options.limit,
            **extra,
        )

    def start_pack(self, pack: Pack) -> None:
        self.play_round(self.new_round(pack))

    def play_round(self, round_: Round, *, replace: bool = False) -> None:
        """Show a round; `replace` puts it in the place of the current screen (a summary)."""
        screen = RoundScreen(round_)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_summary(self, round_: Round) -> None:
        self.switch_screen(SummaryScreen(round_))

    def go_home(self) -> None:
        """Back to the pack list, closing every screen above it."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    # -- errors ---------------------------------------------------------------

    def report_error(self, error: BaseException) -> None:
        """An unexpected error in a handler: say so briefly; the round stays as it was."""
        self.log.error(error)
        self.notify(
            _("Something went wrong: {error}. Your round is kept: carry on, or press q.").format(
                error=short_error(error)
            ),
            title=_("Unexpected error"),
            severity="error",
            timeout=10,
            markup=False,
        )

    def _fatal_error(self) -> None:
        # An error outside the guarded handlers still ends the app (Textual's rule), but
        # with one short line instead of a traceback full of local variables. Textual's
        # own report stays available with `textual run --dev`.
        if "debug" in self.features or self._exception is None:
            super()._fatal_error()
            return
        self.bell()
        message = _("ClaimSort stopped after an unexpected error: {error}").format(
            error=short_error(self._exception)
        )
        self._exit_renderables.append(Text(message))
        self._close_messages_no_wait()
