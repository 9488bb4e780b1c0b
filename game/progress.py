"""The progress store: every answer a player gives, kept in SQLite between sessions.

One file, `<data home>/progress.db`, holds two tables: `sessions` (one row per round
played) and `answers` (one row per answer, written as it is given). Review boxes and
statistics are derived from the answers (`game.review`, `game.stats`), so there is no
state that can drift from the history.

Data safety, because several processes may write at once (one per student in browser
mode) and a process may die at any moment:

- WAL journal, `synchronous=FULL` and a busy timeout; every write runs in
  `BEGIN IMMEDIATE ... COMMIT`, so writers queue instead of failing or losing rows.
  Once `record()` returns an id, the answer is on disk.
- The schema carries a version (`PRAGMA user_version`) and migrates forward; before a
  migration the old file is copied with SQLite's backup API.
- `ProgressStore.open()` never raises for a bad file or folder: a damaged file (one
  SQLite's quick check refuses, or whose tables or columns are not the ones its schema
  version promises) is moved aside (never deleted) and a fresh one started; a folder
  that cannot be written gives an in-memory store, so the game still plays. Either way
  `.warning` holds one line for the user.
- `ProgressStore.open_readonly()` is for the commands that only read (stats, export):
  it never migrates, switches the journal or takes a write lock, so it reads a file it
  cannot write, and leaves the file exactly as it was.
- Stored rows are checked as they are read, never trusted: a value this code would not
  have written is skipped with a one-line `.warning` (the game and stats), or raises
  `StoreError` naming the row with `strict=True` (export, where a teacher must not lose
  rows silently). A read that SQLite itself fails raises `StoreError` too.
- A write that fails later (disk full, file locked too long) does not stop the game:
  `record()` returns None and sets `.warning`.

This module is pure standard library (plus `game.i18n`, `game.paths`, `game.players`)
so the command line and the writer processes start fast.
"""

from __future__ import annotations

import functools
import math
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, TypeVar

from game.i18n import _, ngettext
from game.paths import data_home
from game.players import check_player_name, usable_name

R = TypeVar("R")

FILE_NAME = "progress.db"
BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another process's write before giving up."""
OPEN_ATTEMPTS = 50
"""Tries at opening the file while other processes create it or switch it to WAL."""

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            player TEXT NOT NULL,
            pack_id TEXT,
            pack_hash TEXT,
            mode TEXT NOT NULL,
            started_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id),
            player TEXT NOT NULL,
            pack_id TEXT NOT NULL,
            pack_hash TEXT NOT NULL,
            claim_id TEXT NOT NULL,
            chosen TEXT NOT NULL,
            correct TEXT NOT NULL,
            hinted INTEGER NOT NULL,
            seconds REAL NOT NULL,
            answered_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX answers_by_player ON answers (player, pack_id, claim_id, answered_at)",
        "CREATE INDEX sessions_by_player ON sessions (player, started_at)",
    ),
}
"""Schema version -> the statements that bring version - 1 up to it. Append, never edit."""


def schema_version() -> int:
    """The schema version this code writes."""
    return max(MIGRATIONS)


def default_path() -> Path:
    """`<data home>/progress.db`; the data home honours `$CLAIMSORT_HOME`."""
    return data_home() / FILE_NAME


# -- what the store reads from the game's objects ---------------------------------


class PackLike(Protocol):
    """What the store needs of a pack (`game.pack.Pack` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def digest(self) -> str: ...


class ClaimLike(Protocol):
    @property
    def id(self) -> str: ...


class AnswerLike(Protocol):
    """What the store needs of an answer (`game.round.Answer` fits)."""

    @property
    def claim(self) -> ClaimLike: ...

    @property
    def chosen(self) -> str: ...

    @property
    def correct(self) -> str: ...

    @property
    def hinted(self) -> bool: ...

    @property
    def seconds(self) -> float: ...

    @property
    def at(self) -> datetime: ...


# -- what the store returns --------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """A round being played; pass it to `ProgressStore.record()`."""

    id: int | None
    """Row id in `sessions`; None when the session could not be saved."""
    player: str
    started_at: datetime


@dataclass(frozen=True)
class SessionRecord:
    """A session as stored."""

    id: int
    player: str
    pack_id: str | None
    """The pack played; None for a review across packs."""
    pack_hash: str | None
    mode: str
    """"play" or "review"."""
    started_at: datetime


@dataclass(frozen=True)
class AnswerRecord:
    """One recorded answer."""

    id: int
    session_id: int | None
    player: str
    pack_id: str
    pack_hash: str
    """SHA-256 of the pack's content when the answer was given."""
    claim_id: str
    chosen: str
    """The category id the player picked."""
    correct: str
    """The right category id at the time of the answer."""
    hinted: bool
    seconds: float
    answered_at: datetime
    """UTC."""

    @property
    def is_right(self) -> bool:
        return self.chosen == self.correct


