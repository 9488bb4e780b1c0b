"""How fast `claimsort play` shows its first claim, and how fast an answer shows its verdict.

Run:  .venv/bin/python bench/startup.py          (--quick: fewer repetitions;
                                                   --strict: exit 1 when a target fails)

Measured side by side in one run, the two apps interleaved (A B A B ...) so that the
noise of a shared machine hits both:

- start-up, headless: a fresh process per repetition runs `claimsort play` on the
  built-in pack through the real entry point (the `claimsort` console script: argument
  parsing, pack search and loading, the app), with `App.run` swapped for Textual's own
  headless `run_test()`; next to it, a minimal Textual app showing one `Static`, run
  the same way. The time is from just before the parent spawns the process to the
  first frame the app hands to its driver that contains the first claim's text (the
  minimal app's text). The child takes that time on the same system-wide clock
  (CLOCK_MONOTONIC) the parent started from.
- start-up, in a real terminal: both apps in a fresh 80x24 tmux session (a private
  tmux server, driven through one control-mode client so that polling spawns no
  processes), from just before the session is created to the first `capture-pane`
  (every ~5 ms) showing that text. Skipped, with a note, when tmux is missing.
- per answer: `claimsort play` (the same command-line path, in this process) on a
  generated pack file of 200 claims (the built-in pack's, repeated under fresh ids),
  with `App.run` swapped for a headless run that plays the whole round. For each
  answer, from the moment the key is handed to the app (the driver's `send_message`,
  what a terminal's input thread does, and what Pilot does) to the first frame the app
  hands to its driver that shows the verdict; Enter then brings the next claim (not
  counted). Measured inside the app, so Pilot's pauses are not counted. Answers are
  recorded in a progress store in a temporary ClaimSort home, as in play. A minimal
  app that puts a line of text in a `Static` on a key press is measured the same way
  afterwards, for reference (Textual's own key-to-frame floor).

Targets (issue 4): start-up <= 1.5x the minimal app (both routes); the median time
per answer under one frame (16 ms). The 95th percentile is reported, not judged.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACK = "questions/bukele-white-house.toml"
MINIMAL_TEXT = "Minimal Textual app: one Static"
MARKER = "BENCH-FIRST-FRAME"
FRAME_MS = 16.0
START_RATIO = 1.5

# The minimal app: the same file runs in tmux and, with `App.run` swapped, headless.
MINIMAL_APP = f"""\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static({MINIMAL_TEXT!r})


if __name__ == "__main__":
    Minimal().run()
