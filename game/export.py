"""Recorded answers as CSV or JSON, one row per answer, for a teacher to collect.

CSV follows RFC 4180 (header row, CRLF line ends, UTF-8 without a byte-order mark).
`is_right` and `hinted` are 1 or 0 so a spreadsheet can average them; `answered_at`
is ISO 8601 in UTC with millisecond precision (`2025-04-17T09:00:00.000Z`). A text
cell that a spreadsheet would run as a formula (starting with = + - @ tab or CR) is
written with a leading apostrophe; names are checked on entry so this only happens to
data from elsewhere. A text that starts with an apostrophe gets one more, so that
reading the file back takes off exactly the one the writer added.

An export is written as its answers are read (`write_export`): in chunks of about
`CHUNK_CHARS` characters, each written whole before the next, so that years of answers
take the memory of one chunk and a write cut short (a full disk) is an error, not a
shorter file.

Shown on a terminal (`for_terminal=True`), every text value is written as
`game.text.printable()` shows it, so that a value another program stored cannot act on
the terminal; a file or a pipe gets every value exactly.

Version 2 adds, after the columns of version 1 (kept, in their order), what a teacher
needs to read a spreadsheet: `confidence` (the level the student gave, if any),
`claim_text` (from the pack, when it is found), `mode` (`play`: the student's first
time on the claim in a round; `replay`: a claim the student had answered before, in a
round played again or a replay of the missed; `review`: a review round), `attempt` (1
for a student's first answer to that claim) and `class` (the label `claimsort serve
--class` gave the session). With `bom=True` the file starts with a UTF-8 byte-order
mark, so that Excel reads accented names right.

`read_export()` reads either version back (`claimsort report`), checking every value;
the columns are defined here once, for both.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Protocol

from game.folders import open_unblocked
from game.i18n import _
from game.progress import AnswerRecord, SessionRecord, to_utc
from game.progress.rows import _show
from game.report.answers import MODES, ReportAnswer, answer_problem
from game.text import printable

COLUMNS_V1 = (
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
"""The columns of version 1 of the export, in order."""
COLUMNS = (*COLUMNS_V1, "confidence", "claim_text", "mode", "attempt", "class")
"""The columns written now (version 2): version 1's, then the new ones."""
FORMATS = ("csv", "json")
CHUNK_CHARS = 64 * 1024
"""About how much of the export is gathered before it is written out."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GUARDED_STARTS = (*_FORMULA_STARTS, "'")
"""First characters of a text cell that the writer puts an apostrophe before."""
BOM = "\ufeff"
"""The byte-order mark `--excel` starts a file with."""


@dataclass(frozen=True)
class RowContext:
    """What a row holds beyond its stored answer: from its session, its pack and the
    answers before it."""

    claim_text: str | None = None
    mode: str | None = None
    attempt: int | None = None
    class_name: str | None = None


class Annotator:
    """Gives each answer its `RowContext`, answers being handed over in time order (as
    the store reads them): its session's mode and class, its claim's text, and which
    attempt of the student's at that claim it is."""

    def __init__(
        self,
        sessions: Iterable[SessionRecord],
        claim_texts: Callable[[str, str], str | None] = lambda _pack, _claim: None,
    ) -> None:
        """`claim_texts(pack_id, claim_id)` is the claim's text, or None when its pack
        is not found."""
        self._sessions = {session.id: session for session in sessions}
        self._claim_texts = claim_texts
        self._seen: dict[tuple[str, str, str], int] = {}

    def __call__(self, record: AnswerRecord) -> RowContext:
        key = (record.player, record.pack_id, record.claim_id)
        attempt = self._seen.get(key, 0) + 1
        self._seen[key] = attempt
        session = self._sessions.get(record.session_id) if record.session_id else None
        if session is not None and session.mode == "review":
            mode = "review"
        else:
            mode = "play" if attempt == 1 else "replay"
        return RowContext(
            claim_text=self._claim_texts(record.pack_id, record.claim_id),
            mode=mode,
            attempt=attempt,
            class_name=session.class_name if session is not None else None,
        )


def row(
    record: AnswerRecord, context: RowContext | None = None, *, for_terminal: bool = False
) -> dict[str, object]:
    """One answer as export values (booleans, numbers and strings, in `COLUMNS` order;
    None for a value not known); `for_terminal` writes each text value as `printable()`
    shows it."""
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
    context = context or RowContext()
    values["claim_text"] = context.claim_text
    values["mode"] = context.mode
    values["attempt"] = context.attempt
    values["class"] = context.class_name
    if for_terminal:
        return {k: printable(v) if isinstance(v, str) else v for k, v in values.items()}
    return values


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        # A text that starts with an apostrophe gets one more, so that reading the
        # file back (`_csv_value`) takes off exactly what was added: `'=x` stays `'=x`.
        return "'" + value if value.startswith(_GUARDED_STARTS) else value
    return str(value)


