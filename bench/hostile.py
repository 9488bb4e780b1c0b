"""What hostile packs cost `claimsort check`, next to bare TOML parsing of a valid pack.

Run:  .venv/bin/python bench/hostile.py       (add --strict to exit 1 when a target fails)

Writes each hostile shape of issue 9 into a temporary folder and runs `claimsort check`
on it in a process of its own: wall time, peak memory (the process's maximum resident
set), bytes of output, exit status and whether a traceback appeared. Side by side, in
the same run and interleaved so that noise hits both, a process that only reads a
valid 5 MB pack and gives it to `tomli.loads`. The shapes:

- 200 lines of 990-part dotted keys (398 KB);
- 1,000 sources and 20,000 claims naming no source (2.1 MB);
- the same, each claim naming a missing source;
- 20,000 two-word quotes missing from a 4.9 MB text file;
- inline tables nested 330 deep (1.3 KB);
- a pack folder 1,000 levels deep;
- and, since the caps on sources and claims refuse the three shapes above that
  exceed them, the same three just inside the caps (500 sources, 5,000 claims);
- 5 MB of nothing but small table headers, and 5 MB of nothing but keys (refused by
  the cap on keys and headers before tomli, which took 11-15 s and 900 MB on them);
  `--no-dense` leaves them out.

Targets for every shape: time <= 10x the bare parse, peak memory <= 300 MB, output
<= 1 MB, exit status 1 and no traceback.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _report import Row, outcome, print_targets
from check import generated_pack, paragraph, toml_string

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.loader import load_pack  # noqa: E402
from game.pack import MAX_CLAIMS, MAX_PACK_BYTES, MAX_SOURCES  # noqa: E402

TIME_RATIO = 10.0
PEAK_BYTES = 300 * 1024 * 1024
OUTPUT_BYTES = 1024 * 1024
CPU_SECONDS = 600  # a shape that runs away is stopped, and fails its target

HEADER = 'format = 1\n\n[pack]\nid = "hostile"\ntitle = "Hostile"\nlanguage = "en"\n\n'


# -- the shapes --------------------------------------------------------------------------


def dotted_keys() -> str:
    """200 lines of 990-part dotted keys: quadratic inside tomli."""
    return HEADER + "".join(f"k{n}" + ".a" * 989 + " = 1\n" for n in range(200))


def sources(count: int, text: str | None = None) -> str:
    body = f"text_file = {toml_string(text)}\n" if text else ""
    return "".join(
        f'[[sources]]\nid = "source-{n}"\ntitle = "T"\npublisher = "P"\n{body}\n'
        for n in range(count)
    )


def claims(count: int, extra: Callable[[int], str] = lambda n: "") -> str:
    return "".join(
        f'[[claims]]\nid = "claim-{n}"\ntext = "T."\nanswer = "fact"\n{extra(n)}'
        f'quote = "q"\nsaid_by = "P"\nexplanation = "E."\n\n'
        for n in range(count)
    )


def naming_no_source(source_count: int, claim_count: int) -> str:
    """Every claim's hint listed all the sources, every one of them."""
    return HEADER + sources(source_count) + claims(claim_count)


def naming_missing_sources(source_count: int, claim_count: int) -> str:
    """Every claim compared its missing source with every source id."""
    return HEADER + sources(source_count) + claims(claim_count, lambda n: f'source = "sorce-{n}"\n')


def two_word_quotes(folder: Path, claim_count: int) -> str:
    """Thousands of two-word quotes missing from a 4.9 MB text: a scan of the text each."""
    rng = random.Random(9)
    chunks: list[str] = []
    size = 0
    while size < 4_900_000:
        chunk = paragraph(rng, 5) + "\n\n"
        chunks.append(chunk)
        size += len(chunk.encode())
    (folder / "article.txt").write_text("".join(chunks), encoding="utf-8")
    words = "".join(chunks[:200]).split()
    quotes = [f"{rng.choice(words)} x{n}" for n in range(claim_count)]
    return (
        HEADER
        + sources(1, "article.txt")
        + "".join(
            f'[[claims]]\nid = "claim-{n}"\ntext = "T."\nanswer = "fact"\n'
            f'quote = "{quote}"\nsaid_by = "P"\nexplanation = "E."\n\n'
            for n, quote in enumerate(quotes)
        )
    )


def syntax_error_at_the_end(claim_count: int) -> str:
    """A syntax error after thousands of claims: the lexer that places it and the
    check of every table before it."""
    return HEADER + sources(1, None) + claims(claim_count) + "answer = fact\n"


