"""A large progress file is checked for damage after it opens, not before: years of
answers must not hold up every start (bench/scale.py), and damage is still found."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakes import FakeAnswer, FakeClaim, FakePack

from game.progress import Check, ProgressStore, recovery
from game.progress import store as store_module
from game.progress.rows import PlayedRound

T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)


def _file_with_answers(path: Path, count: int = 3000) -> None:
    with ProgressStore.open(path) as store:
        answers = [
            FakeAnswer(FakeClaim(f"c{n}"), "fact", "assertion", T0 + timedelta(seconds=n))
            for n in range(count)
        ]
        assert store.record_rounds([PlayedRound("ana", FakePack(), T0, answers)]) == count
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _damage_a_middle_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    assert middle > page, "the header and the schema stay readable"
    data[middle : middle + page] = b"\xa5" * page
    path.write_bytes(bytes(data))


@pytest.fixture
def everything_is_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "CHECK_AT_OPEN_BYTES", 0)
    monkeypatch.setattr(store_module, "CHECK_DELAY", 0)


@pytest.mark.usefixtures("everything_is_large")
def test_a_sound_large_file_opens_and_is_checked_quietly(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    _file_with_answers(path)
    with ProgressStore.open(path) as store:
        assert store.checked.wait(30)
        assert store.warning is None and store.moved_aside is None
        assert len(store.answers()) == 3000
    assert not recovery.damage_mark(path).exists()


@pytest.mark.usefixtures("everything_is_large")
def test_damage_found_after_opening_is_told_and_the_file_moved_aside_next_time(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    _file_with_answers(path)
    _damage_a_middle_page(path)
    with ProgressStore.open(path) as store:
        assert store.persistent and store.moved_aside is None  # opened without the check
        assert store.checked.wait(30)
        assert store.warning is not None
        assert store.warning.startswith(f"The progress file {path} is damaged (")
        assert store.warning.endswith(
            "it will be moved aside, and a new one started, the next time ClaimSort starts."
        )
    assert recovery.damage_mark(path).exists()
    with ProgressStore.open(path) as store:  # checked whole now, whatever its size
        assert store.moved_aside is not None
        assert store.moved_aside.name.startswith("progress.db.corrupt-")
        assert store.answers() == [] and store.persistent
    assert not recovery.damage_mark(path).exists()


def test_a_store_closed_before_the_check_leaves_it_to_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery, "CHECK_AT_OPEN_BYTES", 0)
    monkeypatch.setattr(store_module, "CHECK_DELAY", 3600)  # never, within the test
    path = tmp_path / "progress.db"
    _file_with_answers(path)
    _damage_a_middle_page(path)
    store = ProgressStore.open(path)
    assert not store.checked.is_set()
    store.close()
    assert store.checked.wait(30), "closing ends the wait"
    assert store.warning is None
    assert not recovery.damage_mark(path).exists()


def test_a_small_file_is_still_checked_before_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    _file_with_answers(path)
    assert path.stat().st_size <= recovery.CHECK_AT_OPEN_BYTES
    _damage_a_middle_page(path)
    with ProgressStore.open(path) as store:
        assert store.moved_aside is not None
        assert store.warning is not None and store.warning.startswith(
            "The progress file was damaged ("
        )


# The class server's zygote opens the file once with Check.NOW, and each student's game
# it forks then opens it with Check.DONE (webserve/zygote.py).


@pytest.mark.usefixtures("everything_is_large")
def test_checking_now_moves_a_large_damaged_file_aside_before_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    _file_with_answers(path)
    _damage_a_middle_page(path)
    with ProgressStore.open(path, check=Check.NOW) as store:
        assert store.checked.is_set(), "no check is left for later"
        assert store.moved_aside is not None
        assert store.warning is not None
        assert store.warning.startswith("The progress file was damaged (")
        assert store.answers() == [] and store.persistent


def test_a_file_checked_by_the_zygote_is_not_read_whole_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.db"
    _file_with_answers(path)
    ProgressStore.open(path, check=Check.NOW).close()
    checked: list[Path] = []
    monkeypatch.setattr(recovery, "check_sound", lambda path, **_kw: checked.append(path))
    with ProgressStore.open(path, check=Check.DONE) as store:
        assert store.checked.is_set() and store.warning is None
        assert len(store.answers()) == 3000
    assert checked == []
    with ProgressStore.open(path) as store:  # a game started on its own still checks it
        assert len(store.answers()) == 3000
    assert checked == [path]


def test_a_file_marked_damaged_is_checked_even_when_the_zygote_has(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    _file_with_answers(path)
    _damage_a_middle_page(path)
    recovery.damage_mark(path).write_text("found by another game\n", encoding="utf-8")
    with ProgressStore.open(path, check=Check.DONE) as store:
        assert store.moved_aside is not None
        assert store.answers() == [] and store.persistent
    assert not recovery.damage_mark(path).exists()
