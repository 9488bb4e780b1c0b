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
from game.pack import MAX_NESTING
from game.paths import user_packs_dir

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
