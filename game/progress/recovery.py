"""Opening a progress file, and what is done when it is damaged or cannot be used.

Both ways of opening climb one ladder, `open_progress()`:

1. A missing file that is not to be created gives an empty store, without a warning.
2. The file is opened (the `Mode` says how).
3. A damaged file (one SQLite's quick check refuses, or whose tables or columns are
   not the ones its schema version promises) is moved aside, never deleted; then the
   mode says what follows (the game starts a fresh file, a reader does not). The
   quick check reads the whole file: the game checks a file larger than
   `CHECK_AT_OPEN_BYTES` after opening it instead (`Opened.check_later`), and one
   found damaged then is marked (`damage_mark`) and checked, and moved aside, at the
   next open.
4. A file from a newer ClaimSort is left untouched, and so is, when it is only read,
   another program's SQLite database (tables, none of them ClaimSort's: `foreign`).
5. A file another program keeps locked is waited for at most `OPEN_PATIENCE` seconds:
   one it still lets us read is opened and its writes wait (`Opened.locked`); one it
   does not is left for the store to open again later.
6. A file or folder that cannot be used for any other reason (one SQLite may only read,
   too) is left as it is.

When neither the file nor a fresh one in its place can be used, the store keeps answers
in memory for this run and `Opened.warning` says why in one line; nothing here raises
for a bad file or folder.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Protocol

from game.i18n import _
from game.progress.connection import (
    BUSY_TIMEOUT_MS,
    DamagedError,
    connect,
    connect_readonly,
    damage_raised,
    is_busy,
    reason,
    rollback,
    set_wait,
)
from game.progress.schema import (
    ForeignError,
    TooNewError,
    check_schema,
    free_name,
    migrate,
    schema_version,
    user_version,
)

OPEN_PATIENCE = 2.0
"""Seconds the game waits at most, when it opens the file, for another program's lock
(other processes creating the file or switching it to WAL take milliseconds); then it
plays on and the store saves the answers once the file is free."""

OPEN_WAIT_MS = 250
"""The longest single wait for a lock while opening, so that the deadline is kept."""

CHECK_AT_OPEN_BYTES = 16 * 1024 * 1024
"""The game checks a progress file up to this size whole before opening it (about
60,000 answers: a few tens of milliseconds). A larger one holds years of answers, and
its check (0.4 s at a million) would hold up every start: it is checked after opening,
while the player plays (`check_in_background`)."""


@dataclass(frozen=True)
class Opened:
    """What opening a progress file came to; the store is made from it."""

    conn: sqlite3.Connection | None = None
    """The connection to read and write through; None when the store is to start empty
    in memory (then `warning` says why, unless the file simply is not there yet)."""
    persistent: bool = False
    """Whether what is written through `conn` is saved in the file."""
    warning: str | None = None
    """One line for the user when progress is not kept as it should be."""
    backup: Path | None = None
    """The copy made before migrating the file's schema, if one was made."""
    moved_aside: Path | None = None
    """Where a damaged file was moved, if it was."""
    locked: bool = False
    """Another program held the file's lock for all of `OPEN_PATIENCE`. With `conn`, the
    file can be read and its writes wait until it is free; without, it could not even be
    read, and is to be opened again later."""
    foreign: bool = False
    """The file is another program's SQLite database (a reader leaves it as it is)."""
    check_later: bool = False
    """The file was opened without SQLite's quick check (it is larger than
    `CHECK_AT_OPEN_BYTES`): run `check_in_background()` on it."""


class Check(Enum):
    """When the game's open checks the whole file for damage."""

    BY_SIZE = "by size"
    """Before opening, up to `CHECK_AT_OPEN_BYTES`; after, while the game goes on, above."""
    NOW = "now"
    """Before opening, whatever its size: the class server's zygote opens the file so,
    once, before the students' games open it."""
    DONE = "done"
    """Not at all: the process that started this one opened it with `NOW` moments ago
    (a student's game, forked by the zygote), so that each game does not read the whole
    file again before its first claim. A file marked damaged is still checked."""


# -- damage ------------------------------------------------------------------------


