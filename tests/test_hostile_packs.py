"""Hostile packs cost bounded work and give a clear message: nesting and key paths
refused before parsing, caps on sources, claims and listed problems, bounded hints.

Speed and memory are measured in bench/hostile.py; these tests assert what a user
sees for each shape, at sizes small enough for the test suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from game.catalog import find_catalog
from game.loader import PackError, Problem, load_pack
from game.pack import MAX_CLAIMS, MAX_NESTING, MAX_SOURCES, MAX_STATEMENTS
from game.paths import user_packs_dir
from game.problems import MAX_PROBLEMS

HEADER = """\
format = 1

[pack]
id = "demo"
title = "Demo pack"
language = "en"
"""
# 1 format / 3 [pack] / 4 id / 5 title / 6 language

SOURCE = """
[[sources]]
id = "efe"
title = "Bukele at the White House"
publisher = "EFE"
text = "El Salvador had become, in his words, the safest country in Latin America."
"""

CLAIM = """
[[claims]]
id = "safest"
text = "El Salvador is the safest country in Latin America."
answer = "assertion"
quote = "in his words, the safest country"
said_by = "President Nayib Bukele, quoted by EFE"
explanation = "'In his words' marks the claim as Bukele's own."
"""

VALID = HEADER + SOURCE + CLAIM
VALID_LINES = VALID.count("\n")


def write(folder: Path, text: str, name: str = "pack.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(PackError) as caught:
        load_pack(path)
    return caught.value.problems


def only_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


def must_not_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("tomli was given a file the pre-scan should refuse")

    monkeypatch.setattr(tomli, "loads", refuse)


NESTING_MESSAGE = f"keys, lists and tables are nested more than {MAX_NESTING} levels deep here"
NESTING_HINT = (
    'a pack needs only a few levels, as in [[claims]] with tags = ["a", "b"]; '
    "remove the extra brackets, braces or dotted parts"
)


# -- nesting and key paths, refused before parsing -------------------------------------


def top_level(line: str) -> str:
    """VALID with `line` as its line 2, outside any table."""
    return VALID.replace("format = 1\n", f"format = 1\n{line}\n", 1)


def test_inline_tables_330_deep_give_a_nesting_problem_not_a_crash(tmp_path: Path) -> None:
    # Issue 9: 330 levels passed tomli and crashed the key-position scanner.
    problem = only_problem(write(tmp_path, top_level("x = " + "{a = " * 330 + "1" + "}" * 330)))
    # `x` is level 1 and each `a` one more: the 16th `a`, at 5 * 16 + 1, is level 17.
    assert (problem.line, problem.column) == (2, 5 * MAX_NESTING + 1)
    assert problem.message == NESTING_MESSAGE
    assert problem.hint == NESTING_HINT


def test_a_deeply_nested_pack_in_the_users_folder_is_listed_with_its_problem() -> None:
    folder = user_packs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    write(folder, VALID.replace('id = "demo"', 'id = "fine"'), "fine.toml")
    write(folder, top_level("x = " + "{a = " * 330 + "1" + "}" * 330), "nested.toml")
    entries = {entry.path.name: entry for entry in find_catalog() if entry.origin == "your packs"}
    assert entries["fine.toml"].pack is not None
    assert entries["nested.toml"].pack is None
    assert entries["nested.toml"].problems[0].message == NESTING_MESSAGE


@pytest.mark.parametrize(
    ("value", "column"),
    [
        # The 16th bracket opens level 17.
        ("[" * 400 + "]" * 400, len("x = ") + MAX_NESTING),
        # Each "{a = [" is two levels: the 8th `a` is level 17.
        ("[" + "{a = [" * 200 + "]}" * 200 + "]", len("x = [") + 6 * 7 + 2),
    ],
    ids=["arrays", "arrays-and-tables"],
)
def test_nesting_is_refused_before_tomli_sees_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, column: int
) -> None:
    path = write(tmp_path, top_level(f"x = {value}"))
    must_not_parse(monkeypatch)
    problem = only_problem(path)
    assert (problem.line, problem.column) == (2, column)
    assert problem.message == NESTING_MESSAGE


def test_nesting_at_the_limit_is_parsed_and_checked(tmp_path: Path) -> None:
    line = "x = " + "{a = " * (MAX_NESTING - 1) + "1" + "}" * (MAX_NESTING - 1)
    problem = only_problem(write(tmp_path, top_level(line)))
    assert problem.line == 2
    assert problem.message == 'unknown key "x"'


def test_200_lines_of_990_part_dotted_keys_are_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 9: 398 KB of these took 7.5 s and 893 MB inside tomli.
    lines = "\n".join(f"k{n}" + ".a" * 989 + " = 1" for n in range(200))
    path = write(tmp_path, top_level(lines))
    must_not_parse(monkeypatch)
    problem = only_problem(path)
    # The 17th part of the first key: "k0" and fifteen ".a" come before it.
    assert (problem.line, problem.column) == (2, len("k0") + 15 * 2 + 2)
    assert problem.message == NESTING_MESSAGE


def test_a_dotted_table_header_counts_its_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, VALID + "\n[" + ".".join(["t"] * 40) + "]\n")
    must_not_parse(monkeypatch)
    problem = only_problem(path)
    assert (problem.line, problem.column) == (VALID_LINES + 2, 2 * (MAX_NESTING + 1))
    assert problem.message == NESTING_MESSAGE


def test_a_key_counts_the_names_of_its_table_header(tmp_path: Path) -> None:
    # [a.b.c] is three levels deep, so the 14th part of a key below it is level 17.
    key = ".".join(["k"] * (MAX_NESTING - 2)) + " = 1"
    problem = only_problem(write(tmp_path, VALID + "\n[a.b.c]\n" + key + "\n"))
    assert (problem.line, problem.column) == (VALID_LINES + 3, 2 * (MAX_NESTING - 3) + 1)
    assert problem.message == NESTING_MESSAGE


def test_brackets_in_strings_and_comments_are_not_nesting(tmp_path: Path) -> None:
    deep = "[{" * 50
    text = VALID.replace(
        'title = "Demo pack"',
        f'title = "Demo {deep}"  # {deep}\n'
        f'description = """\n{deep} \\""" {deep}\n"""\n'
        f"level = '{deep}'",
    )
    pack = load_pack(write(tmp_path, text))
    assert pack.info.title == f"Demo {deep}"
    assert pack.info.description == f'{deep} """ {deep}\n'