def near_misses(claim_count: int) -> str:
    """Thousands of long quotes that differ from the text in one word: each costs a
    search for where it parts from it."""
    words = " ".join(f"word{n}" for n in range(2000))
    text = f"text = {toml_string(words)}\n"
    body = "".join(
        f'[[claims]]\nid = "claim-{n}"\ntext = "T."\nanswer = "fact"\n'
        f'quote = "{words[: 40 * (n % 20) + 200]} wordX"\nsaid_by = "P"\nexplanation = "E."\n\n'
        for n in range(claim_count)
    )
    return HEADER + '[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\n' + text + "\n" + body


def nested_tables() -> str:
    """Inline tables 330 deep: the key-position scan ran out of stack."""
    return HEADER + "x = " + "{a = " * 330 + "1" + "}" * 330 + "\n"


def deep_folder(root: Path) -> Path:
    """A pack folder 1,000 levels deep: rglob ran out of stack."""
    folder = root
    folder.mkdir()
    for _ in range(1000):
        folder = folder / "d"
        folder.mkdir()
    (folder / "bottom.toml").write_text(nested_tables(), encoding="utf-8")
    return root


def dense(line: Callable[[int], str]) -> str:
    """A file just under the cap made of one short line after another."""
    lines = [HEADER]
    size = len(HEADER)
    for n in range(MAX_PACK_BYTES):
        text = line(n)
        if size + len(text) > MAX_PACK_BYTES - 1000:
            break
        lines.append(text)
        size += len(text)
    return "".join(lines)


def remove_tree(root: Path) -> None:
    """Remove a tree without recursion (shutil.rmtree recurses once per level)."""
    pending, folders = [root], []
    while pending:
        folder = pending.pop()
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                else:
                    Path(entry.path).unlink()
    for folder in reversed(folders):
        folder.rmdir()


def valid_pack() -> str:
    """A valid pack just under 5 MB: bench/check.py's 5,000 claims, and an article."""
    text = generated_pack(MAX_CLAIMS)
    rng = random.Random(5)
    article = []
    size = len(text.encode())
    while size < MAX_PACK_BYTES - 100_000:
        chunk = paragraph(rng, 5) + "\n\n"
        article.append(chunk)
        size += len(chunk.encode())
    extra = (
        '[[sources]]\nid = "extra"\ntitle = "More"\npublisher = "The Example Gazette"\n'
        f"text = '''\n{''.join(article)}'''\n\n"
    )
    at = text.index("[[claims]]")
    return text[:at] + extra + text[at:]


# -- measuring -----------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak: int
    """Peak resident set, bytes."""
    output: int
    """Bytes on stdout and stderr."""
    status: int
    traceback: bool


