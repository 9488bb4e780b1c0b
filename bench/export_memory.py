"""Peak memory of `claimsort export` at 10,000 answers against 1,000,000, in one run.

Run:  .venv/bin/python bench/export_memory.py       (add --strict to exit 1 when a target
      fails; --sizes 10000 100000 for a quicker look)

Builds one progress file per size through the store's own API (`start_session` and
`record`, on a connection made with `synchronous = OFF` and handed to
`ProgressStore.from_connection`: the rows and the file are what the game writes, without
waiting for the disk after each answer), then runs the real `claimsort export` in a
fresh process for each file and each output, CSV to `-o FILE` and JSON to stdout
(redirected to a file), and reads the process's peak resident memory from the kernel
(`wait4`'s `ru_maxrss`). For scale, the same is measured for a process that only
imports what `export` imports. Target:

- the export's peak memory at the largest size is within 1.25x of its peak at the
  smallest (constant memory: the answers are streamed, never all held at once).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _report import Row, outcome, print_targets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.progress import ProgressStore  # noqa: E402

GROWTH_LIMIT = 1.25
"""Peak memory at the largest size over peak at the smallest, at most."""
PLAYERS = 30
"""A class's worth of players, taking turns."""
ANSWERS_PER_SESSION = 20


class _Claim:
    def __init__(self, claim_id: str) -> None:
        self.id = claim_id


class _Pack:
    id = "bukele-white-house"
    digest = "0" * 64


class _Answer:
    def __init__(self, n: int, at: datetime) -> None:
        self.claim = _Claim(f"claim-{n % 23}")
        self.correct = ("fact", "assertion", "disputed")[n % 3]
        self.chosen = self.correct if n % 4 else "disputed"
        self.hinted = n % 7 == 0
        self.seconds = 2.0 + (n % 13) / 3
        self.at = at
        self.confidence = None


def build(path: Path, answers: int) -> float:
    """A progress file of `answers` answers written through the store; seconds taken."""
    started = time.perf_counter()
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute("PRAGMA synchronous = OFF")
    pack = _Pack()
    at = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    with ProgressStore.from_connection(conn, path=path, persistent=True) as store:
        session = None
        for n in range(answers):
            if n % ANSWERS_PER_SESSION == 0:
                player = f"student-{(n // ANSWERS_PER_SESSION) % PLAYERS + 1:02d}"
                session = store.start_session(player, pack, at=at)
            assert session is not None
            at += timedelta(seconds=7)
            if store.record(session, pack, _Answer(n, at)) is None:
                raise SystemExit(f"could not record answer {n}: {store.warning}")
    return time.perf_counter() - started


def peak_of(args: list[str], home: Path, stdout: Path | None) -> tuple[int, float]:
    """Peak resident memory (bytes) and seconds of one `claimsort` run in a fresh process."""
    env = dict(os.environ, CLAIMSORT_HOME=str(home))
    started = time.perf_counter()
    with (
        (stdout or Path(os.devnull)).open("wb") as out,
        tempfile.TemporaryFile() as errors,
    ):
        process = subprocess.Popen(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=errors,
        )
        # wait4, not wait: the peak memory of this one process, not of every child.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise SystemExit(f"{' '.join(args)} exited {process.returncode}: {message}")
    return usage.ru_maxrss * 1024, seconds  # Linux reports kilobytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    options = parser.parse_args()
    sizes = sorted(options.sizes)

    results: dict[tuple[str, int], tuple[int, float]] = {}
    with tempfile.TemporaryDirectory(prefix="claimsort-export-bench-") as temp:
        base = Path(temp)
        baseline, _ = peak_of(
            ["-c", "import cli.main, game.export, game.progress, game.atomic"], base, None
        )
        for size in sizes:
            home = base / f"home-{size}"
            home.mkdir()
            seconds = build(home / "progress.db", size)
            megabytes = (home / "progress.db").stat().st_size / 2**20
            print(
                f"{size:>9,} answers: progress file {megabytes:,.0f} MB, built in {seconds:.1f} s"
            )
            results["csv -o", size] = peak_of(
                ["-m", "cli", "export", "-o", str(base / "out.csv")], home, None
            )
            results["json >", size] = peak_of(
                ["-m", "cli", "export", "--format", "json"], home, base / "out.json"
            )
            for output in ("out.csv", "out.json"):
                (base / output).unlink()
            (home / "progress.db").unlink()

    print(f"\npeak resident memory (a process importing what export imports: {_mb(baseline)})")
    print(f"{'export':<8}" + "".join(f"{size:>22,}" for size in sizes))
    for kind in ("csv -o", "json >"):
        cells = "".join(
            f"{_mb(results[kind, s][0]) + f' in {results[kind, s][1]:.1f} s':>22}" for s in sizes
        )
        print(f"{kind:<8}{cells}")
    print()

    smallest, largest = sizes[0], sizes[-1]
    rows: list[Row] = []
    for kind in ("csv -o", "json >"):
        growth = results[kind, largest][0] / results[kind, smallest][0]
        rows.append(
            (
                f"export {kind} peak, {largest:,} / {smallest:,} answers",
                f"{growth:.2f}x",
                f"<= {GROWTH_LIMIT}x",
                growth <= GROWTH_LIMIT,
            )
        )
    return outcome(print_targets(rows, 48, 8, heading=True), options.strict)


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


if __name__ == "__main__":
    raise SystemExit(main())
