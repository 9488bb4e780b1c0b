"""`claimsort serve` end to end, in a real browser: students join through the page, play
by mouse and by keyboard, and their answers reach the teacher's export under their
names and the class label; the pages ask no other host for anything; a game closed in
the browser ends on the server."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import RECORD_FRAMES, WAIT_MS, Screen, launched_browser
from tests.serving import CODE, Served, serve, starved, wait_for
from tests.terminal import claimsort


@pytest.fixture
def browser() -> Iterator[Any]:
    with launched_browser() as launched:
        yield launched


PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def _open(browser: Any, served: Served, viewport: dict[str, int]) -> tuple[Any, Any, list[str]]:
    """A new browser profile on the join page: its context, page, and every URL the page
    asked for (a request to any other host is recorded, then refused)."""
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(WAIT_MS)
    asked: list[str] = []

    def route(route: Any) -> None:
        asked.append(route.request.url)
        if urllib.parse.urlsplit(route.request.url).netloc == f"127.0.0.1:{served.port}":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.add_init_script(RECORD_FRAMES)
    page.goto(served.url)
    return context, page, asked


def _join(page: Any, name: str, code: str = CODE) -> Screen:
    page.fill("input[name=name]", name)
    page.fill("input[name=code]", code)
    joined_from = page.url
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/play/" in url and url != joined_from)
    return Screen(page)


def _export(home: Path) -> list[dict[str, str]]:
    result = subprocess.run(
        [*claimsort(), "export"],
        capture_output=True,
        text=True,
        env={**os.environ, "CLAIMSORT_HOME": str(home)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


def test_two_students_play_and_the_export_has_both_under_the_class(
    tmp_path: Path, browser: Any
) -> None:
    home = tmp_path / "home"
    with serve(home, "--code", CODE, "--class", "9B history") as served:
        # Ana, on a phone, plays by touch alone: a tap on a category's button.
        ana_context, ana_page, ana_asked = _open(browser, served, PHONE)
        ana = _join(ana_page, "Ana")
        ana.wait_for("Verified fact")
        ana.click_text("Verified fact")
        ana.wait_for("Very sure")  # how sure: a tap too
        ana.click_text("Very sure")
        shown = " ".join(ana.wait_for("Next ⏎").split())  # wrapped lines, joined
        assert "(you said: verified fact)" in shown or "✓ Right: this is a verified fact" in shown

        # Ben, on a laptop, plays by keyboard.
        ben_context, ben_page, ben_asked = _open(browser, served, LAPTOP)
        ben = _join(ben_page, "Ben")
        ben.wait_for("Verified fact")
        ben_page.locator(".xterm-screen").click(position={"x": 5, "y": 5})
        ben_page.keyboard.press("3")
        ben.wait_for("Very sure")
        ben_page.keyboard.press("1")  # not sure
        shown = " ".join(ben.wait_for("Next ⏎").split())
        assert "(you said: disputed)" in shown or "✓ Right: this is a disputed claim" in shown
        served.wait_line(r"Ben joined \(2 playing\)")

        rows = wait_for(
            lambda: (found := _export(home)) and len(found) >= 2 and found,
            "both answers in the export",
        )
        assert sorted((r["player"], r["chosen"], r["class"], r["confidence"]) for r in rows) == [
            ("Ana", "fact", "9B history", "high"),
            ("Ben", "disputed", "9B history", "low"),
        ]
        # Nothing was asked of any other host, by either page.
        local = f"127.0.0.1:{served.port}"
        for url in ana_asked + ben_asked:
            assert urllib.parse.urlsplit(url).netloc == local, url
        assert any(url.endswith("RobotoMono-VariableFont_wght.ttf") for url in ana_asked)
        ana_context.close()
        ben_context.close()


def test_quitting_returns_to_a_page_to_play_again(tmp_path: Path, browser: Any) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        context, page, _asked = _open(browser, served, LAPTOP)
        screen = _join(page, "Ana")
        screen.wait_for("Verified fact")
        screen.click_text("Verified fact")  # one answer: the dialog then asks first
        screen.wait_for("Fairly sure")
        screen.click_text("Fairly sure")
        screen.wait_for("Next ⏎")
        screen.click_text("q Quit")  # the footer's key, tapped
        screen.wait_for("y  Quit")
        screen.click_text("y  Quit")
        again = page.locator("a.again")
        again.wait_for(state="visible")
        assert "Your game has ended." in page.inner_text("body")
        again.click()
        page.wait_for_selector("input[name=code]")
        assert page.input_value("input[name=name]") == "Ana"
        served.wait_line(r"Ana left \(0 playing\)")
        context.close()


def test_closing_the_browser_ends_the_game_on_the_server(tmp_path: Path, browser: Any) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        context, page, _asked = _open(browser, served, PHONE)
        _join(page, "Ana").wait_for("Verified fact")
        games = served.games()
        assert len(games) == 1
        context.close()
        served.wait_line(r"Ana left \(0 playing\)")
        wait_for(lambda: not served.games(), "Ana's game to end")


def test_a_game_that_cannot_start_sends_the_student_back_to_the_form(
    tmp_path: Path, browser: Any
) -> None:
    with serve(tmp_path / "home", "--code", CODE) as served:
        context, page, _asked = _open(browser, served, PHONE)
        with starved(served.zygote()):
            _join(page, "Ana")
            page.wait_for_selector(".refused")  # the form again, with what happened
            served.wait_line(r"the game of Ana could not be started")
        shown = page.inner_text("body")
        assert "Your game could not be started." in shown
        assert "Try again; if it happens again, tell your teacher." in shown
        assert "Your game has ended." not in shown
        assert page.input_value("input[name=name]") == "Ana"
        served.wait_line(r"Ana left \(0 playing\)")
        # With memory to spare again, trying once more plays.
        _join(page, "Ana").wait_for("Verified fact")
        context.close()
