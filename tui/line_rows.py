"""How many rows a line of text takes when Textual wraps it at a width, quickly.

The article reader lays out a 5 MB text by counting rows: `Content.wrap` does it a word
at a time in Python, which took most of a second for such a text. For the lines most
articles are made of (characters one cell wide, no tabs, no whitespace but the plain
space), `rows()` finds the same breaks as Rich's `divide_line`, which `Content` wraps
with, a row at a time: a few string searches per row instead of a loop per word. Any
other line is measured by `Content` itself.
"""

from __future__ import annotations

import re

from textual.content import Content

_PLAIN = re.compile("[ -~\u00a1-\u00ac\u00ae-\u017f\u2010-\u2027\u2030-\u205e]*")
"""Characters one cell wide that are not whitespace (but for the space): printable
ASCII, Latin-1 and Latin Extended-A letters, and general punctuation (curly quotes,
dashes, the ellipsis). The soft hyphen and the no-break and other spaces are left out:
Rich treats them otherwise."""
_NOT_SPACE = re.compile("[^ ]")
_SPACE = re.compile(" ")


def is_plain(line: str) -> bool:
    """Whether `rows()` counts this line's rows itself (else it asks `Content`)."""
    return _PLAIN.fullmatch(line) is not None


def rows(line: str, width: int) -> int:
    """The rows `line` (one line: no newline) takes in `Content.wrap(width)`, with the
    default overflow (long words folded)."""
    if width <= 0:
        return 1
    if not is_plain(line):
        return len(Content(line).wrap(width))
    if len(line) <= width:
        return 1
    return _plain_breaks(line, width) + 1


def _plain_breaks(text: str, width: int) -> int:
    """How many breaks Rich's `divide_line(text, width)` makes, for a plain line.

    `divide_line` takes words (a run of non-spaces with the spaces after it; the first
    also with the spaces before it). A word fits on the row when its non-spaces do; the
    spaces after it count towards the row all the same. So on a row that starts at
    `start`, `offset` cells in, every word whose non-spaces end by `start + width -
    offset` fits, and the first word that reaches past that either starts the next row
    or, longer than a row, is folded into rows of `width` characters.
    """
    n = len(text)
    breaks = 0
    start, offset = 0, 0
    # The first word's leading spaces belong to it.
    first_end = _NOT_SPACE.search(text)
    if first_end is None:
        return 0  # only spaces: no word, no break
    lead = first_end.start()
    while True:
        limit = start + width - offset
        if limit >= n:
            return breaks
        beyond = _NOT_SPACE.search(text, limit)
        if beyond is None:
            return breaks  # only spaces past the limit: every word fits
        j = beyond.start()
        # The word that reaches past the limit: its non-spaces begin after the last
        # space before j, or it is the row's first word.
        word_start = text.rfind(" ", start, j) + 1
        first_word = word_start <= start or (start == 0 and word_start <= lead)
        if first_word:
            word_start = start
        run_end = _SPACE.search(text, j)
        non_space_end = n if run_end is None else run_end.start()
        after = _NOT_SPACE.search(text, non_space_end)
        word_end = n if after is None else after.start()
        length = non_space_end - word_start  # its cells without the spaces after it
        if length > width:
            # Folded: a break before it (unless it starts the text) and every `width`
            # characters within it; the last piece stays on the row.
            pieces = -(-(word_end - word_start) // width)
            breaks += pieces - 1 + (1 if word_start > 0 else 0)
            start = word_end
            offset = (word_end - word_start) - (pieces - 1) * width
        elif first_word:
            # Only after a fold: the row already holds the fold's last piece.
            breaks += 1
            offset = 0
        else:
            breaks += 1
            start, offset = word_start, 0
