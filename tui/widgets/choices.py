"""The category buttons: click one, or press its number or letter, to answer."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.message import Message

from game.pack import Category
from tui.widgets.chip import Chip


class CategoryButton(Chip):
    """One category. Not focusable: Enter must go on to the next claim, never answer."""

    def __init__(self, category: Category, number: int) -> None:
        self.category = category
        self.number = number
        super().__init__(self._label(""), classes="choice")

    # Marks are two cells wide and an unmarked label keeps the space, so the buttons
    # never change width (and never crop their labels) when the verdict marks them.

    def _label(self, mark: str) -> Content:
        # "[1 F] Verified fact", as the spec writes it: the keys apart from the label.
        keys = f"[{self.number} {self.category.key.upper()}]"
        return Content.assemble(mark or "  ", (keys, "bold"), " ", self.category.label)

    def mark(self, mark: str) -> None:
        """Prefix the label with a symbol ("✓ ", "✗ ") so the verdict never relies on colour."""
        self.update(self._label(mark))


class CategoryButtons(HorizontalGroup):
    """The pack's categories as buttons, in the pack's order, numbered from 1."""

    class Chosen(Message):
        """The player picked a category."""

        def __init__(self, category_id: str) -> None:
            super().__init__()
            self.category_id = category_id

    def __init__(self, categories: Sequence[Category], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.categories = tuple(categories)

    def compose(self) -> ComposeResult:
        for number, category in enumerate(self.categories, start=1):
            yield CategoryButton(category, number)

    def on_chip_pressed(self, event: Chip.Pressed) -> None:
        if isinstance(event.chip, CategoryButton):
            event.stop()
            self.post_message(self.Chosen(event.chip.category.id))

    def open(self, chosen: str | None = None) -> None:
        """Ready for an answer: every button clickable and unmarked, but the one picked
        (`chosen`, waiting for how sure the player is), marked "▸"."""
        self.remove_class("-answered")
        for button in self.query(CategoryButton):
            button.set_class(False, "-inert", "-right", "-wrong")
            picked = button.category.id == chosen
            button.set_class(picked, "-chosen")
            button.mark("▸ " if picked else "")

    def close(self, right: str, chosen: str) -> None:
        """The claim is answered: mark the right category and a wrong choice; clicks
        do nothing until the next claim."""
        self.add_class("-answered")
        for button in self.query(CategoryButton):
            button.remove_class("-chosen")
            button.add_class("-inert")
            if button.category.id == right:
                button.mark("✓ ")
                button.add_class("-right")
            elif button.category.id == chosen:
                button.mark("✗ ")
                button.add_class("-wrong")
            else:
                button.mark("")
