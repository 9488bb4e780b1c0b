"""Writing TOML strings: there is no TOML writer among ClaimSort's dependencies
(tomli only reads), and the draft is text a teacher reads and edits, so each value is
written by hand, in the form that keeps it most readable."""

from __future__ import annotations

from game.text import printable

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _escaped(char: str, *, multiline: bool) -> str:
    if multiline and char in "\n\t":
        return char
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    # TOML allows no control character in a string, raw; DEL counts as one.
    if code < 0x20 or code == 0x7F:
        return f"\\u{code:04X}"
    return char


def basic(value: str) -> str:
    """`value` as a one-line TOML basic string: "…" with \\ escapes."""
    return '"' + "".join(_escaped(c, multiline=False) for c in value) + '"'


def multiline(value: str) -> str:
    """`value` as a TOML multi-line string ending in a line break: a literal '''…'''
    when it can be (backslashes and quote marks stay as they are, so the article reads
    as itself), else a basic \"\"\"…\"\"\" with escapes."""
    body = value if value.endswith("\n") else value + "\n"
    literal_safe = "'''" not in body and all(
        c in "\n\t" or (ord(c) >= 0x20 and ord(c) != 0x7F) for c in body
    )
    # The line break right after the opening delimiter is not part of the value.
    if literal_safe:
        return "'''\n" + body + "'''"
    return '"""\n' + "".join(_escaped(c, multiline=True) for c in body) + '"""'


def comment(text: str) -> str:
    """`text` as one comment line: a line break would end the comment, and TOML allows
    no control character in one, so those are written as escapes."""
    return "# " + printable(" ".join(text.split()))