"""

# Children import nothing at module level beyond os, sys and time (Python imports the
# first two anyway), so the bench script itself adds next to nothing to either app's
# start-up: everything heavy is imported inside functions.


# -- what a frame shows ----------------------------------------------------------------


def frame_text(update: object) -> str:
    """The text of a frame the compositor hands to `App._display`, one line per row
    (only the changed parts of rows, for a partial update)."""
    from textual._compositor import ChopsUpdate, LayoutUpdate

    if isinstance(update, LayoutUpdate):
        return "\n".join("".join(strip.text for strip in line) for line in update.strips)
    if isinstance(update, ChopsUpdate):
        rows = []
        for y, _x1, _x2 in update.spans:
            rows.append("".join(s.text for s in update.chops[y].values() if s is not None))
        return "\n".join(rows)
    return ""


@contextlib.contextmanager
def watch_frames(on_frame: Callable[[Any, str], None]) -> Iterator[None]:
    """Call `on_frame(app, text)` with every frame an app hands to its driver.

    `App._display` is where a frame leaves the compositor for the terminal (headless,
    the driver drops it). Patched on the class, from outside: nothing in the app changes.
    """
    from textual.app import App

    original = App._display

    def _display(self: Any, screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            on_frame(self, frame_text(renderable))

    App._display = _display  # type: ignore[method-assign]
    try:
        yield
    finally:
        App._display = original  # type: ignore[method-assign]


def first_words(text: str, limit: int = 30) -> str:
    """A prefix of whole words, short enough to sit on the first line of a card."""
    words = text.split()
    prefix = words[0]
    for word in words[1:]:
        if len(prefix) + 1 + len(word) > limit:
            break
        prefix += " " + word
    return prefix


# -- start-up children -----------------------------------------------------------------


def first_frame(
    script: str, argv: list[str], matches: Callable[[str], bool], wait: float, *, claimsort: bool
) -> tuple[float | None, object]:
    """Run `script` as `__main__` with `argv`, `App.run` made headless, until the first
    frame whose text `matches` (or `wait` seconds); when that frame was made (None: it
    never was) and the script's exit code. With `claimsort`, the console script is
    let play as if in a terminal: its output goes to the parent through pipes, and
    run_test stands in for the terminal `claimsort play` asks for."""
    import asyncio
    import runpy

    from textual.app import App

    seen: list[float] = []
    done = asyncio.Event()

    def on_frame(app: Any, text: str) -> None:
        if not seen and matches(text):
            seen.append(time.monotonic())
            done.set()

    def run_headless(self: Any, *args: object, **kwargs: object) -> None:
        async def go() -> None:
            async with self.run_test(size=(80, 24)):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), wait)

        asyncio.run(go())

    App.run = run_headless  # type: ignore[method-assign]
    if claimsort:
        import cli.play

        cli.play.has_terminal = lambda: True
    sys.argv = argv
    code: object = 0
    try:
        with watch_frames(on_frame):
            runpy.run_path(script, run_name="__main__")
    except SystemExit as stop:
        code = stop.code
    return (seen[0] if seen else None), code


def child(kind: str, script: str, target: str) -> int:
    """Run `script` as `__main__` (the claimsort console script, or the minimal app) with
    `App.run` made headless; print when the first frame showing `target` was made."""
    claimsort = kind == "claimsort"
    argv = ["claimsort", "play", PACK] if claimsort else [script]
    moment, code = first_frame(script, argv, lambda text: target in text, 60, claimsort=claimsort)
    if code not in (None, 0):
        print(f"{kind} exited with {code}", file=sys.stderr)
        return 1
    if moment is None:
        print(f"{kind}: {target!r} never appeared", file=sys.stderr)
        return 1
    # Printed after the app has closed: Textual redirects stdout while it runs.
    os.write(1, f"{MARKER} {moment!r}\n".encode())
    return 0


# -- the parent: start-up ----------------------------------------------------------------


def claimsort_script() -> str:
    """The `claimsort` console script next to this Python (what a user runs)."""
    script = Path(sys.executable).with_name("claimsort")
    if not script.is_file():
        raise SystemExit(f"no claimsort script at {script}: install the project first")
    return str(script)


def headless_start(kind: str, script: str, target: str, env: dict[str, str]) -> float:
    """Seconds from spawning a child to its first frame showing `target`."""
    import subprocess

    args = [sys.executable, str(Path(__file__).resolve()), "--child", kind, script, target]
    start = time.monotonic()
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    for line in result.stdout.splitlines():
        if line.startswith(MARKER + " "):
            return float(line.split()[1]) - start
    raise SystemExit(f"headless {kind} failed (exit {result.returncode}):\n{result.stderr}")


class Tmux:
    """A private tmux server (its own socket: other sessions are never touched), driven
    through one control-mode client: each command is a line on its stdin, no process."""

    def __init__(self, env: dict[str, str]) -> None:
        import subprocess

        self.socket = f"claimsort-bench-{os.getpid()}"
        base = ["tmux", "-L", self.socket, "-f", "/dev/null"]
        # An idle session for the control client to sit in; the apps get their own.
        subprocess.run(
            [*base, "new-session", "-d", "-s", "idle", "-x", "80", "-y", "24", "sleep 86400"],
            env=env,
            check=True,
            capture_output=True,
        )
        self.client = subprocess.Popen(
            [*base, "-C", "attach-session", "-t", "idle"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
            env=env,
        )
        self.command("display-message -p ready")

    def command(self, line: str) -> tuple[bool, list[str]]:
        """Run one tmux command; (succeeded, its output lines)."""
        assert self.client.stdin is not None and self.client.stdout is not None
        self.client.stdin.write(line + "\n")
        self.client.stdin.flush()
        return self.read_block()

    def read_block(self) -> tuple[bool, list[str]]:
        """The output of the next command this client sent. Notifications (%output ...)
        come only between blocks; blocks whose flags are not 1 answer no command of ours
        (the attach's own comes first or later, depending on timing) and are skipped."""
        assert self.client.stdout is not None
        output: list[str] = []
        block: str | None = None  # "ours", "other", or None between blocks
        for raw in self.client.stdout:
            text = raw.rstrip("\n")
            if block is None:
                if text.startswith("%begin "):
                    block = "ours" if text.split()[-1] == "1" else "other"
            elif text.startswith(("%end ", "%error ")):
                if block == "ours":
                    return text.startswith("%end "), output
                block = None
            elif block == "ours":
                output.append(text)
        raise SystemExit("tmux control client closed")

    def close(self) -> None:
        import subprocess

        if self.client.stdin is not None:
            self.client.stdin.close()
        self.client.wait(timeout=10)
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def tmux_start(tmux: Tmux, name: str, command: str, target: str) -> float:
    """Seconds from creating an 80x24 session running `command` to a capture showing
    `target`; the session is killed and its process waited for afterwards."""
    import shlex

    start = time.monotonic()
    ok, out = tmux.command(
        f"new-session -d -s {name} -x 80 -y 24 -c {shlex.quote(str(ROOT))} "
        f"-P -F '#{{pane_pid}}' {shlex.quote(command)}"
    )
    if not ok or not out:
        raise SystemExit(f"tmux could not start {command!r}: {out}")
    pid = int(out[0])
    deadline = start + 60
    try:
        while True:
            ok, lines = tmux.command(f"capture-pane -p -t {name}")
            if ok and any(target in line for line in lines):
                return time.monotonic() - start
            if not ok or time.monotonic() > deadline:
                raise SystemExit(f"{target!r} never appeared in tmux for {command!r}")
            time.sleep(0.005)
    finally:
        tmux.command(f"kill-session -t {name}")
        # The next run must not share the CPU with this one's shutdown.
        stop = time.monotonic() + 5
        while time.monotonic() < stop:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.005)


