"""Values from the progress store and from the command line never reach a terminal as
control sequences (issue 9): they are shown through `game.text.printable`, like pack
text. Redirected, `claimsort export` still writes every value exactly.

Each command runs as a real process: in a pseudo-terminal where it would be shown, or
with its output in a pipe where it would be saved."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from terminal import PAYLOAD, Terminal, claimsort, reached, terminal_env

from game.progress import FILE_NAME, ProgressStore
from game.text import printable

T0 = datetime(2025, 4, 17, 9, 30, tzinfo=UTC)
SHOWN = printable(PAYLOAD).encode()
"""The payload as the terminal must show it: every control character as an escape."""


class _Claim:
    id = "c1"


class _Pack:
    id = "bukele"
    digest = "h"


class _Answer:
    claim = _Claim()
    chosen, correct, at, hinted, seconds = "fact", "fact", T0, False, 2.0
    confidence = None


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data folder with two answers that another program changed: ana's pack and
    claim ids, and ben's name, carry the payload."""
    home = tmp_path / "home"
    home.mkdir()
    with ProgressStore.open(home / FILE_NAME) as store:
        for player in ("ana", "ben"):
            session = store.start_session(player, _Pack(), at=T0)
            store.record(session, _Pack(), _Answer())
    conn = sqlite3.connect(home / FILE_NAME)
    with conn:
        conn.execute(
            "UPDATE answers SET pack_id = ?, claim_id = ? WHERE player = 'ana'",
            ("bukele" + PAYLOAD, "c1" + PAYLOAD),
        )
        conn.execute("UPDATE answers SET player = ? WHERE player = 'ben'", ("ben" + PAYLOAD,))
        conn.execute("UPDATE sessions SET player = ? WHERE player = 'ben'", ("ben" + PAYLOAD,))
    conn.close()
    return home


def in_terminal(home: Path, *args: str) -> tuple[int, bytes]:
    """Run `claimsort ARGS` in a terminal; its exit code and what the terminal got."""
    terminal = Terminal([*claimsort(), *args], terminal_env(home))
    code = terminal.finish()
    return code, terminal.output


def piped(home: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*claimsort(), *args], env=terminal_env(home), capture_output=True, timeout=60
    )


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_to_a_terminal_shows_stored_values_escaped(home: Path, fmt: str) -> None:
    code, output = in_terminal(home, "export", "--format", fmt)
    assert code == 0
    assert not reached(output)
    # Each stored value is there, escaped (JSON then writes each backslash as two).
    shown = SHOWN.replace(b"\\", b"\\\\") if fmt == "json" else SHOWN
    for value in (b"bukele", b"c1", b"ben"):
        assert value + shown in output


def test_export_to_a_pipe_keeps_every_value_exact(home: Path) -> None:
    done = piped(home, "export")
    assert done.returncode == 0
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"), newline="")))
    assert [(row["player"], row["pack_id"], row["claim_id"]) for row in rows] == [
        ("ana", "bukele" + PAYLOAD, "c1" + PAYLOAD),
        ("ben" + PAYLOAD, "bukele", "c1"),
    ]
    done = piped(home, "export", "--format", "json")
    assert [row["player"] for row in json.loads(done.stdout)] == ["ana", "ben" + PAYLOAD]


def test_an_export_file_keeps_every_value_exact_and_its_name_is_shown_escaped(
    home: Path, tmp_path: Path
) -> None:
    target = tmp_path / f"out{PAYLOAD}.csv"
    code, output = in_terminal(home, "export", "-o", str(target))
    assert code == 0
    assert not reached(output)
    assert b"Wrote 2 answers to " + printable(str(target)).encode() in output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert [row["claim_id"] for row in rows] == ["c1" + PAYLOAD, "c1"]


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o", f"/nowhere{PAYLOAD}/out.csv"],
        ["export", "--pack", f"x{PAYLOAD}"],
        ["export", "--player", f"x{PAYLOAD}"],
        ["stats", "--player", f"x{PAYLOAD}"],
        ["schema", f"x{PAYLOAD}"],
        ["check", "--format", f"x{PAYLOAD}", "a.toml"],
        [f"x{PAYLOAD}"],
        ["new", f"/nowhere{PAYLOAD}/pack.toml"],
    ],
    ids=[
        "export-folder",
        "export-pack",
        "export-player",
        "stats-player",
        "extra",
        "choice",
        "command",
        "new-folder",
    ],
)
def test_a_bad_argument_is_refused_with_the_value_escaped(home: Path, args: list[str]) -> None:
    code, output = in_terminal(home, *args)
    assert code in (1, 2)
    assert not reached(output)
    assert b"Traceback" not in output


def test_check_shows_a_file_name_escaped_on_a_terminal_and_exact_in_json(
    home: Path, tmp_path: Path
) -> None:
    pack = tmp_path / f"pack{PAYLOAD}.toml"
    pack.write_text("format = 1\n", encoding="utf-8")
    code, output = in_terminal(home, "check", str(pack))
    assert code == 1
    assert not reached(output)
    assert printable(str(pack)).encode() + b":" in output
    code, output = in_terminal(home, "check", "--format", "json", str(pack))
    assert code == 1
    assert not reached(output)
    done = piped(home, "check", "--format", "json", str(pack))
    assert {problem["path"] for problem in json.loads(done.stdout)} == {str(pack)}


def test_stats_shows_stored_values_escaped(home: Path) -> None:
    code, output = in_terminal(home, "stats", "--player", "ana")
    assert code == 0
    assert not reached(output)
    assert b"  bukele\\x1b]52;c;" in output  # the pack id, cut short


def test_a_data_folder_named_with_escapes_is_shown_escaped(tmp_path: Path) -> None:
    home = tmp_path / f"home{PAYLOAD}"
    home.mkdir()
    (home / FILE_NAME).write_bytes(b"not a database, not at all" * 100)
    code, output = in_terminal(home, "stats")
    assert code == 0
    assert not reached(output)
    assert b"damaged" in output
    assert printable(str(home)).encode() in output
    code, output = in_terminal(home, "--help")
    assert code == 0
    assert not reached(output)
    assert printable(str(home)).encode() in output.replace(b"\r\n", b"\n").replace(b"\n", b"")
