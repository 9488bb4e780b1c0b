"""`claimsort export`: every recorded answer as CSV or JSON, for a teacher to collect."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from progress_files import write_without_tables

from cli.main import main
from game.export import COLUMNS, render
from game.progress import AnswerRecord, ProgressStore

T0 = datetime(2025, 4, 17, 9, 30, 15, 123456, tzinfo=UTC)


class _Claim:
    def __init__(self, claim_id: str) -> None:
        self.id = claim_id


class _Pack:
    def __init__(self, pack_id: str) -> None:
        self.id = pack_id
        self.digest = "h-" + pack_id


class _Answer:
    def __init__(self, claim: str, chosen: str, correct: str, at: datetime, hinted: bool) -> None:
        self.claim = _Claim(claim)
        self.chosen, self.correct, self.at, self.hinted = chosen, correct, at, hinted
        # Ben says how sure he was; the others played without the confidence step.
        self.confidence = "high" if chosen == "disputed" else None
        self.seconds = 3.14159


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    with ProgressStore.open() as store:
        for player, pack_id, claim, chosen, correct, hinted in [
            ("ana", "bukele", "c1", "fact", "fact", False),
            ("ana", "bukele", "c2", "fact", "assertion", True),
            ("ben", "bukele", "c1", "disputed", "fact", False),
            ("ana", "other", "x1", "assertion", "assertion", False),
        ]:
            pack = _Pack(pack_id)
            session = store.start_session(player, pack, at=T0)
            store.record(session, pack, _Answer(claim, chosen, correct, T0, hinted))
    return tmp_path / "home"


def test_csv_has_a_header_and_one_row_per_answer(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(",".join(COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 4
    assert rows[1] == {
        "player": "ana",
        "pack_id": "bukele",
        "pack_hash": "h-bukele",
        "claim_id": "c2",
        "chosen": "fact",
        "correct": "assertion",
        "is_right": "0",
        "hinted": "1",
        "seconds": "3.142",
        "answered_at": "2025-04-17T09:30:15.123Z",
        "session": "2",
        "confidence": "",
        "claim_text": "",  # no pack "bukele" is found on this machine
        "mode": "play",
        "attempt": "1",
        "class": "",
    }
    assert [r["is_right"] for r in rows] == ["1", "0", "0", "1"]


def test_json_is_a_list_of_objects_with_typed_values(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "json", "--player", "ben"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "player": "ben",
            "pack_id": "bukele",
            "pack_hash": "h-bukele",
            "claim_id": "c1",
            "chosen": "disputed",
            "correct": "fact",
            "is_right": False,
            "hinted": False,
            "seconds": 3.142,
            "answered_at": "2025-04-17T09:30:15.123Z",
            "session": 3,
            "confidence": "high",
            "claim_text": None,
            "mode": "play",
            "attempt": 1,
            "class": None,
        }
    ]
    assert datetime.fromisoformat(data[0]["answered_at"]) == T0.replace(microsecond=123000)


def test_filters_by_player_and_pack(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--player", "ana", "--pack", "bukele"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [(r["player"], r["pack_id"], r["claim_id"]) for r in rows] == [
        ("ana", "bukele", "c1"),
        ("ana", "bukele", "c2"),
    ]


def test_no_data_still_gives_a_header_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "empty"))
    assert main(["export"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ",".join(COLUMNS) + "\r\n"
    assert "header row only" in captured.err
    assert not (tmp_path / "empty").exists()  # exporting nothing creates nothing
    assert main(["export", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_output_file_is_written_and_replaced_atomically(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "results.csv"
    target.write_text("an older export\n")
    target.chmod(0o640)
    assert main(["export", "-o", str(target), "--player", "ben"]) == 0
    assert "Wrote 1 answer to" in capsys.readouterr().err
    rows = list(csv.DictReader(target.open(newline="", encoding="utf-8")))
    assert [r["player"] for r in rows] == ["ben"]
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "results.csv"]  # no temp left


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--player", "=SUM(A1)"], "--player"),
        (["export", "--player", ""], "empty"),
        (["export", "--pack", "Not An Id"], "not a pack id"),
        (["export", "-o", "{tmp}"], "is a folder"),
        (["export", "-o", "{tmp}/missing/out.csv"], "does not exist"),
    ],
)
def test_bad_arguments_exit_2_with_one_clear_line(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and captured.err.count("\n") == 1
    assert captured.err.startswith("claimsort export: ")


def test_an_unknown_format_is_refused_by_the_parser(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", "--format", "xlsx"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_csv_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    record = AnswerRecord(
        id=1,
        session_id=None,
        player='=HYPERLINK("http://x")',
        pack_id="p",
        pack_hash="h",
        claim_id="c",
        chosen="fact",
        correct="fact",
        hinted=False,
        seconds=1.0,
        answered_at=T0 + timedelta(hours=2),
    )
    text, count = render([record], "csv")
    assert count == 1
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["player"] == '\'=HYPERLINK("http://x")'
    assert row["session"] == ""
    assert row["answered_at"] == "2025-04-17T11:30:15.123Z"
    # JSON is data, not a spreadsheet: kept exactly.
    assert json.loads(render([record], "json")[0])[0]["player"] == record.player


# -- a progress file that cannot be read as it should -------------------------------


def _spoil(home: Path, sql: str) -> None:
    conn = sqlite3.connect(home / "progress.db")
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_bad_stored_answer_stops_the_export_naming_its_row(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _spoil(home, "UPDATE answers SET seconds = 'abc' WHERE id = 3")
    target = tmp_path / "results.csv"
    assert main(["export", "-o", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("claimsort export: cannot read the progress file")
    assert "answer 3: seconds is 'abc', not a number of seconds" in captured.err
    assert "nothing was exported" in captured.err
    assert not target.exists()  # no export missing a row that looks complete
    # A selection without the bad row still exports.
    assert main(["export", "--player", "ana", "--pack", "other"]) == 0


def test_a_file_without_its_tables_is_set_aside_and_nothing_is_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    write_without_tables(home / "progress.db")
    original = (home / "progress.db").read_bytes()
    assert main(["export"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert captured.err.count("\n") == 2  # what happened to the file, then the outcome
    assert "damaged (the table answers is missing)" in captured.err
    assert captured.err.endswith("claimsort export: nothing was exported\n")
    [aside] = [p for p in home.iterdir() if p.name.startswith("progress.db.corrupt-")]
    assert aside.read_bytes() == original


def test_export_reads_without_writing_the_progress_file(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "progress.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    assert main(["export"]) == 0
    assert len(list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))) == 4
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in home.iterdir()) == ["progress.db"]  # no -wal, no -shm


def test_answers_of_a_served_class_carry_its_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A session started by `claimsort serve --class 9B` exports its answers with "9B";
    a session played alone leaves the column empty."""
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path))
    pack = _Pack("bukele")
    answer = _Answer("c1", "fact", "fact", T0, False)
    with ProgressStore.open() as store:
        served = store.start_session("ana", pack, at=T0, class_name="9B")
        store.record(served, pack, answer)
        alone = store.start_session("ana", pack, at=T0)
        store.record(alone, pack, answer)
    assert main(["export"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [(r["player"], r["class"]) for r in rows] == [("ana", "9B"), ("ana", "")]
