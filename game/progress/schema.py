"""The progress file's schema: its tables, its version, checking a file against it, and
migrating a file forward (after a backup copy).

The schema carries a version (`PRAGMA user_version`) and migrates forward; before a
migration the old file is copied with SQLite's backup API.
"""

from __future__ import annotations

import functools
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from game.i18n import _
from game.progress.connection import DamagedError, rollback


def stamp_as_written(column: str) -> str:
    """SQL that holds when `column` is a time as the store writes it (see below)."""
    # `rows.stamp()`'s fixed-width UTC form, a real date and time (julianday() rolls
    # 30 February over to March, so the round trip tells it apart), in the years the
    # rows read back (`rows.EARLIEST_MOMENT` to `rows.LATEST_MOMENT`: 2 to 9998). IS,
    # not =: a NULL here would keep the row out of the index.
    return (
        f"typeof({column}) = 'text' AND {column} GLOB "
        "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]."
        "[0-9][0-9][0-9][0-9][0-9][0-9]+00:00' "
        f"AND {column} >= '0002' AND {column} < '9999' "
        f"AND strftime('%Y-%m-%dT%H:%M:%f', julianday(substr({column}, 1, 23))) "
        f"IS substr({column}, 1, 23)"
    )


ANSWER_AS_WRITTEN = (
    "typeof(session_id) IN ('integer', 'null') AND typeof(player) = 'text' "
    "AND typeof(pack_id) = 'text' AND typeof(pack_hash) = 'text' AND typeof(claim_id) = 'text' "
    "AND typeof(chosen) = 'text' AND typeof(correct) = 'text' "
    "AND typeof(hinted) = 'integer' AND hinted IN (0, 1) "
    "AND typeof(seconds) = 'real' AND seconds >= 0 AND seconds < 1e999 "
    f"AND {stamp_as_written('answered_at')}"
)
"""An `answers` row as `ProgressStore` writes it: every such row decodes (`rows.answer_record`).

Rows that are not (another program wrote them) are kept in the partial index
`answers_not_as_written`, so whether a player has any is one look-up, and the reads that
add answers up in SQL know when they may (`queries.NOT_AS_WRITTEN`). Part of migration 2:
never edit it; a query must repeat it word for word for SQLite to use that index."""

SESSION_AS_WRITTEN = (
    "typeof(player) = 'text' AND typeof(pack_id) IN ('text', 'null') "
    "AND typeof(pack_hash) IN ('text', 'null') AND typeof(mode) = 'text' "
    "AND typeof(pack_path) IN ('text', 'null') "
    f"AND {stamp_as_written('started_at')}"
)
"""A `sessions` row as `ProgressStore` writes it (see `ANSWER_AS_WRITTEN`)."""

CONFIDENCE_AS_WRITTEN = (
    "confidence IS NULL OR (typeof(confidence) = 'text' "
    "AND confidence IN ('low', 'medium', 'high'))"
)
"""An answer's `confidence` as the store writes it (`game.discernment.CONFIDENCE_LEVELS`'
ids, or NULL for an answer given without the confidence step). Part of migration 3, as
`ANSWER_AS_WRITTEN` is of migration 2: never edit it."""

CLASS_AS_WRITTEN = "typeof(class_name) IN ('text', 'null')"
"""A session's `class_name` as the store writes it. Part of migration 3: never edit it."""

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
    2: (
        # Where each pack was played from, so that review finds it again.
        "ALTER TABLE sessions ADD COLUMN pack_path TEXT",
        # Indexes for reads that must not scan every answer (see `game.progress.queries`).
        # IF EXISTS: a file written by another program may lack the old index.
        "DROP INDEX IF EXISTS answers_by_player",
        "CREATE INDEX answers_by_claim ON answers (player, pack_id, claim_id, correct, answered_at)",
        "CREATE INDEX answers_missed ON answers "
        "(player, pack_id, claim_id, answered_at, chosen, correct) WHERE chosen <> correct",
        "CREATE INDEX answers_by_time ON answers (player, answered_at)",
        "CREATE INDEX answers_by_session ON answers (session_id)",
        f"CREATE INDEX answers_not_as_written ON answers (player) WHERE NOT ({ANSWER_AS_WRITTEN})",
        f"CREATE INDEX sessions_not_as_written ON sessions (player) WHERE NOT ({SESSION_AS_WRITTEN})",
        "CREATE INDEX sessions_by_pack ON sessions (pack_id, started_at) WHERE pack_path IS NOT NULL",
    ),
    3: (
        # How sure the player said they were (`game.discernment`), for calibration.
        "ALTER TABLE answers ADD COLUMN confidence TEXT",
        # The class a session was played in (`claimsort serve --class`), for the report.
        "ALTER TABLE sessions ADD COLUMN class_name TEXT",
        f"CREATE INDEX answers_confidence_not_as_written ON answers (player) "
        f"WHERE NOT ({CONFIDENCE_AS_WRITTEN})",
        f"CREATE INDEX sessions_class_not_as_written ON sessions (player) "
        f"WHERE NOT ({CLASS_AS_WRITTEN})",
        "CREATE INDEX sessions_by_class ON sessions (class_name, started_at) "
        "WHERE class_name IS NOT NULL",
    ),
}
"""Schema version -> the statements that bring version - 1 up to it. Append, never edit."""


