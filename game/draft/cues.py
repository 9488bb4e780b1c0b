"""Finding cue words in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from game.draft.lexicon import AMBIGUOUS_FORMS, CUES, Family, words

# After one of these, an ambiguous form is a noun ("the claim", "state television").
_NOUN_MARKERS = words(
    "the a an his her its their our this that these those of in on for with by from "
    "any every each no some such another"
)
# When two cues overlap ("reports of" and "reports"), the family first here wins.
_PRECEDENCE = (
    Family.DISPUTE,
    Family.DENIAL,
    Family.EVIDENCE,
    Family.STANCE,
    Family.NEUTRAL,
    Family.HEDGE,
)


@dataclass(frozen=True)
class Cue:
    """A cue word or phrase found in a sentence."""

    family: Family
    word: str
    """As the sentence writes it: "boasted", "According to"."""
    lemma: str
    """Its base word, as the lexicon lists it: "boast", "according to"."""
    start: int
    end: int
    noun: bool = False
    """A stance word used as a noun after a possessive: "his promise", "the minister's
    claim" (the possessor is the speaker)."""


def find_cues(text: str) -> list[Cue]:
    """Every cue in `text` outside quotations (what a speaker says is not the article's
    cue), in order; where two overlap, the longer (or the more telling family) is kept."""
    quoted = [m.span() for m in _QUOTATION.finditer(text)]
    found: list[Cue] = []
    for family in _PRECEDENCE:
        lexicon = CUES[family]
        for match in lexicon.pattern.finditer(text):
            word = match.group()
            start, end = match.span()
            if any(q_start < start and end < q_end for q_start, q_end in quoted):
                continue
            if family is Family.HEDGE and word[:1].isupper() and word.lower() == "may":
                continue  # the month
            if word.lower() == "called" and _NAMING.search(text, 0, start):
                continue  # "a facility called Cecot" names it; no one is quoted
            noun = False
            if word.lower() in AMBIGUOUS_FORMS and _used_as_noun(text, start, end):
                if family is not Family.STANCE or not _after_possessive(text, start):
                    continue
                noun = True
            found.append(Cue(family, word, lexicon.lemma(word), start, end, noun))
    kept: list[Cue] = []
    for cue in sorted(found, key=lambda c: (-(c.end - c.start), _PRECEDENCE.index(c.family))):
        if all(cue.end <= other.start or cue.start >= other.end for other in kept):
            kept.append(cue)
    return sorted(kept, key=lambda c: c.start)


def _used_as_noun(text: str, start: int, end: int) -> bool:
    """An ambiguous form is a noun after a determiner, preposition or possessive ("the
    claim", "state television"), or right before a verb ("the annual report shows")."""
    before = _WORD_BEFORE.search(text, 0, start)
    if before is not None:
        word = before.group(1).lower()
        if word in _NOUN_MARKERS or word.endswith(("’s", "'s")):
            return True
    after = _WORD_AFTER.match(text, end)
    return after is not None and any(
        lexicon.lemma_of.get(after.group(1).lower()) is not None
        for family, lexicon in CUES.items()
        if family is not Family.HEDGE
    )


def _after_possessive(text: str, start: int) -> bool:
    before = _WORD_BEFORE.search(text, 0, start)
    return before is not None and (
        before.group(1).lower() in _POSSESSIVES or before.group(1).endswith(("’s", "'s"))
    )


_WORD_BEFORE = re.compile(r"([\w’']+)\W*$")
_WORD_AFTER = re.compile(r"\s+([\w’']+)")
_POSSESSIVES = words("his her their its our")
# "called" right after "a"/"an" and a noun or two is a name being given.
_NAMING = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){1,2}$", re.IGNORECASE)
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")
