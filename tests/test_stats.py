"""Stats computed from the answer history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import answers_pack
from progress_files import write_unreadable, write_without_tables

from game.bias import Bias
from game.pack import Category
from game.progress import AnswerRecord, ProgressStore, SessionRecord
from game.round import Answer, Round
from game.stats import Tally, bias_text, compute_stats, sparkline, stats_from

T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


_ids = iter(range(1, 10_000))


def rec(
    claim: str,
    chosen: str,
    correct: str,
    at: datetime,
    *,
    session: int | None = 1,
    pack: str = "p1",
    hinted: bool = False,
    seconds: float = 4.0,
) -> AnswerRecord:
    return AnswerRecord(
        id=next(_ids),
        session_id=session,
        player="ana",
        pack_id=pack,
        pack_hash="d",
        claim_id=claim,
        chosen=chosen,
        correct=correct,
        hinted=hinted,
        seconds=seconds,
        answered_at=at,
    )


def sess(
    session_id: int, at: datetime, pack: str | None = "p1", mode: str = "play"
) -> SessionRecord:
    return SessionRecord(
        id=session_id, player="ana", pack_id=pack, pack_hash="d", mode=mode, started_at=at
    )


def test_nothing_recorded_gives_empty_stats() -> None:
    stats = stats_from("ana", [], [], now=T0)
    assert stats.total == Tally(0, 0, 0) and stats.total.accuracy is None
    assert stats.by_category == () and stats.by_pack == () and stats.trend == ()
    assert stats.bias is None and stats.review == () and stats.due_now == 0
    assert stats.seconds_per_answer is None


def test_overall_and_per_category_accuracy() -> None:
    answers = [
        rec("c1", "fact", "fact", T0),
        rec("c2", "fact", "assertion", T0 + MIN, hinted=True, seconds=2.0),
        rec("c3", "assertion", "assertion", T0 + 2 * MIN, hinted=True),
        rec("c4", "disputed", "disputed", T0 + 3 * MIN, seconds=6.0),
    ]
    stats = stats_from("ana", answers, [sess(1, T0)], now=T0)
    assert stats.total == Tally(answered=4, right=3, hinted=2)
    assert stats.total.accuracy == 0.75
    assert stats.seconds_per_answer == 4.0
    got = {
        c.category_id: (c.label, c.tally.answered, c.tally.right, c.chosen)
        for c in stats.by_category
    }
    assert got == {
        "fact": ("Verified fact", 1, 1, 2),
        "assertion": ("Official assertion", 2, 1, 1),
        "disputed": ("Disputed", 1, 1, 1),
    }
    assert [c.category_id for c in stats.by_category] == ["fact", "assertion", "disputed"]


def test_custom_categories_take_their_labels_from_the_pack() -> None:
    opinion = Category(id="opinion", label="Opinion", key="o", description="An opinion.")
    news = Category(id="news", label="News", key="n", description="News.")
    pack = answers_pack("p2", {"o1": "opinion"}, categories=(news, opinion))
    answers = [
        rec("o1", "news", "opinion", T0, pack="p2"),
        rec("z1", "zzz", "zzz", T0, pack="gone"),  # a pack no longer loaded
    ]
    stats = stats_from("ana", answers, [], [pack], now=T0)
    assert [(c.category_id, c.label) for c in stats.by_category] == [
        ("news", "News"),
        ("opinion", "Opinion"),
        ("zzz", "zzz"),
    ]


def test_per_pack_most_recent_first_with_titles_when_loaded() -> None:
    answers = [
        rec("c1", "fact", "fact", T0, pack="p1", session=1),
        rec("c2", "fact", "disputed", T0 + MIN, pack="p1", session=1),
        rec("x1", "fact", "fact", T0 + 2 * MIN, pack="p2", session=2),
        rec("c1", "fact", "fact", T0 + 3 * MIN, pack="p1", session=3),
    ]
    packs = [answers_pack("p1", {"c1": "fact", "c2": "disputed"})]
    stats = stats_from("ana", answers, [], packs, now=T0)
    assert [
        (p.pack_id, p.title, p.tally.answered, p.tally.right, p.sessions) for p in stats.by_pack
    ] == [
        ("p1", "Title of p1", 3, 2, 2),
        ("p2", None, 1, 1, 1),
    ]
    assert stats.by_pack[0].last_answered_at == T0 + 3 * MIN


def test_trend_keeps_the_latest_sessions_with_answers_oldest_first() -> None:
    sessions = [sess(n, T0 + n * MIN) for n in range(1, 6)]
    sessions.append(sess(6, T0 + 6 * MIN, pack=None, mode="review"))
    answers = []
    for n, (right, total) in {1: (0, 2), 2: (1, 2), 4: (2, 2), 6: (1, 1)}.items():
        for i in range(total):
            chosen = "fact" if i < right else "assertion"
            answers.append(rec(f"c{i}", chosen, "fact", T0 + n * MIN + i * MIN / 10, session=n))
    answers.append(rec("c9", "fact", "fact", T0, session=None))  # not in any session
    stats = stats_from("ana", answers, sessions, now=T0, trend_sessions=3)
    # Sessions 3 and 5 have no answers; session 1 falls outside the last three.
    assert [(s.session_id, s.tally.right, s.tally.answered, s.mode) for s in stats.trend] == [
        (2, 1, 2, "play"),
        (4, 2, 2, "play"),
        (6, 1, 1, "review"),
    ]
    assert sparkline([s.tally.accuracy for s in stats.trend]) == "▅██"


def test_stats_name_the_strongest_bias_with_the_round_summarys_rule() -> None:
    answers = [
        rec("a1", "fact", "assertion", T0),
        rec("a2", "fact", "assertion", T0),
        rec("d1", "fact", "disputed", T0),
        rec("f1", "fact", "fact", T0),
        rec("d2", "assertion", "disputed", T0),
        rec("f2", "disputed", "fact", T0),
    ]
    stats = stats_from("ana", answers, [], now=T0)
    # Two assertions taken for facts outweigh "fact" picked wrongly three times, as
    # two of those three were the same confusion.
    assert stats.bias == Bias(
        chosen="fact",
        label="Verified fact",
        right="assertion",
        right_label="Official assertion",
        mistakes=2,
        advice=True,
    )
    assert bias_text(stats.bias) == (
        "You took 2 official assertions for verified facts: watch who is speaking."
    )
    # The same answers in a round give the same sentence on its summary.
    pack = answers_pack("p1", {r.claim_id: r.correct for r in answers})
    round_ = Round(pack)
    for r in answers:
        round_.answer(r.chosen)
        round_.next()
    assert round_.summary().bias == bias_text(stats.bias)


def test_no_bias_from_single_slips() -> None:
    slips = [
        rec("a1", "fact", "assertion", T0),
        rec("f1", "disputed", "fact", T0),
        rec("d1", "assertion", "disputed", T0),
        rec("f2", "fact", "fact", T0),
    ]
    stats = stats_from("ana", slips, [], now=T0)
    assert stats.bias is None
    assert bias_text(stats.bias) == "No bias worth naming yet."


def test_a_category_only_the_store_knows_is_named_by_its_id_shown_printable() -> None:
    # Answers to a pack no longer loaded: its category has no label, only the stored id.
    answers = [rec(f"r{i}", "fact", "ru\x1bmour", T0, pack="gone") for i in range(2)]
    stats = stats_from("ana", answers, [], now=T0)
    assert stats.bias is not None and not stats.bias.advice
    assert bias_text(stats.bias) == (
        "You sorted 2 claims as “verified fact” when they were “ru\\x1bmour”: "
        "compare what the two categories mean."
    )


def test_sparkline_scale_is_absolute() -> None:
    assert sparkline([0.0, 0.5, 1.0, None]) == "▁▅█ "
    assert sparkline([1.0, 1.0]) == "██"
    assert sparkline([0.0, 1.0], bars="_#") == "_#"
    assert sparkline([]) == ""


def test_compute_stats_reads_the_store_and_the_review_queue(tmp_path: Path) -> None:
    pack = answers_pack("p1", {"c1": "fact", "c2": "assertion"})
    with ProgressStore.open(tmp_path / "p.db") as store:
        for player, chosen in [("ana", "disputed"), ("ben", "assertion")]:
            session = store.start_session(player, pack, at=T0)
            for claim, at in [(pack.claims[0], T0), (pack.claims[1], T0 + MIN)]:
                answer = Answer(
                    claim=claim, chosen=chosen, correct=claim.answer, hinted=False, seconds=3, at=at
                )
                store.record(session, pack, answer)
        stats = compute_stats(store, "ana", [pack], now=T0 + 2 * MIN)
    assert stats.player == "ana"
    assert stats.total == Tally(answered=2, right=0, hinted=0)
    assert [item.claim.id for item in stats.review] == ["c1", "c2"]
    assert stats.due_now == 2
    assert len(stats.trend) == 1 and stats.trend[0].tally.answered == 2


@pytest.mark.parametrize("sessions", [0, 1])
def test_trend_length_is_bounded(sessions: int) -> None:
    answers = [rec("c1", "fact", "fact", T0 + n * MIN, session=n) for n in range(1, 4)]
    stats = stats_from(
        "ana", answers, [sess(n, T0 + n * MIN) for n in range(1, 4)], trend_sessions=sessions
    )
    assert [s.session_id for s in stats.trend] == ([3] if sessions else [])


# -- claimsort stats -------------------------------------------------------------


def test_claimsort_stats_prints_progress_and_the_review_queue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main
    from game.catalog import find_catalog

    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    [pack] = [e.pack for e in find_catalog() if e.pack is not None][:1]
    now = datetime.now(UTC)
    with ProgressStore.open() as store:
        session = store.start_session("ana", pack, at=now - 10 * MIN)
        for n, claim in enumerate(pack.claims[:4]):
            # Claims 0-2 are missed with the same wrong category; claim 3 is right.
            chosen = (
                claim.answer if n == 3 else "disputed" if claim.answer != "disputed" else "fact"
            )
            answer = Answer(
                claim=claim,
                chosen=chosen,
                correct=claim.answer,
                hinted=False,
                seconds=5,
                at=now - MIN,
            )
            store.record(session, pack, answer)
    assert main(["stats", "--player", "ana"]) == 0
    out = capsys.readouterr().out
    assert "ClaimSort progress for ana" in out
    assert "4 answers, 1 right (25%)" in out
    assert pack.id in out and pack.title in out
    assert "Review: 3 due now, 0 waiting" in out
    for claim in pack.claims[:3]:
        assert claim.id in out
    assert pack.claims[3].id not in out.split("Review:")[1]
    assert "Last session:" in out


def test_claimsort_stats_prints_the_bias_with_a_stored_category_shown_printable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    # A pack no longer loaded, whose category id reached the store with an escape in it.
    pack = answers_pack("gone", {"c1": "ru\x1b[2Jmour", "c2": "ru\x1b[2Jmour"})
    with ProgressStore.open() as store:
        session = store.start_session("ana", pack, at=T0)
        for claim in pack.claims:
            answer = Answer(
                claim=claim, chosen="fact", correct=claim.answer, hinted=False, seconds=3, at=T0
            )
            store.record(session, pack, answer)
    assert main(["stats", "--player", "ana"]) == 0
    out = capsys.readouterr().out
    assert (
        "You sorted 2 claims as “verified fact” when they were “ru\\x1b[2Jmour”: "
        "compare what the two categories mean."
    ) in out
    assert "\x1b" not in out


def test_claimsort_stats_for_someone_new_names_the_other_players(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    with ProgressStore.open() as store:
        store.start_session("ben", None)
    assert main(["stats", "--player", "cleo"]) == 0
    out = capsys.readouterr().out
    assert "No answers recorded yet for cleo." in out
    assert "Players on this machine: ben" in out


def test_claimsort_stats_refuses_a_bad_name(capsys: pytest.CaptureFixture[str]) -> None:
    from cli.main import main

    assert main(["stats", "--player", "@everyone"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("claimsort stats: --player:") and err.count("\n") == 1


def test_stats_and_export_import_neither_textual_nor_rich(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from cli.main import main\n"
        "assert main(['stats', '--player', 'ana']) == 0\n"
        "assert main(['export']) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('LOADED', bad)\n"
    )
    env = {**os.environ, "CLAIMSORT_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout


# -- words shared by the screen and the command line ---------------------------------


def test_shared_words_for_percentages_due_times_and_bias() -> None:
    from game.stats import due_text, percent

    assert (percent(None), percent(2 / 3), percent(1.0)) == ("—", "67%", "100%")
    assert due_text(T0 - MIN, T0) == "due now"
    assert due_text(T0 + 20 * MIN, T0) == "in 1 hour"
    assert due_text(T0 + timedelta(hours=5), T0) == "in 5 hours"
    assert due_text(T0 + timedelta(days=3), T0) == "in 3 days"
    # The command line passes the label of the category picked, cut short for a terminal.
    bias = Bias(
        chosen="zebra",
        label="Zebra",
        right="fact",
        right_label="Verified fact",
        mistakes=2,
        advice=False,
    )
    assert bias_text(bias, label="Zeb…") == (
        "You sorted 2 claims as “zeb…” when they were “verified fact”: "
        "compare what the two categories mean."
    )


def test_the_stats_screen_does_not_import_the_command_line() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tui.screens.stats\nprint(any(m.split('.')[0] == 'cli' for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_export_checks_pack_ids_with_the_pack_format_pattern() -> None:
    from cli import export
    from game.pack import ID_PATTERN

    assert export._pack_id().pattern == ID_PATTERN


# -- claimsort stats on a progress file that cannot be read as it should -------------


def _ana_with_answers(count: int = 3) -> Path:
    from game.paths import data_home

    pack = answers_pack("p1", {f"c{n}": "fact" for n in range(count)})
    with ProgressStore.open() as store:
        session = store.start_session("ana", pack, at=T0)
        for claim in pack.claims:
            store.record(
                session,
                pack,
                Answer(claim=claim, chosen="fact", correct="fact", hinted=False, seconds=2, at=T0),
            )
    return data_home() / "progress.db"


def test_claimsort_stats_leaves_out_a_bad_answer_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from cli.main import main

    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    path = _ana_with_answers()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE answers SET seconds = 'abc' WHERE id = 2")
    conn.commit()
    conn.close()
    assert main(["stats", "--player", "ana"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert "1 saved answer could not be read and is left out" in captured.err
    assert "answer 2: seconds is 'abc'" in captured.err
    assert "2 answers, 2 right (100%)" in captured.out


def test_claimsort_stats_says_in_one_line_when_the_file_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    write_unreadable(home / "progress.db")
    assert main(["stats", "--player", "ana"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("claimsort stats: cannot read the progress file")
    assert "no such collation sequence" in captured.err
    assert main(["export"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_claimsort_stats_on_a_file_without_tables_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    write_without_tables(home / "progress.db")
    assert main(["stats", "--player", "ana"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert "damaged (the table answers is missing)" in captured.err
    assert "No answers recorded yet for ana." in captured.out


def test_claimsort_stats_reads_without_writing_the_progress_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from cli.main import main

    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    path = _ana_with_answers()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    assert main(["stats", "--player", "ana"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "3 answers, 3 right (100%)" in captured.out
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    # No -wal or -shm (a file opened for writing would have been switched to WAL).
    assert sorted(p.name for p in path.parent.glob("progress.db*")) == ["progress.db"]
