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
- A write that cannot be made yet (another program holds the lock, the disk refuses it)
  does not stop the game, and loses nothing: `record()` returns None, sets `.warning`,
  and the row waits, in order, for the next write or `flush()`; the game never waits for
  a lock (`flush(wait=0)`, again every `RETRY_SECONDS`). Opening waits at most
  `OPEN_PATIENCE` for a lock; a file locked even for reading is opened again later
  (`reopen()`). Rows still waiting at `close()` are kept in a file next to the progress
  file and written by the next store that opens it.
- A file SQLite may only read (read-only, immutable, on a read-only disk) is found out
  at open, as a file that cannot be written.

The modules, by job: `rows` (what the store takes and returns, and reading stored rows
back), `connection` (connections and what SQLite's errors mean), `schema` (the tables,
their indexes, their version, checking and migrating a file), `queries` (the reads that
add answers up or walk the indexes, so that years of answers are not read one by one),
`recovery` (the one way of opening a file and of recovering from what is wrong with it),
`outbox` (rows waiting to be written, and the file that keeps them between games),
`store` (`ProgressStore`). The
names below are the public API; player-name rules live in `game.players`.

The package is pure standard library (plus `game.i18n`, `game.text`, `game.paths`,
`game.players`) so the command line and the writer processes start fast.
"""

from game.progress.connection import BUSY_TIMEOUT_MS
from game.progress.recovery import OPEN_PATIENCE, Check
from game.progress.rows import (
    AnswerGroup,
    AnswerLike,
    AnswerRecord,
    AnswerSummary,
    ClaimHistory,
    ClaimLike,
    PackLike,
    PlayedRound,
    Session,
    SessionRecord,
    SessionTally,
    StoreError,
    to_utc,
)
from game.progress.schema import schema_version
from game.progress.store import (
    FILE_NAME,
    LAST_WAIT,
    RETRY_SECONDS,
    Closed,
    ProgressStore,
    default_path,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "FILE_NAME",
    "LAST_WAIT",
    "OPEN_PATIENCE",
    "RETRY_SECONDS",
    "AnswerGroup",
    "AnswerLike",
    "AnswerRecord",
    "AnswerSummary",
    "Check",
    "ClaimHistory",
    "ClaimLike",
    "Closed",
    "PackLike",
    "PlayedRound",
    "ProgressStore",
    "Session",
    "SessionRecord",
    "SessionTally",
    "StoreError",
    "default_path",
    "schema_version",
    "to_utc",
]
