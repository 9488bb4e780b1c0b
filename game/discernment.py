"""Whether a player discerns or merely doubts: the one model of lean, discernment and
calibration that the round summary, the stats and the teacher's report all use.

Media-literacy games are known to make players call everything false without telling
true from false any better (Modirrousta-Galian & Higham 2023, reanalysing Bad News and
Go Viral! with signal detection). So the game measures two things apart:

- **lean**: on the rank fact < assertion < disputed, whether wrong answers go towards
  doubt (a fact taken for an assertion, an assertion for disputed) or towards trust;
- **discernment**: for the question "is it a verified fact?", the hit rate on facts
  against the false-alarm rate on the other claims, as d′ (how well facts are told
  apart) and c (the criterion: positive is reluctant to call anything a fact).

And, for answers given with a confidence level, **calibration**: how often the player
was right at each level against what that level aims for.

Everything here is a pure function of graded answers (anything with `correct` and
`chosen` category ids, and `confidence` for calibration). The lean and the signal
detection need the default categories; for a pack with categories of its own they
return None.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal, Protocol

from game.i18n import _, ngettext

RANK: Mapping[str, int] = {"fact": 0, "assertion": 1, "disputed": 2}
"""The default categories ordered from most trusted to most doubted."""
FACT = "fact"
"""The category the signal-detection question asks about ("is it a verified fact?")."""


class Graded(Protocol):
    """A graded answer (a round's `Answer`, a stored `AnswerRecord`)."""

    @property
    def correct(self) -> str: ...
    @property
    def chosen(self) -> str: ...


class Rated(Graded, Protocol):
    """A graded answer that may carry the player's confidence level id (or None)."""

    @property
    def confidence(self) -> str | None: ...


# -- lean: too doubtful or too trusting ------------------------------------------------


@dataclass(frozen=True)
class Lean:
    """Which way a player's answers go on the rank fact < assertion < disputed."""

    answers: int
    """Answers counted (every answer whose categories both have a rank)."""
    mean_shift: float
    """Mean of (chosen rank − right rank) over `answers`: above 0 leans to doubt."""
    too_doubtful: int
    """Wrong answers that chose a more doubtful category than the right one."""
    too_trusting: int
    """Wrong answers that chose a more trusting category than the right one."""
    doubted_facts: int
    """Facts not taken for facts (the commonest mistake of a doubter)."""
    trusted_non_facts: int
    """Assertions or disputed claims taken for facts."""

    @property
    def wrong(self) -> int:
        return self.too_doubtful + self.too_trusting

    @property
    def doubtful_share(self) -> float | None:
        """The share of wrong answers that were too doubtful; None with none wrong."""
        return self.too_doubtful / self.wrong if self.wrong else None

    @property
    def trusting_share(self) -> float | None:
        """The share of wrong answers that were too trusting; None with none wrong."""
        return self.too_trusting / self.wrong if self.wrong else None


def lean(answers: Iterable[Graded]) -> Lean | None:
    """The lean of `answers`; None when none of them has two ranked categories."""
    return lean_counted(_pairs(answers))


def lean_counted(pairs: Mapping[tuple[str, str], int]) -> Lean | None:
    """The lean of answers already counted by (right, chosen) category pair (a class's
    years of answers are counted as they are read, not kept)."""
    counted = shift = doubtful = trusting = doubted_facts = trusted = 0
    for (correct, chosen_id), n in pairs.items():
        right, chosen = RANK.get(correct), RANK.get(chosen_id)
        if right is None or chosen is None or not n:
            continue
        counted += n
        shift += (chosen - right) * n
        if chosen > right:
            doubtful += n
        elif chosen < right:
            trusting += n
        if correct == FACT and chosen_id != FACT:
            doubted_facts += n
        elif correct != FACT and chosen_id == FACT:
            trusted += n
    if not counted:
        return None
    return Lean(
        answers=counted,
        mean_shift=shift / counted,
        too_doubtful=doubtful,
        too_trusting=trusting,
        doubted_facts=doubted_facts,
        trusted_non_facts=trusted,
    )


def _pairs(answers: Iterable[Graded]) -> dict[tuple[str, str], int]:
    pairs: dict[tuple[str, str], int] = {}
    for answer in answers:
        pair = (answer.correct, answer.chosen)
        pairs[pair] = pairs.get(pair, 0) + 1
    return pairs


MIN_LEAN_MISTAKES = 2
"""A lean is put into words once it accounts for at least this many wrong answers."""


def lean_sentence(found: Lean | None) -> str | None:
    """The lean in a player's words, or None when there is none worth naming: more wrong
    answers one way than the other, at least `MIN_LEAN_MISTAKES` of them."""
    if found is None:
        return None
    if found.too_doubtful > found.too_trusting and found.too_doubtful >= MIN_LEAN_MISTAKES:
        if found.doubted_facts >= MIN_LEAN_MISTAKES:
            return ngettext(
                "You doubted {n} fact: a claim can be checked even when an official says it.",
                "You doubted {n} facts: a claim can be checked even when an official says it.",
                found.doubted_facts,
            ).format(n=found.doubted_facts)
        return ngettext(
            "You leaned towards doubt: {n} answer was more doubtful than the article.",
            "You leaned towards doubt: {n} answers were more doubtful than the article.",
            found.too_doubtful,
        ).format(n=found.too_doubtful)
    if found.too_trusting > found.too_doubtful and found.too_trusting >= MIN_LEAN_MISTAKES:
        if found.trusted_non_facts >= MIN_LEAN_MISTAKES:
            return ngettext(
                "You took {n} claim for a fact that rests on someone's word: ask who stands behind it.",
                "You took {n} claims for facts that rest on someone's word: ask who stands behind each.",
                found.trusted_non_facts,
            ).format(n=found.trusted_non_facts)
        return ngettext(
            "You leaned towards trust: {n} answer was more trusting than the article.",
            "You leaned towards trust: {n} answers were more trusting than the article.",
            found.too_trusting,
        ).format(n=found.too_trusting)
    return None


# -- discernment: signal detection for "is it a verified fact?" -----------------------

_NORMAL = NormalDist()


@dataclass(frozen=True)
class Discernment:
    """Signal detection for "is it a verified fact?" over a set of answers.

    Rates carry the log-linear correction (Hautus 1995): (count + 0.5) / (n + 1), so
    that a perfect or empty row still gives a finite z-score.
    """

    facts: int
    """Fact claims answered."""
    hits: int
    """Fact claims the player called facts."""
    non_facts: int
    """Assertion and disputed claims answered."""
    false_alarms: int
    """Non-fact claims the player called facts."""

    @property
    def hit_rate(self) -> float:
        return (self.hits + 0.5) / (self.facts + 1)

    @property
    def false_alarm_rate(self) -> float:
        return (self.false_alarms + 0.5) / (self.non_facts + 1)

    @property
    def d_prime(self) -> float:
        """z(H) − z(F): 0 is no discernment at all; about 2 tells facts apart well."""
        return _NORMAL.inv_cdf(self.hit_rate) - _NORMAL.inv_cdf(self.false_alarm_rate)

    @property
    def criterion(self) -> float:
        """c = −(z(H) + z(F)) / 2: above 0 the player is slow to call anything a fact
        (doubts), below 0 quick to (trusts)."""
        return -(_NORMAL.inv_cdf(self.hit_rate) + _NORMAL.inv_cdf(self.false_alarm_rate)) / 2


def discernment(answers: Iterable[Graded]) -> Discernment | None:
    """Signal detection over `answers` with default categories; None unless there is at
    least one fact and one non-fact among them."""
    return discernment_counted(_pairs(answers))


def discernment_counted(pairs: Mapping[tuple[str, str], int]) -> Discernment | None:
    """`discernment()` of answers already counted by (right, chosen) category pair."""
    facts = hits = non_facts = false_alarms = 0
    for (correct, chosen), n in pairs.items():
        if correct not in RANK or chosen not in RANK:
            continue
        said_fact = n if chosen == FACT else 0
        if correct == FACT:
            facts += n
            hits += said_fact
        else:
            non_facts += n
            false_alarms += said_fact
    if not facts or not non_facts:
        return None
    return Discernment(facts=facts, hits=hits, non_facts=non_facts, false_alarms=false_alarms)


# -- calibration: how sure against how often right -------------------------------------

ConfidenceId = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class ConfidenceLevel:
    """One answer to "how sure are you?"."""

    id: ConfidenceId
    """Stored with the answer (`answers.confidence`)."""
    label: str
    """What the player sees, untranslated (pass it through `_()` to show it)."""
    aim: float
    """The share of answers at this level a well-calibrated player gets right."""


CONFIDENCE_LEVELS: tuple[ConfidenceLevel, ...] = (
    ConfidenceLevel("low", "Not sure", 0.4),
    ConfidenceLevel("medium", "Fairly sure", 0.7),
    ConfidenceLevel("high", "Very sure", 0.9),
)
"""The levels, least sure first. With three categories chance is 1 in 3, so even "not
sure" aims above it."""
CONFIDENCE_BY_ID: Mapping[str, ConfidenceLevel] = {level.id: level for level in CONFIDENCE_LEVELS}

MIN_CALIBRATION_ANSWERS = 5
"""A level's calibration is shown once it has at least this many answers."""
CALIBRATION_TOLERANCE = 0.10
"""Within this many points of its aim, a level is "well judged"."""

Judgement = Literal["well judged", "too sure", "too modest"]


def judgement_text(judgement: Judgement) -> str:
    """The words a player reads for a judgement."""
    return {
        "well judged": _("well judged"),
        "too sure": _("a bit too sure"),
        "too modest": _("too modest"),
    }[judgement]


@dataclass(frozen=True)
class LevelCalibration:
    """How often answers at one confidence level were right."""

    level: ConfidenceLevel
    answers: int
    right: int

    @property
    def share(self) -> float:
        return self.right / self.answers if self.answers else 0.0

    @property
    def shown(self) -> bool:
        """Whether there are enough answers to say anything."""
        return self.answers >= MIN_CALIBRATION_ANSWERS

    @property
    def judgement(self) -> Judgement:
        gap = self.share - self.level.aim
        # A hair of slack so that 8 of 10 against an aim of 0.9 reads "well judged",
        # as ±10 points promises, despite binary floating point.
        if abs(gap) <= CALIBRATION_TOLERANCE + 1e-9:
            return "well judged"
        return "too modest" if gap > 0 else "too sure"


@dataclass(frozen=True)
class Calibration:
    """Calibration over every answer that carries a confidence level."""

    levels: Sequence[LevelCalibration]
    """One per `CONFIDENCE_LEVELS`, in their order (a level may have no answers)."""

    @property
    def answers(self) -> int:
        return sum(level.answers for level in self.levels)

    @property
    def brier(self) -> float | None:
        """Mean of (aim − outcome)² over the rated answers (0 is perfect; always saying
        a third would score 0.22 at chance); None with no rated answers."""
        if not self.answers:
            return None
        total = sum(
            level.right * (level.level.aim - 1) ** 2
            + (level.answers - level.right) * level.level.aim**2
            for level in self.levels
        )
        return total / self.answers


def calibration(answers: Iterable[Rated]) -> Calibration:
    """Calibration of `answers`; answers without a (known) confidence level are left out."""
    counts: dict[str, list[int]] = {level.id: [0, 0] for level in CONFIDENCE_LEVELS}
    for answer in answers:
        tally = counts.get(answer.confidence) if answer.confidence is not None else None
        if tally is None:
            continue
        tally[0] += 1
        tally[1] += answer.chosen == answer.correct
    return Calibration(
        levels=tuple(
            LevelCalibration(level=level, answers=counts[level.id][0], right=counts[level.id][1])
            for level in CONFIDENCE_LEVELS
        )
    )
