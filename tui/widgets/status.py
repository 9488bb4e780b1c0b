"""The round's status line: pack title, progress, score and streak."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from game.i18n import _
from game.round import Round


def points(value: float) -> str:
    """A score as players read it: "2", "2.5"."""
    return f"{value:g}"


class RoundStatus(Horizontal):
    """ "ClaimSort · Pack title ........ 3 of 18   Score 2   Streak 2"."""

    def compose(self) -> ComposeResult:
        yield Static(id="status-title", markup=False)
        yield Static(id="status-score", markup=False)

    def show(self, round_: Round, *, review: bool = False) -> None:
        parts: list[Content | str | tuple[str, str]] = [("ClaimSort", "bold"), " · "]
        if review:
            parts += [(_("Review"), "bold"), " · "]
        title = Content.assemble(*parts, round_.pack.title)
        self.query_one("#status-title", Static).update(title)
        score = "   ".join(
            [
                _("{position} of {total}").format(position=round_.position, total=round_.total),
                _("Score {score}").format(score=points(round_.score)),
                _("Streak {streak}").format(streak=round_.streak),
            ]
        )
        self.query_one("#status-score", Static).update(Content(score))
