"""Text rules shared by validation and display: unsafe characters and quote matching
(`normalise`; the search for many quotes in one text is `game.quotes`)."""

from __future__ import annotations

import re

# C0 controls other than tab and newline, DEL, and C1 controls. Carriage returns are
# refused too: TOML turns CRLF line endings into "\n" itself, so a lone CR is deliberate.
_CONTROL = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])
# Characters that reorder or hide text, used to make a claim read differently from what
# it is (Trojan Source style): bidi embeddings/overrides/isolates and zero-width marks.
_SPOOFING = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]) + "".join(
    chr(c) for c in range(0x200B, 0x2010)
)

_UNSAFE_MULTILINE = re.compile(f"[{re.escape(_CONTROL + _SPOOFING)}]")
_UNSAFE_LINE = re.compile(f"[{re.escape(_CONTROL + _SPOOFING)}\t\n]")


def find_unsafe(text: str, *, multiline: bool) -> int | None:
    """Index of the first character that must not appear in pack text, or None."""
    match = (_UNSAFE_MULTILINE if multiline else _UNSAFE_LINE).search(text)
    return match.start() if match else None


def describe_char(char: str) -> str:
    """A printable name for a character, e.g. ``U+0007`` or ``U+202E (bidi override)``."""
    code = ord(char)
    label = f"U+{code:04X}"
    if char == "\n":
        return f"{label} (newline)"
    if char == "\t":
        return f"{label} (tab)"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"{label} (bidi control)"
    if 0x200B <= code <= 0x200F:
        return f"{label} (invisible character)"
    return f"{label} (control character)"


def printable(text: str) -> str:
    """`text` with every character a terminal could act on written as an escape
    (``\\x1b``, ``\\u202e``), e.g. a file name in a message; nothing else changes."""
    if text.isprintable() and find_unsafe(text, multiline=False) is None:
        return text
    out = []
    for char in text:
        if char.isprintable() and find_unsafe(char, multiline=False) is None:
            out.append(char)
        else:
            out.append(char.encode("unicode_escape", errors="backslashreplace").decode("ascii"))
    return "".join(out)


def shown(value: object, limit: int = 60) -> str:
    """Render an untrusted value for an error message: printable, quoted, and short."""
    result = printable(value if isinstance(value, str) else repr(value))
    if len(result) > limit:
        result = result[: limit - 1] + "…"
    return f'"{result}"' if isinstance(value, str) else result


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


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` stands in `text`, as (start, end) offsets into the original `text`.

    Matching is done on the normalised forms, then mapped back, so the reader can
    highlight the exact original characters.
    """
    needle = normalise(quote)
    if not needle:
        return None
    chars: list[str] = []
    origin: list[int] = []
    in_space = True  # leading whitespace is dropped, like normalise() does
    for index, char in enumerate(text.translate(_TRANSLATE)):
        if char.isspace():
            if not in_space:
                chars.append(" ")
                origin.append(index)
            in_space = True
        else:
            chars.append(char)
            origin.append(index)
            in_space = False
    haystack = "".join(chars)
    at = haystack.find(needle)
    if at < 0:
        return None
    end = at + len(needle) - 1
    return origin[at], origin[end] + 1
