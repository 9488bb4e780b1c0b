"""A store that is slow to read never freezes a key: the home screen counts what is due,
and the stats screen adds answers up, in workers (issue 9)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Entry, FakeClock, demo_pack
from loading import home_counted, stats_loaded
from ui import on_screen, screen_text, shows

from game.progress import ProgressStore
from game.round import Round
from tui.app import ClaimSortApp
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen

NOW = datetime(2025, 4, 17, 9, 30, tzinfo=UTC)


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[tuple[ProgressStore, sqlite3.Connection]]:
    """A store with one missed claim, and another program's connection that can lock
    the file against readers (a rollback journal, not WAL: there a writer blocks
    readers, as a slow disk or a network folder would keep them waiting)."""
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path, timeout=60, check_same_thread=False)
    store = ProgressStore.from_connection(conn, path=path, persistent=True)
    pack = demo_pack()
    session = store.start_session("ana", pack, at=NOW)
    store.record(session, pack, Round(pack, now=lambda: NOW).answer("assertion"))
    other = sqlite3.connect(path, isolation_level=None)
    yield store, other
    other.close()
    store.close()


def app_on(store: ProgressStore) -> ClaimSortApp:
    entries = [Entry(Path("packs/summit.toml"), "command line", demo_pack())]
    return ClaimSortApp(entries, clock=FakeClock(), now=lambda: NOW, store=store, player="ana")


async def test_keys_work_while_the_home_screen_waits_for_the_store(
    locked, notifications: list[str]
) -> None:
    store, other = locked
    other.execute("BEGIN EXCLUSIVE")  # readers now wait
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Review: counting…" in screen_text(app)
        await pilot.press("question_mark")
        await on_screen(pilot, HelpScreen)  # the key works while the count waits
        await pilot.press("escape")
        await on_screen(pilot, HomeScreen)
        assert "Review: counting…" in screen_text(app)
        other.execute("COMMIT")
        await home_counted(pilot)
        assert "Review: 1 due" in screen_text(app)
        assert notifications == []


async def test_keys_work_while_the_stats_screen_waits_for_the_store(
    locked, notifications: list[str]
) -> None:
    store, other = locked
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await home_counted(pilot)
        other.execute("BEGIN EXCLUSIVE")
        await pilot.press("s")
        await shows(pilot, "Adding up your answers…")
        await pilot.press("b")  # back, while the stats are still being added up
        await on_screen(pilot, HomeScreen)
        await pilot.press("s")
        other.execute("COMMIT")
        await stats_loaded(pilot)
        assert "1 answer · 0 right (0%)" in screen_text(app)
        # The first screen's stats, come in after it closed, went nowhere.
        assert notifications == []
