"""Another program holding a progress file's lock, as a real second process: what the
game meets when another student's game, or a teacher's `sqlite3` shell, writes the file
for a long time."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from types import TracebackType

# Takes the lock, says READY, holds it until a line comes on stdin, says RELEASED.
HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
    if sys.argv[2] == "readers":
        # The file stays locked for readers too, even in WAL mode.
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    print("READY", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
    conn.close()
    print("RELEASED", flush=True)
    """
)


class HeldLock:
    """`BEGIN EXCLUSIVE` on `path` in another process, from `__enter__` until `release()`
    (or the end of the `with` block). `readers=True` shuts readers out as well; without
    it a WAL file can still be read, only not written (another program writing)."""

    def __init__(self, path: Path, *, readers: bool = False) -> None:
        self.path = path
        self.readers = readers
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> HeldLock:
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                HOLDER,
                str(self.path),
                "readers" if self.readers else "writers",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()  # blocks until the lock is taken
        if line.strip() != "READY":
            _, err = self._process.communicate(timeout=30)
            raise AssertionError(f"the lock holder did not start: {line!r} {err[-2000:]}")
        return self

    @property
    def held(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def release(self) -> None:
        """Let go of the lock; returns once the other process has."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("\n")
        process.stdin.flush()
        assert process.stdout.readline().strip() == "RELEASED"
        process.communicate(timeout=30)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self.release()
        finally:
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
                self._process.communicate(timeout=30)


def write_locked(path: Path) -> bool:
    """Whether another connection holds the file's write lock right now."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            return True
        raise
    finally:
        conn.close()


def answers_on_disk(path: Path) -> list[tuple[object, ...]]:
    """(session_id, claim_id, chosen) of every answer in the file, in the order written,
    read by a connection of its own: what is really on the disk."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute(
            "SELECT session_id, claim_id, chosen FROM answers ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def sessions_on_disk(path: Path) -> list[tuple[object, ...]]:
    """(id, player, mode) of every session in the file, in the order written."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute("SELECT id, player, mode FROM sessions ORDER BY id").fetchall()
    finally:
        conn.close()
