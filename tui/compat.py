"""The private parts of Textual (8.2.8) that ClaimSort relies on, and only here.

Textual has no public way to replace the traceback an app prints when an error ends it,
to hear when a screen's bindings change (its own `Footer` uses an undocumented signal),
nor to focus what a screen focuses on its start once it has started. Everything else in `tui/` uses public API. `tests/test_compat.py` checks each
piece below by name, so a Textual upgrade that moves one fails there, saying which.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.console import RenderableType
from textual.app import App
from textual.screen import Screen
from textual.widget import Widget

ReturnType = TypeVar("ReturnType")


class FatalErrorMessage(App[ReturnType]):
    """An app that, when an unhandled error ends it, may print a message of its own in
    place of Textual's traceback (the app still ends: that is Textual's rule)."""

    def fatal_error_message(self, error: BaseException) -> RenderableType | None:
        """What to print when `error` ends the app; None prints Textual's traceback."""
        return None

    def _fatal_error(self) -> None:
        # Textual calls `_fatal_error` with the error kept in `_exception`; its own version
        # appends a traceback to `_exit_renderables` (printed once the app has stopped)
        # and then closes the message queues without waiting.
        error = self._exception
        message = None if error is None else self.fatal_error_message(error)
        if message is None:
            super()._fatal_error()
            return
        self.bell()
        self._exit_renderables.append(message)
        self._close_messages_no_wait()


def watch_bindings(widget: Widget, callback: Callable[[], object]) -> None:
    """Call `callback` (from `widget`'s own queue) whenever the bindings of its screen
    are refreshed; `widget` must be mounted. Textual publishes this on the screen's
    `bindings_updated_signal`."""
    widget.screen.bindings_updated_signal.subscribe(widget, lambda _screen: callback())


def unwatch_bindings(widget: Widget) -> None:
    """Stop what `watch_bindings` started for `widget`."""
    widget.screen.bindings_updated_signal.unsubscribe(widget)


def auto_focus(screen: Screen[object]) -> None:
    """Focus what `screen` focuses when it starts (its AUTO_FOCUS, else the app's), if
    nothing is focused and the app has focus. Textual does this only as a screen starts
    (`Screen._update_auto_focus`)."""
    screen._update_auto_focus()