class TooNewError(Exception):
    """The file was written by a newer ClaimSort."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version
        """The file's schema version."""


class ForeignError(Exception):
    """The file is another program's SQLite database: it has tables, none of them one
    that any version of ClaimSort's schema has."""


def schema_version() -> int:
    """The schema version this code writes."""
    return max(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version the connection's database says it has (0: none yet)."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    return int(version)


def migrate(conn: sqlite3.Connection, path: Path | None) -> Path | None:
    """Bring the schema up to date; returns the backup of `path` made first, if any.

    TooNewError for a file from a newer ClaimSort, which is left as it is.
    """
    target = schema_version()
    version = user_version(conn)
    if version > target:
        raise TooNewError(version)
    if version == target:
        return None
    copy = backup(conn, path, version) if version > 0 and path is not None else None
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the lock.
        version = user_version(conn)
        for step in range(version + 1, target + 1):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
        if version < target:
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return copy


def free_name(base: Path) -> Path:
    """`base`, or `base-2`, `base-3`... whichever does not exist yet."""
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the database to `<path>.v<version>-backup-<UTC time>`; returns the copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    dest_path = free_name(path.with_name(f"{path.name}.v{version}-backup-{stamp}"))
    dest = sqlite3.connect(dest_path)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return dest_path


@functools.cache
def _every_table() -> frozenset[str]:
    """The tables of every version of the schema."""
    return frozenset(table for version in MIGRATIONS for table in expected_columns(version))


@functools.cache
def expected_columns(version: int | None = None) -> dict[str, frozenset[str]]:
    """Each table of the schema at `version` (default: the current one) and its columns,
    read from the migrations run in memory (so this can never disagree with them)."""
    upto = schema_version() if version is None else version
    conn = sqlite3.connect(":memory:")
    try:
        for step in sorted(MIGRATIONS):
            if step <= upto:
                for statement in MIGRATIONS[step]:
                    conn.execute(statement)
        return columns(conn)
    finally:
        conn.close()


def columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """Each table of the connection's database (SQLite's own left out) and its columns."""
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


def check_schema(conn: sqlite3.Connection, *, refuse_foreign: bool = False) -> int:
    """The file's schema version, once its tables and columns are seen to match it;
    TooNewError for a version this code does not know, DamagedError for a mismatch.

    `user_version` alone is not trusted: a file that claims a version but lacks one of
    its tables would fail at every read, or at its migration. Version 0 is a new file: it must have none of our
    tables (another program's database is not ours to extend). The version and the
    tables are read in one transaction, so another process's migration committing in
    between cannot make a sound file look damaged. With `refuse_foreign`, ForeignError
    for another program's database (tables, none of them ours at any version), whatever
    version it claims.
    """
    conn.execute("BEGIN")
    try:
        version = user_version(conn)
        found = columns(conn)
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    if refuse_foreign and found and not set(found) & _every_table():
        raise ForeignError
    if version > schema_version():
        raise TooNewError(version)
    if version == 0:
        clash = sorted(set(found) & set(expected_columns()))
        if clash:
            raise DamagedError(
                _("it has a table {table} but no schema version").format(table=clash[0])
            )
        return version
    # An older schema is held to its own version's tables (it is checked again once
    # migrated): a file that lacks one is damaged, not merely old.
    for table, names in sorted(expected_columns(version).items()):
        if table not in found:
            raise DamagedError(_("the table {table} is missing").format(table=table))
        missing = sorted(names - found[table])
        if missing:
            raise DamagedError(
                _("the table {table} has no column {column}").format(table=table, column=missing[0])
            )
    return version
