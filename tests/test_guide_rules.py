"""`claimsort check` warns about the guide's rules for a good pack; `--strict` fails on them.

Each pack here is written as a new teacher would write one, with one slip at a time,
and each test reads the exact line the teacher sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from game.guide_rules import claims_needed_per_category

ARTICLE = (
    "Mayor Lina Ortiz said the new bridge would open in May. "
    "She boasted that it was the longest bridge in the region. "
    "Records show the city spent 40 million dollars on it. "
    "Critics questioned whether the bridge was safe. "
    "Residents alleged that the contractor cut corners."
)

HEAD = f"""\
format = 1

[pack]
id = "bridge"
title = "The new bridge"
language = "en"

[[sources]]
id = "gazette"
title = "Bridge to open in May"
publisher = "Riverside Gazette"
text = "{ARTICLE}"
"""


def claim(
    ident: str,
    answer: str,
    quote: str,
    explanation: str,
    *,
    difficulty: int = 2,
    hint: str | None = None,
) -> str:
    lines = [
        "",
        "[[claims]]",
        f'id = "{ident}"',
        f'text = "Claim {ident}."',
        f'answer = "{answer}"',
        f'quote = "{quote}"',
        'said_by = "The Riverside Gazette"',
        f'explanation = "{explanation}"',
        f"difficulty = {difficulty}",
    ]
    if hint is not None:
        lines.append(f'hint = "{hint}"')
    return "\n".join(lines) + "\n"


# Six good claims, two of each category, never more than two alike in a row.
SAID = claim("said", "fact", "Mayor Lina Ortiz said", "The Gazette reports that she said it.")
OPENS = claim(
    "opens", "assertion", "the new bridge would open in May", "It is what the mayor said."
)
UNSAFE = claim(
    "unsafe", "disputed", "Critics questioned", "Critics questioned it: it is contested."
)
SPENT = claim("spent", "fact", "Records show", "Records show the figure.")
LONGEST = claim(
    "longest", "assertion", "She boasted", "She boasted it; the Gazette does not check it."
)
CORNERS = claim("corners", "disputed", "Residents alleged", "Residents alleged it.")
GOOD = [SAID, OPENS, UNSAFE, SPENT, LONGEST, CORNERS]


def check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], claims: list[str], *options: str
) -> tuple[int, list[str], Path]:
    path = tmp_path / "bridge.toml"
    path.write_text(HEAD + "".join(claims), encoding="utf-8")
    code = main(["check", *options, str(path)])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out.splitlines(), path


def line_of(path: Path, text: str, after: str = "") -> int:
    """The line number of the first line that starts with `text`, after `after`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(after)) if after else 0
    return next(n for n, line in enumerate(lines) if n >= start and line.startswith(text)) + 1


def test_a_pack_that_follows_the_guide_passes_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _path = check(tmp_path, capsys, GOOD, "--strict")
    assert (code, out) == (0, ["1 pack is valid"])


def test_a_hard_claim_without_a_hint_is_a_warning_and_strict_fails_on_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hard = claim("spent", "fact", "Records show", "Records show the figure.", difficulty=3)
    claims = [SAID, OPENS, UNSAFE, hard, LONGEST, CORNERS]

    code, out, path = check(tmp_path, capsys, claims)
    at = line_of(path, "difficulty = 3")
    assert out == [
        f"{path}:{at}:1: warning: claim 4 has difficulty 3 but no hint — add hint = "
        '"…": a question that points at the cue without naming the answer',
        "1 pack is valid, with 1 warning: it plays, but breaks rules of the guide "
        "(--strict fails on them)",
    ]
    assert code == 0

    code, out, _path = check(tmp_path, capsys, claims, "--strict")
    assert code == 1
    assert out[-1] == "1 warning in 1 of 1 pack (--strict fails on warnings)"


def test_a_hint_that_names_the_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hinted = claim(
        "unsafe",
        "disputed",
        "Critics questioned",
        "Critics questioned it.",
        hint="Is the safety of the bridge disputed?",
    )
    code, out, path = check(tmp_path, capsys, [SAID, OPENS, hinted, SPENT, LONGEST, CORNERS])
    assert out[0] == (
        f"{path}:{line_of(path, 'hint =')}:1: warning: the hint of claim 3 names its answer, "
        '"disputed" — ask about the cue instead (“Who says this? Does anyone contest it?”)'
    )
    assert code == 0


