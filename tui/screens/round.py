"""The round: one claim at a time on a card, answered by key or click, then the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.i18n import _
from game.pack import Category
from game.progress import Session
from game.round import Round
from tui.screens.base import LAYOUT_TRIES, BaseScreen, after_next_layout, guarded
from tui.widgets.chip import Chip
from tui.widgets.choices import CategoryButtons
from tui.widgets.claim_card import ClaimCard
from tui.widgets.feedback import FeedbackPanel
from tui.widgets.keybar import KeyBar
from tui.widgets.status import RoundStatus


def answer_keys(categories: Sequence[Category]) -> dict[str, str]:
    """Key -> the category id it answers with: its number in the pack's order, and its
    letter (the help lists the same keys)."""
    keys: dict[str, str] = {}
    for number, category in enumerate(categories, start=1):
        keys[str(number)] = category.id
        keys[category.key] = category.id
    return keys


def hint_content(hint: str, *, answered: bool) -> Content:
    """The hint line; the note on scoring goes once the answer is in (the verdict then
    says "with the hint (half a point)")."""
    if answered:
        return Content.assemble((_("Hint:"), "bold"), " ", hint)
    return Content.assemble(
        (_("Hint:"), "bold"), " ", hint, "  ", (_("(a right answer now scores half)"), "italic")
    )


class RoundScreen(BaseScreen):
    """Plays a `Round`: shows its state and forwards the player's input to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,space", "next", _("Next"), key_display="⏎", tooltip=_("go on after the verdict")
        ),
        Binding(
            "h", "hint", _("Hint"), tooltip=_("show the hint (a right answer then scores half)")
        ),
        Binding(
            "r", "read", _("Article"), tooltip=_("read the article, the claim's quote highlighted")
        ),
        Binding("question_mark,f1", "help", _("Help"), key_display="?", tooltip=_("this help")),
        Binding("q", "quit_round", _("Quit"), tooltip=_("quit or go back to the pack list")),
    ]
    """The round's keys; the tooltips are what the help says of them."""

    def __init__(self, round_: Round, *, review: bool = False, preview: bool = False) -> None:
        """`review` marks a round of claims due for review; `preview` shows each claim
        answered rightly, with its hint, and records nothing."""
        super().__init__()
        self.round = round_
        self.preview = preview
        self.session: Session | None = None
        """Where this round's answers are recorded; started with the first answer."""
        self.review = review
        self._answer_keys = answer_keys(round_.pack.categories)

    def compose_body(self) -> ComposeResult:
        # Everything the first frame needs is set here, not in on_mount: the claim is on
        # screen in the round's very first frame.
        round_ = self.round
        yield RoundStatus(round_, review=self.review, id="status")
        with VerticalScroll(id="round-scroll"):
            claim = round_.current
            if claim is not None:
                yield ClaimCard(claim, round_.pack.source_of(claim), id="card")
            yield CategoryButtons(round_.pack.categories, id="choices")
            hint = Static(id="hint", markup=False)
            hint.display = False
            yield hint
            feedback = FeedbackPanel(id="feedback")
            feedback.display = False
            yield feedback
            next_row = HorizontalGroup(id="next-row")
            next_row.display = False
            with next_row:
                yield Chip(Content(_("Next ⏎")), id="next")
                yield Chip(Content(_("r  See it in the article")), id="read-it")
        yield KeyBar()

    @guarded
    def on_mount(self) -> None:
        if self.preview:
            self.notify(
                _("Preview: every claim is shown answered rightly, and nothing is recorded."),
                title=_("Preview"),
                markup=False,
            )
        self._show_claim()

    def _show_claim(self) -> None:
        """Show the current claim as it first appears: open, or in a preview answered."""
        claim = self.round.current
        if self.preview and claim is not None:
            self.round.answer(claim.answer)
        self.show_state()
        self.round.mark_shown()  # time the first answer from when the claim appears

    # -- showing the round --------------------------------------------------

    def show_state(self) -> None:
        """Bring every widget in line with the round."""
        round_ = self.round
        claim = round_.current
        self.query_one(RoundStatus).show(round_, review=self.review)
        if claim is None:
            return
        self.query_one(ClaimCard).show(claim, round_.pack.source_of(claim))
        choices = self.query_one(CategoryButtons)
        hint = self.query_one("#hint", Static)
        feedback = self.query_one(FeedbackPanel)
        next_row = self.query_one("#next-row")
        answer = round_.current_answer
        # On the card alone: a class on the screen would restyle every widget on it.
        self.query_one(ClaimCard).set_class(answer is not None, "-answered")
        # A preview shows every hint, without the half point a student's hint costs.
        hint.display = (round_.hint_used or self.preview) and claim.hint is not None
        if hint.display:
            hint.update(hint_content(claim.hint or "", answered=answer is not None))
        if answer is None:
            choices.open()
            feedback.display = False
            next_row.display = False
        else:
            choices.close(answer.correct, answer.chosen)
            feedback.show(answer, round_.pack)
            feedback.display = True
            next_row.display = True
            label = _("See the results ⏎") if round_.is_last else _("Next ⏎")
            self.query_one("#next", Chip).update(Content(label))
        self.refresh_bindings()

    def allow_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.round.awaiting_next
        if action == "hint":
            claim = self.round.current
            return (
                claim is not None
                and claim.hint is not None
                and not self.round.awaiting_next
                and not self.round.hint_used
            )
        return True

    # -- input ----------------------------------------------------------------

    @guarded
    def on_key(self, event: events.Key) -> None:
        if self.too_small:
            return
        category_id = self._answer_keys.get(event.key)
        if category_id is None and event.character:
            # Caps Lock or Shift: "F" answers like "f".
            category_id = self._answer_keys.get(event.character.lower())
        if category_id is None:
            return
        event.stop()
        event.prevent_default()
        self.answer(category_id)

    @on(CategoryButtons.Chosen)
    @guarded
    def on_chosen(self, event: CategoryButtons.Chosen) -> None:
        self.answer(event.category_id)

    def answer(self, category_id: str) -> None:
        if self.round.awaiting_next or self.round.current is None:
            return
        answer = self.round.answer(category_id)
        self.show_state()
        # Queued here, written once the verdict is on screen: the verdict never waits
        # for the disk or for another program's lock.
        if self.session is None:
            self.session = self.claimsort.begin_session(self.round.pack, review=self.review)
        self.claimsort.record(self.session, self.round.pack, answer)
        feedback = self.query_one(FeedbackPanel)
        self.call_after_refresh(self._after_verdict, feedback)

    async def _after_verdict(self, feedback: FeedbackPanel) -> None:
        # The verdict is painted: now the answer may go to the disk (never blocking).
        try:
            await self._reveal_feedback(feedback)
        finally:
            self.claimsort.save_progress()

    async def _reveal_feedback(self, feedback: FeedbackPanel, tries: int = LAYOUT_TRIES) -> None:
        # Scroll so the verdict and the Next button are in view, the verdict first.
        if not (self.round.awaiting_next and self.is_current) or self.too_small:
            return  # gone on, covered or left (a summary), or nothing of it on screen
        scroll = self.query_one("#round-scroll", VerticalScroll)
        next_row = self.query_one("#next-row")
        laid_out = next_row.virtual_region
        if not laid_out or scroll.virtual_size.height < laid_out.bottom:
            if tries:
                await after_next_layout(self, self._reveal_feedback, feedback, tries - 1)
            return
        scroll.scroll_to_widget(next_row, animate=False)
        scroll.scroll_to_widget(
            feedback, animate=False, top=feedback.size.height >= scroll.size.height
        )

    @on(Chip.Pressed, "#next")
    @guarded
    def on_next_pressed(self) -> None:
        self.action_next()

    @on(Chip.Pressed, "#read-it")
    @guarded
    def on_read_pressed(self) -> None:
        self.action_read()

    @guarded
    def action_next(self) -> None:
        if not self.round.awaiting_next:
            return
        self.round.next()
        if self.round.finished:
            if self.preview:
                self.app.exit()  # no results: every answer was the pack's own
                return
            self.claimsort.show_summary(self.round, review=self.review)
            return
        self._show_claim()
        self.query_one("#round-scroll", VerticalScroll).scroll_home(animate=False)

    @guarded
    def action_hint(self) -> None:
        # The binding is hidden for a claim without a hint or once answered.
        if self.round.awaiting_next or self.round.current is None:
            return
        self.round.use_hint()
        self.show_state()

    @guarded
    def action_read(self) -> None:
        from tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(self.round))

    @guarded
    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.round.pack.categories))

    @guarded
    def action_quit_round(self) -> None:
        from tui.screens.quit import QuitScreen

        self.app.push_screen(QuitScreen(self.round), self._after_quit)

    def _after_quit(self, choice: str | None) -> None:
        if choice == "quit":
            self.app.exit()
        elif choice == "home":
            self.claimsort.go_home()
