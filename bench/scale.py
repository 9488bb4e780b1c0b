"""Years of data: start-up, stats, export, review and the reader with large histories.

Run:  .venv/bin/python bench/scale.py      (--quick: fewer repetitions;
                                             --strict: exit 1 when a target fails)

Every progress store is generated through the real store API (`ProgressStore.open()` and
`record_rounds()`) in a temporary ClaimSort home, once per run, and reused by every
phase: the same 40 packs of 25 claims (pack files in the home's pack folder, so that
`claimsort` finds them as a user's would), and one player's history of 0, 10,000,
100,000 and 1,000,000 answers over three years: rounds of 20 answers from one pack,
right more often as time goes on, hints now and then. Measured side by side in one run,
interleaved so that the noise of a shared machine hits both sides:

- start-up: a fresh `claimsort` process (the console script, with `App.run` swapped for
  Textual's headless `run_test()`), from spawning it to the first frame that shows the
  home screen's review count (counted in a worker, so the count is what is waited
  for); with 1,000,000 answers against the same packs with none. Then `claimsort play
  --review` to the first frame of the review round, against a history of one round
  (20 answers): with no answers there is nothing to review, and the command exits.
- `claimsort stats` and `claimsort export -o FILE` (CSV) as processes: wall time and
  peak memory (the child's maximum resident set), at 10,000, 100,000 and 1,000,000.
- review: the review queue (`game.review.review_queue`, what `play --review`, the home
  screen and the stats read) on a 5,000-claim pack, with 500 and with 5,000 claims
  missed, in CPU time (it runs in this process); and, reported only, `claimsort stats` with 20,000 claims missed (the issue's
  20,000-claim pack took 113 s; a pack may now hold at most 5,000 claims, so here they
  are four packs of 5,000).
- the reader: from the `r` key to the first frame showing the quote, on a pack whose
  article is 4.8 MB, against the built-in pack's article, in this process.

Targets (issue 9): home screen and `play --review` start-up at 1,000,000 answers <= 1.5x
the same with none; `stats` and `export` time growth from 100,000 to 1,000,000 answers
<= 11x, and their peak memory at 1,000,000 <= 1.5x at 10,000; review growth from 500 to
5,000 missed claims <= 11x; the reader on a 5 MB article opens in <= 3x the time on the
seed article.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MARKER = "BENCH-SHOWN"
START_RATIO = 1.5
GROWTH = 11.0
MEMORY_RATIO = 1.5
READER_RATIO = 3.0
SIZES = (0, 10_000, 100_000, 1_000_000)
PACKS = 40
CLAIMS_PER_PACK = 25
ROUND = 20
REVIEW = ("play", "--review", "--player", "ana")
QUEUE_REPEATS = 21
"""Runs of the review queue at each size, --quick or not: a run takes a fraction of a
second, and a median of many is what holds still on a shared machine."""

# The children import nothing at module level beyond os, sys and time, as in
# bench/startup.py: what they time is ClaimSort's own start.


# -- children: a `claimsort` process until a frame shows what is waited for ---------------


def child(target: str, *argv: str) -> int:
    """Run the `claimsort` console script with `argv`, `App.run` headless; print the
    moment the first frame matching the regular expression `target` was made."""
    import re

    from startup import first_frame

    pattern = re.compile(target)
    script = str(Path(sys.executable).with_name("claimsort"))
    moment, code = first_frame(
        script,
        ["claimsort", *argv],
        lambda text: pattern.search(text) is not None,
        120,
        claimsort=True,
    )
    if code not in (None, 0):
        print(f"claimsort {' '.join(argv)} exited with {code}", file=sys.stderr)
        return 1
    if moment is None:
        print(f"{target!r} never appeared", file=sys.stderr)
        return 1
    os.write(1, f"{MARKER} {moment!r}\n".encode())
    return 0


# -- generating the data -------------------------------------------------------------------


def write_packs(folder: Path, count: int, claims: int, prefix: str) -> list[Path]:
    """`count` valid pack files of `claims` claims each (bench/check.py's generator)."""
    from check import generated_pack

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        text = generated_pack(claims, seed=100 + n).replace(
            'id = "bench"', f'id = "{prefix}-{n:02}"', 1
        )
        path = folder / f"{prefix}-{n:02}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def history(store: Any, packs: list[Any], paths: list[Path], answers: int, seed: int) -> None:
    """One player's `answers` answers over three years, recorded in bulk."""
    import random
    from datetime import UTC, datetime, timedelta

    from game.progress import PlayedRound
    from game.round import Answer

    rng = random.Random(seed)
    at = datetime(2022, 9, 1, 8, 0, tzinfo=UTC)
    rounds = max(1, answers // ROUND)
    # Spread over three years, whatever the count: a round every so many minutes.
    step = timedelta(days=3 * 365) / rounds
    batch: list[PlayedRound] = []
    for n in range(rounds):
        number = rng.randrange(len(packs))
        pack = packs[number]
        skill = 0.55 + 0.3 * n / rounds
        started = at + step * n
        given: list[Answer] = []
        for k, claim in enumerate(rng.sample(pack.claims, min(ROUND, len(pack.claims)))):
            if len(given) + n * ROUND >= answers:
                break
            right = rng.random() < skill
            others = [c.id for c in pack.categories if c.id != claim.answer]
            given.append(
                Answer(
                    claim=claim,
                    chosen=claim.answer if right else rng.choice(others),
                    correct=claim.answer,
                    hinted=rng.random() < 0.08,
                    seconds=round(rng.uniform(3, 40), 2),
                    at=started + timedelta(seconds=15 * (k + 1)),
                )
            )
        batch.append(PlayedRound("ana", pack, started, given, path=paths[number]))
        if len(batch) == 2_000:
            assert store.record_rounds(batch) is not None, store.warning
            batch = []
    if batch:
        assert store.record_rounds(batch) is not None, store.warning


def make_home(folder: Path, name: str, packs: list[Path]) -> Path:
    """A ClaimSort home holding the packs (as the user's own) and an empty store."""
    home = folder / name
    (home / "packs").mkdir(parents=True)
    for path in packs:
        (home / "packs" / path.name).write_bytes(path.read_bytes())
    return home


def loaded(paths: list[Path]) -> list[Any]:
    from game.loader import load_pack

    return [load_pack(path) for path in paths]


def lean_pack(folder: Path, claims: int, pack_id: str) -> Path:
    """A valid pack of `claims` short claims over one source (5,000, the most a pack may
    hold, take about 1 MB)."""
    categories = ("fact", "assertion", "disputed")
    text = "\n".join(f"Item {n} was recorded by the council." for n in range(claims))
    parts = [
        f'format = 1\n\n[pack]\nid = "{pack_id}"\ntitle = "Many claims"\nlanguage = "en"\n\n'
        '[[sources]]\nid = "s"\ntitle = "The register"\npublisher = "The Council"\n'
        f'text = """\n{text}\n"""\n'
    ]
    for n in range(claims):
        parts.append(
            f'\n[[claims]]\nid = "c{n}"\ntext = "Item {n} was recorded."\n'
            f'answer = "{categories[n % 3]}"\nquote = "Item {n} was recorded"\n'
            'said_by = "The Council"\nexplanation = "In the register."\n'
        )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pack_id}.toml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


# -- measuring ------------------------------------------------------------------------------


def shown_after(home: Path, target: str, *argv: str) -> float:
    """Seconds from spawning `claimsort ARGV` in `home` to its first frame matching
    `target`."""
    import subprocess

    env = {**os.environ, "CLAIMSORT_HOME": str(home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args = [sys.executable, str(Path(__file__).resolve()), "--child", target, *argv]
    start = time.monotonic()
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    for line in done.stdout.splitlines():
        if line.startswith(MARKER + " "):
            return float(line.split()[1]) - start
    raise SystemExit(f"claimsort {' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")


def process(home: Path, *argv: str, code: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one `claimsort ARGV` in `home`;
    with `code`, of the ClaimSort in that checkout (another version, to compare)."""
    import subprocess

    env = {**os.environ, "CLAIMSORT_HOME": str(home)}
    if code is not None:  # found before the installed (editable) checkout
        env["PYTHONPATH"] = str(code)
    script = str(Path(sys.executable).with_name("claimsort"))
    start = time.monotonic()
    child = subprocess.Popen(
        [script, *argv], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        message = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"claimsort {' '.join(argv)} failed:\n{message}")
    if child.stderr:
        child.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def interleaved(runs: dict[str, Any], repeats: int) -> dict[str, list[Any]]:
    """Each run `repeats` times, taking turns (A B A B ...): noise hits every run alike."""
    results: dict[str, list[Any]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            results[name].append(run())
    return results


async def reader_latency(pack: Any, repeats: int) -> list[float]:
    """Seconds from the `r` key to the first frame showing the line the first claim's
    quote starts on (the line the reader opens at)."""
    import asyncio

    from startup import first_words, watch_frames
    from textual import events

    from tui.app import ClaimSortApp
    from tui.screens.reader import ReaderScreen

    times: list[float] = []
    for _ in range(repeats):
        shown = asyncio.Event()
        at: list[float] = []

        def on_frame(app: Any, text: str, at: list[float] = at, shown: Any = shown) -> None:
            screen = app.screen
            if at or not isinstance(screen, ReaderScreen) or screen.quote_line is None:
                return
            line = screen.lines[screen.quote_line]
            if first_words(str(line), 24) in text:
                at.append(time.monotonic())
                shown.set()

        app = ClaimSortApp([], start=pack)
        with watch_frames(on_frame):
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await asyncio.sleep(0.1)  # idle, as a player reading the claim
                driver = app._driver
                assert driver is not None
                sent = time.monotonic()
                # Handed to the app as a terminal's input thread hands it a key.
                driver.send_message(events.Key("r", "r"))
                await asyncio.wait_for(shown.wait(), 120)
                times.append(at[0] - sent)
                app.exit()
    return times


def big_article_pack(folder: Path) -> Path:
    """A valid pack whose one source is a 4.8 MB text file, its claim quoting near the end."""
    import random

    from check import article, quote_from, toml_string

    rng = random.Random(3)
    pieces, size = [], 0
    while size < 4_800_000:
        piece = article(rng, 40)
        pieces.append(piece)
        size += len(piece.encode()) + 2
    text = "\n\n".join(pieces)
    (folder / "big-article.txt").write_text(text, encoding="utf-8")
    quote = quote_from(rng, text, len(text) - 20_000)
    pack = folder / "big-article.toml"
    pack.write_text(
        'format = 1\n\n[pack]\nid = "big-article"\ntitle = "A very long article"\n'
        'language = "en"\n\n[[sources]]\nid = "s"\ntitle = "The whole report"\n'
        'publisher = "The Example Gazette"\ntext_file = "big-article.txt"\n\n'
        '[[claims]]\nid = "deep"\ntext = "A claim from near the end of the report."\n'
        f'answer = "fact"\nquote = {toml_string(quote)}\nsaid_by = "The Gazette"\n'
        'explanation = "Reported in the paper\'s own voice."\n',
        encoding="utf-8",
    )
    return pack


# -- the run ---------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def main() -> int:
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        return child(sys.argv[2], *sys.argv[3:])

    import argparse
    import asyncio
    import tempfile

    from _report import Row, outcome, print_targets

    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    rows: list[Row] = []

    from game.progress import ProgressStore
    from game.review import review_queue

    with tempfile.TemporaryDirectory(prefix="claimsort-scale-") as name:
        folder = Path(name)
        print("generating: packs, then the stores through ProgressStore.record_rounds", flush=True)
        pack_files = write_packs(folder / "packs", PACKS, CLAIMS_PER_PACK, "year")
        packs = loaded(pack_files)
        homes: dict[int, Path] = {}
        for size in SIZES:
            home = make_home(folder, f"home-{size}", pack_files)
            paths = [home / "packs" / path.name for path in pack_files]
            started = time.monotonic()
            with ProgressStore.open(home / "progress.db") as store:
                if size:
                    history(store, packs, paths, size, seed=size)
            mb = (home / "progress.db").stat().st_size / 1e6
            took = time.monotonic() - started
            print(f"  {size:>9,} answers: {took:5.1f} s, {mb:6.1f} MB", flush=True)
            homes[size] = home
        one_round = make_home(folder, "home-one-round", pack_files)
        with ProgressStore.open(one_round / "progress.db") as store:
            paths = [one_round / "packs" / path.name for path in pack_files]
            history(store, packs, paths, ROUND, seed=7)
        # Every home's pack cache is warm, as after the first start.
        for home in [*homes.values(), one_round]:
            shown_after(home, r"Review: (\d+ due|nothing due)", "--player", "ana")

        # -- start-up ----------------------------------------------------------------
        big = homes[SIZES[-1]]
        print(f"start-up: home screen to its review count, {repeats} runs each", flush=True)
        count = r"Review: (\d+ due|nothing due)"
        start = interleaved(
            {
                "none": lambda: shown_after(homes[0], count, "--player", "ana"),
                "big": lambda: shown_after(big, count, "--player", "ana"),
            },
            repeats,
        )
        none_s, big_s = median(start["none"]), median(start["big"])
        rows.append(
            (
                "home start-up, 1M answers vs none",
                f"{big_s * 1e3:.0f} ms vs {none_s * 1e3:.0f} ms: {big_s / none_s:.2f}x",
                f"<= {START_RATIO}x",
                big_s / none_s <= START_RATIO,
            )
        )
        print(f"start-up: play --review to the review round, {repeats} runs each", flush=True)
        round_shown = r"Review · "
        review = interleaved(
            {
                "one": lambda: shown_after(one_round, round_shown, *REVIEW),
                "big": lambda: shown_after(big, round_shown, *REVIEW),
            },
            repeats,
        )
        one_s, big_s = median(review["one"]), median(review["big"])
        rows.append(
            (
                "play --review, 1M answers vs 20",
                f"{big_s * 1e3:.0f} ms vs {one_s * 1e3:.0f} ms: {big_s / one_s:.2f}x",
                f"<= {START_RATIO}x",
                big_s / one_s <= START_RATIO,
            )
        )

        # SQLite's quick check reads every page; the game runs it CHECK_DELAY seconds after
        # opening a file this large (`recovery.CHECK_AT_OPEN_BYTES`), not before its first
        # frame: reported on its own, as what start-up no longer waits for.
        from game.progress.recovery import CHECK_AT_OPEN_BYTES, check_sound

        check = median([timed(lambda: check_sound(big / "progress.db")) for _ in range(3)])
        deferred = (big / "progress.db").stat().st_size > CHECK_AT_OPEN_BYTES
        rows.append(
            (
                "  quick check of the 1M file",
                f"{check * 1e3:.0f} ms, "
                + ("run after start-up, not before it" if deferred else "run before start-up"),
                "(reported)",
                None,
            )
        )

        # -- stats and export --------------------------------------------------------
        measured = [size for size in SIZES if size]
        for command in ("stats", "export"):
            reps = max(1, repeats // 2)
            print(f"{command}: {reps} runs at each size, interleaved", flush=True)
            runs = {}
            for size in measured:
                out = ["-o", str(folder / "x.csv")] if command == "export" else []
                argv = [command, "--player", "ana", *out]
                runs[str(size)] = lambda home=homes[size], argv=argv: process(home, *argv)
            results = interleaved(runs, reps)
            times = {int(k): median([t for t, _m in v]) for k, v in results.items()}
            peaks = {int(k): max(m for _t, m in v) for k, v in results.items()}
            for size in measured:
                print(f"  {size:>9,} answers: {times[size]:6.2f} s, peak {peaks[size]:6.1f} MB")
            growth = times[1_000_000] / times[100_000]
            memory = peaks[1_000_000] / peaks[10_000]
            rows.append(
                (
                    f"{command} time, 100k -> 1M answers",
                    f"{times[100_000]:.2f} s -> {times[1_000_000]:.2f} s: {growth:.2f}x",
                    f"<= {GROWTH:.0f}x",
                    growth <= GROWTH,
                )
            )
            rows.append(
                (
                    f"{command} peak memory, 1M vs 10k",
                    f"{peaks[1_000_000]:.0f} MB vs {peaks[10_000]:.0f} MB: {memory:.2f}x",
                    f"<= {MEMORY_RATIO}x",
                    memory <= MEMORY_RATIO,
                )
            )

        # -- review ------------------------------------------------------------------
        print(
            f"review: the queue with 500 and 5,000 claims missed, {QUEUE_REPEATS} runs each",
            flush=True,
        )
        wide_file = lean_pack(folder / "wide", 5_000, "wide")
        [wide] = loaded([wide_file])
        queue_stores = {}
        for missed in (500, 5_000):
            store = ProgressStore.open(folder / f"review-{missed}.db")
            record_misses(store, wide, missed, wide_file)
            queue_stores[missed] = store
        queue = interleaved(
            {
                str(missed): lambda s=store: cpu_timed(lambda: review_queue(s, [wide], "ana"))
                for missed, store in queue_stores.items()
            },
            QUEUE_REPEATS,
        )
        for store in queue_stores.values():
            store.close()
        few, many = median(queue["500"]), median(queue["5000"])
        rows.append(
            (
                "review queue, 500 -> 5,000 missed",
                f"{few * 1e3:.1f} ms -> {many * 1e3:.1f} ms: {many / few:.2f}x",
                f"<= {GROWTH:.0f}x",
                many / few <= GROWTH,
            )
        )
        print("review: claimsort stats, 20,000 claims missed in 4 packs", flush=True)
        huge_home = folder / "home-huge"
        huge_files = [lean_pack(huge_home / "packs", 5_000, f"huge-{n}") for n in range(4)]
        with ProgressStore.open(huge_home / "progress.db") as store:
            for pack, path in zip(loaded(huge_files), huge_files, strict=True):
                record_misses(store, pack, 5_000, path)
        seconds, peak = process(huge_home, "stats", "--player", "ana")
        rows.append(
            (
                "stats, 20,000 claims all missed",
                f"{seconds:.2f} s, peak {peak:.0f} MB (was 113 s)",
                "(reported)",
                None,
            )
        )

        # -- the reader --------------------------------------------------------------
        print(f"reader: r to the quote shown, {repeats} runs each", flush=True)
        from game.loader import load_pack

        seed = load_pack(ROOT / "questions" / "bukele-white-house.toml")
        big_pack = load_pack(big_article_pack(folder))
        megabytes = len(big_pack.sources[0].text or "") / 1e6
        reader: dict[str, list[float]] = {"seed": [], "big": []}
        for _ in range(repeats):
            reader["seed"] += asyncio.run(reader_latency(seed, 1))
            reader["big"] += asyncio.run(reader_latency(big_pack, 1))
        small_s, big_s = median(reader["seed"]), median(reader["big"])
        rows.append(
            (
                f"reader, {megabytes:.1f} MB article vs seed",
                f"{big_s * 1e3:.0f} ms vs {small_s * 1e3:.0f} ms: {big_s / small_s:.2f}x",
                f"<= {READER_RATIO:.0f}x",
                big_s / small_s <= READER_RATIO,
            )
        )

    print()
    failures = print_targets(rows, 36, 46, heading=True)
    return outcome(failures, args.strict)


def timed(run: Any) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def cpu_timed(run: Any) -> float:
    """The CPU time this thread spent in `run()`: for work done in this process alone,
    a measure that the other programs of a shared machine do not stretch as they do
    the wall clock."""
    start = time.thread_time()
    run()
    return time.thread_time() - start


def record_misses(store: Any, pack: Any, count: int, path: Path) -> None:
    """One wrong answer to each of the pack's first `count` claims, a day ago."""
    from datetime import UTC, datetime, timedelta

    from game.progress import PlayedRound
    from game.round import Answer

    at = datetime.now(UTC) - timedelta(days=1)
    answers = []
    for claim in pack.claims[:count]:
        wrong = next(c.id for c in pack.categories if c.id != claim.answer)
        answers.append(
            Answer(claim=claim, chosen=wrong, correct=claim.answer, hinted=False, seconds=5, at=at)
        )
    rounds = [
        PlayedRound("ana", pack, at, answers[n : n + ROUND], path=path)
        for n in range(0, len(answers), ROUND)
    ]
    assert store.record_rounds(rounds) == count, store.warning


if __name__ == "__main__":
    sys.exit(main())
