"""What the progress store reads of a pack, a claim and an answer, without a real pack:
for tests of the store itself (`game.progress.rows`' PackLike, ClaimLike, AnswerLike)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FakeClaim:
    id: str


@dataclass(frozen=True)
class FakePack:
    id: str = "p0"
    digest: str = "d" * 64


@dataclass(frozen=True)
class FakeAnswer:
    """The fields of game.round.Answer that the store reads."""

    claim: FakeClaim
    chosen: str
    correct: str
    at: datetime
    hinted: bool = False
    seconds: float = 2.0
    confidence: str | None = None