class TextOut(Protocol):
    """Where the writers below put their text: a text file, or `ChunkedOutput`."""

    def write(self, text: str, /) -> object: ...


Context = Callable[[AnswerRecord], RowContext]
"""What gives each answer its `RowContext` (an `Annotator`)."""


def write_csv(
    records: Iterable[AnswerRecord],
    out: TextOut,
    *,
    for_terminal: bool = False,
    context: Context | None = None,
) -> int:
    """Write a header row and one row per answer; returns the number of answers."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        values = row(record, context(record) if context else None, for_terminal=for_terminal)
        writer.writerow([csv_cell(values[column]) for column in COLUMNS])
        count += 1
    return count


def write_json(
    records: Iterable[AnswerRecord],
    out: TextOut,
    *,
    for_terminal: bool = False,
    context: Context | None = None,
) -> int:
    """Write a JSON list of objects, one per answer (the text `json.dump(list, indent=2)`
    gives, one object at a time); returns the number of answers."""
    count = 0
    for record in records:
        values = row(record, context(record) if context else None, for_terminal=for_terminal)
        item = json.dumps(values, ensure_ascii=False, indent=2)
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
    records: Iterable[AnswerRecord],
    fmt: str,
    out: BytesOut,
    *,
    for_terminal: bool = False,
    context: Context | None = None,
    bom: bool = False,
) -> int:
    """Write the export to `out` as UTF-8, chunk by chunk as `records` are read; returns
    how many answers it holds. `fmt` is "csv" or "json"; `context` gives each answer the
    columns of version 2 beyond the stored ones (left empty without it); `bom` starts the
    file with a byte-order mark (for Excel). OSError when `out` cannot take it all."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    chunks = ChunkedOutput(out)
    if bom:
        chunks.write(BOM)
    try:
        write = write_csv if fmt == "csv" else write_json
        return write(records, chunks, for_terminal=for_terminal, context=context)
    finally:
        # What was gathered goes out even when reading `records` stops part way: an
        # export that stops says where, and has every row before that point.
        chunks.flush()


def render(
    records: Iterable[AnswerRecord],
    fmt: str,
    *,
    for_terminal: bool = False,
    context: Context | None = None,
) -> tuple[str, int]:
    """The export as text, and how many answers it holds. `fmt` is "csv" or "json";
    `for_terminal` shows each text value as `printable()` does, for a terminal;
    `context` as for `write_export`."""
    buffer = io.BytesIO()
    count = write_export(records, fmt, buffer, for_terminal=for_terminal, context=context)
    return buffer.getvalue().decode("utf-8"), count


# -- reading an export back ---------------------------------------------------------

REQUIRED = COLUMNS_V1
"""The columns a file must have to be read as an export (either version)."""
MAX_CELL = 10_000
"""A cell longer than this is not one an export writes (a claim's text is at most 500)."""
MAX_ROW = 64 * MAX_CELL
"""A CSV line or a JSON object longer than this (in characters) is not one an export
writes (16 cells of at most `MAX_CELL`, each quote doubled, with room to spare): the
file is read no further, so that an endless line (`/dev/zero` copied to a file) takes
no more memory than this."""


class NotAnExportError(ValueError):
    """The file is not a ClaimSort export (or has columns missing); the message says why."""


@dataclass(frozen=True)
class RowProblem:
    """A row of an export that cannot be read."""

    line: int
    """The line of the file the row starts on (1 is the first)."""
    message: str


def read_export(path: Path) -> Iterator[ReportAnswer | RowProblem]:
    """Every row of the export at `path` (CSV or JSON, version 1 or 2), as an answer or
    as the problem that keeps it out, in file order. NotAnExportError when the file is
    not an export at all (then nothing is yielded), a FIFO, a device or anything but a
    regular file among them (opened without waiting on it, and not read); OSError when it
    cannot be read."""
    with open_unblocked(path) as raw:
        if not stat.S_ISREG(os.fstat(raw.fileno()).st_mode):
            raise NotAnExportError(not_a_file())
        with io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as handle:
            start = handle.read(4096)
            stripped = start.lstrip()
            handle.seek(0)
            if stripped.startswith("["):
                yield from _read_json(handle)
            else:
                yield from _read_csv(_capped_lines(handle))


def not_a_file() -> str:
    """Why a source that is not a regular file is not read (a FIFO would wait for a
    writer for ever, `/dev/zero` never ends)."""
    return _("not a regular file (a pipe, a device or a socket); give a database or export")


class _LineTooLongError(Exception):
    pass


def _capped_lines(handle: IO[str]) -> Iterator[str]:
    # A file's lines as iterating over it gives them, except that a line longer than
    # MAX_ROW stops the reading (iterating would hold the whole line, however long).
    while line := handle.readline(MAX_ROW + 1):
        if len(line) > MAX_ROW:
            raise _LineTooLongError
        yield line


