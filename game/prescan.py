"""A cheap look at a pack file's TOML before tomli parses it: key paths deeper than
MAX_NESTING are refused, and so are more than MAX_STATEMENTS keys and table headers,
so that no step after it (tomli, the key-position scan, validation) pays for nesting,
dotted keys or statements a pack never needs.

A key path counts table names, dotted key parts and nested lists, as the key paths
pydantic reports do: ``[a.b]`` then ``c.d = [[1]]`` puts the 1 six levels deep (a, b,
c, d and two list positions).

Most packs are provably shallow from three searches at C speed: without a brace there
is no inline table, without a list holding a list no nested list, and without a key of
five or more parts no long key path; the deepest such file is ten levels deep. Other
files are scanned in full: runs of plain lines by one regular expression, every other
statement with an explicit stack, so that no nesting can exhaust Python's own.

The text is not yet known to be valid TOML. The scan never fails on broken text; it
may stop early or count loosely there, and tomli then reports the syntax error.
"""

from __future__ import annotations

import re

from game.i18n import _
from game.pack import MAX_CLAIMS, MAX_NESTING, MAX_SOURCES, MAX_STATEMENTS
from game.problems import PackError, Problem

# -- the pieces of TOML ---------------------------------------------------------------

_BARE_KEY = r"[A-Za-z0-9_-]++"
_BASIC = r'"(?:[^"\\\n]++|\\.)*+"'
_LITERAL = r"'[^'\n]*+'"
# A multi-line string ends at the last three of a run of three to five quotes.
_ML_BASIC = r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"{3,5}+'
_ML_LITERAL = r"'''(?:[^']++|'(?!''))*+'{3,5}+"
_KEY = rf"(?:{_BARE_KEY}|{_BASIC}|{_LITERAL})"
_STRING = rf"(?:{_ML_BASIC}|{_ML_LITERAL}|{_BASIC}|{_LITERAL})"
_SCALAR = r"[A-Za-z0-9_:+.\-]++"
_FLAT_ITEMS = rf"(?:[ \t\r\n,]++|#[^\n]*+|{_STRING}|{_SCALAR})*+"
"""What a list of strings and scalars holds between its brackets."""

# -- proof of shallowness -------------------------------------------------------------

_NESTED_LIST = re.compile(rf"=[ \t]*+\[{_FLAT_ITEMS}(?!\])")
"""A list value holding more than strings and scalars (or broken)."""
_LONG_KEY = re.compile(rf"\.(?:[ \t]*+{_KEY}[ \t]*+\.){{3}}")
"""A dotted key or table header of five or more parts (or text that looks like one)."""
_SHALLOW_UP_TO = 10
"""The deepest a file without a brace, a nested list or a long key can be: a header
of four names in [[...]] (5), a key of four parts (9) and a list (10)."""
assert _SHALLOW_UP_TO <= MAX_NESTING

# -- the full scan --------------------------------------------------------------------

_SHORT_KEY = rf"{_KEY}(?:[ \t]*+\.[ \t]*+{_KEY})?+"
_PLAIN_LINE = (
    rf"[ \t]*+(?:{_SHORT_KEY}[ \t]*+=[ \t]*+(?:{_STRING}|\[{_FLAT_ITEMS}\]|{_SCALAR})[ \t]*+)?+"
    r"(?:#[^\n]*+)?+(?:\r?\n|\Z)"
)
_PLAIN_LINES = re.compile(rf"(?:{_PLAIN_LINE})*+")
"""Blank lines, comments and keys of one or two parts with a string, a scalar or a
flat list: at most three levels below their table."""

_KEY_PART = re.compile(_KEY)
_STRING_AT = re.compile(_STRING)
_BLANK = re.compile(r"[ \t]*+")
_BLANK_LINES = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")
_SCALAR_AT = re.compile(r"[^\s,\[\]{}#=\"']++")
_REST_OF_LINE = re.compile(r"[^\n]*+\n?")


# -- counting statements ----------------------------------------------------------------

_STATEMENT_OR_STRING = re.compile(
    rf"(?:{_ML_BASIC}|{_ML_LITERAL}|{_BASIC}|{_LITERAL}|#[^\n]*+)|^[ \t]*+(\[|{_KEY})",
    re.MULTILINE,
)
"""A string or a comment (stepped over whole, so that lines inside them do not count),
or the start of a line's key or table header (group 1)."""


def check_statements(shown_path: str, text: str) -> None:
    """Raise PackError when `text` holds more than MAX_STATEMENTS keys and table headers,
    at the first one past the limit."""
    # Every statement holds an "=" or starts a line with "[": most files are under the
    # limit by that count alone, without a scan.
    if text.count("=") + text.count("\n[") + 1 <= MAX_STATEMENTS:
        return
    count = 0
    for found in _STATEMENT_OR_STRING.finditer(text):
        if found.group(1) is None:
            continue
        count += 1
        if count > MAX_STATEMENTS:
            at = found.start(1)
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            raise PackError(
                [
                    Problem(
                        shown_path,
                        line,
                        column,
                        _(
                            "the pack has more than {limit} keys and table headers; "
                            "this is the first past the limit"
                        ).format(limit=f"{MAX_STATEMENTS:,}"),
                        _(
                            "a pack holds at most {claims} claims and {sources} sources; "
                            "split it into several packs and remove keys it does not use"
                        ).format(claims=f"{MAX_CLAIMS:,}", sources=f"{MAX_SOURCES:,}"),
                    )
                ]
            )


