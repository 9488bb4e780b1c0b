"""What a Pilot test reads off the screen, and how it waits for the app to get there.

A key press or a click can set off a chain of steps (a screen pushed and laid out, a
scroll after the next refresh); how far the chain has got when `pilot.press` returns
depends on how busy the machine is. So a test that needs a step done waits for what that
step shows, never for a fixed time: `shows(pilot, "1 of 5")`, or
`wait_until(pilot, condition, "what it means")`.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any, TypeVar

from rich.cells import cell_len
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

T = TypeVar("T")

WAIT_LIMIT = 30.0
"""Seconds a test lets the app run towards a condition before it fails. A bound for a
broken test, not a pause: a passing test stops waiting as soon as the condition holds."""

_SVG_TEXT = "{http://www.w3.org/2000/svg}text"
_ROW = re.compile(r"-line-(\d+)\)$")


def screen_text(app: App[Any]) -> str:
    """What the terminal shows, as plain text lines (dialogs over the screen behind).

    Read from `App.export_screenshot()`: Rich writes each run of text as an SVG `<text>`
    clipped to its row, at x = column × cell width, and leaves out runs of spaces."""
    width, height = app.size
    rows: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for node in ET.fromstring(app.export_screenshot()).iter(_SVG_TEXT):
        row = _ROW.search(node.get("clip-path", ""))
        # Spaces are written as no-break spaces, and each row ends in its newline.
        text = (node.text or "").rstrip("\n").replace("\xa0", " ")
        if row is None or not text:
            continue
        cell = float(node.get("textLength", "0")) / len(text)
        rows[int(row.group(1))].append((round(float(node.get("x", "0")) / cell), text))
    lines = []
    for runs in rows:
        line = ""
        for column, text in sorted(runs):
            line += " " * (column - cell_len(line)) + text
        lines.append(line + " " * (width - cell_len(line)))
    return "\n".join(lines)


async def wait_until(pilot: Pilot[Any], condition: Callable[[], T | None], what: str) -> T:
    """Let the app run until `condition()` is true, and return its value; fail, saying
    `what` was awaited and what the screen shows, if it is not true within WAIT_LIMIT.

    The failure is an AssertionError, not `pytest.fail`: inside `snap_compare`'s
    autopilot only an Exception stops the app (anything else leaves it running)."""
    deadline = time.monotonic() + WAIT_LIMIT
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(
                f"waited {WAIT_LIMIT:.0f} s for {what}; the screen shows:\n"
                + screen_text(pilot.app)
            )
        await pilot.pause()


async def shows(pilot: Pilot[Any], *texts: str) -> str:
    """Wait until every one of `texts` is on the screen; returns the screen's text."""
    app = pilot.app

    def showing() -> str:
        text = screen_text(app)
        return text if all(part in text for part in texts) else ""

    return await wait_until(pilot, showing, " and ".join(map(repr, texts)) + " on the screen")


async def on_screen(pilot: Pilot[Any], kind: type[T]) -> T:
    """Wait until the current screen is a `kind` that has been laid out and drawn."""

    def current() -> T | None:
        screen = pilot.app.screen
        # Drawn: one of its widgets has a place in the last screen update.
        if isinstance(screen, kind) and any(child.is_on_screen for child in screen.children):
            return screen
        return None

    return await wait_until(pilot, current, f"a {kind.__name__} on the screen")


async def click(pilot: Pilot[Any], target: Widget | str, offset: tuple[int, int] = (0, 0)) -> None:
    """Click `target` (a widget, or a selector on the current screen) at `offset` once it
    has stopped moving, and fail if something else was under the pointer.

    A screen may still be scrolling a widget into view after it first shows (again after
    each layout, until no scroll is needed), and `Pilot.click` takes the widget's place
    before it lets the app run: a click taken while the widget moves lands on whatever
    moves into that place (a neighbouring button: another answer)."""
    app = pilot.app

    def widget() -> Widget:
        return target if isinstance(target, Widget) else app.screen.query_one(target)

    last: Region | None = None

    def in_place() -> bool:
        nonlocal last
        region = widget().region
        x, y = region.x + offset[0], region.y + offset[1]
        steady = bool(region) and region == last and app.screen.size.region.contains(x, y)
        last = region
        return steady

    await wait_until(pilot, in_place, f"{target!r} in place on the screen")
    assert await pilot.click(widget(), offset=offset), f"something else was under {target!r}"
