"""Years of answers: the store's reads that add answers up in SQL or walk its indexes
give what reading every row gives, never scan every answer, and step aside for rows
another program wrote (issue 9)."""

from __future__ import annotations

import contextlib
import math
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import answers_pack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.pack import Pack
from game.progress import PlayedRound, ProgressStore, queries, schema
from game.progress.rows import AnswerSummary, answer_record, parse_stamp
from game.review import claim_reviews, reviews_from_answers
from game.round import Answer
from game.stats import compute_stats, stats_from, summary_of

T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)
CATEGORIES = ("fact", "assertion", "disputed")
PACKS = {
    "p0": answers_pack("p0", {"c0": "fact", "c1": "assertion", "c2": "disputed"}),
    "p1": answers_pack("p1", {"c0": "disputed", "c1": "fact"}),
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        yield store


@contextlib.contextmanager
def another_program(store: ProgressStore) -> Iterator[sqlite3.Connection]:
    """A connection of its own to the store's file, as another program (a `sqlite3`
    shell) would open it; what it changes is committed when the block ends."""
    assert store.path is not None and store.persistent
    conn = sqlite3.connect(store.path)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def answer(pack: Pack, claim_id: str, chosen: str, at: datetime, **extra: object) -> Answer:
    claim = pack.claim(claim_id)
    assert claim is not None
    fields: dict[str, object] = {"correct": claim.answer, "hinted": False, "seconds": 3.0}
    fields.update(extra)
    return Answer(claim=claim, chosen=chosen, at=at, **fields)  # type: ignore[arg-type]


# -- a random history, recorded through the store --------------------------------------

one_answer = st.tuples(
    st.sampled_from(sorted(PACKS)),
    st.integers(0, 2),
    st.sampled_from(CATEGORIES),
    st.sampled_from(CATEGORIES),  # the right answer then: packs get edited
    st.booleans(),
    st.integers(0, 40),  # minutes after the round started; equal times happen
    st.floats(0, 90, allow_nan=False),
)
rounds = st.lists(
    st.tuples(
        st.sampled_from(["ana", "ben"]),
        st.integers(0, 60 * 24 * 40),  # when the round started, in minutes
        st.booleans(),  # a review round
        st.lists(one_answer, max_size=6),
    ),
    max_size=12,
)


def record(store: ProgressStore, history: list) -> None:
    played = []
    for player, start, review, answers in history:
        pack = PACKS[answers[0][0]] if answers else PACKS["p0"]
        started = T0 + timedelta(minutes=start)
        given = []
        for pack_id, number, chosen, correct, hinted, minutes, seconds in answers:
            if pack_id != pack.id:
                continue  # a round is one pack's
            claim_id = pack.claims[number % len(pack.claims)].id
            at = started + timedelta(minutes=minutes)
            given.append(
                answer(pack, claim_id, chosen, at, correct=correct, hinted=hinted, seconds=seconds)
            )
        played.append(PlayedRound(player, pack, started, given, review=review))
    assert store.record_rounds(played) == sum(len(p.answers) for p in played)
    # And one answer outside any session, as when a session could not be saved.
    store.record(
        replace(store.start_session("ana", PACKS["p1"], at=T0), id=None),
        PACKS["p1"],
        answer(PACKS["p1"], "c1", "fact", T0 + timedelta(days=3)),
    )


def rounded(summary: AnswerSummary) -> AnswerSummary:
    # SQL adds the seconds up in another order: the last bits may differ.
    groups = tuple(
        sorted(
            (replace(g, seconds=round(g.seconds, 6)) for g in summary.groups),
            key=lambda g: (g.pack_id, g.correct, g.chosen),
        )
    )
    return replace(summary, groups=groups)


settle = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@settle
@given(history=rounds, latest=st.integers(0, 4))
def test_the_summary_in_sql_is_the_one_from_every_row(history, latest) -> None:
    with ProgressStore.in_memory() as store:
        record(store, history)
        for player in ("ana", "ben"):
            from_sql = store.summary(player, latest=latest)
            assert from_sql is not None
            from_rows = summary_of(
                store.answers(player=player), store.sessions(player=player), latest
            )
            assert rounded(from_sql) == rounded(from_rows)


@settle
@given(history=rounds)
def test_review_read_from_the_latest_misses_is_review_read_from_every_answer(history) -> None:
    with ProgressStore.in_memory() as store:
        record(store, history)
        for player in ("ana", "ben"):
            key = lambda r: (r.pack_id, r.claim_id)  # noqa: E731
            fast = sorted(claim_reviews(store, player), key=key)
            full = sorted(reviews_from_answers(store.answers(player=player)), key=key)
            assert fast == full


@settle
@given(history=rounds)
def test_stats_from_the_store_are_the_stats_of_every_row(history) -> None:
    now = T0 + timedelta(days=20)
    with ProgressStore.in_memory() as store:
        record(store, history)
        packs = list(PACKS.values())
        fast = compute_stats(store, "ana", packs, now=now, trend_sessions=3)
        full = stats_from(
            "ana", store.answers(player="ana"), store.sessions(player="ana"), packs,
            now=now, trend_sessions=3,
        )  # fmt: skip
        if full.seconds_per_answer is not None:
            assert fast.seconds_per_answer == pytest.approx(full.seconds_per_answer)
        assert replace(fast, seconds_per_answer=None) == replace(full, seconds_per_answer=None)


OLD_PLAYERS = (
    "SELECT player FROM (SELECT player, started_at AS t FROM sessions "
    "UNION ALL SELECT player, answered_at AS t FROM answers"
    ") GROUP BY player ORDER BY MAX(t) DESC, player"
)
"""How players were listed before, reading every answer: the order to keep."""


@settle
@given(history=rounds)
def test_players_come_in_the_order_reading_every_row_gave(history) -> None:
    conn = sqlite3.connect(":memory:")
    with ProgressStore.from_connection(conn) as store:
        record(store, history)
        store.start_session("cleo", PACKS["p0"], at=T0 + timedelta(days=90))
        old = [row[0] for row in conn.execute(OLD_PLAYERS)]
        assert store.players() == old


# -- no read scans every answer ----------------------------------------------------------

_TABLE_SCAN = re.compile(r"^SCAN (answers|sessions)\b|^SCAN (a|x|s|l)\b")


@pytest.mark.parametrize(
    "name",
    [
        "NOT_AS_WRITTEN",
        "LATEST_SESSIONS",
        "SESSION_TALLIES",
        "MISSED_CLAIMS",
        "FROM_LATEST_MISS",
        "PACK_PATHS",
        "PLAYERS",
    ],
)
def test_the_reads_for_start_up_review_and_the_home_screen_seek_and_never_scan(
    store: ProgressStore, name: str
) -> None:
    sql = getattr(queries, name)
    values = {"player": "ana", "limit": 3, "ids": "[1, 2]"}
    with another_program(store) as conn:
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, values)]
    assert not [step for step in plan if _TABLE_SCAN.match(step)], plan
    # And where they read the answers, through an index (a seek, never every row).
    assert all("USING" in step for step in plan if step.startswith("SEARCH"))


