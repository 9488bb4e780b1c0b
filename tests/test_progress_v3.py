"""Schema version 3: how sure the player was (`answers.confidence`) and the class a session
was played in (`sessions.class_name`), from writing them to reading and adding them up."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakes import FakeAnswer, FakeClaim, FakePack

from game.progress import ProgressStore
from game.progress.rows import PlayedRound
from game.progress.schema import MIGRATIONS
from game.stats import compute_stats

T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)


def test_confidence_and_class_are_written_and_read_back(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        session = store.start_session("ana", FakePack(), at=T0, class_name="9B")
        store.record(
            session, FakePack(), FakeAnswer(FakeClaim("c1"), "fact", "fact", T0, confidence="high")
        )
        store.record(
            session,
            FakePack(),
            FakeAnswer(FakeClaim("c2"), "fact", "assertion", T0, confidence=None),
        )
        plain = store.start_session("ana", FakePack(), at=T0 + timedelta(hours=1))
        assert store.warning is None
    with ProgressStore.open(tmp_path / "progress.db") as store:
        assert [(a.claim_id, a.confidence) for a in store.answers()] == [
            ("c1", "high"),
            ("c2", None),
        ]
        by_id = {s.id: s.class_name for s in store.sessions()}
        assert by_id == {session.id: "9B", plain.id: None}


def test_an_unknown_confidence_level_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        session = store.start_session("ana", FakePack(), at=T0)
        with pytest.raises(ValueError, match="unknown confidence level 'sure'"):
            store.record(
                session,
                FakePack(),
                FakeAnswer(FakeClaim("c1"), "fact", "fact", T0, confidence="sure"),
            )
        assert store.answers() == []


def test_rounds_in_bulk_carry_their_class(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        played = PlayedRound(
            player="ben",
            pack=FakePack(),
            started_at=T0,
            answers=[FakeAnswer(FakeClaim("c1"), "disputed", "disputed", T0, confidence="low")],
            class_name="History 2",
        )
        assert store.record_rounds([played]) == 1
        [session] = store.sessions()
        assert session.class_name == "History 2"
        assert [a.confidence for a in store.answers()] == ["low"]


def test_the_stats_add_answers_up_by_confidence(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        session = store.start_session("ana", FakePack(), at=T0)
        for n, (chosen, level) in enumerate(
            [("fact", "high"), ("fact", "high"), ("assertion", "high"), ("fact", None)]
        ):
            store.record(
                session,
                FakePack(),
                FakeAnswer(FakeClaim(f"c{n}"), chosen, "fact", T0, confidence=level),
            )
        summary = store.summary("ana", latest=5)
        assert summary is not None
        counts = {(g.chosen, g.confidence): g.answered for g in summary.groups}
        assert counts == {("fact", "high"): 2, ("assertion", "high"): 1, ("fact", None): 1}


def test_a_confidence_another_program_wrote_is_left_out_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with ProgressStore.open(path) as store:
        session = store.start_session("ana", FakePack(), at=T0)
        store.record(
            session, FakePack(), FakeAnswer(FakeClaim("c1"), "fact", "fact", T0, confidence="high")
        )
        store.record(
            session, FakePack(), FakeAnswer(FakeClaim("c2"), "fact", "fact", T0, confidence="low")
        )
    conn = sqlite3.connect(path)
    conn.execute("UPDATE answers SET confidence = 'certain' WHERE claim_id = 'c2'")
    conn.commit()
    conn.close()
    with ProgressStore.open(path) as store:
        # The sum in SQL would count a value the decoder refuses: the store says so...
        assert store.summary("ana", latest=5) is None
        # ...and the stats read the rows instead, leaving the bad one out, with a warning.
        stats = compute_stats(store, "ana", [], now=T0 + timedelta(days=1))
        assert stats.total.answered == 1
        assert store.warning is not None and "confidence is 'certain'" in store.warning


def test_a_version_2_file_is_migrated_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    for step in (1, 2):
        for statement in MIGRATIONS[step]:
            conn.execute(statement)
    conn.execute(
        "INSERT INTO sessions VALUES (1, 'ana', 'p0', 'd', 'play', "
        "'2025-04-17T09:00:00.000000+00:00', NULL)"
    )
    conn.execute(
        "INSERT INTO answers VALUES (1, 1, 'ana', 'p0', 'd', 'c1', 'fact', 'assertion', 0, 3.0, "
        "'2025-04-17T09:00:10.000000+00:00')"
    )
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with ProgressStore.open(path) as store:
        assert store.warning is None
        assert store.backup is not None and store.backup.name.startswith("progress.db.v2-backup-")
        [answer] = store.answers()
        assert (answer.claim_id, answer.confidence) == ("c1", None)
        [session] = store.sessions()
        assert session.class_name is None
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (3,)
    conn.close()
