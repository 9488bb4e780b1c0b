"""Stored moments at the ends of Python's dates (9999-12-31, 0001-01-01) are rows no
ClaimSort wrote: `stats`, `play --review` and the app's stats leave them out with the
usual one-line warning and carry on, instead of stopping on an OverflowError."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import Entry, FakeClock, demo_pack
from loading import home_counted, stats_loaded
from textual.widgets import Static
from ui import on_screen

from game.progress import ProgressStore
from game.review import BOX_WAIT, due_count, review_queue
from game.stats import compute_stats
from tui.app import ClaimSortApp
from tui.screens.home import HomeScreen
from tui.screens.round import RoundScreen
from tui.screens.stats import StatsScreen

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2025, 4, 17, 9, 30, tzinfo=UTC)
LAST = "9999-12-31T23:59:59.999999+00:00"
"""The last moment Python has: a review wait added to it overflows."""
FIRST = "0001-01-01T00:00:00.000000+00:00"
"""The first moment Python has: west of Greenwich its local time is before it."""
BUILT_IN = ("bukele-white-house", "bukele-offered-help", "fact")
"""A built-in pack, one of its claims and that claim's right answer."""


def insert_answers(path: Path, pack_id: str, claim_id: str, correct: str, *moments: str) -> None:
    """Answers written by another program: a miss at the first moment, then right answers."""
    ProgressStore.open(path).close()  # a real progress file, with its schema
    conn = sqlite3.connect(path)
    with conn:
        (session,) = conn.execute(
            "INSERT INTO sessions (player, pack_id, pack_hash, mode, started_at) "
            "VALUES ('ana', ?, 'h', 'play', ?) RETURNING id",
            (pack_id, moments[0]),
        ).fetchone()
        for n, at in enumerate(moments):
            conn.execute(
                "INSERT INTO answers (session_id, player, pack_id, pack_hash, claim_id, chosen, "
                "correct, hinted, seconds, answered_at) "
                "VALUES (?, 'ana', ?, 'h', ?, ?, ?, 0, 2.5, ?)",
                (session, pack_id, claim_id, "other" if n == 0 else correct, correct, at),
            )
    conn.close()


def claimsort(home: Path, *args: str, tz: str = "UTC") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CLAIMSORT_HOME=str(home), TZ=tz)
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_margin_covers_every_review_wait() -> None:
    # A stored moment is read only if the longest review wait still fits after it.
    from game.progress.rows import LATEST_MOMENT

    assert LATEST_MOMENT + max(BOX_WAIT.values()) + timedelta(days=2) <= datetime.max.replace(
        tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("moments", "tz"),
    [
        (("9999-12-30T00:00:00.000000+00:00", LAST), "UTC"),  # a wait added overflows
        ((LAST,), "Asia/Tokyo"),  # its local time overflows east of Greenwich
        ((FIRST,), "America/New_York"),  # and this one west of it
        (("0001-01-01T00:00:00.000000+05:00",), "UTC"),  # before the first moment in UTC
    ],
)
def test_stats_leaves_out_answers_at_the_ends_of_time(
    tmp_path: Path, moments: tuple[str, ...], tz: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    pack_id, claim_id, answer = BUILT_IN
    insert_answers(home / "progress.db", pack_id, claim_id, answer, *moments)
    result = claimsort(home, "stats", "--player", "ana", tz=tz)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    errors = result.stderr.splitlines()
    assert errors[0].startswith("claimsort stats: ")
    assert "could not be read and" in errors[0] and "outside the years 2 to 9998" in errors[0]
    assert "No answers recorded yet for ana." in result.stdout


def test_play_review_leaves_them_out_and_says_what_is_due(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    pack_id, claim_id, answer = BUILT_IN
    insert_answers(
        home / "progress.db", pack_id, claim_id, answer, "9999-12-30T00:00:00+00:00", LAST
    )
    result = claimsort(home, "play", "--review", "--player", "ana")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    [warning] = result.stderr.splitlines()
    assert warning.startswith("claimsort play: 2 saved answers could not be read and are left out")
    assert result.stdout == "Nothing is due for review for ana.\n"


def test_review_and_stats_keep_the_answers_that_can_be_read(tmp_path: Path) -> None:
    pack = demo_pack()
    path = tmp_path / "progress.db"
    insert_answers(path, "summit", "met-at-palace", "fact", "9999-12-30T00:00:00+00:00", LAST)
    insert_answers(path, "summit", "old-law", "fact", "2025-04-16T09:00:00+00:00")
    with ProgressStore.open(path) as store:
        assert due_count(store, [pack], "ana", NOW) == 1
        assert store.warning is not None and "answer 1: answered_at is" in store.warning
        assert [item.claim.id for item in review_queue(store, [pack], "ana", NOW)] == ["old-law"]
        stats = compute_stats(store, "ana", [pack], now=NOW)
        assert stats.total.answered == 1 and stats.due_now == 1


def _static_text(app: ClaimSortApp, selector: str) -> str:
    return "\n".join(str(w.content) for w in app.screen.query(selector).results(Static))


async def test_the_stats_key_on_home_shows_the_warning_and_the_game_goes_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    pack = dataclasses.replace(demo_pack(), digest="h")
    insert_answers(path, "summit", "met-at-palace", "fact", "9999-12-30T00:00:00+00:00", LAST)
    insert_answers(path, "summit", "old-law", "fact", FIRST)
    insert_answers(path, "summit", "deal-rushed", "disputed", "2025-04-16T09:00:00+00:00")
    store = ProgressStore.open(path)
    entries = [Entry(Path("packs/summit.toml"), "command line", pack)]
    app = ClaimSortApp(entries, clock=FakeClock(), now=lambda: NOW, store=store, player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await home_counted(pilot)  # read in a worker, which says what it left out
        warning = _static_text(app, "#home-warning")
        assert warning.startswith("3 saved answers could not be read and are left out")
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        assert app.is_running
        text = _static_text(app, "Static")
        assert "1 answer · 0 right (0%)" in text
        await pilot.press("escape")
        await on_screen(pilot, HomeScreen)
        await pilot.press("enter")  # and a round still starts
        await on_screen(pilot, RoundScreen)
    store.close()
