"""Output that cannot be written: every command says so in one line and exits 1, never
with a traceback, and a short write (a disk that fills up part way) is not taken for
success. Real processes, with stdout on /dev/full or on a file the process may not
grow past a limit (RLIMIT_FSIZE: writes stop part way, as on a full disk)."""

from __future__ import annotations

import csv
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

import pytest

from game.export import COLUMNS
from game.paths import builtin_packs_dir
from game.progress import ProgressStore

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 50_000
"""Bytes a process may write to one file in the short-write tests."""
ANSWERS = 2_000
"""Enough answers for an export several times LIMIT."""
T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)


class _Claim:
    def __init__(self, claim_id: str) -> None:
        self.id = claim_id


class _Pack:
    id = "bukele-white-house"
    digest = "d" * 64


class _Answer:
    def __init__(self, n: int) -> None:
        self.claim = _Claim(f"claim-{n % 40}")
        self.chosen, self.correct = "fact", "fact" if n % 3 else "disputed"
        self.hinted, self.seconds, self.at = False, 2.5, T0 + timedelta(seconds=n)
        self.confidence = None


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose progress file holds ANSWERS answers of ana's."""
    home = tmp_path_factory.mktemp("output-home")
    with ProgressStore.open(home / "progress.db") as store:
        session = store.start_session("ana", _Pack(), at=T0)
        for n in range(ANSWERS):
            assert store.record(session, _Pack(), _Answer(n)) is not None
    return home


def claimsort(
    home: Path,
    *args: str,
    stdout: IO[bytes] | IO[str] | None,
    unbuffered: bool = True,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CLAIMSORT_HOME=str(home))
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:  # stdout is then a raw file, whose short writes Python passes on
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=preexec,
    )


def _file_size_limit() -> None:
    # Past the limit a write is cut short, then fails (EFBIG), as a full disk does.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def assert_one_line(result: subprocess.CompletedProcess[str], command: str, reason: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line == f"claimsort {command}: cannot write the output: {reason}"


COMMANDS = {
    "export": ["export"],
    "export-json": ["export", "--format", "json"],
    "check": ["check", str(builtin_packs_dir())],
    "check-json": ["check", "--format", "json", str(builtin_packs_dir())],
    "schema": ["schema"],
    "stats": ["stats", "--player", "ana"],
}


@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_stdout_on_a_full_device_is_one_line_and_exit_1(
    home: Path, name: str, unbuffered: bool
) -> None:
    args = COMMANDS[name]
    with Path("/dev/full").open("w") as full:
        result = claimsort(home, *args, stdout=full, unbuffered=unbuffered)
    assert_one_line(result, args[0], "No space left on device")


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["--version"]])
def test_help_on_a_full_device_is_one_line_and_exit_1(home: Path, args: list[str]) -> None:
    with Path("/dev/full").open("w") as full:
        result = claimsort(home, *args, stdout=full)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.stderr.splitlines() == [
        "claimsort: cannot write the output: No space left on device"
    ]


def _close_stdout() -> None:
    os.close(1)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_stdout_closed_is_one_line_and_exit_1(home: Path, name: str) -> None:
    # Python itself would print nothing and say nothing: a silent, empty export.
    args = COMMANDS[name]
    result = claimsort(home, *args, stdout=None, preexec=_close_stdout)
    assert_one_line(result, args[0], "standard output is closed")


@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_cut_short_on_stdout_is_an_error_not_success(
    home: Path, tmp_path: Path, fmt: str, unbuffered: bool
) -> None:
    out = tmp_path / "results"
    with out.open("wb") as handle:
        result = claimsort(
            home,
            "export",
            "--format",
            fmt,
            stdout=handle,
            unbuffered=unbuffered,
            preexec=_file_size_limit,
        )
    assert_one_line(result, "export", "File too large")
    assert out.stat().st_size == LIMIT  # what fitted was written; the rest was refused


def test_the_same_export_that_fits_is_whole(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    with out.open("wb") as handle:
        result = claimsort(home, "export", stdout=handle)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 4 * LIMIT  # the tests above really were cut short
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8")))
    assert len(rows) == ANSWERS and list(rows[0]) == list(COLUMNS)


def test_an_export_file_that_cannot_be_finished_is_not_left_half_written(
    home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "results.csv"
    target.write_text("the last export\n", encoding="utf-8")
    result = claimsort(home, "export", "-o", str(target), stdout=None, preexec=_file_size_limit)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line == f"claimsort export: cannot write {target}: File too large"
    assert target.read_text(encoding="utf-8") == "the last export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]  # no temp file left


@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
def test_a_reader_that_goes_away_ends_the_export_quietly(home: Path, unbuffered: bool) -> None:
    # As `claimsort export | head -1`: exit 1, and nothing on stderr.
    env = dict(os.environ, CLAIMSORT_HOME=str(home))
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "export"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10) == b"player,pac"
    process.stdout.close()
    assert process.wait(timeout=120) == 1
    assert process.stderr.read() == b""
    process.stderr.close()
