"""`ProgressStore`: answers and sessions recorded as they are given, and read back.

Every write goes through one path: the row joins the store's queue of rows waiting
(`game.progress.outbox`), and everything waiting is written, oldest first, in one
transaction. A row the file cannot take yet (another program holds its lock, the disk
refuses it) stays queued and goes with the next write or `flush()`; nothing is dropped.
Rows still waiting when the store is closed are kept in a file next to the progress
file and written by the next store that opens it.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from game.atomic import write_atomically
from game.discernment import CONFIDENCE_BY_ID
from game.i18n import _, ngettext
from game.paths import data_home
from game.players import check_player_name, usable_name
from game.progress.connection import (
    BUSY_TIMEOUT_MS,
    DamagedError,
    connect,
    damage_raised,
    is_busy,
    reason,
    rollback,
    set_wait,
)
from game.progress.outbox import (
    Outbox,
    PendingRow,
    UnsavedFileError,
    dump_rows,
    read_unsaved,
    unsaved_files,
    unsaved_name,
)
from game.progress.queries import (
    ANSWER_COLUMNS,
    ANSWER_GROUPS,
    FROM_LATEST_MISS,
    LATEST_SESSIONS,
    MISSED_CLAIMS,
    NOT_AS_WRITTEN,
    PACK_PATHS,
    PACK_ROUNDS,
    PACK_SESSIONS,
    PLAYERS,
    SESSION_COLUMNS,
    SESSION_TALLIES,
)
from game.progress.recovery import (
    Check,
    Opened,
    Reading,
    Writing,
    check_in_background,
    open_progress,
)
from game.progress.rows import (
    AnswerGroup,
    AnswerLike,
    AnswerRecord,
    AnswerSummary,
    ClaimHistory,
    PackLike,
    PlayedRound,
    RowDecoder,
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
READ_BATCH = 1000
"""Rows `iter_answers()` reads from SQLite at a time."""

RETRY_SECONDS = 1.0
"""How often the game tries again to write rows that are waiting (or to open a file it
waits for); each try waits for no lock, so it costs the game nothing."""

LAST_WAIT = 2.0
"""Seconds `close()` waits, at most, for another program's lock before it keeps the rows
still waiting in a file of their own."""


CHECK_DELAY = 5.0
"""Seconds after opening before a large file is checked for damage (`Opened.check_later`):
the check reads the whole file, and on a machine of two cores it would slow down the
game's own start, which reads the same file."""


def default_path() -> Path:
    """`<data home>/progress.db`; the data home honours `$CLAIMSORT_HOME`."""
    return data_home() / FILE_NAME


