"""The player's progress over time: answers given, accuracy per category and per pack,
the trend over the last sessions, the category they over-use, and the review queue."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from game.i18n import _, format_decimal, ngettext
from game.stats import (
    REVIEW_LISTED,
    PlayerStats,
    bias_text,
    compute_stats,
    due_text,
    percent,
    sparkline,
)
from game.text import printable
from tui.screens.base import BaseScreen, guarded
from tui.widgets.accuracy import BarRow, bar_lines
from tui.widgets.keybar import KeyBar

PACK_LABEL_WIDTH = 26


class StatsScreen(BaseScreen):
    """Computed once when opened, from every answer the player has given, in a worker:
    the screen and its keys work while the answers are added up."""

    CSS_PATH = "../stats.tcss"
    """Styles of this screen, next to the app's; loaded when it is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "review", _("Review now")),
        Binding("b,escape,s", "close", _("Back"), key_display="b"),
        Binding("q", "quit", _("Quit")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stats: PlayerStats | None = None
        """The stats shown; None until the worker that computes them is done (or when the
        store could not be read)."""
        self.problem: str | None = None
        self.loaded = False
        """Whether the stats (or why there are none) are on the screen."""

    def compose_body(self) -> ComposeResult:
        app = self.claimsort
        player = printable(app.player)
        yield Static(Content.assemble((_("Progress"), "bold"), " · ", player), id="stats-title")
        with VerticalScroll(id="stats-scroll"):
            yield Static(Content(_("Adding up your answers…")), id="stats-loading")
            with HorizontalGroup(id="stats-buttons"):
                yield Button(Content(_("v  Review now")), id="review", compact=True, disabled=True)
                yield Button(Content(_("b  Back")), id="back", compact=True)
        yield KeyBar()

    @guarded
    def on_mount(self) -> None:
        app = self.claimsort
        self._compute(app.player, app.moment())

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def _compute(self, player: str, now: datetime) -> tuple[PlayerStats | str, datetime]:
        # A worker: years of answers take a while to add up, and keys must still work.
        app = self.claimsort
        missing = [pack.pack_id for pack in app.missing]
        try:
            return compute_stats(app.store, player, app.packs, now=now, missing=missing), now
        except sqlite3.Error as error:  # StoreError too: the file cannot be read
            problem = _("Progress could not be read: {reason}.").format(
                reason=printable(str(error))
            )
            return problem, now

    @guarded
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "stats" or event.state != WorkerState.SUCCESS:
            return
        if not self.is_attached:
            return  # closed while the worker ran
        if event.worker.result is None:
            return
        result, now = event.worker.result
        if isinstance(result, str):
            self.problem = result
        else:
            self.stats = result
        # Saved answers left out because they could not be read are told in one line.
        self.claimsort.tell_store_warning()
        scroll = self.query_one("#stats-scroll", VerticalScroll)
        self.query_one("#stats-loading").remove()
        scroll.mount_all(list(self._compose_result(now)), before="#stats-buttons")
        self.query_one("#review", Button).disabled = not (self.stats and self.stats.due_now)
        self.loaded = True
        self.refresh_bindings()

    def _compose_result(self, now: datetime) -> ComposeResult:
        stats = self.stats
        if stats is None:
            yield Static(Content(self.problem or ""), id="stats-empty")
        elif not stats.total.answered:
            yield Static(
                Content(
                    _("No answers recorded yet for {player}. Play a pack, then come back.").format(
                        player=printable(stats.player)
                    )
                ),
                id="stats-empty",
            )
        else:
            yield from self._compose_stats(stats, now)

    def _compose_stats(self, stats: PlayerStats, now: datetime) -> ComposeResult:
        total = stats.total
        details = [
            ngettext("{n} answer", "{n} answers", total.answered).format(n=total.answered),
            _("{right} right ({percent})").format(
                right=total.right, percent=percent(total.accuracy)
            ),
            ngettext("{n} after a hint", "{n} after a hint", total.hinted).format(n=total.hinted),
        ]
        if stats.seconds_per_answer is not None:
            details.append(_("{s} s per answer").format(s=format_decimal(stats.seconds_per_answer)))
        yield Static(Content(" · ".join(details)), id="stats-total")

        yield Static(Content.styled(_("Accuracy per category"), "bold"), classes="heading")
        yield Static(
            bar_lines(
                [
                    BarRow(
                        # A category id read from the store when no pack names it.
                        printable(c.label),
                        c.tally.right,
                        c.tally.answered,
                        _("picked {n}×").format(n=c.chosen),
                    )
                    for c in stats.by_category
                ],
                empty=_("never the right answer"),
            ),
            id="stats-categories",
        )

        yield Static(Content.styled(_("Accuracy per pack"), "bold"), classes="heading")
        yield Static(
            bar_lines(
                [
                    BarRow(
                        # The pack's id, read from the store, when it is not loaded.
                        p.title or printable(p.pack_id),
                        p.tally.right,
                        p.tally.answered,
                        ngettext("{n} session", "{n} sessions", p.sessions).format(n=p.sessions),
                    )
                    for p in stats.by_pack
                ],
                label_width=PACK_LABEL_WIDTH,
            ),
            id="stats-packs",
        )

        if stats.trend:
            accuracies = [s.tally.accuracy for s in stats.trend]
            heading = ngettext(
                "Your last session",
                "Your last {n} sessions, oldest first",
                len(stats.trend),
            ).format(n=len(stats.trend))
            yield Static(Content.styled(heading, "bold"), classes="heading")
            yield Static(
                Content.assemble(
                    (sparkline(accuracies), "bold $accent"),
                    "  ",
                    _("from {first} to {last}").format(
                        first=percent(accuracies[0]), last=percent(accuracies[-1])
                    )
                    if len(accuracies) > 1
                    else percent(accuracies[0]),
                ),
                id="stats-trend",
            )

        bias = stats.bias
        yield Static(
            Content(bias_text(bias)), id="stats-bias", classes="-none" if bias is None else ""
        )

        waiting = len(stats.review) - stats.due_now
        yield Static(
            Content.styled(
                _("Review: {due} due now, {waiting} waiting").format(
                    due=stats.due_now, waiting=waiting
                ),
                "bold",
            ),
            classes="heading",
        )
        if not stats.review:
            yield Static(Content(_("Nothing to review: every claim you missed is learnt.")))
        listed = stats.review[:REVIEW_LISTED]
        whens = [due_text(item.due_at, now) for item in listed]
        width = max((len(when) for when in whens), default=0) + 2
        several_packs = len({item.pack.id for item in stats.review}) > 1
        for item, when in zip(listed, whens, strict=True):
            parts: list[Content | str | tuple[str, str]] = [
                (when.ljust(width), "bold" if item.is_due(now) else "$text-muted")
            ]
            if several_packs:
                parts += [(item.pack.title, "$text-muted"), " · "]
            yield Static(Content.assemble(*parts, item.claim.text), classes="review-item")
        if len(stats.review) > REVIEW_LISTED:
            yield Static(
                Content(_("… and {n} more").format(n=len(stats.review) - REVIEW_LISTED)),
                classes="review-item",
            )
        for missing in self.claimsort.missing:
            due = stats.due_elsewhere.get(missing.pack_id)
            if due:
                yield Static(Content(missing.due_text(due)), classes="review-lost")

    def allow_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":
            return bool(self.stats and self.stats.due_now)
        return True

    @on(Button.Pressed, "#review")
    @guarded
    def on_review_pressed(self) -> None:
        self.action_review()

    @on(Button.Pressed, "#back")
    @guarded
    def on_back_pressed(self) -> None:
        self.action_close()

    @guarded
    def action_review(self) -> None:
        if self.stats and self.stats.due_now:
            self.claimsort.start_review()

    @guarded
    def action_close(self) -> None:
        self.dismiss()

    @guarded
    def action_quit(self) -> None:
        self.app.exit()
