"""Class mode under a class: N students opening their game at once (N = 1, 10, 30),
`claimsort serve` side by side with stock textual-serve 1.1.3 serving the same
`claimsort play` command, in one run on this machine.

For each server and N: N websocket clients (aiohttp) open their sessions together (ours
through the join form first, as a browser does); each feeds what it receives to a
terminal emulator (pyte) and stops its clock when the first claim's buttons are on its
screen. Printed: time to first claim (median and max), memory per session (PSS of the
session's processes) and the server's own memory (PSS, with the zygote for ours), where
the CPU went until the last first claim (per game since its start, the server with its
zygote, and this script's own clients, which share the machine), then the time each
server takes to stop on SIGTERM with sessions open.

Whether the time is CPU-bound: for each server and N, the CPU-bound floor is the time
the CPU used by the run cannot beat with every usable core busy,
N x (CPU-s per game + server CPU-s per session + client CPU-s per session) / cores,
printed with the measured max over it. A max near the floor means the sessions waited
for CPU and nothing else; one far above it means time went elsewhere (waiting on a
lock, a pipe, a sleep, or CPU taken by someone else). Beside it: the CPU time the
usable cores spent on processes outside this run (other users, the kernel) and the time
the hypervisor took from them (steal), both from /proc/stat over the same span. At
N = 1 a session's steps follow one another, so its max sits above a floor that assumes
every core busy.

`--cpus LIST` (as taskset takes it: 0, 0,1 or 0-1) pins this script, and so every
server, zygote and game it starts, to those CPUs; the cores counted are then those.
Comparing a run on one core with one on two shows what the cores buy.

Target (issue 10): with 30 students joining at once, the last first claim arrives within
4x the single-session time. Run: .venv/bin/python bench/serve.py [--strict] [--cpus LIST]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pyte

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import outcome, print_targets

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "questions" / "bukele-white-house.toml"
CLAIMSORT = str(Path(sys.executable).with_name("claimsort"))
CODE = "BENCH2"
FIRST_CLAIM = "Verified fact"
"""On the screen once the first claim is shown with its answer buttons."""
LIMIT = 180.0
"""Seconds any one step may take before the run gives up (a bound, never a pause)."""
COUNTS = (1, 10, 30)
_NAMES = itertools.count(1)
STOP_SESSIONS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def pss_kib(pid: int) -> int:
    """The process's proportional set size: its private memory plus its share of what it
    shares (a forked child shares the zygote's pages until it writes them)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used since it started, every thread of it (those that
    have ended too), in nanoseconds: from its CPU-time clock, which Linux lets any
    process read; else user and system time in clock ticks. (/proc/PID/schedstat
    counts its main thread only: a game's input and writer threads, and the server's
    spawning threads, would be left out.)"""
    with suppress(OSError, OverflowError):
        # clock_getcpuclockid(pid), which Python does not wrap: CPUCLOCK_SCHED of the
        # process, as Linux encodes it.
        return time.clock_gettime((~pid << 3) | 2)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, ValueError, IndexError):
        return 0.0


def own_cpu_seconds() -> float:
    usage = os.times()
    return usage.user + usage.system


def cpu_list(text: str) -> set[int]:
    """A CPU list as taskset takes it ("0", "0,1", "0-3,6"), each CPU one this script
    may run on; argparse's error otherwise."""
    chosen: set[int] = set()
    try:
        for part in text.split(","):
            first, dash, last = part.partition("-")
            low, high = int(first), int(last) if dash else int(first)
            if low < 0 or high < low:
                raise ValueError(part)
            chosen.update(range(low, high + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a CPU list: give numbers and ranges, as in 0 or 0,1 or 0-1"
        ) from None
    allowed = os.sched_getaffinity(0)
    if not chosen <= allowed:
        missing = ", ".join(str(cpu) for cpu in sorted(chosen - allowed))
        mine = ", ".join(str(cpu) for cpu in sorted(allowed))
        raise argparse.ArgumentTypeError(f"no CPU {missing} here: this script may use {mine}")
    return chosen


def cpu_ticks(cpus: set[int]) -> tuple[float, float]:
    """Seconds the CPUs `cpus` have been busy (neither idle nor waiting for a disk) and
    seconds the hypervisor has taken from them (steal), since boot, from /proc/stat."""
    busy = steal = 0
    for line in Path("/proc/stat").read_text().splitlines():
        name, *fields = line.split()
        if not name.startswith("cpu") or name == "cpu" or int(name[3:]) not in cpus:
            continue
        # user nice system idle iowait irq softirq steal (guest time is within user).
        values = [int(value) for value in fields[:8]]
        busy += sum(values[:3]) + sum(values[5:7])
        steal += values[7]
    return busy / TICKS, steal / TICKS


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    url: str
    joins: bool
    """Whether sessions start with the join form (ours) or straight at /ws (stock)."""

    def game_pids(self) -> set[int]:
        """The processes of students' games (for stock, with the shell around each)."""
        if self.joins:
            return {pid for zygote in self.zygotes() for pid in descendants(zygote)}
        return descendants(self.process.pid)

    def zygotes(self) -> set[int]:
        """The server's own child that forks the games (the games, forked from it, carry
        its command line too, but are its children, not the server's)."""
        return {
            pid
            for pid in descendants(self.process.pid)
            if "webserve.zygote" in cmdline(pid) and parent(pid) == self.process.pid
        }

    def server_pids(self) -> set[int]:
        return {self.process.pid} | (self.zygotes() if self.joins else set())


def wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server never listened")


@contextmanager
def started(name: str, home: Path) -> Iterator[Server]:
    port = free_port()
    env = {**os.environ, "CLAIMSORT_HOME": str(home)}
    if name == "claimsort serve":
        argv = [CLAIMSORT, "serve", str(PACK), "--port", str(port), "--code", CODE]
        argv += ["--max-sessions", "40"]
        joins = True
    else:
        command = f"{shlex.quote(CLAIMSORT)} play {shlex.quote(str(PACK))} --player bench"
        code = (
            "from textual_serve.server import Server\n"
            f"Server({command!r}, host='127.0.0.1', port={port}).serve()\n"
        )
        argv = [sys.executable, "-c", code]
        joins = False
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_listening(port, process)
        yield Server(name, process, f"http://127.0.0.1:{port}/", joins)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in descendants(process.pid):
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)


