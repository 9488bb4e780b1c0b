"""Home: the packs found, each with its title, size, language and level; Enter plays one.

Above the list: who is playing (`p` changes it), how many claims are due for review
(`v` plays them; counted once per visit to this screen, in a worker), the packs that
cannot be played with claims due in them, and any progress warning."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from game.i18n import _, ngettext
from game.learning_path import PackProgress, PathProgress
from game.pack import Pack, default_categories
from game.paths import user_packs_dir
from game.review import DueNow
from game.text import printable
from tui.screens.base import BaseScreen, guarded
from tui.widgets.hanging import HangingLines
from tui.widgets.keybar import KeyBar
from tui.widgets.status import points


class PackEntry(Protocol):
    """A pack found on the command line, in the user's folder or built in
    (`game.catalog.CatalogEntry` is one): loaded, or the reason it could not be."""

    @property
    def path(self) -> Path: ...
    @property
    def origin(self) -> str: ...
    @property
    def pack(self) -> Pack | None: ...
    @property
    def error(self) -> str | None: ...


@dataclass(frozen=True)
class PathMark:
    """Where a built-in pack stands on the self-learner's path, for its row."""

    step: int
    """1-based."""
    steps: int
    progress: PackProgress | None
    next: bool
    """The pack suggested next."""


def path_text(mark: PathMark) -> str:
    """ "step 2 of 5 · ✓ done, best 14/16": a pack's place on the path and how far the
    player has come with it."""
    parts = [_("step {n} of {total}").format(n=mark.step, total=mark.steps)]
    progress = mark.progress
    if progress is not None:
        if progress.best is not None:
            best = _("best {points}/{claims}").format(
                points=points(progress.best), claims=progress.claims
            )
            parts.append(_("✓ done, {best}").format(best=best) if progress.done else best)
        elif progress.started:
            parts.append(_("started, not finished"))
        else:
            parts.append(_("not played yet"))
    return " · ".join(parts)


def entry_prompt(entry: PackEntry, mark: PathMark | None = None) -> HangingLines:
    """Two lines for the pack list, the second indented (also where it wraps); a pack
    that failed to load shows its first error. A pack on the path shows its step and
    the player's progress with it, then its details."""
    origin = entry.origin
    pack = entry.pack
    if pack is None:
        return HangingLines(
            [
                (
                    Content.assemble(
                        ("✗ ", "bold $error"),
                        (printable(entry.path.name), "bold"),
                        " — ",
                        _("cannot be played"),
                        (f"  ({origin})", "$text-muted"),
                    ),
                    0,
                    2,
                ),
                (
                    Content.styled(printable(entry.error or _("unknown problem")), "$text-muted"),
                    2,
                    2,
                ),
            ]
        )
    details = [
        ngettext("{n} claim", "{n} claims", len(pack.claims)).format(n=len(pack.claims)),
        pack.language,
    ]
    if pack.info.level:
        details.append(pack.info.level)
    details.append(origin)
    title = Content.styled(pack.title, "bold")
    line = Content.styled(" · ".join(details), "$text-muted")
    if mark is not None:
        if mark.next:
            title = Content.assemble(
                ("▶ ", "bold $text-accent"), title, ("  " + _("next"), "$text-accent")
            )
        done = mark.progress is not None and mark.progress.done
        style = "$text-success" if done else "$text-muted"
        line = Content.assemble((path_text(mark), style), (" · ", "$text-muted"), line)
    lines = [(title, 0, 2), (line, 2, 2)]
    return HangingLines(lines)


def entry_details(entry: PackEntry) -> Content:
    """The panel under the list: the highlighted pack's description, authors and file."""
    lines: list[Content] = []
    pack = entry.pack
    if pack is not None:
        if pack.info.description:
            lines.append(Content(pack.info.description))
        facts = []
        if pack.info.authors:
            facts.append(_("by {authors}").format(authors=", ".join(pack.info.authors)))
        if pack.info.license:
            facts.append(pack.info.license)
        if facts:
            lines.append(Content.styled(" · ".join(facts), "$text-muted"))
    else:
        lines.append(Content(printable(entry.error or _("unknown problem"))))
        lines.append(
            Content(
                _("Run “claimsort check {path}” to see every problem.").format(
                    path=printable(str(entry.path))
                )
            )
        )
    # File names are the user's, but may hold characters a terminal would act on.
    lines.append(Content.styled(printable(str(entry.path)), "$text-muted"))
    return Content("\n").join(lines)


