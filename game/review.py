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
- A right answer given **before** the claim is due, or **after taking the hint**,
  changes nothing (the player did not show they remember it when it mattered).
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


@dataclass(frozen=True)
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

    def is_due(self, now: datetime) -> bool:
        return self.due_at <= to_utc(now)


@dataclass(frozen=True)
class LeitnerState:
    """Where one claim stands in review, derived from its answers."""

    box: int
    due_at: datetime
    misses: int
    last_answered_at: datetime


def leitner_state(
    history: Sequence[AnswerRecord], current_answer: str, now: datetime | None = None
) -> LeitnerState | None:
    """The claim's place in review from its answers (any order), or None when it is
    not in review. `current_answer` is the claim's right answer in the pack today;
    an answer recorded after `now` (default: the clock's now) counts as given at `now`."""
    moment = to_utc(now or datetime.now(UTC))
    ordered = sorted(history, key=lambda r: (r.answered_at, r.id))
    changed = [i for i, rec in enumerate(ordered) if rec.correct != current_answer]
    if changed:
        ordered = ordered[changed[-1] + 1 :]

    box: int | None = None
    due_at = last = datetime.min.replace(tzinfo=UTC)
    misses = 0
    for rec in ordered:
        at = min(rec.answered_at, moment)
        last = rec.answered_at
        if not rec.is_right:
            box, due_at = 1, at
            misses += 1
        elif box is None or rec.hinted or at < due_at:
            continue
        elif box == TOP_BOX:
            box = None
        else:
            box += 1
            due_at = at + BOX_WAIT[box]
    if box is None:
        return None
    return LeitnerState(box=box, due_at=due_at, misses=misses, last_answered_at=last)


def _packs_by_id(packs: Iterable[Pack] | Mapping[str, Pack]) -> dict[str, Pack]:
    values = packs.values() if isinstance(packs, Mapping) else packs
    by_id: dict[str, Pack] = {}
    for pack in values:
        by_id.setdefault(pack.id, pack)  # the first found wins, as in pack search order
    return by_id


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
    moment = to_utc(now or datetime.now(UTC))
    by_id = _packs_by_id(packs)
    histories: dict[tuple[str, str], list[AnswerRecord]] = defaultdict(list)
    for rec in answers:
        if rec.pack_id in by_id:
            histories[rec.pack_id, rec.claim_id].append(rec)

    pack_order = {pack_id: n for n, pack_id in enumerate(by_id)}
    items: list[tuple[tuple[datetime, int, int], ReviewItem]] = []
    for (pack_id, claim_id), history in histories.items():
        pack = by_id[pack_id]
        claim = pack.claim(claim_id)
        if claim is None:
            continue
        state = leitner_state(history, claim.answer, moment)
        if state is None:
            continue
        item = ReviewItem(
            pack=pack,
            claim=claim,
            box=state.box,
            due_at=state.due_at,
            misses=state.misses,
            last_answered_at=state.last_answered_at,
        )
        key = (state.due_at, pack_order[pack_id], pack.claims.index(claim))
        items.append((key, item))
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items]


def review_queue(
    store: ProgressStore,
    packs: Iterable[Pack] | Mapping[str, Pack],
    player: str,
    now: datetime | None = None,
) -> list[ReviewItem]:
    """Every claim in `player`'s review, due or not, soonest due first, as of `now`
    (default: the clock's now)."""
    return queue_from_answers(store.answers(player=player), packs, now)


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


def by_pack(items: Iterable[ReviewItem]) -> list[tuple[Pack, list[Claim]]]:
    """Review items grouped into one list of claims per pack, in the items' order, for
    playing a review as one round per pack."""
    groups: dict[str, tuple[Pack, list[Claim]]] = {}
    for item in items:
        groups.setdefault(item.pack.id, (item.pack, []))[1].append(item.claim)
    return list(groups.values())
