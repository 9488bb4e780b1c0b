"""How a source is named on screen: publisher, title and date."""

from __future__ import annotations

import datetime as dt

from game.i18n import format_short_date
from game.pack import Source


def short_date(date: dt.date) -> str:
    """A date as "17 Apr 2025", in the interface's language ("17 abr 2025")."""
    return format_short_date(date)


def source_byline(source: Source) -> str:
    """ "EFE · 17 Apr 2025": the publisher and the date, for the claim card's title."""
    parts = [source.publisher]
    if source.published is not None:
        parts.append(short_date(source.published))
    return " · ".join(parts)


def source_line(source: Source) -> str:
    """ "EFE · Bukele at the White House · 17 Apr 2025": publisher, title and date."""
    parts = [source.publisher, source.title]
    if source.published is not None:
        parts.append(short_date(source.published))
    return " · ".join(parts)


def one_line(text: str) -> str:
    """Multi-line pack text (a quote) as one line, its whitespace runs collapsed."""
    return " ".join(text.split())


OPENING = "“"
CLOSING = "”"
INNER = {"“": "‘", "”": "’", "«": "‹", "»": "›", "„": "‚"}
"""Double marks inside a quote become single ones, as English nests quotations."""


def _nest(text: str) -> str:
    out: list[str] = []
    for index, char in enumerate(text):
        if char == '"':
            # A straight mark opens after a space or at the start, and closes otherwise.
            opens = index == 0 or text[index - 1].isspace() or text[index - 1] in "([{—–-"
            out.append("‘" if opens else "’")
        else:
            out.append(INNER.get(char, char))
    return "".join(out)


def quoted(text: str) -> str:
    """A quote in quotation marks, on one line.

    Quotes often hold quotation marks of their own, at either end or inside ("…a “crime
    and terrorism problem,”"). Adding marks around them as they are gives doubled marks
    ("problem,””"), and leaving them out gives unbalanced ones; so the quote's own
    double marks become single ones inside the outer pair, as English nests quotations.
    """
    return f"{OPENING}{_nest(one_line(text))}{CLOSING}"
