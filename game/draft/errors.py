"""What the drafter reports when it cannot draft: one clear message, never a traceback."""

from __future__ import annotations

from game.problems import Problem
from game.text import printable


class DraftError(Exception):
    """An article or option the drafter cannot use, or an output it must not write.

    `str(error)` is the line to show: ``path:line:col: error: what — how to fix it``
    when there is a file (as `claimsort check` words its problems), else
    ``error: what — how to fix it``.
    """

    def __init__(
        self,
        message: str,
        hint: str = "",
        *,
        path: str | None = None,
        line: int = 1,
        column: int = 1,
    ) -> None:
        self.message = message
        self.hint = hint
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is not None:
            return str(Problem(self.path, self.line, self.column, self.message, self.hint))
        text = f"error: {printable(self.message)}"
        return f"{text} — {printable(self.hint)}" if self.hint else text