def to_utc(at: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _stamp(at: datetime) -> str:
    # Fixed width, so text order is time order in SQL.
    return to_utc(at).isoformat(timespec="microseconds")


def _parse(text: str) -> datetime:
    return to_utc(datetime.fromisoformat(text))


# -- reading rows back ---------------------------------------------------------------


class StoreError(sqlite3.DatabaseError):
    """The progress file could not be read: SQLite failed part way through a read, or
    (with `strict=True`) a stored row holds a value this code would never have written.
    The message names the row. A `sqlite3.DatabaseError`, so code that guards store
    reads with `except sqlite3.Error` catches it as well."""


class _BadValueError(Exception):
    """One stored value is not what the schema's code writes."""


def _show(value: object) -> str:
    # repr: quotes text and escapes control characters; cut, since it came from a file.
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _text(value: object, column: str) -> str:
    if isinstance(value, str):
        return value
    raise _BadValueError(
        _("{column} is {value}, not text").format(column=column, value=_show(value))
    )


def _optional_text(value: object, column: str) -> str | None:
    return None if value is None else _text(value, column)


def _row_id(value: object, column: str) -> int:
    if isinstance(value, int):
        return value
    raise _BadValueError(
        _("{column} is {value}, not a row number").format(column=column, value=_show(value))
    )


def _flag(value: object, column: str) -> bool:
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise _BadValueError(
        _("{column} is {value}, not 0 or 1").format(column=column, value=_show(value))
    )


def _seconds(value: object, column: str) -> float:
    if isinstance(value, int | float) and math.isfinite(value) and value >= 0:
        return float(value)
    raise _BadValueError(
        _("{column} is {value}, not a number of seconds").format(column=column, value=_show(value))
    )


def _moment(value: object, column: str) -> datetime:
    if isinstance(value, str):
        with suppress(ValueError):
            return _parse(value)
    raise _BadValueError(
        _("{column} is {value}, not a date and time").format(column=column, value=_show(value))
    )


def _answer_record(row: Sequence[object]) -> AnswerRecord:
    return AnswerRecord(
        id=_row_id(row[0], "id"),
        session_id=None if row[1] is None else _row_id(row[1], "session_id"),
        player=_text(row[2], "player"),
        pack_id=_text(row[3], "pack_id"),
        pack_hash=_text(row[4], "pack_hash"),
        claim_id=_text(row[5], "claim_id"),
        chosen=_text(row[6], "chosen"),
        correct=_text(row[7], "correct"),
        hinted=_flag(row[8], "hinted"),
        seconds=_seconds(row[9], "seconds"),
        answered_at=_moment(row[10], "answered_at"),
    )


def _session_record(row: Sequence[object]) -> SessionRecord:
    return SessionRecord(
        id=_row_id(row[0], "id"),
        player=_text(row[1], "player"),
        pack_id=_optional_text(row[2], "pack_id"),
        pack_hash=_optional_text(row[3], "pack_hash"),
        mode=_text(row[4], "mode"),
        started_at=_moment(row[5], "started_at"),
    )


# -- opening -------------------------------------------------------------------------


class _DamagedError(Exception):
    """The file is not a usable SQLite database."""


class _TooNewError(Exception):
    """The file was written by a newer ClaimSort."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


_CORRUPT_CODES = {getattr(sqlite3, "SQLITE_CORRUPT", 11), getattr(sqlite3, "SQLITE_NOTADB", 26)}


def _is_damage(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


@contextmanager
def _damage_raised() -> Iterator[None]:
    """Raise an SQLite error that says the file is damaged as _DamagedError."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            raise _DamagedError(str(exc)) from exc
        raise


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
    return "locked" in str(exc).lower()


def _connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; writes use BEGIN IMMEDIATE
    # explicitly (the default deferred handling loses updates under concurrent writers).
    conn = sqlite3.connect(
        target,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
        uri=uri,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _migrate(conn: sqlite3.Connection, path: Path | None) -> Path | None:
    """Bring the schema up to date; returns the backup made first, if any."""
    target = schema_version()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > target:
        raise _TooNewError(version)
    if version == target:
        return None
    backup = _backup(conn, path, version) if version > 0 and path is not None else None
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the lock.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version + 1, target + 1):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
        if version < target:
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    return backup


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        # The original error is the one worth reporting.
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _free_name(base: Path) -> Path:
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    dest_path = _free_name(path.with_name(f"{path.name}.v{version}-backup-{stamp}"))
    dest = sqlite3.connect(dest_path)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return dest_path


def _move_aside(path: Path) -> Path:
    """Rename a damaged file (and its WAL and shared-memory files) out of the way."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = _free_name(path.with_name(f"{path.name}.corrupt-{stamp}"))
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            # Kept next to the copy under SQLite's own naming, so the copy opens as it was.
            companion.rename(aside.with_name(aside.name + suffix))
    return aside


@functools.cache
def _expected_columns() -> dict[str, frozenset[str]]:
    """Each table of the current schema and its columns, read from the migrations run
    in memory (so this can never disagree with them)."""
    conn = sqlite3.connect(":memory:")
    try:
        for step in sorted(MIGRATIONS):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
        return _columns(conn)
    finally:
        conn.close()


def _columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if isinstance(row[0], str) and not row[0].startswith("sqlite_")
    ]
    return {
        table: frozenset(
            row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))
        )
        for table in tables
    }


def _check_schema(conn: sqlite3.Connection) -> int:
    """The file's schema version, once its tables and columns are seen to match it;
    _TooNewError for a version this code does not know, _DamagedError for a mismatch.

    `user_version` alone is not trusted: a file that claims version 1 but lacks a
    table would fail at every read. Version 0 is a new file: it must have none of our
    tables (another program's database is not ours to extend). The version and the
    tables are read in one transaction, so another process's migration committing in
    between cannot make a sound file look damaged.
    """
    conn.execute("BEGIN")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        found = _columns(conn)
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    if version > schema_version():
        raise _TooNewError(version)
    expected = _expected_columns()
    if version == 0:
        clash = sorted(set(found) & set(expected))
        if clash:
            raise _DamagedError(
                _("it has a table {table} but no schema version").format(table=clash[0])
            )
        return version
    if version != schema_version():
        return version  # an older schema: checked again once migrated
    for table, columns in sorted(expected.items()):
        if table not in found:
            raise _DamagedError(_("the table {table} is missing").format(table=table))
        missing = sorted(columns - found[table])
        if missing:
            raise _DamagedError(
                _("the table {table} has no column {column}").format(table=table, column=missing[0])
            )
    return version


_CANTOPEN = getattr(sqlite3, "SQLITE_CANTOPEN", 14)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that can only read `path`, even in a folder that cannot be written.

    `mode=ro` reads a WAL file only when its `-shm` file exists or can be created. In a
    read-only folder after a clean close (no `-wal`, no `-shm`) that fails; then no
    process has the file open in WAL mode (each keeps a `-wal` while it does), so the
    file is read as `immutable`, which needs neither.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = _connect(uri, uri=True)
    try:
        conn.execute("PRAGMA user_version").fetchone()  # opens the WAL index, if any
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", None)
        wal = path.with_name(path.name + "-wal")
        if code is None or (code & 0xFF) != _CANTOPEN or wal.exists():
            raise
    return _connect(uri + "&immutable=1", uri=True)


def _check_sound(path: Path) -> None:
    """Raise _DamagedError unless the file passes SQLite's quick check.

    The check reads through a read-only connection: a read-write one would checkpoint
    or delete a damaged file's WAL when it closes, and the WAL must be moved aside too.
    """
    with _damage_raised():
        conn = _connect_readonly(path)
    try:
        with _damage_raised():
            result = conn.execute("PRAGMA quick_check").fetchall()
    finally:
        conn.close()
    if result != [("ok",)]:
        raise _DamagedError(str(result[0][0]) if result else "quick_check failed")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


# -- the store ---------------------------------------------------------------------


class ProgressStore:
    """Answers and sessions, in a SQLite file or (when that is impossible) in memory.

    Open with `ProgressStore.open()`. Safe to share between threads; open one store per
    process (several processes may write the same file at once).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        path: Path | None,
        persistent: bool,
        warning: str | None = None,
    ) -> None:
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
        if not create and not path.exists():
            return cls.in_memory(path=path)
        try:
            return cls._open_patiently(path)
        except _DamagedError as damage:
            try:
                aside = _move_aside(path)
            except OSError as exc:
                return cls.in_memory(
                    path=path,
                    warning=_(
                        "The progress file {path} is damaged and could not be moved aside "
                        "({reason}); progress will not be saved."
                    ).format(path=path, reason=_reason(exc)),
                )
            message = _(
                "The progress file was damaged ({reason}); it was moved to {aside} and a "
                "new one started."
            ).format(reason=damage, aside=aside)
            try:
                store = cls._open_patiently(path)
            except (_DamagedError, _TooNewError, sqlite3.Error, OSError) as exc:
                return cls.in_memory(
                    path=path,
                    warning=message
                    + " "
                    + _("Progress will not be saved: {reason}.").format(reason=_reason(exc)),
                )
            store.warning = message
            store.moved_aside = aside
            return store
        except _TooNewError as too_new:
            return cls.in_memory(
                path=path,
                warning=_(
                    "The progress file {path} comes from a newer ClaimSort (schema {version}); "
                    "progress will not be saved."
                ).format(path=path, version=too_new.version),
            )
        except (sqlite3.Error, OSError) as exc:
            return cls.in_memory(
                path=path,
                warning=_("Progress will not be saved: cannot write {path} ({reason}).").format(
                    path=path, reason=_reason(exc)
                ),
            )

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
        if not path.exists():
            return cls.in_memory(path=path)
        try:
            return cls._open_readonly_file(path)
        except _DamagedError as damage:
            try:
                aside = _move_aside(path)
            except OSError as exc:
                return cls.in_memory(
                    path=path,
                    warning=_(
                        "The progress file {path} is damaged ({reason}) and could not be "
                        "moved aside ({error}); nothing could be read from it."
                    ).format(path=path, reason=damage, error=_reason(exc)),
                )
            store = cls.in_memory(
                path=path,
                warning=_(
                    "The progress file was damaged ({reason}); it was moved to {aside}."
                ).format(reason=damage, aside=aside),
            )
            store.moved_aside = aside
            return store
        except _TooNewError as too_new:
            return cls.in_memory(
                path=path,
                warning=_(
                    "The progress file {path} comes from a newer ClaimSort (schema {version}); "
                    "this version cannot read it."
                ).format(path=path, version=too_new.version),
            )
        except (sqlite3.Error, OSError) as exc:
            return cls.in_memory(
                path=path,
                warning=_("Progress cannot be read: cannot open {path} ({reason}).").format(
                    path=path, reason=_reason(exc)
                ),
            )

    @classmethod
    def _open_readonly_file(cls, path: Path) -> ProgressStore:
        if not path.is_file():
            raise IsADirectoryError(21, _("not a regular file"), str(path))
        if path.stat().st_size == 0:
            return cls.in_memory(path=path)
        _check_sound(path)
        conn = _connect_readonly(path)
        try:
            with _damage_raised():
                version = _check_schema(conn)
                if version < schema_version():
                    # An older schema (or none yet): bring a copy in memory up to date,
                    # so the readers below see the columns they expect.
                    memory = _connect(":memory:")
                    conn.backup(memory)
                    conn.close()
                    conn = memory
                    _migrate(conn, None)
                    _check_schema(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path=path, persistent=False)

    @classmethod
    def _open_patiently(cls, path: Path) -> ProgressStore:
        # Some lock waits while a file is being created or switched to WAL by another
        # process return "database is locked" at once instead of calling the busy
        # handler (SQLite avoids a deadlock that way); those are worth another try.
        for attempt in range(OPEN_ATTEMPTS):
            try:
                return cls._open_file(path)
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or attempt == OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
        raise AssertionError("unreachable")

    @classmethod
    def _open_file(cls, path: Path) -> ProgressStore:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not path.is_file():
            raise IsADirectoryError(21, _("not a regular file"), str(path))
        if path.exists() and path.stat().st_size > 0:
            _check_sound(path)
        conn = _connect(path)
        try:
            with _damage_raised():
                _check_schema(conn)  # before anything below changes the file
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                backup = _migrate(conn, path)
                _check_schema(conn)
            # Fail here, not at the first answer, when the file cannot be written.
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        except BaseException:
            conn.close()
            raise
        store = cls(conn, path=path, persistent=True)
        store.backup = backup
        return store

    @classmethod
    def in_memory(cls, *, path: Path | None = None, warning: str | None = None) -> ProgressStore:
        """A store that keeps answers for this run only."""
        conn = _connect(":memory:")
        _migrate(conn, None)
        return cls(conn, path=path, persistent=False, warning=warning)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                _rollback(self._conn)
                raise

    def _not_saved(self, exc: Exception) -> None:
        self.warning = _("Progress could not be saved: {reason}.").format(reason=_reason(exc))

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
        try:
            with self._write() as conn:
                cursor = conn.execute(
                    "INSERT INTO sessions (player, pack_id, pack_hash, mode, started_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        player,
                        pack.id if pack is not None else None,
                        pack.digest if pack is not None else None,
                        "review" if review else "play",
                        _stamp(started),
                    ),
                )
                session_id = cursor.lastrowid
        except sqlite3.Error as exc:
            self._not_saved(exc)
            return Session(id=None, player=player, started_at=started)
        return Session(id=session_id, player=player, started_at=started)

    def record(self, session: Session, pack: PackLike, answer: AnswerLike) -> int | None:
        """Save one answer at once; returns its row id, or None when it could not be
        saved (then `.warning` says why, and the game goes on)."""
        try:
            with self._write() as conn:
                cursor = conn.execute(
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
                        _stamp(answer.at),
                    ),
                )
                return cursor.lastrowid
        except sqlite3.Error as exc:
            self._not_saved(exc)
            return None

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
        return self._records(rows, _answer_record, "answer", strict)

    def sessions(self, *, player: str | None = None, strict: bool = False) -> list[SessionRecord]:
        """Sessions, oldest first, optionally for one player; bad rows as in `answers()`."""
        where, params = _filters(player=player)
        rows = self._read(
            "SELECT id, player, pack_id, pack_hash, mode, started_at FROM sessions "
            f"{where} ORDER BY started_at, id",
            params,
        )
        return self._records(rows, _session_record, "session", strict)

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
            raise StoreError(str(exc) or type(exc).__name__) from exc

    def _records(
        self,
        rows: list[tuple[object, ...]],
        make: Callable[[Sequence[object]], R],
        kind: str,
        strict: bool,
    ) -> list[R]:
        records: list[R] = []
        bad: list[str] = []
        for row in rows:
            try:
                records.append(make(row))
            except _BadValueError as exc:
                where = _("{kind} {id}").format(kind=_row_kind(kind), id=_show(row[0]))
                if strict:
                    raise StoreError(f"{where}: {exc}") from None
                bad.append(f"{where}: {exc}")
        if bad:
            self.warning = ngettext(
                "{n} saved {kinds} could not be read and is left out ({first}).",
                "{n} saved {kinds} could not be read and are left out ({first}).",
                len(bad),
            ).format(n=len(bad), kinds=_row_kinds(kind, len(bad)), first=bad[0])
        return records


def _row_kind(kind: str) -> str:
    return _("answer") if kind == "answer" else _("session")


def _row_kinds(kind: str, n: int) -> str:
    if kind == "answer":
        return ngettext("answer", "answers", n)
    return ngettext("session", "sessions", n)


def _filters(**values: str | None) -> tuple[str, Sequence[str]]:
    clauses = [f"{column} = ?" for column, value in values.items() if value is not None]
    params = [value for value in values.values() if value is not None]
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
