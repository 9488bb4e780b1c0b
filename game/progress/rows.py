"""What the store takes from the game, what it gives back, and how stored rows are read.

Stored rows are checked as they are read, never trusted: a value this code would not
have written is a bad row, left out with a one-line warning, or refused as a
`StoreError` naming the row when the caller reads strictly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Generic, Literal, Protocol, TypeVar

from game.discernment import CONFIDENCE_BY_ID
from game.i18n import _, ngettext

R = TypeVar("R")
RowKind = Literal["answer", "session"]

# -- what the store reads from the game's objects ---------------------------------


class PackLike(Protocol):
    """What the store needs of a pack (`game.pack.Pack` fits)."""

    @property
    def id(self) -> str: ...

    @property
    def digest(self) -> str: ...


class ClaimLike(Protocol):
    @property
    def id(self) -> str: ...


class AnswerLike(Protocol):
    """What the store needs of an answer (`game.round.Answer` fits)."""

    @property
    def claim(self) -> ClaimLike: ...

    @property
    def chosen(self) -> str: ...

    @property
    def correct(self) -> str: ...

    @property
    def hinted(self) -> bool: ...

    @property
    def seconds(self) -> float: ...

    @property
    def at(self) -> datetime: ...

    @property
    def confidence(self) -> str | None:
        """The player's confidence level id (`game.discernment.CONFIDENCE_LEVELS`), or
        None when the answer was given without the confidence step."""


# -- what the store returns --------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """A round being played; pass it to `ProgressStore.record()`."""

    id: int | None
    """Row id in `sessions`; None when the session's row was not written yet (or could
    not be)."""
    player: str
    started_at: datetime
    ticket: int | None = field(default=None, compare=False)
    """For a session whose row is not written yet: the number its answers name it by in
    the store that started it, which writes them after the session's row."""


@dataclass(frozen=True)
class SessionRecord:
    """A session as stored."""

    id: int
    player: str
    pack_id: str | None
    """The pack played; None for a review across packs."""
    pack_hash: str | None
    mode: str
    """"play" or "review"."""
    started_at: datetime
    pack_path: str | None = None
    """Where the pack was played from, as recorded (an absolute path); None when not known."""
    class_name: str | None = None
    """The class the session was played in (`claimsort serve --class`); None outside one."""


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One recorded answer."""

    id: int
    session_id: int | None
    player: str
    pack_id: str
    pack_hash: str
    """SHA-256 of the pack's content when the answer was given."""
    claim_id: str
    chosen: str
    """The category id the player picked."""
    correct: str
    """The right category id at the time of the answer."""
    hinted: bool
    seconds: float
    answered_at: datetime
    """UTC."""
    confidence: str | None = None
    """The confidence level id the player gave (`game.discernment.CONFIDENCE_LEVELS`), or
    None: answered without the confidence step, or before it existed."""

    @property
    def is_right(self) -> bool:
        return self.chosen == self.correct


EARLIEST_MOMENT = datetime(2, 1, 1, tzinfo=UTC)
"""The first stored moment read back. Python's dates end a year on either side of the
range read (0001-01-01 and 9999-12-31): the game adds review waits (weeks) and local
time offsets (hours) to stored moments, and neither may run past those ends."""
LATEST_MOMENT = datetime(9999, 1, 1, tzinfo=UTC) - timedelta(microseconds=1)
"""The last stored moment read back (the end of year 9998); see `EARLIEST_MOMENT`."""


@dataclass(frozen=True)
class PlayedRound:
    """A whole round to record in one go (`ProgressStore.record_rounds()`)."""

    player: str
    pack: PackLike
    started_at: datetime
    answers: Sequence[AnswerLike]
    review: bool = False
    path: Path | str | None = None
    """Where the pack was played from, as for `ProgressStore.start_session()`."""
    class_name: str | None = None
    """The class it was played in, as for `ProgressStore.start_session()`."""


@dataclass(frozen=True)
class AnswerGroup:
    """One player's answers in one pack to claims of one right answer, with one chosen
    answer, counted together (the store adds them up in SQL for the stats)."""

    pack_id: str
    correct: str
    """The right category id at the time of the answers."""
    chosen: str
    answered: int
    """How many answers the group holds (at least 1)."""
    hinted: int
    """How many of them came after a hint."""
    seconds: float
    """Their time to answer, added up."""
    last_answered_at: datetime
    """The latest of them, UTC."""
    confidence: str | None = None
    """The confidence level id they were given with (None: without one)."""

    @property
    def right(self) -> int:
        """How many of them were right: all of them or none."""
        return self.answered if self.chosen == self.correct else 0


