"""Accuracy as bars with numbers ("████░░ 4/6  67%"), readable without colour: per
category on the summary, per category and per pack on the stats screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from game.i18n import _
from game.round import CategoryResult

BAR_WIDTH = 12
LABEL_WIDTH = 20


@dataclass(frozen=True)
class BarRow:
    """One bar: a label (shown literally), how many right out of how many."""

    label: str
    right: int
    total: int
    note: str = ""
    """Shown after the percentage, muted (e.g. "3 sessions")."""

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None


def fit(text: str, width: int) -> str:
    """`text` cut to `width` characters (with "…") and padded to it."""
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def bar_lines(
    rows: Sequence[BarRow], *, label_width: int = LABEL_WIDTH, empty: str | None = None
) -> Content:
    """One line per row; `empty` is what a row with nothing answered shows."""
    width = min(label_width, max((len(r.label) for r in rows), default=0))
    # Counts padded to the widest, so the percentages line up ("3/4" under "12/16").
    count_width = max((len(f"{r.right}/{r.total}") for r in rows), default=0)
    lines = []
    for row in rows:
        parts: list[Content | str | tuple[str, str]] = [fit(row.label, width), "  "]
        if row.accuracy is None:
            text = empty or _("no claims")
            # Padded to the bars' width, so its note lines up with theirs.
            parts.append((text.ljust(BAR_WIDTH + 8 + count_width) if row.note else text, "italic"))
        else:
            filled = round(row.accuracy * BAR_WIDTH)
            count = f"{row.right}/{row.total}".ljust(count_width)
            parts += [
                ("█" * filled, "$success"),
                ("░" * (BAR_WIDTH - filled), "$text-muted"),
                f"  {count}  {row.accuracy:4.0%}",
            ]
        # Shown in both cases: a category never right but picked anyway is the bias itself.
        if row.note:
            parts.append(("  " + row.note, "$text-muted"))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


def accuracy_lines(results: Sequence[CategoryResult]) -> Content:
    return bar_lines([BarRow(r.category.label, r.right, r.total) for r in results])


class AccuracyBars(Static):
    """One line per category: how many of its claims the player sorted rightly."""

    def __init__(self, results: Sequence[CategoryResult], **kwargs: object) -> None:
        super().__init__(accuracy_lines(results), **kwargs)  # type: ignore[arg-type]
