"""Parsed stylesheets shared by every app in the process, and so by every game the class
server forks from its zygote.

Textual parses an app's CSS (its files and every widget class's `DEFAULT_CSS`) for
each app anew, into a cache of the app's own: a forked game would parse again what the
zygote had already parsed, about a tenth of its start. The rules parsed from a source
depend on the source and on the CSS variables (the theme), so they are kept here under
both, for any app to reuse. Textual treats parsed rules as read-only (it hands the same
ones out again from its own cache), so sharing them between apps is safe.

The piece of Textual this replaces is private (a stylesheet's `_parse_cache`, read and
written as a mapping and cleared when the variables change); `tests/test_compat.py`
checks it is still there.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.css.stylesheet import Stylesheet

LIMIT = 256
"""Sources kept per set of variables: a ClaimSort app has about 60; an app whose
sources keep changing must not grow this without bound."""

_PARSED: dict[tuple[tuple[str, str], ...], dict[tuple[Any, ...], Any]] = {}
"""Per set of CSS variables: the rules parsed from each source (Textual's cache key)."""


class SharedParseCache:
    """What a stylesheet's own parse cache does, with the rules kept process-wide."""

    def __init__(self, stylesheet: Stylesheet) -> None:
        self._stylesheet = stylesheet
        self._rules: dict[tuple[Any, ...], Any] | None = None

    def _current(self) -> dict[tuple[Any, ...], Any]:
        if self._rules is None:
            variables = tuple(sorted(self._stylesheet._variables.items()))
            self._rules = _PARSED.setdefault(variables, {})
        return self._rules

    def __getitem__(self, key: tuple[Any, ...]) -> Any:
        return self._current()[key]

    def __setitem__(self, key: tuple[Any, ...], rules: Any) -> None:
        current = self._current()
        if len(current) >= LIMIT:
            del current[next(iter(current))]  # the oldest
        current[key] = rules

    def clear(self) -> None:
        # Textual clears its cache when the variables change: look up the new set's.
        self._rules = None


def share_parsed_css(app: App[Any]) -> None:
    """Make `app` reuse the rules any app in this process has parsed (call it from the
    app's `__init__`, before anything is parsed)."""
    app.stylesheet._parse_cache = SharedParseCache(app.stylesheet)  # type: ignore[assignment]


def parsed_sources() -> int:
    """How many sources' rules are kept, over every set of variables."""
    return sum(len(rules) for rules in _PARSED.values())
