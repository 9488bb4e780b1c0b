"""Where each key of a TOML document stands: key paths mapped to (line, column).

tomli gives values, not positions, so validation errors are placed by one scan of
the text. The scan runs only on text tomli has already accepted, which lets it skip
values (strings, arrays, inline tables) without re-checking their syntax.

A key path is what pydantic reports as an error's location: ``("pack", "title")``,
``("claims", 2, "quote")`` for the third ``[[claims]]`` table, ``("pack", "authors",
1)`` for the second element of an array.
"""

from __future__ import annotations

from collections.abc import Sequence

import tomli

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.positions: dict[KeyPath, Position] = {}
        self.array_tables: dict[KeyPath, int] = {}

    # -- low-level movement -------------------------------------------------------

    def here(self) -> Position:
        return self.line, self.pos - self.line_start + 1

    def peek(self, count: int = 1) -> str:
        return self.text[self.pos : self.pos + count]

    def advance_to(self, index: int) -> None:
        # Newlines inside skipped values still count for the lines after them.
        newlines = self.text.count("\n", self.pos, index)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.pos, index) + 1
        self.pos = index

    def skip_blank(self, newlines: bool) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.advance_to(self.pos + 1)
            elif char == "#":
                end = text.find("\n", self.pos)
                self.advance_to(len(text) if end < 0 else end)
            else:
                return

    def note(self, path: KeyPath, at: Position) -> None:
        self.positions.setdefault(path, at)

    # -- keys and strings ---------------------------------------------------------

    def read_key(self) -> list[tuple[str, Position]]:
        parts: list[tuple[str, Position]] = []
        while True:
            self.skip_blank(newlines=False)
            at = self.here()
            char = self.peek()
            if char in ('"', "'"):
                name = self.read_string()
                if char == '"' and "\\" in name:
                    name = _unescape(name)
                parts.append((name, at))
            else:
                start = self.pos
                end = start
                while end < len(self.text) and self.text[end] in _BARE:
                    end += 1
                parts.append((self.text[start:end], at))
                self.advance_to(end)
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.advance_to(self.pos + 1)

    def read_string(self) -> str:
        """Read a string at the cursor; returns its value for keys (escapes kept raw)."""
        text = self.text
        quote = text[self.pos]
        if text.startswith(quote * 3, self.pos):
            end = self._find_closing(quote * 3, self.pos + 3, quote == '"')
            # Up to two extra quote characters may belong to the string's content.
            while end + 3 < len(text) and text[end + 3] == quote:
                end += 1
            value = text[self.pos + 3 : end]
            self.advance_to(end + 3)
            return value
        end = self._find_closing(quote, self.pos + 1, quote == '"')
        value = text[self.pos + 1 : end]
        self.advance_to(end + 1)
        return value

    def _find_closing(self, delimiter: str, start: int, escapes: bool) -> int:
        text = self.text
        index = start
        while True:
            end = text.find(delimiter, index)
            if end < 0:
                return len(text)
            if not escapes:
                return end
            backslashes = 0
            back = end - 1
            while back >= start and text[back] == "\\":
                backslashes += 1
                back -= 1
            if backslashes % 2 == 0:
                return end
            index = end + 1

    # -- values -------------------------------------------------------------------

    def skip_value(self, path: KeyPath) -> None:
        """Step over the value at the cursor, whose key path is `path`, noting where
        each list item and inline-table key in it stands. Lists and tables are kept
        on a stack of our own: no nesting can exhaust Python's."""
        # Each open list or inline table: its key path, and for a list the index of
        # its next item (None for a table).
        open_: list[tuple[KeyPath, int | None]] = []
        while True:
            char = self.peek()
            if char in ('"', "'"):
                self.read_string()
            elif char == "[":
                self.advance_to(self.pos + 1)
                open_.append((path, 0))
            elif char == "{":
                self.advance_to(self.pos + 1)
                open_.append((path, None))
            else:
                text = self.text
                end = self.pos
                while end < len(text) and text[end] not in ",]}\n#":
                    end += 1
                # Valid TOML always has a value here; anything else must not stall.
                self.advance_to(max(end, self.pos + 1) if open_ else end)
            # The next value inside the open lists and tables, closing those it ends.
            while open_:
                container, index = open_[-1]
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.advance_to(self.pos + 1)
                    self.skip_blank(newlines=True)
                if self.pos >= len(self.text) or self.peek() == ("}" if index is None else "]"):
                    self.advance_to(self.pos + 1)
                    open_.pop()
                    continue
                if index is None:
                    path = self.read_pair(container)
                else:
                    open_[-1] = (container, index + 1)
                    path = (*container, index)
                    self.note(path, self.here())
                break
            else:
                return

    def read_pair(self, table: KeyPath) -> KeyPath:
        """Read `key =` below `table`, noting each part of the key; the key's path,
        with the cursor on its value."""
        parts = self.read_key()
        path = table
        for name, at in parts:
            path = (*path, name)
            self.note(path, at)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.advance_to(self.pos + 1)
        self.skip_blank(newlines=False)
        return path

    def key_value(self, table: KeyPath) -> None:
        self.skip_value(self.read_pair(table))

    # -- document -----------------------------------------------------------------

    def run(self) -> dict[KeyPath, Position]:
        table: KeyPath = ()
        text = self.text
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(text):
                return self.positions
            if text.startswith("[[", self.pos):
                at = self.here()
                self.advance_to(self.pos + 2)
                names = self.read_key()
                self.advance_to(text.find("]]", self.pos) + 2)
                key = (*self._resolve(names[:-1]), names[-1][0])
                index = self.array_tables.get(key, 0)
                self.array_tables[key] = index + 1
                self.note(key, at)
                table = (*key, index)
                self.note(table, at)
            elif text.startswith("[", self.pos):
                at = self.here()
                self.advance_to(self.pos + 1)
                names = self.read_key()
                self.advance_to(text.find("]", self.pos) + 1)
                table = (*self._resolve(names[:-1]), names[-1][0])
                self.note(table, at)
            else:
                self.key_value(table)

    def _resolve(self, names: Sequence[tuple[str, Position]]) -> KeyPath:
        """Turn a header's dotted names (all but its last) into a key path, noting
        where each name stands and entering the latest element of any array of
        tables on the way (``[claims.extra]`` after ``[[claims]]``)."""
        path: KeyPath = ()
        for name, at in names:
            path = (*path, name)
            self.note(path, at)
            count = self.array_tables.get(path)
            if count:
                path = (*path, count - 1)
        return path


def _unescape(raw: str) -> str:
    """The value of a basic-string key with escapes (``"ti\\u0074le"``), as tomli reads it."""
    try:
        return str(tomli.loads(f'k = "{raw}"')["k"])
    except (tomli.TOMLDecodeError, ValueError):
        return raw


def key_positions(text: str) -> dict[KeyPath, Position]:
    """Map every key path in a (valid) TOML document to the (line, column) of its key."""
    return _Scanner(text).run()


def locate(positions: dict[KeyPath, Position], path: Sequence[str | int]) -> Position:
    """The position of a key path, or of its nearest enclosing key or table header.

    A missing key therefore points at the header of the table it is missing from.
    """
    path = tuple(path)
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return (1, 1)
