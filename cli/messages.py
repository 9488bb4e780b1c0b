"""How a command tells the user something went wrong: one line on stderr."""

from __future__ import annotations

import sys

from game.text import printable


def say(command: str, message: str) -> None:
    """Print `claimsort COMMAND: message` on stderr, shown literally: a message often
    carries a path or a stored value, and nothing in it may reach the terminal as a
    control sequence."""
    print(printable(f"claimsort {command}: {message}"), file=sys.stderr)
