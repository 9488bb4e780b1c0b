"""The answers a report is built from, whatever file they were read from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from game.i18n import _
from game.pack import ID_PATTERN
from game.players import check_player_name
from game.progress.rows import MAX_SECONDS, _show
from game.report.attempts import score

MODES = ("play", "replay", "review")
"""What a round was, as an export names it: a student's first play of the claims, a
play of claims the student had answered before (a replay of the missed ones, or a
round played again), or a review round."""


@dataclass(frozen=True, slots=True)
class ReportAnswer:
    """One recorded answer, from a progress database or an export file."""

    player: str
    pack_id: str
    pack_hash: str
    claim_id: str
    chosen: str
    correct: str
    """The right category id when the answer was given."""
    hinted: bool
    seconds: float
    answered_at: datetime
    """UTC."""
    mode: str | None = None
    """One of `MODES`; None when the file does not say (a version 1 export)."""
    class_name: str | None = None
    """The class label the session was given (`claimsort serve --class`), if any."""
    confidence: str | None = None
    """The confidence level id the student gave, if any."""

    @property
    def is_right(self) -> bool:
        return self.chosen == self.correct

    @property
    def score(self) -> float:
        """As the game scores it: 1 right, 0.5 right after the hint, 0 wrong."""
        return score(self.is_right, self.hinted)

    @property
    def micros(self) -> int:
        """The moment, in microseconds since 1970 (UTC)."""
        return (self.answered_at - _EPOCH) // _MICROSECOND

    @property
    def key(self) -> tuple[str, str, str, int]:
        """What makes two rows the same answer: player, pack, claim and the moment to the
        millisecond (an export keeps milliseconds, the database microseconds)."""
        return (self.player, self.pack_id, self.claim_id, self.micros // 1000)


def answer_problem(answer: ReportAnswer) -> str | None:
    """Why the game would never have recorded `answer` (a source made or changed by
    something else), or None: the rules the game applies as it records an answer."""
    try:
        name = check_player_name(answer.player)
    except ValueError as error:
        return _("player is {value}: {reason}").format(value=_show(answer.player), reason=error)
    if name != answer.player:
        return _("player is {value}: a player name has no space at its ends").format(
            value=_show(answer.player)
        )
    for column, value in (("chosen", answer.chosen), ("correct", answer.correct)):
        if not re.fullmatch(ID_PATTERN, value):
            return _("{column} is {value}, not a category id").format(
                column=column, value=_show(value)
            )
    if not 0 <= answer.seconds <= MAX_SECONDS:
        return _("seconds is {value}, more than {limit:,.0f}").format(
            value=_show(answer.seconds), limit=MAX_SECONDS
        )
    return None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
