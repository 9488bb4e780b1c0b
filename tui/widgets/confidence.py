"""The confidence step: after picking a category, how sure the player is (three chips).

Answered by 1/2/3 or a click; the category's own letter pressed again means "very sure",
so that a player in a hurry answers with two presses of one key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from game.discernment import CONFIDENCE_LEVELS, ConfidenceLevel
from game.i18n import _
from game.pack import Category
from game.wording import category_phrase
from tui.widgets.chip import Chip


class ConfidenceChip(Chip):
    """One level, "[3] Very sure"."""

    def __init__(self, level: ConfidenceLevel, number: int) -> None:
        self.level = level
        self.number = number
        super().__init__(
            Content.assemble((f"[{number}]", "bold"), " ", _(level.label)), classes="confidence"
        )


class ConfidenceStep(Vertical):
    """The question and its three answers; hidden until a category is picked."""

    class Rated(Message):
        """The player said how sure they are."""

        def __init__(self, level_id: str) -> None:
            super().__init__()
            self.level_id = level_id

    def compose(self) -> ComposeResult:
        yield Static(id="confidence-question", markup=False)
        with HorizontalGroup(id="confidence-levels"):
            for number, level in enumerate(CONFIDENCE_LEVELS, start=1):
                yield ConfidenceChip(level, number)
        yield Static(
            Content.styled(
                _("1, 2 or 3 · the same letter again: very sure · Esc: change"),
                "$text-muted",
            ),
            id="confidence-keys",
        )

    def ask(self, category: Category) -> None:
        """Ask how sure the player is that the claim is `category`."""
        self.query_one("#confidence-question", Static).update(
            Content.styled(
                _("How sure are you that this is {category}?").format(
                    category=category_phrase(category)
                ),
                "bold",
            )
        )

    def on_chip_pressed(self, event: Chip.Pressed) -> None:
        if isinstance(event.chip, ConfidenceChip):
            event.stop()
            self.post_message(self.Rated(event.chip.level.id))


def level_for_key(key: str) -> str | None:
    """The level id a number key gives ("1" → "low"), or None."""
    if key.isdigit() and 1 <= int(key) <= len(CONFIDENCE_LEVELS):
        return CONFIDENCE_LEVELS[int(key) - 1].id
    return None


HIGHEST = CONFIDENCE_LEVELS[-1].id
"""The level the category's letter pressed again gives."""
