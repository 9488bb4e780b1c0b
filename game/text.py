"""Text rules shared by validation and display: unsafe characters and quote matching
(`normalise`; the search for many quotes in one text is `game.quotes`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

LINE_SEPARATORS = "\u2028\u2029"
"""Unicode's line and paragraph separators: terminals and Textual show nothing for them,
so the words on either side run together. A newline is the break to use."""

# Every character pack text may not hold, by range, with the name a message gives it.
# Control characters act on the terminal (C0 other than tab and newline, DEL, C1;
# carriage returns too: TOML turns CRLF line ends into "\n" itself, so a lone CR is
# deliberate). The others cannot be seen, so they make text read differently from what
# it is: bidi controls reorder it (Trojan Source), zero-width and format characters,
# fillers and tag characters hide or join it (tags and variation selectors can carry a
# whole hidden message), and the separators drop line breaks.
_UNSAFE_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x00, 0x08, "control character"),
    (0x0B, 0x1F, "control character"),
    (0x7F, 0x9F, "control character"),
    (0xAD, 0xAD, "soft hyphen"),
    (0x061C, 0x061C, "bidi control"),  # Arabic letter mark
    (0x115F, 0x1160, "invisible character"),  # Hangul fillers
    (0x180E, 0x180E, "invisible character"),  # Mongolian vowel separator
    (0x200B, 0x200F, "invisible character"),  # zero-width space, joiners, LRM, RLM
    (0x2028, 0x2028, "line separator"),
    (0x2029, 0x2029, "paragraph separator"),
    (0x202A, 0x202E, "bidi control"),
    (0x2060, 0x2064, "invisible character"),  # word joiner, invisible operators
    (0x2066, 0x2069, "bidi control"),
    (0x206A, 0x206F, "invisible character"),  # deprecated format characters
    (0x3164, 0x3164, "invisible character"),  # Hangul filler
    (0xD800, 0xDFFF, "surrogate"),  # half a character: only JSON can write one
    (0xFEFF, 0xFEFF, "invisible character"),  # zero-width no-break space (a BOM)
    (0xFFA0, 0xFFA0, "invisible character"),  # halfwidth Hangul filler
    (0xFFF9, 0xFFFB, "invisible character"),  # interlinear annotation
    (0x1BCA0, 0x1BCA3, "invisible character"),  # shorthand format controls
    (0x1D173, 0x1D17A, "invisible character"),  # musical format controls
    (0xE0000, 0xE007F, "tag character"),
    (0xE0100, 0xE01EF, "invisible character"),  # variation selectors supplement
)
"""Inclusive ranges of unsafe characters; tab and newline are unsafe only on one line."""


def _class(ranges: Iterable[tuple[int, int, str]]) -> str:
    return "".join(
        re.escape(chr(start)) if start == end else f"{re.escape(chr(start))}-{re.escape(chr(end))}"
        for start, end, _name in ranges
    )


# Ranges beyond the Basic Multilingual Plane are searched apart, and only in text that
# has such characters: in one class with the others they make every search several
# times slower.
_BMP = _class(r for r in _UNSAFE_RANGES if r[1] <= 0xFFFF)
_UNSAFE_MULTILINE = re.compile(f"[{_BMP}]")
_UNSAFE_LINE = re.compile(f"[{_BMP}\\t\\n]")
_UNSAFE_ASTRAL = re.compile(f"[{_class(r for r in _UNSAFE_RANGES if r[0] > 0xFFFF)}]")


def find_unsafe(text: str, *, multiline: bool) -> int | None:
    """Index of the first character that must not appear in pack text, or None."""
    match = (_UNSAFE_MULTILINE if multiline else _UNSAFE_LINE).search(text)
    end = match.start() if match else len(text)
    # UTF-16 takes two units for exactly the characters beyond the BMP.
    if not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text):
        astral = _UNSAFE_ASTRAL.search(text, 0, end)
        if astral:
            return astral.start()
    return None if match is None else end


def describe_char(char: str) -> str:
    """A printable name for a character, e.g. ``U+0007 (control character)`` or
    ``U+202E (bidi control)``."""
    code = ord(char)
    label = f"U+{code:04X}"
    if char == "\n":
        return f"{label} (newline)"
    if char == "\t":
        return f"{label} (tab)"
    for start, end, name in _UNSAFE_RANGES:
        if start <= code <= end:
            return f"{label} ({name})"
    return label


def printable(text: str, limit: int | None = None) -> str:
    """`text` as a terminal shows it literally: every character a terminal could act on,
    or that hides or reorders text, written as an escape (``\\x1b``, ``\\u202e``); then,
    when `limit` is given, cut to at most `limit` characters ending in "…" (never inside
    an escape). Nothing else changes. The one way to show an untrusted value (a file
    name, a stored player name or label, an error's text) on a terminal."""
    if (limit is None or len(text) <= limit) and _is_safe(text):
        return text
    pieces = [char if _is_safe(char) else _escape(char) for char in text]
    if limit is None or sum(map(len, pieces)) <= limit:
        return "".join(pieces)
    kept: list[str] = []
    room = limit - 1  # for the "…"
    for piece in pieces:
        if len(piece) > room:
            break
        kept.append(piece)
        room -= len(piece)
    return "".join(kept) + "…"


def _is_safe(text: str) -> bool:
    return text.isprintable() and find_unsafe(text, multiline=False) is None


def _escape(char: str) -> str:
    return char.encode("unicode_escape", errors="backslashreplace").decode("ascii")


def shown(value: object, limit: int = 60) -> str:
    """An untrusted value in an error message: `printable()`, short, and quoted when it
    is text (``"titel"``) so that the reader sees where it starts and ends."""
    if isinstance(value, str):
        return f'"{printable(value, limit)}"'
    return printable(repr(value), limit)


# Quote matching forgives typography: curly and straight quotes, dash variants and runs
# of whitespace compare equal, so a teacher can paste a quote from any editor.
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "\u00a0": " ",
    }
)
_PLAIN = tuple((chr(code), plain) for code, plain in _TRANSLATE.items())


def normalise(text: str) -> str:
    """The form in which quotes are compared with their source text."""
    # Same result as text.translate(_TRANSLATE) then collapsing whitespace, several
    # times faster on a long article: most of these characters are absent, and
    # str.split() splits on exactly the characters regex \s matches.
    for char, plain in _PLAIN:
        if char in text:
            text = text.replace(char, plain)
    return " ".join(text.split())


# Regex \s matches exactly the characters str.isspace() (and so str.split()) takes for
# whitespace; spelling them out meant testing every code point at import (60 ms).
_SPACE_RUN = r"\s+"
_SAME: dict[str, str] = {}
for _code, _plain in _TRANSLATE.items():
    if not _plain.isspace():
        _SAME[_plain] = _SAME.get(_plain, _plain) + chr(_code)


def _quote_pattern(needle: str) -> re.Pattern[str]:
    """What matches a normalised quote in the original text: each character as any
    character that normalises to it, each space as a run of whitespace."""
    parts = []
    for char in needle:
        if char == " ":
            parts.append(_SPACE_RUN)
        elif char in _SAME:
            parts.append(f"[{re.escape(_SAME[char])}]")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts))


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` stands in `text`, as (start, end) offsets into the original `text`.

    The quote is normalised, then looked for in the original text as a pattern that
    forgives what normalising forgives (the first place in the text where the
    normalised quote occurs in the normalised text), so the reader can highlight the
    exact original characters. One search in C: a 5 MB article is no slower to open.
    """
    needle = normalise(quote)
    if not needle:
        return None
    found = _quote_pattern(needle).search(text)
    return None if found is None else found.span()