# -- per answer --------------------------------------------------------------------------


def big_pack(folder: Path, count: int) -> Path:
    """The built-in pack with its claims repeated under fresh ids up to `count` claims,
    written as a pack file (so that the round goes through `claimsort play` itself)."""
    import re

    text = (ROOT / PACK).read_text(encoding="utf-8")
    head, _sep, rest = text.partition("\n[[claims]]\n")
    blocks = rest.split("\n[[claims]]\n")
    head = head.replace('id = "bukele-white-house"', 'id = "bench-many-claims"', 1)
    parts = [head]
    for n in range(count):
        block = blocks[n % len(blocks)]
        block = re.sub(r'^id = "([^"]+)"', rf'id = "\1-{n}"', block, count=1, flags=re.M)
        parts.append(block)
    path = folder / "many-claims.toml"
    path.write_text("\n[[claims]]\n".join(parts), encoding="utf-8")
    return path


def answer_latencies(pack_file: Path, count: int, think: float) -> dict[str, list[float]]:
    """Per answer, in seconds: "total", from the answer key to the first frame showing
    its verdict, split into "queue" (key handed over -> the round screen's `answer()`),
    "handler" (`answer()`: the round, the progress store, the widgets) and "frame"
    (the handler's end -> that frame: layout and rendering). Also "frames": how many
    frames were made on the way. Runs `claimsort play PACK` with `App.run` swapped for
    a headless run that plays the round by sending keys as a terminal's driver does."""
    import asyncio

    from textual import events
    from textual.app import App

    from cli.main import main as cli_main
    from tui.screens.round import RoundScreen
    from tui.widgets.feedback import verdict

    # What the next frame must show ("verdict" or "claim"), and when it came.
    want: dict[str, Any] = {"kind": None, "at": 0.0, "frames": 0}
    handler: dict[str, float] = {}
    results: dict[str, list[float]] = {
        key: [] for key in ("total", "queue", "handler", "frame", "frames")
    }
    shown = asyncio.Event()

    def on_frame(app: Any, text: str) -> None:
        want["frames"] += 1
        screen = app.screen
        if want["kind"] is None or not isinstance(screen, RoundScreen):
            return
        round_ = screen.round
        if want["kind"] == "verdict":
            answer = round_.current_answer
            if answer is None or verdict(answer, round_.pack) not in text:
                return
        elif round_.current is None or first_words(round_.current.text) not in text:
            return
        want["at"] = time.monotonic()
        want["kind"] = None
        shown.set()

    original_answer = RoundScreen.answer

    def timed_answer(self: Any, category_id: str) -> None:
        handler["start"] = time.monotonic()
        original_answer(self, category_id)
        handler["end"] = time.monotonic()

    async def wait_shown() -> float:
        await asyncio.wait_for(shown.wait(), 30)
        shown.clear()
        return want["at"]

    async def play(app: Any) -> None:
        want["kind"] = "claim"
        async with app.run_test(size=(80, 24)):
            await wait_shown()
            screen = app.screen
            keys = [str(n) for n in range(1, len(screen.round.pack.categories) + 1)]
            for n in range(count):
                await asyncio.sleep(think)  # a player reads before answering
                want["kind"], want["frames"] = "verdict", 0
                key = keys[n % len(keys)]
                sent = time.monotonic()
                app._driver.send_message(events.Key(key, key))
                at = await wait_shown()
                results["total"].append(at - sent)
                results["queue"].append(handler["start"] - sent)
                results["handler"].append(handler["end"] - handler["start"])
                results["frame"].append(at - handler["end"])
                results["frames"].append(want["frames"])
                await asyncio.sleep(think / 2)
                if screen.round.is_last:
                    break
                want["kind"] = "claim"
                app._driver.send_message(events.Key("enter", "\r"))
                await wait_shown()
            app.exit()

    import cli.play

    original_run, original_terminal = App.run, cli.play.has_terminal
    App.run = lambda self, *args, **kwargs: asyncio.run(play(self))  # type: ignore[method-assign]
    cli.play.has_terminal = lambda: True  # run_test stands in for the terminal
    RoundScreen.answer = timed_answer  # type: ignore[method-assign]
    try:
        with watch_frames(on_frame):
            # Without the confidence step: what is timed is the key that answers.
            code = cli_main(["play", "--no-confidence", str(pack_file)])
    finally:
        App.run = original_run  # type: ignore[method-assign]
        cli.play.has_terminal = original_terminal
        RoundScreen.answer = original_answer  # type: ignore[method-assign]
    if code != 0 or len(results["total"]) != count:
        raise SystemExit(f"the round did not finish: exit {code}, {len(results['total'])} answers")
    return results


