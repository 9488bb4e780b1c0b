"""The pre-started game process: it imports Textual and ClaimSort and loads the packs
once, then forks one child per student, so a student's game starts without paying for
any of that (a fresh `claimsort play` costs about 0.7 CPU-seconds, most of it imports).
Before the first fork it also opens the progress file once (checked whole, so that no
game reads all of it again) and plays one game headless to its first screen, so that
the modules Textual imports late, every parsed stylesheet (`tui/shared_css.py`) and
Textual's caches are in memory the forks share; a forked game's own start is then the
building and drawing of its first screen (bench/serve.py: about 0.1 CPU-seconds).

The server starts it with an argument list (no shell) and talks to it over a Unix
socket pair: each request is a small JSON object (the student's name and terminal size)
carrying the three pipe ends that become the child's stdin, stdout and stderr; the
answer is the child's pid, with a pidfd for the server to watch the child's exit by.

Lifetime: the zygote dies with its server (a parent-death signal, and the end of the
socket when the server closes it), and each child dies with the zygote (a parent-death
signal, and a thread that watches its parent in case the signal is lost).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import selectors
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from cli.messages import say
from cli.play import WEB_DRIVER

WEB_ENVIRONMENT = {
    "TEXTUAL_DRIVER": WEB_DRIVER,
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}
"""What textual-serve sets for an app it runs; set before Textual is imported, since
Textual reads its constants at import."""

READY = b'{"ready": true}'
"""Sent once everything is imported and loaded: the server announces its URL after it."""
REQUEST_LIMIT = 4096
"""A spawn request is a name and a size: anything longer is not one."""
PARENT_GONE_GRACE = 3.0
"""A child whose zygote is gone gets this long to save and quit before it stops itself."""
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class ZygoteConfig:
    """What the zygote serves: read from its command line as JSON."""

    packs: list[str]
    class_name: str
    shuffle: bool
    limit: int | None
    language: str
    """The interface's language, as the server was given it (`claimsort --lang`)."""
    parent: int
    """The server's pid: the zygote stops when it is no longer its parent."""

    def to_json(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> ZygoteConfig:
        return cls(**json.loads(text))


def die_with_parent(sig: int, parent: int) -> None:
    """Ask Linux to send `sig` when our parent exits; exit now if it already has."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def watch_parent(parent: int) -> None:
    """In case the parent-death signal is not delivered (another OS, a parent thread
    that exited): a thread that ends the process once its parent is gone, first asking
    it to quit as Ctrl+C would, so the student's last answers are saved."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(PARENT_GONE_GRACE)
        os._exit(1)

    threading.Thread(target=watch, name="claimsort-parent-watch", daemon=True).start()


def main(argv: list[str]) -> int:
    config = ZygoteConfig.from_json(argv[1])
    control = socket.socket(fileno=int(argv[2]))
    die_with_parent(signal.SIGKILL, config.parent)
    os.environ.update(WEB_ENVIRONMENT)
    # Before the interface is imported: some of its strings are translated at import.
    from game.i18n import use

    use(config.language)

    # Everything a student's game needs is imported and loaded here, once.
    import importlib
    from pathlib import Path

    import tui.app
    import tui.screens.help  # noqa: F401 - (it imports every screen whose keys it lists)
    from game.catalog import load_entries
    from game.i18n import _
    from game.progress import Check, ProgressStore
    from webserve.student import WarmUpError, warm_up

    entries = load_entries([Path(p) for p in config.packs], _("command line"))
    # The file is checked whole (and created, migrated, or moved aside when damaged)
    # once, here; each game then opens it without reading all of it again.
    store = ProgressStore.open(check=Check.NOW)
    if store.warning:
        say("serve", store.warning)  # to the teacher: a file moved aside, or not usable
    store.close()
    # The driver a game runs on is imported when its app starts: import it now.
    importlib.import_module(WEB_DRIVER.partition(":")[0])
    # One game played headless to its first screen: what Textual imports, parses and
    # caches on a first start (the modules it imports late, every stylesheet, the
    # caches of styles and text) is then in the zygote, for every fork to share.
    try:
        warm_up(entries, config.class_name, config.shuffle, config.limit)
    except WarmUpError as failed:
        # Not ready: the server says it could not start the games, and stops.
        say("serve", _("a game could not be started: {reason}").format(reason=failed))
        return 1
    _join_threads()
    # What is loaded now is kept as it is: the collector never walks it again, in the
    # zygote or in a child, so a child neither pays for that walk nor copies the pages
    # it would touch (they stay shared with the zygote).
    gc.collect()
    gc.freeze()
    sys.stdout.flush()
    sys.stderr.flush()
    control.send(READY)

    children: set[int] = set()
    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ)
    try:
        while True:
            ready = selector.select(timeout=1.0)
            _reap(children)
            if os.getppid() != config.parent:
                break
            if not ready:
                continue
            try:
                message, fds, _flags, _address = socket.recv_fds(control, REQUEST_LIMIT, 3)
            except OSError:
                break
            if not message:
                break  # the server closed its end: it is stopping
            if len(fds) != 3:
                for fd in fds:
                    os.close(fd)
                continue
            pid, error = _fork_student(config, entries, message, fds, control, children)
            reply = json.dumps({"pid": pid, "error": error}).encode()
            pidfd = _pidfd(pid)
            try:
                socket.send_fds(control, [reply], [pidfd] if pidfd is not None else [])
            except OSError:
                break
            finally:
                if pidfd is not None:
                    os.close(pidfd)
    finally:
        _stop_children(children)
    return 0


def _join_threads() -> None:
    """Wait for the threads the warm-up started (its workers) to end: a fork copies
    only the thread that forks, and a lock another thread held would stay held."""
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join(PARENT_GONE_GRACE)


def _pidfd(pid: int) -> int | None:
    if pid <= 0:
        return None
    try:
        return os.pidfd_open(pid)
    except (OSError, AttributeError):
        return None


def _reap(children: set[int]) -> None:
    for pid in list(children):
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            children.discard(pid)


def _stop_children(children: set[int]) -> None:
    """Ask every game still running to quit, then stop the ones that do not."""
    for pid in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + PARENT_GONE_GRACE
    while children and time.monotonic() < deadline:
        _reap(children)
        time.sleep(0.05)
    for pid in children:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    _reap(children)


def _fork_student(
    config: ZygoteConfig,
    entries: list[Any],
    message: bytes,
    fds: list[int],
    control: socket.socket,
    children: set[int],
) -> tuple[int, str | None]:
    """Fork the game of one student: its pid, or -1 and why not. The child never
    returns from here."""
    try:
        request = json.loads(message)
        name = str(request["name"])
        width, height = int(request["width"]), int(request["height"])
    except (ValueError, KeyError, TypeError) as error:
        for fd in fds:
            os.close(fd)
        return -1, repr(error)
    zygote = os.getpid()
    try:
        pid = os.fork()
    except OSError as error:
        # Out of memory or processes: this one student is refused, the others play on.
        for fd in fds:
            os.close(fd)
        return -1, error.strerror or str(error)
    if pid:
        children.add(pid)
        for fd in fds:
            os.close(fd)
        return pid, None
    code = 1
    try:
        control.close()
        die_with_parent(signal.SIGTERM, zygote)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.environ["COLUMNS"] = str(width)
        os.environ["ROWS"] = str(height)
        watch_parent(zygote)
        from webserve.student import run_student

        code = run_student(entries, name, config.class_name, config.shuffle, config.limit)
    except BaseException:
        import traceback

        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
