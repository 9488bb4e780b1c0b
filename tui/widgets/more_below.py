"""The "▼ more" line under a scrolling view, shown while part of it is below the fold.

A thin scrollbar was the only sign of "Claims you missed" under the summary's fold, and
most players never scrolled to it. The line is a row of its own under the view (never
over its text) and a click on it scrolls down a page.
"""

from __future__ import annotations

from textual import events
from textual.containers import ScrollableContainer, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.i18n import _


class MoreBelow(Static):
    """Follows the scrolling view with id `view`, a sibling placed before it."""

    DEFAULT_CSS = """
    MoreBelow {
        height: 1;
        width: 1fr;
        padding: 0 2;
        text-align: right;
        text-style: bold;
        color: $text-accent;
        background: $boost;
    }
    """

    def __init__(self, view: str) -> None:
        super().__init__(Content(_("▼ more below")), classes="more-below")
        self.view_id = view
        self.display = False

    @property
    def view(self) -> ScrollableContainer:
        parent = self.parent
        assert parent is not None
        return parent.query_one(f"#{self.view_id}", ScrollableContainer)

    def on_mount(self) -> None:
        view = self.view
        for attribute in ("scroll_y", "virtual_size", "show_vertical_scrollbar"):
            self.watch(view, attribute, self._follow, init=False)
        self.call_after_refresh(self._follow)

    def _follow(self) -> None:
        # The view's new size comes in steps (its content's, then its own): judge once
        # they are all in.
        self.call_after_refresh(self.follow)

    def follow(self) -> None:
        """Show the line while the view has rows below what it shows."""
        view = self.view
        # A row of slack: a view scrolled to within a cell of its end shows its end.
        self.display = view.max_scroll_y - view.scroll_y >= 1

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.view.scroll_page_down()


class FoldScroll(VerticalScroll):
    """A vertical scroll that keeps its `MoreBelow` line up to date: on every change of
    its size or its content's (its Resize event, which watching its sizes can miss), and
    of where it is scrolled to."""

    def on_resize(self) -> None:
        self._tell()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._tell()

    def _tell(self) -> None:
        if not self.is_attached:
            return
        for more in self.screen.query(MoreBelow):
            if more.view_id == self.id:
                more.call_after_refresh(more.follow)
