"""The ClaimSort Textual app: takes packs already loaded, shows rounds, forwards input.

Game state and rules live in `game.round.Round`; the screens only show a round and
call its methods. The command line (`cli.play`) does the loading and opens the progress
store, so tests build the app straight from `Pack` objects and an in-memory store.

The app, not the round, talks to the store: a session starts with a round's first answer,
and each answer is queued in the store right after `Round.answer()` returns, then written
once the verdict is on screen, without waiting for another program's lock: what the file
cannot take yet is tried again every `RETRY_SECONDS` (a file that could not even be
opened, in a worker thread) until it is on disk. A store problem is told to the player in
one line and the game goes on.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from game.i18n import _, language
from game.learning_path import PathProgress, step_of
from game.pack import Claim, Pack
from game.players import check_player_name, default_player
from game.progress import RETRY_SECONDS, ProgressStore, Session
from game.round import Answer, Round
from game.text import printable
from tui.compat import FatalErrorMessage
from tui.screens.round import RoundScreen
from tui.shared_css import share_parsed_css
from tui.sizes import HEIGHT_BREAKPOINTS, WIDTH_BREAKPOINTS

if TYPE_CHECKING:
    from game.catalog import MissingPack
    from game.review import DueNow
    from tui.screens.home import PackEntry

# The pack list, the results, review and stats are imported when first shown: a round
# started from the command line is on screen before they would have loaded.

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
    confidence: bool = False
    """Ask how sure the player is after each pick. `claimsort play` turns it on unless
    told `--no-confidence`; off here, an app built in code answers with one key."""
    preview: bool = False
    """Show every claim already answered rightly, with its hint, and record nothing: the
    teacher proofreads the pack as students will see it after answering."""


def short_error(error: BaseException) -> str:
    """One line about an error, for the player: its kind and message, cut short and
    shown literally (a message can quote a stored value or a path)."""
    return printable(" ".join(f"{type(error).__name__}: {error}".split()), ERROR_LIMIT)


class ClaimSortApp(FatalErrorMessage[None]):
    """Home (the packs found) → a round → its summary, with help and the article reader."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "home.tcss"]
    """The round's styles and the pack list's (the first screen); the others load with
    their screens."""
    TITLE = "ClaimSort"
    ENABLE_COMMAND_PALETTE = False
    # Breakpoint classes on every screen; below the minimum size only a notice shows.
    HORIZONTAL_BREAKPOINTS = WIDTH_BREAKPOINTS
    VERTICAL_BREAKPOINTS = HEIGHT_BREAKPOINTS

    def __init__(
        self,
        entries: Sequence[PackEntry] = (),
        *,
        start: Pack | None = None,
        options: RoundOptions | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] | None = None,
        store: ProgressStore | None = None,
        player: str | None = None,
        review: Sequence[Pack] | None = None,
        missing: Sequence[MissingPack] = (),
        due: DueNow | None = None,
        ask_player: bool = False,
        locked: bool = False,
        class_name: str | None = None,
    ) -> None:
        """`entries` are listed on the home screen; `start` skips it and plays that pack;
        `review` skips it and plays what is due for review in those packs.

        `store` keeps the answers (default: in memory, for this run only); `player`
        defaults to `default_player()` and raises ValueError when the name is refused.
        `missing` are the packs the store remembers that cannot be played now: what is
        due in them is named with where they were. `due` is what is due in `review`, when
        the caller has just read it (the command line does, to know whether to open the
        app): the review starts from it instead of reading the store again.
        `ask_player`: nobody was named, so on the pack list of a store with no players
        yet, first ask who is playing (a shared login would record everyone as one).

        `locked` is a served student's game (`claimsort serve`): the player is fixed, so
        there is no way to change who plays or to see who else has played. `class_name`
        labels every session it starts (the class `claimsort serve --class` names).
        """
        super().__init__()
        share_parsed_css(self)
        self.entries = tuple(entries)
        self.start = start
        self.options = options or RoundOptions()
        self.clock = clock
        self.now = now
        self.store = store if store is not None else ProgressStore.in_memory()
        self.player = check_player_name(player) if player is not None else default_player()
        self.review_packs = tuple(review) if review is not None else None
        self.missing = tuple(missing)
        self.locked = locked
        self.class_name = class_name
        self._first_due = due
        self.ask_player = ask_player
        self.pending_review: list[tuple[Pack, list[Claim]]] = []
        """The packs still to review after the current review round, with their claims."""
        self.explain_first: frozenset[tuple[str, str]] = frozenset()
        """(pack id, claim id) of the claims due that are explained before they are asked."""
        self._told: str | None = None
        self._retry: Timer | None = None
        self._reopening: Worker[bool] | None = None
        self._unsaved_told = False  # the player was told answers wait to be saved

    @property
    def opens_on_home(self) -> bool:
        """Whether the app opens on the pack list (not straight into a round)."""
        return self.start is None and self.review_packs is None

    def get_default_screen(self) -> Screen[Any]:
        if self.opens_on_home:
            from tui.screens.home import HomeScreen

            return HomeScreen(self.entries)
        # Playing straight away: the pack list is built only if the player asks for it.
        return Screen()

    def on_mount(self) -> None:
        self._retry = self.set_interval(RETRY_SECONDS, self.save_progress, pause=True)
        try:
            if self.review_packs is not None:
                self.start_review(self.review_packs, tell_lost=True, due=self._first_due)
            elif self.start is not None:
                self.start_pack(self.start)
        except Exception as error:
            self.report_error(error)
        if self.store.warning and not self.opens_on_home:
            self.tell_store_warning()  # home shows it as a line of its own
        self._told = self.store.warning
        # Rows kept by an earlier game, or a file another program held at start.
        self._unsaved_told = self.store.awaiting is not None or self.store.pending > 0
        self._keep_trying()
        if self.ask_player and self.opens_on_home and not self.locked and not self.store.warning:
            # Read in a thread: the pack list is on screen before the store answers. Not
            # over a progress warning: that is the news to read first.
            self.run_worker(self._known_players, thread=True, group="first-player")

    def _known_players(self) -> list[str] | None:
        try:
            return self.store.players()
        except sqlite3.Error:
            return None  # unreadable: the store's own warning says so; ask nothing

    def set_confidence(self, on: bool) -> None:
        """Turn the confidence step on or off for the rounds to come, and keep the choice
        in the settings file (written in a thread; a failure is told, the choice holds)."""
        from dataclasses import replace

        self.options = replace(self.options, confidence=on)
        if on:
            message = _("The “how sure are you?” step is on.")
        else:
            message = _("The “how sure are you?” step is off: one key answers.")
        self.notify(message, markup=False)
        self.run_worker(lambda: self._save_settings(on), thread=True, group="settings")

    def _save_settings(self, confidence: bool) -> None:
        from game.settings import Settings, save_settings

        try:
            save_settings(Settings(confidence=confidence))
        except OSError as error:
            self.call_from_thread(
                self.notify,
                _("The setting could not be kept for next time: {reason}.").format(
                    reason=printable(error.strerror or type(error).__name__)
                ),
                severity="warning",
                markup=False,
            )

    def ask_who_is_playing(self) -> None:
        """The first start's question: who is playing (Esc keeps the login name)."""
        from tui.screens.player import PlayerScreen

        def chosen(name: str | None) -> None:
            if name is not None and name != self.player:
                try:
                    self.set_player(name)
                except ValueError as refused:
                    self.notify(str(refused), severity="warning", markup=False)
                    return
                self.notify(_("Now playing: {name}").format(name=printable(name)), markup=False)

        self.push_screen(PlayerScreen(first_start=True), chosen)

    # -- progress -------------------------------------------------------------

    @property
    def packs(self) -> list[Pack]:
        """The packs that loaded, in the home screen's order."""
        return [entry.pack for entry in self.entries if entry.pack is not None]

    def moment(self) -> datetime:
        """Now, from the injected clock when there is one (review and stats need it)."""
        return self.now() if self.now is not None else datetime.now(UTC)

    def set_player(self, name: str) -> None:
        """Switch who is playing; ValueError when `check_player_name` refuses the name,
        or in a locked game."""
        if self.locked:
            raise ValueError(_("the player cannot be changed in a class game"))
        self.player = check_player_name(name)

    def read_due(self, player: str, packs: Sequence[Pack] | None = None) -> DueNow:
        """What `player` has due for review now, in `packs` (default: every loaded one)
        and in the packs that cannot be played. Only reads the store, so a worker thread
        may call it; sqlite3.Error when the store cannot be read."""
        from game.review import due_now

        chosen = self.packs if packs is None else packs
        return due_now(self.store, chosen, player, self.moment(), self.missing)

    def read_path(self, player: str) -> PathProgress:
        """The built-in packs' path for `player`: each pack's progress and the one to
        play next. Only reads the store, so a worker thread may call it; sqlite3.Error
        when the store cannot be read."""
        from game.learning_path import pack_progress, read_path, suggested_next
        from game.paths import builtin_packs_dir

        path = read_path(builtin_packs_dir())
        on_path = [pack for pack in self.packs if step_of(path, pack.id) is not None]
        rounds = self.store.pack_rounds(player) if on_path else []
        progress = pack_progress(on_path, rounds)
        return PathProgress(
            steps=path, progress=progress, next=suggested_next(on_path, progress, path, language())
        )

    def unreadable(self, error: sqlite3.Error) -> None:
        """Say in one line that the store could not be read."""
        self.store.warning = _("Progress could not be read: {reason}.").format(
            reason=printable(str(error))
        )
        self.tell_store_warning()

    def path_of(self, pack: Pack) -> Path | None:
        """The file `pack` was found in: recorded with each session, so that review can
        find the pack again wherever it was played from."""
        found = next((entry.path for entry in self.entries if entry.pack is pack), None)
        return found if found is not None else pack.path

    def begin_session(self, pack: Pack, *, review: bool) -> Session:
        """A round's session, queued with its first answer (see `record`)."""
        return self.store.start_session(
            self.player,
            pack,
            review=review,
            at=self.moment(),
            defer=True,
            path=self.path_of(pack),
            class_name=self.class_name,
        )

    def record(self, session: Session, pack: Pack, answer: Answer) -> None:
        """Keep one answer as it is given, without touching the disk: the caller saves it
        with `save_progress()` once the verdict is on screen (else the retry timer does,
        within `RETRY_SECONDS`). A failure is told, never stops the round."""
        try:
            self.store.record(session, pack, answer, defer=True)
        except Exception as error:  # the store catches its own errors; this is a last guard
            self.store.warning = _("Progress could not be saved: {reason}.").format(
                reason=short_error(error)
            )
            self.tell_store_warning()
            return
        if self._retry is not None:
            self._retry.resume()

    def save_progress(self) -> None:
        """Write what waits in the store, waiting for no lock; while anything still waits,
        try again every `RETRY_SECONDS`. A file the store waits to open is opened in a
        worker thread, since opening checks the whole file."""
        if self.store.awaiting is not None:
            self._unsaved_told = True
            if self._reopening is None or self._reopening.is_finished:
                self._reopening = self.run_worker(
                    self.store.reopen, thread=True, group="progress", exit_on_error=False
                )
            return
        try:
            if not self.store.flush(wait=0):
                self._unsaved_told = True  # the store's warning says why
        except Exception as error:  # the store catches its own errors; this is a last guard
            self.store.warning = _("Progress could not be saved: {reason}.").format(
                reason=short_error(error)
            )
        self._keep_trying()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "first-player" and event.state == WorkerState.SUCCESS:
            if event.worker.result == [] and len(self.screen_stack) == 1:
                self.ask_who_is_playing()  # nobody recorded yet, and still on the pack list
            return
        if event.worker is self._reopening and event.state in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            if event.state == WorkerState.ERROR and event.worker.error is not None:
                self.store.warning = _("Progress could not be saved: {reason}.").format(
                    reason=short_error(event.worker.error)
                )
            self._keep_trying()

    def _keep_trying(self) -> None:
        """Tell the store's news, and retry on the timer while anything waits."""
        waiting = self.store.awaiting is not None or self.store.pending > 0
        self.tell_store_warning()
        if self._retry is not None:
            if waiting:
                self._retry.resume()
            else:
                self._retry.pause()
        if not waiting and self._unsaved_told:
            self._unsaved_told = False
            self._told = self.store.warning
            self.notify(_("Every answer is saved now."), title=_("Progress"), markup=False)

    def tell_store_warning(self) -> None:
        """Show the store's warning in one line, once per new warning."""
        warning = self.store.warning
        if warning and warning != self._told:
            self._told = warning
            # It names the data folder and quotes SQLite: shown like any stored value.
            self.notify(
                printable(warning),
                title=_("Progress"),
                severity="warning",
                timeout=10,
                markup=False,
            )

    # -- moving between screens ----------------------------------------------

    def _clocks(self) -> dict[str, Any]:
        """The clocks every round gets: the timer, and "now" when one is injected."""
        clocks: dict[str, Any] = {"clock": self.clock}
        if self.now is not None:
            clocks["now"] = self.now
        return clocks

    def new_round(self, pack: Pack) -> Round:
        """A round over `pack` with the app's options."""
        return Round(
            pack,
            shuffle=self.options.shuffle,
            seed=self.options.seed,
            limit=self.options.limit,
            **self._clocks(),
        )

    def review_round(self, pack: Pack, claims: Sequence[Claim]) -> Round:
        """A round over claims due for review, longest overdue first (no shuffle, no limit:
        the review is exactly what is due); a claim missed while very sure is explained
        before it is asked."""
        explain = [c.id for c in claims if (pack.id, c.id) in self.explain_first]
        return Round(pack, claims, explain_first=explain, **self._clocks())

    def start_pack(self, pack: Pack) -> None:
        self.pending_review = []
        self.play_round(self.new_round(pack))

    def start_review(
        self,
        packs: Sequence[Pack] | None = None,
        *,
        replace: bool = False,
        tell_lost: bool = False,
        due: DueNow | None = None,
    ) -> bool:
        """Play what is due for review in `packs` (default: every loaded one), one round per
        pack in turn; False (and a line saying so) when nothing is due. With `tell_lost`,
        the packs that cannot be played with claims due in them are named too. `due`, if
        given, is what was just read as due. A store that cannot be read gives nothing
        due, with a one-line warning."""
        from game.review import DueNow, by_pack, explained_first

        if due is None:
            try:
                due = self.read_due(self.player, packs)
            except sqlite3.Error as error:
                self.unreadable(error)
                due = DueNow(items=())
        if tell_lost:
            for line in due.lost:
                self.notify(line, title=_("Review"), severity="warning", timeout=10, markup=False)
        groups = by_pack(due.items)
        self.explain_first = explained_first(due.items)
        if not groups:
            self.pending_review = []
            self.notify(_("Nothing is due for review."), markup=False)
            return False
        (pack, claims), *self.pending_review = groups
        self.play_round(self.review_round(pack, claims), replace=replace, review=True)
        return True

    def next_review(self) -> None:
        """The next pack's review round, in the place of the current summary."""
        if self.pending_review:
            (pack, claims), *self.pending_review = self.pending_review
            self.play_round(self.review_round(pack, claims), replace=True, review=True)

    def play_round(self, round_: Round, *, replace: bool = False, review: bool = False) -> None:
        """Show a round; `replace` puts it in the place of the current screen (a summary).
        Its session is saved with its first answer, so a round left unanswered leaves
        no trace in the player's progress."""
        screen = RoundScreen(
            round_, review=review, confidence=self.options.confidence, preview=self.options.preview
        )
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_summary(self, round_: Round, *, review: bool = False) -> None:
        from tui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(round_, review=review))

    def show_stats(self) -> None:
        from tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def go_home(self) -> None:
        """Back to the pack list, closing every screen above it."""
        self.pending_review = []
        from tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            # Started on a round: the pack list goes over the blank base screen.
            self.push_screen(HomeScreen(self.entries))

    # -- errors ---------------------------------------------------------------

    def report_error(self, error: BaseException) -> None:
        """An unexpected error in a handler: say so briefly; the screen stays as it was.
        The round is mentioned only where one is being played."""
        self.log.error(error)
        if self.screen_stack and isinstance(self.screen, RoundScreen):
            message = _("Something went wrong: {error}. Your round is kept: carry on, or press q.")
        else:
            message = _("Something went wrong: {error}. You can carry on.")
        self.notify(
            message.format(error=short_error(error)),
            title=_("Unexpected error"),
            severity="error",
            timeout=10,
            markup=False,
        )

    def fatal_error_message(self, error: BaseException) -> Text | None:
        # An error outside the guarded handlers still ends the app (Textual's rule), but
        # with one short line instead of a traceback full of local variables. Textual's
        # own report stays available with `textual run --dev`.
        if "debug" in self.features:
            return None
        return Text(
            _("ClaimSort stopped after an unexpected error: {error}").format(
                error=short_error(error)
            )
        )
