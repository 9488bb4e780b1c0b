"""The class as it plays, for the teacher's live view (`claimsort report --live`).

`LiveClass` follows the progress store: each `refresh()` reads only the sessions and
answers written since the last one (by row id, a short read on the primary key through
a read-only connection, so the students' games never wait on it), and adds them to the
tallies: who has joined, how far each student is in their pack, and each claim's first
attempts so far.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from game.progress import AnswerRecord, ProgressStore, SessionRecord
from game.report.sources import Filters

REFRESH_SECONDS = 1.5
"""How often the live view looks for new answers."""


@dataclass
class LiveStudent:
    player: str
    pack_id: str | None
    joined_at: datetime
    claims: int | None = None
    """Claims in the pack they play, when the pack is known."""
    answered: set[tuple[str, str]] = field(default_factory=set)
    """(pack id, claim id) of each claim answered."""
    right: int = 0

    @property
    def done(self) -> int:
        return len(self.answered)


@dataclass
class LiveClaim:
    claim_id: str
    correct: str
    n: int = 0
    right: int = 0
    chosen: Counter[str] = field(default_factory=Counter)


@dataclass
class LiveClass:
    """The tallies so far; `refresh(store)` adds what was written since the last call."""

    filters: Filters = field(default_factory=Filters)
    claim_counts: dict[str, int] = field(default_factory=dict)
    """Pack id -> how many claims it has (from the packs found), for "how far"."""
    students: dict[str, LiveStudent] = field(default_factory=dict)
    claims: dict[tuple[str, str], LiveClaim] = field(default_factory=dict)
    _sessions: dict[int, SessionRecord] = field(default_factory=dict)
    _last_session: int = 0
    _last_answer: int = 0

    def refresh(self, store: ProgressStore) -> int:
        """Read what is new; returns how many new answers were counted."""
        counted = 0
        while True:
            # Sessions and answers from one snapshot: an answer read in a later one than
            # its session's would find no session, and be passed over for good.
            sessions, batch = store.written_after(self._last_session, self._last_answer)
            self._add_sessions(sessions)
            if not batch:
                return counted
            counted += self._add_answers(batch)

    def _add_sessions(self, sessions: list[SessionRecord]) -> None:
        for session in sessions:
            self._last_session = session.id
            self._sessions[session.id] = session
            if not self._keeps_session(session):
                continue
            student = self.students.get(session.player)
            if student is None or session.pack_id is not None:
                claims = self.claim_counts.get(session.pack_id or "")
                if student is None:
                    self.students[session.player] = LiveStudent(
                        session.player, session.pack_id, session.started_at, claims
                    )
                else:
                    student.pack_id, student.claims = session.pack_id, claims

    def _add_answers(self, batch: list[AnswerRecord]) -> int:
        counted = 0
        for record in batch:
            self._last_answer = record.id
            played = self._sessions.get(record.session_id or -1)
            if played is None or not self._keeps_session(played):
                continue
            if self.filters.pack is not None and record.pack_id != self.filters.pack:
                continue
            student = self.students[played.player]
            if (record.pack_id, record.claim_id) in student.answered:
                continue  # practice: only the first attempt is tallied
            student.answered.add((record.pack_id, record.claim_id))
            student.right += record.is_right
            claim = self.claims.get((record.pack_id, record.claim_id))
            if claim is None:
                claim = LiveClaim(record.claim_id, record.correct)
                self.claims[record.pack_id, record.claim_id] = claim
            claim.n += 1
            claim.right += record.is_right
            claim.chosen[record.chosen] += 1
            counted += 1
        return counted

    def _keeps_session(self, session: SessionRecord) -> bool:
        f = self.filters
        return (
            (f.since is None or session.started_at >= f.since)
            and (f.player is None or session.player == f.player)
            and (f.class_name is None or session.class_name == f.class_name)
        )

    def hardest(self) -> list[LiveClaim]:
        """The claims answered so far, lowest share right first."""
        ordered = sorted(self.claims.items(), key=lambda kv: (kv[1].right / kv[1].n, kv[0]))
        return [claim for _key, claim in ordered]


NAME_WIDTH = 24
"""At most this many characters of a student's name are shown (and of a claim's id, 30)."""
CLAIM_WIDTH = 30


def packs_played(live: LiveClass) -> list[str]:
    """The packs the students play, by id (a review round has none)."""
    return sorted({s.pack_id for s in live.students.values() if s.pack_id is not None})


def students_table(
    live: LiveClass, *, anonymize: bool = False, limit: int = 60
) -> tuple[str, list[str]]:
    """Who has joined and how far each is: a heading and one line each, in the order
    they joined (at most `limit`, then a line saying how many more). Columns as wide as
    their longest value; the pack each plays only when they play more than one."""
    from game.i18n import _, ngettext
    from game.text import printable

    ordered = sorted(live.students.values(), key=lambda s: (s.joined_at, s.player))
    names = [
        _("Student {n}").format(n=n) if anonymize else printable(s.player, NAME_WIDTH)
        for n, s in enumerate(ordered, 1)
    ]
    heads = (_("student"), _("answered"), _("right"))
    width = max([len(heads[0]), *map(len, names)])
    far = [f"{s.done}/{s.claims}" if s.claims else f"{s.done}" for s in ordered]
    far_width = max([len(heads[1]), *map(len, far)])
    several = len(packs_played(live)) > 1
    heading = f"{heads[0]:<{width}}  {heads[1]:>{far_width}}  {heads[2]:>5}"
    if several:
        heading += "  " + _("pack")
    lines = []
    for name, done, student in zip(names, far, ordered, strict=True):
        share = f"{student.right / student.done:.0%}" if student.done else "—"
        line = f"{name:<{width}}  {done:>{far_width}}  {share:>5}"
        if several:
            line += "  " + printable(student.pack_id or _("review"), 30)
        lines.append(line)
    if len(lines) > limit:
        more = len(lines) - limit
        lines = [*lines[:limit], ngettext("… and {n} more", "… and {n} more", more).format(n=more)]
    return heading, lines


def students_lines(live: LiveClass, *, anonymize: bool = False, limit: int = 60) -> list[str]:
    """`students_table`'s lines, without its heading."""
    return students_table(live, anonymize=anonymize, limit=limit)[1]


