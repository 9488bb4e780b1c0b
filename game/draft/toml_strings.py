"""Writing TOML strings: there is no TOML writer among ClaimSort's dependencies
(tomli only reads), and the draft is text a teacher reads and edits, so each value is
written by hand, in the form that keeps it most readable."""

from __future__ import annotations

from game.text import printable

# TOML allows no control character in a string, raw (DEL counts as one): each is
# written as an escape, with the short forms TOML has for the common ones.
_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_CONTROL = [*range(0x20), 0x7F]
_ONE_LINE = str.maketrans(
    {**{code: f"\\u{code:04X}" for code in _CONTROL}, **{ord(k): v for k, v in _SHORT.items()}}
)
_MULTILINE = str.maketrans(
    {
        **{code: f"\\u{code:04X}" for code in _CONTROL if chr(code) not in "\n\t"},
        **{ord(k): v for k, v in _SHORT.items() if k not in "\n\t"},
    }
)


def basic(value: str) -> str:
    """`value` as a one-line TOML basic string: "…" with \\ escapes."""
    return '"' + value.translate(_ONE_LINE) + '"'


def multiline(value: str) -> str:
    """`value` as a TOML multi-line string ending in a line break: a literal '''…'''
    when it can be (backslashes and quote marks stay as they are, so the article reads
    as itself), else a basic \"\"\"…\"\"\" with escapes."""
    body = value if value.endswith("\n") else value + "\n"
    literal_safe = "'''" not in body and not any(
        chr(code) in body for code in _CONTROL if chr(code) not in "\n\t"
    )
    # The line break right after the opening delimiter is not part of the value.
    if literal_safe:
        return "'''\n" + body + "'''"
    return '"""\n' + body.translate(_MULTILINE) + '"""'


def comment(text: str) -> str:
    """`text` as one comment line: a line break would end the comment, and TOML allows
    no control character in one, so those are written as escapes."""
    return "# " + printable(" ".join(text.split()))
