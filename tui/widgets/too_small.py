"""The notice shown in place of a screen when the terminal is below the minimum size."""

from __future__ import annotations

from textual.widgets import Static

from game.i18n import _
from tui.sizes import MIN_HEIGHT, MIN_WIDTH


class TooSmall(Static):
    """Shown instead of the screen when the terminal is below the minimum size."""

    def __init__(self) -> None:
        super().__init__(
            _("Terminal too small: make it at least {width}×{height}.").format(
                width=MIN_WIDTH, height=MIN_HEIGHT
            ),
            markup=False,
        )
