"""The answers a report keeps, in little memory: names as small integers, and each
answer kept as a row of typed arrays rather than as an object.

A class's years of answers are a million rows. As objects (a dataclass, its datetime,
its six strings) they take a kilobyte each; here a kept answer is a dictionary entry
from one integer to another plus some 20 bytes of columns.

- `Names` numbers the strings it is given (players, claims, categories), keeping one
  copy of each.
- `Earliest` keeps, for each (player, claim, right answer), the earliest answer read:
  the student's first attempt at the claim while that was its right answer.
- `FirstAttempts` is what the statistics read: one row per student and claim, under the
  right answer in force.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from game.round import POINTS_RIGHT, POINTS_RIGHT_WITH_HINT, POINTS_WRONG

_FIELD = 32
"""Bits for each number packed into a key: four thousand million players, claims or
categories, more than any file holds."""
_MASK = (1 << _FIELD) - 1


def score(right: bool, hinted: bool) -> float:
    """As the game scores an answer: 1 right, 0.5 right after the hint, 0 wrong."""
    if not right:
        return POINTS_WRONG
    return POINTS_RIGHT_WITH_HINT if hinted else POINTS_RIGHT


@dataclass
class Names:
    """Strings numbered in the order first seen; one copy of each is kept."""

    numbers: dict[str, int] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)

    def number(self, name: str) -> int:
        found = self.numbers.get(name)
        if found is None:
            found = self.numbers[name] = len(self.names)
            self.names.append(name)
        return found

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True, slots=True)
class Kept:
    """One answer `Earliest` keeps, as numbers (see its `Names`)."""

    player: int
    claim: int
    correct: int
    chosen: int
    hinted: bool
    seconds: float
    micros: int
    """The moment, in microseconds since 1970 (UTC)."""


class Earliest:
    """For each (player, claim, right answer), the earliest answer offered; the first
    offered wins a tie."""

    def __init__(self) -> None:
        self._rows: dict[int, int] = {}
        """Packed (player, claim, right answer) -> the row holding its answer."""
        self._chosen = array("I")
        self._hinted = array("B")
        self._seconds = array("d")
        self._micros = array("q")

    def offer(
        self,
        player: int,
        claim: int,
        correct: int,
        chosen: int,
        hinted: bool,
        seconds: float,
        micros: int,
    ) -> None:
        key = (((player << _FIELD) | claim) << _FIELD) | correct
        row = self._rows.get(key)
        if row is None:
            self._rows[key] = len(self._micros)
            self._chosen.append(chosen)
            self._hinted.append(hinted)
            self._seconds.append(seconds)
            self._micros.append(micros)
        elif micros < self._micros[row]:
            self._chosen[row] = chosen
            self._hinted[row] = hinted
            self._seconds[row] = seconds
            self._micros[row] = micros

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Kept]:
        for key, row in self._rows.items():
            yield Kept(
                player=key >> (2 * _FIELD),
                claim=(key >> _FIELD) & _MASK,
                correct=key & _MASK,
                chosen=self._chosen[row],
                hinted=bool(self._hinted[row]),
                seconds=self._seconds[row],
                micros=self._micros[row],
            )

    def chosen(self) -> set[int]:
        """Every category chosen in the answers kept."""
        return set(self._chosen)


@dataclass
class FirstAttempts:
    """Each student's first attempt at each claim of one pack (at most one row per
    student and claim), column by column; the names are numbered by `players`, `claims`
    and `categories`."""

    players: Sequence[str]
    claims: Sequence[str]
    categories: Sequence[str]
    player: array[int] = field(default_factory=lambda: array("I"))
    claim: array[int] = field(default_factory=lambda: array("I"))
    correct: array[int] = field(default_factory=lambda: array("I"))
    chosen: array[int] = field(default_factory=lambda: array("I"))
    hinted: array[int] = field(default_factory=lambda: array("B"))
    seconds: array[float] = field(default_factory=lambda: array("d"))

    def add(
        self, player: int, claim: int, correct: int, chosen: int, hinted: bool, seconds: float
    ) -> None:
        self.player.append(player)
        self.claim.append(claim)
        self.correct.append(correct)
        self.chosen.append(chosen)
        self.hinted.append(hinted)
        self.seconds.append(seconds)

    def __len__(self) -> int:
        return len(self.player)

    def scores(self) -> Iterator[float]:
        """Each row's score, in row order."""
        for correct, chosen, hinted in zip(self.correct, self.chosen, self.hinted, strict=True):
            yield score(correct == chosen, bool(hinted))

    @classmethod
    def of(cls, firsts: Mapping[str, Mapping[str, Answered]]) -> FirstAttempts:
        """The first attempts given as student -> claim -> answer (a small class written
        out, as the tests do)."""
        players, claims, categories = Names(), Names(), Names()
        found = cls(players.names, claims.names, categories.names)
        for player, answers in firsts.items():
            p = players.number(player)
            for claim_id, answer in answers.items():
                found.add(
                    p,
                    claims.number(claim_id),
                    categories.number(answer.correct),
                    categories.number(answer.chosen),
                    answer.hinted,
                    answer.seconds,
                )
        return found


class Answered(Protocol):
    """What `FirstAttempts.of` reads of an answer (a `ReportAnswer` has it)."""

    @property
    def correct(self) -> str: ...
    @property
    def chosen(self) -> str: ...
    @property
    def hinted(self) -> bool: ...
    @property
    def seconds(self) -> float: ...
