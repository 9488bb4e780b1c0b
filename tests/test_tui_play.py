"""Pilot tests: whole rounds by keyboard and by mouse, the screens around them, sizes,
hostile pack text and unexpected errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import HOSTILE, FakeClock, demo_pack, hostile_pack
from loading import stats_loaded
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Digits, OptionList, Static
from ui import click, on_screen, screen_text, shows, wait_until

from game.round import Round
from tui.app import ClaimSortApp, RoundOptions
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.quit import QuitScreen
from tui.screens.reader import ReaderScreen
from tui.screens.round import RoundScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.choices import CategoryButton
from tui.widgets.claim_card import ClaimCard
from tui.widgets.feedback import FeedbackPanel
from tui.widgets.hanging import HangingLines
from tui.widgets.keybar import KeyBar
from tui.widgets.too_small import TooSmall


def app_for(pack=None, entries=(), **options) -> ClaimSortApp:
    return ClaimSortApp(entries, start=pack, options=RoundOptions(**options), clock=FakeClock())


async def click_key(pilot, app: ClaimSortApp, key: str) -> None:
    """Click `key` in the screen's key bar, as a mouse-only player would."""
    bar = app.screen.query_one(KeyBar)
    column, row = bar.key_offsets[key]
    await click(pilot, bar, offset=(column + 1, row))


def static_text(app: ClaimSortApp, selector: str) -> str:
    return "\n".join(str(w.content) for w in app.screen.query(selector).results(Static))


def quote_line(app: ClaimSortApp) -> Content:
    """The reader's line where the current claim's quote starts, as shown."""
    screen = app.screen
    assert isinstance(screen, ReaderScreen) and screen.quote_line is not None
    return screen.lines[screen.quote_line]


def result(app: ClaimSortApp) -> str:
    """The summary's big result, as "right/total"."""
    right = app.screen.query_one("#result-right", Digits).value
    total = app.screen.query_one("#result-total", Digits).value
    return f"{right}/{total}"


# -- a whole round by keyboard ---------------------------------------------------


async def test_keyboard_round_from_home_to_summary(entries) -> None:
    app = app_for(entries=entries)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # the first pack is highlighted
        round_ = (await on_screen(pilot, RoundScreen)).round
        await shows(pilot, "1 of 5")

        # met-at-palace (fact): right, by number
        await pilot.press("1")
        await shows(pilot, "✓ Right: this is a verified fact.")
        await pilot.press("enter")
        # safest-country (assertion): wrong, by letter
        await pilot.press("f")
        await shows(pilot, "✗ Not quite: this is an official assertion (you said: verified fact).")
        await pilot.press("space")
        # prison-conditions (disputed): hint, then right: half a point
        await pilot.press("h")
        await shows(pilot, "Look for a word like 'questioned'.")
        await pilot.press("d")
        await shows(pilot, "✓ Right, with the hint (half a point)")
        await pilot.press("enter")
        # old-law (fact): wrong, said assertion
        await pilot.press("2")
        await pilot.press("enter")
        # deal-rushed (disputed): right
        await pilot.press("3")
        await shows(pilot, "See the results")
        await pilot.press("enter")

        await on_screen(pilot, SummaryScreen)
        assert [a.chosen for a in round_.answers] == [
            "fact",
            "fact",
            "disputed",
            "assertion",
            "disputed",
        ]
        assert result(app) == "3/5"
        await shows(pilot, "Score 2.5")
        accuracy = static_text(app, "#accuracy")
        assert "1/2   50%" in accuracy  # fact: old-law missed
        assert "0/1    0%" in accuracy  # assertion: safest-country missed
        assert "2/2  100%" in accuracy  # disputed
        confusion = static_text(app, "#confusion").splitlines()
        assert confusion[1].split()[-3:] == ["✓1", "1", "0"]  # right: fact
        assert confusion[2].split()[-3:] == ["1", "✓0", "0"]  # right: assertion
        assert confusion[3].split()[-3:] == ["0", "0", "✓2"]  # right: disputed
        missed = static_text(app, ".missed")
        assert "The visiting president's country is the safest in the region." in missed
        assert '"Said" marks it as his claim; the article does not check it.' in missed
        assert "The agreement was signed under a 1798 law." in missed
        assert not app.screen.query("#bias")  # one slip each way is not a bias

        # m replays the two missed claims
        await pilot.press("m")
        replay = await on_screen(pilot, RoundScreen)
        assert [c.id for c in replay.round.claims] == ["safest-country", "old-law"]
        await shows(pilot, "1 of 2", "Replay of missed claims")


