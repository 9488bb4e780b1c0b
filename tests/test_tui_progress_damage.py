"""The app on a progress file whose rows or tables are not what ClaimSort wrote: the
player is told in one line and keeps playing; the stats screen shows what can be read."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Entry, FakeClock, demo_pack
from loading import home_counted, stats_loaded
from progress_files import write_unreadable, write_without_tables
from textual.widgets import Static
from ui import on_screen, shows

from game.progress import ProgressStore
from tui.app import ClaimSortApp
from tui.screens.home import HomeScreen
from tui.screens.round import RoundScreen
from tui.screens.stats import StatsScreen
from tui.screens.summary import SummaryScreen

NOW = datetime(2025, 4, 17, 9, 30, tzinfo=UTC)


def summit():
    return dataclasses.replace(demo_pack(), digest="summit-digest")


def home_app(store: ProgressStore) -> ClaimSortApp:
    pack = summit()
    entries = [Entry(Path("packs/summit.toml"), "command line", pack)]
    return ClaimSortApp(entries, clock=FakeClock(), now=lambda: NOW, store=store, player="ana")


def static_text(app: ClaimSortApp, selector: str) -> str:
    return "\n".join(str(w.content) for w in app.screen.query(selector).results(Static))


async def _play_all_fact(path: Path) -> None:
    """ana answers every claim of the summit with "fact" (2 right, 3 missed)."""
    store = ProgressStore.open(path)
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        for _ in range(5):
            await pilot.press("1", "enter")
        await on_screen(pilot, SummaryScreen)
    store.close()


async def test_a_bad_stored_answer_is_left_out_in_one_line_and_stats_still_open(
    tmp_path: Path, notifications: list[str]
) -> None:
    path = tmp_path / "progress.db"
    await _play_all_fact(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE answers SET seconds = 'abc' WHERE claim_id = 'deal-rushed'")
    conn.commit()
    conn.close()

    store = ProgressStore.open(path)
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_counted(pilot)  # read in a worker, which says what it left out
        warning = static_text(app, "#home-warning")
        assert warning.startswith("1 saved answer could not be read and is left out")
        assert "seconds is 'abc'" in warning
        await shows(pilot, "Review: 2 due")  # the two other misses
        assert not any("Something went wrong" in n for n in notifications)
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        assert app.is_running
        text = static_text(app, "Static")
        assert "4 answers · 2 right (50%)" in text
        await pilot.press("escape")
        await on_screen(pilot, HomeScreen)
    store.close()


async def test_a_store_that_cannot_be_read_is_said_and_the_app_keeps_going(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    write_unreadable(path)
    store = ProgressStore.open(path)
    assert store.warning is None
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_counted(pilot)  # read in a worker, which says it could not
        warning = static_text(app, "#home-warning")
        assert warning.startswith("Progress could not be read:")
        assert "no such collation sequence" in warning
        await shows(pilot, "Review: nothing due")
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        assert app.is_running
        assert "Progress could not be read:" in static_text(app, "#stats-empty")
        await pilot.press("escape")
        await on_screen(pilot, HomeScreen)
        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        await pilot.press("1")  # and the game still plays
        await shows(pilot, "✓ Right")
    store.close()


async def test_a_file_claiming_the_schema_without_its_tables_is_set_aside_and_play_goes_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    write_without_tables(path)
    store = ProgressStore.open(path)
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        warning = static_text(app, "#home-warning")
        assert warning.startswith("The progress file was damaged (the table answers is missing)")
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        await shows(pilot, "No answers recorded yet for ana.")
        await pilot.press("escape")
        await on_screen(pilot, HomeScreen)
        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        await pilot.press("2")
        await shows(pilot, "✗ Not quite")
    assert [r.claim_id for r in store.answers()] == ["met-at-palace"]
    store.close()


async def test_a_category_never_the_right_answer_still_shows_how_often_it_was_picked() -> None:
    conn = sqlite3.connect(":memory:", check_same_thread=False)  # workers read
    store = ProgressStore.from_connection(conn)
    session = store.start_session("ana", summit(), at=NOW)
    # An answer naming a category that is no claim's right answer (labelled by its id).
    conn.execute(
        "INSERT INTO answers (session_id, player, pack_id, pack_hash, claim_id, chosen, "
        "correct, hinted, seconds, answered_at) VALUES (?, 'ana', 'summit', 'd', "
        "'met-at-palace', 'rumour', 'fact', 0, 2.0, '2025-04-17T09:00:00.000000+00:00')",
        (session.id,),
    )
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        lines = static_text(app, "#stats-categories").splitlines()
        [rumour] = [line for line in lines if line.startswith("rumour")]
        assert "never the right answer" in rumour
        assert rumour.rstrip().endswith("you picked it 1 time, wrongly")


def test_play_review_on_a_store_that_cannot_be_read_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    home = tmp_path / "home"
    home.mkdir()
    write_unreadable(home / "progress.db")
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    monkeypatch.setattr(ClaimSortApp, "run", lambda self: pytest.fail("the app must not open"))
    assert main(["play", "--review", "--player", "ana"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("claimsort play: progress could not be read:")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
