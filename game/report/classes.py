"""Per-class figures over the students' first attempts at one pack's claims: the score
distribution, who is near guessing, the table of right answer against chosen answer,
and the class's lean (doubt against trust) from the game's one model of it,
`game.discernment`."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.bias import Confusion
from game.discernment import Discernment, Lean, discernment, lean
from game.report.answers import ReportAnswer

NEAR_GUESSING_MARGIN = 0.10
"""A student whose score is at most guessing (1 in the number of categories) plus this
is "near guessing"."""


@dataclass(frozen=True)
class StudentResult:
    """One student's first attempts at a pack's claims."""

    player: str
    answered: int
    points: float
    """As the game scores: 1 right, 0.5 right after the hint."""
    lean: Lean | None

    @property
    def score(self) -> float:
        """Points per claim answered, 0 to 1."""
        return self.points / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class ClassResult:
    """A class's figures for one pack."""

    students: tuple[StudentResult, ...]
    """Best score first, then by name."""
    mean: float
    median: float
    spread: float
    """The standard deviation of the students' scores (0 for a single student)."""
    lowest: float
    highest: float
    guessing: float
    """The score of a student who picks at random: 1 in the number of categories."""
    near_guessing: tuple[StudentResult, ...]
    confusion: Confusion
    """Right answer (rows) against chosen answer (columns), over every first attempt."""
    lean: Lean | None
    """The class's lean on fact < assertion < disputed; None for a pack with categories
    of its own."""
    discernment: Discernment | None


def class_result(
    firsts: Mapping[str, Mapping[str, ReportAnswer]], labels: Mapping[str, str]
) -> ClassResult | None:
    """The class's figures from each student's first attempts (`firsts`: student ->
    claim -> answer); `labels` are the pack's category ids and labels, in order. None
    when no student answered."""
    students = [
        StudentResult(
            player=player,
            answered=len(claims),
            points=math.fsum(a.score for a in claims.values()),
            lean=lean(claims.values()),
        )
        for player, claims in firsts.items()
        if claims
    ]
    if not students:
        return None
    students.sort(key=lambda s: (-s.score, s.player))
    scores = [s.score for s in students]
    guessing = 1 / len(labels) if labels else 0.0
    every = [a for claims in firsts.values() for a in claims.values()]
    return ClassResult(
        students=tuple(students),
        mean=math.fsum(scores) / len(scores),
        median=statistics.median(scores),
        spread=statistics.pstdev(scores) if len(scores) > 1 else 0.0,
        lowest=min(scores),
        highest=max(scores),
        guessing=guessing,
        near_guessing=tuple(
            s for s in students if s.score <= guessing + NEAR_GUESSING_MARGIN + 1e-9
        ),
        confusion=Confusion.of(every, labels),
        lean=lean(every),
        discernment=discernment(every),
    )


def lean_word(found: Lean | None) -> str:
    """One word for a student's or a class's lean: "doubts", "trusts" or "balanced"
    (by the sign of the mean shift), or "" when there is nothing to say."""
    from game.i18n import _

    if found is None:
        return ""
    if found.mean_shift > 0:
        return _("doubts")
    if found.mean_shift < 0:
        return _("trusts")
    return _("balanced")


def ranked(students: Sequence[StudentResult], anonymize: bool) -> list[tuple[str, StudentResult]]:
    """The students with the names to show: their own, or Student 1..N (in score order)
    for a report projected on the class screen."""
    from game.i18n import _

    if not anonymize:
        return [(s.player, s) for s in students]
    return [(_("Student {n}").format(n=n), s) for n, s in enumerate(students, 1)]
