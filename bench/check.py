"""How fast `claimsort check` is, next to bare TOML parsing of the same text.

Run:  .venv/bin/python bench/check.py        (add --strict to exit 1 when a target fails)

Generates packs of 50, 500 and 5,000 claims (sources of about 20 claims each, every
quote taken from its source's text), then measures side by side, in one run and
interleaved so noise hits both: `load_pack` (what `check` does per file) and
`tomli.loads` of the same text. Targets:

- check <= 3x bare parsing at 5,000 claims;
- growth from 500 to 5,000 claims no worse than linear (no worse than bare parsing's
  own growth, or 10x, whichever is larger, with 15% slack for noise);
- a hostile pack near the 5 MB cap, one huge source and thousands of quotes spread
  all over it (many near its end), checks in <= 10x its bare parse time;
- and, for information, the whole `claimsort check` process on the largest pack
  against `python -c "import pydantic, tomli"`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import tomli
from _report import Row, outcome, print_targets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.loader import load_pack  # noqa: E402
from game.pack import MAX_PACK_BYTES  # noqa: E402

# -- realistic, varied text ------------------------------------------------------------

SUBJECTS = [
    "The president",
    "The minister of security",
    "A spokesperson for the ministry",
    "Human rights groups",
    "The opposition leader",
    "Officials in the capital",
    "The mayor of the port city",
    "A Bloomberg analysis",
    "Court records",
    "The attorney general",
    "Lawyers for the detainees",
    "The central bank",
    "Local journalists",
    "A United Nations report",
    "The prison's director",
    "Residents of the district",
    "Two senators",
    "The foreign ministry",
]
VERBS = [
    "said",
    "declared",
    "boasted",
    "confirmed",
    "reported",
    "questioned",
    "denied",
    "announced",
    "alleged",
    "estimated",
    "acknowledged",
    "insisted",
    "warned",
    "claimed",
    "noted",
    "argued",
]
OBJECTS = [
    "that the agreement had been signed under a law from 1798",
    "that the country had become the safest in the region",
    "that {n} men had been transferred to the new prison",
    "that the deportations followed every legal procedure",
    "that most of the deported men had no criminal record",
    "that the budget for the prison rose to {n} million dollars",
    "that the visit was the first of its kind in {n} years",
    "that the homicide rate fell by {n} percent last year",
    "that the court order arrived after the flights had left",
    "that conditions inside the facility met international standards",
    "that relatives had not been told where the men were held",
    "that the government would appeal the ruling",
    "that the figures could not be checked independently",
    "that {n} families had filed complaints with the ombudsman",
    "that the state of emergency had been extended for the {n}th time",
]
TAILS = [
    "in a statement on {day}",
    "according to officials",
    "in his words",
    "speaking to reporters",
    "without offering evidence",
    "citing internal documents",
    "in a televised address",
    "during a press conference",
    "in a written reply",
    "after months of delays",
    "as critics looked on",
    "on {day} evening",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ANSWERS = ["fact", "assertion", "disputed"]


def sentence(rng: random.Random) -> str:
    obj = rng.choice(OBJECTS).format(n=rng.randint(2, 480))
    tail = rng.choice(TAILS).format(day=rng.choice(DAYS))
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj}, {tail}."
    # Typography a pasted article has: curly quotes and dashes, now and then.
    if rng.random() < 0.2:
        text = text.replace("that ", "that “", 1)[:-1] + "”."
    if rng.random() < 0.15:
        text = text.replace(", ", " — ", 1)
    return text


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def article(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(paragraph(rng, rng.randint(3, 6)) for _ in range(paragraphs))


def quote_from(rng: random.Random, text: str, near: int) -> str:
    """Words of `text` around offset `near`, written with straight quotes and dashes
    (the loader must normalise them back)."""
    start = text.rfind(" ", 0, max(near, 1)) + 1
    words = text[start:].split()[: rng.randint(6, 14)]
    quote = " ".join(words)
    return quote.replace("“", '"').replace("”", '"').replace("—", "-")


def toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def claim_toml(rng: random.Random, n: int, source: str, quote: str) -> str:
    return (
        "[[claims]]\n"
        f'id = "claim-{n}"\n'
        f"text = {toml_string(paragraph(rng, 1)[:480])}\n"
        f'answer = "{rng.choice(ANSWERS)}"\n'
        f'source = "{source}"\n'
        f"quote = {toml_string(quote)}\n"
        f"said_by = {toml_string(rng.choice(SUBJECTS) + ', reported by the paper')}\n"
        f"explanation = {toml_string(paragraph(rng, 2))}\n"
        f"hint = {toml_string('Who stands behind it: the paper, or someone it quotes?')}\n"
        f"difficulty = {rng.randint(1, 3)}\n"
        f'tags = ["attribution", "numbers"]\n\n'
    )


HEADER = (
    "format = 1\n\n[pack]\n"
    'id = "bench"\ntitle = "Benchmark pack"\nlanguage = "en"\n'
    'description = "Generated for bench/check.py."\nauthors = ["bench"]\n\n'
)


def generated_pack(claims: int, seed: int = 1) -> str:
    """`claims` claims over sources of about 20 claims each."""
    rng = random.Random(seed)
    parts = [HEADER]
    sources = max(1, round(claims / 20))
    texts = []
    for s in range(sources):
        text = article(rng, 8)
        texts.append(text)
        parts.append(
            f'[[sources]]\nid = "source-{s}"\ntitle = {toml_string(sentence(rng))}\n'
            f'publisher = "The Example Gazette"\npublished = 2025-04-17\n'
            f'url = "https://example.org/news/{s}"\n'
            f"text = '''\n{text}\n'''\n\n"
        )
    for n in range(claims):
        s = n * sources // claims
        text = texts[s]
        parts.append(
            claim_toml(rng, n, f"source-{s}", quote_from(rng, text, rng.randrange(len(text))))
        )
    return "".join(parts)


def hostile_pack(target_bytes: int = MAX_PACK_BYTES - 200_000, claims: int = 3000) -> str:
    """One huge source and thousands of quotes spread all over it, a third of them in
    its last 2%: a per-quote scan of the whole text would be quadratic in effect."""
    rng = random.Random(7)
    claim_parts = []
    # The text first, sized so that text + claims land just under the cap.
    body_budget = target_bytes - claims * 900
    chunks = []
    size = 0
    while size < body_budget:
        chunk = paragraph(rng, 5) + "\n\n"
        chunks.append(chunk)
        size += len(chunk.encode())
    text = "".join(chunks).rstrip()
    for n in range(claims):
        if n % 3 == 0:
            near = len(text) - 1 - rng.randrange(len(text) // 50)
        else:
            near = rng.randrange(len(text))
        claim_parts.append(claim_toml(rng, n, "huge", quote_from(rng, text, near)))
    source = (
        '[[sources]]\nid = "huge"\ntitle = "A very long article"\n'
        f"publisher = \"The Example Gazette\"\ntext = '''\n{text}\n'''\n\n"
    )
    return HEADER + source + "".join(claim_parts)


# -- measuring -------------------------------------------------------------------------


def side_by_side(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Median seconds of each, measured alternately."""
    a, b = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        first()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        second()
        b.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def process_times(pack: Path, repeats: int) -> tuple[float, float]:
    claimsort = [sys.executable, "-m", "cli", "check", str(pack)]
    baseline = [sys.executable, "-c", "import pydantic, tomli"]

    def run(args: list[str]) -> Callable[[], object]:
        def go() -> None:
            result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
            if args is claimsort and result.returncode != 0:
                raise SystemExit(f"claimsort check failed:\n{result.stdout}{result.stderr}")

        return go

    return side_by_side(run(claimsort), run(baseline), repeats)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--repeats", type=int, default=7, help="repetitions per size (median)")
    args = parser.parse_args()

    results: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="claimsort-bench-") as folder:
        folder_path = Path(folder)
        print(f"{'pack':>22} {'bytes':>10} {'check ms':>10} {'parse ms':>10} {'ratio':>7}")
        largest = None
        for claims in (50, 500, 5000):
            text = generated_pack(claims)
            path = folder_path / f"pack-{claims}.toml"
            path.write_text(text, encoding="utf-8")
            load_pack(path)  # valid, and warm
            check, parse = side_by_side(
                lambda p=path: load_pack(p), lambda t=text: tomli.loads(t), args.repeats
            )
            results[claims] = (check, parse)
            size = len(text.encode())
            label = f"{claims} claims"
            print(
                f"{label:>22} {size:>10,} {check * 1e3:>10.1f} {parse * 1e3:>10.1f} "
                f"{check / parse:>6.2f}x"
            )
            largest = path

        hostile_text = hostile_pack()
        hostile_path = folder_path / "hostile.toml"
        hostile_path.write_text(hostile_text, encoding="utf-8")
        assert len(hostile_text.encode()) <= MAX_PACK_BYTES
        load_pack(hostile_path)
        h_check, h_parse = side_by_side(
            lambda: load_pack(hostile_path),
            lambda: tomli.loads(hostile_text),
            max(3, args.repeats // 2),
        )
        label = "hostile (1 source)"
        print(
            f"{label:>22} {len(hostile_text.encode()):>10,} {h_check * 1e3:>10.1f} "
            f"{h_parse * 1e3:>10.1f} {h_check / h_parse:>6.2f}x"
        )

        assert largest is not None
        p_check, p_base = process_times(largest, max(3, args.repeats // 2))

    print()
    check_5k, parse_5k = results[5000]
    ratio = check_5k / parse_5k
    growth = results[5000][0] / results[500][0]
    parse_growth = results[5000][1] / results[500][1]
    linear = max(10.0, parse_growth) * 1.15
    hostile_ratio = h_check / h_parse
    rows: list[Row] = [
        ("check / parse at 5,000 claims", f"{ratio:.2f}x", "<= 3x", ratio <= 3),
        (
            "growth 500 -> 5,000 claims",
            f"{growth:.2f}x (parse {parse_growth:.2f}x)",
            f"<= {linear:.1f}x",
            growth <= linear,
        ),
        ("hostile check / parse", f"{hostile_ratio:.2f}x", "<= 10x", hostile_ratio <= 10),
    ]
    failures = print_targets(rows, 32, 28)
    print(
        f"{'process: claimsort check 5,000':<32} {p_check * 1e3:.0f} ms vs "
        f'{p_base * 1e3:.0f} ms for python -c "import pydantic, tomli" '
        f"({p_check / p_base:.2f}x; {(p_check - p_base) * 1e3:.0f} ms more)"
    )
    return outcome(failures, args.strict)


if __name__ == "__main__":
    sys.exit(main())