def check_sound(path: Path, *, wait_ms: int = BUSY_TIMEOUT_MS, untouched: bool = False) -> None:
    """Raise DamagedError unless the file passes SQLite's quick check.

    The check reads through a read-only connection: a read-write one would checkpoint
    or delete a damaged file's WAL when it closes, and the WAL must be moved aside too.
    """
    with damage_raised():
        conn = connect_readonly(path, wait_ms=wait_ms, untouched=untouched)
    try:
        with damage_raised():
            result = conn.execute("PRAGMA quick_check").fetchall()
    finally:
        conn.close()
    if result != [("ok",)]:
        raise DamagedError(str(result[0][0]) if result else "quick_check failed")


def damage_mark(path: Path) -> Path:
    """The file that says a check after opening found `path` damaged: the next open
    checks it whole, whatever its size, and moves it aside."""
    return path.with_name(path.name + ".damaged")


def check_in_background(path: Path) -> DamagedError | None:
    """Check a file opened without its quick check; returns the damage found (having
    marked the file so that the next open moves it aside), or None when it is sound or
    could not be checked now (locked, gone: the next open tries again)."""
    try:
        check_sound(path)
    except DamagedError as damage:
        with contextlib.suppress(OSError):
            damage_mark(path).write_text(str(damage) + "\n", encoding="utf-8")
        return damage
    except (sqlite3.Error, OSError):
        return None
    return None


