"""The drafter's ordered rules: for each sentence, the first rule that matches decides
its suggested category, and says how sure it is.

Two rules look at the sentence after: a denial that points back ("rejected the
accusation") makes the sentence it answers disputed, and a sentence opening with
"However" or "But" belongs to the one before it: set against an attributed claim,
its evidence or its challenge makes that claim disputed. The other rules read the
sentence alone, in this order: evidence, a dispute verb, a denial, a dispute word,
stance attribution, neutral attribution, a bare quotation, a hedge, and the outlet's
own voice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from game.draft.article import Sentence
from game.draft.attribution import DISPUTE_VERBS, Attribution, How, Span, attributions
from game.draft.cues import Cue, find_cues
from game.draft.lexicon import ANAPHORIC_TARGETS, CONTRAST_OPENERS, EVIDENCE_NOUNS, Family
from game.draft.resolve import Resolver
from game.draft.speakers import (
    COMMON_ORG_WORDS,
    GROUP_WORDS,
    PERSON_TITLES,
    PRONOUNS,
    Speaker,
    singular,
)
from game.i18n import _


class Sure(Enum):
    """How sure a rule is of the category it suggests, as measured by bench/draft.py on
    the practice articles: high when it agrees with the hand labels at least 85 % of
    the time, medium at least 60 %, low below that (or too rarely seen to tell)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    def lower(self) -> Sure:
        return Sure.MEDIUM if self is Sure.HIGH else Sure.LOW


@dataclass(frozen=True)
class Rule:
    """One of the drafter's rules."""

    id: str
    category: str
    """The category it suggests: "fact", "assertion" or "disputed"."""
    sure: Sure
    looks_for: str
    """What it looks for, in a few words, for the teacher's comment."""


ANSWERED = Rule(
    "answered-next",
    "disputed",
    Sure.MEDIUM,
    _("the next sentence denies or disputes it (“rejected the accusation”)"),
)
CONTRADICTED = Rule(
    "contradicted-next",
    "disputed",
    Sure.MEDIUM,
    _(
        "the next sentence opens with “However” or “But” and sets evidence or a challenge against it"
    ),
)
EVIDENCE = Rule(
    "evidence",
    "fact",
    Sure.HIGH,
    _("a record, study, analysis or ruling reports it (“records show”, “an audit found”)"),
)
DISPUTE_VERB = Rule(
    "dispute-verb",
    "disputed",
    Sure.HIGH,
    _("the article flags it as contested (“accused”, “alleged”, “questioned”, “reports of”)"),
)
DENIAL = Rule("denial", "disputed", Sure.HIGH, _("someone denies it (“denied”, “rejected”)"))
DISPUTE_WORD = Rule(
    "dispute-word",
    "disputed",
    Sure.LOW,
    _("a word that signals a contest (“critics”, “controversy”, “so-called”, “without evidence”)"),
)
# Stance verbs mark the claims that other people in the article contest as often as
# not ("insisted", "claimed", "labeled … a fairy tale"): measured, the rule is a coin
# toss between assertion and disputed, so its claims are for the teacher to look at.
STANCE = Rule(
    "stance-attribution",
    "assertion",
    Sure.LOW,
    _("a verb of stance attributes it (“claimed”, “boasted”, “insisted”, “in his words”)"),
)
NEUTRAL = Rule(
    "attribution",
    "assertion",
    Sure.MEDIUM,
    _("someone is reported saying it (“said”, “told”, “according to”)"),
)
QUOTATION = Rule(
    "quotation",
    "assertion",
    Sure.LOW,
    _("quotation marks with no verb of saying; the speaker is taken from the sentence before"),
)
HEDGE_REPORT = Rule(
    "hedge-report",
    "disputed",
    Sure.LOW,
    _("the article passes it on without vouching for it (“reportedly”, “apparently”)"),
)
HEDGE = Rule(
    "hedge",
    "fact",
    Sure.LOW,
    _("the article's own voice, hedged (“may”, “might”, “suspected”)"),
)
OWN_VOICE = Rule(
    "own-voice",
    "fact",
    Sure.HIGH,
    _("no attribution or dispute cue: the article's own voice"),
)

