"""A served student's game (`claimsort serve`): locked to their name, with no way to
change who plays or see who else has, and its sessions labelled with the class."""

from __future__ import annotations

import pytest
from conftest import FakeClock, demo_pack
from textual.widgets import Static
from ui import on_screen, shows, wait_until

from game.progress import ProgressStore
from tui.app import ClaimSortApp
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.round import RoundScreen


def _locked(entries: list, store: ProgressStore | None = None) -> ClaimSortApp:
    return ClaimSortApp(
        entries, clock=FakeClock(), player="Ana", locked=True, class_name="9B", store=store
    )


async def test_the_pack_list_offers_no_player_change(entries: list) -> None:
    app = _locked(entries)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, HomeScreen)
        text = await shows(pilot, "Player: Ana")
        assert "p to change" not in text
        assert "Player" not in text.split("Player: Ana", 1)[1]  # no "p Player" in the footer
        await pilot.press("p")
        await pilot.press("question_mark")
        help_screen = await on_screen(pilot, HelpScreen)
        keys = [str(w.content) for w in help_screen.query(".help-key").results(Static)]
        assert any("play the selected pack" in key for key in keys)  # the list's keys
        assert not any("change player" in key for key in keys)
        assert app.player == "Ana"


async def test_an_unlocked_game_still_offers_it(entries: list) -> None:
    app = ClaimSortApp(entries, clock=FakeClock(), player="Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, HomeScreen)
        assert "p to change" in await shows(pilot, "Player: Ana")
        await pilot.press("question_mark")
        help_screen = await on_screen(pilot, HelpScreen)
        keys = [str(w.content) for w in help_screen.query(".help-key").results(Static)]
        assert any("change player" in key for key in keys)


def test_the_player_cannot_be_set_in_a_locked_game(entries: list) -> None:
    app = _locked(entries)
    with pytest.raises(ValueError, match="cannot be changed"):
        app.set_player("Ben")
    assert app.player == "Ana"


async def test_its_sessions_carry_the_class_label() -> None:
    store = ProgressStore.in_memory()
    pack = demo_pack()
    app = ClaimSortApp(
        [], start=pack, clock=FakeClock(), player="Ana", locked=True, class_name="9B", store=store
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, RoundScreen)
        await pilot.press("1")
        await shows(pilot, "this is")
        await wait_until(pilot, store.sessions, "the session to be saved")
    assert [(s.player, s.class_name) for s in store.sessions()] == [("Ana", "9B")]
