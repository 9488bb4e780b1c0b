"""An article's blocks: its paragraphs, and the lines that are no claim's source.

A pasted article has one paragraph per line, or lines wrapped at a fixed width with
blank lines between paragraphs; both are read. Headlines, subheads, bylines and
dates (lines with no sentence ending), bullets, very short lines, labelled lines
("SOURCE:", "Key points:") and the site's furniture ("Related:") are kept apart, so that only paragraphs are split
into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise

from game.draft.lexicon import FURNITURE_LABELS, LINE_LABELS


class Kind(Enum):
    """What a block is, and why the drafter skips it when it does."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    """No sentence ending: a headline, subhead, byline or date line."""
    BULLET = "bullet"
    LABEL = "label"
    """A labelled line: "SOURCE: …", "Key points:", "Photo: …"."""
    FURNITURE = "furniture"
    """The website's, not the article's: "Related: …", "Advertisement"."""
    SHORT = "short"
    """Fewer than `MIN_WORDS` words."""


MIN_WORDS = 4
"""A line with fewer words than this is too short to hold a claim."""

WRAP_WIDTH = 100
"""Lines no longer than this, most of them ending mid-sentence, are wrapped text."""


@dataclass(frozen=True)
class Block:
    """A stretch of the article: one paragraph, heading, bullet or other line."""

    start: int
    end: int
    """Offsets into the article's text."""
    text: str
    """The article's own characters from start to end (wrapped lines keep their breaks)."""
    kind: Kind


_LINE = re.compile(r"[^\n]*\n?")
_BULLET = re.compile(r"^\s*(?:[-*•·▪‣◦–—]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*\s*$")
_LABEL = re.compile(
    r"^\s*(?:" + "|".join(re.escape(label) for label in LINE_LABELS) + r")\s*:",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(label) for label in FURNITURE_LABELS) + r")\s*(?::|$)",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’ -]*[A-Z](?:,[^—–()\n]{1,40}?)?\s*(?:\(([^)\n]{1,60})\))?\s*(?:—|–|--?)\s+"
)
_SOURCE_LINE = re.compile(r"^\s*sources?\s*:\s*(.+?)\s*$", re.IGNORECASE)


def blocks(text: str) -> list[Block]:
    """The article's blocks, in order."""
    lines = _lines(text)
    wrapped = _is_wrapped(text, lines)
    found: list[Block] = []
    group: list[tuple[int, int]] = []

    def flush() -> None:
        if group:
            start, end = group[0][0], group[-1][1]
            found.append(Block(start, end, text[start:end], _kind(text[start:end])))
            group.clear()

    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            flush()
            continue
        labelled = _LABEL.match(line) or _FURNITURE.match(line)
        if not wrapped or _BULLET.match(line) or labelled:
            flush()
        group.append((start, end))
        if not wrapped or labelled:
            flush()
    flush()
    return found


def title_of(found: list[Block]) -> str | None:
    """The headline: the first block, when it is a heading."""
    if found and found[0].kind is Kind.HEADING:
        return " ".join(found[0].text.split())
    return None


def publisher_of(text: str, found: list[Block]) -> str | None:
    """Who published the article, when it says: a "SOURCE: X" line, or a dateline's
    "(X)"."""
    for block in reversed(found):
        if block.kind is Kind.LABEL:
            match = _SOURCE_LINE.match(block.text)
            if match:
                return match.group(1)
    for block in found:
        if block.kind is Kind.PARAGRAPH:
            match = _DATELINE.match(block.text)
            if match and match.group(1):
                return match.group(1).strip()
    return None


def dateline_length(paragraph: str) -> int:
    """How many characters at the paragraph's start are a dateline ("CALDERA BAY,
    Nov 4 (Meridian News) — "), which is not part of the first sentence's claim."""
    match = _DATELINE.match(paragraph)
    return match.end() if match else 0


def _lines(text: str) -> list[tuple[int, int]]:
    """Each line's (start, end), without its line break."""
    spans = []
    for match in _LINE.finditer(text):
        if not match.group():
            break
        end = match.end() - 1 if match.group().endswith("\n") else match.end()
        spans.append((match.start(), end))
    return spans


def _is_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether the text is hard-wrapped: its lines are short, and most lines followed by
    another line end in the middle of a sentence."""
    lengths = sorted(end - start for start, end in lines if end > start)
    if not lengths or lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0] > WRAP_WIDTH:
        return False
    followed = [
        text[start:end]
        for (start, end), (next_start, next_end) in pairwise(lines)
        if text[start:end].strip() and text[next_start:next_end].strip()
    ]
    # Wrapped lines run close to the width; a column of headings or a byline does not.
    width = lengths[-1]
    open_ended = sum(
        1
        for line in followed
        if not _SENTENCE_END.search(line) and len(line) >= max(40, 0.6 * width)
    )
    return len(followed) >= 3 and open_ended * 2 >= len(followed)


def _kind(block: str) -> Kind:
    if _FURNITURE.match(block):
        return Kind.FURNITURE
    if _LABEL.match(block):
        return Kind.LABEL
    if _BULLET.match(block):
        return Kind.BULLET
    if len(block.split()) < MIN_WORDS:
        return Kind.SHORT
    if not _SENTENCE_END.search(block):
        return Kind.HEADING
    return Kind.PARAGRAPH
