"""Spaced review: missed claims come back on a Leitner schedule.

The schedule is not stored; it is derived from the answer history each time, so it can
never drift from what the player actually did. For one player and one claim, the
answers are walked in time order:

- Only claims that were **missed at least once** are in review. A claim always sorted
  rightly never enters it.
- A wrong answer puts the claim in **box 1**, which is due at once.
- A right answer given **when the claim is due** moves it up one box, due after that
  box's wait in `BOX_WAIT` (growing from a day to weeks; `schedule_text()` says it to
  the player). A right answer in the top box **graduates** the claim: it leaves review
  until it is missed again.
- A right answer given **before** the claim is due, **after taking the hint**, or
  marked **not sure** (the confidence step's lowest level) changes nothing (the player
  did not show they know it when it mattered).
- A claim last missed while the player said they were **very sure** is marked
  `explain_first`: its explanation is shown before it is asked again (a confident
  mistake is the one worth unlearning).
- An answer recorded **later than now** (under a clock set ahead, since put right)
  counts as given now: otherwise the claim would wait out the wrong clock's years.

Packs change, so the history is read against the pack as it is now (the caller passes
the loaded packs):

- A claim whose id is no longer in its pack, or whose pack is not loaded, is dropped
  from review (its answers stay in the store; it comes back if the claim does).
- A claim whose right answer changed since an answer was recorded (the recorded
  `correct` differs from the claim's current `answer`) is treated as new: every answer
  up to the last such one is ignored. Other edits (wording, explanation) keep the
  history, since the claim id is meant to stay stable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from game.collector import collection_paused
from game.i18n import ngettext
from game.pack import Claim, Pack
from game.progress import AnswerRecord, ProgressStore, to_utc

BOX_WAIT: dict[int, timedelta] = {
    1: timedelta(0),
    2: timedelta(days=1),
    3: timedelta(days=3),
    4: timedelta(days=7),
    5: timedelta(days=21),
}
"""How long after the answer that put it there a claim in each box becomes due."""
TOP_BOX = max(BOX_WAIT)


def wait_days() -> tuple[int, ...]:
    """The whole days a claim waits after each right answer, box by box up from box 2."""
    return tuple(BOX_WAIT[box] // timedelta(days=1) for box in sorted(BOX_WAIT) if box > 1)


def schedule_text() -> str:
    """The waits as the player reads them: "after 1, 3, 7, then 21 days"."""
    *first, last = wait_days()
    if not first:
        return ngettext("after {last} day", "after {last} days", last).format(last=last)
    return ngettext("after {days}, then {last} day", "after {days}, then {last} days", last).format(
        days=", ".join(str(days) for days in first), last=last
    )


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A claim in review: where it is in the schedule."""

    pack: Pack
    claim: Claim
    box: int
    """1 (just missed) to 5."""
    due_at: datetime
    """When the claim is next due, UTC."""
    misses: int
    """Wrong answers counted in the history that applies (since the answer last changed)."""
    last_answered_at: datetime
    explain_first: bool = False
    """Last missed while "very sure": its explanation is shown before it is asked again."""

    def is_due(self, now: datetime) -> bool:
        return self.due_at <= to_utc(now)


@dataclass(frozen=True, slots=True)
class LeitnerState:
    """Where one claim stands in review, derived from its answers."""

    box: int
    due_at: datetime
    misses: int
    last_answered_at: datetime
    explain_first: bool = False
    """The latest miss was given as "very sure": explain the claim before asking again."""


UNSURE = "low"
"""The confidence level id whose right answers do not move a claim up."""
SURE = "high"
"""The confidence level id whose misses are explained first next time."""


