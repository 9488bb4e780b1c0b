"""Data safety of the progress store: concurrent writers, killed writers, damaged files,
folders that cannot be written. Writers run as separate processes through the real API."""

from __future__ import annotations

import itertools
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from progress_files import write_unreadable

from game.progress import ProgressStore

ROOT = Path(__file__).resolve().parent.parent

# A writer process: records answers through ProgressStore and prints each claim id
# (flushed) only after record() has returned it a row id. It says STARTED before it opens
# the store and READY once its session is started (with the "open" barrier: before it
# opens the store). With a barrier it then waits for a line on stdin ("open": before
# opening the store, "write": before its first answer), so that the test, not a clock,
# sets writers off together.
WRITER = textwrap.dedent(
    """
    import sys, time
    from dataclasses import dataclass
    from datetime import UTC, datetime
    from game.progress import ProgressStore

    @dataclass(frozen=True)
    class Claim:
        id: str

    @dataclass(frozen=True)
    class Pack:
        id: str
        digest: str

    @dataclass(frozen=True)
    class Answer:
        claim: Claim
        chosen: str
        correct: str
        hinted: bool
        seconds: float
        at: datetime
        confidence: str | None = None

    path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pause, barrier = float(sys.argv[4]), sys.argv[5]
    print("STARTED", flush=True)
    if barrier == "open":
        print("READY", flush=True)
        sys.stdin.readline()
    store = ProgressStore.open(path)
    if store.warning or not store.persistent:
        print("WARNING", store.warning, flush=True)
        sys.exit(3)
    pack = Pack("load-test", "f" * 64)
    session = store.start_session("student-" + tag, pack)
    if barrier != "open":
        print("READY", flush=True)
    if barrier == "write":
        sys.stdin.readline()
    for i in range(count):
        claim_id = f"{tag}-{i}"
        answer = Answer(Claim(claim_id), "fact", "fact" if i % 2 else "disputed", False, 1.0,
                        datetime.now(UTC))
        if store.record(session, pack, answer) is None:
            print("FAILED", store.warning, flush=True)
            sys.exit(4)
        print(claim_id, flush=True)
        if pause:
            time.sleep(pause)  # a player's pause between answers
    store.close()
    """
)


def _writer(
    path: Path, tag: str, count: int, pause: float = 0.0, *, barrier: str = "none"
) -> subprocess.Popen[str]:
    """Start a writer; with `barrier` ("open" or "write") it waits at that point until
    `_go` sets it off."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), tag, str(count), str(pause), barrier],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _read_line(writer: subprocess.Popen[str]) -> str:
    """The writer's next line; a writer that stopped instead fails the test with its error."""
    assert writer.stdout is not None
    line = writer.stdout.readline()
    if not line:
        writer.wait(timeout=60)
        raise AssertionError(f"the writer stopped ({writer.returncode}): {writer.stderr.read()}")
    return line.strip()


