"""The game while another program holds the progress file's lock: every verdict shows at
once, every answer reaches the file once it is free, and the quit dialog says what is not
saved yet. The other program is a real second process (tests/locks.py)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from conftest import FakeClock, demo_pack
from locks import HeldLock, answers_on_disk, sessions_on_disk, write_locked
from textual.widgets import Button, Static
from ui import screen_text, wait_until

from game.progress import BUSY_TIMEOUT_MS, ProgressStore
from game.progress.outbox import unsaved_files
from tui.app import ClaimSortApp
from tui.screens.quit import QuitScreen
from tui.widgets.keybar import KeyBar


def summit() -> object:
    return dataclasses.replace(demo_pack(), digest="summit-digest")


async def test_verdicts_show_while_the_file_is_locked_and_every_answer_is_saved_after(
    tmp_path: Path, notifications: list[str]
) -> None:
    path = tmp_path / "progress.db"
    store = ProgressStore.open(path)
    app = ClaimSortApp([], start=summit(), clock=FakeClock(), store=store, player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        with HeldLock(path) as lock:
            verdicts = []
            for key in ("1", "2", "3"):  # right, right, right
                began = time.monotonic()
                await pilot.press(key)
                took = time.monotonic() - began
                text = screen_text(app)
                # On screen while the other program still holds the lock, and long before
                # a write would have given up waiting for it (the game used to freeze
                # for BUSY_TIMEOUT_MS at every answer).
                assert write_locked(path) and lock.held
                assert took < BUSY_TIMEOUT_MS / 1000 / 2
                verdicts.append("✓ Right" in text)
                await pilot.press("enter")
            assert verdicts == [True, True, True]
            assert "4 of 5" in screen_text(app)
            assert answers_on_disk(path) == []
            assert store.pending_answers == 3
            (message,) = notifications
            assert message.startswith("Progress is not saved yet")

            await pilot.press("q")
            assert isinstance(app.screen, QuitScreen)
            assert "3 answers are not saved yet" in screen_text(app)
            await pilot.press("n")
        # The lock is gone: the answers reach the file without another key press.
        await wait_until(pilot, lambda: len(answers_on_disk(path)) == 3, "the 3 answers on disk")
        ((session_id, player, mode),) = sessions_on_disk(path)
        assert (player, mode) == ("ana", "play")
        assert answers_on_disk(path) == [
            (session_id, "met-at-palace", "fact"),
            (session_id, "safest-country", "assertion"),
            (session_id, "prison-conditions", "disputed"),
        ]
        await wait_until(pilot, lambda: len(notifications) == 2, "the all-saved line")
        assert notifications[1] == "Every answer is saved now."
        assert store.warning is None and store.pending == 0
        await pilot.press("q")
        assert "not saved yet" not in screen_text(app)
    store.close()


async def test_the_quit_dialog_says_nothing_of_saving_when_all_is_saved(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "progress.db")
    app = ClaimSortApp([], start=summit(), clock=FakeClock(), store=store, player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "enter", "q")
        assert isinstance(app.screen, QuitScreen)
        assert "You have answered 1 of 5 claims." in screen_text(app)
        assert "saved" not in screen_text(app)
    assert len(answers_on_disk(tmp_path / "progress.db")) == 1
    store.close()


async def test_a_file_locked_at_start_is_said_in_one_line_and_gets_the_answers_later(
    tmp_path: Path, notifications: list[str]
) -> None:
    path = tmp_path / "progress.db"
    ProgressStore.open(path).close()
    with HeldLock(path, readers=True) as lock:
        store = ProgressStore.open(path)  # gives up in seconds
        assert store.awaiting == path
        app = ClaimSortApp([], start=summit(), clock=FakeClock(), store=store, player="ana")
        async with app.run_test(size=(80, 24)) as pilot:
            (message,) = notifications
            assert message.startswith("Another program has locked the progress file")
            await pilot.press("1")
            assert "✓ Right" in screen_text(app) and lock.held
            await pilot.press("enter", "f")
            assert "✗ Not quite" in screen_text(app)
            lock.release()
            # Opened again in the background, without a key press.
            await wait_until(
                pilot, lambda: len(answers_on_disk(path)) == 2, "the 2 answers on disk"
            )
            assert [row[1:] for row in answers_on_disk(path)] == [
                ("met-at-palace", "fact"),
                ("safest-country", "fact"),
            ]
            assert store.awaiting is None and store.persistent
            await wait_until(pilot, lambda: store.warning is None, "the warning to go")
    store.close()


@pytest.mark.parametrize("size", [(80, 24), (40, 12)])
async def test_the_quit_dialog_fits_with_answers_waiting(tmp_path: Path, size) -> None:
    path = tmp_path / "progress.db"
    store = ProgressStore.open(path)
    app = ClaimSortApp([], start=summit(), clock=FakeClock(), store=store, player="ana")
    async with app.run_test(size=size) as pilot:
        with HeldLock(path):
            await pilot.press("1", "enter", "q")
            text = " ".join(screen_text(app).split())
            assert "1 answer is not saved yet" in text
            # Every button still shows whole, above the key bar, the dialog unscrolled.
            keybar = app.screen.query_one(KeyBar).region
            for button in app.screen.query(Button):
                assert button.region.height > 0 and button.region.bottom <= keybar.y
            assert app.screen.query_one("#quit-question").region.height == 1
            await pilot.press("n")
    store.close()
    assert unsaved_files(path) == []


# -- the end of `claimsort play` ---------------------------------------------------------

PACK_FILE = """\
format = 1

