"""The round's status line: pack title, a progress bar, progress, score and streak.

Two rows on a narrow terminal (the title, then the rest): squeezed into one, the title
was cut to "ClaimSo…"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, HorizontalGroup
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from game.i18n import _, format_number
from game.round import Round

DONE = "▰"
TO_DO = "▱"
"""The progress bar's cells: they differ in shape, so the bar reads without colour."""


def points(value: float) -> str:
    """A score as players read it: "2", "2.5" ("2,5" in Spanish)."""
    return format_number(value)


def status_title(round_: Round, *, review: bool = False) -> Content:
    parts: list[Content | str | tuple[str, str]] = [("ClaimSort", "bold"), " · "]
    if review:
        parts += [(_("Review"), "bold"), " · "]
    if round_.replay:
        parts += [(_("Replay of missed claims"), "bold"), " · "]
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


def bar_cells(done: int, total: int, width: int) -> str:
    """`width` cells, the share `done` of `total` filled (at least one once anything is
    done, and all only when everything is)."""
    if width <= 0 or total <= 0:
        return ""
    filled = round(width * done / total)
    if done and not filled:
        filled = 1
    if done < total:
        filled = min(filled, width - 1)
    return DONE * filled + TO_DO * (width - filled)


class StepBar(Widget):
    """How many claims of the round are answered, as a bar as wide as the widget."""

    DEFAULT_CSS = """
    StepBar {
        width: 12;
        max-width: 24;
        height: 1;
        color: $accent;
    }
    """

    def __init__(self, done: int, total: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.done = done
        self.total = total

    def show(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        self.refresh()

    def render(self) -> Content:
        return Content(bar_cells(self.done, self.total, self.size.width))


class RoundStatus(Horizontal):
    """ "ClaimSort · Pack title ..... ▰▰▱▱ 3 of 18   Score 2   Streak 2"."""

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
        self._steps = (len(round_.answers), round_.total)

    def compose(self) -> ComposeResult:
        title, score = self._first
        yield Static(title, id="status-title", markup=False)
        with HorizontalGroup(id="status-progress"):
            yield StepBar(*self._steps, id="status-bar")
            yield Static(score, id="status-score", markup=False)

    def show(self, round_: Round, *, review: bool = False) -> None:
        self.query_one("#status-title", Static).update(status_title(round_, review=review))
        self.query_one(StepBar).show(len(round_.answers), round_.total)
        self.query_one("#status-score", Static).update(status_score(round_))
