"""Per-class figures over the students' first attempts at one pack's claims: the score
distribution, who is near guessing, the table of right answer against chosen answer,
and the class's lean (doubt against trust) from the game's one model of it,
`game.discernment`."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.bias import Confusion
from game.discernment import Discernment, Lean, discernment_counted, lean_counted
from game.report.attempts import FirstAttempts

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


def class_result(firsts: FirstAttempts, labels: Mapping[str, str]) -> ClassResult | None:
    """The class's figures from each student's first attempts; `labels` are the pack's
    category ids and labels, in order. None when no student answered. One pass, with
    sums per student: their points, and their answers counted by (right, chosen) pair."""
    points = [0.0] * len(firsts.players)
    pairs: dict[int, Counter[tuple[int, int]]] = {}
    rows = zip(firsts.player, firsts.correct, firsts.chosen, firsts.scores(), strict=True)
    for player, correct, chosen, score in rows:
        points[player] += score
        counted = pairs.get(player)
        if counted is None:
            counted = pairs[player] = Counter()
        counted[correct, chosen] += 1
    if not pairs:
        return None
    names = firsts.categories
    every: Counter[tuple[str, str]] = Counter()
    students = []
    for player, counted in pairs.items():
        named = {(names[right], names[chosen]): n for (right, chosen), n in counted.items()}
        every.update(named)
        students.append(
            StudentResult(
                player=firsts.players[player],
                answered=counted.total(),
                points=points[player],
                lean=lean_counted(named),
            )
        )
    students.sort(key=lambda s: (-s.score, s.player))
    scores = [s.score for s in students]
    guessing = 1 / len(labels) if labels else 0.0
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
        confusion=Confusion.counted(every, labels),
        lean=lean_counted(every),
        discernment=discernment_counted(every),
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