async def one_session(
    server: Server,
    http: aiohttp.ClientSession,
    index: int,
    t0: float,
    hold: asyncio.Event,
    reached: list[float],
) -> None:
    """Open one session; put in `reached` the seconds from `t0` to the first claim on
    its screen. The socket stays open until `hold` is set."""
    if server.joins:
        async with http.post(
            server.url + "join",
            data={"name": f"Student {next(_NAMES)}", "code": CODE},
            allow_redirects=False,
        ) as reply:
            location = reply.headers["Location"]
        path = "ws/" + location.rsplit("/", 1)[1]
    else:
        path = "ws"
    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)
    async with http.ws_connect(f"{server.url}{path}?width=80&height=24") as ws:
        seconds = None
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                stream.feed(message.data)
                if seconds is None and any(FIRST_CLAIM in line for line in screen.display):
                    seconds = time.monotonic() - t0
                    break
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR):
                break
        if seconds is None:
            raise RuntimeError(f"session {index} closed before its first claim")
        reached.append(seconds)
        await hold.wait()


@dataclass
class Result:
    times: list[float]
    per_session_kib: float
    server_kib: int
    game_cpu: float
    """CPU-seconds the games had used, each since its start, once all showed a claim."""
    server_cpu: float
    """CPU-seconds the server (with its zygote) used meanwhile."""
    client_cpu: float
    """CPU-seconds this script's clients (websockets, terminal emulators) used."""
    busy: float
    """Seconds the usable cores were busy meanwhile, on anything."""
    steal: float
    """Seconds the hypervisor took from the usable cores meanwhile."""

    def floor(self, cores: int) -> float:
        """The time the CPU this run used cannot beat with `cores` cores busy."""
        return (self.game_cpu + self.server_cpu + self.client_cpu) / cores

    def others(self) -> float:
        """CPU-seconds the usable cores spent outside this run (others, the kernel)."""
        return max(0.0, self.busy - self.game_cpu - self.server_cpu - self.client_cpu)


async def open_sessions(
    server: Server, http: aiohttp.ClientSession, count: int, hold: asyncio.Event
) -> tuple[list[asyncio.Task[None]], list[float]]:
    """`count` sessions opened at once, returned once every one shows its first claim."""
    reached: list[float] = []
    t0 = time.monotonic()
    tasks = [
        asyncio.create_task(one_session(server, http, i, t0, hold, reached)) for i in range(count)
    ]
    while len(reached) < count:
        failed = [t for t in tasks if t.done() and t.exception() is not None]
        if failed:
            raise RuntimeError(f"a session failed: {failed[0].exception()!r}")
        if time.monotonic() - t0 > LIMIT:
            raise RuntimeError("the sessions did not all reach their first claim")
        await asyncio.sleep(0.02)
    return tasks, reached


async def measure(server: Server, count: int) -> Result:
    hold = asyncio.Event()
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=LIMIT)
    server_before = sum(cpu_seconds(pid) for pid in server.server_pids())
    client_before = own_cpu_seconds()
    cpus = os.sched_getaffinity(0)
    busy_before, steal_before = cpu_ticks(cpus)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        tasks, reached = await open_sessions(server, http, count, hold)
        client_cpu = own_cpu_seconds() - client_before
        busy_after, steal_after = cpu_ticks(cpus)
        games = server.game_pids()
        game_cpu = sum(cpu_seconds(pid) for pid in games)
        server_cpu = sum(cpu_seconds(pid) for pid in server.server_pids()) - server_before
        per_session = sum(pss_kib(pid) for pid in games) / count
        server_kib = sum(pss_kib(pid) for pid in server.server_pids())
        hold.set()
        await asyncio.gather(*tasks)
    # The sockets are closed: wait for the games to end before the next round.
    deadline = time.monotonic() + LIMIT
    while server.game_pids() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    return Result(
        list(reached),
        per_session,
        server_kib,
        game_cpu,
        server_cpu,
        client_cpu,
        busy_after - busy_before,
        steal_after - steal_before,
    )


