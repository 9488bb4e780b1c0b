"""The key bar at the bottom of every screen: the keys that work now, each clickable.

One widget drawing one line, rather than Textual's `Footer` (a widget per key, rebuilt
whenever the bindings change): a round refreshes its bindings after every answer and
every claim, and the footer alone cost more than a frame there.
"""

from __future__ import annotations

from textual.content import Content, Span
from textual.widgets import Static

from game.i18n import _
from tui.compat import unwatch_bindings, watch_bindings

KEY_STYLE = "bold $footer-key-foreground"


class KeyBar(Static):
    """Shows the screen's active bindings as `key Description`; a click presses the key."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        max-height: 3;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        link-style: none;
        link-color: $footer-foreground;
        link-background: $footer-background;
        link-style-hover: bold;
        link-color-hover: $text;
        link-background-hover: $footer-key-background;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.key_offsets: dict[str, tuple[int, int]] = {}
        """Where each shown key starts, as (column, row) in the bar (for clicks)."""

    def on_mount(self) -> None:
        watch_bindings(self, self.show_keys)
        self.show_keys()

    def on_unmount(self) -> None:
        unwatch_bindings(self)

    def on_resize(self) -> None:
        self.show_keys()

    def show_keys(self) -> None:
        entries: list[tuple[str, Content]] = []
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            # One entry per action ("enter,space" are two keys for one thing).
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            shown_key = self.app.get_key_display(binding)
            # Translated as shown: the bindings were made when their module was imported.
            text = f" {shown_key} {_(binding.description)} "
            # The text is ours (key names and translated descriptions), but it is still
            # placed as plain text: only the span carries the click action.
            entry = Content(text, spans=[Span(0, len(text), f"@click=press({key!r})")])
            entries.append((key, entry.stylize(KEY_STYLE, 0, len(shown_key) + 1)))
        # Whole entries per row: on a narrow terminal the bar takes a second row rather
        # than hiding keys (a mouse-only player needs every one of them).
        width = self.size.width or self.app.size.width
        rows: list[list[Content]] = [[]]
        offsets: dict[str, tuple[int, int]] = {}
        at = 1
        for key, entry in entries:
            if rows[-1] and at + entry.cell_length > width:
                rows.append([])
                at = 1
            offsets[key] = (at, len(rows) - 1)
            rows[-1].append(entry)
            at += entry.cell_length + 1
        self.key_offsets = offsets
        self.update(Content("\n").join(Content(" ").join([Content(""), *row]) for row in rows))

    def action_press(self, key: str) -> None:
        self.app.simulate_key(key)
