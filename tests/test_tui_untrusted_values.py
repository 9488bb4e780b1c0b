"""The app shows values from the progress store and from the environment (a path, a
pack or category id another program stored, an error's text) through
`game.text.printable`, like the command line does (issue 9): none of them reaches the
terminal as a control sequence."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Entry, FakeClock, demo_pack
from loading import stats_loaded
from terminal import PAYLOAD, Terminal, claimsort, reached, terminal_env
from textual.widgets import Static
from ui import screen_text, wait_until

from game.pack import Pack
from game.progress import FILE_NAME, ProgressStore
from game.text import printable
from tui.app import ERROR_LIMIT, ClaimSortApp, short_error
from tui.screens.home import HomeScreen

NOW = datetime(2025, 4, 17, 9, 30, tzinfo=UTC)
SHOWN = printable(PAYLOAD)


def summit() -> Pack:
    return dataclasses.replace(demo_pack(), digest="summit-digest")


def app_on(store: ProgressStore, entries: list[Entry] | None = None, **kw: object) -> ClaimSortApp:
    if entries is None:
        entries = [Entry(Path("packs/summit.toml"), "command line", summit())]
    return ClaimSortApp(
        entries,
        clock=FakeClock(),
        now=lambda: NOW,
        store=store,
        player="ana",
        **kw,  # type: ignore[arg-type]
    )


def static_text(app: ClaimSortApp, selector: str) -> str:
    return "\n".join(str(w.content) for w in app.screen.query(selector).results(Static))


def damaged_store(folder: Path) -> ProgressStore:
    """A store opened on a damaged file in `folder`: its warning names the folder."""
    folder.mkdir(parents=True)
    (folder / FILE_NAME).write_bytes(b"not a database, not at all" * 100)
    store = ProgressStore.open(folder / FILE_NAME)
    assert store.warning is not None and PAYLOAD in store.warning
    return store


async def test_the_home_screen_shows_a_warning_naming_the_data_folder_escaped(
    tmp_path: Path,
) -> None:
    store = damaged_store(tmp_path / f"home{PAYLOAD}")
    app = app_on(store)
    async with app.run_test(size=(120, 24)):
        assert isinstance(app.screen, HomeScreen)
        warning = static_text(app, "#home-warning")
        assert "\x1b" not in warning and SHOWN in warning
        assert "\x1b" not in screen_text(app)
    store.close()


async def test_a_round_started_straight_away_tells_the_warning_escaped(
    tmp_path: Path, notifications: list[str]
) -> None:
    store = damaged_store(tmp_path / f"home{PAYLOAD}")
    app = app_on(store, start=summit())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: notifications, "the warning")
        (told,) = notifications
        assert told.startswith("The progress file was damaged")
        assert "\x1b" not in told and SHOWN in told
    store.close()


async def test_no_packs_names_the_pack_folder_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / f"home{PAYLOAD}"))
    app = app_on(ProgressStore.in_memory(), entries=[])
    async with app.run_test(size=(120, 24)):
        text = static_text(app, "#no-packs")
        assert text.startswith("No packs found.")
        assert "\x1b" not in text and SHOWN in text


async def test_a_pack_that_failed_to_load_shows_its_error_escaped() -> None:
    error = f"packs/x{PAYLOAD}.toml:1:1: error: missing format"
    entries = [Entry(Path(f"packs/x{PAYLOAD}.toml"), "your packs", None, error)]
    app = app_on(ProgressStore.in_memory(), entries=entries)
    async with app.run_test(size=(120, 30)):
        # The list shows the error's start; the details under it the whole of it.
        assert "packs/x\\x1b]52;" in screen_text(app)
        assert static_text(app, "#pack-details").startswith(printable(error))
        assert "\x1b" not in screen_text(app)


async def test_the_stats_screen_shows_stored_ids_escaped() -> None:
    conn = sqlite3.connect(":memory:", check_same_thread=False)  # workers read
    store = ProgressStore.from_connection(conn)
    session = store.start_session("ana", summit(), at=NOW)
    # Answers another program wrote: a pack that is not loaded and a chosen category
    # that no pack has, both ids carrying the payload.
    for pack_id, chosen in (("gone" + PAYLOAD, "fact"), ("summit", "rumour" + PAYLOAD)):
        conn.execute(
            "INSERT INTO answers (session_id, player, pack_id, pack_hash, claim_id, chosen, "
            "correct, hinted, seconds, answered_at) VALUES (?, 'ana', ?, 'd', "
            "'met-at-palace', ?, 'fact', 0, 2.0, '2025-04-17T09:00:00.000000+00:00')",
            (session.id, pack_id, chosen),
        )
    app = app_on(store)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("s")
        await stats_loaded(pilot)
        packs = static_text(app, "#stats-packs")
        categories = static_text(app, "#stats-categories")
        assert any(line.startswith("gone\\x1b]52;") for line in packs.splitlines())
        assert any(line.startswith("rumour\\x1b]52;") for line in categories.splitlines())
        assert "\x1b" not in screen_text(app)


def test_an_error_is_told_in_one_short_line_escaped() -> None:
    told = short_error(ValueError(f"bad value {PAYLOAD}" * 20))
    assert told.startswith("ValueError: bad value \\x1b]52;") and told.endswith("…")
    assert len(told) <= ERROR_LIMIT
    assert "\x1b" not in told


@pytest.mark.expected_app_error
async def test_an_unexpected_error_is_told_escaped(notifications: list[str]) -> None:
    app = app_on(ProgressStore.in_memory())
    async with app.run_test(size=(80, 24)) as pilot:
        app.report_error(ValueError(f"bad value {PAYLOAD}"))
        await wait_until(pilot, lambda: notifications, "the notice of the error")
        (told,) = notifications
        assert told.startswith("Something went wrong: ValueError: bad value \\x1b]52;")
        assert "\x1b" not in told


def test_the_home_screen_in_a_real_terminal_never_passes_the_data_folder_on(
    tmp_path: Path,
) -> None:
    home = tmp_path / f"home{PAYLOAD}"
    home.mkdir()
    (home / FILE_NAME).write_bytes(b"not a database, not at all" * 100)
    terminal = Terminal(claimsort(), terminal_env(home))
    terminal.wait_for(b"damaged")
    terminal.press("q")
    assert terminal.finish() == 0
    assert b"damaged" in terminal.output
    assert not reached(terminal.output)
