"""What every ClaimSort screen shares: the "terminal too small" notice and error guards.

The app's breakpoints give each screen a `-too-narrow` or `-too-short` class below the
minimum size (`tui.sizes`); the app's CSS then hides the screen's `.body` and shows
`TooSmall`.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from tui.widgets.keybar import KeyBar
from tui.widgets.more_below import MoreBelow
from tui.widgets.too_small import TooSmall

if TYPE_CHECKING:
    # For the type of `claimsort` only: at run time the app imports the screens.
    from tui.app import ClaimSortApp

F = TypeVar("F", bound=Callable[..., Any])

LAYOUT_TRIES = 20
"""How many refreshes a scroll waits for the layout it needs before it gives up (a few
are plenty; the bound keeps a layout that never comes from spinning forever)."""


async def after_next_layout(widget: Widget, callback: Callable[..., Any], *args: Any) -> None:
    """Run `callback(*args)` after the screen's next refresh, once the other widgets have
    had their turn to report new sizes.

    A scroll computed in `call_after_refresh` can come too early: each widget tells the
    screen it needs a new layout on its own turn, and a screen calling itself back never
    gives them one. Hence the yield before asking again.
    """
    await asyncio.sleep(0)
    widget.call_after_refresh(callback, *args)


def guarded(method: F) -> F:
    """Catch an unexpected error in a handler, report it briefly and carry on.

    Textual stops an app on an exception escaping a handler, losing the round. The
    round's state lives in `game.round.Round` and a failed step leaves it as it was, so
    the player can simply keep playing.
    """
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def run_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as error:
                self.app.report_error(error)
                return None

        return cast(F, run_async)

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            self.app.report_error(error)
            return None

    return cast(F, run)


class _Framed:
    """What full screens and dialogs share: the too-small notice around a body, and no
    input to a body the player cannot see."""

    app: Any

    @property
    def claimsort(self) -> ClaimSortApp:
        return cast("ClaimSortApp", self.app)

    @property
    def too_small(self) -> bool:
        """Whether the terminal is below the minimum size (only the notice shows)."""
        has_class = self.has_class  # type: ignore[attr-defined]
        return bool(has_class("-too-narrow") or has_class("-too-short"))

    def compose(self) -> ComposeResult:
        yield TooSmall()
        with Vertical(classes="body"):
            yield from self.compose_body()
        yield from self.compose_footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def compose_footer(self) -> ComposeResult:
        """Widgets outside the body (full screens keep their footer in the body)."""
        yield from ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A key must not answer a claim or leave a screen the player cannot see;
        # Ctrl+Q (the app's own binding) still quits.
        if self.too_small:
            return False
        return self.allow_action(action, parameters)

    def on_resize(self) -> None:
        # Crossing the minimum size hides or restores every action in the footer.
        self.refresh_bindings()  # type: ignore[attr-defined]
        for more in self.query(MoreBelow):  # type: ignore[attr-defined]
            more.call_after_refresh(more.follow)

    def allow_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether an action is available now (True: shown and enabled; None: shown
        disabled; False: hidden). Screens override this, not `check_action`."""
        return True


class BaseScreen(_Framed, Screen[Any]):
    """A full screen: its content goes in `compose_body()`."""


class BaseModal(_Framed, ModalScreen[Any]):
    """A dialog over another screen: its content goes in `compose_body()`.

    It has a footer of its own, over the one of the screen behind, whose keys do not
    work while the dialog is open."""

    def compose_footer(self) -> ComposeResult:
        yield KeyBar()
