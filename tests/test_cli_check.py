"""`claimsort check`, `new` and `schema`, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from game.paths import data_home

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
text = "El Salvador had become, in his words, the safest country in Latin America."

[[claims]]
id = "safest"
text = "El Salvador is the safest country in Latin America."
answer = "assertion"
quote = "in his words, the safest country"
said_by = "President Nayib Bukele, quoted by EFE"
explanation = "'In his words' marks the claim as Bukele's own."
"""

# Two problems: an unknown key on line 5 and an unknown answer on line 17.
BROKEN = VALID.replace('title = "Demo pack"', 'titel = "Demo pack"').replace(
    'answer = "assertion"', 'answer = "fakt"'
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    (tmp_path / "good.toml").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad.toml").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def test_check_valid_pack_exits_0_with_a_summary(
    packs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "check", str(packs / "good.toml"))
    assert code == 0
    assert out == "1 pack is valid\n"


def test_check_invalid_pack_prints_path_line_col_and_exits_1(
    packs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = packs / "bad.toml"
    code, out, _err = run(capsys, "check", str(bad))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f'{bad}:3:1: error: [pack] is missing "title" — add title = …'
    assert lines[1] == f'{bad}:5:1: error: unknown key "titel" — did you mean "title"?'
    assert lines[2].startswith(f'{bad}:17:1: error: answer "fakt" is not a category of this pack')
    assert lines[2].endswith('— the categories are fact, assertion, disputed; did you mean "fact"?')
    assert lines[3] == "3 errors in 1 of 1 pack"
    assert len(lines) == 4


def test_check_several_files_exits_1_when_any_is_invalid(
    packs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "check", str(packs / "good.toml"), str(packs / "bad.toml"))
    assert code == 1
    assert out.splitlines()[-1] == "3 errors in 1 of 2 packs"


def test_check_folder_checks_every_pack_in_it(
    packs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (packs / "sub").mkdir()
    (packs / "sub" / "more.toml").write_text(VALID, encoding="utf-8")
    (packs / ".hidden").mkdir()
    (packs / ".hidden" / "junk.toml").write_text("not toml", encoding="utf-8")
    (packs / "notes.txt").write_text("not a pack", encoding="utf-8")
    code, out, _err = run(capsys, "check", str(packs))
    assert code == 1
    assert str(packs / "bad.toml") in out
    assert "junk" not in out
    assert out.splitlines()[-1] == "3 errors in 1 of 3 packs"


def test_check_folder_of_valid_packs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.toml").write_text(VALID, encoding="utf-8")
    code, out, _err = run(capsys, "check", str(tmp_path))
    assert code == 0
    assert out == "all 2 packs are valid\n"


def test_check_empty_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert f"{tmp_path}:1:1: error: no .toml pack files in this folder" in out


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "check", str(tmp_path / "nope.toml"))
    assert code == 1
    assert (
        out.splitlines()[0] == f"{tmp_path / 'nope.toml'}:1:1: error: no such file — check the path"
    )


def test_check_json_lists_every_problem(packs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = str(packs / "bad.toml")
    code, out, _err = run(capsys, "check", "--format", "json", bad, str(packs / "good.toml"))
    assert code == 1
    problems = json.loads(out)
    assert [set(p) for p in problems] == [
        {"path", "line", "column", "message", "hint", "severity"}
    ] * 3
    assert problems[1] == {
        "path": bad,
        "line": 5,
        "column": 1,
        "message": 'unknown key "titel"',
        "hint": 'did you mean "title"?',
        "severity": "error",
    }
    assert [p["line"] for p in problems] == [3, 5, 17]


def test_check_json_of_valid_packs_is_an_empty_list(
    packs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "check", "--format", "json", str(packs / "good.toml"))
    assert code == 0
    assert json.loads(out) == []


def test_check_output_never_carries_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "evil.toml"
    pack.write_text(
        VALID.replace('language = "en"', 'language = "en"\n"\\u001b[31mred" = 1'),
        encoding="utf-8",
    )
    code, out, _err = run(capsys, "check", str(pack))
    assert code == 1
    assert "\x1b" not in out
    assert f"{pack}:7:1: error: unknown key" in out


@pytest.mark.parametrize(
    "argv",
    [["check"], ["check", "--format", "xml", "x.toml"], ["nonsense"], ["new"], ["--bogus"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "usage: claimsort" in capsys.readouterr().err


def test_check_exit_codes_from_the_installed_command(packs: Path) -> None:
    claimsort = Path(sys.executable).parent / "claimsort"
    for args, code in [
        ([str(packs / "good.toml")], 0),
        ([str(packs / "bad.toml")], 1),
        ([], 2),
    ]:
        result = subprocess.run(
            [str(claimsort), "check", *args], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stdout + result.stderr


def test_new_writes_a_pack_that_passes_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine.toml"
    code, out, _err = run(capsys, "new", str(target))
    assert code == 0
    assert f"Wrote {target}" in out
    text = target.read_text(encoding="utf-8")
    # Every optional field is shown with a comment.
    for key in ("description", "authors", "level", "license", "published", "url", "hint"):
        assert any(line.startswith(f"{key} =") and "#" in line for line in text.splitlines())
    code, out, _err = run(capsys, "check", str(target))
    assert code == 0, out
    assert out == "1 pack is valid\n"


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("my precious work", encoding="utf-8")
    code, _out, err = run(capsys, "new", str(target))
    assert code == 1
    assert "already exists" in err
    assert target.read_text(encoding="utf-8") == "my precious work"


def test_new_into_a_missing_folder_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "new", str(tmp_path / "no" / "such" / "x.toml"))
    assert code == 1
    assert "cannot write" in err


def test_schema_is_json_schema_with_descriptions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert "$schema" in schema
    assert schema["type"] == "object"
    assert {"format", "pack", "sources", "claims"} <= set(schema["properties"])
    assert schema["properties"]["claims"]["description"].startswith("The claims to sort")
    assert schema["required"] == ["format", "pack", "sources", "claims"]
    definitions = schema.get("$defs") or schema.get("definitions")
    claim = definitions["Claim"]
    assert claim["additionalProperties"] is False
    assert all("description" in field for field in claim["properties"].values())
    assert claim["properties"]["text"]["maxLength"] == 500


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    from game import __version__

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"claimsort {__version__}\n"
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "check" in out and "schema" in out and "new" in out


def test_check_summary_of_a_folder_with_no_packs(
    packs: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path_factory.mktemp("empty")
    code, out, _err = run(capsys, "check", str(empty))
    assert code == 1
    assert out.splitlines()[-1] == "1 error: 1 folder has no packs"
    code, out, _err = run(capsys, "check", str(packs / "good.toml"), str(empty))
    assert code == 1
    assert out.splitlines()[-1] == "1 error: 1 folder has no packs; 1 pack is valid"
    code, out, _err = run(capsys, "check", str(packs / "bad.toml"), str(empty), str(empty))
    assert code == 1
    assert out.splitlines()[-1] == "5 errors in 1 of 1 pack; 2 folders have no packs"


EVIL_NAME = "b\x1b]0;pwned\x07y.toml"


def test_check_shows_a_file_name_escaped_and_json_keeps_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / EVIL_NAME).write_text("format = 1\n", encoding="utf-8")
    code, out, _err = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[0].startswith(f"{tmp_path}/b\\x1b]0;pwned\\x07y.toml:1:1: error: ")
    code, out, _err = run(capsys, "check", "--format", "json", str(tmp_path))
    assert "\x1b" not in out  # JSON escapes it
    assert {p["path"] for p in json.loads(out)} == {str(tmp_path / EVIL_NAME)}


def test_new_shows_a_file_name_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a\x1b[2Jb.toml"
    code, out, _err = run(capsys, "new", str(target))
    assert code == 0
    assert target.is_file()
    assert "\x1b" not in out
    assert out.startswith(f"Wrote {tmp_path}/a\\x1b[2Jb.toml. ")
    code, _out, err = run(capsys, "new", str(target))
    assert code == 1
    assert "\x1b" not in err
    assert "a\\x1b[2Jb.toml already exists" in err


def test_help_says_where_progress_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert f"Progress is kept in {tmp_path / 'home'}\n(set by $CLAIMSORT_HOME)" in out
    monkeypatch.delenv("CLAIMSORT_HOME")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert f"Progress is kept in {data_home()}\n" in out  # the platform's data folder
    assert "(set $CLAIMSORT_HOME to use another folder)" in out