def minimal_latencies(count: int, think: float) -> list[float]:
    """The same measure for a minimal app: a key puts a new line of text in a Static."""
    import asyncio

    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        presses = 0

        def compose(self) -> ComposeResult:
            yield Static(MINIMAL_TEXT, id="text")

        def on_key(self, event: events.Key) -> None:
            self.presses += 1
            self.query_one("#text", Static).update(f"pressed {self.presses} times")

    want: dict[str, Any] = {"text": MINIMAL_TEXT, "at": 0.0}
    shown = asyncio.Event()

    def on_frame(app: Any, text: str) -> None:
        if want["text"] is not None and want["text"] in text:
            want["at"] = time.monotonic()
            want["text"] = None
            shown.set()

    async def play(app: Minimal) -> list[float]:
        latencies = []
        async with app.run_test(size=(80, 24)):
            await asyncio.wait_for(shown.wait(), 30)
            shown.clear()
            for n in range(count):
                await asyncio.sleep(think)
                want["text"] = f"pressed {n + 1} times"
                sent = time.monotonic()
                app._driver.send_message(events.Key("x", "x"))
                await asyncio.wait_for(shown.wait(), 30)
                shown.clear()
                latencies.append(want["at"] - sent)
            app.exit()
        return latencies

    with watch_frames(on_frame):
        return asyncio.run(play(Minimal()))


# -- report ------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with `share` of them at or below."""
    import math

    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * share)) - 1]