class PackList(OptionList):
    """The pack list. Its own Enter plays the highlighted pack (through `OptionSelected`)
    and shows in the footer while it has focus; a focused button takes Enter itself."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", _("Play"), key_display="⏎", tooltip=_("play the selected pack")),
    ]
    """The list's own key; the tooltip is what the help says of it."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select":
            # "⏎ Play" only on a pack that can be played.
            index = self.highlighted
            return index is not None and not self.get_option_at_index(index).disabled
        return True

    def on_option_list_option_highlighted(self) -> None:
        self.refresh_bindings()


class HomeScreen(BaseScreen):
    """Lists the packs the command line, the user's pack folder and the built-ins gave."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "review", _("Review"), tooltip=_("review the claims that are due")),
        Binding("s", "stats", _("Stats"), tooltip=_("your stats")),
        Binding("p", "player", _("Player"), tooltip=_("change player")),
        Binding("question_mark,f1", "help", _("Help"), key_display="?", tooltip=_("this help")),
        Binding("q", "quit", _("Quit"), tooltip=_("quit ClaimSort")),
    ]
    """The pack list's keys; the tooltips are what the help says of them."""

    AUTO_FOCUS = "#packs"
    """The pack list, or nothing when there is none: Enter then plays nothing rather
    than pressing the first button."""

    def __init__(self, entries: Sequence[PackEntry]) -> None:
        super().__init__()
        self.entries = tuple(entries)
        self.path: PathProgress | None = None
        """The path as the player stands on it, once read (a worker's)."""
        self._moved = False
        """The player has moved in the pack list: the suggested pack no longer takes
        the highlight."""
        self._placed: int | None = None
        """Where the screen itself last put the highlight."""
        self.due: int | None = None
        """Claims due for review, counted when the screen was last shown; None until the
        count (a worker's) has come in."""

    def compose_body(self) -> ComposeResult:
        with HorizontalGroup(id="home-header"):
            yield Static(
                Content.assemble(
                    ("ClaimSort", "bold"),
                    " · ",
                    _("sort claims from the news"),
                ),
                id="home-title",
            )
            yield Static(id="home-player")
        with HorizontalGroup(id="home-progress"):
            yield Static(id="review-count")
            yield Button(Content(_("v  Review now")), id="review", compact=True, disabled=True)
            yield Button(Content(_("s  Stats")), id="stats", compact=True)
        yield Static(id="review-lost", markup=False)
        yield Static(id="home-warning", markup=False)
        if not self.entries:
            yield Static(
                Content(
                    _(
                        "No packs found. Put pack files (.toml) in {folder}, "
                        "or run “claimsort play PACK”."
                    ).format(folder=printable(str(user_packs_dir())))
                ),
                id="no-packs",
            )
        else:
            options = [
                Option(entry_prompt(entry), id=f"pack-{index}", disabled=entry.pack is None)
                for index, entry in enumerate(self.entries)
            ]
            yield PackList(*options, id="packs")
            yield Static(id="pack-details")
        yield KeyBar()

    @guarded
    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self.show_progress()

    def show_progress(self) -> None:
        """Show who is playing and any progress warning, and count what is due (once per
        visit: it reads the store, in a worker, so that a slow store freezes no key)."""
        app = self.claimsort
        self.query_one("#home-player", Static).update(
            Content.assemble(
                (_("Player: {name}").format(name=printable(app.player)), "bold"),
                ("" if app.locked else "  " + _("(p to change)"), "$text-muted"),
            )
        )
        self.due = None
        self.query_one("#review-count", Static).update(Content(_("Review: counting…")))
        self._show_warning()
        self._count_due(app.player)
        if self.entries:
            self._read_path(app.player)

    @work(thread=True, exclusive=True, exit_on_error=False, group="read-path")
    def _read_path(self, player: str) -> tuple[str, PathProgress | sqlite3.Error]:
        try:
            return player, self.claimsort.read_path(player)
        except sqlite3.Error as error:  # StoreError too: the file cannot be read
            return player, error

    def _show_path(self, path: PathProgress) -> None:
        """Each built-in pack's row with its step and progress; the suggested pack
        highlighted when the player has not moved in the list yet."""
        self.path = path
        packs = self.query_one("#packs", OptionList)
        for index, entry in enumerate(self.entries):
            pack = entry.pack
            step = path.step(pack.id) if pack is not None else None
            if pack is None or step is None:
                continue
            mark = PathMark(step, len(path.steps), path.progress.get(pack.id), pack.id == path.next)
            packs.replace_option_prompt_at_index(index, entry_prompt(entry, mark))
        suggested = next(
            (
                i
                for i, e in enumerate(self.entries)
                if e.pack is not None and e.pack.id == path.next
            ),
            None,
        )
        if suggested is not None and not self._moved:
            self._placed = suggested
            packs.highlighted = suggested
            self._show_details(suggested)

    @work(thread=True, exclusive=True, exit_on_error=False, group="count-due")
    def _count_due(self, player: str) -> tuple[str, DueNow | sqlite3.Error]:
        try:
            return player, self.claimsort.read_due(player)
        except sqlite3.Error as error:  # StoreError too: the file cannot be read
            return player, error

    @guarded
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.SUCCESS or not self.is_attached:
            return  # not done, or closed while the worker ran
        if event.worker.group == "read-path":
            read = event.worker.result
            if read is None or read[0] != self.claimsort.player:
                return  # read for the player before; the one for this player is coming
            if isinstance(read[1], sqlite3.Error):
                self.claimsort.unreadable(read[1])
            else:
                self._show_path(read[1])
            return
        if event.worker.group != "count-due":
            return
        result = event.worker.result
        if result is None:
            return
        player, due = result
        if player != self.claimsort.player:
            return  # counted for the player before; the count for this one is coming
        if isinstance(due, sqlite3.Error):
            self.claimsort.unreadable(due)
            due = DueNow(items=(), lost=())
        self.due = len(due.items)
        if self.due:
            count = Content.styled(_("Review: {n} due").format(n=self.due), "bold")
        else:
            count = Content(_("Review: nothing due"))
        self.query_one("#review-count", Static).update(count)
        self.query_one("#review", Button).disabled = not self.due
        lost = self.query_one("#review-lost", Static)
        lost.update(Content("\n".join(due.lost)))
        lost.display = bool(due.lost)
        self._show_warning()  # reading may have left bad rows out, and says so

    def _show_warning(self) -> None:
        warning = self.query_one("#home-warning", Static)
        # It names the data folder and quotes SQLite: shown like any stored value.
        text = self.claimsort.store.warning
        warning.update(Content(printable(text or "")))
        warning.display = bool(text)

    @guarded
    def on_mount(self) -> None:
        if self.entries:
            packs = self.query_one("#packs", OptionList)
            packs.focus()
            first = next((i for i, e in enumerate(self.entries) if e.pack is not None), 0)
            self._placed = first
            packs.highlighted = first
            self._show_details(first)

    def _show_details(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.entries):
            return
        self.query_one("#pack-details", Static).update(entry_details(self.entries[index]))

    @on(OptionList.OptionHighlighted, "#packs")
    @guarded
    def on_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self._placed:
            self._moved = True
        self._show_details(event.option_index)

    @on(OptionList.OptionSelected, "#packs")
    @guarded
    def on_selected(self, event: OptionList.OptionSelected) -> None:
        self._play(event.option_index)

    def _play(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self.entries):
            return
        pack = self.entries[index].pack
        if pack is None:
            self.notify(_("This pack has errors and cannot be played."), markup=False)
            return
        self.claimsort.start_pack(pack)

    @on(Button.Pressed, "#review")
    @guarded
    def on_review_pressed(self) -> None:
        self.action_review()

    @on(Button.Pressed, "#stats")
    @guarded
    def on_stats_pressed(self) -> None:
        self.action_stats()

    @guarded
    def action_review(self) -> None:
        self.claimsort.start_review()

    @guarded
    def action_stats(self) -> None:
        self.claimsort.show_stats()

    def allow_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A served student's game is theirs alone: no one else's name, no list of names.
        return not (action == "player" and self.claimsort.locked)

    @guarded
    def action_player(self) -> None:
        from tui.screens.player import PlayerScreen

        self.app.push_screen(PlayerScreen(), self._after_player)

    @guarded
    def _after_player(self, name: str | None) -> None:
        if name is not None and name != self.claimsort.player:
            try:
                self.claimsort.set_player(name)
            except ValueError as refused:
                self.notify(str(refused), severity="warning", markup=False)
                return
            self.notify(_("Now playing: {name}").format(name=printable(name)), markup=False)

    @guarded
    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        index = self.query_one("#packs", OptionList).highlighted if self.entries else None
        pack = self.entries[index].pack if index is not None else None
        self.app.push_screen(HelpScreen(pack.categories if pack else default_categories()))

    @guarded
    def action_quit(self) -> None:
        self.app.exit()
