"""Per-claim item analysis, as Moodle's quiz statistics report does it for a question.

Every figure is over each student's **first attempt** at the claim: replays and review
rounds are practice, and would let the claims missed most count most often.

- `n`: students who answered the claim.
- **facility**: the mean score, as the game scores (1 right, 0.5 right after the hint,
  0 wrong); `facility_unhinted` is the share right without a hint.
- **distractors**: how many chose each category.
- **discrimination**: the item–rest correlation, Pearson's r between the students'
  score on this claim and their mean score on the *other* claims they answered (a
  student who answered no other claim is left out). It is the discrimination index of
  Moodle's report; it is shown only once `n >= MIN_DISCRIMINATION_N`, and at a class's
  size it is a hint, not a verdict.
- **flags**, in a teacher's words, each with its rule (`docs/class-report.md` says them
  too): see `FLAG_RULES`.
"""

from __future__ import annotations

import math
import statistics
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from game.report.attempts import Answered, FirstAttempts

MIN_DISCRIMINATION_N = 10
"""The item–rest correlation is shown once this many students answered the claim."""
MIN_KEY_CHECK_N = 15
"""A low discrimination is flagged once this many students answered the claim."""
MIN_FLAG_N = 5
"""The other flags need this many students: two or three answers say nothing of a class."""
DISTRACTOR_SHARE = 0.30
"""A wrong category chosen by at least this share of the students is flagged."""
LOW_DISCRIMINATION = 0.10
"""An item–rest correlation below this (negative or near zero) is flagged."""
EASY_FACILITY = 0.90
"""A facility above this is flagged as one to skip when re-teaching."""

FlagKind = Literal["misconception", "distractor", "check-key", "easy"]

FLAG_RULES: Mapping[FlagKind, str] = {
    "misconception": "facility at or below guessing (1 in the number of categories: 1/3 "
    f"for three), with at least {MIN_FLAG_N} students",
    "distractor": f"one wrong category chosen by at least {DISTRACTOR_SHARE:.0%} of the "
    f"students, with at least {MIN_FLAG_N} students",
    "check-key": f"discrimination below {LOW_DISCRIMINATION} (negative or near zero), "
    f"with at least {MIN_KEY_CHECK_N} students",
    "easy": f"facility above {EASY_FACILITY}, with at least {MIN_FLAG_N} students",
}
"""Each flag's rule, in words: the docs and the report's legend say these."""


@dataclass(frozen=True)
class Flag:
    """Something about a claim a teacher should know."""

    kind: FlagKind
    category: str | None = None
    """For a distractor: the wrong category chosen."""
    chosen: int = 0
    """For a distractor: how many students chose it."""