def leitner_state(
    history: Sequence[AnswerRecord],
    current_answer: str,
    now: datetime | None = None,
    earlier_misses: int = 0,
) -> LeitnerState | None:
    """The claim's place in review from its answers (any order), or None when it is
    not in review. `current_answer` is the claim's right answer in the pack today;
    an answer recorded after `now` (default: the clock's now) counts as given at `now`.
    `earlier_misses` are misses before `history` that count too (the store may read a
    claim from its latest miss on, see `ClaimHistory`)."""
    moment = to_utc(now or datetime.now(UTC))
    ordered = sorted(history, key=lambda r: (r.answered_at, r.id))
    changed = [i for i, rec in enumerate(ordered) if rec.correct != current_answer]
    if changed:
        ordered = ordered[changed[-1] + 1 :]

    box: int | None = None
    due_at = last = datetime.min.replace(tzinfo=UTC)
    misses = earlier_misses
    sure_miss = False
    for rec in ordered:
        at = min(rec.answered_at, moment)
        last = rec.answered_at
        if not rec.is_right:
            box, due_at = 1, at
            misses += 1
            sure_miss = rec.confidence == SURE
        elif box is None or rec.hinted or rec.confidence == UNSURE or at < due_at:
            continue
        elif box == TOP_BOX:
            box = None
        else:
            box += 1
            due_at = at + BOX_WAIT[box]
    if box is None:
        return None
    return LeitnerState(
        box=box, due_at=due_at, misses=misses, last_answered_at=last, explain_first=sure_miss
    )


@dataclass(frozen=True, slots=True)
class ClaimReview:
    """A claim's place in review, by ids: read from the store alone, so its pack may be
    one that is not loaded (or not found) now."""

    pack_id: str
    claim_id: str
    answer: str
    """The right answer recorded with the claim's latest answer. The place holds while
    the pack gives that answer; once it gives another, no answer was recorded under the
    new one, and the claim is out of review (as `leitner_state()` has it)."""
    state: LeitnerState

    def is_due(self, now: datetime) -> bool:
        return self.state.due_at <= to_utc(now)


def _review(
    pack_id: str,
    claim_id: str,
    history: Sequence[AnswerRecord],
    now: datetime,
    earlier_misses: int = 0,
) -> ClaimReview | None:
    latest = max(history, key=lambda r: (r.answered_at, r.id))
    state = leitner_state(history, latest.correct, now, earlier_misses)
    return None if state is None else ClaimReview(pack_id, claim_id, latest.correct, state)


@collection_paused()
def reviews_from_answers(
    answers: Iterable[AnswerRecord], now: datetime | None = None
) -> list[ClaimReview]:
    """Every claim in review in these answers (one player's), in no particular order,
    as of `now` (default: the clock's now; see `leitner_state`)."""
    moment = to_utc(now or datetime.now(UTC))
    histories: dict[tuple[str, str], list[AnswerRecord]] = defaultdict(list)
    for rec in answers:
        histories[rec.pack_id, rec.claim_id].append(rec)
    reviews = (
        _review(pack_id, claim_id, h, moment) for (pack_id, claim_id), h in histories.items()
    )
    return [review for review in reviews if review is not None]


@collection_paused()
def claim_reviews(
    store: ProgressStore, player: str, now: datetime | None = None
) -> list[ClaimReview]:
    """Every claim in `player`'s review, read from the store, as of `now` (default: the
    clock's now).

    Only the claims the player ever missed are read, each from its latest miss on
    (`ProgressStore.missed_claims`), so this costs what the review holds, not the years
    of answers behind it. A store holding rows another program wrote is read in full
    instead, through the row checks that leave a bad row out with a warning.
    """
    moment = to_utc(now or datetime.now(UTC))
    reviews = store.missed_claims(
        player, lambda h: _review(h.pack_id, h.claim_id, h.answers, moment, h.earlier_misses)
    )
    if reviews is None:
        return reviews_from_answers(store.answers(player=player), moment)
    return [review for review in reviews if review is not None]


def _packs_by_id(packs: Iterable[Pack] | Mapping[str, Pack]) -> dict[str, Pack]:
    values = packs.values() if isinstance(packs, Mapping) else packs
    by_id: dict[str, Pack] = {}
    for pack in values:
        by_id.setdefault(pack.id, pack)  # the first found wins, as in pack search order
    return by_id


@collection_paused()
def queue_of(
    reviews: Iterable[ClaimReview], packs: Iterable[Pack] | Mapping[str, Pack]
) -> list[ReviewItem]:
    """The reviews of claims in `packs` (as loaded now) as review items, soonest due
    first (then pack and claim order). For a repeated pack id the first pack wins."""
    by_id = _packs_by_id(packs)
    pack_order = {pack_id: n for n, pack_id in enumerate(by_id)}
    items: list[tuple[tuple[datetime, int, int], ReviewItem]] = []
    for review in reviews:
        pack = by_id.get(review.pack_id)
        number = pack.claim_number(review.claim_id) if pack is not None else None
        if pack is None or number is None:
            continue
        claim = pack.claims[number]
        if claim.answer != review.answer:
            continue
        state = review.state
        item = ReviewItem(
            pack=pack,
            claim=claim,
            box=state.box,
            due_at=state.due_at,
            misses=state.misses,
            last_answered_at=state.last_answered_at,
            explain_first=state.explain_first,
        )
        items.append(((state.due_at, pack_order[pack.id], number), item))
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items]


