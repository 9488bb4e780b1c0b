"""A clickable one-line label: the round's category choices and its Next button.

Lighter than Textual's `Button` (whose styles alone take longer to load than the rest
of the round screen): the round is the first thing a player sees, and its keys do
everything a focusable button would.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Static


class Chip(Static, can_focus=False):
    """Posts `Chip.Pressed` when clicked, unless it has the `-inert` class."""

    DEFAULT_CSS = """
    Chip {
        width: auto;
        min-width: 16;
        height: 1;
        margin-right: 2;
        padding: 0 1;
        background: $surface;
        text-style: bold;
        text-align: center;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:hover { background: $primary; }
        &.-inert:hover { background: $surface; }
    }
    """

    class Pressed(Message):
        """The chip was clicked."""

        def __init__(self, chip: Chip) -> None:
            super().__init__()
            self.chip = chip

        @property
        def control(self) -> Chip:
            return self.chip

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if not self.has_class("-inert"):
            self.post_message(self.Pressed(self))
