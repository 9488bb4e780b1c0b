"""Asked before leaving a round: quit, go back to the pack list, or keep playing."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from game.i18n import _, ngettext
from game.round import Round
from tui.screens.base import BaseModal, guarded


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
            with HorizontalGroup(id="quit-buttons"):
                yield Button(_("y  Quit"), id="quit", compact=True, variant="error")
                yield Button(_("b  Pack list"), id="home", compact=True)
                yield Button(_("n  Keep playing"), id="stay", compact=True, variant="primary")

    @on(Button.Pressed)
    @guarded
    def on_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "stay")

    @guarded
    def action_choose(self, choice: str) -> None:
        self.dismiss(None if choice == "stay" else choice)