def move_aside(path: Path) -> Path:
    """Rename a damaged file (and its WAL and shared-memory files) out of the way."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = free_name(path.with_name(f"{path.name}.corrupt-{stamp}"))
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            # Kept next to the copy under SQLite's own naming, so the copy opens as it was.
            companion.rename(aside.with_name(aside.name + suffix))
    with contextlib.suppress(OSError):
        damage_mark(path).unlink(missing_ok=True)
    return aside


# -- the ladder --------------------------------------------------------------------


class Mode(Protocol):
    """What differs between the ways of opening: how the file is opened, what follows
    moving a damaged file aside, and what the user is told."""

    @property
    def creates(self) -> bool:
        """Whether a missing file is created."""
        ...

    def open(self, path: Path) -> Opened:
        """Open the file; DamagedError, TooNewError, sqlite3.Error or OSError when it
        cannot be used."""
        ...

    def after_moving_aside(self, path: Path, damage: DamagedError, aside: Path) -> Opened:
        """What comes of a damaged file once it has been moved to `aside`."""
        ...

    def damaged_in_place(self, path: Path, damage: DamagedError, error: OSError) -> str:
        """The warning when a damaged file could not be moved aside."""
        ...

    def too_new(self, path: Path, version: int) -> str:
        """The warning for a file from a newer ClaimSort."""
        ...

    def unusable(self, path: Path, error: sqlite3.Error | OSError) -> str:
        """The warning for a file or folder that cannot be used for another reason."""
        ...

    def locked(self, path: Path, error: sqlite3.Error) -> Opened:
        """What comes of a file another program kept locked while it was opened."""
        ...


def open_progress(path: Path, mode: Mode) -> Opened:
    """Open the progress file at `path` as `mode` says; never raises for a bad file or
    folder (see the module's docstring for the ladder)."""
    if not mode.creates and not path.exists():
        return Opened()
    try:
        return mode.open(path)
    except DamagedError as damage:
        if isinstance(mode, Reading) and not mode.move_damaged:
            return Opened(warning=mode.left_damaged(path, damage))
        try:
            aside = move_aside(path)
        except OSError as exc:
            return Opened(warning=mode.damaged_in_place(path, damage, exc))
        return mode.after_moving_aside(path, damage, aside)
    except TooNewError as too_new:
        return Opened(warning=mode.too_new(path, too_new.version))
    except ForeignError:  # only a reader looks for it: the file is left as it is
        return Opened(
            warning=_(
                "{path} is not a ClaimSort progress file (its tables are another "
                "program's); nothing was read from it."
            ).format(path=path),
            foreign=True,
        )
    except (sqlite3.Error, OSError) as exc:
        if isinstance(exc, sqlite3.Error) and is_busy(exc):
            return mode.locked(path, exc)
        return Opened(warning=mode.unusable(path, exc))


# -- the game's way: read and write ---------------------------------------------------


@dataclass(frozen=True)
class Writing:
    """The game's way of opening: creates the file (unless `create` is False), migrates
    its schema, switches it to WAL, and starts a fresh file after moving a damaged one
    aside."""

    create: bool = True
    """Whether a missing file is created (False: the store starts empty in memory)."""
    check: Check = Check.BY_SIZE
    """When the whole file is checked for damage."""

    @property
    def creates(self) -> bool:
        return self.create

    def open(self, path: Path) -> Opened:
        # Some lock waits while a file is being created or switched to WAL by another
        # process return "database is locked" at once instead of calling the busy
        # handler (SQLite avoids a deadlock that way); those are worth another try, until
        # the deadline: a lock held for longer is met by the store, not here.
        deadline = time.monotonic() + OPEN_PATIENCE
        pause = 0.02
        while True:
            try:
                opened = _open_to_write(path, deadline, self.check)
            except sqlite3.OperationalError as exc:
                if not is_busy(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(pause)
                pause = min(2 * pause, 0.2)
                continue
            if opened.locked:
                return replace(
                    opened,
                    warning=_(
                        "Another program is writing the progress file {path}; your answers "
                        "are kept and saved as soon as it is free."
                    ).format(path=path),
                )
            return opened

    def after_moving_aside(self, path: Path, damage: DamagedError, aside: Path) -> Opened:
        message = _(
            "The progress file was damaged ({reason}); it was moved to {aside} and a "
            "new one started."
        ).format(reason=damage, aside=aside)
        try:
            opened = self.open(path)
        except (DamagedError, TooNewError, sqlite3.Error, OSError) as exc:
            return Opened(
                warning=message
                + " "
                + _("Progress will not be saved: {reason}.").format(reason=reason(exc))
            )
        return replace(opened, warning=message, moved_aside=aside)

    def damaged_in_place(self, path: Path, damage: DamagedError, error: OSError) -> str:
        return _(
            "The progress file {path} is damaged and could not be moved aside "
            "({reason}); progress will not be saved."
        ).format(path=path, reason=reason(error))

    def too_new(self, path: Path, version: int) -> str:
        return _(
            "The progress file {path} comes from a newer ClaimSort (schema {version}); "
            "progress will not be saved."
        ).format(path=path, version=version)

    def unusable(self, path: Path, error: sqlite3.Error | OSError) -> str:
        return _("Progress will not be saved: cannot write {path} ({reason}).").format(
            path=path, reason=reason(error)
        )

    def locked(self, path: Path, error: sqlite3.Error) -> Opened:
        return Opened(
            locked=True,
            warning=_(
                "Another program has locked the progress file {path}; your answers are kept "
                "and saved to it as soon as it is free (until then, earlier progress is not "
                "shown)."
            ).format(path=path),
        )


def check_writable(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.OperationalError unless the connection can write its file now:
    "database is locked" while another program writes it, "attempt to write a readonly
    database" when it may not be written at all."""
    # SQLite opens a file it may not write read-only without a word, and BEGIN IMMEDIATE
    # succeeds on it: only a write finds out. Setting the schema version to the one it
    # has, then rolling back, leaves the file as it was.
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA user_version = {user_version(conn)}")
    finally:
        rollback(conn)


def _wait_left(deadline: float) -> int:
    """The next wait for a lock, in milliseconds: short, and never past the deadline."""
    return max(1, min(OPEN_WAIT_MS, int((deadline - time.monotonic()) * 1000)))


def _writable_by(conn: sqlite3.Connection, deadline: float) -> bool:
    """Whether the connection can write its file before the deadline (False: another
    program held the lock all along); raises when it cannot write for another reason."""
    pause = 0.02
    while True:
        set_wait(conn, _wait_left(deadline))
        try:
            check_writable(conn)
            return True
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                return False
        time.sleep(pause)
        pause = min(2 * pause, 0.2)


def _open_to_write(path: Path, deadline: float, check: Check) -> Opened:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not path.is_file():
        raise IsADirectoryError(21, _("not a regular file"), str(path))
    size = path.stat().st_size if path.exists() else 0
    marked = damage_mark(path).exists()
    # A file marked damaged is checked now, whatever was asked.
    check_now = (
        marked or check is Check.NOW or (check is Check.BY_SIZE and size <= CHECK_AT_OPEN_BYTES)
    )
    check_later = check is Check.BY_SIZE and not check_now
    if size > 0 and check_now:
        check_sound(path, wait_ms=_wait_left(deadline))
        if marked:  # sound after all (mended by hand, say)
            with contextlib.suppress(OSError):
                damage_mark(path).unlink()
    conn = connect(path, wait_ms=_wait_left(deadline))
    try:
        with damage_raised():
            check_schema(conn)  # before anything below changes the file
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            backup = migrate(conn, path)
            check_schema(conn)
        # Fail here, not at the first answer, when the file cannot be written; a file
        # another program is writing is still opened, and its writes wait.
        writable = _writable_by(conn, deadline)
        set_wait(conn, BUSY_TIMEOUT_MS)
    except BaseException:
        conn.close()
        raise
    return Opened(
        conn, persistent=True, backup=backup, locked=not writable, check_later=check_later
    )


# -- the readers' way: read only --------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """The way of opening for commands that only read (stats, export): never creates,
    migrates or switches the file's journal, and takes no write lock, so it reads a
    file it cannot write and leaves the file as it was. A damaged file is still moved
    aside (a rename, which leaves its bytes alone), but no new one is started, unless
    `move_damaged` is false."""

    move_damaged: bool = True
    """Whether a damaged file is moved aside (this machine's progress file), or left
    where it is (a file handed to `claimsort report` from another machine)."""
    untouched: bool = False
    """Whether nothing may be created beside the file (a file from elsewhere, which no
    program is writing): closed cleanly, it is then read as immutable
    (`connect_readonly`). Never for a file a game may write meanwhile: it would not be
    seen."""

    @property
    def creates(self) -> bool:
        return False

    def left_damaged(self, path: Path, damage: DamagedError) -> str:
        return _("{path} is damaged ({reason}); nothing could be read from it.").format(
            path=path, reason=damage
        )

    def open(self, path: Path) -> Opened:
        if not path.is_file():
            raise IsADirectoryError(21, _("not a regular file"), str(path))
        if path.stat().st_size == 0:
            return Opened()
        check_sound(path, untouched=self.untouched)
        conn = connect_readonly(path, untouched=self.untouched)
        try:
            with damage_raised():
                version = check_schema(conn, refuse_foreign=True)
                if version < schema_version():
                    # An older schema (or none yet): bring a copy in memory up to date,
                    # so the store's reads see the columns they expect.
                    memory = connect(":memory:")
                    conn.backup(memory)
                    conn.close()
                    conn = memory
                    migrate(conn, None)
                    check_schema(conn)
        except BaseException:
            conn.close()
            raise
        return Opened(conn, persistent=False)

    def after_moving_aside(self, path: Path, damage: DamagedError, aside: Path) -> Opened:
        return Opened(
            warning=_("The progress file was damaged ({reason}); it was moved to {aside}.").format(
                reason=damage, aside=aside
            ),
            moved_aside=aside,
        )

    def damaged_in_place(self, path: Path, damage: DamagedError, error: OSError) -> str:
        return _(
            "The progress file {path} is damaged ({reason}) and could not be "
            "moved aside ({error}); nothing could be read from it."
        ).format(path=path, reason=damage, error=reason(error))

    def too_new(self, path: Path, version: int) -> str:
        return _(
            "The progress file {path} comes from a newer ClaimSort (schema {version}); "
            "this version cannot read it."
        ).format(path=path, version=version)

    def unusable(self, path: Path, error: sqlite3.Error | OSError) -> str:
        return _("Progress cannot be read: cannot open {path} ({reason}).").format(
            path=path, reason=reason(error)
        )

    def locked(self, path: Path, error: sqlite3.Error) -> Opened:
        return Opened(warning=self.unusable(path, error))
