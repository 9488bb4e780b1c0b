"""The confidence step (issue 13): after the category, how sure the player is, by
keyboard (1/2/3, or the same letter again) and by mouse; Esc takes the pick back; the
level is stored with the answer in the progress file."""

from __future__ import annotations

from pathlib import Path

from conftest import FakeClock, demo_pack
from textual.widgets import Static
from ui import click, on_screen, screen_text, shows, wait_until

from game.progress import ProgressStore
from tui.app import ClaimSortApp, RoundOptions
from tui.screens.round import RoundScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.choices import CategoryButton
from tui.widgets.confidence import ConfidenceChip


def confident_app(store: ProgressStore | None = None) -> ClaimSortApp:
    return ClaimSortApp(
        [],
        start=demo_pack(),
        options=RoundOptions(confidence=True),
        clock=FakeClock(),
        store=store,
        player="ana",
    )


async def test_keys_pick_then_rate_and_the_level_is_stored(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "progress.db")
    app = confident_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_screen(pilot, RoundScreen)
        await pilot.press("1")  # met-at-palace: fact
        text = await shows(pilot, "How sure are you that this is a verified fact?")
        assert "[1] Not sure" in text and "[3] Very sure" in text
        assert not screen.round.answers  # nothing answered before the level
        assert "Esc Change answer" in text.splitlines()[-1]
        await pilot.press("2")
        await shows(pilot, "✓ Right: this is a verified fact.")
        assert screen.round.answers[-1].confidence == "medium"
        await pilot.press("enter", "f", "f")  # the same letter again: very sure
        await shows(pilot, "✗ Not quite")
        assert screen.round.answers[-1].confidence == "high"
        await pilot.press("enter", "a", "escape")  # taken back: the claim waits again
        await wait_until(
            pilot, lambda: "How sure" not in screen_text(app), "the question gone after Esc"
        )
        assert screen.round.chosen is None and len(screen.round.answers) == 2
        await pilot.press("d", "1")
        await shows(pilot, "✓ Right: this is a disputed claim.")
        assert screen.round.answers[-1].confidence == "low"
        await pilot.press("enter")
        await wait_until(pilot, lambda: store.pending == 0, "the answers on disk")
    store.close()
    again = ProgressStore.open(tmp_path / "progress.db")
    assert [a.confidence for a in again.answers(player="ana")] == ["medium", "high", "low"]
    again.close()


async def test_the_mouse_picks_and_rates_at_40x12() -> None:
    app = confident_app()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await on_screen(pilot, RoundScreen)
        await click(pilot, screen.query(CategoryButton).first())
        await shows(pilot, "How sure are you")
        very = next(chip for chip in screen.query(ConfidenceChip) if chip.level.id == "high")
        await wait_until(pilot, lambda: very.region.bottom <= 11, "the chips in view")
        assert very.region.right <= 40
        await click(pilot, very)
        await shows(pilot, "✓ Right")
        assert screen.round.answers[-1].confidence == "high"


async def test_without_the_step_one_key_answers() -> None:
    app = ClaimSortApp([], start=demo_pack(), clock=FakeClock(), player="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await shows(pilot, "✓ Right")
        screen = app.screen
        assert isinstance(screen, RoundScreen)
        assert screen.round.answers[-1].confidence is None


async def test_the_summary_shows_the_lean_and_calibration_in_words(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # it must read by symbol and word alone
    app = confident_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for number in range(1, 6):
            await shows(pilot, f"{number} of 5")
            await pilot.press("f", "f")  # "Verified fact", very sure, every time
            await shows(pilot, "Next ⏎" if number < 5 else "See the results ⏎")
            await pilot.press("enter")
        await on_screen(pilot, SummaryScreen)
        calibrated = str(app.screen.query_one("#calibration", Static).content)
        assert calibrated == "Very sure: ✔✔✘✘✘ 2/5 — you aimed for 9 in 10: a bit too sure"
        said = str(app.screen.query_one("#bias", Static).content)
        assert said.startswith("You took 3 claims for facts that rest on someone's word")


async def test_a_claim_missed_while_very_sure_is_explained_before_the_review_asks() -> None:
    from datetime import UTC, datetime, timedelta

    from game.round import Answer

    pack = demo_pack()
    store = ProgressStore.in_memory()
    then = datetime(2025, 4, 20, 9, 0, tzinfo=UTC)
    session = store.start_session("ana", pack, at=then)
    for claim, sure in zip(pack.claims[:2], ["high", "medium"], strict=True):
        wrong = "disputed" if claim.answer != "disputed" else "fact"
        store.record(
            session,
            pack,
            Answer(claim, wrong, claim.answer, False, 2.0, then, confidence=sure),
        )
    app = ClaimSortApp(
        [],
        review=[pack],
        store=store,
        clock=FakeClock(),
        now=lambda: then + timedelta(hours=1),
        player="ana",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        text = await shows(pilot, "1 of 2")
        assert "Last time you were very sure, and missed it. Why:" in text
        assert pack.claims[0].explanation in str(
            app.screen.query_one("#explain-first", Static).content
        )
        await pilot.press("1", "enter")
        text = await shows(pilot, "2 of 2")
        assert "Last time you were very sure" not in text  # missed, but only fairly sure


def test_settings_are_kept_and_a_bad_file_gives_the_defaults(tmp_path: Path) -> None:
    from game.settings import Settings, load_settings, save_settings

    path = tmp_path / "settings.json"
    assert load_settings(path) == (Settings(confidence=True), None)
    save_settings(Settings(confidence=False), path)
    assert load_settings(path) == (Settings(confidence=False), None)
    path.write_text('{"confidence": "no"}', encoding="utf-8")
    settings, problem = load_settings(path)
    assert settings == Settings() and problem is not None and "settings.json" in problem


async def test_c_on_the_pack_list_turns_the_step_off_and_keeps_it(entries, notifications) -> None:
    from game.settings import load_settings

    app = ClaimSortApp(
        entries, options=RoundOptions(confidence=True), clock=FakeClock(), player="ana"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(pilot, "c Sure?")
        await pilot.press("c")
        await wait_until(
            pilot,
            lambda: (
                all(w.is_finished for w in app.workers if w.group == "settings")
                and load_settings()[0].confidence is False
            ),
            "the setting saved",
        )
        assert "The “how sure are you?” step is off: one key answers." in notifications
        await pilot.press("enter", "1")
        await shows(pilot, "✓ Right")  # one key answered
