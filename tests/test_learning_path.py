"""The built-in packs as a path for a self-learner: the order, each pack's best round,
whether it is done, and the pack suggested next, read from a real progress file and
shown on the home screen."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FakeClock
from ui import shows, wait_until

from game.catalog import find_catalog
from game.learning_path import (
    PackProgress,
    pack_progress,
    path_order,
    read_path,
    suggested_next,
)
from game.loader import load_pack
from game.pack import Pack
from game.paths import builtin_packs_dir
from game.progress import ProgressStore
from game.round import Answer
from tui.app import ClaimSortApp

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
BUILTIN = {load_pack(p).id: load_pack(p) for p in sorted(builtin_packs_dir().glob("*.toml"))}


def play(
    store: ProgressStore,
    pack: Pack,
    right: int,
    *,
    hinted: int = 0,
    of: int | None = None,
    review: bool = False,
) -> None:
    """Record a round of `pack` (its first `of` claims, default all) with the first
    `right` answers right, `hinted` of those after the hint, the rest wrong."""
    claims = pack.claims[: of if of is not None else len(pack.claims)]
    wrong = {c.id for c in pack.categories}
    session = store.start_session("ana", pack, review=review, at=NOW)
    for n, claim in enumerate(claims):
        other = next(c for c in sorted(wrong) if c != claim.answer)
        chosen = claim.answer if n < right else other
        answer = Answer(
            claim=claim,
            chosen=chosen,
            correct=claim.answer,
            hinted=n < hinted,
            seconds=3.0,
            at=NOW + timedelta(seconds=n),
        )
        store.record(session, pack, answer)


def test_the_path_file_names_every_builtin_pack_once() -> None:
    path = read_path(builtin_packs_dir())
    listed = [pack_id for step in path for pack_id in step]
    assert sorted(listed) == sorted(BUILTIN), "every built-in pack is on the path, once"
    assert len(listed) == len(set(listed))
    # Packs on one step teach the same move in different languages.
    for step in path:
        languages = [BUILTIN[pack_id].language for pack_id in step]
        assert len(languages) == len(set(languages)), step


def test_the_catalog_lists_the_builtin_packs_as_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path))
    ids = [entry.pack.id for entry in find_catalog() if entry.pack is not None]
    assert ids == [pack_id for step in read_path(builtin_packs_dir()) for pack_id in step]
    assert ids[0] == "practice-checkable"  # the easiest move first


def test_path_order_puts_packs_off_the_path_last_in_their_order() -> None:
    path = (("b",), ("c", "a"))
    assert path_order(["x", "a", "y", "b", "c"], path) == [3, 4, 1, 0, 2]
    assert path_order(["x", "y"], ()) == [0, 1]


def test_a_missing_or_unreadable_path_file_leaves_the_order_alone(tmp_path: Path) -> None:
    assert read_path(tmp_path) == ()
    (tmp_path / "path.txt").write_bytes(b"\xff\xfe not text")
    assert read_path(tmp_path) == ()
    (tmp_path / "path.txt").write_text("# comment\n\na b  # two\nc\n", encoding="utf-8")
    assert read_path(tmp_path) == (("a", "b"), ("c",))


def test_best_round_and_done_come_from_whole_rounds_only(tmp_path: Path) -> None:
    numbers = BUILTIN["practice-numbers"]
    size = len(numbers.claims)
    with ProgressStore.open(tmp_path / "progress.db") as store:
        play(store, numbers, right=5, of=5)  # a part round: started, not a best
        progress = pack_progress([numbers], store.pack_rounds("ana"))["practice-numbers"]
        assert (progress.best, progress.started, progress.done) == (None, True, False)

        play(store, numbers, right=size - 5)  # a whole round, under three in four
        play(store, numbers, right=size, hinted=4, review=True)  # review does not count
        progress = pack_progress([numbers], store.pack_rounds("ana"))["practice-numbers"]
        assert (progress.best, progress.done) == (size - 5, False)

        play(store, numbers, right=size, hinted=2)  # hinted right answers score half
        progress = pack_progress([numbers], store.pack_rounds("ana"))["practice-numbers"]
        assert progress.best == size - 1 and progress.done
        assert pack_progress([numbers], store.pack_rounds("ben"))[
            "practice-numbers"
        ] == PackProgress(size, None, False)


def test_rows_another_program_wrote_are_read_through_the_decoders(tmp_path: Path) -> None:
    numbers = BUILTIN["practice-numbers"]
    db = tmp_path / "progress.db"
    with ProgressStore.open(db) as store:
        play(store, numbers, right=len(numbers.claims))
    with sqlite3.connect(db) as conn:  # a row the store would never write
        conn.execute("UPDATE answers SET seconds = -1 WHERE id = (SELECT max(id) FROM answers)")
    with ProgressStore.open(db) as store:
        (played,) = store.pack_rounds("ana")
        assert played.answered == len(numbers.claims) - 1  # the bad row left out
        # Left out in silence: the reads that count review and the stats say so.
        assert store.warning is None


def test_the_next_pack_is_the_first_step_not_done_in_the_players_language() -> None:
    path = read_path(builtin_packs_dir())
    packs = list(BUILTIN.values())
    nothing = pack_progress(packs, [])
    assert suggested_next(packs, nothing, path, "en") == "practice-checkable"
    assert suggested_next(packs, nothing, path, "es-ES") == "practica-se-puede-comprobar"
    done = dict(nothing)
    done["practica-se-puede-comprobar"] = PackProgress(15, 15, True)  # the step, in Spanish
    assert suggested_next(packs, done, path, "en") == "practice-numbers"
    every = {pack.id: PackProgress(len(pack.claims), len(pack.claims), True) for pack in packs}
    assert suggested_next(packs, every, path, "en") is None


async def test_home_shows_each_steps_progress_and_suggests_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path))
    entries = find_catalog()
    store = ProgressStore.open(tmp_path / "progress.db")
    checkable = BUILTIN["practice-checkable"]
    play(store, checkable, right=len(checkable.claims))
    play(store, BUILTIN["practice-numbers"], right=4)
    app = ClaimSortApp(entries, clock=FakeClock(), now=lambda: NOW, store=store, player="ana")
    async with app.run_test(size=(100, 40)) as pilot:
        text = await shows(pilot, "✓ done, best 16/16")
        lines = text.splitlines()
        title = next(
            i for i, line in enumerate(lines) if "Practice: what does this number measure?" in line
        )
        assert "▶" in lines[title] and "next" in lines[title]
        assert "step 2 of 5 · best 4/16" in lines[title + 1]
        assert "step 1 of 5 · not played yet" in text  # the Spanish pack of step 1
        assert "step 5 of 5" in text
        packs = app.screen.query_one("#packs")
        await wait_until(pilot, lambda: packs.highlighted == 2, "the suggested pack highlighted")
    store.close()
