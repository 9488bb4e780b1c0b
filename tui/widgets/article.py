"""The reader's article: a text of any length, laid out and drawn only where it is seen.

A pack's source text may hold 5 MB. Shown as one `Content` in a `Static`, every line was
wrapped and drawn before the reader opened, which froze the game for seconds. This
widget keeps the text as lines. Asked for its height at a width, it counts the rows
each line takes (`tui.line_rows`, fast for plain text) and so knows where every line
starts; asked to draw, it draws only the lines in view (as `Content` draws them,
highlights included). It goes in a scrolling container, which shows the part in view.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, cast

from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import RenderOptions
from textual.widget import Widget

from tui.line_rows import rows

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

DRAWN_LINES = 256
"""Lines kept drawn, for scrolling back and forth without drawing them again."""
UNLAID_ROWS = 200
"""Rows that may be drawn from the top without a layout (a frame just before the
container narrows); a row further down lays the text out first."""


class ArticleView(Widget):
    """Lines of text, each shown as `shown(index)` gives it, wrapped at the widget's width.

    `texts` are the lines as plain text. A line whose shown text is not its plain text
    (the reader adds a claim's category after its quote) must be in `reshaped`: its rows
    are counted on what is shown.
    """

    DEFAULT_CSS = """
    ArticleView {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(
        self,
        texts: Sequence[str],
        shown: Callable[[int], Content],
        reshaped: Collection[int] = (),
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.texts = texts
        self.shown = shown
        self.reshaped = frozenset(reshaped)
        self._width = 0
        self._starts: list[int] = [0]
        """The first row of each line at `_width`, then the rows in all."""
        self._drawn: LRUCache[int, list[Strip]] = LRUCache(DRAWN_LINES)

    # -- layout --------------------------------------------------------------------

    @property
    def laid_out(self) -> bool:
        """Whether the rows are counted at the width the widget has now."""
        return bool(self._width) and self._width == self.size.width

    def line_start(self, index: int) -> int:
        """The row line `index` starts on, at the width last laid out (0 before)."""
        return self._starts[max(0, min(index, len(self._starts) - 1))]

    def line_at(self, row: int) -> int:
        """The line drawn on `row` (the last line for a row past the end)."""
        return max(0, min(bisect_right(self._starts, row) - 1, len(self.texts) - 1))

    def _lay_out(self, width: int) -> None:
        if width == self._width:
            return
        self._width = width
        self._drawn.clear()
        self._starts = [0, *accumulate(self._rows(i, width) for i in range(len(self.texts)))]

    def _rows(self, index: int, width: int) -> int:
        if index in self.reshaped:
            return len(self.shown(index).wrap(width))
        return rows(self.texts[index], width)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width != self._width and self._will_narrow(container.height, width):
            # Taller than the container, which has no scrollbar yet: it is about to get
            # one and ask again, narrower. Enough rows to say so, without a layout.
            return container.height + 1
        self._lay_out(width)
        return self._starts[-1]

    def _will_narrow(self, height: int, width: int) -> bool:
        """Whether the text takes more than `height` rows at `width` while the scrolling
        container around it shows no vertical scrollbar (so it will, at a smaller width)."""
        parent = self.parent
        if not isinstance(parent, Widget) or parent.show_vertical_scrollbar:
            return False
        if parent.styles.overflow_y != "auto" or width <= 0:
            return False
        # A row holds at most `width` characters that are not spaces.
        rows_at_least = 0
        for text in self.texts:
            rows_at_least += max(1, -(-(len(text) - text.count(" ")) // width))
            if rows_at_least > height:
                return True
        return False

    # -- drawing -------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()

    def _draw(self, index: int, width: int) -> list[Strip]:
        # A widget's styles are the rules its visuals render by (as in
        # `Visual.to_strips`); their annotation names only the dict.
        options = RenderOptions(self._get_style, cast("RulesMap", self.styles))
        return self.shown(index).render_strips(width, None, self.visual_style, options)

    def _strips(self, index: int) -> list[Strip]:
        strips = self._drawn.get(index)
        if strips is None:
            strips = self._draw(index, self._width)
            self._drawn[index] = strips
        return strips

    def render_line(self, y: int) -> Strip:
        style = self.visual_style.rich_style
        width = self.size.width
        if width != self._width and y > UNLAID_ROWS:
            self._lay_out(width)
        if width != self._width:
            # Not laid out at this width: a frame drawn just before the container
            # narrows for its scrollbar. Its few rows are drawn from the top, without
            # laying out the whole text for a width about to go.
            row = 0
            for index in range(len(self.texts)):
                strips = self._draw(index, width)
                if y < row + len(strips):
                    return strips[y - row]
                row += len(strips)
            return Strip.blank(width, style)
        if not self._width or y >= self._starts[-1]:
            return Strip.blank(width, style)
        index = self.line_at(y)
        strips = self._strips(index)
        offset = y - self._starts[index]
        # As a Static's lines: not padded here, the widget's styles pad them.
        return strips[offset] if offset < len(strips) else Strip.blank(self._width, style)