[pack]
id = "tiny"
title = "Tiny pack"
language = "en"

[[sources]]
id = "s"
title = "A headline"
publisher = "A paper"
text = "The mayor opened the bridge on Friday. The mayor said it was the best bridge."

[[claims]]
id = "bridge"
text = "The mayor opened the bridge."
answer = "fact"
quote = "The mayor opened the bridge"
said_by = "The paper"
explanation = "Reported in the paper's own voice."

[[claims]]
id = "best"
text = "It is the best bridge."
answer = "assertion"
quote = "the best bridge"
said_by = "The mayor"
explanation = "The mayor said it."
"""


def test_play_quit_while_locked_keeps_the_answers_and_the_next_start_saves_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    from cli.main import main

    home = tmp_path / "home"
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    pack = tmp_path / "tiny.toml"
    pack.write_text(PACK_FILE, encoding="utf-8")
    path = home / "progress.db"
    home.mkdir()
    ProgressStore.open(path).close()
    seen: list[str] = []

    async def play(app: ClaimSortApp) -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1", "enter", "2", "q")
            seen.append(str(app.screen.query_one("#quit-unsaved", Static).content))
            await pilot.press("y")

    monkeypatch.setattr(ClaimSortApp, "run", lambda self, *a, **k: asyncio.run(play(self)))
    monkeypatch.setattr("cli.play.has_terminal", lambda: True)  # as if run in one
    with HeldLock(path):
        assert main(["play", str(pack), "--player", "ana", "--no-confidence"]) == 0
        assert answers_on_disk(path) == []
    assert seen == ["2 answers are not saved yet. If you quit, they are kept for the next start."]
    err = capsys.readouterr().err
    (kept,) = unsaved_files(path)
    assert err == (
        f"claimsort play: 2 answers could not be saved to {path} (database is locked); "
        f"they are kept in {kept} and saved the next time ClaimSort opens the progress "
        "file.\n"
    )

    # The next start writes them, and says nothing.
    monkeypatch.setattr(ClaimSortApp, "run", lambda self, *a, **k: None)
    assert main(["play", str(pack), "--player", "ana", "--no-confidence"]) == 0
    assert capsys.readouterr().err == ""
    assert [row[1:] for row in answers_on_disk(path)] == [
        ("bridge", "fact"),
        ("best", "assertion"),
    ]
    assert unsaved_files(path) == []


def test_play_says_when_answers_could_not_even_be_kept_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio
    import errno

    from cli.main import main
    from game.progress import store as store_module

    home = tmp_path / "home"
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    pack = tmp_path / "tiny.toml"
    pack.write_text(PACK_FILE, encoding="utf-8")
    path = home / "progress.db"
    home.mkdir()
    ProgressStore.open(path).close()

    def disk_full(target: Path, data: str, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    # The folder takes no new file either: the answers have nowhere to go.
    monkeypatch.setattr(store_module, "write_atomically", disk_full)

    async def play(app: ClaimSortApp) -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("1", "q", "y")

    monkeypatch.setattr(ClaimSortApp, "run", lambda self, *a, **k: asyncio.run(play(self)))
    monkeypatch.setattr("cli.play.has_terminal", lambda: True)  # as if run in one
    with HeldLock(path):
        assert main(["play", str(pack), "--player", "ana", "--no-confidence"]) == 1
    assert capsys.readouterr().err == (
        "claimsort play: 1 answer could not be saved (database is locked; No space left on "
        "device) and is lost.\n"
    )
    assert unsaved_files(path) == [] and answers_on_disk(path) == []
