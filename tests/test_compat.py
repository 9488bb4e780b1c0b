"""Each private piece of Textual that `tui/compat.py` relies on, checked by name: after a
Textual upgrade these fail first, saying which piece moved and what depends on it."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.signal import Signal
from textual.widgets import Button, Static
from ui import wait_until

from tui.compat import FatalErrorMessage, auto_focus, unwatch_bindings, watch_bindings

UPGRADE = "Textual changed; tui/compat.py needs another way to {use}"


def test_app_still_keeps_what_the_fatal_error_override_uses() -> None:
    use = UPGRADE.format(use="print its own line when an error ends the app")
    app = App[None]()
    assert callable(getattr(App, "_fatal_error", None)), f"App._fatal_error is gone: {use}"
    assert getattr(app, "_exception", "missing") is None, f"App._exception is gone: {use}"
    assert isinstance(getattr(app, "_exit_renderables", None), list), (
        f"App._exit_renderables is no longer a list: {use}"
    )
    assert callable(getattr(app, "_close_messages_no_wait", None)), (
        f"App._close_messages_no_wait is gone: {use}"
    )


class Broken(FatalErrorMessage[None]):
    """Raises outside any guard as soon as it is up."""

    def __init__(self, message: str | None) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static("up")

    def on_mount(self) -> None:
        self.call_later(self.boom)

    def boom(self) -> None:
        raise RuntimeError("boom")

    def fatal_error_message(self, error: BaseException) -> Text | None:
        return None if self.message is None else Text(f"{self.message}: {error}")


async def test_an_error_ends_the_app_with_its_own_message_instead_of_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = Broken("stopped")
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.return_code == 1, "the app to stop")
    assert app.return_code == 1
    printed = capsys.readouterr().err
    assert printed.strip() == "stopped: boom", (
        f"the app's own line is not what was printed: "
        f"{UPGRADE.format(use='replace the traceback')}\n{printed}"
    )


async def test_without_a_message_textual_prints_its_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = Broken(None)
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.return_code == 1, "the app to stop")
    printed = capsys.readouterr().err
    assert "Traceback" in printed and "RuntimeError: boom" in printed, printed


class Watched(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("one", id="one")
        yield Static("two", id="two")


async def test_a_widget_hears_when_its_screen_refreshes_its_bindings() -> None:
    use = UPGRADE.format(use="tell the key bar that the keys changed")
    app = Watched()
    async with app.run_test() as pilot:
        signal = getattr(app.screen, "bindings_updated_signal", None)
        assert isinstance(signal, Signal), f"Screen.bindings_updated_signal is gone: {use}"
        one, two = app.query_one("#one", Static), app.query_one("#two", Static)
        heard: list[str] = []
        watch_bindings(one, lambda: heard.append("one"))
        app.screen.refresh_bindings()
        await wait_until(pilot, lambda: heard, f"a widget to hear of new bindings ({use})")
        assert heard == ["one"]

        unwatch_bindings(one)
        watch_bindings(two, lambda: heard.append("two"))
        app.screen.refresh_bindings()
        await wait_until(pilot, lambda: "two" in heard, "the other widget to hear")
        # Anything "one" still heard would run before a callback posted to it now.
        later: list[bool] = []
        one.call_later(later.append, True)
        await wait_until(pilot, lambda: later, "a callback on the unwatched widget")
        assert heard == ["one", "two"]


def test_a_stylesheet_still_keeps_what_shared_css_replaces() -> None:
    from textual.css.stylesheet import Stylesheet

    use = UPGRADE.format(use="share parsed stylesheets between apps (tui/shared_css.py)")
    sheet = Stylesheet(variables={"primary": "red"})
    cache = getattr(sheet, "_parse_cache", None)
    assert cache is not None and callable(getattr(cache, "clear", None)), (
        f"Stylesheet._parse_cache is gone: {use}"
    )
    assert getattr(sheet, "_variables", None) == {"primary": "red"}, (
        f"Stylesheet._variables is gone: {use}"
    )


class Focusable(App[None]):
    AUTO_FOCUS = "#second"

    def compose(self) -> ComposeResult:
        yield Button("first", id="first")
        yield Button("second", id="second")


async def test_a_started_screen_can_focus_what_it_focuses_on_its_start() -> None:
    use = UPGRADE.format(use="focus a served game's screen once the page gives it focus")
    app = Focusable()
    async with app.run_test() as pilot:
        assert callable(getattr(app.screen, "_update_auto_focus", None)), (
            f"Screen._update_auto_focus is gone: {use}"
        )
        await wait_until(pilot, lambda: app.screen.focused, "the screen's own focus")
        app.screen.set_focus(None)
        auto_focus(app.screen)
        focused = await wait_until(pilot, lambda: app.screen.focused, f"focus again ({use})")
        assert focused.id == "second"  # the screen's AUTO_FOCUS, not the first one
        app.screen.set_focus(app.query_one("#first", Button))
        auto_focus(app.screen)  # something is focused: left as it is
        assert app.screen.focused is not None and app.screen.focused.id == "first"
