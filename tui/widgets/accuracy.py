"""Accuracy per category as bars with numbers ("████░░ 4/6  67%"), readable without colour."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from game.i18n import _
from game.round import CategoryResult

BAR_WIDTH = 12
LABEL_WIDTH = 20


def fit(text: str, width: int) -> str:
    """`text` cut to `width` characters (with "…") and padded to it."""
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def accuracy_lines(results: Sequence[CategoryResult]) -> Content:
    width = min(LABEL_WIDTH, max((len(r.category.label) for r in results), default=0))
    lines = []
    for result in results:
        label = fit(result.category.label, width)
        if result.accuracy is None:
            lines.append(Content.assemble(label, "  ", (_("no claims"), "italic")))
            continue
        filled = round(result.accuracy * BAR_WIDTH)
        lines.append(
            Content.assemble(
                label,
                "  ",
                ("█" * filled, "$success"),
                ("░" * (BAR_WIDTH - filled), "$text-muted"),
                f"  {result.right}/{result.total}  {result.accuracy:4.0%}",
            )
        )
    return Content("\n").join(lines)


class AccuracyBars(Static):
    """One line per category: how many of its claims the player sorted rightly."""

    def __init__(self, results: Sequence[CategoryResult], **kwargs: object) -> None:
        super().__init__(accuracy_lines(results), **kwargs)  # type: ignore[arg-type]
