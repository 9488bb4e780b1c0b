"""Accuracy as bars with numbers ("████░░ 4/6  67%"), readable without colour: per
category on the summary, per category and per pack on the stats screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    rows: Sequence[BarRow],
    *,
    label_width: int = LABEL_WIDTH,
    empty: str | None = None,
    width: int | None = None,
) -> Content:
    """One line per row; `empty` is what a row with nothing answered shows. When the
    lines would be wider than `width`, each label goes on a line of its own above its
    bar (and a note under it), so nothing is cut on a narrow terminal."""
    wide = _bar_lines(rows, label_width=label_width, empty=empty)
    if width is None or _widest(wide) <= width:
        return wide
    # Then each note under its bar, and last each label above it.
    notes_below = _bar_lines(rows, label_width=label_width, empty=empty, notes_below=True)
    if _widest(notes_below) <= width:
        return notes_below
    return _stacked_bar_lines(rows, empty=empty, width=width)


def _widest(content: Content) -> int:
    return max((line.cell_length for line in content.split("\n")), default=0)


def _bar_cells(row: BarRow, count_width: int) -> list[Content | str | tuple[str, str]]:
    accuracy = row.accuracy or 0.0
    filled = round(accuracy * BAR_WIDTH)
    count = f"{row.right}/{row.total}".ljust(count_width)
    return [
        ("█" * filled, "$success"),
        ("░" * (BAR_WIDTH - filled), "$text-muted"),
        f"  {count}  {accuracy:4.0%}",
    ]


def _bar_lines(
    rows: Sequence[BarRow], *, label_width: int, empty: str | None, notes_below: bool = False
) -> Content:
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
            parts += _bar_cells(row, count_width)
        # Shown in both cases: a category never right but picked anyway is the bias itself.
        if row.note and not notes_below:
            parts.append(("  " + row.note, "$text-muted"))
        lines.append(Content.assemble(*parts))
        if row.note and notes_below:
            lines.append(Content.assemble(" " * (width + 2), (row.note, "$text-muted")))
    return Content("\n").join(lines)


def _stacked_bar_lines(rows: Sequence[BarRow], *, empty: str | None, width: int) -> Content:
    count_width = max((len(f"{r.right}/{r.total}") for r in rows), default=0)
    lines: list[Content] = []
    for row in rows:
        lines.append(Content.styled(row.label, "bold"))
        if row.accuracy is None:
            bar = Content.assemble("  ", (empty or _("no claims"), "italic"))
        else:
            bar = Content.assemble("  ", *_bar_cells(row, count_width))
        note = Content.styled(row.note, "$text-muted")
        if row.note and bar.cell_length + 2 + note.cell_length <= width:
            lines.append(Content.assemble(bar, "  ", note))
        else:
            lines.append(bar)
            if row.note:
                lines += [Content.assemble("  ", part) for part in note.wrap(max(1, width - 2))]
    return Content("\n").join(lines)


class FittedLines(Static):
    """Lines laid out again for the width the widget gets (`lay_out(width)`): the wide
    form where it fits, a narrow one where it would be cut."""

    DEFAULT_CSS = """
    FittedLines {
        width: 1fr;
        text-wrap: nowrap;
    }
    """

    def __init__(self, lay_out: Callable[[int | None], Content], **kwargs: object) -> None:
        super().__init__(lay_out(None), **kwargs)  # type: ignore[arg-type]
        self.lay_out = lay_out

    def on_resize(self) -> None:
        self.update(self.lay_out(self.content_size.width or None))


def accuracy_lines(results: Sequence[CategoryResult], width: int | None = None) -> Content:
    return bar_lines([BarRow(r.category.label, r.right, r.total) for r in results], width=width)


class AccuracyBars(FittedLines):
    """One line per category: how many of its claims the player sorted rightly."""

    def __init__(self, results: Sequence[CategoryResult], **kwargs: object) -> None:
        shown = tuple(results)
        super().__init__(lambda width: accuracy_lines(shown, width), **kwargs)
