"""Reading a report's answers: progress databases (through `game.progress`, read-only)
and export files (through `game.export`), merged into one `Collection`.

A file that is neither, a CSV without the export's columns, and each row holding a
value no export would write, is one `Problem` (`path:line: what is wrong`); the rest is
still read. The same answer found twice (the same player, pack, claim and moment, to
the millisecond an export keeps), in two files or in one, is counted once.

Sources are read as a stream, one answer at a time, and only what the report needs is
kept, compactly (`game.report.attempts`), so that years of answers take little memory:
for each student and claim, the earliest answer under each right answer the claim has
had (its first attempt, whichever version of the pack turns out to be the one
reported), and counts.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from game.folders import open_unblocked
from game.i18n import _
from game.progress import AnswerRecord, ProgressStore, SessionRecord, StoreError
from game.report.answers import ReportAnswer, answer_problem
from game.report.attempts import Earliest, Names

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Problem:
    """Something in a source that could not be read."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Filters:
    """Which answers a report covers (None: all)."""

    pack: str | None = None
    class_name: str | None = None
    since: datetime | None = None
    """Answers given at or after this moment (aware)."""
    player: str | None = None

    def keeps(self, answer: ReportAnswer) -> bool:
        return (
            (self.pack is None or answer.pack_id == self.pack)
            and (self.class_name is None or answer.class_name == self.class_name)
            and (self.since is None or answer.answered_at >= self.since)
            and (self.player is None or answer.player == self.player)
        )


