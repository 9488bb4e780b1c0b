"""The drafter's cue words, by family, with every inflection the drafter matches.

A teacher reading a draft's comments sees these words named as the cue that fired,
so each family is a plain list of base words; `forms` spells out their inflections
(regular ones by rule, the irregular ones listed) and `CUES` compiles one regular
expression per family.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum


def words(text: str) -> frozenset[str]:
    """The words of a space-separated list, for the lists below and the drafter's own."""
    return frozenset(text.split())


class Family(Enum):
    """What a cue word says about the sentence it stands in."""

    NEUTRAL = "neutral attribution"
    """Someone said it; the verb takes no stance ("said", "told", "according to")."""
    STANCE = "stance attribution"
    """Someone said it, and the verb colours how ("boasted", "insisted", "labeled")."""
    DENIAL = "denial"
    """Someone says it is not so ("denied", "rejected"): the article reports two sides."""
    DISPUTE = "dispute"
    """The article flags the claim as contested ("alleged", "accused", "reports of")."""
    EVIDENCE = "evidence"
    """A record, study or ruling settles it ("analysis", "records", "revealed")."""
    HEDGE = "hedge"
    """The article does not vouch for it ("reportedly", "may")."""


# Verbs whose inflections do not follow the rules in `forms`: base -> every form.
_IRREGULAR: Mapping[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "find": ("find", "finds", "found", "finding"),
    "show": ("show", "shows", "showed", "shown", "showing"),
    "label": ("label", "labels", "labeled", "labelled", "labeling", "labelling"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "emphasise": (
        *("emphasise", "emphasises", "emphasised", "emphasising"),
        *("emphasize", "emphasizes", "emphasized", "emphasizing"),
    ),
    "criticise": (
        *("criticise", "criticises", "criticised", "criticising"),
        *("criticize", "criticizes", "criticized", "criticizing"),
    ),
    "rebut": ("rebut", "rebuts", "rebutted", "rebutting"),
}


def forms(base: str) -> tuple[str, ...]:
    """Every inflection of an English verb: base, third person, past, participle, -ing."""
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    if base.endswith("e"):
        stem = base[:-1]
        return (base, base + "s", base + "d", stem + "ing")
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        stem = base[:-1]
        return (base, stem + "ies", stem + "ied", base + "ing")
    third = base + "es" if base.endswith(("s", "x", "z", "ch", "sh")) else base + "s"
    return (base, third, base + "ed", base + "ing")


# Attribution verbs. The issue names say, tell, state, add, announce and write as
# neutral; the rest are the verbs news writing commonly attributes with.
NEUTRAL_VERBS = (
    *("say", "tell", "state", "add", "announce", "write", "explain", "note", "report"),
    *("confirm", "reply", "respond", "testify", "describe", "predict", "estimate"),
)
STANCE_VERBS = (
    *("claim", "insist", "boast", "assert", "emphasise", "maintain", "admit", "warn"),
    *("promise", "label", "call", "declare", "argue", "pledge", "vow", "acknowledge"),
    *("concede", "blame", "stress", "suggest", "brand"),
)
DENIAL_VERBS = ("deny", "reject", "dismiss", "refute", "rebut")
DISPUTE_VERBS = ("allege", "accuse", "question", "dispute", "contest", "challenge", "criticise")
EVIDENCE_VERBS = ("find", "show", "reveal", "indicate", "conclude", "rule", "document")

EVIDENCE_NOUNS = words(
    "analysis analyses study studies data records figures statistics audit audits survey "
    "surveys census report research investigation inspection inspectors test tests samples "
    "images documents papers filings court judge ruling laboratory accounts"
)
"""Nouns that make the subject of a finding, or of "according to", a record."""

INVERTIBLE = (
    *("say", "add", "write", "declare", "explain", "note", "insist", "reply", "warn", "argue"),
    *("state", "boast", "claim", "admit", "concede", "confirm", "announce", "acknowledge"),
    *("predict", "stress", "respond", "tell"),
)
"""Verbs news copy puts before their speaker: "“…,” said the mayor", "declared the president"."""

HEDGE_WORDS = ("may", "might", "reportedly", "apparently", "suspected", "possibly")
"""Lower case only: "May" is also a month."""

# Verb forms that are also common nouns or adjectives ("the claim", "state television",
# "a promise"); they count as a verb only when no determiner or preposition precedes.
AMBIGUOUS_FORMS = frozenset(
    {
        *("claim", "claims", "state", "states", "report", "reports", "promise", "promises"),
        *("question", "questions", "dispute", "disputes", "contest", "contests", "call"),
        *("calls", "label", "labels", "test", "tests", "note", "notes", "challenge"),
        *("challenges", "ruling", "finding", "findings", "show", "shows", "reply", "estimate"),
        *("estimates", "stress", "brand", "record"),
    }
)

# Phrases, as regular expressions (word boundaries are added).
NEUTRAL_PHRASES = (r"according to",)
STANCE_PHRASES = (r"in (?:his|her|their|its) (?:own )?words",)
DISPUTE_PHRASES = (
    *(r"reports? of", r"without (?:any |offering |providing |giving )?evidence"),
    *(r"so-called", r"controvers(?:y|ies|ial)", r"critics?", r"accusations?"),
    *(r"allegations?", r"allegedly"),
)
EVIDENCE_PHRASES = (r"court (?:ruled|found|heard)", r"put (?:the |its |their )?[\w -]{1,40}? at")

ANAPHORIC_TARGETS = (
    *("accusation", "accusations", "allegation", "allegations", "charge", "charges"),
    *("claim", "claims", "reading", "account", "report", "reports", "figures"),
    *("complaints", "suggestion", "criticism", "version", "assertion", "idea"),
)
"""What a denial can point back at ("rejected that charge"): the sentence before it."""

CONTRAST_OPENERS = ("However", "But", "Yet", "Still", "Nevertheless")
"""A sentence opening with one of these answers the sentence before it."""

LINE_LABELS = (
    *("source", "sources", "photo", "photos", "image", "credit", "caption", "editing by"),
    *("reporting by", "writing by", "additional reporting by", "key points", "copyright"),
)
"""A line starting with one of these and a colon labels something; it holds no claim."""

FURNITURE_LABELS = (
    *("related", "related post", "related posts", "related articles", "read more"),
    *("read also", "see also", "more", "advertisement", "sponsored", "share", "tags"),
    *("topics", "listen", "watch", "follow us", "subscribe", "sign up", "newsletter"),
    *("you may also be interested in", "you may also like", "recommended"),
)
"""A line starting with one of these (and a colon, or nothing) is the website's, not the
article's: the draft leaves it out of the source text."""


@dataclass(frozen=True)
class Lexicon:
    """One family's cue words: the base words shown to teachers, and their regex."""

    family: Family
    words: tuple[str, ...]
    """Base words and phrases, as a teacher would read them."""
    pattern: re.Pattern[str]
    lemma_of: Mapping[str, str]
    """Each lower-case inflected form -> its base word."""

    def lemma(self, matched: str) -> str:
        """The base word of a match; a phrase's own words, or "put … at" for a pattern
        with a gap."""
        lower = " ".join(matched.lower().split())
        if lower in self.lemma_of:
            return self.lemma_of[lower]
        return "put … at" if lower.startswith("put ") else lower


def _lexicon(
    family: Family, verbs: Iterable[str], phrases: Iterable[str] = (), words: Iterable[str] = ()
) -> Lexicon:
    lemma_of: dict[str, str] = {}
    for verb in verbs:
        for form in forms(verb):
            lemma_of.setdefault(form, verb)
    for word in words:
        lemma_of.setdefault(word, word)
    phrases = tuple(phrases)
    # Longest first, so "labelled" wins over "label"; phrases before single words.
    alternatives = [*phrases, *(re.escape(f) for f in sorted(lemma_of, key=len, reverse=True))]
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)
    shown = (*dict.fromkeys(lemma_of.values()), *phrases)
    return Lexicon(family, tuple(shown), pattern, lemma_of)


CUES: Mapping[Family, Lexicon] = {
    Family.NEUTRAL: _lexicon(Family.NEUTRAL, NEUTRAL_VERBS, NEUTRAL_PHRASES),
    Family.STANCE: _lexicon(Family.STANCE, STANCE_VERBS, STANCE_PHRASES),
    Family.DENIAL: _lexicon(Family.DENIAL, DENIAL_VERBS),
    Family.DISPUTE: _lexicon(Family.DISPUTE, DISPUTE_VERBS, DISPUTE_PHRASES),
    Family.EVIDENCE: _lexicon(Family.EVIDENCE, EVIDENCE_VERBS, EVIDENCE_PHRASES),
    Family.HEDGE: _lexicon(Family.HEDGE, (), (), HEDGE_WORDS),
}
"""Every family's lexicon."""

ATTRIBUTION = (Family.NEUTRAL, Family.STANCE, Family.DENIAL, Family.DISPUTE)
"""Families whose verbs have a speaker."""
