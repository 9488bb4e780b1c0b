"""How a source is named on screen: publisher, title and date."""

from __future__ import annotations

import datetime as dt

from game.pack import Source


def short_date(date: dt.date) -> str:
    """A date as "17 Apr 2025"."""
    return f"{date.day} {date:%b %Y}"


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


def quoted(text: str) -> str:
    """A quote in quotation marks, unless it already starts with one."""
    text = one_line(text)
    if text[:1] in "\"“‘'«„":
        return text
    return f"“{text}”"