@dataclass(frozen=True)
class Closed:
    """What became of the answers still waiting when a store was closed."""

    unsaved: int = 0
    """Answers that are not in the progress file."""
    kept: Path | None = None
    """The file they are kept in, written at the next open of the progress file; None
    when nothing was kept (or could be)."""
    message: str | None = None
    """One line for the user when some answers are not in the progress file, else None."""


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
        self.foreign = False
        """Whether the file, opened to read it only, is another program's SQLite database
        (then the store is empty and `warning` says so)."""
        self.awaiting: Path | None = None
        """The file this store waits for: another program kept it locked even for reading
        when the store was opened. Until `reopen()` opens it, answers are kept in memory
        (and read back from there) and wait to be written to it."""
        self._outbox = Outbox()
        self._shadow_ids: dict[int, int] = {}
        self._lock_warning: str | None = None  # the open's "another program is writing"
        self._write_warning: str | None = None  # the last failed write's
        self._last_failure: str | None = None
        self._kept_files: set[Path] = set()  # read back, not yet all written
        self._closed = False
        self.checked = threading.Event()
        """Set once the file is known to have been checked for damage (at once, but for
        a large file, which is checked while the game goes on: `Opened.check_later`)."""
        self.checked.set()
        self._closing = threading.Event()

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path | str | None = None, *, create: bool = True, check: Check = Check.BY_SIZE
    ) -> ProgressStore:
        """Open (or create) the progress file; never raises for a bad file or folder.

        `path` defaults to `default_path()`. With `create=False` a missing file gives an
        empty in-memory store without a warning (for read-only commands such as stats).
        A damaged file is moved to `progress.db.corrupt-<UTC time>` and a fresh one
        started; a file or folder that cannot be written, or a file from a newer
        ClaimSort (left untouched), gives an in-memory store. Each sets `.warning`.
        `check` says when the whole file is checked for damage (see `Check`).
        """
        path = Path(path) if path is not None else default_path()
        return cls._opened(open_progress(path, Writing(create=create, check=check)), path)

    @classmethod
    def open_readonly(
        cls, path: Path | str | None = None, *, move_damaged: bool = True, untouched: bool = False
    ) -> ProgressStore:
        """Open the progress file to read it only (`claimsort stats`, `export`).

        Never creates, migrates or switches the file's journal, and takes no write lock,
        so it reads a file or folder that cannot be written, and leaves the file as it
        was. A missing or new file gives an empty store. A damaged file is moved aside
        as `open()` does (a rename, which leaves its bytes alone) but no new file is
        started. When the file cannot be read at all, the store is empty and `.warning`
        says so. The store refuses writes (`persistent` is False). With
        `move_damaged=False` a damaged file is left where it is (a file from another
        machine, given to `claimsort report`), and `.warning` says it is damaged. With
        `untouched=True` nothing is created beside the file (a WAL file's `-shm`): for a
        file no program writes meanwhile, which a closed one is then read as.
        """
        path = Path(path) if path is not None else default_path()
        return cls._opened(open_progress(path, Reading(move_damaged, untouched)), path)

    @classmethod
    def _opened(cls, opened: Opened, path: Path) -> ProgressStore:
        if opened.conn is None:
            store = cls.in_memory(path=path, warning=opened.warning)
            if opened.locked:
                store.awaiting = path
        else:
            store = cls(
                opened.conn, path=path, persistent=opened.persistent, warning=opened.warning
            )
            if opened.locked:
                store._lock_warning = opened.warning
            if opened.persistent:
                store._read_back_kept()
                store.flush(wait=0)
            if opened.check_later:
                store._check_later(path)
        store.backup = opened.backup
        store.moved_aside = opened.moved_aside
        store.foreign = opened.foreign
        return store

    def reopen(self) -> bool:
        """Try again to open the file this store waits for (`awaiting`) and write to it
        what is waiting; True once the store is on the file (at once when it waits for
        none), False while the file is still locked or when the store is closed.

        Safe to call from a worker thread while the game goes on: the slow part (opening
        and checking the file, waiting up to `OPEN_PATIENCE` for a lock) holds no lock of
        the store's.
        """
        with self._lock:
            if self._closed or self.awaiting is None:
                return not self._closed
            path = self.awaiting
        opened = open_progress(path, Writing())
        with self._lock:
            if self._closed or self.awaiting != path or opened.conn is None:
                if opened.conn is not None:
                    opened.conn.close()
                elif not self._closed and self.awaiting == path:
                    self.warning = opened.warning  # still locked, or unusable now
                return not self._closed and self.awaiting is None
            self._conn.close()  # the stand-in in memory; its rows are all still queued
            self._conn = opened.conn
            self.awaiting = None
            self._shadow_ids.clear()
            self.persistent = opened.persistent
            self.warning = opened.warning
            self._lock_warning = opened.warning if opened.locked else None
            self.backup = opened.backup
            self.moved_aside = opened.moved_aside
            self._read_back_kept()
            self._flush(0)
            if opened.check_later:
                self._check_later(path)
        return True

    def _check_later(self, path: Path) -> None:
        """Check the file for damage in a thread of its own; found damaged, `.warning`
        says so (and the next open moves the file aside)."""

        def check() -> None:
            try:
                if self._closing.wait(CHECK_DELAY):
                    return  # closed first: the next open checks it
                damage = check_in_background(path)
                if damage is not None:
                    with self._lock:
                        if not self._closed:
                            self.warning = _(
                                "The progress file {path} is damaged ({reason}); it will be "
                                "moved aside, and a new one started, the next time ClaimSort "
                                "starts."
                            ).format(path=path, reason=damage)
            finally:
                self.checked.set()

        self.checked.clear()
        threading.Thread(target=check, name="claimsort-progress-check", daemon=True).start()

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

    def close(self, *, wait: float = LAST_WAIT) -> Closed:
        """One last try at writing what is waiting (waiting at most `wait` seconds for a
        lock), then close; rows still waiting are kept in a file next to the progress
        file, written by the next store that opens it. Returns what became of them."""
        if self.pending and self.awaiting is not None:
            self.reopen()
        with self._lock:
            if self._closed:
                return Closed()
            self._closing.set()
            if self._outbox:
                self._flush(wait)
            closed = self._keep_waiting()
            self._closed = True
            self._conn.close()
        return closed

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """How many rows (answers and sessions) wait to be written to the file."""
        with self._lock:
            return len(self._outbox)

    @property
    def pending_answers(self) -> int:
        """How many answers wait to be written to the file."""
        with self._lock:
            return self._outbox.answers

    def _insert(self, row: PendingRow, *, defer: bool) -> int | None:
        """Queue one row, then (unless `defer`) write everything waiting; the row's id
        once it is on disk, else None: it waits for a later write or `flush()` (and when
        a write failed, `.warning` says why; the game goes on).

        Every write goes through here.
        """
        with self._lock:
            if self.awaiting is not None:
                # Kept in the stand-in too, so that this run's answers can be read back.
                self._write_shadow(row)
            self._outbox.put(row)
            if not defer:
                self._flush(None)
            return row.row_id

    def flush(self, *, wait: float | None = None) -> bool:
        """Write every row waiting, oldest first, in one transaction; True when none is
        left waiting.

        `wait` is how many seconds to wait for another program's lock (default: up to
        `BUSY_TIMEOUT_MS`). The game passes 0: a try costs it nothing when the file is
        locked, and it tries again every `RETRY_SECONDS`.
        """
        with self._lock:
            return self._flush(wait)

    def _flush(self, wait: float | None) -> bool:
        if not self._outbox:
            return True
        if self.awaiting is not None or self._closed:
            return False
        rows = self._outbox.rows()
        ids = self._outbox.ids()
        written: list[int] = []
        try:
            if wait is not None:
                set_wait(self._conn, int(wait * 1000))
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    written = [_write_row(self._conn, row, ids) for row in rows]
                    self._conn.execute("COMMIT")
                except BaseException:
                    rollback(self._conn)
                    raise
            finally:
                if wait is not None:
                    with suppress(sqlite3.Error):
                        set_wait(self._conn, BUSY_TIMEOUT_MS)
        except sqlite3.Error as exc:
            self._failed(exc)
            return False
        for row, row_id in zip(rows, written, strict=True):
            row.row_id = row_id
        self._outbox.written(rows, ids)
        self._saved()
        return True

    def _failed(self, exc: sqlite3.Error) -> None:
        self._last_failure = reason(exc)
        if is_busy(exc):
            message = self._lock_warning or _(
                "Progress is not saved yet: another program is writing the progress file. "
                "Your answers are kept and saved as soon as it is free."
            )
        else:
            message = _(
                "Progress could not be saved: {reason}. Your answers are kept and tried again."
            ).format(reason=reason(exc))
        self.warning = self._write_warning = message

    def _saved(self) -> None:
        """Everything waiting is written: a warning about writing is no longer true, and
        the kept files read back are done with."""
        if self.warning is not None and self.warning in (self._write_warning, self._lock_warning):
            self.warning = None
        self._write_warning = self._lock_warning = self._last_failure = None
        for kept in self._kept_files - self._outbox.sources():
            with suppress(OSError):
                kept.unlink(missing_ok=True)
            self._kept_files.discard(kept)

    def _write_shadow(self, row: PendingRow) -> None:
        # A failure here only hides an answer from this run's stats until the file opens.
        with suppress(sqlite3.Error):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                _write_row(self._conn, row, self._shadow_ids)
                self._conn.execute("COMMIT")
            except BaseException:
                rollback(self._conn)
                raise

    # -- rows kept from one game to the next ----------------------------------------

    def _read_back_kept(self) -> None:
        """Queue the rows an earlier game kept next to the file (see `close()`); a kept
        file that is not what ClaimSort writes is left as it is, with a warning."""
        if self.path is None:
            return
        columns, required = _table_columns(self._conn)
        for kept in unsaved_files(self.path):
            if kept in self._kept_files:
                continue
            try:
                rows = read_unsaved(kept, columns, required)
            except (UnsavedFileError, OSError) as exc:
                self.warning = _(
                    "Answers kept by an earlier game in {path} could not be read back "
                    "({reason}); the file is left as it is."
                ).format(path=kept, reason=reason(exc))
                continue
            self._outbox.adopt(rows, kept)
            self._kept_files.add(kept)

    def _keep_waiting(self) -> Closed:
        """Keep the rows still waiting in a file next to the progress file."""
        if not self._outbox:
            return Closed()
        unsaved = self._outbox.answers
        why = self._last_failure or _("the progress file was locked")
        kept: Path | None = None
        if self.path is not None and (self.persistent or self.awaiting is not None):
            target = unsaved_name(self.path)
            try:
                write_atomically(
                    target, dump_rows(self._outbox.rows(), self._outbox.ids()), overwrite=False
                )
            except OSError as exc:
                why = f"{why}; {reason(exc)}"
            else:
                kept = target
                for done in self._kept_files:  # their rows are in the new file now
                    with suppress(OSError):
                        done.unlink(missing_ok=True)
        if not unsaved:
            return Closed(kept=kept)
        if kept is not None:
            message = ngettext(
                "{n} answer could not be saved to {path} ({reason}); it is kept in {kept} "
                "and saved the next time ClaimSort opens the progress file.",
                "{n} answers could not be saved to {path} ({reason}); they are kept in "
                "{kept} and saved the next time ClaimSort opens the progress file.",
                unsaved,
            ).format(n=unsaved, path=self.path, reason=why, kept=kept)
        else:
            message = ngettext(
                "{n} answer could not be saved ({reason}) and is lost.",
                "{n} answers could not be saved ({reason}) and are lost.",
                unsaved,
            ).format(n=unsaved, reason=why)
        return Closed(unsaved=unsaved, kept=kept, message=message)

    def start_session(
        self,
        player: str,
        pack: PackLike | None,
        *,
        review: bool = False,
        at: datetime | None = None,
        defer: bool = False,
        path: Path | str | None = None,
        class_name: str | None = None,
    ) -> Session:
        """Begin a round for `player` on `pack` (None: a review across packs), played
        from the pack file at `path` (kept so that review finds the pack again; a
        relative path is taken from the current folder), in the class `class_name`
        (`claimsort serve --class`; None outside a class).

        Raises ValueError for a player name `check_player_name` refuses. `defer=True`
        only queues the session's row, for the next write or `flush()`. A session whose
        row is not written yet has no id; its answers wait for it and are written after
        it.
        """
        player = check_player_name(player)
        started = to_utc(at or datetime.now(UTC))
        values = _session_values(player, pack, review, started, path, class_name)
        with self._lock:
            row = PendingRow("sessions", values, ticket=self._outbox.ticket())
            session_id = self._insert(row, defer=defer)
        ticket = row.ticket if session_id is None else None
        return Session(id=session_id, player=player, started_at=started, ticket=ticket)

    def record(
        self, session: Session, pack: PackLike, answer: AnswerLike, *, defer: bool = False
    ) -> int | None:
        """Save one answer at once; returns its row id once it is on disk, or None when
        it is not (yet): it waits, with every row before it, for the next write or
        `flush()` (and `.warning` says why a write failed; the game goes on).
        `defer=True` only queues it. `session` must come from this store."""
        values = _answer_values(session.id, session.player, pack, answer)
        if session.id is None and session.ticket is not None:
            del values["session_id"]  # filled in once the session's row is written
            return self._insert(PendingRow("answers", values, session=session.ticket), defer=defer)
        return self._insert(PendingRow("answers", values), defer=defer)

    def record_rounds(self, rounds: Iterable[PlayedRound]) -> int | None:
        """Record whole rounds, each a session and its answers, in one transaction: all
        of them or none. For bringing in many answers at once (tools, benchmarks); the
        game saves each answer as it is given, with `record()`. Whatever the store has
        waiting is written first.

        Returns how many answers were saved, or None when nothing could be (then
        `.warning` says why). Raises ValueError, saving nothing, for a player name
        `check_player_name` refuses.
        """
        with self._lock:
            if not self._flush(None):
                return None  # the file cannot take rows now; `.warning` says why
            count = 0
            ids: dict[int, int] = {}
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for number, played in enumerate(rounds):
                        player = check_player_name(played.player)
                        started = to_utc(played.started_at)
                        values = _session_values(
                            player,
                            played.pack,
                            played.review,
                            started,
                            played.path,
                            played.class_name,
                        )
                        _write_row(self._conn, PendingRow("sessions", values, ticket=number), ids)
                        for answer in played.answers:
                            values = _answer_values(ids[number], player, played.pack, answer)
                            _write_row(self._conn, PendingRow("answers", values), ids)
                        count += len(played.answers)
                    self._conn.execute("COMMIT")
                except BaseException:
                    rollback(self._conn)
                    raise
            except sqlite3.Error as exc:
                self._failed(exc)
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
            f"SELECT {ANSWER_COLUMNS} FROM answers {where} ORDER BY answered_at, id",
            params,
            batch_size,
        ):
            yield from decoder.records(rows)
        if decoder.warning is not None:
            self.warning = decoder.warning

    def answers_after(self, after_id: int, *, limit: int = READ_BATCH) -> list[AnswerRecord]:
        """At most `limit` answers whose row id is above `after_id`, in id order: what
        was written since the last look, for a view that follows a class live. One short
        read on the primary key, so that it never holds up the writers. Bad rows are
        left out as in `answers()`."""
        rows = self._read(
            f"SELECT {ANSWER_COLUMNS} FROM answers WHERE id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        )
        return self._decoded(decode(rows, answer_record, "answer", strict=False))

    def sessions_after(self, after_id: int) -> list[SessionRecord]:
        """The sessions whose row id is above `after_id`, in id order (see `answers_after`)."""
        rows = self._read(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id > ? ORDER BY id",
            (after_id,),
        )
        return self._decoded(decode(rows, session_record, "session", strict=False))

    def written_after(
        self, session_after: int, answer_after: int, *, limit: int = READ_BATCH
    ) -> tuple[list[SessionRecord], list[AnswerRecord]]:
        """`sessions_after(session_after)` and `answers_after(answer_after, limit)` read
        in one short read transaction: every answer read has its session among those
        read or read before (a session's row is written before its answers), even when a
        round is written between the two queries."""

        def read(conn: sqlite3.Connection) -> tuple[list[tuple[object, ...]], ...]:
            sessions = conn.execute(
                f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id > ? ORDER BY id",
                (session_after,),
            ).fetchall()
            answers = conn.execute(
                f"SELECT {ANSWER_COLUMNS} FROM answers WHERE id > ? ORDER BY id LIMIT ?",
                (answer_after, limit),
            ).fetchall()
            return sessions, answers

        session_rows, answer_rows = self._reading(read)
        return (
            self._decoded(decode(session_rows, session_record, "session", strict=False)),
            self._decoded(decode(answer_rows, answer_record, "answer", strict=False)),
        )

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
                    confidence=confidence,
                )
                for (
                    pack_id,
                    correct,
                    chosen,
                    confidence,
                    answered,
                    hinted,
                    seconds,
                    last,
                ) in conn.execute(ANSWER_GROUPS, values)
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

    def missed_claims(self, player: str, each: Callable[[ClaimHistory], R]) -> list[R] | None:
        """`each(history)` for every claim the player missed at least once, in pack and
        claim id order, where `history` holds the answers its place in review depends on
        (see `ClaimHistory`): what review needs, without reading every answer. Each
        history is handed on as soon as it is read and is not kept, so that the read
        holds one claim's answers at a time, not every claim's. `each` runs inside the
        read (the store's lock held): it computes, it does not call the store.

        None when the player has a row this code would not have written (read
        `answers()` instead, as for `summary()`). StoreError when SQLite fails the read.
        """

        def read(conn: sqlite3.Connection) -> list[R] | None:
            values = {"player": player}
            if conn.execute(NOT_AS_WRITTEN, values).fetchone()[0]:
                return None
            claims = conn.execute(MISSED_CLAIMS, values).fetchall()
            unchanged = [
                latest for _pack, _claim, latest, _misses, changed in claims if not changed
            ]
            tails = _ClaimGroups(conn.execute(FROM_LATEST_MISS, {"ids": json.dumps(unchanged)}))
            handed: list[R] = []
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
                    answers = tails.take((pack_id, claim_id))
                    # The misses before the first of `answers` (more than one of them may
                    # share the latest miss's moment).
                    earlier = misses - sum(not answer.is_right for answer in answers)
                handed.append(each(ClaimHistory(pack_id, claim_id, answers, earlier)))
            return handed

        return self._reading(read)

    def pack_rounds(self, player: str) -> list[PackRound]:
        """Every round `player` played of one pack (review left out), with how many of
        its claims were answered and the points scored: what the path of packs on the
        home screen needs, added up in SQL. A player with rows this code would not have
        written gets them from the decoded rows instead, which leave bad rows out
        (without a word in `.warning`: see below). StoreError when SQLite fails the read."""

        def read(conn: sqlite3.Connection) -> list[PackRound] | None:
            values = {"player": player}
            if conn.execute(NOT_AS_WRITTEN, values).fetchone()[0]:
                return None
            return [
                PackRound(pack_id, answered, float(points))
                for pack_id, answered, points in conn.execute(PACK_ROUNDS, values)
                if isinstance(pack_id, str)
            ]

        rounds = self._reading(read)
        if rounds is not None:
            return rounds
        # Decoded without setting `.warning`: the reads that say what they left out
        # (review's count, the stats) say it, and this one runs beside them.
        sessions, _ = decode(
            self._read(
                f"SELECT {SESSION_COLUMNS} FROM sessions WHERE player = ? ORDER BY started_at, id",
                (player,),
            ),
            session_record,
            "session",
            strict=False,
        )
        answers, _ = decode(
            self._read(
                f"SELECT {ANSWER_COLUMNS} FROM answers WHERE player = ? ORDER BY answered_at, id",
                (player,),
            ),
            answer_record,
            "answer",
            strict=False,
        )
        played = {s.id: s.pack_id for s in sessions if s.mode == "play" and s.pack_id is not None}
        claims: dict[int, set[str]] = {}
        points: dict[int, float] = {}
        for answer in answers:
            session = answer.session_id
            if session is not None and session in played:
                claims.setdefault(session, set()).add(answer.claim_id)
                if answer.chosen == answer.correct:
                    points[session] = points.get(session, 0.0) + (0.5 if answer.hinted else 1.0)
        return [
            PackRound(played[session], len(ids), points.get(session, 0.0))
            for session, ids in claims.items()
        ]

    def pack_paths(self) -> dict[str, str]:
        """Pack id -> the path it was last played from (by anyone), for each pack whose
        path was recorded. The paths are as stored: check them before use."""
        return {
            pack_id: path
            for pack_id, path in self._read(PACK_PATHS)
            if isinstance(pack_id, str) and isinstance(path, str)
        }

    def _read(self, sql: str, params: Sequence[str | int] = ()) -> list[tuple[object, ...]]:
        try:
            with self._lock:
                return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _read_failed(exc) from exc

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


