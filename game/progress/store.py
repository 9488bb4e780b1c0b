"""`ProgressStore`: answers and sessions recorded as they are given, and read back."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from game.i18n import _
from game.paths import data_home
from game.players import check_player_name, usable_name
from game.progress.connection import DamagedError, connect, damage_raised, reason, rollback
from game.progress.queries import (
    ANSWER_COLUMNS,
    ANSWER_GROUPS,
    FROM_LATEST_MISS,
    LATEST_SESSIONS,
    MISSED_CLAIMS,
    NOT_AS_WRITTEN,
    PACK_PATHS,
    PACK_SESSIONS,
    PLAYERS,
    SESSION_COLUMNS,
    SESSION_TALLIES,
)
from game.progress.recovery import Opened, Reading, Writing, open_progress
from game.progress.rows import (
    AnswerGroup,
    AnswerLike,
    AnswerRecord,
    AnswerSummary,
    ClaimHistory,
    PackLike,
    PlayedRound,
    Session,
    SessionRecord,
    SessionTally,
    StoreError,
    answer_record,
    decode,
    parse_stamp,
    session_record,
    stamp,
    to_utc,
)
from game.progress.schema import TooNewError, check_schema, migrate

R = TypeVar("R")

FILE_NAME = "progress.db"


def default_path() -> Path:
    """`<data home>/progress.db`; the data home honours `$CLAIMSORT_HOME`."""
    return data_home() / FILE_NAME


class ProgressStore:
    """Answers and sessions, in a SQLite file or (when that is impossible) in memory.

    Open with `ProgressStore.open()` (the game) or `open_readonly()` (commands that
    only read); `in_memory()` keeps answers for one run; `from_connection()` takes a
    connection made elsewhere (tests that inject a fault through it, tools). Safe to
    share between threads; open one store per process (several processes may write
    the same file at once).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        path: Path | None,
        persistent: bool,
        warning: str | None = None,
    ) -> None:
        """A store on `conn`, which must already hold the current schema in autocommit
        mode; use one of the class methods, which see to that."""
        self._conn = conn
        self._lock = threading.RLock()
        self.path: Path | None = path
        """The file, or None for a store that was never meant to have one."""
        self.persistent: bool = persistent
        """Whether answers are saved to `path` (False: kept in memory for this run only)."""
        self.warning: str | None = warning
        """One line for the user when progress is not being saved as it should, else None."""
        self.backup: Path | None = None
        """The copy made before migrating the file's schema, if one was made on opening."""
        self.moved_aside: Path | None = None
        """Where a damaged file was moved on opening, if it was."""

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None, *, create: bool = True) -> ProgressStore:
        """Open (or create) the progress file; never raises for a bad file or folder.

        `path` defaults to `default_path()`. With `create=False` a missing file gives an
        empty in-memory store without a warning (for read-only commands such as stats).
        A damaged file is moved to `progress.db.corrupt-<UTC time>` and a fresh one
        started; a file or folder that cannot be written, or a file from a newer
        ClaimSort (left untouched), gives an in-memory store. Each sets `.warning`.
        """
        path = Path(path) if path is not None else default_path()
        return cls._opened(open_progress(path, Writing(create=create)), path)

    @classmethod
    def open_readonly(cls, path: Path | str | None = None) -> ProgressStore:
        """Open the progress file to read it only (`claimsort stats`, `export`).

        Never creates, migrates or switches the file's journal, and takes no write lock,
        so it reads a file or folder that cannot be written, and leaves the file as it
        was. A missing or new file gives an empty store. A damaged file is moved aside
        as `open()` does (a rename, which leaves its bytes alone) but no new file is
        started. When the file cannot be read at all, the store is empty and `.warning`
        says so. The store refuses writes (`persistent` is False).
        """
        path = Path(path) if path is not None else default_path()
        return cls._opened(open_progress(path, Reading()), path)

    @classmethod
    def _opened(cls, opened: Opened, path: Path) -> ProgressStore:
        if opened.conn is None:
            store = cls.in_memory(path=path, warning=opened.warning)
        else:
            store = cls(
                opened.conn, path=path, persistent=opened.persistent, warning=opened.warning
            )
        store.backup = opened.backup
        store.moved_aside = opened.moved_aside
        return store

    @classmethod
    def in_memory(cls, *, path: Path | None = None, warning: str | None = None) -> ProgressStore:
        """A store that keeps answers for this run only."""
        return cls.from_connection(connect(":memory:"), path=path, warning=warning)

    @classmethod
    def from_connection(
        cls,
        conn: sqlite3.Connection,
        *,
        path: Path | None = None,
        persistent: bool = False,
        warning: str | None = None,
    ) -> ProgressStore:
        """A store on a connection made elsewhere: for tests, which inject a fault
        through their own connection (drop a table, close it), and for tools.

        The store takes the connection over: it is switched to autocommit (the store
        writes in explicit `BEGIN IMMEDIATE` transactions), its schema is created or
        brought up to date (without a backup), and `close()` closes it. Share the store
        between threads only when the connection was made with `check_same_thread=False`.
        `path` and `persistent` are what the store reports, as for `open()`. Raises
        StoreError when the database holds tables that are not the schema it claims, or
        comes from a newer ClaimSort; sqlite3.Error when SQLite fails.
        """
        conn.isolation_level = None
        try:
            with damage_raised():
                check_schema(conn)
                migrate(conn, None)
                check_schema(conn)
        except DamagedError as damage:
            raise StoreError(str(damage)) from None
        except TooNewError as too_new:
            raise StoreError(
                _("it comes from a newer ClaimSort (schema {version})").format(
                    version=too_new.version
                )
            ) from None
        return cls(conn, path=path, persistent=persistent, warning=warning)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------

    def _insert(self, sql: str, values: Sequence[object]) -> int | None:
        """Insert one row in a write transaction of its own; the row's id, or None when
        it could not be saved (then `.warning` says why, and the game goes on).

        Every write goes through here, so waiting out or queuing a write that cannot be
        made yet belongs here too.
        """
        try:
            with self._lock:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    row_id = self._conn.execute(sql, values).lastrowid
                    self._conn.execute("COMMIT")
                except BaseException:
                    rollback(self._conn)
                    raise
                return row_id
        except sqlite3.Error as exc:
            self.warning = _("Progress could not be saved: {reason}.").format(reason=reason(exc))
            return None

    def start_session(
        self,
        player: str,
        pack: PackLike | None,
        *,
        review: bool = False,
        at: datetime | None = None,
        path: Path | str | None = None,
    ) -> Session:
        """Begin a round for `player` on `pack` (None: a review across packs), played
        from the pack file at `path` (kept so that review finds the pack again; a
        relative path is taken from the current folder).

        Raises ValueError for a player name `check_player_name` refuses. When the
        session cannot be saved, `.warning` is set and the session's id is None; its
        answers are still recorded when the store recovers.
        """
        player = check_player_name(player)
        started = to_utc(at or datetime.now(UTC))
        session_id = self._insert(
            _INSERT_SESSION, _session_values(player, pack, review, started, path)
        )
        return Session(id=session_id, player=player, started_at=started)

    def record(self, session: Session, pack: PackLike, answer: AnswerLike) -> int | None:
        """Save one answer at once; returns its row id, or None when it could not be
        saved (then `.warning` says why, and the game goes on)."""
        return self._insert(
            _INSERT_ANSWER, _answer_values(session.id, session.player, pack, answer)
        )

    def record_rounds(self, rounds: Iterable[PlayedRound]) -> int | None:
        """Record whole rounds, each a session and its answers, in one transaction: all
        of them or none. For bringing in many answers at once (tools, benchmarks); the
        game saves each answer as it is given, with `record()`.

        Returns how many answers were saved, or None when nothing could be (then
        `.warning` says why). Raises ValueError, saving nothing, for a player name
        `check_player_name` refuses.
        """
        count = 0
        try:
            with self._lock:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for played in rounds:
                        player = check_player_name(played.player)
                        session_id = self._conn.execute(
                            _INSERT_SESSION,
                            _session_values(
                                player,
                                played.pack,
                                played.review,
                                to_utc(played.started_at),
                                played.path,
                            ),
                        ).lastrowid
                        self._conn.executemany(
                            _INSERT_ANSWER,
                            [
                                _answer_values(session_id, player, played.pack, answer)
                                for answer in played.answers
                            ],
                        )
                        count += len(played.answers)
                    self._conn.execute("COMMIT")
                except BaseException:
                    rollback(self._conn)
                    raise
        except sqlite3.Error as exc:
            self.warning = _("Progress could not be saved: {reason}.").format(reason=reason(exc))
            return None
        return count

    # -- reading ------------------------------------------------------------------

    def answers(
        self,
        *,
        player: str | None = None,
        pack_id: str | None = None,
        claim_id: str | None = None,
        strict: bool = False,
    ) -> list[AnswerRecord]:
        """Recorded answers, oldest first, optionally for one player, pack and/or claim.

        A row holding a value this code would not have written is left out and
        `.warning` says how many were, naming the first; with `strict=True` it raises
        StoreError naming the row instead. StoreError also when SQLite fails the read.
        """
        where, params = _filters(player=player, pack_id=pack_id, claim_id=claim_id)
        rows = self._read(
            f"SELECT {ANSWER_COLUMNS} FROM answers {where} ORDER BY answered_at, id", params
        )
        return self._decoded(decode(rows, answer_record, "answer", strict=strict))

    def sessions(self, *, player: str | None = None, strict: bool = False) -> list[SessionRecord]:
        """Sessions, oldest first, optionally for one player; bad rows as in `answers()`."""
        where, params = _filters(player=player)
        rows = self._read(
            f"SELECT {SESSION_COLUMNS} FROM sessions {where} ORDER BY started_at, id", params
        )
        return self._decoded(decode(rows, session_record, "session", strict=strict))

    def players(self) -> list[str]:
        """Everyone who has played on this machine, most recently active first.

        A name this version would refuse (written by hand or by another program) is
        left out: it could not be chosen, and may hold characters a terminal acts on.
        """
        rows = self._read(PLAYERS)
        return [row[0] for row in rows if isinstance(row[0], str) and usable_name(row[0])]

    def summary(self, player: str, *, latest: int) -> AnswerSummary | None:
        """The player's answers added up in SQL, with their `latest` sessions that hold
        answers: what the stats need, without reading every answer.

        None when the player has a row this code would not have written: adding it up
        would count a value the row decoders leave out, so read `answers()` and
        `sessions()` instead (they say what they left out). StoreError when SQLite
        fails the read.
        """

        def read(conn: sqlite3.Connection) -> AnswerSummary | None:
            values = {"player": player}
            if conn.execute(NOT_AS_WRITTEN, values).fetchone()[0]:
                return None
            groups = tuple(
                AnswerGroup(
                    pack_id=pack_id,
                    correct=correct,
                    chosen=chosen,
                    answered=answered,
                    hinted=hinted,
                    seconds=seconds,
                    last_answered_at=parse_stamp(last),
                )
                for pack_id, correct, chosen, answered, hinted, seconds, last in conn.execute(
                    ANSWER_GROUPS, values
                )
            )
            pack_sessions = dict(conn.execute(PACK_SESSIONS, values).fetchall())
            sessions = [
                session_record(row)
                for row in conn.execute(LATEST_SESSIONS, {**values, "limit": max(latest, 0)})
            ]
            ids = json.dumps([session.id for session in sessions])
            tallies = {
                row[0]: row[1:] for row in conn.execute(SESSION_TALLIES, {**values, "ids": ids})
            }
            latest_first = (
                SessionTally(session, *tallies[session.id])
                for session in sessions
                if session.id in tallies
            )
            return AnswerSummary(
                groups=groups,
                pack_sessions=pack_sessions,
                latest=tuple(reversed(list(latest_first))),
            )

        return self._reading(read)

    def missed_claims(self, player: str) -> list[ClaimHistory] | None:
        """Every claim the player missed at least once, in pack and claim id order, with
        the answers its place in review depends on (see `ClaimHistory`): what review
        needs, without reading every answer.

        None when the player has a row this code would not have written (read
        `answers()` instead, as for `summary()`). StoreError when SQLite fails the read.
        """

        def read(conn: sqlite3.Connection) -> list[ClaimHistory] | None:
            values = {"player": player}
            if conn.execute(NOT_AS_WRITTEN, values).fetchone()[0]:
                return None
            claims = conn.execute(MISSED_CLAIMS, values).fetchall()
            unchanged = [
                latest for _pack, _claim, latest, _misses, changed in claims if not changed
            ]
            tails: dict[tuple[str, str], list[AnswerRecord]] = {}
            for row in conn.execute(FROM_LATEST_MISS, {"ids": json.dumps(unchanged)}):
                record = answer_record(row)
                tails.setdefault((record.pack_id, record.claim_id), []).append(record)
            histories = []
            for pack_id, claim_id, _latest, misses, changed in claims:
                if changed:
                    rows = conn.execute(
                        f"SELECT {ANSWER_COLUMNS} FROM answers "
                        "WHERE player = ? AND pack_id = ? AND claim_id = ? "
                        "ORDER BY answered_at, id",
                        (player, pack_id, claim_id),
                    )
                    answers = tuple(answer_record(row) for row in rows)
                    earlier = 0
                else:
                    answers = tuple(tails[pack_id, claim_id])
                    earlier = misses - 1  # the latest miss is the first of `answers`
                histories.append(ClaimHistory(pack_id, claim_id, answers, earlier))
            return histories

        return self._reading(read)

    def pack_paths(self) -> dict[str, str]:
        """Pack id -> the path it was last played from (by anyone), for each pack whose
        path was recorded. The paths are as stored: check them before use."""
        return {
            pack_id: path
            for pack_id, path in self._read(PACK_PATHS)
            if isinstance(pack_id, str) and isinstance(path, str)
        }

    def _read(self, sql: str, params: Sequence[str] = ()) -> list[tuple[object, ...]]:
        try:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(str(exc) or type(exc).__name__) from exc

    def _reading(self, read: Callable[[sqlite3.Connection], R]) -> R:
        """`read(connection)` in one read transaction, so that its queries see the same
        answers even while another process writes; StoreError when SQLite fails."""
        try:
            with self._lock:
                self._conn.execute("BEGIN")
                try:
                    return read(self._conn)
                finally:
                    rollback(self._conn)
        except sqlite3.Error as exc:
            raise StoreError(str(exc) or type(exc).__name__) from exc

    def _decoded(self, decoded: tuple[list[R], str | None]) -> list[R]:
        records, warning = decoded
        if warning is not None:
            self.warning = warning
        return records


_INSERT_SESSION = (
    "INSERT INTO sessions (player, pack_id, pack_hash, mode, started_at, pack_path) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_ANSWER = (
    "INSERT INTO answers (session_id, player, pack_id, pack_hash, claim_id, "
    "chosen, correct, hinted, seconds, answered_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _session_values(
    player: str, pack: PackLike | None, review: bool, started: datetime, path: Path | str | None
) -> tuple[object, ...]:
    return (
        player,
        pack.id if pack is not None else None,
        pack.digest if pack is not None else None,
        "review" if review else "play",
        stamp(started),
        None if path is None else str(Path(path).resolve()),
    )


def _answer_values(
    session_id: int | None, player: str, pack: PackLike, answer: AnswerLike
) -> tuple[object, ...]:
    return (
        session_id,
        player,
        pack.id,
        pack.digest,
        answer.claim.id,
        answer.chosen,
        answer.correct,
        int(bool(answer.hinted)),
        float(answer.seconds),
        stamp(answer.at),
    )


def _filters(**values: str | None) -> tuple[str, Sequence[str]]:
    clauses = [f"{column} = ?" for column, value in values.items() if value is not None]
    params = [value for value in values.values() if value is not None]
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
