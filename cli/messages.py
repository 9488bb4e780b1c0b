"""How a command tells the user something went wrong: one line on stderr."""

from __future__ import annotations

import sys

from game.text import printable


def on_terminal() -> bool:
    """Whether standard output is a terminal: values from the store or the command line
    are then shown escaped, where a file or a pipe gets them exactly."""
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def say(command: str, message: str) -> None:
    """Print `claimsort COMMAND: message` on stderr, shown literally: a message often
    carries a path or a stored value, and nothing in it may reach the terminal as a
    control sequence."""
    print(printable(f"claimsort {command}: {message}"), file=sys.stderr)
