"""Snapshots of every screen at 80x24 and of the round at 40x12.

Fixture packs and a fake clock keep them deterministic. Update with
`pytest tests/test_tui_snapshots.py --snapshot-update` and look at every changed SVG.
"""

from __future__ import annotations

from conftest import FakeClock, demo_pack, hostile_pack
from textual.pilot import Pilot

from tui.app import ClaimSortApp

WIDE = (80, 24)
SMALL = (40, 12)


def round_app() -> ClaimSortApp:
    return ClaimSortApp([], start=demo_pack(), clock=FakeClock())


def home_app(entries) -> ClaimSortApp:
    return ClaimSortApp(entries, clock=FakeClock())


def press(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


class TestHome:
    def test_pack_list(self, snap_compare, entries) -> None:
        assert snap_compare(home_app(entries), terminal_size=WIDE)

    def test_no_packs(self, snap_compare, monkeypatch) -> None:
        monkeypatch.setenv("CLAIMSORT_HOME", "/nonexistent/claimsort-home")
        assert snap_compare(home_app([]), terminal_size=WIDE)


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


class TestTooSmall:
    def test_too_small(self, snap_compare) -> None:
        assert snap_compare(round_app(), terminal_size=(20, 6))
