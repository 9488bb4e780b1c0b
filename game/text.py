"""Text rules shared by validation and display: unsafe characters and quote matching."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import accumulate

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


class QuoteIndex:
    """Which of many quotes occur in one (possibly very long) text, without scanning
    the whole text once per quote.

    A quote of three or more words has interior words that must stand as whole words
    in the text wherever the quote occurs; the rarest of them is looked up in an index
    of the text's words and the quote compared only at those places. Quotes without an
    interior word, or whose rarest one is very common, fall back to a plain search.
    """

    _MAX_CANDIDATES = 2000
    """Beyond this many places to compare, one plain search of the text is cheaper."""

    def __init__(self, text: str) -> None:
        self.haystack = normalise(text)

    def missing(self, quotes: Iterable[str]) -> set[str]:
        """The quotes (normalised, non-empty) that do not occur in the text."""
        needles = set(quotes)
        haystack = self.haystack
        words = haystack.split(" ")
        counts = Counter(words)
        anchors: dict[str, tuple[str, int]] = {}  # needle -> (anchor word, its offset)
        missing: set[str] = set()
        for needle in needles:
            parts = needle.split(" ")
            best: tuple[int, str, int] | None = None
            offset = len(parts[0]) + 1 if parts else 0
            for word in parts[1:-1]:
                count = counts.get(word, 0)
                if best is None or count < best[0]:
                    best = (count, word, offset)
                offset += len(word) + 1
            if best is None or best[0] > self._MAX_CANDIDATES:
                if needle not in haystack:
                    missing.add(needle)
            elif best[0] == 0:
                missing.add(needle)
            else:
                anchors[needle] = (best[1], best[2])
        if not anchors:
            return missing
        wanted = {word for word, _offset in anchors.values()}
        starts = list(accumulate(map(len, words), initial=0))
        places: dict[str, list[int]] = {}
        for index, word in enumerate(words):
            if word in wanted:
                places.setdefault(word, []).append(starts[index] + index)
        for needle, (word, offset) in anchors.items():
            if not any(
                at >= offset and haystack.startswith(needle, at - offset) for at in places[word]
            ):
                missing.add(needle)
        return missing


_SPACES = "".join(chr(code) for code in range(0x110000) if chr(code).isspace())
_SPACE_RUN = f"[{re.escape(_SPACES)}]+"
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
