"""Review finds every pack the player played: the store remembers where each pack was
played from, and `play --review`, the home screen and `stats` look there (issue 9).

Tried as a new user would: `claimsort play ~/class/council.toml`, three claims missed;
then `claimsort play --review` and `claimsort stats` from another folder, and again
once the pack has moved."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from loading import home_counted, stats_loaded
from ui import on_screen, screen_text, shows, wait_until

from cli.main import main
from game.progress import ProgressStore
from tui.app import ClaimSortApp
from tui.screens.round import RoundScreen

COUNCIL = """\
format = 1

[pack]
id = "council"
title = "The council vote"
language = "en"

[[sources]]
id = "s"
title = "Council votes on the bridge"
publisher = "The Gazette"
text = "The council voted on Tuesday. The mayor said the bridge was safe. The vote was 7 to 2."

{claims}
"""
CLAIM = """\
[[claims]]
id = "{id}"
text = "{quote}."
answer = "fact"
quote = "{quote}"
said_by = "The Gazette"
explanation = "Reported in the paper's own voice."
"""
QUOTES = {
    "voted": "The council voted on Tuesday",
    "said": "The mayor said the bridge was safe",
    "count": "The vote was 7 to 2",
}


def shown(app: ClaimSortApp) -> str:
    """The screen's text with its line breaks and padding as single spaces."""
    return " ".join(screen_text(app).split())


def write_council(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    claims = "\n".join(CLAIM.format(id=key, quote=quote) for key, quote in QUOTES.items())
    path = folder / "council.toml"
    path.write_text(COUNCIL.format(claims=claims), encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "claimsort-home"
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    # Run from a folder of its own, away from the pack: nothing is found by accident.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return home


def run_headless(monkeypatch: pytest.MonkeyPatch, play) -> list[ClaimSortApp]:
    """`App.run` swapped for a headless run of `play(app, pilot)`."""
    apps: list[ClaimSortApp] = []

    def run(self: ClaimSortApp, *args: object, **kwargs: object) -> None:
        apps.append(self)

        async def go() -> None:
            async with self.run_test(size=(100, 30)) as pilot:
                await play(self, pilot)

        asyncio.run(go())

    monkeypatch.setattr(ClaimSortApp, "run", run)
    monkeypatch.setattr("cli.play.has_terminal", lambda: True)  # run_test stands in for one
    return apps


def miss_every_claim(monkeypatch: pytest.MonkeyPatch, pack: Path) -> None:
    async def play(app: ClaimSortApp, pilot) -> None:
        await on_screen(pilot, RoundScreen)
        for number in range(1, len(QUOTES) + 1):
            await shows(pilot, f"{number} of {len(QUOTES)}")
            await pilot.press("2")  # official assertion: wrong each time
            await shows(pilot, "✗ Not quite")
            await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.store.answers()) == 3, "three answers saved")
        app.exit()

    # Relative, as a user types it from the pack's folder.
    cwd = Path.cwd()
    os.chdir(pack.parent)
    try:
        run_headless(monkeypatch, play)
        assert main(["play", "--no-confidence", "--player", "ana", pack.name]) == 0
    finally:
        os.chdir(cwd)


def test_review_and_stats_find_a_pack_played_from_another_folder(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_council(tmp_path / "class")
    miss_every_claim(monkeypatch, pack)
    with ProgressStore.open_readonly(home / "progress.db") as store:
        [session] = store.sessions()
        assert session.pack_path == str(pack.resolve())

    capsys.readouterr()
    assert main(["stats", "--player", "ana"]) == 0
    out = capsys.readouterr().out
    assert "Review: 3 due now, 0 waiting" in out
    assert "council" in out and "The council vote" in out

    async def review(app: ClaimSortApp, pilot) -> None:
        screen = await on_screen(pilot, RoundScreen)
        assert screen.round.pack.id == "council"
        await shows(pilot, "1 of 3")
        app.exit()

    apps = run_headless(monkeypatch, review)
    assert main(["play", "--review", "--player", "ana"]) == 0
    [app] = apps
    [entry] = [e for e in app.entries if e.pack is not None and e.pack.id == "council"]
    assert entry.origin == "played before" and entry.path == pack.resolve()


def test_a_pack_that_has_moved_is_named_with_its_last_path(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_council(tmp_path / "class")
    miss_every_claim(monkeypatch, pack)
    pack.rename(tmp_path / "council-moved.toml")
    line = f"3 due in council; pack not found at {pack.resolve()}"

    capsys.readouterr()
    assert main(["play", "--review", "--player", "ana"]) == 1  # claims due, none playable
    captured = capsys.readouterr()
    assert captured.err == f"claimsort play: {line}\n"
    assert captured.out == "Nothing else is due for review for ana.\n"

    assert main(["stats", "--player", "ana"]) == 0
    out = capsys.readouterr().out
    assert f"  {line}" in out.splitlines()
    assert "Review: 0 due now, 0 waiting" in out  # none can be played

    async def look(app: ClaimSortApp, pilot) -> None:
        await home_counted(pilot)
        assert line in shown(app)
        await pilot.press("s")
        await stats_loaded(pilot)
        assert line in shown(app)
        app.exit()

    apps = run_headless(monkeypatch, look)
    assert main(["--player", "ana"]) == 0
    assert len(apps) == 1


def test_a_pack_that_no_longer_loads_is_listed_with_its_error(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = write_council(tmp_path / "class")
    miss_every_claim(monkeypatch, pack)
    pack.write_text(pack.read_text(encoding="utf-8").replace("title =", "titel =", 1))

    async def look(app: ClaimSortApp, pilot) -> None:
        await home_counted(pilot)
        assert f"3 due in council; the pack at {pack.resolve()} cannot be played" in shown(app)
        # Listed last, with its first error, as a broken pack of the user's own is.
        [broken] = [e for e in app.entries if e.origin == "played before"]
        assert (broken.path, broken.pack) == (pack.resolve(), None)
        assert broken.error is not None and 'is missing "title"' in broken.error
        app.exit()

    apps = run_headless(monkeypatch, look)
    assert main(["--player", "ana"]) == 0
    assert len(apps) == 1


def test_a_stored_path_that_is_not_a_pack_file_is_never_opened(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import answers_pack

    from game.round import Round

    pack = answers_pack("council", {"voted": "fact"})
    fifo = tmp_path / "council.toml"
    os.mkfifo(fifo)  # opening it to read would block for ever
    with ProgressStore.open(home / "progress.db") as store:
        for path in (fifo, tmp_path / "notes.txt", "relative/council.toml", "a\x1b[2Jb.toml"):
            session = store.start_session("ana", pack, path=path)
            round_ = Round(pack)
            store.record(session, pack, round_.answer("assertion"))
    # The latest path recorded is the hostile one; it is shown printable, not run.
    assert main(["stats", "--player", "ana"]) == 0
    out = capsys.readouterr().out
    assert "1 due in council; pack not found at " in out
    assert "\x1b" not in out and "\\x1b[2Jb.toml" in out
