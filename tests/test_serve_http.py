"""`claimsort serve` as a real process, talked to over plain HTTP and websockets: the join
form's refusals, the Host and Origin checks, what is not served, the session cap, and
the game processes' lifetimes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.serving import (
    CODE,
    PACK,
    WAIT,
    Served,
    is_zygote,
    join,
    no_more_processes,
    request,
    running,
    serve,
    wait_for,
)
from tests.terminal import claimsort


def test_a_student_joins_with_name_and_code_and_gets_a_game_page(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE, "--class", "9B") as served:
        page = request(served.url)
        assert page.status == 200
        assert 'name="name"' in page.body and 'name="code"' in page.body
        assert "Bukele at the White House" in page.body and "9B" in page.body
        # The code as a student may type it: lower case, with a dash.
        joined = join(served, "  Ana ", "abc-234")
        assert joined.status == 303
        location = joined.headers["Location"]
        assert location.startswith("/play/")
        game = request(served.url.rstrip("/") + location)
        assert game.status == 200
        assert "/ws/" in game.body and "Ana" in game.body
        # She has joined once her game starts.
        assert not any("Ana joined" in line for line in served.lines)
        asyncio.run(_open_game(served, location.rsplit("/", 1)[1]))
        served.wait_line(r"Ana joined \(1 playing\)")


@pytest.mark.parametrize(
    ("name", "code", "status", "message"),
    [
        ("Ana", "WRONG1", 403, "That is not the class code."),
        ("", CODE, 409, "A player name cannot be empty."),
        ("=HYPERLINK(1)", CODE, 409, "A player name cannot start with = + - or @."),
        ("x" * 41, CODE, 409, "A player name can have at most 40 characters."),
        ("Ana\x1b[31m", CODE, 409, "A player name cannot contain control or invisible characters."),
    ],
    ids=["wrong-code", "empty-name", "formula", "too-long", "control-characters"],
)
def test_the_join_form_refuses_with_a_message_on_the_page(
    tmp_path: Path, name: str, code: str, status: int, message: str
) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        refused = join(served, name, code)
        assert refused.status == status
        assert message in refused.body
        assert 'name="name"' in refused.body  # the form again, to try once more
        assert "\x1b" not in refused.body


def test_a_name_already_playing_is_refused_with_a_hint(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        assert join(served, "Ana").status == 303
        again = join(served, "ana")  # the same student to the class, whatever the case
        assert again.status == 409
        assert "Someone called ana is already playing in this class." in again.body
        assert "Add the first letter of your family name" in again.body
        assert join(served, "Ana G.").status == 303


def test_the_class_is_full_when_max_sessions_games_are_playing(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE, "--max-sessions", "2") as served:
        # Joins that open no game take no place: as many as you like, then two games.
        tickets = {}
        for name in ("Ana", "Ben", "Cleo", "Dan", "Eve"):
            joined = join(served, name)
            assert joined.status == 303, joined.body
            tickets[name] = joined.headers["Location"].rsplit("/", 1)[1]

        async def two_playing() -> None:
            async with aiohttp.ClientSession() as session:
                sockets = [
                    await session.ws_connect(f"{served.url}ws/{tickets[name]}")
                    for name in ("Ana", "Ben")
                ]
                for socket in sockets:
                    await _first_claim(socket)
                full = await asyncio.to_thread(join, served, "Fay")
                assert full.status == 503
                assert "The class is full." in full.body
                assert "2 students are playing" in full.body
                # Cleo joined before the class filled up: her game page says so.
                page = await asyncio.to_thread(request, f"{served.url}play/{tickets['Cleo']}")
                assert page.status == 503 and "The class is full." in page.body
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await session.ws_connect(f"{served.url}ws/{tickets['Dan']}")
                assert refused.value.status == 503
                for socket in sockets:
                    await socket.close()

        asyncio.run(two_playing())
        served.wait_lines(r"left \(0 playing\)", 1)
        # Eve's join still holds her name, and a game can start again.
        assert join(served, "eve").status == 409
        asyncio.run(_open_game(served, tickets["Eve"]))
        served.wait_line(r"Eve joined \(1 playing\)")


def test_wrong_codes_from_one_address_are_stopped_for_a_while(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        for guess in range(10):
            assert join(served, "Ana", f"GUESS{guess}").status == 403
        stopped = join(served, "Ana", "GUESSX")
        assert stopped.status == 429
        assert 1 <= int(stopped.headers["Retry-After"]) <= 60
        assert "Too many wrong codes from this device." in stopped.body
        assert 'name="name"' in stopped.body
        # Even the right code waits: guessing on would find it.
        assert join(served, "Ana", CODE).status == 429
        served.wait_line(r"127\.0\.0\.1: 10 wrong class codes within a minute")


@pytest.mark.parametrize(
    ("code", "message"),
    [("AB2", "at least 4 characters"), ("HELLO", "without I, L and O")],
)
def test_a_short_or_look_alike_code_is_refused(tmp_path: Path, code: str, message: str) -> None:
    result = subprocess.run(
        [*claimsort(), "serve", str(PACK), "--code", code],
        capture_output=True,
        text=True,
        env={**os.environ, "CLAIMSORT_HOME": str(tmp_path / "home")},
        timeout=60,
    )
    assert result.returncode == 2
    assert "--code: " in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


def test_no_code_asks_none_on_loopback(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--no-code") as served:
        page = request(served.url)
        assert 'name="code"' not in page.body
        assert join(served, "Ana", "").status == 303


def test_no_code_is_refused_off_loopback(tmp_path: Path) -> None:
    result = subprocess.run(
        [*claimsort(), "serve", str(PACK), "--no-code", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        env={**os.environ, "CLAIMSORT_HOME": str(tmp_path / "home")},
        timeout=60,
    )
    assert result.returncode == 2
    assert "--no-code is for playing alone on this machine" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_pack_is_reported_before_serving(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('format = 1\n[pack]\nid = "x"\n')
    result = subprocess.run(
        [*claimsort(), "serve", str(broken), "--port", "0"],
        capture_output=True,
        text=True,
        env={**os.environ, "CLAIMSORT_HOME": str(tmp_path / "home")},
        timeout=60,
    )
    assert result.returncode == 1
    assert f"{broken}:" in result.stderr
    assert "Students open" not in result.stdout


def test_a_foreign_host_is_misdirected_and_a_foreign_origin_forbidden(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        # DNS rebinding: a page at evil.example that resolves to this machine.
        assert request(served.url, headers={"Host": "evil.example"}).status == 421
        assert request(served.url, headers={"Host": f"evil.example:{served.port}"}).status == 421
        joined = request(
            served.url + "join",
            data={"name": "Ana", "code": CODE},
            headers={"Origin": "http://evil.example"},
        )
        assert joined.status == 403
        assert request(served.url, headers={"Origin": "null"}).status == 403
        # The server's own names pass.
        own = f"http://localhost:{served.port}"
        assert request(served.url, headers={"Host": f"localhost:{served.port}"}).status == 200
        assert request(served.url, headers={"Origin": own}).status == 200
        assert "Ana joined" not in "\n".join(served.lines)


def test_a_websocket_from_a_foreign_origin_is_refused(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        ticket = join(served, "Ana").headers["Location"].rsplit("/", 1)[1]

        async def connect(origin: str) -> int:
            async with aiohttp.ClientSession() as session:
                try:
                    async with session.ws_connect(
                        f"{served.url}ws/{ticket}", headers={"Origin": origin}
                    ):
                        return 101
                except aiohttp.WSServerHandshakeError as error:
                    return error.status

        assert asyncio.run(connect("http://evil.example")) == 403
        assert served.games() == set()


def test_no_listing_and_no_download_route(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        for path in (
            "static/",
            "static/js/",
            "static/fonts",
            "download/abc",
            "static/../server.py",
        ):
            assert request(served.url + path).status == 404, path
        assert request(served.url + "static/js/textual.js").status == 200
        css = request(served.url + "static/claimsort.css")
        assert "@font-face" in css.body and "RobotoMono" in css.body
        page = request(served.url)
        policy = page.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "connect-src 'self'" in policy


async def _first_claim(
    socket: aiohttp.ClientWebSocketResponse, label: bytes = b"Verified fact"
) -> bytes:
    """What the game sent until the first claim's `label` button."""
    received = b""
    async for message in socket:
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
            if label in received:
                return received
    raise AssertionError("the game closed before the first claim")


