"""TOML syntax errors as a teacher can fix them: where the mistake is and what to type.

tomli stops at the first syntax error with a parser's message ("Invalid value") at
the place it noticed it, which for the commonest mistakes is not where the mistake
is: a `'''` never closed is reported at the end of the file. `diagnose` recognises
those shapes and says what to type instead; `headers` finds the table headers the
loader needs to check the part of a file before a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from game.i18n import _
from game.text import printable, shown

CURLY_QUOTES = "“”„‟«»‘’‚‛"
"""Quote marks a word processor types, which TOML does not take for string quotes."""


@dataclass(frozen=True)
class Diagnosis:
    """A syntax error, placed where the teacher can fix it."""

    line: int
    column: int
    message: str
    hint: str


@dataclass(frozen=True)
class _String:
    """A string left open: where it starts, and the quotes it starts with."""

    start: int
    delimiter: str


_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<basic3>"{3}(?:[^"\\]|\\.|"(?!""))*"{3,5})
    | (?P<literal3>'{3}.*?'{3,5})
    | (?P<open3>"{3}|'{3})
    | (?P<basic>"(?:[^"\\\n]|\\.)*")
    | (?P<literal>'[^'\n]*')
    | (?P<open>["'])
    """,
    re.VERBOSE | re.DOTALL,
)
"""One comment or string of TOML text; `open3` and `open` are strings never closed
(in the file, or on their line). One pass in C: a 5 MB file of strings costs about
what parsing it does."""


@dataclass(frozen=True)
class _Lexed:
    """What the loader needs of a TOML text's strings."""

    triples: list[tuple[int, int]]
    """(start, end) of each multi-line string; one left open ends with the file."""
    unclosed: list[_String]
    """Every string left open, in order."""


@lru_cache(maxsize=1)  # `diagnose` and `headers` lex the same text
def _lex(text: str) -> _Lexed:
    """The strings of a TOML text, as its quotes and comments delimit them (a lexer
    that needs no valid TOML: a string left open ends at the end of its line, or of
    the file for a multi-line one)."""
    lexed = _Lexed([], [])
    for token in _TOKEN.finditer(text):
        kind = token.lastgroup
        if kind in ("basic3", "literal3"):
            lexed.triples.append(token.span())
        elif kind == "open3":
            lexed.triples.append((token.start(), len(text)))
            lexed.unclosed.append(_String(token.start(), token.group()))
            break  # the rest of the file is inside it
        elif kind == "open":
            lexed.unclosed.append(_String(token.start(), token.group()))
    return lexed


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    at = 0
    for _line in range(line - 1):
        found = text.find("\n", at)
        if found < 0:
            return len(text)
        at = found + 1
    return min(at + column - 1, len(text))


def _unclosed_before(text: str, offset: int) -> _String | None:
    """The first string left open that starts at or before `offset`."""
    for string in _lex(text).unclosed:
        return string if string.start <= offset else None
    return None


_BARE_VALUE = re.compile(r"([A-Za-z_][^\s#,\]}]*(?:[ \t]+[^\s#,\]}]+)*)")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*=\s*$")


