"""A real terminal for the tests: a program in a pseudo-terminal of 80x24, and every
byte it writes there, kept as a terminal would receive it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

WAIT = 60.0
"""Seconds to wait for a condition: the machine may be busy; nothing waits this long
when all is well."""

PAYLOAD = "\x1b]52;c;Y2xhaW1zb3J0LXB3bmVk\x07\x1b[1;31;5m\x9b7m"
"""What a hostile value carries: an OSC 52 write of the clipboard, a blinking red CSI
(a colour Textual never draws with), and a one-character CSI (C1, U+009B) for reverse
video."""


def reached(output: bytes) -> bool:
    """Whether any part of `PAYLOAD` reached the terminal as a control sequence."""
    return any(part in output for part in (b"\x1b]52;", b"\x1b[1;31;5m", b"\xc2\x9b"))


def claimsort() -> list[str]:
    """The installed console script next to this Python, else `python -m cli`."""
    script = Path(sys.executable).with_name("claimsort")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "cli"]


class Terminal:
    """A program in a pseudo-terminal of 80 columns and 24 lines, with every byte it
    wrote there (a thread reads them as they come, like a terminal would)."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,  # its own session: the tests' terminal signals never reach it
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._output = bytearray()
        self._closed = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: every program on the terminal has closed it
                data = b""
            with self._changed:
                if not data:
                    self._closed = True
                    self._changed.notify_all()
                    return
                self._output += data
                self._changed.notify_all()

    @property
    def output(self) -> bytes:
        with self._changed:
            return bytes(self._output)

    def mark(self) -> int:
        """How many bytes have been written so far, to wait for what comes after."""
        with self._changed:
            return len(self._output)

    def wait_for(self, text: bytes, *, after: int = 0) -> None:
        """Wait until `text` has been written (after the first `after` bytes), or the
        program has closed the terminal (the caller's assertions then say what was
        missing)."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._closed or self._output.find(text, after) >= 0, WAIT
            )

    def press(self, keys: str) -> None:
        """Type `keys`; typing into a terminal whose program has ended does nothing."""
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                os.write(self._master, keys.encode())

    def finish(self) -> int:
        """Wait for the program to end and the terminal to be read to the end; its exit
        code."""
        try:
            code = self.process.wait(WAIT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        self._reader.join(WAIT)
        os.close(self._master)
        return code


def terminal_env(home: Path) -> dict[str, str]:
    """This environment, for a program that must not see the tests' own settings, with
    `home` as ClaimSort's data folder."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "PYTEST", "NO_COLOR", "COLUMNS", "LINES"))
    }
    env.update(CLAIMSORT_HOME=str(home), TERM="xterm-256color", LANG="C.UTF-8")
    return env