def test_a_shallow_pack_with_inline_tables_and_dotted_keys_loads(tmp_path: Path) -> None:
    text = (
        "format = 1\n"
        'pack = { id = "demo", title = "Demo pack", language = "en", authors = ["A", "B"] }\n'
        "sources = [\n"
        '  { id = "efe", title = "T", publisher = "EFE", text = "in his words, the safest" },\n'
        "]\n"
        "[[claims]]\n"
        'id = "safest"\ntext = "T."\nanswer = "assertion"\n'
        'quote = "in his words"\nsaid_by = "EFE"\nexplanation = "E."\n'
        'tags = [ "attribution",\n  # a comment\n  "numbers" ]\n'
        "[claims.extra]\n"
    )
    problem = only_problem(write(tmp_path, text))
    assert problem.message == 'unknown key "extra"'


# -- caps on sources, claims and listed problems ---------------------------------------


def test_4_mb_of_headers_is_refused_before_tomli_sees_it_with_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = "".join(f"[t{n}]\n" for n in range(500_000))
    path = write(tmp_path, VALID + headers)
    must_not_parse(monkeypatch)
    problem = only_problem(path)
    first_past = VALID.count("\n") + 1 + MAX_STATEMENTS - statements_in(VALID)
    assert (problem.path, problem.line, problem.column) == (str(path), first_past, 1)
    assert "more than 88,000 keys and table headers" in problem.message
    assert problem.hint == (
        "a pack holds at most 5,000 claims and 500 sources; "
        "split it into several packs and remove keys it does not use"
    )


def statements_in(text: str) -> int:
    """Keys and headers of a pack whose strings are all one-line and hold no "="."""
    return sum(1 for line in text.splitlines() if line.strip()[:1] not in ("", "#"))


def claims(count: int, extra: str = "") -> str:
    return "".join(
        f'\n[[claims]]\nid = "c{n}"\ntext = "T."\nanswer = "fact"\n{extra.format(n=n)}'
        'quote = "in his words"\nsaid_by = "EFE"\nexplanation = "E."\n'
        for n in range(count)
    )


def sources(count: int) -> str:
    return "".join(
        f'\n[[sources]]\nid = "source-{n}"\ntitle = "T"\npublisher = "P"\ntext = "in his words"\n'
        for n in range(count)
    )


def line_of_header(text: str, header: str, occurrence: int) -> int:
    numbers = [n for n, line in enumerate(text.splitlines(), 1) if line == header]
    return numbers[occurrence - 1]


def test_more_claims_than_the_cap_are_refused_at_the_first_one_past_it(tmp_path: Path) -> None:
    text = HEADER + SOURCE + claims(MAX_CLAIMS + 1)
    problem = only_problem(write(tmp_path, text))
    assert problem.line == line_of_header(text, "[[claims]]", MAX_CLAIMS + 1)
    assert problem.message == (
        f"the pack has {MAX_CLAIMS + 1:,} [[claims]] tables; a pack may have at most {MAX_CLAIMS:,}"
    )
    assert problem.hint == "split it into several packs"


