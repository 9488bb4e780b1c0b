"""One round of play: the claims in play order, the player's answers, scoring and the summary.

Pure logic, no user interface: a screen shows `Round.current`, calls `answer()`, shows
`current_answer` as feedback, then calls `next()`. Time comes from an injected clock so
tests (and replays) do not depend on the wall clock.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from game.bias import Confusion, bias_sentence, strongest_bias
from game.i18n import _
from game.pack import Category, Claim, Pack

POINTS_RIGHT = 1.0
POINTS_RIGHT_WITH_HINT = 0.5
POINTS_WRONG = 0.0


class RoundError(Exception):
    """The round was used out of turn: answering when finished or twice, an unknown category."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Answer:
    """The player's answer to one claim."""

    claim: Claim
    chosen: str
    """The category id the player picked."""
    correct: str
    """The right category id (the claim's `answer`)."""
    hinted: bool
    """Whether the player asked for the claim's hint before answering."""
    seconds: float
    """Time from the claim being shown to the answer."""
    at: datetime
    """When the answer was given, in UTC."""
    confidence: str | None = None
    """How sure the player said they were (a `game.discernment.CONFIDENCE_LEVELS` id), or
    None when they were not asked."""

    @property
    def is_right(self) -> bool:
        return self.chosen == self.correct

    @property
    def points(self) -> float:
        """1 for a right answer, 0.5 for a right answer after the hint, 0 for a wrong one."""
        if not self.is_right:
            return POINTS_WRONG
        return POINTS_RIGHT_WITH_HINT if self.hinted else POINTS_RIGHT


@dataclass(frozen=True)
class CategoryResult:
    """How the player did on the claims whose right answer is one category."""

    category: Category
    right: int
    total: int

    @property
    def accuracy(self) -> float | None:
        """Share of these claims sorted rightly, 0 to 1; None when there were none."""
        return self.right / self.total if self.total else None


@dataclass(frozen=True)
class Summary:
    """What the end-of-round screen shows."""

    correct: int
    """Right answers (hinted ones included)."""
    total: int
    """Claims answered."""
    score: float
    """Sum of the answers' points."""
    best_streak: int
    per_category: tuple[CategoryResult, ...]
    """One entry per category of the pack, in the pack's order, by the right answer."""
    confusion: dict[tuple[str, str], int]
    """(right category id, chosen category id) -> count, every pair present."""
    bias: str | None
    """One sentence on the player's strongest bias, or None when there is none worth naming."""
    missed: tuple[Answer, ...]
    """The wrong answers, in play order."""
    seconds: float
    """Time spent answering: the sum of every answer's seconds (feedback time excluded)."""
    unanswered: int = 0
    """Claims of the round not answered (the player left early)."""

    @property
    def accuracy(self) -> float | None:
        """Share of answered claims sorted rightly, 0 to 1; None when nothing was answered."""
        return self.correct / self.total if self.total else None


