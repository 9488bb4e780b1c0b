"""The round's status line: pack title, progress, score and streak."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from game.i18n import _, format_number
from game.round import Round


def points(value: float) -> str:
    """A score as players read it: "2", "2.5" ("2,5" in Spanish)."""
    return format_number(value)


def status_title(round_: Round, *, review: bool = False) -> Content:
    parts: list[Content | str | tuple[str, str]] = [("ClaimSort", "bold"), " · "]
    if review:
        parts += [(_("Review"), "bold"), " · "]
    return Content.assemble(*parts, round_.pack.title)


def status_score(round_: Round) -> Content:
    return Content(
        "   ".join(
            [
                _("{position} of {total}").format(position=round_.position, total=round_.total),
                _("Score {score}").format(score=points(round_.score)),
                _("Streak {streak}").format(streak=round_.streak),
            ]
        )
    )


class RoundStatus(Horizontal):
    """ "ClaimSort · Pack title ........ 3 of 18   Score 2   Streak 2"."""

    def __init__(
        self,
        round_: Round,
        *,
        review: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._first = (status_title(round_, review=review), status_score(round_))

    def compose(self) -> ComposeResult:
        title, score = self._first
        yield Static(title, id="status-title", markup=False)
        yield Static(score, id="status-score", markup=False)

    def show(self, round_: Round, *, review: bool = False) -> None:
        self.query_one("#status-title", Static).update(status_title(round_, review=review))
        self.query_one("#status-score", Static).update(status_score(round_))