RULES: tuple[Rule, ...] = (
    ANSWERED,
    CONTRADICTED,
    EVIDENCE,
    DISPUTE_VERB,
    DENIAL,
    DISPUTE_WORD,
    STANCE,
    NEUTRAL,
    QUOTATION,
    HEDGE_REPORT,
    HEDGE,
    OWN_VOICE,
)
"""Every rule, in the order they are tried."""


@dataclass(frozen=True)
class Reading:
    """What the drafter makes of one sentence."""

    sentence: Sentence
    rule: Rule
    """The first rule that matched."""
    cue: Cue | None
    """The cue it matched on (None for the own-voice rule)."""
    speaker: Speaker | None
    """Who stands behind the claim, when the sentence names someone; None for the
    outlet's own voice, and for an attribution whose speaker was not found."""
    attribution: Attribution | None = None
    """The attribution the speaker comes from."""
    answer: Sentence | None = None
    """The next sentence, when it contests this one (the two context rules)."""
    answer_cue: Cue | None = None
    own: Reading | None = None
    """The reading of the sentence alone, when a context rule overrode it."""

    @property
    def category(self) -> str:
        return self.rule.category

    @property
    def sure(self) -> Sure:
        """The rule's certainty, one step lower when it needed a speaker and found none."""
        if self.speaker is None and self.rule.category != "fact" and self.rule is not DISPUTE_WORD:
            return self.rule.sure.lower()
        return self.rule.sure

    @property
    def content(self) -> Span | None:
        """What was said or is contested, as offsets into the sentence."""
        return self.attribution.content if self.attribution else None

    @property
    def attributed(self) -> bool:
        """Whether the sentence reports someone saying it: "X said Y" is a fact of its own."""
        alone = self.own or self
        return (
            alone.attribution is not None
            and alone.speaker is not None
            and not alone.speaker.unnamed
            and alone.attribution.how not in (How.PASSIVE, How.REPORTS, How.NONE)
            and alone.rule not in (EVIDENCE, QUOTATION)
        )


_REPORT_HEDGES = ("reportedly", "apparently")
_QUOTED = re.compile(r"[“\"][^”\"]{12,}[”\"]")
_ANAPHOR = re.compile(
    r"^\s+(?:the|that|this|these|those|such)\s+(?:\w+\s+){0,2}?(?:"
    + "|".join(ANAPHORIC_TARGETS)
    + r")\b",
    re.IGNORECASE,
)


def read_sentences(sentences: Sequence[Sentence]) -> list[Reading]:
    """Every sentence's reading, in order."""
    resolver = Resolver()
    own = [_read_alone(sentence, resolver) for sentence in sentences]
    readings = []
    for i, reading in enumerate(own):
        after = own[i + 1] if i + 1 < len(own) else None
        readings.append(_in_context(reading, after) if after else reading)
    return readings


def _read_alone(sentence: Sentence, resolver: Resolver) -> Reading:
    text = sentence.text
    resolver.people.observe(text, sentence.index)
    cues = find_cues(text)
    found = attributions(text, cues)
    speakers = {id(a): resolver.speaker(a, sentence.index)[0] for a in found}
    if not found:
        _note_pronoun_subject(sentence, resolver)
    previous = resolver.last_speaker
    for test in _ALONE:
        reading = test(sentence, cues, found, speakers, previous)
        if reading is not None:
            if reading.speaker is not None:
                resolver.last_speaker = reading.speaker
            return reading
    raise AssertionError("the own-voice rule always matches")


def _note_pronoun_subject(sentence: Sentence, resolver: Resolver) -> None:
    """A sentence opening with "He"/"She" is about that person (so that the next
    pronoun, and their gender, follow)."""
    first = sentence.body.split(maxsplit=1)[0].lower() if sentence.body else ""
    if first in ("he", "she"):
        resolver.people.resolve_pronoun(first, sentence.index)


Speakers = dict[int, Speaker | None]
Test = Callable[[Sentence, list[Cue], list[Attribution], Speakers, Speaker | None], Reading | None]