@dataclass(frozen=True)
class SessionTally:
    """A session and its player's answers in it, counted."""

    session: SessionRecord
    answered: int
    right: int
    hinted: int


@dataclass(frozen=True)
class AnswerSummary:
    """One player's answers added up: what the stats need, without reading every answer
    (`ProgressStore.summary()`)."""

    groups: tuple[AnswerGroup, ...]
    pack_sessions: Mapping[str, int]
    """Pack id -> how many sessions hold answers in it."""
    latest: tuple[SessionTally, ...]
    """The latest sessions that hold answers, oldest first."""


@dataclass(frozen=True, slots=True)
class ClaimHistory:
    """The answers to one missed claim that its place in review depends on
    (`ProgressStore.missed_claims()`).

    `game.review.leitner_state()` reads the same place from `answers` as from the
    claim's whole history: a wrong answer starts the schedule over, so what comes before
    the latest one only adds to the count of misses. When the claim's right answer
    changed between its answers, `answers` is its whole history.
    """

    pack_id: str
    claim_id: str
    answers: tuple[AnswerRecord, ...]
    """Oldest first; never empty, and it holds a wrong answer."""
    earlier_misses: int
    """Wrong answers before `answers` under the same right answer, for the count of
    misses (0 when `answers` is the whole history)."""


