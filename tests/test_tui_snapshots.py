"""Snapshots of every screen at 80x24 and of the round at 40x12.

Fixture packs and a fake clock keep them deterministic. Update with
`pytest tests/test_tui_snapshots.py --snapshot-update` and look at every changed SVG.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from conftest import FakeClock, demo_pack, hostile_pack
from textual.pilot import Pilot
from ui import screen_text, wait_until

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


def after(
    *keys: str, showing: Sequence[str], footer: str | None, top: str | None = None
) -> Callable[[Pilot], Awaitable[None]]:
    """Press `keys`, then wait until the screen is the one the snapshot is of: every text
    in `showing` on it, its last row (the key bar's) reading `footer` unless that is None,
    and (where the view scrolls) its second row starting with `top`. `snap_compare` then waits for any
    animation and takes the picture."""

    def ready(text: str) -> bool:
        rows = text.splitlines()
        return (
            all(part in text for part in showing)
            and (footer is None or rows[-1].strip() == footer)
            and (top is None or rows[1].strip().startswith(top))
        )

    async def run_before(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await wait_until(pilot, lambda: ready(screen_text(pilot.app)), f"the screen {showing}")

    return run_before


HOME = "⏎ Play   v Review   s Stats   p Player   ? Help   q Quit"
ROUND = "h Hint   r Article   ? Help   q Quit"
ANSWERED = "⏎ Next   r Article   ? Help   q Quit"
SUMMARY = "p Play again   m Replay missed   s Stats   b Pack list   q Quit"
PACK_LIST_SHOWS = ("Five claims from a short made-up article.",)


class TestHome:
    def test_pack_list(self, snap_compare, entries) -> None:
        # The review count comes from a worker: the snapshot waits for it too.
        counted = after(showing=(*PACK_LIST_SHOWS, "Review: nothing due"), footer=HOME)
        assert snap_compare(home_app(entries), terminal_size=WIDE, run_before=counted)

    def test_no_packs(self, snap_compare, monkeypatch) -> None:
        monkeypatch.setenv("CLAIMSORT_HOME", "/nonexistent/claimsort-home")
        empty = after(
            showing=("No packs found.", "Review: nothing due"),
            footer=HOME.removeprefix("⏎ Play   "),
        )
        assert snap_compare(home_app([]), terminal_size=WIDE, run_before=empty)

    def test_player_and_review_count(self, snap_compare, entries) -> None:
        app = home_app(entries, seeded_store())
        ready = after(showing=("Review: 3 due", "Five claims from a short"), footer=HOME)
        assert snap_compare(app, terminal_size=WIDE, run_before=ready)

    def test_progress_warning(self, snap_compare, entries) -> None:
        store = ProgressStore.in_memory(
            warning="Progress will not be saved: cannot write /home/ana/.local/share/"
            "claimsort/progress.db (Permission denied)."
        )
        shown = ("(Permission denied).", "Five claims from a short", "Review: nothing due")
        ready = after(showing=shown, footer=HOME)
        assert snap_compare(home_app(entries, store), terminal_size=WIDE, run_before=ready)


class TestPlayer:
    def test_picker_with_an_error(self, snap_compare, entries) -> None:
        keys = ("p", "=", "x", "enter")
        app = home_app(entries, seeded_store())
        shown = ("a player name cannot start with", "Review: 3 due")  # the home behind
        ready = after(*keys, showing=shown, footer="Esc Cancel")
        assert snap_compare(app, terminal_size=WIDE, run_before=ready)


class TestStats:
    FOOTER = "v Review now   b Back   q Quit"

    def test_stats(self, snap_compare, entries) -> None:
        app = home_app(entries, seeded_store())
        ready = after("s", showing=("26 answers · 17 right",), footer=self.FOOTER)
        assert snap_compare(app, terminal_size=WIDE, run_before=ready)

    def test_stats_scrolled_to_review(self, snap_compare, entries) -> None:
        app = home_app(entries, seeded_store())
        # The stats come from a worker: End once they show. End scrolls with an
        # animation: the last rows in view, the second row where it ends.
        loaded = after("s", showing=("26 answers · 17 right",), footer=self.FOOTER)
        scrolled = after(
            "end",
            showing=("v  Review now        b  Back",),
            footer=self.FOOTER,
            top="Official assertion",
        )

        async def ready(pilot: Pilot) -> None:
            await loaded(pilot)
            await scrolled(pilot)

        assert snap_compare(app, terminal_size=WIDE, run_before=ready)


class TestRound:
    def test_claim(self, snap_compare) -> None:
        ready = after(showing=("1 of 5",), footer=ROUND)
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=ready)

    def test_wrong_answer(self, snap_compare) -> None:
        ready = after("1", "enter", "f", showing=("✗ Not quite", "Next ⏎"), footer=ANSWERED)
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=ready)

    def test_right_answer_with_discussion(self, snap_compare) -> None:
        ready = after("1", showing=("✓ Right", "Discuss:", "Next ⏎"), footer=ANSWERED)
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=ready)

    def test_hint(self, snap_compare) -> None:
        keys = ("1", "enter", "2", "enter", "h")
        ready = after(*keys, showing=("3 of 5", "Hint: Look for"), footer=ROUND[len("h Hint   ") :])
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=ready)

    def test_claim_small(self, snap_compare) -> None:
        ready = after(showing=("1 of 5", "3 D  Disputed"), footer=ROUND)
        assert snap_compare(round_app(), terminal_size=SMALL, run_before=ready)

    def test_answer_small(self, snap_compare) -> None:
        # The verdict is scrolled into view after the answer, and shows at the top.
        ready = after("2", showing=("Streak 0",), footer=ANSWERED, top="█ ✗ Not quite")
        assert snap_compare(round_app(), terminal_size=SMALL, run_before=ready)

    def test_wrong_answer_without_colour(self, snap_compare, monkeypatch) -> None:
        # NO_COLOR: right and wrong still read, by their symbols and words.
        monkeypatch.setenv("NO_COLOR", "1")
        app = round_app()
        assert app.no_color
        ready = after("1", "enter", "f", showing=("✗ Not quite", "Next ⏎"), footer=ANSWERED)
        assert snap_compare(app, terminal_size=WIDE, run_before=ready)

    def test_hostile_text(self, snap_compare) -> None:
        app = ClaimSortApp([], start=hostile_pack(), clock=FakeClock())
        ready = after("h", "o", showing=("✗ Not quite", "See the results ⏎"), footer=ANSWERED)
        assert snap_compare(app, terminal_size=WIDE, run_before=ready)


class TestReader:
    def test_article(self, snap_compare) -> None:
        keys = ("1", "enter", "f", "enter", "r")
        ready = after(*keys, showing=("[Official assertion]",), footer="Esc Back")
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=ready)


class TestHelp:
    def test_help(self, snap_compare) -> None:
        ready = after("question_mark", showing=("How to sort a claim",), footer="Esc Back")
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=ready)


class TestQuit:
    def test_dialog(self, snap_compare) -> None:
        footer = "y Quit   b Pack list   n Keep playing"
        ready = after("1", "q", showing=("Leave this round?", "Next ⏎"), footer=footer)
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=ready)


class TestSummary:
    def test_summary(self, snap_compare) -> None:
        keys = ("1", "enter", "f", "enter", "h", "d", "enter", "f", "enter", "f", "enter")
        ready = after(*keys, showing=("3 right out of 5", "Claims you missed"), footer=SUMMARY)
        assert snap_compare(round_app(), terminal_size=WIDE, run_before=ready)

    def test_review_summary(self, snap_compare, entries) -> None:
        app = home_app(entries, seeded_store())
        keys = ("v", "2", "enter", "2", "enter")
        # The key bar takes two rows here.
        ready = after(
            *keys, showing=("0 right out of 1", "n Next review   " + SUMMARY[:-9]), footer="q Quit"
        )
        assert snap_compare(app, terminal_size=WIDE, run_before=ready)


class TestTooSmall:
    def test_too_small(self, snap_compare) -> None:
        ready = after(showing=("Terminal too small:", "40×12."), footer=None)
        assert snap_compare(round_app(), terminal_size=(20, 6), run_before=ready)


class TestLive:
    """The teacher's live view (`claimsort report --live`) of a class of twelve who have
    each played the fixture pack once (then replayed the missed), from a real progress
    file."""

    @staticmethod
    def live_app(tmp_path):
        from report_data import play_class

        from game.report.live import LiveClass
        from game.report.sources import Filters
        from tui.live import LiveApp

        pack = demo_pack()
        play_class(tmp_path / "progress.db", pack, 12)
        live = LiveClass(Filters(), {pack.id: len(pack.claims)})
        return LiveApp(tmp_path / "progress.db", live)

    def test_live(self, snap_compare, tmp_path) -> None:
        """At 80x24: the students' columns with their heading, the claims' tallies below."""
        ready = after(showing=("12 students have joined.", "student-12"), footer=None)
        assert snap_compare(self.live_app(tmp_path), terminal_size=WIDE, run_before=ready)

    def test_live_small(self, snap_compare, tmp_path) -> None:
        """At 40x12: the status wraps, the columns still fit without scrolling sideways."""
        ready = after(showing=("12 students have joined.", "student-04"), footer=None)
        assert snap_compare(self.live_app(tmp_path), terminal_size=SMALL, run_before=ready)

    def test_live_small_claims(self, snap_compare, tmp_path) -> None:
        """At 40x12, scrolled to the end: the claims' tallies, the wrong answers chosen on
        a line of their own where they would not fit, nothing cut at the right edge."""
        loaded = after(showing=("12 students have joined.", "student-04"), footer=None)
        scrolled = after("end", showing=("safest-country",), footer=None)

        async def ready(pilot: Pilot) -> None:
            await loaded(pilot)
            await scrolled(pilot)

        assert snap_compare(self.live_app(tmp_path), terminal_size=SMALL, run_before=ready)
