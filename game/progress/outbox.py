"""Rows waiting to be written to the progress file, and the file that keeps them when a
game ends before they could be.

A row waits when the file cannot take it yet: another program holds its lock, or the
disk refused the write. Rows wait in the order they were given and are written in that
order, so a session's row is always written before its answers' rows; an answer given
before its session's row was written names the session by the `ticket` the store gave
it, and gets the session's row id when both are written.

When a game ends with rows still waiting, they are kept next to the progress file in
`<progress file>.unsaved-<UTC time>-<process id>.json` (`unsaved_name()`); the next game
that opens the progress file reads them back (`load_rows()`) and writes them, skipping
any already there. Such a file is read as untrusted: only the tables and columns of the
schema, only plain values.
"""

from __future__ import annotations

import glob
import json
import math
import os
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypeGuard

from game.i18n import _

Table = Literal["sessions", "answers"]

TABLES: tuple[Table, ...] = ("sessions", "answers")
"""The tables rows are written to."""

UNSAVED_FORMAT = "claimsort-unsaved"
"""What a file of kept rows says it is, with `UNSAVED_VERSION`."""
UNSAVED_VERSION = 1
UNSAVED_LIMIT = 1_000_000
"""A file of kept rows larger than this many bytes is not read back (ClaimSort writes a
few hundred bytes per answer: a whole class's day is far smaller)."""


@dataclass(eq=False)
class PendingRow:
    """One row waiting to be written."""

    table: Table
    values: dict[str, object]
    """Column -> value; for an answer that names its session by `session`, no
    `session_id` (it is filled in when the row is written)."""
    ticket: int | None = None
    """For a session: the number its answers name it by until its row id is known."""
    session: int | None = None
    """For an answer: the ticket of the session it belongs to, if it names it that way."""
    replay: bool = False
    """Read back from a kept file: not written again when the same row is already there."""
    source: Path | None = None
    """The kept file this row was read from; deleted once all its rows are written."""
    row_id: int | None = None
    """The row's id once it is written."""


class Outbox:
    """Rows waiting to be written, oldest first, and the row ids of the sessions written
    so far, by ticket. Not thread-safe: the store guards it with its lock."""

    def __init__(self) -> None:
        self._rows: deque[PendingRow] = deque()
        self._ids: dict[int, int] = {}
        self._last_ticket = 0

    def ticket(self) -> int:
        """A new ticket for a session row."""
        self._last_ticket += 1
        return self._last_ticket

    def put(self, row: PendingRow) -> None:
        self._rows.append(row)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def answers(self) -> int:
        """How many of the waiting rows are answers."""
        return sum(1 for row in self._rows if row.table == "answers")

    def rows(self) -> list[PendingRow]:
        """The waiting rows, oldest first."""
        return list(self._rows)

    def ids(self) -> dict[int, int]:
        """A copy of ticket -> row id for the sessions written so far."""
        return dict(self._ids)

    def written(self, rows: list[PendingRow], ids: Mapping[int, int]) -> None:
        """`rows`, the oldest waiting, are on disk; `ids` is the ticket map as writing
        them left it."""
        for row in rows:
            assert self._rows[0] is row, "rows are written oldest first"
            self._rows.popleft()
        self._ids.update(ids)

    def sources(self) -> set[Path]:
        """The kept files some waiting row was read from."""
        return {row.source for row in self._rows if row.source is not None}

    def adopt(self, rows: list[PendingRow], source: Path) -> None:
        """Queue rows read back from the kept file `source`, with tickets of this outbox."""
        tickets: dict[int, int] = {}
        for row in rows:
            if row.ticket is not None:
                tickets[row.ticket] = row.ticket = self.ticket()
            if row.session is not None:
                row.session = tickets[row.session]
            row.replay = True
            row.source = source
            self.put(row)


# -- the file that keeps them ------------------------------------------------------------


