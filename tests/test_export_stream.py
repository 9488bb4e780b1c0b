"""`claimsort export` streams: the store yields answers a batch at a time and the export
is written as it is read, to `-o FILE` (still replaced in one step) and to stdout.
Also the export's arguments that named something they should not: a FIFO or a device
for `-o`, a pack id with a trailing newline."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cli.main import main
from game.export import COLUMNS, Annotator, render, row
from game.progress import ProgressStore, StoreError

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)


class _Claim:
    def __init__(self, claim_id: str) -> None:
        self.id = claim_id


class _Pack:
    def __init__(self, pack_id: str) -> None:
        self.id = pack_id
        self.digest = "h-" + pack_id


class _Answer:
    def __init__(self, n: int, player: str) -> None:
        self.claim = _Claim(f"c{n}")
        self.chosen, self.correct = "fact", "fact" if n % 2 else "disputed"
        self.hinted, self.seconds = n % 5 == 0, 1.5 + n
        # Given out of order, so that time order is not the order of the rows.
        self.at = T0 + timedelta(minutes=(n * 7) % 23, seconds=n)
        self.confidence = None
        self.player = player


def fill(path: Path, count: int) -> None:
    with ProgressStore.open(path) as store:
        for n in range(count):
            player = ("ana", "ben", "cy")[n % 3]
            pack = _Pack(("bukele", "other")[n % 2])
            session = store.start_session(player, pack, at=T0)
            assert store.record(session, pack, _Answer(n, player)) is not None


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    fill(home / "progress.db", 50)
    return home


# -- the store's streaming read ------------------------------------------------------


@pytest.mark.parametrize("batch", [1, 7, 50, 1000])
@pytest.mark.parametrize(
    ("player", "pack_id"), [(None, None), ("ana", None), (None, "other"), ("ben", "bukele")]
)
def test_streamed_answers_are_the_answers_in_the_same_order(
    home: Path, batch: int, player: str | None, pack_id: str | None
) -> None:
    with ProgressStore.open_readonly(home / "progress.db") as store:
        streamed = store.iter_answers(player=player, pack_id=pack_id, batch_size=batch)
        assert list(streamed) == store.answers(player=player, pack_id=pack_id)
        assert store.warning is None


def test_the_stream_hands_over_rows_before_it_has_read_them_all(home: Path) -> None:
    # A bad row further on is met only when the stream gets there: the rows before it
    # have already been handed over, one batch at a time.
    conn = sqlite3.connect(home / "progress.db")
    with conn:
        conn.execute("UPDATE answers SET hinted = 7 WHERE id = 30")
    conn.close()
    with ProgressStore.open_readonly(home / "progress.db") as store:
        in_order = [a.id for a in store.answers()]  # without the bad row
        stream = store.iter_answers(strict=True, batch_size=5)
        first = [next(stream).id for _ in range(10)]
        assert first == in_order[:10]
        with pytest.raises(StoreError, match="answer 30: hinted is 7"):
            list(stream)


def test_a_bad_row_is_left_out_with_the_usual_warning_or_named_when_strict(home: Path) -> None:
    conn = sqlite3.connect(home / "progress.db")
    with conn:
        conn.execute("UPDATE answers SET seconds = 'abc' WHERE id IN (12, 30)")
    conn.close()
    with ProgressStore.open_readonly(home / "progress.db") as store:
        streamed = list(store.iter_answers(batch_size=5))
        assert [a.id for a in streamed] == [a.id for a in store.answers() if a.id not in (12, 30)]
        assert store.warning is not None
        assert store.warning.startswith("2 saved answers could not be read and are left out")
        assert "answer 12: seconds is 'abc'" in store.warning
        with pytest.raises(StoreError, match="answer 12: seconds is 'abc'"):
            list(store.iter_answers(strict=True, batch_size=5))


# -- the export written as it is read ------------------------------------------------


def test_json_streamed_is_what_one_json_document_would_be(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "json"]) == 0
    out = capsys.readouterr().out
    with ProgressStore.open_readonly(home / "progress.db") as store:
        records, sessions = store.answers(), store.sessions()
    context = Annotator(sessions)
    rows = [row(r, context(r)) for r in records]
    assert out == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert render(records, "json", context=Annotator(sessions))[0] == out


def test_csv_streamed_to_a_file_has_every_row_in_time_order(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "results.csv"
    assert main(["export", "-o", str(target)]) == 0
    assert "Wrote 50 answers to" in capsys.readouterr().err
    text = target.read_bytes().decode("utf-8")
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 50
    assert [r["answered_at"] for r in rows] == sorted(r["answered_at"] for r in rows)
    with ProgressStore.open_readonly(home / "progress.db") as store:
        assert render(store.answers(), "csv", context=Annotator(store.sessions()))[0] == text


def test_a_bad_row_met_on_stdout_stops_the_export_and_says_it_is_incomplete(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(home / "progress.db")
    with conn:
        conn.execute("UPDATE answers SET hinted = 7 WHERE id = 30")
    in_order = [n for (n,) in conn.execute("SELECT id FROM answers ORDER BY answered_at, id")]
    conn.close()
    assert main(["export"]) == 1
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("claimsort export: cannot read the progress file")
    assert "answer 30: hinted is 7, not 0 or 1" in line
    assert "the output stops before it" in line
    rows = list(csv.DictReader(io.StringIO(captured.out, newline="")))
    # Every answer before the bad one, and none after (session n holds answer n).
    assert [int(r["session"]) for r in rows] == in_order[: in_order.index(30)]


# -- what -o and --pack may name ---------------------------------------------------


def test_a_fifo_for_o_is_refused_without_opening_it(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    # A real process: had it opened the FIFO to write, it would wait for a reader.
    env = dict(os.environ, CLAIMSORT_HOME=str(home))
    result = subprocess.run(
        [sys.executable, "-m", "cli", "export", "-o", str(fifo)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line == (
        f"claimsort export: -o: {fifo} is not a regular file; "
        "give a file name, or leave out -o to write to standard output"
    )
    assert fifo.is_fifo()  # still the FIFO, not replaced by a file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "results.fifo"]


def test_a_socket_for_o_is_refused(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A socket stands for every file that is not a regular one (a device too). Never a
    # real device here: were the refusal to break, the test would replace it.
    path = tmp_path / "results.sock"
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
        assert main(["export", "-o", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"claimsort export: -o: {path} is not a regular file; "
        "give a file name, or leave out -o to write to standard output\n"
    )
    assert path.is_socket()


def test_a_symlink_to_a_fifo_is_refused_too(home: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "results.csv"
    link.symlink_to(fifo)
    assert main(["export", "-o", str(link)]) == 2
    assert link.is_symlink() and fifo.is_fifo()


@pytest.mark.parametrize("pack", ["bukele\n", "bukele\r", "\nbukele", "bukele\x00"])
def test_a_pack_id_with_a_newline_is_refused(
    home: Path, pack: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--pack", pack]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "is not a pack id" in captured.err and captured.err.count("\n") == 1