async def _open_game(served: Served, ticket: str) -> bytes:
    """Open the game of a ticket, read until its first claim, and close it."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{served.url}ws/{ticket}") as socket,
    ):
        return await _first_claim(socket)


async def _play(served: Served, name: str, query: str = "width=80&height=24") -> bytes:
    """Join as `name`, open the game's websocket, and read until the first claim."""
    location = join(served, name).headers["Location"]
    ticket = location.rsplit("/", 1)[1]
    received = b""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{served.url}ws/{ticket}?{query}") as socket,
    ):
        async for message in socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
                if b"Verified fact" in received:
                    return received
    raise AssertionError("the game closed before the first claim")


def test_an_absurd_terminal_size_is_clamped(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        screen = asyncio.run(_play(served, "Ana", "width=99999999999&height=-5"))
        # A 300-column line: the header bar is drawn the whole width, no wider.
        assert b"Verified fact" in screen


def test_the_game_process_is_gone_soon_after_its_socket_closes(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        asyncio.run(_play(served, "Ana"))  # returns once the socket is closed
        served.wait_line(r"Ana left \(0 playing\)")
        wait_for(lambda: not served.games(), "the game process to end")
        # The name is free again.
        assert join(served, "Ana").status == 303


def test_sigterm_stops_the_server_and_its_games_promptly(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:

        async def hold() -> None:
            location = join(served, "Ana").headers["Location"]
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(f"{served.url}ws/{location.rsplit('/', 1)[1]}") as socket,
            ):
                received = b""
                async for message in socket:
                    received += message.data if isinstance(message.data, bytes) else b""
                    if b"Verified fact" in received:
                        break
                under = served.everything()
                assert served.games()
                started = time.monotonic()
                served.process.send_signal(signal.SIGTERM)
                await asyncio.to_thread(served.process.wait, 60)
                # textual-serve takes 21-60 s here; the promise is under 5 s, and this
                # bound still tells the two apart on a loaded machine.
                assert time.monotonic() - started < 15
                wait_for(lambda: not any(running(pid) for pid in under), "every game to end")

        asyncio.run(hold())
        assert served.process.returncode == 0
        assert served.wait_line(r"^Stopped\.$")


def test_after_sigkill_of_the_server_no_game_survives(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:

        async def hold() -> set[int]:
            location = join(served, "Ana").headers["Location"]
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(f"{served.url}ws/{location.rsplit('/', 1)[1]}") as socket,
            ):
                received = b""
                async for message in socket:
                    received += message.data if isinstance(message.data, bytes) else b""
                    if b"Verified fact" in received:
                        break
                under = served.everything()
                assert served.games()
                served.process.kill()
                served.process.wait(60)
                return under

        under = asyncio.run(hold())
        assert len(under) >= 2  # the zygote and Ana's game
        wait_for(lambda: not any(running(pid) for pid in under), "every process to end")


def _fds(pid: int) -> int:
    return sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())


def test_sockets_closed_as_they_open_free_the_name_the_slot_and_the_fds(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE, "--max-sessions", "3") as served:
        # One whole game first, so that what the server opens once is open already.
        asyncio.run(_play(served, "Zoe"))
        served.wait_line(r"Zoe left \(0 playing\)")
        wait_for(lambda: not served.games(), "Zoe's game to end")
        before = _fds(served.process.pid)

        async def open_and_close(ticket: str, big: bool) -> None:
            async with aiohttp.ClientSession() as session:
                socket = await session.ws_connect(f"{served.url}ws/{ticket}")
                if big:  # a first frame over the limit: aiohttp closes the socket
                    await socket.send_str("x" * (65 * 1024))
                await socket.close()

        for round_ in range(50):
            joined = join(served, "Ana")
            assert joined.status == 303, (round_, joined.body)
            ticket = joined.headers["Location"].rsplit("/", 1)[1]
            asyncio.run(open_and_close(ticket, big=round_ % 2 == 1))
            served.wait_lines(r"Ana left \(0 playing\)", round_ + 1)
        # The name and every slot are free, no game is left and no fd is held.
        asyncio.run(_play(served, "Ana"))
        wait_for(lambda: not served.games(), "every game to end")
        wait_for(lambda: _fds(served.process.pid) <= before, f"the server's fds back to {before}")


def test_a_killed_zygote_is_told_to_the_teacher_and_started_again(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        zygotes = [pid for pid in served.everything() if is_zygote(pid)]
        assert len(zygotes) == 1
        os.kill(zygotes[0], signal.SIGKILL)
        served.wait_line(r"The game starter stopped \(exit -9\); starting it again\.")
        served.wait_line(r"Games can start again\.")
        # A student joining now plays, on the new zygote.
        assert b"Verified fact" in asyncio.run(_play(served, "Ana"))
        assert [pid for pid in served.everything() if is_zygote(pid)] != zygotes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--public-url", "http://a b.com/"], "cannot contain spaces"),
        (["--public-url", "http://a.com/\nx"], "cannot contain spaces"),
        (["--public-url", "http://user:pw@a.com/"], "cannot hold a user name or password"),
        (["--public-url", "http://a.com/#"], "cannot have a query (?) or a fragment (#)"),
        (["--public-url", "http://a.com:99999/"], "port that is not a number"),
        (["--public-url", "ftp://a.com/"], "must start with http:// or https://"),
        (["--public-url", "http://a.com/class"], "cannot have a path"),
        (
            ["--no-code", "--public-url", "http://192.168.1.20:8000/"],
            "--no-code is for playing alone on this machine",
        ),
    ],
    ids=["space", "newline", "credentials", "bare-fragment", "port", "scheme", "path", "no-code"],
)
def test_a_bad_public_url_is_refused(tmp_path: Path, args: list[str], message: str) -> None:
    result = subprocess.run(
        [*claimsort(), "serve", str(PACK), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CLAIMSORT_HOME": str(tmp_path / "home")},
        timeout=60,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and "\n" not in result.stderr.strip()


def test_the_public_url_is_the_link_given_and_the_name_the_game_answers_to(
    tmp_path: Path,
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    public = f"http://classroom.test:{port}"
    with serve(
        tmp_path / "home", "--code", CODE, "--port", str(port), "--public-url", public + "/"
    ) as served:
        assert served.url == public + "/"  # the link printed for the students
        direct = f"http://127.0.0.1:{port}/"
        named = {"Host": f"classroom.test:{port}", "Origin": public}
        assert request(direct, headers={"Host": f"classroom.test:{port}"}).status == 200
        joined = request(direct + "join", data={"name": "Ana", "code": CODE}, headers=named)
        assert joined.status == 303
        ticket = joined.headers["Location"].rsplit("/", 1)[1]
        page = request(direct + f"play/{ticket}", headers=named)
        assert f'data-session-path="/ws/{ticket}"' in page.body

        async def play_by_the_public_name() -> bytes:
            # The page's script opens ws://classroom.test:PORT/ws/...: its own address.
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(f"ws://127.0.0.1:{port}/ws/{ticket}", headers=named) as ws,
            ):
                return await _first_claim(ws)

        assert b"Verified fact" in asyncio.run(play_by_the_public_name())


async def _first_message(served: Served, ticket: str) -> Any:
    """Open the game of a ticket; the first message the page is sent (a frame of the
    game as bytes, or textual-serve's JSON)."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{served.url}ws/{ticket}") as socket,
    ):
        message = await socket.receive()
        return message.json() if message.type == aiohttp.WSMsgType.TEXT else message.data


def test_a_failed_fork_sends_the_student_back_to_the_form(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        with no_more_processes(served.zygote()):
            ticket = join(served, "Ana").headers["Location"].rsplit("/", 1)[1]
            # textual-serve's own message: the page goes to this address.
            sent = asyncio.run(_first_message(served, ticket))
        assert sent == ["open_url", {"url": f"/play/{ticket}", "new_tab": False}]
        served.wait_line(r"^the game of Ana could not be started: no process could be made")
        page = request(f"{served.url}play/{ticket}")
        assert page.status == 503
        assert "Your game could not be started." in page.body
        assert "Try again; if it happens again, tell your teacher." in page.body
        assert 'name="code"' in page.body and 'value="Ana"' in page.body
        assert "Your game has ended." not in page.body
        # Said once: the same address later is a link kept from an earlier game.
        assert request(f"{served.url}play/{ticket}").status == 303
        served.wait_line(r"Ana left \(0 playing\)")
        # Once processes can be made again, her next try plays.
        assert b"Verified fact" in asyncio.run(_play(served, "Ana"))


def test_a_game_killed_while_playing_closes_its_page(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        ticket = join(served, "Ana").headers["Location"].rsplit("/", 1)[1]

        async def killed() -> aiohttp.WSMsgType:
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(f"{served.url}ws/{ticket}") as socket,
            ):
                await _first_claim(socket)
                (game,) = served.games()
                os.kill(game, signal.SIGKILL)  # as the system's out-of-memory killer would

                async def end() -> aiohttp.WSMsgType:
                    while (message := await socket.receive()).type == aiohttp.WSMsgType.BINARY:
                        pass
                    return message.type

                # A bound on the whole wait: the server's pings would renew a receive's.
                return await asyncio.wait_for(end(), WAIT)

        # The page is closed (it then shows that the game has ended), not left frozen.
        assert asyncio.run(killed()) in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        served.wait_line(r"Ana left \(0 playing\)")
        assert not any("could not be started" in line for line in served.lines)


def test_with_lang_es_the_pages_the_games_and_the_teachers_lines_are_spanish(
    tmp_path: Path,
) -> None:
    with serve(tmp_path / "home", "--code", CODE, lang="es") as served:
        page = request(served.url)
        assert '<html lang="es">' in page.body
        for spanish in ("únete a la clase", "Clasifica afirmaciones de las noticias", "Tu nombre"):
            assert spanish in page.body
        assert "Código de la clase" in page.body and ">Jugar</button>" in page.body
        assert "Your name" not in page.body and "Class code" not in page.body
        assert "Ese no es el código de la clase." in join(served, "Ana", "WRONG1").body
        location = join(served, "Ana").headers["Location"]
        game_page = request(served.url.rstrip("/") + location)
        assert "Empezando tu partida, Ana…" in game_page.body
        assert "Tu partida ha terminado." in game_page.body and "Jugar otra vez" in game_page.body

        async def first_claim() -> bytes:
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(f"{served.url}ws/{location.rsplit('/', 1)[1]}") as socket,
            ):
                # Bounded: an English game would never show it.
                return await asyncio.wait_for(_first_claim(socket, b"Hecho verificado"), WAIT)

        # The game itself speaks Spanish too: the zygote is given the server's language.
        assert "Declaración oficial".encode() in asyncio.run(first_claim())
        served.wait_line(r"Ana se ha unido \(1 jugando\)")