async def test_mouse_round_from_home_to_summary(entries) -> None:
    app = app_for(entries=entries)
    async with app.run_test(size=(80, 24)) as pilot:
        packs = app.screen.query_one("#packs", OptionList)
        # The third option (two lines each) is the hostile pack; click the first one.
        await click(pilot, packs, offset=(4, 1))
        round_ = (await on_screen(pilot, RoundScreen)).round

        # Answer "Verified fact" to everything, by clicking.
        for number in range(1, 6):
            await shows(pilot, f"{number} of 5")
            fact = app.screen.query(CategoryButton).first()
            assert fact.category.id == "fact"
            await click(pilot, fact)
            await shows(pilot, "See the results ⏎" if number == 5 else "Next ⏎")
            await click(pilot, "#next")

        await on_screen(pilot, SummaryScreen)
        assert [a.chosen for a in round_.answers] == ["fact"] * 5
        assert result(app) == "2/5"
        await shows(pilot, "Score 2")
        confusion = static_text(app, "#confusion").splitlines()
        assert confusion[1].split()[-3:] == ["✓2", "0", "0"]
        assert confusion[2].split()[-3:] == ["1", "✓0", "0"]
        assert confusion[3].split()[-3:] == ["2", "0", "✓0"]
        lean, bias = static_text(app, "#bias").splitlines()
        assert lean == (
            "You took 3 claims for facts that rest on someone's word: ask who stands behind each."
        )
        assert bias.startswith("You took 2 disputed claims for verified facts")

        await click_key(pilot, app, "p")  # play again
        again = await on_screen(pilot, RoundScreen)
        assert again.round.claims == round_.claims
        assert again.round.answers == []

        # Mouse only: quit through the footer's "q" and the dialog's buttons (asked
        # once something is answered).
        await click(pilot, app.screen.query(CategoryButton).first())
        await shows(pilot, "Next ⏎")
        await click_key(pilot, app, "q")
        await on_screen(pilot, QuitScreen)
        await click(pilot, "#home")
        await on_screen(pilot, HomeScreen)


async def test_options_limit_and_seeded_shuffle() -> None:
    pack = demo_pack()
    app = app_for(pack, shuffle=True, seed=7, limit=3)
    async with app.run_test(size=(80, 24)):
        round_ = app.screen.round
        expected = Round(pack, shuffle=True, seed=7, limit=3).claims
        assert round_.claims == expected
        assert "1 of 3" in screen_text(app)
        assert str(app.screen.query_one(ClaimCard).content) == expected[0].text


async def test_answer_keys_ignored_during_feedback_and_enter_before_answer() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        round_ = app.screen.round
        await pilot.press("enter")  # nothing to go on from yet
        assert round_.position == 1 and not round_.answers
        await pilot.press("2")
        await pilot.press("1", "3", "f")  # the verdict shows: no second answer
        assert [a.chosen for a in round_.answers] == ["assertion"]
        buttons = list(app.screen.query(CategoryButton))
        assert str(buttons[0].content).startswith("✓ ")  # the right one: fact
        assert str(buttons[1].content).startswith("✗ ")  # the player's wrong pick
        await pilot.click(buttons[2])  # nor does a click once the verdict shows
        assert [a.chosen for a in round_.answers] == ["assertion"]


# -- the other screens -----------------------------------------------------------


async def test_reader_highlights_current_quote_and_marks_answered_ones() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "enter")  # met-at-palace answered: fact
        await pilot.press("r")
        await on_screen(pilot, ReaderScreen)
        line = quote_line(app)
        assert "Our country is now the safest in the region" in str(line)
        assert any("reverse" in str(span.style) for span in line.spans)
        # The current claim is not answered yet: its category is not given away.
        assert "[Official assertion]" not in str(line)
        # The article's lines as the reader shows them (it draws only those in view).
        article = "\n".join(str(line) for line in app.screen.lines)
        assert "met at the palace on Monday [Verified fact]" in article
        await pilot.press("escape")
        await on_screen(pilot, RoundScreen)

        await pilot.press("2", "r")  # answered: now its quote carries its category
        await on_screen(pilot, ReaderScreen)
        line = quote_line(app)
        assert "the safest in the region [Official assertion]" in str(line)