def check_nesting(shown_path: str, text: str) -> None:
    """Raise PackError at the first key or list deeper than MAX_NESTING in `text`."""
    if "{" in text or _NESTED_LIST.search(text) or _LONG_KEY.search(text):
        _Scan(shown_path, text).run()


class _TooDeepError(Exception):
    def __init__(self, at: int) -> None:
        self.at = at


class _Scan:
    def __init__(self, shown_path: str, text: str) -> None:
        self.shown_path = shown_path
        self.text = text
        self.table_depth = 0
        """The depth of the latest table header: its names, plus one for [[...]]."""

    def run(self) -> None:
        text = self.text
        pos = 0
        try:
            while pos < len(text):
                if self.table_depth + 3 <= MAX_NESTING:
                    pos = self._skip(_PLAIN_LINES, pos)
                if pos < len(text):
                    pos = self._statement(pos)
        except _TooDeepError as too_deep:
            raise PackError([self._problem(too_deep.at)]) from None

    def _problem(self, at: int) -> Problem:
        text = self.text
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        return Problem(
            self.shown_path,
            line,
            column,
            _("keys, lists and tables are nested more than {limit} levels deep here").format(
                limit=MAX_NESTING
            ),
            _(
                'a pack needs only a few levels, as in [[claims]] with tags = ["a", "b"]; '
                "remove the extra brackets, braces or dotted parts"
            ),
        )

    # -- pieces ---------------------------------------------------------------------------

    def _skip(self, pattern: re.Pattern[str], pos: int) -> int:
        found = pattern.match(self.text, pos)
        return pos if found is None else found.end()

    def _key(self, pos: int, depth: int) -> tuple[int, int]:
        """Read a dotted key at `pos` below a path `depth` deep; (its end, the depth of
        its last part). Stops at anything that is not a key part (tomli reports it)."""
        text = self.text
        while True:
            part = _KEY_PART.match(text, pos)
            if part is None:
                return pos, depth
            depth += 1
            if depth > MAX_NESTING:
                raise _TooDeepError(pos)
            pos = self._skip(_BLANK, part.end())
            if not text.startswith(".", pos):
                return pos, depth
            pos = self._skip(_BLANK, pos + 1)

    # -- one statement, iteratively ---------------------------------------------------------

    def _statement(self, pos: int) -> int:
        """Scan the statement at line start `pos`; the position after its last line."""
        text = self.text
        pos = self._skip(_BLANK, pos)
        if text.startswith("[", pos):
            array = text.startswith("[[", pos)
            end, depth = self._key(self._skip(_BLANK, pos + (2 if array else 1)), 0)
            self.table_depth = depth + (1 if array else 0)
            if self.table_depth > MAX_NESTING:
                raise _TooDeepError(pos)
            return self._skip(_REST_OF_LINE, end)
        end, depth = self._key(pos, self.table_depth)
        if end == pos:  # not a key: a comment, a blank line or a syntax error
            return self._skip(_REST_OF_LINE, pos)
        end = self._skip(_BLANK, end)
        if not text.startswith("=", end):
            return self._skip(_REST_OF_LINE, end)
        end = self._value(self._skip(_BLANK, end + 1), depth)
        return self._skip(_REST_OF_LINE, end)

    def _value(self, pos: int, depth: int) -> int:
        """Step over the value at `pos`, whose key path is `depth` deep; its end, or
        where the text stops making sense (tomli then reports it)."""
        text = self.text
        # Each open list or inline table: its closing character and its own depth.
        open_: list[tuple[str, int]] = []
        while True:
            # A value at `pos`, `depth` deep.
            pos = self._skip(_BLANK_LINES if open_ else _BLANK, pos)
            char = text[pos : pos + 1]
            if char == "[":
                open_.append(("]", depth))
                start = pos
                pos = self._skip(_BLANK_LINES, pos + 1)
                if not text.startswith("]", pos):
                    depth += 1  # the position of its first item
                    if depth > MAX_NESTING:
                        raise _TooDeepError(start)
                    continue
            elif char == "{":
                open_.append(("}", depth))
                pos = self._skip(_BLANK_LINES, pos + 1)
                if not text.startswith("}", pos):
                    pair = self._pair(pos, depth)
                    if pair is None:
                        return pos
                    pos, depth = pair
                    continue
            else:
                end = self._string(pos) if char in ('"', "'") else self._scalar(pos)
                if end == pos:
                    return pos
                pos = end
            # After a value: close what it ends, or go on after a comma.
            while True:
                if not open_:
                    return pos
                closer, base = open_[-1]
                pos = self._skip(_BLANK_LINES, pos)
                if text.startswith(closer, pos):
                    open_.pop()
                    depth = base
                    pos += 1
                    continue
                if not text.startswith(",", pos):
                    return pos
                pos = self._skip(_BLANK_LINES, pos + 1)
                if text.startswith(closer, pos):
                    continue  # a trailing comma
                if closer == "]":
                    depth = base + 1
                    break
                pair = self._pair(pos, base)
                if pair is None:
                    return pos
                pos, depth = pair
                break

    def _pair(self, pos: int, base: int) -> tuple[int, int] | None:
        """Read `key =` of an inline table below depth `base`: the position of its
        value and that value's depth, or None when there is no key and "=" here."""
        text = self.text
        end, depth = self._key(pos, base)
        if end == pos:
            return None
        end = self._skip(_BLANK, end)
        if not text.startswith("=", end):
            return None
        return self._skip(_BLANK, end + 1), depth

    def _string(self, pos: int) -> int:
        found = _STRING_AT.match(self.text, pos)
        return pos if found is None else found.end()

    def _scalar(self, pos: int) -> int:
        return self._skip(_SCALAR_AT, pos)
