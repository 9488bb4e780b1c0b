"""Recorded answers as CSV or JSON, one row per answer, for a teacher to collect.

CSV follows RFC 4180 (header row, CRLF line ends, UTF-8 without a byte-order mark).
`is_right` and `hinted` are 1 or 0 so a spreadsheet can average them; `answered_at`
is ISO 8601 in UTC with millisecond precision (`2025-04-17T09:00:00.000Z`). A text
cell that a spreadsheet would run as a formula (starting with = + - @ tab or CR) is
written with a leading apostrophe; names are checked on entry so this only happens to
data from elsewhere.

Shown on a terminal (`for_terminal=True`), every text value is written as
`game.text.printable()` shows it, so that a value another program stored cannot act on
the terminal; a file or a pipe gets every value exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import TextIO

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
)
FORMATS = ("csv", "json")
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


def write_csv(records: Iterable[AnswerRecord], out: TextIO, *, for_terminal: bool = False) -> int:
    """Write a header row and one row per answer; returns the number of answers."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        values = row(record, for_terminal=for_terminal)
        writer.writerow([_csv_cell(values[column]) for column in COLUMNS])
        count += 1
    return count


def write_json(records: Iterable[AnswerRecord], out: TextIO, *, for_terminal: bool = False) -> int:
    """Write a JSON list of objects, one per answer; returns the number of answers."""
    rows = [row(record, for_terminal=for_terminal) for record in records]
    json.dump(rows, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(rows)


def render(
    records: Iterable[AnswerRecord], fmt: str, *, for_terminal: bool = False
) -> tuple[str, int]:
    """The export as text, and how many answers it holds. `fmt` is "csv" or "json";
    `for_terminal` shows each text value as `printable()` does, for a terminal."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    buffer = io.StringIO(newline="")
    write = write_csv if fmt == "csv" else write_json
    count = write(records, buffer, for_terminal=for_terminal)
    return buffer.getvalue(), count
