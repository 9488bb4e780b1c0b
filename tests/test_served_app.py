"""The game a served student plays (`webserve.student.ServedApp`): it starts without the
app's focus, as the browser's page leaves it, and once the student touches or types in
the terminal it focuses what the same game focuses when it starts with focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Entry, demo_pack
from textual import events
from ui import on_screen, shows, wait_until

from game.progress import ProgressStore
from tui.app import ClaimSortApp, RoundOptions
from tui.screens.round import RoundScreen
from webserve.student import student_app


def _served() -> ClaimSortApp:
    entries = [Entry(Path("packs/summit.toml"), "command line", demo_pack())]
    return student_app(entries, "Ana", "9B", False, None, ProgressStore.in_memory())  # type: ignore[arg-type]


async def _focused(app: ClaimSortApp, *, focus_first: bool, press: str | None) -> str | None:
    """The id of what `app` focuses on its round: once it has the app's focus (posted
    first when `focus_first`), and after the key `press`, if any."""
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, RoundScreen)
        await shows(pilot, "Verified fact")
        if focus_first:
            app.post_message(events.AppFocus())  # the student taps the terminal
        if press is not None:
            await pilot.press(press)  # Textual gives the app focus on a key
            await shows(pilot, "How sure")
        focused = await wait_until(pilot, lambda: app.screen.focused, "something to be focused")
        return focused.id


def _started_with_focus() -> ClaimSortApp:
    """The same game, as `claimsort play` starts it: with the app's focus."""
    return ClaimSortApp(
        [], start=demo_pack(), player="Ana", locked=True, options=RoundOptions(confidence=True)
    )


async def test_it_starts_without_focus() -> None:
    app = _served()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_screen(pilot, RoundScreen)
        await shows(pilot, "Verified fact")
        assert not app.app_focus and screen.focused is None


async def test_once_focused_it_focuses_what_a_game_started_with_focus_does() -> None:
    expected = await _focused(_started_with_focus(), focus_first=False, press=None)
    assert expected is not None
    assert await _focused(_served(), focus_first=True, press=None) == expected


async def test_a_key_with_no_focus_yet_plays_and_focuses_as_the_game_would() -> None:
    expected = await _focused(_started_with_focus(), focus_first=False, press="1")
    assert await _focused(_served(), focus_first=False, press="1") == expected


def test_the_warm_up_reaches_the_first_screen_of_a_good_pack(capsys) -> None:
    from webserve.student import warm_up

    entries = [Entry(Path("packs/summit.toml"), "command line", demo_pack())]
    warm_up(entries, "9B", False, None)  # type: ignore[arg-type]
    assert capsys.readouterr().err == ""


@pytest.mark.expected_app_error
def test_a_warm_up_game_that_fails_says_why_in_one_line(monkeypatch, capsys) -> None:
    # Every student's game would fail as the zygote's own does: the zygote must not say
    # it is ready (the server then does not open), and the teacher is told why, in one
    # line, not with Textual's traceback.
    import webserve.student as student
    from webserve.student import WarmUpError, warm_up

    def broken(*args, **kwargs) -> ClaimSortApp:
        app = student_app(*args, **kwargs)

        def compose():  # the screen cannot be built
            raise RuntimeError("the stylesheet is missing")

        app.compose = compose  # type: ignore[method-assign]
        return app

    monkeypatch.setattr(student, "student_app", broken)
    entries = [Entry(Path("packs/summit.toml"), "command line", demo_pack())]
    try:
        warm_up(entries, "9B", False, None)  # type: ignore[arg-type]
    except WarmUpError as error:
        assert "the stylesheet is missing" in str(error)
        assert "\n" not in str(error)
    else:
        raise AssertionError("the warm-up said nothing of its failed game")
    assert "Traceback" not in capsys.readouterr().err
