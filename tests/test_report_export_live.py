"""Export version 2 read back by the report (`game.export.read_export`), `--excel`, and
the live view's tallies and screen."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from report_data import T0, V1_ROW, play_class
from ui import wait_until

from cli.main import main
from game.export import BOM, COLUMNS, COLUMNS_V1, RowProblem, read_export
from game.loader import load_pack
from game.paths import builtin_packs_dir
from game.progress import ProgressStore
from game.report.answers import ReportAnswer
from game.report.live import (
    LiveClass,
    claims_lines,
    claims_table,
    packs_played,
    students_lines,
    students_table,
)
from game.report.sources import Filters

BUKELE = builtin_packs_dir() / "bukele-white-house.toml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    play_class(home / "progress.db", load_pack(BUKELE), 3, seed=4)
    return home


def test_version_2_columns_follow_the_old_ones(home: Path, tmp_path: Path) -> None:
    assert COLUMNS[: len(COLUMNS_V1)] == COLUMNS_V1
    out = tmp_path / "x.csv"
    assert main(["export", "-o", str(out)]) == 0
    rows = [r for r in read_export(out)]
    assert all(isinstance(r, ReportAnswer) for r in rows)
    first = {(r.player, r.claim_id): r for r in reversed(rows) if isinstance(r, ReportAnswer)}
    assert {r.mode for r in first.values()} == {"play"}
    assert {r.mode for r in rows if isinstance(r, ReportAnswer)} == {"play", "replay"}
    text = out.read_text(encoding="utf-8")
    assert "Bukele offered El Salvador's help to the United States." in text  # claim_text
    assert ",replay,2," in text


def test_excel_starts_with_a_byte_order_mark(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "excel.csv"
    assert main(["export", "--excel", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(BOM.encode("utf-8"))
    assert data.count(BOM.encode("utf-8")) == 1
    assert main(["export", "--excel", "--format", "json"]) == 2


def test_version_1_exports_are_read_too(tmp_path: Path) -> None:
    v1 = tmp_path / "v1.csv"
    v1.write_text(
        ",".join(COLUMNS_V1)
        + "\r\nana,p,'=h,c1,fact,fact,1,0,3.5,2025-04-17T09:00:00.000Z,1"
        + "\r\n'=bea,p,h,c1,fact,fact,1,0,3.5,2025-04-17T09:00:00.000Z,1\r\n",
        encoding="utf-8",
    )
    answer, problem = list(read_export(v1))
    assert isinstance(answer, ReportAnswer)
    assert answer.pack_hash == "=h"  # the writer's formula guard undone
    # A name the game refuses (it would start a formula) was not written by the game.
    assert problem == RowProblem(3, "player is '=bea': a player name cannot start with = + - or @")
    assert answer.mode is None and answer.class_name is None
    assert answer.answered_at == T0


def test_a_json_row_problem_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    import json

    text = json.dumps([V1_ROW, {**V1_ROW, "seconds": -1}], indent=2)
    bad.write_text(text, encoding="utf-8")
    first, second = list(read_export(bad))
    assert isinstance(first, ReportAnswer)
    assert isinstance(second, RowProblem) and second.line == 15
    assert "seconds" in second.message


@pytest.mark.parametrize("chunk", [1, 7, 300])
def test_a_json_export_is_read_as_a_stream_whatever_the_chunk(
    home: Path, tmp_path: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "class.json"
    assert main(["export", "--format", "json", "-o", str(out)]) == 0
    whole = list(read_export(out))
    assert len(whole) > 60 and all(isinstance(r, ReportAnswer) for r in whole)
    text = out.read_text(encoding="utf-8")
    # A bad row near the end, and text after the list: found on their lines in a
    # file read a few characters at a time.
    rows = text.rsplit('"seconds": ', 1)
    broken = tmp_path / "broken.json"
    broken.write_text(rows[0] + '"seconds": -' + rows[1] + "\n  oops\n", encoding="utf-8")
    seconds_line = rows[0].count("\n") + 1
    monkeypatch.setattr("game.export.JSON_CHUNK", chunk)
    assert list(read_export(out)) == whole
    *kept, bad, after = list(read_export(broken))
    assert kept == whole[:-1]
    last_object = text.rstrip().rfind("{")
    assert isinstance(bad, RowProblem) and "seconds" in bad.message
    assert bad.line == text.count("\n", 0, last_object) + 1 < seconds_line
    assert isinstance(after, RowProblem) and "after the end" in after.message
    assert after.line == text.count("\n")  # the line the list ends on


def test_live_tallies_read_only_what_is_new(home: Path) -> None:
    pack = load_pack(BUKELE)
    live = LiveClass(Filters(since=T0 - timedelta(hours=1)), {pack.id: len(pack.claims)})
    with ProgressStore.open_readonly(home / "progress.db") as store:
        counted = live.refresh(store)
        assert counted == 3 * len(pack.claims)  # first attempts only
        assert live.refresh(store) == 0
    play_class(home / "progress.db", pack, 1, prefix="late", start=T0 + timedelta(hours=2))
    with ProgressStore.open_readonly(home / "progress.db") as store:
        assert live.refresh(store) == len(pack.claims)
    lines = students_lines(live)
    assert len(lines) == 4 and lines[-1].startswith("late-01")
    assert f"{len(pack.claims)}/{len(pack.claims)}" in lines[0]
    assert students_lines(live, anonymize=True)[0].startswith("Student 1 ")
    tallies = claims_lines(live)
    assert len(tallies) == len(pack.claims) and all("/4" in line for line in tallies)


def test_live_counts_a_round_written_between_its_reads(home: Path) -> None:
    """A round committed after the live view read the sessions, before it read the
    answers: counted (at the next look at the latest), never passed over for good."""
    pack = load_pack(BUKELE)
    live = LiveClass(Filters(since=T0 - timedelta(hours=1)), {pack.id: len(pack.claims)})
    written = False

    def between(sql: str) -> None:
        nonlocal written
        if "FROM answers WHERE id >" in sql and not written:
            written = True  # another process's round, committed mid-refresh
            play_class(home / "progress.db", pack, 1, prefix="mid", start=T0 + timedelta(hours=2))

    with ProgressStore.open_readonly(home / "progress.db") as store:
        live.refresh(store)
        store._conn.set_trace_callback(between)
        live.refresh(store)
        store._conn.set_trace_callback(None)
        assert written
        live.refresh(store)
    assert "mid-01" in live.students
    assert live.students["mid-01"].done == len(pack.claims)
    assert sum(claim.n for claim in live.claims.values()) == 4 * len(pack.claims)


def test_live_tables_fit_the_width_they_are_given(home: Path) -> None:
    pack = load_pack(BUKELE)
    live = LiveClass(Filters(), {pack.id: len(pack.claims)})
    with ProgressStore.open_readonly(home / "progress.db") as store:
        live.refresh(store)
    heading, lines = students_table(live, limit=2)
    assert heading.split() == ["student", "answered", "right"]  # one pack: no pack column
    assert lines[:2] == students_lines(live)[:2] and lines[2] == "… and 1 more"
    assert packs_played(live) == [pack.id]
    heading, wide = claims_table(live)
    assert len(wide) == len(pack.claims) and heading.startswith("claim ")
    heading, narrow = claims_table(live, width=40)
    assert all(len(line) <= 40 for line in [*heading.splitlines(), *narrow])
    ids = {claim.id for claim in pack.claims}
    assert ids <= set(narrow)  # each id whole, on a line of its own
    assert all(line.startswith("  ") for line in narrow if line not in ids)


async def test_live_screen_shows_students_as_they_join(home: Path) -> None:
    from tui.live import LiveApp
    from tui.screens.live import LiveScreen

    pack = load_pack(BUKELE)
    app = LiveApp(home / "progress.db", LiveClass(Filters(), {pack.id: len(pack.claims)}))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen), "the live screen")
        screen = app.screen
        assert isinstance(screen, LiveScreen)
        await wait_until(pilot, lambda: screen.refreshes > 0, "the first look")
        assert "3 students have joined." in str(screen.query_one("#live-status").render())
        play_class(home / "progress.db", pack, 1, prefix="late", start=T0 + timedelta(hours=2))
        await wait_until(
            pilot,
            lambda: "4 students have joined." in str(screen.query_one("#live-status").render()),
            "the late student",
        )


def test_a_json_export_s_lines_are_counted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each row's line is counted on from the row before, not from the start of the
    text held: reading stays linear in the file's size however large the chunk."""
    import json

    rows = [{**V1_ROW, "claim_id": f"c{n}", "seconds": -1 if n == 1999 else 2} for n in range(2000)]
    path = tmp_path / "many.json"
    text = json.dumps(rows, indent=2)
    path.write_text(text, encoding="utf-8")
    scanned = 0

    def counted(text: str, start: int, end: int) -> int:
        nonlocal scanned
        scanned += end - start
        return text.count("\n", start, end)

    monkeypatch.setattr("game.export._line_breaks", counted)
    monkeypatch.setattr("game.export.JSON_CHUNK", 1 << 22)  # the whole file at once
    read = list(read_export(path))
    assert len(read) == 2000
    bad = read[-1]
    assert isinstance(bad, RowProblem) and bad.line == text.count("\n", 0, text.rfind("{")) + 1
    assert scanned <= len(text)