async def stop_time(server: Server, count: int) -> float:
    """Seconds from SIGTERM to the server's exit, with `count` sessions open."""
    hold = asyncio.Event()
    async with aiohttp.ClientSession() as http:
        tasks, _reached = await open_sessions(server, http, count, hold)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(server.process.wait, 90)
            seconds = time.monotonic() - started
        except subprocess.TimeoutExpired:
            seconds = float("inf")
        hold.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--cpus",
        type=cpu_list,
        metavar="LIST",
        help="run this script and all it starts on these CPUs only (as taskset: 0, 0,1, 0-1)",
    )
    args = parser.parse_args()
    if args.cpus is not None:
        # Before anything starts: every server, zygote and game inherits it.
        os.sched_setaffinity(0, args.cpus)
    usable = sorted(os.sched_getaffinity(0))
    cores = len(usable)
    print(
        f"cores: {os.cpu_count()}, usable: {cores} (CPU {','.join(map(str, usable))}); "
        f"load average {os.getloadavg()[0]:.2f}; pack: {PACK.name}; {sys.version.split()[0]}\n"
    )
    results: dict[tuple[str, int], Result] = {}
    stops: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in COUNTS:
            for name in ("claimsort serve", "textual-serve"):
                with started(name, Path(tmp) / name.replace(" ", "-")) as server:
                    # One student first, as in class: the teacher starts the server, then
                    # the students open the link (this also warms the caches).
                    asyncio.run(measure(server, 1))
                    results[name, count] = asyncio.run(measure(server, count))
        for name in ("claimsort serve", "textual-serve"):
            with started(name, Path(tmp) / name.replace(" ", "-")) as server:
                stops[name] = asyncio.run(stop_time(server, STOP_SESSIONS))

    print(
        f"{'server':<16} {'N':>3} {'median s':>9} {'max s':>7} {'max/1':>6} "
        f"{'PSS/session MiB':>16} {'server PSS MiB':>15} "
        f"{'CPU-s/game':>11} {'server CPU-s':>13} {'client CPU-s':>13}"
    )
    for name in ("claimsort serve", "textual-serve"):
        single = statistics.median(results[name, 1].times)
        for count in COUNTS:
            r = results[name, count]
            print(
                f"{name:<16} {count:>3} {statistics.median(r.times):>9.2f} {max(r.times):>7.2f} "
                f"{max(r.times) / single:>6.1f} {r.per_session_kib / 1024:>16.1f} "
                f"{r.server_kib / 1024:>15.1f} {r.game_cpu / count:>11.3f} "
                f"{r.server_cpu:>13.2f} {r.client_cpu:>13.2f}"
            )
    print()
    print(
        f"{'server':<16} {'N':>3} {'max s':>7} {'floor s':>8} {'max/floor':>10} "
        f"{'others CPU-s':>13} {'steal s':>8}"
    )
    for name in ("claimsort serve", "textual-serve"):
        for count in COUNTS:
            r = results[name, count]
            floor = r.floor(cores)
            print(
                f"{name:<16} {count:>3} {max(r.times):>7.2f} {floor:>8.2f} "
                f"{max(r.times) / floor:>10.2f} {r.others():>13.2f} {r.steal:>8.2f}"
            )
    print(
        f"floor: N x (CPU-s/game + server CPU-s/session + client CPU-s/session) / {cores} "
        "usable cores; others: CPU the usable cores spent outside this run meanwhile"
    )
    print()
    for name, seconds in stops.items():
        print(f"{name:<16} stop on SIGTERM with {STOP_SESSIONS} sessions open: {seconds:.2f} s")
    print()
    ours_single = statistics.median(results["claimsort serve", 1].times)
    ours_30 = max(results["claimsort serve", 30].times)
    stock_single = statistics.median(results["textual-serve", 1].times)
    stock_30 = max(results["textual-serve", 30].times)
    rows = [
        (
            "30 at once: last first claim / one alone",
            f"{ours_30 / ours_single:.1f}x",
            "<= 4x",
            ours_30 / ours_single <= 4,
        ),
        ("  stock textual-serve, the same", f"{stock_30 / stock_single:.1f}x", "(reported)", None),
        (
            "30 at once, last first claim: stock / ours",
            f"{stock_30 / ours_30:.1f}x",
            "(reported)",
            None,
        ),
        (
            "stop on SIGTERM, sessions open",
            f"{stops['claimsort serve']:.2f} s",
            "< 5 s",
            stops["claimsort serve"] < 5,
        ),
        ("  stock textual-serve, the same", f"{stops['textual-serve']:.2f} s", "(reported)", None),
    ]
    failures = print_targets(rows, 44, 10, heading=True)
    return outcome(failures, args.strict)


if __name__ == "__main__":
    sys.exit(main())
