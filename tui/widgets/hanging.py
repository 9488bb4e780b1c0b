"""Lines of text that keep their indent when they wrap (a hanging indent), for list items."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Spacing
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, RenderOptions, Visual


class HangingLines(Visual):
    """Paragraphs stacked one under the other, each as (content, first, rest): its first
    row indented by `first` cells, its wrapped rows by `rest`.

    Content alone wraps back to the left edge, so a pack's long level or error would
    lose the indent that tells its details from its title."""

    def __init__(self, paragraphs: Sequence[tuple[Content, int, int]]) -> None:
        self.paragraphs = tuple(paragraphs)
        self._cache: tuple[int, list[tuple[Content, int]]] | None = None

    def __str__(self) -> str:
        """The paragraphs' plain text, one a line (what a reader of the widget gets)."""
        return "\n".join(content.plain for content, _first, _rest in self.paragraphs)

    def rows(self, width: int) -> list[tuple[Content, int]]:
        """Each row to show at `width` and its indent."""
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        rows: list[tuple[Content, int]] = []
        for content, first, rest in self.paragraphs:
            lines = content.wrap(max(1, width - first))
            rows.append((lines[0], first))
            if len(lines) > 1:
                # Wrap what is left again, at the narrower width of the later rows.
                plain = content.plain
                at = len(lines[0].plain)
                while at < len(plain) and plain[at].isspace():
                    at += 1
                rows += [(line, rest) for line in content[at:].wrap(max(1, width - rest))]
        self._cache = (width, rows)
        return rows

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(
            (first + content.cell_length for content, first, _rest in self.paragraphs),
            default=0,
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.rows(width))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips: list[Strip] = []
        for line, indent in self.rows(width):
            visual: Visual = Padding(line, Spacing(0, 0, 0, indent)) if indent else line
            strips += visual.render_strips(width, 1, style, options)
        return strips if height is None else strips[:height]
