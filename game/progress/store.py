"""`ProgressStore`: answers and sessions recorded as they are given, and read back."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from game.i18n import _
from game.paths import data_home
from game.players import check_player_name, usable_name
from game.progress.connection import DamagedError, connect, damage_raised, reason, rollback
from game.progress.recovery import Opened, Reading, Writing, open_progress
from game.progress.rows import (
    AnswerLike,
    AnswerRecord,
    PackLike,
    RowDecoder,
    Session,
    SessionRecord,
    StoreError,
    answer_record,
    decode,
    session_record,
    stamp,
    to_utc,
)
from game.progress.schema import TooNewError, check_schema, migrate

R = TypeVar("R")

FILE_NAME = "progress.db"
READ_BATCH = 1000
"""Rows `iter_answers()` reads from SQLite at a time."""


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
    ) -> Session:
        """Begin a round for `player` on `pack` (None: a review across packs).

        Raises ValueError for a player name `check_player_name` refuses. When the
        session cannot be saved, `.warning` is set and the session's id is None; its
        answers are still recorded when the store recovers.
        """
        player = check_player_name(player)
        started = to_utc(at or datetime.now(UTC))
        session_id = self._insert(
            "INSERT INTO sessions (player, pack_id, pack_hash, mode, started_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                player,
                pack.id if pack is not None else None,
                pack.digest if pack is not None else None,
                "review" if review else "play",
                stamp(started),
            ),
        )
        return Session(id=session_id, player=player, started_at=started)

    def record(self, session: Session, pack: PackLike, answer: AnswerLike) -> int | None:
        """Save one answer at once; returns its row id, or None when it could not be
        saved (then `.warning` says why, and the game goes on)."""
        return self._insert(
            "INSERT INTO answers (session_id, player, pack_id, pack_hash, claim_id, "
            "chosen, correct, hinted, seconds, answered_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session.id,
                session.player,
                pack.id,
                pack.digest,
                answer.claim.id,
                answer.chosen,
                answer.correct,
                int(bool(answer.hinted)),
                float(answer.seconds),
                stamp(answer.at),
            ),
        )

    # -- reading ------------------------------------------------------------------

    def answers(
        self, *, player: str | None = None, pack_id: str | None = None, strict: bool = False
    ) -> list[AnswerRecord]:
        """Recorded answers, oldest first, optionally for one player and/or pack.

        A row holding a value this code would not have written is left out and
        `.warning` says how many were, naming the first; with `strict=True` it raises
        StoreError naming the row instead. StoreError also when SQLite fails the read.
        """
        where, params = _filters(player=player, pack_id=pack_id)
        rows = self._read(
            "SELECT id, session_id, player, pack_id, pack_hash, claim_id, chosen, correct, "
            f"hinted, seconds, answered_at FROM answers {where} ORDER BY answered_at, id",
            params,
        )
        return self._decoded(decode(rows, answer_record, "answer", strict=strict))

    def iter_answers(
        self,
        *,
        player: str | None = None,
        pack_id: str | None = None,
        strict: bool = False,
        batch_size: int = READ_BATCH,
    ) -> Iterator[AnswerRecord]:
        """The answers `answers()` returns, in the same order, read and handed over
        `batch_size` rows at a time: memory for one batch, however many answers there
        are (an export of years of a class's answers).

        All the rows come from the file as it was when the first was read (one SQLite
        statement: in WAL mode, answers written meanwhile are not among them). The
        store's lock is held while a batch is read, not between batches. Bad rows are
        left out as in `answers()`, and `.warning` is set when the last row has been
        read; with `strict=True` the first raises StoreError naming it, after the rows
        before it. StoreError also when SQLite fails the read.
        """
        where, params = _filters(player=player, pack_id=pack_id)
        decoder = RowDecoder(answer_record, "answer", strict=strict)
        for rows in self._batches(
            "SELECT id, session_id, player, pack_id, pack_hash, claim_id, chosen, correct, "
            f"hinted, seconds, answered_at FROM answers {where} ORDER BY answered_at, id",
            params,
            batch_size,
        ):
            yield from decoder.records(rows)
        if decoder.warning is not None:
            self.warning = decoder.warning

    def sessions(self, *, player: str | None = None, strict: bool = False) -> list[SessionRecord]:
        """Sessions, oldest first, optionally for one player; bad rows as in `answers()`."""
        where, params = _filters(player=player)
        rows = self._read(
            "SELECT id, player, pack_id, pack_hash, mode, started_at FROM sessions "
            f"{where} ORDER BY started_at, id",
            params,
        )
        return self._decoded(decode(rows, session_record, "session", strict=strict))

    def players(self) -> list[str]:
        """Everyone who has played on this machine, most recently active first.

        A name this version would refuse (written by hand or by another program) is
        left out: it could not be chosen, and may hold characters a terminal acts on.
        """
        rows = self._read(
            "SELECT player FROM ("
            "SELECT player, started_at AS t FROM sessions "
            "UNION ALL SELECT player, answered_at AS t FROM answers"
            ") GROUP BY player ORDER BY MAX(t) DESC, player"
        )
        return [row[0] for row in rows if isinstance(row[0], str) and usable_name(row[0])]

    def _read(self, sql: str, params: Sequence[str] = ()) -> list[tuple[object, ...]]:
        try:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _read_failed(exc) from exc

    def _batches(
        self, sql: str, params: Sequence[str], size: int
    ) -> Iterator[list[tuple[object, ...]]]:
        try:
            with self._lock:
                cursor = self._conn.execute(sql, params)
            try:
                while True:
                    with self._lock:
                        rows = cursor.fetchmany(size)
                    if not rows:
                        return
                    yield rows
            finally:
                # Ends the statement, and with it its read of the file; a connection
                # closed meanwhile has ended it already.
                with self._lock, contextlib.suppress(sqlite3.Error):
                    cursor.close()
        except sqlite3.Error as exc:
            raise _read_failed(exc) from exc

    def _decoded(self, decoded: tuple[list[R], str | None]) -> list[R]:
        records, warning = decoded
        if warning is not None:
            self.warning = warning
        return records


def _read_failed(exc: sqlite3.Error) -> StoreError:
    return StoreError(str(exc) or type(exc).__name__)


def _filters(**values: str | None) -> tuple[str, Sequence[str]]:
    clauses = [f"{column} = ?" for column, value in values.items() if value is not None]
    params = [value for value in values.values() if value is not None]
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
