"""`claimsort serve`'s web server: textual-serve's `Server`, with a join page, checks
on every request's Host and Origin, a cap on sessions, no directory listing and no
download route, every asset served from here, and a stop that does not wait on games.

Routes: `/` the join page, `POST /join` (a form with `name` and `code`), `/play/{ticket}`
the game's page, `/ws/{ticket}` its websocket (textual-serve's protocol), `/static/...`
the listed files only. A ticket is made by a successful join and opens one session.

A game that cannot be started (the fork failed, the game starter is being started
again, or the game ended before its first frame) sends its page back to
`/play/{ticket}` (textual-serve's "open_url"), which then shows the join form with
what happened, for the student to try again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.server import Server

from game.classroom import (
    MAX_MESSAGE,
    MAX_WAITING,
    JoinRefusedError,
    Roster,
    WrongCodes,
    clamp_size,
)
from game.i18n import _, language, ngettext
from game.text import printable
from webserve.games import GameNotStartedError, Zygote, ZygoteGoneError
from webserve.hosts import HostRules
from webserve.session import NOT_STARTED_GRACE, StudentSession

log = logging.getLogger("claimsort.serve")

HERE = Path(__file__).parent
TICKET_SECONDS = 120.0
"""A join not followed by its game within this long frees the name again (a join takes
no place in the class: only a game does)."""
STOP_BUDGET = 2.5
"""Seconds the server gives its games to quit when it is stopped, all at once."""
ZYGOTE_START = 120.0
"""Seconds the zygote may take to import and load everything (a cold disk is slow)."""
ZYGOTE_WATCH = 0.5
"""Seconds between looks at whether the zygote still runs."""
HEARTBEAT = 15.0
"""Seconds between websocket pings: a browser gone without closing is noticed."""

_TEXTUAL_STATIC = Path(textual_serve.__file__ or ".").parent / "static"
STATIC_FILES: dict[str, tuple[Path, str]] = {
    "css/xterm.css": (_TEXTUAL_STATIC / "css/xterm.css", "text/css"),
    "js/textual.js": (_TEXTUAL_STATIC / "js/textual.js", "text/javascript"),
    "fonts/RobotoMono-VariableFont_wght.ttf": (
        _TEXTUAL_STATIC / "fonts/RobotoMono-VariableFont_wght.ttf",
        "font/ttf",
    ),
    "claimsort.css": (HERE / "static/claimsort.css", "text/css"),
    "claimsort.js": (HERE / "static/claimsort.js", "text/javascript"),
}
"""Every file the pages use, and nothing else: no listing, no path taken from the URL."""

SECURITY_HEADERS = {
    # Nothing from any other host: scripts, styles, fonts and the socket are all ours.
    # xterm.js sets styles on its elements, hence 'unsafe-inline' for styles only.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "font-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # "no-referrer" would make the browser send "Origin: null" with the join form.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@dataclass
class Ticket:
    """A student who has joined, until their game page opens its session."""

    name: str
    made: float
    used: bool = False


@dataclass
class ServeOptions:
    """What the teacher chose on the command line."""

    packs: Sequence[str]
    class_name: str
    code: str | None
    """None: no code asked (a single-user loopback run)."""
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    max_sessions: int = 40
    shuffle: bool = False
    limit: int | None = None
    titles: Sequence[str] = field(default_factory=list)


class ClassServer(Server):
    """Serves ClaimSort to a class: one game per student who joins."""

    def __init__(
        self,
        options: ServeOptions,
        out: Callable[[str], None] = print,
        on_started: Callable[[str], None] | None = None,
    ) -> None:
        """`out` prints a line for the teacher; `on_started` is called with the URL
        students open once the server listens."""
        super().__init__(
            "claimsort",
            host=options.host,
            port=options.port,
            title="ClaimSort",
            public_url=options.public_url,
            templates_path=HERE / "templates",
        )
        self.options = options
        self.out = out
        self.on_started = on_started
        self.roster = Roster(options.max_sessions)
        self.wrong_codes = WrongCodes()
        self.tickets: dict[str, Ticket] = {}
        self.not_started: dict[str, Ticket] = {}
        """The tickets whose game could not be started, until their page has said so."""
        self.sessions: set[StudentSession] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.zygote: Zygote | None = None
        self.rules: HostRules | None = None
        self.stopping = asyncio.Event()
        self.cannot_start = False
        """The zygote died and could not be started again: no one is admitted."""

    # -- the application -------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=16 * 1024)
        environment = aiohttp_jinja2.setup(
            app,
            loader=jinja2.FileSystemLoader(self.templates_path),
            autoescape=True,
            extensions=["jinja2.ext.i18n"],
        )
        # The pages' own text goes through the interface's `_()`, as every other string
        # does (`make translations` extracts it from the templates too). The extension
        # adds this method to the environment, unknown to its type.
        environment.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=_, ngettext=ngettext, newstyle=False
        )
        app.add_routes(
            [
                web.get("/", self.handle_join_page, name="index"),
                web.post("/join", self.handle_join),
                web.get("/play/{ticket}", self.handle_play_page, name="play"),
                web.get("/ws/{ticket}", self.handle_websocket, name="websocket"),
                web.get("/static/{path:.+}", self.handle_static, name="static"),
                web.get("/favicon.ico", self.handle_no_icon),
            ]
        )
        return app

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Host must name this server (else 421: a page on another name, as in DNS
        rebinding); Origin, when sent, must be this server's own (else 403)."""
        rules = self.rules
        assert rules is not None
        if not rules.host_allowed(request.headers.get("Host")):
            return self._plain(421, _("This server does not answer to that name."))
        origin = request.headers.get("Origin")
        if origin is not None and not rules.origin_allowed(origin):
            return self._plain(403, _("Requests from other sites are refused."))
        try:
            response = await handler(request)
        except web.HTTPRedirection as error:
            error.headers.update(SECURITY_HEADERS)
            raise
        except web.HTTPException as error:
            response = self._plain(error.status, error.reason)
        if not isinstance(response, web.WebSocketResponse):
            response.headers.update(SECURITY_HEADERS)
        return response

    def _plain(self, status: int, text: str) -> web.Response:
        response = web.Response(status=status, text=text + "\n", content_type="text/plain")
        response.headers.update(SECURITY_HEADERS)
        return response

    async def handle_no_icon(self, request: web.Request) -> web.Response:
        # Browsers ask for one on every page: an empty answer, not a 404 in the console.
        return web.Response(status=204)

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        known = STATIC_FILES.get(request.match_info["path"])
        if known is None:
            return self._plain(404, _("Not found."))
        path, content_type = known
        response = web.FileResponse(path, headers={"Content-Type": content_type})
        response.headers["Cache-Control"] = "max-age=3600"
        return response

    def _page(
        self, request: web.Request, template: str, status: int = 200, **context: Any
    ) -> web.Response:
        context.setdefault("title", "ClaimSort")
        context.setdefault("lang", language())
        response = aiohttp_jinja2.render_template(template, request, context, status=status)
        response.headers["Cache-Control"] = "no-store"
        return response

    # -- joining ---------------------------------------------------------------

    async def handle_join_page(self, request: web.Request) -> web.Response:
        return self._join_form(request, name=request.query.get("name", "")[:80])

    def _join_form(
        self,
        request: web.Request,
        *,
        name: str = "",
        status: int = 200,
        error: str = "",
        hint: str = "",
    ) -> web.Response:
        return self._page(
            request,
            "join.html",
            status,
            name=name,
            ask_code=self.options.code is not None,
            class_name=self.options.class_name,
            titles=self.options.titles,
            error=error,
            hint=hint,
        )

    async def handle_join(self, request: web.Request) -> web.Response:
        form = await request.post()
        name = str(form.get("name", ""))[:200]
        code = str(form.get("code", ""))[:200]
        # The name goes back in the field to be corrected, without what cannot be typed
        # (jinja escapes the rest for HTML).
        shown = "".join(char for char in name if char.isprintable())
        address = request.remote or ""
        now = time.monotonic()
        wait = self.wrong_codes.retry_after(address, now)
        if wait is not None:
            response = self._join_form(
                request,
                name=shown,
                status=429,
                error=_("Too many wrong codes from this device."),
                hint=ngettext(
                    "Check the code with your teacher, then try again in {n} second.",
                    "Check the code with your teacher, then try again in {n} seconds.",
                    wait,
                ).format(n=wait),
            )
            response.headers["Retry-After"] = str(wait)
            return response
        if self.zygote is None:
            return self._join_form(
                request,
                name=shown,
                status=503,
                error=_("Games cannot start right now.")
                if self.cannot_start
                else _("Games are starting again."),
                hint=_("Tell your teacher.")
                if self.cannot_start
                else _("Try again in a few seconds."),
            )
        self._expire_tickets()
        try:
            admitted = self.roster.admit(name, self.options.code, code)
        except JoinRefusedError as refused:
            status = {"code": 403, "full": 503}.get(refused.kind, 409)
            if refused.kind == "code" and self.wrong_codes.failed(address, now):
                self.out(
                    _(
                        "{stamp}  {address}: {n} wrong class codes within a minute; "
                        "that device must wait before trying again"
                    ).format(
                        stamp=datetime.now().strftime("%H:%M:%S"),
                        address=printable(address, 60),
                        n=self.wrong_codes.limit,
                    )
                )
            return self._join_form(
                request, name=shown, status=status, error=refused.message, hint=refused.hint
            )
        ticket = secrets.token_urlsafe(24)
        self.tickets[ticket] = Ticket(admitted, now)
        raise web.HTTPSeeOther(f"/play/{ticket}")

    def _expire_tickets(self) -> None:
        """Drop the joins whose game has not started in time, and the oldest beyond
        `MAX_WAITING`: their names are free again (they held no place in the class).
        The same for the games that could not start, whose page never asked again."""
        now = time.monotonic()
        failed = list(self.not_started.items())
        for index, (key, ticket) in enumerate(failed):  # oldest first
            if index < len(failed) - MAX_WAITING or now - ticket.made > TICKET_SECONDS:
                del self.not_started[key]
        waiting = [(key, ticket) for key, ticket in self.tickets.items() if not ticket.used]
        extra = len(waiting) - MAX_WAITING
        for index, (key, ticket) in enumerate(waiting):  # oldest first
            if index < extra or now - ticket.made > TICKET_SECONDS:
                del self.tickets[key]
                self.roster.leave(ticket.name)

    def _leave(self, name: str) -> None:
        self.roster.leave(name)
        self._say(_("{name} left ({playing})"), name)

    def _say(self, message: str, name: str) -> None:
        playing = ngettext("{n} playing", "{n} playing", len(self.roster)).format(
            n=len(self.roster)
        )
        stamp = datetime.now().strftime("%H:%M:%S")
        self.out(f"{stamp}  " + message.format(name=printable(name), playing=playing))

    async def handle_play_page(self, request: web.Request) -> web.Response:
        key = request.match_info["ticket"]
        failed = self.not_started.pop(key, None)
        if failed is not None:
            # Sent back here by the game's page: the form again, with what happened.
            return self._join_form(
                request,
                name=failed.name,
                status=503,
                error=_("Your game could not be started."),
                hint=_("Try again; if it happens again, tell your teacher."),
            )
        ticket = self.tickets.get(key)
        if ticket is None or ticket.used:
            # A reload, or a link kept from an earlier game: join again.
            raise web.HTTPSeeOther("/")
        if len(self.roster) >= self.roster.capacity:
            # Filled up since this student joined: say so now, not with a game that ends.
            del self.tickets[key]
            self.roster.leave(ticket.name)
            return self._join_form(
                request, name=ticket.name, status=503, error=_("The class is full.")
            )
        return self._page(
            request,
            "play.html",
            name=ticket.name,
            websocket_path=str(
                request.app.router["websocket"].url_for(ticket=request.match_info["ticket"])
            ),
            again_path="/?" + _query(name=ticket.name),
        )

    # -- the game --------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        key = request.match_info["ticket"]
        ticket = self.tickets.get(key)
        if ticket is None or ticket.used or self.stopping.is_set():
            raise web.HTTPForbidden(reason=_("This game has ended: join again."))
        try:
            self.roster.start(ticket.name)
        except JoinRefusedError as refused:
            del self.tickets[key]
            raise web.HTTPServiceUnavailable(reason=refused.message) from None
        ticket.used = True
        self._say(_("{name} joined ({playing})"), ticket.name)
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE)
        session = StudentSession(
            self.zygote,
            ticket.name,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=lambda: _close(websocket),
            report=self.out,
            not_started=lambda reason: self._not_started(request, websocket, ticket, reason),
        )
        try:
            # Inside the try: a request that is no websocket fails here, and its name and
            # place are given back like any other's.
            await websocket.prepare(request)
            self.sockets.add(websocket)
            try:
                await session.start(width, height)
            except (ZygoteGoneError, GameNotStartedError) as error:
                await self._not_started(request, websocket, ticket, str(error))
                # The page goes on to its next page, which closes the socket.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(_until_closed(websocket), NOT_STARTED_GRACE)
                return websocket
            self.sessions.add(session)
            await self._relay(websocket, session)
        finally:
            # The browser has gone (or the game ended and closed it): the game gets a
            # few seconds to quit, then is killed; the name is free again. Shielded: a
            # cancelled handler must still free the name, the slot and the game's fds.
            await asyncio.shield(self._end_session(key, ticket, websocket, session))
        return websocket

    async def _not_started(
        self,
        request: web.Request,
        websocket: web.WebSocketResponse,
        ticket: Ticket,
        reason: str,
    ) -> None:
        """Tell the teacher why the game of `ticket` could not be started, and send its
        page back to `/play/{ticket}`, which now says so with the join form."""
        self.out(
            _("the game of {name} could not be started: {reason}").format(
                name=printable(ticket.name), reason=printable(reason, 300)
            )
        )
        key = request.match_info["ticket"]
        self.not_started[key] = Ticket(ticket.name, time.monotonic())
        path = str(request.app.router["play"].url_for(ticket=key))
        with contextlib.suppress(ConnectionError):  # a page already gone needs no telling
            await websocket.send_json(["open_url", {"url": path, "new_tab": False}])

    async def _end_session(
        self,
        key: str,
        ticket: Ticket,
        websocket: web.WebSocketResponse,
        session: StudentSession,
    ) -> None:
        """Everything a session holds, given back whatever failed on its way: each step
        runs even when the one before it raised, and a second call changes nothing."""
        try:
            with contextlib.suppress(Exception):
                await websocket.close()
            try:
                await session.stop()
            except Exception:
                log.exception("stopping the game of a student failed")
        finally:
            self.sessions.discard(session)
            self.sockets.discard(websocket)
            if self.tickets.pop(key, None) is not None:
                self._leave(ticket.name)

    async def _relay(self, websocket: web.WebSocketResponse, session: StudentSession) -> None:
        """The browser's messages to the game: keys, sizes (clamped), focus, pings.
        Anything malformed is dropped; a message over `MAX_MESSAGE` ends the session
        (aiohttp closes the socket)."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await session.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await session.set_terminal_size(*clamp_size(data.get("width"), data.get("height")))
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:32]])
            elif kind == "blur":
                await session.blur()
            elif kind == "focus":
                await session.focus()

    # -- running ---------------------------------------------------------------

    def serve(self, debug: bool = False) -> None:
        asyncio.run(self.run_until_stopped())

    async def run_until_stopped(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, self.stopping.set)
        self.zygote = self._new_zygote()
        runner: web.AppRunner | None = None
        try:
            # The server listens (and the link is given) once a game can start at once.
            await asyncio.to_thread(self.zygote.wait_ready, ZYGOTE_START)
            runner = web.AppRunner(await self._make_app(), shutdown_timeout=0.5, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            port = _bound_port(runner, self.port)
            self.rules = HostRules.for_server(self.host, port, self.options.public_url)
            self.public_url = self.rules.public_url
            self.out_started()
            expiry = asyncio.create_task(self._expire_regularly())
            watch = asyncio.create_task(self._watch_zygote())
            await self.stopping.wait()
            expiry.cancel()
            watch.cancel()
            self.out(_("Stopping: every game is asked to quit."))
            await self._stop_games()
        finally:
            if runner is not None:
                await runner.cleanup()
            if self.zygote is not None:
                await asyncio.to_thread(self.zygote.stop, 1.0)

    def _new_zygote(self) -> Zygote:
        return Zygote(
            self.options.packs,
            self.options.class_name,
            shuffle=self.options.shuffle,
            limit=self.options.limit,
            language=language(),  # the games speak as the server does (--lang)
        )

    async def _watch_zygote(self) -> None:
        """A zygote that has died (killed, out of memory) is told to the teacher in one
        line and started again; until it is ready no one is admitted, and if it cannot
        start, no one is from then on. Games already running died with it."""
        while True:
            await asyncio.sleep(ZYGOTE_WATCH)
            dead = self.zygote
            if dead is None or dead.alive():
                continue
            self.zygote = None
            self.out(
                _("{stamp}  The game starter stopped (exit {code}); starting it again.").format(
                    stamp=datetime.now().strftime("%H:%M:%S"), code=dead.process.returncode
                )
            )
            await asyncio.to_thread(dead.stop, 0.1)
            fresh: Zygote | None = None
            try:
                fresh = self._new_zygote()
                await asyncio.to_thread(fresh.wait_ready, ZYGOTE_START)
            except (OSError, ZygoteGoneError) as error:
                if fresh is not None:
                    await asyncio.to_thread(fresh.stop, 0.1)
                self.cannot_start = True
                self.out(
                    _(
                        "{stamp}  The game starter could not start again ({reason}): no "
                        "student can join; stop the server with Ctrl+C and start it again."
                    ).format(stamp=datetime.now().strftime("%H:%M:%S"), reason=error)
                )
                return
            self.zygote = fresh
            self.out(
                _("{stamp}  Games can start again.").format(
                    stamp=datetime.now().strftime("%H:%M:%S")
                )
            )

    def out_started(self) -> None:
        if self.on_started is not None:
            self.on_started(self.public_url)
        else:
            self.out(_("Students open: {url}").format(url=self.public_url))

    async def _expire_regularly(self) -> None:
        while True:
            await asyncio.sleep(TICKET_SECONDS / 4)
            self._expire_tickets()

    async def _stop_games(self) -> None:
        """Close every socket and stop every game, all at once, within `STOP_BUDGET`."""
        sessions = list(self.sessions)
        games = [session.game for session in sessions if session.game is not None]
        if self.sockets:
            await asyncio.wait(
                [asyncio.ensure_future(socket.close()) for socket in list(self.sockets)],
                timeout=0.5,
            )
        if sessions:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    asyncio.gather(*(s.stop() for s in sessions), return_exceptions=True),
                    STOP_BUDGET,
                )
        for game in games:
            if game.alive():
                game.kill()


async def _close(websocket: web.WebSocketResponse) -> None:
    await websocket.close()


async def _until_closed(websocket: web.WebSocketResponse) -> None:
    """Wait for the browser to close the socket, reading (and dropping) what it sends."""
    async for _message in websocket:
        pass


def _bound_port(runner: web.AppRunner, asked: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return asked


def _query(**values: str) -> str:
    from urllib.parse import urlencode

    return urlencode(values)
