"""Progress in the app: answers recorded as they are given, players, review rounds, the
stats screen, and what the player sees when the progress file is damaged or cannot be
written."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FakeClock, demo_pack, hostile_pack
from loading import stats_loaded
from textual.widgets import Input, OptionList, Static
from ui import click, on_screen, screen_text, shows, wait_until

from game import review
from game.progress import ProgressStore
from game.round import Answer
from tui.app import ClaimSortApp
from tui.screens.home import HomeScreen
from tui.screens.player import PlayerScreen
from tui.screens.round import RoundScreen
from tui.screens.stats import StatsScreen
from tui.screens.summary import SummaryScreen

NOW = datetime(2025, 4, 17, 9, 30, tzinfo=UTC)


def summit() -> object:
    return dataclasses.replace(demo_pack(), digest="summit-digest")


def static_text(app: ClaimSortApp, selector: str) -> str:
    return "\n".join(str(w.content) for w in app.screen.query(selector).results(Static))


async def play_keys(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)


# -- recording -------------------------------------------------------------------


async def test_each_answer_is_recorded_as_it_is_given(notifications) -> None:
    pack = summit()
    store = ProgressStore.in_memory()
    app = ClaimSortApp(
        [], start=pack, clock=FakeClock(), now=lambda: NOW, store=store, player="ana"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")  # met-at-palace: fact, right
        (first,) = store.answers()
        assert (first.player, first.pack_id, first.pack_hash) == ("ana", "summit", "summit-digest")
        assert (first.claim_id, first.chosen, first.correct) == ("met-at-palace", "fact", "fact")
        assert first.hinted is False
        assert first.seconds == 1.0  # the fake clock: shown at 2, answered at 3
        assert first.answered_at == NOW
        await pilot.press("enter", "f", "enter", "h", "d")  # wrong, then hinted right
        records = store.answers()
        assert [(r.claim_id, r.chosen, r.correct, r.hinted) for r in records] == [
            ("met-at-palace", "fact", "fact", False),
            ("safest-country", "fact", "assertion", False),
            ("prison-conditions", "disputed", "disputed", True),
        ]
        (session,) = store.sessions()
        assert (session.player, session.pack_id, session.pack_hash, session.mode) == (
            "ana",
            "summit",
            "summit-digest",
            "play",
        )
        assert {r.session_id for r in records} == {session.id}
        assert store.warning is None
        assert not notifications


async def test_a_round_left_before_any_answer_leaves_no_session() -> None:
    store = ProgressStore.in_memory()
    app = ClaimSortApp([], start=summit(), now=lambda: NOW, store=store, player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q", "y")
    assert store.sessions() == [] and store.answers() == []
    assert store.players() == []


# -- play, quit, come back, review ---------------------------------------------------


def home_app(store: ProgressStore, packs=None, **kwargs) -> ClaimSortApp:
    from conftest import Entry

    packs = packs or [summit()]
    entries = [Entry(Path(f"packs/{p.id}.toml"), "command line", p) for p in packs]
    return ClaimSortApp(entries, clock=FakeClock(), store=store, player="ana", **kwargs)


async def test_missed_claims_come_back_for_review_after_a_restart(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path))
    # Waits of our own: the summary must say the schedule the review applies.
    waits = {1: timedelta(0), 2: timedelta(days=2), 3: timedelta(days=4), 4: timedelta(days=8)}
    monkeypatch.setattr(review, "BOX_WAIT", waits)
    store = ProgressStore.open()
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(pilot, "Review: nothing due")
        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        # right, wrong (safest-country), right, wrong (old-law), then leave the round
        await play_keys(pilot, "1", "enter", "1", "enter", "3", "enter", "2", "enter", "q", "y")
    assert app.return_code == 0
    store.close()
    assert (tmp_path / "progress.db").is_file()

    store = ProgressStore.open()
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await shows(pilot, "Review: 2 due")
        await pilot.press("v")
        screen = await on_screen(pilot, RoundScreen)
        assert [c.id for c in screen.round.claims] == ["safest-country", "old-law"]
        await shows(pilot, "ClaimSort · Review · The summit", "1 of 2")
        await play_keys(pilot, "2", "enter", "1", "enter")
        await on_screen(pilot, SummaryScreen)
        await shows(pilot, "Review over · The summit")
        note = static_text(app, "#review-note")
        assert "Each one you got right comes back later (after 2, 4, then 8 days)" in note
        await pilot.press("b")
        await on_screen(pilot, HomeScreen)
        await shows(pilot, "Review: nothing due")  # counted again on coming back
    modes = [s.mode for s in store.sessions()]
    assert modes == ["play", "review"]
    store.close()


async def test_review_plays_one_round_per_pack_in_turn() -> None:
    store = ProgressStore.in_memory()
    packs = [summit(), hostile_pack()]
    app = home_app(store, packs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        await play_keys(pilot, "2", "enter", "q", "b")  # summit: met-at-palace missed
        await on_screen(pilot, HomeScreen)
        await pilot.press("down", "enter")
        await on_screen(pilot, RoundScreen)
        await play_keys(pilot, "o", "enter")  # hostile: its only claim missed
        await on_screen(pilot, SummaryScreen)
        await pilot.press("b")
        await on_screen(pilot, HomeScreen)
        await shows(pilot, "Review: 2 due")

        await click(pilot, "#review")  # the button works like v
        screen = await on_screen(pilot, RoundScreen)
        assert [c.id for c in screen.round.claims] == ["met-at-palace"]
        await play_keys(pilot, "1", "enter")
        await on_screen(pilot, SummaryScreen)
        await shows(pilot, "n  Next review: Hostile")
        await pilot.press("n")
        assert (await on_screen(pilot, RoundScreen)).round.pack.id == "hostile"
        await play_keys(pilot, "f", "enter")
        await on_screen(pilot, SummaryScreen)
        assert not app.screen.query("#next-review")  # nothing left
        await pilot.press("n")
        assert isinstance(app.screen, SummaryScreen)


async def test_review_with_nothing_due_says_so(notifications) -> None:
    app = home_app(ProgressStore.in_memory())
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(pilot, "Review: nothing due")
        assert not app.screen.query_one("#review").display  # no button for nothing
        assert "Review now" not in screen_text(app)
        await pilot.press("v")
        await wait_until(pilot, lambda: notifications, "a notice")
        assert isinstance(app.screen, HomeScreen)
        assert "Nothing is due for review." in notifications


# -- players -------------------------------------------------------------------------


async def test_player_picker_lists_players_and_checks_new_names() -> None:
    store = ProgressStore.in_memory()
    pack = summit()
    for minutes, name in enumerate(("ben", "cleo")):
        store.start_session(name, pack, at=NOW + timedelta(minutes=minutes))
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(pilot, "Player: ana  (p to change)")
        await pilot.press("p")
        await on_screen(pilot, PlayerScreen)
        options = app.screen.query_one("#players", OptionList)
        names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert names == ["ana  (now)", "cleo", "ben"]

        app.screen.query_one("#new-player", Input).focus()
        await pilot.press("=", "x", "enter")
        assert isinstance(app.screen, PlayerScreen)
        assert "a player name cannot start with = + - or @" in static_text(app, "#player-error")
        app.screen.query_one("#new-player", Input).value = "  dana "
        await pilot.press("enter")
        await on_screen(pilot, HomeScreen)
        assert app.player == "dana"
        await shows(pilot, "Player: dana")

        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        await pilot.press("2")  # dana's answer is recorded as hers
        assert [r.player for r in store.answers()] == ["dana"]
        await pilot.press("enter", "q", "b")
        await on_screen(pilot, HomeScreen)
        await pilot.press("p")
        await on_screen(pilot, PlayerScreen)
        options = app.screen.query_one("#players", OptionList)
        names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert names == ["dana  (now)", "cleo", "ben"]
        await pilot.press("up", "up", "enter")  # up from the box: ben, then cleo
        await on_screen(pilot, HomeScreen)
        assert app.player == "cleo"
        await shows(pilot, "Player: cleo")
        await pilot.press("p", "escape")
        assert app.player == "cleo"


async def test_player_names_show_literally() -> None:
    store = ProgressStore.in_memory()
    store.start_session("[b]x[/b] [@click=app.quit]", summit(), at=NOW)
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await on_screen(pilot, PlayerScreen)
        await shows(pilot, "[b]x[/b] [@click=app.quit]")
        await pilot.press("up", "enter")
        await on_screen(pilot, HomeScreen)
        await shows(pilot, "Player: [b]x[/b] [@click=app.quit]")
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        await shows(pilot, "Progress · [b]x[/b] [@click=app.quit]")
        assert app.is_running


async def test_stored_names_the_game_would_refuse_are_not_offered(notifications) -> None:
    # Written into the file by another program: a terminal escape and a formula.
    conn = sqlite3.connect(":memory:", check_same_thread=False)  # workers read
    store = ProgressStore.from_connection(conn)
    store.start_session("ana", summit(), at=NOW)
    for name in ("ev\x1b]0;PWNED\x07il", "=cmd"):
        conn.execute(
            "INSERT INTO sessions (player, pack_id, pack_hash, mode, started_at) "
            "VALUES (?, 'summit', 'h', 'play', '2025-04-17T09:00:00Z')",
            (name,),
        )
    assert store.players() == ["ana"]
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        picker = await on_screen(pilot, PlayerScreen)
        text = await shows(pilot, "ana  (now)")
        assert "PWNED" not in text and "=cmd" not in text
        await picker.dismiss("=cmd")  # even if a refused name reached the pack list
        await wait_until(pilot, lambda: notifications, "a notice")
        assert any("cannot start with" in n for n in notifications)
        assert app.is_running and app.player == "ana"
        assert isinstance(app.screen, HomeScreen)


# -- stats ---------------------------------------------------------------------------


async def test_stats_screen_from_home_and_from_the_summary() -> None:
    store = ProgressStore.in_memory()
    app = home_app(store, now=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        await shows(pilot, "No answers recorded yet for ana.")
        await pilot.press("escape")
        await on_screen(pilot, HomeScreen)
        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        # fact for everything: 2 right of 5, two disputed claims taken for facts
        await play_keys(pilot, *["1", "enter"] * 5)
        await on_screen(pilot, SummaryScreen)
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        text = static_text(app, "Static")
        assert "5 answers · 2 right (40%) · 0 after a hint" in text
        assert "Verified fact       ████████████  2/2  100%\n" in text
        assert "\n                    you picked it 5 times, 3 of them wrongly\n" in text
        assert "The summit  █████░░░░░░░  2/5   40%  1 session" in text
        assert "You took 2 disputed claims for verified facts: look for words like" in text
        assert "Review: 3 due now, 0 waiting" in text
        items = [
            content.plain
            for item in app.screen.query(".review-item").results(Static)
            for content, _first, _rest in getattr(item.content, "paragraphs", ())
        ]
        assert any(line.endswith("The deal was rushed.") for line in items)
        await pilot.press("escape")
        await on_screen(pilot, SummaryScreen)
        await pilot.press("b")
        await on_screen(pilot, HomeScreen)
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        await pilot.press("v")  # review from the stats screen
        review = await on_screen(pilot, RoundScreen)
        assert review.review and review.round.total == 3


# -- when progress cannot be kept ----------------------------------------------------


async def test_a_damaged_progress_file_is_said_in_one_line_and_play_goes_on(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path))
    (tmp_path / "progress.db").write_bytes(b"this is not a database" * 200)
    store = ProgressStore.open()
    app = home_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        warning = static_text(app, "#home-warning")
        assert warning.startswith("The progress file was damaged")
        assert "moved to" in warning and "a new one started" in warning
        assert app.screen.query_one("#home-warning").display
        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        await pilot.press("2")
        await shows(pilot, "✗ Not quite")
    assert [r.claim_id for r in store.answers()] == ["met-at-palace"]
    assert store.persistent
    assert list(tmp_path.glob("progress.db.corrupt-*"))
    store.close()


async def test_an_unwritable_data_folder_warns_that_progress_will_not_be_saved(
    tmp_path, monkeypatch, notifications
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("CLAIMSORT_HOME", str(blocker / "claimsort"))
    store = ProgressStore.open()
    assert not store.persistent
    app = ClaimSortApp([], start=summit(), clock=FakeClock(), store=store, player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        # The round opened at once, so the warning comes as a notification.
        (message,) = notifications
        assert message.startswith("Progress will not be saved: cannot write")
        await play_keys(pilot, "1", "enter", "2", "enter")
        assert isinstance(app.screen, RoundScreen)
        await shows(pilot, "3 of 5")
        assert len(notifications) == 1  # said once, not at every answer
    assert len(store.answers()) == 2  # kept in memory for this run


async def test_a_failed_write_is_said_once_and_the_round_goes_on(notifications) -> None:
    conn = sqlite3.connect(":memory:", check_same_thread=False)  # workers read
    store = ProgressStore.from_connection(conn)
    app = ClaimSortApp([], start=summit(), clock=FakeClock(), store=store, player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "enter")
        conn.close()  # the disk goes away mid-round
        await pilot.press("2")
        await shows(pilot, "✓ Right: this is an official assertion.")
        (message,) = notifications
        assert message.startswith("Progress could not be saved:")
        await pilot.press("enter", "3", "enter")
        await shows(pilot, "4 of 5")
        assert len(notifications) == 1


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_home_keeps_room_for_the_pack_list(size) -> None:
    store = ProgressStore.in_memory(warning="Progress will not be saved: cannot write here.")
    app = home_app(store, now=lambda: NOW)
    async with app.run_test(size=size) as pilot:
        await shows(pilot, "Review: nothing due", "Progress will not be saved")
        assert app.screen.query_one("#packs").region.height >= 4  # a whole pack shows
        await pilot.press("s")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        await shows(pilot, "Progress · ana")


async def test_the_first_start_asks_who_is_playing_and_can_be_skipped(entries) -> None:
    app = ClaimSortApp(entries, clock=FakeClock(), player="login", ask_player=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await on_screen(pilot, PlayerScreen)
        text = await shows(pilot, "Who is playing?", "Sharing this computer?")
        assert "Esc Cancel" in text.splitlines()[-1]
        await pilot.press("escape")  # skipped: the login name plays
        await on_screen(pilot, HomeScreen)
        assert app.player == "login"

    again = ClaimSortApp(entries, clock=FakeClock(), player="login", ask_player=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, PlayerScreen)
        await pilot.press(*"bea", "enter")
        await on_screen(pilot, HomeScreen)
        await shows(pilot, "Player: bea")


async def test_no_question_once_someone_has_played(entries) -> None:
    store = ProgressStore.in_memory()
    pack = demo_pack()
    session = store.start_session("ana", pack, at=NOW)
    claim = pack.claims[0]
    store.record(session, pack, Answer(claim, "fact", claim.answer, False, 1.0, NOW))
    app = ClaimSortApp(entries, clock=FakeClock(), store=store, player="login", ask_player=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(pilot, "Review:")
        await wait_until(
            pilot,
            lambda: all(w.is_finished for w in app.workers if w.group == "first-player"),
            "the players read",
        )
        assert not isinstance(app.screen, PlayerScreen)
