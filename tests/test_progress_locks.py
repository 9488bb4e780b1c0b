"""The progress store while another program holds the file's lock: opening gives up in
seconds, answers wait in order and are written once the file is free, answers still
waiting at the end are kept in a file of their own, and a file that cannot be written
is found out at open. The other program is a real second process (tests/locks.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from locks import HeldLock, answers_on_disk, sessions_on_disk

from game.progress import OPEN_PATIENCE, ProgressStore
from game.progress.outbox import unsaved_files

T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)
PACK = SimpleNamespace(id="summit", digest="d" * 64)


def answer(claim: str, minute: int, chosen: str = "fact") -> SimpleNamespace:
    return SimpleNamespace(
        claim=SimpleNamespace(id=claim),
        chosen=chosen,
        correct="fact",
        hinted=False,
        seconds=1.5,
        at=T0 + timedelta(minutes=minute),
        confidence=None,
    )


def opened_in_time(path: Path) -> tuple[ProgressStore, float]:
    began = time.monotonic()
    store = ProgressStore.open(path)
    return store, time.monotonic() - began


# Opening waits at most OPEN_PATIENCE for the lock; a margin for a loaded machine. It
# used to take up to 534 s.
OPEN_BOUND = OPEN_PATIENCE + 3.0


# -- opening ---------------------------------------------------------------------------


def test_opening_a_file_another_program_is_writing_gives_up_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    ProgressStore.open(path).close()
    with HeldLock(path) as lock:
        store, took = opened_in_time(path)
        assert took < OPEN_BOUND
        assert lock.held
        # The file can still be read (WAL): the store is on it, only writes wait.
        assert store.persistent and store.awaiting is None
        assert store.warning is not None and "\n" not in store.warning
        assert store.warning.startswith("Another program is writing the progress file")
        assert "saved as soon as it is free" in store.warning
        session = store.start_session("ana", PACK, at=T0, defer=True)
        store.record(session, PACK, answer("c1", 1), defer=True)
        assert not store.flush(wait=0)
        assert store.pending_answers == 1
        assert answers_on_disk(path) == []
    assert store.flush(wait=0)
    assert store.pending == 0
    ((session_id, *_),) = sessions_on_disk(path)
    assert answers_on_disk(path) == [(session_id, "c1", "fact")]
    assert store.warning is None  # said while it was true only
    store.close()


def test_a_file_locked_even_for_readers_opens_in_memory_and_gets_its_answers_later(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    ProgressStore.open(path).close()
    with HeldLock(path, readers=True):
        store, took = opened_in_time(path)
        assert took < OPEN_BOUND
        assert store.awaiting == path and not store.persistent
        assert store.warning is not None and "\n" not in store.warning
        assert store.warning.startswith("Another program has locked the progress file")
        session = store.start_session("ana", PACK, at=T0, defer=True)
        store.record(session, PACK, answer("c1", 1), defer=True)
        store.record(session, PACK, answer("c2", 2, "disputed"), defer=True)
        # This run's answers can be read meanwhile (review and stats use them).
        assert [a.claim_id for a in store.answers()] == ["c1", "c2"]
        assert store.pending_answers == 2
        assert not store.reopen()
        assert store.awaiting == path
    assert store.reopen()
    assert store.awaiting is None and store.persistent and store.pending == 0
    ((session_id, player, mode),) = sessions_on_disk(path)
    assert (player, mode) == ("ana", "play")
    assert answers_on_disk(path) == [(session_id, "c1", "fact"), (session_id, "c2", "disputed")]
    assert [a.claim_id for a in store.answers()] == ["c1", "c2"]  # now read from the file
    assert store.warning is None
    store.close()


def test_a_file_being_created_by_another_program_is_waited_for_in_the_background(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    with HeldLock(path):  # the other program made the file and holds it, still empty
        store, took = opened_in_time(path)
        assert took < OPEN_BOUND
        assert store.awaiting == path
        store.start_session("ana", PACK, at=T0)  # without defer: tries, does not hang
        assert store.pending == 1
    assert store.reopen()
    assert [s[1] for s in sessions_on_disk(path)] == ["ana"]
    store.close()


# -- writing -------------------------------------------------------------------------------


def test_answers_given_while_the_file_is_locked_are_written_in_order_once_it_is_free(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    store = ProgressStore.open(path)
    assert store.warning is None
    with HeldLock(path):
        began = time.monotonic()
        session = store.start_session("ana", PACK, at=T0, defer=True)
        assert session.id is None
        for n in range(3):
            assert store.record(session, PACK, answer(f"c{n}", n), defer=True) is None
            assert not store.flush(wait=0)
        assert time.monotonic() - began < 1.0  # not one wait for the lock
        assert store.pending_answers == 3 and store.pending == 4
        assert store.warning is not None
        assert store.warning.startswith("Progress is not saved yet")
        assert sessions_on_disk(path) == [] and answers_on_disk(path) == []
    assert store.flush(wait=0)
    ((session_id, _, _),) = sessions_on_disk(path)
    assert answers_on_disk(path) == [(session_id, f"c{n}", "fact") for n in range(3)]
    # A later answer of the same round joins the same session.
    assert store.record(session, PACK, answer("c3", 3)) is not None
    assert {row[0] for row in answers_on_disk(path)} == {session_id}
    assert store.warning is None
    store.close()


def test_an_answer_that_failed_is_kept_and_written_before_the_next(tmp_path: Path) -> None:
    import sqlite3

    from game.progress.schema import MIGRATIONS

    path = tmp_path / "p.db"
    conn = sqlite3.connect(path, check_same_thread=False)
    store = ProgressStore.from_connection(conn, path=path, persistent=True)
    session = store.start_session("ana", PACK, at=T0)
    conn.execute("DROP TABLE answers")  # a disk that refuses the write, for a while
    assert store.record(session, PACK, answer("c1", 1)) is None
    assert store.warning is not None and store.warning.startswith("Progress could not be saved")
    assert store.pending_answers == 1
    (create_answers,) = (s for s in MIGRATIONS[1] if "CREATE TABLE answers" in s)
    conn.execute(create_answers)
    for step in sorted(MIGRATIONS):  # the columns later versions added
        for statement in MIGRATIONS[step]:
            if statement.startswith("ALTER TABLE answers"):
                conn.execute(statement)
    assert store.record(session, PACK, answer("c2", 2)) is not None
    assert [a.claim_id for a in store.answers()] == ["c1", "c2"]
    assert store.pending == 0 and store.warning is None
    store.close()


# -- what is left at the end ----------------------------------------------------------------


def test_answers_still_waiting_at_the_end_are_kept_and_written_at_the_next_open(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    store = ProgressStore.open(path)
    with HeldLock(path):
        session = store.start_session("ana", PACK, at=T0, defer=True)
        store.record(session, PACK, answer("c1", 1), defer=True)
        store.record(session, PACK, answer("c2", 2), defer=True)
        closed = store.close(wait=0.1)  # one last short try, then the rest is kept
        assert closed.unsaved == 2 and closed.kept is not None
        assert closed.kept.parent == tmp_path and closed.kept in unsaved_files(path)
        assert closed.message is not None and "\n" not in closed.message
        assert closed.message.startswith("2 answers could not be saved to")
        assert str(closed.kept) in closed.message
        assert answers_on_disk(path) == []
    kept = json.loads(closed.kept.read_text(encoding="utf-8"))
    assert [row["table"] for row in kept["rows"]] == ["sessions", "answers", "answers"]
    copy = tmp_path / "copy.json"
    shutil.copy(closed.kept, copy)

    with ProgressStore.open(path) as store:
        assert store.warning is None and store.pending == 0
        assert unsaved_files(path) == []
    ((session_id, *_),) = sessions_on_disk(path)
    assert answers_on_disk(path) == [(session_id, "c1", "fact"), (session_id, "c2", "fact")]

    # Kept once more (a game stopped between writing them and deleting the file): the
    # rows already there are not written twice.
    shutil.copy(copy, closed.kept)
    with ProgressStore.open(path) as store:
        assert store.pending == 0
    assert len(sessions_on_disk(path)) == 1 and len(answers_on_disk(path)) == 2
    assert unsaved_files(path) == []


def test_a_clean_end_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    store = ProgressStore.open(path)
    session = store.start_session("ana", PACK, at=T0)
    store.record(session, PACK, answer("c1", 1))
    closed = store.close()
    assert (closed.unsaved, closed.kept, closed.message) == (0, None, None)
    assert unsaved_files(path) == []


def test_answers_that_cannot_even_be_kept_are_said_to_be_lost(tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:", check_same_thread=False)
    store = ProgressStore.from_connection(conn)  # no file to keep them next to
    session = store.start_session("ana", PACK, at=T0)
    conn.close()
    store.record(session, PACK, answer("c1", 1))
    closed = store.close(wait=0)
    assert closed.unsaved == 1 and closed.kept is None
    assert closed.message is not None and "\n" not in closed.message
    assert closed.message.startswith("1 answer could not be saved")
    assert "lost" in closed.message


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not JSON"),
        ('{"format": "something else", "rows": []}', "not a file of kept answers"),
        (
            '{"format": "claimsort-unsaved", "version": 1, "rows": ['
            '{"table": "answers", "values": {"player": "ana", "evil; DROP": 1}}]}',
            "row 1: answers has no column 'evil; DROP'",
        ),
        (
            '{"format": "claimsort-unsaved", "version": 1, "rows": ['
            '{"table": "players", "values": {}}]}',
            "row 1: 'players' is not a table of the progress file",
        ),
        (
            '{"format": "claimsort-unsaved", "version": 1, "rows": ['
            '{"table": "answers", "values": {"player": ["x"]}}]}',
            "row 1: player is ['x']",
        ),
        (
            '{"format": "claimsort-unsaved", "version": 1, "rows": ['
            '{"table": "answers", "session": 4, "values": {"player": "ana"}}]}',
            "row 1: session 4 is not in the file",
        ),
    ],
)
def test_a_kept_file_that_is_not_what_claimsort_writes_is_left_as_it_is(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "progress.db"
    ProgressStore.open(path).close()
    bad = tmp_path / "progress.db.unsaved-20250417T090000Z-1.json"
    bad.write_text(content, encoding="utf-8")
    with ProgressStore.open(path) as store:
        assert store.pending == 0
        assert store.warning is not None and "\n" not in store.warning
        assert str(bad) in store.warning and reason in store.warning
        assert "left as it is" in store.warning
        assert store.start_session("ana", PACK).id is not None  # the game goes on
    assert bad.read_text(encoding="utf-8") == content
    assert answers_on_disk(path) == []


# -- a file that cannot be written ------------------------------------------------------------


def _make_unwritable(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    # Root writes a file whatever its mode; an immutable one it cannot.
    if shutil.which("chattr") is None:
        pytest.skip("as root, needs chattr to make a file that cannot be written")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {done.stderr.strip()}")


def _make_writable(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=False, capture_output=True)
    else:
        path.chmod(0o644)


def test_a_progress_file_that_cannot_be_written_is_found_out_at_open(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore.open(path) as store:
        store.start_session("ana", PACK, at=T0)
    before = path.read_bytes()
    _make_unwritable(path)
    try:
        with ProgressStore.open(path) as store:
            assert not store.persistent
            assert store.warning is not None and "\n" not in store.warning
            assert store.warning.startswith(f"Progress will not be saved: cannot write {path}")
            assert "readonly" in store.warning
            # Still playable for this run, without a second warning at the first answer.
            warning = store.warning
            session = store.start_session("ana", PACK, at=T0)
            assert store.record(session, PACK, answer("c1", 1)) is not None
            assert store.warning == warning
        assert path.read_bytes() == before
    finally:
        _make_writable(path)
    assert unsaved_files(path) == []


def test_a_connection_that_cannot_write_is_refused_by_the_check_at_open(tmp_path: Path) -> None:
    # What SQLite does with a file it may not write, on any file system and for any user:
    # it opens it read-only. The check at open must see that, not only a lock.
    import sqlite3

    from game.progress.connection import connect
    from game.progress.recovery import check_writable

    path = tmp_path / "progress.db"
    ProgressStore.open(path).close()
    writable = connect(path)
    read_only = connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check_writable(writable)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            check_writable(read_only)
    finally:
        writable.close()
        read_only.close()
