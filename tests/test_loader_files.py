"""load_pack on files that are broken before validation: syntax, encoding, size, kind.

Every one of them must give a PackError with a place and a message, never another
exception.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import tomli

from game.loader import PackError, Problem, load_pack
from game.pack import MAX_NESTING, MAX_PACK_BYTES

VALID = """\
format = 1

[pack]
id = "demo"
title = "Demo pack"
language = "en"

[[sources]]
id = "efe"
title = "Bukele at the White House"
publisher = "EFE"

[[claims]]
id = "safest"
text = "El Salvador is the safest country in Latin America."
answer = "assertion"
quote = "the safest country in Latin America"
said_by = "President Nayib Bukele, quoted by EFE"
explanation = "'In his words' marks the claim as Bukele's own."
"""


def only_problem(path: Path) -> Problem:
    with pytest.raises(PackError) as caught:
        load_pack(path)
    problems = caught.value.problems
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    assert problems[0].path == str(path)
    return problems[0]


def write(tmp_path: Path, data: str | bytes) -> Path:
    path = tmp_path / "pack.toml"
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_the_valid_pack_loads(tmp_path: Path) -> None:
    assert load_pack(write(tmp_path, VALID)).id == "demo"


def test_syntax_error_uses_tomlis_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace('publisher = "EFE"', 'publisher = "EFE" extra'))
    with pytest.raises(tomli.TOMLDecodeError) as expected:
        tomli.loads(path.read_text())
    problem = only_problem(path)
    assert (problem.line, problem.column) == (expected.value.lineno, expected.value.colno)
    assert (problem.line, problem.column) == (11, 19)
    assert problem.message.startswith("TOML syntax: ")
    assert "(at line" not in problem.message


def test_unclosed_string_is_a_syntax_error_with_a_fix(tmp_path: Path) -> None:
    problem = only_problem(
        write(tmp_path, VALID.replace('answer = "assertion"', 'answer = "assertion'))
    )
    # Placed where the string begins (tomli stops at the end of the line).
    assert (problem.line, problem.column) == (16, 10)
    assert problem.message == (
        'TOML syntax: the text that starts here with " does not end on this line'
    )
    assert problem.hint.startswith('close it with " at the end of the text, on the same line')


def test_duplicate_key_is_a_syntax_error(tmp_path: Path) -> None:
    problem = only_problem(
        write(tmp_path, VALID.replace('language = "en"', 'language = "en"\nid = "x"'))
    )
    assert problem.line == 7
    assert problem.message.startswith("TOML syntax: ")
    assert problem.hint.startswith("each key may appear once per table;")


def test_raw_control_character_is_a_syntax_error(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, VALID.replace("Demo pack", "Demo\x07pack")))
    assert (problem.line, problem.column) == (5, 14)
    assert "\x07" not in problem.message
    assert problem.hint.startswith("remove the invisible character;")


def test_invalid_utf8_gives_line_and_column(tmp_path: Path) -> None:
    data = VALID.encode().replace(b"Demo pack", b"D\xc3\xa9mo \xff pack")
    problem = only_problem(write(tmp_path, data))
    # Line 5 is `title = "Démo \xff pack"`: the bad byte is the 15th character.
    assert (problem.line, problem.column) == (5, 15)
    assert problem.message == "invalid UTF-8 (byte 0xFF)"
    assert problem.hint == "save the file as UTF-8"


def test_latin1_file_is_invalid_utf8(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, VALID.replace("Demo", "Démo").encode("latin-1")))
    assert (problem.line, problem.column) == (5, 11)
    assert problem.message == "invalid UTF-8 (byte 0xE9)"


def test_bom_is_refused(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, b"\xef\xbb\xbf" + VALID.encode()))
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message == "the file starts with a byte order mark (BOM)"
    assert problem.hint == "save it as UTF-8 without BOM"


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n"])
def test_empty_file_is_refused(tmp_path: Path, data: bytes) -> None:
    problem = only_problem(write(tmp_path, data))
    assert problem.line == 1
    assert problem.message == "the file is empty"
    assert problem.hint == "start from `claimsort new FILE`"


def test_comments_only_file_reports_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(write(tmp_path, "# nothing yet\n"))
    assert [p.message for p in caught.value.problems] == [
        'missing "format"',
        "the pack file has no [pack] table",
        "the pack file has no [[sources]] table",
        "the pack file has no [[claims]] table",
    ]


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "pack.toml"
    folder.mkdir()
    problem = only_problem(folder)
    assert problem.message == "is a folder, not a pack file"


def test_missing_file_is_refused(tmp_path: Path) -> None:
    problem = only_problem(tmp_path / "nope.toml")
    assert problem.message == "no such file"
    assert problem.hint == "check the path"


def test_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "pack.toml"
    link.symlink_to(tmp_path / "gone.toml")
    assert only_problem(link).message == "no such file"


def test_unreadable_path_under_a_file_is_refused(tmp_path: Path) -> None:
    # Running as root ignores permissions; a path whose parent is a file can never be read.
    parent = write(tmp_path, VALID)
    problem = only_problem(parent / "pack.toml")
    assert problem.message.startswith("cannot read the file: ")
    assert "not a directory" in problem.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without permission")
def test_file_without_read_permission_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    path.chmod(0)
    try:
        problem = only_problem(path)
    finally:
        path.chmod(0o600)
    assert problem.message == "permission denied"


def test_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pack.toml"
    os.mkfifo(fifo)
    assert only_problem(fifo).message == "is not a regular file"


def test_oversized_file_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def must_not_parse(text: str) -> None:
        raise AssertionError("a file over the cap was parsed")

    monkeypatch.setattr(tomli, "loads", must_not_parse)
    path = write(tmp_path, VALID + "# " + "x" * MAX_PACK_BYTES + "\n")
    problem = only_problem(path)
    assert problem.line == 1
    assert problem.message.startswith(f"the file is {path.stat().st_size:,} bytes")
    assert "a pack may be at most 5,242,880 bytes" in problem.message
    assert problem.hint == "split it into several packs"


def test_file_of_exactly_the_cap_is_parsed(tmp_path: Path) -> None:
    padding = MAX_PACK_BYTES - len(VALID.encode()) - 3
    path = write(tmp_path, VALID + "# " + "x" * padding + "\n")
    assert path.stat().st_size == MAX_PACK_BYTES
    assert load_pack(path).id == "demo"


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 1000 + "]" * 1000,
        "x = " + "{a = " * 1000 + "1" + "}" * 1000,
        "x = [" + "{a = [" * 500 + "]}" * 500 + "]",
    ],
    ids=["arrays", "inline-tables", "mixed"],
)
def test_1000_levels_of_nesting_give_a_pack_error(tmp_path: Path, text: str) -> None:
    problem = only_problem(write(tmp_path, text))
    assert problem.line == 1
    assert problem.message == (
        f"keys, lists and tables are nested more than {MAX_NESTING} levels deep here"
    )


def test_5000_digit_integer_gives_a_pack_error(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, VALID.replace("format = 1", "format = " + "9" * 5000)))
    assert problem.line == 1
    assert problem.message.startswith("TOML value cannot be read")
    assert problem.hint == "use smaller numbers"
