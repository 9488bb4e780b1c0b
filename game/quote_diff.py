"""Where a quote that is not in its article parts from it: the longest start or end of
the quote that the text has, and what each says from the first word they differ on.

Both texts are compared in `game.text.normalise`'s form (what `check` forgives is
forgiven here too). A quote's longest start found in the text is found by halving: if
its first k words are in the text, so are its first k - 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.i18n import _

CONTEXT_WORDS = 4
"""Words of the shared part shown before (or after) the first difference."""
DIFFERING_WORDS = 3
"""Words shown from the first difference on, of the quote and of the text."""
MIN_SHARED_WORDS = 2
"""A shared start or end shorter than this is no clue where the quote comes from."""


@dataclass
class Budget:
    """Characters of text the searches may still scan: a pack of thousands of quotes
    missing from a long article gets the plain message past it, not minutes of work."""

    characters: int

    def spend(self, text: str) -> bool:
        self.characters -= len(text)
        return self.characters >= 0


@dataclass(frozen=True)
class Mismatch:
    """The same stretch of words as the quote has it and as the text has it."""

    quote: str
    text: str

    def hint(self) -> str:
        return _('the text has "…{text}…" where the quote has "…{quote}…"').format(
            text=_cut(self.text), quote=_cut(self.quote)
        )


SHOWN_CHARACTERS = 80
"""Each side of a mismatch is shown in at most this many characters (a "word" of a
hostile pack can be megabytes long)."""


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


def _longest(words: list[str], haystack: str, budget: Budget, *, start: bool) -> int | None:
    """How many of the first (or last) words of the quote occur together in the text;
    None when the budget runs out."""
    low, high = 0, len(words)  # low words are known to occur; high + 1 are known not to
    while low < high:
        middle = (low + high + 1) // 2
        part = " ".join(words[:middle] if start else words[-middle:])
        if not budget.spend(haystack):
            return None
        if part in haystack:
            low = middle
        else:
            high = middle - 1
    return low


def mismatch(quote: str, haystack: str, budget: Budget) -> Mismatch | None:
    """Where the normalised `quote` parts from the normalised text `haystack`, or None
    when no start or end of two words or more of it is in the text (or out of budget)."""
    words = quote.split(" ")
    head = _longest(words, haystack, budget, start=True)
    tail = _longest(words, haystack, budget, start=False)
    if head is None or tail is None or max(head, tail) < MIN_SHARED_WORDS:
        return None
    if head >= tail:
        shared = " ".join(words[:head])
        start = haystack.find(shared)
        context = _back(shared, len(shared), CONTEXT_WORDS)
        return Mismatch(
            quote[context : _forward(quote, len(shared), DIFFERING_WORDS)],
            haystack[start + context : _forward(haystack, start + len(shared), DIFFERING_WORDS)],
        )
    shared = " ".join(words[-tail:])
    start = haystack.find(shared)
    ours = len(quote) - len(shared)
    context = _forward(shared, 0, CONTEXT_WORDS)
    return Mismatch(
        quote[_back(quote, ours, DIFFERING_WORDS) : ours + context],
        haystack[_back(haystack, start, DIFFERING_WORDS) : start + context],
    )


def _forward(text: str, at: int, words: int) -> int:
    """Where `text` is `words` words on from `at` (the rest of a word cut at `at`
    counts as one), or its end."""
    for _word in range(words):
        if text.startswith(" ", at):
            at += 1
        space = text.find(" ", at)
        if space < 0:
            return len(text)
        at = space
    return at


def _back(text: str, at: int, words: int) -> int:
    """Where the `words` words before `at` in `text` begin, or 0."""
    for _word in range(words):
        if text.endswith(" ", 0, at):
            at -= 1
        space = text.rfind(" ", 0, at)
        if space < 0:
            return 0
        at = space + 1
    return at
