"""The table of what the player answered (columns) against the right answer (rows)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.widgets import Static

from game.i18n import _
from game.pack import Category
from tui.widgets.accuracy import fit

ROW_LABEL_WIDTH = 20
CELL_WIDTH = 11


def confusion_lines(
    confusion: Mapping[tuple[str, str], int], categories: Sequence[Category]
) -> Content:
    """Rows: the right answer. Columns: the player's answer. Right answers are on the
    diagonal, marked "✓" so the table reads without colour."""
    row_width = min(ROW_LABEL_WIDTH, max(len(c.label) for c in categories))
    row_width = max(row_width, len(_("right ↓  you →")))
    header = [Content.styled(fit(_("right ↓  you →"), row_width), "italic")]
    for category in categories:
        header.append(Content.styled(" " + fit(category.label, CELL_WIDTH - 1).rjust(0), "bold"))
    lines = [Content.assemble(*header)]
    for right in categories:
        row = [Content.styled(fit(right.label, row_width), "bold")]
        for chosen in categories:
            count = confusion.get((right.id, chosen.id), 0)
            if right.id == chosen.id:
                cell = (f" ✓{count}".ljust(CELL_WIDTH), "bold $success")
            elif count:
                cell = (f"  {count}".ljust(CELL_WIDTH), "bold $error")
            else:
                cell = (f"  {count}".ljust(CELL_WIDTH), "$text-muted")
            row.append(Content.assemble(cell))
        lines.append(Content.assemble(*row))
    return Content("\n").join(lines)


class ConfusionTable(Static):
    """A `len(categories)` square table of counts, right answers on the diagonal."""

    def __init__(
        self,
        confusion: Mapping[tuple[str, str], int],
        categories: Sequence[Category],
        **kwargs: object,
    ) -> None:
        super().__init__(confusion_lines(confusion, categories), **kwargs)  # type: ignore[arg-type]