class Round:
    """A round over some claims of a pack: the state a round screen shows."""

    def __init__(
        self,
        pack: Pack,
        claims: Sequence[Claim] | None = None,
        *,
        shuffle: bool = False,
        seed: int | None = None,
        limit: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        """Claims default to the pack's, in pack order; `shuffle` orders them with
        `random.Random(seed)` (the same seed gives the same order); `limit` keeps the
        first N after shuffling."""
        chosen = list(pack.claims if claims is None else claims)
        if limit is not None and limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        # The loader guarantees both for a pack's own claims; claims handed in from
        # elsewhere (a review list, another pack) must fit this pack or feedback breaks.
        category_ids = {c.id for c in pack.categories}
        source_ids = {s.id for s in pack.sources}
        for claim in chosen:
            if claim.answer not in category_ids:
                raise ValueError(
                    f"claim {claim.id!r} has answer {claim.answer!r}, "
                    f"which is not a category of pack {pack.id!r}"
                )
            if claim.source is not None and claim.source not in source_ids:
                raise ValueError(
                    f"claim {claim.id!r} has source {claim.source!r}, "
                    f"which is not a source of pack {pack.id!r}"
                )
        if shuffle:
            random.Random(seed).shuffle(chosen)
        if limit is not None:
            chosen = chosen[:limit]

        self.pack: Pack = pack
        self.claims: tuple[Claim, ...] = tuple(chosen)
        self.answers: list[Answer] = []
        self._clock = clock
        self._now = now
        self._index = 0
        self._awaiting_next = False
        self._hint_used = False
        self._shown_at = clock()

    # -- where the round is ------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.claims)

    @property
    def position(self) -> int:
        """1-based number of the current claim ("3 of 18"), never above `total`."""
        return min(self._index + 1, self.total)

    @property
    def current(self) -> Claim | None:
        """The claim on screen (still the answered one while feedback shows); None when finished."""
        return self.claims[self._index] if self._index < self.total else None

    @property
    def finished(self) -> bool:
        """Every claim answered and the last feedback dismissed with `next()`."""
        return self._index >= self.total

    @property
    def is_last(self) -> bool:
        """The current claim is the round's last one (the next step is the summary)."""
        return self._index == self.total - 1

    @property
    def awaiting_next(self) -> bool:
        """The current claim is answered and its feedback shows; `next()` not yet called."""
        return self._awaiting_next

    @property
    def current_answer(self) -> Answer | None:
        """The answer to the current claim while `awaiting_next`, else None."""
        return self.answers[-1] if self._awaiting_next else None

    # -- score -------------------------------------------------------------

    @property
    def score(self) -> float:
        return sum(a.points for a in self.answers)

    @property
    def correct_count(self) -> int:
        return sum(1 for a in self.answers if a.is_right)

    @property
    def streak(self) -> int:
        """Right answers in a row, ending at the latest answer."""
        count = 0
        for answer in reversed(self.answers):
            if not answer.is_right:
                break
            count += 1
        return count

    @property
    def best_streak(self) -> int:
        best = run = 0
        for answer in self.answers:
            run = run + 1 if answer.is_right else 0
            best = max(best, run)
        return best

    # -- playing -----------------------------------------------------------

    @property
    def hint_used(self) -> bool:
        """Whether the hint was taken for the current claim."""
        return self._hint_used

    def mark_shown(self) -> None:
        """Restart the current claim's timer (call when the claim actually appears)."""
        if not self._awaiting_next:
            self._shown_at = self._clock()

    def use_hint(self) -> str | None:
        """The current claim's hint, marking it used (a right answer then scores half).

        A claim without a hint returns None and is not marked. While feedback shows the
        hint text is returned but changes nothing: the answer is already recorded.
        """
        claim = self.current
        if claim is None:
            raise RoundError(_("The round is over: there is no claim to give a hint for."))
        if claim.hint is None:
            return None
        if not self._awaiting_next:
            self._hint_used = True
        return claim.hint

    def answer(self, category_id: str) -> Answer:
        """Record the player's answer to the current claim and return it."""
        claim = self.current
        if claim is None:
            raise RoundError(_("The round is over: there is no claim to answer."))
        if self._awaiting_next:
            raise RoundError(_("This claim is already answered: call next() first."))
        if category_id not in {c.id for c in self.pack.categories}:
            raise RoundError(_("Unknown category: {id}").format(id=category_id))
        answer = Answer(
            claim=claim,
            chosen=category_id,
            correct=claim.answer,
            hinted=self._hint_used,
            seconds=max(0.0, self._clock() - self._shown_at),
            at=self._now(),
        )
        self.answers.append(answer)
        self._awaiting_next = True
        return answer

    def next(self) -> Claim | None:
        """Leave the feedback and show the next claim; None when that was the last one."""
        if not self._awaiting_next:
            raise RoundError(_("Answer the current claim before moving on."))
        self._index += 1
        self._awaiting_next = False
        self._hint_used = False
        self._shown_at = self._clock()
        return self.current

    # -- after the round ---------------------------------------------------

    def missed(self) -> list[Claim]:
        """Claims answered wrongly, in play order."""
        return [a.claim for a in self.answers if not a.is_right]

    def replay_missed(self) -> Round:
        """A new round over the missed claims, in the order they were played.

        With nothing missed the new round has no claims and is finished at once.
        """
        return Round(self.pack, self.missed(), clock=self._clock, now=self._now)

    def restart(self) -> Round:
        """A new round over the same claims, in the same order."""
        return Round(self.pack, self.claims, clock=self._clock, now=self._now)

    def summary(self) -> Summary:
        """The results so far (the whole round once it is finished)."""
        categories = self.pack.categories
        confusion = Confusion.of(self.answers, {c.id: c.label for c in categories})
        per_category = tuple(
            CategoryResult(
                category=cat,
                right=confusion.count(cat.id, cat.id),
                total=sum(confusion.count(cat.id, other.id) for other in categories),
            )
            for cat in categories
        )
        bias = strongest_bias(confusion)
        return Summary(
            correct=self.correct_count,
            total=len(self.answers),
            score=self.score,
            best_streak=self.best_streak,
            per_category=per_category,
            confusion=dict(confusion.counts),
            bias=bias_sentence(bias) if bias is not None else None,
            missed=tuple(a for a in self.answers if not a.is_right),
            seconds=sum(a.seconds for a in self.answers),
            unanswered=self.total - len(self.answers),
        )
