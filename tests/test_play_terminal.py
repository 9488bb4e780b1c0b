"""`claimsort play` and the bare `claimsort` open the game only in a terminal: with
their input or their screen redirected (a script, a pipe, stdin closed) they exit 2
with one line, instead of running forever or stopping on a traceback."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from game.paths import builtin_packs_dir

ROOT = Path(__file__).resolve().parent.parent
PACK = str(builtin_packs_dir() / "bukele-white-house.toml")
MESSAGE = "needs a terminal"


def _close_stdin() -> None:
    os.close(0)


def run(args: list[str], home: Path, **how: object) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CLAIMSORT_HOME=str(home))
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,  # the bug ran forever
        **how,
    )


def assert_refused(result: subprocess.CompletedProcess[str], command: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"claimsort {command}: ") and MESSAGE in line
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args", [["play", PACK], ["play"], [], ["--player", "ana"]], ids=["pack", "home", "bare", "who"]
)
def test_without_a_terminal_for_input_play_exits_2_with_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    assert_refused(run(args, tmp_path, stdin=subprocess.DEVNULL), "play")


@pytest.mark.parametrize("args", [["play", PACK], []], ids=["pack", "bare"])
def test_with_stdin_closed_play_exits_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    result = run(args, tmp_path, stdin=subprocess.DEVNULL, preexec_fn=_close_stdin)
    assert_refused(result, "play")


def test_with_a_keyboard_but_its_screen_redirected_play_exits_2(tmp_path: Path) -> None:
    # stdin is a terminal; the screen the game draws on (stderr) is a pipe.
    leader, follower = pty.openpty()
    try:
        result = run(["play", PACK], tmp_path, stdin=follower)
    finally:
        os.close(follower)
        os.close(leader)
    assert_refused(result, "play")


def test_what_needs_no_terminal_still_works_without_one(tmp_path: Path) -> None:
    # A broken pack is still reported as path:line:col (exit 1), and a review with
    # nothing due still says so (exit 0): neither opens the game.
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[pack]\nid = 3\n", encoding="utf-8")
    result = run(["play", str(broken)], tmp_path / "home", stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and f"{broken}:" in result.stderr
    assert MESSAGE not in result.stderr
    result = run(["play", "--review", "--player", "ana"], tmp_path, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Nothing is due for review for ana.\n"
