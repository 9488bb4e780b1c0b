"""The progress store: what is recorded, read back, versioned and migrated."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakes import FakeAnswer, FakeClaim, FakePack

from game import players, progress
from game.players import check_player_name, default_player
from game.progress import ProgressStore, StoreError, default_path, schema

T0 = datetime(2025, 4, 17, 12, 0, tzinfo=UTC)


def answer(claim: str, chosen: str, correct: str, at: datetime, **kw: object) -> FakeAnswer:
    return FakeAnswer(
        claim=FakeClaim(claim),
        chosen=chosen,
        correct=correct,
        hinted=bool(kw.get("hinted", False)),
        seconds=float(kw.get("seconds", 2.5)),  # type: ignore[arg-type]
        at=at,
        confidence=kw.get("confidence"),  # type: ignore[arg-type]
    )


PACK = FakePack("bukele-white-house", "a" * 64)


def test_an_answer_is_read_back_with_every_field(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        assert store.warning is None and store.persistent
        session = store.start_session("ana", PACK, at=T0)
        row_id = store.record(
            session,
            PACK,
            answer("cecot", "fact", "assertion", T0, hinted=True, seconds=4.25, confidence="high"),
        )
        assert row_id is not None
        [rec] = store.answers()
    assert rec.id == row_id
    assert rec.session_id == session.id
    assert (rec.player, rec.pack_id, rec.pack_hash, rec.claim_id) == (
        "ana",
        "bukele-white-house",
        "a" * 64,
        "cecot",
    )
    assert (rec.chosen, rec.correct, rec.hinted, rec.seconds) == ("fact", "assertion", True, 4.25)
    assert rec.answered_at == T0 and rec.answered_at.tzinfo is not None
    assert rec.confidence == "high"
    assert not rec.is_right


def test_answers_survive_reopening_and_filter_by_player_and_pack(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    other = FakePack("other-pack", "b" * 64)
    with ProgressStore.open(path) as store:
        s1 = store.start_session("ana", PACK, at=T0)
        store.record(s1, PACK, answer("c1", "fact", "fact", T0 + timedelta(seconds=2)))
        s2 = store.start_session("ben", other, at=T0 + timedelta(minutes=1))
        store.record(s2, other, answer("c2", "fact", "disputed", T0 + timedelta(minutes=2)))
        store.record(s1, PACK, answer("c3", "assertion", "fact", T0 + timedelta(seconds=1)))
    with ProgressStore.open(path) as store:
        assert [a.claim_id for a in store.answers()] == ["c3", "c1", "c2"]  # time order
        assert [a.claim_id for a in store.answers(player="ana")] == ["c3", "c1"]
        assert [a.claim_id for a in store.answers(pack_id="other-pack")] == ["c2"]
        assert store.answers(player="ana", pack_id="other-pack") == []
        assert store.players() == ["ben", "ana"]  # most recently active first
        sessions = store.sessions(player="ben")
        assert [(s.pack_id, s.mode) for s in sessions] == [("other-pack", "play")]


def test_a_review_session_spans_packs(tmp_path: Path) -> None:
    other = FakePack("other-pack", "b" * 64)
    with ProgressStore.open(tmp_path / "p.db") as store:
        session = store.start_session("ana", None, review=True, at=T0)
        store.record(session, PACK, answer("c1", "fact", "fact", T0))
        store.record(session, other, answer("c2", "fact", "fact", T0))
        [rec] = store.sessions()
        assert (rec.pack_id, rec.pack_hash, rec.mode) == (None, None, "review")
        assert {a.pack_id for a in store.answers() if a.session_id == session.id} == {
            "bukele-white-house",
            "other-pack",
        }


def test_the_file_uses_wal_and_carries_the_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    ProgressStore.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == progress.schema_version()
    conn.close()


def test_default_path_honours_claimsort_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / "progress.db"
    with ProgressStore.open() as store:
        assert store.path == tmp_path / "home" / "progress.db"
        assert store.persistent
    assert (tmp_path / "home" / "progress.db").is_file()


def test_open_without_create_does_not_make_a_file(tmp_path: Path) -> None:
    path = tmp_path / "none" / "progress.db"
    with ProgressStore.open(path, create=False) as store:
        assert store.answers() == [] and store.warning is None and not store.persistent
    assert not path.exists() and not path.parent.exists()


def test_migration_backs_up_the_old_file_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore.open(path) as store:
        session = store.start_session("ana", PACK, at=T0)
        store.record(session, PACK, answer("c1", "fact", "fact", T0))
    # A later version of the schema adds a column.
    now = schema.schema_version()
    migrations = dict(schema.MIGRATIONS)
    migrations[now + 1] = ("ALTER TABLE answers ADD COLUMN note TEXT",)
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)

    with ProgressStore.open(path) as store:
        assert store.warning is None
        assert store.backup is not None
        assert store.backup.name.startswith(f"progress.db.v{now}-backup-")
        assert [a.claim_id for a in store.answers()] == ["c1"]  # data carried forward
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == now + 1
    assert "note" in [row[1] for row in conn.execute("PRAGMA table_info(answers)")]
    conn.close()
    old = sqlite3.connect(store.backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == now
    assert old.execute("SELECT claim_id FROM answers").fetchall() == [("c1",)]
    assert "note" not in [row[1] for row in old.execute("PRAGMA table_info(answers)")]
    old.close()

    with ProgressStore.open(path) as store:  # already migrated: no second backup
        assert store.backup is None


def test_a_file_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {progress.schema_version() + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with ProgressStore.open(path) as store:
        assert not store.persistent
        assert store.warning is not None and "newer ClaimSort" in store.warning
        assert "\n" not in store.warning
        session = store.start_session("ana", PACK)
        assert store.record(session, PACK, answer("c1", "fact", "fact", T0)) is not None
    assert path.read_bytes() == before


def test_a_failed_write_warns_and_the_game_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    conn = sqlite3.connect(path)
    store = ProgressStore.from_connection(conn, path=path, persistent=True)
    session = store.start_session("ana", PACK)
    conn.execute("DROP TABLE answers")  # stand-in for a disk that stops accepting writes
    assert store.record(session, PACK, answer("c1", "fact", "fact", T0)) is None
    assert store.warning is not None and store.warning.startswith("Progress could not be saved")
    store.close()


def test_a_store_on_a_connection_made_elsewhere_creates_the_schema_and_owns_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.db"
    conn = sqlite3.connect(path)  # Python's default: transactions opened implicitly
    store = ProgressStore.from_connection(conn, path=path, persistent=True)
    assert (store.path, store.persistent, store.warning) == (path, True, None)
    session = store.start_session("ana", PACK, at=T0)
    # The caller's own writes on the connection are committed at once, not held open.
    conn.execute(
        "INSERT INTO answers (session_id, player, pack_id, pack_hash, claim_id, chosen, "
        "correct, hinted, seconds, answered_at) VALUES (?, 'ana', 'p', 'h', 'c0', 'fact', "
        "'fact', 0, 1.0, '2025-04-17T11:00:00.000000+00:00')",
        (session.id,),
    )
    assert store.record(session, PACK, answer("c1", "fact", "fact", T0)) is not None
    store.close()
    with ProgressStore.open(path) as reopened:
        assert [a.claim_id for a in reopened.answers()] == ["c0", "c1"]


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        ("PRAGMA user_version = 1", "the table answers is missing"),
        ("PRAGMA user_version = 99", "it comes from a newer ClaimSort (schema 99)"),
    ],
)
def test_a_store_refuses_a_connection_whose_database_is_not_its_schema(
    statement: str, error: str
) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(statement)
    with pytest.raises(StoreError, match=re.escape(error)):
        ProgressStore.from_connection(conn)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []  # left alone
    conn.close()


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * 41, "at most 40"),
        ("ana\tbel", "control"),
        ("ana\u202eleb", "control"),
        ("=HYPERLINK(1)", "= + - or @"),
        ("@ana", "= + - or @"),
    ],
)
def test_bad_player_names_are_refused(name: str, error: str) -> None:
    with pytest.raises(ValueError) as info:
        check_player_name(name)
    assert error in str(info.value)


def test_good_player_names_are_kept_stripped(tmp_path: Path) -> None:
    assert check_player_name("  María José ") == "María José"
    with ProgressStore.open(tmp_path / "p.db") as store:
        assert store.start_session(" ana ", PACK).player == "ana"
        with pytest.raises(ValueError):
            store.start_session("=1+1", PACK)


def test_default_player_falls_back_when_there_is_no_user_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_user() -> str:
        raise OSError("no user")

    monkeypatch.setattr(players.getpass, "getuser", no_user)
    assert default_player() == "player"
    monkeypatch.setattr(players.getpass, "getuser", lambda: "ana")
    assert default_player() == "ana"


def test_a_name_is_stored_in_one_spelling(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        store.start_session("Ana\u0301", None)  # a + combining accent
        store.start_session("An\u00e1", None)  # precomposed
        assert store.players() == ["An\u00e1"]
