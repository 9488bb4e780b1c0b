"""SQLite connections to a progress file, and what SQLite's errors mean for it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another process's write before giving up, unless told
otherwise (the game never waits this long: see `ProgressStore.flush`)."""

_BUSY_CODES = {getattr(sqlite3, "SQLITE_BUSY", 5), getattr(sqlite3, "SQLITE_LOCKED", 6)}
_CORRUPT_CODES = {getattr(sqlite3, "SQLITE_CORRUPT", 11), getattr(sqlite3, "SQLITE_NOTADB", 26)}
_CANTOPEN = getattr(sqlite3, "SQLITE_CANTOPEN", 14)


def connect(
    target: str | Path, *, uri: bool = False, wait_ms: int = BUSY_TIMEOUT_MS
) -> sqlite3.Connection:
    """A connection as the store uses it: autocommit, a busy timeout (`wait_ms`), any
    thread."""
    # isolation_level=None: no implicit transactions; writes use BEGIN IMMEDIATE
    # explicitly (the default deferred handling loses updates under concurrent writers).
    conn = sqlite3.connect(
        target,
        timeout=wait_ms / 1000,
        isolation_level=None,
        check_same_thread=False,
        uri=uri,
    )
    set_wait(conn, wait_ms)
    return conn


def set_wait(conn: sqlite3.Connection, wait_ms: int) -> None:
    """How long the connection's next statements wait for another connection's lock."""
    conn.execute(f"PRAGMA busy_timeout = {max(0, int(wait_ms))}")


def connect_readonly(
    path: Path, *, wait_ms: int = BUSY_TIMEOUT_MS, untouched: bool = False
) -> sqlite3.Connection:
    """A connection that can only read `path`, even in a folder that cannot be written.

    `mode=ro` reads a WAL file only when its `-shm` file exists or can be created. In a
    read-only folder after a clean close (no `-wal`, no `-shm`) that fails; then no
    process has the file open in WAL mode (each keeps a `-wal` while it does), so the
    file is read as `immutable`, which needs neither. With `untouched` (a file from
    elsewhere, to be left as it is), a file with neither is read as `immutable` at once:
    `mode=ro` would create them beside it.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if untouched and not any(
        path.with_name(path.name + end).exists() for end in ("-wal", "-shm", "-journal")
    ):
        return connect(uri + "&immutable=1", uri=True, wait_ms=wait_ms)
    conn = connect(uri, uri=True, wait_ms=wait_ms)
    try:
        conn.execute("PRAGMA user_version").fetchone()  # opens the WAL index, if any
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        code = getattr(exc, "sqlite_errorcode", None)
        wal = path.with_name(path.name + "-wal")
        if code is None or (code & 0xFF) != _CANTOPEN or wal.exists():
            raise
    return connect(uri + "&immutable=1", uri=True, wait_ms=wait_ms)


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if any, keeping quiet about a failure."""
    if conn.in_transaction:
        # The original error is the one worth reporting.
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite says the file is damaged or is no database at all."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


class DamagedError(Exception):
    """The file is not a usable progress database: SQLite finds it damaged, or its
    tables are not the ones its schema version promises. The message says which."""


@contextmanager
def damage_raised() -> Iterator[None]:
    """Raise an SQLite error that says the file is damaged as DamagedError."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DamagedError(str(exc)) from exc
        raise


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether SQLite gave up waiting for another connection's lock."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _BUSY_CODES
    return "locked" in str(exc).lower()


def reason(exc: BaseException) -> str:
    """What went wrong, in the few words a one-line message has room for."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
