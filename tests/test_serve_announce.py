"""What `claimsort serve` gives the teacher to hand out: the URL students open (their
public address with `--public-url`, which the page's websocket then uses too) and, on a
terminal, a QR code of that URL."""

from __future__ import annotations

import asyncio
import io
import re
import signal
import socket
from pathlib import Path

import aiohttp
import pyte
import segno

from tests.serving import CODE, PACK, request, serve
from tests.terminal import Terminal, claimsort, terminal_env

PUBLIC = "class.example"
"""The name students reach the laptop by (a proxy or the school's DNS): never resolved
here, since every request goes to 127.0.0.1 with that name as its Host."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_public_url_is_the_one_printed_and_the_one_the_game_connects_to(
    tmp_path: Path,
) -> None:
    port = _free_port()
    local = f"http://127.0.0.1:{port}"
    public = {"Host": PUBLIC, "Origin": f"http://{PUBLIC}"}
    with serve(
        tmp_path / "home", "--code", CODE, "--public-url", f"http://{PUBLIC}/", "--port", str(port)
    ) as served:
        assert served.url == f"http://{PUBLIC}/"
        page = request(local + "/", headers=public)
        assert page.status == 200 and 'name="code"' in page.body
        joined = request(local + "/join", data={"name": "Ana", "code": CODE}, headers=public)
        assert joined.status == 303
        game = request(local + joined.headers["Location"], headers=public)
        assert game.status == 200
        found = re.search(r'data-session-path="([^"]+)"', game.body)
        assert found is not None, game.body
        # As claimsort.js builds it: the scheme, the page's own host, the session's path.
        websocket_url = f"ws://{PUBLIC}{found.group(1)}"

        async def first_screen() -> str:
            screen = pyte.Screen(80, 24)
            stream = pyte.ByteStream(screen)
            path = websocket_url.removeprefix(f"ws://{PUBLIC}")
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(
                    f"ws://127.0.0.1:{port}{path}?width=80&height=24", headers=public
                ) as ws,
            ):
                async for message in ws:
                    if message.type != aiohttp.WSMsgType.BINARY:
                        break
                    stream.feed(message.data)
                    text = "\n".join(screen.display)
                    if "Verified fact" in text:
                        return text
            return "\n".join(screen.display)

        assert "Verified fact" in asyncio.run(asyncio.wait_for(first_screen(), 60))
        served.wait_line(r"Ana joined \(1 playing\)")


def test_the_qr_code_of_the_printed_url_is_drawn_on_a_terminal(tmp_path: Path) -> None:
    terminal = Terminal(
        [*claimsort(), "serve", str(PACK), "--port", "0", "--code", CODE],
        terminal_env(tmp_path / "home"),
    )
    try:
        terminal.wait_for(b"Press Ctrl+C to stop")
        output = terminal.output.decode("utf-8", "replace")
        found = re.search(r"Students open: (\S+)", output)
        assert found is not None, output
        drawn = io.StringIO()
        segno.make(found.group(1), error="m").terminal(out=drawn, compact=True, border=2)
        # The terminal turns each newline into a carriage return and a newline.
        assert drawn.getvalue().replace("\n", "\r\n") in output
        assert output.index("Students open:") < output.index(drawn.getvalue().split("\n")[0])
    finally:
        terminal.process.send_signal(signal.SIGTERM)
        assert terminal.finish() == 0


def test_no_qr_code_when_the_output_is_not_a_terminal(tmp_path: Path) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        served.wait_line(r"Press Ctrl\+C to stop")  # the announcement's last line
        assert served.lines, "the announcement was read"
        assert not any(mark in line for line in served.lines for mark in "▀▄█")


def test_a_damaged_progress_file_is_moved_aside_once_and_the_teacher_told(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.db").write_bytes(b"not a progress file " * 512)
    terminal = Terminal(
        [*claimsort(), "serve", str(PACK), "--port", "0", "--code", CODE], terminal_env(home)
    )
    try:
        terminal.wait_for(b"Press Ctrl+C to stop")
        output = terminal.output.decode("utf-8", "replace")
        told = output.index("claimsort serve: The progress file was damaged (")
        assert told < output.index("Students open:")
        aside = list(home.glob("progress.db.corrupt-*"))
        assert len(aside) == 1 and aside[0].name in output
        assert aside[0].read_bytes().startswith(b"not a progress file")
    finally:
        terminal.process.send_signal(signal.SIGTERM)
        assert terminal.finish() == 0
