"""A real `claimsort serve` for the tests: the command in its own process on a free port,
with a temporary CLAIMSORT_HOME; its lines as the teacher sees them; the processes under
it; and a student's join through the real form (plain HTTP, no browser)."""

from __future__ import annotations

import contextlib
import gettext
import os
import queue
import re
import resource
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

from tests.terminal import claimsort

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "questions" / "bukele-white-house.toml"
WAIT = 60.0
"""Seconds to wait for a condition: a bound for a broken test on a loaded machine, not
a pause; nothing waits this long when all is well."""
CODE = "ABC234"
T = TypeVar("T")


def wait_for(condition: Callable[[], T | None], what: str, limit: float = WAIT) -> T:
    """Poll `condition` until it is true and return its value; fail naming `what`."""
    deadline = time.monotonic() + limit
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def children(pid: int) -> set[int]:
    """Every process under `pid` (its children, theirs, and so on), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            # The command name is in parentheses and may hold spaces: read after it.
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@dataclass
class Served:
    """A running `claimsort serve`."""

    process: subprocess.Popen[str]
    url: str
    lines: list[str] = field(default_factory=list)
    _queue: queue.Queue[str] = field(default_factory=queue.Queue)

    @property
    def port(self) -> int:
        return int(urllib.parse.urlsplit(self.url).port or 80)

    def wait_line(self, pattern: str) -> str:
        """The first line of the server's output (so far or to come) matching `pattern`."""
        regex = re.compile(pattern)

        def seen() -> str | None:
            self._drain()
            return next((line for line in self.lines if regex.search(line)), None)

        return wait_for(seen, f"a line matching {pattern!r} in {self.lines}")

    def wait_lines(self, pattern: str, count: int) -> list[str]:
        """Once `count` lines of the output match `pattern`, those lines."""
        regex = re.compile(pattern)

        def seen() -> list[str] | None:
            self._drain()
            found = [line for line in self.lines if regex.search(line)]
            return found if len(found) >= count else None

        return wait_for(seen, f"{count} lines matching {pattern!r} in {self.lines[-20:]}")

    def _drain(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.lines.append(self._queue.get_nowait())

    def games(self) -> set[int]:
        """The students' game processes: the children of the zygote, the server's child."""
        zygotes = [pid for pid in children(self.process.pid) if is_zygote(pid)]
        return {game for zygote in zygotes for game in children(zygote) if running(game)}

    def everything(self) -> set[int]:
        """Every live process under the server."""
        return {pid for pid in children(self.process.pid) if running(pid)}

    def zygote(self) -> int:
        """The process that forks the games."""
        (zygote,) = [pid for pid in self.everything() if is_zygote(pid)]
        return zygote


def is_zygote(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return b"webserve.zygote" in Path(f"/proc/{pid}/cmdline").read_bytes()
    return False


def students_open(lang: str | None) -> str:
    """How the server's line with the link starts, in the language `lang`."""
    line = "Students open: {url}"
    if lang not in (None, "en"):
        with (ROOT / "game/locale" / str(lang) / "LC_MESSAGES/claimsort.mo").open("rb") as file:
            line = gettext.GNUTranslations(file).gettext(line)
    return line.split("{url}", 1)[0]


STARVED_MARGIN = 2 * 1024 * 1024
"""Bytes of address space a starved zygote has beyond what it holds: enough to answer a
request and fork, too few for the game it forks, whose first thread alone reserves a
stack of RLIMIT_STACK (8 MiB by default)."""


@contextlib.contextmanager
def starved(pid: int) -> Iterator[None]:
    """Process `pid` (a zygote) held to about the address space it has now, for the
    block: each game it forks runs out of memory as it starts, a real cause of a game
    that cannot start, which holds for root too (unlike RLIMIT_NPROC)."""
    status = Path(f"/proc/{pid}/status").read_text()
    size = int(status.split("VmSize:", 1)[1].split()[0]) * 1024
    before = resource.prlimit(pid, resource.RLIMIT_AS)
    resource.prlimit(pid, resource.RLIMIT_AS, (size + STARVED_MARGIN, before[1]))
    try:
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            resource.prlimit(pid, resource.RLIMIT_AS, before)


def _pids_cgroups() -> tuple[Path, str] | None:
    """Where pids cgroups are made (cgroup v1's pids hierarchy, or v2's root when it
    hands the pids controller down), and the controller's name in /proc/PID/cgroup."""
    v1 = Path("/sys/fs/cgroup/pids")
    if (v1 / "cgroup.procs").exists():
        return v1, "pids"
    v2 = Path("/sys/fs/cgroup")
    with contextlib.suppress(OSError):
        if "pids" in (v2 / "cgroup.subtree_control").read_text().split():
            return v2, ""
    return None


@contextlib.contextmanager
def no_more_processes(pid: int) -> Iterator[None]:
    """Process `pid` (a zygote) moved, for the block, into a pids cgroup that holds no
    more tasks than it has: each fork it makes fails (EAGAIN), a real cause of a game
    that cannot start, which holds for root too (unlike RLIMIT_NPROC). Skips the test
    where no such cgroup can be made here (no pids controller, or not allowed)."""
    found = _pids_cgroups()
    if found is None:
        pytest.skip("no pids cgroup controller here to limit the zygote's forks")
    root, controller = found
    home = next(
        line.split(":", 2)[2]
        for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines()
        if line.split(":", 2)[1] == controller
    )
    group = root / f"claimsort-test-{os.getpid()}-{pid}"
    try:
        group.mkdir()
    except OSError as error:
        pytest.skip(f"cannot make a pids cgroup here: {error}")
    try:
        (group / "cgroup.procs").write_text(str(pid))
        (group / "pids.max").write_text((group / "pids.current").read_text())
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            (root / home.lstrip("/") / "cgroup.procs").write_text(str(pid))
        wait_for(lambda: _removed(group), f"{group} to be removed")


def _removed(group: Path) -> bool:
    try:
        group.rmdir()
    except FileNotFoundError:
        return True
    except OSError:  # busy until the process has left it
        return False
    return True


@contextlib.contextmanager
def serve(home: Path, *args: str, pack: Path = PACK, lang: str | None = None) -> Iterator[Served]:
    """`claimsort [--lang LANG] serve PACK --port 0 ARGS` with CLAIMSORT_HOME=`home`,
    until the block ends (then stopped with SIGTERM, and killed if it has not stopped)."""
    env = {**os.environ, "CLAIMSORT_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    chosen = ["--lang", lang] if lang is not None else []
    process = subprocess.Popen(
        [*claimsort(), *chosen, "serve", str(pack), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    served = Served(process, "", _queue=lines)
    link = students_open(lang)
    try:
        line = served.wait_line(f"{re.escape(link)}|claimsort serve: |Traceback")
        assert link in line, served.lines
        served.url = line.split(link, 1)[1].strip()
        yield served
    finally:
        every = served.everything()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(WAIT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for pid in every:  # never leave a game behind, even when a test failed
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    headers: dict[str, str]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def request(
    url: str,
    *,
    data: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    """One HTTP request, redirects not followed; a refusal is a Reply like any other."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    opener = urllib.request.build_opener(_NoRedirect)
    req = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(req, timeout=WAIT) as response:
            return Reply(response.status, response.read().decode(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read().decode(), dict(error.headers))


def join(served: Served, name: str, code: str = CODE) -> Reply:
    """A student sends the join form."""
    return request(served.url + "join", data={"name": name, "code": code})
