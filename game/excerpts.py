"""Whether a quote is an excerpt: does it start or end inside a sentence of its source?

A quote cut mid-sentence ("mostly Venezuelans accused", "…a problem,’”") reads as if
it were the whole sentence; the verdict shows an ellipsis at each end that is cut.
"""

from __future__ import annotations

from game.text import find_quote

SENTENCE_ENDS = ".!?…"
OPENING_MARKS = "\"'“‘«‹„‚([{"
CLOSING_MARKS = "\"'”’»›)]}"
_MARKS = OPENING_MARKS + CLOSING_MARKS


def excerpt_ends(text: str | None, quote: str) -> tuple[bool, bool]:
    """(starts inside a sentence, ends inside a sentence) for `quote` in the source
    `text`. A quote not found, or a source without text, counts as whole: (False, False),
    since nothing says it was cut."""
    if not text:
        return (False, False)
    span = find_quote(text, quote)
    if span is None:
        return (False, False)
    start, end = span
    return (_starts_inside(text[:start], quote), _ends_inside(quote, text[end:]))


def _starts_inside(before: str, quote: str) -> bool:
    # What precedes the quote, without the spaces and opening marks right before it.
    kept = before.rstrip(" \t" + OPENING_MARKS)
    if not kept or kept.endswith("\n"):
        return False  # the text's start, a headline, a new paragraph
    last = kept.rstrip(CLOSING_MARKS)[-1:]
    if last in SENTENCE_ENDS:
        return False
    # "He said: “We are eager…”": a quoted sentence after a colon starts a sentence.
    first = quote.lstrip(" " + _MARKS)[:1]
    return not (last == ":" and first.isupper())


def _ends_inside(quote: str, after: str) -> bool:
    last = quote.rstrip().rstrip(CLOSING_MARKS)[-1:]
    if last in SENTENCE_ENDS:
        return False
    following = after.lstrip(CLOSING_MARKS).lstrip(" \t")
    if not following or following.startswith("\n"):
        return False
    return following[:1] not in SENTENCE_ENDS
