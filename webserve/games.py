"""The server's side of the zygote: starting it, asking it for one student's game, and
that game as textual-serve's `AppService` sees a process (its pipes, its exit)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from game.i18n import _
from webserve.zygote import READY, ZygoteConfig


class ZygoteGoneError(Exception):
    """The zygote is not running: no game can be started."""


class GameNotStartedError(Exception):
    """The zygote is running but could not start this one game (a failed fork)."""


@dataclass
class GameProcess:
    """A student's game: a child of the zygote, not of the server, so it is waited on
    through a pidfd rather than `waitpid`."""

    pid: int
    pidfd: int | None
    stdin: asyncio.StreamWriter
    stdout: asyncio.StreamReader
    stderr: asyncio.StreamReader
    closed: bool = False
    """Once closed, the pid may already name another process: it is left alone."""

    def alive(self) -> bool:
        if self.closed:
            return False
        if self.pidfd is not None:
            # A pidfd turns readable once its process has exited.
            poller = select.poll()
            poller.register(self.pidfd, select.POLLIN)
            return not poller.poll(0)
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    async def wait(self, timeout: float) -> bool:
        """Wait at most `timeout` seconds for the game to exit; whether it did."""
        if self.pidfd is None:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while self.alive():
                if loop.time() >= deadline:
                    return False
                await asyncio.sleep(0.05)
            return True
        loop = asyncio.get_running_loop()
        exited: asyncio.Future[bool] = loop.create_future()

        def readable() -> None:
            if not exited.done():
                exited.set_result(True)

        loop.add_reader(self.pidfd, readable)
        try:
            await asyncio.wait_for(exited, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            loop.remove_reader(self.pidfd)

    def kill(self) -> None:
        if self.closed:
            return
        with contextlib.suppress(OSError):
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(Exception):
            self.stdin.close()
        if self.pidfd is not None:
            with contextlib.suppress(OSError):
                os.close(self.pidfd)
            self.pidfd = None


class Zygote:
    """The pre-started process that forks the students' games (`webserve.zygote`)."""

    def __init__(
        self,
        packs: Sequence[str],
        class_name: str,
        *,
        shuffle: bool,
        limit: int | None,
        language: str,
    ) -> None:
        self._ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config = ZygoteConfig(
            packs=list(packs),
            class_name=class_name,
            shuffle=shuffle,
            limit=limit,
            language=language,
            parent=os.getpid(),
        )
        # An argument list, no shell; its own session, so that the teacher's Ctrl+C
        # reaches the server alone, which then stops every game in order.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "webserve.zygote", config.to_json(), str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        theirs.close()
        self._lock = threading.Lock()

    def wait_ready(self, timeout: float) -> None:
        """Wait until the zygote has loaded everything; ZygoteGoneError if it failed (its
        error is on stderr) or took longer than `timeout` seconds. Blocking."""
        self._ours.settimeout(timeout)
        try:
            message = self._ours.recv(64)
        except OSError as error:
            raise ZygoteGoneError(str(error) or _("timed out")) from error
        finally:
            self._ours.settimeout(None)
        if message != READY:
            raise ZygoteGoneError(_("the game server could not start"))

    def spawn(self, name: str, width: int, height: int) -> tuple[int, int | None, list[int]]:
        """Fork one game; its pid, a pidfd for it (None where there is none) and the
        server's ends of its stdin, stdout and stderr. GameNotStartedError if the fork
        failed. Blocking: run it in a thread."""
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        request = json.dumps({"name": name, "width": width, "height": height}).encode()
        try:
            with self._lock:
                socket.send_fds(self._ours, [request], [stdin_r, stdout_w, stderr_w])
                reply, fds, _flags, _address = socket.recv_fds(self._ours, 1024, 1)
        except OSError as error:
            for fd in (stdin_w, stdout_r, stderr_r):
                os.close(fd)
            raise ZygoteGoneError(str(error)) from error
        finally:
            for fd in (stdin_r, stdout_w, stderr_w):
                os.close(fd)
        if not reply:
            for fd in (stdin_w, stdout_r, stderr_r):
                os.close(fd)
            raise ZygoteGoneError(_("the game server stopped"))
        answer = json.loads(reply)
        pid = int(answer["pid"])
        if pid <= 0:
            for fd in (stdin_w, stdout_r, stderr_r, *fds):
                os.close(fd)
            raise GameNotStartedError(
                _("no process could be made for it ({reason})").format(
                    reason=answer.get("error") or "?"
                )
            )
        return pid, (fds[0] if fds else None), [stdin_w, stdout_r, stderr_r]

    async def start_game(self, name: str, width: int, height: int) -> GameProcess:
        """One student's game, its pipes wrapped for asyncio."""
        pid, pidfd, (stdin_w, stdout_r, stderr_r) = await asyncio.to_thread(
            self.spawn, name, width, height
        )
        loop = asyncio.get_running_loop()
        stdout = await _reader(loop, stdout_r)
        stderr = await _reader(loop, stderr_r)
        transport, protocol = await loop.connect_write_pipe(
            lambda: asyncio.streams.FlowControlMixin(loop=loop), os.fdopen(stdin_w, "wb", 0)
        )
        stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        return GameProcess(pid, pidfd, stdin, stdout, stderr)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 4.0) -> None:
        """Close our end (the zygote then stops its games and exits); kill it if it has
        not gone within `timeout` seconds."""
        with contextlib.suppress(OSError):
            self._ours.close()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def _reader(loop: asyncio.AbstractEventLoop, fd: int) -> asyncio.StreamReader:
    reader = asyncio.StreamReader(limit=2**20, loop=loop)
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader, loop=loop), os.fdopen(fd, "rb", 0)
    )
    return reader
