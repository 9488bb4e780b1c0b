"""The teachers' guide stays true: its worked example and the starter pack pass `check`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.format import Category, Claim, PackInfo, Source
from game.loader import load_pack
from game.paths import builtin_packs_dir
from game.text import normalise

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "writing-packs.md"
START = "<!-- worked-example:start -->"
END = "<!-- worked-example:end -->"


def worked_example() -> str:
    """The one ```toml block between the worked-example markers of the guide."""
    guide = GUIDE.read_text(encoding="utf-8")
    assert guide.count(START) == 1, f"{GUIDE.name} needs exactly one {START}"
    assert guide.count(END) == 1, f"{GUIDE.name} needs exactly one {END}"
    block = guide.split(START, 1)[1].split(END, 1)[0]
    match = re.fullmatch(r"\s*```toml\n(.*?)```\s*", block, re.DOTALL)
    assert match, "the worked example must be a single ```toml fenced block"
    return match.group(1)


CHECK_START = "<!-- check-example:start -->"
CHECK_END = "<!-- check-example:end -->"


def check_example() -> tuple[str, str, str]:
    """The guide's broken pack, the command it shows and that command's output."""
    guide = GUIDE.read_text(encoding="utf-8")
    assert guide.count(CHECK_START) == 1 and guide.count(CHECK_END) == 1
    block = guide.split(CHECK_START, 1)[1].split(CHECK_END, 1)[0]
    match = re.fullmatch(
        r"\s*```toml\n(.*?)```\s*```console\n\$ (.*?)\n(.*?)```\s*", block, re.DOTALL
    )
    assert match, "the check example is a ```toml block, then a ```console block"
    return match.group(1), match.group(2), match.group(3)


def claimsort(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMSORT_HOME": str(cwd / "home")}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_worked_example_passes_check(tmp_path: Path) -> None:
    pack_file = tmp_path / "example.toml"
    pack_file.write_text(worked_example(), encoding="utf-8")

    result = claimsort("check", "--strict", "example.toml", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "1 pack is valid\n"
    assert result.stderr == ""


def test_the_check_example_prints_what_the_guide_shows(tmp_path: Path) -> None:
    pack, command, output = check_example()
    program, *args = command.split()
    assert program == "claimsort"
    (tmp_path / args[-1]).write_text(pack, encoding="utf-8")

    result = claimsort(*args, cwd=tmp_path)

    assert result.stdout == output
    assert result.returncode == 1
    assert result.stderr == ""


def test_every_command_the_guide_names_exists() -> None:
    from cli.main import build_parser

    guide = GUIDE.read_text(encoding="utf-8")
    named = set(re.findall(r"`claimsort ([a-z]+)", guide))
    parser = build_parser()
    for command in sorted(named):
        assert parser.parse_known_args([command, "x.toml", "-o", "y"])[0].command == command


def test_the_worked_example_comes_from_the_seed_article(tmp_path: Path) -> None:
    pack_file = tmp_path / "example.toml"
    pack_file.write_text(worked_example(), encoding="utf-8")
    example = load_pack(pack_file)
    article = load_pack(builtin_packs_dir() / "bukele-white-house.toml").sources[0].text
    assert article is not None

    (source,) = example.sources
    assert source.text is not None
    assert normalise(source.text) in normalise(article)
    # It shows the attribution pair: the reported boast is a fact, the boast an assertion.
    assert {claim.answer for claim in example.claims} >= {"fact", "assertion"}
    assert all(claim.hint for claim in example.claims if claim.difficulty == 3)


def test_the_starter_pack_from_new_passes_check(tmp_path: Path) -> None:
    created = claimsort("new", "starter.toml", cwd=tmp_path)
    assert created.returncode == 0, created.stdout + created.stderr
    assert (tmp_path / "starter.toml").is_file()

    result = claimsort("check", "--strict", "starter.toml", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "1 pack is valid\n"


@pytest.mark.parametrize("model", [PackInfo, Source, Claim, Category], ids=lambda m: m.__name__)
def test_the_guide_describes_every_field(model: type) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    missing = [name for name in model.model_fields if f"| `{name}` |" not in guide]
    assert missing == [], f"{GUIDE.name} has no table row for {model.__name__} fields {missing}"