# -- rows the store would not have written -------------------------------------------------


def test_what_the_store_writes_is_as_written(store: ProgressStore) -> None:
    session = store.start_session("ana", PACKS["p0"], at=T0, path="/class/p0.toml")
    store.record(session, PACKS["p0"], answer(PACKS["p0"], "c0", "assertion", T0, hinted=True))
    store.record_rounds(
        [PlayedRound("ana", PACKS["p1"], T0, [answer(PACKS["p1"], "c1", "fact", T0)])]
    )
    with another_program(store) as conn:
        assert conn.execute(
            f"SELECT COUNT(*) FROM answers WHERE {schema.ANSWER_AS_WRITTEN}"
        ).fetchone() == (2,)
        assert conn.execute(
            f"SELECT COUNT(*) FROM sessions WHERE {schema.SESSION_AS_WRITTEN}"
        ).fetchone() == (2,)
    assert store.summary("ana", latest=10) is not None
    assert store.missed_claims("ana", lambda history: history) is not None


stamps = st.builds(
    "{}-{}-{}T{}:{}:{}.{}{}".format,
    st.integers(0, 10000).map(lambda n: f"{n:04}"),
    st.integers(0, 13).map(lambda n: f"{n:02}"),
    st.integers(0, 32).map(lambda n: f"{n:02}"),
    st.integers(0, 25).map(lambda n: f"{n:02}"),
    st.integers(0, 61).map(lambda n: f"{n:02}"),
    st.integers(0, 61).map(lambda n: f"{n:02}"),
    st.integers(0, 999999).map(lambda n: f"{n:06}"),
    st.sampled_from(["+00:00", "+01:00", "Z", "", "+00:00 "]),
)


@settings(max_examples=300, deadline=None)
@given(stamp=stamps)
def test_a_time_taken_as_written_always_reads_back(stamp: str) -> None:
    # The SQL rule may take fewer rows than the decoder reads (those go the slow way),
    # never more: a row counted in SQL must be one the decoder would keep, at that time.
    conn = sqlite3.connect(":memory:")
    (written,) = conn.execute(f"SELECT {schema.stamp_as_written(':t')}", {"t": stamp}).fetchone()
    if written:
        # The decoder the store's rows go through keeps it, at the time the text says.
        at = answer_record(
            (1, None, "ana", "p", "h", "c", "fact", "fact", 0, 1.0, stamp)
        ).answered_at
        assert at == parse_stamp(stamp)
        assert at.isoformat(timespec="microseconds") == stamp  # and sorts as text does


ODD = [
    ("hinted", "2", "hinted is 2, not 0 or 1"),
    ("seconds", "'abc'", "seconds is 'abc', not a number of seconds"),
    ("seconds", "-1.0", "seconds is -1.0, not a number of seconds"),
    ("answered_at", "'2025-02-30T09:00:00.000000+00:00'", "not a date and time"),
    ("claim_id", "x'00'", "claim_id is b'\\x00', not text"),
]


