"""A real browser for the tests of `claimsort serve`: Debian's chromium, driven by
Playwright, and what its terminal shows, read back.

The terminal draws on a canvas, so the screen is read from what the page was sent: an
init script wraps `window.WebSocket` and keeps every binary frame (and the size the page
asked for), and the test feeds them to `pyte`, a terminal emulator, as the page's xterm.js
did. Screenshots are for people to look at, never asserted on.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyte
import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRE_ENV = "CLAIMSORT_REQUIRE_BROWSER"
"""Set to 1 by .ci/run, which installs chromium: there a missing browser fails the tests
instead of skipping them."""
WAIT_MS = 60_000
"""Milliseconds Playwright waits for a page: a bound for a loaded machine, not a pause."""

RECORD_FRAMES = """
(() => {
  const Native = window.WebSocket;
  window.__claimsort = {frames: [], size: null, closed: false};
  const record = window.__claimsort;
  function sizeFrom(url) {
    const query = new URL(url, window.location.href).searchParams;
    if (query.has("width")) {
      record.size = [Number(query.get("width")), Number(query.get("height"))];
    }
  }
  class Recording extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      sizeFrom(String(url));
      this.addEventListener("message", (event) => {
        if (typeof event.data === "string") return;
        const bytes = new Uint8Array(event.data);
        let text = "";
        for (let i = 0; i < bytes.length; i += 8192) {
          text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
        }
        record.frames.push(btoa(text));
      });
      this.addEventListener("close", () => { record.closed = true; });
    }
    send(data) {
      try {
        const message = JSON.parse(data);
        if (message[0] === "resize") record.size = [message[1].width, message[1].height];
      } catch (error) {}
      return super.send(data);
    }
  }
  window.WebSocket = Recording;
})();
"""


def browser_or_skip() -> str:
    """The chromium to drive; skips the test where there is none, except in CI."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but there is no chromium at {CHROMIUM}")
    pytest.skip("no chromium here (apt-get install chromium); .ci/run installs it")


@contextlib.contextmanager
def launched_browser() -> Iterator[Any]:
    """A headless chromium (Debian's, never a downloaded one)."""
    executable = browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Screen:
    """What a page's terminal shows, rebuilt from the frames it was sent."""

    page: Any
    screen: pyte.Screen = field(default_factory=lambda: pyte.Screen(300, 120))
    stream: pyte.ByteStream = field(init=False)

    def __post_init__(self) -> None:
        self.stream = pyte.ByteStream(self.screen)

    def read(self) -> str:
        """Take in what arrived since the last read; the screen's text."""
        for frame in self.page.evaluate("() => window.__claimsort.frames.splice(0)"):
            self.stream.feed(base64.b64decode(frame))
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, text: str, limit: float = 60.0) -> str:
        """Wait until the terminal shows `text`; the screen's text then."""
        deadline = time.monotonic() + limit
        while True:
            shown = self.read()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never showed {text!r}; it shows:\n{shown}")
            self.page.wait_for_timeout(50)  # lets the page's own events run meanwhile

    def click_text(self, text: str) -> None:
        """Click (as a finger or a mouse would) on the middle of `text` on the terminal."""
        lines = self.read().splitlines()
        row = next(i for i, line in enumerate(lines) if text in line)
        column = lines[row].index(text) + len(text) // 2
        cols, rows = self.page.evaluate("() => window.__claimsort.size")
        box = self.page.locator(".xterm-screen").bounding_box()
        assert box is not None
        x = box["x"] + (column + 0.5) * box["width"] / cols
        y = box["y"] + (row + 0.5) * box["height"] / rows
        self.page.mouse.click(x, y)
