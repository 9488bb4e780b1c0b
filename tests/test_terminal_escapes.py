"""`claimsort play` in a real terminal: what a pack holds never reaches it as a control
sequence (issue 9). The program runs in a pseudo-terminal of 80x24 and every byte it
writes there is kept, as a terminal would receive it.

Textual draws with escape sequences of its own, so the tests look for the pack's
payload (an OSC 52 clipboard write, a blinking red CSI) rather than for any ESC."""

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

import pytest

WAIT = 60.0
"""Seconds to wait for a condition: the machine may be busy; nothing waits this long
when all is well."""

CLIPBOARD = b"\x1b]52;"
COLOUR = b"\x1b[1;31;5m"
PAYLOAD = "\\u001b]52;c;Y2xhaW1zb3J0LXB3bmVk\\u0007\\u001b[1;31;5mred"
"""An OSC 52 clipboard write and a blinking red CSI, as TOML escapes."""

PACK = """\
format = 1

[pack]
id = "tiny"
title = "Tiny pack"
language = "en"

[[sources]]
id = "s"
title = "A headline"
publisher = "A paper"
url = "{url}"
text = "The mayor opened the bridge on Friday."

[[claims]]
id = "bridge"
text = "The mayor opened the bridge."
answer = "fact"
quote = "The mayor opened the bridge"
said_by = "The paper"
explanation = "Reported in the paper's own voice."
"""


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
            start_new_session=True,  # its own session, with this terminal as its own
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


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "PYTEST", "NO_COLOR", "COLUMNS", "LINES"))
    }
    env.update(CLAIMSORT_HOME=str(tmp_path / "home"), TERM="xterm-256color", LANG="C.UTF-8")
    return env


def play_and_read(pack: Path, env: dict[str, str], *, article_word: bytes) -> Terminal:
    """Play `pack` as a player would: wait for the claim, open the reader (`r`), wait
    for the article, close it (`r` again: a lone Esc followed by another key would
    read as Alt+key) and quit (q, then y to confirm)."""
    terminal = Terminal([*claimsort(), "play", str(pack)], env)
    terminal.wait_for(b"opened")
    steps = [("r", article_word), ("r", b"opened"), ("q", b"Leave this round?")]
    for key, shown in steps:
        mark = terminal.mark()
        terminal.press(key)
        terminal.wait_for(shown, after=mark)
    terminal.press("y")
    return terminal


def test_the_reader_shows_a_source_url_in_a_real_terminal(
    tmp_path: Path, terminal_env: dict[str, str]
) -> None:
    # The same steps as the hostile pack's, with a harmless url: they do reach the
    # reader and show the url on the terminal.
    pack = tmp_path / "tiny.toml"
    pack.write_text(PACK.format(url="https://example.org/bridge-story"), encoding="utf-8")
    terminal = play_and_read(pack, terminal_env, article_word=b"example.org/bridge-story")
    assert terminal.finish() == 0
    assert b"example.org/bridge-story" in terminal.output
    assert b"Friday" in terminal.output  # the article itself


def test_a_url_with_escape_sequences_never_reaches_the_terminal(
    tmp_path: Path, terminal_env: dict[str, str]
) -> None:
    pack = tmp_path / "hostile.toml"
    pack.write_text(PACK.format(url="https://example.org/x" + PAYLOAD), encoding="utf-8")
    terminal = play_and_read(pack, terminal_env, article_word=b"Friday")
    code = terminal.finish()
    output = terminal.output
    assert CLIPBOARD not in output
    assert COLOUR not in output
    assert b"]52;" not in output
    # Refused when loaded, where the url is, before anything is drawn.
    assert code == 1
    assert (
        f"{pack}:12:1: error: url of source 1 contains U+001B (control character) "
        "at character 22".encode()
    ) in output