@dataclass(frozen=True)
class PackRound:
    """One round a player played of one pack, as `ProgressStore.pack_rounds` adds it up."""

    pack_id: str
    answered: int
    """How many different claims of the pack were answered in the round."""
    points: float
    """1 for each right answer, 0.5 for one after the hint."""


def _read_failed(exc: sqlite3.Error) -> StoreError:
    return StoreError(str(exc) or type(exc).__name__)


def _write_row(conn: sqlite3.Connection, row: PendingRow, ids: dict[int, int]) -> int:
    """Insert one row in the transaction open on `conn`; its id. `ids` maps session
    tickets to row ids: it gives an answer its session's id, and gets a session's."""
    values = dict(row.values)
    if row.session is not None:
        values["session_id"] = ids.get(row.session)
    # The names are the store's own, or checked against the schema (`outbox.load_rows`).
    names = list(values)
    found = None
    if row.replay:
        where = " AND ".join(f"{name} IS ?" for name in names)
        found = conn.execute(
            f"SELECT id FROM {row.table} WHERE {where} LIMIT 1", list(values.values())
        ).fetchone()
    if found is not None:
        row_id = int(found[0])
    else:
        cursor = conn.execute(
            f"INSERT INTO {row.table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            list(values.values()),
        )
        assert cursor.lastrowid is not None
        row_id = cursor.lastrowid
    if row.ticket is not None:
        ids[row.ticket] = row_id
    return row_id


