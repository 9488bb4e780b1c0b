"""Snapshots of every screen at 80x24 and of the round at 40x12.

Fixture packs and a fake clock keep them deterministic. Update with
`pytest tests/test_tui_snapshots.py --snapshot-update` and look at every changed SVG.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import FakeClock, demo_pack, hostile_pack
from loading import home_counted, stats_loaded
from textual.pilot import Pilot

from game.progress import ProgressStore
from game.round import Answer
from tui.app import ClaimSortApp

WIDE = (80, 24)
SMALL = (40, 12)
NOW = datetime(2025, 4, 24, 9, 0, tzinfo=UTC)
"""The snapshots' "now": review due dates and the stats are computed against it."""


def round_app() -> ClaimSortApp:
    return ClaimSortApp([], start=demo_pack(), clock=FakeClock(), player="ana")


def home_app(entries, store: ProgressStore | None = None) -> ClaimSortApp:
    return ClaimSortApp(entries, clock=FakeClock(), now=lambda: NOW, store=store, player="ana")


def seeded_store() -> ProgressStore:
    """A week of ana's rounds: getting better, still taking assertions for facts."""
    store = ProgressStore.in_memory()
    summit, hostile = demo_pack(), hostile_pack()
    # The summit's right answers: fact, assertion, disputed, fact, disputed.
    rounds = [
        (summit, ["fact", "fact", "fact", "fact", "fact"]),
        (summit, ["fact", "fact", "disputed", "fact", "fact"]),
        (hostile, ["other"]),
        (summit, ["fact", "fact", "disputed", "fact", "disputed"]),
        (summit, ["fact", "assertion", "disputed", "assertion", "disputed"]),
        (summit, ["fact", "fact", "disputed", "fact", "disputed"]),
    ]
    for day, (pack, chosen) in enumerate(rounds):
        start = NOW - timedelta(days=len(rounds) - day, hours=2)
        session = store.start_session("ana", pack, at=start)
        for n, (claim, choice) in enumerate(zip(pack.claims, chosen, strict=True)):
            answer = Answer(
                claim=claim,
                chosen=choice,
                correct=claim.answer,
                hinted=n == 2 and day == 3,
                seconds=4.0 + n,
                at=start + timedelta(seconds=10 * (n + 1)),
            )
            store.record(session, pack, answer)
    return store


def press(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def counted(*keys: str):
    """Once the home screen shows its review count (a worker's), press `keys`."""

    async def run_before(pilot: Pilot) -> None:
        await home_counted(pilot)
        await press(*keys)(pilot)

    return run_before


def in_stats(*keys: str):
    """Open the stats, and once they show (a worker computes them), press `keys`."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("s")
        await stats_loaded(pilot)
        await press(*keys)(pilot)

    return run_before


class TestHome:
    def test_pack_list(self, snap_compare, entries) -> None:
        assert snap_compare(home_app(entries), terminal_size=WIDE, run_before=counted())

    def test_no_packs(self, snap_compare, monkeypatch) -> None:
        monkeypatch.setenv("CLAIMSORT_HOME", "/nonexistent/claimsort-home")
        assert snap_compare(home_app([]), terminal_size=WIDE, run_before=counted())

    def test_player_and_review_count(self, snap_compare, entries) -> None:
        app = home_app(entries, seeded_store())
        assert snap_compare(app, terminal_size=WIDE, run_before=counted())

    def test_progress_warning(self, snap_compare, entries) -> None:
        store = ProgressStore.in_memory(
            warning="Progress will not be saved: cannot write /home/ana/.local/share/"
            "claimsort/progress.db (Permission denied)."
        )
        assert snap_compare(home_app(entries, store), terminal_size=WIDE, run_before=counted())


class TestPlayer:
    def test_picker_with_an_error(self, snap_compare, entries) -> None:
        keys = ("p", "=", "x", "enter")
        app = home_app(entries, seeded_store())
        assert snap_compare(app, terminal_size=WIDE, run_before=counted(*keys))


class TestStats:
    def test_stats(self, snap_compare, entries) -> None:
        app = home_app(entries, seeded_store())
        assert snap_compare(app, terminal_size=WIDE, run_before=in_stats())

    def test_stats_scrolled_to_review(self, snap_compare, entries) -> None:
        app = home_app(entries, seeded_store())
        assert snap_compare(app, terminal_size=WIDE, run_before=in_stats("end"))


class TestRound:
    def test_claim(self, snap_compare) -> None:
        assert snap_compare(round_app(), terminal_size=WIDE)

    def test_wrong_answer(self, snap_compare) -> None:
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=press("1", "enter", "f"))

    def test_right_answer_with_discussion(self, snap_compare) -> None:
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=press("1"))

    def test_hint(self, snap_compare) -> None:
        keys = ("1", "enter", "2", "enter", "h")
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=press(*keys))

    def test_claim_small(self, snap_compare) -> None:
        assert snap_compare(round_app(), terminal_size=SMALL)

    def test_answer_small(self, snap_compare) -> None:
        assert snap_compare(round_app(), terminal_size=SMALL, run_before=press("2"))

    def test_wrong_answer_without_colour(self, snap_compare, monkeypatch) -> None:
        # NO_COLOR: right and wrong still read, by their symbols and words.
        monkeypatch.setenv("NO_COLOR", "1")
        app = round_app()
        assert app.no_color
        assert snap_compare(app, terminal_size=WIDE, run_before=press("1", "enter", "f"))

    def test_hostile_text(self, snap_compare) -> None:
        app = ClaimSortApp([], start=hostile_pack(), clock=FakeClock())
        assert snap_compare(app, terminal_size=WIDE, run_before=press("h", "o"))


class TestReader:
    def test_article(self, snap_compare) -> None:
        keys = ("1", "enter", "f", "enter", "r")
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=press(*keys))


class TestHelp:
    def test_help(self, snap_compare) -> None:
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=press("question_mark"))


class TestQuit:
    def test_dialog(self, snap_compare) -> None:
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=press("1", "q"))


class TestSummary:
    def test_summary(self, snap_compare) -> None:
        keys = ("1", "enter", "f", "enter", "h", "d", "enter", "f", "enter", "f", "enter")
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=press(*keys))

    def test_review_summary(self, snap_compare, entries) -> None:
        app = home_app(entries, seeded_store())
        keys = ("v", "2", "enter", "2", "enter")
        assert snap_compare(app, terminal_size=WIDE, run_before=press(*keys))


class TestTooSmall:
    def test_too_small(self, snap_compare) -> None:
        assert snap_compare(round_app(), terminal_size=(20, 6))