def unsaved_name(progress_file: Path, at: datetime | None = None) -> Path:
    """Where rows left waiting at the end of a game are kept."""
    stamp = (at or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return progress_file.with_name(f"{progress_file.name}.unsaved-{stamp}-{os.getpid()}.json")


def unsaved_files(progress_file: Path) -> list[Path]:
    """The files of kept rows next to `progress_file`, oldest first."""
    pattern = glob.escape(progress_file.name) + ".unsaved-*.json"
    try:
        return sorted(progress_file.parent.glob(pattern))
    except OSError:
        return []


def dump_rows(rows: list[PendingRow], ids: Mapping[int, int]) -> str:
    """The rows as a file of kept rows; a session already written is named by its row id."""
    kept: list[dict[str, object]] = []
    for row in rows:
        entry: dict[str, object] = {"table": row.table, "values": dict(row.values)}
        if row.ticket is not None:
            entry["ticket"] = row.ticket
        if row.session is not None:
            if row.session in ids:
                entry["values"] = {**row.values, "session_id": ids[row.session]}
            else:
                entry["session"] = row.session
        kept.append(entry)
    document = {"format": UNSAVED_FORMAT, "version": UNSAVED_VERSION, "rows": kept}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


class UnsavedFileError(ValueError):
    """A file of kept rows is not what ClaimSort writes; the message says why."""


Columns = Mapping[str, frozenset[str]]
"""Table -> column names."""


def read_unsaved(path: Path, columns: Columns, required: Columns) -> list[PendingRow]:
    """The rows kept in `path`; UnsavedFileError (or OSError) when it cannot be used."""
    with path.open("rb") as handle:
        data = handle.read(UNSAVED_LIMIT + 1)
    if len(data) > UNSAVED_LIMIT:
        raise UnsavedFileError(
            _("it is larger than {limit} bytes").format(limit=f"{UNSAVED_LIMIT:,}")
        )
    return load_rows(data, columns, required)


def load_rows(data: bytes | str, columns: Columns, required: Columns) -> list[PendingRow]:
    """The rows of a file of kept rows, checked against the file's tables: only their
    `columns`, every one of the `required` (a row SQLite would refuse would hold up every
    row after it); UnsavedFileError naming the first thing that is wrong."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnsavedFileError(_("not JSON: {reason}").format(reason=exc)) from None
    if (
        not isinstance(document, dict)
        or document.get("format") != UNSAVED_FORMAT
        or document.get("version") != UNSAVED_VERSION
        or not isinstance(document.get("rows"), list)
    ):
        raise UnsavedFileError(_("not a file of kept answers"))
    rows: list[PendingRow] = []
    tickets: set[int] = set()
    for number, entry in enumerate(document["rows"], start=1):
        try:
            row = _row(entry, columns, required, tickets)
        except UnsavedFileError as exc:
            raise UnsavedFileError(
                _("row {number}: {reason}").format(number=number, reason=exc)
            ) from None
        if row.ticket is not None:
            tickets.add(row.ticket)
        rows.append(row)
    return rows


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _row(entry: object, columns: Columns, required: Columns, tickets: set[int]) -> PendingRow:
    if not isinstance(entry, dict) or not set(entry) <= {"table", "values", "ticket", "session"}:
        raise UnsavedFileError(_("not a row"))
    table = next((t for t in TABLES if t == entry.get("table") and t in columns), None)
    if table is None:
        raise UnsavedFileError(
            _("{table} is not a table of the progress file").format(table=_show(entry.get("table")))
        )
    values = entry.get("values")
    if not isinstance(values, dict):
        raise UnsavedFileError(_("it has no values"))
    allowed = columns[table] - {"id"}
    for column, value in values.items():
        # Column names end up in SQL: only the schema's own are taken.
        if column not in allowed:
            raise UnsavedFileError(
                _("{table} has no column {column}").format(table=table, column=_show(column))
            )
        if not _plain(value):
            raise UnsavedFileError(
                _("{column} is {value}").format(column=column, value=_show(value))
            )
    ticket = _ticket(entry.get("ticket"))
    session = _ticket(entry.get("session"))
    if ticket is not None and (table != "sessions" or ticket in tickets):
        raise UnsavedFileError(_("ticket {ticket} is not usable").format(ticket=ticket))
    if session is not None:
        if table != "answers" or session not in tickets:
            raise UnsavedFileError(
                _("session {session} is not in the file").format(session=session)
            )
        if "session_id" in values:
            raise UnsavedFileError(_("it names its session twice"))
    missing = sorted(required.get(table, frozenset()) - set(values))
    if missing:
        raise UnsavedFileError(_("it has no {column}").format(column=missing[0]))
    return PendingRow(table, dict(values), ticket=ticket, session=session)


def _ticket(value: object) -> int | None:
    if value is None or _whole(value):
        return value
    raise UnsavedFileError(_("{value} is not a ticket").format(value=_show(value)))


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _plain(value: object) -> bool:
    if value is None or isinstance(value, str) or _whole(value):
        return True
    return isinstance(value, float) and math.isfinite(value)