async def test_reader_scrolls_the_quote_into_view_at_small_size() -> None:
    app = app_for(demo_pack(), shuffle=False)
    async with app.run_test(size=(40, 12)) as pilot:
        for _number in range(4):
            await pilot.press("1", "enter")
        await pilot.press("r")  # deal-rushed: the article's last line
        await shows(pilot, "Critics said the deal was rushed.")


async def test_help_shows_the_pack_categories_and_keys() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await on_screen(pilot, HelpScreen)
        text = static_text(app, "Static")
        for category in demo_pack().categories:
            assert category.label in text
            assert category.description in text
        assert '"said", "declared", "boasted"' in text  # cue words
        rows = help_rows(app)
        assert any(row.startswith("1/f 2/a 3/d") for row in rows)
        assert "On the pack list" in text and "v review the claims that are due" in rows
        assert "m replay only the claims you missed" in rows
        await pilot.press("escape")
        await on_screen(pilot, RoundScreen)
        await pilot.press("f1")
        await on_screen(pilot, HelpScreen)


def help_rows(app: ClaimSortApp) -> list[str]:
    """The help's key rows, each as "keys what they do" with single spaces."""
    rows = []
    for widget in app.screen.query(".help-key").results(Static):
        lines = widget.content
        assert isinstance(lines, HangingLines)  # wrapped under its text, not to the margin
        rows.append(" ".join(" ".join(p.plain for p, _f, _r in lines.paragraphs).split()))
    return rows


async def test_help_lists_the_keys_of_the_round_the_pack_list_and_the_results() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        rows = help_rows(app)
        for row in [
            "1/f 2/a 3/d answer with a category (or click its button)",
            "Enter/Space go on after the verdict",
            "h show the hint (a right answer then scores half)",
            "?/F1 this help",
            "Esc/r close the article",
            "Esc/?/F1/q close this help",
            "Enter play the selected pack",
            "v review the claims that are due",
            "n after a review: the next pack due",
            "b/Esc back to the pack list",
        ]:
            assert row in rows


async def test_help_teaches_the_three_questions_and_keeps_its_indent_at_40x12() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("question_mark")
        text = await shows(pilot, "How to sort a claim: three questions")
        assert "1. Is the claim about what someone" in text
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        words = " ".join(str(w.content) for w in screen.query(".help-description").results(Static))
        assert "Does anyone contest it?" in " ".join(
            " ".join(p.plain for p, _f, _r in w.content.paragraphs)
            for w in screen.query(".help-question").results(Static)
            if isinstance(w.content, HangingLines)
        )
        # No rule the help teaches contradicts another: "said" is a cue of an assertion,
        # and that someone said something is a fact.
        assert "that they said it is a verified fact" in words
        # A key row that wraps continues under its description, not at the margin.
        screen.query_one("#help-scroll").scroll_end(animate=False)
        text = await shows(pilot, "replay only the claims")
        rows = text.splitlines()
        at = next(i for i, row in enumerate(rows) if "replay only the claims" in row)
        assert rows[at + 1].startswith(" " * 10) and "you missed" in rows[at + 1]


async def test_a_key_changed_in_a_binding_changes_in_the_help(monkeypatch) -> None:
    changed = [
        dataclasses.replace(b, key="i,f2") if b.action == "hint" else b
        for b in RoundScreen.BINDINGS
        if isinstance(b, Binding)
    ]
    monkeypatch.setattr(RoundScreen, "BINDINGS", changed)
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        rows = help_rows(app)
        assert "i/F2 show the hint (a right answer then scores half)" in rows
        assert not any(row.startswith("h ") for row in rows)


async def test_quit_asks_first() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "q")
        await on_screen(pilot, QuitScreen)
        await shows(pilot, "You have answered 1 of 5 claims.")
        await pilot.press("n")
        assert (await on_screen(pilot, RoundScreen)).round.answers  # nothing lost
        await pilot.press("q", "y")
    assert app.return_code == 0


