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
        char = self.peek()
        if char in ('"', "'"):
            self.read_string()
        elif char == "[":
            self.skip_array(path)
        elif char == "{":
            self.skip_inline_table(path)
        else:
            text = self.text
            end = self.pos
            while end < len(text) and text[end] not in ",]}\n#":
                end += 1
            self.advance_to(end)

    def skip_array(self, path: KeyPath) -> None:
        self.advance_to(self.pos + 1)
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "]" or self.pos >= len(self.text):
                self.advance_to(self.pos + 1)
                return
            element = (*path, index)
            self.note(element, self.here())
            self.skip_value(element)
            index += 1
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.advance_to(self.pos + 1)

    def skip_inline_table(self, path: KeyPath) -> None:
        self.advance_to(self.pos + 1)
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "}" or self.pos >= len(self.text):
                self.advance_to(self.pos + 1)
                return
            self.key_value(path)
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.advance_to(self.pos + 1)

    def key_value(self, table: KeyPath) -> None:
        parts = self.read_key()
        path = table
        for name, at in parts:
            path = (*path, name)
            self.note(path, at)
        self.skip_blank(newlines=False)
        if self.peek() == "=":
            self.advance_to(self.pos + 1)
        self.skip_blank(newlines=False)
        self.skip_value(path)

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
                names = tuple(name for name, _ in self.read_key())
                self.advance_to(text.find("]]", self.pos) + 2)
                parent = self._resolve(names[:-1])
                key = (*parent, names[-1])
                index = self.array_tables.get(key, 0)
                self.array_tables[key] = index + 1
                self.note(key, at)
                table = (*key, index)
                self.note(table, at)
            elif text.startswith("[", self.pos):
                at = self.here()
                self.advance_to(self.pos + 1)
                names = tuple(name for name, _ in self.read_key())
                self.advance_to(text.find("]", self.pos) + 1)
                table = (*self._resolve(names[:-1]), names[-1])
                self.note(table, at)
            else:
                self.key_value(table)

    def _resolve(self, names: Sequence[str]) -> KeyPath:
        """Turn a header's dotted names into a key path, entering the latest element
        of any array of tables on the way (``[claims.extra]`` after ``[[claims]]``)."""
        path: KeyPath = ()
        for name in names:
            path = (*path, name)
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
