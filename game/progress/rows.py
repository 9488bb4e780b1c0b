"""What the store takes from the game, what it gives back, and how stored rows are read.

Stored rows are checked as they are read, never trusted: a value this code would not
have written is a bad row, left out with a one-line warning, or refused as a
`StoreError` naming the row when the caller reads strictly.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, Protocol, TypeVar

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


@dataclass(frozen=True)
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

    @property
    def is_right(self) -> bool:
        return self.chosen == self.correct


def to_utc(at: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def stamp(at: datetime) -> str:
    """How a moment is stored."""
    # Fixed width, so text order is time order in SQL.
    return to_utc(at).isoformat(timespec="microseconds")


def _parse(text: str) -> datetime:
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


def _seconds(value: object, column: str) -> float:
    if isinstance(value, int | float) and math.isfinite(value) and value >= 0:
        return float(value)
    raise _BadValueError(
        _("{column} is {value}, not a number of seconds").format(column=column, value=_show(value))
    )


def _moment(value: object, column: str) -> datetime:
    if isinstance(value, str):
        with suppress(ValueError):
            return _parse(value)
    raise _BadValueError(
        _("{column} is {value}, not a date and time").format(column=column, value=_show(value))
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
    )


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
    records: list[R] = []
    bad: list[str] = []
    for row in rows:
        try:
            records.append(make(row))
        except _BadValueError as exc:
            where = _("{kind} {id}").format(kind=_row_kind(kind), id=_show(row[0]))
            if strict:
                raise StoreError(f"{where}: {exc}") from None
            bad.append(f"{where}: {exc}")
    if not bad:
        return records, None
    warning = ngettext(
        "{n} saved {kinds} could not be read and is left out ({first}).",
        "{n} saved {kinds} could not be read and are left out ({first}).",
        len(bad),
    ).format(n=len(bad), kinds=_row_kinds(kind, len(bad)), first=bad[0])
    return records, warning


def _row_kind(kind: RowKind) -> str:
    return _("answer") if kind == "answer" else _("session")


def _row_kinds(kind: RowKind, n: int) -> str:
    if kind == "answer":
        return ngettext("answer", "answers", n)
    return ngettext("session", "sessions", n)