async def test_a_round_started_from_the_command_line_can_go_to_the_pack_list(entries) -> None:
    app = ClaimSortApp(entries, start=demo_pack(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "q", "b")
        await on_screen(pilot, HomeScreen)
        await shows(pilot, "The summit")
        await pilot.press("enter")  # and play from there
        await on_screen(pilot, RoundScreen)


async def test_home_lists_packs_and_their_errors(entries) -> None:
    app = app_for(entries=entries)
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(
            pilot,
            "The summit",
            "5 claims · en · ages 14+ · command line",
            "✗ broken.toml — cannot be played",
            "packs/broken.toml:3:9: error: unknown key 'titel'",
            "Five claims from a short made-up article.",  # details panel
        )
        packs = app.screen.query_one("#packs", OptionList)
        bar = app.screen.query_one(KeyBar)
        assert packs.get_option_at_index(1).disabled
        packs.highlighted = 1  # the broken pack: nothing to play, so no Play key
        await wait_until(pilot, lambda: "⏎ Play" not in str(bar.content), "no Play key")
        packs.highlighted = 0
        await wait_until(pilot, lambda: "⏎ Play" in str(bar.content), "the Play key back")
        await pilot.press("down")  # skips the broken pack
        assert packs.highlighted == 2
        await pilot.press("enter")
        assert (await on_screen(pilot, RoundScreen)).round.pack.id == "hostile"


async def test_file_names_with_terminal_escapes_show_escaped_on_home(entries) -> None:
    name = Path("packs/bad\x1b]0;HACKED\x07name.toml")
    broken = dataclasses.replace(entries[1], path=name)
    app = app_for(entries=[broken])
    async with app.run_test(size=(80, 24)) as pilot:
        text = await shows(pilot, "bad\\x1b]0;HACKED\\x07name.toml")
        assert "\x1b" not in text and "\x07" not in text


async def test_home_without_packs_says_where_to_put_them(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(pilot, "No packs found")
        await pilot.press("enter", "1")  # nothing to play; nothing breaks
        assert isinstance(app.screen, HomeScreen)


# -- sizes -----------------------------------------------------------------------


async def test_whole_round_at_40x12() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(40, 12)) as pilot:
        assert not app.screen.query_one(TooSmall).display
        for number, key in enumerate("1f3fd", start=1):
            await shows(pilot, f"{number} of 5")
            await pilot.press(key)
            panel = app.screen.query_one(FeedbackPanel)
            await wait_until(pilot, lambda panel=panel: panel.region.height > 0, "the verdict")
            await pilot.press("enter")
        await on_screen(pilot, SummaryScreen)
        assert result(app) == "4/5"


async def test_too_small_message_and_recovery() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(20, 6)) as pilot:
        assert app.screen.query_one(TooSmall).display
        await shows(pilot, "Terminal too small", "40×12")
        await pilot.resize_terminal(80, 24)
        await shows(pilot, "1 of 5")
        assert not app.screen.query_one(TooSmall).display
        await pilot.resize_terminal(39, 24)
        await shows(pilot, "Terminal too small")


async def test_keys_do_nothing_while_the_terminal_is_too_small() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(20, 6)) as pilot:
        round_ = app.screen.round
        await pilot.press("1", "f", "h", "r", "question_mark", "q")
        assert round_.answers == [] and isinstance(app.screen, RoundScreen)
        await pilot.resize_terminal(80, 24)
        await shows(pilot, "1 of 5")
        await pilot.press("1")
        assert len(round_.answers) == 1  # the same keys work again at a usable size


# -- hostile text ----------------------------------------------------------------