def _go(writers: list[subprocess.Popen[str]]) -> None:
    """Wait until every writer is READY at its barrier, then set them all off at once."""
    for writer in writers:
        lines = [_read_line(writer), _read_line(writer)]
        assert lines == ["STARTED", "READY"], lines
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_four_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    ProgressStore.open(path).close()
    # A short pause between answers, as players make, so the writers interleave.
    writers = [_writer(path, f"w{n}", 200, pause=0.001, barrier="write") for n in range(4)]
    _go(writers)  # every writer is open and waiting before any writes
    outputs = [w.communicate(timeout=60) for w in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, (out[-500:], err[-2000:])
        assert err == ""
        assert len(out.split()) == 200

    assert _integrity(path) == "ok"
    with ProgressStore.open(path) as store:
        answers = store.answers()
        assert len(answers) == 800
        assert len({a.claim_id for a in answers}) == 800
        assert sorted(store.players()) == [f"student-w{n}" for n in range(4)]
        # The writes really interleaved: this is a test of concurrency, not of a queue.
        order = [a.player for a in sorted(answers, key=lambda a: a.id)]
        switches = sum(1 for a, b in itertools.pairwise(order) if a != b)
        assert switches > 50


def test_a_writer_killed_at_random_moments_keeps_every_returned_answer(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    rng = random.Random(5)
    reported: set[str] = set()
    for round_no in range(30):
        writer = _writer(path, f"k{round_no}", 100_000)
        assert _read_line(writer) == "STARTED"
        # Every fifth writer is killed as it opens the store (the first one as it creates
        # the schema); the others once they have reported a number of answers, from the
        # first to deep in the write loop. Waiting for what they say, not for a time.
        if round_no % 5:
            assert _read_line(writer) == "READY"
            for _answer in range(rng.randint(1, 400)):
                reported.add(_read_line(writer))
        writer.send_signal(signal.SIGKILL)
        out, err = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL, err[-2000:]
        lines = out.split("\n")
        # The last line may be cut mid-write; only complete lines were reported.
        reported.update(line for line in lines[:-1] if line and line != "READY")

    assert len(reported) >= 24  # at least one answer from each of the 24 writers let run
    assert _integrity(path) == "ok"
    with ProgressStore.open(path) as store:
        assert store.warning is None
        stored = {a.claim_id for a in store.answers()}
    assert reported <= stored


def _damage_check(path: Path, original: bytes) -> None:
    with ProgressStore.open(path) as store:
        assert store.warning is not None
        assert "\n" not in store.warning
        assert "damaged" in store.warning
        assert store.persistent  # a fresh file, playable at once
        assert store.moved_aside is not None
        assert store.moved_aside.name.startswith("progress.db.corrupt-")
        assert str(store.moved_aside) in store.warning
        assert store.moved_aside.read_bytes() == original  # moved, never deleted or changed
        assert store.answers() == []
        session = store.start_session("ana", None)
        assert session.id is not None
    with ProgressStore.open(path) as store:  # the fresh file is sound
        assert store.warning is None
        assert [s.player for s in store.sessions()] == ["ana"]
    assert _integrity(path) == "ok"


def test_a_file_that_is_not_a_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    original = b"this is not a SQLite database\n" * 200
    path.write_bytes(original)
    _damage_check(path, original)


def test_a_truncated_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    writer = _writer(path, "t", 1500)
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = path.read_bytes()
    assert len(data) > 8 * 4096
    original = data[: len(data) // 2]
    path.write_bytes(original)
    _damage_check(path, original)


def test_a_damaged_file_keeps_its_wal_next_to_it(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"x" * 4096)
    wal = tmp_path / "progress.db-wal"
    wal.write_bytes(b"old wal")
    with ProgressStore.open(path) as store:
        assert store.moved_aside is not None
        moved_wal = store.moved_aside.with_name(store.moved_aside.name + "-wal")
        assert moved_wal.read_bytes() == b"old wal"


def _check_unsaved(store: ProgressStore) -> None:
    assert not store.persistent
    assert store.warning is not None and "\n" not in store.warning
    assert "will not be saved" in store.warning
    # Still playable: answers are kept for this run.
    session = store.start_session("ana", None)
    pack = SimpleNamespace(id="p", digest="d")
    answer = SimpleNamespace(
        claim=SimpleNamespace(id="c1"),
        chosen="fact",
        correct="fact",
        hinted=False,
        seconds=1.0,
        at=datetime.now(UTC),
        confidence=None,
    )
    assert store.record(session, pack, answer) is not None
    assert [a.claim_id for a in store.answers()] == ["c1"]


def test_a_data_folder_that_cannot_be_created_still_plays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, which ignores permissions: a folder under a regular file
    # cannot be created by anyone.
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    monkeypatch.setenv("CLAIMSORT_HOME", str(blocker / "claimsort"))
    with ProgressStore.open() as store:
        _check_unsaved(store)
    assert blocker.read_text() == "a file, not a folder"


def test_a_progress_path_that_is_a_folder_still_plays(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.mkdir()
    with ProgressStore.open(path) as store:
        _check_unsaved(store)
    assert path.is_dir() and list(path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only folders anyway")
def test_a_read_only_folder_still_plays(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with ProgressStore.open(folder / "progress.db") as store:
            _check_unsaved(store)
    finally:
        folder.chmod(0o700)


def test_processes_creating_the_file_at_the_same_moment_agree(tmp_path: Path) -> None:
    path = tmp_path / "new" / "progress.db"
    # Every writer opens the missing file at the same moment, then records 5 answers.
    writers = [_writer(path, f"n{n}", 5, barrier="open") for n in range(6)]
    _go(writers)
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, (out, err[-2000:])
    assert _integrity(path) == "ok"
    with ProgressStore.open(path) as store:
        assert store.warning is None and store.backup is None
        assert len(store.answers()) == 30
    assert sorted(p.name for p in path.parent.iterdir() if "corrupt" in p.name) == []


def test_claimsort_stats_on_a_damaged_file_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.db").write_bytes(b"\x00garbage" * 512)
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    assert main(["stats", "--player", "ana"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "damaged" in captured.err
    assert "No answers recorded yet for ana." in captured.out
    [aside] = [p for p in home.iterdir() if p.name.startswith("progress.db.corrupt-")]
    assert aside.read_bytes() == b"\x00garbage" * 512


# -- files whose schema or rows are not what the code wrote ---------------------------


def _schema_file(path: Path, *statements: str, version: int = 1) -> bytes:
    """A sound SQLite file (rollback journal) holding `statements`, at `version`."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_a_file_claiming_the_schema_without_its_tables_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    original = _schema_file(path, "CREATE TABLE unrelated (x)")
    _damage_check(path, original)


def test_a_file_missing_a_column_is_moved_aside(tmp_path: Path) -> None:
    from game.progress.schema import MIGRATIONS

    path = tmp_path / "progress.db"
    statements = [s.replace("seconds REAL NOT NULL,", "") for s in MIGRATIONS[1]]
    original = _schema_file(path, *statements)
    with ProgressStore.open(path) as store:
        assert store.warning is not None
        assert "the table answers has no column seconds" in store.warning
    path.unlink()
    _schema_file(path, *statements)
    _damage_check(path, original)


def test_a_file_with_our_tables_but_no_schema_version_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    original = _schema_file(path, "CREATE TABLE sessions (x)", version=0)
    _damage_check(path, original)


@pytest.mark.parametrize("version", [0, 2, 7])
def test_another_programs_database_is_read_as_such_and_left_alone(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "progress.db"
    original = _schema_file(path, "CREATE TABLE recipes (name, flour)", version=version)
    with ProgressStore.open_readonly(path) as store:
        assert store.foreign
        assert store.warning is not None and "not a ClaimSort progress file" in store.warning
        assert store.moved_aside is None and store.answers() == []
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["progress.db"]
    # A file of ours that lost a table is damaged, not another program's.
    ours = tmp_path / "ours.db"
    _schema_file(ours, "CREATE TABLE sessions (x)", version=1)
    with ProgressStore.open_readonly(ours, move_damaged=False) as store:
        assert not store.foreign
        assert store.warning is not None and "damaged" in store.warning


def _store_with_answers(path: Path, count: int = 3) -> None:
    with ProgressStore.open(path) as store:
        pack = SimpleNamespace(id="p", digest="d")
        session = store.start_session("ana", pack)
        for n in range(count):
            answer = SimpleNamespace(
                claim=SimpleNamespace(id=f"c{n}"),
                chosen="fact",
                correct="fact",
                hinted=False,
                seconds=1.0,
                at=datetime(2025, 4, 17, 9, n, tzinfo=UTC),
                confidence=None,
            )
            store.record(session, pack, answer)


def _spoil(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("UPDATE answers SET seconds = 'abc' WHERE id = 2", "answer 2: seconds is 'abc'"),
        ("UPDATE answers SET seconds = -1 WHERE id = 2", "answer 2: seconds is -1.0"),
        ("UPDATE answers SET hinted = 7 WHERE id = 2", "answer 2: hinted is 7"),
        ("UPDATE answers SET answered_at = 'soon' WHERE id = 2", "answer 2: answered_at is"),
        ("UPDATE answers SET chosen = x'00ff' WHERE id = 2", "answer 2: chosen is b'\\x00"),
        ("UPDATE answers SET session_id = 'one' WHERE id = 2", "answer 2: session_id is"),
    ],
)
def test_a_bad_stored_answer_is_left_out_with_a_warning_or_refused_when_strict(
    tmp_path: Path, sql: str, named: str
) -> None:
    from game.progress import StoreError

    path = tmp_path / "progress.db"
    _store_with_answers(path)
    _spoil(path, sql)
    with ProgressStore.open(path) as store:
        assert store.warning is None
        assert [a.claim_id for a in store.answers()] == ["c0", "c2"]
        assert store.warning is not None and "\n" not in store.warning
        assert store.warning.startswith("1 saved answer could not be read and is left out")
        assert named in store.warning
        with pytest.raises(StoreError, match="^" + re.escape(named)):
            store.answers(strict=True)


def test_a_bad_stored_session_is_left_out_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    _store_with_answers(path)
    _spoil(path, "UPDATE sessions SET started_at = 42")
    with ProgressStore.open(path) as store:
        assert store.sessions() == []
        assert store.warning is not None
        assert "1 saved session could not be read" in store.warning
        assert "session 1: started_at is '42', not a date and time" in store.warning
        assert len(store.answers()) == 3  # the answers themselves are fine


def test_a_read_that_sqlite_fails_raises_store_error(tmp_path: Path) -> None:
    from game.progress import StoreError

    path = tmp_path / "progress.db"
    write_unreadable(path)
    with ProgressStore.open(path) as store:
        assert store.warning is None
        with pytest.raises(StoreError, match="no such collation sequence: theirs") as caught:
            store.answers()
        # Code that guards reads with `except sqlite3.Error` catches it too.
        assert isinstance(caught.value, sqlite3.Error)


# -- reading without writing ---------------------------------------------------------


def _rollback_journal_store(path: Path) -> None:
    _store_with_answers(path)
    _to_rollback_journal(path)


def _to_rollback_journal(path: Path) -> None:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    conn.close()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_the_read_only_open_never_writes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    _rollback_journal_store(path)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    with ProgressStore.open_readonly(path) as store:
        assert store.warning is None and not store.persistent
        assert [a.claim_id for a in store.answers()] == ["c0", "c1", "c2"]
        assert store.players() == ["ana"]
        # A write is refused (and said so), never made.
        assert store.start_session("ben", None).id is None
        assert store.warning is not None and "could not be saved" in store.warning
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.db"]  # no -wal, -shm


def test_the_read_only_open_of_a_missing_or_new_file_is_empty_and_creates_nothing(
    tmp_path: Path,
) -> None:
    with ProgressStore.open_readonly(tmp_path / "none" / "progress.db") as store:
        assert store.answers() == [] and store.warning is None
    assert list(tmp_path.iterdir()) == []
    empty = tmp_path / "progress.db"
    empty.write_bytes(b"")
    with ProgressStore.open_readonly(empty) as store:
        assert store.answers() == [] and store.warning is None
    assert empty.read_bytes() == b""


def test_the_read_only_open_of_an_older_schema_reads_a_migrated_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.progress import schema

    path = tmp_path / "progress.db"
    _rollback_journal_store(path)
    before = path.read_bytes()
    migrations = dict(schema.MIGRATIONS)
    migrations[schema.schema_version() + 1] = ("ALTER TABLE answers ADD COLUMN note TEXT",)
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    schema.expected_columns.cache_clear()
    try:
        with ProgressStore.open_readonly(path) as store:
            assert store.warning is None
            assert len(store.answers()) == 3
    finally:
        schema.expected_columns.cache_clear()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.db"]  # no backup


def test_the_read_only_open_moves_a_damaged_file_aside_but_starts_none(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(b"not a database" * 400)
    with ProgressStore.open_readonly(path) as store:
        assert store.warning is not None and "damaged" in store.warning
        assert store.moved_aside is not None and store.moved_aside.exists()
        assert "new one" not in store.warning
    assert not path.exists()


def _immutable(*paths: Path) -> None:
    # Root ignores permission bits but not the immutable attribute (ext4 and others);
    # where it cannot be set (some container file systems), the test is skipped.
    result = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip("cannot make files immutable here: " + result.stderr.decode()[-200:])


def _mutable(*paths: Path) -> None:
    subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True, check=False)


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_file_in_a_folder_that_cannot_be_written_is_read(tmp_path: Path, journal: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "progress.db"
    _store_with_answers(path)  # a WAL file, closed cleanly: no -wal, no -shm
    if journal == "delete":
        _to_rollback_journal(path)
    assert sorted(p.name for p in folder.iterdir()) == ["progress.db"]
    before = path.read_bytes()
    try:
        _immutable(path, folder)
        with ProgressStore.open_readonly(path) as store:
            assert store.warning is None
            assert [a.claim_id for a in store.answers()] == ["c0", "c1", "c2"]
        with ProgressStore.open(path) as store:  # the game's open: playable, not saved
            assert not store.persistent and "will not be saved" in (store.warning or "")
    finally:
        _mutable(path, folder)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["progress.db"]


def test_a_file_that_cannot_be_opened_says_it_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.mkdir()
    with ProgressStore.open_readonly(path) as store:
        assert store.warning is not None and "\n" not in store.warning
        assert store.warning.startswith("Progress cannot be read: cannot open")
        assert "saved" not in store.warning
        assert store.answers() == []


@pytest.mark.parametrize("opener", ["open", "open_readonly"])
def test_a_migration_committed_by_another_process_while_opening_is_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opener: str
) -> None:
    from game.progress import schema

    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)  # a file with no tables yet, schema version 0
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.close()
    assert path.stat().st_size > 0
    real_columns = schema.columns
    tried: list[str] = []

    def another_process_migrates_first(conn: sqlite3.Connection) -> dict:
        # Between reading the schema version and reading the tables, another process
        # tries to create the schema. It must not get in between.
        if not tried:
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                for statement in schema.MIGRATIONS[1]:
                    other.execute(statement)
                other.execute("PRAGMA user_version = 1")
                other.execute("COMMIT")
                tried.append("committed")
            except sqlite3.OperationalError as exc:
                tried.append(str(exc))
            finally:
                other.close()
        return real_columns(conn)

    monkeypatch.setattr(schema, "columns", another_process_migrates_first)
    with getattr(ProgressStore, opener)(path) as store:
        assert store.warning is None and store.moved_aside is None
    assert tried == ["database is locked"]
    assert [p.name for p in tmp_path.iterdir()] == ["progress.db"]
