"""The round: one claim at a time on a card, answered by key or click, then the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalGroup, VerticalScroll
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
from tui.widgets.confidence import HIGHEST, ConfidenceStep, level_for_key
from tui.widgets.feedback import FeedbackPanel
from tui.widgets.keybar import KeyBar
from tui.widgets.more_below import FoldScroll, MoreBelow
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
        Binding(
            "escape",
            "change",
            _("Change answer"),
            key_display="Esc",
            tooltip=_("before saying how sure you are: pick another category"),
        ),
    ]
    """The round's keys; the tooltips are what the help says of them."""

    def __init__(
        self, round_: Round, *, review: bool = False, confidence: bool = True, preview: bool = False
    ) -> None:
        """`review` marks a round of claims due for review; `confidence` asks how sure the
        player is after each pick; `preview` shows each claim answered rightly, with its
        hint, and records nothing."""
        super().__init__()
        self.round = round_
        self.confidence = confidence
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
        # The scroll in a row of its own, to keep to the middle of a wide terminal.
        with Horizontal(id="round-middle"), FoldScroll(id="round-scroll"):
            claim = round_.current
            if claim is not None:
                yield ClaimCard(claim, round_.pack.source_of(claim), id="card")
            explained = Static(id="explain-first", markup=False)
            explained.display = False
            yield explained
            yield CategoryButtons(round_.pack.categories, id="choices")
            step = ConfidenceStep(id="confidence")
            step.display = False
            yield step
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
        yield MoreBelow("round-scroll")
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
        explained = self.query_one("#explain-first", Static)
        explained.display = round_.explains_current
        if explained.display:
            explained.update(
                Content.assemble(
                    (_("Last time you were very sure, and missed it. Why:"), "bold"),
                    " ",
                    claim.explanation,
                )
            )
        step = self.query_one(ConfidenceStep)
        chosen = round_.chosen
        step.display = answer is None and chosen is not None
        if answer is None:
            choices.open(chosen)
            if chosen is not None:
                step.ask(round_.pack.category(chosen))
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
        if action == "change":
            return self.round.chosen is not None
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
        if event.key == "h" and self._has_no_hint():
            # The binding is hidden (nothing to offer), but the key must not do nothing.
            event.stop()
            self.notify(_("No hint for this claim."), markup=False)
            return
        chosen = self.round.chosen
        if chosen is not None and (level := level_for_key(event.key)) is not None:
            event.stop()
            event.prevent_default()
            self.rate(level)
            return
        category_id = self._answer_keys.get(event.key)
        if category_id is None and event.character:
            # Caps Lock or Shift: "F" answers like "f".
            category_id = self._answer_keys.get(event.character.lower())
        if category_id is None:
            return
        event.stop()
        event.prevent_default()
        if category_id == chosen:
            self.rate(HIGHEST)  # the same letter again: very sure, in two presses
        else:
            self.pick(category_id)

    def _has_no_hint(self) -> bool:
        claim = self.round.current
        return claim is not None and claim.hint is None and not self.round.awaiting_next

    @on(CategoryButtons.Chosen)
    @guarded
    def on_chosen(self, event: CategoryButtons.Chosen) -> None:
        self.pick(event.category_id)

    @on(ConfidenceStep.Rated)
    @guarded
    def on_rated(self, event: ConfidenceStep.Rated) -> None:
        self.rate(event.level_id)

    def pick(self, category_id: str) -> None:
        """A category picked: answered at once, or first asked how sure."""
        if self.round.awaiting_next or self.round.current is None:
            return
        if not self.confidence:
            self.answer(category_id)
            return
        self.round.choose(category_id)
        self.show_state()
        self.call_after_refresh(self._reveal_step)

    async def _reveal_step(self, tries: int = LAYOUT_TRIES) -> None:
        # The question and its answers in view (on a short terminal they start below).
        if self.round.chosen is None or not self.is_current or self.too_small:
            return
        step = self.query_one(ConfidenceStep)
        scroll = self.query_one("#round-scroll", VerticalScroll)
        laid_out = step.virtual_region
        if not laid_out or scroll.virtual_size.height < laid_out.bottom:
            if tries:
                await after_next_layout(self, self._reveal_step, tries - 1)
            return
        # Again after the next layout until no scroll is needed: the step has just been
        # shown, and the first scroll can go by the layout before it.
        if scroll.scroll_to_widget(step, animate=False) and tries:
            await after_next_layout(self, self._reveal_step, tries - 1)

    def rate(self, level_id: str) -> None:
        chosen = self.round.chosen
        if chosen is not None:
            self.answer(chosen, level_id)

    @guarded
    def action_change(self) -> None:
        if self.round.chosen is not None:
            self.round.unchoose()
            self.show_state()

    def answer(self, category_id: str, confidence: str | None = None) -> None:
        if self.round.awaiting_next or self.round.current is None:
            return
        if confidence is None:
            answer = self.round.answer(category_id)
        else:
            answer = self.round.answer(category_id, confidence=confidence)
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
        # The verdict first when the verdict and Next do not both fit: the view may lose
        # a row to the "▼ more below" line the scroll itself brings up.
        fits = feedback.outer_size.height + next_row.outer_size.height < scroll.size.height
        if fits:
            scrolled = scroll.scroll_to_widget(next_row, animate=False)
            scrolled = scroll.scroll_to_widget(feedback, animate=False) or scrolled
        else:
            scrolled = scroll.scroll_to_widget(feedback, animate=False, top=True)
        # Again after the next layout until no scroll is needed: the buttons and the
        # confidence question have just gone, and the first scroll can go by the layout
        # from before.
        if scrolled and tries:
            await after_next_layout(self, self._reveal_feedback, feedback, tries - 1)

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

        if not self.round.answers and not self.claimsort.store.pending_answers:
            # Nothing to lose: no question to answer, only the way out.
            self._after_quit("home" if self.claimsort.opens_on_home else "quit")
            return
        self.app.push_screen(QuitScreen(self.round), self._after_quit)

    def _after_quit(self, choice: str | None) -> None:
        if choice == "quit":
            self.app.exit()
        elif choice == "home":
            self.claimsort.go_home()
