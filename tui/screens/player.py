"""Who is playing: pick a name this machine has seen, or type a new one."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.i18n import _
from game.players import check_player_name
from game.text import printable
from tui.screens.base import BaseModal, guarded


class PlayerScreen(BaseModal):
    """Dismissed with the chosen name, or None to keep the current player."""

    def __init__(self, *, first_start: bool = False) -> None:
        """`first_start`: asked before anyone has played here, and skippable."""
        super().__init__()
        self.first_start = first_start

    CSS_PATH = "../player.tcss"
    """Styles of this screen, next to the app's; loaded when it is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), key_display="Esc"),
        # Only reached from the text box (the list uses Up itself): the list is above it.
        Binding("up", "to_list", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        app = self.claimsort
        try:
            known = app.store.players()
        except Exception:  # an unreadable store still lets the player type a name
            known = []
        names = [app.player, *(name for name in known if name != app.player)]
        self.names = names
        with Vertical(id="player-dialog"):
            yield Static(Content.styled(_("Who is playing?"), "bold"), id="player-question")
            if self.first_start:
                yield Static(
                    Content(
                        _(
                            "Sharing this computer? Type your name so that your progress "
                            "is kept apart. Esc: play as {name}."
                        ).format(name=printable(app.player))
                    ),
                    id="player-first",
                )
            yield OptionList(
                *(
                    Option(
                        # The store lists usable names only; shown literally all the same.
                        Content.assemble(printable(name), ("  " + _("(now)"), "$text-muted"))
                        if name == app.player
                        else Content(printable(name)),
                        id=f"player-{index}",
                    )
                    for index, name in enumerate(names)
                ),
                id="players",
            )
            yield Input(placeholder=_("or type a new name, then Enter"), id="new-player")
            yield Static(id="player-error", markup=False)
            yield Static(
                Content.styled(
                    _("↑ or Tab: the list · Enter chooses · Esc cancels"), "$text-muted"
                ),
                id="player-keys",
            )

    @guarded
    def on_mount(self) -> None:
        self.query_one("#player-error", Static).display = False
        self.query_one("#players", OptionList).highlighted = 0
        # Typing goes straight into the box: "p", a name, Enter.
        self.query_one("#new-player", Input).focus()

    @guarded
    def action_to_list(self) -> None:
        players = self.query_one("#players", OptionList)
        players.highlighted = players.option_count - 1  # the name right above the box
        players.focus()

    @on(OptionList.OptionSelected, "#players")
    @guarded
    def on_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[event.option_index])

    @on(Input.Changed, "#new-player")
    @guarded
    def on_changed(self) -> None:
        self.query_one("#player-error", Static).display = False

    @on(Input.Submitted, "#new-player")
    @guarded
    def on_submitted(self, event: Input.Submitted) -> None:
        error = self.query_one("#player-error", Static)
        try:
            name = check_player_name(event.value)
        except ValueError as problem:
            error.update(Content(str(problem)))
            error.display = True
            return
        self.dismiss(name)

    @guarded
    def action_cancel(self) -> None:
        self.dismiss(None)
