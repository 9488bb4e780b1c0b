"""Calibration in a player's words: one line per confidence level with enough answers.

"Very sure: ✔✔✔✔✔✔✘✘✘✘ 6/10 — you aimed for 9 in 10: a bit too sure". Each answer is a
symbol (✔ right, ✘ wrong) and the judgement is a word, so the line reads the same
without colour. The round summary and the stats (screen and command line) use it.
"""

from __future__ import annotations

from game.discernment import Calibration, LevelCalibration, judgement_text
from game.i18n import _

MARKS_SHOWN = 20
"""Beyond this many answers a level shows its counts without a mark per answer."""
RIGHT_MARK = "✔"
WRONG_MARK = "✘"


def marks(level: LevelCalibration) -> str:
    """One mark per answer, the right ones first; "" past `MARKS_SHOWN` answers."""
    if level.answers > MARKS_SHOWN:
        return ""
    return RIGHT_MARK * level.right + WRONG_MARK * (level.answers - level.right)


def level_line(level: LevelCalibration) -> str:
    """The line for one level (call it for levels that are `shown`)."""
    shown = marks(level)
    if shown:
        text = _("{level}: {marks} {right}/{answers} — you aimed for {aim} in 10: {judgement}")
    else:
        text = _("{level}: {right}/{answers} right — you aimed for {aim} in 10: {judgement}")
    return text.format(
        level=_(level.level.label),
        marks=shown,
        right=level.right,
        answers=level.answers,
        aim=round(level.level.aim * 10),
        judgement=judgement_text(level.judgement),
    )


def calibration_lines(found: Calibration | None) -> list[str]:
    """The lines of every level with enough answers to judge (none yet: no lines)."""
    if found is None:
        return []
    return [level_line(level) for level in found.levels if level.shown]