def claims_table(
    live: LiveClass, labels: dict[str, str] | None = None, *, width: int | None = None
) -> tuple[str, list[str]]:
    """Each claim's tally so far, lowest share right first: a heading and a line each.
    Within `width` columns: a line longer puts the wrong answers chosen on a line of
    their own, and a claim id too long for its figures beside it is put above them."""
    from game.i18n import _
    from game.text import printable

    claims = live.hardest()
    ids = [printable(claim.claim_id, CLAIM_WIDTH) for claim in claims]
    heads = (_("claim"), _("right"), _("wrong answers chosen"))
    id_width = max([len(heads[0]), *map(len, ids)])
    tallies = [f"{claim.right}/{claim.n}" for claim in claims]
    tally_width = max([len(heads[1]) - 6, *map(len, tallies)])
    heading = f"{heads[0]:<{id_width}}  {heads[1]:>{tally_width + 6}}  {heads[2]}"
    # Narrower than a line's figures: each claim's id on a line of its own, above them.
    narrow = width is not None and id_width + tally_width + 8 > width
    if narrow:
        heading = f"{heads[0]}\n  {heads[1]} · {heads[2]}"
    elif width is not None and len(heading) > width:
        heading = f"{heads[0]:<{id_width}}  {heads[1]:>{tally_width + 6}}\n  {heads[2]}"
    lines = []
    for shown, tally, claim in zip(ids, tallies, claims, strict=True):
        wrong = ", ".join(
            f"{k} {printable((labels or {}).get(c, c), 12)}"
            for c, k in claim.chosen.most_common()
            if c != claim.correct
        )
        share = f"{claim.right / claim.n:.0%}"
        if narrow:
            lines.append(printable(claim.claim_id, max(CLAIM_WIDTH, width or 0)))
            line = f"  {tally:>{tally_width}} {share:>4}"
        else:
            line = f"{shown:<{id_width}}  {tally:>{tally_width}} {share:>5}"
        if wrong and width is not None and len(line) + 2 + len(wrong) > width:
            lines += [line, "  " + wrong]
        else:
            lines.append(f"{line}  {wrong}".rstrip())
    return heading, lines


def claims_lines(live: LiveClass, labels: dict[str, str] | None = None) -> list[str]:
    """`claims_table`'s lines, without its heading, one per claim."""
    return claims_table(live, labels)[1]
