"""The table of what the player answered (columns) against the right answer (rows)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content

from game.i18n import _
from game.pack import Category
from tui.widgets.accuracy import FittedLines, fit

MAX_ROW_LABEL = 20
MAX_CELL = 18
"""Room for "Official assertion": the default labels fit whole in 80 columns."""
GAP = "  "
"""Between columns."""


def confusion_lines(
    confusion: Mapping[tuple[str, str], int],
    categories: Sequence[Category],
    width: int | None = None,
) -> Content:
    """Rows: the right answer. Columns: the player's answer. Right answers are on the
    diagonal, marked "✓" so the table reads without colour. Where the labels would not
    fit in `width`, rows and columns are named by the categories' keys, with a legend."""
    wide = _labelled(confusion, categories)
    if width is None or max(line.cell_length for line in wide.split("\n")) <= width:
        return wide
    return _by_key(confusion, categories)


NO_CLAIMS = "–"
"""The diagonal cell of a category with no claims in the round: "✓0" would read as a
category answered wrongly every time."""


def _cell(right: str, chosen: str, count: int, width: int, empty: bool) -> tuple[str, str]:
    if right == chosen and empty:
        return (fit(f" {NO_CLAIMS}", width), "$text-muted")
    if right == chosen:
        return (fit(f"✓{count}", width), "bold $success")
    return (fit(f" {count}", width), "bold $error" if count else "$text-muted")


def _empty(
    confusion: Mapping[tuple[str, str], int], right: Category, categories: Sequence[Category]
) -> bool:
    """Whether no claim of the round had `right` as its answer."""
    return not any(confusion.get((right.id, other.id), 0) for other in categories)


def _by_key(confusion: Mapping[tuple[str, str], int], categories: Sequence[Category]) -> Content:
    corner = _("right ↓  you →")
    cell = max(4, *(len(c.key) + 1 for c in categories))
    header: list[Content | str | tuple[str, str]] = [Content.styled(corner, "italic")]
    for category in categories:
        header += [" ", (fit(" " + category.key.upper(), cell), "bold")]
    lines = [Content.assemble(*header)]
    for right in categories:
        row: list[Content | str | tuple[str, str]] = [
            Content.styled(fit(right.key.upper(), len(corner)), "bold")
        ]
        for chosen in categories:
            count = confusion.get((right.id, chosen.id), 0)
            row += [
                " ",
                _cell(right.id, chosen.id, count, cell, _empty(confusion, right, categories)),
            ]
        lines.append(Content.assemble(*row))
    # The legend, one category a line: the labels in full.
    for category in categories:
        lines.append(
            Content.assemble((category.key.upper(), "bold"), "  ", (category.label, "$text-muted"))
        )
    return Content("\n").join(lines)


def _labelled(confusion: Mapping[tuple[str, str], int], categories: Sequence[Category]) -> Content:
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
            row += [
                GAP,
                _cell(right.id, chosen.id, count, cell, _empty(confusion, right, categories)),
            ]
        lines.append(Content.assemble(*row))
    return Content("\n").join(lines)


class ConfusionTable(FittedLines):
    """A square table of counts, one row and column per category, right answers on the
    diagonal."""

    def __init__(
        self,
        confusion: Mapping[tuple[str, str], int],
        categories: Sequence[Category],
        **kwargs: object,
    ) -> None:
        counts, shown = dict(confusion), tuple(categories)
        super().__init__(lambda width: confusion_lines(counts, shown, width), **kwargs)