def queue_from_answers(
    answers: Iterable[AnswerRecord],
    packs: Iterable[Pack] | Mapping[str, Pack],
    now: datetime | None = None,
) -> list[ReviewItem]:
    """Every claim in review, soonest due first (then pack and claim order).

    `answers` should be one player's; `packs` are the packs as loaded now (a mapping
    by id or any iterable; for a repeated id the first pack wins). An answer recorded
    after `now` (default: the clock's now) counts as given at `now`.
    """
    return queue_of(reviews_from_answers(answers, now), packs)


def review_queue(
    store: ProgressStore,
    packs: Iterable[Pack] | Mapping[str, Pack],
    player: str,
    now: datetime | None = None,
) -> list[ReviewItem]:
    """Every claim in `player`'s review, due or not, soonest due first, as of `now`
    (default: the clock's now)."""
    return queue_of(claim_reviews(store, player, now), packs)


def due_claims(
    store: ProgressStore,
    packs: Iterable[Pack] | Mapping[str, Pack],
    player: str,
    now: datetime | None = None,
) -> list[ReviewItem]:
    """The claims `player` should review now, across packs, longest overdue first."""
    moment = to_utc(now or datetime.now(UTC))
    return [item for item in review_queue(store, packs, player, moment) if item.is_due(moment)]


def due_count(
    store: ProgressStore,
    packs: Iterable[Pack] | Mapping[str, Pack],
    player: str,
    now: datetime | None = None,
) -> int:
    """How many claims are due for review now (the home screen's "Review: N due")."""
    return len(due_claims(store, packs, player, now))


def due_in(
    reviews: Iterable[ClaimReview], pack_ids: Iterable[str], now: datetime
) -> dict[str, int]:
    """How many claims are due now in each of `pack_ids` that has any, by the answers
    recorded: for packs that cannot be loaded, whose claims are not known now."""
    wanted = set(pack_ids)
    due: dict[str, int] = {}
    for review in reviews:
        if review.pack_id in wanted and review.is_due(now):
            due[review.pack_id] = due.get(review.pack_id, 0) + 1
    return due


class Unplayable(Protocol):
    """A pack that cannot be played now (`game.catalog.MissingPack` is one)."""

    @property
    def pack_id(self) -> str: ...

    def due_text(self, due: int) -> str:
        """The line naming it, with how many claims are due in it."""
        ...


@dataclass(frozen=True)
class DueNow:
    """What a player has due for review now."""

    items: tuple[ReviewItem, ...]
    """In the packs asked about, longest overdue first."""
    lost: tuple[str, ...] = ()
    """A line for each pack that cannot be played with claims due in it."""


def due_now(
    store: ProgressStore,
    packs: Iterable[Pack] | Mapping[str, Pack],
    player: str,
    now: datetime,
    unplayable: Sequence[Unplayable] = (),
) -> DueNow:
    """What `player` has due for review at `now` in `packs`, and in the `unplayable`
    packs (named, since they cannot be played). One read of the store."""
    reviews = claim_reviews(store, player, now)
    lost = due_in(reviews, [pack.pack_id for pack in unplayable], now)
    return DueNow(
        items=tuple(item for item in queue_of(reviews, packs) if item.is_due(now)),
        lost=tuple(
            pack.due_text(lost[pack.pack_id]) for pack in unplayable if pack.pack_id in lost
        ),
    )


def by_pack(items: Iterable[ReviewItem]) -> list[tuple[Pack, list[Claim]]]:
    """Review items grouped into one list of claims per pack, in the items' order, for
    playing a review as one round per pack."""
    groups: dict[str, tuple[Pack, list[Claim]]] = {}
    for item in items:
        groups.setdefault(item.pack.id, (item.pack, []))[1].append(item.claim)
    return list(groups.values())


def explained_first(items: Iterable[ReviewItem]) -> frozenset[tuple[str, str]]:
    """(pack id, claim id) of the items to explain before asking (`explain_first`)."""
    return frozenset((item.pack.id, item.claim.id) for item in items if item.explain_first)
