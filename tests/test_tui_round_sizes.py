"""The round at the sizes a class meets (issue 13): every built-in claim's verdict,
explanation and Discuss question in view at 80x24 without scrolling; the labels, the
status line and the "▼ more" line at 40x12; the reading width at 120x40; and the keys
that do not apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeClock, demo_pack
from ui import on_screen, screen_text, shows, wait_until

from game.loader import load_pack
from game.pack import Pack
from game.round import Round
from game.wording import category_name
from tui.app import ClaimSortApp
from tui.screens.home import HomeScreen
from tui.screens.quit import QuitScreen
from tui.screens.round import RoundScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.choices import CategoryButton
from tui.widgets.feedback import FeedbackPanel, verdict
from tui.widgets.more_below import MoreBelow

BUILT_IN = Path(__file__).parent.parent / "questions" / "bukele-white-house.toml"


def round_screen(app: ClaimSortApp) -> RoundScreen:
    screen = app.screen
    assert isinstance(screen, RoundScreen)
    return screen


def wrong_choice(pack: Pack, claim_answer: str) -> str:
    """A wrong category, the one with the longest verdict."""
    others = [c for c in pack.categories if c.id != claim_answer]
    return max(others, key=lambda c: len(category_name(c))).id


BUILT_IN_PACKS = sorted(BUILT_IN.parent.glob("*.toml"))


@pytest.mark.parametrize("path", BUILT_IN_PACKS, ids=lambda path: path.stem)
async def test_every_built_in_claim_is_explained_above_the_fold_at_80x24(path: Path) -> None:
    pack = load_pack(path)
    app = ClaimSortApp([], start=pack, clock=FakeClock(), player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_screen(pilot, RoundScreen)
        scroll = screen.query_one("#round-scroll")
        feedback = screen.query_one(FeedbackPanel)
        for number, claim in enumerate(pack.claims, start=1):
            await shows(pilot, f"{number} of {len(pack.claims)}")
            chosen = wrong_choice(pack, claim.answer)
            key = str([c.id for c in pack.categories].index(chosen) + 1)
            await pilot.press(key)
            answer = screen.round.answers[-1]
            last = number == len(pack.claims)
            next_label = "See the results ⏎" if last else "Next ⏎"
            # The whole answered claim is laid out: card, verdict, explanation,
            # Discuss and Next all fit, with nothing to scroll to.
            text = await shows(pilot, verdict(answer, pack), next_label)
            await wait_until(pilot, lambda: feedback.size.height > 0, "the verdict laid out")
            assert scroll.max_scroll_y == 0, (claim.id, scroll.virtual_size, scroll.size)
            assert feedback.region.bottom <= scroll.region.bottom, claim.id
            assert ("Discuss:" in text) == bool(claim.discuss), claim.id
            assert not screen.query_one(MoreBelow).display
            await pilot.press("enter")


async def test_choice_labels_read_like_the_spec_and_line_up_at_40x12() -> None:
    app = ClaimSortApp([], start=demo_pack(), clock=FakeClock(), player="ana")
    async with app.run_test(size=(40, 12)) as pilot:
        text = await shows(pilot, "[1 F] Verified fact", "[2 A] Official assertion")
        rows = text.splitlines()
        columns = [
            row.index(f"[{n} {key}]")
            for n, key in ((1, "F"), (2, "A"), (3, "D"))
            for row in rows
            if f"[{n} {key}]" in row
        ]
        assert len(columns) == 3 and len(set(columns)) == 1, rows
        # The title is whole on a row of its own, the progress under it.
        assert rows[0].strip() == "ClaimSort · The summit"
        assert "1 of 5" in rows[1] and "▱" in rows[1]


async def test_the_progress_bar_fills_as_claims_are_answered() -> None:
    app = ClaimSortApp([], start=demo_pack(), clock=FakeClock(), player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        first = (await shows(pilot, "1 of 5")).splitlines()[0]
        assert "▰" not in first and "▱" in first
        await pilot.press("1")
        answered = (await shows(pilot, "Next ⏎")).splitlines()[0]
        assert answered.count("▰") > 0 and "▱" in answered
        for _ in range(4):
            await pilot.press("enter", "1")
        done = (await shows(pilot, "See the results ⏎")).splitlines()[0]
        assert "▰" in done and "▱" not in done


async def test_a_wide_terminal_keeps_lines_near_80_columns_in_the_middle() -> None:
    app = ClaimSortApp([], start=load_pack(BUILT_IN), clock=FakeClock(), player="ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        text = await shows(pilot, "Next ⏎")
        screen = round_screen(app)
        scroll = screen.query_one("#round-scroll")
        assert scroll.region.width <= 84
        left = scroll.region.x
        assert abs(left - (120 - scroll.region.right)) <= 1  # centred
        body = text.splitlines()[1:-1]
        assert max(len(row.rstrip()) - left for row in body if row.strip()) <= 84


async def test_h_on_a_claim_without_a_hint_says_so(notifications) -> None:
    pack = demo_pack()
    app = ClaimSortApp([], start=pack, clock=FakeClock(), player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "enter")  # the second claim has no hint
        await shows(pilot, "2 of 5")
        assert pack.claims[1].hint is None
        assert "h Hint" not in screen_text(app).splitlines()[-1]
        await pilot.press("h")
        await wait_until(pilot, lambda: "No hint for this claim." in notifications, "the notice")
        assert not round_screen(app).round.hint_used


async def test_quitting_before_any_answer_asks_nothing(entries) -> None:
    app = ClaimSortApp(entries, clock=FakeClock(), player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        await pilot.press("q")
        await on_screen(pilot, HomeScreen)
        await pilot.press("enter")
        await on_screen(pilot, RoundScreen)
        await pilot.press("1", "q")
        await on_screen(pilot, QuitScreen)


async def test_a_replay_of_missed_claims_says_so() -> None:
    pack = demo_pack()
    first = Round(pack, clock=FakeClock())
    for claim in pack.claims:
        first.answer("disputed" if claim.answer != "disputed" else "fact")
        first.next()
    app = ClaimSortApp([], clock=FakeClock(), player="ana")
    async with app.run_test(size=(40, 12)) as pilot:
        app.play_round(first.replay_missed())
        text = await shows(pilot, "1 of 5")
        assert "Replay of missed claims" in text


async def test_more_below_shows_while_the_round_runs_past_the_fold_at_40x12() -> None:
    app = ClaimSortApp([], start=demo_pack(), clock=FakeClock(), player="ana")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("2")  # wrong: the verdict and its explanation overflow
        await shows(pilot, "✗ Not quite")
        screen = round_screen(app)
        more = screen.query_one(MoreBelow)
        scroll = screen.query_one("#round-scroll")
        await wait_until(pilot, lambda: more.display, "the ▼ more line")
        assert "▼ more below" in screen_text(app)
        scroll.scroll_end(animate=False)
        await wait_until(pilot, lambda: not more.display, "the line gone at the end")
        assert "Next ⏎" in screen_text(app)


async def test_narrow_buttons_are_whole() -> None:
    app = ClaimSortApp([], start=demo_pack(), clock=FakeClock(), player="ana")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("1")
        await shows(pilot, "✓ Right")
        for button in round_screen(app).query(CategoryButton):
            assert button.region.right <= 40
        round_screen(app).query_one("#round-scroll").scroll_end(animate=False)
        text = await shows(pilot, "Next ⏎")
        assert "See it in th" not in text  # whole or not at all: "r Article" below
        assert "r Article" in text.splitlines()[-1]


async def test_the_summary_says_more_is_below_and_its_buttons_are_whole_at_40x12() -> None:
    pack = load_pack(BUILT_IN)
    app = ClaimSortApp([], start=pack, clock=FakeClock(), player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        for number in range(1, len(pack.claims) + 1):
            await shows(pilot, f"{number} of {len(pack.claims)}")
            await pilot.press("1")
            await shows(pilot, "See the results ⏎" if number == len(pack.claims) else "Next ⏎")
            await pilot.press("enter")
        screen = await on_screen(pilot, SummaryScreen)
        # The missed claims are below the fold at 80x24: the screen says so.
        more = screen.query_one(MoreBelow)
        await wait_until(pilot, lambda: more.display, "the ▼ more line")
        assert "Claims you missed" not in screen_text(app)
        await pilot.resize_terminal(40, 12)
        screen.query_one("#summary-scroll").scroll_end(animate=False)
        await wait_until(pilot, lambda: not more.display, "the end in view")
        text = await shows(pilot, "m  Replay missed", "p  Play again")
        for button in screen.query("#summary-buttons Button"):
            assert button.region.right <= 40
        assert "Replay misse " not in text


async def test_stats_fit_40_columns_without_scrolling_sideways(entries) -> None:
    from datetime import UTC, datetime

    from game.progress import ProgressStore
    from game.round import Answer

    pack = demo_pack()
    store = ProgressStore.in_memory()
    when = datetime(2025, 4, 20, tzinfo=UTC)
    session = store.start_session("ana", pack, at=when)
    for claim in pack.claims:
        store.record(session, pack, Answer(claim, "fact", claim.answer, False, 2.0, when))
    app = ClaimSortApp(entries, clock=FakeClock(), store=store, player="ana", now=lambda: when)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("s")
        await shows(pilot, "Progress · ana", "Accuracy per category")
        scroll = app.screen.query_one("#stats-scroll")
        assert scroll.max_scroll_x == 0  # nothing to scroll sideways to
        categories = app.screen.query_one("#stats-categories")
        lines = str(categories.content).splitlines()  # type: ignore[attr-defined]
        # The label on a row of its own, the note wrapped under the bar: nothing cut.
        at = lines.index("Verified fact")
        assert lines[at + 1].strip().startswith("████████████  2/2")
        assert " ".join(line.strip() for line in lines[at + 2 : at + 4]) == (
            "you picked it 5 times, 3 of them wrongly"
        )
        assert max(len(line) for line in lines) <= 38


async def test_the_reader_shows_the_article_not_its_frame_at_40x12() -> None:
    app = ClaimSortApp([], start=load_pack(BUILT_IN), clock=FakeClock(), player="ana")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("r")
        await shows(pilot, "Esc Back")
        article = app.screen.query_one("#article")
        await wait_until(pilot, lambda: article.size.height >= 6, "six rows of article")


def test_a_category_with_no_claims_shows_a_dash_not_a_tick_of_nothing() -> None:
    from game.pack import DEFAULT_CATEGORIES
    from tui.widgets.confusion import confusion_lines

    counts = {("fact", "fact"): 4, ("assertion", "fact"): 2}
    for width in (None, 38):
        rows = confusion_lines(counts, DEFAULT_CATEGORIES, width).plain.splitlines()
        disputed = next(row for row in rows if row.startswith(("Disputed", "D ")))
        assert "✓0" not in disputed and "–" in disputed
        assert any("✓0" in row for row in rows)  # assertions answered, none rightly
