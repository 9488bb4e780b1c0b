"""`claimsort report` on hostile files: each is one problem line (`path:line: ...` where
there is a line), never a traceback, and the other sources are still read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from report_data import V1_ROW

from cli.main import main
from game.export import COLUMNS_V1, MAX_ROW

GOOD_CSV_ROW = "bea,p,h,c1,fact,fact,1,0,3.5,2025-04-17T09:00:00.000Z,1\r\n"


def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "good.csv"
    path.write_text(",".join(COLUMNS_V1) + "\r\n" + GOOD_CSV_ROW, encoding="utf-8")
    return path


def run_report(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, int, list[str]]:
    """Exit status, answers counted (the per-claim table's n), and the problem lines."""
    code = main(["report", *map(str, paths), "--format", "json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    counted = sum(row["n"] for row in json.loads(captured.out)) if captured.out else 0
    not_found = (
        "claimsort report: pack p not found; claims are shown by id (give it with --packs PATH)"
    )
    return code, counted, [line for line in captured.err.splitlines() if line != not_found]


def test_hostile_json_is_one_line_each_and_the_rest_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = json.dumps(V1_ROW)
    files = {
        "deep.json": "[" * 100_000,
        "row-then-deep.json": "[\n" + row + ",\n" + "[" * 100_000,
        "zeros.json": "[\n" + row.replace('"seconds": 2', '"seconds": 1' + "0" * 400) + "\n]",
        "digits.json": "[\n"
        + row
        + ",\n"
        + row.replace('"session": 1', '"session": ' + "7" * 5000)
        + "\n]",
        "endless.json": "[\n" + row + ",\n" + '"' + "a" * (2 * MAX_ROW),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [tmp_path / name for name in files]
    code, counted, problems = run_report(capsys, *paths, good_csv(tmp_path))
    assert code == 0
    # The good CSV, and the good first row of row-then-deep, digits and endless.
    assert counted == 2  # ana (the same answer in three files, counted once) and bea
    assert problems == [
        f"{paths[0]}:1: not JSON (values nested too deep)",
        f"{paths[1]}:3: not JSON: values nested too deep; read no further",
        f"{paths[2]}:2: seconds is {'1' + '0' * 38}…, not a number of seconds",
        f"{paths[3]}:3: not JSON: a number of more than 4,300 digits; read no further",
        f"{paths[4]}:3: not JSON: an object longer than {MAX_ROW:,} characters; read no further",
    ]


def test_hostile_csv_is_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = ",".join(COLUMNS_V1) + "\r\n"
    digits = tmp_path / "digits.csv"
    digits.write_text(header + GOOD_CSV_ROW.replace(",1\r\n", "," + "7" * 5000 + "\r\n"))
    endless = tmp_path / "endless.csv"
    endless.write_text(header + GOOD_CSV_ROW + "a" * (2 * MAX_ROW), encoding="utf-8")
    endless_header = tmp_path / "endless-header.csv"
    endless_header.write_text("b" * (2 * MAX_ROW), encoding="utf-8")
    code, counted, problems = run_report(capsys, digits, endless, endless_header)
    assert code == 0 and counted == 1  # endless.csv's first row
    too_long = f"a line longer than {MAX_ROW:,} characters: not one an export writes"
    assert problems == [
        f"{digits}:2: session is '{'7' * 38}…, not a whole number",
        f"{endless}:3: {too_long}; read no further",
        f"{endless_header}:1: {too_long}; read no further",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_or_a_device_is_refused_without_waiting(tmp_path: Path) -> None:
    """As a process: before the fix the FIFO blocked the report for ever."""
    fifo = tmp_path / "class.csv"
    os.mkfifo(fifo)
    good = good_csv(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "cli", "report", str(fifo), "/dev/zero", str(good)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CLAIMSORT_HOME": str(tmp_path / "home")},
    )
    refused = "not a regular file (a pipe, a device or a socket); give a database or export"
    assert done.stderr.splitlines()[:2] == [f"{fifo}: {refused}", f"/dev/zero: {refused}"]
    assert done.returncode == 0 and "Read 1 file: 1 student" in done.stdout


def test_rows_the_game_would_never_write_are_one_line_each_and_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seconds past any clock, names the game refuses, and categories that are not the
    pack's: each a problem line, the row left out; the rest makes a report that is valid
    JSON, whose class table has the pack's three categories only."""
    from game.loader import load_pack
    from game.paths import builtin_packs_dir

    pack = load_pack(builtin_packs_dir() / "bukele-white-house.toml")
    claim = pack.claims[0]

    def cells(player: str, chosen: str, seconds: str) -> str:
        right = "1" if chosen == claim.answer else "0"
        at = "2025-04-17T09:00:00.000Z"
        return f"{player},{pack.id},h,{claim.id},{chosen},{claim.answer},{right},0,{seconds},{at},1"

    wrong = next(c.id for c in pack.categories if c.id != claim.answer)
    rows = [
        cells("ana", claim.answer, "3.5"),
        cells("bea", wrong, "4"),
        cells("cal", claim.answer, "1.7e308"),
        cells("d\x00n", claim.answer, "3"),
        cells("e\x1b[2Jve", claim.answer, "3"),
        cells("\u202eflo", claim.answer, "3"),
        cells("'=gus", claim.answer, "3"),  # the guard undone: =gus, a formula
        cells("hal", "Fact!", "3"),
        cells("ivo", "bogus", "3"),  # a category id, not one of the pack's
    ]
    path = tmp_path / "odd.csv"
    path.write_text(",".join(COLUMNS_V1) + "\r\n" + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    code = main(["report", str(path), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0 and "Traceback" not in captured.err
    assert captured.err.splitlines() == [
        f"{path}:4: seconds is 1.7e+308, more than 1,000,000,000",
        f"{path}:5: player is 'd\\x00n': a player name cannot contain control or invisible"
        " characters",
        f"{path}:6: player is 'e\\x1b[2Jve': a player name cannot contain control or"
        " invisible characters",
        f"{path}:7: player is '\\u202eflo': a player name cannot contain control or invisible"
        " characters",
        f"{path}:8: player is '=gus': a player name cannot start with = + - or @",
        f"{path}:9: chosen is 'Fact!', not a category id",
    ]

    def no_constants(name: str) -> object:
        raise AssertionError(f"{name} is not JSON")

    [row] = [r for r in json.loads(captured.out, parse_constant=no_constants) if r["n"]]
    assert row["claim_id"] == claim.id and row["n"] == 2  # ana and bea; ivo set aside
    assert row["chosen"] == {c.id: int(c.id in (claim.answer, wrong)) for c in pack.categories}
    main(["report", str(path)])
    out = capsys.readouterr().out
    assert "1 answer set aside: 1 choosing a category the pack does not have." in out
    assert "bogus" not in out and all(len(line) <= 80 for line in out.splitlines())


def test_a_stored_row_the_game_would_never_write_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from report_data import play_class

    from game.loader import load_pack
    from game.paths import builtin_packs_dir

    db = tmp_path / "class.db"
    play_class(db, load_pack(builtin_packs_dir() / "bukele-white-house.toml"), 2, replay=False)
    with sqlite3.connect(db) as conn:
        [(first,)] = conn.execute("SELECT min(id) FROM answers").fetchall()
        conn.execute("UPDATE answers SET player = 'x\x1b]0;owned\x07' WHERE id = ?", (first,))
    conn.close()
    code = main(["report", str(db), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err.splitlines() == [
        f"{db}: answer {first}: player is 'x\\x1b]0;owned\\x07': a player name cannot contain"
        " control or invisible characters"
    ]
    claims = len(load_pack(builtin_packs_dir() / "bukele-white-house.toml").claims)
    assert sum(r["n"] for r in json.loads(captured.out)) == 2 * claims - 1


def test_a_name_starting_with_an_apostrophe_reads_back_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """export then report: the writer's apostrophe taken off, and only it."""
    from report_data import play_class

    from game.loader import load_pack
    from game.paths import builtin_packs_dir

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    pack = load_pack(builtin_packs_dir() / "bukele-white-house.toml")
    play_class(home / "progress.db", pack, 1, prefix="'=x", replay=False)
    play_class(home / "progress.db", pack, 1, prefix="'o", replay=False, seed=2)
    out = tmp_path / "class.csv"
    assert main(["export", "-o", str(out)]) == 0
    text = out.read_bytes().decode("utf-8")
    assert "\r\n''=x-01," in text and "\r\n''o-01," in text
    capsys.readouterr()
    assert main(["report", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    students = captured.out.split("Students, best score first\n", 1)[1].splitlines()[:2]
    names = {line.split()[0] for line in students}
    assert names == {"'=x-01", "'o-01"}
