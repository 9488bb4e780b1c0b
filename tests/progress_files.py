"""Progress files that are not what ClaimSort wrote, made for the tests of how each is met."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from game.progress.schema import MIGRATIONS, schema_version


def write_unreadable(path: Path) -> None:
    """Tables as the schema has them (without its indexes), except that `answered_at`
    sorts with a collation only the program that made the file knew: SQLite opens and
    checks the file, and fails each read that sorts or compares answers' times."""
    conn = sqlite3.connect(path)
    conn.create_collation("theirs", lambda a, b: (a > b) - (a < b))
    for step in sorted(MIGRATIONS):
        for statement in MIGRATIONS[step]:
            if "CREATE TABLE" in statement or "ADD COLUMN" in statement:
                conn.execute(
                    statement.replace(
                        "answered_at TEXT NOT NULL", "answered_at TEXT COLLATE theirs"
                    )
                )
    conn.execute(f"PRAGMA user_version = {schema_version()}")
    conn.commit()
    conn.close()


def write_without_tables(path: Path) -> None:
    """A file that claims schema version 1 but has none of its tables."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
