"""What is wrong with a pack file: one `Problem` per mistake, all of them in a `PackError`.

Kept apart from the loader so that code which only reports problems (the pack list,
the command line) does not import the validator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from game.i18n import _, ngettext
from game.text import printable

MAX_PROBLEMS = 200
"""A file's problems listed at most; the rest are counted ("and N more")."""

Severity = Literal["error", "warning"]
"""An error makes a pack unplayable; a warning breaks one of the guide's rules for a
good pack (`game.guide_rules`): shown, and a failure only under `check --strict`."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a pack file."""

    path: str
    """The file, as the user named it (shown escaped as text, raw in JSON)."""
    line: int
    column: int
    message: str
    """What is wrong, in one line."""
    hint: str = ""
    """How to fix it, in one line (may be empty)."""
    severity: Severity = "error"

    def __str__(self) -> str:
        # A file name can hold escape sequences, and so can a message quoting a value
        # (each value is quoted through `shown()`; this is the last guard): printed raw,
        # they would act on the terminal.
        label = _("warning") if self.severity == "warning" else _("error")
        text = f"{self.path}:{self.line}:{self.column}: {label}: {self.message}"
        return printable(f"{text} — {self.hint}" if self.hint else text)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity,
        }


class PackError(Exception):
    """A pack that cannot be used, with the problems found in it: the first
    MAX_PROBLEMS, then one that says how many more there are, from where."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.count = len(problems)
        """How many problems were found, listed or not."""
        self.problems = list(problems[:MAX_PROBLEMS])
        """The problems to show, in the order given (the loader sorts them by place)."""
        more = self.count - len(self.problems)
        if more:
            first = problems[MAX_PROBLEMS]
            self.problems.append(
                Problem(
                    first.path,
                    first.line,
                    first.column,
                    ngettext(
                        "and {n} more problem from here on "
                        "(only the first {limit} of a file are listed)",
                        "and {n} more problems from here on "
                        "(only the first {limit} of a file are listed)",
                        more,
                    ).format(n=f"{more:,}", limit=MAX_PROBLEMS),
                    _("fix these, then check again"),
                )
            )
        super().__init__("\n".join(str(p) for p in self.problems))
