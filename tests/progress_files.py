"""Progress files that are not what ClaimSort wrote, made for the tests of how each is met."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from game.progress.schema import MIGRATIONS


def write_unreadable(path: Path) -> None:
    """Tables as the schema has them, except that `answered_at` sorts with a collation
    only the program that made the file knew: SQLite opens and checks the file, and
    fails each read that sorts answers."""
    conn = sqlite3.connect(path)
    conn.create_collation("theirs", lambda a, b: (a > b) - (a < b))
    for statement in MIGRATIONS[1]:
        if "CREATE TABLE" in statement:
            conn.execute(
                statement.replace("answered_at TEXT NOT NULL", "answered_at TEXT COLLATE theirs")
            )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def write_without_tables(path: Path) -> None:
    """A file that claims schema version 1 but has none of its tables."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
