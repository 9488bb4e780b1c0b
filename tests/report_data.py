"""A class's answers for the report's tests, recorded through the real store API."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from game.pack import Claim, Pack
from game.progress import PlayedRound, ProgressStore

T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)

V1_ROW: dict[str, object] = {
    "player": "ana",
    "pack_id": "p",
    "pack_hash": "h",
    "claim_id": "c1",
    "chosen": "fact",
    "correct": "fact",
    "is_right": True,
    "hinted": False,
    "seconds": 2,
    "answered_at": "2025-04-17T09:00:00.000Z",
    "session": 1,
}
"""One answer as an export of version 1 writes it in JSON: the rows of hand-made exports."""


@dataclass(frozen=True)
class Given:
    """An answer as the store takes it (`game.round.Answer`'s fields)."""

    claim: Claim
    chosen: str
    correct: str
    hinted: bool
    seconds: float
    at: datetime
    confidence: str | None = None


def play_class(
    path: Path,
    pack: Pack,
    students: int,
    *,
    seed: int = 1,
    start: datetime = T0,
    prefix: str = "student",
    replay: bool = True,
) -> int:
    """Record a class: each student plays every claim once (skill varying by student),
    then, with `replay`, replays the missed ones and gets them right. Returns how many
    answers were recorded."""
    rng = random.Random(seed)
    rounds = []
    for s in range(students):
        skill = 0.3 + 0.6 * s / max(1, students - 1)
        started = start + timedelta(minutes=s)
        given, missed = [], []
        for k, claim in enumerate(pack.claims):
            right = rng.random() < skill
            wrong = [c.id for c in pack.categories if c.id != claim.answer]
            chosen = claim.answer if right else rng.choice(wrong)
            at = started + timedelta(seconds=10 * (k + 1))
            given.append(Given(claim, chosen, claim.answer, rng.random() < 0.1, 8.0 + k, at))
            if not right:
                missed.append(claim)
        player = f"{prefix}-{s + 1:02}"
        rounds.append(PlayedRound(player, pack, started, given))
        if replay and missed:
            later = started + timedelta(minutes=30)
            again = [
                Given(c, c.answer, c.answer, False, 5.0, later + timedelta(seconds=n))
                for n, c in enumerate(missed)
            ]
            rounds.append(PlayedRound(player, pack, later, again))
    with ProgressStore.open(path) as store:
        assert store.record_rounds(rounds) is not None, store.warning
    return sum(len(r.answers) for r in rounds)