def claimsort_command() -> list[str]:
    """`claimsort` as installed: the entry point pyproject.toml names."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, function = scripts["claimsort"].split(":")
    return [
        sys.executable,
        "-c",
        f"import sys; from {module} import {function}; sys.exit({function}())",
    ]


def measure(args: list[str], folder: Path) -> Run:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))

    env = {**os.environ, "CLAIMSORT_HOME": str(folder / "home"), "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=err, preexec_fn=limit
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        printed = out.read() + err.read()
    return Run(
        seconds,
        usage.ru_maxrss * 1024,  # KiB on Linux
        len(printed),
        process.returncode,
        b"Traceback (most recent call last)" in printed,
    )


@dataclass
class Shape:
    name: str
    target: Path
    """The file or folder `claimsort check` is given."""
    has_target: bool = True
    """False for a shape shown for information only."""


def build_shapes(folder: Path, with_dense: bool) -> list[Shape]:
    def pack(name: str, text: str, subfolder: str, has_target: bool = True) -> Shape:
        place = folder / subfolder
        place.mkdir(exist_ok=True)
        path = place / "pack.toml"
        path.write_text(text, encoding="utf-8")
        assert path.stat().st_size <= MAX_PACK_BYTES, name
        return Shape(name, path, has_target)

    quotes_folder = folder / "quotes"
    quotes_folder.mkdir()
    quotes_at_cap = folder / "quotes-at-cap"
    quotes_at_cap.mkdir()
    shapes = [
        pack("990-part dotted keys", dotted_keys(), "dotted"),
        pack("1,000 src, 20,000 no source", naming_no_source(1000, 20_000), "no-source"),
        pack("same, missing sources", naming_missing_sources(1000, 20_000), "missing"),
        pack("20,000 two-word quotes", two_word_quotes(quotes_folder, 20_000), "quotes"),
        pack("inline tables 330 deep", nested_tables(), "nested"),
        pack(
            f"syntax error after {MAX_CLAIMS:,} claims",
            syntax_error_at_the_end(MAX_CLAIMS),
            "syntax",
        ),
        pack(f"{MAX_CLAIMS:,} near-miss quotes", near_misses(MAX_CLAIMS), "near-misses"),
        Shape("folder 1,000 deep", deep_folder(folder / "deep")),
        pack(
            f"{MAX_SOURCES} src, {MAX_CLAIMS:,} no source",
            naming_no_source(MAX_SOURCES, MAX_CLAIMS),
            "no-source-at-cap",
        ),
        pack(
            "same, missing sources",
            naming_missing_sources(MAX_SOURCES, MAX_CLAIMS),
            "missing-at-cap",
        ),
        pack(
            f"{MAX_CLAIMS:,} two-word quotes",
            two_word_quotes(quotes_at_cap, MAX_CLAIMS),
            "quotes-at-cap",
        ),
    ]
    if with_dense:
        shapes += [
            pack("5 MB of [tN] headers", dense(lambda n: f"[t{n}]\n"), "headers"),
            pack("5 MB of unknown keys", dense(lambda n: f"k{n} = 1\n"), "keys"),
        ]
    return shapes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--repeats", type=int, default=3, help="runs per shape (median time)")
    parser.add_argument(
        "--no-dense", action="store_true", help="leave out the two 5 MB dense shapes"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="claimsort-hostile-") as name:
        folder = Path(name)
        valid = folder / "valid.toml"
        valid_text = valid_pack()
        valid.write_text(valid_text, encoding="utf-8")
        load_pack(valid)  # valid, as the baseline must be
        in_process = tomli_loads_seconds(valid_text)
        parse = [sys.executable, "-c", "import sys, tomli; tomli.loads(open(sys.argv[1]).read())"]
        parse.append(str(valid))
        check = claimsort_command()
        shapes = build_shapes(folder, not args.no_dense)

        print(
            f"baseline: a valid pack of {valid.stat().st_size:,} bytes; tomli.loads alone "
            f"takes {in_process * 1e3:.0f} ms in this process\n"
        )
        print(
            f"{'shape':<30} {'bytes':>10} {'check ms':>9} {'parse ms':>9} {'ratio':>7} "
            f"{'peak MB':>8} {'output':>9} {'exit':>5} {'traceback':>9}"
        )
        rows: list[Row] = []
        for shape in shapes:
            checks: list[Run] = []
            parses: list[Run] = []
            for _ in range(args.repeats):
                parses.append(measure(parse, folder))
                checks.append(measure([*check, "check", str(shape.target)], folder))
            seconds = statistics.median(run.seconds for run in checks)
            baseline = statistics.median(run.seconds for run in parses)
            ratio = seconds / baseline
            peak = max(run.peak for run in checks)
            output = max(run.output for run in checks)
            statuses = {run.status for run in checks}
            traceback = any(run.traceback for run in checks)
            size = (
                shape.target.stat().st_size
                + sum(f.stat().st_size for f in shape.target.parent.glob("*.txt"))
                if shape.target.is_file()
                else 0
            )
            print(
                f"{shape.name:<30} {size:>10,} {seconds * 1e3:>9.0f} {baseline * 1e3:>9.0f} "
                f"{ratio:>6.2f}x {peak / 2**20:>8.0f} {output:>9,} "
                f"{'/'.join(map(str, sorted(statuses))):>5} {'yes' if traceback else 'no':>9}"
            )
            ok = (
                ratio <= TIME_RATIO
                and peak <= PEAK_BYTES
                and output <= OUTPUT_BYTES
                and statuses == {1}
                and not traceback
            )
            rows.append(
                (
                    shape.name,
                    f"{ratio:.2f}x, {peak / 2**20:.0f} MB, {output / 1024:.0f} KB, "
                    f"exit {'/'.join(map(str, sorted(statuses)))}",
                    "<=10x <=300MB <=1MB 1" if shape.has_target else "(none)",
                    ok if shape.has_target else None,
                )
            )
        remove_tree(folder / "deep")
    print()
    failures = print_targets(rows, 30, 32, heading=True)
    return outcome(failures, args.strict)


def tomli_loads_seconds(text: str) -> float:
    import tomli

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        tomli.loads(text)
        best = min(best, time.perf_counter() - start)
    return best


if __name__ == "__main__":
    sys.exit(main())