def _evidence(
    sentence: Sentence,
    cues: list[Cue],
    found: list[Attribution],
    speakers: Speakers,
    previous: Speaker | None,
) -> Reading | None:
    del cues, previous
    for index, attribution in enumerate(found):
        phrase = attribution.phrase
        family = attribution.cue.family
        if family not in (Family.EVIDENCE, Family.NEUTRAL):
            continue
        is_ruling = attribution.cue.lemma.startswith("court ")
        if not is_ruling and (phrase is None or not _names_evidence(phrase.text, family)):
            continue
        # "Quintero said bank records showed …": the records are what she says.
        if any(_speaks_first(earlier, speakers) for earlier in found[:index]):
            return None
        trailing = next(
            (a for a in found[index + 1 :] if a.how is How.TRAILING and speakers.get(id(a))),
            None,
        )
        speaker = speakers.get(id(trailing)) if trailing else None
        if speaker is None and phrase is not None:
            speaker = Speaker(phrase.text, attribution.how.value)
        return Reading(sentence, EVIDENCE, attribution.cue, speaker, attribution)
    return None


def _speaks_first(attribution: Attribution, speakers: Speakers) -> bool:
    return (
        attribution.how in (How.SUBJECT, How.INVERTED, How.IN_WORDS)
        and attribution.cue.family is not Family.EVIDENCE
        and speakers.get(id(attribution)) is not None
        and not (attribution.phrase and _names_evidence(attribution.phrase.text))
    )


def _names_evidence(text: str, family: Family = Family.NEUTRAL) -> bool:
    """Whether a subject is a record: its head noun is one ("an engineering report
    commissioned by …", "port records"; not "the national statistics agency"), or,
    for a verb of finding ("shows", "found"), it is no person, group or organisation
    ("the university's latest financial statement shows")."""
    head = _head(text)
    if head is None:
        return False
    if head in EVIDENCE_NOUNS:
        return True
    known = PERSON_TITLES | COMMON_ORG_WORDS | GROUP_WORDS | set(PRONOUNS)
    return family is Family.EVIDENCE and head not in known and singular(head) not in known


_POST_MODIFIER = re.compile(
    r"\s(?:of|from|by|at|in|on|for|with|that|which|who|published|taken|commissioned|"
    r"analysed|analyzed|seen|filed|released|carried|conducted|obtained)\b|,"
)


def _head(text: str) -> str | None:
    """The head noun of a noun phrase: its last word before any post-modifier; a
    capitalised word there belongs to a name ("Brightline Research")."""
    cut = _POST_MODIFIER.search(text)
    words = text[: cut.start()].split() if cut else text.split()
    if not words:
        return None
    head = words[-1]
    if head[:1].isupper() and len(words) > 1:
        return None
    return head.strip("’'.,").lower()


def _dispute_verb(
    sentence: Sentence,
    cues: list[Cue],
    found: list[Attribution],
    speakers: Speakers,
    previous: Speaker | None,
) -> Reading | None:
    del previous
    candidates = [
        a
        for a in found
        if a.cue.family is Family.DISPUTE and (a.cue.lemma in DISPUTE_VERBS or a.how is How.REPORTS)
    ]
    for dispute in sorted(candidates, key=lambda a: speakers.get(id(a)) is None):
        speaker = speakers.get(id(dispute)) or _other_speaker(found, speakers)
        return Reading(sentence, DISPUTE_VERB, dispute.cue, speaker, dispute)
    cue = next((c for c in cues if c.lemma.lower() == "allegedly"), None)
    if cue is not None:
        speaker = _other_speaker(found, speakers) or Speaker(
            _("an unnamed accuser"), How.PASSIVE.value, unnamed=True
        )
        return Reading(sentence, DISPUTE_VERB, cue, speaker, None)
    return None


def _denial(
    sentence: Sentence,
    cues: list[Cue],
    found: list[Attribution],
    speakers: Speakers,
    previous: Speaker | None,
) -> Reading | None:
    del cues, previous
    for attribution in found:
        if attribution.cue.family is Family.DENIAL:
            speaker = speakers.get(id(attribution))
            return Reading(sentence, DENIAL, attribution.cue, speaker, attribution)
    return None


def _dispute_word(
    sentence: Sentence,
    cues: list[Cue],
    found: list[Attribution],
    speakers: Speakers,
    previous: Speaker | None,
) -> Reading | None:
    del previous
    counted = {id(a.cue) for a in found if a.cue.lemma.startswith("report") and a.how is How.NONE}
    for cue in cues:
        if cue.family is Family.DISPUTE and id(cue) not in counted:
            speaker = _other_speaker(found, speakers)
            said = next((a for a in found if speakers.get(id(a)) is speaker), None)
            return Reading(sentence, DISPUTE_WORD, cue, speaker, said)
    return None