def _too_long() -> str:
    return _(
        "a line longer than {n:,} characters: not one an export writes; read no further"
    ).format(n=MAX_ROW)


def _read_csv(handle: Iterable[str]) -> Iterator[ReportAnswer | RowProblem]:
    reader = csv.reader(handle)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise NotAnExportError(_("not a CSV file ({reason})").format(reason=error)) from None
    except _LineTooLongError:
        raise NotAnExportError(_too_long()) from None
    if header is None:
        raise NotAnExportError(_("the file is empty"))
    header = [name.strip() for name in header]
    _check_header(header)
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield RowProblem(line, _("not CSV: {reason}").format(reason=error))
            return
        except _LineTooLongError:
            yield RowProblem(reader.line_num + 1, _too_long())
            return
        if cells:
            if len(cells) != len(header):
                yield RowProblem(
                    line,
                    _("{n} cells where the header has {columns}").format(
                        n=len(cells), columns=len(header)
                    ),
                )
            else:
                yield _parsed(
                    {name: _csv_value(cell) for name, cell in zip(header, cells, strict=True)},
                    line,
                )
        line = reader.line_num + 1


def _csv_value(cell: str) -> str:
    # The writer's guard, undone. A file of an earlier version wrote `'x` for a text
    # starting with an apostrophe (`'x` then) but no formula character: read as written.
    if cell.startswith("'") and cell[1:].startswith(_GUARDED_STARTS):
        return cell[1:]
    return cell


def _check_header(names: Iterable[str]) -> None:
    found = set(names)
    missing = [name for name in REQUIRED if name not in found]
    if len(missing) == len(REQUIRED):
        raise NotAnExportError(
            _("not a ClaimSort export or progress database (no column {column})").format(
                column=REQUIRED[0]
            )
        )
    if missing:
        raise NotAnExportError(
            _("an export without the column(s) {columns}").format(columns=", ".join(missing))
        )


JSON_CHUNK = 256 * 1024
"""How much of a JSON export is read at a time: it is read as a stream, one object
after another, never whole."""


