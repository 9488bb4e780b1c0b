"""`claimsort report` on a class's 1,000,000 answers, against `claimsort export` of the
same store (both read every answer once), and the report of the same answers exported
as JSON against the report of them as CSV, measured side by side in one run.

Run:  .venv/bin/python bench/report.py      (--quick: 100,000 answers, one repetition;
                                             --once: 1,000,000, one repetition;
                                             --strict: exit 1 when a target fails;
                                             --baseline DIR: also run the report of
                                             the checkout in DIR, to compare)

The store is generated through the real store API (`ProgressStore.record_rounds()`, as
bench/scale.py does) in a temporary ClaimSort home: 200 students, each answering every
claim of one pack of 5,000 claims once (first attempts), right more often the better the
student. Each command runs as a process (`claimsort report --format json -o FILE`,
`claimsort export -o FILE`), interleaved, and is timed with its peak resident memory.

The CSV and JSON files are written once by `claimsort export` of that store; then
`claimsort report FILE --format json -o OUT` reads each, interleaved with the rest.

Targets: the report takes at most 1.5x the time of the export of the same answers, and
at most 2x its peak memory; the report of the JSON export at most 1.5x the time of the
report of the CSV export (both are read as a stream, in time linear in the file).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import outcome, print_targets
from scale import lean_pack, loaded, make_home, process


def generate(home: Path, pack_path: Path, students: int) -> int:
    import random
    from datetime import UTC, datetime, timedelta

    from game.progress import PlayedRound, ProgressStore
    from game.round import Answer

    [pack] = loaded([pack_path])
    rng = random.Random(5)
    at = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)
    count = 0
    with ProgressStore.open(home / "progress.db") as store:
        for s in range(students):
            skill = 0.3 + 0.6 * s / max(1, students - 1)
            given = []
            for k, claim in enumerate(pack.claims):
                right = rng.random() < skill
                others = [c.id for c in pack.categories if c.id != claim.answer]
                given.append(
                    Answer(
                        claim=claim,
                        chosen=claim.answer if right else rng.choice(others),
                        correct=claim.answer,
                        hinted=rng.random() < 0.08,
                        seconds=round(rng.uniform(3, 40), 2),
                        at=at + timedelta(minutes=s, milliseconds=k),
                    )
                )
            played = PlayedRound(f"student-{s:03}", pack, at, given, path=pack_path)
            assert store.record_rounds([played]) is not None, store.warning
            count += len(given)
    return count


def main() -> int:
    quick = "--quick" in sys.argv
    strict = "--strict" in sys.argv
    baseline = None
    if "--baseline" in sys.argv:
        at = sys.argv.index("--baseline") + 1
        if at == len(sys.argv) or not (Path(sys.argv[at]) / "game").is_dir():
            raise SystemExit("--baseline DIR: DIR is a ClaimSort checkout (it holds game/)")
        baseline = Path(sys.argv[at]).resolve()
    students = 20 if quick else 200
    repeats = 1 if quick or "--once" in sys.argv else 3
    with tempfile.TemporaryDirectory(prefix="claimsort-bench-report-") as tmp:
        folder = Path(tmp)
        pack_path = lean_pack(folder / "packs", 5000, "big")
        home = make_home(folder, "home", [pack_path])
        print(f"generating {students} students x 5,000 claims through record_rounds", flush=True)
        answers = generate(home, home / "packs" / pack_path.name, students)
        out = folder / "out"
        exported = {fmt: folder / f"class.{fmt}" for fmt in ("csv", "json")}
        for fmt, path in exported.items():
            process(home, "export", "--format", fmt, "-o", str(path))
        report_argv = ("report", "--format", "json", "-o", str(out))
        runs: dict[str, tuple[tuple[str, ...], Path | None]] = {
            "report": (report_argv, None),
            "export": (("export", "-o", str(out)), None),
            **{
                f"report {fmt}": (("report", str(path), "--format", "json", "-o", str(out)), None)
                for fmt, path in exported.items()
            },
        }
        if baseline is not None:
            runs["baseline"] = (report_argv, baseline)
        measured: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(repeats):
            for name, (argv, code) in runs.items():
                measured[name].append(process(home, *argv, code=code))
    seconds = {name: statistics.median(s for s, _m in runs) for name, runs in measured.items()}
    memory = {name: max(m for _s, m in runs) for name, runs in measured.items()}
    print(f"\n{answers:,} answers, {students} students, median of {repeats}\n")
    for name in runs:
        shown = "report (baseline)" if name == "baseline" else name
        if name.startswith("report "):
            shown = f"report of the {name[7:].upper()}"
        print(f"  claimsort {shown:<20} {seconds[name]:7.2f} s   peak {memory[name]:7.1f} MB")
    if baseline is not None:
        print(f"\n  baseline: the report of the checkout in {baseline}")
    time_ratio = seconds["report"] / seconds["export"]
    memory_ratio = memory["report"] / memory["export"]
    json_ratio = seconds["report json"] / seconds["report csv"]
    print()
    failures = print_targets(
        [
            ("report time / export time", f"{time_ratio:.2f}x", "<= 1.5x", time_ratio <= 1.5),
            ("report memory / export memory", f"{memory_ratio:.2f}x", "<= 2x", memory_ratio <= 2),
            ("report of JSON / of CSV, time", f"{json_ratio:.2f}x", "<= 1.5x", json_ratio <= 1.5),
        ],
        32,
        10,
        heading=True,
    )
    if baseline is not None:
        print_targets(
            [
                (
                    "report time / baseline's",
                    f"{seconds['report'] / seconds['baseline']:.2f}x",
                    "",
                    None,
                ),
                (
                    "report memory / baseline's",
                    f"{memory['report'] / memory['baseline']:.2f}x",
                    "",
                    None,
                ),
            ],
            32,
            10,
        )
    return outcome(failures, strict)


if __name__ == "__main__":
    raise SystemExit(main())