def _other_speaker(found: list[Attribution], speakers: Speakers) -> Speaker | None:
    """The first speaker a speech verb of the sentence names."""
    for attribution in found:
        speaker = speakers.get(id(attribution))
        if speaker is not None and attribution.cue.family is not Family.EVIDENCE:
            return speaker
    return None


def _attribution_rule(family: Family, rule: Rule) -> Test:
    def test(
        sentence: Sentence,
        cues: list[Cue],
        found: list[Attribution],
        speakers: Speakers,
        previous: Speaker | None,
    ) -> Reading | None:
        del cues, previous
        mine = [a for a in found if a.cue.family is family]
        if not mine:
            return None
        best = next((a for a in mine if speakers.get(id(a)) is not None), mine[0])
        if best.how is How.SENTENCE_SUBJECT and speakers.get(id(best)) is None:
            return None  # "customers describing …": no one in the sentence speaks
        if best.how is How.NONE and not _QUOTED.search(sentence.text):
            # A speech verb with nobody before it ("a facility called the Center"):
            # not an attribution after all.
            return None
        return Reading(sentence, rule, best.cue, speakers.get(id(best)), best)

    return test


def _quotation(
    sentence: Sentence,
    cues: list[Cue],
    found: list[Attribution],
    speakers: Speakers,
    previous: Speaker | None,
) -> Reading | None:
    del cues, found, speakers
    quoted = sum(len(m.group()) for m in _QUOTED.finditer(sentence.body))
    if quoted * 2 < len(sentence.body):
        return None
    return Reading(sentence, QUOTATION, None, previous, None)


def _hedge(
    sentence: Sentence,
    cues: list[Cue],
    found: list[Attribution],
    speakers: Speakers,
    previous: Speaker | None,
) -> Reading | None:
    del found, speakers, previous
    for cue in cues:
        if cue.family is Family.HEDGE:
            if cue.lemma in _REPORT_HEDGES:
                unnamed = Speaker(_("unnamed sources"), cue.word, unnamed=True)
                return Reading(sentence, HEDGE_REPORT, cue, unnamed, None)
            return Reading(sentence, HEDGE, cue, None, None)
    return None


def _own_voice(
    sentence: Sentence,
    cues: list[Cue],
    found: list[Attribution],
    speakers: Speakers,
    previous: Speaker | None,
) -> Reading | None:
    del cues, found, speakers, previous
    return Reading(sentence, OWN_VOICE, None, None, None)


_ALONE: tuple[Test, ...] = (
    _evidence,
    _dispute_verb,
    _denial,
    _dispute_word,
    _attribution_rule(Family.STANCE, STANCE),
    _attribution_rule(Family.NEUTRAL, NEUTRAL),
    _quotation,
    _hedge,
    _own_voice,
)


def _in_context(reading: Reading, after: Reading) -> Reading:
    """Apply the two rules that read the next sentence too."""
    this, that = reading.sentence, after.sentence
    if that.block - this.block > 1:
        return reading  # a heading or other block stands between them
    if (
        after.rule in (DENIAL, DISPUTE_VERB)
        and after.cue is not None
        and _ANAPHOR.match(that.text[after.cue.end :])
    ):
        return replace(reading, rule=ANSWERED, answer=that, answer_cue=after.cue, own=reading)
    opener = that.body.split(maxsplit=1)[0].rstrip(",") if that.body else ""
    if opener in CONTRAST_OPENERS and reading.category in ("assertion", "disputed"):
        # The article's own voice answering an attributed claim ("However, work has not
        # started") contradicts it as much as a record does.
        challenging = after.rule in (EVIDENCE, DISPUTE_VERB, DENIAL, DISPUTE_WORD, OWN_VOICE) or (
            after.rule in (STANCE, NEUTRAL)
            and after.speaker is not None
            and reading.speaker is not None
            and after.speaker.name != reading.speaker.name
        )
        if challenging:
            return replace(
                reading, rule=CONTRADICTED, answer=that, answer_cue=after.cue, own=reading
            )
    return reading