def to_utc(at: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def stamp(at: datetime) -> str:
    """How a moment is stored."""
    # Fixed width, so text order is time order in SQL.
    return to_utc(at).isoformat(timespec="microseconds")


def parse_stamp(text: str) -> datetime:
    """A stored moment, UTC; ValueError when it is not one."""
    return to_utc(datetime.fromisoformat(text))


# -- reading rows back ---------------------------------------------------------------


class StoreError(sqlite3.DatabaseError):
    """The progress file could not be read: SQLite failed part way through a read, or
    (with `strict=True`) a stored row holds a value this code would never have written.
    The message names the row. A `sqlite3.DatabaseError`, so code that guards store
    reads with `except sqlite3.Error` catches it as well."""


class _BadValueError(Exception):
    """One stored value is not what the schema's code writes."""


def _show(value: object) -> str:
    # repr: quotes text and escapes control characters; cut, since it came from a file.
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _text(value: object, column: str) -> str:
    if isinstance(value, str):
        return value
    raise _BadValueError(
        _("{column} is {value}, not text").format(column=column, value=_show(value))
    )


def _optional_text(value: object, column: str) -> str | None:
    return None if value is None else _text(value, column)


def _row_id(value: object, column: str) -> int:
    if isinstance(value, int):
        return value
    raise _BadValueError(
        _("{column} is {value}, not a row number").format(column=column, value=_show(value))
    )


def _flag(value: object, column: str) -> bool:
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise _BadValueError(
        _("{column} is {value}, not 0 or 1").format(column=column, value=_show(value))
    )


MAX_SECONDS = 1e9
"""The longest time to answer read back (about 31 years): the game times an answer with
the clock of a running program, so one longer was not written by it, and figures such
as a median of two of them would overflow to infinity."""


def _seconds(value: object, column: str) -> float:
    if isinstance(value, int | float) and 0 <= value <= MAX_SECONDS:
        return float(value)
    raise _BadValueError(
        _("{column} is {value}, not a number of seconds").format(column=column, value=_show(value))
    )


def _moment(value: object, column: str) -> datetime:
    if isinstance(value, str):
        try:
            moment = parse_stamp(value)
        except ValueError:
            pass
        except OverflowError:  # an offset that moves it past Python's dates in UTC
            raise _out_of_range(value, column) from None
        else:
            if EARLIEST_MOMENT <= moment <= LATEST_MOMENT:
                return moment
            raise _out_of_range(value, column)
    raise _BadValueError(
        _("{column} is {value}, not a date and time").format(column=column, value=_show(value))
    )


def _out_of_range(value: object, column: str) -> _BadValueError:
    return _BadValueError(
        _("{column} is {value}, outside the years {first} to {last}").format(
            column=column,
            value=_show(value),
            first=EARLIEST_MOMENT.year,
            last=LATEST_MOMENT.year,
        )
    )


def _confidence(value: object) -> str | None:
    if value is None or (isinstance(value, str) and value in CONFIDENCE_BY_ID):
        return value
    raise _BadValueError(
        _("confidence is {value}, not one of {levels}").format(
            value=_show(value), levels=", ".join(CONFIDENCE_BY_ID)
        )
    )


def answer_record(row: Sequence[object]) -> AnswerRecord:
    """An `answers` row, in the order of its columns, as a record; _BadValueError when
    a value is not what this code writes."""
    return AnswerRecord(
        id=_row_id(row[0], "id"),
        session_id=None if row[1] is None else _row_id(row[1], "session_id"),
        player=_text(row[2], "player"),
        pack_id=_text(row[3], "pack_id"),
        pack_hash=_text(row[4], "pack_hash"),
        claim_id=_text(row[5], "claim_id"),
        chosen=_text(row[6], "chosen"),
        correct=_text(row[7], "correct"),
        hinted=_flag(row[8], "hinted"),
        seconds=_seconds(row[9], "seconds"),
        answered_at=_moment(row[10], "answered_at"),
        confidence=_confidence(row[11]) if len(row) > 11 else None,
    )


def session_record(row: Sequence[object]) -> SessionRecord:
    """A `sessions` row, in the order of its columns, as a record; _BadValueError when
    a value is not what this code writes."""
    return SessionRecord(
        id=_row_id(row[0], "id"),
        player=_text(row[1], "player"),
        pack_id=_optional_text(row[2], "pack_id"),
        pack_hash=_optional_text(row[3], "pack_hash"),
        mode=_text(row[4], "mode"),
        started_at=_moment(row[5], "started_at"),
        pack_path=_optional_text(row[6], "pack_path"),
        class_name=_optional_text(row[7], "class_name") if len(row) > 7 else None,
    )


class RowDecoder(Generic[R]):
    """Decodes rows as they are read, batch after batch, and counts the bad ones for one
    warning at the end: how many were bad, naming the first.

    With `strict=True` the first bad row raises StoreError naming it instead.
    """

    def __init__(
        self, make: Callable[[Sequence[object]], R], kind: RowKind, *, strict: bool
    ) -> None:
        self._make = make
        self._kind = kind
        self._strict = strict
        self._bad = 0
        self._first_bad: str | None = None

    def records(self, rows: Iterable[Sequence[object]]) -> Iterator[R]:
        """The records `make` builds from `rows`, one by one, bad rows left out (or
        raised when met, after the records before them)."""
        for row in rows:
            try:
                record = self._make(row)
            except _BadValueError as exc:
                where = _("{kind} {id}").format(kind=_row_kind(self._kind), id=_show(row[0]))
                if self._strict:
                    raise StoreError(f"{where}: {exc}") from None
                self._bad += 1
                if self._first_bad is None:
                    self._first_bad = f"{where}: {exc}"
            else:
                yield record

    @property
    def warning(self) -> str | None:
        """The one line about the bad rows met so far; None when there were none."""
        if not self._bad:
            return None
        return ngettext(
            "{n} saved {kinds} could not be read and is left out ({first}).",
            "{n} saved {kinds} could not be read and are left out ({first}).",
            self._bad,
        ).format(n=self._bad, kinds=_row_kinds(self._kind, self._bad), first=self._first_bad)


def decode(
    rows: list[tuple[object, ...]],
    make: Callable[[Sequence[object]], R],
    kind: RowKind,
    *,
    strict: bool,
) -> tuple[list[R], str | None]:
    """The records `make` builds from `rows` (answers or sessions, as `kind` says), and a
    warning that says how many were bad and names the first (None when none were).

    With `strict=True` the first bad row raises StoreError naming it instead.
    """
    decoder = RowDecoder(make, kind, strict=strict)
    records = list(decoder.records(rows))
    return records, decoder.warning


def _row_kind(kind: RowKind) -> str:
    return _("answer") if kind == "answer" else _("session")


def _row_kinds(kind: RowKind, n: int) -> str:
    if kind == "answer":
        return ngettext("answer", "answers", n)
    return ngettext("session", "sessions", n)