@pytest.mark.parametrize(("column", "value", "said"), ODD)
def test_a_row_another_program_wrote_sends_the_stats_the_slow_way_and_is_said(
    store: ProgressStore, column: str, value: str, said: str
) -> None:
    pack = PACKS["p0"]
    session = store.start_session("ana", pack, at=T0)
    for n, claim_id in enumerate(["c0", "c1", "c2"]):
        store.record(session, pack, answer(pack, claim_id, "fact", T0 + timedelta(minutes=n)))
    with another_program(store) as conn:
        conn.execute(f"UPDATE answers SET {column} = {value} WHERE claim_id = 'c2'")
    assert store.summary("ana", latest=10) is None
    assert store.missed_claims("ana", lambda history: history) is None
    stats = compute_stats(store, "ana", [pack], now=T0 + timedelta(days=1))
    assert stats.total.answered == 2  # the bad row is left out...
    assert store.warning is not None and said in store.warning  # ...and said


def test_a_valid_time_in_another_form_is_read_the_slow_way_and_counted(
    store: ProgressStore,
) -> None:
    pack = PACKS["p0"]
    session = store.start_session("ana", pack, at=T0)
    store.record(session, pack, answer(pack, "c1", "fact", T0))
    with another_program(store) as conn:
        conn.execute("UPDATE answers SET answered_at = '2025-04-17T11:00:00+02:00'")
    assert store.summary("ana", latest=10) is None
    stats = compute_stats(store, "ana", [pack], now=T0 + timedelta(days=1))
    assert stats.total.answered == 1 and stats.due_now == 1 and store.warning is None


# -- the migration, the pack paths, recording in bulk --------------------------------------


def test_a_version_1_file_is_migrated_with_a_backup_and_keeps_every_answer(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.db"
    conn = sqlite3.connect(path)
    for statement in schema.MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO sessions VALUES (1, 'ana', 'p0', 'd', 'play', '2025-04-17T09:00:00.000000+00:00')"
    )
    conn.execute(
        "INSERT INTO answers VALUES (1, 1, 'ana', 'p0', 'd', 'c1', 'fact', 'assertion', 0, 3.0, "
        "'2025-04-17T09:00:10.000000+00:00')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with ProgressStore.open(path) as store:
        assert store.warning is None
        assert store.backup is not None and store.backup.name.startswith("progress.db.v1-backup-")
        [session] = store.sessions()
        assert session.pack_path is None
        assert [r.claim_id for r in store.answers()] == ["c1"]
        assert [i.claim.id for i in claim_reviews_items(store)] == ["c1"]
        with another_program(store) as conn:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert {"answers_missed", "answers_by_claim", "answers_not_as_written"} <= names
        assert "answers_by_player" not in names


def claim_reviews_items(store: ProgressStore) -> list:
    from game.review import review_queue

    return review_queue(store, [PACKS["p0"]], "ana")


def test_each_pack_is_remembered_where_it_was_last_played_from(
    store: ProgressStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store.start_session("ana", PACKS["p0"], at=T0, path="/class/p0.toml")
    store.start_session("ben", PACKS["p0"], at=T0 + timedelta(days=1), path="moved/p0.toml")
    store.start_session("ana", PACKS["p1"], at=T0, path=tmp_path / "p1.toml")
    store.start_session("ana", PACKS["p1"], at=T0 - timedelta(days=1), path="/old/p1.toml")
    store.start_session("ana", PACKS["p0"], at=T0 + timedelta(days=2))  # no path: kept
    assert store.pack_paths() == {
        "p0": str(tmp_path / "moved" / "p0.toml"),  # relative: from the current folder
        "p1": str(tmp_path / "p1.toml"),
    }


def test_recording_rounds_in_bulk_is_all_or_nothing(store: ProgressStore) -> None:
    pack = PACKS["p0"]
    good = PlayedRound("ana", pack, T0, [answer(pack, "c0", "fact", T0)])
    with pytest.raises(ValueError, match="cannot start with"):
        store.record_rounds([good, PlayedRound("=cmd", pack, T0, [])])
    assert store.answers() == [] and store.sessions() == []
    assert store.record_rounds([good, good]) == 2
    assert [s.player for s in store.sessions()] == ["ana", "ana"]
    assert all(not math.isnan(r.seconds) for r in store.answers())


def test_answers_listed_out_of_claim_order_are_each_handed_to_their_claim() -> None:
    # The read lists a claim's answers together, claim after claim; should SQLite ever
    # list them in another order, each claim still gets all of its own.
    from game.progress.store import _ClaimGroups

    def row(n: int, claim: str) -> tuple[object, ...]:
        return (n, 1, "ana", "p", "h" * 64, claim, "fact", "disputed", 0, 2.0,
                f"2025-04-17T09:00:0{n}.000000+00:00", None)  # fmt: skip

    groups = _ClaimGroups([row(1, "b"), row(2, "b"), row(3, "a"), row(4, "c"), row(5, "a")])
    assert [r.id for r in groups.take(("p", "a"))] == [3]
    assert [r.id for r in groups.take(("p", "b"))] == [1, 2]
    assert [r.id for r in groups.take(("p", "c"))] == [4]
    assert [r.id for r in groups.take(("p", "a"))] == [5]
    assert groups.take(("p", "d")) == ()
