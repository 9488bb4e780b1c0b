"""Places in a pack file: where a key stands (line and column) and how a teacher names it.

Every check of a pack reports its problems at a key path, as pydantic reports an
error's location (``("claims", 2, "quote")``); `ProblemLog` turns that into a `Problem`
at the key's line and column, and `field_name` into words: "quote of claim 3".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from game.i18n import _
from game.keylines import KeyPath, Position, key_positions, locate
from game.problems import Problem, Severity


class ProblemLog:
    """The problems found in one pack file, each placed at the key it is about."""

    def __init__(self, shown_path: str, text: str) -> None:
        self.shown_path = shown_path
        """The pack file as the user named it."""
        self.text = text
        """The pack file's text, which tomli has accepted."""
        self.found: list[Problem] = []
        """Every problem so far, in the order the checks found them."""
        self.places: list[KeyPath | None] = []
        """The key path of each problem in `found`; None for one placed already."""
        self._positions: dict[KeyPath, Position] | None = None

    @property
    def positions(self) -> dict[KeyPath, Position]:
        """Key paths to (line, column), from one scan of the text, made only once a
        problem needs a place: a valid pack never pays for it."""
        if self._positions is None:
            self._positions = key_positions(self.text)
        return self._positions

    def line_of(self, where: Sequence[str | int]) -> int:
        """The line of a key, or of the nearest table around it."""
        return locate(self.positions, where)[0]

    def __call__(
        self,
        where: Sequence[str | int],
        message: str,
        hint: str = "",
        severity: Severity = "error",
    ) -> None:
        """Report a problem at the key path `where`."""
        line, column = locate(self.positions, where)
        self.found.append(Problem(self.shown_path, line, column, message, hint, severity))
        self.places.append(tuple(where))

    def warn(self, where: Sequence[str | int], message: str, hint: str = "") -> None:
        """Report a warning (a rule of the guide broken) at the key path `where`."""
        self(where, message, hint, "warning")

    def add(self, problem: Problem) -> None:
        """Report a problem placed already, e.g. in a source's text file."""
        self.found.append(problem)
        self.places.append(None)


def tables(document: Mapping[str, Any], name: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The tables of the array `name` (`[[claims]]`), each with its index in key paths;
    entries that are not tables are skipped (validation reports them)."""
    entries = document.get(name)
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                yield index, entry


SINGULAR = {"sources": "source", "claims": "claim", "categories": "category"}
"""The arrays of tables a pack has, each with the word for one of its tables."""


def table_name(where: KeyPath) -> str:
    """`[pack]`, `claim 2` (counting from 1, in file order), or "the pack file"."""
    if not where:
        return _("the pack file")
    if len(where) >= 2 and isinstance(where[1], int) and where[0] in SINGULAR:
        table = _("{kind} {n}").format(kind=_(SINGULAR[str(where[0])]), n=where[1] + 1)
        rest = where[2:]
        return f"{table} {'.'.join(str(part) for part in rest)}".strip()
    return f"[{'.'.join(str(part) for part in where)}]"


def field_name(where: KeyPath) -> str:
    """A field as a teacher reads it: `said_by of claim 2`, `title in [pack]`."""
    if not where:
        return _("the pack")
    if len(where) == 1:
        return str(where[0])
    # Split off the key and any list position below it: ("claims", 0, "tags", 2).
    cut = len(where)
    while cut > 1 and isinstance(where[cut - 1], int):
        cut -= 1
    key, items = where[cut - 1], where[cut:]
    name = str(key)
    for item in items:
        name = _("{name} item {n}").format(name=name, n=int(item) + 1)
    table = where[: cut - 1]
    if not table:
        return name
    if table[0] == "pack":
        return _("{name} in {table}").format(name=name, table=table_name(table))
    return _("{name} of {table}").format(name=name, table=table_name(table))
