"""The autouse `app_errors` fixture (tests/conftest.py): a test in which the app reported
an error fails, unless it declares with `@pytest.mark.expected_app_error` that it causes
one; and a test that declares one must see it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_app_errors

INNER_TESTS = """
import pytest
from conftest import demo_pack
from game.round import Round
from tui.app import ClaimSortApp


async def answer_on_a_broken_round(monkeypatch):
    def broken(self, category_id):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(Round, "answer", broken)
    app = ClaimSortApp([], start=demo_pack())
    async with app.run_test() as pilot:
        await pilot.press("1")
        assert app.is_running  # the guard told the player and carried on


async def test_undeclared(monkeypatch):
    await answer_on_a_broken_round(monkeypatch)


@pytest.mark.expected_app_error
async def test_declared(monkeypatch):
    await answer_on_a_broken_round(monkeypatch)


@pytest.mark.expected_app_error
async def test_declared_but_none():
    async with ClaimSortApp([], start=demo_pack()).run_test() as pilot:
        await pilot.press("1")
"""


def test_an_unexpected_error_fails_the_test_and_a_declared_one_does_not(
    pytester: pytest.Pytester,
) -> None:
    conftest = Path(__file__).with_name("conftest.py").read_text(encoding="utf-8")
    pytester.makeconftest(conftest)
    pytester.makepyfile(test_inner=INNER_TESTS)
    pytester.makeini(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
        "markers = expected_app_error: declared\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    # Each test's own body passes; the check at teardown is what fails two of them.
    result.assert_outcomes(passed=3, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_undeclared*",
            "*the app reported 1 unexpected error(s):*",
            "*RuntimeError: broken on purpose*",
            "*ERROR at teardown of test_declared_but_none*",
            "*marked expected_app_error, but the app reported no error*",
        ]
    )
    assert "ERROR at teardown of test_declared " not in result.stdout.str()


def test_the_check_itself() -> None:
    error = RuntimeError("disk on fire")
    check_app_errors([], expected=False)
    check_app_errors([error], expected=True)
    with pytest.raises(pytest.fail.Exception, match="RuntimeError: disk on fire"):
        check_app_errors([error], expected=False)
    with pytest.raises(pytest.fail.Exception, match="reported no error"):
        check_app_errors([], expected=True)