def test_claims_up_to_the_cap_load(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, HEADER + SOURCE + claims(MAX_CLAIMS)))
    assert len(pack.claims) == MAX_CLAIMS


def test_more_sources_than_the_cap_are_refused_at_the_first_one_past_it(tmp_path: Path) -> None:
    text = HEADER + sources(MAX_SOURCES + 1) + claims(1, 'source = "source-0"\n')
    problem = only_problem(write(tmp_path, text))
    assert problem.line == line_of_header(text, "[[sources]]", MAX_SOURCES + 1)
    assert problem.message == (
        f"the pack has {MAX_SOURCES + 1:,} [[sources]] tables; "
        f"a pack may have at most {MAX_SOURCES:,}"
    )


def test_problems_past_the_cap_are_counted_not_listed(tmp_path: Path) -> None:
    text = HEADER + SOURCE + claims(MAX_PROBLEMS + 100).replace('"fact"', '"fakt"')
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, text))
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    answers = [n for n, line in enumerate(text.splitlines(), 1) if line == 'answer = "fakt"']
    assert [p.line for p in problems[:-1]] == answers[:MAX_PROBLEMS]
    last = problems[-1]
    assert last.line == answers[MAX_PROBLEMS]
    assert last.message == (
        f"and 100 more problems from here on (only the first {MAX_PROBLEMS} of a file are listed)"
    )
    assert last.hint == "fix these, then check again"
    assert caught.value.count == MAX_PROBLEMS + 100


def test_check_counts_every_problem_in_its_summary_not_only_those_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    text = HEADER + SOURCE + claims(MAX_PROBLEMS + 100).replace('"fact"', '"fakt"')
    path = write(tmp_path, text)
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2  # the listed ones, "and 100 more", the summary
    assert lines[-1] == f"{MAX_PROBLEMS + 100} errors in 1 of 1 pack"


def test_one_problem_past_the_cap_is_worded_in_the_singular(tmp_path: Path) -> None:
    text = HEADER + SOURCE + claims(MAX_PROBLEMS + 1).replace('"fact"', '"fakt"')
    problems = problems_of(write(tmp_path, text))
    assert problems[-1].message.startswith("and 1 more problem from here on")


# -- hints that stay short -------------------------------------------------------------


def test_a_claim_without_a_source_names_ten_of_many_sources(tmp_path: Path) -> None:
    text = HEADER + sources(40) + claims(1)
    problem = only_problem(write(tmp_path, text))
    assert problem.message == 'claim has no "source", and the pack has several sources'
    first_ten = ", ".join(f"source-{n}" for n in range(10))
    assert problem.hint == f"add source = one of {first_ten} and 30 more"


def test_did_you_mean_finds_a_near_miss_among_many_sources(tmp_path: Path) -> None:
    text = HEADER + sources(300) + claims(3).replace('id = "c1"', 'id = "c1"\nsource = "sorce-12"')
    text = text.replace('id = "c0"', 'id = "c0"\nsource = "source-12x"')
    text = text.replace('id = "c2"', 'id = "c2"\nsource = "nothing-like-it"')
    problems = problems_of(write(tmp_path, text))
    assert [p.hint for p in problems] == [
        'did you mean "source-12"?',
        'did you mean "source-12"?',
        "use one of: " + ", ".join(f"source-{n}" for n in range(10)) + " and 290 more",
    ]


# -- the limits, as documented ---------------------------------------------------------


def test_the_guide_and_the_readme_state_every_limit() -> None:
    from game.folders import MAX_FOLDER_DEPTH
    from game.pack import MAX_PACK_BYTES

    root = Path(__file__).resolve().parent.parent
    guide = (root / "docs" / "writing-packs.md").read_text(encoding="utf-8")
    limits = guide.split("### Limits", 1)[1].split("\n## ", 1)[0]
    for row in [
        f"| a pack file | 5 MB ({MAX_PACK_BYTES:,} bytes) |",
        f"| sources in a pack | {MAX_SOURCES:,} |",
        f"| claims in a pack | {MAX_CLAIMS:,} |",
        f"| {MAX_NESTING} levels (",
        f"| the first {MAX_PROBLEMS}, then",
        f"| {MAX_FOLDER_DEPTH} levels down |",
    ]:
        assert row in limits, row
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    assert (
        f"at most {MAX_SOURCES:,} sources, {MAX_CLAIMS:,} claims and {MAX_STATEMENTS:,} keys "
        f"and table headers, nested at most {MAX_NESTING} levels deep"
    ) in readme
    assert f"lists the first {MAX_PROBLEMS} problems" in readme
    assert f"at most {MAX_FOLDER_DEPTH} levels down" in readme
