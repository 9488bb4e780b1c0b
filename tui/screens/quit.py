"""Asked before leaving a round: quit, go back to the pack list, or keep playing; and
whether answers are still waiting to be saved."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from game.i18n import _, ngettext
from game.progress import RETRY_SECONDS, ProgressStore
from game.round import Round
from tui.screens.base import BaseModal, guarded


def unsaved_line(store: ProgressStore) -> str:
    """What the player should know before quitting about answers not saved yet ("" when
    every answer is saved)."""
    n = store.pending_answers
    if not n:
        return ""
    # Short: it must fit the dialog on the smallest terminal (40x12).
    waiting = ngettext("{n} answer is not saved yet.", "{n} answers are not saved yet.", n).format(
        n=n
    )
    if store.path is not None and (store.persistent or store.awaiting is not None):
        after = ngettext(
            "If you quit, it is kept for the next start.",
            "If you quit, they are kept for the next start.",
            n,
        )
    else:
        after = ngettext("If you quit, it is lost.", "If you quit, they are lost.", n)
    return f"{waiting} {after}"


class QuitScreen(BaseModal):
    """Dismissed with "quit", "home", or None to keep playing."""

    CSS_PATH = "../quit.tcss"
    """Styles of this screen, next to the app's; loaded when it is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q", "choose('quit')", _("Quit")),
        Binding("b", "choose('home')", _("Pack list")),
        Binding("n,escape", "choose('stay')", _("Keep playing")),
    ]

    AUTO_FOCUS = "#stay"  # Enter right after q must not quit

    def __init__(self, round_: Round) -> None:
        super().__init__()
        self.round = round_

    def compose_body(self) -> ComposeResult:
        answered = len(self.round.answers)
        with Vertical(id="quit-dialog"):
            yield Static(Content.styled(_("Leave this round?"), "bold"), id="quit-question")
            yield Static(
                Content(
                    ngettext(
                        "You have answered {n} of {total} claim.",
                        "You have answered {n} of {total} claims.",
                        self.round.total,
                    ).format(n=answered, total=self.round.total)
                ),
                id="quit-detail",
            )
            unsaved = Static(id="quit-unsaved", markup=False)
            unsaved.display = False
            yield unsaved
            with HorizontalGroup(id="quit-buttons"):
                yield Button(_("y  Quit"), id="quit", compact=True, variant="error")
                yield Button(_("b  Pack list"), id="home", compact=True)
                yield Button(_("n  Keep playing"), id="stay", compact=True, variant="primary")

    def on_mount(self) -> None:
        self.show_unsaved()
        # The file may come free while the dialog is open.
        self.set_interval(RETRY_SECONDS / 2, self.show_unsaved)

    def show_unsaved(self) -> None:
        line = unsaved_line(self.claimsort.store)
        widget = self.query_one("#quit-unsaved", Static)
        widget.update(Content(line))
        widget.display = bool(line)
        self.query_one("#quit-dialog").set_class(bool(line), "-unsaved")

    @on(Button.Pressed)
    @guarded
    def on_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "stay")

    @guarded
    def action_choose(self, choice: str) -> None:
        self.dismiss(None if choice == "stay" else choice)