def diagnose(text: str, message: str, line: int, column: int) -> Diagnosis:
    """What is wrong at tomli's error (`message` at `line`:`column`) and how to fix it."""
    offset = _offset(text, line, column)
    unclosed = _unclosed_before(text, offset)
    if unclosed is not None and (
        len(unclosed.delimiter) == 3 or _position(text, unclosed.start)[0] >= line - 1
    ):
        return _unclosed(text, unclosed)
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    char = text[offset : offset + 1]
    key = _KEY.match(before)
    if message == "Invalid value" and key is not None:
        value = text[offset : _line_end(text, offset)].split("#", 1)[0].rstrip()
        if char in CURLY_QUOTES:
            straight = value.strip(CURLY_QUOTES + " ")
            return Diagnosis(
                line,
                column,
                _(
                    "TOML syntax: {value} is in curly quotes, which TOML does not read as quotes"
                ).format(value=printable(value, 60)),
                _('type straight quotes: {key} = "{text}"').format(key=key.group(1), text=straight),
            )
        bare = _BARE_VALUE.match(value)
        if bare is not None:
            return Diagnosis(
                line,
                column,
                _("TOML syntax: the text {value} has no quotes").format(value=shown(value)),
                _('put text in straight quotes: {key} = "{text}"').format(
                    key=key.group(1), text=value
                ),
            )
    after_statement = message == "Expected newline or end of document after a statement"
    quote = before.rstrip()[-1:]
    rest = text[offset : _line_end(text, offset)]
    if (
        after_statement
        and quote in ("'", '"')
        and quote in rest
        and re.match(r"^\s*[\w.\"'-]+\s*=\s*" + quote, before)
    ):
        return _quote_inside(line, column, quote, before)
    return Diagnosis(
        line,
        column,
        _("TOML syntax: {message}").format(message=message.rstrip(".")),
        syntax_hint(message),
    )


def _unclosed(text: str, string: _String) -> Diagnosis:
    line, column = _position(text, string.start)
    quote = string.delimiter
    if len(quote) == 3:
        return Diagnosis(
            line,
            column,
            _("TOML syntax: the {quote} text that starts here is never closed").format(quote=quote),
            _("end it with {quote} after its last line (everything below is inside it)").format(
                quote=quote
            ),
        )
    return Diagnosis(
        line,
        column,
        _("TOML syntax: the text that starts here with {quote} does not end on this line").format(
            quote=quote
        ),
        _(
            "close it with {quote} at the end of the text, on the same line; for text over "
            "several lines use {triple} … {triple}"
        ).format(quote=quote, triple="'''"),
    )


def _quote_inside(line: int, column: int, quote: str, before: str) -> Diagnosis:
    """A quote mark inside a string in the same quotes, which ended it early."""
    where = column - (len(before) - len(before.rstrip())) - 1
    if quote == '"':
        hint = _(
            "write \\\" for each \" inside the text, or put the whole text in single quotes: '…'"
        )
    else:
        hint = _(
            'put the whole text in double quotes "…" (an apostrophe needs no escaping '
            "there), or in ''' … '''"
        )
    return Diagnosis(
        line,
        where,
        _("TOML syntax: the text ends at this {quote}, but more follows on the line").format(
            quote=quote
        ),
        hint,
    )


def syntax_hint(message: str) -> str:
    """How to fix the other syntax errors, by tomli's message."""
    lowered = message.lower()
    if "unclosed" in lowered or "unterminated" in lowered or "illegal character '\\n'" in lowered:
        return _(
            "close the string with the same quote mark it starts with, on the same line "
            "(use triple quotes for text over several lines)"
        )
    if "duplicate" in lowered or "cannot overwrite" in lowered or "cannot declare" in lowered:
        return _("each key may appear once per table")
    if "invalid statement" in lowered or "expected '='" in lowered:
        return _('write key = value, with text in "quotes"')
    if "control character" in lowered or "illegal character" in lowered:
        return _("remove the invisible character")
    if "escape" in lowered:
        return _(r"write a backslash as \\, or use a literal string in single quotes")
    return _("check the TOML syntax at this point")


_HEADER = re.compile(r"^[ \t]*\[\[?[ \t]*([A-Za-z0-9_-]+)", re.MULTILINE)


def headers(text: str) -> list[tuple[int, str]]:
    """(offset, name) of each table header line outside strings: `[pack]` gives
    "pack", `[[claims]]` "claims"."""
    inside = _lex(text).triples
    found = []
    spans = iter(inside)
    span = next(spans, None)
    for match in _HEADER.finditer(text):
        while span is not None and span[1] < match.start():
            span = next(spans, None)
        if span is not None and span[0] <= match.start() <= span[1]:
            continue
        found.append((match.start(), match.group(1)))
    return found
