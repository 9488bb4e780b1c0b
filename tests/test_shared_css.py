"""Stylesheets are parsed once per process (tui/shared_css.py): the class server's
zygote plays one game headless before it forks the students' games, and a forked game
must then start without parsing any CSS again."""

from __future__ import annotations

import pytest
from conftest import FakeClock, demo_pack
from textual.css import parse as parse_module
from textual.css import stylesheet as stylesheet_module
from ui import on_screen, shows, wait_until

from tui.app import ClaimSortApp
from tui.screens.round import RoundScreen
from tui.shared_css import parsed_sources

FIRST_CLAIM = demo_pack().claims[0].text


def _game() -> ClaimSortApp:
    return ClaimSortApp(start=demo_pack(), clock=FakeClock(), player="Ana", locked=True)


async def test_a_second_game_parses_none_of_the_css_the_first_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _game()
    async with first.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, RoundScreen)
        await shows(pilot, FIRST_CLAIM)
    assert parsed_sources() > 0
    parsed: list[object] = []
    real_parse = parse_module.parse  # what the stylesheet module calls, by that name

    def counting_parse(*args: object, **kwargs: object) -> object:
        parsed.append(args[2])  # where the source was read from
        return real_parse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stylesheet_module, "parse", counting_parse)
    second = _game()
    async with second.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, RoundScreen)
        text = await shows(pilot, FIRST_CLAIM)
    assert parsed == []
    assert "Verified fact" in text  # styled and laid out as the first: its buttons show


async def test_a_theme_change_still_restyles_the_game() -> None:
    app = _game()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_screen(pilot, RoundScreen)
        dark = screen.styles.background
        app.theme = "textual-light"
        await wait_until(pilot, lambda: screen.styles.background != dark, "the light theme")
        app.theme = "textual-dark"
        await wait_until(pilot, lambda: screen.styles.background == dark, "the dark theme again")
