"""The table of what the player answered (columns) against the right answer (rows)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widgets import Static

from game.i18n import _
from game.pack import Category
from tui.widgets.accuracy import fit

MAX_ROW_LABEL = 20
MAX_CELL = 18
"""Room for "Official assertion": the default labels fit whole in 80 columns."""
GAP = "  "
"""Between columns."""


def confusion_lines(
    confusion: Mapping[tuple[str, str], int], categories: Sequence[Category]
) -> Content:
    """Rows: the right answer. Columns: the player's answer. Right answers are on the
    diagonal, marked "✓" so the table reads without colour."""
    corner = _("right ↓  you →")
    longest = max(len(c.label) for c in categories)
    row_width = max(min(MAX_ROW_LABEL, longest), len(corner))
    # Each column as wide as its own label, two spaces apart, so the header reads as
    # separate labels ("Verified fact  Official assertion  Disputed").
    cells = [max(min(MAX_CELL, len(c.label)), 4) for c in categories]
    header: list[Content | str | tuple[str, str]] = [
        Content.styled(fit(corner, row_width), "italic")
    ]
    for category, cell in zip(categories, cells, strict=True):
        header += [GAP, Content.styled(fit(category.label, cell), "bold")]
    lines = [Content.assemble(*header)]
    for right in categories:
        row: list[Content | str | tuple[str, str]] = [
            Content.styled(fit(right.label, row_width), "bold")
        ]
        for chosen, cell in zip(categories, cells, strict=True):
            count = confusion.get((right.id, chosen.id), 0)
            if right.id == chosen.id:
                row += [GAP, (fit(f"✓{count}", cell), "bold $success")]
            elif count:
                row += [GAP, (fit(f" {count}", cell), "bold $error")]
            else:
                row += [GAP, (fit(f" {count}", cell), "$text-muted")]
        lines.append(Content.assemble(*row))
    return Content("\n").join(lines)


class ConfusionTable(Static):
    """A square table of counts, one row and column per category, right answers on the
    diagonal."""

    def __init__(
        self,
        confusion: Mapping[tuple[str, str], int],
        categories: Sequence[Category],
        **kwargs: object,
    ) -> None:
        super().__init__(confusion_lines(confusion, categories), **kwargs)  # type: ignore[arg-type]