def _table_columns(
    conn: sqlite3.Connection,
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Each table's columns as the file has them, and those a row must give (NOT NULL
    without a default)."""
    columns: dict[str, frozenset[str]] = {}
    required: dict[str, frozenset[str]] = {}
    for table in ("sessions", "answers"):
        info = conn.execute(
            'SELECT name, "notnull", dflt_value, pk FROM pragma_table_info(?)', (table,)
        ).fetchall()
        columns[table] = frozenset(str(name) for name, *_ in info)
        required[table] = frozenset(
            str(name)
            for name, notnull, default, pk in info
            if notnull and default is None and not pk
        )
    return columns, required


def _session_values(
    player: str,
    pack: PackLike | None,
    review: bool,
    started: datetime,
    path: Path | str | None,
    class_name: str | None = None,
) -> dict[str, object]:
    return {
        "player": player,
        "pack_id": pack.id if pack is not None else None,
        "pack_hash": pack.digest if pack is not None else None,
        "mode": "review" if review else "play",
        "started_at": stamp(started),
        "pack_path": None if path is None else str(Path(path).resolve()),
        "class_name": class_name,
    }


def _answer_values(
    session_id: int | None, player: str, pack: PackLike, answer: AnswerLike
) -> dict[str, object]:
    return {
        "session_id": session_id,
        "player": player,
        "pack_id": pack.id,
        "pack_hash": pack.digest,
        "claim_id": answer.claim.id,
        "chosen": answer.chosen,
        "correct": answer.correct,
        "hinted": int(bool(answer.hinted)),
        "seconds": float(answer.seconds),
        "answered_at": stamp(answer.at),
        "confidence": _confidence_value(answer.confidence),
    }


def _confidence_value(confidence: str | None) -> str | None:
    if confidence is not None and confidence not in CONFIDENCE_BY_ID:
        raise ValueError(f"unknown confidence level {confidence!r}")
    return confidence


def _filters(**values: str | None) -> tuple[str, Sequence[str]]:
    clauses = [f"{column} = ?" for column, value in values.items() if value is not None]
    params = [value for value in values.values() if value is not None]
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


class _ClaimGroups:
    """The answers of a read that lists them claim after claim, taken claim by claim
    while the read goes on: a claim's are decoded when it is asked for, so that only
    the answers read ahead of the claim asked for are held."""

    def __init__(self, rows: Iterable[Sequence[object]]) -> None:
        records = (answer_record(row) for row in rows)
        self._groups = itertools.groupby(records, key=lambda r: (r.pack_id, r.claim_id))
        self._ahead: dict[tuple[str, str], list[AnswerRecord]] = {}

    def take(self, key: tuple[str, str]) -> tuple[AnswerRecord, ...]:
        held = self._ahead.pop(key, None)
        if held is not None:
            return tuple(held)
        for found, group in self._groups:
            if found == key:
                return tuple(group)
            # Not the order the claims were asked in: kept for when its claim comes.
            self._ahead.setdefault(found, []).extend(group)
        return ()