async def test_hostile_pack_text_shows_literally_and_clicks_do_nothing(entries) -> None:
    pack = hostile_pack()
    app = app_for(entries=entries)
    async with app.run_test(size=(120, 40)) as pilot:
        await shows(pilot, pack.title)  # the pack list
        await pilot.press("down", "enter")
        await on_screen(pilot, RoundScreen)
        claim = pack.claims[0]
        card = app.screen.query_one(ClaimCard)
        assert str(card.content) == claim.text
        await shows(
            pilot,
            *HOSTILE,
            "Pub [@click=app.quit]x[/]",  # the card's border title
            "Fact [b]x[/b]",  # a category label on a button
        )
        await click(pilot, card)
        await click(pilot, "#status-title")

        await pilot.press("h")
        assert f"Hint {' '.join(HOSTILE)}" in static_text(app, "#hint")
        await pilot.press("f")
        feedback = str(app.screen.query_one(FeedbackPanel).content)
        for value in (claim.quote, claim.said_by, claim.explanation, claim.discuss):
            assert value in feedback
        await click(pilot, FeedbackPanel)

        await pilot.press("r")
        await on_screen(pilot, ReaderScreen)
        assert f"The quote {' '.join(HOSTILE)}" in str(quote_line(app))
        assert "[Fact [b]x[/b]]" in str(quote_line(app))
        assert pack.sources[0].title in static_text(app, "#reader-title")
        await click(pilot, "#article-text")
        await pilot.press("escape", "question_mark")
        await on_screen(pilot, HelpScreen)
        assert f"Desc {' '.join(HOSTILE)}" in static_text(app, ".help-description")
        await pilot.press("escape", "enter")

        await on_screen(pilot, SummaryScreen)
        assert pack.title in static_text(app, "#summary-title")
        await click(pilot, "#summary-title")
        assert app.is_running
    assert app.return_code is None or app.return_code == 0


# -- unexpected errors -----------------------------------------------------------


@pytest.mark.expected_app_error
async def test_an_error_in_a_handler_is_reported_and_the_round_kept(
    monkeypatch, notifications
) -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "enter")
        round_ = app.screen.round
        original = Round.answer

        def broken(self: Round, category_id: str, confidence: str | None = None) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(Round, "answer", broken)
        await pilot.press("2")
        await wait_until(
            pilot,
            lambda: any("RuntimeError: disk on fire" in m for m in notifications),
            "the error told",
        )
        assert app.is_running
        assert isinstance(app.screen, RoundScreen)
        assert "Traceback" not in screen_text(app)
        assert len(round_.answers) == 1 and round_.position == 2

        monkeypatch.setattr(Round, "answer", original)
        await pilot.press("2")
        assert [a.chosen for a in round_.answers] == ["fact", "assertion"]
        await shows(pilot, "✓ Right: this is an official assertion.")


@pytest.mark.expected_app_error
async def test_an_error_outside_handlers_ends_with_one_short_line(capsys) -> None:
    app = app_for(demo_pack())

    def boom() -> None:
        raise RuntimeError("unexpected")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=(80, 24)) as pilot:
            app.call_later(boom)
            await wait_until(pilot, lambda: app.return_code == 1, "the app to stop")
    assert app.return_code == 1
    printed = capsys.readouterr().err
    assert (
        printed.strip() == "ClaimSort stopped after an unexpected error: RuntimeError: unexpected"
    )


async def test_buttons_answer_by_click_and_read_it_opens_the_article() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        buttons = list(app.screen.query(CategoryButton))
        await click(pilot, buttons[2])
        assert app.screen.round.answers[0].chosen == "disputed"
        await shows(pilot, "See it in the article")
        await click(pilot, "#read-it")
        await on_screen(pilot, ReaderScreen)
        assert "The two presidents met at the palace on Monday [Verified fact]" in str(
            quote_line(app)
        )


# -- review fixes ------------------------------------------------------------------


async def test_enter_on_a_focused_home_button_presses_that_button(entries) -> None:
    from tui.screens.stats import StatsScreen

    app = app_for(entries=entries)
    async with app.run_test(size=(80, 24)) as pilot:

        def footer() -> str:
            return screen_text(app).splitlines()[-1]

        # The list's Enter, shown
        await wait_until(pilot, lambda: "⏎ Play" in footer(), "the Play key in the footer")
        await pilot.press("tab")  # from the pack list to "s  Stats" (nothing is due)
        await wait_until(pilot, lambda: "⏎ Play" not in footer(), "no Play key in the footer")
        assert app.focused is not None and app.focused.id == "stats"
        await pilot.press("enter")
        await on_screen(pilot, StatsScreen)
        await stats_loaded(pilot)
        await pilot.press("escape")
        await on_screen(pilot, HomeScreen)
        app.screen.query_one("#packs").focus()
        await pilot.press("enter")  # the list's own Enter still plays
        await on_screen(pilot, RoundScreen)


