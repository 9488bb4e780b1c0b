"""One student's session: textual-serve's `AppService`, with the game forked by the
zygote instead of started through a shell, and a stop that cannot hang.

textual-serve's `stop()` sends "quit" and then waits for the app with no timeout; a
game that does not exit (busy, or stuck on a lock) would hold its slot, and the server's
own stop, for ever. Here the game gets `QUIT_GRACE` seconds, then is killed: the answers
it has shown a verdict for are already in the store's queue, and what is not yet on disk
is kept beside the store by the game's own exit, or recovered from its queue file.

A game whose output ends before its first frame (it crashed, or ran out of memory or
threads, as it started) has not started: the server is told (`not_started`), so that
the student's page can say so and offer the form again, instead of "game has ended".
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
from collections.abc import Awaitable, Callable

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from game.i18n import _
from game.text import printable
from webserve.games import GameProcess, Zygote, ZygoteGoneError

log = logging.getLogger("claimsort.serve")

QUIT_GRACE = 3.0
"""Seconds a game has to exit after its browser has gone, before it is killed."""
PRELUDE_LINES = 10
"""Lines read for the web driver's "__GANGLION__" start line, as textual-serve does."""
STDERR_LIMIT = 64 * 1024
"""At most this much of a game's stderr is kept to show the teacher."""
FIRST_FRAME = 10
"""A game's first output packet longer than this many bytes is its first frame: the
page shows the terminal from then on (textual.js's own rule); the terminal modes the
driver sets before it are shorter."""
NOT_STARTED_GRACE = 10.0
"""Seconds the page of a game that did not start has to go to its next page (which
closes its socket) before the socket is closed for it."""


class StudentSession(AppService):
    """A game for one student, driven through textual-serve's packet protocol."""

    def __init__(
        self,
        zygote: Zygote | None,
        name: str,
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        report: Callable[[str], None],
        not_started: Callable[[str], Awaitable[None]],
    ) -> None:
        """`zygote` forks the game (None while it is being started again); `report`
        prints a line for the teacher; `not_started` is awaited with the reason when
        the game ends before its first frame, and the socket is closed once the page
        has gone (or after `NOT_STARTED_GRACE` seconds)."""
        # Downloads are not offered (the server has no download route), so the manager
        # textual-serve asks for is never given one.
        super().__init__(
            "claimsort",
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,
            download_manager=DownloadManager(),
        )
        self.zygote = zygote
        self.name = name
        self.report = report
        self.not_started = not_started
        self.game: GameProcess | None = None
        self.started = False
        """Whether the game has shown its first frame."""
        self._stopping = asyncio.Event()

    async def start(self, width: int, height: int) -> None:
        if self.zygote is None:
            raise ZygoteGoneError(_("the game starter is starting again"))
        game = await self.zygote.start_game(self.name, width, height)
        self.game = game
        self._stdin = game.stdin
        # The relay is given its game: a stop() that comes before the task's first turn
        # (a socket closed as it opened) must not leave it without one.
        self._task = asyncio.create_task(self._relay_game(game))

    async def stop(self) -> None:
        """Ask the game to quit, kill it after `QUIT_GRACE` seconds, and wait for its
        output to end. Safe to call more than once, and at any point of the start: the
        game's pipes and pidfd are closed whatever happens on the way."""
        self._stopping.set()
        game = self.game
        if game is None:
            return
        self.game = None
        try:
            if game.alive():
                await self.send_meta({"type": "quit"})
                if not await game.wait(QUIT_GRACE):
                    game.kill()
                    await game.wait(QUIT_GRACE)
            task, self._task = self._task, None
            if task is not None:
                # On a timeout the relay is cancelled: its pipes are closed below.
                try:
                    await asyncio.wait_for(task, QUIT_GRACE)
                except TimeoutError:
                    pass
                except Exception:
                    log.exception("the relay of a game failed")
        finally:
            if game.alive():
                game.kill()
            game.close()

    async def send_meta(self, data: dict[str, str | int | bool | None]) -> bool:
        if self._stdin is None or self._stdin.is_closing():
            return False
        return await super().send_meta(data)

    async def send_bytes(self, data: bytes) -> bool:
        if self._stdin is None or self._stdin.is_closing():
            return False
        return await super().send_bytes(data)

    async def run(self) -> None:
        # textual-serve's own start path; this session starts its relay in start().
        if self.game is not None:
            await self._relay_game(self.game)

    async def _relay_game(self, game: GameProcess) -> None:
        """Relay the game's packets to the browser until its output ends; then, if it
        ended before the first frame, tell the server the game did not start."""
        stderr_data = io.BytesIO()

        async def read_stderr() -> None:
            with contextlib.suppress(asyncio.CancelledError, OSError):
                while data := await game.stderr.read(4096):
                    if stderr_data.tell() < STDERR_LIMIT:
                        stderr_data.write(data)

        stderr_task = asyncio.create_task(read_stderr())
        try:
            ready = False
            for _line in range(PRELUDE_LINES):
                line = await game.stdout.readline()
                ready = line == b"__GANGLION__\n"
                if ready or not line:
                    break
            while ready:
                kind = await game.stdout.readexactly(1)
                size = int.from_bytes(await game.stdout.readexactly(4), "big")
                payload = await game.stdout.readexactly(size)
                if kind == b"D":
                    self.started = self.started or size > FIRST_FRAME
                    await self.on_data(payload)
                elif kind == b"M":
                    await self.on_meta(payload)
                # b"P" (packed) carries file deliveries only: there are none to relay.
        except (asyncio.IncompleteReadError, ConnectionResetError, OSError):
            pass
        finally:
            await asyncio.sleep(0)  # let the last of stderr arrive with the end of stdout
            stderr_task.cancel()
            await stderr_task
        await self._ended(stderr_data.getvalue())

    async def _ended(self, stderr: bytes) -> None:
        """The game's output has ended: tell the server if it never started, and the
        teacher what it said on its way out (a crash); then close the socket (a game
        killed by the system sends no exit of its own)."""
        if not self.started and not self._stopping.is_set():
            await self.not_started(_("it stopped before its first screen"))
        errors = stderr.decode("utf-8", "replace").strip()
        if errors:
            # The game's own report (a crash): shown to the teacher literally.
            self.report(
                _("the game of {name} said: {text}").format(
                    name=printable(self.name), text=printable(errors.splitlines()[-1], 300)
                )
            )
        if not self.started:
            # The page goes on to its next page, which closes the socket; or it is closed.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), NOT_STARTED_GRACE)
        await self.remote_close()

    async def on_meta(self, data: bytes) -> None:
        try:
            meta = json.loads(data)
        except ValueError:
            return
        # Only the end of the game is relayed: no URL is opened in the student's browser
        # (the class may be offline, and a pack's links are not the game's to follow),
        # and no file is delivered. A game that exits before its first frame has not
        # started: the end of its output says so, and its socket stays open meanwhile.
        if isinstance(meta, dict) and meta.get("type") == "exit" and self.started:
            await self.remote_close()
