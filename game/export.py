"""Recorded answers as CSV or JSON, one row per answer, for a teacher to collect.

CSV follows RFC 4180 (header row, CRLF line ends, UTF-8 without a byte-order mark).
`is_right` and `hinted` are 1 or 0 so a spreadsheet can average them; `answered_at`
is ISO 8601 in UTC with millisecond precision (`2025-04-17T09:00:00.000Z`). A text
cell that a spreadsheet would run as a formula (starting with = + - @ tab or CR) is
written with a leading apostrophe; names are checked on entry so this only happens to
data from elsewhere.

An export is written as its answers are read (`write_export`): in chunks of about
`CHUNK_CHARS` characters, each written whole before the next, so that years of answers
take the memory of one chunk and a write cut short (a full disk) is an error, not a
shorter file.

Shown on a terminal (`for_terminal=True`), every text value is written as
`game.text.printable()` shows it, so that a value another program stored cannot act on
the terminal; a file or a pipe gets every value exactly.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from collections.abc import Iterable
from typing import Protocol

from game.progress import AnswerRecord, to_utc
from game.text import printable

COLUMNS = (
    "player",
    "pack_id",
    "pack_hash",
    "claim_id",
    "chosen",
    "correct",
    "is_right",
    "hinted",
    "seconds",
    "answered_at",
    "session",
    "confidence",
)
FORMATS = ("csv", "json")
CHUNK_CHARS = 64 * 1024
"""About how much of the export is gathered before it is written out."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def row(record: AnswerRecord, *, for_terminal: bool = False) -> dict[str, object]:
    """One answer as export values (booleans, numbers and strings, in `COLUMNS` order);
    `for_terminal` writes each text value as `printable()` shows it."""
    at = to_utc(record.answered_at).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    values: dict[str, object] = {
        "player": record.player,
        "pack_id": record.pack_id,
        "pack_hash": record.pack_hash,
        "claim_id": record.claim_id,
        "chosen": record.chosen,
        "correct": record.correct,
        "is_right": record.is_right,
        "hinted": record.hinted,
        "seconds": round(record.seconds, 3),
        "answered_at": at,
        "session": record.session_id,
        "confidence": record.confidence,
    }
    if for_terminal:
        return {k: printable(v) if isinstance(v, str) else v for k, v in values.items()}
    return values


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    return str(value)


class TextOut(Protocol):
    """Where the writers below put their text: a text file, or `ChunkedOutput`."""

    def write(self, text: str, /) -> object: ...


def write_csv(records: Iterable[AnswerRecord], out: TextOut, *, for_terminal: bool = False) -> int:
    """Write a header row and one row per answer; returns the number of answers."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        values = row(record, for_terminal=for_terminal)
        writer.writerow([_csv_cell(values[column]) for column in COLUMNS])
        count += 1
    return count


def write_json(records: Iterable[AnswerRecord], out: TextOut, *, for_terminal: bool = False) -> int:
    """Write a JSON list of objects, one per answer (the text `json.dump(list, indent=2)`
    gives, one object at a time); returns the number of answers."""
    count = 0
    for record in records:
        item = json.dumps(row(record, for_terminal=for_terminal), ensure_ascii=False, indent=2)
        # Nested one level in the list; a JSON string never holds a raw line break.
        out.write(("[\n  " if count == 0 else ",\n  ") + item.replace("\n", "\n  "))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


class BytesOut(Protocol):
    """Where `write_export` puts its bytes: a binary file (stdout's, or an open file)."""

    def write(self, data: memoryview, /) -> int | None: ...

    def flush(self) -> None: ...


class ChunkedOutput:
    """Text gathered into chunks of about `CHUNK_CHARS` and written to a binary stream as
    UTF-8, each chunk in full and flushed before more is gathered."""

    def __init__(self, out: BytesOut) -> None:
        self._out = out
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str, /) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= CHUNK_CHARS:
            self.flush()
        return len(text)

    def flush(self) -> None:
        """Write out what was gathered; OSError when it cannot be written in full."""
        data = memoryview("".join(self._parts).encode("utf-8"))
        self._parts.clear()
        self._size = 0
        while data:
            # A raw file takes what fits and says how much: the rest must be offered
            # again, so that a disk filling up raises instead of leaving a short file.
            written = self._out.write(data)
            if written is None:  # a non-blocking stream that took nothing
                raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
            if written == 0:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            data = data[written:]
        self._out.flush()


def write_export(
    records: Iterable[AnswerRecord], fmt: str, out: BytesOut, *, for_terminal: bool = False
) -> int:
    """Write the export to `out` as UTF-8, chunk by chunk as `records` are read; returns
    how many answers it holds. `fmt` is "csv" or "json". OSError when `out` cannot take
    it all."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    chunks = ChunkedOutput(out)
    try:
        write = write_csv if fmt == "csv" else write_json
        return write(records, chunks, for_terminal=for_terminal)
    finally:
        # What was gathered goes out even when reading `records` stops part way: an
        # export that stops says where, and has every row before that point.
        chunks.flush()


def render(
    records: Iterable[AnswerRecord], fmt: str, *, for_terminal: bool = False
) -> tuple[str, int]:
    """The export as text, and how many answers it holds. `fmt` is "csv" or "json";
    `for_terminal` shows each text value as `printable()` does, for a terminal."""
    buffer = io.BytesIO()
    count = write_export(records, fmt, buffer, for_terminal=for_terminal)
    return buffer.getvalue().decode("utf-8"), count