@dataclass
class PackAnswers:
    """What was read of one pack's answers, kept compact (`game.report.attempts`)."""

    claims: Names = field(default_factory=Names)
    """The pack's claim ids, numbered."""
    categories: Names = field(default_factory=Names)
    """The category ids the answers name (chosen or right), numbered."""
    earliest: Earliest = field(default_factory=Earliest)
    """Per (player, claim, right answer): the player's earliest answer to the claim
    while that was its right answer, whichever version of the pack turns out to be the
    one reported."""
    by_key: Counter[tuple[int, int]] = field(default_factory=Counter)
    """(claim, right answer) -> answers given while that was the claim's right answer."""
    latest: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Claim -> the latest answer's moment (microseconds) and right answer: the key in
    force, when the pack itself is not found."""
    hashes: set[str] = field(default_factory=set)
    """Every version of the pack the answers were given to."""
    answers: int = 0


@dataclass
class Collection:
    """Every source read, merged."""

    files: int = 0
    """Sources that gave at least their header (a usable file)."""
    answers: int = 0
    """Answers kept: read, not duplicates, within the filters."""
    duplicates: int = 0
    filtered_out: int = 0
    players: Names = field(default_factory=Names)
    """Every student whose answers were kept, numbered (for every pack alike)."""
    classes: set[str] = field(default_factory=set)
    packs: dict[str, PackAnswers] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    pack_paths: dict[str, str] = field(default_factory=dict)
    """Pack id -> where a progress database says it was played from."""
    _seen: set[int] = field(default_factory=set, repr=False)

    def add(self, answer: ReportAnswer, filters: Filters) -> None:
        # A hash of the key, not the key: a million answers' keys would take hundreds
        # of megabytes. Two different answers share a 64-bit hash with odds below one
        # in ten million at a million answers.
        key = hash(answer.key)
        if key in self._seen:
            self.duplicates += 1
            return
        self._seen.add(key)
        if not filters.keeps(answer):
            self.filtered_out += 1
            return
        self.answers += 1
        micros = answer.micros
        player = self.players.number(answer.player)
        if answer.class_name is not None:
            self.classes.add(answer.class_name)
        pack = self.packs.get(answer.pack_id)
        if pack is None:
            pack = self.packs[answer.pack_id] = PackAnswers()
        pack.answers += 1
        pack.hashes.add(answer.pack_hash)
        claim = pack.claims.number(answer.claim_id)
        correct = pack.categories.number(answer.correct)
        pack.by_key[claim, correct] += 1
        latest = pack.latest.get(claim)
        if latest is None or micros >= latest[0]:
            pack.latest[claim] = (micros, correct)
        pack.earliest.offer(
            player,
            claim,
            correct,
            pack.categories.number(answer.chosen),
            answer.hinted,
            answer.seconds,
            micros,
        )

    def finish(self) -> None:
        """Let go of what finds duplicates, once every source is read: the report is
        built without it (answers added after are not checked against those before)."""
        self._seen = set()


def collect(
    paths: Iterable[Path], filters: Filters, *, default_store: Path | None = None
) -> Collection:
    """Read every source in `paths`; with none, the progress store at `default_store`
    (this machine's). Never raises for a bad file: each is a `Problem`."""
    found = Collection()
    given = list(paths)
    if not given and default_store is not None:
        _read_database(default_store, found, filters, ours=True)
    for path in given:
        kind = _kind(path, found)
        if kind == "database":
            _read_database(path, found, filters, ours=False)
        elif kind == "export":
            _read_export(path, found, filters)
    found.finish()
    return found


def _kind(path: Path, found: Collection) -> str | None:
    from game.export import not_a_file

    shown = str(path)
    try:
        if path.is_dir():
            found.problems.append(Problem(shown, _("is a folder; give a database or export")))
            return None
        # Opened without waiting (a FIFO blocks its reader until a writer comes), and
        # read only when it is a file: a device such as /dev/zero never ends.
        with open_unblocked(path) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                found.problems.append(Problem(shown, not_a_file()))
                return None
            start = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        found.problems.append(
            Problem(shown, _("cannot read it: {reason}").format(reason=error.strerror or error))
        )
        return None
    return "database" if start == SQLITE_HEADER else "export"


def _read_database(path: Path, found: Collection, filters: Filters, *, ours: bool) -> None:
    shown = str(path)
    # This machine's file is treated as the game treats it (a damaged one moved aside);
    # a file brought from elsewhere is left exactly as it is.
    # Nor is anything created beside it (mode=ro makes a WAL file's -shm and -wal).
    with ProgressStore.open_readonly(path, move_damaged=ours, untouched=not ours) as store:
        if store.foreign:
            found.problems.append(Problem(shown, _("not a ClaimSort progress file")))
            return
        if store.warning:  # damaged, too new, unreadable: the store is empty
            found.problems.append(Problem(shown, store.warning))
            return
        read = 0
        try:
            sessions = {s.id: s for s in store.sessions()}
            found.pack_paths.update(store.pack_paths())
            for record in store.iter_answers(player=filters.player, pack_id=filters.pack):
                read += 1
                answer = _from_record(record, sessions.get(record.session_id or -1))
                why = answer_problem(answer)
                if why is not None:
                    message = _("answer {id}: {problem}").format(id=record.id, problem=why)
                    found.problems.append(Problem(shown, message))
                    continue
                found.add(answer, filters)
        except StoreError as error:
            found.problems.append(
                Problem(shown, _("cannot read it: {reason}").format(reason=error))
            )
            return
        if store.warning:  # rows left out, as the stats leave them out
            found.problems.append(Problem(shown, store.warning))
        if not ours and not sessions and not read:
            found.problems.append(Problem(shown, _("holds no ClaimSort answers")))
            return
        found.files += 1


def _from_record(record: AnswerRecord, session: SessionRecord | None) -> ReportAnswer:
    return ReportAnswer(
        player=record.player,
        pack_id=record.pack_id,
        pack_hash=record.pack_hash,
        claim_id=record.claim_id,
        chosen=record.chosen,
        correct=record.correct,
        hinted=record.hinted,
        seconds=record.seconds,
        answered_at=record.answered_at,
        class_name=session.class_name if session is not None else None,
        confidence=record.confidence,
    )


def _read_export(path: Path, found: Collection, filters: Filters) -> None:
    from game.export import NotAnExportError, RowProblem, read_export

    shown = str(path)
    rows: Iterator[ReportAnswer | RowProblem] = read_export(path)
    try:
        first = True
        for row in rows:
            if first:
                found.files += 1
                first = False
            if isinstance(row, RowProblem):
                found.problems.append(Problem(shown, row.message, row.line))
            else:
                found.add(row, filters)
        if first:  # a header and no rows: still a file read
            found.files += 1
    except NotAnExportError as error:
        found.problems.append(Problem(shown, str(error), 1))
    except UnicodeDecodeError:
        found.problems.append(
            Problem(shown, _("not a ClaimSort export or progress database (not UTF-8 text)"))
        )
    except OSError as error:
        found.problems.append(
            Problem(shown, _("cannot read it: {reason}").format(reason=error.strerror or error))
        )