def long_article_pack(lines: int, quote_at: int):
    """A pack whose article has `lines` lines, the only claim quoting line `quote_at`."""
    import dataclasses

    base = demo_pack()
    quote = "The needle sentence that settles the claim sits right here."
    text = "\n".join(
        quote if n == quote_at else f"Line {n:05}: filler text of a long article, nothing more."
        for n in range(lines)
    )
    source = dataclasses.replace(base.sources[0], text=text)
    claim = dataclasses.replace(base.claims[0], quote=quote)
    return dataclasses.replace(base, sources=(source,), claims=(claim,))


async def test_a_20000_line_article_opens_with_the_quote_in_view() -> None:
    pack = long_article_pack(20_000, quote_at=15_000)
    assert len(pack.sources[0].text or "") > 1_000_000
    app = app_for(pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert (await on_screen(pilot, ReaderScreen)).quote_line == 15_000
        text = await shows(pilot, "The needle sentence that settles the claim sits right here.")
        # A third of the view above the quote: the sentences that lead to it show too.
        assert "Line 14997:" in text and "Line 14985:" not in text
        assert "Line 15001:" in text
        assert any("reverse" in str(span.style) for span in quote_line(app).spans)


async def test_the_reader_scrolls_to_a_quote_below_wrapped_lines() -> None:
    # Lines wider than the screen wrap: the quote's row counts the wrapped rows above it.
    import dataclasses

    base = long_article_pack(200, quote_at=150)
    wide = (base.sources[0].text or "").replace("nothing more.", "nothing more. " * 8)
    pack = dataclasses.replace(base, sources=(dataclasses.replace(base.sources[0], text=wide),))
    app = app_for(pack)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("r")
        await shows(pilot, "The needle sentence")


async def test_the_player_picker_takes_a_typed_name_at_once() -> None:
    from tui.screens.player import PlayerScreen

    app = app_for(entries=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await on_screen(pilot, PlayerScreen)
        await pilot.press("b", "e", "n", "enter")
        await on_screen(pilot, HomeScreen)
        assert app.player == "ben"
        await pilot.press("p", "escape")
        assert app.player == "ben"


async def test_up_from_the_name_box_reaches_the_list_of_players() -> None:
    from datetime import UTC, datetime

    from game.progress import ProgressStore
    from tui.screens.player import PlayerScreen

    store = ProgressStore.in_memory()
    store.start_session("ana", demo_pack(), at=datetime(2025, 4, 1, tzinfo=UTC))
    store.start_session("cleo", demo_pack(), at=datetime(2025, 4, 2, tzinfo=UTC))
    app = ClaimSortApp([], clock=FakeClock(), store=store, player="ben")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await on_screen(pilot, PlayerScreen)
        await pilot.press("up")  # from the name box to the list, on its last name
        players = app.screen.query_one("#players", OptionList)
        assert app.focused is players
        await pilot.press("enter")
        assert app.player == "ana"  # listed: ben (now), cleo, ana


async def test_dialogs_show_their_own_keys_not_the_screen_behind(entries) -> None:
    app = app_for(entries=entries)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")

        def footer() -> str:
            return screen_text(app).splitlines()[-1]

        await wait_until(pilot, lambda: "Esc Cancel" in footer(), "the dialog's footer")
        assert "Review" not in footer() and "Stats" not in footer()
        await pilot.press("escape", "enter", "1", "q")
        await on_screen(pilot, QuitScreen)
        await wait_until(pilot, lambda: "Keep playing" in footer(), "the dialog's keys")
        shown = footer()
        assert "Pack list" in shown
        assert "Hint" not in shown and "Article" not in shown
        await click_key(pilot, app, "n")  # the dialog's footer works by mouse
        await on_screen(pilot, RoundScreen)


async def test_a_long_level_wraps_under_the_details_indent() -> None:
    import dataclasses
    from pathlib import Path

    from conftest import Entry

    base = demo_pack()
    level = "ages 14 and over, in classes on media literacy and civics"
    pack = dataclasses.replace(base, info=dataclasses.replace(base.info, level=level))
    app = app_for(entries=[Entry(Path("packs/summit.toml"), "built-in", pack)])
    async with app.run_test(size=(40, 12)) as pilot:
        rows = (await shows(pilot, "5 claims")).splitlines()

        def indent(row: str) -> int:
            return len(row) - len(row.lstrip("▊ "))  # after the list's focus border

        first = next(i for i, row in enumerate(rows) if "5 claims" in row)
        assert indent(rows[first]) == indent(rows[first - 1]) + 2  # under the title
        assert rows[first + 1].strip("▊▎ ").startswith("over, in classes")
        assert indent(rows[first + 1]) == indent(rows[first])  # the level wraps under it


async def test_the_confusion_table_keeps_two_spaces_between_columns() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        for _number in range(5):
            await pilot.press("1", "enter")
        await on_screen(pilot, SummaryScreen)
        header = static_text(app, "#confusion").splitlines()[0]
        assert "Verified fact  Official assertion  Disputed" in header


async def test_the_scoring_note_goes_once_the_claim_is_answered() -> None:
    app = app_for(demo_pack())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        hint = static_text(app, "#hint")
        assert "Who reports it" in hint and "(a right answer now scores half)" in hint
        await pilot.press("1")
        hint = static_text(app, "#hint")
        assert "Who reports it" in hint  # the hint stays to read
        text = await shows(pilot, "with the hint (half a point)")
        assert "scores half" not in text
        await pilot.press("enter")
        assert not app.screen.query_one("#hint").display


@pytest.mark.expected_app_error
async def test_an_error_away_from_a_round_does_not_mention_a_round(
    entries, monkeypatch, notifications
) -> None:
    def broken(self: ClaimSortApp) -> None:
        raise RuntimeError("no stats today")

    monkeypatch.setattr(ClaimSortApp, "show_stats", broken)
    app = app_for(entries=entries)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        (message,) = await wait_until(pilot, lambda: notifications, "the error told")
        assert "RuntimeError: no stats today" in message
        assert "round" not in message.lower()
        notifications.clear()
        await pilot.press("enter")  # a round: now the round is mentioned
        await on_screen(pilot, RoundScreen)
        monkeypatch.setattr(Round, "answer", lambda self, category: 1 / 0)
        await pilot.press("1")
        (message,) = await wait_until(pilot, lambda: notifications, "the error told")
        assert "Your round is kept" in message


def test_quotes_with_their_own_marks_get_no_doubled_marks() -> None:
    from game.loader import load_pack
    from game.paths import builtin_packs_dir
    from tui.widgets.source import quoted

    pack = load_pack(builtin_packs_dir() / "bukele-white-house.toml")
    shown = {claim.quote: quoted(claim.quote) for claim in pack.claims}
    marks = str.maketrans("", "", "“”‘’\"'")
    for quote, text in shown.items():
        assert text.startswith("“") and text.endswith("”"), text
        assert "””" not in text and "““" not in text, text
        assert text.count("“") == text.count("”") == 1, text  # inner marks nest as ‘ ’
        assert text.translate(marks) == " ".join(quote.split()).translate(marks)  # same words
    ends = [t for q, t in shown.items() if q.endswith("”")]
    starts = [t for q, t in shown.items() if q.startswith("“")]
    assert ends and starts  # the pack has both kinds
    assert any(t.endswith("a ‘crime and terrorism problem,’”") for t in ends)
    assert any(t.startswith("“‘Sometimes people say") for t in starts)
    assert quoted('He said "no" twice') == "“He said ‘no’ twice”"
    assert quoted("plain words") == "“plain words”"


async def test_dialogs_fit_40x12_above_their_footer(entries) -> None:
    app = app_for(entries=entries)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("p", "=", "x", "enter")
        text = await shows(pilot, "a player name cannot start with")
        assert "Esc Cancel" in text.splitlines()[-1]
        dialog = app.screen.query_one("#player-dialog")
        assert dialog.region.bottom <= 11 and dialog.region.right <= 40
        await pilot.press("escape", "enter", "1", "q")
        await on_screen(pilot, QuitScreen)
        dialog = app.screen.query_one("#quit-dialog")
        assert dialog.region.right <= 40 and dialog.region.bottom <= 11


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
async def test_every_key_in_the_key_bar_fits_and_works_by_mouse(entries, size) -> None:
    app = app_for(entries=entries)
    async with app.run_test(size=size) as pilot:
        bar = app.screen.query_one(KeyBar)
        text = str(bar.content)
        for shown in ("v Review", "s Stats", "p Player", "? Help", "q Quit"):
            assert shown in text
        for column, row in bar.key_offsets.values():
            assert column < bar.size.width and row < bar.size.height
        await click_key(pilot, app, "question_mark")  # the last row, when it wraps
        await on_screen(pilot, HelpScreen)
