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

from game.progress import ProgressStore, SessionRecord
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
        for session in store.sessions_after(self._last_session):
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
        counted = 0
        while True:
            batch = store.answers_after(self._last_answer)
            if not batch:
                return counted
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


def students_lines(live: LiveClass, *, anonymize: bool = False, limit: int = 60) -> list[str]:
    """Who has joined and how far each is, one line each, in the order they joined."""
    from game.i18n import _
    from game.text import printable

    lines = []
    ordered = sorted(live.students.values(), key=lambda s: (s.joined_at, s.player))
    for n, student in enumerate(ordered, 1):
        name = _("Student {n}").format(n=n) if anonymize else printable(student.player, 24)
        far = f"{student.done}/{student.claims}" if student.claims else f"{student.done}"
        share = f"{student.right / student.done:.0%}" if student.done else "—"
        pack = printable(student.pack_id or _("review"), 30)
        lines.append(f"{name:<24} {far:>7} {share:>5}  {pack}")
    return lines[:limit]


def claims_lines(live: LiveClass, labels: dict[str, str] | None = None) -> list[str]:
    """Each claim's tally so far, lowest share right first."""
    from game.text import printable

    lines = []
    for claim in live.hardest():
        wrong = ", ".join(
            f"{k} {printable((labels or {}).get(c, c), 12)}"
            for c, k in claim.chosen.most_common()
            if c != claim.correct
        )
        lines.append(
            f"{printable(claim.claim_id, 30):<30} {claim.right:>3}/{claim.n:<3} "
            f"{claim.right / claim.n:>4.0%}  {wrong}"
        )
    return lines