def start_row(name: str, times: dict[str, list[float]]) -> tuple[str, str, str, bool]:
    import statistics

    claimsort = statistics.median(times["claimsort"])
    minimal = statistics.median(times["minimal"])
    ratio = claimsort / minimal
    value = f"{claimsort * 1e3:.0f} ms vs {minimal * 1e3:.0f} ms minimal: {ratio:.2f}x"
    return (
        f"{name} (median of {len(times['minimal'])})",
        value,
        f"<= {START_RATIO}x",
        ratio <= START_RATIO,
    )


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        return child(*sys.argv[2:5])

    import argparse
    import shutil
    import statistics
    import tempfile

    from _report import Row, outcome, print_targets

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and answers")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args()
    repeats = 4 if args.quick else 11
    answers = 40 if args.quick else 200
    # A player reads for seconds before answering; 0.1 s is enough for the app to be
    # idle when the key comes, as then. With much less, the answer would land while
    # Textual's frame timer still sleeps after the previous frame (it ticks on a 1/60 s
    # grid and sleeps up to two periods after a tick) and wait for its next tick.
    think = 0.1
    from game.loader import load_pack

    claim_target = first_words(load_pack(ROOT / PACK).claims[0].text)
    script = claimsort_script()
    rows: list[Row] = []

    with tempfile.TemporaryDirectory(prefix="claimsort-bench-") as folder:
        # An empty ClaimSort home: none of the developer's packs or progress, and the
        # progress store of these runs is thrown away afterwards.
        home = Path(folder) / "home"
        home.mkdir()
        os.environ["CLAIMSORT_HOME"] = str(home)
        # Children cache bytecode (in the temporary folder, not the checkout), as an
        # installed wheel has it: with PYTHONDONTWRITEBYTECODE set, ClaimSort's own
        # modules would be compiled from source at every start and the minimal app's
        # (all in site-packages, with caches) would not.
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(folder) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        minimal = Path(folder) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        apps = {"claimsort": (script, claim_target), "minimal": (str(minimal), MINIMAL_TEXT)}

        print(f"start-up, headless run_test: {repeats} runs each, interleaved", flush=True)
        for kind, (path, target) in apps.items():  # warm: disk cache, bytecode, store
            headless_start(kind, path, target, env)
        headless: dict[str, list[float]] = {kind: [] for kind in apps}
        for _ in range(repeats):
            for kind, (path, target) in apps.items():
                headless[kind].append(headless_start(kind, path, target, env))
        rows.append(start_row("start-up, headless", headless))

        # The runs above find the pack in ClaimSort's cache of checked packs (the
        # warm-up run put it there), as every start after the first does. The first
        # start after installing or editing a pack checks it in full: reported here,
        # each run with an empty home so nothing is cached.
        cold: dict[str, list[float]] = {kind: [] for kind in apps}
        for n in range(repeats):
            empty = Path(folder) / f"cold-home-{n}"
            empty.mkdir()
            cold_env = {**env, "CLAIMSORT_HOME": str(empty)}
            for kind, (path, target) in apps.items():
                cold[kind].append(headless_start(kind, path, target, cold_env))
        name, value, _target, _ok = start_row("first start, uncached", cold)
        rows.append((name, value, "(reported)", None))

        if shutil.which("tmux") is None:
            print("start-up in tmux: skipped, tmux is not installed")
            rows.append(("start-up, tmux 80x24", "skipped (tmux is not installed)", "", None))
        else:
            print(f"start-up in tmux 80x24: {repeats} runs each, interleaved", flush=True)
            commands = {
                "claimsort": (f"exec {script} play {PACK}", claim_target),
                "minimal": (f"exec {sys.executable} {minimal}", MINIMAL_TEXT),
            }
            terminal: dict[str, list[float]] = {kind: [] for kind in commands}
            tmux = Tmux(env)
            try:
                for kind, (command, target) in commands.items():
                    tmux_start(tmux, f"warm-{kind}", command, target)
                for n in range(repeats):
                    for kind, (command, target) in commands.items():
                        terminal[kind].append(tmux_start(tmux, f"{kind}-{n}", command, target))
            finally:
                tmux.close()
            rows.append(start_row("start-up, tmux 80x24", terminal))

        print(
            f"per answer: claimsort play, a round of {answers} claims; then the minimal app",
            flush=True,
        )
        result = answer_latencies(big_pack(Path(folder), answers), answers, think)
        floor = minimal_latencies(answers, think)

    def ms(values: list[float], share: float | None = None) -> str:
        value = statistics.median(values) if share is None else percentile(values, share)
        return f"{value * 1e3:.1f} ms"

    total = result["total"]
    median = statistics.median(total)
    rows.append(
        (
            f"answer -> verdict, median of {len(total)}",
            f"{ms(total)} (minimal app {ms(floor)})",
            f"< {FRAME_MS:.0f} ms",
            median * 1e3 < FRAME_MS,
        )
    )
    rows.append(
        (
            "answer -> verdict, p95",
            f"{ms(total, 0.95)} (minimal app {ms(floor, 0.95)})",
            "(reported)",
            None,
        )
    )
    print()
    failures = print_targets(rows, 38, 44, heading=True)
    print(
        f"\nper answer, medians: key -> answer() {ms(result['queue'])}, answer() "
        f"{ms(result['handler'])}, answer() -> frame {ms(result['frame'])}; "
        f"{statistics.mean(result['frames']):.2f} frames made per answer; "
        f"slowest {max(total) * 1e3:.1f} ms"
    )
    return outcome(failures, args.strict)


if __name__ == "__main__":
    sys.exit(main())
