"""The end of a round: the result, accuracy per category, the confusion table, the bias,
the missed claims explained, and what to do next. After a review round it also says
what the review did and offers the next pack due, if any."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Button, Digits, Static

from game.calibration_text import calibration_lines
from game.excerpts import excerpt_ends
from game.i18n import _, ngettext
from game.review import schedule_text
from game.round import Round
from tui.screens.base import BaseScreen, guarded
from tui.widgets.accuracy import AccuracyBars
from tui.widgets.confusion import ConfusionTable
from tui.widgets.feedback import verdict
from tui.widgets.keybar import KeyBar
from tui.widgets.more_below import FoldScroll, MoreBelow
from tui.widgets.source import quoted
from tui.widgets.status import points

GOOD_ROUND = 0.8
"""A round at least this accurate (of at least `GOOD_ROUND_CLAIMS`) is cheered."""
GOOD_ROUND_CLAIMS = 3


def celebration(correct: int, total: int) -> str | None:
    """A line that celebrates a good round, quietly (no sound, no animation)."""
    if total < GOOD_ROUND_CLAIMS:
        return None
    if correct == total:
        return _("★ A perfect round: every claim sorted rightly!")
    if correct >= GOOD_ROUND * total:
        return _("★ A strong round: {correct} of {total} sorted rightly.").format(
            correct=correct, total=total
        )
    return None


class SummaryScreen(BaseScreen):
    """Shows `Round.summary()` of a finished round."""

    CSS_PATH = "../summary.tcss"
    """Styles of this screen, next to the app's; loaded when it is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n", "next_review", _("Next review"), tooltip=_("after a review: the next pack due")
        ),
        Binding("p", "play_again", _("Play again"), tooltip=_("play the same claims again")),
        Binding(
            "m", "replay_missed", _("Replay missed"), tooltip=_("replay only the claims you missed")
        ),
        Binding("s", "stats", _("Stats"), tooltip=_("your stats")),
        Binding(
            "b,escape", "home", _("Pack list"), key_display="b", tooltip=_("back to the pack list")
        ),
        Binding("q", "quit", _("Quit"), tooltip=_("quit ClaimSort")),
    ]
    """The results' keys; the tooltips are what the help says of them."""

    def __init__(self, round_: Round, *, review: bool = False) -> None:
        super().__init__()
        self.round = round_
        self.review = review
        self.summary = round_.summary()

    def compose_body(self) -> ComposeResult:
        summary = self.summary
        pack = self.round.pack
        pending = self.claimsort.pending_review if self.review else []
        with FoldScroll(id="summary-scroll"):
            title = _("Review over") if self.review else _("Round over")
            yield Static(Content.assemble((title, "bold"), " · ", pack.title), id="summary-title")
            # Two numbers in large digits with a plain word between them: Digits draws
            # "/" as a stroke on its bottom row, which reads oddly.
            with HorizontalGroup(id="result"):
                yield Digits(str(summary.correct), id="result-right")
                yield Static(Content(_("out of")), id="result-of")
                yield Digits(str(summary.total), id="result-total")
            details = [
                _("{correct} right out of {total}").format(
                    correct=summary.correct, total=summary.total
                ),
                _("Score {score}").format(score=points(summary.score)),
                _("best streak {n}").format(n=summary.best_streak),
            ]
            if summary.unanswered:
                details.append(_("{n} not answered").format(n=summary.unanswered))
            yield Static(Content("  ·  ".join(details)), id="result-details")
            cheer = celebration(summary.correct, summary.total)
            if cheer:
                yield Static(Content.styled(cheer, "bold $success"), id="cheer")
            if self.review:
                yield Static(
                    Content(
                        _(
                            "These claims were due for review. Each one you got right comes "
                            "back later ({schedule}); each one you missed, or got right only "
                            "with the hint, stays due."
                        ).format(schedule=schedule_text())
                    ),
                    id="review-note",
                )
            if pending:
                next_pack, next_claims = pending[0]
                yield Button(
                    Content(
                        ngettext(
                            "n  Next review: {title} ({n} claim)",
                            "n  Next review: {title} ({n} claims)",
                            len(next_claims),
                        ).format(title=next_pack.title, n=len(next_claims))
                    ),
                    id="next-review",
                    compact=True,
                    variant="primary",
                )
            yield Static(Content.styled(_("Accuracy per category"), "bold"), classes="heading")
            yield AccuracyBars(summary.per_category, id="accuracy")
            yield Static(
                Content.styled(_("Your answers against the right ones"), "bold"), classes="heading"
            )
            yield ConfusionTable(summary.confusion, pack.categories, id="confusion")
            # The lean (doubt or trust, `game.discernment`) and the confusion it comes
            # from most (`game.bias`), in one box: the big picture, then the detail.
            said = [line for line in (summary.lean, summary.bias) if line]
            if said:
                yield Static(Content("\n".join(said)), id="bias")
            calibrated = calibration_lines(summary.calibration)
            if calibrated:
                yield Static(
                    Content.styled(_("How sure you were, and how often right"), "bold"),
                    classes="heading",
                )
                yield Static(Content("\n".join(calibrated)), id="calibration")
            if summary.missed:
                yield Static(Content.styled(_("Claims you missed"), "bold"), classes="heading")
                for answer in summary.missed:
                    source_text = pack.source_of(answer.claim).text
                    yield Static(
                        Content("\n").join(
                            [
                                Content.styled(answer.claim.text, "bold"),
                                Content(verdict(answer, pack)),
                                Content.styled(
                                    f"{quoted(answer.claim.quote, *excerpt_ends(source_text, answer.claim.quote))}"
                                    f" — {answer.claim.said_by}",
                                    "italic",
                                ),
                                Content(answer.claim.explanation),
                            ]
                        ),
                        classes="missed",
                    )
            else:
                yield Static(Content(_("You missed none. Well sorted!")), id="no-missed")
            with HorizontalGroup(id="summary-buttons"):
                yield Button(Content(_("p  Play again")), id="play-again", compact=True)
                if summary.missed:  # nothing to replay: no button for it
                    yield Button(Content(_("m  Replay missed")), id="replay-missed", compact=True)
                yield Button(Content(_("s  Stats")), id="stats", compact=True)
                yield Button(Content(_("b  Pack list")), id="home", compact=True)
                yield Button(Content(_("q  Quit")), id="quit", compact=True)
        yield MoreBelow("summary-scroll")
        yield KeyBar()

    def allow_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "replay_missed":
            return bool(self.summary.missed)
        if action == "next_review":
            return self.review and bool(self.claimsort.pending_review)
        return True

    @on(Button.Pressed)
    @guarded
    def on_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "play-again": self.action_play_again,
            "replay-missed": self.action_replay_missed,
            "next-review": self.action_next_review,
            "stats": self.action_stats,
            "home": self.action_home,
            "quit": self.action_quit,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    @guarded
    def action_play_again(self) -> None:
        self.claimsort.play_round(self.round.restart(), replace=True, review=self.review)

    @guarded
    def action_replay_missed(self) -> None:
        if self.summary.missed:
            self.claimsort.play_round(self.round.replay_missed(), replace=True, review=self.review)

    @guarded
    def action_next_review(self) -> None:
        if self.review:
            self.claimsort.next_review()

    @guarded
    def action_stats(self) -> None:
        self.claimsort.show_stats()

    @guarded
    def action_home(self) -> None:
        self.claimsort.go_home()

    @guarded
    def action_quit(self) -> None:
        self.app.exit()