@dataclass(frozen=True)
class ItemStats:
    """One claim's figures over the students' first attempts."""

    claim_id: str
    correct: str
    """The right category id."""
    n: int
    facility: float
    """Mean score, 0 to 1 (a hinted right answer counts 0.5)."""
    facility_unhinted: float
    """Share right without a hint, 0 to 1."""
    median_seconds: float
    chosen: Mapping[str, int]
    """Category id -> students who chose it; every category of the pack, in its order."""
    item_rest: float | None
    """The item–rest correlation over every student who answered another claim too;
    None when undefined (every score the same, or fewer than two such students)."""
    flags: tuple[Flag, ...]

    @property
    def discrimination(self) -> float | None:
        """The item–rest correlation as the report shows it: None until
        `MIN_DISCRIMINATION_N` students answered."""
        return self.item_rest if self.n >= MIN_DISCRIMINATION_N else None

    @property
    def wrong(self) -> dict[str, int]:
        """The wrong categories chosen, most chosen first."""
        wrong = {c: k for c, k in self.chosen.items() if c != self.correct and k}
        return dict(sorted(wrong.items(), key=lambda item: -item[1]))


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None when either side has no spread (or fewer than two pairs)."""
    n = len(xs)
    if n < 2 or len(ys) != n:
        return None
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def analyse(
    firsts: FirstAttempts | Mapping[str, Mapping[str, Answered]],
    categories: Sequence[str],
    claim_order: Sequence[str] = (),
) -> list[ItemStats]:
    """The item analysis of one pack: `firsts` holds each student's first attempt at
    each claim they answered (or maps each student to them, claim by claim);
    `categories` are the pack's category ids in order. Hardest first (lowest facility),
    then in `claim_order` (the pack's order), then by id.

    Two passes over the attempts, with sums per claim and per student: the item–rest
    correlation needs each student's total before it can take their rest.
    """
    found = firsts if isinstance(firsts, FirstAttempts) else FirstAttempts.of(firsts)
    claims = [_Claim() for _ in found.claims]
    totals = [0.0] * len(found.players)
    counts = [0] * len(found.players)
    scores = array("d", found.scores())
    rows = zip(
        found.player, found.claim, found.correct, found.chosen, found.hinted, scores, strict=True
    )
    for player, c, correct, chosen, hinted, points in rows:
        claim = claims[c]
        claim.correct = correct
        claim.points += points
        claim.unhinted += correct == chosen and not hinted
        claim.chosen[chosen] = claim.chosen.get(chosen, 0) + 1
        totals[player] += points
        counts[player] += 1
    for player, c, points, seconds in zip(
        found.player, found.claim, scores, found.seconds, strict=True
    ):
        claim = claims[c]
        claim.seconds.append(seconds)
        count = counts[player]
        if count > 1:
            claim.scores.append(points)
            claim.rests.append((totals[player] - points) / (count - 1))
    guessing = 1 / len(categories) if categories else 0.0
    items = [
        _item(found.claims[c], claim, found.categories, categories, guessing)
        for c, claim in enumerate(claims)
        if claim.seconds
    ]
    order = {claim_id: n for n, claim_id in enumerate(claim_order)}
    items.sort(key=lambda i: (i.facility, order.get(i.claim_id, len(order)), i.claim_id))
    return items


@dataclass
class _Claim:
    """One claim's sums over the first attempts, as `analyse` gathers them."""

    correct: int = -1
    points: float = 0.0
    unhinted: int = 0
    chosen: dict[int, int] = field(default_factory=dict)
    seconds: array[float] = field(default_factory=lambda: array("d"))
    scores: array[float] = field(default_factory=lambda: array("d"))
    """The claim's score of each student who answered another claim too."""
    rests: array[float] = field(default_factory=lambda: array("d"))
    """Those students' mean score on the other claims, in the same order."""


def _item(
    claim_id: str,
    claim: _Claim,
    names: Sequence[str],
    categories: Sequence[str],
    guessing: float,
) -> ItemStats:
    n = len(claim.seconds)
    # The right answer of the latest version: answers under another key were set aside
    # before this, so they all agree.
    correct = names[claim.correct]
    chosen = dict.fromkeys(categories, 0)
    for number, k in claim.chosen.items():
        chosen[names[number]] = chosen.get(names[number], 0) + k
    facility = claim.points / n
    r = pearson(claim.scores, claim.rests)
    flags: list[Flag] = []
    if n >= MIN_FLAG_N:
        if facility <= guessing + 1e-9:
            flags.append(Flag("misconception"))
        for category, k in chosen.items():
            if category != correct and k >= DISTRACTOR_SHARE * n - 1e-9:
                flags.append(Flag("distractor", category, k))
    if n >= MIN_KEY_CHECK_N and r is not None and r < LOW_DISCRIMINATION:
        flags.append(Flag("check-key"))
    if n >= MIN_FLAG_N and facility > EASY_FACILITY:
        flags.append(Flag("easy"))
    return ItemStats(
        claim_id=claim_id,
        correct=correct,
        n=n,
        facility=facility,
        facility_unhinted=claim.unhinted / n,
        median_seconds=statistics.median(claim.seconds),
        chosen=chosen,
        item_rest=r,
        flags=tuple(flags),
    )
