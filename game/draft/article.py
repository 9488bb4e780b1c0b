"""An article as the drafter reads it: its sentences, in order, with where each stands."""

from __future__ import annotations

from dataclasses import dataclass

from game.draft.blocks import Block, Kind, blocks, dateline_length
from game.draft.sentences import SPLITTER, Splitter

MIN_SENTENCE_WORDS = 4
"""A sentence with fewer words than this ("No comment.") is not drafted."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article's body."""

    index: int
    """Its place among the sentences the drafter reads, from 0."""
    text: str
    """The sentence with its runs of whitespace (and wrapped lines) made one space; a
    quote taken from it matches the article, since the validator compares the same way."""
    block: int
    """Index of the paragraph it stands in."""
    lead: int = 0
    """How many characters at its start are a dateline ("CALDERA BAY, Nov 4 (Meridian
    News) — "), not part of the claim."""

    @property
    def body(self) -> str:
        """The sentence without its dateline."""
        return self.text[self.lead :]


@dataclass(frozen=True)
class Article:
    """The article's blocks and the sentences of its paragraphs."""

    text: str
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]


def read(text: str, splitter: Splitter = SPLITTER) -> Article:
    """Split `text` into blocks, and its paragraphs into sentences."""
    found = blocks(text)
    sentences: list[Sentence] = []
    for number, block in enumerate(found):
        if block.kind is not Kind.PARAGRAPH:
            continue
        lead = dateline_length(block.text)
        for start, end in splitter.split(block.text):
            raw = block.text[start:end]
            sentence_lead = 0
            if start < lead:
                sentence_lead = len(" ".join(block.text[start:lead].split())) + 1
            plain = " ".join(raw.split())
            if len(plain[sentence_lead:].split()) < MIN_SENTENCE_WORDS:
                continue
            sentences.append(Sentence(len(sentences), plain, number, sentence_lead))
    return Article(text, tuple(found), tuple(sentences))
