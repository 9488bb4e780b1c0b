"""Splitting a paragraph into sentences, behind a small interface.

The drafter's own splitter is rule-based and tuned to news prose: it keeps a quotation
that holds several sentences together with its "said X" (the claim is the quotation),
and knows the abbreviations news copy uses (titles, initials, "a.m.", "U.S."). Another
splitter (pysbd, say) fits behind `Splitter` without touching the rules.
"""

from __future__ import annotations

import re
from typing import Protocol

from game.draft.lexicon import words

Span = tuple[int, int]
"""Start and end offsets of a sentence in the paragraph it came from."""


class Splitter(Protocol):
    """Anything that splits one paragraph into sentences."""

    def split(self, paragraph: str) -> list[Span]:
        """Each sentence's (start, end) in `paragraph`, without surrounding whitespace."""
        ...


# Never the end of a sentence: a title or a word that always takes what follows.
_TITLES = words(
    "mr mrs ms dr prof sr jr st mt gen gov sen rep col lt sgt capt cmdr adm rev hon "
    "pres supt insp fr messrs mme mlle"
)
# The end of a sentence only when a word that opens sentences follows ("at 7 a.m. on
# Sunday" goes on; "in the U.S. The talks" does not).
_SOMETIMES = words(
    "a.m p.m etc inc ltd co corp bros approx est dept univ vs u.s u.k u.n e.u i.e e.g "
    "no nos fig vol ch pp jan feb mar apr jun jul aug sep sept oct nov dec"
)
_OPENERS = words(
    "the a an he she it they we i you this that these those there his her its their our "
    "but however in on at for after before when while if as yet still meanwhile"
)

_END = re.compile(r"[.!?…]+[\"”’'»)\]]*")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_NEXT_WORD = re.compile(r"\s*[\"“‘'(\[]*([\w'’.-]+)")
_OPENING = frozenset("\"“‘'([«")


class RuleSplitter:
    """The drafter's splitter: punctuation, capitals, quotation marks, abbreviations."""

    def split(self, paragraph: str) -> list[Span]:
        depth = _QuoteDepth(paragraph)
        spans: list[Span] = []
        start = 0
        for match in _END.finditer(paragraph):
            end = match.end()
            rest = paragraph[end:]
            if rest and not rest[0].isspace():
                continue  # "3.5", "U.S.-backed", "…” she said" run on
            if rest.strip() and not self._boundary(paragraph, match, depth):
                continue
            spans.append(_trimmed(paragraph, start, end))
            start = end
        if paragraph[start:].strip():
            spans.append(_trimmed(paragraph, start, len(paragraph)))
        return [span for span in spans if span[1] > span[0]]

    def _boundary(self, paragraph: str, match: re.Match[str], depth: _QuoteDepth) -> bool:
        end = match.end()
        following = paragraph[end:].lstrip()
        first = following[0]
        if not (first.isupper() or first.isdigit() or first in _OPENING):
            return False
        if depth.at(end) > 0:
            return False
        if match.group()[0] == ".":
            before = _WORD_BEFORE.search(paragraph, 0, match.start())
            word = before.group(1).lower().strip("'’") if before else ""
            if word in _TITLES:
                return False
            if len(word) == 1 and word.isalpha():
                return False  # an initial: "J. Smith"
            if word in _SOMETIMES or "." in word:
                nxt = _NEXT_WORD.match(following)
                return nxt is not None and nxt.group(1).lower() in _OPENERS
        return True


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _QuoteDepth:
    """How many quotations are open at an offset, for offsets asked in rising order.

    When quotation marks do not pair up (a quotation running on into the next
    paragraph leaves one open), they cannot guide the split and count as none.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.balanced = text.count("“") == text.count("”") and text.count('"') % 2 == 0
        self.position = 0
        self.curly = 0
        self.straight = False

    def at(self, offset: int) -> int:
        if not self.balanced:
            return 0
        for char in self.text[self.position : offset]:
            if char == "“":
                self.curly += 1
            elif char == "”":
                self.curly = max(0, self.curly - 1)
            elif char == '"':
                self.straight = not self.straight
        self.position = max(self.position, offset)
        return self.curly + self.straight


SPLITTER: Splitter = RuleSplitter()
"""The splitter the drafter uses."""