class _JsonText:
    """A JSON file's text, read a chunk at a time: what has been decoded is let go, and
    `line_of` still counts lines from the start of the file."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self.text = ""
        self.ended = False
        # Where a line was last counted, and that line: each count goes on from there
        # (positions asked for move forward), so the file's lines are counted once,
        # not once per object.
        self._mark = 0
        self._mark_line = 1

    def more(self, at: int) -> int:
        """Read another chunk, first letting go of the text before `at`; returns where
        `at` is now (0)."""
        if at:
            self._mark_line = self.line_of(at)
            self._mark = 0
            self.text = self.text[at:]
        chunk = self._handle.read(max(JSON_CHUNK, len(self.text)))
        if not chunk:
            self.ended = True
        self.text += chunk
        return 0

    def skip_space(self, at: int) -> int:
        """Where the next character that is not white space is (or the end, once read)."""
        while True:
            while at < len(self.text) and self.text[at] in " \t\r\n":
                at += 1
            if at < len(self.text) or self.ended:
                return at
            at = self.more(at)

    def char(self, at: int) -> str:
        """The character at `at`, `at` being where `skip_space` stopped ("" at the end)."""
        return self.text[at : at + 1]

    def line_of(self, at: int) -> int:
        """The line (1 is the first) of the file the character at `at` is on."""
        if at >= self._mark:
            line = self._mark_line + _line_breaks(self.text, self._mark, at)
        else:
            line = self._mark_line - _line_breaks(self.text, at, self._mark)
        self._mark, self._mark_line = at, line
        return line


def _line_breaks(text: str, start: int, end: int) -> int:
    return text.count("\n", start, end)


def _read_json(handle: IO[str]) -> Iterator[ReportAnswer | RowProblem]:
    decoder = json.JSONDecoder()
    text = _JsonText(handle)
    at = text.skip_space(0)
    if text.char(at) != "[":
        raise NotAnExportError(_("not a JSON list"))
    at = text.skip_space(at + 1)
    first = True
    checked = False
    while True:
        if text.char(at) == "]":
            end = text.skip_space(at + 1)
            if end != len(text.text):
                yield RowProblem(text.line_of(at + 1), _("text after the end of the list"))
            return
        if not first:
            if text.char(at) != ",":
                yield RowProblem(text.line_of(at), _("not JSON: a ',' or ']' expected"))
                return
            at = text.skip_space(at + 1)
        first = False
        while True:
            reason = None
            try:
                item, end = decoder.raw_decode(text.text, at)
            except json.JSONDecodeError as error:
                if not text.ended and len(text.text) - at <= MAX_ROW:
                    at = text.more(at)  # the object may go on in the next chunk
                    continue
                reason, where = error.msg, error.pos
                if len(text.text) - at > MAX_ROW:
                    reason = _("an object longer than {n:,} characters").format(n=MAX_ROW)
                    where = at
            except RecursionError:
                reason, where = _("values nested too deep"), at
            except ValueError:  # an integer of more digits than Python converts
                reason, where = _("a number of more than 4,300 digits"), at
            if reason is not None:
                if not checked:
                    raise NotAnExportError(_("not JSON ({reason})").format(reason=reason))
                yield RowProblem(
                    text.line_of(where),
                    _("not JSON: {reason}; read no further").format(reason=reason),
                )
                return
            if end == len(text.text) and not text.ended:  # a number may go on, too
                at = text.more(at)
                continue
            break
        line = text.line_of(at)
        at = text.skip_space(end)
        if not isinstance(item, dict):
            if not checked:
                raise NotAnExportError(_("a JSON list, but not of answers"))
            yield RowProblem(line, _("not an object"))
            continue
        if not checked:
            _check_header(item)
            checked = True
        missing = [name for name in REQUIRED if name not in item]
        if missing:
            yield RowProblem(line, _("no {columns}").format(columns=", ".join(missing)))
            continue
        yield _parsed(item, line)


class _BadCellError(ValueError):
    pass


def _text(values: Mapping[str, object], column: str, *, optional: bool = False) -> str | None:
    value = values.get(column)
    if value is None or value == "":
        if optional:
            return None
        raise _BadCellError(_("{column} is empty").format(column=column))
    if not isinstance(value, str):
        raise _BadCellError(_("{column} is not text").format(column=column))
    if len(value) > MAX_CELL:
        raise _BadCellError(_("{column} is too long").format(column=column))
    return value


def _required(values: Mapping[str, object], column: str) -> str:
    value = _text(values, column)
    assert value is not None  # not optional: an empty one raised
    return value


def _flag(values: Mapping[str, object], column: str) -> bool:
    value = values.get(column)
    if value in (True, 1, "1") and not isinstance(value, float):
        return True
    if value in (False, 0, "0") and not isinstance(value, float):
        return False
    raise _BadCellError(
        _("{column} is {value}, not 1 or 0").format(column=column, value=_show(value))
    )


def _number(values: Mapping[str, object], column: str) -> float:
    value = values.get(column)
    try:
        if isinstance(value, bool) or value is None:
            raise ValueError
        number = float(value) if isinstance(value, int | float | str) else math.nan
    except (ValueError, OverflowError):  # OverflowError: an int beyond any float
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise _BadCellError(
            _("{column} is {value}, not a number of seconds").format(
                column=column, value=_show(value)
            )
        )
    return number


def _whole(values: Mapping[str, object], column: str) -> int | None:
    value = values.get(column)
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isdigit() and value.isascii() and len(value) <= 18:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**18:
        return value
    # SQLite's row ids and any attempt's count fit 18 digits; a longer one was not
    # written by the game (and Python refuses to convert more than 4,300 digits).
    raise _BadCellError(
        _("{column} is {value}, not a whole number").format(column=column, value=_show(value))
    )


def _moment(values: Mapping[str, object], column: str) -> datetime:
    text = _required(values, column)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not 2 <= moment.year <= 9998:
        raise _BadCellError(
            _("{column} is {value}, not a date and time in UTC").format(
                column=column, value=_show(text)
            )
        )
    return to_utc(moment)


def _parsed(values: Mapping[str, object], line: int) -> ReportAnswer | RowProblem:
    try:
        chosen = _required(values, "chosen")
        correct = _required(values, "correct")
        if _flag(values, "is_right") != (chosen == correct):
            raise _BadCellError(_("is_right does not agree with chosen and correct"))
        _whole(values, "session")
        mode = _text(values, "mode", optional=True)
        if mode is not None and mode not in MODES:
            raise _BadCellError(
                _("mode is {value}, not one of {modes}").format(
                    value=_show(mode), modes=", ".join(MODES)
                )
            )
        attempt = _whole(values, "attempt")
        if attempt == 0:
            raise _BadCellError(_("attempt is 0; the first is 1"))
        answer = ReportAnswer(
            player=_required(values, "player"),
            pack_id=_required(values, "pack_id"),
            pack_hash=_required(values, "pack_hash"),
            claim_id=_required(values, "claim_id"),
            chosen=chosen,
            correct=correct,
            hinted=_flag(values, "hinted"),
            seconds=_number(values, "seconds"),
            answered_at=_moment(values, "answered_at"),
            mode=mode,
            class_name=_text(values, "class", optional=True),
            confidence=_text(values, "confidence", optional=True),
        )
    except _BadCellError as problem:
        return RowProblem(line, str(problem))
    why = answer_problem(answer)
    return answer if why is None else RowProblem(line, why)