def test_a_hint_that_names_the_answer_by_its_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hinted = claim(
        "opens",
        "assertion",
        "the new bridge would open in May",
        "It is what the mayor said.",
        hint="Think: is this an official assertion?",
    )
    _code, out, _path = check(tmp_path, capsys, [SAID, hinted, UNSAFE, SPENT, LONGEST, CORNERS])
    assert 'names its answer, "official assertion"' in out[0]


def test_an_explanation_that_names_no_cue_of_its_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vague = claim("longest", "assertion", "She boasted", "The mayor is not a neutral source.")
    _code, out, path = check(tmp_path, capsys, [SAID, OPENS, UNSAFE, SPENT, vague, CORNERS])
    at = line_of(path, "explanation", after='id = "longest"')
    assert out[0] == (
        f"{path}:{at}:1: warning: the explanation of claim 5 names none of the cue words in "
        'its quote ("boast") — say which word tells the student who stands behind the claim'
    )


def test_an_explanation_may_name_the_cue_in_another_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "boast" in the explanation names the cue "boasted" of the quote.
    other_form = claim(
        "longest", "assertion", "She boasted", "It is a “boast”, which nobody checks."
    )
    code, out, _path = check(
        tmp_path, capsys, [SAID, OPENS, UNSAFE, SPENT, other_form, CORNERS], "--strict"
    )
    assert (code, out) == (0, ["1 pack is valid"])


def test_four_claims_with_one_answer_in_a_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The teacher wrote the claims in the article's order: both facts, then the rest.
    also_said = claim("also-said", "fact", "Mayor Lina Ortiz said", "She said it: reported.")
    also_spent = claim("also-spent", "fact", "Records show", "Records show the figure.")
    claims = [SAID, SPENT, also_said, also_spent, OPENS, LONGEST, UNSAFE, CORNERS]
    code, out, path = check(tmp_path, capsys, claims, "--strict")
    fourth = line_of(path, 'id = "also-spent"') - 1  # its [[claims]] line: the 4th in a row
    assert out[0] == (
        f"{path}:{fourth}:1: warning: claims 1 "
        'to 4 all have answer "fact": claims play in file order unless shuffled, so a '
        "student can answer by the run — move some of them between claims with other "
        "answers (at most 3 in a row)"
    )
    assert code == 1


def test_a_category_with_too_few_claims_for_the_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Twelve claims, and only one of them disputed: a pack of 12 needs 2 of each.
    more = [
        claim(f"said-{n}", "fact", "Mayor Lina Ortiz said", "She said it.") for n in range(3)
    ] + [claim(f"opens-{n}", "assertion", "She boasted", "She boasted it.") for n in range(3)]
    claims = [SAID, OPENS, more[0], more[3], UNSAFE, SPENT, LONGEST]
    claims += [more[1], more[4], more[2], more[5], SPENT.replace('"spent"', '"spent-2"')]
    code, out, path = check(tmp_path, capsys, claims)
    assert out[0] == (
        f"{path}:{line_of(path, '[[claims]]')}:1: warning: only 1 of the 12 claims has answer "
        '"disputed"; a pack of 12 claims needs at least 2 in each category — write 1 more '
        '"disputed" claim from the article, or fewer of the others'
    )
    assert code == 0


@pytest.mark.parametrize(
    ("claims", "needed"),
    [(5, 0), (6, 1), (11, 1), (12, 2), (17, 2), (18, 3), (24, 4), (60, 4)],
)
def test_claims_needed_per_category_with_three_categories(claims: int, needed: int) -> None:
    assert claims_needed_per_category(claims, 3) == needed


def test_warnings_wait_for_the_errors_to_be_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hard = claim("spent", "fact", "Records show", "Records show the figure.", difficulty=3)
    broken = LONGEST.replace('answer = "assertion"', 'answer = "asertion"')
    code, out, _path = check(tmp_path, capsys, [SAID, OPENS, UNSAFE, hard, broken, CORNERS])
    assert code == 1
    assert [line.split(": ")[1] for line in out[:-1]] == ["error"]
    assert out[-1] == "1 error in 1 of 1 pack"


def test_json_gives_each_problem_its_severity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    hard = claim("spent", "fact", "Records show", "Records show the figure.", difficulty=3)
    path = tmp_path / "bridge.toml"
    path.write_text(HEAD + "".join([SAID, OPENS, UNSAFE, hard, LONGEST, CORNERS]), "utf-8")
    code = main(["check", "--format", "json", "--strict", str(path)])
    found = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(p["severity"], p["message"]) for p in found] == [
        ("warning", "claim 4 has difficulty 3 but no hint")
    ]
